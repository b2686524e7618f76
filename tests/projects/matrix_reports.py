"""Rows of the URL x role matrix (tests/test_url_matrix.py) for issue 7 (reports)."""

MATRIX: list = []


def add_objects(objects, role_users):
    """Objects the rows above need (built once for every role)."""
