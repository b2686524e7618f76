"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the training service: followup."""

READERS = {"chef", "formation", "auditeur"}
AGENTS = {"formation"}

MATRIX = []


def add_objects(objects, role_users):
    pass
