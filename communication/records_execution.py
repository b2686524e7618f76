"""Communication records of the execution area that have a page, a history and attachments (das.records)."""

from django.urls import reverse

from communication import permissions
from communication.models import ActionRealisation
from das import records


def _can_edit(user, realisation=None):
    # Photos change, from the shared attachments page as from the realisation's, only while the plan is in execution.
    if realisation is None:
        return records.code_predicate(permissions.MANAGE_PLAN)(user)
    return permissions.can_record_realisation(user, realisation.action)


# A realisation's page is addressed by its action (one realisation per action); its history page shows the journal
# of the realisation itself (date, place, cost, partners…), and its photos are its attachments.
records.register(
    ActionRealisation,
    can_view=records.code_predicate(permissions.ACCESS),
    can_edit=_can_edit,
    url=lambda obj: reverse("communication:realisation_detail", args=[obj.action_id]),
    list_url="communication:index",
)
