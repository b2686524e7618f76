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

Every figure is one aggregate query over the filtered projects, so a page does the same number of queries whether
the province has 50 projects or 5,000.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace
from urllib.parse import urlencode

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
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
MONEY = DecimalField(max_digits=18, decimal_places=2)


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


# --- Per-project money and progress at a date (annotations) ----------------------------------------------------------


def _sum_subquery(queryset: QuerySet, field_name: str) -> Coalesce:
    total = queryset.order_by().values(group=Value(1)).annotate(total=Sum(field_name)).values("total")
    return Coalesce(Subquery(total, output_field=MONEY), Value(ZERO), output_field=MONEY)


def committed_at(on: dt.date) -> Coalesce:
    """What the INDH committed to the project (OuterRef) by ``on`` (see the module's docstring)."""
    live = ConventionParty.objects.filter(
        convention__project=OuterRef("pk"),
        kind=ConventionParty.Kind.GOVERNOR,
        convention__status__in=COMMITTING,
        convention__signed_on__lte=on,
    )
    terminated = Payment.objects.filter(
        tranche__convention__project=OuterRef("pk"),
        tranche__convention__status=Convention.Status.TERMINATED,
        tranche__convention__signed_on__lte=on,
        paid_on__lte=on,
    )
    marches = Procurement.objects.filter(
        project=OuterRef("pk"), awarded_on__lte=on, awarded_amount__isnull=False, ending=""
    )
    signed = Convention.objects.filter(project=OuterRef("pk"), signed_on__isnull=False, signed_on__lte=on)
    return Coalesce(
        _sum_subquery(live, "contribution")
        + _sum_subquery(terminated, "amount")
        + Case(When(Exists(signed), then=Value(ZERO)), default=_sum_subquery(marches, "awarded_amount")),
        Value(ZERO),
        output_field=MONEY,
    )


def paid_at(on: dt.date) -> Coalesce:
    return _sum_subquery(Payment.objects.filter(tranche__convention__project=OuterRef("pk"), paid_on__lte=on), "amount")


def progress_at(on: dt.date):
    """The project's physical progress (%) at ``on``: the record's when its last entry is not later, else the last
    entry recorded by then (0 without one)."""
    entry = (
        ProgressEntry.objects.filter(project=OuterRef("pk"), recorded_on__lte=on)
        .order_by("-recorded_on", "-pk")
        .values("percent")[:1]
    )
    return Case(
        When(Q(progress_updated_on__isnull=True) | Q(progress_updated_on__lte=on), then=F("physical_progress")),
        default=Coalesce(Subquery(entry, output_field=IntegerField()), Value(0)),
        output_field=IntegerField(),
    )


def with_figures(projects: QuerySet[Project], on: dt.date) -> QuerySet[Project]:
    """Projects annotated with ``committed``, ``paid``, ``progress`` (at ``on``) and ``is_late``."""
    return projects.annotate(
        committed=committed_at(on),
        paid=paid_at(on),
        progress=progress_at(on),
        is_late=Case(When(late_projects_q(on), then=Value(True)), default=Value(False)),
    )


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


def _aggregates(on: dt.date) -> dict:
    """The figures as aggregates over the projects: the per-project subqueries are summed in place (Django cannot
    aggregate over subquery annotations mixed with filtered counts)."""
    return {
        "count": Count("pk"),
        "cost": Coalesce(Sum("estimated_cost"), Value(ZERO), output_field=MONEY),
        "indh": Coalesce(Sum("indh_share"), Value(ZERO), output_field=MONEY),
        "holder": Coalesce(Sum("holder_contribution"), Value(ZERO), output_field=MONEY),
        "committed": Coalesce(Sum(committed_at(on)), Value(ZERO), output_field=MONEY),
        "paid": Coalesce(Sum(paid_at(on)), Value(ZERO), output_field=MONEY),
        "progress_weight": Coalesce(
            Sum(F("estimated_cost") * progress_at(on), output_field=MONEY), Value(ZERO), output_field=MONEY
        ),
        "late": Count("pk", filter=late_projects_q(on)),
        "jobs_planned": Coalesce(Sum("jobs_planned"), Value(0)),
        "jobs_created": Coalesce(Sum("jobs_created"), Value(0)),
        "beneficiaries_targeted": Coalesce(Sum("beneficiaries_total"), Value(0)),
    }


