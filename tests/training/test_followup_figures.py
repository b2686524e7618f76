"""The follow-up's figures against values computed by hand (training.followup_selectors)."""

import datetime
from decimal import Decimal

import pytest

from tests.factories import CommuneFactory
from tests.training.factories import (
    BudgetLineFactory,
    ModuleFactory,
    NeedFactory,
    NeedThemeFactory,
    ParticipantFactory,
    PersonFactory,
    PlanActionFactory,
    SessionDayFactory,
    TrainingPlanFactory,
    TrainingSessionFactory,
)
from training.followup_selectors import FollowupFilters, followup, key_figures
from training.models import ActorType, AgeGroup, Presence, Sex, SupportRequest, TrainingPlan, TrainingSession
from training.needs_selectors import NeedStatus

pytestmark = pytest.mark.django_db

NEED_OPEN, NEED_PLANNED, NEED_COVERED = NeedStatus.OPEN, NeedStatus.PLANNED, NeedStatus.COVERED

D = datetime.date
Status = TrainingSession.Status


def session(action, status, days, *, cost=None, start=None):
    """A session of ``action`` with its days [(date, hours)]."""
    start = start or days[0][0]
    built = TrainingSessionFactory(
        action=action, status=status, start_date=start, end_date=days[-1][0], actual_cost=cost
    )
    built.day_list = [SessionDayFactory(session=built, date=day, hours=Decimal(hours)) for day, hours in days]
    return built


def attend(built, person, *day_indexes):
    participant = ParticipantFactory(session=built, person=person)
    for index in day_indexes:
        Presence.objects.create(participant=participant, day=built.day_list[index])
    return participant


@pytest.fixture
def world():
    return build_world()


def build_world():
    """The plan 2026 (three actions, one never held), one action of the plan 2025 with a session in January 2026 and
    one in 2025; five needs of 2026 in every status, one of 2025. The expected figures are in the tests."""
    c1 = CommuneFactory(name_fr="Agadir")
    c2 = CommuneFactory(name_fr="Aourir")
    line_a = BudgetLineFactory(code="R-FORM", name_fr="Formation")
    line_b = BudgetLineFactory(code="R-GOUV", name_fr="Gouvernance")
    t1, t2 = NeedThemeFactory(code="T1"), NeedThemeFactory(code="T2")
    m1, m2 = ModuleFactory(code="M1"), ModuleFactory(code="M2")
    m2.themes.set([t2])
    plan = TrainingPlanFactory(year=2026, status=TrainingPlan.Status.IN_PROGRESS)
    old_plan = TrainingPlanFactory(year=2025, status=TrainingPlan.Status.CLOSED)
    a0 = PlanActionFactory(
        plan=old_plan,
        number=1,
        module=m2,
        commune=c1,
        planned_participants=5,
        planned_cost=Decimal("2000"),
        budget_line=line_a,
    )
    a1 = PlanActionFactory(
        plan=plan,
        number=1,
        module=m1,
        commune=c1,
        planned_participants=10,
        planned_sessions=2,
        planned_cost=Decimal("30000"),
        budget_line=line_a,
    )
    a2 = PlanActionFactory(
        plan=plan,
        number=2,
        module=m2,
        commune=c2,
        target_group=ActorType.CLDH,
        planned_participants=5,
        planned_cost=Decimal("10000"),
        budget_line=line_b,
    )
    a3 = PlanActionFactory(
        plan=plan,
        number=3,
        module=m1,
        commune=c1,
        planned_participants=8,
        planned_cost=Decimal("5000"),
        budget_line=line_a,
    )
    p1 = PersonFactory(sex=Sex.WOMAN, age_group=AgeGroup.YOUNG, actor_type=ActorType.EAQ, commune=c1)
    p2 = PersonFactory(sex=Sex.MAN, age_group=AgeGroup.ADULT, actor_type=ActorType.EAQ, commune=c2)
    p3 = PersonFactory(sex=Sex.WOMAN, age_group=AgeGroup.SENIOR, actor_type=ActorType.CLDH, commune=c1)
    p4 = PersonFactory(sex=Sex.MAN, age_group=AgeGroup.YOUNG, actor_type=ActorType.ASSOCIATION, commune=c1)
    p5 = PersonFactory(sex=Sex.WOMAN, age_group=AgeGroup.ADULT, actor_type=ActorType.CLDH, commune=None)
    p6 = PersonFactory(sex=Sex.MAN, age_group=AgeGroup.SENIOR, actor_type=ActorType.EAQ, commune=c1)
    p7 = PersonFactory(sex=Sex.WOMAN, age_group=AgeGroup.YOUNG, actor_type=ActorType.EAQ, commune=c1)

    s1 = session(a1, Status.HELD, [(D(2026, 3, 10), 6), (D(2026, 3, 11), 4)], cost=Decimal("12000"))
    attend(s1, p1, 0, 1)
    attend(s1, p2, 0)  # partial presence
    attend(s1, p3)  # invited, never came
    s2 = session(a1, Status.CLOSED, [(D(2026, 4, 5), 5)], cost=Decimal("8000"))
    attend(s2, p1, 0)  # the same person again: one person trained
    attend(s2, p4, 0)
    s3 = session(a1, Status.PLANNED, [(D(2026, 6, 1), 6)])
    attend(s3, p5, 0)  # a planned session counts for nothing
    s4 = session(a2, Status.CANCELLED, [(D(2026, 5, 1), 3)], cost=Decimal("999"))
    attend(s4, p2, 0)  # nor does a cancelled one
    s5 = session(a2, Status.HELD, [(D(2026, 5, 20), 3)], cost=Decimal("4000"))
    attend(s5, p2, 0)
    attend(s5, p5, 0)
    s6 = session(a0, Status.CLOSED, [(D(2026, 1, 15), 2)], cost=Decimal("1000"))
    attend(s6, p6, 0)
    s7 = session(a0, Status.CLOSED, [(D(2025, 11, 10), 4)], cost=Decimal("1500"))
    attend(s7, p7, 0)

    n1 = NeedFactory(theme=t1, commune=c1, people_count=12)
    n2 = NeedFactory(theme=t2, commune=c2, target_group=ActorType.CLDH, people_count=6)
    n3 = NeedFactory(theme=t1, commune=c1, people_count=7)
    NeedFactory(theme=t2, commune=c1, people_count=9)
    NeedFactory(theme=t2, commune=c2, target_group=ActorType.CLDH, people_count=4)
    NeedFactory(theme=t1, year=2025, people_count=50)
    a1.needs.add(n1)
    a2.needs.add(n2)
    a3.needs.add(n3)
    return {"c1": c1, "c2": c2, "m1": m1, "m2": m2, "a0": a0, "a1": a1, "a2": a2, "a3": a3, "t1": t1, "t2": t2}


