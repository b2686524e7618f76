"""Execution follow-up pages: the project page's sections, adding progress with a photo, a visit closed from its
page (and its refusal shown), the PV in both languages, indicators; query counts that do not grow with the data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.models import Committee
from projects.models import CommissionVisit, ProgressEntry, Project
from projects.services import indicators, progress, visits
from tests.projects.execution_builders import Status, commission, photo, project_at

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


@pytest.fixture
def started(role_users):
    project = project_at(Status.IN_PROGRESS, role_users)
    Project.objects.filter(pk=project.pk).update(actual_start=today() - dt.timedelta(days=400))
    return Project.objects.get(pk=project.pk)


def test_the_agent_adds_progress_with_a_photo_and_sees_it_on_the_project_page(started, agent, client_as):
    client = client_as(agent)
    page = client.get(started.get_absolute_url())
    assert b'data-testid="progress-add"' in page.content
    response = client.post(
        reverse("projects:progress_create", args=[started.pk]),
        {"recorded_on": today().isoformat(), "percent": "35", "narrative": "Fondations coulées", "photos": [photo()]},
    )
    assert response.status_code == 302
    page = client.get(started.get_absolute_url())
    assert b'data-testid="progress-photo"' in page.content and b"Fondations" in page.content
    photo_row = ProgressEntry.objects.get(project=started).photos.get()
    shown = client.get(reverse("projects:progress_photo", args=[photo_row.pk]))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert shown["Content-Disposition"] == "inline" and shown["X-Content-Type-Options"] == "nosniff"


def test_a_refused_entry_shows_its_reason_next_to_the_field(started, agent, client_as):
    client = client_as(agent)
    response = client.post(
        reverse("projects:progress_create", args=[started.pk]),
        {"recorded_on": (today() + dt.timedelta(days=2)).isoformat(), "percent": "35", "narrative": "x"},
    )
    assert response.status_code == 200
    assert "recorded_on" in response.context["form"].errors


def test_readers_see_the_sections_without_buttons(started, role_users, client_as):
    page = client_as(role_users["auditeur"]).get(started.get_absolute_url())
    assert b'data-testid="progress-section"' in page.content and b'data-testid="indicators-section"' in page.content
    assert b'data-testid="progress-add"' not in page.content and b'data-testid="visit-add"' not in page.content


def test_a_visit_is_drafted_then_closed_from_its_page(started, agent, role_users, client_as):
    reception, members = commission(role_users)
    client = client_as(agent)
    response = client.post(
        reverse("projects:visit_create", args=[started.pk]),
        {
            "kind": "reception_provisoire",
            "visited_on": today().isoformat(),
            "commission": reception.pk,
            "members": [m.pk for m in members[:2]],
            "findings": "Travaux achevés",
            "reserves": "Clôture à reprendre",
        },
    )
    visit = CommissionVisit.objects.get(project=started)
    assert response.status_code == 302 and response["Location"] == visit.get_absolute_url()
    page = client.get(visit.get_absolute_url())
    assert b'data-testid="visit-close"' in page.content and b'data-testid="project-move"' in page.content
    client.post(reverse("projects:visit_transition", args=[visit.pk, "close"]))
    assert Project.objects.get(pk=started.pk).status == Status.COMPLETED
    page = client.get(visit.get_absolute_url())
    assert b'data-testid="visit-close"' not in page.content and b'data-testid="visit-edit"' not in page.content


def test_the_lifecycles_refusal_is_shown_on_the_visit_page(started, agent, role_users, client_as):
    reception, members = commission(role_users)
    final = visits.visit_create(
        project=started,
        by=agent,
        kind="reception_definitive",
        visited_on=today(),
        commission=reception,
        members=members,
        findings="x",
    )
    client = client_as(agent)
    response = client.post(reverse("projects:visit_transition", args=[final.pk, "close"]), follow=True)
    text = response.content.decode()
    assert "refusé" in text and "brouillon" in text
    final.refresh_from_db()
    assert final.status == CommissionVisit.Status.DRAFT


def test_a_bad_commission_choice_is_shown_next_to_the_field(started, agent, role_users, client_as):
    follow_up, members = commission(role_users, Committee.Kind.FOLLOW_UP)
    response = client_as(agent).post(
        reverse("projects:visit_create", args=[started.pk]),
        {
            "kind": "reception_provisoire",
            "visited_on": today().isoformat(),
            "commission": follow_up.pk,
            "findings": "x",
        },
    )
    assert response.status_code == 200 and "commission" in response.context["form"].errors


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_pv_pdf_lists_the_attendance_and_previous_reserves(started, agent, role_users, client_as, language):
    reception, members = commission(role_users)
    provisional = visits.visit_create(
        project=started,
        by=agent,
        kind="reception_provisoire",
        visited_on=today(),
        commission=reception,
        members=members,
        findings="Achevé",
        reserves="Peinture",
    )
    visits.visit_close(visit=provisional, by=agent)
    final = visits.visit_create(
        project=started,
        by=agent,
        kind="reception_definitive",
        visited_on=today(),
        commission=reception,
        members=members[:1],
        findings="Réserves levées",
    )
    from projects.execution_selectors import visit_page
    from projects.visit_documents import render_visit_pv

    context_visit = visit_page().get(pk=final.pk)
    assert render_visit_pv(context_visit, language).startswith(b"%PDF")
    response = client_as(role_users["chef"]).get(reverse("projects:visit_pdf", args=[final.pk, language]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_visit_list_filters_and_exports(started, agent, role_users, client_as):
    follow_up, members = commission(role_users, Committee.Kind.FOLLOW_UP)
    visits.visit_create(
        project=started,
        by=agent,
        kind="suivi",
        visited_on=today(),
        commission=follow_up,
        members=members,
        findings="x",
    )
    client = client_as(role_users["chef"])
    assert client.get(reverse("projects:visit_list") + "?kind=suivi").context["paginator"].count == 1
    assert client.get(reverse("projects:visit_list") + "?kind=lancement").context["paginator"].count == 0
    export = client.get(reverse("projects:visit_list") + "?export=xlsx")
    assert export.status_code == 200


def test_catalogue_and_values_pages(started, agent, role_users, client_as):
    head = client_as(role_users["chef"])
    response = head.post(
        reverse("projects:indicator_create"),
        {"code": "ca-agr", "name": "Chiffre d'affaires AGR", "unit": "DH", "is_active": "on"},
    )
    assert response.status_code == 302
    duplicate = head.post(reverse("projects:indicator_create"), {"code": "CA-AGR", "name": "Autre", "unit": "DH"})
    assert "code" in duplicate.context["form"].errors
    client = client_as(agent)
    from projects.models import Indicator

    indicator = Indicator.objects.get(code="CA-AGR")
    client.post(
        reverse("projects:project_indicator_add", args=[started.pk]),
        {"indicator": indicator.pk, "target": "50000", "periodicity": "annee"},
    )
    chosen = started.indicators.get()
    response = client.post(
        reverse("projects:indicator_values", args=[chosen.pk]),
        {"year": str(today().year - 1), "period": "A", "value": "42000", "comment": ""},
    )
    assert response.status_code == 302 and chosen.values.get().value == Decimal("42000")


# --- Query counts -------------------------------------------------------------------------------------------------


def add_data(project, agent, role_users, start, count):
    """``count`` more progress entries (each with a photo), visits and indicator values."""
    follow_up, members = commission(role_users, Committee.Kind.FOLLOW_UP)
    for i in range(count):
        progress.progress_record(
            project=project,
            by=agent,
            recorded_on=today() - dt.timedelta(days=300 - start - i),
            percent=start + i,
            narrative="Travaux",
            photos=[photo()],
        )
        visits.visit_create(
            project=project,
            by=agent,
            kind="suivi",
            visited_on=today() - dt.timedelta(days=start + i),
            commission=follow_up,
            members=members,
            findings="Visite",
        )
        indicator = indicators.indicator_save(by=agent, code=f"IND-{start + i}", name="Indicateur", unit="u")
        chosen = indicators.project_indicator_add(
            project=project, by=agent, indicator=indicator, target=Decimal("10"), periodicity="annee"
        )
        indicators.indicator_value_set(
            project_indicator=chosen, by=agent, year=today().year - 1, period="A", value=Decimal(i)
        )
    return project.visits.first()


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_keep_their_query_count_as_the_data_grows(
    started, agent, role_users, client_as, django_assert_max_num_queries
):
    client = client_as(agent)
    visit = add_data(started, agent, role_users, 1, 2)
    urls = [
        started.get_absolute_url(),
        reverse("projects:visit_list"),
        reverse("projects:visit_detail", args=[visit.pk]),
        reverse("projects:indicator_list"),
    ]
    for url in urls:
        client.get(url)
    few = [query_count(client, url) for url in urls]
    add_data(started, agent, role_users, 10, 8)
    many = [query_count(client, url) for url in urls]
    assert many == few, (few, many)
    with django_assert_max_num_queries(11):
        client.get(reverse("projects:visit_detail", args=[visit.pk]))


def test_each_project_section_does_a_fixed_number_of_queries(started, agent, role_users, django_assert_num_queries):
    from projects import execution_sections as sections

    add_data(started, agent, role_users, 1, 3)
    for context, queries in [
        (sections.progress_context, 2),
        (sections.visits_context, 1),
        (sections.indicators_context, 2),
    ]:
        with django_assert_num_queries(queries):
            context(started, agent)
