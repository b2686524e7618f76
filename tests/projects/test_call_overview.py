"""The call page's dashboard: counts, amount requested against the envelope, spread; fixed queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.projects import test_dossier_services as dossier_tests
from tests.projects.test_dossier_services import register

pytestmark = pytest.mark.django_db
agent = dossier_tests.agent
call = dossier_tests.call


def test_the_call_page_shows_its_dashboard(call, agent, role_users, client_as):
    register(call, agent)
    register(call, agent, cost="200000", indh="100000", holder_part="100000")
    html = client_as(role_users["chef"]).get(reverse("projects:call_detail", args=[call.pk])).content.decode()
    assert 'data-testid="call-overview"' in html
    assert "Reçu : <strong>2</strong>" in html
    assert "350\u202f000,00\u00a0DH" in html  # requested INDH shares
    assert "7,0 %" in html or "7.0 %" in html


def test_the_call_page_queries_do_not_grow_with_dossiers(call, agent, role_users, client_as):
    client = client_as(role_users["chef"])
    url = reverse("projects:call_detail", args=[call.pk])
    register(call, agent)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(12):
        register(call, agent)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
