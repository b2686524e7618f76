"""Every transition of a call, allowed and refused; amendments; duplication."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from das.models import Partner
from das.selectors import history_of
from das.workflow import TransitionRefused
from projects.models import CallAmendment, CallForProjects
from projects.services import calls as services
from tests.factories import CommuneFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
Status = CallForProjects.Status


def draft_call(by, *, weights=(60, 40), documents=True, **fields):
    programme = ProgrammeFactory()
    opens = timezone.make_aware(dt.datetime(2026, 3, 1, 9, 0))
    call = CallForProjects(
        phase=programme.phase,
        programme=programme,
        year=2026,
        title_fr="Appel à projets P3 2026",
        envelope=Decimal("5000000"),
        min_amount=Decimal("50000"),
        max_amount=Decimal("1000000"),
        max_indh_share=Decimal("70"),
        eligible_holder_types=[Partner.Kind.ASSOCIATION, Partner.Kind.COOPERATIVE],
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=30),
        **fields,
    )
    services.call_save(call=call, by=by, communes=[CommuneFactory()])
    services.call_set_items(
        call=call,
        by=by,
        documents=[("Demande signée", "طلب موقع", True), ("Statuts", "القانون الأساسي", True)] if documents else [],
        eligibility=[("Porteur légalement constitué", "")],
        selection=[(f"Critère {i}", "", w) for i, w in enumerate(weights)],
    )
    return call


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


def test_the_whole_lifecycle(agent):
    call = draft_call(agent)
    assert services.call_publish(call=call, by=agent).status == Status.PUBLISHED
    assert services.call_close(call=call, by=agent).status == Status.CLOSED
    assert services.call_mark_evaluated(call=call, by=agent).status == Status.EVALUATED
    assert services.call_archive(call=call, by=agent).status == Status.ARCHIVED
    states = [e.pgh_data["status"] for e in reversed(list(history_of(call)))]
    assert states == ["brouillon", "publie", "cloture", "evalue", "archive"]
    assert {e.pgh_context["username"] for e in history_of(call)} == {agent.username}


@pytest.mark.parametrize(
    ("weights", "documents", "expected"),
    [((60, 30), True, "totalisent 90"), ((), True, "au moins un critère"), ((100,), False, "pièces exigées")],
)
def test_publishing_is_refused_with_its_reason(agent, weights, documents, expected):
    call = draft_call(agent, weights=weights, documents=documents)
    with pytest.raises(TransitionRefused, match=expected):
        services.call_publish(call=call, by=agent)
    call.refresh_from_db()
    assert call.status == Status.DRAFT


@pytest.mark.parametrize(
    ("transition", "state"),
    [
        ("call_close", Status.DRAFT),
        ("call_mark_evaluated", Status.PUBLISHED),
        ("call_archive", Status.CLOSED),
        ("call_publish", Status.PUBLISHED),
    ],
)
def test_a_transition_from_the_wrong_state_says_so(agent, transition, state):
    call = draft_call(agent)
    CallForProjects.objects.filter(pk=call.pk).update(status=state)
    call.refresh_from_db()
    with pytest.raises(TransitionRefused, match="Impossible depuis l'état"):
        getattr(services, transition)(call=call, by=agent)


@pytest.mark.parametrize("role", ["chef", "auditeur", "dbm", "administrateur"])
def test_only_the_monitoring_service_runs_the_transitions(agent, role_users, role):
    call = draft_call(agent)
    with pytest.raises(PermissionDenied):
        services.call_publish(call=call, by=role_users[role])
    with pytest.raises(PermissionDenied):
        services.call_save(call=call, by=role_users[role])


def test_cancelling_needs_a_reason_and_is_possible_until_evaluation(agent):
    call = draft_call(agent)
    services.call_publish(call=call, by=agent)
    with pytest.raises(TransitionRefused, match="motif"):
        services.call_cancel(call=call, by=agent, reason="  ")
    cancelled = services.call_cancel(call=call, by=agent, reason="Enveloppe réaffectée par le CPDH")
    assert cancelled.status == Status.CANCELLED
    assert cancelled.cancel_reason == "Enveloppe réaffectée par le CPDH"
    evaluated = draft_call(agent)
    CallForProjects.objects.filter(pk=evaluated.pk).update(status=Status.EVALUATED)
    with pytest.raises(TransitionRefused):
        services.call_cancel(call=evaluated, by=agent, reason="trop tard")


def test_a_published_call_changes_only_through_an_amendment(agent):
    call = draft_call(agent)
    services.call_publish(call=call, by=agent)
    call.closes_at += dt.timedelta(days=10)
    with pytest.raises(TransitionRefused, match="avenant"):
        services.call_save(call=call, by=agent)
    with pytest.raises(TransitionRefused):
        services.call_set_items(call=call, by=agent, selection=[("Nouveau", "", 100)])
    call.refresh_from_db()
    new_closing = call.closes_at + dt.timedelta(days=10)
    with pytest.raises(ValidationError):
        services.call_amend(call=call, by=agent, reason="", changes={"closes_at": new_closing})
    with pytest.raises(ValidationError, match="ne se modifient pas"):
        services.call_amend(call=call, by=agent, reason="x", changes={"programme": None})
    amendment = services.call_amend(
        call=call, by=agent, reason="Prolongation demandée par les associations", changes={"closes_at": new_closing}
    )
    call.refresh_from_db()
    assert call.closes_at == new_closing
    assert list(amendment.changes) == ["closes_at"]
    assert CallAmendment.objects.filter(call=call).count() == 1
    with pytest.raises(ValidationError, match="ne change rien"):
        services.call_amend(call=call, by=agent, reason="rien", changes={"closes_at": new_closing})


def test_an_amendment_cannot_break_the_calls_rules(agent):
    call = draft_call(agent)
    services.call_publish(call=call, by=agent)
    with pytest.raises(ValidationError):
        services.call_amend(call=call, by=agent, reason="erreur", changes={"closes_at": call.opens_at})
    call.refresh_from_db()
    assert call.closes_at > call.opens_at
    assert not CallAmendment.objects.exists()


def test_amounts_and_dates_rules_hold_when_saving(agent):
    with pytest.raises(ValidationError):
        draft_call(agent, reference_pattern="AAP-{annee}")
    programme = ProgrammeFactory()
    call = CallForProjects(
        phase=programme.phase,
        programme=programme,
        year=2026,
        title_fr="Mauvais montants",
        envelope=Decimal("100000"),
        min_amount=Decimal("200000"),
        max_amount=Decimal("150000"),
        max_indh_share=Decimal("70"),
        eligible_holder_types=["association"],
        opens_at=timezone.now(),
        closes_at=timezone.now() + dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        services.call_save(call=call, by=agent)


def test_duplicating_prepares_next_years_draft(agent):
    call = draft_call(agent)
    services.call_publish(call=call, by=agent)
    copy = services.call_duplicate(call=call, by=agent)
    assert copy.status == Status.DRAFT
    assert copy.year == 2027
    assert copy.opens_at.year == 2027 and copy.closes_at - copy.opens_at == call.closes_at - call.opens_at
    assert [d.label_fr for d in copy.documents.all()] == [d.label_fr for d in call.documents.all()]
    assert services.selection_weight_total(copy) == Decimal("100")
    assert list(copy.communes.all()) == list(call.communes.all())
    assert copy.duplicated_from == call
