"""Factories for the literacy area's records, built directly (the services are exercised by their own tests), and
helpers that build a campaign through the services."""

import datetime

import factory
from factory.django import DjangoModelFactory

from coordination.models.literacy import (
    LiteracyCampaign,
    LiteracyCentre,
    LiteracyClass,
    LiteracyOperation,
)
from coordination.services import literacy as services
from tests.factories import CommuneFactory, PartnerFactory

YEAR = 2025
START = datetime.date(YEAR, 10, 1)
END = datetime.date(YEAR + 1, 6, 30)


class LiteracyCampaignFactory(DjangoModelFactory):
    class Meta:
        model = LiteracyCampaign

    start_year = factory.Sequence(lambda n: 2060 + n)
    start_on = factory.LazyAttribute(lambda o: datetime.date(o.start_year, 10, 1))
    end_on = factory.LazyAttribute(lambda o: datetime.date(o.start_year + 1, 6, 30))
    target_learners = 500


class LiteracyCentreFactory(DjangoModelFactory):
    class Meta:
        model = LiteracyCentre

    name = factory.Sequence(lambda n: f"Foyer féminin n° {n}")
    kind = LiteracyCentre.Kind.WOMEN_CENTRE
    commune = factory.SubFactory(CommuneFactory)


class LiteracyOperationFactory(DjangoModelFactory):
    class Meta:
        model = LiteracyOperation

    campaign = factory.SubFactory(LiteracyCampaignFactory)
    reference = factory.Sequence(lambda n: f"ALPHA-F-{n:04d}")
    programme = LiteracyOperation.Programme.GENERAL
    operator = factory.SubFactory(PartnerFactory)
    commune = factory.SubFactory(CommuneFactory)
    start_on = factory.LazyAttribute(lambda o: o.campaign.start_on)
    end_on = factory.LazyAttribute(lambda o: o.campaign.end_on)


class LiteracyClassFactory(DjangoModelFactory):
    class Meta:
        model = LiteracyClass

    operation = factory.SubFactory(LiteracyOperationFactory)
    centre = factory.SubFactory(LiteracyCentreFactory)
    name = factory.Sequence(lambda n: f"Classe {n}")
    level = LiteracyClass.Level.LEVEL_1
    start_on = factory.LazyAttribute(lambda o: o.operation.start_on)
    end_on = factory.LazyAttribute(lambda o: o.operation.end_on)
    hours = 250


def grid(**cells):
    """Grid lines from keyword cells: F_25_44=(12, 9) → women 25-44, 12 enrolled, 9 completed."""
    lines = []
    for name, (enrolled, completed) in cells.items():
        sex, low, *high = name.split("_")
        age = f"{low}-{high[0]}" if high else f"{low}+"
        lines.append({"sex": sex, "age_group": age, "enrolled": enrolled, "completed": completed})
    return lines


def running_campaign(agent, *, year=YEAR, start_on=START, end_on=END):
    campaign = services.campaign_create(
        by=agent, start_year=year, start_on=start_on, end_on=end_on, target_learners=400
    )
    return services.campaign_start(campaign=campaign, by=agent)


def operation_in(campaign, agent, *, commune=None, operator=None, programme="general", start=True):
    operation = services.operation_create(
        campaign=campaign,
        by=agent,
        programme=programme,
        operator=operator or PartnerFactory(),
        commune=commune or CommuneFactory(),
        start_on=campaign.start_on,
        end_on=campaign.end_on,
        target_learners=60,
    )
    if start:
        operation = services.operation_start(operation=operation, by=agent)
    return operation


def class_in(operation, agent, *, name=None, centre=None, level="niveau_1", **extra):
    return services.class_create(
        operation=operation,
        by=agent,
        name=name or f"Classe {LiteracyClass.objects.count() + 1}",
        centre=centre or LiteracyCentreFactory(commune=operation.commune),
        level=level,
        instructor="Khadija Oubella",
        start_on=extra.get("start_on", operation.start_on),
        end_on=extra.get("end_on", operation.end_on),
        hours=250,
    )


def convention_of(operator, reference=None):
    """An INDH convention whose project the operator holds (rows made directly: the projects app tests its own)."""
    from decimal import Decimal

    from projects.models import Convention, Project
    from tests.factories import PhaseFactory, ProgrammeFactory

    number = Convention.objects.count() + 1
    project = Project.objects.create(
        code=f"PRJ-LIT-{number:04d}",
        title="Centre d'alphabétisation fonctionnelle",
        phase=PhaseFactory(),
        programme=ProgrammeFactory(),
        holder=operator,
        commune=operator.commune or CommuneFactory(),
        estimated_cost=Decimal("120000"),
        indh_share=Decimal("100000"),
        holder_contribution=Decimal("20000"),
        duration_months=12,
        validated_on=datetime.date(2025, 6, 1),
    )
    return Convention.objects.create(
        reference=reference or f"CONV-LIT-{number:04d}",
        year=2025,
        project=project,
        title=project.title,
        status=Convention.Status.EXECUTING,
    )
