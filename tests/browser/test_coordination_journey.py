"""The coordination service's year, end to end, in a real browser (issue 10's acceptance).

Each step is done by the role that does it, through the real pages. The coordination officer opens the space
« Coordination » and records a literacy campaign: the current school year's campaign, launched; an operation of an
association under convention, started; a centre and a class in it; the class's learners entered in the grid — first
a line with more learners completing than enrolled, refused next to its cell with nothing saved, then the right grid;
the campaign's page counts them by sex and by commune, and its yearly summary (PDF) carries the commune and the
totals. The officer then records a cooperation partner, its programme, a co-financed activity and the INDH project
the activity supports: the programme's page and its PDF name the project. Last, the officer prepares the province's
dossier for the coming CRDH meeting with a request for complementary credits; the head validates it, the officer
transmits it to the region and downloads it: the PDF is assembled from the live project data (each project's code and
title, the per-programme totals of the INDH shares, the request), and once a project's INDH share changes, the next
download shows the new total.

Only what has no page in the journey is built beforehand: the accounts, two communes, the association, a phase with
two programmes, three INDH projects validated this year (rows written directly, as the cooperation and CRDH tests
do), and the CRDH committee with a planned meeting (through the committees' services). The database is fresh for the
test (transactional), so this school year's campaign, the programme and the dossier are the journey's own.
"""

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django.utils import timezone
from playwright.sync_api import expect

from committees.models import Committee
from coordination.models import CooperationProgramme, CrdhDossier
from coordination.models.literacy import LiteracyCampaign, LiteracyClass, LiteracyHeadcount, LiteracyOperation
from das.roles import ensure_default_roles
from projects.models import Project
from tests.browser.conftest import ARTIFACTS
from tests.browser.steps import download, expect_message, figure, flat, money, sign_in_as
from tests.committees import builders
from tests.factories import CommuneFactory, PartnerFactory, PhaseFactory, ProgrammeFactory, user_with_role
from tests.projects.test_call_notice import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEST_NAME = "test_a_coordination_year_literacy_cooperation_and_the_crdh_dossier"
OPERATOR = "Association Nour Tikiouine pour l'alphabétisation"
CENTRE = "Foyer féminin d'Aït Melloul-Jdid"
CLASS = "Classe Nour A"
PARTNER = "Agence de coopération de Navarre"
PROGRAMME_TITLE = "Appui à l'inclusion économique des jeunes de Tikiouine"
ACTIVITY = "Ateliers d'insertion des jeunes diplômés"
DOSSIER_TITLE = "Dossier de la préfecture pour le CRDH de décembre"
REQUEST_SUBJECT = "Crédits complémentaires pour les centres de formation"
REQUEST_AMOUNT = Decimal("750000")
# The class's grid: (sex, age group) → (enrolled, completed); the other lines stay 0.
GRID = {
    ("F", "15-24"): (10, 8),
    ("F", "25-44"): (12, 9),
    ("F", "45+"): (6, 4),
    ("H", "15-24"): (5, 3),
    ("H", "25-44"): (4, 2),
}
AGES = ("9-14", "15-24", "25-44", "45+")


@dataclass
class World:
    officer: object
    tikiouine: object
    drarga: object
    association: object
    p1: object
    p3: object
    projects: list
    meeting: object


def indh_project(code, title, *, programme, commune, holder, indh, validated_on):
    """An INDH project validated this year (a row written directly, as tests/coordination/factories_cooperation
    does: the projects app tests its own services)."""
    return Project.objects.create(
        code=code,
        title=title,
        phase=programme.phase,
        programme=programme,
        holder=holder,
        commune=commune,
        estimated_cost=Decimal(indh) + Decimal("100000"),
        indh_share=Decimal(indh),
        holder_contribution=Decimal("100000"),
        duration_months=12,
        validated_on=validated_on,
        status=Project.Status.IN_PROGRESS,
    )


