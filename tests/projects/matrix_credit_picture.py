"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the credits, and their objects."""

CREDIT_READERS = {"chef", "suivi_evaluation", "cabinet", "dbm", "auditeur"}

MATRIX = []


def add_objects(objects, role_users):
    pass
