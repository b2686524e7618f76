"""The sessions' rules: scheduling only for a plan in execution, days inside the range, invitations, attendance,
transitions allowed and refused, evaluations, report and the attestations' eligibility and numbering."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from das.workflow import TransitionRefused
from tests.training.factories import (
    PersonFactory,
    PlanActionFactory,
    TeamFactory,
    TeamMemberFactory,
    TrainingPlanFactory,
)
from tests.training.matrix_sessions import PAST, action_in_execution, held_session, invite, mark_all_present, schedule
from training import session_selectors as selectors
from training.models import Participant, Presence, TrainingSession
from training.services import sessions as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(role_users):
    return role_users["formation"]


# --- Scheduling ------------------------------------------------------------------------------------------------------


def test_create_numbers_and_generates_days_with_the_module_hours_shared(agent):
    session = schedule(agent, action=action_in_execution(hours=Decimal("12")), days=3)
    assert session.reference == "SF-2026-0001"
    assert [d.date for d in session.days.all()] == [PAST, PAST + datetime.timedelta(1), PAST + datetime.timedelta(2)]
    assert {d.hours for d in session.days.all()} == {Decimal("4.0")}
    assert schedule(agent).reference == "SF-2026-0002"


@pytest.mark.parametrize("status", ["brouillon", "valide", "presente_cpdh", "cloture"])
def test_create_refused_unless_the_plan_is_in_execution(agent, status):
    plan = TrainingPlanFactory(year=2026, status=status)
    action = PlanActionFactory(plan=plan)
    with pytest.raises(TransitionRefused, match="en exécution"):
        schedule(agent, action=action)
    assert not TrainingSession.objects.exists()


def test_create_refused_to_a_reader_and_bad_input_said_per_field(agent, role_users):
    with pytest.raises(PermissionDenied):
        schedule(role_users["chef"])
    action = action_in_execution()
    with pytest.raises(ValidationError) as error:
        services.session_create(
            by=agent, action=action, start_date=PAST, end_date=PAST - datetime.timedelta(1), place="", trainer=""
        )
    assert set(error.value.message_dict) == {"end_date", "place", "trainer"}


def test_an_external_provider_requires_its_body(agent, role_users):
    action = action_in_execution(provider="externe")
    with pytest.raises(ValidationError) as error:
        schedule(agent, action=action)
    assert "provider_partner" in error.value.message_dict


def test_days_added_inside_the_range_only_and_removed_without_presences(agent):
    session = schedule(agent, days=3)
    day = session.days.get(date=PAST + datetime.timedelta(1))
    services.day_remove(by=agent, day=day)
    assert session.days.count() == 2
    with pytest.raises(ValidationError, match="comprise entre"):
        services.day_add(by=agent, session=session, date=PAST + datetime.timedelta(5), hours="6")
    with pytest.raises(ValidationError, match="déjà partie"):
        services.day_add(by=agent, session=session, date=PAST, hours="6")
    with pytest.raises(ValidationError, match="0,5 à 12"):
        services.day_add(by=agent, session=session, date=PAST + datetime.timedelta(1), hours="13")
    added = services.day_add(by=agent, session=session, date=PAST + datetime.timedelta(1), hours="3,5")
    assert added.hours == Decimal("3.5")
    services.day_update(by=agent, day=added, hours="5")
    assert selectors.session_hours(session) == Decimal("13")


def test_a_day_with_presences_is_not_removed_nor_left_out_by_new_dates(agent):
    session = schedule(agent, days=3)
    participant = invite(agent, session, 1)[0]
    last = session.days.order_by("date").last()
    mark_all_present(agent, session, days=[last])
    with pytest.raises(TransitionRefused):
        services.day_remove(by=agent, day=last)
    with pytest.raises(ValidationError, match="Des présences"):
        services.session_update(
            by=agent, session=session, start_date=PAST, end_date=PAST + datetime.timedelta(1), place="X", trainer="Y"
        )
    # Without touching the attended day, the range may shrink from the start and grow at the end.
    updated = services.session_update(
        by=agent,
        session=session,
        start_date=PAST + datetime.timedelta(1),
        end_date=PAST + datetime.timedelta(3),
        place="Aourir",
        trainer="Y",
    )
    assert [d.date for d in updated.days.all()] == [PAST + datetime.timedelta(n) for n in (1, 2, 3)]
    assert participant.presences.count() == 1


# --- Invitations -----------------------------------------------------------------------------------------------------


def test_invite_warns_outside_the_target_group_and_refuses_duplicates(agent):
    session = schedule(agent)
    _participant, warning = services.participant_invite(by=agent, session=session, person=PersonFactory())
    assert warning == ""
    other = PersonFactory(actor_type="association")
    _participant, warning = services.participant_invite(by=agent, session=session, person=other)
    assert "Association" in warning
    with pytest.raises(ValidationError, match="déjà invité"):
        services.participant_invite(by=agent, session=session, person=other)


def test_invite_refused_to_a_cancelled_or_closed_session(agent):
    session = schedule(agent)
    services.session_cancel(session=session, by=agent, reason="Formateur indisponible")
    with pytest.raises(TransitionRefused, match="Annulée"):
        services.participant_invite(by=agent, session=session, person=PersonFactory())


def test_team_invite_takes_the_active_members_once(agent):
    session = schedule(agent)
    team = TeamFactory()
    members = [TeamMemberFactory(team=team) for _ in range(3)]
    TeamMemberFactory(team=team, left_on=datetime.date(2025, 6, 1))
    services.participant_invite(by=agent, session=session, person=members[0].person)
    result = services.team_invite(by=agent, session=session, team=team)
    assert (len(result.invited), result.already) == (2, 1)
    assert session.participants.count() == 3


def test_an_invitation_is_withdrawn_only_without_presence(agent):
    session = schedule(agent)
    first, second = invite(agent, session, 2)
    mark_all_present(agent, session, participants=[first])
    with pytest.raises(TransitionRefused, match="présences"):
        services.participant_remove(by=agent, participant=first)
    services.participant_remove(by=agent, participant=second)
    assert list(session.participants.all()) == [first]


# --- Attendance ------------------------------------------------------------------------------------------------------


def test_attendance_saves_ticks_and_unticks_and_refuses_a_stale_grid(agent):
    session = schedule(agent)
    participants = invite(agent, session, 2)
    page = selectors.session_page(session)
    day = page.days[0]
    counts = services.attendance_save(
        by=agent, session=session, present={(participants[0].pk, day.pk)}, expected_stamp=page.stamp
    )
    assert (counts.added, counts.removed) == (1, 0)
    with pytest.raises(TransitionRefused, match="quelqu'un d'autre"):
        services.attendance_save(by=agent, session=session, present=set(), expected_stamp=page.stamp)
    fresh = selectors.session_page(session)
    counts = services.attendance_save(
        by=agent, session=session, present={(participants[1].pk, day.pk)}, expected_stamp=fresh.stamp
    )
    assert (counts.added, counts.removed) == (1, 1)
    assert list(Presence.objects.values_list("participant_id", flat=True)) == [participants[1].pk]


def test_attendance_refused_for_a_future_day_and_a_closed_session(agent):
    session = schedule(agent, start=datetime.date.today() + datetime.timedelta(days=10))
    participant = invite(agent, session, 1)[0]
    page = selectors.session_page(session)
    with pytest.raises(ValidationError, match="pas encore eu lieu"):
        services.attendance_save(
            by=agent, session=session, present={(participant.pk, page.days[0].pk)}, expected_stamp=page.stamp
        )
    assert not Presence.objects.exists()
    closed, _participants = held_session(agent)
    services.report_save(by=agent, session=closed, trainer_report="Bien.", actual_cost=Decimal("1000"))
    closed = services.session_close(session=closed, by=agent)
    page = selectors.session_page(closed)
    with pytest.raises(TransitionRefused, match="Clôturée"):
        services.attendance_save(by=agent, session=closed, present=set(), expected_stamp=page.stamp)


# --- Transitions -----------------------------------------------------------------------------------------------------


def test_hold_needs_a_presence_and_close_needs_report_and_cost(agent, role_users):
    session = schedule(agent)
    invite(agent, session, 1)
    with pytest.raises(TransitionRefused, match="Aucune présence"):
        services.session_hold(session=session, by=agent)
    mark_all_present(agent, session)
    with pytest.raises(PermissionDenied):
        services.session_hold(session=session, by=role_users["chef"])
    session = services.session_hold(session=session, by=agent)
    assert session.status == "tenue"
    with pytest.raises(TransitionRefused) as refused:
        services.session_close(session=session, by=agent)
    assert len(refused.value.messages) == 2
    services.report_save(by=agent, session=session, trainer_report="Bon déroulement.", actual_cost=Decimal("0"))
    assert services.session_close(session=session, by=agent).status == "cloturee"
    with pytest.raises(TransitionRefused):
        services.report_save(by=agent, session=session, trainer_report="", actual_cost=None)


def test_cancel_needs_a_reason_and_no_presence(agent):
    session = schedule(agent)
    invite(agent, session, 1)
    with pytest.raises(TransitionRefused, match="motif"):
        services.session_cancel(session=session, by=agent, reason=" ")
    mark_all_present(agent, session)
    with pytest.raises(TransitionRefused, match="Des présences"):
        services.session_cancel(session=session, by=agent, reason="Intempéries")
    other = schedule(agent)
    cancelled = services.session_cancel(session=other, by=agent, reason="Intempéries")
    assert (cancelled.status, cancelled.cancel_reason) == ("annulee", "Intempéries")
    with pytest.raises(TransitionRefused, match="Impossible"):
        services.session_hold(session=cancelled, by=agent)


# --- Evaluations -----------------------------------------------------------------------------------------------------

SCORES = {"content": 4, "trainer": 5, "organisation": 3, "materials": 4, "usefulness": 5}


def test_evaluations_once_per_participant_after_the_session_and_averaged(agent):
    session = schedule(agent)
    first, absent = invite(agent, session, 2)
    with pytest.raises(TransitionRefused):
        services.evaluation_add(by=agent, session=session, participant=None, scores=SCORES)
    mark_all_present(agent, session, participants=[first])
    session = services.session_hold(session=session, by=agent)
    services.evaluation_add(by=agent, session=session, participant=first, scores=SCORES, comment="Très utile")
    with pytest.raises(ValidationError, match="déjà rempli"):
        services.evaluation_add(by=agent, session=session, participant=first, scores=SCORES)
    with pytest.raises(ValidationError, match="aucun jour"):
        services.evaluation_add(by=agent, session=session, participant=absent, scores=SCORES)
    with pytest.raises(ValidationError):
        services.evaluation_add(by=agent, session=session, participant=None, scores={**SCORES, "content": 6})
    services.evaluation_add(by=agent, session=session, participant=None, scores={**SCORES, "content": 2})
    summary = selectors.evaluation_summary(session)
    assert summary.count == 2
    assert dict(summary.averages)["content"] == Decimal("3.0")
    assert summary.comments == ["Très utile"]


# --- Attestations ----------------------------------------------------------------------------------------------------


def test_attestation_only_for_a_participant_present_every_day_of_a_held_session(agent):
    session = schedule(agent, days=2)
    every_day, one_day = invite(agent, session, 2)
    mark_all_present(agent, session, participants=[every_day])
    with pytest.raises(TransitionRefused, match="pas été tenue"):
        services.certificate_issue(by=agent, participant=every_day)
    page = selectors.session_page(session)
    services.attendance_save(
        by=agent,
        session=session,
        present={(every_day.pk, d.pk) for d in page.days} | {(one_day.pk, page.days[0].pk)},
        expected_stamp=page.stamp,
    )
    session = services.session_hold(session=session, by=agent)
    with pytest.raises(TransitionRefused, match="tous les jours"):
        services.certificate_issue(by=agent, participant=one_day)
    issued = services.certificate_issue(by=agent, participant=every_day)
    assert issued.certificate_number == "ATT-2026-0001"
    first_issue = issued.certificate_issued_at
    again = services.certificate_issue(by=agent, participant=every_day)
    assert (again.certificate_number, again.certificate_issued_at) == ("ATT-2026-0001", first_issue)
    assert services.certificates_issue_all(by=agent, session=session) == []


def test_issue_all_numbers_every_eligible_participant_in_sequence(agent):
    session, participants = held_session(agent, count=3)
    issued = services.certificates_issue_all(by=agent, session=session)
    assert sorted(p.certificate_number for p in issued) == ["ATT-2026-0001", "ATT-2026-0002", "ATT-2026-0003"]


@pytest.mark.django_db(transaction=True)
def test_two_attestations_issued_in_parallel_get_different_numbers(role_users):
    agent = role_users["formation"]
    session, participants = held_session(agent, count=2)
    barrier = threading.Barrier(2)
    errors = []

    def issue(participant):
        try:
            barrier.wait(timeout=10)
            services.certificate_issue(by=agent, participant=participant)
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(p,)) for p in participants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Participant.objects.values_list("certificate_number", flat=True))
    assert numbers == ["ATT-2026-0001", "ATT-2026-0002"]


def test_the_signed_sheet_is_a_pdf_or_an_image(agent):
    from django.core.files.uploadedfile import SimpleUploadedFile

    session = schedule(agent)
    pdf = SimpleUploadedFile("feuille.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    attachment = services.signed_sheet_add(by=agent, session=session, uploaded=pdf)
    assert attachment.description == "Feuille de présence signée"
    docx = SimpleUploadedFile("feuille.txt", b"just some text")
    with pytest.raises(ValidationError, match="PDF ou une image"):
        services.signed_sheet_add(by=agent, session=session, uploaded=docx)
