from projects.models.calls import (
    CallAmendment,
    CallCommune,
    CallDocument,
    CallForProjects,
    CallLocality,
    EligibilityCriterion,
    SelectionCriterion,
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

__all__ = [
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
]
