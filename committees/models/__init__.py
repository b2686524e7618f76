from committees.models.committees import Committee, Member
from committees.models.feedback import Feedback
from committees.models.meetings import (
    AgendaItem,
    Attendance,
    Decision,
    DecisionAction,
    Meeting,
    Rectification,
)

__all__ = [
    "AgendaItem",
    "Attendance",
    "Committee",
    "Decision",
    "DecisionAction",
    "Feedback",
    "Meeting",
    "Member",
    "Rectification",
]
