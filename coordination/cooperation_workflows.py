"""The lifecycles of the cooperation programme and of its activities, as data (das.workflow): each transition, its
source states, its target, its label and the permission it needs. The services of coordination.services.cooperation
run them under the row's lock.

Programme: en préparation → en cours → clôturé; en cours ↔ suspendu, each way with a reason. A programme closes only
once no activity is programmée or en cours and every report due to the partner is submitted.
Activity: programmée → en cours → achevée; programmée or en cours → annulée, with a reason.
"""

from django.utils.translation import gettext_lazy, ngettext

from coordination import permissions
from coordination.models import CooperationActivity, CooperationProgramme
from das.workflow import Transition, Workflow, reason_required

Status = CooperationProgramme.Status
ActivityStatus = CooperationActivity.Status
OPEN_ACTIVITY = (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS)


_reason_given = reason_required()


def closing_blockers(open_activities: int, pending_reports: int) -> list[str]:
    """Why a programme cannot close yet (also shown under the disabled button on its page)."""
    reasons = []
    if open_activities:
        reasons.append(
            ngettext(
                "%(count)s activité est encore programmée ou en cours : achevez-la ou annulez-la avant de clôturer.",
                "%(count)s activités sont encore programmées ou en cours : achevez-les ou annulez-les avant de "
                "clôturer.",
                open_activities,
            )
            % {"count": open_activities}
        )
    if pending_reports:
        reasons.append(
            ngettext(
                "%(count)s rapport dû au partenaire n'est pas remis : saisissez sa remise avant de clôturer.",
                "%(count)s rapports dus au partenaire ne sont pas remis : saisissez leur remise avant de clôturer.",
                pending_reports,
            )
            % {"count": pending_reports}
        )
    return reasons


def _programme_settled(programme, **_kwargs) -> list[str]:
    open_activities = programme.activities.filter(status__in=OPEN_ACTIVITY).count()
    pending_reports = programme.reports.filter(submitted_on__isnull=True).count()
    return closing_blockers(open_activities, pending_reports)


PROGRAMME_WORKFLOW = Workflow(
    CooperationProgramme,
    [
        Transition(
            "start",
            frozenset({Status.PREPARATION}),
            Status.IN_PROGRESS,
            gettext_lazy("Démarrer le programme"),
            permissions.MANAGE_COOPERATION,
            style="primary",
        ),
        Transition(
            "suspend",
            frozenset({Status.IN_PROGRESS}),
            Status.SUSPENDED,
            gettext_lazy("Suspendre le programme"),
            permissions.MANAGE_COOPERATION,
            guard=_reason_given,
            style="warning",
        ),
        Transition(
            "resume",
            frozenset({Status.SUSPENDED}),
            Status.IN_PROGRESS,
            gettext_lazy("Reprendre le programme"),
            permissions.MANAGE_COOPERATION,
            guard=_reason_given,
            style="success",
        ),
        Transition(
            "close",
            frozenset({Status.IN_PROGRESS}),
            Status.CLOSED,
            gettext_lazy("Clôturer le programme"),
            permissions.MANAGE_COOPERATION,
            guard=_programme_settled,
            style="danger",
        ),
    ],
)


ACTIVITY_WORKFLOW = Workflow(
    CooperationActivity,
    [
        Transition(
            "start",
            frozenset({ActivityStatus.PLANNED}),
            ActivityStatus.IN_PROGRESS,
            gettext_lazy("Démarrer l'activité"),
            permissions.MANAGE_COOPERATION,
            style="primary",
        ),
        Transition(
            "complete",
            frozenset({ActivityStatus.IN_PROGRESS}),
            ActivityStatus.COMPLETED,
            gettext_lazy("Marquer l'activité achevée"),
            permissions.MANAGE_COOPERATION,
            style="success",
        ),
        Transition(
            "cancel",
            frozenset({ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS}),
            ActivityStatus.CANCELLED,
            gettext_lazy("Annuler l'activité"),
            permissions.MANAGE_COOPERATION,
            guard=_reason_given,
            style="danger",
        ),
    ],
)
