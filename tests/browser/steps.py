"""Steps the browser journeys share: signing in as a role, reading amounts off a page, and the actions of the chain
(a dossier registered, checked and scored; a CPDH decision; a convention validated, transmitted and signed; the
credits notified; a tranche scheduled, released and paid; the progress entered).

Each step drives the real page as its user would and waits on what the page shows after it, never on time. The
journeys keep their own assertions around the steps; a step only checks that its own action went through.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import expect

from tests.factories import PASSWORD

# --- Reading the pages --------------------------------------------------------------------------------------------


def flat(text: str) -> str:
    """Page text with its narrow and no-break spaces made plain, whitespace collapsed."""
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def shown(amount: Decimal) -> str:
    """Digits of an amount as the pages print it (to the centime)."""
    return digits(f"{amount:.2f}")


def figure(amount: Decimal) -> re.Pattern:
    """An amount as printed anywhere (screen, PDF text), whatever the thousands separator: 1 500 000,00."""
    return re.compile(r"(?<!\d)" + r"\D?".join(shown(amount)) + r"(?!\d)")


def money(amount: Decimal) -> str:
    """As typed in a French form: 120000,00."""
    return f"{amount:.2f}".replace(".", ",")


def expect_message(page, text) -> None:
    expect(page.locator(".alert-success").first).to_contain_text(text)


def download(page, locator) -> tuple[str, bytes]:
    """Click what starts a download; its suggested file name and its bytes."""
    with page.expect_download() as info:
        locator.click()
    file = info.value
    return file.suggested_filename, Path(file.path()).read_bytes()


def button(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


# --- Signing in ---------------------------------------------------------------------------------------------------


def sign_in_as(page, live_server, username: str, password: str = PASSWORD, *, to: str | None = None):
    """Whoever was signed in is forgotten; ``username`` signs in through the real form and lands on the home page,
    or on ``to`` (an absolute URL of the live server), as a bookmarked link goes through the sign-in form."""
    page.context.clear_cookies()
    login_url = f"{live_server.url}/compte/connexion/"
    if to:
        login_url += "?" + urlencode({"next": to.removeprefix(live_server.url)})
    page.goto(login_url)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(to or f"{live_server.url}/")
    return page


def open_page(page, url: str) -> None:
    """``url``, unless the browser is on it already (after a sign-in that led there, or a form sent from it)."""
    if page.url != url:
        page.goto(url)


def tiny_png() -> bytes:
    """A small PNG: a site photo, a scanned page."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (160, 100), (90, 140, 200))
    ImageDraw.Draw(image).rectangle((20, 45, 140, 90), fill=(180, 170, 150))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# --- Calls for projects and dossiers (monitoring service) ---------------------------------------------------------


def create_call(
    page,
    base,
    *,
    programme,
    commune,
    title: str,
    description: str,
    amounts: tuple[str, str, str, str],
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    title_ar: str = "",
    holder_kinds: tuple[str, ...] = ("Association",),
) -> None:
    """The new call's form, saved: the page then asks for its documents and criteria.

    ``amounts``: envelope, minimum, maximum (typed the French way) and the INDH share's ceiling (%)."""
    from projects.forms import DATETIME_INPUT

    envelope, min_amount, max_amount, max_indh_share = amounts
    page.goto(f"{base}/suivi-evaluation/appels/nouveau/")
    page.select_option("#id_phase", str(programme.phase.pk))
    page.select_option("#id_programme", str(programme.pk))
    page.fill("#id_year", str(opens_at.year))
    page.fill("#id_title_fr", title)
    if title_ar:
        page.fill("#id_title_ar", title_ar)
    page.fill("#id_description_fr", description)
    page.select_option("#id_communes", str(commune.pk))
    page.fill("#id_envelope", envelope)
    page.fill("#id_min_amount", min_amount)
    page.fill("#id_max_amount", max_amount)
    page.fill("#id_max_indh_share", max_indh_share)
    for kind in holder_kinds:
        page.get_by_role("checkbox", name=kind, exact=True).check()
    page.fill("#id_opens_at", opens_at.strftime(DATETIME_INPUT))
    page.fill("#id_closes_at", closes_at.strftime(DATETIME_INPUT))
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/pieces-et-criteres/")


def fill_call_items(page, documents: list[str], eligibility: list[str], selection: list[tuple[str, str]]) -> None:
    """On the call's « pièces et critères » page: required documents, eligibility criteria, selection criteria with
    their weights (not saved yet: the journeys look at the live weight total first)."""
    for index, label in enumerate(documents):
        page.fill(f"[name=documents-{index}-label_fr]", label)
        page.check(f"[name=documents-{index}-required]")
    for index, label in enumerate(eligibility):
        page.fill(f"[name=eligibility-{index}-label_fr]", label)
    for index, (label, weight) in enumerate(selection):
        page.fill(f"[name=selection-{index}-label_fr]", label)
        page.fill(f"[name=selection-{index}-weight]", weight)


def publish_call(page) -> None:
    """On the call's page."""
    page.locator("[data-testid=call-actions]").get_by_role("button", name="Publier").click()
    expect_message(page, "Publié")
    expect(page.locator("[data-testid=call-status]")).to_have_text("Publié")


