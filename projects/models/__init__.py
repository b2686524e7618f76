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
from projects.models.dossiers import (
    Dossier,
    DossierPiece,
    EligibilityCheck,
    Evaluation,
    PartnerContribution,
    Preselection,
    Score,
)
from projects.models.projects import Project, ProjectFunding
from projects.models.proximity import (
    ProximityAction,
    ProximityBeneficiaries,
    ProximityCommune,
    ProximityFunding,
    ProximityPartner,
)
from projects.models.tranches import Payment, Tranche

__all__ = [
    "Amendment",
    "AmendmentParty",
    "AmendmentReturn",
    "AmendmentTranche",
    "Project",
    "ProjectFunding",
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
]
