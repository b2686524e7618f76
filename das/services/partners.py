"""Partners: saved through here so that a scoped agent cannot file a partner outside its communes."""

from django.core.exceptions import PermissionDenied

from das import permissions
from das.services.records import record_save


def partner_save(*, partner, by):
    decision = permissions.can_edit_partner(by, partner)
    if not decision:
        raise PermissionDenied(decision.reason)
    return record_save(instance=partner, by=by)