def register_dossier(
    page, base, call, *, holder, title, commune, cost, indh, own, pieces, summary="", before_submit=None
) -> None:
    """From the call's page, a dossier received at the desk with the ``pieces`` (labels) ticked as provided;
    ``before_submit()`` is called on the filled form."""
    page.goto(f"{base}{call.get_absolute_url()}")
    page.get_by_role("link", name="Enregistrer un dossier").click()
    expect(page.locator("h1")).to_have_text("Enregistrer un dossier")
    page.select_option("#id_holder", str(holder.pk))
    page.fill("#id_title", title)
    page.fill("#id_summary", summary or f"Projet porté par {holder.name}.")
    page.select_option("#id_commune", str(commune.pk))
    page.fill("#id_beneficiaries_total", "40")
    page.fill("#id_beneficiaries_women", "30")
    page.fill("#id_beneficiaries_youth", "12")
    page.fill("#id_duration_months", "12")
    page.fill("#id_estimated_cost", cost)
    page.fill("#id_indh_share", indh)
    page.fill("#id_holder_contribution", own)
    for piece in pieces:
        page.get_by_label(f"{piece} (obligatoire)").check()
    if before_submit:
        before_submit()
    page.get_by_role("button", name="Enregistrer le dossier").click()
    expect_message(page, "remettez au porteur son accusé de réception")
    expect(page.locator("[data-testid=dossier-status]")).to_have_text("Reçu")


def declare_eligible(page, base, dossier, comment: str = "Récépissé de 2019 vérifié.") -> None:
    """The admissible dossier's eligibility criterion checked as met, then the dossier declared eligible."""
    page.goto(f"{base}{dossier.get_absolute_url()}")
    page.get_by_role("link", name="Vérifier l'éligibilité").click()
    page.get_by_label("Satisfait", exact=True).check()
    page.fill("input[name^=comment_]", comment)
    page.get_by_role("button", name="Enregistrer la vérification").click()
    expect_message(page, "La vérification de l'éligibilité est enregistrée.")
    expect(page.locator("[data-testid=eligibility]")).to_contain_text("satisfait")
    page.get_by_role("button", name="Déclarer éligible").click()
    expect(page.locator("[data-testid=dossier-status]")).to_have_text("Éligible (en évaluation)")


def assign_evaluators(page, base, call, dossiers, names: list[str]) -> None:
    page.goto(f"{base}{call.get_absolute_url()}")
    page.get_by_role("link", name="Affecter les évaluateurs").click()
    for dossier in dossiers:
        page.check(f"#dossier-{dossier.pk}")
    page.select_option("#id_evaluators", label=names)
    page.get_by_role("button", name="Affecter").click()
    expect_message(page, f"{len(dossiers) * len(names)} affectation(s) enregistrée(s).")


def open_scoring(page, base, reference: str) -> None:
    """The signed-in evaluator opens the dossier from « my evaluations » and declares no conflict of interest."""
    page.goto(f"{base}/suivi-evaluation/evaluations/")
    page.locator("[data-testid=my-evaluations]").get_by_role("link", name=reference).click()
    page.check("#id_confirm")
    page.get_by_role("button", name="Je déclare et je commence la notation").click()
    expect_message(page, "vous pouvez noter le dossier")


def fill_scores(page, notes: list[tuple[str, str]], comment: str) -> None:
    """``notes``: (criterion label, note) pairs."""
    for label, value in notes:
        page.get_by_label(label, exact=True).fill(value)
    page.locator("textarea[name^=comment_]").first.fill(comment)


def submit_scores(page) -> None:
    page.get_by_role("button", name="Remettre mes notes").click()
    expect_message(page, "Vos notes sont remises")


# --- Committees (CPDH secretariat) --------------------------------------------------------------------------------


def decide(page, outcome: str, **fields) -> None:
    """On the meeting's page, the next point without a decision gets ``outcome``; ``fields``: label → value."""
    page.get_by_test_id("decide-link").first.click()
    page.get_by_label(outcome, exact=True).check()
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Enregistrer la décision").click()


# --- Conventions --------------------------------------------------------------------------------------------------


def convention_transition(page, convention_url: str, test_id: str, status: str) -> None:
    """The button ``test_id`` (button-validate, button-transmit) on the convention's page, then its new status."""
    open_page(page, convention_url)
    page.get_by_test_id(test_id).click()
    expect(page.get_by_test_id("convention-status")).to_have_text(status)


def cabinet_queue_row(page, convention):
    """The Governor's office opens « Conventions à signer » from its home; the convention's row."""
    page.get_by_role("link", name="Conventions à signer").first.click()
    return page.get_by_test_id("queue-row").filter(has_text=convention.reference)


