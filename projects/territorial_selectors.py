"""Reads of the human-development indicators (indicateurs de développement humain): the entry grid, the trends per
territory, the comparison between communes and the flag of the communes that are worse off than the province
while receiving less INDH money per inhabitant.

What each figure is (the pages' legend says the same):

- **valeur de la province** (reference) for an indicator and a year = the mean of the communes' values weighted by
  their population: Σ(valeur × population) ÷ Σ(population), over the communes that have both a value for that year
  (a commune-level value; quartier / douar values are not added in) and a population on record. Communes without a
  population or without a value are left out of both sums; with none left, the province has no reference.
- **argent INDH par habitant** of a commune for a year = the INDH share of the projects validated (validated_on) up
  to 31 December of that year and not abandoned, split between the communes they serve by their declared territory
  shares (projects.record_selectors.territory_figures), ÷ the commune's population. **The province's** = the INDH
  money of the communes that have a population ÷ their total population (communes without a population are left
  out of both, so the figure is not inflated by money spread over unknown inhabitants).
- a commune is **signalée** for an indicator and a year when its value is worse than the province's (in the
  indicator's direction: lower is worse for « hausse », higher for « baisse ») AND its INDH money per inhabitant is
  below the province's. A commune without a value, a population, or with no province reference is not judged.

These statistics describe the whole province (like the calls and the credits, they are not limited to a user's
communes): a reader's commune scope does not apply to them.

Every function does a fixed number of queries whatever the number of communes, years or projects.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from das.models import Commune, Locality
from projects.models import Project, TerritorialIndicator, TerritorialIndicatorValue
from projects.record_selectors import territory_figures

ZERO = Decimal("0")
CENT = Decimal("0.01")
MONEY_CENT = Decimal("0.01")


def indicators(active_only: bool = False) -> QuerySet[TerritorialIndicator]:
    queryset = TerritorialIndicator.objects.order_by("code")
    return queryset.filter(is_active=True) if active_only else queryset


def communes() -> list[Commune]:
    return list(Commune.objects.order_by("name_fr"))


def value_years() -> list[int]:
    """The years that have at least one value, most recent first (one query)."""
    return list(TerritorialIndicatorValue.objects.order_by("-year").values_list("year", flat=True).distinct())


# --- The entry grid --------------------------------------------------------------------------------------------------


def cell_name(indicator_id: int, commune_id: int, locality_id: int | None) -> str:
    """The form name of one cell of the grid (the service names its errors the same way)."""
    return f"v_{indicator_id}_{commune_id}_{locality_id or 0}"


def grid_values(year: int, indicator_ids, commune: Commune | None = None) -> QuerySet[TerritorialIndicatorValue]:
    """The values one grid shows: every commune's own value (no locality), or the values of ``commune``'s quartiers
    and douars."""
    values = TerritorialIndicatorValue.objects.filter(year=year, indicator_id__in=list(indicator_ids))
    if commune is None:
        return values.filter(locality__isnull=True)
    return values.filter(commune=commune, locality__isnull=False)


def grid_stamp(values) -> str:
    """A fingerprint of what the grid showed (each value's id and last change): a value added, changed or removed
    since the grid was opened changes it, which the save refuses rather than overwrite someone's figures."""
    parts = sorted(f"{v.pk}:{v.updated_at.isoformat()}" for v in values)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


@dataclass
class GridRow:
    commune: Commune
    locality: Locality | None
    cells: list[dict] = field(default_factory=list)  # {name, indicator, value (Decimal | None)}

    @property
    def label(self) -> str:
        return str(self.locality or self.commune)


@dataclass
class Grid:
    year: int
    commune: Commune | None  # None: one row per commune; a commune: one row per quartier / douar
    indicators: list[TerritorialIndicator]
    rows: list[GridRow]
    stamp: str


def grid(year: int, commune: Commune | None = None) -> Grid:
    """The grid of one year: the active indicators as columns; rows the communes (their own values) or the
    quartiers / douars of one commune. Three queries."""
    columns = list(indicators(active_only=True))
    values = list(grid_values(year, [i.pk for i in columns], commune))
    by_key = {(v.indicator_id, v.commune_id, v.locality_id): v.value for v in values}
    if commune is None:
        places = [(c, None) for c in communes()]
    else:
        places = [(commune, loc) for loc in Locality.objects.filter(commune=commune).order_by("name_fr")]
    rows = []
    for place, locality in places:
        locality_id = locality.pk if locality else None
        row = GridRow(place, locality)
        for indicator in columns:
            row.cells.append(
                {
                    "name": cell_name(indicator.pk, place.pk, locality_id),
                    "indicator": indicator,
                    "key": (indicator.pk, place.pk, locality_id),
                    "value": by_key.get((indicator.pk, place.pk, locality_id)),
                }
            )
        rows.append(row)
    return Grid(year=year, commune=commune, indicators=columns, rows=rows, stamp=grid_stamp(values))


# --- Reference values and money per inhabitant -------------------------------------------------------------------


def weighted_reference(pairs) -> Decimal | None:
    """Σ(value × population) ÷ Σ(population) over (value, population) pairs whose population is known and > 0."""
    kept = [(value, population) for value, population in pairs if value is not None and population]
    weight = sum((Decimal(population) for _value, population in kept), ZERO)
    if not weight:
        return None
    total = sum((value * population for value, population in kept), ZERO)
    return (total / weight).quantize(CENT, ROUND_HALF_UP)


def _commune_values(indicator_ids, years=None) -> dict[tuple[int, int, int], Decimal]:
    """(indicator, commune, year) → the commune's own value (one query)."""
    values = TerritorialIndicatorValue.objects.filter(indicator_id__in=list(indicator_ids), locality__isnull=True)
    if years is not None:
        values = values.filter(year__in=list(years))
    return {
        (indicator_id, commune_id, year): value
        for indicator_id, commune_id, year, value in values.values_list("indicator_id", "commune_id", "year", "value")
    }


def funded_projects(year: int) -> QuerySet[Project]:
    """The projects whose INDH money counts for ``year``: validated by 31 December, not abandoned."""
    return Project.objects.filter(validated_on__lte=dt.date(year, 12, 31)).exclude(status=Project.Status.ABANDONED)


@dataclass(frozen=True)
class Money:
    by_commune: dict[int, Decimal]  # commune id → INDH money (DH)
    per_inhabitant: dict[int, Decimal | None]  # commune id → DH per inhabitant (None without a population)
    province_total: Decimal  # INDH money of the communes with a population
    province_population: int
    province_per_inhabitant: Decimal | None


def money_per_inhabitant(year: int, all_communes: list[Commune]) -> Money:
    """The INDH money each commune received up to ``year`` and per inhabitant, and the province's (three queries)."""
    by_commune: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in territory_figures(funded_projects(year)):
        by_commune[row.commune.pk] += row.indh_share
    per_inhabitant = {}
    total, population = ZERO, 0
    for commune in all_communes:
        money = by_commune.get(commune.pk, ZERO)
        if commune.population:
            per_inhabitant[commune.pk] = (money / commune.population).quantize(MONEY_CENT, ROUND_HALF_UP)
            total += money
            population += commune.population
        else:
            per_inhabitant[commune.pk] = None
    province = (total / population).quantize(MONEY_CENT, ROUND_HALF_UP) if population else None
    return Money(dict(by_commune), per_inhabitant, total, population, province)


# --- Comparison between communes and flags ---------------------------------------------------------------------------


@dataclass
class ComparisonRow:
    commune: Commune
    value: Decimal | None
    population: int | None
    money: Decimal
    money_per_inhabitant: Decimal | None
    worse: bool | None  # None: not judged (no value or no reference)
    less_money: bool | None
    rank: int | None = None

    @property
    def flagged(self) -> bool:
        return bool(self.worse and self.less_money)


@dataclass
class Comparison:
    indicator: TerritorialIndicator
    year: int
    rows: list[ComparisonRow]
    reference: Decimal | None
    reference_communes: int  # how many communes the reference is computed over
    left_out: list[Commune]  # communes without value or population, left out of the reference
    money: Money

    @property
    def flagged(self) -> list[ComparisonRow]:
        return [row for row in self.rows if row.flagged]


def _judge(indicator, value, reference, money_pi, province_pi) -> tuple[bool | None, bool | None]:
    worse = None if value is None or reference is None else indicator.is_worse(value, reference)
    less = None if money_pi is None or province_pi is None else money_pi < province_pi
    return worse, less


def _sort_key(indicator, row: ComparisonRow):
    """Worst first, in the indicator's direction; communes without a value at the end, by name."""
    if row.value is None:
        return (1, ZERO, row.commune.name_fr)
    value = row.value if indicator.direction == TerritorialIndicator.Direction.LOWER_IS_BETTER else -row.value
    return (0, -value, row.commune.name_fr)


def comparison(indicator: TerritorialIndicator, year: int) -> Comparison:
    """Every commune's value of ``indicator`` for ``year`` against the province's reference, with its INDH money
    per inhabitant and its flag; from the worst value to the best. Five queries."""
    all_communes = communes()
    values = _commune_values([indicator.pk], [year])
    money = money_per_inhabitant(year, all_communes)
    pairs = [(values.get((indicator.pk, c.pk, year)), c.population) for c in all_communes]
    reference = weighted_reference(pairs)
    rows = []
    for commune in all_communes:
        value = values.get((indicator.pk, commune.pk, year))
        worse, less = _judge(
            indicator, value, reference, money.per_inhabitant[commune.pk], money.province_per_inhabitant
        )
        rows.append(
            ComparisonRow(
                commune=commune,
                value=value,
                population=commune.population,
                money=money.by_commune.get(commune.pk, ZERO),
                money_per_inhabitant=money.per_inhabitant[commune.pk],
                worse=worse,
                less_money=less,
            )
        )
    rows.sort(key=lambda row: _sort_key(indicator, row))
    for rank, row in enumerate((r for r in rows if r.value is not None), start=1):
        row.rank = rank
    left_out = [
        c for (value, population), c in zip(pairs, all_communes, strict=True) if value is None or not population
    ]
    return Comparison(
        indicator=indicator,
        year=year,
        rows=rows,
        reference=reference,
        reference_communes=len(all_communes) - len(left_out),
        left_out=left_out,
        money=money,
    )


@dataclass(frozen=True)
class Flag:
    indicator: TerritorialIndicator
    commune: Commune
    value: Decimal
    reference: Decimal
    money_per_inhabitant: Decimal
    province_per_inhabitant: Decimal


def flags(year: int) -> tuple[list[Flag], Money, int]:
    """Every (commune, active indicator) flagged for ``year``, by commune then indicator; the money figures; and how
    many indicators had a province reference that year. Five queries."""
    all_communes = communes()
    columns = list(indicators(active_only=True))
    values = _commune_values([i.pk for i in columns], [year])
    money = money_per_inhabitant(year, all_communes)
    found, judged = [], 0
    for indicator in columns:
        reference = weighted_reference([(values.get((indicator.pk, c.pk, year)), c.population) for c in all_communes])
        if reference is None:
            continue
        judged += 1
        for commune in all_communes:
            value = values.get((indicator.pk, commune.pk, year))
            worse, less = _judge(
                indicator, value, reference, money.per_inhabitant[commune.pk], money.province_per_inhabitant
            )
            if worse and less:
                found.append(
                    Flag(
                        indicator,
                        commune,
                        value,
                        reference,
                        money.per_inhabitant[commune.pk],
                        money.province_per_inhabitant,
                    )
                )
    found.sort(key=lambda f: (f.commune.name_fr, f.indicator.code))
    return found, money, judged


# --- Trends ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    year: int
    value: Decimal | None  # the commune's (None on the province's own trend)
    reference: Decimal | None
    worse: bool | None


def trend(indicator: TerritorialIndicator, commune: Commune | None = None) -> list[TrendPoint]:
    """The indicator over the years that have values: the commune's value (if one is given) and the province's
    reference each year, oldest first. Two queries."""
    all_communes = communes()
    values = _commune_values([indicator.pk])
    years = sorted({year for (_i, _c, year) in values})
    points = []
    for year in years:
        reference = weighted_reference([(values.get((indicator.pk, c.pk, year)), c.population) for c in all_communes])
        value = values.get((indicator.pk, commune.pk, year)) if commune is not None else None
        worse = None if value is None or reference is None else indicator.is_worse(value, reference)
        points.append(TrendPoint(year, value, reference, worse))
    return points
