"""Partners are saved through here: scope, duplicates and the model's own rules are checked in one place."""

from django.core.exceptions import PermissionDenied

from das import permissions, selectors
from das.services.records import record_save


class PossibleDuplicates(Exception):
    """Partners that look like this one; saving needs the agent's confirmation that it is another one."""

    def __init__(self, duplicates):
        super().__init__("possible duplicates")
        self.duplicates = duplicates


def partner_save(*, partner, by, confirmed_not_duplicate: bool = False):
    decision = permissions.can_edit_partner(by, partner)
    if not decision:
        raise PermissionDenied(decision.reason)
    partner.clean()  # normalises the RIB before comparing identifiers
    duplicates = selectors.partner_duplicates(
        name=partner.name,
        ice=partner.ice,
        rib=partner.rib,
        receipt_number=partner.receipt_number,
        trade_register=partner.trade_register,
        exclude_pk=partner.pk,
    )
    if duplicates and not confirmed_not_duplicate:
        raise PossibleDuplicates(duplicates)
    return record_save(instance=partner, by=by)
