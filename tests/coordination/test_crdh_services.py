"""The CRDH dossier's services: creation for a CRDH meeting, drafts only, requests and their order, the lifecycle
(allowed and refused), and the CRDH's decision kept on the request through the committees app."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from committees.models import Committee
from committees.services import meetings as meeting_services
from coordination.models import CrdhDossier, CrdhRequest
from coordination.services import crdh as services
from das.workflow import TransitionRefused
from tests.committees import builders
from tests.coordination.factories_crdh import crdh_meeting, decide, draft_dossier, sent_dossier
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db
Status = CrdhDossier.Status


@pytest.fixture
def agent(role_users):
    return role_users["coordination"]


@pytest.fixture
def secretariat(role_users):
    return role_users["secretariat_cpdh"]


@pytest.fixture
def head(role_users):
    return role_users["chef"]


def test_create_gives_a_yearly_reference(agent, secretariat):
    first = draft_dossier(agent, secretariat, year=2031)
    second = draft_dossier(agent, secretariat, year=2031)
    other = draft_dossier(agent, secretariat, year=2032)
    assert (first.reference, second.reference, other.reference) == ("CRDH-2031-001", "CRDH-2031-002", "CRDH-2032-001")
    assert first.status == Status.DRAFT and first.prepared_by == agent


def test_create_refused(agent, secretariat, role_users):
    meeting = crdh_meeting(secretariat)
    with pytest.raises(PermissionDenied):
        services.dossier_create(by=role_users["chef"], meeting=meeting, year=2030, title="X")
    with pytest.raises(ValidationError) as error:
        services.dossier_create(by=agent, meeting=meeting, year=1990, title=" ")
    assert set(error.value.message_dict) == {"year", "title"}
    cpdh = builders.committee(secretariat)
    with pytest.raises(ValidationError, match="pas une réunion du CRDH"):
        services.dossier_create(by=agent, meeting=builders.meeting(cpdh, secretariat), year=2030, title="X")
    services.dossier_create(by=agent, meeting=meeting, year=2030, title="X")
    with pytest.raises(ValidationError, match="déjà son dossier"):
        services.dossier_create(by=agent, meeting=meeting, year=2030, title="Y")
    cancelled = crdh_meeting(secretariat)
    meeting_services.meeting_cancel(meeting=cancelled, by=secretariat, reason="Report")
    with pytest.raises(ValidationError, match="Annulée"):
        services.dossier_create(by=agent, meeting=cancelled, year=2030, title="X")
    assert CrdhDossier.objects.count() == 1
    assert cancelled not in services.meeting_choices() and meeting not in services.meeting_choices()


def test_update_only_in_draft(agent, secretariat, head):
    dossier = draft_dossier(agent, secretariat)
    services.dossier_update(dossier=dossier, by=agent, year=2029, title="Nouveau titre", introduction=" Note ")
    dossier.refresh_from_db()
    assert (dossier.year, dossier.title, dossier.introduction) == (2029, "Nouveau titre", "Note")
    services.dossier_validate(dossier=dossier, by=head)
    with pytest.raises(TransitionRefused, match="brouillon"):
        services.dossier_update(dossier=dossier, by=agent, year=2029, title="Autre")
    with pytest.raises(PermissionDenied):
        services.dossier_update(dossier=dossier, by=head, year=2029, title="Autre")


def test_requests_add_edit_move_remove(agent, secretariat, head):
    from tests.factories import PhaseFactory

    programme = ProgrammeFactory(phase=PhaseFactory())
    dossier = draft_dossier(agent, secretariat, requests=3)
    first, second, third = dossier.requests.order_by("position")
    services.request_update(
        request=second,
        by=agent,
        kind="arbitrage",
        subject="Arbitrage",
        justification="Pourquoi",
        amount=None,
        programme=programme,
        projects=[],
    )
    second.refresh_from_db()
    assert (second.kind, second.amount, second.programme) == ("arbitrage", None, programme)
    services.request_move(request=third, by=agent, offset=-1)
    assert list(dossier.requests.order_by("position").values_list("subject", flat=True)) == [
        "Demande 1",
        "Demande 3",
        "Arbitrage",
    ]
    with pytest.raises(TransitionRefused):
        services.request_move(request=first, by=agent, offset=-1)
    services.request_remove(request=first, by=agent)
    assert list(dossier.requests.order_by("position").values_list("position", "subject")) == [
        (1, "Demande 3"),
        (2, "Arbitrage"),
    ]
    with pytest.raises(ValidationError) as error:
        services.request_add(dossier=dossier, by=agent, kind="credits", subject="", justification="", amount=None)
    assert set(error.value.message_dict) == {"subject", "justification", "amount"}
    with pytest.raises(PermissionDenied):
        services.request_add(dossier=dossier, by=head, kind="autre", subject="S", justification="J")
    services.dossier_validate(dossier=dossier, by=head)
    with pytest.raises(TransitionRefused):
        services.request_add(dossier=dossier, by=agent, kind="autre", subject="S", justification="J")
    with pytest.raises(TransitionRefused):
        services.request_remove(request=second, by=agent)
    assert dossier.requests.count() == 2


def test_lifecycle_allowed_and_refused(agent, secretariat, head):
    dossier = draft_dossier(agent, secretariat)  # no request: validating is allowed (the page warns)
    with pytest.raises(PermissionDenied):
        services.dossier_validate(dossier=dossier, by=agent)
    with pytest.raises(TransitionRefused):
        services.dossier_send(dossier=dossier, by=agent)
    dossier = services.dossier_validate(dossier=dossier, by=head)
    assert dossier.status == Status.VALIDATED and dossier.validated_by == head
    with pytest.raises(TransitionRefused, match="motif"):
        services.dossier_reopen(dossier=dossier, by=head, reason=" ")
    with pytest.raises(PermissionDenied):
        services.dossier_reopen(dossier=dossier, by=agent, reason="Non")
    dossier = services.dossier_reopen(dossier=dossier, by=head, reason="Compléter les demandes")
    assert dossier.status == Status.DRAFT and dossier.validated_by is None
    assert dossier.reopen_reason == "Compléter les demandes"
    services.dossier_validate(dossier=dossier, by=head)
    with pytest.raises(PermissionDenied):
        services.dossier_send(dossier=dossier, by=head)
    dossier = services.dossier_send(dossier=dossier, by=agent)
    assert dossier.status == Status.SENT and dossier.sent_by == agent and dossier.sent_at
    with pytest.raises(TransitionRefused, match="motif"):
        services.dossier_withdraw(dossier=dossier, by=agent, reason="")
    with pytest.raises(PermissionDenied):
        services.dossier_withdraw(dossier=dossier, by=head, reason="Erreur")
    dossier = services.dossier_withdraw(dossier=dossier, by=agent, reason="Chiffres à corriger")
    assert dossier.status == Status.DRAFT and dossier.sent_at is None


def test_the_dossier_as_sent_is_kept_in_french_and_arabic(agent, secretariat, head, tmp_path):
    """Its page and files are read live; what the region received is filed when it is sent, each time it is sent."""
    from das.models import Attachment
    from tests.projects.test_call_notice import pdf_text

    dossier = draft_dossier(agent, secretariat, requests=1)
    services.dossier_validate(dossier=dossier, by=head)
    services.dossier_send(dossier=dossier, by=agent)
    copies = list(Attachment.objects.filter(object_id=str(dossier.pk), content_type__model="crdhdossier"))
    assert sorted(copy.original_name[-6:] for copy in copies) == ["ar.pdf", "fr.pdf"]
    french = next(copy for copy in copies if copy.original_name.endswith("fr.pdf"))
    assert french.uploaded_by == agent and "transmis à la région" in french.description
    with french.file.open("rb") as handle:
        text = pdf_text(handle.read(), tmp_path, "sent.pdf")
    assert dossier.reference in text and "PROJET" not in text
    services.dossier_withdraw(dossier=dossier, by=agent, reason="Chiffres à corriger")
    services.dossier_validate(dossier=dossier, by=head)
    services.dossier_send(dossier=dossier, by=agent)
    assert Attachment.objects.filter(object_id=str(dossier.pk), content_type__model="crdhdossier").count() == 4


def test_validate_refused_for_a_cancelled_meeting(agent, secretariat, head):
    dossier = draft_dossier(agent, secretariat)
    meeting_services.meeting_cancel(meeting=dossier.meeting, by=secretariat, reason="Report")
    with pytest.raises(TransitionRefused, match="Annulée"):
        services.dossier_validate(dossier=dossier, by=head)


def test_withdraw_refused_once_on_the_agenda_or_closed(role_users, secretariat, agent):
    dossier = sent_dossier(role_users, requests=1)
    meeting_services.agenda_add_records(
        meeting=dossier.meeting, kind="demande_crdh", records=list(dossier.requests.all()), by=secretariat
    )
    with pytest.raises(TransitionRefused, match="ordre du jour"):
        services.dossier_withdraw(dossier=dossier, by=agent, reason="Erreur")


def test_the_crdh_decision_path(role_users, secretariat, agent):
    """The secretariat puts the requests on the CRDH meeting's agenda and records the decisions, one with an action for
    the coordination service, which marks it done in the committees app."""
    from committees.models import Decision, DecisionAction

    dossier = sent_dossier(role_users, requests=3, meeting=crdh_meeting(secretariat, days=0))
    first, second, third = dossier.requests.order_by("position")
    # A draft's requests are not candidates; nor are those of another CRDH meeting.
    other = draft_dossier(agent, secretariat, requests=1)
    from coordination import agenda

    assert list(agenda.REQUEST.candidates(dossier.meeting)) == [first, second, third]
    assert not agenda.REQUEST.candidates(other.meeting).exists()
    with pytest.raises(ValidationError):
        meeting_services.agenda_add_records(
            meeting=dossier.meeting, kind="demande_crdh", records=list(other.requests.all()), by=secretariat
        )
    decisions = decide(
        secretariat,
        dossier,
        [
            ("approuve_reserves", {"reserves": "Sous réserve de l'étude", "amended_amount": Decimal("80000")}),
            ("rejete", {"reason": "Hors enveloppe régionale"}),
        ],
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.decision == decisions[0] and second.decision == decisions[1]
    assert first.decision.amended_amount == Decimal("80000.00")
    items = {item.object_id: item for item in dossier.meeting.items.all()}
    # An amended amount above the amount asked, or without reserves, is refused before anything is saved.
    with pytest.raises(ValidationError, match="dépasse"):
        meeting_services.decision_record(
            item=items[third.pk],
            by=secretariat,
            outcome="approuve_reserves",
            reserves="R",
            amended_amount=Decimal("999999"),
        )
    with pytest.raises(ValidationError, match="approbation avec réserves"):
        meeting_services.decision_record(
            item=items[third.pk], by=secretariat, outcome="approuve", amended_amount=Decimal("1")
        )
    third.refresh_from_db()
    assert third.decision is None and Decision.objects.filter(item=items[third.pk]).count() == 0
    action = meeting_services.action_add(
        decision=decisions[0],
        by=secretariat,
        description="Transmettre l'étude à la région",
        service=DecisionAction.Service.COORDINATION,
        due_on=dossier.meeting.date + dt.timedelta(days=30),
    )
    with pytest.raises(PermissionDenied):
        meeting_services.action_complete(action=action, by=role_users["communication"], done_on=None, note="x")
    meeting_services.action_complete(action=action, by=agent, done_on=timezone.localdate(), note="Étude transmise")
    action.refresh_from_db()
    assert action.status == DecisionAction.Status.DONE
    # Once decided, the dossier cannot be taken back.
    with pytest.raises(TransitionRefused):
        services.dossier_withdraw(dossier=dossier, by=agent, reason="Erreur")


def test_record_decision_service_refused(role_users, agent):
    dossier = sent_dossier(role_users, requests=1)
    request = dossier.requests.get()
    with pytest.raises(PermissionDenied):
        services.request_record_decision(request=request, decision=object(), by=agent)
    assert CrdhRequest.objects.get(pk=request.pk).decision is None
    assert Committee.objects.filter(kind="crdh").exists()
