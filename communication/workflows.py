"""The yearly proximity-communication plan's lifecycle as data: each transition, its source states, its target, its
label and the permission it needs. The services of communication.services.plans run them (das.workflow: row lock,
permission, state, guard, journal).

brouillon → valide (the chef) → en_execution (the service) → cloture (the service); the chef may send a validated
plan back to the draft, with a reason.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from communication import permissions
from communication.models import CommunicationAction, CommunicationPlan
from das.workflow import Transition, Workflow, reason_required

Status = CommunicationPlan.Status


def _actions_ready(plan, **_kwargs) -> list[str]:
    """At least one action, each planned inside the plan's year."""
    actions = list(plan.actions.values_list("number", "planned_on"))
    if not actions:
        return [_("Le plan ne compte aucune action : ajoutez-en au moins une avant de le valider.")]
    outside = [number for number, day in actions if day.year != plan.year]
    if outside:
        return [
            _("Actions n° %(numbers)s : leur date prévue n'est pas dans l'année du plan (%(year)s).")
            % {"numbers": ", ".join(str(number) for number in sorted(outside)), "year": plan.year}
        ]
    return []


_reason_given = reason_required(gettext_lazy("Indiquez le motif du renvoi en brouillon."))


def _all_actions_settled(plan, *, closing_note="", **_kwargs) -> list[str]:
    """Every action is réalisée or annulée, and the closing note is written."""
    reasons = []
    planned = plan.actions.filter(status=CommunicationAction.Status.PLANNED).count()
    if planned:
        reasons.append(
            ngettext(
                "%(count)s action est encore « prévue » : saisissez sa réalisation ou annulez-la avant de clôturer "
                "le plan.",
                "%(count)s actions sont encore « prévues » : saisissez leur réalisation ou annulez-les avant de "
                "clôturer le plan.",
                planned,
            )
            % {"count": planned}
        )
    if not (closing_note or "").strip():
        reasons.append(_("Rédigez le bilan de clôture du plan."))
    return reasons


PLAN_WORKFLOW = Workflow(
    CommunicationPlan,
    [
        Transition(
            "validate",
            frozenset({Status.DRAFT}),
            Status.VALIDATED,
            gettext_lazy("Valider le plan"),
            permissions.VALIDATE_PLAN,
            guard=_actions_ready,
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
        Transition(
            "start",
            frozenset({Status.VALIDATED}),
            Status.IN_PROGRESS,
            gettext_lazy("Mettre en exécution"),
            permissions.MANAGE_PLAN,
            style="primary",
        ),
        Transition(
            "close",
            frozenset({Status.IN_PROGRESS}),
            Status.CLOSED,
            gettext_lazy("Clôturer le plan"),
            permissions.MANAGE_PLAN,
            guard=_all_actions_settled,
            style="danger",
        ),
    ],
)
