"""The Governor's office reads the dashboard and takes the official reports, in a real browser (issue 7).

The demo data (`seed_demo`) is loaded; it has awarded marchés but no payment yet, so the money figure followed is
« Engagé ». The Cabinet, which has no access to the projects' pages, starts from its home page: it opens the
dashboard of the year, widens it to every year, drills into « Engagé » and finds the same total at the foot of the
list; it opens the last complete quarter's report from its home page and downloads it in PDF (French and Arabic)
and in Excel — the committed amount on the report's page is in both PDFs' text and is the sum of the Excel file's
programmes; it then picks the last complete semester of the ILDH report on the reports' index and downloads its PDF.

The French and Arabic PDFs are also drawn as images (test-artifacts/), for a person to look at their layout.
"""

import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from das.formatting import format_money
from tests.browser.conftest import ARTIFACTS
from tests.browser.steps import digits, figure, flat, sign_in_as
from tests.factories import PASSWORD
from tests.projects.test_call_notice import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DAS_DEMO_PASSWORD", PASSWORD)
    call_command("seed_demo", stdout=io.StringIO())


def save_download(page, locator, path):
    """Click what starts a download and keep the file at ``path``."""
    with page.expect_download() as info:
        locator.click()
    info.value.save_as(path)
    return path


def report_figure(page, label: str) -> str:
    """The value under ``label`` among the report page's main figures."""
    box = (
        page.get_by_test_id("report-figures")
        .locator("div.border")
        .filter(has=page.locator("dt").get_by_text(label, exact=True))
    )
    return box.locator("dd").inner_text()


