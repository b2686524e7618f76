"""Pages of the people area: forms say what is wrong in French next to the field, nothing answers 500, buttons show
only to who may use them, and the key pages keep their number of queries whatever the data size."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CommuneFactory, LocalityFactory
from tests.training.factories import (
    ParticipantFactory,
    PersonFactory,
    SessionDayFactory,
    TrainingSessionFactory,
)
from training.models import Person, Presence, SupportRequest, TeamMember, TrainingSession
from training.services import people as services

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def agent(role_users):
    return role_users["formation"]


@pytest.fixture
def team(agent):
    commune = CommuneFactory(name_fr="Aourir")
    return services.team_create(
        by=agent, kind="eaq", name="Tamraght", commune=commune, locality=LocalityFactory(commune=commune)
    )


def person_post(commune, **extra):
    return {
        "full_name": "Latifa Ouchrif",
        "sex": "F",
        "age_group": "adulte",
        "actor_type": "eaq",
        "commune": commune.pk,
        **extra,
    }


def test_person_form_asks_confirmation_for_a_probable_duplicate(client_as, agent, team):
    client = client_as(agent)
    url = reverse("training:person_create")
    first = client.post(url, person_post(team.commune))
    assert first.status_code == 302
    again = client.post(url, person_post(team.commune, full_name="OUCHRIF latifa"))
    assert again.status_code == 200
    page = again.content.decode()
    assert 'data-testid="duplicate-warning"' in page
    assert "Il s&#x27;agit d&#x27;une autre personne" in page
    assert reverse("training:person_detail", args=[Person.objects.get().pk]) in page
    assert Person.objects.count() == 1
    confirmed = client.post(url, person_post(team.commune, full_name="OUCHRIF latifa", confirm_not_duplicate="on"))
    assert confirmed.status_code == 302
    assert Person.objects.count() == 2


def test_person_form_refuses_a_known_cin_next_to_the_field(client_as, agent, team):
    services.person_create(
        by=agent,
        full_name="Reda Amahrouch",
        sex="H",
        age_group="jeune",
        actor_type="eaq",
        commune=team.commune,
        cin="JB4455",
    )
    response = client_as(agent).post(
        reverse("training:person_create"), person_post(team.commune, cin="jb 4455", confirm_not_duplicate="on")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "Reda Amahrouch" in form.errors["cin"][0]


def test_person_form_required_fields_in_french(client_as, agent):
    response = client_as(agent).post(reverse("training:person_create"), {"full_name": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"full_name", "sex", "age_group", "actor_type", "commune"} <= set(errors)
    assert "Ce champ est obligatoire." in errors["full_name"]


def test_person_page_shows_history_and_committee_seat(client_as, role_users, agent, team):
    person = PersonFactory(commune=team.commune)
    session = TrainingSessionFactory(status=TrainingSession.Status.HELD)
    day = SessionDayFactory(session=session)
    participant = ParticipantFactory(session=session, person=person, certificate_number="ATT-2026-0007")
    Presence.objects.create(participant=participant, day=day)
    page = client_as(role_users["auditeur"]).get(reverse("training:person_detail", args=[person.pk]))
    text = page.content.decode()
    assert session.reference in text and "ATT-2026-0007" in text and "1 / 1" in text
    assert 'data-testid="edit-link"' not in text  # the auditor reads only
    assert 'data-testid="history-link"' in text


def test_team_form_errors_next_to_fields(client_as, agent, team):
    response = client_as(agent).post(
        reverse("training:team_create"), {"kind": "eaq", "name": "Anza", "commune": team.commune.pk}
    )
    assert response.status_code == 200
    assert "quartier" in response.context["form"].errors["locality"][0]


def test_team_page_warns_when_the_composition_rule_is_not_met(client_as, role_users, agent, team):
    services.member_add(team=team, person=PersonFactory(sex="H"), by=agent, joined_on=TODAY)
    page = client_as(role_users["chef"]).get(reverse("training:team_detail", args=[team.pk])).content.decode()
    assert 'data-testid="composition-warning"' in page
    assert 'data-testid="add-member"' not in page
    listing = client_as(role_users["chef"]).get(reverse("training:team_list")).content.decode()
    assert 'data-testid="composition-warning-row"' in listing


def test_member_add_new_person_with_duplicate_confirmation(client_as, agent, team):
    services.person_create(
        by=agent, full_name="Samira Id Baha", sex="F", age_group="jeune", actor_type="eaq", commune=team.commune
    )
    client = client_as(agent)
    url = reverse("training:team_member_add", args=[team.pk])
    data = {
        "mode": "new",
        "new-full_name": "Samira Idbaha",
        "new-sex": "F",
        "new-age_group": "jeune",
        "new-actor_type": "eaq",
        "new-commune": team.commune.pk,
        "role-role": "animateur",
        "role-joined_on": TODAY.isoformat(),
    }
    response = client.post(url, data)
    assert response.status_code == 302  # another spelling: not the same name key, no warning
    data["new-full_name"] = "ID BAHA Samira"
    response = client.post(url, data)
    assert response.status_code == 200
    assert 'data-testid="duplicate-warning"' in response.content.decode()
    data["new-confirm_not_duplicate"] = "on"
    assert client.post(url, data).status_code == 302
    assert team.members.count() == 2


def test_member_add_existing_and_leave_errors(client_as, agent, team):
    person = PersonFactory(commune=team.commune)
    client = client_as(agent)
    url = reverse("training:team_member_add", args=[team.pk])
    future = (TODAY + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        url,
        {"mode": "existing", "existing-person": person.pk, "existing-role": "animateur", "existing-joined_on": future},
    )
    assert response.status_code == 200
    assert "futur" in response.context["existing"].errors["joined_on"][0]
    client.post(
        url,
        {"mode": "existing", "existing-person": person.pk, "existing-role": "animateur", "existing-joined_on": TODAY},
    )
    member = TeamMember.objects.get(team=team, person=person)
    leave = reverse("training:team_member_leave", args=[team.pk, member.pk])
    response = client.post(leave, {"left_on": (TODAY - datetime.timedelta(days=5)).isoformat()})
    assert response.status_code == 200 and "left_on" in response.context["form"].errors
    assert client.post(leave, {"left_on": TODAY.isoformat()}).status_code == 302


def test_support_request_pages_and_transitions(client_as, role_users, agent, team):
    client = client_as(agent)
    response = client.post(
        reverse("training:team_support_request_create", args=[team.pk]),
        {"domain": "technique", "subject": "Diagnostic", "request": "Fiches d'enquête.", "received_on": TODAY},
    )
    support = SupportRequest.objects.get()
    assert response.status_code == 302 and support.team == team
    detail = reverse("training:support_request_detail", args=[support.pk])
    assert 'data-testid="step-take_charge"' in client.get(detail).content.decode()
    client.post(
        reverse("training:support_request_take_charge", args=[support.pk]), {"take_charge-assigned_to": agent.pk}
    )
    response = client.post(reverse("training:support_request_answer", args=[support.pk]), {"answer-answer": ""})
    assert response.status_code == 200
    assert response.context["steps"][0]["form"].errors["answer"]
    response = client.post(
        reverse("training:support_request_answer", args=[support.pk]),
        {"answer-answer": "Fiches remises.", "answer-answered_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    support.refresh_from_db()
    assert support.status == "repondue"
    chef_page = client_as(role_users["chef"]).get(detail).content.decode()
    assert 'data-testid="step-close"' not in chef_page and 'data-testid="step-reopen"' not in chef_page
    listing = client_as(role_users["chef"]).get(reverse("training:support_request_list") + "?status=repondue")
    assert support.reference in listing.content.decode()


@pytest.mark.parametrize("export", ["pdf", "xlsx"])
def test_lists_export(client_as, role_users, agent, team, export):
    services.member_add(team=team, person=PersonFactory(commune=team.commune), by=agent, joined_on=TODAY)
    services.support_request_create(by=agent, team=team, domain="social", subject="x", request="y")
    client = client_as(role_users["chef"])
    for name in ("training:person_list", "training:team_list", "training:support_request_list"):
        response = client.get(reverse(name) + f"?export={export}")
        assert response.status_code == 200, name


def test_committee_registration_page(client_as, role_users, agent):
    from committees.models import Committee, Member
    from committees.services.committees import committee_save, member_save

    commune = CommuneFactory()
    secretariat = role_users["secretariat_cpdh"]
    cldh = committee_save(committee=Committee(kind="cldh", name="CLDH X", commune=commune), by=secretariat)
    member = member_save(
        member=Member(
            committee=cldh, full_name="Ali Ouchen", college="elus", sex="H", age_group="adulte", term_start=TODAY
        ),
        by=secretariat,
    )
    client = client_as(agent)
    url = reverse("training:committee_members_register")
    assert "Ali Ouchen" in client.get(url).content.decode()
    assert "Cochez au moins un membre" in client.post(url, {}).content.decode()
    assert client.post(url, {"members": [member.pk]}).status_code == 302
    assert Person.objects.get().committee_member == member
    page = client.get(reverse("training:person_detail", args=[Person.objects.get().pk])).content.decode()
    assert 'data-testid="committee-seat"' in page and "CLDH X" in page


def test_merge_page(client_as, agent, team):
    kept = PersonFactory(full_name="Hicham Oubella", commune=team.commune)
    merged = PersonFactory(full_name="OUBELLA Hicham", commune=team.commune)
    client = client_as(agent)
    duplicates = client.get(reverse("training:person_duplicates")).content.decode()
    assert 'data-testid="merge-button"' in duplicates
    url = reverse("training:person_merge", args=[kept.pk])
    response = client.post(url, {"merged": merged.pk})
    assert response.status_code == 200 and "confirm" in response.context["form"].errors
    assert client.post(url, {"merged": merged.pk, "confirm": "on"}).status_code == 302
    merged.refresh_from_db()
    assert not merged.is_active


# --- Query counts ----------------------------------------------------------------------------------------------------


def grow(agent, team, size):
    """``size`` people, each member of the team, present in held sessions, with support requests."""
    for n in range(size):
        person = PersonFactory(commune=team.commune, sex="F" if n % 2 else "H")
        services.member_add(team=team, person=person, by=agent, joined_on=TODAY)
        session = TrainingSessionFactory(status=TrainingSession.Status.HELD)
        day = SessionDayFactory(session=session)
        Presence.objects.create(participant=ParticipantFactory(session=session, person=person), day=day)
        services.support_request_create(by=agent, team=team, domain="social", subject=f"Demande {n}", request="y")
    return person


def history_for(person, size):
    for _ in range(size):
        session = TrainingSessionFactory(status=TrainingSession.Status.CLOSED)
        day = SessionDayFactory(session=session)
        SessionDayFactory(session=session, date=day.date + datetime.timedelta(days=1))
        Presence.objects.create(participant=ParticipantFactory(session=session, person=person), day=day)


@pytest.mark.parametrize(
    "page",
    [
        "training:person_list",
        "training:person_detail",
        "training:team_detail",
        "training:team_list",
        "training:support_request_list",
        "training:person_duplicates",
    ],
)
def test_key_pages_keep_their_query_count(client_as, agent, team, page, django_assert_max_num_queries):
    client = client_as(agent)
    counts = []
    for size in (2, 12):
        person = grow(agent, team, size // 2 if counts else size)
        history_for(person, size)
        args = {"training:person_detail": [person.pk], "training:team_detail": [team.pk]}.get(page, [])
        url = reverse(page, args=args)
        client.get(url)  # warm the caches of the session and permissions
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[1] == counts[0], f"{page}: {counts}"
    with django_assert_max_num_queries(counts[0]):
        client.get(url)


@pytest.mark.parametrize("typed", ["abc", "²", "1" * 30])
def test_merge_page_ignores_a_duplicate_id_that_is_not_one(client_as, agent, team, typed):
    person = PersonFactory(commune=team.commune)
    response = client_as(agent).get(reverse("training:person_merge", args=[person.pk]), {"doublon": typed})
    assert response.status_code == 200
