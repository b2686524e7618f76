"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the committees' committees pages, and their objects."""

MATRIX = []


def add_objects(objects, role_users):
    """Add to ``objects`` what the rows above need (built through the services)."""
