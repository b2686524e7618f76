"""The communication service's year, end to end, in a real browser (issue 9's acceptance).

Each step is done by the role that does it, through the real pages: the communication officer drafts this year's
plan de communication with three actions of different types (a caravan, a radio programme, a workshop); the head
validates it and the officer puts it in execution; the officer records the caravan's realisation (place, date,
participants by type and sex, a radio report, two photos), which the execution report then counts as one action of
three done; the officer files a guide in the library in French and in Arabic and publishes it, and the training
officer — who has no access to the communication space — finds it under « Bibliothèque » and downloads both
versions; the officer prepares the fiche de réalisation of an achieved project with its « avant » and « après »
photos and submits it, the head approves it, and the brochure by programme carries the fiche and its totals.

Only what has no page in the journey is built beforehand: the accounts, two communes, the communication budget line
and the achieved project (written directly, as the showcase's own tests do). The database is fresh for the test
(transactional), so this year's plan is the journey's own.
"""

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from communication.models import AchievementSheet, CommunicationAction, CommunicationPlan, LibraryDocument
from das.roles import ensure_default_roles
from tests.browser.conftest import ARTIFACTS
from tests.browser.steps import download, expect_message, figure, flat, sign_in_as
from tests.communication.factories import CommunicationBudgetLineFactory
from tests.communication.test_showcase_services import achieved_project
from tests.factories import CommuneFactory, PhaseFactory, ProgrammeFactory, user_with_role
from tests.projects.test_call_notice import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIONS = [
    # title, kind, channel, audience, commune (None: the whole province), month, budget, expected reach
    ("Caravane INDH dans les douars d'Aourir", "caravane", "proximite", "associations", "Aourir", 3, "25000,00", 300),
    ("Émission « INDH, mode d'emploi » sur Radio Plus", "radio", "radio", "grand_public", None, 6, "12000,00", 5000),
    ("Atelier des coopératives de Tamri", "atelier", "proximite", "porteurs", "Tamri", 9, "8000,00", 40),
]
GUIDE_TITLE = "Guide du porteur de projet INDH"
GUIDE_TITLE_AR = "دليل حامل المشروع"
SHEET_TITLE = "Un centre socio-éducatif pour les jeunes d'Aourir"


@dataclass
class World:
    officer: object
    aourir: object
    tamri: object
    line: object
    programme: object
    project: object


@pytest.fixture
def world(transactional_db):
    ensure_default_roles()
    officer = user_with_role("communication", full_name="Leila Communication")
    user_with_role("chef", full_name="Hassan Chef")
    user_with_role("formation", full_name="Nadia Formation")
    aourir = CommuneFactory(name_fr="Aourir", name_ar="أورير", kind="rurale")
    tamri = CommuneFactory(name_fr="Tamri", name_ar="تامري", kind="rurale")
    line = CommunicationBudgetLineFactory()
    programme = ProgrammeFactory(phase=PhaseFactory(), code="P3", name_fr="Programme d'amélioration du revenu")
    project = achieved_project(
        programme=programme, commune=aourir, cost="800000", title="Centre socio-éducatif d'Aourir"
    )
    return World(officer, aourir, tamri, line, programme, project)


def image_file(path, color, image_format: str):
    """A small real photo (PNG or JPEG) on disk, for the file inputs."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), color)
    ImageDraw.Draw(image).rectangle((40, 90, 280, 180), fill=(180, 170, 150))
    image.save(path, format=image_format)
    return path


def pdf_file(path, text: str, lang: str):
    """A tiny real PDF (WeasyPrint) on disk: a version of a library document."""
    from weasyprint import HTML

    direction = "rtl" if lang == "ar" else "ltr"
    HTML(string=f'<html lang="{lang}" dir="{direction}"><body><h1>{text}</h1></body></html>').write_pdf(path)
    return path


def images_loaded(page, selector: str) -> None:
    """Every <img> under ``selector`` is scrolled into view (they load lazily) and shows a decoded picture."""
    images = page.locator(f"{selector} img")
    for index in range(images.count()):
        images.nth(index).scroll_into_view_if_needed()
    page.wait_for_function(
        "selector => [...document.querySelectorAll(selector + ' img')].every(i => i.complete && i.naturalWidth > 0)",
        arg=selector,
    )


def draw_first_page(pdf, name: str) -> None:
    """The PDF's first page as a PNG in test-artifacts/ (poppler's pdftoppm), for a person to look at."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [pdftoppm, "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(ARTIFACTS / name)],
        check=True,
        capture_output=True,
    )


