"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the marchés and the due tranches, and their objects."""

READERS = {"chef", "suivi_evaluation", "secretariat_cpdh", "auditeur"}
AGENTS = {"suivi_evaluation"}

MATRIX = [
    ("projects:procurement_list", lambda o: [], READERS, "get"),
    ("projects:procurement_detail", lambda o: [o["procurement"].pk], READERS, "get"),
    ("projects:procurement_create", lambda o: [o["procurement"].project_id], AGENTS, "get"),
    ("projects:procurement_update", lambda o: [o["procurement"].pk], AGENTS, "get"),
    ("projects:procurement_end", lambda o: [o["procurement"].pk], AGENTS, "get"),
    ("projects:tranche_due_list", lambda o: [], READERS, "get"),
]


def add_objects(objects, role_users):
    """A marché published a week ago on an approved project."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from projects.services.procurement import procurement_create
    from tests.committees.test_meeting_services import approved_project

    objects["procurement"] = procurement_create(
        project=approved_project(role_users),
        by=role_users["suivi_evaluation"],
        procedure="aoo",
        reference="AO-MATRIX",
        subject="Marché de la matrice",
        estimated_amount=Decimal("100000"),
        published_on=timezone.localdate() - dt.timedelta(days=7),
    )
