"""The commune scope in the projects app (projects.scope): an agent whose role is limited to commune A sees and acts
on A's projects and the records hanging off them (and on a project of B that serves A through a territory); B's
records are missing from the lists, the exports, the alerts and the counts, and their pages answer 404. The
unscoped agent sees the whole province."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from projects import scope
from projects.alerts import alerts_for
from projects.models import ILDH, CallForProjects, Convention, Project, ProjectTerritory, Tranche
from projects.services import calls as call_services
from projects.services import progress as progress_services
from projects.services import record as record_services
from projects.services import tranches as tranche_services
from tests.factories import user_with_role
from tests.projects.execution_builders import project_at
from tests.projects.test_call_services import draft_call
from tests.projects.test_procurement import awarded, make

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - dt.timedelta(days=1)


class World:
    """Two projects in progress, in communes A and B, each with a signed convention, a tranche due and unpaid, a late
    marché, a progress entry, an ILDH of its commune and its dossier."""

    def __init__(self, role_users):
        agent = role_users["suivi_evaluation"]
        self.a, self.b = (project_at(Project.Status.IN_PROGRESS, role_users) for _ in range(2))
        assert self.a.commune_id != self.b.commune_id
        ProjectTerritory.objects.filter(project__in=[self.a, self.b]).delete()
        for n, project in enumerate([self.a, self.b]):
            convention = Convention.objects.get(project=project)
            tranche_services.tranche_schedule_set(
                convention=convention, by=agent, lines=[tranche_services.TrancheLine(Decimal("300000"))]
            )
            Tranche.objects.filter(convention=convention).update(due_on=YESTERDAY)
            make(project, agent, reference=f"AO-{n}/2026", **awarded())
            progress_services.progress_record(
                project=project, by=agent, recorded_on=timezone.localdate(), percent=10, narrative="Terrassement"
            )
            record_services.ildh_create(
                by=agent, title=f"ILDH {project.commune}", commune=project.commune, start_year=2019, end_year=2023
            )
        self.scoped = user_with_role("suivi_evaluation", username="scoped.agent")
        self.scoped.role_assignments.get().communes.set([self.a.commune])
        self.unscoped = agent

    def records(self, project):
        convention = Convention.objects.get(project=project)
        return {
            "project": project,
            "convention": convention,
            "tranche": convention.tranches.get(),
            "procurement": project.procurements.get(),
            "entry": project.progress_entries.get(),
            "dossier": project.dossier,
            "ildh": ILDH.objects.get(commune=project.commune),
        }


@pytest.fixture
def world(role_users):
    return World(role_users)


LISTS = [
    ("projects:project_list", "project", "code"),
    ("projects:convention_list", "convention", "reference"),
    ("projects:procurement_list", "procurement", "reference"),
    ("projects:tranche_due_list", "convention", "reference"),
    ("projects:ildh_list", "ildh", "reference"),
    ("projects:dossier_list", "dossier", "reference"),
]


def exported(client, url):
    response = client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None)


def test_a_scoped_agent_lists_and_exports_only_the_records_of_their_communes(world, client_as):
    # One world for every list: it is built through the services, which takes time.
    a, b = world.records(world.a), world.records(world.b)
    rows = [(reverse(name), getattr(a[record], field), getattr(b[record], field)) for name, record, field in LISTS]
    scoped = client_as(world.scoped)
    for url, mine, other in rows:
        page = scoped.get(url).content.decode()
        assert mine in page and other not in page, url
        export = exported(scoped, url)
        assert mine in export and other not in export, url
    # Nor do the filters' choices name another commune's records (the project list filters by ILDH).
    assert b["ildh"].reference not in scoped.get(reverse("projects:project_list")).content.decode()
    unscoped = client_as(world.unscoped)  # the same test client, signed in as the other agent
    for url, mine, other in rows:
        page = unscoped.get(url).content.decode()
        assert mine in page and other in page, url


def pages(records):
    """Pages of one project's records: reading pages and action pages (GET shows the form)."""
    return [
        reverse("projects:project_detail", args=[records["project"].pk]),
        reverse("projects:project_sheet", args=[records["project"].pk, "fr"]),
        reverse("projects:project_record_edit", args=[records["project"].pk]),
        reverse("projects:project_planned_dates", args=[records["project"].pk]),
        reverse("projects:progress_create", args=[records["project"].pk]),
        reverse("projects:progress_update", args=[records["entry"].pk]),
        reverse("projects:visit_create", args=[records["project"].pk]),
        reverse("projects:convention_detail", args=[records["convention"].pk]),
        reverse("projects:convention_articles", args=[records["convention"].pk]),
        reverse("projects:convention_start", args=[records["convention"].pk]),
        reverse("projects:tranche_schedule", args=[records["convention"].pk]),
        reverse("projects:payment_create", args=[records["tranche"].pk]),
        reverse("projects:procurement_detail", args=[records["procurement"].pk]),
        reverse("projects:procurement_update", args=[records["procurement"].pk]),
        reverse("projects:dossier_detail", args=[records["dossier"].pk]),
        reverse("projects:dossier_evaluation_sheet", args=[records["dossier"].pk, "fr"]),
        reverse("projects:ildh_detail", args=[records["ildh"].pk]),
        reverse("projects:ildh_update", args=[records["ildh"].pk]),
    ]


