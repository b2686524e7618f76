"""Communication records of the showcase area that have a page, a history and attachments (das.records)."""

from communication import permissions
from communication.models import AchievementSheet
from das import records

records.register_page(
    AchievementSheet,
    read=permissions.ACCESS,
    edit=permissions.MANAGE_SHOWCASE,
    detail="communication:sheet_detail",
    listing="communication:sheet_list",
)
