"""The plan's pages: the list with its totals, the plan's page (buttons only for who may), the forms with their
French refusals next to the field, the transitions through their URLs, and constant query counts."""

import html
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PartnerFactory
from tests.training.factories import BudgetLineFactory, ModuleFactory, NeedFactory
from tests.training.test_plan_services import YEAR, draft_plan, validated_plan
from training.models import ActorType, TrainingPlan

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


def test_the_list_shows_each_plan_with_its_totals(role_users, client_as):
    draft_plan(role_users["formation"], actions=2)
    page = text(client_as(role_users["auditeur"]).get(reverse("training:plan_list")))
    assert "2040" in page and "30\u202f000,00" in page and "Brouillon" in page
    assert reverse("training:plan_create") not in page
    page = text(client_as(role_users["formation"]).get(reverse("training:plan_list")))
    assert reverse("training:plan_create") in page


def test_the_list_exports(role_users, client_as):
    draft_plan(role_users["formation"], actions=2)
    response = client_as(role_users["chef"]).get(reverse("training:plan_list") + "?export=xlsx")
    assert response.status_code == 200


def test_creating_a_plan_twice_for_a_year_says_so_next_to_the_year(role_users, client_as):
    client = client_as(role_users["formation"])
    response = client.post(reverse("training:plan_create"), {"year": YEAR, "title": "Plan"})
    plan = TrainingPlan.objects.get(year=YEAR)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    response = client.post(reverse("training:plan_create"), {"year": YEAR})
    assert response.status_code == 200
    assert "existe déjà" in text(response) and "is-invalid" in text(response)


def test_the_draft_page_offers_editing_to_the_service_and_validation_to_the_chef(role_users, client_as):
    plan = draft_plan(role_users["formation"])
    url = plan.get_absolute_url()
    page = text(client_as(role_users["formation"]).get(url))
    assert 'data-testid="action-add"' in page and 'data-testid="button-validate"' not in page
    page = text(client_as(role_users["chef"]).get(url))
    assert 'data-testid="button-validate"' in page and 'data-testid="action-add"' not in page
    page = text(client_as(role_users["auditeur"]).get(url))
    assert 'data-testid="button-' not in page and 'data-testid="action-add"' not in page
    assert 'data-testid="history-link"' in page


def test_an_empty_plan_shows_why_it_cannot_be_validated(role_users, client_as):
    plan = draft_plan(role_users["formation"], actions=0)
    page = text(client_as(role_users["chef"]).get(plan.get_absolute_url()))
    assert 'data-testid="blocked-validate"' in page and "aucune action" in page


def test_the_chef_validates_and_sends_back_through_the_pages(role_users, client_as):
    plan = draft_plan(role_users["formation"])
    client = client_as(role_users["chef"])
    response = client.post(reverse("training:plan_transition", args=[plan.pk, "validate"]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "valide"
    page = text(client.get(plan.get_absolute_url()))
    assert 'data-testid="page-reopen"' in page
    response = client.post(reverse("training:plan_reopen", args=[plan.pk]), {"reason": ""})
    assert response.status_code == 200 and "is-invalid" in text(response)
    response = client.post(reverse("training:plan_reopen", args=[plan.pk]), {"reason": "Revoir les coûts."})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "brouillon"
    page = text(client.get(plan.get_absolute_url()))
    assert "Revoir les coûts." in page


def test_a_refused_transition_comes_back_with_its_reason(role_users, client_as):
    plan = draft_plan(role_users["formation"], actions=0)
    client = client_as(role_users["chef"])
    response = client.post(reverse("training:plan_transition", args=[plan.pk, "validate"]), follow=True)
    assert "aucune action" in text(response)
    response = client_as(role_users["formation"]).post(
        reverse("training:plan_transition", args=[plan.pk, "validate"]), follow=True
    )
    assert "refusé" in text(response)
    assert client.post(reverse("training:plan_transition", args=[plan.pk, "nothing"])).status_code == 404


def action_post(year=YEAR, **overrides):
    module = ModuleFactory(target_groups=[ActorType.EAQ])
    data = {
        "module": module.pk,
        "target_group": ActorType.EAQ,
        "planned_participants": 25,
        "planned_sessions": 1,
        "period_start": f"{year}-03-01",
        "period_end": f"{year}-03-31",
        "place": "Salle",
        "provider": "das",
        "budget_line": BudgetLineFactory().pk,
        "planned_cost": "12 500,00",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_an_action_is_added_through_its_form(role_users, client_as):
    plan = draft_plan(role_users["formation"], actions=0)
    need = NeedFactory(year=YEAR)
    client = client_as(role_users["formation"])
    url = reverse("training:action_create", args=[plan.pk])
    page = text(client.get(url))
    assert need.description in page and "Filtrer par thème" in page
    response = client.post(url, {**action_post(), "needs": [need.pk]})
    assert response.status_code == 302
    action = plan.actions.get()
    assert action.number == 1 and action.planned_cost == Decimal("12500.00")
    assert list(action.needs.all()) == [need]


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"target_group": ActorType.COOPERATIVE}, "ne s'adresse pas à ce public"),
        ({"period_start": f"{YEAR + 1}-01-05", "period_end": f"{YEAR + 1}-01-06"}, "dans l'année du plan"),
        ({"provider": "externe"}, "indiquez l'organisme"),
        ({"planned_cost": "-5"}, "négatif"),
    ],
)
def test_a_refused_action_says_why_next_to_the_field(role_users, client_as, overrides, words):
    plan = draft_plan(role_users["formation"], actions=0)
    response = client_as(role_users["formation"]).post(
        reverse("training:action_create", args=[plan.pk]), action_post(**overrides)
    )
    assert response.status_code == 200
    assert words in text(response) and "is-invalid" in text(response)
    assert not plan.actions.exists()


