"""The yearly training plan's services: one plan a year, the rules of an action, its numbering, edits only in draft,
and every transition allowed and refused (role, state, guard). The builders at the top are shared with the other plan
tests and the URL matrix."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from das.models import BudgetLine
from das.workflow import TransitionRefused
from tests.factories import PartnerFactory
from tests.training.factories import BudgetLineFactory, ModuleFactory, NeedFactory, TrainingSessionFactory
from training.models import ActorType, PlanAction, TrainingPlan
from training.services import plans as services

Status = TrainingPlan.Status
YEAR = 2040


# --- Builders -------------------------------------------------------------------------------------------------------
def action_data(year=YEAR, **overrides):
    module = overrides.pop("module", None) or ModuleFactory(target_groups=[ActorType.EAQ, ActorType.EAC])
    data = {
        "module": module,
        "target_group": ActorType.EAQ,
        "planned_participants": 20,
        "planned_sessions": 2,
        "period_start": dt.date(year, 3, 1),
        "period_end": dt.date(year, 4, 30),
        "place": "Salle de réunion de la préfecture",
        "commune": None,
        "provider": PlanAction.Provider.DAS,
        "provider_partner": None,
        "budget_line": BudgetLineFactory(),
        "planned_cost": Decimal("30000.00"),
        "notes": "",
    }
    data.update(overrides)
    return data


def draft_plan(agent, year=YEAR, actions=1, **fields):
    plan = services.plan_create(by=agent, year=year, **fields)
    for index in range(actions):
        services.action_save(plan=plan, by=agent, **action_data(year, planned_cost=Decimal(10000 * (index + 1))))
    return plan


def validated_plan(role_users, year=YEAR, actions=1):
    return services.plan_validate(plan=draft_plan(role_users["formation"], year, actions), by=role_users["chef"])


def presented_plan(role_users, year=YEAR, actions=1):
    """Validated by the chef and approved by the CPDH at a meeting (see test_plan_agenda)."""
    from tests.training.test_plan_agenda import decided

    plan = validated_plan(role_users, year, actions)
    decided(role_users["secretariat_cpdh"], plan, "approuve")
    plan.refresh_from_db()
    return plan


def running_plan(role_users, year=YEAR, actions=1):
    return services.plan_start(plan=presented_plan(role_users, year, actions), by=role_users["formation"])


# --- Fixtures -------------------------------------------------------------------------------------------------------
pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(role_users):
    return role_users["formation"]


@pytest.fixture
def head(role_users):
    return role_users["chef"]


# --- One plan a year ------------------------------------------------------------------------------------------------
def test_a_plan_is_created_in_draft_once_a_year(agent):
    plan = services.plan_create(by=agent, year=YEAR, title="Plan 2040")
    assert plan.status == Status.DRAFT and plan.created_by == agent
    with pytest.raises(ValidationError) as error:
        services.plan_create(by=agent, year=YEAR)
    assert "existe déjà" in error.value.message_dict["year"][0]
    assert TrainingPlan.objects.filter(year=YEAR).count() == 1


def test_only_the_training_service_creates_a_plan(role_users):
    for role in ("chef", "auditeur", "secretariat_cpdh"):
        with pytest.raises(PermissionDenied):
            services.plan_create(by=role_users[role], year=YEAR)


def test_last_years_actions_can_be_copied_into_a_new_draft(agent):
    source = draft_plan(agent, YEAR, actions=2)
    copy = services.plan_create(by=agent, year=YEAR + 1, copy_from=source)
    actions = list(copy.actions.order_by("number"))
    assert [a.number for a in actions] == [1, 2]
    assert actions[0].period_start == dt.date(YEAR + 1, 3, 1)
    assert actions[1].planned_cost == Decimal("20000.00")


# --- Actions --------------------------------------------------------------------------------------------------------
def test_actions_are_numbered_per_plan_and_numbers_are_never_reused(agent):
    plan = draft_plan(agent, actions=3)
    other = draft_plan(agent, YEAR + 1, actions=1)
    assert list(plan.actions.values_list("number", flat=True)) == [1, 2, 3]
    assert other.actions.get().number == 1
    services.action_delete(action=plan.actions.get(number=3), by=agent)
    added = services.action_save(plan=plan, by=agent, **action_data())
    assert added.number == 4


def test_an_action_keeps_its_needs_of_the_year(agent):
    plan = draft_plan(agent, actions=0)
    needs = [NeedFactory(year=YEAR), NeedFactory(year=YEAR)]
    action = services.action_save(plan=plan, by=agent, needs=needs, **action_data())
    assert set(action.needs.all()) == set(needs)
    with pytest.raises(ValidationError) as error:
        services.action_save(plan=plan, by=agent, needs=[NeedFactory(year=YEAR - 1)], **action_data())
    assert "besoins de l'année 2040" in error.value.message_dict["needs"][0]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"module": "inactive"}, "module", "n'est plus actif"),
        ({"target_group": ActorType.COOPERATIVE}, "target_group", "ne s'adresse pas à ce public"),
        ({"period_start": dt.date(YEAR - 1, 12, 1)}, "period_start", "dans l'année du plan"),
        ({"period_end": dt.date(YEAR + 1, 1, 15)}, "period_end", "dans l'année du plan"),
        ({"period_start": dt.date(YEAR, 5, 1), "period_end": dt.date(YEAR, 4, 1)}, "period_end", "précède"),
        ({"provider": PlanAction.Provider.EXTERNAL}, "provider_partner", "indiquez l'organisme"),
        ({"provider": PlanAction.Provider.MINISTRY, "provider_partner": "partner"}, "provider_partner", "ne s'indique"),
        ({"budget_line": "retired"}, "budget_line", "n'est plus en usage"),
        ({"planned_cost": Decimal("-1")}, "planned_cost", "négatif"),
    ],
)
def test_an_action_breaking_a_rule_is_refused_with_a_french_message(agent, overrides, field, words):
    plan = draft_plan(agent, actions=0)
    if overrides.get("module") == "inactive":
        overrides["module"] = ModuleFactory(is_active=False)
    if overrides.get("provider_partner") == "partner":
        overrides["provider_partner"] = PartnerFactory()
    if overrides.get("budget_line") == "retired":
        overrides["budget_line"] = BudgetLine.objects.create(code="R-OLD", name_fr="Ancienne", is_active=False)
    with pytest.raises(ValidationError) as error:
        services.action_save(plan=plan, by=agent, **action_data(**overrides))
    assert words in " ".join(error.value.message_dict[field])
    assert not plan.actions.exists()


def test_an_external_provider_names_its_body(agent):
    plan = draft_plan(agent, actions=0)
    partner = PartnerFactory()
    action = services.action_save(
        plan=plan, by=agent, **action_data(provider=PlanAction.Provider.EXTERNAL, provider_partner=partner)
    )
    assert action.provider_partner == partner
    action = services.action_save(
        plan=plan, by=agent, action=action, **action_data(module=action.module, planned_cost=Decimal("0"))
    )
    assert action.provider == PlanAction.Provider.DAS and action.provider_partner is None
    assert action.planned_cost == Decimal("0")


def test_actions_change_only_while_the_plan_is_a_draft(role_users, agent):
    plan = validated_plan(role_users)
    action = plan.actions.get()
    with pytest.raises(TransitionRefused, match="ne se modifie qu'en brouillon"):
        services.action_save(plan=plan, by=agent, **action_data())
    with pytest.raises(TransitionRefused, match="ne se modifie qu'en brouillon"):
        services.action_save(plan=plan, by=agent, action=action, **action_data(module=action.module))
    with pytest.raises(TransitionRefused):
        services.action_delete(action=action, by=agent)
    with pytest.raises(TransitionRefused):
        services.plan_update(plan=plan, by=agent, title="x", objectives="")
    assert plan.actions.count() == 1


def test_only_the_training_service_edits_actions(role_users, agent):
    plan = draft_plan(agent)
    with pytest.raises(PermissionDenied):
        services.action_save(plan=plan, by=role_users["chef"], **action_data())
    with pytest.raises(PermissionDenied):
        services.action_delete(action=plan.actions.get(), by=role_users["auditeur"])


# --- Transitions ----------------------------------------------------------------------------------------------------
def test_the_chef_validates_a_plan_with_actions(role_users, agent, head):
    plan = services.plan_validate(plan=draft_plan(agent), by=head)
    assert plan.status == Status.VALIDATED
    assert plan.validated_by == head and plan.validated_at is not None


def test_a_plan_without_actions_cannot_be_validated(agent, head):
    plan = draft_plan(agent, actions=0)
    with pytest.raises(TransitionRefused, match="aucune action"):
        services.plan_validate(plan=plan, by=head)
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT


def test_the_training_service_does_not_validate(agent):
    with pytest.raises(PermissionDenied):
        services.plan_validate(plan=draft_plan(agent), by=agent)


def test_the_chef_sends_a_validated_plan_back_with_a_reason(role_users, agent, head):
    plan = validated_plan(role_users)
    with pytest.raises(TransitionRefused, match="motif"):
        services.plan_reopen(plan=plan, by=head, reason="  ")
    with pytest.raises(PermissionDenied):
        services.plan_reopen(plan=plan, by=agent, reason="À revoir")
    plan = services.plan_reopen(plan=plan, by=head, reason="Réduire le coût de l'action 1.")
    assert plan.status == Status.DRAFT
    assert plan.return_reason == "Réduire le coût de l'action 1." and plan.validated_at is None
    with pytest.raises(TransitionRefused, match="Brouillon"):
        services.plan_reopen(plan=plan, by=head, reason="encore")


def test_a_plan_is_put_in_execution_only_after_the_cpdh(role_users, agent):
    plan = validated_plan(role_users)
    with pytest.raises(TransitionRefused, match="Validé par le chef"):
        services.plan_start(plan=plan, by=agent)
    plan = presented_plan(role_users, YEAR + 1)
    with pytest.raises(PermissionDenied):
        services.plan_start(plan=plan, by=role_users["chef"])
    plan = services.plan_start(plan=plan, by=agent)
    assert plan.status == Status.IN_PROGRESS and plan.started_at is not None


def test_a_plan_closes_once_its_sessions_are_closed_or_cancelled(role_users, agent):
    plan = running_plan(role_users)
    action = plan.actions.get()
    planned = TrainingSessionFactory(action=action, start_date=dt.date(YEAR, 3, 10), end_date=dt.date(YEAR, 3, 11))
    held = TrainingSessionFactory(
        action=action, status="tenue", start_date=dt.date(YEAR, 4, 10), end_date=dt.date(YEAR, 4, 11)
    )
    TrainingSessionFactory(action=action, status="cloturee")
    with pytest.raises(TransitionRefused, match="2 session"):
        services.plan_close(plan=plan, by=agent, closing_note="Bilan")
    planned.status = "annulee"
    planned.save()
    held.status = "cloturee"
    held.save()
    with pytest.raises(TransitionRefused, match="bilan de clôture"):
        services.plan_close(plan=plan, by=agent, closing_note=" ")
    with pytest.raises(PermissionDenied):
        services.plan_close(plan=plan, by=role_users["chef"], closing_note="Bilan")
    plan = services.plan_close(plan=plan, by=agent, closing_note="Toutes les actions réalisées.")
    assert plan.status == Status.CLOSED and plan.closing_note == "Toutes les actions réalisées."
    with pytest.raises(TransitionRefused):
        services.plan_close(plan=plan, by=agent, closing_note="Encore")


def test_transitions_are_journaled(role_users, agent, head):
    from django.apps import apps

    plan = validated_plan(role_users)
    events = apps.get_model("training", "TrainingPlanChainedevent").objects.filter(pgh_obj_id=plan.pk)
    assert list(events.order_by("pgh_id").values_list("status", flat=True)) == ["brouillon", "valide"]
