"""The credits of a year from the notifications to the DBM's acknowledgement, in a real browser (issue 6).

The demo data (`seed_demo`) is loaded: this year's version 1 of the répartition is already at the DBM. The
monitoring agent records two new notifications, starts version 2 (it starts from version 1) and raises two cells of
the grid, watching the live totals; an over-ceiling entry is refused with its reason and nothing is saved. The head
validates, the agent transmits it, and the DBM finds it on its home page, reads what changed since version 1, opens
the état de répartition in PDF and in Excel — the same figures as the screen — and acknowledges receipt. The DBM
then reads the money picture.
"""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from das.models import BudgetLine, Programme
from projects.models import CreditAllocation, CreditNotification
from tests.browser.steps import (
    digits,
    figure,
    open_credit_year,
    record_notification,
    sign_in_as,
    transmit_allocation,
    validate_allocation,
)
from tests.factories import PASSWORD
from tests.projects.test_call_notice import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DAS_DEMO_PASSWORD", PASSWORD)
    call_command("seed_demo", stdout=io.StringIO())


def test_credits_from_two_notifications_to_the_dbms_acknowledgement(demo, page, live_server, screenshot, tmp_path):
    year = timezone.localdate().year
    p1 = Programme.objects.get(phase__code="III", code="P1")
    p4 = Programme.objects.get(phase__code="III", code="P4")
    r01, r03 = BudgetLine.objects.get(code="R01"), BudgetLine.objects.get(code="R03")
    version_1 = CreditAllocation.objects.get(fiscal_year__year=year, number=1)
    cells_1 = {(line.programme_id, line.budget_line_id): line.amount for line in version_1.lines.all()}

    # --- The agent records two notifications ---------------------------------------------------------------------
    sign_in_as(page, live_server, "suivi")
    open_credit_year(page, year)
    for programme, amount, reference in ((p1, "1 000 000,00", "NOT-2-P1"), (p4, "500 000,00", "NOT-2-P4")):
        record_notification(page, programme, amount, reference)
    assert CreditNotification.objects.filter(reference__in=["NOT-2-P1", "NOT-2-P4"]).count() == 2
    screenshot("annee-notifications")

    # --- Version 2, from version 1, on the grid ------------------------------------------------------------------
    page.goto(f"{live_server.url}/suivi-evaluation/credits/{year}/")
    page.get_by_test_id("allocation-create").click()
    expect(page.get_by_test_id("grid-form")).to_be_visible()
    total_before = digits(page.get_by_test_id("grid-total").inner_text())
    p1_r01 = page.get_by_label(f"{p1.code} — {r01}")
    p4_r03 = page.get_by_label(f"{p4.code} — {r03}")
    new_p1_r01 = cells_1.get((p1.pk, r01.pk), Decimal(0)) + Decimal("1000000")
    new_p4_r03 = cells_1.get((p4.pk, r03.pk), Decimal(0)) + Decimal("500000")

    # Too much for P1 first: the live total shows it, the service refuses it, nothing is saved.
    too_much = new_p1_r01 + Decimal("90000000")
    p1_r01.fill(f"{too_much:.2f}".replace(".", ","))
    p1_r01.press("Tab")
    refused_total = sum(cells_1.values(), Decimal(0)) - cells_1.get((p1.pk, r01.pk), Decimal(0)) + too_much
    expect(page.get_by_test_id("grid-total")).to_have_text(figure(refused_total))  # live, in the browser
    assert digits(page.get_by_test_id("grid-total").inner_text()) != total_before
    page.get_by_role("button", name="Enregistrer la grille").click()
    expect(page.get_by_test_id("grid-errors")).to_contain_text("dépassement")
    expect(page.get_by_test_id("grid-total")).to_have_text(figure(refused_total))  # the typed values stay
    version_2 = CreditAllocation.objects.get(fiscal_year__year=year, number=2)
    assert {(line.programme_id, line.budget_line_id): line.amount for line in version_2.lines.all()} == cells_1
    screenshot("grille-refusee")

    # Within the ceiling.
    p1_r01.fill(f"{new_p1_r01:.2f}".replace(".", ","))
    p4_r03.fill(f"{new_p4_r03:.2f}".replace(".", ","))
    p4_r03.press("Tab")
    expected_total = sum(cells_1.values(), Decimal(0)) + Decimal("1500000")
    expect(page.get_by_test_id("grid-total")).to_have_text(figure(expected_total))  # live, before saving
    screenshot("grille-saisie")
    page.get_by_role("button", name="Enregistrer la grille").click()
    expect(page.get_by_test_id("allocation-status")).to_have_text("Brouillon")
    expect(page.get_by_test_id("grid-total")).to_have_text(figure(expected_total))
    cells_2 = {**cells_1, (p1.pk, r01.pk): new_p1_r01, (p4.pk, r03.pk): new_p4_r03}
    assert {(line.programme_id, line.budget_line_id): line.amount for line in version_2.lines.all()} == cells_2

    # --- The head validates ----------------------------------------------------------------------------------------
    sign_in_as(page, live_server, "chef")
    validate_allocation(page, f"{live_server.url}{version_2.get_absolute_url()}")

    # --- The agent transmits it to the DBM -------------------------------------------------------------------------
    sign_in_as(page, live_server, "suivi")
    transmit_allocation(page, f"{live_server.url}{version_2.get_absolute_url()}")
    version_2.refresh_from_db()
    assert version_2.transmittal_number.startswith(f"BE-{year}-")

    # --- The DBM reads what changed, the documents, and acknowledges ------------------------------------------------
    sign_in_as(page, live_server, "dbm")
    page.get_by_role("link", name="Répartitions transmises à accuser réception").click()
    versions = page.get_by_test_id("version-row")
    expect(versions.filter(has_text="Transmise à la DBM")).to_have_count(2)  # versions 1 and 2 of the year
    versions.get_by_role("link", name="Version 2").click()
    expect(page.get_by_test_id("allocation-status")).to_have_text("Transmise à la DBM")
    changes = page.get_by_test_id("change-row")
    expect(changes).to_have_count(2)
    expect(changes.filter(has_text=f"{p1.code} –").filter(has_text=str(r01.code))).to_contain_text(
        figure(Decimal("1000000"))
    )
    expect(changes.filter(has_text=f"{p4.code} –").filter(has_text=str(r03.code))).to_contain_text(
        figure(Decimal("500000"))
    )
    expect(page.get_by_test_id("grid-total")).to_have_text(figure(expected_total))
    screenshot("dbm-version")

    check_documents(page, cells_2, expected_total, tmp_path)

    page.get_by_test_id("page-acknowledge").click()
    page.get_by_label("Observations").fill("Reçu, intégré à la programmation budgétaire.")
    page.get_by_role("button", name="Accuser réception").click()
    expect(page.get_by_test_id("allocation-status")).to_have_text("Accusée de réception par la DBM")
    expect(page.get_by_test_id("acknowledged")).not_to_have_text("—")
    version_2.refresh_from_db()
    assert version_2.status == CreditAllocation.Status.ACKNOWLEDGED
    assert version_2.acknowledgement_note.startswith("Reçu")
    screenshot("dbm-accuse")

    # --- The money picture, as the DBM reads it: version 2 in force, its allocation per programme -------------------
    open_credit_year(page, year)
    page.get_by_test_id("picture-link").click()
    expect(page.get_by_test_id("version-in-force")).to_contain_text("version 2")
    p1_row = page.get_by_test_id("money-picture").get_by_role("row").filter(has_text=f"{p1.code} –").first
    p1_allocated = sum((amount for (programme, _line), amount in cells_2.items() if programme == p1.pk), Decimal(0))
    expect(p1_row).to_contain_text(figure(p1_allocated))
    screenshot("dbm-situation")


def check_documents(page, cells, total, tmp_path):
    """The état de répartition in PDF and in Excel carries the figures of the screen, cell by cell."""
    with page.expect_download() as pdf_download:
        page.get_by_test_id("document-link").filter(has_text=re.compile("État de répartition.*PDF", re.I)).first.click()
    with open(pdf_download.value.path(), "rb") as pdf:
        text = pdf_text(pdf.read(), tmp_path, "etat.pdf")
    for amount in [*cells.values(), total]:
        assert figure(amount).search(text), f"{amount} missing from the PDF"
    with page.expect_download() as xlsx_download:
        page.get_by_test_id("document-link").filter(has_text=re.compile("Excel", re.I)).first.click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    xlsx_download.value.save_as(tmp_path / "etat.xlsx")  # openpyxl goes by the file's extension
    sheet = load_workbook(tmp_path / "etat.xlsx").worksheets[0]
    numbers = {
        Decimal(str(cell.value)) for row in sheet.iter_rows() for cell in row if isinstance(cell.value, int | float)
    }
    assert set(cells.values()) <= numbers, "every cell of the screen is a number in the Excel statement"
