"""The Excel import of human-development indicator values: all rows or none, with a row-by-row report."""

from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from das.selectors import history_of
from projects import territorial_selectors as selectors
from projects.models import TerritorialIndicatorValue
from projects.services import territorial as services
from projects.services.territorial import ReportRow
from tests.factories import LocalityFactory
from tests.projects.territorial_builders import LAST, commune, indicator, workbook

pytestmark = pytest.mark.django_db
KEY_COLUMNS = "A à D (indicateur, commune, quartier/douar, année)"


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


@pytest.fixture
def ground(agent):
    a = commune("A01", 10_000)
    return {
        "poverty": indicator(agent, code="IDH-PAUV"),
        "water": indicator(agent, code="IDH-EAU", direction="hausse"),
        "a": a,
        "b": commune("B01", 30_000),
        "quarter": LocalityFactory(commune=a, name_fr="Tikiouine"),
        "elsewhere": LocalityFactory(name_fr="Anza"),
    }


def everything():
    """Every value with all it holds, to compare before and after a refused import."""
    return sorted(
        TerritorialIndicatorValue.objects.values_list(
            "pk", "indicator_id", "commune_id", "locality_id", "year", "value", "note", "updated_at"
        )
    )


def existing_value(agent, ground):
    grid = selectors.grid(LAST - 1)
    services.grid_save(
        by=agent,
        year=LAST - 1,
        cells={(ground["poverty"].pk, ground["a"].pk, None): "25"},
        expected_stamp=grid.stamp,
    )


def test_a_good_sheet_imports_every_row_and_counts_created_updated_unchanged(agent, ground):
    existing_value(agent, ground)
    grid = selectors.grid(LAST)
    services.grid_save(
        by=agent, year=LAST, cells={(ground["water"].pk, ground["b"].pk, None): "80"}, expected_stamp=grid.stamp
    )
    sheet = workbook(
        [
            ("IDH-PAUV", "A01", None, LAST - 1, 24.5, "RGPH révisé"),  # updates 25
            ("idh-pauv", "a01", "tikiouine", LAST, "31,2", None),  # a quartier, by its name, any case
            ("IDH-PAUV", "B01", "", LAST, 12, ""),
            ("IDH-EAU", "B01", None, LAST, 80, None),  # the same as stored: unchanged
            (None, None, None, None, None, None),  # an empty row is skipped
            ("IDH-EAU", "A01", str(ground["quarter"].pk), float(LAST), "95", "Borne-fontaine"),  # the quartier's number
        ]
    )
    result = services.import_values(by=agent, upload=sheet)
    assert (result.rows, result.created, result.updated, result.unchanged) == (5, 3, 1, 1)
    a, b, q = ground["a"].pk, ground["b"].pk, ground["quarter"].pk
    p, w = ground["poverty"].pk, ground["water"].pk
    stored = sorted(
        TerritorialIndicatorValue.objects.values_list(
            "indicator_id", "commune_id", "locality_id", "year", "value", "note"
        ),
        key=str,
    )
    assert stored == sorted(
        [
            (p, a, None, LAST - 1, Decimal("24.50"), "RGPH révisé"),
            (p, a, q, LAST, Decimal("31.20"), ""),
            (p, b, None, LAST, Decimal("12.00"), ""),
            (w, b, None, LAST, Decimal("80.00"), ""),
            (w, a, q, LAST, Decimal("95.00"), "Borne-fontaine"),
        ],
        key=str,
    )
    updated = TerritorialIndicatorValue.objects.get(indicator_id=p, commune_id=a, year=LAST - 1)
    assert [e.pgh_context["username"] for e in history_of(updated)] == [agent.username, agent.username]


def test_a_bad_sheet_is_refused_with_its_report_and_the_data_is_unchanged(agent, ground):
    """The acceptance case: an unknown commune, text in a number and a duplicate row."""
    existing_value(agent, ground)
    before = everything()
    sheet = workbook(
        [
            ("IDH-PAUV", "A01", None, LAST, 20, None),
            ("IDH-PAUV", "ZZZ99", None, LAST, 12, None),
            ("IDH-PAUV", "B01", None, LAST, "douze", None),
            ("IDH-PAUV", "A01", None, LAST, 21, "saisie en double"),
            ("IDH-PAUV", "A01", None, LAST - 1, 23, None),  # good, would update 25: not imported either
        ]
    )
    with pytest.raises(services.ImportRefused) as refused:
        services.import_values(by=agent, upload=sheet)
    assert refused.value.report == [
        ReportRow(3, "B (code commune)", "ZZZ99", "Commune inconnue (code de la feuille « Référentiel »)."),
        ReportRow(4, "E (valeur)", "douze", "« douze » n'est pas un nombre (par exemple 12,5)."),
        ReportRow(
            5,
            KEY_COLUMNS,
            f"IDH-PAUV ; A01 ;  ; {LAST}",
            "Doublon de la ligne 2 : même indicateur, même territoire, même année.",
        ),
    ]
    assert everything() == before


