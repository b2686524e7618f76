"""The lifecycle of an INDH project, as a guarded, journaled transition table.

validé → conventionné (a convention signed) → en cours (actual start) → achevé (réception provisoire)
→ clôturé (réception définitive); suspendu (reason; resumes to the state it left) and abandonné (reason, the head).
A project cannot start before its convention is signed, nor close before its final reception.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from das import permissions
from das.services.audit import actor_context
from das.workflow import Transition, TransitionRefused, Workflow
from projects import permissions as project_perms
from projects.models import Convention, Project

Status = Project.Status
SIGNED_CONVENTION_STATUSES = (Convention.Status.SIGNED, Convention.Status.EXECUTING)
OPEN_STATUSES = frozenset({Status.VALIDATED, Status.CONVENTIONED, Status.IN_PROGRESS, Status.SUSPENDED})


class ProjectWorkflow(Workflow):
    """das.workflow.Workflow; ``system=True`` lets a service run a transition another service decided (the
    signature of the convention moves its project), the permission being that service's, the state and guard kept."""

    def run(self, obj, name: str, *, by, apply=None, system: bool = False, **guard_kwargs):
        transition = self.by_name[name]
        with transaction.atomic():
            locked = Project.objects.select_for_update().get(pk=obj.pk)
            if not system:
                decision = self.decide(locked, name, by)
                if not decision:
                    if not transition.allows(by):
                        raise PermissionDenied(decision.reason)
                    raise TransitionRefused(decision.reason)
            elif locked.status not in transition.sources:
                raise TransitionRefused(
                    _("Impossible depuis l'état « %(state)s ».") % {"state": locked.get_status_display()}
                )
            reasons = transition.guard(locked, **guard_kwargs) if transition.guard else []
            if reasons:
                raise TransitionRefused(reasons)
            locked.status = transition.target
            if apply:
                apply(locked)
            with actor_context(by):
                locked.full_clean()
                locked.save()
        return locked


def has_signed_convention(project: Project) -> bool:
    return project.conventions.filter(status__in=SIGNED_CONVENTION_STATUSES).exists()


def _conventioned_guard(project, **_kwargs) -> list[str]:
    if has_signed_convention(project):
        return []
    return [_("Aucune convention du projet n'est signée.")]


def _date_reasons(on, label, *, not_before=None, not_before_label="") -> list[str]:
    if on is None:
        return [_("Indiquez la date : %(field)s.") % {"field": label}]
    if on > timezone.localdate():
        return [_("La date ne peut être dans le futur.")]
    if not_before and on < not_before:
        return [_("La date précède : %(field)s (%(date)s).") % {"field": not_before_label, "date": not_before}]
    return []


def _start_guard(project, *, on=None, **_kwargs) -> list[str]:
    reasons = _conventioned_guard(project)
    signed = project.conventions.filter(status__in=SIGNED_CONVENTION_STATUSES, signed_on__isnull=False)
    first_signature = min((c.signed_on for c in signed), default=None)
    return reasons + _date_reasons(
        on, _("démarré le"), not_before=first_signature, not_before_label=_("signature de la convention")
    )


def _provisional_guard(project, *, on=None, **_kwargs) -> list[str]:
    return _date_reasons(
        on, _("réception provisoire le"), not_before=project.actual_start, not_before_label=_("démarrage")
    )


def _final_guard(project, *, on=None, **_kwargs) -> list[str]:
    if project.provisional_reception_on is None:
        return [_("La réception provisoire n'est pas enregistrée.")]
    return _date_reasons(
        on,
        _("réception définitive le"),
        not_before=project.provisional_reception_on,
        not_before_label=_("réception provisoire"),
    )


def _reason_guard(project, *, reason="", **_kwargs) -> list[str]:
    return [] if (reason or "").strip() else [_("Indiquez le motif.")]


def _resume_guard(project, **_kwargs) -> list[str]:
    if project.suspended_from_status not in (Status.CONVENTIONED, Status.IN_PROGRESS):
        return [_("L'état d'avant la suspension n'est pas connu.")]
    return []


PROJECT_WORKFLOW = ProjectWorkflow(
    Project,
    [
        Transition(
            "mark_conventionne",
            frozenset({Status.VALIDATED}),
            Status.CONVENTIONED,
            gettext_lazy("Marquer conventionné"),
            project_perms.MANAGE_DOSSIERS,
            _conventioned_guard,
            "primary",
        ),
        Transition(
            "start",
            frozenset({Status.CONVENTIONED}),
            Status.IN_PROGRESS,
            gettext_lazy("Démarrer le projet"),
            project_perms.MANAGE_DOSSIERS,
            _start_guard,
            "primary",
        ),
        Transition(
            "provisional_reception",
            frozenset({Status.IN_PROGRESS}),
            Status.COMPLETED,
            gettext_lazy("Réception provisoire"),
            project_perms.MANAGE_DOSSIERS,
            _provisional_guard,
            "success",
        ),
        Transition(
            "final_reception",
            frozenset({Status.COMPLETED}),
            Status.CLOSED,
            gettext_lazy("Réception définitive (clôture)"),
            project_perms.MANAGE_DOSSIERS,
            _final_guard,
            "success",
        ),
        Transition(
            "suspend",
            frozenset({Status.CONVENTIONED, Status.IN_PROGRESS}),
            Status.SUSPENDED,
            gettext_lazy("Suspendre"),
            project_perms.MANAGE_DOSSIERS,
            _reason_guard,
            "warning",
        ),
        Transition(
            "resume",
            frozenset({Status.SUSPENDED}),
            Status.IN_PROGRESS,  # the target actually applied is the remembered state (see project_resume)
            gettext_lazy("Reprendre"),
            project_perms.MANAGE_DOSSIERS,
            _resume_guard,
            "primary",
        ),
        Transition(
            "abandon",
            OPEN_STATUSES,
            Status.ABANDONED,
            gettext_lazy("Abandonner"),
            project_perms.APPROVE,
            _reason_guard,
            "danger",
        ),
    ],
)


