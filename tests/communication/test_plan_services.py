"""The proximity-communication plan's services: one plan a year, the rules of an action, its numbering (never reused),
edits only in draft, and every transition allowed and refused (role, state, guard). The builders at the top are shared
with the other plan tests and the URL matrix."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from communication.models import Audience, CommunicationAction, CommunicationPlan
from communication.services import plans as services
from das.workflow import TransitionRefused
from tests.communication.factories import ActionRealisationFactory, CommunicationBudgetLineFactory
from tests.factories import CommuneFactory

Status = CommunicationPlan.Status
ActionStatus = CommunicationAction.Status
YEAR = 2060


# --- Builders -------------------------------------------------------------------------------------------------------
def action_data(agent, year=YEAR, **overrides):
    data = {
        "title": "Caravane de sensibilisation à Aourir",
        "kind": CommunicationAction.Kind.CARAVAN,
        "channel": CommunicationAction.Channel.FACE_TO_FACE,
        "audience": Audience.ASSOCIATIONS,
        "commune": None,
        "planned_on": dt.date(year, 4, 15),
        "budget_line": CommunicationBudgetLineFactory(),
        "planned_budget": Decimal("25000.00"),
        "responsible": agent,
        "expected_reach": 300,
        "description": "",
    }
    data.update(overrides)
    return data


def draft_plan(agent, year=YEAR, actions=1, **fields):
    plan = services.plan_create(by=agent, year=year, title=f"Plan {year}", **fields)
    for index in range(actions):
        services.action_add(
            plan=plan,
            by=agent,
            **action_data(
                agent,
                year,
                planned_budget=Decimal(10000 * (index + 1)),
                planned_on=dt.date(year, 1 + 3 * (index % 4), 10),
            ),
        )
    return plan


def validated_plan(role_users, year=YEAR, actions=1):
    return services.plan_validate(plan=draft_plan(role_users["communication"], year, actions), by=role_users["chef"])


def running_plan(role_users, year=YEAR, actions=1):
    return services.plan_start(plan=validated_plan(role_users, year, actions), by=role_users["communication"])


# --- Fixtures -------------------------------------------------------------------------------------------------------
pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(role_users):
    return role_users["communication"]


@pytest.fixture
def head(role_users):
    return role_users["chef"]


# --- The plan -------------------------------------------------------------------------------------------------------
def test_the_service_creates_one_plan_a_year(agent):
    plan = services.plan_create(
        by=agent, year=YEAR, title=" Plan ", objectives="Faire connaître l'INDH", target_audiences="Jeunes"
    )
    assert plan.status == Status.DRAFT and plan.title == "Plan" and plan.created_by == agent
    assert plan.target_audiences == "Jeunes"
    with pytest.raises(ValidationError) as error:
        services.plan_create(by=agent, year=YEAR)
    assert "existe déjà" in str(error.value.message_dict["year"])
    with pytest.raises(ValidationError) as error:
        services.plan_create(by=agent, year=1990)
    assert "year" in error.value.message_dict


@pytest.mark.parametrize("role", ["chef", "auditeur", "formation"])
def test_other_roles_may_not_create_or_edit_a_plan(role_users, role):
    with pytest.raises(PermissionDenied):
        services.plan_create(by=role_users[role], year=YEAR)
    plan = draft_plan(role_users["communication"])
    with pytest.raises(PermissionDenied):
        services.plan_update(plan=plan, by=role_users[role], title="X")
    with pytest.raises(PermissionDenied):
        services.action_add(plan=plan, by=role_users[role], **action_data(role_users["communication"]))
    action = plan.actions.get()
    with pytest.raises(PermissionDenied):
        services.action_update(action=action, by=role_users[role], **action_data(role_users["communication"]))
    with pytest.raises(PermissionDenied):
        services.action_remove(action=action, by=role_users[role])


def test_the_plan_is_edited_only_in_draft(role_users, agent):
    plan = draft_plan(agent)
    plan = services.plan_update(plan=plan, by=agent, title="Nouveau", objectives="Obj", target_audiences="Élus")
    assert (plan.title, plan.objectives, plan.target_audiences) == ("Nouveau", "Obj", "Élus")
    services.plan_validate(plan=plan, by=role_users["chef"])
    with pytest.raises(TransitionRefused, match="brouillon"):
        services.plan_update(plan=plan, by=agent, title="Encore")
    action = plan.actions.get()
    with pytest.raises(TransitionRefused, match="brouillon"):
        services.action_add(plan=plan, by=agent, **action_data(agent))
    with pytest.raises(TransitionRefused, match="brouillon"):
        services.action_update(action=action, by=agent, **action_data(agent))
    with pytest.raises(TransitionRefused, match="brouillon"):
        services.action_remove(action=action, by=agent)


# --- Its actions ------------------------------------------------------------------------------------------------------
def test_an_action_is_added_with_every_field(agent):
    plan = draft_plan(agent, actions=0)
    commune = CommuneFactory()
    action = services.action_add(
        plan=plan, by=agent, **action_data(agent, commune=commune, title=" Atelier ", expected_reach=120)
    )
    assert action.number == 1 and action.title == "Atelier" and action.commune == commune
    assert action.status == ActionStatus.PLANNED and action.responsible == agent and action.expected_reach == 120


def test_an_action_refuses_bad_input_next_to_each_field(agent):
    plan = draft_plan(agent, actions=0)
    line = CommunicationBudgetLineFactory(code="R-OLD", is_active=False)
    inactive = type(agent).objects.create(username="parti", is_active=False)
    with pytest.raises(ValidationError) as error:
        services.action_add(
            plan=plan,
            by=agent,
            **action_data(
                agent,
                title=" ",
                kind="fusee",
                channel="",
                audience="x",
                planned_on=dt.date(YEAR + 1, 1, 2),
                budget_line=line,
                planned_budget=Decimal("-1"),
                expected_reach=-5,
                responsible=inactive,
            ),
        )
    errors = error.value.message_dict
    assert "l'année du plan (2060)" in errors["planned_on"][0]
    assert "négatif" in errors["planned_budget"][0]
    assert "négative" in errors["expected_reach"][0]
    assert {"title", "kind", "channel", "audience", "budget_line", "responsible"} <= set(errors)
    assert not plan.actions.exists()
    with pytest.raises(ValidationError) as error:
        services.action_add(
            plan=plan, by=agent, **action_data(agent, planned_on=None, planned_budget=None, responsible=None)
        )
    assert {"planned_on", "planned_budget", "responsible"} <= set(error.value.message_dict)


def test_numbers_are_never_reused_even_after_a_removal(agent):
    plan = draft_plan(agent, actions=3)
    assert sorted(plan.actions.values_list("number", flat=True)) == [1, 2, 3]
    services.action_remove(action=plan.actions.get(number=3), by=agent)
    services.action_remove(action=plan.actions.get(number=2), by=agent)
    action = services.action_add(plan=plan, by=agent, **action_data(agent))
    assert action.number == 4
    other = draft_plan(agent, YEAR + 1, actions=1)
    assert other.actions.get().number == 1


def test_an_action_is_changed_and_keeps_its_number(agent):
    plan = draft_plan(agent, actions=2)
    action = plan.actions.get(number=2)
    changed = services.action_update(
        action=action, by=agent, **action_data(agent, title="Émission radio", kind="radio", planned_budget=Decimal("0"))
    )
    assert changed.number == 2 and changed.title == "Émission radio" and changed.planned_budget == 0
    with pytest.raises(ValidationError) as error:
        services.action_update(action=action, by=agent, **action_data(agent, planned_on=dt.date(YEAR - 1, 12, 31)))
    assert "planned_on" in error.value.message_dict


def test_an_action_with_a_realisation_is_not_removed(agent):
    plan = draft_plan(agent, actions=1)
    action = plan.actions.get()
    ActionRealisationFactory(action=action, recorded_by=agent)
    with pytest.raises(TransitionRefused, match="réalisation"):
        services.action_remove(action=action, by=agent)


def test_the_responsible_choices_are_active_plan_keepers_plus_the_current_one(role_users, agent):
    chosen = role_users["formation"]
    candidates = set(services.responsible_candidates())
    assert agent in candidates and chosen not in candidates and role_users["chef"] not in candidates
    assert chosen in set(services.responsible_candidates(keep=chosen.pk))


# --- The lifecycle --------------------------------------------------------------------------------------------------
def test_the_chef_validates_a_plan_with_actions_dated_in_its_year(role_users, head):
    plan = services.plan_validate(plan=draft_plan(role_users["communication"], actions=2), by=head)
    assert plan.status == Status.VALIDATED and plan.validated_by == head and plan.validated_at


def test_validation_is_refused_without_actions_or_with_an_action_outside_the_year(role_users, agent, head):
    plan = draft_plan(agent, actions=0)
    with pytest.raises(TransitionRefused, match="aucune action"):
        services.plan_validate(plan=plan, by=head)
    action = services.action_add(plan=plan, by=agent, **action_data(agent))
    # A date moved outside the year behind the services' back (an import, a correction in the database).
    CommunicationAction.objects.filter(pk=action.pk).update(planned_on=dt.date(YEAR + 1, 1, 5))
    with pytest.raises(TransitionRefused, match="n° 1"):
        services.plan_validate(plan=plan, by=head)
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT


@pytest.mark.parametrize("role", ["communication", "auditeur", "formation"])
def test_only_the_chef_validates_and_reopens(role_users, role):
    plan = draft_plan(role_users["communication"])
    with pytest.raises(PermissionDenied):
        services.plan_validate(plan=plan, by=role_users[role])
    plan = services.plan_validate(plan=plan, by=role_users["chef"])
    with pytest.raises(PermissionDenied):
        services.plan_reopen(plan=plan, by=role_users[role], reason="Revoir")


def test_the_chef_sends_a_validated_plan_back_with_a_reason(role_users, head):
    plan = validated_plan(role_users)
    with pytest.raises(TransitionRefused, match="motif"):
        services.plan_reopen(plan=plan, by=head, reason="  ")
    plan = services.plan_reopen(plan=plan, by=head, reason=" Budget trop élevé ")
    assert plan.status == Status.DRAFT and plan.return_reason == "Budget trop élevé" and plan.validated_by is None
    with pytest.raises(TransitionRefused, match="Brouillon"):
        services.plan_reopen(plan=plan, by=head, reason="Encore")
    plan = services.plan_validate(plan=plan, by=head)
    assert plan.return_reason == ""


def test_the_service_starts_a_validated_plan_only(role_users, agent, head):
    plan = draft_plan(agent)
    with pytest.raises(TransitionRefused, match="Brouillon"):
        services.plan_start(plan=plan, by=agent)
    plan = services.plan_validate(plan=plan, by=head)
    for role in ("chef", "auditeur", "formation"):
        with pytest.raises(PermissionDenied):
            services.plan_start(plan=plan, by=role_users[role])
    plan = services.plan_start(plan=plan, by=agent)
    assert plan.status == Status.IN_PROGRESS and plan.started_at
    with pytest.raises(TransitionRefused):
        services.plan_validate(plan=plan, by=head)
    with pytest.raises(TransitionRefused):
        services.plan_reopen(plan=plan, by=head, reason="Trop tard")


def test_closing_needs_every_action_settled_and_a_closing_note(role_users, agent):
    plan = running_plan(role_users, actions=3)
    with pytest.raises(TransitionRefused) as error:
        services.plan_close(plan=plan, by=agent, closing_note="")
    text = " ".join(error.value.messages)
    assert "3 actions sont encore « prévues »" in text and "bilan de clôture" in text
    first, second, third = plan.actions.order_by("number")
    CommunicationAction.objects.filter(pk__in=[first.pk, second.pk]).update(status=ActionStatus.DONE)
    with pytest.raises(TransitionRefused, match="1 action est encore « prévue »"):
        services.plan_close(plan=plan, by=agent, closing_note="Bilan")
    CommunicationAction.objects.filter(pk=third.pk).update(status=ActionStatus.CANCELLED)
    for role in ("chef", "auditeur", "formation"):
        with pytest.raises(PermissionDenied):
            services.plan_close(plan=plan, by=role_users[role], closing_note="Bilan")
    plan = services.plan_close(plan=plan, by=agent, closing_note=" Huit actions sur dix. ")
    assert plan.status == Status.CLOSED and plan.closed_at and plan.closing_note == "Huit actions sur dix."
    with pytest.raises(TransitionRefused):
        services.plan_close(plan=plan, by=agent, closing_note="Encore")


def test_a_draft_plan_is_not_closed(agent):
    with pytest.raises(TransitionRefused, match="Brouillon"):
        services.plan_close(plan=draft_plan(agent), by=agent, closing_note="Bilan")
