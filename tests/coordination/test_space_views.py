"""The coordination service's space and home cards: every area in its order, for the readers only, and a fixed
number of queries whatever each area holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.coordination import (
    factories_cooperation,
    factories_crdh,
    factories_literacy,
    factories_provinces,
    factories_studies,
)

pytestmark = pytest.mark.django_db

AREAS = ["crdh", "provinces", "literacy", "cooperation", "studies"]


def add_to_every_area(role_users, campaign, n):
    """One more record of each kind in every area (the n-th)."""
    agent, secretariat = role_users["coordination"], role_users["secretariat_cpdh"]
    meeting = factories_provinces.held_meeting(agent, subject=f"Réunion de coordination {n}")
    factories_provinces.action(agent, meeting, days=5 + n)
    factories_studies.started(agent, title=f"Étude technique {n}")
    programme = factories_cooperation.programme(
        agent, factories_cooperation.partner(agent, name=f"Agence de coopération {n}")
    )
    factories_cooperation.activity(agent, programme, title=f"Activité {n}")
    factories_crdh.draft_dossier(agent, secretariat, requests=1, title=f"Dossier {n}")
    factories_literacy.class_in(factories_literacy.operation_in(campaign, agent), agent, name=f"Classe {n}")


@pytest.mark.parametrize("role", ["coordination", "chef", "auditeur"])
def test_the_space_shows_every_area_in_order(role_users, client_as, role):
    response = client_as(role_users[role]).get(reverse("coordination:index"))
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(f'data-testid="space-area-{code}"') for code in AREAS]
    assert positions == sorted(positions)


@pytest.mark.parametrize("role", ["suivi_evaluation", "secretariat_cpdh", "cabinet", "dbm", "communication"])
def test_the_space_is_refused_to_other_roles(role_users, client_as, role):
    assert client_as(role_users[role]).get(reverse("coordination:index")).status_code == 403


def test_the_space_and_home_pages_do_a_fixed_number_of_queries(role_users, client_as):
    counts = {}
    campaign = factories_literacy.running_campaign(role_users["coordination"])
    for n in range(2):
        add_to_every_area(role_users, campaign, n)
        for role in ("coordination", "chef"):
            client = client_as(role_users[role])
            client.get(reverse("home"))  # warm-up: the session's own writes
            for name in ("coordination:index", "home"):
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(reverse(name)).status_code == 200
                counts.setdefault((role, name), []).append(len(queries))
    for key, (small, large) in counts.items():
        assert small == large, f"{key}: {small} queries, then {large} with more records"
    assert counts[("coordination", "coordination:index")][0] <= 40
