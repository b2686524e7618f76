"""The needs area's services: themes, needs (origin consistency, derived status, deletion), modules (codes,
prerequisite cycles), curricula (order, warnings), the yearly analysis and the demo data."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from committees.models import Committee
from tests.committees.builders import committee
from tests.factories import CommuneFactory
from tests.training.factories import PlanActionFactory, TeamFactory, TrainingSessionFactory
from tests.training.matrix_needs import build_curriculum, build_module, build_need, build_theme
from training import needs_selectors as selectors
from training.models import ActorType, Curriculum, Module, Need, NeedTheme, Team, TrainingSession
from training.services import needs as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(role_users):
    return role_users["formation"]


@pytest.fixture
def theme(agent):
    return build_theme(agent)


def messages_of(excinfo, field):
    return " ".join(excinfo.value.message_dict[field])


# --- Themes ----------------------------------------------------------------------------------------------------------


def test_theme_code_is_upper_cased_and_unique_whatever_the_case(agent):
    theme = build_theme(agent, code=" th01 ")
    assert theme.code == "TH01"
    with pytest.raises(ValidationError) as excinfo:
        build_theme(agent, code="Th01", name="Autre")
    assert "porte déjà le code « TH01 »" in messages_of(excinfo, "code")
    # Saving the theme itself under its own code is not a clash.
    services.theme_save(by=agent, theme=theme, code="th01", name_fr="Gestion de projets INDH")
    theme.refresh_from_db()
    assert theme.name_fr == "Gestion de projets INDH"


def test_theme_requires_code_and_name(agent):
    with pytest.raises(ValidationError) as excinfo:
        services.theme_save(by=agent, code="", name_fr=" ")
    assert messages_of(excinfo, "code") == "Indiquez le code du thème."
    assert messages_of(excinfo, "name_fr") == "Indiquez le nom du thème en français."
    assert not NeedTheme.objects.exists()


@pytest.mark.parametrize("role", ["chef", "auditeur", "suivi_evaluation"])
def test_only_the_training_service_writes(role_users, role):
    with pytest.raises(PermissionDenied):
        build_theme(role_users[role])


# --- Needs: origin -----------------------------------------------------------------------------------------------


def test_eaq_need_names_an_eaq_team_and_takes_its_commune(agent, theme):
    team = TeamFactory(kind=Team.Kind.EAQ)
    need = build_need(agent, theme, source=Need.Source.EAQ, team=team, target_group=ActorType.EAQ)
    assert need.team == team
    assert need.commune == team.commune
    assert need.recorded_by == agent


def test_eaq_need_refuses_an_eac_team_and_a_missing_team(agent, theme):
    eac = TeamFactory(kind=Team.Kind.EAC, locality=None)
    with pytest.raises(ValidationError) as excinfo:
        build_need(agent, theme, source=Need.Source.EAQ, team=eac)
    assert "n'est pas une EAQ" in messages_of(excinfo, "team")
    with pytest.raises(ValidationError) as excinfo:
        build_need(agent, theme, source=Need.Source.EAQ)
    assert "indique l'équipe" in messages_of(excinfo, "team")
    assert not Need.objects.exists()


def test_team_only_for_team_sources_and_committee_only_for_committee_sources(agent, theme, role_users):
    team = TeamFactory(kind=Team.Kind.EAQ)
    cpdh = committee(role_users["secretariat_cpdh"], kind=Committee.Kind.CPDH)
    with pytest.raises(ValidationError) as excinfo:
        build_need(agent, theme, source=Need.Source.HOLDERS, team=team, committee=cpdh)
    assert "Seul un besoin exprimé par une EAC ou une EAQ" in messages_of(excinfo, "team")
    assert "Seul un besoin exprimé par un CLDH ou le CPDH" in messages_of(excinfo, "committee")


def test_cldh_need_names_a_cldh(agent, theme, role_users):
    cpdh = committee(role_users["secretariat_cpdh"], kind=Committee.Kind.CPDH)
    with pytest.raises(ValidationError) as excinfo:
        build_need(agent, theme, source=Need.Source.CLDH, committee=cpdh)
    assert "n'est pas un CLDH" in messages_of(excinfo, "committee")
    with pytest.raises(ValidationError) as excinfo:
        build_need(agent, theme, source=Need.Source.CLDH)
    assert "indique le comité" in messages_of(excinfo, "committee")
    need = build_need(agent, theme, source=Need.Source.CPDH, committee=cpdh, target_group=ActorType.CPDH)
    assert need.committee == cpdh


def test_need_commune_must_be_the_team_one(agent, theme):
    team = TeamFactory(kind=Team.Kind.EAQ)
    with pytest.raises(ValidationError) as excinfo:
        build_need(agent, theme, source=Need.Source.EAQ, team=team, commune=CommuneFactory())
    assert "n'est pas celle de" in messages_of(excinfo, "commune")


def test_need_dates_people_and_inactive_theme(agent, theme):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        build_need(agent, theme, expressed_on=tomorrow, people_count=0, description="")
    errors = excinfo.value.message_dict
    assert errors["expressed_on"] == ["La date d'expression du besoin ne peut pas être dans le futur."]
    assert errors["people_count"] == ["Le nombre de personnes concernées est d'au moins 1."]
    assert errors["description"] == ["Décrivez le besoin exprimé."]
    with pytest.raises(ValidationError) as excinfo:
        build_need(agent, theme, year=2025, expressed_on=datetime.date(2026, 1, 5))
    assert "après cette année" in messages_of(excinfo, "expressed_on")
    need = build_need(agent, theme)
    services.theme_save(by=agent, theme=theme, code=theme.code, name_fr=theme.name_fr, is_active=False)
    theme.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        build_need(agent, theme)
    assert "n'est plus actif" in messages_of(excinfo, "theme")
    # A need already on the theme keeps it when it is changed.
    services.need_save(
        by=agent,
        need=need,
        year=need.year,
        source=need.source,
        theme=theme,
        description="Autre formulation",
        target_group=need.target_group,
        people_count=8,
        expressed_on=need.expressed_on,
    )
    need.refresh_from_db()
    assert need.people_count == 8


# --- Needs: status and deletion --------------------------------------------------------------------------------------


def status_of(need):
    return selectors.needs_list().get(pk=need.pk).status


def test_status_open_planned_covered(agent, theme):
    need = build_need(agent, theme)
    other = build_need(agent, theme, description="Autre besoin")
    assert status_of(need) == "ouvert"
    action = PlanActionFactory()
    action.needs.add(need)
    assert status_of(need) == "planifie"
    TrainingSessionFactory(action=action, status=TrainingSession.Status.PLANNED)
    TrainingSessionFactory(action=action, status=TrainingSession.Status.CANCELLED)
    assert status_of(need) == "planifie"
    TrainingSessionFactory(action=action, status=TrainingSession.Status.HELD)
    assert status_of(need) == "couvert"
    assert status_of(other) == "ouvert"
    closed_action = PlanActionFactory()
    closed_action.needs.add(other)
    TrainingSessionFactory(action=closed_action, status=TrainingSession.Status.CLOSED)
    assert status_of(other) == "couvert"
    assert set(selectors.needs_list().filter(status="couvert")) == {need, other}


def test_need_deleted_while_open_refused_once_planned(agent, theme):
    open_need = build_need(agent, theme)
    services.need_delete(by=agent, need=open_need)
    assert not Need.objects.filter(pk=open_need.pk).exists()
    planned = build_need(agent, theme)
    PlanActionFactory().needs.add(planned)
    with pytest.raises(ValidationError) as excinfo:
        services.need_delete(by=agent, need=planned)
    assert "ne peut plus être supprimé" in " ".join(excinfo.value.messages)
    assert Need.objects.filter(pk=planned.pk).exists()


def test_need_delete_requires_the_permission(role_users, agent, theme):
    need = build_need(agent, theme)
    with pytest.raises(PermissionDenied):
        services.need_delete(by=role_users["chef"], need=need)


# --- Modules ---------------------------------------------------------------------------------------------------------


def test_module_code_unique_case_insensitive(agent):
    build_module(agent, code="m01")
    with pytest.raises(ValidationError) as excinfo:
        build_module(agent, code="M01")
    assert messages_of(excinfo, "code") == "Un module porte déjà le code « M01 »."


def test_module_cannot_be_its_own_prerequisite(agent):
    module = build_module(agent)
    with pytest.raises(ValidationError) as excinfo:
        build_module(agent, code="M01", module=module, prerequisites=[module])
    assert messages_of(excinfo, "prerequisites") == "Un module ne peut pas être son propre prérequis."


def test_prerequisite_cycle_refused(agent):
    first = build_module(agent, code="M01")
    second = build_module(agent, code="M02", prerequisites=[first])
    third = build_module(agent, code="M03", prerequisites=[second])
    with pytest.raises(ValidationError) as excinfo:
        build_module(agent, code="M01", module=first, prerequisites=[third])
    message = messages_of(excinfo, "prerequisites")
    assert "Prérequis circulaire" in message and "M03" in message
    assert list(first.prerequisites.all()) == []
    # A prerequisite that does not lead back is fine (a diamond is not a cycle).
    fourth = build_module(agent, code="M04", prerequisites=[first, second, third])
    assert set(fourth.prerequisites.all()) == {first, second, third}


def test_module_fields_checked(agent):
    with pytest.raises(ValidationError) as excinfo:
        build_module(agent, duration_hours=Decimal("30"), duration_days=2, target_groups=[], objectives="")
    errors = excinfo.value.message_dict
    assert "au plus 12 heures par jour" in errors["duration_hours"][0]
    assert errors["target_groups"] == ["Indiquez au moins un public cible."]
    assert errors["objectives"] == ["Indiquez les objectifs pédagogiques."]
    assert not Module.objects.exists()


def test_module_themes_and_targets_saved(agent, theme):
    module = build_module(agent, themes=[theme], target_groups=[ActorType.HOLDER, ActorType.EAQ])
    assert list(module.themes.all()) == [theme]
    assert module.target_groups == [ActorType.EAQ, ActorType.HOLDER]  # in the choices' order


# --- Curricula -------------------------------------------------------------------------------------------------------


def positions(curriculum):
    return list(curriculum.steps.order_by("position").values_list("module__code", flat=True))


def test_curriculum_order_add_move_remove(agent):
    first, second, third = (build_module(agent, code=f"M0{n}") for n in (1, 2, 3))
    curriculum = build_curriculum(agent, modules=[first, second, third])
    assert positions(curriculum) == ["M01", "M02", "M03"]
    step = curriculum.steps.get(module=third)
    services.curriculum_move_module(by=agent, curriculum=curriculum, step=step, direction="up")
    assert positions(curriculum) == ["M01", "M03", "M02"]
    first_step = curriculum.steps.get(module=first)
    with pytest.raises(ValidationError, match="déjà le premier"):
        services.curriculum_move_module(by=agent, curriculum=curriculum, step=first_step, direction="up")
    services.curriculum_remove_module(by=agent, curriculum=curriculum, step=first_step)
    assert positions(curriculum) == ["M03", "M02"]
    assert list(curriculum.steps.order_by("position").values_list("position", flat=True)) == [1, 2]
    with pytest.raises(ValidationError) as excinfo:
        services.curriculum_add_module(by=agent, curriculum=curriculum, module=second)
    assert "fait déjà partie de ce parcours" in messages_of(excinfo, "module")


def test_curriculum_code_unique_and_inactive_module_refused(agent):
    build_curriculum(agent, code="pc01")
    with pytest.raises(ValidationError) as excinfo:
        build_curriculum(agent, code="PC01")
    assert "porte déjà le code « PC01 »" in messages_of(excinfo, "code")
    old = build_module(agent, is_active=False)
    with pytest.raises(ValidationError) as excinfo:
        build_curriculum(agent, code="PC02", modules=[old])
    assert "n'est plus actif" in messages_of(excinfo, "module")
    assert Curriculum.objects.count() == 2  # the curriculum was saved before the refused step


def test_curriculum_warns_of_a_prerequisite_placed_after(agent):
    first = build_module(agent, code="M01", duration_hours=Decimal("6"), duration_days=1)
    second = build_module(agent, code="M02", prerequisites=[first])
    curriculum = build_curriculum(agent, modules=[second, first])
    view = selectors.curriculum_detail(curriculum.pk)
    assert [(step.module.code, [m.code for m in step.missing]) for step in view.warnings] == [("M02", ["M01"])]
    assert (view.hours, view.days) == (Decimal("18"), 3)
    step = curriculum.steps.get(module=first)
    services.curriculum_move_module(by=agent, curriculum=curriculum, step=step, direction="up")
    assert selectors.curriculum_detail(curriculum.pk).warnings == []


# --- Analysis --------------------------------------------------------------------------------------------------------


def test_analysis_groups_by_theme_with_statuses(agent, theme):
    other_theme = build_theme(agent, code="TH02", name="Comptabilité")
    first = build_need(agent, theme, people_count=10, priority=Need.Priority.HIGH)
    build_need(agent, theme, people_count=5, source=Need.Source.MINISTRY)
    build_need(agent, other_theme, people_count=7, target_group=ActorType.ASSOCIATION, source=Need.Source.HOLDERS)
    build_need(agent, other_theme, year=2025, expressed_on=datetime.date(2025, 3, 1))
    PlanActionFactory().needs.add(first)
    analysis = selectors.analysis(2026)
    assert [group.theme for group in analysis.groups] == [theme, other_theme]
    projects, accounting = analysis.groups
    assert (projects.needs, projects.people) == (2, 15)
    assert projects.by_status == {"planifie": 1, "ouvert": 1}
    assert projects.by_priority == {"1_haute": 1, "2_moyenne": 1}
    assert accounting.by_target == {"association": 1}
    assert (analysis.total.needs, analysis.total.people) == (3, 22)
    assert analysis.status_totals == [("ouvert", "Ouvert", 2), ("planifie", "Planifié", 1), ("couvert", "Couvert", 0)]
    assert [value for value, _label in analysis.sources] == ["porteurs", "das", "ministere"]


# --- Demo data -------------------------------------------------------------------------------------------------------


def test_demo_seed_is_idempotent_and_needs_the_teams(agent, role_users):
    from training import demo_needs

    admin = role_users["secretariat_cpdh"]
    committee(admin, kind=Committee.Kind.CPDH)
    cldh_commune = CommuneFactory()
    committee(admin, kind=Committee.Kind.CLDH, commune=cldh_commune)
    with pytest.raises(demo_needs.MissingDemoData, match="demo_people"):
        demo_needs.seed(by=agent)
    TeamFactory(kind=Team.Kind.EAQ)
    TeamFactory(kind=Team.Kind.EAC, locality=None)
    created = demo_needs.seed(by=agent)
    assert created == 10  # the themes, modules and curricula were made before the refusal
    assert demo_needs.seed(by=agent) == 0
    assert NeedTheme.objects.filter(code__in=[f"TH0{n}" for n in range(1, 7)]).count() == 6
    assert Module.objects.count() == 8
    assert Curriculum.objects.get(code="PC01").title_fr == "Formation initiale des EAQ"
    assert Need.objects.count() == 10
    assert Module.objects.get(code="M07").prerequisites.count() == 2
    assert selectors.curriculum_detail(Curriculum.objects.get(code="PC01").pk).warnings == []
