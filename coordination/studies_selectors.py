"""Reads of the technical studies and works area: the list with its late flag, one study's page, the studies serving
a project, the figures of the service's space and home page.

The late rule lives here only (late_q in SQL, is_late on one study in memory, LATE_RULE as the legend): a study is
late when it is programmée or en cours (a suspended one shows « suspendue », not late; an achevée or annulée one is
settled) and either its planned end has passed, or one of its deliverables' due date has passed without receipt.
"""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import StudyDeliverable, TechnicalStudy
from das.selectors import history_of
from projects.models import Project

Status = TechnicalStudy.Status
RUNNING = (Status.PLANNED, Status.IN_PROGRESS)  # the studies that can be late
OPEN = (Status.PLANNED, Status.IN_PROGRESS, Status.SUSPENDED)
LATE_RULE = _(
    "Une étude est en retard quand elle est programmée ou en cours et que sa fin prévue est passée, ou qu'un de ses "
    "livrables n'est pas reçu à la date attendue. Une étude suspendue est affichée « suspendue », pas en retard ; "
    "une étude achevée ou annulée n'est jamais en retard."
)


def overdue_deliverables_q(today: datetime.date) -> Q:
    """Deliverables not received whose due date has passed (on StudyDeliverable)."""
    return Q(received_on__isnull=True, due_on__lt=today)


def late_q(today: datetime.date | None = None) -> Q:
    """The late rule as a filter on TechnicalStudy."""
    today = today or timezone.localdate()
    overdue = StudyDeliverable.objects.filter(overdue_deliverables_q(today), study=OuterRef("pk"))
    return Q(status__in=RUNNING) & (Q(planned_end__lt=today) | Q(Exists(overdue)))


def with_late(queryset: QuerySet[TechnicalStudy], today: datetime.date | None = None) -> QuerySet[TechnicalStudy]:
    return queryset.annotate(
        is_late=Case(When(late_q(today), then=Value(True)), default=Value(False), output_field=BooleanField())
    )


def is_late(study: TechnicalStudy, deliverables, today: datetime.date | None = None) -> bool:
    """The same rule on one study in memory, with its deliverables."""
    today = today or timezone.localdate()
    if study.status not in RUNNING:
        return False
    return study.planned_end < today or any(d.received_on is None and d.due_on < today for d in deliverables)


def late_reasons(study: TechnicalStudy, deliverables, today: datetime.date | None = None) -> dict:
    """Why a study is late: its planned end passed, and which deliverables are overdue."""
    today = today or timezone.localdate()
    if study.status not in RUNNING:
        return {"end_passed": False, "overdue": []}
    return {
        "end_passed": study.planned_end < today,
        "overdue": [d for d in deliverables if d.received_on is None and d.due_on < today],
    }


def study_list(today: datetime.date | None = None) -> QuerySet[TechnicalStudy]:
    """Studies with ``is_late`` and their projects' codes (two queries a page, whatever the data)."""
    projects = Prefetch("projects", queryset=Project.objects.only("pk", "code").order_by("code"))
    return with_late(TechnicalStudy.objects.prefetch_related(projects), today).order_by("planned_end", "pk")


def study_detail(pk, today: datetime.date | None = None) -> TechnicalStudy:
    """One study with ``is_late``; raises DoesNotExist."""
    return with_late(TechnicalStudy.objects.all(), today).get(pk=pk)


def study_projects(study: TechnicalStudy) -> list[Project]:
    return list(study.projects.select_related("commune", "programme").order_by("code"))


def study_deliverables(study: TechnicalStudy) -> list[StudyDeliverable]:
    return list(study.deliverables.select_related("file").order_by("due_on", "pk"))


def status_history(study: TechnicalStudy) -> list[dict]:
    """The study's status changes, oldest first (from the journal: creation and each change of status)."""
    entries = history_of(study).filter(Q(pgh_diff__isnull=True) | Q(pgh_diff__has_key="status")).select_related("user")
    changes = []
    for entry in reversed(list(entries)):
        data = entry.pgh_data or {}
        status = data.get("status")
        if status is None or (changes and changes[-1]["status"] == status):
            continue
        changes.append(
            {
                "status": status,
                "label": Status(status).label if status in Status.values else status,
                "at": entry.pgh_created_at,
                "by": (entry.user.full_name or entry.user.username) if entry.user else "",
                "note": data.get("status_note") or "",
            }
        )
    return changes


def project_studies(project: Project, today: datetime.date | None = None) -> list[TechnicalStudy]:
    """The studies and works serving one project, with ``is_late`` (one query)."""
    return list(with_late(TechnicalStudy.objects.filter(projects=project), today).order_by("planned_start", "pk"))


def study_counts(today: datetime.date | None = None) -> dict:
    """Studies in progress, late, completed this year; deliverables awaited this month and overdue (two queries)."""
    today = today or timezone.localdate()
    counts = TechnicalStudy.objects.aggregate(
        in_progress=Count("pk", filter=Q(status=Status.IN_PROGRESS)),
        late=Count("pk", filter=late_q(today)),
        completed_this_year=Count("pk", filter=Q(status=Status.COMPLETED, actual_end__year=today.year)),
    )
    counts.update(
        StudyDeliverable.objects.filter(study__status__in=OPEN, received_on__isnull=True).aggregate(
            awaited_this_month=Count("pk", filter=Q(due_on__year=today.year, due_on__month=today.month)),
            overdue=Count("pk", filter=Q(due_on__lt=today, study__status__in=RUNNING)),
        )
    )
    return counts
