"""The execution area's demo: realisations of this year's plan through the services, one action cancelled; a second
run records nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from communication import demo_execution
from communication.models import CommunicationAction
from tests.communication.factories import CommunicationActionFactory, CommunicationPlanFactory
from tests.factories import PartnerFactory

Kind = CommunicationAction.Kind
pytestmark = pytest.mark.django_db


def test_the_demo_records_the_past_actions_and_cancels_one(role_users):
    agent = role_users["communication"]
    assert demo_execution.seed(by=agent, head=role_users["chef"]) == 0  # no plan in execution this year
    today = timezone.localdate()
    plan = CommunicationPlanFactory(year=today.year, status="en_execution")
    past = max(dt.date(today.year, 1, 1), today - dt.timedelta(days=20))
    PartnerFactory()
    kinds = [Kind.CARAVAN, Kind.RADIO, Kind.WORKSHOP, Kind.SOCIAL_MEDIA]
    for number, kind in enumerate(kinds, 1):
        CommunicationActionFactory(plan=plan, number=number, kind=kind, planned_on=past)
    CommunicationActionFactory(plan=plan, number=5, planned_on=dt.date(today.year, 12, 31) + dt.timedelta(days=1))
    assert demo_execution.seed(by=agent, head=role_users["chef"]) == 4
    statuses = list(plan.actions.order_by("number").values_list("status", flat=True))
    assert statuses == ["realisee", "realisee", "realisee", "annulee", "prevue"]
    done = plan.actions.get(number=1).realisation
    assert done.photos.count() == 2 and done.attendance.exists()
    assert demo_execution.seed(by=agent, head=role_users["chef"]) == 0


def test_the_demo_carries_out_and_closes_last_years_plan(role_users):
    agent = role_users["communication"]
    last_year = timezone.localdate().year - 1
    plan = CommunicationPlanFactory(year=last_year, status="en_execution")
    PartnerFactory()
    for number, kind in enumerate([Kind.CARAVAN, Kind.RADIO], 1):
        CommunicationActionFactory(plan=plan, number=number, kind=kind, planned_on=dt.date(last_year, 3 * number, 10))
    assert demo_execution.seed(by=agent, head=role_users["chef"]) == 3  # two realisations and the closing
    plan.refresh_from_db()
    assert plan.status == "cloture" and plan.closing_note
    assert set(plan.actions.values_list("status", flat=True)) == {"realisee"}
    assert demo_execution.seed(by=agent, head=role_users["chef"]) == 0
