"""Services of the people area: the register (duplicates, CIN, merge), the committee members' registration, the teams
(composition rule, training status, members) and the support requests' lifecycle, allowed and refused."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from committees.models import Committee, Member
from committees.services.committees import committee_save, member_save
from das.selectors import history_of
from das.workflow import TransitionRefused
from tests.factories import CommuneFactory, LocalityFactory
from tests.training.factories import (
    ParticipantFactory,
    PersonFactory,
    SessionDayFactory,
    TeamFactory,
    TeamMemberFactory,
    TrainingSessionFactory,
)
from training import demo_people
from training import people_selectors as selectors
from training.models import Person, Presence, SupportRequest, Team, TeamMember, TrainingSession
from training.services import people as services

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def person_data(commune, **extra):
    return {
        "full_name": "Fatima-Zahra El Amrani",
        "sex": "F",
        "age_group": "jeune",
        "actor_type": "eaq",
        "commune": commune,
        **extra,
    }


@pytest.fixture
def agent(role_users):
    return role_users["formation"]


@pytest.fixture
def commune():
    return CommuneFactory()


# --- Register --------------------------------------------------------------------------------------------------------


def test_person_create_normalises_and_journals(agent, commune):
    person = services.person_create(by=agent, **person_data(commune, cin=" jb 123456 ", phone="06 61-23.45.01"))
    assert person.cin == "JB123456"
    assert person.phone == "0661234501"
    assert person.name_key == "amrani el fatima zahra"
    assert history_of(person).count() >= 1  # the trigger journaled the insert


def test_same_name_in_same_commune_needs_confirmation(agent, commune):
    first = services.person_create(by=agent, **person_data(commune))
    with pytest.raises(services.PossibleDuplicates) as refused:
        services.person_create(by=agent, **person_data(commune, full_name="EL AMRANI Fatima Zahra"))
    assert refused.value.duplicates == [first]
    assert "confirm_not_duplicate" in refused.value.message_dict
    assert Person.objects.count() == 1
    second = services.person_create(
        by=agent, confirmed_not_duplicate=True, **person_data(commune, full_name="El Amrani Fatima Zahra")
    )
    assert second.pk != first.pk


def test_same_name_in_another_commune_is_not_a_duplicate(agent, commune):
    services.person_create(by=agent, **person_data(commune))
    services.person_create(by=agent, **person_data(CommuneFactory()))
    assert Person.objects.count() == 2


def test_same_phone_is_a_probable_duplicate(agent, commune):
    first = services.person_create(by=agent, **person_data(commune, phone="0661 23 45 01"))
    with pytest.raises(services.PossibleDuplicates) as refused:
        services.person_create(by=agent, **person_data(CommuneFactory(), full_name="Khadija Ouali", phone="0661234501"))
    assert refused.value.duplicates == [first]


def test_identical_cin_is_refused_even_when_confirmed(agent, commune):
    services.person_create(by=agent, **person_data(commune, cin="JB123456"))
    with pytest.raises(ValidationError) as refused:
        services.person_create(
            by=agent,
            confirmed_not_duplicate=True,
            **person_data(CommuneFactory(), full_name="Khadija Ouali", cin="jb123456"),
        )
    assert "cin" in refused.value.message_dict
    assert not isinstance(refused.value, services.PossibleDuplicates)
    assert Person.objects.count() == 1


def test_update_checks_duplicates_only_when_identity_changes(agent, commune):
    services.person_create(by=agent, **person_data(commune))
    other = services.person_create(by=agent, **person_data(commune, full_name="Khadija Ouali"))
    services.person_update(person=other, by=agent, function="Animatrice")  # nothing to confirm
    with pytest.raises(services.PossibleDuplicates):
        services.person_update(person=other, by=agent, full_name="Fatima Zahra El Amrani")
    other.refresh_from_db()
    assert other.full_name == "Khadija Ouali"


def test_only_the_training_service_writes_the_register(role_users, commune):
    for role in ("chef", "auditeur", "secretariat_cpdh"):
        with pytest.raises(PermissionDenied):
            services.person_create(by=role_users[role], **person_data(commune))
    assert not Person.objects.exists()


def held_session_with(*people, days=2):
    session = TrainingSessionFactory(status=TrainingSession.Status.HELD)
    session_days = [
        SessionDayFactory(session=session, date=session.start_date + datetime.timedelta(days=n)) for n in range(days)
    ]
    participants = []
    for person in people:
        participant = ParticipantFactory(session=session, person=person)
        for day in session_days:
            Presence.objects.create(participant=participant, day=day)
        participants.append(participant)
    return session, participants


def test_merge_moves_participations_and_memberships_and_deactivates(agent, commune):
    kept = services.person_create(by=agent, **person_data(commune))
    merged = services.person_create(
        by=agent,
        confirmed_not_duplicate=True,
        **person_data(commune, full_name="El Amrani Fatima Zahra", cin="JB1", phone="0600000001"),
    )
    held_session_with(merged)
    membership = TeamMemberFactory(person=merged, team=TeamFactory(commune=commune))
    services.person_merge(kept=kept, merged=merged, by=agent)
    kept.refresh_from_db()
    merged.refresh_from_db()
    assert kept.participations.count() == 1
    membership.refresh_from_db()
    assert membership.person == kept
    assert kept.cin == "JB1" and kept.phone == "0600000001"  # blanks filled from the duplicate
    assert merged.is_active is False and merged.cin == ""
    assert "Fusionnée" in merged.notes
    assert Person.objects.filter(pk=merged.pk).exists()  # deactivated, not deleted


def test_merge_refused_when_both_took_part_in_the_same_session(agent, commune):
    kept = services.person_create(by=agent, **person_data(commune))
    merged = services.person_create(
        by=agent, confirmed_not_duplicate=True, **person_data(commune, full_name="El Amrani Fatima Zahra")
    )
    session, _ = held_session_with(kept, merged)
    with pytest.raises(TransitionRefused) as refused:
        services.person_merge(kept=kept, merged=merged, by=agent)
    assert session.reference in refused.value.messages[0]
    merged.refresh_from_db()
    assert merged.is_active and merged.participations.count() == 1


def test_merge_refused_for_self_merged_records_and_other_roles(agent, role_users, commune):
    kept = services.person_create(by=agent, **person_data(commune))
    with pytest.raises(ValidationError):
        services.person_merge(kept=kept, merged=kept, by=agent)
    merged = services.person_create(by=agent, confirmed_not_duplicate=True, **person_data(commune))
    with pytest.raises(PermissionDenied):
        services.person_merge(kept=kept, merged=merged, by=role_users["chef"])
    services.person_merge(kept=kept, merged=merged, by=agent)
    third = services.person_create(by=agent, confirmed_not_duplicate=True, **person_data(commune))
    with pytest.raises(TransitionRefused):
        services.person_merge(kept=merged, merged=third, by=agent)


def test_duplicate_groups_list_same_name_keys(agent, commune):
    services.person_create(by=agent, **person_data(commune))
    services.person_create(
        by=agent, confirmed_not_duplicate=True, **person_data(commune, full_name="AMRANI EL Fatima Zahra")
    )
    services.person_create(by=agent, **person_data(commune, full_name="Khadija Ouali"))
    groups = selectors.duplicate_groups()
    assert len(groups) == 1 and len(groups[0]) == 2


def test_training_history_counts_days_hours_and_certificates(agent, commune):
    person = services.person_create(by=agent, **person_data(commune))
    session = TrainingSessionFactory(status=TrainingSession.Status.CLOSED)
    day1 = SessionDayFactory(session=session, date=session.start_date, hours=Decimal("6"))
    SessionDayFactory(session=session, date=session.end_date, hours=Decimal("4"))
    participant = ParticipantFactory(session=session, person=person, certificate_number="ATT-2026-0001")
    Presence.objects.create(participant=participant, day=day1)
    ParticipantFactory(person=person)  # invited to a planned session: listed, not counted
    history = selectors.training_history(person)
    assert len(history) == 2
    row = next(r for r in history if r.session == session)
    assert (row.days_present, row.days_total, row.hours_present, row.hours_total) == (1, 2, Decimal("6"), Decimal("10"))
    totals = selectors.history_totals(history)
    assert totals == {"sessions": 1, "days": 1, "hours": Decimal("6"), "certificates": 1}


# --- Committee members -----------------------------------------------------------------------------------------------


def make_committee(kind, commune, by):
    return committee_save(
        committee=Committee(kind=kind, name=f"{kind} {commune.name_fr}", commune=commune if kind == "cldh" else None),
        by=by,
    )


def make_member(committee, name, by, **extra):
    return member_save(
        member=Member(
            committee=committee,
            full_name=name,
            college="societe_civile",
            sex=extra.pop("sex", "F"),
            age_group=extra.pop("age_group", "adulte"),
            term_start=TODAY - datetime.timedelta(days=100),
            **extra,
        ),
        by=by,
    )


def test_register_committee_members_creates_links_and_skips(agent, role_users, commune):
    secretariat = role_users["secretariat_cpdh"]
    cldh = make_committee("cldh", commune, secretariat)
    cpdh = make_committee("cpdh", commune, secretariat)
    new = make_member(cldh, "Naima Lahlou", secretariat, title="Conseillère communale")
    known = make_member(cldh, "Ali Ouchen", secretariat, sex="H")
    existing = services.person_create(by=agent, **person_data(commune, full_name="OUCHEN Ali", sex="H"))
    both = make_member(cpdh, "Naima Lahlou", secretariat)
    candidates = selectors.committee_members_to_register()
    assert {c.member for c in candidates} == {new, known, both}
    assert next(c for c in candidates if c.member == known).matches == [existing]

    result = services.register_committee_members(by=agent, members=[new, known])
    person = Person.objects.get(committee_member=new)
    assert (person.actor_type, person.commune, person.sex, person.function) == (
        "cldh",
        commune,
        "F",
        "Conseillère communale",
    )
    existing.refresh_from_db()
    assert existing.committee_member == known
    assert result.created == [person] and result.linked == [existing]
    # The CPDH seat of someone already registered through another seat is left to the agent.
    result = services.register_committee_members(by=agent, members=[both])
    assert result.created == [] and len(result.skipped) == 1
    assert {c.member for c in selectors.committee_members_to_register()} == {both}


def test_register_committee_members_refused_to_readers(role_users, commune):
    cldh = make_committee("cldh", commune, role_users["secretariat_cpdh"])
    member = make_member(cldh, "Naima Lahlou", role_users["secretariat_cpdh"])
    with pytest.raises(PermissionDenied):
        services.register_committee_members(by=role_users["chef"], members=[member])


# --- Teams -----------------------------------------------------------------------------------------------------------


def test_eaq_needs_a_quartier_of_its_commune_and_eac_none(agent, commune):
    with pytest.raises(ValidationError) as refused:
        services.team_create(by=agent, kind="eaq", name="Anza", commune=commune)
    assert "locality" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.team_create(by=agent, kind="eaq", name="Anza", commune=commune, locality=LocalityFactory())
    assert "locality" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.team_create(
            by=agent, kind="eac", name="Centre", commune=commune, locality=LocalityFactory(commune=commune)
        )
    assert "locality" in refused.value.message_dict
    team = services.team_create(
        by=agent, kind="eaq", name="Anza", commune=commune, locality=LocalityFactory(commune=commune)
    )
    assert team.pk
    with pytest.raises(ValidationError) as refused:
        services.team_create(by=agent, kind="eac", name="anza", commune=commune)
    assert "name" in refused.value.message_dict


def test_composition_rule_and_training_status(agent, commune):
    team = services.team_create(by=agent, kind="eac", name="Centre", commune=commune)
    men = [PersonFactory(sex="H", commune=commune) for _ in range(3)]
    for person in men[:2]:
        services.member_add(team=team, person=person, by=agent, joined_on=TODAY)
    annotated = selectors.team_list().get(pk=team.pk)
    assert not annotated.composition_ok
    assert len(selectors.composition_problems(annotated)) == 2
    assert annotated.training_status == selectors.TrainingStatus.UNTRAINED
    woman = PersonFactory(sex="F", commune=commune)
    services.member_add(team=team, person=woman, by=agent, joined_on=TODAY)
    held_session_with(woman)
    annotated = selectors.team_list().get(pk=team.pk)
    assert annotated.composition_ok and selectors.composition_problems(annotated) == []
    assert annotated.training_status == selectors.TrainingStatus.PARTIAL
    held_session_with(*men[:2])
    assert selectors.team_list().get(pk=team.pk).training_status == selectors.TrainingStatus.TRAINED
    # A member who leaves no longer counts: the team falls below three again (a warning, not a refusal).
    member = TeamMember.objects.get(team=team, person=woman)
    services.member_leave(member=member, by=agent, left_on=TODAY)
    annotated = selectors.team_list().get(pk=team.pk)
    assert (annotated.active_count, annotated.women_count, annotated.composition_ok) == (2, 0, False)


def test_a_planned_session_does_not_make_a_member_trained(agent, commune):
    team = services.team_create(by=agent, kind="eac", name="Centre", commune=commune)
    person = PersonFactory(commune=commune)
    services.member_add(team=team, person=person, by=agent, joined_on=TODAY)
    session = TrainingSessionFactory(status=TrainingSession.Status.PLANNED)
    day = SessionDayFactory(session=session)
    Presence.objects.create(participant=ParticipantFactory(session=session, person=person), day=day)
    assert selectors.team_list().get(pk=team.pk).trained_count == 0


def test_member_rules(agent, commune):
    team = services.team_create(
        by=agent, kind="eac", name="Centre", commune=commune, formed_on=TODAY - datetime.timedelta(days=10)
    )
    person = PersonFactory(commune=commune)
    services.member_add(team=team, person=person, by=agent, role="coordinateur", joined_on=TODAY)
    with pytest.raises(ValidationError) as refused:
        services.member_add(team=team, person=person, by=agent, joined_on=TODAY)
    assert "person" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.member_add(team=team, person=PersonFactory(), by=agent, role="coordinateur", joined_on=TODAY)
    assert "role" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.member_add(team=team, person=PersonFactory(), by=agent, joined_on=TODAY - datetime.timedelta(days=30))
    assert "joined_on" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.member_add(team=team, person=PersonFactory(), by=agent, joined_on=TODAY + datetime.timedelta(days=1))
    member = TeamMember.objects.get(team=team, person=person)
    with pytest.raises(ValidationError) as refused:
        services.member_leave(member=member, by=agent, left_on=TODAY - datetime.timedelta(days=1))
    assert "left_on" in refused.value.message_dict
    services.member_leave(member=member, by=agent, left_on=TODAY)
    with pytest.raises(TransitionRefused):
        services.member_leave(member=member, by=agent, left_on=TODAY)
    # Having left, the person may join again.
    services.member_add(team=team, person=person, by=agent, joined_on=TODAY)
    assert team.members.count() == 2


def test_member_add_new_person_checks_duplicates_all_or_nothing(agent, commune):
    team = services.team_create(by=agent, kind="eac", name="Centre", commune=commune)
    services.person_create(by=agent, **person_data(commune))
    fields = {"full_name": "Fatima Zahra El Amrani", "sex": "F", "age_group": "jeune", "actor_type": "eac"}
    with pytest.raises(services.PossibleDuplicates):
        services.member_add_new_person(team=team, by=agent, role="animateur", joined_on=TODAY, **fields)
    assert Person.objects.count() == 1 and not team.members.exists()
    member = services.member_add_new_person(
        team=team, by=agent, role="animateur", joined_on=TODAY, confirmed_not_duplicate=True, **fields
    )
    assert member.person.commune == commune  # the team's commune by default


# --- Support requests ------------------------------------------------------------------------------------------------


@pytest.fixture
def support(agent, commune):
    team = services.team_create(by=agent, kind="eac", name="Centre", commune=commune)
    return services.support_request_create(
        by=agent, team=team, domain="comptable", subject="Caisse", request="Modèle de journal de caisse."
    )


def test_support_request_numbered_per_year(agent, support):
    assert support.reference == f"DA-{TODAY.year}-0001"
    second = services.support_request_create(
        by=agent, team=support.team, domain="social", subject="Orientation", request="Familles.", received_on=TODAY
    )
    assert second.reference == f"DA-{TODAY.year}-0002"
    with pytest.raises(ValidationError) as refused:
        services.support_request_create(
            by=agent,
            team=support.team,
            domain="social",
            subject="X",
            request="Y",
            received_on=TODAY + datetime.timedelta(days=1),
        )
    assert "received_on" in refused.value.message_dict


def test_support_request_full_lifecycle(agent, role_users, support):
    support = services.support_request_take_charge(support_request=support, by=agent)
    assert (support.status, support.assigned_to) == (SupportRequest.Status.IN_PROGRESS, agent)
    support = services.support_request_answer(
        support_request=support, by=agent, answer="Modèle remis.", answered_on=TODAY
    )
    assert support.status == SupportRequest.Status.ANSWERED
    support = services.support_request_reopen(support_request=support, by=agent, reason="Il manque le modèle de reçu.")
    assert support.status == SupportRequest.Status.IN_PROGRESS
    assert "Il manque le modèle de reçu." in support.request and support.answered_on is None
    support = services.support_request_answer(
        support_request=support, by=agent, answer="Reçu remis.", answered_on=TODAY
    )
    support = services.support_request_close(support_request=support, by=agent, closing_note="Satisfaite.")
    assert (support.status, support.closed_on) == (SupportRequest.Status.CLOSED, TODAY)
    assert history_of(support).count() >= 6


def test_support_request_refusals_by_state(agent, support):
    with pytest.raises(TransitionRefused):
        services.support_request_answer(support_request=support, by=agent, answer="x", answered_on=TODAY)
    with pytest.raises(TransitionRefused):
        services.support_request_close(support_request=support, by=agent, closing_note="x")
    with pytest.raises(TransitionRefused):
        services.support_request_reopen(support_request=support, by=agent, reason="x")
    support = services.support_request_take_charge(support_request=support, by=agent)
    with pytest.raises(TransitionRefused):
        services.support_request_take_charge(support_request=support, by=agent)
    with pytest.raises(TransitionRefused):  # the answer and its date are required
        services.support_request_answer(support_request=support, by=agent, answer=" ", answered_on=None)
    with pytest.raises(TransitionRefused):
        services.support_request_answer(
            support_request=support, by=agent, answer="x", answered_on=TODAY + datetime.timedelta(days=1)
        )
    support = services.support_request_answer(support_request=support, by=agent, answer="x", answered_on=TODAY)
    with pytest.raises(TransitionRefused):
        services.support_request_close(support_request=support, by=agent, closing_note="")
    with pytest.raises(TransitionRefused):
        services.support_request_update(support_request=support, by=agent, subject="Autre")
    support = services.support_request_close(support_request=support, by=agent, closing_note="ok")
    with pytest.raises(TransitionRefused):
        services.support_request_reopen(support_request=support, by=agent, reason="x")


@pytest.mark.parametrize("role", ["chef", "auditeur", "secretariat_cpdh", "suivi_evaluation"])
def test_support_request_transitions_refused_to_other_roles(role_users, support, role):
    user = role_users[role]
    with pytest.raises(PermissionDenied):
        services.support_request_take_charge(support_request=support, by=user)
    with pytest.raises(PermissionDenied):
        services.support_request_create(by=user, team=support.team, domain="social", subject="x", request="y")
    assert services.SUPPORT_WORKFLOW.available(support, user) == []
    support.refresh_from_db()
    assert support.status == SupportRequest.Status.OPEN


def test_support_request_late_after_thirty_days(agent, support):
    old = services.support_request_create(
        by=agent,
        team=support.team,
        domain="social",
        subject="Ancienne",
        request="y",
        received_on=TODAY - datetime.timedelta(days=31),
    )
    late = dict(selectors.support_request_list().values_list("pk", "is_late"))
    assert late == {support.pk: False, old.pk: True}
    old = services.support_request_take_charge(support_request=old, by=agent)
    old = services.support_request_answer(support_request=old, by=agent, answer="x", answered_on=TODAY)
    assert selectors.support_request_list().get(pk=old.pk).is_late is False


# --- Demo data -------------------------------------------------------------------------------------------------------


def test_demo_seed_is_idempotent_and_needs_the_demo_communes(agent):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        demo_people.seed(by=agent)
    for name in (
        "Agadir",
        "Aourir",
        "Drargua",
        "Amskroud",
        "Aziar",
        "Taghazout",
        "Tamri",
        "Idmine",
        "Tiqqi",
        "Aqesri",
        "Imouzzer Ida Outanane",
    ):
        commune = CommuneFactory(name_fr=name)
        for quartier in ("Al Massira", "Tamraght"):
            LocalityFactory(commune=commune, name_fr=quartier)
    created = demo_people.seed(by=agent)
    assert created > 30
    assert Person.objects.count() >= 26
    assert Team.objects.count() == 4
    teams = selectors.team_list()
    assert [t.name for t in teams if not t.composition_ok] == ["Drargua"]
    statuses = set(SupportRequest.objects.values_list("status", flat=True))
    assert statuses == {"ouverte", "en_cours", "repondue", "cloturee"}
    assert demo_people.seed(by=agent) == 0
