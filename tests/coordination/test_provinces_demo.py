"""The provinces area's demo: the five other provinces of Souss-Massa (created with their Arabic names when missing),
two joint projects (one linked to one of our projects), three meetings; a second run creates nothing."""

import pytest

from coordination import demo_provinces
from coordination.models import CoordinationAction, CoordinationMeeting, Counterpart, JointProject
from coordination.provinces_selectors import area_counts
from tests.coordination import factories_provinces as build
from tests.projects.territorial_builders import project as local_project

pytestmark = pytest.mark.django_db


def test_demo_twice(role_users):
    home = build.home()
    build.other("TAR")  # already in the reference data: reused, not created twice
    ours = local_project("PRJ-2024-0007", home.communes.first(), "300000")
    created = demo_provinces.seed(by=role_users["coordination"], head=role_users["chef"])
    assert created > 0
    assert Counterpart.objects.count() == 5
    assert Counterpart.objects.get(province__code="TAT").province.name_ar == "إقليم طاطا"
    assert Counterpart.objects.get(province__code="TAR").contacts.filter(is_main=True).count() == 1
    centre = JointProject.objects.get(status=JointProject.Status.IN_PROGRESS)
    assert centre.shares.get(province=home).project == ours
    statuses = sorted(CoordinationMeeting.objects.values_list("status", flat=True))
    assert statuses == ["annulee", "planifiee", "tenue"]
    counts = area_counts()
    assert counts["late_actions"] == 1 and counts["open_actions"] == 2
    assert CoordinationAction.objects.filter(status="realisee").count() == 1
    assert demo_provinces.seed(by=role_users["coordination"], head=role_users["chef"]) == 0
    assert Counterpart.objects.count() == 5 and CoordinationMeeting.objects.count() == 3
