"""The communication service's space page and home cards: figures on a hand-built dataset, what the chef sees,
the links to the areas that exist, and the same number of queries whatever the data."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communication import execution_selectors
from communication.models import AchievementSheet, CommunicationAction, CommunicationPlan, CommunicationRequest
from communication.models import LibraryDocument as Document
from tests.communication.factories import (
    AchievementSheetFactory,
    ActionRealisationFactory,
    CommunicationActionFactory,
    CommunicationPlanFactory,
    CommunicationRequestFactory,
    DocumentationPackFactory,
    LibraryDocumentFactory,
)
from tests.factories import CommuneFactory
from tests.projects.territorial_builders import project

pytestmark = pytest.mark.django_db
Action = CommunicationAction.Status
Sheet = AchievementSheet.Status
Request = CommunicationRequest.Status


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def other_month(today):
    return datetime.date(today.year, 1 if today.month != 1 else 2, 15)


def build(serial=0):
    """This year's plan in execution (2 actions planned, one of them this month, 1 done, 1 cancelled), a draft plan
    with an action (to validate) and one without, published and draft documents, packs this year and last year,
    fiches published / submitted / draft, requests open, late and closed."""
    today = timezone.localdate()
    plan = CommunicationPlanFactory(year=today.year, status=CommunicationPlan.Status.IN_PROGRESS)
    CommunicationActionFactory(plan=plan, planned_on=today, planned_budget=Decimal("10000"))
    CommunicationActionFactory(plan=plan, planned_on=other_month(today), planned_budget=Decimal("10000"))
    done = CommunicationActionFactory(plan=plan, status=Action.DONE, planned_budget=Decimal("8000"))
    ActionRealisationFactory(action=done, actual_cost=Decimal("7000"))
    CommunicationActionFactory(plan=plan, status=Action.CANCELLED, planned_budget=Decimal("5000"))
    draft = CommunicationPlanFactory(year=today.year + 1)
    CommunicationActionFactory(plan=draft)
    CommunicationPlanFactory(year=today.year + 2)
    LibraryDocumentFactory(status=Document.Status.PUBLISHED)
    LibraryDocumentFactory(status=Document.Status.PUBLISHED)
    LibraryDocumentFactory()
    DocumentationPackFactory(sent_on=today)
    DocumentationPackFactory(sent_on=datetime.date(today.year - 1, 6, 1))
    commune = CommuneFactory()
    for n, status in enumerate([Sheet.PUBLISHED, Sheet.SUBMITTED, Sheet.SUBMITTED, Sheet.DRAFT]):
        AchievementSheetFactory(project=project(f"SP-{serial}-{n}", commune, 100000, status="acheve"), status=status)
    CommunicationRequestFactory(received_on=days_ago(2))
    CommunicationRequestFactory(received_on=days_ago(45))
    CommunicationRequestFactory(received_on=days_ago(10), wanted_by=days_ago(1), status=Request.IN_PROGRESS)
    CommunicationRequestFactory(received_on=days_ago(90), status=Request.CLOSED)


def grow(count):
    """More of everything, in the past or the future, so the figures above need not change."""
    today = timezone.localdate()
    plan = CommunicationPlan.objects.get(year=today.year)
    for n in range(count):
        CommunicationActionFactory(plan=CommunicationPlanFactory(year=today.year - 30 - n))
        LibraryDocumentFactory()
        CommunicationRequestFactory(received_on=days_ago(400 + n), status=Request.CLOSED)
        CommunicationActionFactory(plan=plan, status=Action.DONE, planned_budget=Decimal("0"))


@pytest.fixture
def world():
    build()


def test_space_figures(world, role_users, client_as):
    response = client_as(role_users["communication"]).get(reverse("communication:index"))
    assert response.status_code == 200
    figures = response.context["figures"]
    plan = figures.plan
    assert (plan.planned, plan.done, plan.cancelled, plan.due_this_month) == (2, 1, 1, 1)
    # The execution report's definition: the budget of every action, the cancelled one included.
    assert plan.budget == Decimal("33000") and plan.cost == Decimal("7000")
    assert plan.consumption_rate == Decimal("21.2")
    report = execution_selectors.execution_report(plan.plan)
    assert report.total.consumption == plan.consumption_rate
    assert figures.plans_to_validate == 1
    assert (figures.documents_published, figures.packs_this_year) == (2, 1)
    assert (figures.sheets_published, figures.sheets_submitted) == (1, 2)
    assert (figures.requests_not_closed, figures.requests_open, figures.requests_late) == (3, 2, 2)
    html = response.content.decode()
    assert 'data-figure="actions"><bdi dir="ltr">1 / 2 / 1</bdi>' in html
    assert "En exécution" in html
    assert 'data-testid="chef-todo"' not in html
    assert 'data-area="request_list"' in html and reverse("communication:request_list") in html


def test_the_chef_sees_what_waits_for_him(world, role_users, client_as):
    html = client_as(role_users["chef"]).get(reverse("communication:index")).content.decode()
    assert 'data-testid="chef-todo"' in html
    assert "Fiches à approuver" in html and "Plan à valider" in html
    assert 'data-figure="sheets-to-approve">' in html and 'data-figure="plans-to-validate">' in html


def test_only_the_readers_open_the_space(world, role_users, client_as):
    assert client_as(role_users["auditeur"]).get(reverse("communication:index")).status_code == 200
    assert client_as(role_users["formation"]).get(reverse("communication:index")).status_code == 403


def cards_of(response):
    for title, cards in response.context["sections"]:
        if str(title) == "Communication de proximité":
            return {str(card["title"]): card["value"] for card in cards}
    return {}


def test_home_cards_per_role(world, role_users, client_as):
    year = timezone.localdate().year
    agent = cards_of(client_as(role_users["communication"]).get(reverse("home")))
    assert agent["Demandes d'appui non clôturées"] == 3
    assert agent["Demandes d'appui en retard"] == 2
    assert agent[f"Plan de communication {year}"] == "En exécution"
    assert agent["Actions prévues ce mois-ci"] == 1
    assert "Fiches de réalisation à approuver" not in agent
    chef = cards_of(client_as(role_users["chef"]).get(reverse("home")))
    assert chef == {"Plans de communication à valider": 1, "Fiches de réalisation à approuver": 2}
    assert cards_of(client_as(role_users["auditeur"]).get(reverse("home"))) == {}
    assert cards_of(client_as(role_users["formation"]).get(reverse("home"))) == {}


def test_no_plan_this_year(role_users, client_as):
    response = client_as(role_users["communication"]).get(reverse("communication:index"))
    assert "Aucun plan enregistré" in response.content.decode()
    cards = cards_of(client_as(role_users["communication"]).get(reverse("home")))
    assert cards[f"Plan de communication {timezone.localdate().year}"] == "Aucun"


def count(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("code", ["communication", "chef"])
def test_same_queries_whatever_the_data(world, role_users, client_as, code, django_assert_max_num_queries):
    client = client_as(role_users[code])
    urls = [reverse("communication:index"), reverse("home")]
    few = [count(client, url) for url in urls]
    grow(8)
    many = [count(client, url) for url in urls]
    assert many == few
    with django_assert_max_num_queries(few[0]):
        client.get(urls[0])
