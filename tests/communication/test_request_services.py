"""Services of the support requests area: creation and its checks (requester, dates), numbering, update, every
transition allowed and refused, and the late rule on dates given by hand."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from communication import request_selectors as selectors
from communication.models import CommunicationRequest
from communication.services import requests as services
from das.workflow import TransitionRefused
from tests.communication.factories import CommunicationRequestFactory
from tests.factories import PartnerFactory
from tests.training.factories import TeamFactory

pytestmark = pytest.mark.django_db
Status = CommunicationRequest.Status


@pytest.fixture
def agent(role_users):
    return role_users["communication"]


@pytest.fixture
def holder():
    return PartnerFactory()


def create(agent, holder, **fields):
    values = {
        "requester_kind": "porteur",
        "holder": holder,
        "kind": "evenement",
        "subject": "Inauguration du centre",
        "request": "Couverture photo et presse de l'inauguration.",
    }
    values.update(fields)
    return services.request_create(by=agent, **values)


def test_create_numbers_by_year_of_reception(agent, holder):
    today = timezone.localdate()
    first = create(agent, holder)
    second = create(agent, holder)
    earlier = create(agent, holder, received_on=datetime.date(today.year - 1, 12, 30))
    assert first.reference == f"DAC-{today.year}-0001"
    assert second.reference == f"DAC-{today.year}-0002"
    assert earlier.reference == f"DAC-{today.year - 1}-0001"
    assert first.status == Status.OPEN and first.received_on == today


def test_create_takes_the_requester_commune_by_default_and_drops_other_requesters(agent, holder):
    team = TeamFactory()
    support = create(agent, holder, requester_kind="equipe", team=team, requester_name="oublié")
    assert support.holder is None and support.requester_name == "" and support.commune_id == team.commune_id
    other = create(agent, holder, requester_kind="autre", requester_name="  Radio Souss  ")
    assert other.holder is None and other.requester_name == "Radio Souss"


@pytest.mark.parametrize(
    ("kind", "field"),
    [("porteur", "holder"), ("equipe", "team"), ("autre", "requester_name")],
)
def test_requester_must_match_its_kind(agent, kind, field):
    with pytest.raises(ValidationError) as caught:
        services.request_create(
            by=agent, requester_kind=kind, kind="supports", subject="Affiches", request="Des affiches."
        )
    assert field in caught.value.message_dict
    assert not CommunicationRequest.objects.exists()


def test_dates_and_texts_are_checked(agent, holder):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        create(agent, holder, received_on=today + datetime.timedelta(days=1), subject=" ", request="")
    assert set(caught.value.message_dict) == {"received_on", "subject", "request"}
    with pytest.raises(ValidationError) as caught:
        create(agent, holder, received_on=today, wanted_by=today - datetime.timedelta(days=1))
    assert "précéder" in caught.value.message_dict["wanted_by"][0]
    assert not CommunicationRequest.objects.exists()


def test_only_the_service_creates_and_updates(role_users, holder):
    for code in ("chef", "auditeur", "formation"):
        with pytest.raises(PermissionDenied):
            create(role_users[code], holder)
    support = create(role_users["communication"], holder)
    with pytest.raises(PermissionDenied):
        services.request_update(support_request=support, by=role_users["chef"], subject="Autre")


def test_update_until_closed(agent, holder):
    support = create(agent, holder)
    updated = services.request_update(support_request=support, by=agent, subject="Inauguration reportée")
    assert updated.subject == "Inauguration reportée" and updated.reference == support.reference
    with pytest.raises(ValidationError) as caught:
        services.request_update(support_request=support, by=agent, requester_kind="equipe")
    assert "team" in caught.value.message_dict
    CommunicationRequest.objects.filter(pk=support.pk).update(status=Status.CLOSED)
    with pytest.raises(TransitionRefused):
        services.request_update(support_request=support, by=agent, subject="Trop tard")


def test_full_lifecycle(agent, holder, role_users):
    support = create(agent, holder)
    support = services.request_take(support_request=support, by=agent)
    assert support.status == Status.IN_PROGRESS and support.assigned_to == agent
    support = services.request_answer(
        support_request=support, by=agent, answer="Photographe et communiqué envoyés.", answered_on=timezone.localdate()
    )
    assert support.status == Status.ANSWERED and support.answered_on == timezone.localdate()
    support = services.request_close(support_request=support, by=agent, closing_note="Porteur satisfait.")
    assert support.status == Status.CLOSED and support.closed_on == timezone.localdate()
    support = services.request_reopen(support_request=support, by=agent, reason="Il faut aussi une banderole.")
    assert support.status == Status.IN_PROGRESS and support.closed_on is None and support.answered_on is None
    assert "Il faut aussi une banderole." in support.request and "Relance du demandeur" in support.request


def test_reopen_from_answered(agent, holder):
    support = CommunicationRequestFactory(status=Status.ANSWERED, answer="Fait", answered_on=datetime.date(2040, 2, 11))
    support = services.request_reopen(support_request=support, by=agent, reason="Complément")
    assert support.status == Status.IN_PROGRESS


@pytest.mark.parametrize(
    ("name", "status", "call"),
    [
        ("take", Status.IN_PROGRESS, lambda s, by: services.request_take(support_request=s, by=by)),
        (
            "answer",
            Status.OPEN,
            lambda s, by: services.request_answer(support_request=s, by=by, answer="x", answered_on=s.received_on),
        ),
        ("close", Status.IN_PROGRESS, lambda s, by: services.request_close(support_request=s, by=by, closing_note="x")),
        ("reopen", Status.OPEN, lambda s, by: services.request_reopen(support_request=s, by=by, reason="x")),
    ],
)
def test_transitions_refused_from_the_wrong_state_and_for_other_roles(role_users, name, status, call):
    support = CommunicationRequestFactory(status=status)
    with pytest.raises(TransitionRefused):
        call(support, role_users["communication"])
    good_state = services.COMMUNICATION_REQUEST_WORKFLOW.by_name[name].sources
    support = CommunicationRequestFactory(status=sorted(good_state)[0])
    for code in ("chef", "auditeur", "secretariat_cpdh"):
        with pytest.raises(PermissionDenied):
            call(support, role_users[code])
    support.refresh_from_db()
    assert support.status in good_state


def test_transition_texts_are_required(agent, role_users):
    received = timezone.localdate() - datetime.timedelta(days=10)
    support = CommunicationRequestFactory(status=Status.IN_PROGRESS, received_on=received)
    with pytest.raises(TransitionRefused) as caught:
        services.request_answer(support_request=support, by=agent, answer="  ", answered_on=support.received_on)
    assert "suite donnée" in " ".join(caught.value.messages)
    with pytest.raises(TransitionRefused):
        services.request_answer(
            support_request=support, by=agent, answer="ok", answered_on=support.received_on - datetime.timedelta(days=1)
        )
    with pytest.raises(TransitionRefused):
        services.request_answer(
            support_request=support,
            by=agent,
            answer="ok",
            answered_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    answered = CommunicationRequestFactory(status=Status.ANSWERED)
    with pytest.raises(TransitionRefused):
        services.request_close(support_request=answered, by=agent, closing_note="")
    with pytest.raises(TransitionRefused):
        services.request_reopen(support_request=answered, by=agent, reason=" ")
    opened = CommunicationRequestFactory()
    inactive = role_users["formation"]
    inactive.is_active = False
    inactive.save()
    with pytest.raises(TransitionRefused):
        services.request_take(support_request=opened, by=agent, assigned_to=inactive)
    support.refresh_from_db()
    answered.refresh_from_db()
    opened.refresh_from_db()
    assert (support.status, answered.status, opened.status) == (Status.IN_PROGRESS, Status.ANSWERED, Status.OPEN)


def test_late_rule_on_given_dates():
    today = datetime.date(2040, 6, 15)
    received = datetime.date(2040, 6, 1)
    cases = {
        "fresh": CommunicationRequestFactory(received_on=received),
        "wanted_passed": CommunicationRequestFactory(received_on=received, wanted_by=datetime.date(2040, 6, 14)),
        "wanted_today": CommunicationRequestFactory(received_on=received, wanted_by=today),
        "old": CommunicationRequestFactory(received_on=datetime.date(2040, 5, 15)),  # 31 days
        "thirty_days": CommunicationRequestFactory(received_on=datetime.date(2040, 5, 16)),
        "old_answered": CommunicationRequestFactory(received_on=datetime.date(2040, 1, 2), status=Status.ANSWERED),
        "old_closed": CommunicationRequestFactory(
            received_on=datetime.date(2040, 1, 2), wanted_by=datetime.date(2040, 1, 3), status=Status.CLOSED
        ),
    }
    # An answered request waits on the requester, not on the division: it is not late.
    expected = {"wanted_passed", "old"}
    annotated = {r.pk: r.is_late for r in selectors.request_list(today)}
    for name, support in cases.items():
        assert selectors.is_late(support, today) is (name in expected), name
        assert annotated[support.pk] is (name in expected), name
    counts = selectors.request_counts(today)
    assert counts == {"not_closed": 6, "open": 5, "late": 2}