def test_every_kind_of_bad_row_is_reported(agent, ground):
    services.indicator_save(
        by=agent,
        indicator=ground["water"],
        code="IDH-EAU",
        name_fr="Eau",
        unit="%",
        direction="hausse",
        is_active=False,
    )
    sheet = workbook(
        [
            ("IDH-XXX", "A01", None, LAST, 1, None),
            ("IDH-EAU", "A01", None, LAST, 1, None),
            ("IDH-PAUV", "A01", "Anza", LAST, 1, None),
            ("IDH-PAUV", "A01", None, 1990, 1, None),
            ("IDH-PAUV", "A01", None, "l'an dernier", 1, None),
            (None, "B01", None, LAST, None, None),
            ("IDH-PAUV", "B01", None, LAST, 101, "x" * 256),
        ]
    )
    with pytest.raises(services.ImportRefused) as refused:
        services.import_values(by=agent, upload=sheet)
    assert [(r.row, r.column[0], r.reason) for r in refused.value.report] == [
        (2, "A", "Indicateur inconnu du catalogue."),
        (3, "A", "Indicateur inactif : il n'est plus proposé à la saisie."),
        (4, "C", "Ce quartier / douar n'appartient pas à la commune Commune A01."),
        (5, "D", f"L'année doit être comprise entre 2000 et {LAST + 1}."),
        (6, "D", f"L'année doit être un nombre entier (par exemple {LAST})."),
        (7, "A", "Cellule obligatoire vide."),
        (7, "E", "Cellule obligatoire vide."),
        (8, "E", "Un taux en % ne peut pas dépasser 100."),
        (8, "F", "L'observation dépasse 255 caractères."),
    ]
    assert not TerritorialIndicatorValue.objects.exists()


def test_nothing_is_half_imported_when_the_write_fails_midway(agent, ground):
    existing_value(agent, ground)
    before = everything()
    sheet = workbook([("IDH-PAUV", "B01", None, LAST, 12, None), ("IDH-PAUV", "A01", None, LAST - 1, 23, None)])
    failing = mock.patch.object(TerritorialIndicatorValue.objects, "bulk_update", side_effect=RuntimeError("coupure"))
    with failing, pytest.raises(RuntimeError):
        services.import_values(by=agent, upload=sheet)
    assert everything() == before  # the row created before the failure was rolled back


def test_files_that_are_not_a_readable_template_get_a_clear_message(agent, ground, role_users):
    csv = SimpleUploadedFile("valeurs.csv", b"code;commune\n")
    with pytest.raises(ValidationError, match=r"classeur Excel \(\.xlsx\)"):
        services.import_values(by=agent, upload=csv)
    broken = SimpleUploadedFile("valeurs.xlsx", b"PK\x03\x04 not really a workbook")
    with pytest.raises(ValidationError, match="n'est pas un classeur Excel"):
        services.import_values(by=agent, upload=broken)
    small = mock.patch.object(services, "MAX_IMPORT_BYTES", 100)
    with small, pytest.raises(ValidationError, match="la limite est de 100"):
        services.import_values(by=agent, upload=workbook([("IDH-PAUV", "A01", None, LAST, 1, None)]))
    with pytest.raises(ValidationError, match="La première ligne doit être l'en-tête du modèle"):
        services.import_values(by=agent, upload=workbook([("IDH-PAUV", "A01", None, LAST, 1, None)], header=["x"]))
    with pytest.raises(ValidationError, match="aucune ligne"):
        services.import_values(by=agent, upload=workbook([]))
    with pytest.raises(PermissionDenied):
        services.import_values(by=role_users["chef"], upload=workbook([("IDH-PAUV", "A01", None, LAST, 1, None)]))
    assert not TerritorialIndicatorValue.objects.exists()
