"""The plan's pages: the list with its totals, the plan's page (buttons only for who may), the forms with their
French refusals next to the field, the transitions through their URLs, the action page and constant query counts."""

import html
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communication.models import CommunicationAction, CommunicationPlan
from tests.communication.factories import CommunicationBudgetLineFactory
from tests.communication.test_plan_services import YEAR, draft_plan, running_plan, validated_plan
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db
Status = CommunicationPlan.Status


def text(response):
    return html.unescape(response.content.decode())


def action_post(agent, **overrides):
    data = {
        "title": "Atelier pour les associations",
        "kind": "atelier",
        "channel": "proximite",
        "audience": "associations",
        "commune": "",
        "planned_on": f"{YEAR}-05-20",
        "budget_line": CommunicationBudgetLineFactory().pk,
        "planned_budget": "12 500,00",
        "responsible": agent.pk,
        "expected_reach": "80",
        "description": "",
    }
    data.update(overrides)
    return data


def test_the_list_shows_each_plan_with_its_totals(role_users, client_as):
    draft_plan(role_users["communication"], actions=2)
    page = text(client_as(role_users["auditeur"]).get(reverse("communication:plan_list")))
    assert "2060" in page and "30\u202f000,00" in page and "Brouillon" in page and "600" in page
    assert reverse("communication:plan_create") not in page
    page = text(client_as(role_users["communication"]).get(reverse("communication:plan_list")))
    assert reverse("communication:plan_create") in page


def test_the_list_exports(role_users, client_as):
    draft_plan(role_users["communication"], actions=2)
    client = client_as(role_users["chef"])
    for kind in ("xlsx", "pdf"):
        response = client.get(reverse("communication:plan_list") + f"?export={kind}")
        assert response.status_code == 200


def test_creating_a_plan_twice_for_a_year_says_so_next_to_the_year(role_users, client_as):
    client = client_as(role_users["communication"])
    response = client.post(
        reverse("communication:plan_create"),
        {"year": YEAR, "title": "Plan", "objectives": "Informer", "target_audiences": "Jeunes"},
    )
    plan = CommunicationPlan.objects.get(year=YEAR)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.target_audiences == "Jeunes"
    response = client.post(reverse("communication:plan_create"), {"year": YEAR})
    assert response.status_code == 200
    assert "existe déjà" in text(response) and "is-invalid" in text(response)
    response = client.post(reverse("communication:plan_create"), {"year": "deux mille"})
    assert response.status_code == 200 and "is-invalid" in text(response)


def test_the_draft_page_offers_editing_to_the_service_and_validation_to_the_chef(role_users, client_as):
    plan = draft_plan(role_users["communication"])
    url = plan.get_absolute_url()
    page = text(client_as(role_users["communication"]).get(url))
    assert 'data-testid="action-add"' in page and 'data-testid="button-validate"' not in page
    assert "Toute la préfecture" in page and "Caravane" in page
    page = text(client_as(role_users["chef"]).get(url))
    assert 'data-testid="button-validate"' in page and 'data-testid="action-add"' not in page
    page = text(client_as(role_users["auditeur"]).get(url))
    assert 'data-testid="button-' not in page and 'data-testid="action-add"' not in page
    assert 'data-testid="page-' not in page and 'data-testid="history-link"' in page
    assert client_as(role_users["formation"]).get(url).status_code == 403


def test_an_empty_draft_shows_why_it_cannot_be_validated(role_users, client_as):
    plan = draft_plan(role_users["communication"], actions=0)
    page = text(client_as(role_users["chef"]).get(plan.get_absolute_url()))
    assert 'data-testid="blocked-validate"' in page and "aucune action" in page


def test_the_running_plan_offers_closing_to_the_service_only(role_users, client_as):
    plan = running_plan(role_users)
    url = plan.get_absolute_url()
    page = text(client_as(role_users["communication"]).get(url))
    assert 'data-testid="page-close"' in page and 'data-testid="action-add"' not in page
    page = text(client_as(role_users["chef"]).get(url))
    assert 'data-testid="page-close"' not in page and 'data-testid="button-' not in page


def test_the_transitions_through_their_urls(role_users, client_as):
    plan = draft_plan(role_users["communication"])
    url = reverse("communication:plan_transition", args=[plan.pk, "validate"])
    client_as(role_users["communication"]).post(url)
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT
    response = client_as(role_users["chef"]).post(url, follow=True)
    plan.refresh_from_db()
    assert plan.status == Status.VALIDATED and "Validé par le chef" in text(response)
    assert (
        client_as(role_users["chef"]).post(reverse("communication:plan_transition", args=[plan.pk, "nope"])).status_code
        == 404
    )
    reopen = reverse("communication:plan_reopen", args=[plan.pk])
    response = client_as(role_users["chef"]).post(reopen, {"reason": ""})
    assert response.status_code == 200 and "is-invalid" in text(response)
    client_as(role_users["chef"]).post(reopen, {"reason": "Revoir le budget"})
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT and plan.return_reason == "Revoir le budget"
    page = text(client_as(role_users["communication"]).get(plan.get_absolute_url()))
    assert "Revoir le budget" in page