def cabinet_sign(page, row, convention, *, signed_on: dt.date, scan: bytes, scan_type: str = "application/pdf"):
    """From the queue's row: the signature date and the scan of the signed convention (a PDF or an image)."""
    row.get_by_role("link", name="Signature").click()
    page.get_by_label("Date de signature").fill(signed_on.isoformat())
    suffix = "png" if scan_type == "image/png" else "pdf"
    page.get_by_label("Scan de la convention signée (PDF ou image)").set_input_files(
        {"name": f"{convention.reference}-signee.{suffix}", "mimeType": scan_type, "buffer": scan}
    )
    button(page, "Confirmer")
    expect(page.get_by_text(f"Signature de la convention {convention.reference} enregistrée.")).to_be_visible()


# --- Tranches and payments ----------------------------------------------------------------------------------------


def set_tranches(page, lines: list[tuple[Decimal, str, str]]) -> None:
    """From the convention's page, the schedule: (amount, conditions, progress threshold or "") per tranche."""
    page.get_by_test_id("tranche-schedule").click()
    forms = page.get_by_test_id("tranche-form")
    expect(forms.first).to_be_visible()  # the schedule's page is open (count() does not wait)
    assert forms.count() >= len(lines), "the schedule's page offers fewer tranche lines than needed"
    for index, (amount, conditions, threshold) in enumerate(lines):
        line = forms.nth(index)
        line.get_by_label("Montant (DH) ou pourcentage").fill(money(amount))
        line.get_by_label("Conditions de déblocage").fill(conditions)
        if threshold:
            line.get_by_label("Seuil d'avancement physique (%)").fill(threshold)
    button(page, "Enregistrer")
    expect(page.get_by_text("Échéancier enregistré.")).to_be_visible()
    expect(page.get_by_test_id("tranche-row")).to_have_count(len(lines))


def release_tranche(page, convention_url: str, number: int) -> None:
    """The head, on the convention's page, finds the conditions met and releases tranche ``number``."""
    open_page(page, convention_url)
    page.get_by_test_id("tranche-row").nth(number - 1).get_by_role("link", name="Débloquer").click()
    page.get_by_label("Je constate que les conditions de déblocage de cette tranche sont remplies").check()
    button(page, "Confirmer")
    expect(page.get_by_text(f"La tranche {number} est débloquée.")).to_be_visible()


def record_payment(page, convention_url: str, number: int, *, on: dt.date, amount: Decimal, order: str, rib: str):
    """A payment on tranche ``number``; the RIB typed in groups of four, as it reads on paper."""
    open_page(page, convention_url)
    page.get_by_test_id("tranche-row").nth(number - 1).get_by_role("link", name="Enregistrer un paiement").click()
    page.get_by_label("Date du paiement").fill(on.isoformat())
    page.get_by_label("Montant (DH)").fill(money(amount))
    page.get_by_label("Référence de l'ordre de paiement").fill(order)
    page.get_by_label("RIB du porteur").fill(" ".join(re.findall(".{1,4}", rib)))
    button(page, "Confirmer")
    expect(page.get_by_text("Paiement enregistré.")).to_be_visible()


# --- Execution ----------------------------------------------------------------------------------------------------


def start_project(page, project_url: str, on: dt.date, status: str) -> None:
    open_page(page, project_url)
    page.get_by_test_id("page-start").click()
    page.get_by_label("Date").fill(on.isoformat())
    button(page, "Confirmer")
    expect(page.get_by_test_id("project-status")).to_have_text(status)


def record_progress(page, on: dt.date, percent: int, narrative: str, photo: bytes | None = None) -> None:
    """From the project's page: a progress entry (and a site photo)."""
    page.get_by_test_id("progress-add").click()
    page.get_by_label("Date du constat").fill(on.isoformat())
    page.get_by_label("Avancement physique (%)").fill(str(percent))
    page.get_by_label("Travaux réalisés").fill(narrative)
    if photo:
        page.get_by_label("Photos du chantier").set_input_files(
            {"name": "chantier.png", "mimeType": "image/png", "buffer": photo}
        )
    button(page, "Enregistrer")
    expect(page.get_by_text(f"Avancement de {percent} % enregistré.")).to_be_visible()


# --- Credits ------------------------------------------------------------------------------------------------------


def open_credit_year(page, year: int) -> None:
    """From the main menu: Crédits, then the year."""
    page.get_by_role("navigation").get_by_role("link", name="Crédits").first.click()
    page.get_by_role("link", name=str(year)).first.click()


def record_notification(page, programme, amount: str, reference: str) -> None:
    """On the year's credits page: a notification of ``amount`` (typed the French way) to ``programme``."""
    page.get_by_test_id("notification-create").click()
    page.get_by_label("Programme").select_option(str(programme.pk))
    page.get_by_label("Montant notifié (DH)").fill(amount)
    page.get_by_label("Référence de la notification").fill(reference)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text(reference).first).to_be_visible()


def validate_allocation(page, allocation_url: str) -> None:
    open_page(page, allocation_url)
    page.get_by_test_id("button-validate").click()
    expect(page.get_by_test_id("allocation-status")).to_have_text("Validée par le chef")


def transmit_allocation(page, allocation_url: str) -> None:
    open_page(page, allocation_url)
    page.get_by_test_id("page-transmit").click()
    page.get_by_role("button", name="Transmettre à la DBM").click()
    expect(page.get_by_test_id("allocation-status")).to_have_text("Transmise à la DBM")
