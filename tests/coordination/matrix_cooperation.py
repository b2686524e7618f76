"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the coordination service: cooperation."""

READERS = {"chef", "coordination", "auditeur"}
AGENTS = {"coordination"}

MATRIX = []


def add_objects(objects, role_users):
    """The records this area's rows need (built through the services)."""
