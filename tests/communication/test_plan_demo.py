"""The plans area's demo data: three plans created through the services, in the states the other areas start from;
a second run creates nothing."""

import pytest
from django.utils import timezone

from communication import demo_plans
from communication.models import CommunicationPlan

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_three_plans_once(role_users):
    by, head = role_users["communication"], role_users["chef"]
    assert demo_plans.seed(by=by, head=head) == 17
    year = timezone.localdate().year
    plans = {plan.year: plan for plan in CommunicationPlan.objects.all()}
    assert plans[year - 1].status == "en_execution" and plans[year - 1].actions.count() == 3
    assert plans[year].status == "en_execution" and plans[year].actions.count() == 8
    assert plans[year].validated_by == head and plans[year].started_at
    assert len(set(plans[year].actions.values_list("kind", flat=True))) == 8
    assert plans[year + 1].status == "brouillon" and plans[year + 1].actions.count() == 3
    assert demo_plans.seed(by=by, head=head) == 0