def by_action(data):
    return {row.action.pk: row for row in data.actions}


def counts(breakdown):
    return {label: n for _key, label, n in breakdown.rows}


def test_planned_vs_done_per_action_and_totals(world):
    data = followup(FollowupFilters(year=2026))
    rows = by_action(data)
    assert [row.action.pk for row in data.actions] == [world[k].pk for k in ("a0", "a1", "a2", "a3")]
    a0, a1, a2, a3 = (rows[world[k].pk] for k in ("a0", "a1", "a2", "a3"))
    # a0: another plan's action, its January 2026 session only (the 2025 one is out of the period).
    assert (a0.sessions_held, a0.participations, a0.person_hours, a0.cost_done) == (1, 1, Decimal(2), Decimal(1000))
    assert (a1.sessions_planned, a1.sessions_held, a1.sessions_scheduled, a1.sessions_cancelled) == (2, 2, 1, 0)
    assert a1.participations == 4  # p1 twice (two sessions), p2 (one day of two), p4; p3 never came
    assert a1.person_hours == Decimal(26)  # p1 6+4+5, p2 6, p4 5
    assert a1.session_hours == Decimal(15)
    assert a1.cost_done == Decimal(20000)
    assert a1.realisation_rate == Decimal("40.00")
    assert a1.consumption_rate == Decimal("66.67")
    assert (a2.sessions_held, a2.sessions_cancelled, a2.participations, a2.cost_done) == (1, 1, 2, Decimal(4000))
    assert a2.person_hours == Decimal(6)
    assert (a3.sessions_held, a3.participations, a3.cost_done, a3.consumption_rate) == (0, 0, Decimal(0), Decimal(0))
    t = data.totals
    assert (t.sessions_planned, t.sessions_held, t.participants_planned, t.participations) == (5, 4, 28, 7)
    assert (t.person_hours, t.session_hours) == (Decimal(34), Decimal(20))
    assert (t.budget, t.cost_done) == (Decimal(47000), Decimal(25000))
    assert t.realisation_rate == Decimal("25.00")
    assert t.consumption_rate == Decimal("53.19")


