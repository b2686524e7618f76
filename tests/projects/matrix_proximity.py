"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the proximity actions, and their objects."""

READERS = {"chef", "suivi_evaluation", "secretariat_cpdh", "auditeur"}
WRITERS = {"suivi_evaluation"}

MATRIX = [
    ("projects:proximity_list", lambda o: [], READERS, "get"),
    ("projects:proximity_create", lambda o: [], WRITERS, "get"),
    ("projects:proximity_detail", lambda o: [o["proximity_action"].pk], READERS, "get"),
    ("projects:proximity_update", lambda o: [o["proximity_action"].pk], WRITERS, "get"),
    ("projects:proximity_cancel", lambda o: [o["proximity_action"].pk], WRITERS, "get"),
    ("projects:proximity_transition", lambda o: [o["proximity_action"].pk, "realize"], WRITERS, "post-only"),
]


def add_objects(objects, role_users):
    """Add to ``objects`` what the rows above need (built through the services)."""
    from tests.projects.test_proximity import build_action

    objects["proximity_action"] = build_action(role_users["suivi_evaluation"])
