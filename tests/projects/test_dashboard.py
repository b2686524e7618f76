"""Every figure of the dashboard (projects.dashboard_selectors.dashboard) against values computed by hand from the
known set of projects of tests/projects/dashboard_builders.py (its docstring lists them)."""

import datetime as dt
from decimal import Decimal

import pytest

from projects.dashboard_selectors import (
    DashboardFilters,
    dashboard,
    drill_projects,
    drill_totals,
    key_totals,
    with_figures,
)
from tests.projects.dashboard_builders import known_world

pytestmark = pytest.mark.django_db

D = dt.date
END_2025 = D(2025, 12, 31)


@pytest.fixture
def world(role_users):
    return known_world(role_users)


def money(value: str) -> Decimal:
    return Decimal(value)


def test_every_figure_of_2025_at_the_end_of_the_year(world):
    board = dashboard(DashboardFilters(year=2025, as_of=END_2025))
    t = board.totals
    # A, B, C and D were validated in 2025 (E in 2024).
    assert t.count == 4
    assert t.cost == money("2500000")  # 1 000 000 + 500 000 + 800 000 + 200 000
    assert t.indh == money("1950000")  # 600 000 + 400 000 + 800 000 + 150 000
    assert t.holder == money("350000")  # 200 000 + 100 000 + 0 + 50 000
    assert t.partners == money("200000")  # A's partner
    assert t.leverage == Decimal("22.00")  # (350 000 + 200 000) / 2 500 000
    # A's convention 600 000; B's terminated convention counts what was paid on it, 150 000; C (no convention)
    # its marché awarded 700 000 (not the cancelled one); D nothing.
    assert t.committed == money("1450000")
    assert t.paid == money("450000")  # A 200 000 + 100 000, B 150 000
    assert t.engagement_rate == Decimal("74.36")  # 1 450 000 / 1 950 000
    assert t.emission_rate == Decimal("31.03")  # 450 000 / 1 450 000
    # (1 000 000 × 50 + 500 000 × 10 + 800 000 × 30 + 200 000 × 0) / 2 500 000
    assert t.physical_progress == Decimal("31.6")
    assert t.late == 1  # C: planned end 2025-11-30 passed; B abandoned is not late
    assert (t.jobs_planned, t.jobs_created) == (15, 4)
    assert board.beneficiaries["targeted"] == 210  # A 100 + 80, D 30
    assert board.beneficiaries["reached"] == 40
    assert board.beneficiaries["totals"] == [100, 110, 40, 0]  # targeted women, men; reached women, men
    statuses = {row.status: row.count for row in board.statuses}
    assert statuses == {
        "valide": 1,
        "conventionne": 0,
        "en_cours": 2,
        "acheve": 0,
        "cloture": 0,
        "suspendu": 0,
        "abandonne": 1,
    }


def test_figures_by_programme(world):
    board = dashboard(DashboardFilters(year=2025, as_of=END_2025))
    rows = {row.obj.code: row.totals for row in board.programmes}
    assert list(rows) == ["P1", "P2"]
    p1, p2 = rows["P1"], rows["P2"]
    assert (p1.count, p1.indh, p1.committed, p1.paid, p1.partners) == (
        2,
        money("1000000"),
        money("750000"),
        money("450000"),
        money("200000"),
    )
    assert (p2.count, p2.indh, p2.committed, p2.paid, p2.late) == (2, money("950000"), money("700000"), 0, 1)
    assert p1.engagement_rate == Decimal("75.00")
    assert p2.emission_rate == Decimal("0.00")


def test_figures_by_commune_split_by_the_declared_territories(world):
    board = dashboard(DashboardFilters(year=2025, as_of=END_2025))
    communes = {row["commune"].name_fr: row["indh_share"] for row in board.communes}
    # A (600 000) is 60 % in Aourir, 40 % in Drarga; the others wholly in their commune.
    assert communes == {
        "Aourir": money("1160000"),
        "Drarga": money("790000"),
    }  # 360 000 + 800 000; 240 000 + 400 000 + 150 000
    assert [row["commune"].name_fr for row in board.communes] == ["Aourir", "Drarga"]


