"""Factories for the training service's records, built directly (the services are exercised by their own tests; other
areas' tests use these to stand up the records they start from)."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from das.models import BudgetLine
from tests.factories import CommuneFactory, LocalityFactory, UserFactory
from training.models import (
    ActorType,
    AgeGroup,
    Module,
    Need,
    NeedTheme,
    Participant,
    Person,
    PlanAction,
    SessionDay,
    Sex,
    Team,
    TeamMember,
    TrainingPlan,
    TrainingSession,
)


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = BudgetLine
        django_get_or_create = ["code"]

    code = "R-FORM"
    name_fr = "Formation et renforcement des capacités"


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Personne {n} Amrani")
    sex = Sex.WOMAN
    age_group = AgeGroup.YOUNG
    actor_type = ActorType.EAQ
    commune = factory.SubFactory(CommuneFactory)


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    kind = Team.Kind.EAQ
    name = factory.Sequence(lambda n: f"Équipe {n}")
    commune = factory.SubFactory(CommuneFactory)
    locality = factory.LazyAttribute(lambda o: LocalityFactory(commune=o.commune) if o.kind == Team.Kind.EAQ else None)
    formed_on = datetime.date(2025, 1, 15)


class TeamMemberFactory(DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(TeamFactory)
    person = factory.SubFactory(PersonFactory)
    joined_on = datetime.date(2025, 1, 15)


class NeedThemeFactory(DjangoModelFactory):
    class Meta:
        model = NeedTheme

    code = factory.Sequence(lambda n: f"TH{n:02d}")
    name_fr = factory.Sequence(lambda n: f"Thème {n}")


class NeedFactory(DjangoModelFactory):
    class Meta:
        model = Need

    year = 2026
    source = Need.Source.EAQ
    theme = factory.SubFactory(NeedThemeFactory)
    description = "Montage et suivi de projets"
    target_group = ActorType.EAQ
    people_count = 12
    expressed_on = datetime.date(2026, 1, 20)
    recorded_by = factory.SubFactory(UserFactory)


class ModuleFactory(DjangoModelFactory):
    class Meta:
        model = Module

    code = factory.Sequence(lambda n: f"M{n:02d}")
    title_fr = factory.Sequence(lambda n: f"Module {n}")
    objectives = "Savoir monter un projet"
    content = "Diagnostic, montage, suivi"
    duration_hours = Decimal("12")
    duration_days = 2
    target_groups = factory.LazyFunction(lambda: [ActorType.EAQ])


class TrainingPlanFactory(DjangoModelFactory):
    class Meta:
        model = TrainingPlan
        django_get_or_create = ["year"]

    year = 2026
    created_by = factory.SubFactory(UserFactory)


class PlanActionFactory(DjangoModelFactory):
    class Meta:
        model = PlanAction

    plan = factory.SubFactory(TrainingPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    module = factory.SubFactory(ModuleFactory)
    target_group = ActorType.EAQ
    planned_participants = 20
    period_start = datetime.date(2026, 3, 1)
    period_end = datetime.date(2026, 3, 31)
    provider = PlanAction.Provider.DAS
    budget_line = factory.SubFactory(BudgetLineFactory)
    planned_cost = Decimal("30000.00")


class TrainingSessionFactory(DjangoModelFactory):
    class Meta:
        model = TrainingSession

    action = factory.SubFactory(PlanActionFactory)
    reference = factory.Sequence(lambda n: f"SF-2026-{n:04d}")
    start_date = datetime.date(2026, 3, 10)
    end_date = datetime.date(2026, 3, 11)
    place = "Salle de réunion de la Province"
    trainer = "Karim Benali"
    created_by = factory.SubFactory(UserFactory)


class SessionDayFactory(DjangoModelFactory):
    class Meta:
        model = SessionDay

    session = factory.SubFactory(TrainingSessionFactory)
    date = datetime.date(2026, 3, 10)
    hours = Decimal("6")


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    session = factory.SubFactory(TrainingSessionFactory)
    person = factory.SubFactory(PersonFactory)
    invited_on = datetime.date(2026, 3, 1)
