"""Communication records of the plans area that have a page, a history and attachments (das.records)."""

from communication import permissions
from communication.models import CommunicationAction, CommunicationPlan
from das import records

records.register_page(
    CommunicationPlan,
    read=permissions.ACCESS,
    edit=permissions.MANAGE_PLAN,
    detail="communication:plan_detail",
    listing="communication:plan_list",
)
# An action is listed on its plan's page.
records.register_page(
    CommunicationAction,
    read=permissions.ACCESS,
    edit=permissions.MANAGE_PLAN,
    detail="communication:action_detail",
    listing="communication:plan_list",
)
