import pytest

from das.roles import DEFAULT_ROLES, ensure_default_roles
from tests.factories import user_with_role

ROLE_CODES = list(DEFAULT_ROLES)


@pytest.fixture
def role_users(db):
    """One named user per default role (admin, chef, suivi_evaluation, …), as in the demo data."""
    ensure_default_roles()
    return {code: user_with_role(code) for code in ROLE_CODES}


@pytest.fixture
def client_as(client):
    """client_as(user) → the test client signed in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
