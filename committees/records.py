"""The committees' records that have a history page and attachments, and who may see or change them."""

from committees import permissions as perms
from committees.models import Committee, Feedback, Meeting
from das import records

records.register_page(
    Committee,
    read=perms.ACCESS,
    edit=perms.MANAGE_COMMITTEES,
    detail="committees:committee_detail",
    listing="committees:committee_list",
)
records.register_page(
    Meeting,
    read=perms.ACCESS,
    edit=perms.MANAGE_MEETINGS,
    detail="committees:meeting_detail",
    listing="committees:meeting_list",
)
records.register_page(
    Feedback,
    read=perms.ACCESS,
    edit=perms.MANAGE_FEEDBACK,
    detail="committees:feedback_detail",
    listing="committees:feedback_list",
)
