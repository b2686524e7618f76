"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the committees' feedback pages, and their objects."""

from django.utils import timezone

from committees.services.feedback import feedback_register
from tests.committees.matrix_committees import READ

MANAGE_FEEDBACK = {"chef", "secretariat_cpdh"}

MATRIX = [
    ("committees:feedback_list", lambda o: [], READ, "get"),
    ("committees:feedback_create", lambda o: [], MANAGE_FEEDBACK, "get"),
    ("committees:feedback_detail", lambda o: [o["fb_feedback"].pk], READ, "get"),
    ("committees:feedback_update", lambda o: [o["fb_feedback"].pk], MANAGE_FEEDBACK, "get"),
    ("committees:feedback_route", lambda o: [o["fb_feedback"].pk], MANAGE_FEEDBACK, "post-only"),
    ("committees:feedback_answer", lambda o: [o["fb_feedback"].pk], MANAGE_FEEDBACK, "post-only"),
    ("committees:feedback_mark_sent", lambda o: [o["fb_feedback"].pk], MANAGE_FEEDBACK, "post-only"),
]


def add_objects(objects, role_users):
    """Add to ``objects`` what the rows above need (built through the services)."""
    objects["fb_feedback"] = feedback_register(
        by=role_users["secretariat_cpdh"],
        kind="plainte",
        source="beneficiaire",
        source_name="Habitants du douar",
        commune=objects["commune"],
        received_on=timezone.localdate(),
        channel="terrain",
        subject="Arrêt des travaux de la piste",
        content="Les travaux sont arrêtés depuis trois semaines.",
    )
