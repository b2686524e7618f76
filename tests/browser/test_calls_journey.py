"""A call for projects from its drafting to the validated preselection, in a real browser.

The monitoring service (suivi et évaluation) drafts and publishes the call, registers and instructs three dossiers,
assigns two evaluators who score them blind, closes the call and proposes the preselection; the head of division
validates it. Everything goes through the real pages and the real sign-in form; only the reference data (phase,
programme, communes, partners) and the accounts are prepared beforehand.
"""

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from das.models import Partner
from das.roles import ensure_default_roles
from projects.documents import NOTICE_LABELS
from projects.models import CallForProjects, Dossier
from tests.browser.steps import (
    assign_evaluators,
    create_call,
    declare_eligible,
    download,
    expect_message,
    fill_call_items,
    fill_scores,
    flat,
    open_scoring,
    publish_call,
    register_dossier,
    submit_scores,
)
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


def logout(page, live_server, name):
    page.get_by_role("button", name=name).click()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(f"{live_server.url}/compte/connexion/**")


def test_call_from_draft_to_validated_preselection(setup, login, screenshot, live_server, tmp_path):
    base = live_server.url
    page = login("suivi_evaluation", PASSWORD)

    # 1. The call: its form (French amounts), its documents and criteria, publication, the notice in two languages.
    now = timezone.localtime().replace(second=0, microsecond=0)
    create_call(
        page,
        base,
        programme=setup.programme,
        commune=setup.commune,
        title=CALL_TITLE,
        title_ar=CALL_TITLE_AR,
        description="Soutien aux activités génératrices de revenus portées par des femmes.",
        amounts=("2 000 000,00", "50 000,00", "800 000,00", "70"),
        opens_at=now - dt.timedelta(days=2),  # the filing window is open
        closes_at=now + dt.timedelta(days=30),
    )
    call = CallForProjects.objects.get(title_fr=CALL_TITLE)
    assert call.status == CallForProjects.Status.DRAFT
    assert str(call.envelope) == "2000000.00" and str(call.max_amount) == "800000.00"

    fill_call_items(page, DOCUMENTS, [ELIGIBILITY], SELECTION)
    page.fill("[name=documents-0-label_ar]", "القانون الأساسي للجمعية")
    expect(page.locator("#weight-total-value")).to_have_text("100")
    screenshot("01-pieces-et-criteres")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"{base}{call.get_absolute_url()}")
    expect(page.locator("[data-testid=weight-total]")).to_contain_text("100 %")
    publish_call(page)
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
        incomplete = project.key == INCOMPLETE
        register_dossier(
            page,
            base,
            call,
            holder=setup.partners[project.key],
            title=project.title,
            summary=f"Projet {project.key} porté par {project.holder}.",
            commune=setup.commune,
            cost=project.cost,
            indh=project.indh,
            own=project.own,
            pieces=DOCUMENTS[:1] if incomplete else DOCUMENTS,
            before_submit=(lambda: screenshot("03-enregistrement-dossier")) if incomplete else None,
        )
        dossier = Dossier.objects.get(title=project.title)
        assert page.url == f"{base}{dossier.get_absolute_url()}"
        assert not dossier.is_late
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
        declare_eligible(page, base, dossiers[project.key], "Récépissé de 2019 vérifié.")
    screenshot("06-dossier-eligible")

    # 3. Both evaluators on the three dossiers, at once.
    assign_evaluators(page, base, call, dossiers.values(), ["Karim Suivi", "Nadia Évaluatrice"])
    expect(page.locator("[data-testid=assign-form] tbody")).to_contain_text("Nadia Évaluatrice")
    screenshot("07-evaluateurs-affectes")

    # 4. Each evaluator declares no conflict of interest, scores and hands in; the second one scores blind.
    def score(notes, comment, *, blind_to=None):
        for project in PROJECTS:
            open_scoring(page, base, dossiers[project.key].reference)
            values = getattr(project, notes)
            labels = [label for label, _weight in SELECTION]
            fill_scores(page, list(zip(labels, values, strict=True)), f"{comment} ({project.key})")
            if blind_to:
                content = page.locator("main").inner_text()
                for hidden in blind_to(project):
                    assert hidden not in content, f"{hidden!r} is shown before the evaluator hands in"
                if project.key == "A":
                    screenshot("09-notation-a-l-aveugle")
            submit_scores(page)
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
