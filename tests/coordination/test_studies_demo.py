"""The studies area's demo: built on the projects the demo has (found by their titles), two late, every status,
received deliverables as real PDF files; a second run creates nothing."""

import pytest

from coordination import demo_studies
from coordination import studies_selectors as selectors
from coordination.models import StudyDeliverable, TechnicalStudy
from tests.coordination.factories_studies import project

pytestmark = pytest.mark.django_db


def test_demo_runs_twice(role_users):
    for spec in demo_studies.STUDIES:
        served = project()
        served.title = f"{spec['project']} – Agadir"
        served.save(update_fields=["title"])
    by = role_users["coordination"]
    created = demo_studies.seed(by=by, head=role_users["chef"], secretariat=role_users["secretariat_cpdh"])
    assert created == len(demo_studies.STUDIES) + sum(len(spec["deliverables"]) for spec in demo_studies.STUDIES)
    assert demo_studies.seed(by=by, head=role_users["chef"], secretariat=role_users["secretariat_cpdh"]) == 0
    studies = list(selectors.study_list())
    assert len(studies) == len(demo_studies.STUDIES)
    assert sum(study.is_late for study in studies) == 2
    assert set(TechnicalStudy.objects.values_list("status", flat=True)) == set(TechnicalStudy.Status.values)
    assert all(study.projects.count() == 1 for study in studies)
    received = StudyDeliverable.objects.filter(received_on__isnull=False).select_related("file")
    assert received.count() == 4
    for deliverable in received:
        assert deliverable.file.mime_type == "application/pdf"
        with deliverable.file.file.open("rb") as stored:
            assert stored.read(5) == b"%PDF-"


def test_demo_without_matching_projects_still_builds(role_users):
    by = role_users["coordination"]
    assert demo_studies.seed(by=by, head=role_users["chef"], secretariat=None) > 0
    assert not TechnicalStudy.objects.filter(projects__isnull=False).exists()
