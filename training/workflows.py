"""The yearly training plan's lifecycle as data: each transition, its source states, its target, its label and the
permission it needs. The services of training.services.plans run them (das.workflow: row lock, permission, state,
guard, journal).

brouillon → valide (the chef) → presente_cpdh (the CPDH's approval, training.agenda) → en_execution → cloture;
the chef may send a validated plan back to the draft, and a CPDH rejection does the same.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees import permissions as committee_perms
from das.workflow import Transition, Workflow, reason_required
from training import permissions
from training.models import TrainingPlan

Status = TrainingPlan.Status


def _has_actions(plan, **_kwargs) -> list[str]:
    if not plan.actions.exists():
        return [_("Le plan ne compte aucune action : ajoutez-en au moins une avant de le valider.")]
    return []


_reason_given = reason_required(gettext_lazy("Indiquez le motif du renvoi en brouillon."))


def _no_open_sessions(plan, *, closing_note="", **_kwargs) -> list[str]:
    from training.models import TrainingSession

    reasons = []
    open_count = TrainingSession.objects.filter(action__plan=plan, status__in=TrainingSession.OPEN_STATUSES).count()
    if open_count:
        reasons.append(
            _(
                "%(count)s session(s) du plan sont encore planifiées ou tenues sans être clôturées : clôturez-les "
                "ou annulez-les avant de clôturer le plan."
            )
            % {"count": open_count}
        )
    if not (closing_note or "").strip():
        reasons.append(_("Rédigez le bilan de clôture du plan."))
    return reasons


PLAN_WORKFLOW = Workflow(
    TrainingPlan,
    [
        Transition(
            "validate",
            frozenset({Status.DRAFT}),
            Status.VALIDATED,
            gettext_lazy("Valider le plan"),
            permissions.VALIDATE_PLAN,
            guard=_has_actions,
            style="success",
        ),
        Transition(
            "reopen",
            frozenset({Status.VALIDATED}),
            Status.DRAFT,
            gettext_lazy("Renvoyer en brouillon"),
            permissions.VALIDATE_PLAN,
            guard=_reason_given,
            style="warning",
        ),
        # Carried out from the CPDH's meeting (training.agenda) by whoever records its decisions.
        Transition(
            "cpdh_approve",
            frozenset({Status.VALIDATED}),
            Status.PRESENTED,
            gettext_lazy("Enregistrer l'approbation du CPDH"),
            committee_perms.MANAGE_MEETINGS,
        ),
        Transition(
            "cpdh_reject",
            frozenset({Status.VALIDATED}),
            Status.DRAFT,
            gettext_lazy("Enregistrer le rejet du CPDH"),
            committee_perms.MANAGE_MEETINGS,
        ),
        Transition(
            "start",
            frozenset({Status.PRESENTED}),
            Status.IN_PROGRESS,
            gettext_lazy("Mettre en exécution"),
            permissions.MANAGE_PLAN,
        ),
        Transition(
            "close",
            frozenset({Status.IN_PROGRESS}),
            Status.CLOSED,
            gettext_lazy("Clôturer le plan"),
            permissions.MANAGE_PLAN,
            guard=_no_open_sessions,
            style="danger",
        ),
    ],
)
# The transitions a plan's page offers (the CPDH's are carried out from its meeting).
PAGE_TRANSITIONS = ("validate", "reopen", "start", "close")
