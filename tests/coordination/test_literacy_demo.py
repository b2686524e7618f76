"""The literacy demo: built through the services on a few communes and associations, and idempotent."""

import pytest

from coordination import demo_literacy
from coordination import literacy_selectors as selectors
from coordination.models.literacy import LiteracyCampaign, LiteracyClass, LiteracyOperation
from das.models import Partner
from tests.factories import CommuneFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_the_demo_builds_a_closed_and_a_running_campaign_once(role_users):
    for name in ("Agadir", "Aourir", "Drargua"):
        CommuneFactory(name_fr=name)
    PartnerFactory(name="Association Amal Anza", kind=Partner.Kind.ASSOCIATION)
    users = {
        "by": role_users["coordination"],
        "head": role_users["chef"],
        "secretariat": role_users["secretariat_cpdh"],
    }
    created = demo_literacy.seed(**users)
    assert created > 30
    closed, running = LiteracyCampaign.objects.order_by("start_year")
    assert closed.status == LiteracyCampaign.Status.CLOSED and running.status == LiteracyCampaign.Status.IN_PROGRESS
    assert LiteracyOperation.objects.filter(programme="enf").count() == 2
    assert 15 <= LiteracyClass.objects.count() <= 20
    assert Partner.objects.filter(name__startswith="Association Tifawin").exists()
    figures = selectors.campaign_figures(closed)
    assert figures.total.women_share > 70 and figures.total.completed > 0
    assert selectors.campaign_figures(running).classes_without_headcount == 2
    assert demo_literacy.seed(**users) == 0
    assert LiteracyClass.objects.count() == figures.class_count + selectors.campaign_figures(running).class_count
