"""Training records of the plans area that have a page, a history and attachments (das.records)."""

from das import records
from training import permissions
from training.models import PlanAction, TrainingPlan

records.register_page(
    TrainingPlan,
    read=permissions.ACCESS,
    edit=permissions.MANAGE_PLAN,
    detail="training:plan_detail",
    listing="training:plan_list",
)
# An action is listed on its plan's page.
records.register_page(
    PlanAction,
    read=permissions.ACCESS,
    edit=permissions.MANAGE_PLAN,
    detail="training:action_detail",
    listing="training:plan_list",
)
