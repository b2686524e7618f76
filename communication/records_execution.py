"""Communication records of the execution area that have a page, a history and attachments (das.records)."""

from django.urls import reverse

from communication import permissions
from communication.models import ActionRealisation
from das import records

# A realisation's page is addressed by its action (one realisation per action); its history page shows the journal
# of the realisation itself (date, place, cost, partners…), and its photos are its attachments.
records.register(
    ActionRealisation,
    can_view=records.code_predicate(permissions.ACCESS),
    can_edit=records.code_predicate(permissions.MANAGE_PLAN),
    url=lambda obj: reverse("communication:realisation_detail", args=[obj.action_id]),
    list_url="communication:index",
)
