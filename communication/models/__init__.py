from communication.models.common import Audience
from communication.models.library import DocumentationPack, DocumentVersion, Language, LibraryDocument
from communication.models.plans import (
    ActionRealisation,
    CommunicationAction,
    CommunicationPlan,
    PressCoverage,
    RealisationAttendance,
    RealisationPhoto,
)
from communication.models.requests import CommunicationRequest
from communication.models.showcase import AchievementSheet, SheetPhoto

__all__ = [
    "AchievementSheet",
    "ActionRealisation",
    "Audience",
    "CommunicationAction",
    "CommunicationPlan",
    "CommunicationRequest",
    "DocumentVersion",
    "DocumentationPack",
    "Language",
    "LibraryDocument",
    "PressCoverage",
    "RealisationAttendance",
    "RealisationPhoto",
    "SheetPhoto",
]
