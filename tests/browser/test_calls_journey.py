"""A call for projects from its drafting to the validated preselection, in a real browser.

The monitoring service (suivi et évaluation) drafts and publishes the call, registers and instructs three dossiers,
assigns two evaluators who score them blind, closes the call and proposes the preselection; the head of division
validates it. Everything goes through the real pages and the real sign-in form; only the reference data (phase,
programme, communes, partners) and the accounts are prepared beforehand.
"""

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from das.models import Partner
from das.roles import ensure_default_roles
from projects.documents import NOTICE_LABELS
from projects.forms import DATETIME_INPUT
from projects.models import CallForProjects, Dossier
from tests.factories import PASSWORD, CommuneFactory, PartnerFactory, PhaseFactory, ProgrammeFactory, user_with_role
from tests.projects.test_call_notice import as_extracted, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CALL_TITLE = "Appel à projets 2026 — activités génératrices de revenus des femmes"
CALL_TITLE_AR = "دعم الأنشطة المدرة للدخل لفائدة النساء"
DOCUMENTS = ["Statuts de l'association", "Devis estimatif"]
ELIGIBILITY = "Association constituée depuis plus d'un an"
SELECTION = [("Pertinence du projet", "60"), ("Impact sur les bénéficiaires", "40")]


@dataclass
class Project:
    """One dossier of the journey: its holder, its plan, and the notes of the two evaluators (out of 10)."""

    key: str
    title: str
    holder: str
    cost: str
    indh: str
    own: str
    first_notes: tuple
    second_notes: tuple
    average: str


PROJECTS = [
    Project(
        "A",
        "Unité de valorisation de l'argan",
        "Association Tamount pour le développement",
        "1 200 000,00",
        "800 000,00",
        "400 000,00",
        ("9", "8"),
        ("8", "9"),
        "85,00",
    ),
    Project(
        "B",
        "Atelier de couture du douar Tamraght",
        "Association Al Amal des femmes",
        "1 000 000,00",
        "700 000,00",
        "300 000,00",
        ("7", "7"),
        ("6", "8"),
        "69,00",
    ),
    Project(
        "C",
        "Rucher collectif de Tafoukt",
        "Association Tafoukt Miel",
        "900 000,00",
        "600 000,00",
        "300 000,00",
        ("5", "6"),
        ("4", "5"),
        "49,00",
    ),
]
INCOMPLETE = "B"  # registered without its « Devis estimatif »


@dataclass
class Setup:
    programme: object
    commune: object
    partners: dict


@pytest.fixture
def setup(transactional_db):
    ensure_default_roles()
    programme = ProgrammeFactory(phase=PhaseFactory(), code="P3", name_fr="Amélioration du revenu des jeunes")
    commune = CommuneFactory(name_fr="Aourir", name_ar="أورير", kind="rurale")
    partners = {p.key: PartnerFactory(kind=Partner.Kind.ASSOCIATION, name=p.holder, commune=commune) for p in PROJECTS}
    user_with_role("suivi_evaluation", full_name="Karim Suivi")
    user_with_role("suivi_evaluation", username="evaluatrice", full_name="Nadia Évaluatrice")
    user_with_role("chef", full_name="Hassan Chef")
    return Setup(programme, commune, partners)


def flat(text: str) -> str:
    """Page text with its narrow and no-break spaces made plain, whitespace collapsed."""
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def download(page, locator) -> tuple[str, bytes]:
    with page.expect_download() as info:
        locator.click()
    file = info.value
    return file.suggested_filename, Path(file.path()).read_bytes()


def expect_message(page, text):
    expect(page.locator(".alert-success").first).to_contain_text(text)


def logout(page, live_server, name):
    page.get_by_role("button", name=name).click()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(f"{live_server.url}/compte/connexion/**")