def test_people_trained_are_distinct_and_each_breakdown_adds_up_to_them(world):
    data = followup(FollowupFilters(year=2026))
    assert data.people == 5  # p1, p2, p4, p5, p6
    b = data.breakdowns
    assert counts(b["sex"]) == {"Femme": 2, "Homme": 3}
    assert counts(b["age"]) == {"Jeune (moins de 35 ans)": 2, "35 à 59 ans": 2, "60 ans et plus": 1}
    assert counts(b["commune"]) == {"Agadir": 3, "Aourir": 1, "Sans commune": 1}
    assert counts(b["actor"]) == {"Membre d'EAQ": 3, "Association": 1, "Membre de CLDH": 1}
    assert all(breakdown.total == 5 for breakdown in b.values())


def test_hours_by_module_and_cost_by_budget_line(world):
    data = followup(FollowupFilters(year=2026))
    modules = {row.module.code: row for row in data.modules}
    m1, m2 = modules["M1"], modules["M2"]
    assert (m1.sessions_held, m1.session_hours, m1.person_hours, m1.people) == (2, 15, 26, 3)
    assert (m2.sessions_held, m2.session_hours, m2.person_hours, m2.people) == (2, 5, 8, 3)
    lines = {row.line.code: row for row in data.budget_lines}
    assert (lines["R-FORM"].actions, lines["R-FORM"].budget, lines["R-FORM"].cost_done) == (3, 37000, 21000)
    assert (lines["R-GOUV"].actions, lines["R-GOUV"].budget, lines["R-GOUV"].cost_done) == (1, 10000, 4000)
    assert lines["R-GOUV"].consumption_rate == Decimal("40.00")


def test_needs_covered_planned_and_open(world):
    data = followup(FollowupFilters(year=2026))
    themes = {row.theme.code: row.counts for row in data.needs}
    assert themes["T1"] == {NEED_COVERED: (1, 12), NEED_PLANNED: (1, 7)}
    assert themes["T2"] == {NEED_COVERED: (1, 6), NEED_OPEN: (2, 13)}
    assert data.need_totals == {
        NEED_OPEN: (2, 13),
        NEED_PLANNED: (1, 7),
        NEED_COVERED: (2, 18),
        "total": (5, 38),
    }


def test_commune_filter_keeps_that_communes_actions_and_needs(world):
    data = followup(FollowupFilters(year=2026, commune=world["c1"].pk))
    assert {row.action.pk for row in data.actions} == {world["a0"].pk, world["a1"].pk, world["a3"].pk}
    assert data.totals.participations == 5
    assert data.people == 4  # p6, p1, p2, p4
    assert data.need_totals["total"] == (3, 28)
    assert data.need_totals[NEED_OPEN] == (1, 9)


def test_actor_type_filter_reads_the_target_group(world):
    data = followup(FollowupFilters(year=2026, actor_type=ActorType.CLDH))
    assert [row.action.pk for row in data.actions] == [world["a2"].pk]
    assert data.people == 2
    assert counts(data.breakdowns["actor"]) == {"Membre d'EAQ": 1, "Membre de CLDH": 1}
    assert data.need_totals == {NEED_OPEN: (1, 4), NEED_PLANNED: (0, 0), NEED_COVERED: (1, 6), "total": (2, 10)}


def test_module_filter_keeps_its_actions_and_the_needs_of_its_themes(world):
    data = followup(FollowupFilters(year=2026, module=world["m2"].pk))
    assert {row.action.pk for row in data.actions} == {world["a0"].pk, world["a2"].pk}
    assert data.people == 3
    assert data.need_totals["total"] == (3, 19)


def test_another_year_reads_its_own_sessions(world):
    data = followup(FollowupFilters(year=2025))
    assert [row.action.pk for row in data.actions] == [world["a0"].pk]
    assert (data.totals.sessions_held, data.totals.participations, data.people) == (1, 1, 1)
    assert data.totals.cost_done == Decimal(1500)
    assert data.need_totals["total"] == (1, 50)
    empty = followup(FollowupFilters(year=2030))
    assert (empty.actions, empty.people, empty.plan) == ([], 0, None)
    assert empty.totals.consumption_rate is None


def test_key_figures_are_the_followups(world):
    SupportRequest.objects.bulk_create([])
    figures = key_figures(2026)
    data = followup(FollowupFilters(year=2026))
    assert figures.plan.year == 2026
    assert (figures.sessions_held, figures.sessions_planned, figures.sessions_scheduled) == (4, 5, 1)
    assert figures.people == data.people == 5
    assert (figures.budget, figures.cost_done) == (Decimal(47000), Decimal(25000))
    assert (figures.needs_open, figures.needs_total) == (2, 5)
    assert figures.open_support_requests == 0
