"""Each role's main journey in a real browser, through the real sign-in form (never force_login)."""

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from das.models import Partner, User
from das.roles import ensure_default_roles
from tests.factories import PASSWORD, CommuneFactory, PartnerFactory, user_with_role, valid_rib

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COOPERATIVES = [
    ("Coopérative Tamount Argan", "Agadir"),
    ("Coopérative Al Amal des femmes", "Aourir"),
    ("Coopérative Tafoukt Miel", "Aourir"),
]
ASSOCIATIONS = [
    ("Association Anir pour le développement", "Agadir"),
    ("Association Tiwizi Tamraght", "Aourir"),
]


@dataclass
class Directory:
    communes: dict
    cooperatives: list
    associations: list


@pytest.fixture
def directory(transactional_db):
    """Roles, two communes, three cooperatives and two associations, and one account per tested role."""
    ensure_default_roles()
    communes = {
        "Agadir": CommuneFactory(name_fr="Agadir", name_ar="أكادير"),
        "Aourir": CommuneFactory(name_fr="Aourir", name_ar="أورير", kind="rurale"),
    }
    cooperatives = [
        PartnerFactory(kind=Partner.Kind.COOPERATIVE, name=name, commune=communes[c], receipt_number="")
        for name, c in COOPERATIVES
    ]
    associations = [PartnerFactory(name=name, commune=communes[c]) for name, c in ASSOCIATIONS]
    for code in ("administrateur", "suivi_evaluation", "auditeur"):
        user_with_role(code, full_name=f"Compte {code}")
    return Directory(communes, cooperatives, associations)


def menu_text(page) -> str:
    return page.locator("[data-testid=main-menu]").inner_text()


def open_menu(page, label):
    page.locator("[data-testid=main-menu]").get_by_role("link", name=label, exact=True).click()


def test_administrator_creates_an_account(directory, login, screenshot, live_server):
    page = login("administrateur", PASSWORD)
    menu = menu_text(page)
    for label in ("Utilisateurs", "Référentiel", "Partenaires", "Journal"):
        assert label in menu
    assert "Suivi et évaluation" not in menu

    open_menu(page, "Utilisateurs")
    expect(page.locator("h1")).to_have_text("Utilisateurs")
    page.get_by_role("link", name="Nouvel utilisateur").click()
    expect(page.locator("h1")).to_have_text("Nouvel utilisateur")
    page.fill("#id_username", "h.ouchen")
    page.fill("#id_full_name", "Hafsa Ouchen")
    page.fill("#id_email", "h.ouchen@das-agadir.ma")
    page.select_option("#id_service", label="Service de la communication")
    page.get_by_role("checkbox", name="Communication", exact=True).check()
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.locator(".alert-success")).to_contain_text("Compte créé")
    expect(page.locator("h1")).to_contain_text("Hafsa Ouchen")
    expect(page.locator("main dl")).to_contain_text("h.ouchen@das-agadir.ma")
    expect(page.locator("main dl")).to_contain_text("Communication")
    screenshot("fiche-utilisateur-creee")

    account = User.objects.get(username="h.ouchen")
    assert page.url == f"{live_server.url}/utilisateurs/{account.pk}/"
    assert [a.role.code for a in account.role_assignments.all()] == ["communication"]
    assert not account.has_usable_password()


