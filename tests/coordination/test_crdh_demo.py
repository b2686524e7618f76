"""The CRDH demo: last year's meeting closed with its decisions and actions, this year's dossier transmitted, a
dossier in preparation for a later follow-up meeting; a second run creates nothing."""

import pytest
from django.utils import timezone

from committees.models import Committee, DecisionAction, Meeting
from coordination import demo_crdh
from coordination.models import CrdhDossier
from tests.committees import builders

pytestmark = pytest.mark.django_db


def test_demo_twice(role_users):
    secretariat = role_users["secretariat_cpdh"]
    builders.committee(secretariat, kind=Committee.Kind.CRDH, name="CRDH de la région Souss-Massa")
    kwargs = {"by": role_users["coordination"], "head": role_users["chef"], "secretariat": secretariat}
    created = demo_crdh.seed(**kwargs)
    assert created > 0
    year = timezone.localdate().year
    last = CrdhDossier.objects.get(year=year - 1)
    current = CrdhDossier.objects.get(year=year, status=CrdhDossier.Status.SENT)
    draft = CrdhDossier.objects.get(status=CrdhDossier.Status.DRAFT)  # for the chef to validate
    assert draft.year == year and draft.requests.count() == 1 and draft.meeting.date > current.meeting.date
    assert last.status == current.status == CrdhDossier.Status.SENT
    assert last.meeting.status == Meeting.Status.CLOSED
    assert current.meeting.status == Meeting.Status.PLANNED and current.meeting.date > timezone.localdate()
    assert last.requests.filter(decision__isnull=False).count() == 3
    assert current.requests.count() == 3
    actions = DecisionAction.objects.filter(decision__crdh_request__dossier=last)
    assert sorted(actions.values_list("status", flat=True)) == ["ouverte", "realisee"]
    assert demo_crdh.seed(**kwargs) == 0
    assert CrdhDossier.objects.count() == 3


def test_demo_without_a_crdh_committee(role_users):
    assert (
        demo_crdh.seed(
            by=role_users["coordination"], head=role_users["chef"], secretariat=role_users["secretariat_cpdh"]
        )
        == 0
    )