def test_call_from_draft_to_validated_preselection(setup, login, screenshot, live_server, tmp_path):
    base = live_server.url
    page = login("suivi_evaluation", PASSWORD)

    # 1. The call: its form (French amounts), its documents and criteria, publication, the notice in two languages.
    page.goto(f"{base}/suivi-evaluation/appels/nouveau/")
    page.select_option("#id_phase", str(setup.programme.phase.pk))
    page.select_option("#id_programme", str(setup.programme.pk))
    page.fill("#id_year", "2026")
    page.fill("#id_title_fr", CALL_TITLE)
    page.fill("#id_title_ar", CALL_TITLE_AR)
    page.fill("#id_description_fr", "Soutien aux activités génératrices de revenus portées par des femmes.")
    page.select_option("#id_communes", str(setup.commune.pk))
    page.fill("#id_envelope", "2 000 000,00")
    page.fill("#id_min_amount", "50 000,00")
    page.fill("#id_max_amount", "800 000,00")
    page.fill("#id_max_indh_share", "70")
    page.get_by_role("checkbox", name="Association", exact=True).check()
    now = timezone.localtime().replace(second=0, microsecond=0)
    page.fill("#id_opens_at", (now - dt.timedelta(days=2)).strftime(DATETIME_INPUT))  # the filing window is open
    page.fill("#id_closes_at", (now + dt.timedelta(days=30)).strftime(DATETIME_INPUT))
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/pieces-et-criteres/")
    call = CallForProjects.objects.get(title_fr=CALL_TITLE)
    assert call.status == CallForProjects.Status.DRAFT
    assert str(call.envelope) == "2000000.00" and str(call.max_amount) == "800000.00"

    for index, label in enumerate(DOCUMENTS):
        page.fill(f"[name=documents-{index}-label_fr]", label)
        page.check(f"[name=documents-{index}-required]")
    page.fill("[name=documents-0-label_ar]", "القانون الأساسي للجمعية")
    page.fill("[name=eligibility-0-label_fr]", ELIGIBILITY)
    for index, (label, weight) in enumerate(SELECTION):
        page.fill(f"[name=selection-{index}-label_fr]", label)
        page.fill(f"[name=selection-{index}-weight]", weight)
    expect(page.locator("#weight-total-value")).to_have_text("100")
    screenshot("01-pieces-et-criteres")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"{base}{call.get_absolute_url()}")
    expect(page.locator("[data-testid=weight-total]")).to_contain_text("100 %")
    page.locator("[data-testid=call-actions]").get_by_role("button", name="Publier").click()
    expect_message(page, "Publié")
    expect(page.locator("[data-testid=call-status]")).to_have_text("Publié")
    expect(page.locator("[data-testid=time-left]")).to_contain_text("Dépôt ouvert")
    assert "2 000 000,00 DH" in flat(page.locator("main").inner_text())
    screenshot("02-appel-publie")

    name, notice_fr = download(page, page.get_by_role("link", name="Avis (PDF, français)"))
    assert name.endswith(".pdf") and notice_fr.startswith(b"%PDF")
    assert CALL_TITLE in pdf_text(notice_fr, tmp_path, "avis-fr.pdf")
    name, notice_ar = download(page, page.get_by_role("link", name="Avis (PDF, arabe)"))
    assert name.endswith(".pdf") and notice_ar.startswith(b"%PDF")
    text_ar = pdf_text(notice_ar, tmp_path, "avis-ar.pdf")
    assert NOTICE_LABELS["ar"]["title"] == "إعلان عن طلب مشاريع"
    assert as_extracted("إعلان عن طلب مشاريع") in text_ar
    assert as_extracted(CALL_TITLE_AR) in text_ar

    # 2. Three dossiers registered as received; the one without its quote is declared incomplete first.
    dossiers = {}
    for project in PROJECTS:
        page.goto(f"{base}{call.get_absolute_url()}")
        page.get_by_role("link", name="Enregistrer un dossier").click()
        expect(page.locator("h1")).to_have_text("Enregistrer un dossier")
        page.select_option("#id_holder", str(setup.partners[project.key].pk))
        page.fill("#id_title", project.title)
        page.fill("#id_summary", f"Projet {project.key} porté par {project.holder}.")
        page.select_option("#id_commune", str(setup.commune.pk))
        page.fill("#id_beneficiaries_total", "40")
        page.fill("#id_beneficiaries_women", "30")
        page.fill("#id_beneficiaries_youth", "12")
        page.fill("#id_duration_months", "12")
        page.fill("#id_estimated_cost", project.cost)
        page.fill("#id_indh_share", project.indh)
        page.fill("#id_holder_contribution", project.own)
        page.get_by_label("Statuts de l'association (obligatoire)").check()
        if project.key != INCOMPLETE:
            page.get_by_label("Devis estimatif (obligatoire)").check()
        if project.key == INCOMPLETE:
            screenshot("03-enregistrement-dossier")
        page.get_by_role("button", name="Enregistrer le dossier").click()
        expect_message(page, "remettez au porteur son accusé de réception")
        dossier = Dossier.objects.get(title=project.title)
        assert page.url == f"{base}{dossier.get_absolute_url()}"
        assert not dossier.is_late
        expect(page.locator("[data-testid=dossier-status]")).to_have_text("Reçu")
        dossiers[project.key] = dossier

    incomplete = dossiers[INCOMPLETE]
    page.goto(f"{base}{incomplete.get_absolute_url()}")
    expect(page.locator("[data-testid=pieces-form]")).to_contain_text("manquante")
    name, receipt = download(page, page.locator("[data-testid=receipt-link]"))
    assert name == f"accuse-{incomplete.reference}-fr.pdf" and receipt.startswith(b"%PDF")
    assert incomplete.reference in pdf_text(receipt, tmp_path, "accuse.pdf")
    page.get_by_role("button", name="Déclarer incomplet").click()
    expect(page.locator("[data-testid=dossier-status]")).to_have_text("Incomplet")
    screenshot("04-dossier-incomplet")
    name, letter = download(page, page.locator("[data-testid=letter-link]"))
    assert name.startswith("pieces-manquantes-") and letter.startswith(b"%PDF")
    assert "Devis estimatif" in pdf_text(letter, tmp_path, "lettre.pdf")
    page.locator("[data-testid=pieces-form]").get_by_role("checkbox", name=re.compile("^Devis estimatif")).check()
    page.get_by_role("button", name="Enregistrer les pièces").click()
    expect_message(page, "Les pièces du dossier sont enregistrées.")
    expect(page.locator("[data-testid=letter-link]")).to_have_count(0)
    page.get_by_role("button", name="Déclarer recevable").click()
    expect(page.locator("[data-testid=dossier-status]")).to_have_text("Recevable")

    page.goto(f"{base}/suivi-evaluation/dossiers/?call={call.pk}")
    expect(page.locator("[data-testid=result-count]")).to_contain_text("3 résultats")
    for key in ("A", "C"):
        page.get_by_role("checkbox", name=f"Sélectionner {dossiers[key].reference}").check()
    page.get_by_role("button", name="Déclarer recevables").click()
    expect_message(page, f"Déclarés recevables : {dossiers['A'].reference}, {dossiers['C'].reference}.")
    screenshot("05-liste-recevables")

    for project in PROJECTS:
        page.goto(f"{base}{dossiers[project.key].get_absolute_url()}")
        page.get_by_role("link", name="Vérifier l'éligibilité").click()
        page.get_by_label("Satisfait", exact=True).check()
        page.fill("input[name^=comment_]", "Récépissé de 2019 vérifié.")
        page.get_by_role("button", name="Enregistrer la vérification").click()
        expect_message(page, "La vérification de l'éligibilité est enregistrée.")
        expect(page.locator("[data-testid=eligibility]")).to_contain_text("satisfait")
        page.get_by_role("button", name="Déclarer éligible").click()
        expect(page.locator("[data-testid=dossier-status]")).to_have_text("Éligible (en évaluation)")
    screenshot("06-dossier-eligible")

    # 3. Both evaluators on the three dossiers, at once.
    page.goto(f"{base}{call.get_absolute_url()}")
    page.get_by_role("link", name="Affecter les évaluateurs").click()
    for dossier in dossiers.values():
        page.check(f"#dossier-{dossier.pk}")
    page.select_option("#id_evaluators", label=["Karim Suivi", "Nadia Évaluatrice"])
    page.get_by_role("button", name="Affecter").click()
    expect_message(page, "6 affectation(s) enregistrée(s).")
    expect(page.locator("[data-testid=assign-form] tbody")).to_contain_text("Nadia Évaluatrice")
    screenshot("07-evaluateurs-affectes")

    # 4. Each evaluator declares no conflict of interest, scores and hands in; the second one scores blind.
    def score(notes, comment, *, blind_to=None):
        for project in PROJECTS:
            reference = dossiers[project.key].reference
            page.goto(f"{base}/suivi-evaluation/evaluations/")
            page.locator("[data-testid=my-evaluations]").get_by_role("link", name=reference).click()
            page.check("#id_confirm")
            page.get_by_role("button", name="Je déclare et je commence la notation").click()
            expect_message(page, "vous pouvez noter le dossier")
            values = getattr(project, notes)
            for (label, _weight), value in zip(SELECTION, values, strict=True):
                page.get_by_label(label, exact=True).fill(value)
            page.locator("textarea[name^=comment_]").first.fill(f"{comment} ({project.key})")
            if blind_to:
                content = page.locator("main").inner_text()
                for hidden in blind_to(project):
                    assert hidden not in content, f"{hidden!r} is shown before the evaluator hands in"
                if project.key == "A":
                    screenshot("09-notation-a-l-aveugle")
            page.get_by_role("button", name="Remettre mes notes").click()
            expect_message(page, "Vos notes sont remises")
        return page

    score("first_notes", "Projet solide, débouchés locaux assurés")
    expect(page.locator("[data-testid=weighted-total]")).to_have_text("54,00 / 100")
    screenshot("08-notes-remises-evaluateur-1")
    logout(page, live_server, "Karim Suivi")

    login("evaluatrice", PASSWORD)
    first_totals = {"A": "86,00", "B": "70,00", "C": "54,00"}
    score(
        "second_notes",
        "Bon ancrage territorial",
        blind_to=lambda p: [f"Projet solide, débouchés locaux assurés ({p.key})", "Karim Suivi", first_totals[p.key]],
    )
    others = page.locator("[data-testid=other-evaluations]")
    expect(others).to_contain_text("Karim Suivi : 54,00 / 100")
    expect(others.locator("[data-testid=average]")).to_have_text("49,00 / 100")
    screenshot("10-notes-remises-evaluatrice")
    logout(page, live_server, "Nadia Évaluatrice")

    # 5. Closing, the ranking against the envelope, its documents, the proposed preselection.
    login("suivi_evaluation", PASSWORD)
    page.goto(f"{base}{call.get_absolute_url()}")
    page.get_by_role("button", name="Clôturer le dépôt").click()
    expect(page.locator("[data-testid=call-status]")).to_have_text("Clôturé")
    page.get_by_role("link", name="Classement des dossiers").click()
    rows = page.locator("[data-testid=ranking-row]")
    expect(rows).to_have_count(3)
    for row, project in zip(rows.all(), PROJECTS, strict=True):
        text = flat(row.inner_text())
        assert dossiers[project.key].reference in text
        assert project.average in text
        assert "Évalué" in text
    limit = page.locator("[data-testid=envelope-limit]")
    expect(limit).to_have_count(1)
    assert "Enveloppe épuisée (2 000 000,00 DH)" in flat(limit.inner_text())
    assert "hors enveloppe" in rows.nth(2).inner_text() and "dans l'enveloppe" in rows.nth(1).inner_text()
    assert "2 100 000,00 DH" in flat(page.locator("[data-testid=ranking-summary]").inner_text())
    screenshot("11-classement")

    name, ranking_fr = download(page, page.get_by_role("link", name="PDF (français)"))
    assert name.endswith("-fr.pdf") and ranking_fr.startswith(b"%PDF")
    text = pdf_text(ranking_fr, tmp_path, "classement-fr.pdf")
    assert "Classement des dossiers" in text and dossiers["C"].reference in text
    name, ranking_ar = download(page, page.get_by_role("link", name="PDF (arabe)"))
    assert name.endswith("-ar.pdf") and ranking_ar.startswith(b"%PDF")
    assert dossiers["A"].reference in pdf_text(ranking_ar, tmp_path, "classement-ar.pdf")
    name, sheet = download(page, rows.first.get_by_role("link", name="Fiche (PDF)"))
    assert name == f"fiche-evaluation-{dossiers['A'].reference.lower()}-fr.pdf" and sheet.startswith(b"%PDF")
    sheet_text = pdf_text(sheet, tmp_path, "fiche.pdf")
    assert "Fiche d'évaluation" in sheet_text and "85,00" in sheet_text

    page.get_by_role("link", name="Proposer la présélection").click()
    for key, ticked in (("A", True), ("B", True), ("C", False)):
        expect(page.locator(f"#dossier-{dossiers[key].pk}")).to_be_checked(checked=ticked)
    page.fill("#id_not_retained_reason", "Enveloppe épuisée : part INDH au-delà du montant disponible.")
    screenshot("12-proposition-preselection")
    page.get_by_role("button", name="Proposer la présélection").click()
    expect_message(page, "Présélection proposée")
    expect(page.locator("[data-testid=preselection]")).to_contain_text("proposée, à valider")
    expect(page.locator("[data-testid=preselection]").get_by_role("button")).to_have_count(0)
    logout(page, live_server, "Karim Suivi")

    # 6. The head of division validates: preselected within the envelope, the last one not retained.
    login("chef", PASSWORD)
    page.goto(f"{base}/suivi-evaluation/appels/{call.pk}/classement/")
    page.get_by_role("button", name="Valider la présélection").click()
    expect_message(page, "Présélection validée : l'appel est maintenant « Évalué ».")
    expect(page.locator("[data-testid=preselection]")).to_contain_text("validée")
    statuses = [row.locator("td").nth(8).inner_text() for row in rows.all()]
    assert statuses == ["Présélectionné", "Présélectionné", "Non retenu"]
    screenshot("13-preselection-validee")

    page.goto(f"{base}{dossiers['C'].get_absolute_url()}")
    expect(page.locator("[data-testid=dossier-status]")).to_have_text("Non retenu")
    expect(page.locator("[data-testid=status-reason]")).to_contain_text("Enveloppe épuisée")
    page.goto(f"{base}{call.get_absolute_url()}")
    expect(page.locator("[data-testid=call-status]")).to_have_text("Évalué")
    screenshot("14-appel-evalue")
    assert sorted(Dossier.objects.filter(call=call).values_list("status", flat=True)) == sorted(
        [Dossier.Status.PRESELECTED, Dossier.Status.PRESELECTED, Dossier.Status.NOT_RETAINED]
    )
