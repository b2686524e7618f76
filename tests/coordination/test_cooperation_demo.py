"""The cooperation demo: built on the projects the demo already has, and a second run creates nothing."""

import pytest

from coordination import demo_cooperation
from coordination.cooperation_selectors import space_figures
from coordination.models import ActivityProject, CooperationActivity, CooperationPartner, CooperationProgramme
from tests.coordination.factories_cooperation import project

pytestmark = pytest.mark.django_db


def test_demo_twice(role_users):
    projects = [project() for _ in range(5)]
    by = role_users["coordination"]
    created = demo_cooperation.seed(by=by, head=role_users["chef"], secretariat=role_users["secretariat_cpdh"])
    assert created > 0
    assert CooperationPartner.objects.count() == 3
    statuses = sorted(CooperationProgramme.objects.values_list("status", flat=True))
    assert statuses == ["cloture", "en_cours", "en_cours"]
    assert CooperationActivity.objects.count() == 5
    supported = set(ActivityProject.objects.values_list("project", flat=True))
    assert 4 <= len(supported) <= 6 and supported <= {p.pk for p in projects}
    figures = space_figures()
    assert figures["late"] == 1 and figures["soon"] == 1
    assert demo_cooperation.seed(by=by, head=role_users["chef"], secretariat=role_users["secretariat_cpdh"]) == 0
    assert CooperationProgramme.objects.count() == 3


def test_demo_needs_projects(role_users):
    assert demo_cooperation.seed(by=role_users["coordination"]) == 0
    assert not CooperationProgramme.objects.exists()
