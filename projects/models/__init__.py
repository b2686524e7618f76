from projects.models.calls import (
    CallAmendment,
    CallCommune,
    CallDocument,
    CallForProjects,
    CallLocality,
    EligibilityCriterion,
    SelectionCriterion,
)

__all__ = [
    "CallAmendment",
    "CallCommune",
    "CallDocument",
    "CallForProjects",
    "CallLocality",
    "EligibilityCriterion",
    "SelectionCriterion",
]