@pytest.fixture
def world(transactional_db):
    ensure_default_roles()
    officer = user_with_role("coordination", full_name="Samira Coordination")
    user_with_role("chef", full_name="Hassan Chef")
    secretariat = user_with_role("secretariat_cpdh", full_name="Rachid Secrétariat")
    tikiouine = CommuneFactory(name_fr="Tikiouine", name_ar="تيكيوين", kind="urbaine")
    drarga = CommuneFactory(name_fr="Drarga", name_ar="الدراركة", kind="urbaine")
    association = PartnerFactory(name=OPERATOR, commune=tikiouine)
    phase = PhaseFactory()
    p1 = ProgrammeFactory(phase=phase, code="P1", name_fr="Programme de rattrapage des déficits")
    p3 = ProgrammeFactory(phase=phase, code="P3", name_fr="Programme d'amélioration du revenu")
    validated_on = timezone.localdate().replace(day=1)  # this year, and never in the future
    projects = [
        indh_project(
            "J10-P1-001",
            "Centre de formation des femmes de Tikiouine",
            programme=p1,
            commune=tikiouine,
            holder=association,
            indh="600000",
            validated_on=validated_on,
        ),
        indh_project(
            "J10-P1-002",
            "Maison de jeunes de Drarga",
            programme=p1,
            commune=drarga,
            holder=association,
            indh="350000",
            validated_on=validated_on,
        ),
        indh_project(
            "J10-P3-001",
            "Coopérative d'argan des femmes de Drarga",
            programme=p3,
            commune=drarga,
            holder=association,
            indh="480000",
            validated_on=validated_on,
        ),
    ]
    crdh = builders.committee(secretariat, kind=Committee.Kind.CRDH, name="CRDH de la région Souss-Massa")
    builders.members(crdh, secretariat, count=6, women=2, youth=1)
    meeting = builders.meeting(crdh, secretariat, date=timezone.localdate() + dt.timedelta(days=21))
    return World(officer, tikiouine, drarga, association, p1, p3, projects, meeting)


def draw_page(pdf, name: str, number: int = 1) -> None:
    """Page ``number`` of the PDF as a PNG in test-artifacts/ (poppler's pdftoppm), for a person to look at."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [pdftoppm, "-png", "-r", "50", "-f", str(number), "-l", str(number), str(pdf), str(ARTIFACTS / name)],
        check=True,
        capture_output=True,
    )


def open_area(page, code: str, link: str | None = None) -> None:
    """From the main menu, the space « Coordination », then the area ``code`` (its title, or its link ``link``)."""
    page.get_by_test_id("main-menu").get_by_role("link", name="Coordination", exact=True).click()
    area = page.get_by_test_id(f"space-area-{code}")
    if link:
        area.get_by_role("link", name=link, exact=True).click()
    else:
        area.get_by_role("heading").get_by_role("link").click()


def fill_grid(page, cells: dict) -> None:
    """Every cell of the learners' grid: the ``cells`` given, 0 elsewhere."""
    for sex in ("F", "H"):
        for age in AGES:
            enrolled, completed = cells.get((sex, age), (0, 0))
            page.get_by_test_id(f"grid-{sex}-{age}-enrolled").fill(str(enrolled))
            page.get_by_test_id(f"grid-{sex}-{age}-completed").fill(str(completed))


def programme_totals(year: int) -> dict:
    """Per programme code, the projects validated in ``year`` read from the database: (programme's name, count,
    estimated cost, INDH share)."""
    rows = (
        Project.objects.filter(validated_on__year=year)
        .values("programme__code", "programme__name_fr")
        .annotate(count=Count("pk"), cost=Sum("estimated_cost"), indh=Sum("indh_share"))
        .order_by("programme__code")
    )
    return {r["programme__code"]: (r["programme__name_fr"], r["count"], r["cost"], r["indh"]) for r in rows}


