"""Reading the credits: a year's versions of the répartition, the differences between two versions, and the money
picture (notified, allocated, committed, paid, available) by programme and budget line.

What each figure of the money picture is (the page's legend says the same):

- **notifié**: the sum of the year's notifications for the programme, corrections included (per programme only:
  the fund notifies programmes, the division splits them into budget lines);
- **réparti**: the cells of the version in force, the last one transmitted to the DBM (or, before any transmission,
  the last one validated);
- **engagé**: the INDH contribution of the conventions signed in the year, as amended by their signed avenants; for
  a convention since terminated, only what was paid on it; and for a project carried out without a convention
  (the province as maître d'ouvrage), the amount of its marchés awarded in the year and not cancelled;
- **payé**: the payments on those conventions, whenever they were made (they consume the credits of the year the
  convention committed);
- **disponible** = réparti − engagé; **taux d'engagement** = engagé ÷ réparti; **taux d'émission** = payé ÷ engagé.

A project is counted under its programme and its budget line (``Project.budget_line``); a project without one is
shown under « Rubrique non précisée ». Every figure is one aggregate query for the whole year: the page does the
same number of queries whatever the number of projects.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Q, Sum

from das.models import BudgetLine, FiscalYear, Programme
from projects.models import (
    AllocationLine,
    Convention,
    ConventionParty,
    CreditAllocation,
    CreditNotification,
    Payment,
    Procurement,
)

ZERO = Decimal("0")
CENT = Decimal("0.01")
COMMITTING = (Convention.Status.SIGNED, Convention.Status.EXECUTING, Convention.Status.CLOSED)
NO_LINE = None  # the key of the « Rubrique non précisée » cells


def rate(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """A percentage to the hundredth, or None when there is nothing to divide by."""
    if not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    notified: Decimal | None = None  # None for a budget line: the fund notifies programmes only
    allocated: Decimal = ZERO
    committed: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def available(self) -> Decimal:
        return self.allocated - self.committed

    @property
    def unallocated(self) -> Decimal | None:
        return None if self.notified is None else self.notified - self.allocated

    @property
    def engagement_rate(self) -> Decimal | None:
        return rate(self.committed, self.allocated)

    @property
    def emission_rate(self) -> Decimal | None:
        return rate(self.paid, self.committed)

    def add(self, other: Figures) -> None:
        if other.notified is not None:
            self.notified = (self.notified or ZERO) + other.notified
        self.allocated += other.allocated
        self.committed += other.committed
        self.paid += other.paid


@dataclass
class LineRow:
    budget_line: BudgetLine | None
    figures: Figures

    @property
    def budget_line_key(self) -> str:
        return str(self.budget_line.pk) if self.budget_line else "aucune"


@dataclass
class ProgrammeRow:
    programme: Programme
    figures: Figures
    lines: list[LineRow] = field(default_factory=list)


@dataclass
class MoneyPicture:
    fiscal_year: FiscalYear
    allocation: CreditAllocation | None
    rows: list[ProgrammeRow]
    total: Figures
    phase: object = None


def allocation_in_force(fiscal_year: FiscalYear) -> CreditAllocation | None:
    """The last version sent to the DBM; before any was sent, the last validated one; else None."""
    versions = CreditAllocation.objects.filter(fiscal_year=fiscal_year).select_related("fiscal_year")
    sent = versions.filter(status__in=CreditAllocation.SENT).order_by("-number").first()
    if sent:
        return sent
    return versions.filter(status=CreditAllocation.Status.VALIDATED).order_by("-number").first()


def _cells(rows, programme_key: str, line_key: str, value_key: str = "total") -> dict:
    return {(row[programme_key], row[line_key]): row[value_key] or ZERO for row in rows}


def notified_by_programme(fiscal_year: FiscalYear) -> dict[int, Decimal]:
    """What was notified for each programme in the year, corrections included (the ceiling of the répartition)."""
    rows = (
        CreditNotification.objects.filter(fiscal_year=fiscal_year)
        .values("programme_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row["programme_id"]: row["total"] for row in rows}


def allocated_by_programme(allocation: CreditAllocation) -> dict[int, Decimal]:
    rows = allocation.lines.values("programme_id").annotate(total=Sum("amount")).order_by()
    return {row["programme_id"]: row["total"] for row in rows}


def committed_conventions(year: int):
    """The conventions whose commitment counts in ``year`` (see the module's docstring)."""
    return Convention.objects.filter(signed_on__year=year).filter(
        Q(status__in=COMMITTING) | Q(status=Convention.Status.TERMINATED)
    )


def uncovered_procurements(year: int):
    """Marchés awarded in ``year``, not cancelled nor unsuccessful, of projects that have no signed convention."""
    return (
        Procurement.objects.filter(awarded_on__year=year, awarded_amount__isnull=False, ending="")
        .exclude(project__conventions__signed_on__isnull=False)
        .select_related("project")
    )


def year_payments(year: int):
    """The payments that consume ``year``'s credits: those of the conventions signed in ``year``."""
    return Payment.objects.filter(tranche__convention__signed_on__year=year)


def committed_cells(year: int) -> dict:
    project = "convention__project__"
    live = (
        ConventionParty.objects.filter(
            kind=ConventionParty.Kind.GOVERNOR, convention__signed_on__year=year, convention__status__in=COMMITTING
        )
        .values(programme=F(f"{project}programme_id"), line=F(f"{project}budget_line_id"))
        .annotate(total=Sum("contribution"))
        .order_by()
    )
    terminated = (
        year_payments(year)
        .filter(tranche__convention__status=Convention.Status.TERMINATED)
        .values(
            programme=F("tranche__convention__project__programme_id"),
            line=F("tranche__convention__project__budget_line_id"),
        )
        .annotate(total=Sum("amount"))
        .order_by()
    )
    marches = (
        uncovered_procurements(year)
        .values(programme=F("project__programme_id"), line=F("project__budget_line_id"))
        .annotate(total=Sum("awarded_amount"))
        .order_by()
    )
    cells: dict = defaultdict(lambda: ZERO)
    for rows in (live, terminated, marches):
        for key, amount in _cells(rows, "programme", "line").items():
            cells[key] += amount
    return dict(cells)


def paid_cells(year: int) -> dict:
    rows = (
        year_payments(year)
        .values(
            programme=F("tranche__convention__project__programme_id"),
            line=F("tranche__convention__project__budget_line_id"),
        )
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return _cells(rows, "programme", "line")


def money_picture(fiscal_year: FiscalYear, *, phase=None) -> MoneyPicture:
    """The year's figures by programme and budget line, in a fixed number of queries (nine)."""
    year = fiscal_year.year
    allocation = allocation_in_force(fiscal_year)
    notified = notified_by_programme(fiscal_year)
    measures = {
        "allocated": allocation_grid(allocation) if allocation else {},
        "committed": committed_cells(year),
        "paid": paid_cells(year),
    }
    programme_ids = set(notified)
    line_ids = set()
    for cells in measures.values():
        for programme_id, line_id in cells:
            programme_ids.add(programme_id)
            if line_id is not None:
                line_ids.add(line_id)
    programmes = Programme.objects.filter(pk__in=programme_ids).select_related("phase")
    if phase is not None:
        programmes = programmes.filter(phase=phase)
    lines = {line.pk: line for line in BudgetLine.objects.filter(pk__in=line_ids)}
    rows = []
    total = Figures(notified=ZERO)
    for programme in programmes.order_by("phase__start_year", "code"):
        keys = {key for cells in measures.values() for key in cells if key[0] == programme.pk}
        line_rows = []
        programme_figures = Figures(notified=notified.get(programme.pk, ZERO))
        for key in sorted(keys, key=lambda k: (k[1] is None, lines[k[1]].code if k[1] is not None else "")):
            figures = Figures(**{name: cells.get(key, ZERO) for name, cells in measures.items()})
            line_rows.append(LineRow(budget_line=lines.get(key[1]), figures=figures))
            programme_figures.add(figures)
        rows.append(ProgrammeRow(programme=programme, figures=programme_figures, lines=line_rows))
        total.add(programme_figures)
    return MoneyPicture(fiscal_year=fiscal_year, allocation=allocation, rows=rows, total=total, phase=phase)


# --- versions ---------------------------------------------------------------------------------------------------
@dataclass
class CellChange:
    programme: Programme
    budget_line: BudgetLine
    before: Decimal
    after: Decimal

    @property
    def delta(self) -> Decimal:
        return self.after - self.before


def allocation_grid(allocation: CreditAllocation) -> dict[tuple[int, int], Decimal]:
    return {
        (line.programme_id, line.budget_line_id): line.amount
        for line in AllocationLine.objects.filter(allocation=allocation).only(
            "programme_id", "budget_line_id", "amount"
        )
    }


def allocation_changes(allocation: CreditAllocation, previous: CreditAllocation | None = None) -> list[CellChange]:
    """The cells that differ between ``previous`` (by default the version it revises) and ``allocation``."""
    previous = previous if previous is not None else allocation.previous
    if previous is None:
        return []
    before, after = allocation_grid(previous), allocation_grid(allocation)
    keys = [key for key in set(before) | set(after) if before.get(key, ZERO) != after.get(key, ZERO)]
    programmes = Programme.objects.in_bulk({key[0] for key in keys})
    lines = BudgetLine.objects.in_bulk({key[1] for key in keys})
    changes = [
        CellChange(programmes[p], lines[b], before.get((p, b), ZERO), after.get((p, b), ZERO)) for p, b in keys
    ]
    return sorted(changes, key=lambda c: (c.programme.code, c.budget_line.code))
