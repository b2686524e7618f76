"""The CPDH decides on the yearly training plan through its meeting's agenda (kind « plan_formation »,
training/agenda.py): which plans wait for it, what its decision does to the plan, its section of the dossier de
séance, and the decision shown on the plan's page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees import agenda
from committees.documents import session_context
from committees.models import Committee
from committees.services import meetings as meeting_services
from das.workflow import TransitionRefused
from tests.committees import builders
from tests.factories import CommuneFactory
from training.models import TrainingPlan
from training.services import plans as services

pytestmark = pytest.mark.django_db
Status = TrainingPlan.Status
YEAR = 2040


def cpdh_meeting(secretariat):
    """A meeting of a CPDH of its own (the matrix builds its plans beside other areas' meetings)."""
    cpdh = builders.committee(secretariat)
    builders.members(cpdh, secretariat)
    return builders.meeting(cpdh, secretariat)


def decided(secretariat, plan, outcome, close=True, **fields):
    """The plan put on a convened CPDH meeting, everyone present, the decision recorded, the meeting closed."""
    if outcome in ("rejete", "ajourne"):
        fields.setdefault("reason", "Le coût des actions externes est à revoir.")
    if outcome == "approuve_reserves":
        fields.setdefault("reserves", "Réserver 30 % des places aux femmes.")
    meeting = cpdh_meeting(secretariat)
    (item,) = meeting_services.agenda_add_records(
        meeting=meeting, kind="plan_formation", records=[plan], by=secretariat
    )
    meeting_services.meeting_convene(meeting=meeting, by=secretariat)
    meeting.refresh_from_db()
    builders.all_present(meeting, secretariat)
    meeting.refresh_from_db()
    decision = meeting_services.decision_record(item=item, by=secretariat, outcome=outcome, **fields)
    if close:
        meeting_services.meeting_close(meeting=meeting, by=secretariat)
    return meeting, item, decision


def candidates(meeting):
    return list(agenda.get("plan_formation").candidates(meeting))


@pytest.fixture
def secretariat(role_users):
    return role_users["secretariat_cpdh"]


def test_a_validated_plan_waits_for_the_cpdh_not_for_a_cldh(role_users, secretariat):
    from tests.training.test_plan_services import draft_plan, validated_plan

    draft_plan(role_users["formation"], YEAR + 1)
    plan = validated_plan(role_users, actions=2)
    meeting = cpdh_meeting(secretariat)
    assert candidates(meeting) == [plan]
    title = agenda.get("plan_formation").title(candidates(meeting)[0])
    assert title == "Plan annuel de formation 2040 (2 actions, 30\u202f000,00\u00a0DH)"
    cldh = builders.committee(secretariat, kind=Committee.Kind.CLDH, commune=CommuneFactory())
    cldh_meeting = builders.meeting(cldh, secretariat)
    with pytest.raises(TransitionRefused, match="ne décide pas"):
        meeting_services.agenda_add_records(meeting=cldh_meeting, kind="plan_formation", records=[plan], by=secretariat)


def test_an_approval_presents_the_plan_and_the_page_shows_it(role_users, secretariat, client_as):
    from tests.training.test_plan_services import validated_plan

    plan = validated_plan(role_users)
    meeting, item, decision = decided(secretariat, plan, "approuve_reserves")
    plan.refresh_from_db()
    assert plan.status == Status.PRESENTED and plan.cpdh_decision == decision
    assert candidates(cpdh_meeting(secretariat)) == []
    page = client_as(role_users["chef"]).get(reverse("training:plan_detail", args=[plan.pk])).content.decode()
    assert "Approuvé avec réserves" in page and reverse("committees:meeting_detail", args=[meeting.pk]) in page
    assert "Réserver 30 % des places aux femmes." in page


def test_a_rejection_sends_the_plan_back_to_draft_with_the_reason(role_users, secretariat):
    from tests.training.test_plan_services import validated_plan

    plan = validated_plan(role_users)
    _meeting, _item, decision = decided(secretariat, plan, "rejete", reason="Trop d'actions externes.")
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT
    assert plan.return_reason == "Trop d'actions externes." and plan.cpdh_decision == decision
    assert plan.validated_at is None
    # reworked and validated again: back before the CPDH
    plan = services.plan_validate(plan=plan, by=role_users["chef"])
    assert candidates(cpdh_meeting(secretariat)) == [plan]
    decided(secretariat, plan, "approuve")
    plan.refresh_from_db()
    assert plan.status == Status.PRESENTED and plan.cpdh_decision.outcome == "approuve"


def test_an_adjournment_changes_nothing(role_users, secretariat):
    from tests.training.test_plan_services import validated_plan

    plan = validated_plan(role_users)
    decided(secretariat, plan, "ajourne")
    plan.refresh_from_db()
    assert plan.status == Status.VALIDATED and plan.cpdh_decision is None
    assert candidates(cpdh_meeting(secretariat)) == [plan]


def test_a_plan_sent_back_meanwhile_cannot_be_decided(role_users, secretariat):
    from tests.training.test_plan_services import validated_plan

    plan = validated_plan(role_users)
    meeting = cpdh_meeting(secretariat)
    (item,) = meeting_services.agenda_add_records(
        meeting=meeting, kind="plan_formation", records=[plan], by=secretariat
    )
    meeting_services.meeting_convene(meeting=meeting, by=secretariat)
    meeting.refresh_from_db()
    builders.all_present(meeting, secretariat)
    services.plan_reopen(plan=plan, by=role_users["chef"], reason="À revoir.")
    with pytest.raises(ValidationError, match="n'attend pas de décision"):
        meeting_services.decision_record(item=item, by=secretariat, outcome="approuve")
    with pytest.raises(ValidationError, match="pas de montant"):
        meeting_services.decision_record(item=item, by=secretariat, outcome="approuve", amended_amount=10)


def test_the_dossier_de_seance_shows_the_plan(role_users, secretariat, tmp_path):
    from committees import documents
    from committees.selectors import agenda_of
    from tests.projects.test_call_notice import pdf_text
    from tests.training.test_plan_services import validated_plan

    plan = validated_plan(role_users, actions=2)
    meeting = cpdh_meeting(secretariat)
    meeting_services.agenda_add_records(meeting=meeting, kind="plan_formation", records=[plan], by=secretariat)
    items = agenda_of(meeting)
    (section,) = session_context(meeting, items)["sections"]
    assert section["template"] == "training/plans/agenda_session.html"
    figures = section["session"]
    assert figures["participants"] == 40 and figures["cost"] == "30\u202f000,00\u00a0DH"
    assert [row["number"] for row in figures["actions"]] == [1, 2]
    text = pdf_text(documents.render_session(meeting, items), tmp_path, "session-plan.pdf")
    assert "Le plan soumis au comité" in text and "Totaux par rubrique budgétaire" in text
    assert "30 000,00 DH" in text


def test_a_rectified_rejection_reason_reaches_the_plan(role_users, secretariat):
    from tests.training.test_plan_services import validated_plan

    plan = validated_plan(role_users)
    _meeting, _item, decision = decided(secretariat, plan, "rejete", reason="Motif initial.")
    meeting_services.decision_rectify(
        decision=decision, by=role_users["chef"], reason="Erreur de saisie", decision_reason="Motif corrigé."
    )
    plan.refresh_from_db()
    assert plan.return_reason == "Motif corrigé."