def draw_pages(pdf, name: str) -> None:
    """The PDF's pages as PNG images in test-artifacts/ (poppler's pdftoppm), for a person to look at."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run([pdftoppm, "-png", "-r", "60", str(pdf), str(ARTIFACTS / name)], check=True, capture_output=True)
    assert list(ARTIFACTS.glob(f"{name}-*.png")), f"pdftoppm drew no page of {pdf.name}"


def test_cabinet_reads_the_dashboard_and_takes_the_reports(demo, page, live_server, screenshot, tmp_path):
    year = timezone.localdate().year
    base = live_server.url

    # --- The dashboard of the year, from the home page ------------------------------------------------------------
    sign_in_as(page, live_server, "cabinet")
    home_section = page.locator("section").filter(has=page.get_by_role("heading", name=f"Tableau de bord {year}"))
    home_committed = home_section.locator(".card").filter(has=page.get_by_role("link", name="Engagé", exact=True))
    home_text = home_committed.locator(".display-6").inner_text()
    home_section.get_by_role("link", name="Tableau de bord", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tableau de bord")
    year_text = page.locator("[data-figure=engage]").inner_text()
    assert digits(year_text) == digits(home_text)  # the home page's card is the dashboard's figure
    # This year's demo projects are barely started: the Cabinet widens the filter to every year.
    page.get_by_label("Année").select_option("")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(lambda url: "annee=" not in url or "annee=&" in url or url.endswith("annee="))
    committed_text = page.locator("[data-figure=engage]").inner_text()
    committed = Decimal(digits(committed_text)) / 100
    assert committed > 0, "the demo has commitments"
    assert flat(committed_text) == flat(format_money(committed))
    # The Cabinet cannot open a project's page: no link to one anywhere on the dashboard.
    expect(page.locator("a[href*='/suivi-evaluation/projets/']")).to_have_count(0)
    screenshot("tableau-de-bord")

    # --- Drilling into « Engagé »: the list's total is the figure -------------------------------------------------
    page.locator("[data-figure=engage]").click()
    expect(page.get_by_test_id("drill-table")).to_be_visible()
    expect(page.get_by_test_id("drill-totals").locator("[data-total=engage]")).to_have_text(figure(committed))
    expect(page.get_by_test_id("drill-table").locator("tbody a")).to_have_count(0)  # codes are plain text
    screenshot("detail-engage")

    # --- The last complete quarter's report, from the home page ---------------------------------------------------
    page.goto(f"{base}/")
    page.get_by_role("link", name="Rapport trimestriel", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rapport trimestriel")
    quarter = page.url.rstrip("/").rsplit("/", 1)[-1]  # the stable address carries the period: …/trimestriel/2026-T3/
    report_committed = Decimal(digits(report_figure(page, "Engagé"))) / 100
    assert report_committed > 0, "the demo has commitments by the quarter's end"
    screenshot("rapport-trimestriel")

    pdf_fr = save_download(page, page.get_by_test_id("pdf-fr"), tmp_path / f"trimestriel-{quarter}-fr.pdf")
    pdf_ar = save_download(page, page.get_by_test_id("pdf-ar"), tmp_path / f"trimestriel-{quarter}-ar.pdf")
    xlsx = save_download(page, page.get_by_test_id("xlsx"), tmp_path / f"trimestriel-{quarter}.xlsx")

    text_fr = pdf_text(pdf_fr.read_bytes(), tmp_path, "fr-copy.pdf")
    assert flat(format_money(report_committed)) in text_fr, "the page's « Engagé » is not in the French PDF"
    # The Arabic PDF carries the same amount, its digits in their order (not mirrored by the right-to-left text).
    text_ar = pdf_text(pdf_ar.read_bytes(), tmp_path, "ar-copy.pdf")
    assert figure(report_committed).search(text_ar), "the page's « Engagé » is not in the Arabic PDF"

    # Excel: the Synthèse sheet, one row per programme then the SUM row; column E is « Engagé », real numbers.
    sheet = load_workbook(xlsx)["Synthèse"]
    assert sheet["E5"].value == "Engagé"
    rows = [row for row in sheet.iter_rows(min_row=6, values_only=True) if row[0] and row[0] != "Total"]
    assert rows, "the Synthèse sheet has the programmes"
    assert sum((Decimal(str(row[4])) for row in rows), Decimal(0)) == report_committed
    total_row = next(row for row in sheet.iter_rows(min_row=6) if row[0].value == "Total")
    assert total_row[4].value == f"=SUM(E6:E{5 + len(rows)})"
    # A programme's own committed amount, read back from the Excel cell, is printed in the PDF.
    first = next(Decimal(str(row[4])) for row in rows if row[4])
    assert flat(format_money(first)) in text_fr

    draw_pages(pdf_fr, f"cabinet-trimestriel-{quarter}-fr")
    draw_pages(pdf_ar, f"cabinet-trimestriel-{quarter}-ar")

    # --- The ILDH half-yearly report: the last complete semester, picked on the reports' index --------------------
    page.goto(f"{base}/")
    page.get_by_role("link", name="Rapports officiels", exact=True).click()
    card = page.get_by_test_id("report-ildh_semestriel")
    semester = card.locator("select[name=periode]").input_value()  # the last complete one, offered first
    assert semester.startswith(f"{year}-S") or semester.startswith(f"{year - 1}-S")
    card.get_by_role("button", name="Ouvrir").click()
    page.wait_for_url(f"**/rapports/ildh_semestriel/{semester}/")
    ildh_indh = Decimal(digits(report_figure(page, "Part INDH"))) / 100
    assert ildh_indh > 0, "the demo has ILDH projects"
    pdf_ildh = save_download(page, page.get_by_test_id("pdf-fr"), tmp_path / f"ildh-{semester}-fr.pdf")
    text_ildh = pdf_text(pdf_ildh.read_bytes(), tmp_path, "ildh-copy.pdf")
    assert "ILDH" in text_ildh
    # The province's total row carries the page's « Part INDH » (the tables print amounts without the unit).
    assert flat(format_money(ildh_indh, unit="")).strip() in text_ildh, "the page's « Part INDH » is not in the report"
    screenshot("rapport-ildh")
