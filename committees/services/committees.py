"""Committees and their members."""

from django.utils.translation import gettext as _

from committees import permissions as perms
from committees.models import Committee, Member
from das import permissions
from das.services.records import record_save


def committee_save(*, committee: Committee, by) -> Committee:
    permissions.demand(by, perms.MANAGE_COMMITTEES, _("Votre rôle ne permet pas de gérer les comités."))
    return record_save(instance=committee, by=by)


def member_save(*, member: Member, by) -> Member:
    permissions.demand(by, perms.MANAGE_COMMITTEES, _("Votre rôle ne permet pas de gérer les membres des comités."))
    return record_save(instance=member, by=by)
