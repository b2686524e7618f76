"""The committees' records that have a history page and attachments, and who may see or change them."""

from django.urls import reverse

from committees import permissions as perms
from committees.models import Committee, Feedback, Meeting
from das import records

records.register(
    Committee,
    can_view=records.code_predicate(perms.ACCESS),
    can_edit=records.code_predicate(perms.MANAGE_COMMITTEES),
    url=lambda obj: reverse("committees:committee_detail", args=[obj.pk]),
    list_url="committees:committee_list",
)
records.register(
    Meeting,
    can_view=records.code_predicate(perms.ACCESS),
    can_edit=records.code_predicate(perms.MANAGE_MEETINGS),
    url=lambda obj: reverse("committees:meeting_detail", args=[obj.pk]),
    list_url="committees:meeting_list",
)
records.register(
    Feedback,
    can_view=records.code_predicate(perms.ACCESS),
    can_edit=records.code_predicate(perms.MANAGE_FEEDBACK),
    url=lambda obj: reverse("committees:feedback_detail", args=[obj.pk]),
    list_url="committees:feedback_list",
)
