"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the project record and the ILDH, and their objects."""

READERS = {"chef", "suivi_evaluation", "secretariat_cpdh", "auditeur"}
EDITORS = {"chef", "suivi_evaluation"}  # the monitoring agent and the head of division
HEAD = {"chef"}

MATRIX = [
    ("projects:project_register", lambda o: [], HEAD, "get"),
    ("projects:project_record_edit", lambda o: [o["record_project"].pk], EDITORS, "get"),
    ("projects:ildh_list", lambda o: [], READERS, "get"),
    ("projects:ildh_create", lambda o: [], EDITORS, "get"),
    ("projects:ildh_detail", lambda o: [o["ildh"].pk], READERS, "get"),
    ("projects:ildh_update", lambda o: [o["ildh"].pk], EDITORS, "get"),
    ("projects:project_sheet", lambda o: [o["record_project"].pk, "fr"], READERS, "get"),
]


def add_objects(objects, role_users):
    """A project approved by the CPDH, attached to the ILDH of its commune."""
    from projects.models import Project
    from projects.services import record as services
    from projects.services.record import MemberLine
    from tests.committees.test_meeting_services import approved_project

    project = approved_project(role_users)
    ildh = services.ildh_create(
        by=role_users["suivi_evaluation"],
        title="ILDH de la commune",
        commune=project.commune,
        start_year=2019,
        end_year=2023,
        members=[MemberLine("Fatima Ait Ali", "F", "Coordinatrice locale")],
    )
    Project.objects.filter(pk=project.pk).update(ildh=ildh)
    objects["record_project"] = project
    objects["ildh"] = ildh