def test_monitoring_filters_exports_and_reads_arabic(directory, login, screenshot):
    page = login("suivi_evaluation", PASSWORD)
    menu = menu_text(page)
    assert "Suivi et évaluation" in menu
    assert "Partenaires" in menu
    assert "Utilisateurs" not in menu
    assert "Journal" not in menu

    open_menu(page, "Partenaires")
    expect(page.locator("[data-testid=result-count]")).to_contain_text("5 résultats")
    page.locator("form.filter-panel select[name=kind]").select_option(label="Coopérative")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**kind=cooperative**")

    names = sorted(p.name for p in directory.cooperatives)
    expect(page.locator("[data-testid=result-count]")).to_contain_text("3 résultats")
    expect(page.locator("[data-testid=result-count]")).to_contain_text("Type : Coopérative")
    rows = page.locator("main table tbody tr")
    assert sorted(rows.locator("td:first-child").all_inner_texts()) == names
    screenshot("partenaires-cooperatives")

    with page.expect_download() as xlsx_download:
        page.locator("[data-testid=export-xlsx]").click()
    xlsx = xlsx_download.value
    assert xlsx.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(xlsx.path()).read_bytes()), read_only=True).active  # path has no suffix
    values = [row[0] for row in sheet.iter_rows(values_only=True) if row]
    header = values.index("Nom")
    assert sorted(v for v in values[header + 1 :] if v) == names
    assert any("Coopérative" in str(v) for v in values[:header]), "the applied filter is written above the table"

    with page.expect_download() as pdf_download:
        page.locator("[data-testid=export-pdf]").click()
    pdf = pdf_download.value
    assert pdf.suggested_filename.endswith(".pdf")
    assert Path(pdf.path()).read_bytes().startswith(b"%PDF")

    page.locator("[data-language=ar]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    assert page.locator("html[dir=rtl][lang=ar]").count() == 1
    assert page.locator("link[href*='bootstrap.rtl']").count() == 1
    expect(page.locator("[data-language=ar]")).to_have_attribute("aria-pressed", "true")
    assert "kind=cooperative" in page.url, "the language switch comes back to the same filtered list"
    assert sorted(rows.locator("td:first-child").all_inner_texts()) == names
    screenshot("partenaires-cooperatives-arabe")


def test_monitoring_creates_a_partner_with_rib_check_and_duplicate_warning(directory, login, screenshot, live_server):
    page = login("suivi_evaluation", PASSWORD)
    page.goto(f"{live_server.url}/partenaires/nouveau/")
    expect(page.locator("h1")).to_have_text("Nouveau partenaire")

    # Far beyond PartnerFactory's sequence, which reaches the hundreds when many tests ran before in this worker.
    good_rib = valid_rib(10**9 + 999)
    bad_rib = good_rib[:-1] + str((int(good_rib[-1]) + 1) % 10)
    page.select_option("#id_kind", "cooperative")
    # Close to « Coopérative Tamount Argan », already recorded: the form must warn about a possible duplicate.
    page.fill("#id_name", "Coopérative Tamount Argane")
    page.select_option("#id_commune", label="Agadir")
    page.fill("#id_rib", bad_rib)
    page.get_by_role("button", name="Enregistrer").click()

    rib_field = page.locator("#div_id_rib")
    expect(rib_field).to_contain_text("La clé RIB (deux derniers chiffres) ne correspond pas")
    expect(page.locator("#id_rib")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#id_rib")).to_have_attribute("aria-invalid", "true")
    screenshot("partenaire-rib-invalide")
    assert not Partner.objects.filter(name="Coopérative Tamount Argane").exists()

    page.fill("#id_rib", good_rib)
    page.get_by_role("button", name="Enregistrer").click()
    warning = page.locator("[data-testid=duplicate-warning]")
    expect(warning).to_contain_text("Coopérative Tamount Argan")
    expect(rib_field).not_to_contain_text("La clé RIB")  # the RIB is accepted: only the duplicate remains to confirm
    screenshot("partenaire-doublon-possible")
    warning.get_by_role("checkbox").check()
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.locator(".alert-success")).to_contain_text(
        "Le partenaire « Coopérative Tamount Argane » est enregistré."
    )
    created = Partner.objects.get(name="Coopérative Tamount Argane")
    assert created.rib == good_rib
    assert created.commune == directory.communes["Agadir"]
    assert page.url == f"{live_server.url}/partenaires/{created.pk}/"
    screenshot("partenaire-cree")


def test_auditor_reads_journal_and_history(directory, login, screenshot):
    page = login("auditeur", PASSWORD)
    menu = menu_text(page)
    assert "Journal" in menu
    assert "Utilisateurs" in menu  # reads the accounts and roles, changes nothing

    open_menu(page, "Utilisateurs")
    expect(page.locator("h1")).to_have_text("Utilisateurs")
    expect(page.get_by_role("link", name="Nouvel utilisateur")).to_have_count(0)

    open_menu(page, "Journal")
    expect(page.locator("h1")).to_have_text("Journal des opérations")
    rows = page.locator("main table tbody tr")
    assert rows.count() > 0
    expect(page.locator("main table tbody")).to_contain_text("Création")
    expect(page.locator("main table tbody")).not_to_contain_text("Aucune fiche ne correspond.")
    screenshot("journal")

    partner = directory.associations[0]
    open_menu(page, "Partenaires")
    page.get_by_role("link", name=partner.name, exact=True).click()
    expect(page.locator("h1")).to_contain_text(partner.name)
    assert page.get_by_role("link", name="Modifier").count() == 0, "the auditor writes nothing"
    page.get_by_role("link", name="Historique").click()
    expect(page.locator("h1")).to_have_text(f"Historique : {partner.name}")
    history = page.locator("[data-testid=history]")
    expect(history).to_contain_text("Création")
    screenshot("historique-partenaire")


def focused(page) -> str:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return "body";
            return el.name ? `${el.tagName.toLowerCase()}[name=${el.name}]`
                : `${el.tagName.toLowerCase()}[type=${el.type || ""}]:${el.textContent.trim()}`;
        }"""
    )


def test_login_form_keyboard_order(page, live_server, screenshot):
    page.goto(f"{live_server.url}/compte/connexion/")
    assert focused(page) == "input[name=username]", "the username field has the focus when the page opens"

    page.locator("a.skip-link").focus()  # start from the first focusable element of the page
    order = []
    for _ in range(12):
        page.keyboard.press("Tab")
        order.append(focused(page))
        if order[-1].startswith("button[type=submit]:Se connecter"):
            break
    username = order.index("input[name=username]")
    assert order[username : username + 3] == [
        "input[name=username]",
        "input[name=password]",
        "button[type=submit]:Se connecter",
    ], order
    screenshot("connexion-focus-bouton")
