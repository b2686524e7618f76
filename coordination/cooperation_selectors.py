"""Reads of the international cooperation: the partners and programmes with their totals (subqueries, no row
blow-up), one programme with every figure its page, its PDF and its Excel sheet show (computed once here, so they
always agree), the reports due to the partners, a project's cooperation support and the space's figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from coordination.models import (
    ActivityFollowUp,
    ActivityProject,
    CooperationActivity,
    CooperationPartner,
    CooperationProgramme,
    PartnerReport,
)

ZERO = Decimal("0")
MONEY = DecimalField(max_digits=16, decimal_places=2)
SOON_DAYS = 30
ActivityStatus = CooperationActivity.Status
Status = CooperationProgramme.Status


def _sum(queryset, column: str):
    return Coalesce(Subquery(queryset.annotate(n=Sum(column)).values("n"), output_field=MONEY), Value(ZERO, MONEY))


def _count(queryset):
    return Coalesce(Subquery(queryset.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0))


def partners_with_totals():
    """Every partner with its number of programmes, their amounts and the partner's contributions."""
    programmes = CooperationProgramme.objects.filter(partner=OuterRef("pk")).order_by().values("partner")
    return CooperationPartner.objects.annotate(
        programme_count=_count(programmes),
        amount_total=_sum(programmes, "amount"),
        contribution_total=_sum(programmes, "partner_contribution"),
    )


def programmes_with_totals(today: dt.date | None = None):
    """Every programme with its partner, its activities' total (not annulées) and its late reports."""
    today = today or timezone.localdate()
    activities = (
        CooperationActivity.objects.filter(programme=OuterRef("pk"))
        .exclude(status=ActivityStatus.CANCELLED)
        .order_by()
        .values("programme")
    )
    late = (
        PartnerReport.objects.filter(programme=OuterRef("pk"), submitted_on__isnull=True, due_on__lt=today)
        .order_by()
        .values("programme")
    )
    return CooperationProgramme.objects.select_related("partner").annotate(
        activity_count=_count(activities),
        activities_total=_sum(activities, "amount"),
        late_reports=_count(late),
    )


def programme_for_page(pk: int) -> CooperationProgramme:
    return CooperationProgramme.objects.select_related("partner").get(pk=pk)


def partner_programmes(partner: CooperationPartner):
    return programmes_with_totals().filter(partner=partner).order_by("-start_on", "-pk")


