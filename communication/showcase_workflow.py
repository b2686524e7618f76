"""The fiche de réalisation's lifecycle as data (das.workflow): the service submits a draft, the chef approves it
(published) or sends it back with a reason, the service or the chef withdraws a published fiche with a reason, and
the service takes a withdrawn fiche back to the draft. communication.services.showcase runs them.

brouillon → soumise → publiee → retiree → brouillon; soumise → brouillon (the chef's return).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communication import permissions
from communication.models import AchievementSheet, SheetPhoto
from das.workflow import Transition, Workflow, reason_required

Status = AchievementSheet.Status


def _ready(sheet, **_kwargs) -> list[str]:
    reasons = []
    if not (sheet.summary or "").strip():
        reasons.append(_("Rédigez la présentation du projet avant de soumettre la fiche."))
    if not sheet.photos.filter(moment=SheetPhoto.Moment.AFTER).exists():
        reasons.append(_("Ajoutez au moins une photo « après » avant de soumettre la fiche."))
    return reasons


_reason_given = reason_required()


SHEET_WORKFLOW = Workflow(
    AchievementSheet,
    [
        Transition(
            "submit",
            frozenset({Status.DRAFT}),
            Status.SUBMITTED,
            gettext_lazy("Soumettre au chef"),
            permissions.MANAGE_SHOWCASE,
            guard=_ready,
        ),
        Transition(
            "approve",
            frozenset({Status.SUBMITTED}),
            Status.PUBLISHED,
            gettext_lazy("Approuver et publier"),
            permissions.APPROVE_SHOWCASE,
            style="success",
        ),
        Transition(
            "return",
            frozenset({Status.SUBMITTED}),
            Status.DRAFT,
            gettext_lazy("Renvoyer en brouillon"),
            permissions.APPROVE_SHOWCASE,
            guard=_reason_given,
            style="warning",
        ),
        Transition(
            "withdraw",
            frozenset({Status.PUBLISHED}),
            Status.WITHDRAWN,
            gettext_lazy("Retirer la fiche"),
            (permissions.MANAGE_SHOWCASE, permissions.APPROVE_SHOWCASE),
            guard=_reason_given,
            style="danger",
        ),
        Transition(
            "redraft",
            frozenset({Status.WITHDRAWN}),
            Status.DRAFT,
            gettext_lazy("Reprendre en brouillon"),
            permissions.MANAGE_SHOWCASE,
            style="secondary",
        ),
    ],
)
# The transitions that ask for a reason (a form on the fiche's page).
REASON_TRANSITIONS = ("return", "withdraw")
