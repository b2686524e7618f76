"""The evaluation pages' rows of the URL x role matrix (tests/test_url_matrix.py) and the objects they need."""

MATRIX = []


def add_objects(objects, role_users):
    """Add to ``objects`` what the rows above need (built through the services)."""
