"""The follow-up page, its PDF and Excel file, the service's space page and the home cards."""

import io
import re
import shutil
import subprocess
import unicodedata
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.training.factories import (
    ParticipantFactory,
    PersonFactory,
    PlanActionFactory,
    SessionDayFactory,
    TeamFactory,
    TrainingSessionFactory,
)
from tests.training.test_followup_figures import build_world
from training.models import Presence, SupportRequest, TrainingPlan, TrainingSession

pytestmark = pytest.mark.django_db

URL = reverse("training:followup")
BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


@pytest.fixture
def world():
    return build_world()


@pytest.fixture(autouse=True)
def in_2026(monkeypatch):
    """The space page and the home cards read the current year; the data is of 2026."""
    import datetime

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: datetime.date(2026, 6, 15))


def pdf_text(content: bytes, tmp_path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "suivi.pdf"
    path.write_bytes(content)
    result = subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(unicodedata.normalize("NFKC", result.stdout.decode()).translate(BIDI).split())


def test_the_page_shows_the_figures_and_the_legend(world, role_users, client_as):
    response = client_as(role_users["formation"]).get(URL + "?annee=2026")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-figure="people"><bdi dir="ltr">5</bdi>' in html
    assert 'data-figure="sessions"><bdi dir="ltr">4 / 5</bdi>' in html
    total = re.search(r'data-testid="actions-total">(.*?)</tr>', html, re.S).group(1)
    assert "7 / 28" in total and "25,00" in total and "53,19" in total
    assert "Personnes formées : 5 personnes distinctes" in html
    assert "Taux de consommation" in html and "Coût réalisé ÷ budget." in html  # the legend
    assert response.context["data"].people == 5


def test_the_auditor_and_the_chef_read_it_others_do_not(world, role_users, client_as):
    for role in ("chef", "auditeur"):
        assert client_as(role_users[role]).get(URL).status_code == 200
    assert client_as(role_users["suivi_evaluation"]).get(URL).status_code == 403


def test_a_bad_filter_is_a_message_not_an_error(world, role_users, client_as):
    response = client_as(role_users["formation"]).get(URL + "?annee=2026&module=999999&acteur=pirate")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="error-module"' in html and 'data-testid="error-acteur"' in html
    assert response.context["followup_filters"].module is None
    assert response.context["data"].people == 5


def test_the_filters_apply(world, role_users, client_as):
    response = client_as(role_users["chef"]).get(URL + f"?annee=2026&commune={world['c1'].pk}")
    assert response.context["data"].people == 4
    response = client_as(role_users["chef"]).get(URL + "?annee=2025")
    assert response.context["data"].people == 1


def test_the_excel_file_has_a_sheet_per_section_with_formulas(world, role_users, client_as):
    from openpyxl import load_workbook

    response = client_as(role_users["auditeur"]).get(reverse("training:followup_xlsx") + "?annee=2026")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Actions", "Personnes formées", "Heures par module", "Budget", "Besoins", "Paramètres"]
    actions = book["Actions"]
    assert [actions.cell(row=r, column=1).value for r in range(5, 9)] == ["2025-01", "2026-01", "2026-02", "2026-03"]
    assert actions["G6"].value == 4 and actions["J6"].value == 26 and actions["L6"].value == 20000
    assert actions["A9"].value == "Total"
    assert actions["G9"].value == "=SUM(G5:G8)"
    assert actions["L9"].value == "=SUM(L5:L8)"
    assert actions["H9"].value == '=IF(F9=0,"",G9/F9)'
    assert actions["M6"].value == '=IF(K6=0,"",L6/K6)'
    people = book["Personnes formées"]
    cells = [(people.cell(row=r, column=1).value, people.cell(row=r, column=2).value) for r in range(4, 11)]
    assert cells[:3] == [("Par sexe", None), ("Par sexe", "Personnes"), ("Femme", 2)]
    assert cells[3] == ("Homme", 3) and cells[4] == ("Total", "=SUM(B6:B7)")
    hours = book["Heures par module"]
    assert hours["C7"].value == "=SUM(C5:C6)" and hours["E7"].value == 5
    budget = book["Budget"]
    assert budget["C5"].value == 37000 and budget["D7"].value == "=SUM(D5:D6)" and budget["E7"].value.startswith("=IF")
    needs = book["Besoins"]
    assert needs["H5"].value == "=B5+D5+F5" and needs["I7"].value == "=SUM(I5:I6)"
    parameters = {row[0].value: row[1].value for row in book["Paramètres"].iter_rows()}
    assert parameters["Année"] == "2026" and parameters["Commune"] == "Toutes les communes"
    assert parameters["Personnes formées"].startswith("Les personnes distinctes")


def test_the_pdf_in_french_and_in_arabic(world, role_users, client_as, tmp_path):
    client = client_as(role_users["formation"])
    response = client.get(reverse("training:followup_pdf", args=["fr"]) + "?annee=2026")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Suivi du plan de formation 2026" in text
    assert "Personnes formées : 5 personnes distinctes" in text
    assert "7 / 28" in text and "25 000,00" in text.replace("\u202f", " ")
    assert "Taux de consommation" in text
    response = client.get(reverse("training:followup_pdf", args=["ar"]) + "?annee=2026")
    assert response.status_code == 200
    assert "7 / 28" in pdf_text(response.content, tmp_path)
    assert client.get(reverse("training:followup_pdf", args=["de"])).status_code == 404


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def grow(world, count):
    """``count`` more held sessions of the plan 2026 with three participants present each, and more actions."""
    plan = TrainingPlan.objects.get(year=2026)
    for index in range(count):
        action = PlanActionFactory(plan=plan, number=10 + index, module=world["m1"], commune=world["c2"])
        session = TrainingSessionFactory(action=action, status=TrainingSession.Status.HELD, actual_cost=Decimal(100))
        day = SessionDayFactory(session=session)
        for _ in range(3):
            participant = ParticipantFactory(session=session, person=PersonFactory(commune=world["c1"]))
            Presence.objects.create(participant=participant, day=day)


def test_the_pages_do_as_many_queries_whatever_the_data(world, role_users, client_as, django_assert_max_num_queries):
    client = client_as(role_users["formation"])
    urls = [
        URL + "?annee=2026",
        reverse("training:followup_xlsx") + "?annee=2026",
        reverse("training:followup_pdf", args=["fr"]) + "?annee=2026",
        reverse("training:index"),
        reverse("home"),
    ]
    few = [query_count(client, url) for url in urls]
    grow(world, 12)
    many = [query_count(client, url) for url in urls]
    assert many == few
    with django_assert_max_num_queries(25):
        client.get(urls[0])


def test_the_space_page_shows_the_years_figures_and_the_areas_that_exist(world, role_users, client_as):
    response = client_as(role_users["auditeur"]).get(reverse("training:index"))
    assert response.status_code == 200
    html = response.content.decode()
    figures = response.context["figures"]
    assert figures.year == 2026 and figures.people == 5
    assert 'data-figure="sessions"><bdi dir="ltr">4 / 5</bdi>' in html
    assert f'href="{URL}?annee=2026"' in html
    # Only the areas whose URL resolves are linked (the others arrive with their own branch).
    names = [area["name"] for area in response.context["areas"]]
    assert "training:followup" in names
    for name in names:
        assert f'data-area="{name}"' in html


def test_the_home_cards_for_the_readers_of_the_service(world, role_users, client_as):
    team = TeamFactory()
    for index, status in enumerate(SupportRequest.Status):
        SupportRequest.objects.create(
            team=team,
            reference=f"DA-2026-{index:04d}",
            domain=SupportRequest.Domain.SOCIAL,
            subject="Appui",
            request="Appui",
            received_on="2026-02-01",
            status=status,
        )
    response = client_as(role_users["formation"]).get(reverse("home"))
    html = response.content.decode()
    section = html[html.index("Personnes formées cette année") - 3000 :]
    assert "En exécution" in section
    assert "Sessions tenues / prévues" in section and "4 / 5" in section
    assert "Demandes d&#x27;appui non clôturées" in section
    titles = {}
    for title, cards in response.context["sections"]:
        if str(title) == "Formation":
            titles = {str(card["title"]): card["value"] for card in cards}
    assert titles["Personnes formées cette année"] == 5
    assert titles["Demandes d'appui non clôturées"] == 3
    assert titles["Besoins ouverts"] == 2
    assert titles["Plan de formation 2026"] == "En exécution"
    other = client_as(role_users["suivi_evaluation"]).get(reverse("home"))
    assert "Personnes formées cette année" not in other.content.decode()


def test_rows_link_to_another_areas_page_only_when_it_exists():
    from training.followup_documents import links_to

    assert links_to("training:no_such_page") is False
    assert links_to("projects:call_detail") is True
