"""Alerts on the home page: each count built from a record that slipped, each role seeing only its cards, and the
home page's query count fixed whatever the data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.alerts import alerts_for, due_tranches
from projects.models import Convention, Project, Tranche
from projects.services import conventions as convention_services
from projects.services import tranches as tranche_services
from tests.committees.test_meeting_services import approved_project
from tests.projects.test_convention_services import at
from tests.projects.test_procurement import awarded, make
from tests.projects.test_tranches import RIB

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def days_ago(n):
    return TODAY() - dt.timedelta(days=n)


def counts(user):
    return {a.code: a.count for a in alerts_for(user)}


@pytest.fixture
def slipped(role_users, settings):
    """One of each: a late project, a convention at the Cabinet for 20 days (and one for 2), a due tranche (and one
    not due, one due but paid), a late marché (and one on time), a project without progress for a quarter."""
    settings.DAS_CONVENTION_SIGNATURE_ALERT_DAYS = 15
    agent, head = role_users["suivi_evaluation"], role_users["chef"]

    late = approved_project(role_users)
    Project.objects.filter(pk=late.pk).update(planned_start=days_ago(200), planned_end=days_ago(10))

    waiting = at(
        convention_services.convention_create(project=approved_project(role_users), by=agent),
        Convention.Status.TRANSMITTED,
        role_users,
    )
    Convention.objects.filter(pk=waiting.pk).update(transmitted_at=timezone.now() - dt.timedelta(days=20))
    at(
        convention_services.convention_create(project=approved_project(role_users), by=agent),
        Convention.Status.TRANSMITTED,
        role_users,
    )  # just transmitted: not yet an alert

    executing = at(
        convention_services.convention_create(project=approved_project(role_users), by=agent),
        Convention.Status.EXECUTING,
        role_users,
    )
    lines = [tranche_services.TrancheLine(Decimal(a), "") for a in ("100000", "100000", "100000")]
    first, second, third = tranche_services.tranche_schedule_set(convention=executing, by=agent, lines=lines)
    Tranche.objects.filter(pk__in=[first.pk, second.pk]).update(due_on=days_ago(5))
    Tranche.objects.filter(pk=third.pk).update(due_on=TODAY() + dt.timedelta(days=30))
    tranche_services.tranche_release(tranche=first, by=head)
    tranche_services.payment_record(
        tranche=first, by=agent, paid_on=TODAY(), amount=Decimal("100000"), payment_order="OP-A1", rib=RIB
    )  # fully paid: no longer due
    Project.objects.filter(pk=executing.project_id).update(
        status=Project.Status.IN_PROGRESS, actual_start=days_ago(200), progress_updated_on=days_ago(100)
    )

    project = approved_project(role_users)
    make(project, agent, **awarded())
    make(project, agent, reference="AO-ON-TIME", **awarded(duration=12))
    return {"late_project": late, "waiting": waiting, "due": second}


def test_each_card_counts_what_slipped(slipped, role_users):
    expected = {
        "late_projects": 1,
        "conventions_waiting": 1,
        "tranches_due": 1,
        "late_procurements": 1,
        "stale_progress": 1,
    }
    assert counts(role_users["suivi_evaluation"]) == expected
    assert counts(role_users["chef"]) == expected
    assert counts(role_users["auditeur"]) == expected
    assert list(due_tranches()) == [slipped["due"]]
    assert due_tranches().get().remaining == Decimal("100000")


def test_each_role_sees_only_its_cards(slipped, role_users):
    cabinet = alerts_for(role_users["cabinet"])
    assert [(a.code, a.count) for a in cabinet] == [("conventions_waiting", 1)]
    assert cabinet[0].url == reverse("projects:convention_queue")
    for role in ["administrateur", "communication", "formation", "coordination", "secretariat_cpdh", "dbm"]:
        assert alerts_for(role_users[role]) == [], role


def test_the_cards_link_to_the_filtered_lists(slipped, role_users, client_as):
    client = client_as(role_users["chef"])
    sections = {str(title): cards for title, cards in client.get(reverse("home")).context["sections"]}
    urls = {str(c["title"]): str(c["url"]) for c in sections["Alertes"]}
    assert reverse("projects:project_list") + "?retard=1" in urls.values()
    assert reverse("projects:project_list") + "?sans_avancement=1" in urls.values()
    assert reverse("projects:convention_list") + "?attente=1" in urls.values()
    assert reverse("projects:procurement_list") + "?retard=1" in urls.values()
    response = client.get(reverse("projects:tranche_due_list"))
    assert [t.pk for t in response.context["object_list"]] == [slipped["due"].pk]
    assert client.get(reverse("projects:tranche_due_list"), {"export": "xlsx"}).status_code == 200
    home = client_as(role_users["dbm"]).get(reverse("home"))
    assert "Alertes" not in {str(title) for title, _cards in home.context["sections"]}


def test_the_home_page_query_count_does_not_grow_with_the_alerts(role_users, client_as):
    agent = role_users["suivi_evaluation"]
    client = client_as(role_users["chef"])
    project = approved_project(role_users)

    def home_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    home_queries()
    few = home_queries()
    for i in range(20):
        make(project, agent, reference=f"AO-{i}", **awarded())
    Project.objects.filter(pk=project.pk).update(planned_end=days_ago(3))
    assert home_queries() == few
    cabinet = client_as(role_users["cabinet"])
    cabinet.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        cabinet.get(reverse("home"))
    assert len(queries) < few
