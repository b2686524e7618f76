"""Human-development indicators: the catalogue and the entry grid (projects.services.territorial)."""

from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from das.selectors import history_of
from das.workflow import TransitionRefused
from projects import territorial_selectors as selectors
from projects.models import TerritorialIndicator, TerritorialIndicatorValue
from projects.services import territorial as services
from tests.factories import LocalityFactory
from tests.projects.territorial_builders import LAST, commune, indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


def snapshot():
    return sorted(
        TerritorialIndicatorValue.objects.values_list("indicator_id", "commune_id", "locality_id", "year", "value")
    )


# --- Catalogue -------------------------------------------------------------------------------------------------------


def test_an_indicator_is_created_with_its_code_upper_cased_and_audited(agent):
    created = indicator(agent, code="idh-pauv", source="HCP")
    assert created.code == "IDH-PAUV"
    assert created.source == "HCP"
    assert history_of(created).get().pgh_context["username"] == agent.username


def test_a_code_already_taken_is_refused_in_french_whatever_the_case(agent):
    indicator(agent, code="IDH-EAU")
    with pytest.raises(ValidationError) as refused:
        indicator(agent, code="idh-eau")
    assert refused.value.message_dict["code"] == [
        "Un indicateur de développement humain porte déjà le code « IDH-EAU »."
    ]


def test_a_code_taken_meanwhile_is_refused_in_french_not_as_a_server_error(agent):
    """The check runs before the lock: when someone saved the same code in between, the unique index refuses it."""
    indicator(agent, code="IDH-EAU")
    with (
        mock.patch.object(services, "_code_taken", side_effect=[False, True]),
        pytest.raises(ValidationError) as refused,
    ):
        indicator(agent, code="IDH-EAU")
    assert "IDH-EAU" in refused.value.message_dict["code"][0]
    assert TerritorialIndicator.objects.count() == 1


def test_the_catalogue_is_kept_by_the_monitoring_service_only(role_users):
    for role in ("chef", "cabinet", "dbm", "auditeur"):
        with pytest.raises(PermissionDenied):
            indicator(role_users[role])
    assert not TerritorialIndicator.objects.exists()


def test_a_value_must_fit_the_unit():
    rate = TerritorialIndicator(unit="%")
    count = TerritorialIndicator(unit="élèves")
    assert services.parse_value("12,5", rate) == (Decimal("12.50"), "")
    assert services.parse_value(" 1 250 ", count) == (Decimal("1250.00"), "")
    assert services.parse_value(87.3, rate) == (Decimal("87.30"), "")
    assert services.parse_value("100,01", rate)[1] == "Un taux en % ne peut pas dépasser 100."
    assert services.parse_value("-1", count)[1] == "La valeur ne peut pas être négative."
    assert services.parse_value("12,345", rate)[1] == "Deux décimales au plus."
    assert services.parse_value("douze", rate)[1] == "« douze » n'est pas un nombre (par exemple 12,5)."
    assert services.parse_value("5000", count) == (Decimal("5000.00"), "")


# --- Grid ------------------------------------------------------------------------------------------------------------


@pytest.fixture
def ground(agent):
    return {
        "poverty": indicator(agent, code="IDH-PAUV", direction="baisse"),
        "pupils": indicator(agent, code="IDH-ELEV", direction="hausse", unit="élèves"),
        "a": commune("A01", 10_000),
        "b": commune("B01", 30_000),
    }


def cells_of(grid, typed):
    """The whole grid's cells: ``typed`` {(indicator, commune, locality): text}, every other cell empty."""
    return {cell["key"]: typed.get(cell["key"], "") for row in grid.rows for cell in row.cells}


def test_a_grid_saves_every_cell_in_one_go_then_updates_and_removes(agent, ground):
    p, e, a, b = ground["poverty"].pk, ground["pupils"].pk, ground["a"].pk, ground["b"].pk
    grid = selectors.grid(LAST)
    counts = services.grid_save(
        by=agent,
        year=LAST,
        cells=cells_of(grid, {(p, a, None): "20,5", (p, b, None): "10", (e, a, None): "1 200"}),
        expected_stamp=grid.stamp,
    )
    assert (counts.created, counts.updated, counts.removed) == (3, 0, 0)
    assert snapshot() == sorted(
        [
            (p, a, None, LAST, Decimal("20.50")),
            (p, b, None, LAST, Decimal("10.00")),
            (e, a, None, LAST, Decimal("1200")),
        ]
    )
    value = TerritorialIndicatorValue.objects.get(indicator_id=p, commune_id=a)
    assert value.recorded_by == agent
    grid = selectors.grid(LAST)
    counts = services.grid_save(
        by=agent,
        year=LAST,
        cells=cells_of(grid, {(p, a, None): "19", (p, b, None): "10,00"}),  # (e, a) emptied
        expected_stamp=grid.stamp,
    )
    assert (counts.created, counts.updated, counts.removed, counts.unchanged) == (0, 1, 1, 1)
    assert snapshot() == sorted([(p, a, None, LAST, Decimal("19.00")), (p, b, None, LAST, Decimal("10.00"))])
    # Each change is in the journal, under the agent's name: created, then changed.
    events = list(reversed(list(history_of(value))))
    assert [Decimal(str(e.pgh_data["value"])) for e in events] == [Decimal("20.50"), Decimal("19.00")]
    assert {e.pgh_context["username"] for e in events} == {agent.username}


