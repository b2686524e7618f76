"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the communication service: library."""

READERS = {"chef", "communication", "auditeur"}
AGENTS = {"communication"}

MATRIX = []


def add_objects(objects, role_users):
    """The records this area's rows need."""
