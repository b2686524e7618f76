"""What the credits pages read: the years, a year's notifications and versions, and a version's grid.

Every function here reads a fixed number of queries whatever the number of programmes, budget lines or
notifications (the pages' query counts are pinned in tests/projects/test_credit_views.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from das.models import BudgetLine, FiscalYear, Programme
from projects import permissions
from projects.credit_selectors import allocation_grid, notified_by_programme
from projects.models import CreditAllocation, CreditNotification

ZERO = Decimal("0")


def credit_years() -> list[int]:
    """The years that have notifications or versions of the répartition, and the current year, latest first."""
    years = set(
        FiscalYear.objects.filter(Q(credit_notifications__isnull=False) | Q(credit_allocations__isnull=False))
        .values_list("year", flat=True)
        .distinct()
    )
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def fiscal_year_or_none(year: int) -> FiscalYear | None:
    return FiscalYear.objects.filter(year=year).first()


# --- a year's notifications ---------------------------------------------------------------------------------------
@dataclass
class NotifiedRow:
    programme: Programme
    total: Decimal = ZERO
    notifications: list = field(default_factory=list)  # the originals, each with ``.correction_list``


def notifications_of_year(fiscal_year: FiscalYear) -> list[NotifiedRow]:
    """Per programme (phases in order): what was notified, corrections included, and the notifications behind it."""
    entries = list(
        CreditNotification.objects.filter(fiscal_year=fiscal_year)
        .select_related("programme__phase", "partner")
        .order_by("notified_on", "pk")
    )
    corrections = defaultdict(list)
    for entry in entries:
        if entry.corrects_id:
            corrections[entry.corrects_id].append(entry)
    rows: dict[int, NotifiedRow] = {}
    for entry in entries:
        row = rows.setdefault(entry.programme_id, NotifiedRow(programme=entry.programme))
        row.total += entry.amount
        if not entry.corrects_id:
            entry.correction_list = corrections.get(entry.pk, [])
            row.notifications.append(entry)
    return sorted(rows.values(), key=lambda r: (r.programme.phase.start_year, r.programme.code))


def versions_of_year(fiscal_year: FiscalYear, user) -> list[CreditAllocation]:
    """The versions of the répartition this user may read (the DBM and the Cabinet: those sent to the DBM)."""
    versions = CreditAllocation.objects.filter(fiscal_year=fiscal_year).select_related(
        "created_by", "validated_by", "transmitted_by", "acknowledged_by"
    )
    return [v for v in versions.order_by("-number") if permissions.can_view_allocation(user, v)]


def open_version(fiscal_year: FiscalYear) -> CreditAllocation | None:
    return CreditAllocation.objects.filter(fiscal_year=fiscal_year, status__in=CreditAllocation.OPEN).first()


def notification_with_corrections(pk: int) -> CreditNotification:
    """A notification with what it needs on its page; raises DoesNotExist."""
    notification = CreditNotification.objects.select_related(
        "fiscal_year", "programme__phase", "partner", "recorded_by", "corrects"
    ).get(pk=pk)
    notification.correction_list = list(
        notification.corrections.select_related("recorded_by").order_by("notified_on", "pk")
    )
    return notification


def load_allocation(pk: int) -> CreditAllocation:
    """A version with its people, year, previous version and CPDH decision; raises DoesNotExist."""
    return CreditAllocation.objects.select_related(
        "fiscal_year",
        "previous",
        "created_by",
        "validated_by",
        "transmitted_by",
        "acknowledged_by",
        "cpdh_decision__item__meeting",
    ).get(pk=pk)


# --- a version's grid ---------------------------------------------------------------------------------------------
@dataclass
class GridCell:
    budget_line: BudgetLine
    amount: Decimal
    name: str  # the input's name in the editor


@dataclass
class GridRow:
    programme: Programme
    notified: Decimal
    cells: list[GridCell]

    @property
    def total(self) -> Decimal:
        return sum((cell.amount for cell in self.cells), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.notified - self.total

    @property
    def excess(self) -> Decimal:
        return self.total - self.notified

    @property
    def over(self) -> bool:
        return self.total > self.notified


@dataclass
class Grid:
    lines: list[BudgetLine]
    rows: list[GridRow]

    @property
    def column_totals(self) -> list[Decimal]:
        return [sum((row.cells[i].amount for row in self.rows), ZERO) for i in range(len(self.lines))]

    @property
    def total(self) -> Decimal:
        return sum((row.total for row in self.rows), ZERO)

    @property
    def notified(self) -> Decimal:
        return sum((row.notified for row in self.rows), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.notified - self.total

    def cell_names(self) -> list[tuple[str, int, int]]:
        return [(cell.name, row.programme.pk, cell.budget_line.pk) for row in self.rows for cell in row.cells]


def running_in(year: int) -> Q:
    """Programmes of a phase running in ``year``; past its planned end (credits still flow after a phase's last
    year while the next one is awaited), those of the latest phase started by then."""
    from das.models import Phase

    running = Q(phase__start_year__lte=year) & (Q(phase__end_year__isnull=True) | Q(phase__end_year__gte=year))
    if Programme.objects.filter(running).exists():
        return running
    latest = Phase.objects.filter(start_year__lte=year).order_by("-start_year").values_list("pk", flat=True).first()
    return Q(phase_id=latest) if latest else running


def cell_name(programme_id: int, budget_line_id: int) -> str:
    return f"cell-{programme_id}-{budget_line_id}"


def allocation_table(allocation: CreditAllocation, *, editing: bool = False, amounts: dict | None = None) -> Grid:
    """The grid of a version: programmes as rows (with what was notified), budget lines as columns.

    Read-only, it shows the programmes notified or present in the grid and the budget lines in use or active;
    in the editor, it also offers the active programmes of a phase running that year. ``amounts`` (cell name →
    amount) replaces the saved figures, to show again what was typed when a save is refused.
    """
    year = allocation.fiscal_year.year
    saved = allocation_grid(allocation)
    notified = notified_by_programme(allocation.fiscal_year)
    programme_filter = Q(pk__in=set(notified) | {key[0] for key in saved})
    if editing:
        programme_filter |= Q(is_active=True) & running_in(year)
    programmes = (
        Programme.objects.filter(programme_filter).select_related("phase").order_by("phase__start_year", "code")
    )
    lines = list(BudgetLine.objects.filter(Q(is_active=True) | Q(pk__in={key[1] for key in saved})).order_by("code"))
    rows = []
    for programme in programmes:
        cells = []
        for line in lines:
            name = cell_name(programme.pk, line.pk)
            amount = saved.get((programme.pk, line.pk), ZERO) if amounts is None else (amounts.get(name) or ZERO)
            cells.append(GridCell(budget_line=line, amount=amount, name=name))
        rows.append(GridRow(programme=programme, notified=notified.get(programme.pk, ZERO), cells=cells))
    return Grid(lines=lines, rows=rows)


# --- the home page ------------------------------------------------------------------------------------------------
def versions_waiting(status) -> list[CreditAllocation]:
    return list(
        CreditAllocation.objects.filter(status=status).select_related("fiscal_year").order_by("-fiscal_year__year")
    )