def test_a_communication_year_from_the_plan_to_the_brochure(world, page, live_server, screenshot, tmp_path):
    base = live_server.url
    today = timezone.localdate()
    year = today.year
    communes = {"Aourir": world.aourir, "Tamri": world.tamri}

    # 1. The communication officer drafts this year's plan and adds its three actions.
    sign_in_as(page, live_server, "communication", to=f"{base}/communication/plans/nouveau/")
    page.fill("#id_year", str(year))
    page.fill("#id_title", f"Plan de communication de proximité {year}")
    page.fill("#id_objectives", "Faire connaître les appels à projets et les réalisations de l'INDH.")
    page.fill("#id_target_audiences", "Associations, coopératives, porteurs de projets, jeunes.")
    page.get_by_role("button", name="Enregistrer").click()
    expect_message(page, f"Plan de communication {year} créé en brouillon.")
    plan = CommunicationPlan.objects.get(year=year)
    plan_url = f"{base}{plan.get_absolute_url()}"
    expect(page.get_by_test_id("plan-status")).to_have_text(str(CommunicationPlan.Status.DRAFT.label))
    expect(page.get_by_test_id("blocked-validate")).to_have_count(0)  # the officer cannot validate

    for number, (title, kind, channel, audience, commune, month, budget, reach) in enumerate(ACTIONS, start=1):
        page.get_by_test_id("action-add").click()
        page.fill("#id_title", title)
        page.select_option("#id_kind", kind)
        page.select_option("#id_channel", channel)
        page.select_option("#id_audience", audience)
        if commune:
            page.select_option("#id_commune", str(communes[commune].pk))
        page.fill("#id_planned_on", dt.date(year, month, 15).isoformat())
        page.select_option("#id_responsible", str(world.officer.pk))
        page.fill("#id_expected_reach", str(reach))
        page.select_option("#id_budget_line", str(world.line.pk))
        page.fill("#id_planned_budget", budget)
        page.get_by_role("button", name="Enregistrer l'action").click()
        expect_message(page, f"Action n° {number} ajoutée au plan.")
    rows = page.get_by_test_id("action-row")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Caravane")
    expect(rows.nth(1)).to_contain_text("Émission radio")
    expect(rows.nth(1)).to_contain_text("Toute la préfecture")
    expect(rows.nth(2)).to_contain_text("Atelier de sensibilisation")
    assert figure(Decimal("45000")).search(flat(page.get_by_test_id("budget-total").inner_text()))
    expect(page.get_by_test_id("reach-total")).to_have_text("5 340")

    # 2. The head validates the plan; the officer puts it in execution.
    sign_in_as(page, live_server, "chef", to=plan_url)
    expect(page.get_by_test_id("action-add")).to_have_count(0)
    screenshot("01-plan-chef")
    page.get_by_test_id("button-validate").click()
    expect(page.get_by_test_id("plan-status")).to_have_text(str(CommunicationPlan.Status.VALIDATED.label))
    expect(page.get_by_test_id("validated")).to_contain_text("Hassan Chef")
    expect(page.get_by_test_id("button-start")).to_have_count(0)  # putting it in execution is the service's

    sign_in_as(page, live_server, "communication", to=plan_url)
    page.get_by_test_id("button-start").click()
    expect(page.get_by_test_id("plan-status")).to_have_text(str(CommunicationPlan.Status.IN_PROGRESS.label))

    # 3. The caravan's realisation: place, date, participants by type and sex, a radio report, two photos.
    page.get_by_test_id("action-row").nth(0).get_by_role("link", name=ACTIONS[0][0]).click()
    page.get_by_test_id("realisation-card").get_by_test_id("realisation-record").click()
    expect(page.locator("h1")).to_have_text("Saisir la réalisation de l'action n° 1")
    page.fill("#id_carried_out_on", today.isoformat())
    page.fill("#id_place", "Place du souk d'Aourir")
    expect(page.locator("#id_commune")).to_have_value(str(world.aourir.pk))
    expect(page.locator("#id_attendance-0-audience")).to_have_value("associations")
    page.fill("#id_attendance-0-women", "18")
    page.fill("#id_attendance-0-men", "12")
    page.select_option("#id_attendance-1-audience", "jeunes")
    page.fill("#id_attendance-1-women", "25")
    page.fill("#id_attendance-1-men", "20")
    page.fill("#id_reach", "150")
    page.fill("#id_actual_cost", "23500,00")
    page.fill("#id_summary", "Trois haltes, des stands des associations et une séance de questions-réponses.")
    page.select_option("#id_press-0-medium", "radio")
    page.fill("#id_press-0-outlet", "Radio Plus Agadir")
    page.fill("#id_press-0-title", "La caravane INDH à Aourir")
    page.fill("#id_press-0-published_on", today.isoformat())
    page.set_input_files(
        "#id_photos",
        [
            image_file(tmp_path / "halte-souk.png", (90, 140, 200), "PNG"),
            image_file(tmp_path / "stand-associations.jpg", (200, 120, 40), "JPEG"),
        ],
    )
    page.fill("#id_photo_caption", "Caravane INDH à Aourir")
    page.get_by_role("button", name="Enregistrer la réalisation").click()
    expect_message(page, "Réalisation de l'action n° 1 enregistrée.")
    expect(page.get_by_test_id("action-status")).to_have_text(str(CommunicationAction.Status.DONE.label))
    expect(page.get_by_test_id("attendance-table").locator("tfoot td")).to_have_text(["Total", "43", "32", "75"])
    figures = page.get_by_test_id("realisation-figures")
    expect(figures.locator("dt", has_text="Participants").locator("xpath=following-sibling::dd[1]")).to_have_text("75")
    expect(page.get_by_test_id("reached")).to_have_text("225")  # 75 counted + 150 estimated beyond
    expect(page.get_by_test_id("press-list")).to_contain_text("Radio Plus Agadir")
    expect(page.get_by_test_id("photo-gallery").locator("img")).to_have_count(2)
    images_loaded(page, "[data-testid=photo-gallery]")
    screenshot("02-realisation")

    page.get_by_test_id("report-link").click()
    expect(page.get_by_test_id("total-actions")).to_have_text("3")
    expect(page.get_by_test_id("total-done")).to_have_text("1")
    expect(page.get_by_test_id("reach")).to_have_text(re.compile(r"^225 / 5\s?340$"))  # reached / expected
    report_rows = page.get_by_test_id("report-actions").locator("tbody tr")
    expect(report_rows.nth(0)).to_contain_text("Réalisée")
    expect(report_rows.nth(1)).to_contain_text("Prévue")
    screenshot("03-rapport-execution")

    # 4. A guide in the library, in French and in Arabic, published.
    page.goto(f"{base}/communication/bibliotheque/")
    page.get_by_test_id("document-create").click()
    page.fill("#id_title", GUIDE_TITLE)
    page.fill("#id_title_ar", GUIDE_TITLE_AR)
    page.select_option("#id_category", LibraryDocument.Category.GUIDE.value)
    page.select_option("#id_audience", LibraryDocument.Audience.ACTORS.value)
    page.fill("#id_description", "Les étapes d'un projet INDH, de l'appel à projets à la réception.")
    page.select_option("#id_language", "fr")
    french = pdf_file(tmp_path / "guide-porteur-fr.pdf", "Guide du porteur de projet", "fr")
    page.set_input_files("#id_file", french)
    page.get_by_role("button", name="Enregistrer").click()
    expect_message(page, f"Document « {GUIDE_TITLE} » créé en brouillon.")
    expect(page.get_by_test_id("document-status")).to_have_text(str(LibraryDocument.Status.DRAFT.label))
    page.get_by_test_id("version-add").click()
    page.select_option("#id_language", "ar")
    arabic = pdf_file(tmp_path / "guide-porteur-ar.pdf", GUIDE_TITLE_AR, "ar")
    page.set_input_files("#id_file", arabic)
    page.get_by_role("button", name="Déposer la version").click()
    expect_message(page, "Version 1 (Arabe) déposée.")
    page.get_by_test_id("button-publish").click()
    expect(page.get_by_test_id("document-status")).to_have_text(str(LibraryDocument.Status.PUBLISHED.label))

    # The training officer, without the communication space, finds it under « Bibliothèque » and downloads both.
    sign_in_as(page, live_server, "formation")
    expect(page.get_by_test_id("main-menu").get_by_role("link", name="Communication", exact=True)).to_have_count(0)
    page.get_by_test_id("main-menu").get_by_role("link", name="Bibliothèque", exact=True).click()
    expect(page.locator("h1")).to_have_text("Bibliothèque documentaire")
    row = page.get_by_test_id("document-row").filter(has_text=GUIDE_TITLE)
    expect(row).to_contain_text(GUIDE_TITLE_AR)
    screenshot("04-bibliotheque-formation")
    name, content = download(page, row.get_by_test_id("download-fr"))
    assert (name, content) == ("guide-porteur-fr.pdf", french.read_bytes())
    name, content = download(page, row.get_by_test_id("download-ar"))
    assert (name, content) == ("guide-porteur-ar.pdf", arabic.read_bytes())

    # 5. The fiche de réalisation of the achieved project, its photos, submitted; the head approves it.
    sign_in_as(page, live_server, "communication", to=f"{base}/communication/fiches/")
    waiting = page.get_by_test_id("project-without-sheet").filter(has_text=world.project.code)
    waiting.get_by_role("link", name="Préparer la fiche").click()
    expect(page.get_by_test_id("sheet-project")).to_contain_text(world.project.code)
    expect(page.locator("#id_title")).to_have_value(world.project.title)  # prefilled from the project
    page.fill("#id_title", SHEET_TITLE)
    page.fill("#id_results", "300 jeunes accueillis dès la première année, dont 140 filles.")
    page.get_by_role("button", name="Enregistrer").click()
    expect_message(page, "Fiche de réalisation créée en brouillon")
    sheet = AchievementSheet.objects.get(project=world.project)
    sheet_url = f"{base}{sheet.get_absolute_url()}"
    expect(page.get_by_test_id("blocked-submit")).to_contain_text("Ajoutez au moins une photo « après »")
    for moment, color, caption in (
        ("avant", (150, 120, 90), "Le terrain vague"),
        ("apres", (90, 160, 90), "Le centre"),
    ):
        page.get_by_test_id("photo-add").click()
        page.set_input_files("#id_photo", image_file(tmp_path / f"{moment}.png", color, "PNG"))
        page.select_option("#id_moment", moment)
        page.fill("#id_caption", caption)
        page.get_by_role("button", name="Enregistrer").click()
        expect_message(page, "Photo ajoutée.")
    page.get_by_test_id("button-submit").click()
    expect(page.get_by_test_id("sheet-status")).to_have_text(str(AchievementSheet.Status.SUBMITTED.label))

    sign_in_as(page, live_server, "chef", to=sheet_url)
    images_loaded(page, "[data-testid=sheet-photos]")
    screenshot("05-fiche-chef")
    page.get_by_test_id("button-approve").click()
    expect(page.get_by_test_id("sheet-status")).to_have_text(str(AchievementSheet.Status.PUBLISHED.label))
    expect(page.get_by_test_id("approved")).to_contain_text("Hassan Chef")

    # 6. The officer produces the brochure by programme: the fiche and its totals are in the PDF.
    sign_in_as(page, live_server, "communication", to=f"{base}/communication/fiches/")
    page.get_by_role("link", name="Brochure des réalisations").click()
    page.select_option("#id_group", "programme")
    page.select_option("#id_programme", str(world.programme.pk))
    page.select_option("#id_language", "fr")
    page.get_by_role("button", name="Compter les fiches").click()
    expect(page.get_by_test_id("brochure-count")).to_contain_text("1 fiche publiée correspond à cette sélection.")
    name, brochure = download(page, page.get_by_test_id("brochure-pdf"))
    assert name == "brochure-realisations-programme-fr.pdf"
    text = pdf_text(brochure, tmp_path, name)
    assert SHEET_TITLE in text and world.project.code in text
    assert "P3 – Programme d'amélioration du revenu" in text
    assert "Bilan des réalisations" in text
    assert "Total 1 300 140" in text  # projects, beneficiaries, women
    assert figure(Decimal("800000")).search(text) and figure(Decimal("400000")).search(text)  # cost, INDH share
    draw_first_page(tmp_path / name, "test_a_communication_year_from_the_plan_to_the_brochure--06-brochure")