def programme_line(code: str, name: str, count: int, cost: Decimal, indh: Decimal) -> re.Pattern:
    """A programme's line of the dossier's programming table, as pdftotext reads it: « P1 — <name> 2 <cost>
    <INDH share> »."""
    return re.compile(re.escape(f"{code} — {name} {count} ") + figure(cost).pattern + " " + figure(indh).pattern)


def block_total(count: int, indh: Decimal) -> re.Pattern:
    """The total line under a programme's list of projects: « Total (2) <INDH share> »."""
    return re.compile(re.escape(f"Total ({count}) ") + figure(indh).pattern)


def dossier_pdf(page, tmp_path, name: str) -> str:
    """The dossier's page link « Dossier (PDF, français) », downloaded; the PDF's text."""
    file_name, content = download(page, page.get_by_role("link", name="Dossier (PDF, français)", exact=True))
    assert re.fullmatch(r"dossier-crdh-.+-fr\.pdf", file_name), file_name
    return pdf_text(content, tmp_path, name)


def test_a_coordination_year_literacy_cooperation_and_the_crdh_dossier(world, page, live_server, screenshot, tmp_path):
    base = live_server.url
    today = timezone.localdate()
    year = today.year
    # The current school year if it has begun (October), else the one that began last October: its classes have
    # started, so their completions may be entered.
    school_year = year if today >= dt.date(year, 10, 1) else year - 1
    campaign_start, campaign_end = dt.date(school_year, 10, 1), dt.date(school_year + 1, 6, 30)
    first, second, third = world.projects

    # 1. Literacy: the campaign, launched; an operation, started; a centre and a class; the learners' grid.
    sign_in_as(page, live_server, "coordination")
    open_area(page, "literacy")
    expect(page.locator("h1")).to_have_text("Campagnes d'alphabétisation et d'éducation non formelle")
    page.get_by_role("link", name="Nouvelle campagne", exact=True).click()
    page.fill("#id_start_year", str(school_year))
    page.fill("#id_title", f"Campagne préfectorale {school_year}-{school_year + 1}")
    page.fill("#id_start_on", campaign_start.isoformat())
    page.fill("#id_end_on", campaign_end.isoformat())
    page.fill("#id_target_learners", "120")
    page.get_by_test_id("submit").click()
    season = f"{school_year}-{school_year + 1}"
    expect_message(page, f"Campagne {season} créée (programmée).")
    expect(page.get_by_test_id("campaign-status")).to_have_text("Programmée")
    page.get_by_test_id("button-start").click()
    expect(page.get_by_test_id("campaign-status")).to_have_text("En cours")
    campaign = LiteracyCampaign.objects.get(start_year=school_year)
    campaign_url = f"{base}{campaign.get_absolute_url()}"

    page.get_by_test_id("operation-add").click()
    expect(page.locator("#id_campaign")).to_have_value(str(campaign.pk))
    page.select_option("#id_programme", LiteracyOperation.Programme.FUNCTIONAL.value)
    page.select_option("#id_operator", str(world.association.pk))
    page.fill("#id_convention_reference", "ANLCA-J10-2026")
    page.fill("#id_convention_amount", "180000,00")
    page.select_option("#id_commune", str(world.tikiouine.pk))
    expect(page.locator("#id_start_on")).to_have_value(campaign_start.isoformat())  # the campaign's dates
    page.fill("#id_target_learners", "60")
    page.get_by_test_id("submit").click()
    expect_message(page, re.compile(rf"Opération ALPHA-{school_year}-\d+ créée \(programmée\)\."))
    page.get_by_test_id("button-start").click()
    expect(page.get_by_test_id("operation-status")).to_have_text("En cours")
    operation = LiteracyOperation.objects.get(campaign=campaign)
    operation_url = f"{base}{operation.get_absolute_url()}"

    open_area(page, "literacy", "Centres")
    page.get_by_role("link", name="Nouveau centre", exact=True).click()
    page.fill("#id_name", CENTRE)
    page.select_option("#id_kind", "foyer_feminin")
    page.select_option("#id_commune", str(world.tikiouine.pk))
    page.fill("#id_address", "Rue 12, quartier Nour")
    page.get_by_test_id("submit").click()
    expect_message(page, f"Centre « {CENTRE} » enregistré.")

    page.goto(operation_url)
    page.get_by_test_id("class-add").click()
    page.fill("#id_name", CLASS)
    page.select_option("#id_centre", label=f"{CENTRE} — Tikiouine (Foyer féminin)")
    page.select_option("#id_level", "niveau_1")
    page.fill("#id_instructor", "Khadija Oubella")
    page.fill("#id_hours", "250")
    page.get_by_test_id("submit").click()
    expect_message(page, f"Classe « {CLASS} » ajoutée : saisissez ses effectifs.")
    expect(page.locator("h1")).to_have_text(f"Effectifs de la classe « {CLASS} »")
    literacy_class = LiteracyClass.objects.get(operation=operation)

    # A line with more learners completing than enrolled: refused next to its cell, nothing saved.
    fill_grid(page, {**GRID, ("F", "25-44"): (12, 15)})
    page.get_by_test_id("grid-submit").click()
    expect(page.get_by_test_id("grid-errors")).to_contain_text("rien n'a été enregistré")
    expect(page.get_by_test_id("grid-F-25-44-error")).to_have_text(
        "15 ayant achevé pour 12 inscrits : il ne peut y en avoir plus que d'inscrits."
    )
    expect(page.get_by_test_id("grid-F-25-44-completed")).to_have_class(re.compile(r"\bis-invalid\b"))
    screenshot("01-grille-refusee")
    assert not LiteracyHeadcount.objects.filter(literacy_class=literacy_class).exists()

    fill_grid(page, GRID)
    page.get_by_test_id("grid-submit").click()
    expect_message(page, "Effectifs de la classe enregistrés.")
    expect(page.get_by_test_id("grid-enrolled-total")).to_have_text("37")
    expect(page.get_by_test_id("grid-completed-total")).to_have_text("26")

    # The campaign's figures: 28 women and 9 men enrolled, 21 and 5 completing, all in Tikiouine.
    page.get_by_role("link", name=operation.reference, exact=True).first.click()
    page.get_by_test_id("operation-summary").get_by_role("link", name=season).click()
    expect(page).to_have_url(campaign_url)
    expect(page.get_by_test_id("enrolled-total")).to_have_text("37")
    expect(page.get_by_test_id("completed-total")).to_have_text("26")
    expect(page.get_by_test_id("rate-total")).to_have_text("70,3 %")
    expect(page.get_by_test_id("women-share")).to_have_text("75,7 %")
    by_commune = page.get_by_test_id("by-commune")
    expect(by_commune.locator("tbody tr")).to_have_count(1)
    expect(by_commune.locator("tbody tr td").first).to_have_text("Tikiouine")
    expect(by_commune.locator("tfoot td")).to_have_text(["Total", "28", "9", "37", "21", "5", "26", "70,3 %", "75,7 %"])
    expect(page.get_by_test_id("operation-row")).to_contain_text(OPERATOR)
    screenshot("02-campagne")

    name, summary = download(page, page.get_by_role("link", name="Bilan annuel (PDF, français)", exact=True))
    assert name.endswith("-fr.pdf")
    text = pdf_text(summary, tmp_path, name)
    assert "Tikiouine" in text and operation.reference in text
    assert "Total 28 9 37 21 5 26" in text, text  # enrolled F, H, all; completed F, H, all
    draw_page(tmp_path / name, f"{TEST_NAME}--03-bilan-alphabetisation")

    # 2. Cooperation: a partner, its programme, a co-financed activity supporting one of the INDH projects.
    open_area(page, "cooperation", "Partenaires")
    page.get_by_role("link", name="Nouveau partenaire", exact=True).click()
    page.fill("#id_name", PARTNER)
    page.fill("#id_acronym", "ACN")
    page.select_option("#id_kind", "decentralisee")
    page.fill("#id_country", "Espagne")
    page.fill("#id_agency", "Bureau de Rabat")
    page.get_by_test_id("submit").click()
    expect_message(page, f"Partenaire « {PARTNER} » enregistré.")
    expect(page.get_by_test_id("partner-name")).to_contain_text(PARTNER)

    page.get_by_test_id("programme-add").click()
    page.fill("#id_title", PROGRAMME_TITLE)
    page.fill("#id_agreement_reference", "ACN-AGADIR-J10")
    page.fill("#id_signed_on", (today - dt.timedelta(days=60)).isoformat())
    page.fill("#id_start_on", (today - dt.timedelta(days=30)).isoformat())
    page.fill("#id_end_on", (today + dt.timedelta(days=700)).isoformat())
    page.fill("#id_amount", money(Decimal("2000000")))
    page.fill("#id_partner_contribution", money(Decimal("1200000")))
    page.get_by_test_id("submit").click()
    expect_message(page, re.compile(r"Programme COOP-\d{4}-\d+ créé en préparation\."))
    programme = CooperationProgramme.objects.get(title=PROGRAMME_TITLE)
    expect(page.get_by_test_id("programme-reference")).to_have_text(programme.reference)
    page.get_by_test_id("button-start").click()
    expect(page.get_by_test_id("programme-status")).to_have_text("En cours")

    page.get_by_test_id("activity-add").click()
    page.fill("#id_title", ACTIVITY)
    page.select_option("#id_commune", str(world.tikiouine.pk))
    page.fill("#id_partner_amount", money(Decimal("300000")))
    page.fill("#id_indh_amount", money(Decimal("150000")))
    page.fill("#id_other_amount", money(Decimal("50000")))
    page.fill("#id_other_funders", "Commune de Tikiouine")
    page.fill("#id_amount", money(Decimal("500000")))
    page.fill("#id_start_on", today.isoformat())
    page.get_by_test_id("submit").click()
    expect_message(page, f"Activité « {ACTIVITY} » ajoutée au programme.")

    page.get_by_test_id("support-add").click()
    page.select_option("#id_project", str(first.pk))
    page.fill("#id_amount", money(Decimal("200000")))
    page.get_by_test_id("submit").click()
    expect_message(page, f"Projet {first.code} ajouté aux projets soutenus.")
    expect(page.get_by_test_id("supported-row")).to_have_count(1)
    expect(page.get_by_test_id("supported-row")).to_contain_text(first.title)
    assert figure(Decimal("200000")).search(flat(page.get_by_test_id("supported-total").inner_text()))

    page.get_by_role("link", name=re.compile(re.escape(programme.reference))).first.click()
    expect(page.get_by_test_id("programme-reference")).to_have_text(programme.reference)
    expect(page.get_by_test_id("activity-projects")).to_contain_text(first.code)
    expect(page.get_by_test_id("supported-count")).to_contain_text("1 —")
    assert figure(Decimal("500000")).search(flat(page.get_by_test_id("engaged-total").inner_text()))
    screenshot("04-programme-cooperation")
    name, sheet = download(page, page.get_by_test_id("document-link").filter(has_text="Fiche (PDF, français)"))
    text = pdf_text(sheet, tmp_path, name)
    assert programme.reference in text and first.code in text and "Navarre" in text

    # 3. The CRDH dossier for the coming meeting, with a request for complementary credits.
    open_area(page, "crdh")
    page.get_by_role("link", name="Nouveau dossier", exact=True).click()
    page.select_option("#id_meeting", str(world.meeting.pk))
    expect(page.locator("#id_year")).to_have_value(str(year))
    page.fill("#id_title", DOSSIER_TITLE)
    page.fill("#id_introduction", "La programmation de l'année et les besoins de la préfecture.")
    page.get_by_test_id("crdh-form").get_by_role("button", name="Enregistrer").click()
    expect_message(page, re.compile(r"Dossier .+ créé en brouillon\."))
    dossier = CrdhDossier.objects.get(meeting=world.meeting)
    dossier_url = f"{base}{dossier.get_absolute_url()}"
    expect(page.get_by_test_id("total-count")).to_have_text("3")

    page.get_by_test_id("request-add").click()
    page.select_option("#id_kind", "credits")
    page.fill("#id_subject", REQUEST_SUBJECT)
    page.fill("#id_justification", "L'enveloppe de l'année ne couvre pas l'équipement des deux centres.")
    page.fill("#id_amount", money(REQUEST_AMOUNT))
    page.select_option("#id_programme", str(world.p1.pk))
    page.select_option("#id_projects", [str(first.pk), str(second.pk)])
    page.get_by_test_id("crdh-form").get_by_role("button", name="Enregistrer").click()
    expect_message(page, "Demande n° 1 ajoutée au dossier.")
    expect(page.get_by_test_id("request-row")).to_have_count(1)
    expect(page.get_by_test_id("request-row")).to_contain_text(REQUEST_SUBJECT)

    sign_in_as(page, live_server, "chef", to=dossier_url)
    expect(page.get_by_test_id("request-add")).to_have_count(0)  # the head validates, the service writes
    page.get_by_test_id("button-validate").click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Validé par le chef")
    expect(page.get_by_test_id("validated")).to_contain_text("Hassan Chef")

    sign_in_as(page, live_server, "coordination", to=dossier_url)
    page.get_by_test_id("button-send").click()
    expect(page.get_by_test_id("dossier-status")).to_have_text("Transmis à la région")
    expect(page.get_by_test_id("sent")).to_contain_text("Samira Coordination")
    expect(page.get_by_test_id("programme-row")).to_have_count(2)
    screenshot("05-dossier-crdh")

    # The PDF reads the live project data: each project, the per-programme INDH totals, the request.
    text = dossier_pdf(page, tmp_path, "dossier-1.pdf")
    for project in world.projects:
        assert project.code in text and project.title in text, project.code
    totals = programme_totals(year)
    assert {code: row[3] for code, row in totals.items()} == {"P1": Decimal("950000"), "P3": Decimal("480000")}
    for code, (name, count, cost, indh) in totals.items():
        assert programme_line(code, name, count, cost, indh).search(text), code
    assert block_total(2, totals["P1"][3]).search(text)  # under P1's two projects
    assert figure(sum(row[3] for row in totals.values())).search(text)  # 1 430 000,00
    assert REQUEST_SUBJECT in text and figure(REQUEST_AMOUNT).search(text)
    assert f"{first.code}, {second.code}" in text.split(REQUEST_SUBJECT, 1)[1]  # the projects the request concerns
    draw_page(tmp_path / "dossier-1.pdf", f"{TEST_NAME}--06-dossier-crdh-programmation", 2)

    # Live data: the second project's INDH share is revised; the next download shows P1's new total.
    Project.objects.filter(pk=second.pk).update(indh_share=Decimal("410000"))
    name, count, cost, indh = programme_totals(year)["P1"]
    assert (count, indh) == (2, Decimal("1010000"))
    page.reload()
    expect(page.get_by_test_id("programme-row").first).to_contain_text("P1")
    assert figure(indh).search(flat(page.get_by_test_id("programme-row").first.inner_text()))
    text = dossier_pdf(page, tmp_path, "dossier-2.pdf")
    assert programme_line("P1", name, count, cost, indh).search(text)
    assert block_total(count, indh).search(text)
    assert not figure(Decimal("950000")).search(text)  # the old total is gone
    assert figure(Decimal("410000")).search(text) and figure(Decimal("1490000")).search(text)