def test_closing_refused_while_actions_are_planned_says_why(role_users, client_as):
    plan = running_plan(role_users, actions=2)
    client = client_as(role_users["communication"])
    response = client.post(reverse("communication:plan_close", args=[plan.pk]), {"closing_note": "Bilan"})
    assert response.status_code == 200 and "2 actions sont encore « prévues »" in text(response)
    plan.actions.update(status=CommunicationAction.Status.DONE)
    response = client.post(reverse("communication:plan_close", args=[plan.pk]), {"closing_note": "Bilan"})
    plan.refresh_from_db()
    assert response.status_code == 302 and plan.status == Status.CLOSED


def test_the_action_form_shows_french_errors_next_to_the_fields(role_users, client_as):
    agent = role_users["communication"]
    plan = draft_plan(agent, actions=0)
    client = client_as(agent)
    url = reverse("communication:action_create", args=[plan.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, action_post(agent, planned_on=f"{YEAR + 1}-01-10", planned_budget="-5", expected_reach="-1")
    )
    page = text(response)
    assert response.status_code == 200
    assert (
        "l'année du plan (2060)" in page and "ne peut pas être négatif" in page and "ne peut pas être négative" in page
    )
    response = client.post(url, action_post(agent, responsible=role_users["chef"].pk, kind="fusee"))
    assert response.status_code == 200 and "is-invalid" in text(response)
    assert not plan.actions.exists()
    response = client.post(url, action_post(agent, commune=CommuneFactory().pk))
    assert response.status_code == 302
    action = plan.actions.get()
    assert action.number == 1 and action.planned_budget == Decimal("12500.00")


def test_the_action_is_changed_and_removed_in_draft(role_users, client_as):
    agent = role_users["communication"]
    plan = draft_plan(agent, actions=2)
    action = plan.actions.get(number=2)
    client = client_as(agent)
    response = client.post(
        reverse("communication:action_update", args=[action.pk]), action_post(agent, title="Émission")
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Émission" and action.number == 2
    client.post(reverse("communication:action_delete", args=[action.pk]))
    assert not plan.actions.filter(pk=action.pk).exists()
    response = client.post(reverse("communication:action_create", args=[plan.pk]), action_post(agent))
    assert plan.actions.order_by("-number").first().number == 3


def test_forms_are_closed_outside_the_draft_and_for_other_roles(role_users, client_as):
    plan = validated_plan(role_users)
    action = plan.actions.get()
    client = client_as(role_users["communication"])
    response = client.get(reverse("communication:action_update", args=[action.pk]))
    assert response.status_code == 302
    response = client.post(reverse("communication:action_delete", args=[action.pk]), follow=True)
    assert "brouillon" in text(response) and plan.actions.exists()
    chef = client_as(role_users["chef"])
    assert chef.get(reverse("communication:action_create", args=[plan.pk])).status_code == 403
    assert chef.get(reverse("communication:plan_update", args=[plan.pk])).status_code == 403
    assert client_as(role_users["auditeur"]).get(reverse("communication:plan_create")).status_code == 403


def test_the_action_page(role_users, client_as):
    plan = draft_plan(role_users["communication"])
    action = plan.actions.get()
    page = text(client_as(role_users["auditeur"]).get(action.get_absolute_url()))
    assert action.title in page and "10\u202f000,00" in page and "Toute la préfecture" in page
    assert 'data-testid="history-link"' in page and 'id="realisation-title"' in page
    assert 'data-testid="action-edit"' not in page
    page = text(client_as(role_users["communication"]).get(action.get_absolute_url()))
    assert 'data-testid="action-edit"' in page
    assert (
        client_as(role_users["auditeur"]).get(reverse("communication:action_detail", args=[999999])).status_code == 404
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _grown(plan, agent, extra):
    """More actions, on other communes, budget lines and responsibles."""
    from communication.services import plans as services
    from tests.communication.test_plan_services import action_data

    plan = CommunicationPlan.objects.get(pk=plan.pk)
    for index in range(extra):
        services.action_add(
            plan=plan,
            by=agent,
            **action_data(
                agent,
                plan.year,
                commune=CommuneFactory(),
                budget_line=CommunicationBudgetLineFactory(code=f"R-{plan.year}-{index}"),
            ),
        )


def test_the_pages_take_a_constant_number_of_queries(role_users, client_as):
    agent = role_users["communication"]
    small = draft_plan(agent, YEAR, actions=1)
    large = draft_plan(agent, YEAR + 1, actions=1)
    _grown(large, agent, 8)
    for role in ("communication", "chef"):
        client = client_as(role_users[role])
        for name in ("plan_detail", "plan_xlsx"):
            counts = [_queries(client, reverse(f"communication:{name}", args=[plan.pk])) for plan in (small, large)]
            assert counts[0] == counts[1], (role, name, counts)
        counts = [_queries(client, reverse("communication:plan_pdf", args=[plan.pk, "fr"])) for plan in (small, large)]
        assert counts[0] == counts[1], (role, counts)
        counts = [
            _queries(client, plan.actions.order_by("number").last().get_absolute_url()) for plan in (small, large)
        ]
        assert counts[0] == counts[1], (role, counts)
    client = client_as(role_users["chef"])
    first = _queries(client, reverse("communication:plan_list"))
    draft_plan(agent, YEAR + 2, actions=3)
    assert _queries(client, reverse("communication:plan_list")) == first
