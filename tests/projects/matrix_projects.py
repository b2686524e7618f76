"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the project pages, and their objects."""

from decimal import Decimal

READERS = {"chef", "suivi_evaluation", "secretariat_cpdh", "auditeur"}

MATRIX = [
    ("projects:project_list", lambda o: [], READERS, "get"),
    ("projects:project_detail", lambda o: [o["project"].pk], READERS, "get"),
]


def add_objects(objects, role_users):
    """Add to ``objects`` what the rows above need (built through the services)."""
    from tests.committees.test_meeting_services import approved_project

    # A dossier approved with reserves by a CPDH meeting: its project, with a partner and a reduced INDH share.
    objects["project"] = approved_project(role_users, indh_share=Decimal("250000"), reserves="Réduire l'équipement")
