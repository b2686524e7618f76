"""Communication records of the showcase area that have a page, a history and attachments (das.records).

A fiche's attachments are its photos: they change only while the fiche is a draft, from the fiche's page or from the
shared attachments page alike."""

from django.urls import reverse

from communication import permissions
from communication.models import AchievementSheet
from das import records


def _can_edit(user, sheet=None):
    return permissions.can_edit_sheet(user, sheet) if sheet is not None else permissions.can_manage_showcase(user)


records.register(
    AchievementSheet,
    can_view=records.code_predicate(permissions.ACCESS),
    can_edit=_can_edit,
    url=lambda sheet: reverse("communication:sheet_detail", args=[sheet.pk]),
    list_url="communication:sheet_list",
)