def test_an_external_action_and_its_edit(role_users, client_as):
    plan = draft_plan(role_users["formation"], actions=0)
    partner = PartnerFactory()
    client = client_as(role_users["formation"])
    client.post(
        reverse("training:action_create", args=[plan.pk]),
        action_post(provider="externe", provider_partner=partner.pk),
    )
    action = plan.actions.get()
    assert action.provider_partner == partner
    page = text(client.get(reverse("training:action_update", args=[action.pk])))
    assert "12\u202f500,00" in page or "12500" in page
    response = client.post(
        reverse("training:action_update", args=[action.pk]),
        {**action_post(), "module": action.module_id, "planned_participants": 30},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.planned_participants == 30 and action.provider_partner is None
    response = client.post(reverse("training:action_delete", args=[action.pk]))
    assert response.status_code == 302 and not plan.actions.exists()


def test_editing_outside_the_draft_is_refused_with_a_message(role_users, client_as):
    plan = validated_plan(role_users)
    action = plan.actions.get()
    client = client_as(role_users["formation"])
    response = client.get(reverse("training:action_create", args=[plan.pk]), follow=True)
    assert "ne se modifient qu'en brouillon" in text(response)
    response = client.post(reverse("training:action_update", args=[action.pk]), action_post())
    assert "ne se modifie qu'en brouillon" in text(response)
    response = client.post(reverse("training:action_delete", args=[action.pk]), follow=True)
    assert "ne se modifie qu'en brouillon" in text(response)
    assert plan.actions.count() == 1


def test_the_action_page(role_users, client_as):
    plan = draft_plan(role_users["formation"])
    action = plan.actions.get()
    page = text(client_as(role_users["auditeur"]).get(action.get_absolute_url()))
    assert action.module.code in page and "10\u202f000,00" in page
    assert 'data-testid="history-link"' in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_plan_page_and_list_take_a_constant_number_of_queries(role_users, client_as):
    agent = role_users["formation"]
    small = draft_plan(agent, YEAR, actions=1)
    large = draft_plan(agent, YEAR + 1, actions=10)
    for action in large.actions.all():
        action.needs.add(NeedFactory(year=YEAR + 1), NeedFactory(year=YEAR + 1))
    for role in ("formation", "chef"):
        client = client_as(role_users[role])
        counts = [_queries(client, plan.get_absolute_url()) for plan in (small, large)]
        assert counts[0] == counts[1], (role, counts)
    client = client_as(role_users["chef"])
    first = _queries(client, reverse("training:plan_list"))
    draft_plan(agent, YEAR + 2, actions=3)
    assert _queries(client, reverse("training:plan_list")) == first