def _totals(row: dict, partners: Decimal) -> Totals:
    return Totals(partners=partners, **{f.name: row[f.name] for f in fields(Totals) if f.name != "partners"})


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


def partners_by(projects: QuerySet[Project], group: str | None = None) -> dict:
    """Partners' contributions of ``projects``, in total (key None) or per ``group`` (a Project field)."""
    fundings = ProjectFunding.objects.filter(project__in=projects.values("pk")).order_by()
    if group is None:
        return {None: fundings.aggregate(total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY))["total"]}
    rows = fundings.values(key=F(f"project__{group}")).annotate(total=Sum("amount"))
    return {row["key"]: row["total"] for row in rows}


def key_totals(filters: DashboardFilters, base: QuerySet[Project] | None = None) -> Totals:
    """The totals without the partners' share, in one aggregate query: the key figures a home page shows."""
    projects = filtered_projects(filters, base)
    return _totals(projects.order_by().aggregate(**_aggregates(filters.date)), ZERO)


def dashboard(filters: DashboardFilters, base: QuerySet[Project] | None = None, *, quarters: bool = True) -> Dashboard:
    """Every figure of the dashboard, in a fixed number of queries (see the module's docstring)."""
    on = filters.date
    projects = filtered_projects(filters, base)
    aggregates = _aggregates(on)
    totals = _totals(projects.order_by().aggregate(**aggregates), partners_by(projects)[None])

    statuses = dict(projects.order_by().values_list("status").annotate(n=Count("pk")))
    status_rows = [StatusRow(value, str(label), statuses.get(value, 0)) for value, label in Project.Status.choices]

    partners = partners_by(projects, "programme_id")
    grouped = projects.order_by().values("programme_id").annotate(**aggregates).order_by()
    programmes = Programme.objects.in_bulk([row["programme_id"] for row in grouped])
    programme_rows = [
        GroupRow(
            key=row["programme_id"],
            label=f"{programmes[row['programme_id']].code} – {programmes[row['programme_id']].name}",
            obj=programmes[row["programme_id"]],
            totals=_totals(row, partners.get(row["programme_id"], ZERO)),
        )
        for row in grouped
    ]
    programme_rows.sort(key=lambda r: r.obj.code)

    lines = [
        SimpleNamespace(**row)
        for row in ProjectBeneficiaries.objects.filter(project__in=projects.values("pk"))
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
        result.quarters = quarter_points(projects, quarter_ends(filters))
    return result


def quarter_points(projects: QuerySet[Project], ends: list[dt.date]) -> list[QuarterPoint]:
    """Weighted progress, committed and paid at each quarter's end: one aggregate query per quarter shown."""
    points = []
    for end in ends:
        aggregates = _aggregates(end)
        row = projects.order_by().aggregate(
            cost=aggregates["cost"],
            weight=aggregates["progress_weight"],
            paid=aggregates["paid"],
            committed=aggregates["committed"],
        )
        progress = (row["weight"] / row["cost"]).quantize(Decimal("0.1"), ROUND_HALF_UP) if row["cost"] else None
        points.append(QuarterPoint(quarter_label(end), end, progress, row["paid"], row["committed"]))
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
    """The projects behind one figure of the dashboard, annotated as ``with_figures``; their totals are the figure.

    ``figure`` is one of DRILLABLE; ``status`` further selects a status (the status breakdown)."""
    on = filters.date
    projects = filtered_projects(filters, base)
    if status:
        projects = projects.filter(status=status)
    annotated = with_figures(projects, on).select_related("programme", "commune", "holder", "sector", "phase")
    if figure == "engage":
        annotated = annotated.filter(committed__gt=0)
    elif figure == "paye":
        annotated = annotated.filter(paid__gt=0)
    elif figure == "retard":
        annotated = annotated.filter(late_projects_q(on))
    elif figure == "emplois":
        annotated = annotated.filter(jobs_created__gt=0)
    elif figure == "beneficiaires":
        annotated = annotated.filter(beneficiary_lines__isnull=False).distinct()
    return annotated.order_by("programme__code", "code")


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
