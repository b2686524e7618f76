"""Rows of the URL x role matrix (tests/test_url_matrix.py) for procurement, and their objects."""

MATRIX = []


def add_objects(objects, role_users):
    pass
