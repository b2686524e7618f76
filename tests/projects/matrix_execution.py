"""Rows of the URL x role matrix (tests/test_url_matrix.py) for execution, and their objects."""

READERS = {"chef", "suivi_evaluation", "secretariat_cpdh", "auditeur"}
AGENTS = {"suivi_evaluation"}
CATALOGUE = {"chef", "suivi_evaluation"}

MATRIX = [
    ("projects:progress_create", lambda o: [o["execution_project"].pk], AGENTS, "get"),
    ("projects:progress_update", lambda o: [o["progress_entry"].pk], AGENTS, "get"),
    ("projects:progress_delete", lambda o: [o["progress_entry"].pk], AGENTS, "post-only"),
    ("projects:progress_photo", lambda o: [o["progress_photo"].pk], READERS, "get"),
    ("projects:visit_list", lambda o: [], READERS, "get"),
    ("projects:visit_create", lambda o: [o["execution_project"].pk], AGENTS, "get"),
    ("projects:visit_detail", lambda o: [o["draft_visit"].pk], READERS, "get"),
    ("projects:visit_update", lambda o: [o["draft_visit"].pk], AGENTS, "get"),
    ("projects:visit_pdf", lambda o: [o["draft_visit"].pk, "fr"], READERS, "get"),
    ("projects:visit_transition", lambda o: [o["draft_visit"].pk, "close"], READERS, "post-only"),
    ("projects:indicator_list", lambda o: [], READERS, "get"),
    ("projects:indicator_create", lambda o: [], CATALOGUE, "get"),
    ("projects:indicator_update", lambda o: [o["indicator"].pk], CATALOGUE, "get"),
    ("projects:project_indicator_add", lambda o: [o["execution_project"].pk], AGENTS, "get"),
    ("projects:indicator_values", lambda o: [o["project_indicator"].pk], AGENTS, "get"),
]


def add_objects(objects, role_users):
    """A project in progress with one progress entry (and its photo), a draft follow-up visit, an indicator."""
    from decimal import Decimal

    from django.utils import timezone

    from committees.models import Committee
    from projects.services import indicators, progress, visits
    from tests.projects.execution_builders import Status, commission, photo, project_at

    agent = role_users["suivi_evaluation"]
    today = timezone.localdate()
    project = project_at(Status.IN_PROGRESS, role_users)
    entry = progress.progress_record(
        project=project, by=agent, recorded_on=today, percent=20, narrative="Terrassements", photos=[photo()]
    )
    follow_up, members = commission(role_users, Committee.Kind.FOLLOW_UP)
    visit = visits.visit_create(
        project=project,
        by=agent,
        kind="suivi",
        visited_on=today,
        commission=follow_up,
        members=members[:2],
        findings="Chantier ouvert",
    )
    indicator = indicators.indicator_save(by=agent, code="ELV", name="Élèves scolarisés", unit="élèves")
    chosen = indicators.project_indicator_add(
        project=project, by=agent, indicator=indicator, target=Decimal("120"), periodicity="trimestre"
    )
    objects.update(
        execution_project=project,
        progress_entry=entry,
        progress_photo=entry.photos.get(),
        draft_visit=visit,
        indicator=indicator,
        project_indicator=chosen,
    )