def test_one_bad_cell_refuses_the_whole_grid_and_names_every_bad_cell(agent, ground):
    p, e, a, b = ground["poverty"].pk, ground["pupils"].pk, ground["a"].pk, ground["b"].pk
    grid = selectors.grid(LAST)
    services.grid_save(by=agent, year=LAST, cells=cells_of(grid, {(p, a, None): "20"}), expected_stamp=grid.stamp)
    before = snapshot()
    grid = selectors.grid(LAST)
    typed = {(p, a, None): "21", (p, b, None): "120", (e, a, None): "beaucoup", (e, b, None): "-3"}
    with pytest.raises(ValidationError) as refused:
        services.grid_save(by=agent, year=LAST, cells=cells_of(grid, typed), expected_stamp=grid.stamp)
    assert refused.value.message_dict == {
        selectors.cell_name(p, b, None): ["Un taux en % ne peut pas dépasser 100."],
        selectors.cell_name(e, a, None): ["« beaucoup » n'est pas un nombre (par exemple 12,5)."],
        selectors.cell_name(e, b, None): ["La valeur ne peut pas être négative."],
    }
    assert snapshot() == before  # the good cell (p, a) = 21 was not saved either


def test_a_stale_grid_is_refused(agent, ground, role_users):
    p, a, b = ground["poverty"].pk, ground["a"].pk, ground["b"].pk
    opened = selectors.grid(LAST)  # two agents open the same grid
    services.grid_save(by=agent, year=LAST, cells=cells_of(opened, {(p, a, None): "20"}), expected_stamp=opened.stamp)
    before = snapshot()
    with pytest.raises(TransitionRefused, match="enregistrée par quelqu'un d'autre"):
        services.grid_save(
            by=agent, year=LAST, cells=cells_of(opened, {(p, b, None): "9"}), expected_stamp=opened.stamp
        )
    assert snapshot() == before
    # A removal changes the stamp too.
    fresh = selectors.grid(LAST)
    services.grid_save(by=agent, year=LAST, cells=cells_of(fresh, {}), expected_stamp=fresh.stamp)
    with pytest.raises(TransitionRefused):
        services.grid_save(by=agent, year=LAST, cells=cells_of(fresh, {}), expected_stamp=fresh.stamp)


def test_the_grid_of_a_communes_quartiers_and_an_inactive_indicator(agent, ground):
    p, a = ground["poverty"], ground["a"]
    quarter = LocalityFactory(commune=a, name_fr="Tikiouine")
    other = LocalityFactory(commune=ground["b"], name_fr="Anza")
    grid = selectors.grid(LAST, a)
    assert [row.label for row in grid.rows] == ["Tikiouine"]
    services.grid_save(
        by=agent, year=LAST, cells={(p.pk, a.pk, quarter.pk): "31"}, expected_stamp=grid.stamp, commune=a
    )
    assert TerritorialIndicatorValue.objects.get(locality=quarter).value == Decimal("31")
    with pytest.raises(ValidationError, match="n'en fait pas partie"):
        services.grid_save(
            by=agent,
            year=LAST,
            cells={(p.pk, ground["b"].pk, other.pk): "31"},
            expected_stamp=selectors.grid(LAST, a).stamp,
            commune=a,
        )
    services.indicator_save(
        by=agent, indicator=p, code=p.code, name_fr=p.name_fr, unit="%", direction="baisse", is_active=False
    )
    with pytest.raises(ValidationError) as refused:
        services.grid_save(
            by=agent, year=LAST, cells={(p.pk, a.pk, None): "5"}, expected_stamp=selectors.grid(LAST).stamp
        )
    assert "n'est plus proposé" in refused.value.message_dict[selectors.cell_name(p.pk, a.pk, None)][0]


def test_the_grid_is_refused_to_other_roles_and_for_a_future_year(agent, ground, role_users):
    grid = selectors.grid(LAST)
    cells = cells_of(grid, {(ground["poverty"].pk, ground["a"].pk, None): "5"})
    with pytest.raises(PermissionDenied):
        services.grid_save(by=role_users["chef"], year=LAST, cells=cells, expected_stamp=grid.stamp)
    with pytest.raises(ValidationError, match="L'année doit être comprise"):
        services.grid_save(by=agent, year=LAST + 2, cells=cells, expected_stamp=grid.stamp)
    assert not TerritorialIndicatorValue.objects.exists()
