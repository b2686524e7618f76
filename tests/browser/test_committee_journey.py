"""The CPDH secretariat holds a validation meeting on the demo call's preselected dossiers, in a real browser.

The demo data (`seed_demo`) is loaded as `run.py serve` loads it: the CPDH of Agadir Ida-Outanane with its 22
members and a call whose preselection the head validated. The secretariat creates the meeting from the CPDH's page,
puts the three preselected dossiers on its agenda, convenes the members and prints the convocations and the dossier
de séance, records attendance and the decisions, adds an action, closes the meeting and downloads the procès-verbal;
the two approved dossiers are then projects. The Governor's office reads the closed meeting without any button.
"""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from committees.models import Meeting
from projects.models import CallForProjects, Dossier, Project
from tests.browser.steps import decide
from tests.factories import PASSWORD
from tests.projects.test_call_notice import as_extracted, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CPDH = "CPDH de la préfecture d'Agadir Ida-Outanane"


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DAS_DEMO_PASSWORD", PASSWORD)
    call_command("seed_demo", stdout=io.StringIO())
    call = CallForProjects.objects.get(status=CallForProjects.Status.EVALUATED)
    return list(call.dossiers.filter(status=Dossier.Status.PRESELECTED).order_by("number"))


def download(page, link_name, tmp_path):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name, exact=True).click()
    return pdf_text(info.value.path().read_bytes(), tmp_path, re.sub(r"\W+", "-", link_name) + ".pdf")


def test_the_secretariat_holds_a_validation_meeting(page, live_server, login, screenshot, demo, tmp_path):
    dossiers = demo
    assert len(dossiers) == 3
    login("secretariat", PASSWORD)

    # The secretariat's home: the three dossiers wait for the CPDH.
    page.get_by_role("link", name="Comités", exact=True).first.click()
    expect(page.get_by_text("Dossiers en attente de décision du CPDH")).to_be_visible()
    for dossier in dossiers:
        expect(page.get_by_role("link", name=dossier.reference)).to_be_visible()
    screenshot("accueil-secretariat")

    # The CPDH's page: composition checked against the phase III rules, then a new meeting.
    page.get_by_role("link", name="Comités et commissions").click()
    page.get_by_role("link", name=CPDH).click()
    expect(page.get_by_text("La composition respecte les règles du comité.")).to_be_visible()
    # The demo's CPDH already met (it approved the training plans): this meeting is the next one.
    earlier = list(Meeting.objects.filter(committee__name=CPDH).values_list("pk", flat=True))
    page.get_by_role("link", name="Nouvelle réunion").click()
    page.get_by_label("Type de réunion").select_option(label="Validation")
    page.get_by_label("Date").fill(timezone.localdate().isoformat())
    page.get_by_label("Heure").fill("10:00")
    page.get_by_label("Lieu").fill("Salle des réunions de la préfecture")
    chair = page.get_by_label("Président de séance")
    chair.select_option(label=chair.locator("option", has_text="Ahmed Benali").inner_text())
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name=re.compile(f"Réunion n° {len(earlier) + 1}"))).to_be_visible()
    meeting = Meeting.objects.filter(committee__name=CPDH).exclude(pk__in=earlier).get()

    # The agenda: the call's three preselected dossiers, then a free point.
    page.get_by_test_id("agenda-add-link").click()
    for dossier in dossiers:
        page.locator(f"#record-dossier-{dossier.pk}").check()
    page.get_by_test_id("candidates-dossier").get_by_role("button", name="Inscrire les lignes cochées").click()
    for dossier in dossiers:
        expect(page.get_by_text(dossier.reference).first).to_be_visible()
    page.get_by_role("button", name="Convoquer les membres").click()
    expect(page.get_by_text("Convoquée", exact=True).first).to_be_visible()
    screenshot("reunion-convoquee")

    # What the members receive: one convocation each (in French and in Arabic) and the dossier de séance.
    convocations = download(page, "Convocations (PDF, français)", tmp_path)
    assert "Mohamed Ouhammou" in convocations and "Salle des réunions de la préfecture" in convocations
    assert all(d.reference in convocations for d in dossiers)
    convocations_ar = download(page, "Convocations (PDF, arabe)", tmp_path)
    assert as_extracted("محمد أوحمو") in convocations_ar
    session = download(page, "Dossier de séance (PDF)", tmp_path)
    for dossier in dossiers:
        assert dossier.reference in session and dossier.title in session

    # Attendance: 21 voting members; two absent, one excused, one represented.
    page.get_by_test_id("attendance-link").click()
    rows = page.get_by_test_id("attendance-row")
    expect(rows).to_have_count(22)  # waits for the attendance page (count() alone does not wait)
    count = rows.count()
    for index in range(count):
        row = rows.nth(index)
        name = row.locator("th").inner_text()
        if "Hassan Amzil" in name or "Driss Mouhib" in name:
            row.get_by_label("Absent", exact=True).check()
        elif "Naima Lahlou" in name:
            row.get_by_label("Excusé", exact=True).check()
        elif "Said Id Ali" in name:
            row.get_by_label("Représenté", exact=True).check()
            row.get_by_role("textbox").fill("Rachida Ait Bella, vice-présidente")
        else:
            row.get_by_label("Présent", exact=True).check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.get_by_text("Quorum atteint").first).to_be_visible()

    # The decisions: approved, approved with reserves (a lower amount), rejected.
    decide(page, "Approuvé")
    decide(
        page,
        "Approuvé avec réserves",
        **{"Réserves": "Réduire l'équipement au strict nécessaire.", "Montant INDH retenu (DH)": "700 000,00"},
    )
    decide(page, "Rejeté", Motif="Projet déjà financé par un autre programme.")
    screenshot("decisions")

    page.get_by_role("link", name="Ajouter une action").first.click()
    page.get_by_label("Action à mener").fill("Préparer la convention avec le porteur.")
    page.get_by_label("Service chargé").select_option(label="Suivi et évaluation")
    page.get_by_label("Échéance").fill((timezone.localdate() + dt.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Ajouter l'action").click()
    expect(page.get_by_text("Préparer la convention avec le porteur.")).to_be_visible()

    page.get_by_role("button", name="Clôturer la réunion").click()
    expect(page.get_by_text("Clôturée", exact=True).first).to_be_visible()
    minutes = download(page, "Procès-verbal (PDF, français)", tmp_path)
    assert "PROJET" not in minutes
    assert "Rachida Ait Bella" in minutes and "Approuvé avec réserves" in minutes
    assert "Projet déjà financé par un autre programme." in minutes
    screenshot("reunion-cloturee")

    # The approved dossiers are projects now, the rejected one is closed with its reason.
    assert Project.objects.filter(dossier__isnull=False).count() == 2  # the demo also has a project without dossier
    reduced = Project.objects.get(dossier=dossiers[1])
    assert str(reduced.indh_share) == "700000.00"
    assert Dossier.objects.get(pk=dossiers[2].pk).status == Dossier.Status.REJECTED
    page.goto(f"{live_server.url}/suivi-evaluation/projets/")
    for dossier in dossiers[:2]:
        expect(page.get_by_text(dossier.title)).to_be_visible()
    screenshot("projets")

    # The Governor's office reads the closed meeting; nothing on it can be changed from there.
    page.context.clear_cookies()
    login("cabinet", PASSWORD)
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    expect(page.get_by_text("Projet déjà financé par un autre programme.")).to_be_visible()
    expect(page.get_by_role("button", name="Clôturer la réunion")).to_have_count(0)
    expect(page.get_by_role("link", name="Rectifier")).to_have_count(0)
