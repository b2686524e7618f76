"""The figures of the human-development indicator analyses, against hand-computed values."""

from decimal import Decimal

import pytest

from projects import territorial_selectors as selectors
from projects.models import Project
from projects.services import territorial as services
from tests.projects.territorial_builders import LAST, commune, indicator, project

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


def enter(agent, year, values):
    """values: {(indicator, commune): "text"}, through the grid service."""
    grid = selectors.grid(year)
    services.grid_save(
        by=agent,
        year=year,
        cells={(i.pk, c.pk, None): text for (i, c), text in values.items()},
        expected_stamp=grid.stamp,
    )


@pytest.fixture
def ground(agent):
    """Four communes: A (10,000 inhabitants), B (30,000), C (population unknown), D (20,000, no value)."""
    a, b, c = commune("A01", 10_000, "Aourir"), commune("B01", 30_000, "Biougra"), commune("C01", None, "Chtouka")
    d = commune("D01", 20_000, "Drarga")
    poverty = indicator(agent, code="IDH-PAUV", direction="baisse")
    school = indicator(agent, code="IDH-SCOL", direction="hausse")
    enter(
        agent, LAST, {(poverty, a): "20", (poverty, b): "10", (poverty, c): "50", (school, a): "80", (school, b): "95"}
    )
    enter(agent, LAST - 1, {(poverty, a): "22", (poverty, b): "12"})
    # INDH money counted for LAST: validated by 31/12/LAST and not abandoned.
    project("P1", a, 80_000, validated_year=LAST - 1)
    project("P2", b, 900_000)
    project("P3", a, 200_000, territories=[(a, 50), (b, 50)])  # 100,000 each
    project("P4", a, 1_000_000, status=Project.Status.ABANDONED)  # left out
    project("P5", a, 500_000, validated_year=LAST + 1)  # validated after the year: left out
    project("P6", c, 300_000)  # C has no population: out of the province's money per inhabitant
    return {"a": a, "b": b, "c": c, "d": d, "poverty": poverty, "school": school}


def test_the_province_reference_is_the_population_weighted_mean_of_the_communes_with_both():
    assert selectors.weighted_reference([(Decimal("20"), 10_000), (Decimal("10"), 30_000)]) == Decimal("12.50")
    assert selectors.weighted_reference([(Decimal("20"), None), (None, 30_000)]) is None


def test_money_per_inhabitant(ground):
    a, b, c, d = ground["a"], ground["b"], ground["c"], ground["d"]
    money = selectors.money_per_inhabitant(LAST, selectors.communes())
    assert money.by_commune == {a.pk: Decimal("180000.00"), b.pk: Decimal("1000000.00"), c.pk: Decimal("300000.00")}
    assert money.per_inhabitant == {a.pk: Decimal("18.00"), b.pk: Decimal("33.33"), c.pk: None, d.pk: Decimal("0.00")}
    # (180,000 + 1,000,000 + 0) ÷ (10,000 + 30,000 + 20,000)
    assert money.province_total == Decimal("1180000.00")
    assert money.province_population == 60_000
    assert money.province_per_inhabitant == Decimal("19.67")
    # The year before: only P1.
    before = selectors.money_per_inhabitant(LAST - 1, selectors.communes())
    assert before.province_per_inhabitant == Decimal("1.33")


def test_the_comparison_of_a_lower_is_better_indicator(ground):
    data = selectors.comparison(ground["poverty"], LAST)
    # (20 × 10,000 + 10 × 30,000) ÷ 40,000; C (no population) and D (no value) left out.
    assert data.reference == Decimal("12.50")
    assert data.reference_communes == 2
    assert [c.code for c in data.left_out] == ["C01", "D01"]
    rows = [
        (r.rank, r.commune.code, r.value, r.money_per_inhabitant, r.worse, r.less_money, r.flagged) for r in data.rows
    ]
    assert rows == [
        (1, "C01", Decimal("50.00"), None, True, None, False),
        (2, "A01", Decimal("20.00"), Decimal("18.00"), True, True, True),
        (3, "B01", Decimal("10.00"), Decimal("33.33"), False, False, False),
        (None, "D01", None, Decimal("0.00"), None, True, False),
    ]
    assert [r.commune.code for r in data.flagged] == ["A01"]


def test_the_comparison_of_a_higher_is_better_indicator(ground):
    data = selectors.comparison(ground["school"], LAST)
    assert data.reference == Decimal("91.25")  # (80 × 10,000 + 95 × 30,000) ÷ 40,000
    assert [(r.commune.code, r.worse, r.flagged) for r in data.rows[:2]] == [("A01", True, True), ("B01", False, False)]


def test_the_flags_of_a_year(ground):
    found, money, judged = selectors.flags(LAST)
    assert judged == 2
    assert [(f.commune.code, f.indicator.code, f.value, f.reference) for f in found] == [
        ("A01", "IDH-PAUV", Decimal("20.00"), Decimal("12.50")),
        ("A01", "IDH-SCOL", Decimal("80.00"), Decimal("91.25")),
    ]
    assert {f.money_per_inhabitant for f in found} == {Decimal("18.00")}
    assert money.province_per_inhabitant == Decimal("19.67")


def test_the_trend_of_a_commune_and_of_the_province(ground):
    points = selectors.trend(ground["poverty"], ground["a"])
    # LAST - 1: (22 × 10,000 + 12 × 30,000) ÷ 40,000 = 14.50
    assert [(p.year, p.value, p.reference, p.worse) for p in points] == [
        (LAST - 1, Decimal("22.00"), Decimal("14.50"), True),
        (LAST, Decimal("20.00"), Decimal("12.50"), True),
    ]
    province = selectors.trend(ground["poverty"])
    assert [(p.year, p.value, p.reference) for p in province] == [
        (LAST - 1, None, Decimal("14.50")),
        (LAST, None, Decimal("12.50")),
    ]
