"""What the CRDH pages read: the dossiers (list, page), the requests, the CRDH's decisions on them, and the dossier's
content assembled from the live project data — one function (dossier_content) for the page, the PDF and the Excel
file, so the three always show the same figures.

The figures are those of the projects' dashboard (projects.dashboard_selectors): the projects of the dossier's year
are those validated in that year (filtered_projects, as the dashboard and the reports choose a year), their money and
progress at today's date come from one Ledger (with_figures), and the totals per programme from group_totals. Nothing
is added up here. A fixed number of queries whatever the number of projects or requests.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from committees.models import DecisionAction, Meeting
from coordination.models import CrdhDossier, CrdhRequest
from projects.dashboard_selectors import (
    DashboardFilters,
    Totals,
    filtered_projects,
    group_totals,
    ledger,
    partner_amounts,
    totals_of,
    with_figures,
    with_late,
)
from projects.models import Dossier, Project

ZERO = Decimal("0")
Status = CrdhDossier.Status


# --- Dossiers ---------------------------------------------------------------------------------------------------------
def dossier_list() -> QuerySet[CrdhDossier]:
    return CrdhDossier.objects.select_related("meeting__committee").annotate(
        request_count=Count("requests", distinct=True),
        decided_count=Count("requests", filter=Q(requests__decision__isnull=False), distinct=True),
    )


def dossier_for_page(pk) -> CrdhDossier:
    return CrdhDossier.objects.select_related("meeting__committee", "prepared_by", "validated_by", "sent_by").get(pk=pk)


def actions_prefetch() -> Prefetch:
    return Prefetch("decision__actions", queryset=DecisionAction.objects.order_by("due_on", "pk"))


def requests_of(dossier: CrdhDossier) -> list[CrdhRequest]:
    """The dossier's requests in their order, with their programme, projects, decision and its actions (4 queries)."""
    return list(
        CrdhRequest.objects.filter(dossier=dossier)
        .select_related("programme", "decision__item__meeting")
        .prefetch_related(Prefetch("projects", queryset=Project.objects.order_by("code")), actions_prefetch())
        .order_by("position")
    )


def request_for_page(pk) -> CrdhRequest:
    return (
        CrdhRequest.objects.select_related(
            "dossier__meeting__committee", "programme", "decision__item__meeting", "decision__recorded_by"
        )
        .prefetch_related(
            Prefetch("projects", queryset=Project.objects.select_related("commune").order_by("code")),
            actions_prefetch(),
        )
        .get(pk=pk)
    )


def project_choices() -> QuerySet[Project]:
    """The province's projects a request may concern."""
    return Project.objects.select_related("programme").order_by("-validated_on", "code")


# --- The CRDH's decisions ---------------------------------------------------------------------------------------------
def decided_requests() -> QuerySet[CrdhRequest]:
    """Every request the CRDH decided on, with its actions and how many are open and late today."""
    today = timezone.localdate()
    open_q = Q(decision__actions__status=DecisionAction.Status.OPEN)
    return (
        CrdhRequest.objects.filter(decision__isnull=False)
        .select_related("dossier", "programme", "decision__item__meeting__committee")
        .prefetch_related(actions_prefetch())
        .annotate(
            action_count=Count("decision__actions", distinct=True),
            open_actions=Count("decision__actions", filter=open_q, distinct=True),
            late_actions=Count(
                "decision__actions", filter=open_q & Q(decision__actions__due_on__lt=today), distinct=True
            ),
        )
        .order_by("-decision__item__meeting__date", "dossier__reference", "position")
    )


def crdh_actions() -> QuerySet[DecisionAction]:
    """The actions executing the CRDH's decisions on the province's requests."""
    return DecisionAction.objects.filter(decision__crdh_request__isnull=False)


# --- The dossier's content --------------------------------------------------------------------------------------------
@dataclass
class ProgrammeBlock:
    programme: object  # das.Programme, or None for the requests without a programme
    totals: Totals = field(default_factory=Totals)
    projects: list = field(default_factory=list)  # with committed, paid, progress, is_late
    statuses: list = field(default_factory=list)  # [(status, label, count)]
    applications: list = field(default_factory=list)  # preselected projects.Dossier of the year's calls
    late: list = field(default_factory=list)

    @property
    def applications_indh(self) -> Decimal:
        return sum((d.indh_share for d in self.applications), ZERO)

    @property
    def applications_cost(self) -> Decimal:
        return sum((d.estimated_cost for d in self.applications), ZERO)

    @property
    def label(self) -> str:
        return str(self.programme) if self.programme else ""


