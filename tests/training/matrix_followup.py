"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the training service: followup."""

READERS = {"chef", "formation", "auditeur"}
AGENTS = {"formation"}

MATRIX = [
    ("training:followup", lambda o: [], READERS, "get"),
    ("training:followup_pdf", lambda o: ["fr"], READERS, "get"),
    ("training:followup_pdf", lambda o: ["ar"], READERS, "get"),
    ("training:followup_xlsx", lambda o: [], READERS, "get"),
]


def add_objects(objects, role_users):
    """The follow-up reads whatever exists: nothing to build."""
