"""The dashboard, its drill-down, the official reports and the indicators' comparison do as many queries with the
demo at scale 3 (150 generated projects) as at scale 1 (50): seed_demo, then projects.demo_scale adds the rest.

The same pages were measured at 5,000 projects (``seed_demo --scale 100``): see the issue-7 note.
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.demo_scale import seed_scaled_projects
from projects.models import Project
from projects.reports import periods
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, url
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return len(queries)


def test_dashboard_and_reports_from_50_to_150_generated_projects(monkeypatch, client):
    monkeypatch.setenv("DAS_DEMO_PASSWORD", PASSWORD)
    call_command("seed_demo", stdout=StringIO())
    agent = get_user_model().objects.get(username="suivi")
    generated = Project.objects.filter(code__startswith="DEMO-")
    assert generated.count() == 50
    quarter = periods.last_complete(timezone.localdate(), periods.QUARTER).slug
    year = timezone.localdate().year
    urls = [
        reverse("projects:dashboard"),
        reverse("projects:dashboard") + f"?annee={year - 1}",
        reverse("projects:dashboard_drill") + "?figure=engage",
        reverse("projects:dashboard_drill") + "?figure=retard",
        reverse("projects:dashboard_xlsx"),
        reverse("projects:report_detail", args=["trimestriel", quarter]),
        reverse("projects:report_xlsx", args=["trimestriel", quarter]),
        reverse("projects:report_xlsx", args=["ildh_trimestriel", quarter]),
        reverse("projects:report_xlsx", args=["bilan_annuel", str(year - 1)]),
        reverse("home"),
    ]
    client.force_login(get_user_model().objects.get(username="chef"))
    for url in urls:  # caches warmed
        query_count(client, url)
    at_50 = {url: query_count(client, url) for url in urls}

    seed_scaled_projects(150, by=agent)
    assert generated.count() == 150
    at_150 = {url: query_count(client, url) for url in urls}
    assert at_150 == at_50
