"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the coordination service: studies."""

from datetime import timedelta

from django.utils import timezone

from coordination.services import studies as services

READERS = {"chef", "coordination", "auditeur"}
AGENTS = {"coordination"}

MATRIX = [
    ("coordination:study_list", lambda o: [], READERS, "get"),
    ("coordination:study_create", lambda o: [], AGENTS, "get"),
    ("coordination:study_detail", lambda o: [o["study"].pk], READERS, "get"),
    ("coordination:study_update", lambda o: [o["study"].pk], AGENTS, "get"),
    ("coordination:study_transition", lambda o: [o["study"].pk, "suspend"], AGENTS, "post-only"),
    ("coordination:study_deliverable_add", lambda o: [o["study"].pk], AGENTS, "get"),
    ("coordination:study_deliverable_update", lambda o: [o["study_deliverable"].pk], AGENTS, "get"),
    ("coordination:study_deliverable_receive", lambda o: [o["study_deliverable"].pk], AGENTS, "get"),
    ("coordination:study_deliverable_remove", lambda o: [o["study_deliverable"].pk], AGENTS, "post-only"),
    ("history", lambda o: ["coordination.technicalstudy", o["study"].pk], READERS, "get"),
    ("history", lambda o: ["coordination.studydeliverable", o["study_deliverable"].pk], READERS, "get"),
]


def add_objects(objects, role_users):
    """The records this area's rows need (built through the services)."""
    by = role_users["coordination"]
    today = timezone.localdate()
    study = services.study_create(
        by=by,
        kind="geotechnique",
        title="Étude géotechnique du terrain du centre",
        performer_kind="bureau_etudes",
        performer_name="Souss Géotechnique",
        planned_start=today - timedelta(days=20),
        planned_end=today + timedelta(days=40),
    )
    objects["study"] = services.study_start(study=study, by=by, started_on=today - timedelta(days=10))
    objects["study_deliverable"] = services.deliverable_add(
        study=study, by=by, title="Rapport géotechnique", due_on=today + timedelta(days=20)
    )
