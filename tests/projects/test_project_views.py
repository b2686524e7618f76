"""The project pages: the list (filters, exports, totals), the project's page (cost plan, leverage, CPDH reserves,
links), the CPDH block of a dossier's page, the space page's card; fixed numbers of queries."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from committees.models import Decision
from committees.services import meetings as meeting_services
from projects.models import Project, ProjectFunding
from tests.committees.test_meeting_services import approved_project, held, preselected_with_plan
from tests.factories import CommuneFactory, PartnerFactory

pytestmark = pytest.mark.django_db
Outcome = Decision.Outcome


@pytest.fixture
def project(role_users):
    """Approved with reserves: INDH 300 000 → 250 000, so the cost goes 500 000 → 450 000."""
    return approved_project(role_users, indh_share=Decimal("250000"), reserves="Réduire le poste équipement")


@pytest.fixture
def chef(client_as, role_users):
    return client_as(role_users["chef"])


def page(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# --- The project's page -------------------------------------------------------------------------------------------


def test_the_project_page_shows_the_cost_plan_and_the_leverage(chef, project):
    response = page(chef, project.get_absolute_url())
    plan = response.context["plan"]
    assert [(row["kind"], row["amount"], row["percent"]) for row in plan["rows"]] == [
        ("indh", Decimal("250000"), Decimal("55.6")),
        ("holder", Decimal("50000"), Decimal("11.1")),
        ("partner", Decimal("150000"), Decimal("33.3")),
    ]
    assert (plan["cost"], plan["others"], plan["leverage"], plan["gap"]) == (
        Decimal("450000"),
        Decimal("200000"),
        Decimal("44.4"),
        Decimal("0"),
    )
    html = response.content.decode()
    assert project.code in html and escape(project.title) in html
    assert "44,4\u00a0%" in html or "44,4 %" in html
    assert "450\u202f000,00\u00a0DH" in html and "250\u202f000,00\u00a0DH" in html
    assert 'data-testid="plan-gap"' not in html


def test_the_project_page_shows_where_it_comes_from(chef, project):
    html = page(chef, project.get_absolute_url()).content.decode()
    dossier = project.dossier
    assert dossier.get_absolute_url() in html and dossier.reference in html
    assert escape(project.commune) in html and escape(project.locality) in html
    assert escape(project.holder) in html and escape(project.programme) in html and escape(project.phase) in html
    assert escape("Réduire le poste équipement") in html
    assert reverse("history", args=["projects.project", project.pk]) in html
    meeting = Decision.objects.get().item.meeting
    assert meeting.get_absolute_url() in html  # the head reads the committees
    assert "Approuvé avec réserves" in html
    assert "120" in html  # beneficiaries


def test_the_history_page_of_a_project(chef, project):
    response = page(chef, reverse("history", args=["projects.project", project.pk]))
    assert project.code in response.content.decode()


def test_a_plan_that_does_not_add_up_is_flagged(chef, project):
    Project.objects.filter(pk=project.pk).update(estimated_cost=Decimal("460000"))
    html = page(chef, project.get_absolute_url()).content.decode()
    assert 'data-testid="plan-gap"' in html


def test_a_project_without_dossier_nor_partner(chef, project):
    """Projects created otherwise (a later issue) have no dossier and no decision: the page still reads."""
    bare = Project.objects.create(
        code="PRJ-2020-0001",
        title="Maison des jeunes",
        phase=project.phase,
        programme=project.programme,
        holder=project.holder,
        commune=project.commune,
        estimated_cost=Decimal("0"),
        indh_share=Decimal("0"),
        holder_contribution=Decimal("0"),
        duration_months=6,
        validated_on=dt.date(2020, 5, 1),
    )
    response = page(chef, bare.get_absolute_url())
    assert response.context["decision"] is None and response.context["plan"]["leverage"] is None
    assert 'data-testid="dossier-link"' not in response.content.decode()


def test_an_unknown_project_is_not_found(chef, project):
    assert chef.get(reverse("projects:project_detail", args=[project.pk + 1000])).status_code == 404


@pytest.mark.parametrize("role", ["dbm", "cabinet", "communication", "administrateur"])
def test_roles_without_the_projects_space_are_refused(client_as, role_users, project, role):
    client = client_as(role_users[role])
    assert client.get(project.get_absolute_url()).status_code == 403
    assert client.get(reverse("projects:project_list")).status_code == 403


def test_the_project_page_keeps_its_query_count(chef, project):
    url = project.get_absolute_url()
    chef.get(url)  # caches warmed
    few = query_count(chef, url)
    for _ in range(10):
        ProjectFunding.objects.create(project=project, partner=PartnerFactory(), amount=Decimal("1000"))
    assert query_count(chef, url) == few


# --- The list -----------------------------------------------------------------------------------------------------


def clone(project, count, **fields):
    """Bulk rows for the list (the services are tested elsewhere): projects like ``project``."""
    return Project.objects.bulk_create(
        Project(
            code=f"PRJ-1999-{index:04d}",
            title=f"Projet {index}",
            phase=project.phase,
            programme=fields.get("programme", project.programme),
            holder=PartnerFactory(),
            commune=fields.get("commune") or CommuneFactory(),
            estimated_cost=Decimal("300000"),
            indh_share=Decimal("200000"),
            holder_contribution=Decimal("100000"),
            duration_months=12,
            validated_on=fields.get("validated_on", dt.date(2025, 6, 1)),
        )
        for index in range(1, count + 1)
    )


def test_the_list_shows_and_filters_projects(chef, role_users, project):
    other = approved_project(role_users)
    Project.objects.filter(pk=other.pk).update(validated_on=dt.date(2025, 11, 20))
    url = reverse("projects:project_list")
    response = page(chef, url)
    assert [p.pk for p in response.context["object_list"]] == [project.pk, other.pk]  # the latest validated first
    assert response.context["totals"] == {"indh": Decimal("550000"), "cost": Decimal("950000")}
    for params, expected in [
        ({"programme": project.programme_id}, [project]),
        ({"commune": other.commune_id}, [other]),
        ({"year": "2025"}, [other]),
        ({"year": str(timezone.localdate().year)}, [project]),
        ({"q": project.code}, [project]),
        ({"q": str(other.holder.name)}, [other]),
    ]:
        response = page(chef, url, params)
        assert list(response.context["object_list"]) == expected, params
    response = page(chef, url, {"commune": other.commune_id})
    assert response.context["totals"]["indh"] == Decimal("300000")
    html = page(chef, url).content.decode()
    assert project.get_absolute_url() in html and project.code in html and escape(project.holder) in html


def test_the_list_exports(chef, role_users, project):
    url = reverse("projects:project_list")
    response = chef.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
    header = ("Code", "Intitulé", "Programme", "Commune", "Porteur", "Part INDH", "Coût", "Validé le", "Statut")
    header += ("Avancement physique (%)", "Payé", "Avancement financier (%)")
    assert header in rows
    data = [row for row in rows if row[0] == project.code]
    assert len(data) == 1
    assert (data[0][5], data[0][6], data[0][8]) == (250000, 450000, "Validé")
    pdf = chef.get(url, {"export": "pdf", "commune": project.commune_id})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_list_keeps_its_query_count_from_2_to_20_projects(chef, project):
    url = reverse("projects:project_list")
    clone(project, 1)
    chef.get(url)  # caches warmed
    few = query_count(chef, url)
    Project.objects.filter(code__startswith="PRJ-1999-").delete()
    clone(project, 19)
    assert Project.objects.count() == 20
    assert query_count(chef, url) == few


# --- The dossier's page and the space page --------------------------------------------------------------------------


def cpdh_block(client, dossier):
    response = page(client, dossier.get_absolute_url())
    return response.context["cpdh"], response.content.decode()


def test_the_dossier_page_links_its_project(chef, project):
    cpdh, html = cpdh_block(chef, project.dossier)
    assert cpdh["project"] == project and [row["decision"].outcome for row in cpdh["decisions"]] == [
        Outcome.APPROVED_WITH_RESERVES
    ]
    assert project.get_absolute_url() in html and f"Projet {project.code}" in html
    assert "Validé par le CPDH" in html and "Réduire le poste équipement" in html


def test_the_dossier_page_follows_the_dossier_through_the_cpdh(client_as, role_users):
    secretariat, agent, head = role_users["secretariat_cpdh"], role_users["suivi_evaluation"], role_users["chef"]
    client = client_as(role_users["auditeur"])
    dossier = preselected_with_plan(agent, head)
    cpdh, html = cpdh_block(client, dossier)
    assert cpdh["awaiting"] and not cpdh["pending"] and cpdh["project"] is None
    assert 'data-testid="cpdh-awaiting"' in html

    first, (item,) = held(secretariat, [dossier])
    cpdh, html = cpdh_block(client, dossier)
    assert cpdh["pending"] == [first] and not cpdh["awaiting"]
    assert first.get_absolute_url() in html

    meeting_services.decision_record(item=item, by=secretariat, outcome=Outcome.ADJOURNED, reason="Étude de sol")
    cpdh, html = cpdh_block(client, dossier)
    assert cpdh["awaiting"] and "Ajourné" in html and "Étude de sol" in html

    later, (later_item,) = held(secretariat, [dossier], cpdh=first.committee)
    meeting_services.decision_record(item=later_item, by=secretariat, outcome=Outcome.REJECTED, reason="Doublon")
    cpdh, html = cpdh_block(client, dossier)
    assert [row["decision"].outcome for row in cpdh["decisions"]] == [Outcome.ADJOURNED, Outcome.REJECTED]
    assert cpdh["project"] is None and not cpdh["awaiting"] and "Rejeté par le CPDH" in html and "Doublon" in html


def test_a_dossier_before_the_cpdh_has_no_cpdh_block(chef, role_users):
    from projects.services import calls as call_services
    from tests.projects.test_call_services import draft_call
    from tests.projects.test_dossier_services import register

    agent = role_users["suivi_evaluation"]
    dossier = register(call_services.call_publish(call=draft_call(agent), by=agent), agent)
    cpdh, html = cpdh_block(chef, dossier)
    assert not cpdh["shown"] and 'data-testid="dossier-cpdh"' not in html


def test_the_dossier_page_keeps_its_query_count_through_meetings(chef, role_users):
    secretariat, agent, head = role_users["secretariat_cpdh"], role_users["suivi_evaluation"], role_users["chef"]
    dossier = preselected_with_plan(agent, head)
    meeting, (item,) = held(secretariat, [dossier])
    meeting_services.decision_record(item=item, by=secretariat, outcome=Outcome.ADJOURNED, reason="Report")
    url = dossier.get_absolute_url()
    chef.get(url)
    few = query_count(chef, url)
    for _ in range(3):
        meeting_services.meeting_close(meeting=meeting, by=secretariat)
        meeting, (item,) = held(secretariat, [dossier], cpdh=meeting.committee)
        meeting_services.decision_record(item=item, by=secretariat, outcome=Outcome.ADJOURNED, reason="Report")
    assert query_count(chef, url) == few


def test_the_space_page_has_a_projects_card(chef, project):
    response = page(chef, reverse("projects:index"))
    assert response.context["project_total"] == 1
    html = response.content.decode()
    assert reverse("projects:project_list") in html and 'data-testid="project-card"' in html


def test_the_secretariat_reads_projects_too(client_as, role_users, project):
    client = client_as(role_users["secretariat_cpdh"])
    assert client.get(project.get_absolute_url()).status_code == 200
    assert client.get(reverse("projects:project_list")).status_code == 200
