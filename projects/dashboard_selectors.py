"""The financing-progress dashboard: what the projects of a year (or of every year) cost, what the INDH committed
and paid on them, how far their works are, whom they reach and the jobs they created — for the whole province or
a phase, a programme, a commune, a sector or a kind of holder — as of a date.

What each figure is (the page's legend and the reports say the same):

- **projects of the year**: the projects validated (by the CPDH, or registered) in that year — the year's programme;
  without a year, every project; a commune selects the projects whose main commune or one of whose territories is
  in it (projects.scope.projects_in);
- **coût global**, **part INDH**, **part du porteur**: the project record; **part des partenaires**: their declared
  contributions; **effet de levier** = (porteur + partenaires) ÷ coût global;
- **engagé** (as of the date): the INDH contribution of the project's conventions signed by that date (as amended
  by their signed avenants); for a convention since terminated, only what was paid on it; for a project without a
  signed convention (the province as maître d'ouvrage), its marchés awarded by that date and not cancelled — the
  same rule as the credits' money picture (projects.credit_selectors), per project instead of per fiscal year;
- **payé**: the payments recorded on the project's conventions up to the date;
- **taux d'engagement** = engagé ÷ part INDH; **taux d'émission** = payé ÷ engagé;
- **avancement physique moyen**: each project's progress at the date (its last progress entry by then) weighted by
  its cost;
- **projets en retard**: past their planned end and not received, or past their planned start and not started,
  at the date (projects.selectors.late_projects_q); suspended and abandoned projects are not late;
- **bénéficiaires**: the beneficiary lines of the projects (targeted and reached, by sex and age group);
- **emplois**: planned and created, from the project record.

Statuses are the projects' statuses today (the record keeps no dated status), which the legend says.

The projects and their dated facts (conventions, payments, marchés, progress entries) are read in a fixed number of
grouped queries (a Ledger) and the figures are added up from them, at the date and at each quarter's end, so a page
does the same number of queries whether the province has 50 projects or 5,000 (about 1.5 s for the whole dashboard
at 2,000 projects).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, fields, replace
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace
from urllib.parse import urlencode

from django.db.models import (
    Case,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import pgettext

from das.models import Commune, Phase, Programme, Sector
from projects.credit_selectors import COMMITTING, rate
from projects.models import (
    Convention,
    ConventionParty,
    Payment,
    Procurement,
    ProgressEntry,
    Project,
    ProjectBeneficiaries,
    ProjectFunding,
)
from projects.record_selectors import beneficiary_table, figures_by_commune
from projects.scope import projects_in
from projects.selectors import late_projects_q

ZERO = Decimal("0")


# --- Filters ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardFilters:
    """What the dashboard is about. Ids, not objects, so it reads from and writes to a query string as is."""

    year: int | None = None
    phase: int | None = None
    programme: int | None = None
    commune: int | None = None
    sector: int | None = None
    holder_kind: str = ""
    as_of: dt.date | None = None  # None: today

    @property
    def date(self) -> dt.date:
        return self.as_of or timezone.localdate()

    def params(self) -> dict[str, str]:
        """The query-string parameters that rebuild these filters (only those set)."""
        values = {
            "annee": self.year,
            "phase": self.phase,
            "programme": self.programme,
            "commune": self.commune,
            "secteur": self.sector,
            "porteur": self.holder_kind,
            "au": self.as_of.isoformat() if self.as_of else None,
        }
        return {key: str(value) for key, value in values.items() if value not in (None, "")}

    def querystring(self, **extra) -> str:
        return urlencode({**self.params(), **{k: v for k, v in extra.items() if v not in (None, "")}})

    def with_(self, **changes) -> DashboardFilters:
        return replace(self, **changes)


def filtered_projects(filters: DashboardFilters, base: QuerySet[Project] | None = None) -> QuerySet[Project]:
    """The projects the filters select (``base``: already limited to the reader's communes, if any)."""
    projects = base if base is not None else Project.objects.all()
    if filters.year:
        projects = projects.filter(validated_on__year=filters.year)
    if filters.phase:
        projects = projects.filter(phase_id=filters.phase)
    if filters.programme:
        projects = projects.filter(programme_id=filters.programme)
    if filters.commune:
        projects = projects.filter(pk__in=projects_in([filters.commune]))
    if filters.sector:
        projects = projects.filter(sector_id=filters.sector)
    if filters.holder_kind:
        projects = projects.filter(holder__kind=filters.holder_kind)
    return projects


# --- Per-project money and progress at a date -------------------------------------------------------------------------
#
# The dated facts (signed conventions, payments, marchés, progress entries) of a set of projects are read once, in
# five grouped queries, and evaluated at any date in Python: correlated subqueries per project made the aggregates
# take seconds at 2,000 projects, and each quarter of the progress chart cost another round of them.


@dataclass
class Ledger:
    live: dict = field(default_factory=lambda: defaultdict(list))  # pk -> [(signed_on, INDH contribution)]
    signed: dict = field(default_factory=lambda: defaultdict(list))  # pk -> [signed_on] of every signed convention
    payments: dict = field(default_factory=lambda: defaultdict(list))  # pk -> [(paid_on, amount, terminated, signed)]
    marches: dict = field(default_factory=lambda: defaultdict(list))  # pk -> [(awarded_on, awarded amount)]
    entries: dict = field(default_factory=lambda: defaultdict(list))  # pk -> [(recorded_on, id, percent)], in order

    def committed(self, pk: int, on: dt.date) -> Decimal:
        """What the INDH committed to the project by ``on`` (see the module's docstring)."""
        total = sum((amount for signed_on, amount in self.live.get(pk, ()) if signed_on <= on), ZERO)
        total += sum(
            (
                amount
                for paid_on, amount, terminated, signed_on in self.payments.get(pk, ())
                if terminated and signed_on is not None and signed_on <= on and paid_on <= on
            ),
            ZERO,
        )
        if not any(signed_on <= on for signed_on in self.signed.get(pk, ())):
            total += sum((amount for awarded_on, amount in self.marches.get(pk, ()) if awarded_on <= on), ZERO)
        return total

    def paid(self, pk: int, on: dt.date, after: dt.date | None = None) -> Decimal:
        """Paid on the project's conventions by ``on`` (and after ``after``, when given)."""
        return sum(
            (
                amount
                for paid_on, amount, _t, _s in self.payments.get(pk, ())
                if paid_on <= on and (after is None or paid_on > after)
            ),
            ZERO,
        )

    def progress(self, project: Project, on: dt.date) -> int:
        """The physical progress (%) at ``on``: the record's when its last entry is not later, else the last entry
        recorded by then (0 without one)."""
        if project.progress_updated_on is None or project.progress_updated_on <= on:
            return project.physical_progress
        percent = 0
        for recorded_on, _pk, value in self.entries.get(project.pk, ()):
            if recorded_on > on:
                break
            percent = value
        return percent


def ledger(projects: QuerySet[Project]) -> Ledger:
    """The dated facts of ``projects`` (five queries, whatever their number)."""
    ids = projects.order_by().values("pk")
    book = Ledger()
    for pk, signed_on, amount in ConventionParty.objects.filter(
        kind=ConventionParty.Kind.GOVERNOR,
        convention__status__in=COMMITTING,
        convention__signed_on__isnull=False,
        convention__project__in=ids,
    ).values_list("convention__project_id", "convention__signed_on", "contribution"):
        book.live[pk].append((signed_on, amount))
    for pk, signed_on in Convention.objects.filter(project__in=ids, signed_on__isnull=False).values_list(
        "project_id", "signed_on"
    ):
        book.signed[pk].append(signed_on)
    terminated = Convention.Status.TERMINATED
    for pk, paid_on, amount, status, signed_on in Payment.objects.filter(
        tranche__convention__project__in=ids
    ).values_list(
        "tranche__convention__project_id",
        "paid_on",
        "amount",
        "tranche__convention__status",
        "tranche__convention__signed_on",
    ):
        book.payments[pk].append((paid_on, amount, status == terminated, signed_on))
    for pk, awarded_on, amount in Procurement.objects.filter(
        project__in=ids, awarded_on__isnull=False, awarded_amount__isnull=False, ending=""
    ).values_list("project_id", "awarded_on", "awarded_amount"):
        book.marches[pk].append((awarded_on, amount))
    for pk, recorded_on, entry_pk, percent in (
        ProgressEntry.objects.filter(project__in=ids)
        .order_by("project_id", "recorded_on", "pk")
        .values_list("project_id", "recorded_on", "pk", "percent")
    ):
        book.entries[pk].append((recorded_on, entry_pk, percent))
    return book


def with_late(projects: QuerySet[Project], on: dt.date) -> QuerySet[Project]:
    return projects.annotate(is_late=Case(When(late_projects_q(on), then=Value(True)), default=Value(False)))


def with_figures(
    projects: QuerySet[Project] | list[Project],
    on: dt.date,
    *,
    before: dt.date | None = None,
    book: Ledger | None = None,
) -> list[Project]:
    """The projects, each with ``committed``, ``paid``, ``progress`` (at ``on``) and ``is_late``; with ``before``,
    also ``paid_before`` and ``progress_before`` at that earlier date. Six queries (one with a list and a ledger).
    A list must come from with_late (it carries ``is_late``)."""
    if not isinstance(projects, list):
        projects = list(with_late(projects, on))
    if book is None:
        book = ledger(Project.objects.filter(pk__in=[p.pk for p in projects]))
    for project in projects:
        project.committed = book.committed(project.pk, on)
        project.paid = book.paid(project.pk, on)
        project.progress = book.progress(project, on)
        if before is not None:
            project.paid_before = book.paid(project.pk, before)
            project.progress_before = book.progress(project, before)
    return projects


# --- The figures ---------------------------------------------------------------------------------------------------


@dataclass
class Totals:
    """The figures of a set of projects (the whole selection, a programme, a commune)."""

    count: int = 0
    cost: Decimal = ZERO
    indh: Decimal = ZERO
    holder: Decimal = ZERO
    partners: Decimal = ZERO
    committed: Decimal = ZERO
    paid: Decimal = ZERO
    progress_weight: Decimal = ZERO  # Σ cost × progress, for the weighted average
    late: int = 0
    jobs_planned: int = 0
    jobs_created: int = 0
    beneficiaries_targeted: int = 0

    @property
    def leverage(self) -> Decimal | None:
        return rate(self.holder + self.partners, self.cost)

    @property
    def engagement_rate(self) -> Decimal | None:
        return rate(self.committed, self.indh)

    @property
    def emission_rate(self) -> Decimal | None:
        return rate(self.paid, self.committed)

    @property
    def physical_progress(self) -> Decimal | None:
        if not self.cost:
            return None
        return (self.progress_weight / self.cost).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def remaining(self) -> Decimal:
        """Committed and not paid yet."""
        return self.committed - self.paid

    def add(self, other: Totals) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def totals_of(projects, partners: dict | None = None) -> Totals:
    """The figures of projects coming from with_figures (``partners``: their partners' contributions by pk)."""
    totals = Totals()
    partners = partners or {}
    for p in projects:
        totals.count += 1
        totals.cost += p.estimated_cost
        totals.indh += p.indh_share
        totals.holder += p.holder_contribution
        totals.partners += partners.get(p.pk, ZERO)
        totals.committed += p.committed
        totals.paid += p.paid
        totals.progress_weight += p.estimated_cost * p.progress
        totals.late += bool(p.is_late)
        totals.jobs_planned += p.jobs_planned
        totals.jobs_created += p.jobs_created
        totals.beneficiaries_targeted += p.beneficiaries_total
    return totals


def group_totals(projects, key, partners: dict | None = None) -> dict:
    """Totals per group: ``key(project)`` gives each project's group."""
    groups: dict = defaultdict(list)
    for p in projects:
        groups[key(p)].append(p)
    return {group: totals_of(members, partners) for group, members in groups.items()}


def partner_amounts(projects: QuerySet[Project]) -> dict[int, Decimal]:
    """Each project's partners' contributions (one query)."""
    rows = (
        ProjectFunding.objects.filter(project__in=projects.order_by().values("pk"))
        .order_by()
        .values("project_id")
        .annotate(total=Sum("amount"))
    )
    return {row["project_id"]: row["total"] for row in rows}


FIGURE_FIELDS = [
    "pk",
    "programme_id",
    "sector_id",
    "commune_id",
    "status",
    "estimated_cost",
    "indh_share",
    "holder_contribution",
    "jobs_planned",
    "jobs_created",
    "beneficiaries_total",
    "physical_progress",
    "progress_updated_on",
    "planned_start",
    "planned_end",
    "validated_on",
]


def figured_projects(projects: QuerySet[Project], on: dt.date) -> tuple[list[Project], Ledger]:
    """The projects (only the fields the figures need) with their figures at ``on``, and their ledger: six
    queries."""
    book = ledger(projects)
    rows = with_figures(list(with_late(projects.order_by().only(*FIGURE_FIELDS), on)), on, book=book)
    return rows, book


@dataclass
class GroupRow:
    key: int | str
    label: str
    obj: object
    totals: Totals


@dataclass
class StatusRow:
    status: str
    label: str
    count: int


@dataclass
class QuarterPoint:
    label: str  # « T1 2026 »
    end: dt.date
    progress: Decimal | None  # weighted physical progress at the quarter's end
    paid: Decimal  # paid by the quarter's end (cumulative)
    committed: Decimal


@dataclass
class Dashboard:
    filters: DashboardFilters
    totals: Totals
    statuses: list[StatusRow]
    programmes: list[GroupRow]
    communes: list[dict]  # projects.record_selectors.figures_by_commune rows (territory shares)
    beneficiaries: dict  # projects.record_selectors.beneficiary_table
    quarters: list[QuarterPoint] = field(default_factory=list)


def quarter_ends(filters: DashboardFilters) -> list[dt.date]:
    """The quarters shown on the progress chart: the four of the year (up to the date), or the last eight."""
    on = filters.date
    ends = []
    if filters.year:
        for quarter in range(1, 5):
            end = _quarter_end(filters.year, quarter)
            start = end.replace(day=1, month=end.month - 2)
            if start <= on:
                ends.append(min(end, on))
        return ends or [on]
    year, quarter = on.year, (on.month - 1) // 3 + 1
    for _i in range(8):
        ends.append(min(_quarter_end(year, quarter), on))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return sorted(ends)


def _quarter_end(year: int, quarter: int) -> dt.date:
    month = quarter * 3
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def quarter_label(end: dt.date) -> str:
    return pgettext("a quarter, short, on a chart axis", "T%(quarter)s %(year)s") % {
        "quarter": (end.month - 1) // 3 + 1,
        "year": end.year,
    }


def key_totals(filters: DashboardFilters, base: QuerySet[Project] | None = None) -> Totals:
    """The totals without the partners' share: the key figures a home page shows (six queries)."""
    rows, _book = figured_projects(filtered_projects(filters, base), filters.date)
    return totals_of(rows)


def dashboard(filters: DashboardFilters, base: QuerySet[Project] | None = None, *, quarters: bool = True) -> Dashboard:
    """Every figure of the dashboard, in a fixed number of queries (see the module's docstring)."""
    on = filters.date
    projects = filtered_projects(filters, base)
    rows, book = figured_projects(projects, on)
    partners = partner_amounts(projects)
    totals = totals_of(rows, partners)

    statuses = defaultdict(int)
    for p in rows:
        statuses[p.status] += 1
    status_rows = [StatusRow(value, str(label), statuses.get(value, 0)) for value, label in Project.Status.choices]

    by_programme = group_totals(rows, lambda p: p.programme_id, partners)
    programmes = Programme.objects.in_bulk(list(by_programme))
    programme_rows = sorted(
        (
            GroupRow(key=pk, label=f"{programmes[pk].code} – {programmes[pk].name}", obj=programmes[pk], totals=t)
            for pk, t in by_programme.items()
        ),
        key=lambda r: r.obj.code,
    )

    lines = [
        SimpleNamespace(**row)
        for row in ProjectBeneficiaries.objects.filter(project__in=projects.order_by().values("pk"))
        .values("kind", "sex", "age_group")
        .annotate(count=Sum("count"))
        .order_by()
    ]
    result = Dashboard(
        filters=filters,
        totals=totals,
        statuses=status_rows,
        programmes=programme_rows,
        communes=figures_by_commune(projects),
        beneficiaries=beneficiary_table(lines),
    )
    if quarters:
        result.quarters = quarter_points(rows, quarter_ends(filters), book=book)
    return result


def quarter_points(projects, ends: list[dt.date], *, book: Ledger | None = None) -> list[QuarterPoint]:
    """Weighted progress, committed and paid at each quarter's end (``projects``: a queryset, or the rows of
    figured_projects with their ledger): no query per quarter."""
    if book is None:
        projects, book = figured_projects(projects, ends[-1] if ends else timezone.localdate())
    points = []
    for end in ends:
        cost = weight = paid = committed = ZERO
        for p in projects:
            cost += p.estimated_cost
            weight += p.estimated_cost * book.progress(p, end)
            paid += book.paid(p.pk, end)
            committed += book.committed(p.pk, end)
        progress = (weight / cost).quantize(Decimal("0.1"), ROUND_HALF_UP) if cost else None
        points.append(QuarterPoint(quarter_label(end), end, progress, paid, committed))
    return points


# --- Drill-down: the records behind a figure -----------------------------------------------------------------------

# The figures a reader can open (the « figure » parameter of the drill-down page).
DRILLABLE = {
    "projets",  # every project selected (count, cost, INDH, holder, partners, progress)
    "engage",  # the projects with a commitment
    "paye",  # the projects with a payment
    "retard",  # the projects late
    "emplois",  # the projects that created jobs
    "beneficiaires",  # the projects with beneficiary lines
}


def drill_projects(
    filters: DashboardFilters, figure: str, base: QuerySet[Project] | None = None, *, status: str = ""
) -> QuerySet[Project]:
    """The projects behind one figure of the dashboard (a queryset, in the list's order); with_figures gives their
    figures, and drill_totals their totals, which are the figure.

    ``figure`` is one of DRILLABLE; ``status`` further selects a status (the status breakdown)."""
    on = filters.date
    projects = filtered_projects(filters, base)
    if status:
        projects = projects.filter(status=status)
    if figure in ("engage", "paye"):
        rows, _book = figured_projects(projects, on)
        wanted = [p.pk for p in rows if (p.committed if figure == "engage" else p.paid) > 0]
        projects = Project.objects.filter(pk__in=wanted)
    elif figure == "retard":
        projects = projects.filter(late_projects_q(on))
    elif figure == "emplois":
        projects = projects.filter(jobs_created__gt=0)
    elif figure == "beneficiaires":
        projects = projects.filter(pk__in=ProjectBeneficiaries.objects.values("project_id"))
    return (
        with_late(projects, on)
        .select_related("programme", "commune", "holder", "sector", "phase")
        .order_by("programme__code", "code")
    )


def drill_figures(projects: QuerySet[Project], on: dt.date) -> tuple[list[Project], Ledger]:
    """Every project of a drill-down list (not only the page shown) with its figures, and their ledger."""
    return figured_projects(Project.objects.filter(pk__in=projects.order_by().values("pk")), on)


def drill_totals(projects: QuerySet[Project], on: dt.date) -> Totals:
    """The totals of every project of a drill-down list: the figure it was opened from."""
    return totals_of(drill_figures(projects, on)[0])


def filter_choices() -> dict:
    """The filters' choices (one query each)."""
    from das.models import Partner

    return {
        "phases": list(Phase.objects.order_by("start_year")),
        "programmes": list(Programme.objects.select_related("phase").order_by("phase__start_year", "code")),
        "communes": list(Commune.objects.order_by("name_fr")),
        "sectors": list(Sector.objects.order_by("name_fr")),
        "holder_kinds": Partner.Kind.choices,
        "years": sorted(
            {d.year for d in Project.objects.dates("validated_on", "year")} | {timezone.localdate().year},
            reverse=True,
        ),
    }