# What each transition needs of the project itself, before any input (a date, a reason): the page shows the button
# disabled with these reasons instead of offering a move the guard would refuse.
PRECONDITIONS = {
    "mark_conventionne": _conventioned_guard,
    "start": _conventioned_guard,
    "final_reception": lambda project: (
        [_("La réception provisoire n'est pas enregistrée.")] if project.provisional_reception_on is None else []
    ),
    "resume": _resume_guard,
}


def blockers(project: Project, name: str) -> list[str]:
    """Why transition ``name`` would be refused now whatever is typed; [] when it may go ahead."""
    precondition = PRECONDITIONS.get(name)
    return precondition(project) if precondition else []


@transaction.atomic
def project_mark_conventionne(*, project: Project, by, system: bool = False) -> Project:
    """validé → conventionné once a convention of the project is signed (or in execution). ``system``: called by
    the signature service, whose own permission (the Governor's office) stands for this move."""
    return PROJECT_WORKFLOW.run(project, "mark_conventionne", by=by, system=system)


def on_convention_signed(convention, *, by) -> None:
    """The signature of a convention moves its project, still validé, to conventionné."""
    project = Project.objects.get(pk=convention.project_id)
    if project.status == Status.VALIDATED:
        project_mark_conventionne(project=project, by=by, system=True)


@transaction.atomic
def project_start(*, project: Project, by, on: dt.date | None) -> Project:
    def apply(locked):
        locked.actual_start = on

    return PROJECT_WORKFLOW.run(project, "start", by=by, apply=apply, on=on)


@transaction.atomic
def project_provisional_reception(*, project: Project, by, on: dt.date | None) -> Project:
    def apply(locked):
        locked.provisional_reception_on = on

    return PROJECT_WORKFLOW.run(project, "provisional_reception", by=by, apply=apply, on=on)


@transaction.atomic
def project_final_reception(*, project: Project, by, on: dt.date | None) -> Project:
    def apply(locked):
        locked.final_reception_on = on

    return PROJECT_WORKFLOW.run(project, "final_reception", by=by, apply=apply, on=on)


@transaction.atomic
def project_suspend(*, project: Project, by, reason: str) -> Project:
    state = {}

    def apply(locked):
        locked.suspended_from_status = state["from"]
        locked.status_reason = reason.strip()

    current = Project.objects.select_for_update().get(pk=project.pk)
    state["from"] = current.status
    return PROJECT_WORKFLOW.run(current, "suspend", by=by, apply=apply, reason=reason)


@transaction.atomic
def project_resume(*, project: Project, by) -> Project:
    def apply(locked):
        locked.status = locked.suspended_from_status
        locked.suspended_from_status = ""
        locked.status_reason = ""

    return PROJECT_WORKFLOW.run(project, "resume", by=by, apply=apply)


@transaction.atomic
def project_abandon(*, project: Project, by, reason: str) -> Project:
    def apply(locked):
        locked.suspended_from_status = ""
        locked.status_reason = reason.strip()

    return PROJECT_WORKFLOW.run(project, "abandon", by=by, apply=apply, reason=reason)


TRANSITION_SERVICES = {
    "mark_conventionne": project_mark_conventionne,
    "start": project_start,
    "provisional_reception": project_provisional_reception,
    "final_reception": project_final_reception,
    "suspend": project_suspend,
    "resume": project_resume,
    "abandon": project_abandon,
}


# --- Planned dates ------------------------------------------------------------------------------------------------

FINISHED_STATUSES = frozenset({Status.CLOSED, Status.ABANDONED})


@transaction.atomic
def project_set_planned_dates(
    *, project: Project, by, planned_start: dt.date | None, planned_end: dt.date | None
) -> Project:
    """The planned start and end of the works (the schedule the actual dates are compared with)."""
    if not permissions.require(by, project_perms.MANAGE_DOSSIERS):
        raise PermissionDenied(_("Votre rôle ne permet pas de modifier le calendrier du projet."))
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.status in FINISHED_STATUSES:
        raise TransitionRefused(
            _("Le calendrier d'un projet « %(state)s » ne se modifie plus.") % {"state": locked.get_status_display()}
        )
    if planned_start and planned_end and planned_end < planned_start:
        raise TransitionRefused(_("L'achèvement prévu précède le démarrage prévu."))
    locked.planned_start, locked.planned_end = planned_start, planned_end
    with actor_context(by):
        locked.full_clean()
        locked.save()
    return locked
