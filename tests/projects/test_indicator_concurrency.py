"""Two people creating the same catalogue code at once, each on their own connection: both pass the service's
check before either row exists; the database's unique index lets one in and the other is told, on the code field."""

import threading

import pytest
from django.core.exceptions import ValidationError

from projects.models import Indicator
from projects.services import indicators
from tests.committees.test_concurrency import WAIT, run_in_threads

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_creations_of_the_same_code_one_succeeds_the_other_is_told_on_the_field(role_users, monkeypatch):
    barrier = threading.Barrier(2, timeout=WAIT)
    save = Indicator.save

    def save_after_both_checked(self, *args, **kwargs):
        barrier.wait()  # both services have checked the code: neither sees the other's row
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Indicator, "save", save_after_both_checked)

    def create(user, code):
        return lambda: indicators.indicator_save(by=user, code=code, name="Élèves scolarisés", unit="élèves")

    results = run_in_threads(create(role_users["chef"], "ELV"), create(role_users["suivi_evaluation"], "elv"))
    assert sum(isinstance(r, Indicator) for r in results) == 1, results
    (refused,) = [r for r in results if isinstance(r, ValidationError)]
    assert refused.message_dict == {"code": ["Un indicateur porte déjà le code « ELV »."]}
    assert list(Indicator.objects.values_list("code", flat=True)) == ["ELV"]
