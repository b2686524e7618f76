"""Reference data whose state changes are decisions: closing and reopening a fiscal year."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from das import permissions
from das.models import FiscalYear
from das.services.audit import actor_context


@transaction.atomic
def fiscal_year_set_closed(*, year: FiscalYear, closed: bool, by) -> FiscalYear:
    """Close (no more commitments on it, in later issues) or reopen a fiscal year: the head's decision."""
    if not permissions.require(by, permissions.CLOSE_FISCAL_YEAR):
        raise PermissionDenied(_("Seul le chef de division clôture ou rouvre un exercice."))
    locked = FiscalYear.objects.select_for_update().get(pk=year.pk)
    if locked.is_closed == closed:
        raise ValidationError(
            _("L'exercice %(year)s est déjà clôturé.") if closed else _("L'exercice %(year)s est déjà ouvert."),
            params={"year": locked.year},
        )
    locked.is_closed = closed
    with actor_context(by):
        locked.save(update_fields=["is_closed"])
    return locked
