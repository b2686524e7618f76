"""Rows of the URL x role matrix (tests/test_url_matrix.py) for issue 7 (dashboard)."""

DASHBOARD_READERS = {"chef", "suivi_evaluation", "secretariat_cpdh", "cabinet", "dbm", "auditeur"}

MATRIX = [
    ("projects:dashboard", lambda o: [], DASHBOARD_READERS, "get"),
    ("projects:dashboard_drill", lambda o: [], DASHBOARD_READERS, "get"),
    ("projects:dashboard_pdf", lambda o: ["fr"], DASHBOARD_READERS, "get"),
    ("projects:dashboard_pdf", lambda o: ["ar"], DASHBOARD_READERS, "get"),
    ("projects:dashboard_xlsx", lambda o: [], DASHBOARD_READERS, "get"),
]


def add_objects(objects, role_users):
    """Objects the rows above need (built once for every role): none, the dashboard reads whatever exists."""