def test_the_pages_of_another_communes_records_answer_404(world, client_as):
    scoped = client_as(world.scoped)
    for url in pages(world.records(world.b)):
        assert scoped.get(url).status_code == 404, url
    for url in pages(world.records(world.a)):
        assert scoped.get(url).status_code != 404, url


def test_actions_on_another_communes_records_answer_404_and_change_nothing(world, client_as):
    scoped = client_as(world.scoped)
    b = world.records(world.b)
    response = scoped.post(
        reverse("projects:progress_create", args=[b["project"].pk]),
        {"recorded_on": timezone.localdate().isoformat(), "percent": "50", "narrative": "Gros œuvre"},
    )
    assert response.status_code == 404
    assert b["project"].progress_entries.count() == 1
    assert scoped.post(reverse("projects:progress_delete", args=[b["entry"].pk])).status_code == 404
    validate = reverse("projects:convention_transition", args=[b["convention"].pk, "validate"])
    assert scoped.post(validate).status_code == 404
    assert b["project"].progress_entries.count() == 1


def test_the_unscoped_agent_opens_both_communes_pages(world, client_as):
    unscoped = client_as(world.unscoped)
    for url in pages(world.records(world.b)):
        assert unscoped.get(url).status_code != 404, url


def test_a_project_of_b_serving_a_through_a_territory_is_in_scope(world, client_as):
    ProjectTerritory.objects.create(project=world.b, commune=world.a.commune, share=Decimal("30"))
    scoped = client_as(world.scoped)
    assert world.b.code in scoped.get(reverse("projects:project_list")).content.decode()
    assert scoped.get(reverse("projects:project_detail", args=[world.b.pk])).status_code == 200
    convention = Convention.objects.get(project=world.b)
    assert scoped.get(reverse("projects:convention_detail", args=[convention.pk])).status_code == 200
    # Counted once, though it reaches A twice (main commune of A's project, territory of B's).
    assert scope.scope_projects(Project.objects.all(), world.scoped).count() == 2


def test_the_alerts_and_the_index_count_only_the_scope(world, client_as):
    def counts(user):
        return {alert.code: alert.count for alert in alerts_for(user)}

    assert counts(world.unscoped)["tranches_due"] == 2
    assert counts(world.scoped)["tranches_due"] == 1
    assert counts(world.unscoped)["late_procurements"] == 2
    assert counts(world.scoped)["late_procurements"] == 1
    response = client_as(world.scoped).get(reverse("projects:index"))
    assert response.context["project_total"] == 1
    assert client_as(world.unscoped).get(reverse("projects:index")).context["project_total"] == 2


def test_calls_are_province_wide_and_the_helper_refuses_a_model_it_cannot_place():
    with pytest.raises(ValueError):
        scope.scope_q(CallForProjects, {1})


def test_a_scoped_agent_registers_ildh_and_dossiers_only_in_their_communes(world, client_as):
    scoped = client_as(world.scoped)
    ildh_form = scoped.get(reverse("projects:ildh_create")).context["form"]
    assert list(ildh_form.fields["commune"].queryset) == [world.a.commune]
    call = call_services.call_publish(call=draft_call(world.unscoped), by=world.unscoped)
    dossier_form = scoped.get(reverse("projects:dossier_create", args=[call.pk])).context["form"]
    assert list(dossier_form.fields["commune"].queryset) == [world.a.commune]
    unscoped = client_as(world.unscoped)
    assert unscoped.get(reverse("projects:ildh_create")).context["form"].fields["commune"].queryset.count() > 1


def test_the_history_of_another_communes_record_answers_404(world, client_as):
    # The shared history and attachment pages ask das.records, where the projects app registers scoped predicates.
    scoped = client_as(world.scoped)
    for name in ["project", "convention", "procurement", "dossier", "ildh"]:
        mine, other = world.records(world.a)[name], world.records(world.b)[name]
        assert scoped.get(reverse("history", args=[mine._meta.label_lower, mine.pk])).status_code == 200, name
        assert scoped.get(reverse("history", args=[other._meta.label_lower, other.pk])).status_code == 404, name
    call = world.b.dossier.call
    assert scoped.get(reverse("history", args=[call._meta.label_lower, call.pk])).status_code == 200
