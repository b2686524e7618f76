"""A project's whole life after the CPDH, in a real browser (issue 5).

The demo data (`seed_demo`) is loaded, then the CPDH approves one of the demo call's preselected dossiers through the
committees services, as production does: that decision creates the project. From there, in the browser, the
monitoring agent drafts the convention from the template, the head validates it and the agent transmits it; the
Governor's office finds it in « Conventions à signer » with its waiting time, reads its PDF and returns it with an
observation; the agent corrects the article, the head validates again, the agent transmits, and the Cabinet records
the signature with a scan. The project is then conventionné: the agent sets a schedule of two tranches, the head
releases the first and the agent pays it; the project starts, two progress entries are made (the second with a
photo), and the reception commission's two visits close the project (achevé, then clôturé). The convention's PDF is
read in French and in Arabic.

Time is compressed: a convention waits days at the Cabinet, so each transmission is dated back in the database (as
the committee demo dates back its past meeting), which lets the signature, the start and the progress entries fall
on distinct past days, as the lifecycle's date guards require.
"""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from committees.models import Committee, Decision
from committees.services import meetings as meeting_services
from das.models import User
from projects.models import CallForProjects, Convention, Dossier, Project
from tests.browser import steps
from tests.browser.conftest import ARTIFACTS
from tests.browser.steps import (
    cabinet_queue_row,
    cabinet_sign,
    convention_transition,
    digits,
    record_payment,
    record_progress,
    release_tranche,
    set_tranches,
    start_project,
    tiny_png,
)
from tests.factories import PASSWORD
from tests.projects.test_call_notice import as_extracted, pdf_text
from tests.projects.test_tranches import RIB

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECEPTION = "Commission provinciale de réception des projets"
OBSERVATION = "Article 8 : préciser que le rapport final est remis dans les deux mois suivant la réception provisoire."
CORRECTED = (
    "Le porteur remet à la Division de l'Action Sociale un rapport d'avancement trimestriel et, dans les deux mois "
    "suivant la réception provisoire, un rapport final technique et financier."
)


@pytest.fixture
def project(monkeypatch):
    """The demo, then a CPDH validation meeting that approves the first preselected dossier of the evaluated call."""
    monkeypatch.setenv("DAS_DEMO_PASSWORD", PASSWORD)
    call_command("seed_demo", stdout=io.StringIO())
    call = CallForProjects.objects.get(status=CallForProjects.Status.EVALUATED)
    dossier = call.dossiers.filter(status=Dossier.Status.PRESELECTED).order_by("number").first()
    secretariat = User.objects.get(username="secretariat")
    cpdh = Committee.objects.get(kind=Committee.Kind.CPDH)
    meeting = meeting_services.meeting_create(
        committee=cpdh,
        by=secretariat,
        kind="validation",
        date=timezone.localdate() - dt.timedelta(days=40),
        time=dt.time(10, 0),
        place="Salle des réunions de la préfecture",
        chair=cpdh.members.get(function="president"),
    )
    (item,) = meeting_services.agenda_add_records(meeting=meeting, kind="dossier", records=[dossier], by=secretariat)
    meeting_services.meeting_convene(meeting=meeting, by=secretariat)
    entries = dict.fromkeys(meeting_services.sitting_members(meeting), ("present", ""))
    meeting_services.attendance_record(meeting=meeting, by=secretariat, entries=entries)
    meeting_services.decision_record(item=item, by=secretariat, outcome=Decision.Outcome.APPROVED)
    meeting_services.meeting_close(meeting=meeting, by=secretariat)
    return Project.objects.select_related("holder").get(dossier=dossier)


def download(page, link, tmp_path, name):
    with page.expect_download() as info:
        link.click()
    content = info.value.path().read_bytes()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"project-journey--{name}").write_bytes(content)  # to be looked at, like the screenshots
    return content, pdf_text(content, tmp_path, name)


def images_in(content: bytes, path) -> int:
    """How many images the PDF embeds (poppler's pdfimages, installed with pdftotext)."""
    import shutil
    import subprocess

    path.write_bytes(content)
    command = [shutil.which("pdfimages") or "/usr/bin/pdfimages", "-list", str(path)]
    listing = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return len(listing.splitlines()[2:])  # two header lines


def back_date_transmission(convention: Convention, days: int) -> None:
    """The convention has been waiting ``days`` days at the Cabinet."""
    Convention.objects.filter(pk=convention.pk).update(transmitted_at=timezone.now() - dt.timedelta(days=days))


