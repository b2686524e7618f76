"""Visits of the launch, follow-up and reception commissions to a project, and their PV.

A visit is drafted (date, commission, members present and other attendees, findings, reserves, recommendations),
then its PV is closed: it takes a yearly number (PVV-2026-0001) and stops changing. Closing moves the project:
- a launch visit of a conventionné project starts it on the visit's date (project_start: the launch commission is
  where the works start; an already started project stays as it is);
- a provisional-reception visit records the provisional reception on the visit's date (project_provisional_reception);
- a final-reception visit records the final reception, which closes the project (project_final_reception).
The lifecycle's guards decide; when they refuse, the PV stays a draft and their reason is the refusal's message.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from das import permissions
from das.services.audit import actor_context
from das.services.numbering import next_reference
from das.workflow import Transition, TransitionRefused, Workflow
from projects import permissions as project_perms
from projects.models import CommissionVisit, Project, VisitMember
from projects.services import project_lifecycle

Kind = CommissionVisit.Kind
Status = CommissionVisit.Status
VISIT_NUMBER_LOCK = 7_400_050  # advisory lock key: numbering of the commissions' PVs
# The kind of commission (committees.Committee.Kind) that makes each kind of visit.
COMMISSION_KIND = {
    Kind.LAUNCH: "lancement",
    Kind.FOLLOW_UP: "suivi",
    Kind.PROVISIONAL: "reception",
    Kind.FINAL: "reception",
}
# A visit concerns a project from its convention's signature until its final reception.
VISITED_STATUSES = frozenset(
    {
        Project.Status.CONVENTIONED,
        Project.Status.IN_PROGRESS,
        Project.Status.SUSPENDED,
        Project.Status.COMPLETED,
    }
)


def may_record(project: Project, user) -> bool:
    return bool(permissions.require(user, project_perms.MANAGE_DOSSIERS)) and project.status in VISITED_STATUSES


def may_edit(visit: CommissionVisit, user) -> bool:
    return bool(permissions.require(user, project_perms.MANAGE_DOSSIERS)) and visit.status == Status.DRAFT


def commissions_for(kind: str):
    from committees.models import Committee

    return Committee.objects.filter(is_active=True, kind=COMMISSION_KIND.get(kind, "")).order_by("name")


def _check(project, *, kind, visited_on, commission, members, findings) -> dict:
    errors = {}
    if kind not in Kind.values:
        errors["kind"] = _("Choisissez le type de visite.")
    if visited_on is None:
        errors["visited_on"] = _("Indiquez la date de la visite.")
    elif visited_on > timezone.localdate():
        errors["visited_on"] = _("La date de la visite ne peut être dans le futur.")
    if commission is None:
        errors["commission"] = _("Choisissez la commission.")
    elif kind in COMMISSION_KIND and commission.kind != COMMISSION_KIND[kind]:
        errors["commission"] = _("Une visite « %(kind)s » est faite par une « %(expected)s ».") % {
            "kind": Kind(kind).label,
            "expected": commission.__class__.Kind(COMMISSION_KIND[kind]).label,
        }
    if commission is not None and any(m.committee_id != commission.pk for m in members):
        errors["members"] = _("Les membres présents sont des membres de la commission choisie.")
    elif visited_on is not None and any(not m.sits_on(visited_on) for m in members):
        errors["members"] = _("Un membre coché n'était pas en mandat à la date de la visite.")
    if not (findings or "").strip():
        errors["findings"] = _("Indiquez les constats de la commission.")
    return errors


def _fill(visit, *, kind, visited_on, commission, other_attendees, findings, reserves, recommendations):
    visit.kind, visit.visited_on, visit.commission = kind, visited_on, commission
    visit.other_attendees = (other_attendees or "").strip()
    visit.findings = (findings or "").strip()
    visit.reserves = (reserves or "").strip()
    visit.recommendations = (recommendations or "").strip()


def _set_members(visit, members, by) -> None:
    wanted = {m.pk for m in members}
    with actor_context(by):
        visit.present.exclude(member_id__in=wanted).delete()
        kept = set(visit.present.values_list("member_id", flat=True))
        VisitMember.objects.bulk_create([VisitMember(visit=visit, member_id=pk) for pk in sorted(wanted - kept)])


@transaction.atomic
def visit_create(
    *,
    project: Project,
    by,
    kind: str,
    visited_on: dt.date | None,
    commission,
    members=(),
    other_attendees: str = "",
    findings: str = "",
    reserves: str = "",
    recommendations: str = "",
) -> CommissionVisit:
    permissions.demand(by, project_perms.MANAGE_DOSSIERS, _("Votre rôle ne permet pas de saisir les visites."))
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.status not in VISITED_STATUSES:
        raise TransitionRefused(
            _("Une visite concerne un projet conventionné, jusqu'à sa réception définitive (état : « %(state)s »).")
            % {"state": locked.get_status_display()}
        )
    members = list(members)
    errors = _check(locked, kind=kind, visited_on=visited_on, commission=commission, members=members, findings=findings)
    if errors:
        raise ValidationError(errors)
    visit = CommissionVisit(project=locked, created_by=by)
    _fill(
        visit,
        kind=kind,
        visited_on=visited_on,
        commission=commission,
        other_attendees=other_attendees,
        findings=findings,
        reserves=reserves,
        recommendations=recommendations,
    )
    with actor_context(by):
        visit.full_clean()
        visit.save()
    _set_members(visit, members, by)
    return visit


@transaction.atomic
def visit_update(
    *,
    visit: CommissionVisit,
    by,
    kind: str,
    visited_on: dt.date | None,
    commission,
    members=(),
    other_attendees: str = "",
    findings: str = "",
    reserves: str = "",
    recommendations: str = "",
) -> CommissionVisit:
    permissions.demand(by, project_perms.MANAGE_DOSSIERS, _("Votre rôle ne permet pas de modifier les visites."))
    locked = CommissionVisit.objects.select_for_update().select_related("project").get(pk=visit.pk)
    if locked.status != Status.DRAFT:
        raise TransitionRefused(_("Le PV de cette visite est clos : il ne se modifie plus."))
    members = list(members)
    errors = _check(
        locked.project, kind=kind, visited_on=visited_on, commission=commission, members=members, findings=findings
    )
    if errors:
        raise ValidationError(errors)
    _fill(
        locked,
        kind=kind,
        visited_on=visited_on,
        commission=commission,
        other_attendees=other_attendees,
        findings=findings,
        reserves=reserves,
        recommendations=recommendations,
    )
    with actor_context(by):
        locked.full_clean()
        locked.save()
    _set_members(locked, members, by)
    return locked


def _close_guard(visit, **_kwargs) -> list[str]:
    reasons = []
    if not visit.present.exists():
        reasons.append(_("Cochez au moins un membre présent de la commission."))
    if visit.visited_on > timezone.localdate():
        reasons.append(_("La date de la visite ne peut être dans le futur."))
    return reasons


VISIT_WORKFLOW = Workflow(
    CommissionVisit,
    [
        Transition(
            "close",
            frozenset({Status.DRAFT}),
            Status.CLOSED,
            gettext_lazy("Clore le PV"),
            project_perms.MANAGE_DOSSIERS,
            _close_guard,
            "success",
        ),
    ],
)


def _move_project(visit: CommissionVisit, by) -> None:
    """What the closed PV does to the project; a guard's refusal rolls the closure back with its reason."""
    project = visit.project
    if visit.kind == Kind.LAUNCH:
        if project.status == Project.Status.CONVENTIONED:
            project_lifecycle.project_start(project=project, by=by, on=visit.visited_on)
    elif visit.kind == Kind.PROVISIONAL:
        project_lifecycle.project_provisional_reception(project=project, by=by, on=visit.visited_on)
    elif visit.kind == Kind.FINAL:
        project_lifecycle.project_final_reception(project=project, by=by, on=visit.visited_on)


