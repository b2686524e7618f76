"""The CRDH dossier's content against hand-computed figures (tests/projects/dashboard_builders.known_world, year
2025), its page, PDF and Excel file, the forms' errors, who reads what, the decisions' list and constant query
counts at two data sizes."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from coordination import crdh_selectors as selectors
from coordination.models import CrdhDossier, CrdhRequest
from coordination.services import crdh as services
from projects.models import Project
from tests.coordination.factories_crdh import crdh_meeting, decide, draft_dossier, sent_dossier
from tests.projects.dashboard_builders import known_world, many_projects, project
from tests.projects.test_call_notice import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(role_users):
    return role_users["coordination"]


@pytest.fixture
def secretariat(role_users):
    return role_users["secretariat_cpdh"]


@pytest.fixture
def world(role_users):
    return known_world(role_users)


@pytest.fixture
def dossier(world, agent, secretariat, role_users):
    made = draft_dossier(agent, secretariat, year=2025, title="Dossier 2025")
    services.request_add(
        dossier=made,
        by=agent,
        kind="credits",
        subject="Crédits écoles",
        justification="Besoin",
        amount=Decimal("250000"),
        programme=world["p1"],
        projects=[world["a"]],
    )
    return made


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_content_against_hand_computed_figures(world, dossier):
    content = selectors.dossier_content(dossier, on=dt.date(2026, 11, 24))
    p1, p2 = content.blocks
    assert (p1.programme, p2.programme) == (world["p1"], world["p2"])
    # P1 2025: A and B (E was validated in 2024).
    assert [p.code for p in p1.projects] == ["DB-A", "DB-B"]
    assert (p1.totals.count, p1.totals.cost, p1.totals.indh) == (2, Decimal("1500000"), Decimal("1000000"))
    assert (p1.totals.holder, p1.totals.partners) == (Decimal("300000"), Decimal("200000"))
    # Committed: A's convention 600 000 + what was paid on B's terminated one 150 000; paid 300 000 + 150 000.
    assert (p1.totals.committed, p1.totals.paid) == (Decimal("750000"), Decimal("450000"))
    # (1 000 000 × 50 + 500 000 × 10) / 1 500 000 = 36.7 %.
    assert p1.totals.physical_progress == Decimal("36.7")
    assert [p.code for p in p1.late] == ["DB-A"]  # B is abandoned: not late
    assert p1.statuses == [("en_cours", "En cours", 1), ("abandonne", "Abandonné", 1)]
    # P2: C (marché 700 000, late against its end) and D (late against its start).
    assert (p2.totals.count, p2.totals.indh, p2.totals.committed, p2.totals.paid) == (
        2,
        Decimal("950000"),
        Decimal("700000"),
        Decimal("0"),
    )
    assert p2.totals.physical_progress == Decimal("24.0")
    assert sorted(p.code for p in p2.late) == ["DB-C", "DB-D"]
    assert (content.totals.count, content.totals.indh, content.totals.late) == (4, Decimal("1950000"), 3)
    assert content.requests_amount == Decimal("250000") and content.granted_amount == 0


def test_page_shows_the_content_and_the_buttons_per_role(world, dossier, role_users, client_as):
    url = reverse("coordination:crdh_detail", args=[dossier.pk])
    page = client_as(role_users["coordination"]).get(url).content.decode()
    assert "DB-A" in page and "Crédits écoles" in page and 'data-testid="request-add"' in page
    assert 'data-testid="button-validate"' not in page
    page = client_as(role_users["chef"]).get(url).content.decode()
    assert 'data-testid="button-validate"' in page and 'data-testid="request-add"' not in page
    page = client_as(role_users["secretariat_cpdh"]).get(url).content.decode()
    assert "Crédits écoles" in page and 'data-testid="button-validate"' not in page
    assert 'data-testid="request-add"' not in page and 'data-testid="meeting-link"' in page
    assert client_as(role_users["communication"]).get(url).status_code == 403


def test_forms_errors_in_french_and_the_flow(agent, secretariat, role_users, client_as):
    meeting = crdh_meeting(secretariat)
    client = client_as(agent)
    response = client.post(reverse("coordination:crdh_create"), {"meeting": meeting.pk, "year": "1990", "title": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "Ce champ est obligatoire." in page
    response = client.post(
        reverse("coordination:crdh_create"), {"meeting": meeting.pk, "year": "2026", "title": "Dossier"}
    )
    dossier = CrdhDossier.objects.get()
    assert response.url == dossier.get_absolute_url()
    response = client.post(
        reverse("coordination:crdh_request_create", args=[dossier.pk]),
        {"kind": "credits", "subject": "Crédits", "justification": "Besoin", "amount": ""},
    )
    assert "Une demande de crédits ou de réaffectation indique son montant." in response.content.decode()
    assert not CrdhRequest.objects.exists()
    client.post(
        reverse("coordination:crdh_request_create", args=[dossier.pk]),
        {"kind": "credits", "subject": "Crédits", "justification": "Besoin", "amount": "1 200 000,50"},
    )
    assert CrdhRequest.objects.get().amount == Decimal("1200000.50")
    # The chef validates; a validated dossier's forms send back with the reason.
    chef = client_as(role_users["chef"])
    chef.post(reverse("coordination:crdh_transition", args=[dossier.pk, "validate"]))
    dossier.refresh_from_db()
    assert dossier.status == "valide"
    client = client_as(agent)
    response = client.get(reverse("coordination:crdh_update", args=[dossier.pk]))
    assert response.status_code == 302
    client.post(reverse("coordination:crdh_transition", args=[dossier.pk, "send"]))
    dossier.refresh_from_db()
    assert dossier.status == "transmis"
    response = client.post(reverse("coordination:crdh_withdraw", args=[dossier.pk]), {"reason": ""})
    assert "Ce champ est obligatoire." in response.content.decode()
    client.post(reverse("coordination:crdh_withdraw", args=[dossier.pk]), {"reason": "Erreur de chiffres"})
    dossier.refresh_from_db()
    assert dossier.status == "brouillon" and dossier.reopen_reason == "Erreur de chiffres"


def test_validating_without_requests_warns(agent, secretariat, role_users, client_as):
    from coordination import records_crdh

    dossier = draft_dossier(agent, secretariat)
    assert [c["title"] for c in records_crdh.home_cards(role_users["chef"])] == ["Dossiers du CRDH à valider"]
    assert [c["title"] for c in records_crdh.home_cards(agent)] == ["Dossiers du CRDH à finir"]
    assert records_crdh.home_cards(role_users["auditeur"]) == []
    response = client_as(role_users["chef"]).post(
        reverse("coordination:crdh_transition", args=[dossier.pk, "validate"]), follow=True
    )
    assert "aucune demande au CRDH" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == "valide"


def test_french_and_arabic_pdf(world, dossier, role_users, client_as, tmp_path):
    client = client_as(role_users["auditeur"])
    response = client.get(reverse("coordination:crdh_pdf", args=[dossier.pk, "fr"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(body(response), tmp_path, "fr.pdf")
    assert "PROJET" in text and "CRDH de la région" not in text
    assert "Programmation de l'année 2025" in text and "DB-A" in text and "Crédits écoles" in text
    assert "1 950 000,00" in text and "Le Gouverneur" in text
    assert dossier.meeting.date.strftime("%d/%m/%Y") in text
    arabic = pdf_text(body(client.get(reverse("coordination:crdh_pdf", args=[dossier.pk, "ar"]))), tmp_path, "ar.pdf")
    assert "مشروع" in arabic and "برمجة سنة 2025" in arabic and "DB-C" in arabic
    assert client.get(reverse("coordination:crdh_pdf", args=[dossier.pk, "en"])).status_code == 404
    services.dossier_validate(dossier=dossier, by=role_users["chef"])
    text = pdf_text(body(client.get(reverse("coordination:crdh_pdf", args=[dossier.pk, "fr"]))), tmp_path, "v.pdf")
    assert "PROJET" not in text


def test_workbook_cells(world, dossier, role_users, client_as):
    response = client_as(role_users["secretariat_cpdh"]).get(reverse("coordination:crdh_xlsx", args=[dossier.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(body(response)))
    assert workbook.sheetnames == ["Programmation", "Dossiers présélectionnés", "Avancement", "Demandes", "Paramètres"]
    sheet = workbook["Programmation"]
    assert [sheet[f"B{r}"].value for r in range(2, 6)] == ["DB-A", "DB-B", "DB-C", "DB-D"]
    assert Decimal(str(sheet["H2"].value)) == Decimal("600000")
    assert sheet["H6"].value == "=SUM(H2:H5)" and sheet["A6"].value == "Total"
    progress = workbook["Avancement"]
    header = [cell.value for cell in progress[1]]
    committed = header.index("Engagé") + 1
    assert Decimal(str(progress.cell(row=2, column=committed).value)) == Decimal("750000")
    assert progress.cell(row=4, column=committed).value.startswith("=SUM(")
    requests = workbook["Demandes"]
    assert requests["C2"].value == "Crédits écoles" and requests["F3"].value == "=SUM(F2:F2)"
    params = {row[0]: row[1] for row in workbook["Paramètres"].iter_rows(values_only=True)}
    assert params["Référence"] == dossier.reference and params["Année de programmation"] == 2025


def test_list_and_its_exports(world, dossier, role_users, client_as):
    client = client_as(role_users["auditeur"])
    page = client.get(reverse("coordination:crdh_list") + "?status=brouillon").content.decode()
    assert dossier.reference in page
    assert dossier.reference not in client.get(reverse("coordination:crdh_list") + "?status=transmis").content.decode()
    for fmt in ("pdf", "xlsx"):
        assert client.get(reverse("coordination:crdh_list") + f"?export={fmt}").status_code == 200


def test_decisions_list_flags_late_actions(role_users, secretariat, agent, client_as):
    from committees.models import DecisionAction
    from committees.services import meetings as meeting_services

    dossier = sent_dossier(role_users, requests=2, meeting=crdh_meeting(secretariat, days=0))
    decisions = decide(secretariat, dossier, [("approuve", {}), ("rejete", {"reason": "Hors enveloppe"})])
    action = meeting_services.action_add(
        decision=decisions[0],
        by=secretariat,
        description="Étude à transmettre",
        service=DecisionAction.Service.COORDINATION,
        due_on=dossier.meeting.date,
    )
    DecisionAction.objects.filter(pk=action.pk).update(due_on=dossier.meeting.date - dt.timedelta(days=1))
    client = client_as(role_users["secretariat_cpdh"])
    page = client.get(reverse("coordination:crdh_decisions")).content.decode()
    assert "Étude à transmettre" in page and "en retard" in page and "Rejeté" in page
    page = client.get(reverse("coordination:crdh_decisions") + "?late=true").content.decode()
    assert "Demande 1" in page and "Demande 2" not in page
    for fmt in ("pdf", "xlsx"):
        assert client.get(reverse("coordination:crdh_decisions") + f"?export={fmt}").status_code == 200
    detail = client_as(agent).get(reverse("coordination:crdh_detail", args=[dossier.pk])).content.decode()
    assert 'data-testid="late-action"' in detail
    assert reverse("committees:meeting_detail", args=[dossier.meeting.pk]) in detail
    space = client_as(agent).get(reverse("coordination:index")).content.decode()
    assert "Actions du CRDH en cours" in space


def _grow(world, start):
    """Four more projects in each programme (2 → 6 per programme)."""
    many_projects(world, 4, start)
    for i in range(4):
        project(
            world,
            f"DB-Q{start + i}",
            programme="p2",
            commune="c2",
            validated_on=dt.date(2025, 7, 1),
            cost="100000",
            indh="90000",
            holder="10000",
            status=Project.Status.VALIDATED,
        )


def test_query_counts_do_not_grow(world, dossier, role_users, client_as, agent):
    from django.conf import settings

    client = client_as(agent)
    urls = [
        reverse("coordination:crdh_detail", args=[dossier.pk]),
        reverse("coordination:crdh_xlsx", args=[dossier.pk]),
        reverse("coordination:crdh_pdf", args=[dossier.pk, "fr"]),
        reverse("coordination:crdh_list"),
        reverse("coordination:crdh_decisions"),
        reverse("coordination:index"),
    ]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    settings.DEBUG = False
    client.get(urls[0])  # the first request of a session also writes the session: not a page's query
    before = counts()
    _grow(world, 100)
    for number in range(3):
        services.request_add(
            dossier=dossier,
            by=agent,
            kind="autre",
            subject=f"Autre {number}",
            justification="J",
            projects=[world["c"], world["d"]],
        )
    after = counts()
    assert after == before, (before, after)
    assert max(before) < 60
