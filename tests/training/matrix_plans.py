"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the training service: plans."""

READERS = {"chef", "formation", "auditeur"}
AGENTS = {"formation"}

MATRIX = []


def add_objects(objects, role_users):
    pass
