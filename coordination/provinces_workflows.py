"""Lifecycles of the provinces area as data (das.workflow), run by the services of coordination.services.provinces.

Joint project: en préparation → convenu (the shares add up to the total cost, at least two provinces) → en cours →
achevé; abandoned from any open state, with a reason.
Coordination meeting: planifiée → tenue (minutes written, the date not in the future) or annulée (with a reason).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.models import CoordinationMeeting, JointProject
from coordination.permissions import MANAGE_PROVINCES
from das.formatting import format_money
from das.workflow import Transition, Workflow, reason_required

Status = JointProject.Status
MeetingStatus = CoordinationMeeting.Status


def _shares_agreed(project, **_kwargs) -> list[str]:
    """The shares cover exactly the total cost, and at least two provinces take part."""
    amounts = list(project.shares.values_list("amount", flat=True))
    reasons = []
    if len(amounts) < 2:
        reasons.append(_("Un projet commun associe au moins deux provinces : saisissez la part de chacune."))
    distributed = sum(amounts)
    if distributed != project.total_cost:
        reasons.append(
            _("Les parts (%(shares)s) doivent égaler le coût global (%(total)s) : reste à répartir %(rest)s.")
            % {
                "shares": format_money(distributed),
                "total": format_money(project.total_cost),
                "rest": format_money(project.total_cost - distributed),
            }
        )
    return reasons


_reason_given = reason_required()


def _minutes_ready(meeting, *, minutes="", date=None, **_kwargs) -> list[str]:
    reasons = []
    if not (minutes or "").strip():
        reasons.append(_("Rédigez le procès-verbal de la réunion."))
    held_on = date or meeting.date
    if held_on > timezone.localdate():
        reasons.append(_("La réunion n'a pas encore eu lieu : le procès-verbal s'établit après la date de la réunion."))
    return reasons


JOINT_PROJECT_WORKFLOW = Workflow(
    JointProject,
    [
        Transition(
            "agree",
            frozenset({Status.PREPARATION}),
            Status.AGREED,
            gettext_lazy("Convenu entre les provinces"),
            MANAGE_PROVINCES,
            _shares_agreed,
            "success",
        ),
        Transition(
            "start",
            frozenset({Status.AGREED}),
            Status.IN_PROGRESS,
            gettext_lazy("Démarrer le projet"),
            MANAGE_PROVINCES,
        ),
        Transition(
            "complete",
            frozenset({Status.IN_PROGRESS}),
            Status.COMPLETED,
            gettext_lazy("Marquer achevé"),
            MANAGE_PROVINCES,
            style="success",
        ),
        Transition(
            "abandon",
            frozenset({Status.PREPARATION, Status.AGREED, Status.IN_PROGRESS}),
            Status.ABANDONED,
            gettext_lazy("Abandonner le projet"),
            MANAGE_PROVINCES,
            _reason_given,
            "outline-danger",
        ),
    ],
)

MEETING_WORKFLOW = Workflow(
    CoordinationMeeting,
    [
        Transition(
            "minutes",
            frozenset({MeetingStatus.PLANNED}),
            MeetingStatus.HELD,
            gettext_lazy("Établir le procès-verbal"),
            MANAGE_PROVINCES,
            _minutes_ready,
            "success",
        ),
        Transition(
            "cancel",
            frozenset({MeetingStatus.PLANNED}),
            MeetingStatus.CANCELLED,
            gettext_lazy("Annuler la réunion"),
            MANAGE_PROVINCES,
            _reason_given,
            "outline-danger",
        ),
    ],
)