def test_the_quarters_of_2025(world):
    board = dashboard(DashboardFilters(year=2025, as_of=END_2025))
    points = [(p.label, p.end, p.progress, p.committed, p.paid) for p in board.quarters]
    assert points == [
        # A at 20 % (2025-03-20), nothing else yet: 1 000 000 × 20 / 2 500 000; A's convention only.
        ("T1 2025", D(2025, 3, 31), Decimal("8.0"), money("600000"), money("200000")),
        # B 10 % since 2025-05-20 and its 150 000; C's marché (2025-07-15) not yet awarded.
        ("T2 2025", D(2025, 6, 30), Decimal("10.0"), money("750000"), money("350000")),
        # A 50 % since 2025-09-10 and its 100 000 of 2025-08-01; C's marché 700 000.
        ("T3 2025", D(2025, 9, 30), Decimal("22.0"), money("1450000"), money("450000")),
        ("T4 2025", D(2025, 12, 31), Decimal("31.6"), money("1450000"), money("450000")),
    ]


def test_a_situation_in_the_past(world):
    t = dashboard(DashboardFilters(year=2025, as_of=D(2025, 6, 30)), quarters=False).totals
    assert t.count == 4  # the selection does not depend on the date
    assert t.committed == money("750000")  # A 600 000 + B 150 000 (paid 2025-05-05)
    assert t.paid == money("350000")
    assert t.physical_progress == Decimal("10.0")  # A 20 % (its 50 % came later), B 10 %
    assert t.late == 0  # C's planned end (2025-11-30) not passed yet


def test_every_year_includes_the_project_of_2024(world):
    board = dashboard(DashboardFilters(as_of=END_2025))
    t = board.totals
    assert t.count == 5
    assert t.cost == money("2800000")
    assert t.indh == money("2250000")
    assert t.committed == money("1750000")  # + E's 300 000
    assert t.paid == money("600000")  # + E's 100 000 and 50 000
    assert t.physical_progress == Decimal("36.8")  # (79 000 000 + 300 000 × 80) / 2 800 000 = 36.79
    assert len(board.quarters) == 8
    assert board.quarters[-1].end == END_2025


def test_a_commune_selects_the_projects_that_reach_it(world):
    t = dashboard(DashboardFilters(year=2025, commune=world["c2"].pk, as_of=END_2025), quarters=False).totals
    # A (40 % in Drarga through its territories), B and D (main commune Drarga).
    assert t.count == 3
    assert t.indh == money("1150000")  # whole projects: 600 000 + 400 000 + 150 000
    assert t.committed == money("750000")
    assert t.paid == money("450000")


def test_other_filters(world):
    def count(**filters):
        return dashboard(DashboardFilters(as_of=END_2025, **filters), quarters=False).totals.count

    assert count(year=2025, programme=world["p2"].pk) == 2
    assert count(holder_kind="commune") == 2  # B and D
    assert count(phase=world["phase"].pk) == 5
    assert count(year=2024) == 1
    assert count(year=2023) == 0


def test_key_totals_are_the_dashboards_without_partners(world):
    filters = DashboardFilters(year=2025, as_of=END_2025)
    totals = key_totals(filters)
    assert (totals.count, totals.indh, totals.committed, totals.paid, totals.late) == (
        4,
        money("1950000"),
        money("1450000"),
        money("450000"),
        1,
    )


@pytest.mark.parametrize(
    ("figure", "codes"),
    [
        ("projets", ["DB-A", "DB-B", "DB-C", "DB-D"]),
        ("engage", ["DB-A", "DB-B", "DB-C"]),
        ("paye", ["DB-A", "DB-B"]),
        ("retard", ["DB-C"]),
        ("emplois", ["DB-A"]),
        ("beneficiaires", ["DB-A", "DB-D"]),
    ],
)
def test_drill_lists_the_projects_behind_each_figure_and_adds_up_to_it(world, figure, codes):
    filters = DashboardFilters(year=2025, as_of=END_2025)
    drilled = drill_projects(filters, figure)
    projects = with_figures(drilled, filters.date)
    assert sorted(p.code for p in projects) == codes
    totals = dashboard(filters, quarters=False).totals
    listed = drill_totals(drilled, filters.date)
    assert (listed.count, listed.committed, listed.paid) == (
        len(codes),
        sum(p.committed for p in projects),
        sum(p.paid for p in projects),
    )
    if figure in ("engage", "projets"):
        assert sum(p.committed for p in projects) == totals.committed
    if figure in ("paye", "projets"):
        assert sum(p.paid for p in projects) == totals.paid
    if figure == "projets":
        assert sum(p.indh_share for p in projects) == totals.indh
    if figure == "retard":
        assert len(projects) == totals.late
    if figure == "emplois":
        assert sum(p.jobs_created for p in projects) == totals.jobs_created


def test_drill_by_status(world):
    filters = DashboardFilters(year=2025, as_of=END_2025)
    assert [p.code for p in drill_projects(filters, "projets", status="en_cours")] == ["DB-A", "DB-C"]