def project_move_label(visit: CommissionVisit) -> str:
    """What closing this visit's PV will do to the project (said next to the button), or ""."""
    if visit.kind == Kind.LAUNCH and visit.project.status == Project.Status.CONVENTIONED:
        return _("Clore ce PV démarre le projet à la date de la visite.")
    if visit.kind == Kind.PROVISIONAL:
        return _("Clore ce PV enregistre la réception provisoire du projet à la date de la visite.")
    if visit.kind == Kind.FINAL:
        return _("Clore ce PV enregistre la réception définitive et clôture le projet.")
    return ""


@transaction.atomic
def visit_close(*, visit: CommissionVisit, by, on: dt.date | None = None) -> CommissionVisit:
    """Close the PV (numbered in the visit's year) and move the project as the visit's kind says."""

    def apply(locked):
        year = locked.visited_on.year
        locked.reference = next_reference(CommissionVisit, "reference", f"PVV-{year}-", VISIT_NUMBER_LOCK)
        locked.closed_on = on or timezone.localdate()
        locked.closed_by = by

    closed = VISIT_WORKFLOW.run(visit, "close", by=by, apply=apply)
    try:
        _move_project(closed, by)
    except TransitionRefused as exc:
        raise TransitionRefused(
            [_("Le PV reste en brouillon : le projet ne peut pas changer d'état.")] + list(exc.messages)
        ) from exc
    return closed


TRANSITION_SERVICES = {"close": visit_close}
