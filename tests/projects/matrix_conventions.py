"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the convention pages, and their objects."""

READERS = {"chef", "suivi_evaluation", "secretariat_cpdh", "auditeur"}
READERS_AND_CABINET = READERS | {"cabinet"}
AGENTS = {"suivi_evaluation"}
HEAD = {"chef"}
CABINET = {"cabinet"}

MATRIX = [
    ("projects:convention_list", lambda o: [], READERS, "get"),
    ("projects:convention_create", lambda o: [], AGENTS, "get"),
    ("projects:convention_template", lambda o: [], HEAD, "get"),
    ("projects:convention_queue", lambda o: [], CABINET, "get"),
    ("projects:convention_detail", lambda o: [o["convention"].pk], READERS_AND_CABINET, "get"),
    ("projects:convention_articles", lambda o: [o["convention"].pk], AGENTS, "get"),
    ("projects:convention_parties", lambda o: [o["convention"].pk], AGENTS, "get"),
    ("projects:convention_sign", lambda o: [o["transmitted_convention"].pk], CABINET, "get"),
    ("projects:convention_return", lambda o: [o["transmitted_convention"].pk], CABINET, "get"),
    # Readers reach these pages; the service (and the page, before showing its form) checks the role and the state.
    ("projects:convention_start", lambda o: [o["signed_convention"].pk], AGENTS, "get"),
    ("projects:convention_close", lambda o: [o["executing_convention"].pk], AGENTS, "get"),
    ("projects:convention_terminate", lambda o: [o["signed_convention"].pk], HEAD, "get"),
    ("projects:convention_scan", lambda o: [o["signed_convention"].pk], READERS_AND_CABINET, "get"),
    ("projects:convention_pdf", lambda o: [o["convention"].pk, "fr"], READERS_AND_CABINET, "get"),
    ("projects:convention_transition", lambda o: [o["convention"].pk, "validate"], READERS, "post-only"),
]


def add_objects(objects, role_users):
    """Add to ``objects`` what the rows above need (built through the services)."""
    from tests.committees.test_meeting_services import approved_project
    from tests.projects.test_convention_services import at

    agent = role_users["suivi_evaluation"]
    from projects.models import Convention
    from projects.services import conventions as services

    def convention(status):
        created = services.convention_create(project=approved_project(role_users), by=agent)
        return at(created, status, role_users)

    objects["convention"] = convention(Convention.Status.DRAFT)
    objects["transmitted_convention"] = convention(Convention.Status.TRANSMITTED)
    objects["signed_convention"] = convention(Convention.Status.SIGNED)
    objects["executing_convention"] = convention(Convention.Status.EXECUTING)
