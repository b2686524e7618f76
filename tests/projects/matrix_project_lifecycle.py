"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the project lifecycle pages, and their objects."""

READERS = {"chef", "suivi_evaluation", "secretariat_cpdh", "auditeur"}
AGENTS = {"suivi_evaluation"}
HEAD = {"chef"}

MATRIX = [
    # Readers reach these pages; the page (before showing its form) and the service check the role and the state.
    ("projects:project_planned_dates", lambda o: [o["lifecycle_conventioned"].pk], AGENTS, "get"),
    ("projects:project_start", lambda o: [o["lifecycle_conventioned"].pk], AGENTS, "get"),
    ("projects:project_suspend", lambda o: [o["lifecycle_conventioned"].pk], AGENTS, "get"),
    ("projects:project_abandon", lambda o: [o["lifecycle_conventioned"].pk], HEAD, "get"),
    ("projects:project_provisional_reception", lambda o: [o["lifecycle_in_progress"].pk], AGENTS, "get"),
    ("projects:project_final_reception", lambda o: [o["lifecycle_completed"].pk], AGENTS, "get"),
    ("projects:project_transition", lambda o: [o["lifecycle_conventioned"].pk, "resume"], READERS, "post-only"),
]


def add_objects(objects, role_users):
    """Add to ``objects`` what the rows above need (built through the services)."""
    from django.utils import timezone

    from projects.models import Convention
    from projects.services import conventions
    from projects.services import project_lifecycle as services
    from tests.committees.test_meeting_services import approved_project
    from tests.projects.test_convention_services import at

    agent = role_users["suivi_evaluation"]
    today = timezone.localdate()

    def conventioned():
        project = approved_project(role_users)
        convention = conventions.convention_create(project=project, by=agent)
        at(convention, Convention.Status.SIGNED, role_users)  # the signature moves the project to conventionné
        project.refresh_from_db()
        return project

    objects["lifecycle_conventioned"] = conventioned()
    objects["lifecycle_in_progress"] = services.project_start(project=conventioned(), by=agent, on=today)
    objects["lifecycle_completed"] = services.project_provisional_reception(
        project=services.project_start(project=conventioned(), by=agent, on=today), by=agent, on=today
    )