def reports_due(today: dt.date | None = None):
    """Every report due to a partner, with its programme and partner and whether it is late."""
    today = today or timezone.localdate()
    return PartnerReport.objects.select_related("programme", "programme__partner", "file").annotate(
        is_late=Case(
            When(submitted_on__isnull=True, due_on__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def activity_for_page(pk: int) -> CooperationActivity:
    """An activity with its programme, partner and commune; its supported projects and follow-up points prefetched."""
    return (
        CooperationActivity.objects.select_related("programme", "programme__partner", "commune")
        .prefetch_related(
            Prefetch(
                "supported",
                queryset=ActivityProject.objects.select_related("project", "project__commune").order_by(
                    "project__code"
                ),
            ),
            Prefetch("follow_ups", queryset=ActivityFollowUp.objects.select_related("recorded_by")),
        )
        .get(pk=pk)
    )


def support_for_page(pk: int) -> ActivityProject:
    return ActivityProject.objects.select_related(
        "project", "activity", "activity__programme", "activity__programme__partner"
    ).get(pk=pk)


def report_for_page(pk: int) -> PartnerReport:
    return PartnerReport.objects.select_related("programme", "programme__partner").get(pk=pk)


@dataclass
class ReportLine:
    report: PartnerReport
    late: bool
    due_soon: bool


@dataclass
class ProgrammeSummary:
    """A programme's activities (with supported projects and follow-up), reports and every total."""

    programme: CooperationProgramme
    activities: list[CooperationActivity]
    reports: list[ReportLine]
    amount: Decimal = ZERO  # the activities not annulées
    partner: Decimal = ZERO
    indh: Decimal = ZERO
    other: Decimal = ZERO
    spent: Decimal = ZERO
    supported: Decimal = ZERO
    supported_count: int = 0
    open_activities: int = 0
    pending_reports: int = 0
    late_reports: int = 0
    by_status: dict = field(default_factory=dict)

    @property
    def remaining(self) -> Decimal:
        return self.programme.amount - self.amount

    @property
    def partner_remaining(self) -> Decimal:
        return self.programme.partner_contribution - self.partner

    def share(self, part: Decimal):
        """A part of the activities' total, in per cent (one decimal), or None when nothing is engaged."""
        return round(part * 100 / self.amount, 1) if self.amount else None

    @property
    def cofinancing(self) -> list[tuple[str, Decimal, object]]:
        """(key, amount, share) rows of the co-financing table."""
        return [
            ("partner", self.partner, self.share(self.partner)),
            ("indh", self.indh, self.share(self.indh)),
            ("other", self.other, self.share(self.other)),
        ]


def programme_summary(programme: CooperationProgramme, today: dt.date | None = None) -> ProgrammeSummary:
    """Four queries whatever the number of activities: activities, their supported projects, their follow-up points
    and the programme's reports."""
    today = today or timezone.localdate()
    activities = list(
        CooperationActivity.objects.filter(programme=programme)
        .select_related("commune")
        .prefetch_related(
            Prefetch(
                "supported",
                queryset=ActivityProject.objects.select_related("project", "project__commune").order_by(
                    "project__code"
                ),
            ),
            Prefetch("follow_ups", queryset=ActivityFollowUp.objects.order_by("-on", "-pk")),
        )
        .order_by("pk")
    )
    reports = [
        ReportLine(
            report,
            late=report.submitted_on is None and report.due_on < today,
            due_soon=report.submitted_on is None and today <= report.due_on <= today + dt.timedelta(days=SOON_DAYS),
        )
        for report in PartnerReport.objects.filter(programme=programme).select_related("file").order_by("due_on", "pk")
    ]
    summary = ProgrammeSummary(programme, activities, reports)
    projects = set()
    for activity in activities:
        summary.by_status[activity.status] = summary.by_status.get(activity.status, 0) + 1
        if activity.status in (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS):
            summary.open_activities += 1
        if activity.status == ActivityStatus.CANCELLED:
            continue
        summary.amount += activity.amount
        summary.partner += activity.partner_amount
        summary.indh += activity.indh_amount
        summary.other += activity.other_amount
        summary.spent += activity.spent
        for support in activity.supported.all():
            summary.supported += support.amount
            projects.add(support.project_id)
    summary.supported_count = len(projects)
    summary.pending_reports = sum(1 for line in reports if line.report.submitted_on is None)
    summary.late_reports = sum(1 for line in reports if line.late)
    return summary


def project_support(project) -> list[ActivityProject]:
    """The cooperation activities supporting a project, with their programme and partner (one query)."""
    return list(
        ActivityProject.objects.filter(project=project)
        .select_related("activity", "activity__programme", "activity__programme__partner")
        .order_by("activity__programme__reference", "activity__pk")
    )


def space_figures(today: dt.date | None = None) -> dict:
    """The area's figures for the space and the home page (three queries)."""
    today = today or timezone.localdate()
    soon = today + dt.timedelta(days=SOON_DAYS)
    running = CooperationProgramme.objects.aggregate(
        partners=Count("partner", distinct=True, filter=Q(status=Status.IN_PROGRESS)),
        in_progress=Count("pk", filter=Q(status=Status.IN_PROGRESS)),
        amount=Coalesce(Sum("amount", filter=Q(status=Status.IN_PROGRESS)), ZERO),
        contribution=Coalesce(Sum("partner_contribution", filter=Q(status=Status.IN_PROGRESS)), ZERO),
    )
    running["all_partners"] = CooperationPartner.objects.count()
    running["projects"] = (
        ActivityProject.objects.exclude(activity__status=ActivityStatus.CANCELLED).values("project").distinct().count()
    )
    reports = PartnerReport.objects.filter(submitted_on__isnull=True).aggregate(
        late=Count("pk", filter=Q(due_on__lt=today)),
        soon=Count("pk", filter=Q(due_on__gte=today, due_on__lte=soon)),
    )
    return {**running, **reports}
