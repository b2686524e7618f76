from projects.models.amendments import Amendment, AmendmentParty, AmendmentReturn, AmendmentTranche
from projects.models.calls import (
    CallAmendment,
    CallCommune,
    CallDocument,
    CallForProjects,
    CallLocality,
    EligibilityCriterion,
    SelectionCriterion,
)
from projects.models.conventions import (
    Convention,
    ConventionArticle,
    ConventionParty,
    ConventionReturn,
    ConventionTemplate,
    ConventionTemplateArticle,
)
from projects.models.credits import AllocationLine, CreditAllocation, CreditNotification
from projects.models.dossiers import (
    Dossier,
    DossierPiece,
    EligibilityCheck,
    Evaluation,
    PartnerContribution,
    Preselection,
    Score,
)
from projects.models.execution import (
    CommissionVisit,
    Indicator,
    IndicatorValue,
    ProgressEntry,
    ProgressPhoto,
    ProjectIndicator,
    VisitMember,
)
from projects.models.ildh import ILDH, ILDHMember
from projects.models.procurement import Procurement
from projects.models.projects import Project, ProjectBeneficiaries, ProjectFunding, ProjectTerritory
from projects.models.proximity import (
    ProximityAction,
    ProximityBeneficiaries,
    ProximityCommune,
    ProximityFunding,
    ProximityPartner,
)
from projects.models.reports import ReportArchive
from projects.models.territorial import TerritorialIndicator, TerritorialIndicatorValue
from projects.models.tranches import Payment, Tranche

__all__ = [
    "ReportArchive",
    "TerritorialIndicator",
    "TerritorialIndicatorValue",
    "AllocationLine",
    "CreditAllocation",
    "CreditNotification",
    "Amendment",
    "AmendmentParty",
    "AmendmentReturn",
    "AmendmentTranche",
    "Project",
    "ProjectFunding",
    "ProjectTerritory",
    "ProjectBeneficiaries",
    "ILDH",
    "ILDHMember",
    "Dossier",
    "DossierPiece",
    "EligibilityCheck",
    "Evaluation",
    "PartnerContribution",
    "Preselection",
    "Score",
    "CallAmendment",
    "CallCommune",
    "CallDocument",
    "CallForProjects",
    "CallLocality",
    "EligibilityCriterion",
    "SelectionCriterion",
    "Convention",
    "ConventionArticle",
    "ConventionParty",
    "ConventionReturn",
    "ConventionTemplate",
    "ConventionTemplateArticle",
    "ProximityAction",
    "ProximityBeneficiaries",
    "ProximityCommune",
    "ProximityFunding",
    "ProximityPartner",
    "Tranche",
    "Payment",
    "Procurement",
    "ProgressEntry",
    "ProgressPhoto",
    "CommissionVisit",
    "VisitMember",
    "Indicator",
    "ProjectIndicator",
    "IndicatorValue",
]