def test_a_project_from_its_convention_to_its_final_reception(page, live_server, screenshot, project, tmp_path):
    today = timezone.localdate()
    holder = project.holder
    indh = project.indh_share
    project_url = f"{live_server.url}{project.get_absolute_url()}"

    def sign_in_as(username):
        steps.sign_in_as(page, live_server, username)

    def button(name):
        steps.button(page, name)

    # 1. The monitoring agent drafts the convention from the project's page; the parties are the cost plan.
    sign_in_as("suivi")
    page.goto(project_url)
    expect(page.get_by_test_id("project-status")).to_have_text(str(Project.Status.VALIDATED.label))
    expect(page.get_by_test_id("cpdh-decision")).to_contain_text("Approuvé")
    page.get_by_test_id("convention-create").click()
    expect(page.get_by_label("Projet validé par le CPDH")).to_have_value(str(project.pk))
    button("Préparer la convention")
    expect(page.get_by_text(re.compile(r"Convention CONV-\d{4}-\d+ préparée en brouillon"))).to_be_visible()
    convention = Convention.objects.get(project=project)
    convention_url = f"{live_server.url}{convention.get_absolute_url()}"
    expect(page.get_by_test_id("convention-status")).to_have_text(str(Convention.Status.DRAFT.label))
    parties = page.get_by_test_id("parties")
    expect(parties).to_contain_text("Gouverneur")
    expect(parties).to_contain_text(holder.name)
    expect(page.get_by_test_id("party-gaps")).to_have_count(0)
    expect(page.get_by_test_id("articles")).to_contain_text("Article 11 – Règlement des litiges")
    # The parties' page opens on the cost plan; saved as is, it is accepted.
    page.get_by_role("link", name="Modifier les parties").click()
    button("Enregistrer")
    expect(page.get_by_text("Parties enregistrées.")).to_be_visible()
    # Validating is the head's: the agent has no such button.
    expect(page.get_by_test_id("button-validate")).to_have_count(0)

    # 2. The head validates; the agent transmits to the Cabinet.
    sign_in_as("chef")
    convention_transition(page, convention_url, "button-validate", str(Convention.Status.VALIDATED.label))
    sign_in_as("suivi")
    convention_transition(page, convention_url, "button-transmit", str(Convention.Status.TRANSMITTED.label))
    back_date_transmission(convention, 20)

    # 3. The Governor's office: the queue shows the waiting time (beyond the alert delay); it reads the PDF and
    # returns the convention with an observation.
    sign_in_as("cabinet")
    row = cabinet_queue_row(page, convention)
    expect(row).to_contain_text(holder.name)
    expect(row.get_by_test_id("waiting")).to_have_text("20 jours")
    expect(row.get_by_test_id("waiting")).to_have_class(re.compile("text-danger"))
    screenshot("cabinet-file-attente")
    _content, queue_pdf = download(page, row.get_by_role("link", name="PDF (fr)"), tmp_path, "queue-fr.pdf")
    assert convention.reference in queue_pdf and project.code in queue_pdf
    row.get_by_role("link", name="Retour").click()
    page.get_by_label("Observations du Cabinet").fill(OBSERVATION)
    button("Confirmer")
    expect(page.get_by_text(f"Convention {convention.reference} retournée au service")).to_be_visible()
    expect(page.get_by_text("Aucune convention n'attend la signature.")).to_be_visible()

    # 4. The agent reads the observation, corrects the article; the head validates again; the agent transmits.
    sign_in_as("suivi")
    page.goto(convention_url)
    expect(page.get_by_test_id("convention-status")).to_have_text(str(Convention.Status.DRAFT.label))
    expect(page.get_by_test_id("returns")).to_contain_text(OBSERVATION)
    screenshot("convention-retournee")
    page.get_by_role("link", name="Modifier l'objet et les articles").click()
    article = page.get_by_test_id("article-form").filter(has=page.get_by_text("Article 8", exact=True))
    article.get_by_label("Texte (français)").fill(CORRECTED)
    button("Enregistrer")
    expect(page.get_by_text("Articles enregistrés.")).to_be_visible()
    expect(page.get_by_test_id("articles")).to_contain_text(CORRECTED)
    sign_in_as("chef")
    convention_transition(page, convention_url, "button-validate", str(Convention.Status.VALIDATED.label))
    sign_in_as("suivi")
    convention_transition(page, convention_url, "button-transmit", str(Convention.Status.TRANSMITTED.label))
    back_date_transmission(convention, 12)

    # The Cabinet signs (ten days ago) and uploads the scan of the signed convention.
    signed_on = today - dt.timedelta(days=10)
    sign_in_as("cabinet")
    row = cabinet_queue_row(page, convention)
    expect(row.get_by_test_id("waiting")).to_have_text("12 jours")
    scan, _text = download(page, row.get_by_role("link", name="PDF (fr)"), tmp_path, "scan.pdf")
    cabinet_sign(page, row, convention, signed_on=signed_on, scan=scan)
    page.goto(convention_url)
    expect(page.get_by_test_id("convention-status")).to_have_text(str(Convention.Status.SIGNED.label))
    expect(page.get_by_test_id("signed-on")).to_have_text(signed_on.strftime("%d/%m/%Y"))
    expect(page.get_by_test_id("scan-link")).to_be_visible()
    # The Governor's office reads the convention; it changes nothing on it.
    expect(page.get_by_test_id("actions").get_by_role("button")).to_have_count(0)

    # 5. The project is conventionné. The agent sets two tranches; the head releases the first; the agent pays it.
    sign_in_as("suivi")
    page.goto(project_url)
    expect(page.get_by_test_id("project-status")).to_have_text(str(Project.Status.CONVENTIONED.label))
    page.get_by_test_id("convention-link").click()
    first_amount = (indh * Decimal("0.4")).quantize(Decimal("1"))
    set_tranches(
        page,
        [
            (first_amount, "Signature de la convention.", ""),
            (indh - first_amount, "Justification de la première tranche.", "50"),
        ],
    )

    sign_in_as("chef")
    page.goto(convention_url)
    rows = page.get_by_test_id("tranche-row")
    expect(rows.nth(1).get_by_test_id("release-blockers")).to_contain_text("La tranche 1 doit être débloquée")
    release_tranche(page, convention_url, 1)

    sign_in_as("suivi")
    paid_on = today - dt.timedelta(days=8)
    record_payment(
        page, convention_url, 1, on=paid_on, amount=first_amount, order="OP-2026-0142", rib=holder.rib or RIB
    )
    assert digits(page.get_by_test_id("paid-total").inner_text()) == digits(f"{first_amount:.2f}")
    screenshot("convention-tranche-payee")

    # 6. The project starts on the signature's day; two progress entries, the second with a photo.
    start_project(page, project_url, signed_on, str(Project.Status.IN_PROGRESS.label))
    page.goto(project_url)
    record_progress(page, today - dt.timedelta(days=5), 45, "Gros œuvre achevé, menuiseries en cours de pose.")
    record_progress(page, today, 100, "Travaux achevés, équipements installés et testés.", photo=tiny_png())
    expect(page.locator("img[src*='/avancements/photos/']").first).to_be_visible()

    # 7. The reception commission: provisional reception (project achevé), then final reception (clôturé).
    def reception(kind, findings, reserves=""):
        page.goto(project_url)
        page.get_by_test_id("visit-add").click()
        page.get_by_label("Type de visite").select_option(label=kind)
        page.get_by_label("Date de la visite").fill(today.isoformat())
        page.locator("select[name=commission]").select_option(label=RECEPTION)
        members = ("Khadija Amrani", "Rachid Tazi", "Samira Ouakrim")
        for name in members:
            page.locator("label", has_text=f"{name} —").filter(has_text=RECEPTION).click()
        page.get_by_label("Autres participants").fill(f"{holder.name}, porteur du projet")
        page.get_by_label("Constats").fill(findings)
        if reserves:
            page.get_by_label("Réserves").fill(reserves)
        button("Enregistrer")
        expect(page.get_by_test_id("visit-status")).to_have_text("Brouillon")
        for name in members:
            expect(page.get_by_test_id("visit-attendance")).to_contain_text(name)
        expect(page.get_by_test_id("project-move")).to_be_visible()
        page.get_by_test_id("visit-close").click()
        expect(page.get_by_test_id("visit-status")).to_have_text("PV clos")
        expect(page.get_by_test_id("visit-reference")).to_have_text(re.compile(r"PVV-\d{4}-\d{4}"))

    reception(
        "Réception provisoire",
        "Les travaux sont conformes au dossier validé.",
        reserves="Reprendre la peinture de la façade.",
    )
    page.goto(project_url)
    expect(page.get_by_test_id("project-status")).to_have_text(str(Project.Status.COMPLETED.label))
    reception("Réception définitive", "La réserve de la réception provisoire est levée.")
    page.goto(project_url)
    expect(page.get_by_test_id("project-status")).to_have_text(str(Project.Status.CLOSED.label))
    expect(page.get_by_test_id("visit-row")).to_have_count(2)
    expect(page.get_by_test_id("visit-add")).to_have_count(0)
    screenshot("projet-cloture")
    project.refresh_from_db()
    assert project.status == Project.Status.CLOSED
    assert (project.actual_start, project.final_reception_on) == (signed_on, today)

    # 8. The documents: the convention in French and in Arabic (and the fiche projet once it exists).
    page.goto(convention_url)
    _content, fr = download(page, page.get_by_test_id("pdf-fr"), tmp_path, "convention-fr.pdf")
    for text in (convention.reference, project.code, holder.name, CORRECTED):
        assert text in fr, text
    assert digits(f"{indh:.2f}") in digits(fr)
    _content, ar = download(page, page.get_by_test_id("pdf-ar"), tmp_path, "convention-ar.pdf")
    assert "اتفاقية" in ar and project.code in ar and convention.reference in ar
    if holder.name_ar:
        assert as_extracted(holder.name_ar) in ar

    # The fiche projet, from the project's page, in both languages: the closed project on two pages with its photo.
    page.goto(project_url)
    for lang in ("fr", "ar"):
        content, sheet = download(page, page.get_by_test_id(f"sheet-{lang}"), tmp_path, f"fiche-{lang}.pdf")
        assert project.code in sheet, lang
        assert digits(f"{first_amount:.2f}") in digits(sheet), lang
        assert images_in(content, tmp_path / f"fiche-{lang}-images.pdf") == 1, lang  # the latest photo
        if lang == "fr":
            assert holder.name in sheet and "Clôturé" in sheet
        else:
            assert "بطاقة المشروع" in sheet
            if holder.name_ar:
                assert as_extracted(holder.name_ar) in sheet
