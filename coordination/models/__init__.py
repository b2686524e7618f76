from coordination.models.cooperation import (
    ActivityFollowUp,
    ActivityProject,
    CooperationActivity,
    CooperationPartner,
    CooperationProgramme,
    PartnerReport,
)
from coordination.models.crdh import CrdhDossier, CrdhRequest
from coordination.models.literacy import (
    AgeGroup,
    LiteracyCampaign,
    LiteracyCentre,
    LiteracyClass,
    LiteracyHeadcount,
    LiteracyOperation,
)
from coordination.models.provinces import (
    CoordinationAction,
    CoordinationMeeting,
    Counterpart,
    CounterpartContact,
    JointProject,
    JointProjectShare,
)
from coordination.models.studies import StudyDeliverable, TechnicalStudy

__all__ = [
    "ActivityFollowUp",
    "ActivityProject",
    "AgeGroup",
    "CooperationActivity",
    "CooperationPartner",
    "CooperationProgramme",
    "CoordinationAction",
    "CoordinationMeeting",
    "Counterpart",
    "CounterpartContact",
    "CrdhDossier",
    "CrdhRequest",
    "JointProject",
    "JointProjectShare",
    "LiteracyCampaign",
    "LiteracyCentre",
    "LiteracyClass",
    "LiteracyHeadcount",
    "LiteracyOperation",
    "PartnerReport",
    "StudyDeliverable",
    "TechnicalStudy",
]