@dataclass
class DossierContent:
    dossier: CrdhDossier
    on: object  # the date of the figures (today)
    blocks: list[ProgrammeBlock]
    totals: Totals
    statuses: list  # [(status, label, count)] over every programme
    requests: list[CrdhRequest]
    applications_count: int = 0

    @property
    def requests_amount(self) -> Decimal:
        return sum((r.amount for r in self.requests if r.amount is not None), ZERO)

    @property
    def granted_amount(self) -> Decimal:
        """What the CRDH granted on the decided requests: the amended amount, else the amount asked when approved."""
        total = ZERO
        for r in self.requests:
            decision = r.decision
            if decision is None or r.amount is None or decision.outcome not in ("approuve", "approuve_reserves"):
                continue
            total += decision.amended_amount if decision.amended_amount is not None else r.amount
        return total

    @property
    def late(self) -> list:
        return [p for block in self.blocks for p in block.late]


def _statuses(counts: dict) -> list:
    return [(value, label, counts[value]) for value, label in Project.Status.choices if counts.get(value)]


def dossier_content(dossier: CrdhDossier, on=None) -> DossierContent:
    """The dossier's three sections from the live data: the year's programming per programme (projects and the
    applications waiting for the CPDH), the progress figures per programme, the requests with the CRDH's decisions.
    Twelve queries, whatever the data."""
    on = on or timezone.localdate()
    projects = filtered_projects(DashboardFilters(year=dossier.year))
    book = ledger(projects)  # 5 queries
    rows = with_figures(
        list(
            with_late(
                projects.select_related("programme__phase", "commune", "holder").order_by("programme__code", "code"),
                on,
            )
        ),
        on,
        book=book,
    )
    partners = partner_amounts(projects)
    for project in rows:
        project.partners_amount = partners.get(project.pk, ZERO)
    by_programme = group_totals(rows, lambda p: p.programme_id, partners)
    applications = list(
        Dossier.objects.filter(status=Dossier.Status.PRESELECTED, call__year=dossier.year)
        .select_related("call__programme__phase", "commune", "holder")
        .order_by("call__programme__code", "reference")
    )
    blocks: dict = {}

    def block(programme):
        key = programme.pk if programme else None
        if key not in blocks:
            blocks[key] = ProgrammeBlock(programme=programme)
        return blocks[key]

    status_counts: dict = defaultdict(lambda: defaultdict(int))
    for project in rows:
        target = block(project.programme)
        target.projects.append(project)
        if project.is_late:
            target.late.append(project)
        status_counts[project.programme_id][project.status] += 1
    for application in applications:
        application.awaiting_cpdh = application.call.status == application.call.Status.EVALUATED
        block(application.call.programme).applications.append(application)
    for key, target in blocks.items():
        target.totals = by_programme.get(key, Totals())
        target.statuses = _statuses(status_counts.get(key, {}))
    overall: dict = defaultdict(int)
    for project in rows:
        overall[project.status] += 1
    ordered = sorted(blocks.values(), key=lambda b: (b.programme is None, b.programme.code if b.programme else ""))
    return DossierContent(
        dossier=dossier,
        on=on,
        blocks=ordered,
        totals=totals_of(rows, partners),
        statuses=_statuses(overall),
        requests=requests_of(dossier),
        applications_count=len(applications),
    )


# --- The space's figures ----------------------------------------------------------------------------------------------
def status_counts() -> dict:
    counts = CrdhDossier.objects.aggregate(
        draft=Count("pk", filter=Q(status=Status.DRAFT)),
        validated=Count("pk", filter=Q(status=Status.VALIDATED)),
        sent=Count("pk", filter=Q(status=Status.SENT)),
    )
    return counts


def action_counts() -> dict:
    today = timezone.localdate()
    return crdh_actions().aggregate(
        open=Count("pk", filter=Q(status=DecisionAction.Status.OPEN)),
        late=Count("pk", filter=Q(status=DecisionAction.Status.OPEN, due_on__lt=today)),
    )


def next_crdh_meeting():
    return (
        Meeting.objects.filter(
            committee__kind="crdh",
            status__in=[Meeting.Status.PLANNED, Meeting.Status.CONVENED],
            date__gte=timezone.localdate(),
        )
        .order_by("date", "time")
        .first()
    )
