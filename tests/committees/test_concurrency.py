"""Two people acting on the same record at once, each on their own database connection: one wins, the other is
refused with its reason, and the dossier's project exists once."""

import threading
import time

import pytest
from django.db import connections
from django.utils import timezone

from committees.models import AgendaItem, Decision
from committees.services import meetings as services
from das.workflow import TransitionRefused
from projects.models import Dossier, Project
from tests.committees import builders

pytestmark = pytest.mark.django_db(transaction=True)
WAIT = 10


def run_in_threads(*targets):
    """Run each target on its own thread (hence its own connection); return what each returned or raised."""
    results = [None] * len(targets)

    def runner(index, target):
        try:
            results[index] = target()
        except Exception as exc:  # noqa: BLE001 - the refusal is the result under test
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=3 * WAIT)
    assert not any(thread.is_alive() for thread in threads), "a writer is still blocked"
    return results


@pytest.fixture
def convened(role_users):
    secretariat = role_users["secretariat_cpdh"]
    meeting, items, dossiers = builders.convened_with_dossiers(
        secretariat, role_users["suivi_evaluation"], role_users["chef"], 1
    )
    builders.all_present(meeting, secretariat)
    return secretariat, items[0], dossiers[0]


def test_two_secretaries_recording_the_same_point_make_one_project(convened, monkeypatch):
    """The first holds the meeting while carrying its decision out; the second waits, then is refused."""
    from projects.services import projects as project_services

    secretariat, item, dossier = convened
    first_inside, second_started = threading.Event(), threading.Event()
    approve = project_services.dossier_cpdh_approve

    def slow_approve(**kwargs):
        first_inside.set()
        second_started.wait(timeout=WAIT)
        time.sleep(0.5)  # the second writer is now waiting on the meeting's lock
        return approve(**kwargs)

    monkeypatch.setattr(project_services, "dossier_cpdh_approve", slow_approve)

    def first():
        return services.decision_record(item=item, by=secretariat, outcome=Decision.Outcome.APPROVED)

    def second():
        first_inside.wait(timeout=WAIT)
        second_started.set()
        return services.decision_record(item=item, by=secretariat, outcome=Decision.Outcome.APPROVED)

    won, lost = run_in_threads(first, second)
    assert isinstance(won, Decision), won
    assert isinstance(lost, TransitionRefused) and "déjà enregistrée" in str(lost)
    assert Decision.objects.filter(item=item).count() == 1
    assert Project.objects.filter(dossier=dossier).count() == 1
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.VALIDATED


def test_simultaneous_decisions_on_the_same_point(convened):
    """Both start together (no choreography): whatever the order, one decision and one project."""
    secretariat, item, dossier = convened
    barrier = threading.Barrier(2, timeout=WAIT)

    def record():
        barrier.wait()
        return services.decision_record(item=item, by=secretariat, outcome=Decision.Outcome.APPROVED)

    results = run_in_threads(record, record)
    assert sum(isinstance(r, Decision) for r in results) == 1, results
    assert sum(isinstance(r, TransitionRefused) for r in results) == 1, results
    assert Project.objects.filter(dossier=dossier).count() == 1


def test_the_dossier_service_approves_once_even_called_twice_at_once(convened):
    """Below the meeting's lock, the dossier's own lock and state keep a single project."""
    from projects.services.projects import dossier_cpdh_approve

    secretariat, _item, dossier = convened
    barrier = threading.Barrier(2, timeout=WAIT)

    def approve():
        barrier.wait()
        return dossier_cpdh_approve(dossier=dossier, by=secretariat, decided_on=timezone.localdate())

    results = run_in_threads(approve, approve)
    assert sum(isinstance(r, Project) for r in results) == 1, results
    assert sum(isinstance(r, TransitionRefused) for r in results) == 1, results
    assert Project.objects.filter(dossier=dossier).count() == 1


def test_two_agendas_cannot_take_the_same_dossier_at_once(role_users):
    secretariat = role_users["secretariat_cpdh"]
    cpdh = builders.committee(secretariat)
    dossier = builders.preselected_dossiers(role_users["suivi_evaluation"], role_users["chef"], 1)[0]
    meetings = [builders.meeting(cpdh, secretariat) for _ in range(2)]
    barrier = threading.Barrier(2, timeout=WAIT)

    def add(meeting):
        def target():
            barrier.wait()
            return services.agenda_add_records(meeting=meeting, kind="dossier", records=[dossier], by=secretariat)

        return target

    results = run_in_threads(*(add(meeting) for meeting in meetings))
    assert sum(isinstance(r, list) for r in results) == 1, results
    assert sum(isinstance(r, TransitionRefused) for r in results) == 1, results
    assert AgendaItem.objects.filter(kind="dossier", object_id=dossier.pk).count() == 1


def test_project_codes_stay_unique_when_two_meetings_decide_at_once(role_users):
    secretariat = role_users["secretariat_cpdh"]
    dossiers = builders.preselected_dossiers(role_users["suivi_evaluation"], role_users["chef"], 2)
    cpdh = builders.committee(secretariat)
    builders.members(cpdh, secretariat)
    items = []
    for dossier in dossiers:
        meeting = builders.meeting(cpdh, secretariat)
        items += services.agenda_add_records(meeting=meeting, kind="dossier", records=[dossier], by=secretariat)
        services.meeting_convene(meeting=meeting, by=secretariat)
        meeting.refresh_from_db()
        builders.all_present(meeting, secretariat)
    barrier = threading.Barrier(2, timeout=WAIT)

    def decide(item):
        def target():
            barrier.wait()
            return services.decision_record(item=item, by=secretariat, outcome=Decision.Outcome.APPROVED)

        return target

    results = run_in_threads(*(decide(item) for item in items))
    assert all(isinstance(r, Decision) for r in results), results
    year = timezone.localdate().year
    assert sorted(Project.objects.values_list("code", flat=True)) == [f"PRJ-{year}-0001", f"PRJ-{year}-0002"]
