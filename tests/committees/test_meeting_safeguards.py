"""What keeps a meeting's record true once it is held: the quorum as established, no second convocation after the
fact, the agenda's numbering once decided; who reports on an action; and inputs that must not break a page."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from committees.models import Committee, DecisionAction
from committees.services import feedback as feedback_services
from committees.services import meetings as services
from committees.services.committees import committee_save
from das.workflow import TransitionRefused
from tests.committees import builders
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(role_users):
    return role_users["secretariat_cpdh"]


def text_meeting(secretariat, *, members=6, titles=("Rapport", "Divers"), **committee_fields):
    cpdh = builders.committee(secretariat, **committee_fields)
    builders.members(cpdh, secretariat, count=members, women=2, youth=1)
    meeting = builders.meeting(cpdh, secretariat)
    items = [services.agenda_add_text(meeting=meeting, by=secretariat, title=title) for title in titles]
    services.meeting_convene(meeting=meeting, by=secretariat)
    meeting.refresh_from_db()
    return meeting, items


def test_a_closed_meeting_keeps_the_quorum_it_was_held_with(secretariat):
    meeting, items = text_meeting(secretariat)
    builders.all_present(meeting, secretariat)
    for item in items:
        services.decision_record(item=item, by=secretariat, outcome="approuve")
    services.meeting_close(meeting=meeting, by=secretariat)
    # The committee's rules and membership change afterwards…
    committee = Committee.objects.get(pk=meeting.committee_id)
    committee.quorum_percent = 90
    committee_save(committee=committee, by=secretariat)
    builders.members(committee, secretariat, count=10, women=3, youth=2)
    # …the meeting still says what it was held with.
    meeting.refresh_from_db()
    quorum = services.meeting_quorum(meeting)
    assert (quorum.voting_members, quorum.required, quorum.counted, quorum.reached) == (6, 4, 6, True)


def test_a_meeting_without_quorum_is_not_turned_into_a_second_convocation(secretariat):
    meeting, (item, _other) = text_meeting(secretariat)
    entries = dict.fromkeys(services.sitting_members(meeting), ("absent", ""))
    services.attendance_record(meeting=meeting, by=secretariat, entries=entries)
    with pytest.raises(TransitionRefused, match="nouvelle réunion"):
        services.meeting_update(meeting=meeting, by=secretariat, is_second_convocation=True)
    with pytest.raises(TransitionRefused, match="Quorum non atteint"):
        services.decision_record(item=item, by=secretariat, outcome="approuve")


def test_a_quorum_of_all_members_plus_one_is_refused_and_never_above_the_members():
    committee = Committee(kind=Committee.Kind.CRDH, name="CRDH", quorum_percent=100, quorum_plus_one=True)
    with pytest.raises(ValidationError) as error:
        committee.full_clean()
    assert "quorum_plus_one" in error.value.message_dict
    committee.quorum_percent = 99
    assert services.required_quorum(committee, 5) == 5


def test_decided_points_keep_their_numbers(secretariat):
    meeting, _items = text_meeting(secretariat, titles=("Un", "Deux", "Trois"))
    items = list(meeting.items.order_by("position"))
    builders.all_present(meeting, secretariat)
    services.decision_record(item=items[1], by=secretariat, outcome="approuve")
    with pytest.raises(TransitionRefused, match="ordre des points"):
        services.agenda_move(item=items[2], by=secretariat, offset=-1)
    with pytest.raises(TransitionRefused, match="numérotation"):
        services.agenda_remove(item=items[0], by=secretariat)
    # The last, undecided point may still be withdrawn: nothing after it moves.
    services.agenda_remove(item=items[2], by=secretariat)
    assert list(meeting.items.order_by("position").values_list("position", "title")) == [(1, "Un"), (2, "Deux")]


def test_an_action_is_reported_on_by_its_service_or_by_those_who_follow_them_all(secretariat, role_users):
    meeting, (item, _other) = text_meeting(secretariat)
    builders.all_present(meeting, secretariat)
    decision = services.decision_record(item=item, by=secretariat, outcome="approuve")
    action = services.action_add(
        decision=decision, by=secretariat, description="Former l'EAQ", service="formation", due_on=meeting.date
    )
    today = timezone.localdate()
    with pytest.raises(PermissionDenied, match="Formation"):
        services.action_complete(action=action, by=role_users["communication"], done_on=today, note="Fait")
    services.action_complete(action=action, by=role_users["formation"], done_on=today, note="Session tenue")
    services.action_reopen(action=action, by=role_users["chef"], reason="Attestations manquantes")
    assert DecisionAction.objects.get(pk=action.pk).status == DecisionAction.Status.OPEN


def test_the_action_pages_refuse_another_service_and_ignore_a_bare_next(client_as, secretariat, role_users):
    meeting, (item, _other) = text_meeting(secretariat)
    builders.all_present(meeting, secretariat)
    decision = services.decision_record(item=item, by=secretariat, outcome="approuve")
    action = services.action_add(
        decision=decision, by=secretariat, description="Former l'EAQ", service="formation", due_on=meeting.date
    )
    url = reverse("committees:action_complete", args=[action.pk])
    assert client_as(role_users["communication"]).get(url).status_code == 403
    list_page = client_as(role_users["communication"]).get(reverse("committees:action_list")).content.decode()
    assert url not in list_page
    response = client_as(role_users["formation"]).post(
        url + "?next=abc", {"done_on": timezone.localdate().isoformat(), "done_note": "Fait", "next": "25:61"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("committees:action_list")


def test_odd_digits_in_ids_do_not_break_pages(client_as, secretariat):
    meeting = builders.meeting(builders.committee(secretariat), secretariat)
    client = client_as(secretariat)
    assert client.get(reverse("committees:meeting_create") + "?committee=²").status_code == 200
    response = client.post(
        reverse("committees:agenda_add", args=[meeting.pk]), {"action": "records", "kind": "dossier", "records": "²"}
    )
    assert response.status_code in (200, 302)


def test_a_remontee_edited_without_due_date_gets_the_usual_delay(secretariat, settings):
    received = timezone.localdate() - dt.timedelta(days=3)
    feedback = feedback_services.feedback_register(
        by=secretariat,
        kind="plainte",
        source="beneficiaire",
        commune=CommuneFactory(),
        received_on=received,
        channel="courrier",
        subject="Retard",
        content="Travaux arrêtés.",
    )
    updated = feedback_services.feedback_update(feedback=feedback, by=secretariat, answer_due_on=None)
    assert updated.answer_due_on == received + dt.timedelta(days=settings.DAS_FEEDBACK_ANSWER_DAYS)


def test_attendance_waits_for_the_meetings_day(secretariat, client_as):
    cpdh = builders.committee(secretariat)
    builders.members(cpdh, secretariat, count=3, women=1, youth=1)
    meeting = builders.meeting(cpdh, secretariat, date=timezone.localdate() + dt.timedelta(days=5))
    services.agenda_add_text(meeting=meeting, by=secretariat, title="Rapport")
    services.meeting_convene(meeting=meeting, by=secretariat)
    with pytest.raises(TransitionRefused, match="pas encore eu lieu"):
        builders.all_present(meeting, secretariat)
    page = client_as(secretariat).get(meeting.get_absolute_url()).content.decode()
    assert reverse("committees:attendance", args=[meeting.pk]) not in page
