"""Pages of the support requests area: the form's French errors next to the fields, the steps shown per role, the
transitions through their small forms, the list's late rows, filters and exports, and constant query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communication.models import CommunicationRequest
from communication.services import requests as services
from tests.communication.factories import CommunicationRequestFactory
from tests.factories import CommuneFactory, PartnerFactory
from tests.training.factories import TeamFactory

pytestmark = pytest.mark.django_db
Status = CommunicationRequest.Status


@pytest.fixture
def agent(role_users):
    return role_users["communication"]


def recent(days=3, **fields):
    return CommunicationRequestFactory(received_on=timezone.localdate() - datetime.timedelta(days=days), **fields)


def test_form_errors_in_french_next_to_the_fields(client_as, agent):
    client = client_as(agent)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("communication:request_create"),
        {
            "requester_kind": "porteur",
            "kind": "supports",
            "subject": "Affiches",
            "request": "Des affiches pour l'appel à projets.",
            "received_on": tomorrow.isoformat(),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choisissez le porteur de projet qui fait la demande." in page
    assert "La date de réception est dans le futur." in page
    assert 'id="error_1_id_holder"' in page and 'id="error_1_id_received_on"' in page
    assert 'value="Affiches"' in page  # what was typed is kept
    assert not CommunicationRequest.objects.exists()
    response = client.post(reverse("communication:request_create"), {"requester_kind": "autre"})
    assert "Ce champ est obligatoire." in response.content.decode()


def test_create_and_update_through_the_form(client_as, agent):
    client = client_as(agent)
    team = TeamFactory()
    today = timezone.localdate()
    response = client.post(
        reverse("communication:request_create"),
        {
            "requester_kind": "equipe",
            "team": team.pk,
            "kind": "signaletique",
            "subject": "Panneau de chantier",
            "request": "Un panneau pour le projet du quartier.",
            "received_on": today.isoformat(),
            "wanted_by": (today + datetime.timedelta(days=20)).isoformat(),
        },
    )
    support = CommunicationRequest.objects.get()
    assert response.status_code == 302 and response.url == support.get_absolute_url()
    assert support.team == team and support.commune_id == team.commune_id
    assert support.reference == f"DAC-{today.year}-0001"
    response = client.post(
        reverse("communication:request_update", args=[support.pk]),
        {
            "requester_kind": "equipe",
            "team": team.pk,
            "kind": "signaletique",
            "subject": "Panneau de chantier",
            "request": "Un panneau.",
            "received_on": today.isoformat(),
            "wanted_by": (today - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "La date souhaitée ne peut précéder la réception" in response.content.decode()


def test_closed_request_is_not_edited(client_as, agent):
    support = recent(status=Status.CLOSED)
    response = client_as(agent).get(reverse("communication:request_update", args=[support.pk]))
    assert response.status_code == 302 and response.url == support.get_absolute_url()


@pytest.mark.parametrize(
    ("code", "steps", "editable"),
    [("communication", ["step-take"], True), ("chef", [], False), ("auditeur", [], False)],
)
def test_detail_shows_steps_only_to_who_may(client_as, role_users, code, steps, editable):
    support = recent()
    page = client_as(role_users[code]).get(support.get_absolute_url()).content.decode()
    for name in ("take", "answer", "close", "reopen"):
        assert (f'data-testid="step-{name}"' in page) is (f"step-{name}" in steps)
    assert ('data-testid="edit-link"' in page) is editable
    assert ("Joindre" in page) is editable
    assert 'data-testid="history-link"' in page
    assert "Pièces jointes" in page


def test_transitions_through_the_page(client_as, agent, role_users):
    client = client_as(agent)
    support = recent()
    url = lambda name: reverse("communication:request_transition", args=[support.pk, name])  # noqa: E731
    assert client.post(url("take"), {"take-assigned_to": agent.pk}).status_code == 302
    response = client.post(url("answer"), {"answer-answer": "", "answer-answered_on": timezone.localdate()})
    assert response.status_code == 200 and "Ce champ est obligatoire." in response.content.decode()
    response = client.post(url("close"), {"close-closing_note": "x"})
    assert response.status_code == 302  # not offered now: back to the page with a message
    support.refresh_from_db()
    assert support.status == Status.IN_PROGRESS
    response = client.post(
        url("answer"), {"answer-answer": "Communiqué diffusé.", "answer-answered_on": timezone.localdate()}
    )
    assert response.status_code == 302
    page = client.get(support.get_absolute_url()).content.decode()
    assert 'data-testid="step-close"' in page and 'data-testid="step-reopen"' in page
    assert client.post(url("close"), {"close-closing_note": "Satisfait."}).status_code == 302
    response = client.post(url("reopen"), {"reopen-reason": ""})
    assert "Ce champ est obligatoire." in response.content.decode()
    assert client.post(url("reopen"), {"reopen-reason": "Une banderole en plus."}).status_code == 302
    support.refresh_from_db()
    assert support.status == Status.IN_PROGRESS and "banderole" in support.request
    assert client.post(url("nothing"), {}).status_code == 404
    assert client_as(role_users["chef"]).post(url("answer"), {"answer-answer": "x"}).status_code == 403


def test_list_highlights_late_requests_and_filters(client_as, role_users):
    today = timezone.localdate()
    commune = CommuneFactory()
    late = recent(days=45, subject="Vieille demande", commune=commune)
    fresh = recent(
        days=2,
        subject="Demande récente",
        kind="medias",
        requester_kind="autre",
        holder=None,
        requester_name="Radio Souss",
    )
    done = recent(days=60, subject="Demande close", status=Status.CLOSED)
    client = client_as(role_users["chef"])
    page = client.get(reverse("communication:request_list")).content.decode()
    assert page.count('data-testid="late-row"') == 1 and late.reference in page
    assert "Nouvelle demande" not in page
    filtered = client.get(reverse("communication:request_list") + "?requester_kind=autre&kind=medias").content.decode()
    assert fresh.reference in filtered and late.reference not in filtered
    filtered = client.get(reverse("communication:request_list") + f"?commune={commune.pk}").content.decode()
    assert late.reference in filtered and fresh.reference not in filtered
    filtered = client.get(
        reverse("communication:request_list") + f"?year={today.year}&status=cloturee"
    ).content.decode()
    assert (done.reference in filtered) is (done.received_on.year == today.year) and fresh.reference not in filtered
    filtered = client.get(reverse("communication:request_list") + "?is_late=true").content.decode()
    assert late.reference in filtered and fresh.reference not in filtered
    agent_page = client_as(role_users["communication"]).get(reverse("communication:request_list")).content.decode()
    assert "Nouvelle demande" in agent_page


@pytest.mark.parametrize("export", ["xlsx", "pdf"])
def test_list_exports(client_as, role_users, export):
    recent()
    response = client_as(role_users["auditeur"]).get(reverse("communication:request_list") + f"?export={export}")
    assert response.status_code == 200


def grow(agent, count):
    team = TeamFactory()
    for n in range(count):
        support = services.request_create(
            by=agent,
            requester_kind=("porteur", "equipe", "autre")[n % 3],
            holder=PartnerFactory(),
            team=team,
            requester_name="Radio Souss",
            kind="evenement",
            subject=f"Demande {n}",
            request="Couverture.",
        )
        support = services.request_take(support_request=support, by=agent)
    return support


@pytest.mark.parametrize("page", ["list", "detail"])
def test_key_pages_keep_their_query_count(client_as, agent, page, django_assert_max_num_queries):
    client = client_as(agent)
    counts = []
    for size in (2, 10):
        support = grow(agent, size)
        url = reverse("communication:request_list") if page == "list" else support.get_absolute_url()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[1] == counts[0], f"{page}: {counts}"
    with django_assert_max_num_queries(counts[0]):
        client.get(url)


def test_a_missing_request_is_a_404(client_as, agent):
    assert client_as(agent).get("/communication/demandes/999999/").status_code == 404


def test_a_typed_year_outside_the_data_is_ignored_not_a_500(client_as, agent):
    recent()
    for year in ("10000", "1e10", "99999999999999999999", "abc"):
        response = client_as(agent).get(reverse("communication:request_list"), {"year": year})
        assert response.status_code == 200, year


def test_a_step_no_longer_offered_says_why(client_as, agent):
    support = recent()
    url = reverse("communication:request_transition", args=[support.pk, "answer"])
    data = {"answer-answer": "Réponse", "answer-answered_on": timezone.localdate().isoformat()}
    response = client_as(agent).post(url, data, follow=True)
    assert "Impossible depuis l&#x27;état « Ouverte »" in response.content.decode()
