"""Two agents recording payments at once, each on their own connection: together they would exceed the INDH
contribution, so exactly one succeeds and the other is refused with the amount left to pay."""

import threading
from decimal import Decimal

import pytest
from django.utils import timezone

from das.workflow import TransitionRefused
from projects.models import Convention, Payment
from projects.services import conventions as convention_services
from projects.services import tranches as services
from projects.services.tranches import TrancheLine
from tests.committees.test_concurrency import WAIT, run_in_threads
from tests.committees.test_meeting_services import approved_project
from tests.projects.test_convention_services import at
from tests.projects.test_tranches import RIB

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def released(role_users):
    """An executing convention (INDH 300 000) in one tranche, released."""
    project = approved_project(role_users)
    draft = convention_services.convention_create(project=project, by=role_users["suivi_evaluation"])
    convention = at(draft, Convention.Status.EXECUTING, role_users)
    services.tranche_schedule_set(
        convention=convention, by=role_users["suivi_evaluation"], lines=[TrancheLine(Decimal("300000"))]
    )
    return services.tranche_release(tranche=convention.tranches.get(), by=role_users["chef"])


def test_two_payments_that_together_exceed_the_indh_contribution_one_succeeds(released, role_users):
    agent = role_users["suivi_evaluation"]
    barrier = threading.Barrier(2, timeout=WAIT)

    def record(ref):
        def target():
            barrier.wait()
            return services.payment_record(
                tranche=released,
                by=agent,
                paid_on=timezone.localdate(),
                amount=Decimal("200000"),
                payment_order=ref,
                rib=RIB,
            )

        return target

    results = run_in_threads(record("OP-A"), record("OP-B"))
    assert sum(isinstance(r, Payment) for r in results) == 1, results
    refused = [r for r in results if isinstance(r, TransitionRefused)]
    assert len(refused) == 1 and "au-delà de la contribution INDH" in str(refused[0]), results
    assert Payment.objects.count() == 1
    assert services.paid_total(released.convention) == Decimal("200000")


def test_two_payments_within_the_contribution_both_succeed(released, role_users):
    agent = role_users["suivi_evaluation"]
    barrier = threading.Barrier(2, timeout=WAIT)

    def record(ref):
        def target():
            barrier.wait()
            return services.payment_record(
                tranche=released,
                by=agent,
                paid_on=timezone.localdate(),
                amount=Decimal("150000"),
                payment_order=ref,
                rib=RIB,
            )

        return target

    results = run_in_threads(record("OP-A"), record("OP-B"))
    assert all(isinstance(r, Payment) for r in results), results
    assert services.paid_total(released.convention) == Decimal("300000")
