"""Meetings through the services: quorum, agenda, convocation, decisions and their effect on the dossiers, closing,
rectification, the actions that execute the decisions, cancellation; allowed and refused paths."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from committees.models import AgendaItem, Attendance, Committee, Decision, DecisionAction, Meeting, Rectification
from committees.services import meetings as services
from das.models import Partner, Sector
from das.selectors import history_of
from das.workflow import TransitionRefused
from projects.models import Dossier, Project
from projects.services import calls as call_services
from projects.services import dossiers as dossier_services
from tests.committees import builders
from tests.factories import LocalityFactory, PartnerFactory

pytestmark = pytest.mark.django_db
Outcome = Decision.Outcome
DossierStatus = Dossier.Status
PRESENT = ("present", "")
ABSENT = ("absent", "")


@pytest.fixture
def secretariat(role_users):
    return role_users["secretariat_cpdh"]


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


@pytest.fixture
def head(role_users):
    return role_users["chef"]


def preselected_with_plan(agent, head):
    """One dossier waiting for the CPDH with a full plan: locality, sector, partner, beneficiaries."""
    from tests.projects.test_call_services import draft_call
    from tests.projects.test_dossier_services import scored

    call = call_services.call_publish(call=draft_call(agent), by=agent)
    commune = call.communes.first()
    partner = PartnerFactory(kind=Partner.Kind.COMMUNE, receipt_number="")
    dossier = scored(
        call,
        agent,
        ["8", "7"],
        cost="500000",
        indh="300000",
        holder_part="50000",
        contributions=[(partner, Decimal("150000"))],
        locality=LocalityFactory(commune=commune),
        sector=Sector.objects.get_or_create(code="AGR", defaults={"name_fr": "Agriculture"})[0],
        summary="Unité de valorisation de l'argan pour 40 femmes.",
        beneficiaries_total=120,
        beneficiaries_women=60,
        beneficiaries_youth=40,
    )
    call_services.call_close(call=call, by=agent)
    dossier_services.preselection_propose(call=call, dossiers=[dossier], by=agent, not_retained_reason="Rang")
    dossier_services.preselection_validate(call=call, by=head)
    dossier.refresh_from_db()
    return dossier


def sitting(meeting):
    meeting.refresh_from_db()
    return services.sitting_members(meeting)


def held(secretariat, dossiers, *, cpdh=None, presence=None, **meeting_fields):
    """A CPDH meeting convened with ``dossiers`` on its agenda and its attendance recorded (all present by default)."""
    if cpdh is None:
        cpdh = builders.committee(secretariat)
        builders.members(cpdh, secretariat)
    meeting = builders.meeting(cpdh, secretariat, **meeting_fields)
    items = services.agenda_add_records(meeting=meeting, kind="dossier", records=dossiers, by=secretariat)
    services.meeting_convene(meeting=meeting, by=secretariat)
    meeting.refresh_from_db()
    if presence is None:
        builders.all_present(meeting, secretariat)
    else:
        services.attendance_record(meeting=meeting, by=secretariat, entries=presence(meeting))
    meeting.refresh_from_db()
    return meeting, items


def approved_project(role_users, *, indh_share=None, reserves=""):
    """A project created through a CPDH decision, as production creates it (also used by the page tests)."""
    secretariat, agent, head = role_users["secretariat_cpdh"], role_users["suivi_evaluation"], role_users["chef"]
    dossier = preselected_with_plan(agent, head)
    meeting, (item,) = held(secretariat, [dossier])
    outcome = Outcome.APPROVED_WITH_RESERVES if reserves else Outcome.APPROVED
    services.decision_record(item=item, by=secretariat, outcome=outcome, reserves=reserves, amended_amount=indh_share)
    return Project.objects.get(dossier=dossier)


# --- Quorum -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("voting", "percent", "plus_one", "expected"),
    [
        (10, "50", True, 6),  # half plus one
        (9, "50", True, 5),  # floor(4.5) + 1
        (10, "50", False, 5),
        (9, "50", False, 5),  # the ceiling of 4.5
        (12, "60", False, 8),  # ceiling of 7.2
        (12, "60", True, 8),  # floor(7.2) + 1
        (3, "100", False, 3),
        (1, "50", False, 1),
    ],
)
def test_required_quorum(voting, percent, plus_one, expected):
    committee = Committee(quorum_percent=Decimal(percent), quorum_plus_one=plus_one)
    assert services.required_quorum(committee, voting) == expected


def test_quorum_counts_only_voting_members_sitting_on_the_day(secretariat, agent, head):
    cpdh = builders.committee(secretariat)
    voting = builders.members(cpdh, secretariat, count=8, voting=6)  # 6 voting, 2 advisory
    builders.members(cpdh, secretariat, count=2, term_end=dt.date(2024, 12, 31))  # mandate over: not on the sheet
    dossiers = builders.preselected_dossiers(agent, head, 1)
    voting_ids = {m.pk for m in voting[:6]}
    advisory = {m.pk for m in voting[6:]}

    def three_voting_and_the_advisers(meeting):
        present = set(list(voting_ids)[:3]) | advisory
        return {m: PRESENT if m.pk in present else ABSENT for m in sitting(meeting)}

    meeting, (item,) = held(secretariat, dossiers, cpdh=cpdh, presence=three_voting_and_the_advisers)
    quorum = services.meeting_quorum(meeting)
    assert (quorum.voting_members, quorum.required, quorum.counted, quorum.reached) == (6, 4, 3, False)
    assert len(services.sitting_members(meeting)) == 8  # the ended mandates are not on the sheet
    with pytest.raises(TransitionRefused, match="Quorum non atteint"):
        services.decision_record(item=item, by=secretariat, outcome=Outcome.APPROVED)
    assert not Decision.objects.exists()
    dossiers[0].refresh_from_db()
    assert dossiers[0].status == DossierStatus.PRESELECTED and not Project.objects.exists()

    # One more voting member arrives: 4 of 6.
    entries = three_voting_and_the_advisers(meeting)
    entries[next(m for m in entries if m.pk in voting_ids and entries[m] == ABSENT)] = PRESENT
    quorum = services.attendance_record(meeting=meeting, by=secretariat, entries=entries)
    assert (quorum.counted, quorum.reached) == (4, True)
    services.decision_record(item=item, by=secretariat, outcome=Outcome.APPROVED)
    assert Project.objects.count() == 1


def test_the_sheet_lists_every_sitting_member_and_only_them(secretariat, agent, head):
    cpdh = builders.committee(secretariat)
    builders.members(cpdh, secretariat, count=4)
    gone = builders.members(cpdh, secretariat, count=1, term_end=dt.date(2024, 12, 31))[0]
    meeting = builders.meeting(cpdh, secretariat)
    services.agenda_add_text(meeting=meeting, by=secretariat, title="Divers")
    services.meeting_convene(meeting=meeting, by=secretariat)
    present = services.sitting_members(meeting)
    with pytest.raises(ValidationError, match="Indiquez la présence"):
        services.attendance_record(meeting=meeting, by=secretariat, entries=dict.fromkeys(present[:3], PRESENT))
    with pytest.raises(ValidationError, match="en mandat"):
        services.attendance_record(
            meeting=meeting, by=secretariat, entries={**dict.fromkeys(present, PRESENT), gone: PRESENT}
        )
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            meeting=meeting, by=secretariat, entries={**dict.fromkeys(present, PRESENT), present[0]: ("represente", "")}
        )
    assert "représente" in str(error.value)
    meeting.refresh_from_db()
    assert not meeting.attendance_recorded and not Attendance.objects.exists()


@pytest.mark.parametrize(("proxies_count", "reached"), [(True, True), (False, False)])
def test_represented_members_count_only_when_the_rules_say_so(secretariat, agent, head, proxies_count, reached):
    cpdh = builders.committee(secretariat, proxies_count=proxies_count)
    builders.members(cpdh, secretariat, count=6)  # quorum: 4

    def three_present_one_represented(meeting):
        members = sitting(meeting)
        entries = dict.fromkeys(members, ABSENT)
        entries.update(dict.fromkeys(members[:3], PRESENT))
        entries[members[3]] = ("represente", "M. Amrani, son adjoint")
        return entries

    meeting, _items = held(
        secretariat, builders.preselected_dossiers(agent, head, 1), cpdh=cpdh, presence=three_present_one_represented
    )
    quorum = services.meeting_quorum(meeting)
    assert (quorum.counted, quorum.required, quorum.reached) == (4 if proxies_count else 3, 4, reached)
    assert meeting.attendances.get(presence="represente").represented_by == "M. Amrani, son adjoint"


@pytest.mark.parametrize(("rules_waive", "reached"), [(True, True), (False, False)])
def test_second_convocation_waives_the_quorum_only_if_the_rules_allow_it(
    secretariat, agent, head, rules_waive, reached
):
    cpdh = builders.committee(secretariat, second_convocation_without_quorum=rules_waive)
    builders.members(cpdh, secretariat, count=10)

    def two_present(meeting):
        members = sitting(meeting)
        return {m: PRESENT if i < 2 else ABSENT for i, m in enumerate(members)}

    meeting, (item,) = held(
        secretariat,
        builders.preselected_dossiers(agent, head, 1),
        cpdh=cpdh,
        presence=two_present,
        is_second_convocation=True,
    )
    assert services.meeting_quorum(meeting).reached is reached
    if reached:
        assert services.decision_record(item=item, by=secretariat, outcome=Outcome.APPROVED).pk
    else:
        with pytest.raises(TransitionRefused, match="Quorum"):
            services.decision_record(item=item, by=secretariat, outcome=Outcome.APPROVED)


def test_decisions_wait_for_the_attendance(secretariat, agent, head):
    meeting, items, _dossiers = builders.convened_with_dossiers(secretariat, agent, head, 1)
    with pytest.raises(TransitionRefused, match="présences"):
        services.decision_record(item=items[0], by=secretariat, outcome=Outcome.APPROVED)


# --- Decisions and their effect on the dossier -----------------------------------------------------------------------


def test_approval_validates_the_dossier_and_creates_its_project_with_the_dossiers_data(secretariat, agent, head):
    dossier = preselected_with_plan(agent, head)
    meeting, (item,) = held(secretariat, [dossier])
    decision = services.decision_record(item=item, by=secretariat, outcome=Outcome.APPROVED)
    assert (decision.outcome, decision.recorded_by) == (Outcome.APPROVED, secretariat)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.VALIDATED
    project = Project.objects.get(dossier=dossier)
    assert project.code == f"PRJ-{meeting.date.year}-0001"
    assert project.validated_on == meeting.date
    assert (project.title, project.holder, project.commune, project.locality, project.sector) == (
        dossier.title,
        dossier.holder,
        dossier.commune,
        dossier.locality,
        dossier.sector,
    )
    assert (project.programme, project.phase) == (dossier.call.programme, dossier.call.phase)
    assert (project.estimated_cost, project.indh_share, project.holder_contribution) == (
        Decimal("500000"),
        Decimal("300000"),
        Decimal("50000"),
    )
    assert (project.beneficiaries_total, project.beneficiaries_women, project.beneficiaries_youth) == (120, 60, 40)
    assert (project.summary, project.duration_months, project.reserves) == (dossier.summary, 12, "")
    funding = project.fundings.get()
    contribution = dossier.contributions.get()
    assert (funding.partner, funding.amount) == (contribution.partner, contribution.amount)
    assert project.partners_total == Decimal("150000")
    # The decision and the project are in the journal, with who made them.
    assert {e.pgh_context["username"] for e in history_of(project)} == {secretariat.username}
    assert history_of(decision).exists()


def test_approval_with_reserves_reduces_the_indh_share_and_the_cost(secretariat, agent, head):
    dossier = preselected_with_plan(agent, head)
    _meeting, (item,) = held(secretariat, [dossier])
    services.decision_record(
        item=item,
        by=secretariat,
        outcome=Outcome.APPROVED_WITH_RESERVES,
        reserves="Réduire le poste équipement.",
        amended_amount=Decimal("250000"),
    )
    project = Project.objects.get(dossier=dossier)
    assert (project.indh_share, project.estimated_cost) == (Decimal("250000"), Decimal("450000"))
    assert (project.holder_contribution, project.partners_total) == (Decimal("50000"), Decimal("150000"))
    assert project.reserves == "Réduire le poste équipement."
    assert Decision.objects.get().amended_amount == Decimal("250000")


def test_approval_with_reserves_keeps_the_amount_when_none_is_given(secretariat, agent, head):
    dossier = preselected_with_plan(agent, head)
    _meeting, (item,) = held(secretariat, [dossier])
    services.decision_record(item=item, by=secretariat, outcome=Outcome.APPROVED_WITH_RESERVES, reserves="Étude")
    project = Project.objects.get(dossier=dossier)
    assert (project.indh_share, project.estimated_cost, project.reserves) == (
        Decimal("300000"),
        Decimal("500000"),
        "Étude",
    )


@pytest.mark.parametrize(
    ("outcome", "fields", "field", "message"),
    [
        (
            Outcome.APPROVED_WITH_RESERVES,
            {"reserves": "Réduire", "amended_amount": Decimal("300000.01")},
            "amended_amount",
            "dépasser",
        ),
        (
            Outcome.APPROVED_WITH_RESERVES,
            {"reserves": "Réduire", "amended_amount": Decimal("0")},
            "amended_amount",
            "positif",
        ),
        (Outcome.APPROVED_WITH_RESERVES, {"reserves": " "}, "reserves", "réserves"),
        (Outcome.APPROVED, {"amended_amount": Decimal("200000")}, "amended_amount", "avec réserves"),
        (Outcome.REJECTED, {"reason": "  "}, "reason", "motif"),
        (Outcome.ADJOURNED, {}, "reason", "motif"),
        ("accepte", {}, "outcome", "Choisissez"),
    ],
)
def test_a_refused_decision_changes_nothing(secretariat, agent, head, outcome, fields, field, message):
    dossier = preselected_with_plan(agent, head)
    _meeting, (item,) = held(secretariat, [dossier])
    with pytest.raises(ValidationError) as error:
        services.decision_record(item=item, by=secretariat, outcome=outcome, **fields)
    assert message in " ".join(error.value.message_dict[field])
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PRESELECTED
    assert not Decision.objects.exists() and not Project.objects.exists()


def test_rejection_records_the_reason_on_the_dossier(secretariat, agent, head):
    dossier = preselected_with_plan(agent, head)
    _meeting, (item,) = held(secretariat, [dossier])
    services.decision_record(item=item, by=secretariat, outcome=Outcome.REJECTED, reason="Projet hors programme")
    dossier.refresh_from_db()
    assert (dossier.status, dossier.status_reason) == (DossierStatus.REJECTED, "Projet hors programme")
    assert not Project.objects.exists()


def test_an_adjourned_dossier_goes_back_to_the_pool_and_is_decided_at_a_later_meeting(secretariat, agent, head):
    from projects.selectors import dossiers_awaiting_cpdh

    dossier = preselected_with_plan(agent, head)
    first, (item,) = held(secretariat, [dossier])
    services.decision_record(item=item, by=secretariat, outcome=Outcome.ADJOURNED, reason="Étude de faisabilité")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PRESELECTED and not Project.objects.exists()
    assert dossier in dossiers_awaiting_cpdh()
    services.meeting_close(meeting=first, by=secretariat)

    later = builders.meeting(first.committee, secretariat, date=first.date)
    assert later.number == first.number + 1
    from committees import agenda

    assert dossier in agenda.get("dossier").candidates(later)
    later_item = services.agenda_add_records(meeting=later, kind="dossier", records=[dossier], by=secretariat)[0]
    services.meeting_convene(meeting=later, by=secretariat)
    later.refresh_from_db()
    builders.all_present(later, secretariat)
    services.decision_record(item=later_item, by=secretariat, outcome=Outcome.APPROVED)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.VALIDATED
    assert Project.objects.get(dossier=dossier).validated_on == later.date


def test_the_project_is_created_once(secretariat, agent, head):
    dossier = preselected_with_plan(agent, head)
    _meeting, (item,) = held(secretariat, [dossier])
    services.decision_record(item=item, by=secretariat, outcome=Outcome.APPROVED)
    with pytest.raises(TransitionRefused, match="déjà enregistrée"):
        services.decision_record(item=item, by=secretariat, outcome=Outcome.APPROVED)
    assert Project.objects.count() == 1 and Decision.objects.count() == 1
    # The dossier service itself refuses a second approval.
    from projects.services.projects import dossier_cpdh_approve

    dossier.refresh_from_db()
    with pytest.raises(TransitionRefused):
        dossier_cpdh_approve(dossier=dossier, by=secretariat, decided_on=timezone.localdate())
    assert Project.objects.count() == 1


def test_project_codes_follow_each_other_within_the_year(secretariat, agent, head):
    dossiers = builders.preselected_dossiers(agent, head, 2)
    _meeting, items = held(secretariat, dossiers)
    for item in items:
        services.decision_record(item=item, by=secretariat, outcome=Outcome.APPROVED)
    year = timezone.localdate().year
    assert sorted(Project.objects.values_list("code", flat=True)) == [f"PRJ-{year}-0001", f"PRJ-{year}-0002"]


@pytest.mark.parametrize("role", ["auditeur", "suivi_evaluation", "chef", "cabinet", "communication"])
def test_roles_that_do_not_hold_the_meetings_cannot_decide(role_users, secretariat, agent, head, role):
    dossier = preselected_with_plan(agent, head)
    meeting, (item,) = held(secretariat, [dossier])
    with pytest.raises(PermissionDenied):
        services.decision_record(item=item, by=role_users[role], outcome=Outcome.APPROVED)
    with pytest.raises(PermissionDenied):
        services.agenda_add_text(meeting=meeting, by=role_users[role], title="Divers")
    with pytest.raises(PermissionDenied):
        builders.meeting(meeting.committee, role_users[role])
    with pytest.raises(PermissionDenied):
        services.meeting_close(meeting=meeting, by=role_users[role])
    assert not Decision.objects.exists() and not Project.objects.exists()


# --- Votes --------------------------------------------------------------------------------------------------------


def voted(secretariat, agent, head, rule, count=1):
    cpdh = builders.committee(secretariat, decision_rule=rule)
    builders.members(cpdh, secretariat, count=10)
    meeting, items = held(secretariat, builders.preselected_dossiers(agent, head, count), cpdh=cpdh)
    return meeting, items


def test_consensus_needs_no_vote(secretariat, agent, head):
    _meeting, (item,) = voted(secretariat, agent, head, Committee.DecisionRule.CONSENSUS)
    with pytest.raises(ValidationError, match="Plus de voix"):
        services.decision_record(item=item, by=secretariat, outcome=Outcome.APPROVED, votes_for=11)
    decision = services.decision_record(item=item, by=secretariat, outcome=Outcome.APPROVED)
    assert decision.votes_for is None


def test_simple_majority(secretariat, agent, head):
    _meeting, items = voted(secretariat, agent, head, Committee.DecisionRule.SIMPLE_MAJORITY, 3)
    with pytest.raises(ValidationError, match="voix pour et contre"):
        services.decision_record(item=items[0], by=secretariat, outcome=Outcome.APPROVED)
    with pytest.raises(ValidationError, match="majorité requise"):
        services.decision_record(item=items[0], by=secretariat, outcome=Outcome.APPROVED, votes_for=4, votes_against=4)
    with pytest.raises(ValidationError, match="Plus de voix"):
        services.decision_record(
            item=items[0], by=secretariat, outcome=Outcome.APPROVED, votes_for=7, votes_against=3, abstentions=1
        )
    decision = services.decision_record(
        item=items[0], by=secretariat, outcome=Outcome.APPROVED, votes_for=4, votes_against=3, abstentions=3
    )
    assert (decision.votes_for, decision.votes_against, decision.abstentions) == (4, 3, 3)
    # A rejection the votes carried would contradict them; a rejection they did not carry stands.
    with pytest.raises(ValidationError, match="majorité"):
        services.decision_record(
            item=items[1], by=secretariat, outcome=Outcome.REJECTED, reason="Coût", votes_for=6, votes_against=2
        )
    services.decision_record(
        item=items[1], by=secretariat, outcome=Outcome.REJECTED, reason="Coût", votes_for=3, votes_against=5
    )
    # Adjourning needs no vote.
    services.decision_record(item=items[2], by=secretariat, outcome=Outcome.ADJOURNED, reason="Pièces")


def test_absolute_majority_counts_all_voting_members(secretariat, agent, head):
    _meeting, (item,) = voted(secretariat, agent, head, Committee.DecisionRule.ABSOLUTE_MAJORITY)
    # 10 voting members: 5 for and none against is not more than half of them.
    with pytest.raises(ValidationError, match="majorité requise"):
        services.decision_record(
            item=item, by=secretariat, outcome=Outcome.APPROVED, votes_for=5, votes_against=0, abstentions=5
        )
    assert (
        services.decision_record(
            item=item, by=secretariat, outcome=Outcome.APPROVED, votes_for=6, votes_against=0, abstentions=4
        ).votes_for
        == 6
    )


# --- Agenda -------------------------------------------------------------------------------------------------------


def test_only_dossiers_waiting_for_the_cpdh_go_on_the_agenda(secretariat, agent, head):
    from tests.projects.test_call_services import draft_call
    from tests.projects.test_dossier_services import register

    cpdh = builders.committee(secretariat)
    waiting = builders.preselected_dossiers(agent, head, 1)[0]
    received = register(call_services.call_publish(call=draft_call(agent), by=agent), agent)
    meeting = builders.meeting(cpdh, secretariat)
    with pytest.raises(TransitionRefused, match="n'attendent plus"):
        services.agenda_add_records(meeting=meeting, kind="dossier", records=[waiting, received], by=secretariat)
    with pytest.raises(ValidationError, match="au moins un"):
        services.agenda_add_records(meeting=meeting, kind="dossier", records=[], by=secretariat)
    with pytest.raises(TransitionRefused, match="ne décide pas"):
        services.agenda_add_records(meeting=meeting, kind="convention", records=[waiting], by=secretariat)
    assert not meeting.items.exists()
    items = services.agenda_add_records(meeting=meeting, kind="dossier", records=[waiting], by=secretariat)
    assert [(i.position, i.kind, i.object_id) for i in items] == [(1, "dossier", waiting.pk)]
    assert waiting.reference in items[0].title


def test_a_cldh_does_not_decide_on_dossiers(secretariat, agent, head):
    from tests.factories import CommuneFactory

    cldh = builders.committee(secretariat, kind=Committee.Kind.CLDH, commune=CommuneFactory())
    meeting = builders.meeting(cldh, secretariat)
    with pytest.raises(TransitionRefused, match="ne décide pas"):
        services.agenda_add_records(
            meeting=meeting, kind="dossier", records=builders.preselected_dossiers(agent, head, 1), by=secretariat
        )


def test_a_dossier_pending_on_an_open_meeting_is_not_put_on_another(secretariat, agent, head):
    dossier = builders.preselected_dossiers(agent, head, 1)[0]
    cpdh = builders.committee(secretariat)
    first = builders.meeting(cpdh, secretariat)
    services.agenda_add_records(meeting=first, kind="dossier", records=[dossier], by=secretariat)
    second = builders.meeting(cpdh, secretariat, date=first.date + dt.timedelta(days=7))
    with pytest.raises(TransitionRefused, match="déjà inscrits"):
        services.agenda_add_records(meeting=second, kind="dossier", records=[dossier], by=secretariat)
    # Nor twice on the same meeting.
    with pytest.raises((TransitionRefused, ValidationError)):
        services.agenda_add_records(meeting=first, kind="dossier", records=[dossier], by=secretariat)
    assert AgendaItem.objects.filter(object_id=dossier.pk).count() == 1
    # Once the first meeting is cancelled, the dossier is free again.
    services.meeting_cancel(meeting=first, by=secretariat, reason="Empêchement du président")
    assert len(services.agenda_add_records(meeting=second, kind="dossier", records=[dossier], by=secretariat)) == 1


def positions(meeting):
    return list(meeting.items.order_by("position").values_list("position", "title"))


def test_moving_and_removing_points_keeps_the_numbering_without_holes(secretariat):
    cpdh = builders.committee(secretariat)
    meeting = builders.meeting(cpdh, secretariat)
    first, second, third, fourth = (
        services.agenda_add_text(meeting=meeting, by=secretariat, title=title) for title in ("A", "B", "C", "D")
    )
    assert positions(meeting) == [(1, "A"), (2, "B"), (3, "C"), (4, "D")]
    services.agenda_move(item=third, by=secretariat, offset=-1)
    assert positions(meeting) == [(1, "A"), (2, "C"), (3, "B"), (4, "D")]
    services.agenda_move(item=first, by=secretariat, offset=-1)  # already first: nothing moves
    services.agenda_move(item=fourth, by=secretariat, offset=1)  # already last
    services.agenda_move(item=first, by=secretariat, offset=5)  # not a neighbour
    assert positions(meeting) == [(1, "A"), (2, "C"), (3, "B"), (4, "D")]
    services.agenda_remove(item=third, by=secretariat)
    assert positions(meeting) == [(1, "A"), (2, "B"), (3, "D")]
    services.agenda_remove(item=first, by=secretariat)
    assert positions(meeting) == [(1, "B"), (2, "D")]
    services.agenda_move(item=fourth, by=secretariat, offset=-1)
    assert positions(meeting) == [(1, "D"), (2, "B")]
    assert services.agenda_add_text(meeting=meeting, by=secretariat, title="E").position == 3
    with pytest.raises(ValidationError):
        services.agenda_add_text(meeting=meeting, by=secretariat, title="  ")
    assert second.pk in set(meeting.items.values_list("pk", flat=True))


def test_a_decided_point_stays_on_the_agenda(secretariat, agent, head):
    _meeting, (item,) = held(secretariat, builders.preselected_dossiers(agent, head, 1))
    services.decision_record(item=item, by=secretariat, outcome=Outcome.ADJOURNED, reason="Pièces manquantes")
    with pytest.raises(TransitionRefused, match="déjà sa décision"):
        services.agenda_remove(item=item, by=secretariat)


def test_convening_needs_an_agenda(secretariat):
    meeting = builders.meeting(builders.committee(secretariat), secretariat)
    with pytest.raises(TransitionRefused, match="vide"):
        services.meeting_convene(meeting=meeting, by=secretariat)
    services.agenda_add_text(meeting=meeting, by=secretariat, title="Bilan")
    convened = services.meeting_convene(meeting=meeting, by=secretariat)
    assert convened.status == Meeting.Status.CONVENED and convened.convened_at
    with pytest.raises(TransitionRefused):
        services.meeting_convene(meeting=meeting, by=secretariat)


def test_attendance_waits_for_the_convocation(secretariat):
    cpdh = builders.committee(secretariat)
    builders.members(cpdh, secretariat, count=3)
    meeting = builders.meeting(cpdh, secretariat)
    with pytest.raises(TransitionRefused, match="convoquée"):
        builders.all_present(meeting, secretariat)


def test_closing_needs_the_attendance_and_every_point_decided(secretariat, agent, head):
    meeting, items, _dossiers = builders.convened_with_dossiers(secretariat, agent, head, 2)
    with pytest.raises(TransitionRefused) as refused:
        services.meeting_close(meeting=meeting, by=secretariat)
    assert "présences" in str(refused.value) and "1, 2" in str(refused.value)
    builders.all_present(meeting, secretariat)
    services.decision_record(item=items[0], by=secretariat, outcome=Outcome.APPROVED)
    with pytest.raises(TransitionRefused, match="Points sans décision : 2"):
        services.meeting_close(meeting=meeting, by=secretariat)
    services.decision_record(item=items[1], by=secretariat, outcome=Outcome.REJECTED, reason="Doublon")
    closed = services.meeting_close(meeting=meeting, by=secretariat)
    assert closed.status == Meeting.Status.CLOSED and closed.closed_at


def test_a_meeting_whose_agenda_was_emptied_is_cancelled_not_closed(secretariat, agent, head):
    meeting, items = held(secretariat, builders.preselected_dossiers(agent, head, 1))
    services.agenda_remove(item=items[0], by=secretariat)
    with pytest.raises(TransitionRefused, match="vide"):
        services.meeting_close(meeting=meeting, by=secretariat)
    assert services.meeting_cancel(meeting=meeting, by=secretariat, reason="Dossier retiré").status == "annulee"


def test_a_closed_meeting_is_locked(secretariat, agent, head):
    meeting, items = held(secretariat, builders.preselected_dossiers(agent, head, 2))
    for item in items:
        services.decision_record(item=item, by=secretariat, outcome=Outcome.ADJOURNED, reason="Report")
    services.meeting_close(meeting=meeting, by=secretariat)
    Decision.objects.filter(item=items[1]).delete()  # even a point that would lack its decision
    with pytest.raises(TransitionRefused, match="clôturée"):
        services.decision_record(item=items[1], by=secretariat, outcome=Outcome.APPROVED)
    with pytest.raises(TransitionRefused, match="convoquée"):
        builders.all_present(meeting, secretariat)
    with pytest.raises(TransitionRefused, match="ne change plus"):
        services.agenda_add_text(meeting=meeting, by=secretariat, title="Divers")
    with pytest.raises(TransitionRefused, match="ne change plus"):
        services.agenda_move(item=items[1], by=secretariat, offset=-1)
    with pytest.raises(TransitionRefused, match="ne change plus"):
        services.agenda_remove(item=items[1], by=secretariat)
    with pytest.raises(TransitionRefused, match="ne se modifie plus"):
        services.meeting_update(meeting=meeting, by=secretariat, place="Ailleurs")
    with pytest.raises(TransitionRefused):
        services.meeting_cancel(meeting=meeting, by=secretariat, reason="Trop tard")
    assert not Project.objects.exists()


def test_attendance_is_frozen_once_a_decision_is_recorded(secretariat, agent, head):
    meeting, (item,) = held(secretariat, builders.preselected_dossiers(agent, head, 1))
    services.decision_record(item=item, by=secretariat, outcome=Outcome.APPROVED)
    with pytest.raises(TransitionRefused, match="ne changent plus"):
        builders.all_present(meeting, secretariat)


def test_attendance_changes_are_updated_in_place(secretariat, agent, head):
    meeting, _items = held(secretariat, builders.preselected_dossiers(agent, head, 1))
    member = services.sitting_members(meeting)[0]
    row = meeting.attendances.get(member=member)
    entries = dict.fromkeys(services.sitting_members(meeting), PRESENT)
    entries[member] = ("excuse", "")
    services.attendance_record(meeting=meeting, by=secretariat, entries=entries)
    row.refresh_from_db()
    assert row.presence == "excuse"
    assert history_of(row).filter(pgh_label="update").exists()


def test_the_date_is_fixed_once_the_attendance_is_recorded(secretariat, agent, head):
    meeting, _items = held(secretariat, builders.preselected_dossiers(agent, head, 1))
    with pytest.raises(TransitionRefused, match="date"):
        services.meeting_update(meeting=meeting, by=secretariat, date=meeting.date + dt.timedelta(days=1))
    assert services.meeting_update(meeting=meeting, by=secretariat, place="Salle B").place == "Salle B"


def test_meetings_are_numbered_per_committee_and_chaired_by_a_member(secretariat):
    cpdh, other = builders.committee(secretariat), builders.committee(secretariat)
    own = builders.members(cpdh, secretariat, count=2)
    foreign = builders.members(other, secretariat, count=1)
    assert [builders.meeting(cpdh, secretariat).number for _ in range(2)] == [1, 2]
    assert builders.meeting(other, secretariat).number == 1
    with pytest.raises(ValidationError, match="membre du comité"):
        builders.meeting(cpdh, secretariat, chair=foreign[0])
    assert builders.meeting(cpdh, secretariat, chair=own[0]).chair == own[0]
    cpdh.is_active = False
    cpdh.save()
    with pytest.raises(TransitionRefused, match="plus actif"):
        builders.meeting(cpdh, secretariat)


# --- Cancellation -------------------------------------------------------------------------------------------------


def test_cancelling_needs_a_reason_and_no_decision(secretariat, agent, head):
    meeting, items = held(secretariat, builders.preselected_dossiers(agent, head, 1))
    with pytest.raises(TransitionRefused, match="motif"):
        services.meeting_cancel(meeting=meeting, by=secretariat, reason="  ")
    services.decision_record(item=items[0], by=secretariat, outcome=Outcome.ADJOURNED, reason="Report")
    with pytest.raises(TransitionRefused, match="Des décisions"):
        services.meeting_cancel(meeting=meeting, by=secretariat, reason="Erreur")


def test_a_cancelled_meeting_is_locked_and_frees_its_dossiers(secretariat, agent, head):
    meeting, items, dossiers = builders.convened_with_dossiers(secretariat, agent, head, 1)
    cancelled = services.meeting_cancel(meeting=meeting, by=secretariat, reason=" Quorum non atteint ")
    assert (cancelled.status, cancelled.cancel_reason) == (Meeting.Status.CANCELLED, "Quorum non atteint")
    with pytest.raises(TransitionRefused):
        services.agenda_add_text(meeting=meeting, by=secretariat, title="Divers")
    with pytest.raises(TransitionRefused):
        services.decision_record(item=items[0], by=secretariat, outcome=Outcome.APPROVED)
    from committees import agenda

    later = builders.meeting(meeting.committee, secretariat)
    assert dossiers[0] in agenda.get("dossier").candidates(later)


# --- Rectification ------------------------------------------------------------------------------------------------


def closed_with(secretariat, agent, head, outcome, **fields):
    dossier = preselected_with_plan(agent, head)
    meeting, (item,) = held(secretariat, [dossier])
    decision = services.decision_record(item=item, by=secretariat, outcome=outcome, **fields)
    return meeting, decision, dossier


def test_rectification_only_after_closing_and_only_by_the_head(secretariat, agent, head):
    meeting, decision, _dossier = closed_with(
        secretariat, agent, head, Outcome.APPROVED_WITH_RESERVES, reserves="Réduire", amended_amount=Decimal("250000")
    )
    with pytest.raises(TransitionRefused, match="pas clôturée"):
        services.decision_rectify(decision=decision, by=head, reason="Erreur", amended_amount=Decimal("240000"))
    services.meeting_close(meeting=meeting, by=secretariat)
    for refused in (secretariat, agent):
        with pytest.raises(PermissionDenied):
            services.decision_rectify(decision=decision, by=refused, reason="Erreur", amended_amount=Decimal("1"))
    with pytest.raises(ValidationError, match="motif"):
        services.decision_rectify(decision=decision, by=head, reason=" ", amended_amount=Decimal("240000"))
    with pytest.raises(TransitionRefused, match="sens d'une décision"):
        services.decision_rectify(decision=decision, by=head, reason="Erreur", outcome=Outcome.REJECTED)
    with pytest.raises(ValidationError, match="Rien n'a changé"):
        services.decision_rectify(decision=decision, by=head, reason="Erreur", amended_amount=Decimal("250000"))
    assert not Rectification.objects.exists()


def test_rectifying_the_amount_updates_the_project_and_is_recorded(secretariat, agent, head):
    meeting, decision, dossier = closed_with(
        secretariat, agent, head, Outcome.APPROVED_WITH_RESERVES, reserves="Réduire", amended_amount=Decimal("250000")
    )
    services.meeting_close(meeting=meeting, by=secretariat)
    rectification = services.decision_rectify(
        decision=decision,
        by=head,
        reason="Erreur de saisie du montant au procès-verbal",
        amended_amount=Decimal("240000"),
        reserves="Réduire le poste équipement",
    )
    assert rectification.changes == {
        "amended_amount": ["250000.00", "240000.00"],
        "reserves": ["Réduire", "Réduire le poste équipement"],
    }
    assert (rectification.made_by, rectification.reason) == (head, "Erreur de saisie du montant au procès-verbal")
    decision.refresh_from_db()
    assert (decision.outcome, decision.amended_amount) == (Outcome.APPROVED_WITH_RESERVES, Decimal("240000"))
    project = Project.objects.get(dossier=dossier)
    assert (project.indh_share, project.estimated_cost, project.reserves) == (
        Decimal("240000"),
        Decimal("440000"),
        "Réduire le poste équipement",
    )
    # The correction is in the journal, with who made it.
    updates = history_of(decision).filter(pgh_label="update")
    assert updates.exists()
    assert updates.first().pgh_context["username"] == head.username
    assert history_of(rectification).exists()
    assert history_of(project).filter(pgh_label="update").exists()
    # Back to the amount the dossier asked for: the cost is the dossier's again.
    services.decision_rectify(decision=decision, by=head, reason="Montant initial", amended_amount=None)
    project.refresh_from_db()
    assert (project.indh_share, project.estimated_cost) == (Decimal("300000"), Decimal("500000"))


def test_a_rectified_amount_stays_within_the_request(secretariat, agent, head):
    meeting, decision, dossier = closed_with(
        secretariat, agent, head, Outcome.APPROVED_WITH_RESERVES, reserves="Réduire", amended_amount=Decimal("250000")
    )
    services.meeting_close(meeting=meeting, by=secretariat)
    with pytest.raises(ValidationError, match="dépasser"):
        services.decision_rectify(decision=decision, by=head, reason="Erreur", amended_amount=Decimal("350000"))
    decision.refresh_from_db()
    assert decision.amended_amount == Decimal("250000") and not Rectification.objects.exists()
    assert Project.objects.get(dossier=dossier).indh_share == Decimal("250000")


def test_a_plain_approval_has_no_amount_to_rectify_but_its_votes_can_be(secretariat, agent, head):
    meeting, decision, dossier = closed_with(secretariat, agent, head, Outcome.APPROVED)
    services.meeting_close(meeting=meeting, by=secretariat)
    with pytest.raises(TransitionRefused, match="avec réserves"):
        services.decision_rectify(decision=decision, by=head, reason="Erreur", amended_amount=Decimal("1000"))
    rectification = services.decision_rectify(decision=decision, by=head, reason="Décompte", votes_for=9)
    assert rectification.changes == {"votes_for": [None, "9"]}
    assert Project.objects.get(dossier=dossier).indh_share == Decimal("300000")


def test_rectifying_a_rejections_reason_updates_the_dossier(secretariat, agent, head):
    meeting, decision, dossier = closed_with(secretariat, agent, head, Outcome.REJECTED, reason="Hors programme")
    services.meeting_close(meeting=meeting, by=secretariat)
    with pytest.raises(ValidationError):
        services.decision_rectify(decision=decision, by=head, reason="Libellé", decision_reason=" ")
    rectification = services.decision_rectify(
        decision=decision, by=head, reason="Libellé incomplet", decision_reason="Hors programme et hors territoire"
    )
    assert rectification.changes == {"reason": ["Hors programme", "Hors programme et hors territoire"]}
    assert rectification.reason == "Libellé incomplet"
    dossier.refresh_from_db()
    assert (dossier.status, dossier.status_reason) == (DossierStatus.REJECTED, "Hors programme et hors territoire")


# --- Actions ------------------------------------------------------------------------------------------------------


def test_actions_are_added_completed_and_reopened(role_users, secretariat, agent, head):
    meeting, decision, _dossier = closed_with(secretariat, agent, head, Outcome.APPROVED)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="précède la réunion"):
        services.action_add(
            decision=decision,
            by=secretariat,
            description="Convention",
            service="suivi_evaluation",
            due_on=meeting.date - dt.timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        services.action_add(
            decision=decision, by=secretariat, description=" ", service="suivi_evaluation", due_on=today
        )
    with pytest.raises(PermissionDenied):
        services.action_add(
            decision=decision, by=role_users["auditeur"], description="X", service="suivi_evaluation", due_on=today
        )
    action = services.action_add(
        decision=decision,
        by=secretariat,
        description="Préparer la convention de partenariat",
        service="suivi_evaluation",
        due_on=today + dt.timedelta(days=30),
    )
    assert action.status == DecisionAction.Status.OPEN
    with pytest.raises(ValidationError) as error:
        services.action_complete(action=action, by=agent, done_on=today + dt.timedelta(days=1), note=" ")
    assert set(error.value.message_dict) == {"done_on", "done_note"}
    with pytest.raises(ValidationError, match="précède la réunion"):
        services.action_complete(action=action, by=agent, done_on=meeting.date - dt.timedelta(days=1), note="Fait")
    with pytest.raises(PermissionDenied):
        services.action_complete(action=action, by=role_users["auditeur"], done_on=today, note="Fait")
    with pytest.raises(TransitionRefused, match="encore en cours"):
        services.action_reopen(action=action, by=agent, reason="Erreur")
    done = services.action_complete(action=action, by=agent, done_on=today, note="Convention signée")
    assert (done.status, done.done_on, done.done_note) == (DecisionAction.Status.DONE, today, "Convention signée")
    with pytest.raises(TransitionRefused, match="déjà réalisée"):
        services.action_complete(action=action, by=agent, done_on=today, note="Encore")
    with pytest.raises(ValidationError, match="rouverte"):
        services.action_reopen(action=action, by=agent, reason=" ")
    reopened = services.action_reopen(action=action, by=agent, reason="Signature manquante du partenaire")
    assert (reopened.status, reopened.done_on) == (DecisionAction.Status.OPEN, None)
    assert "Convention signée" in reopened.done_note and "Signature manquante" in reopened.done_note
    # Another service does not report on this one's action; the head, who follows them all, may.
    with pytest.raises(PermissionDenied, match="Suivi et évaluation"):
        services.action_complete(action=action, by=role_users["communication"], done_on=today, note="Ok")
    assert services.action_complete(action=action, by=head, done_on=today, note="Ok").pk


def test_no_action_on_a_cancelled_meeting(secretariat, agent, head):
    meeting, decision, _dossier = closed_with(secretariat, agent, head, Outcome.ADJOURNED, reason="Report")
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    with pytest.raises(TransitionRefused, match="annulée"):
        services.action_add(
            decision=decision, by=secretariat, description="X", service="autre", due_on=timezone.localdate()
        )


# --- Text points and the signed minutes -----------------------------------------------------------------------------


def test_a_text_point_is_decided_without_touching_any_record(secretariat):
    cpdh = builders.committee(secretariat)
    builders.members(cpdh, secretariat, count=3)
    meeting = builders.meeting(cpdh, secretariat)
    item = services.agenda_add_text(meeting=meeting, by=secretariat, title="Bilan 2025", description="Exposé")
    services.meeting_convene(meeting=meeting, by=secretariat)
    meeting.refresh_from_db()
    builders.all_present(meeting, secretariat)
    with pytest.raises(ValidationError, match="pas de montant"):
        services.decision_record(
            item=item, by=secretariat, outcome=Outcome.APPROVED_WITH_RESERVES, reserves="x", amended_amount=Decimal("1")
        )
    services.decision_record(item=item, by=secretariat, outcome=Outcome.APPROVED)
    assert services.meeting_close(meeting=meeting, by=secretariat).status == Meeting.Status.CLOSED


def test_the_signed_minutes_are_filed_after_closing(secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    cpdh = builders.committee(secretariat)
    builders.members(cpdh, secretariat, count=3)
    meeting = builders.meeting(cpdh, secretariat)
    item = services.agenda_add_text(meeting=meeting, by=secretariat, title="Bilan")
    with pytest.raises(TransitionRefused, match="clôturée"):
        services.meeting_upload_signed_minutes(
            meeting=meeting, by=secretariat, uploaded=SimpleUploadedFile("pv.pdf", pdf)
        )
    services.meeting_convene(meeting=meeting, by=secretariat)
    meeting.refresh_from_db()
    builders.all_present(meeting, secretariat)
    services.decision_record(item=item, by=secretariat, outcome=Outcome.APPROVED)
    services.meeting_close(meeting=meeting, by=secretariat)
    filed = services.meeting_upload_signed_minutes(
        meeting=meeting, by=secretariat, uploaded=SimpleUploadedFile("pv.pdf", pdf)
    )
    assert filed.signed_minutes is not None


def test_rectified_votes_must_still_carry_the_decision(secretariat, agent, head):
    meeting, (item,) = voted(secretariat, agent, head, Committee.DecisionRule.SIMPLE_MAJORITY)
    decision = services.decision_record(
        item=item, by=secretariat, outcome=Outcome.APPROVED, votes_for=6, votes_against=2, abstentions=2
    )
    services.meeting_close(meeting=meeting, by=secretariat)
    with pytest.raises(ValidationError, match="majorité requise"):
        services.decision_rectify(decision=decision, by=head, reason="Décompte", votes_for=2)
    with pytest.raises(ValidationError, match="Plus de voix"):
        services.decision_rectify(decision=decision, by=head, reason="Décompte", votes_for=7)
    rectification = services.decision_rectify(decision=decision, by=head, reason="Décompte", votes_for=5, abstentions=3)
    assert rectification.changes == {"votes_for": ["6", "5"], "abstentions": ["2", "3"]}
