"""A known set of projects for the dashboard's tests, every figure of which is computed by hand in the tests.

The rows are created directly (the services that create them are tested elsewhere; here only the figures matter):

- A: P1, commune C1 with territories 60 % C1 / 40 % C2, validated 2025-03-01, en cours. Cost 1 000 000, INDH
  600 000, holder 200 000, a partner 200 000; convention signed 2025-02-10 (INDH 600 000), paid 200 000 on
  2025-03-15 and 100 000 on 2025-08-01; progress 20 % on 2025-03-20, 50 % on 2025-09-10; jobs 10 planned, 4
  created; beneficiaries targeted women adults 100, men adults 80, reached women adults 40.
- B: P1, C2, validated 2025-03-15, abandonné (holder a commune). Cost 500 000, INDH 400 000, holder 100 000;
  convention signed 2025-04-01 (400 000) then terminated after a payment of 150 000 on 2025-05-05; progress 10 %
  on 2025-05-20.
- C: P2, C1, validated 2025-04-01, en cours. Cost 800 000, INDH 800 000; no convention, a marché awarded
  2025-07-15 for 700 000 (and a cancelled one for 90 000); planned end 2025-11-30 (late at the end of 2025);
  progress 30 % on 2025-10-15; 5 jobs planned.
- D: P2, C2, validated 2025-11-20, validé (holder a commune). Cost 200 000, INDH 150 000, holder 50 000; planned
  start 2026-03-01; beneficiaries targeted young men 30.
- E: P1, C1, validated 2024-05-01, en cours. Cost 300 000, INDH 300 000; convention signed 2024-06-01 (300 000),
  paid 100 000 on 2024-09-01 and 50 000 on 2025-02-01; progress 80 % on 2025-01-15.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from das.models import Partner
from projects.models import (
    Convention,
    ConventionParty,
    Payment,
    Procurement,
    ProgressEntry,
    Project,
    ProjectBeneficiaries,
    ProjectFunding,
    ProjectTerritory,
    Tranche,
)
from tests.factories import CommuneFactory, PartnerFactory, PhaseFactory, ProgrammeFactory
from tests.projects.test_tranches import RIB

D = dt.date
Status = Project.Status
Kind, Sex, Age = ProjectBeneficiaries.Kind, ProjectBeneficiaries.Sex, ProjectBeneficiaries.AgeGroup


def project(world, code, *, programme, commune, validated_on, cost, indh, holder, status, holder_partner=None, **extra):
    return Project.objects.create(
        code=code,
        title=f"Projet {code}",
        phase=world["phase"],
        programme=world[programme],
        holder=holder_partner or world["association"],
        commune=world[commune],
        estimated_cost=Decimal(cost),
        indh_share=Decimal(indh),
        holder_contribution=Decimal(holder),
        duration_months=12,
        validated_on=validated_on,
        status=status,
        **extra,
    )


def convention(project, reference, *, signed_on, indh, status=Convention.Status.EXECUTING):
    made = Convention.objects.create(
        reference=reference,
        year=signed_on.year,
        project=project,
        title=project.title,
        status=status,
        signed_on=signed_on,
    )
    ConventionParty.objects.create(convention=made, kind=ConventionParty.Kind.GOVERNOR, contribution=Decimal(indh))
    return made


def pay(convention, agent, *payments):
    tranche = Tranche.objects.create(
        convention=convention,
        number=1,
        amount=sum((Decimal(amount) for _on, amount in payments), Decimal(0)),
        released=True,
        released_on=payments[0][0],
        due_on=payments[0][0],
    )
    for number, (on, amount) in enumerate(payments, start=1):
        Payment.objects.create(
            tranche=tranche,
            paid_on=on,
            amount=Decimal(amount),
            payment_order=f"OP-{convention.reference}-{number}",
            rib=RIB,
            recorded_by=agent,
        )


def progress(project, agent, *entries):
    for on, percent in entries:
        ProgressEntry.objects.create(
            project=project, recorded_on=on, percent=percent, narrative="Travaux", recorded_by=agent
        )
    last_on, last = entries[-1]
    Project.objects.filter(pk=project.pk).update(physical_progress=last, progress_updated_on=last_on)


def beneficiaries(project, *lines):
    for kind, sex, age, count in lines:
        ProjectBeneficiaries.objects.create(project=project, kind=kind, sex=sex, age_group=age, count=count)


def known_world(role_users) -> dict:
    agent = role_users["suivi_evaluation"]
    phase = PhaseFactory()
    world = {
        "phase": phase,
        "p1": ProgrammeFactory(phase=phase, code="P1", name_fr="Rattrapage des déficits"),
        "p2": ProgrammeFactory(phase=phase, code="P2", name_fr="Précarité"),
        "c1": CommuneFactory(name_fr="Aourir"),
        "c2": CommuneFactory(name_fr="Drarga"),
        "association": PartnerFactory(kind=Partner.Kind.ASSOCIATION),
        "commune_holder": PartnerFactory(kind=Partner.Kind.COMMUNE),
        "funder": PartnerFactory(kind=Partner.Kind.PUBLIC_BODY),
    }
    adult, young = Age.values[-2], Age.values[1]
    world["adult"], world["young"] = adult, young

    a = project(
        world,
        "DB-A",
        programme="p1",
        commune="c1",
        validated_on=D(2025, 3, 1),
        cost="1000000",
        indh="600000",
        holder="200000",
        status=Status.IN_PROGRESS,
        actual_start=D(2025, 3, 1),
        planned_end=D(2026, 6, 30),
        jobs_planned=10,
        jobs_created=4,
    )
    ProjectFunding.objects.create(project=a, partner=world["funder"], amount=Decimal("200000"))
    ProjectTerritory.objects.create(project=a, commune=world["c1"], share=Decimal("60"))
    ProjectTerritory.objects.create(project=a, commune=world["c2"], share=Decimal("40"))
    pay(
        convention(a, "CONV-A", signed_on=D(2025, 2, 10), indh="600000"),
        agent,
        (D(2025, 3, 15), "200000"),
        (D(2025, 8, 1), "100000"),
    )
    progress(a, agent, (D(2025, 3, 20), 20), (D(2025, 9, 10), 50))
    beneficiaries(
        a,
        (Kind.TARGETED, Sex.FEMALE, adult, 100),
        (Kind.TARGETED, Sex.MALE, adult, 80),
        (Kind.REACHED, Sex.FEMALE, adult, 40),
    )

    b = project(
        world,
        "DB-B",
        programme="p1",
        commune="c2",
        validated_on=D(2025, 3, 15),
        cost="500000",
        indh="400000",
        holder="100000",
        status=Status.ABANDONED,
        holder_partner=world["commune_holder"],
        actual_start=D(2025, 4, 10),
        planned_end=D(2025, 9, 30),  # passed, but an abandoned project is not late
    )
    terminated = convention(b, "CONV-B", signed_on=D(2025, 4, 1), indh="400000", status=Convention.Status.TERMINATED)
    pay(terminated, agent, (D(2025, 5, 5), "150000"))
    progress(b, agent, (D(2025, 5, 20), 10))

    c = project(
        world,
        "DB-C",
        programme="p2",
        commune="c1",
        validated_on=D(2025, 4, 1),
        cost="800000",
        indh="800000",
        holder="0",
        status=Status.IN_PROGRESS,
        actual_start=D(2025, 7, 20),
        planned_end=D(2025, 11, 30),
        jobs_planned=5,
    )
    for reference, amount, ending in (("AO-C-1", "700000", ""), ("AO-C-2", "90000", Procurement.Ending.CANCELLED)):
        Procurement.objects.create(
            project=c,
            procedure=Procurement.Procedure.choices[0][0],
            reference=reference,
            subject="Travaux",
            estimated_amount=Decimal(amount),
            awarded_on=D(2025, 7, 15),
            awarded_amount=Decimal(amount),
            ending=ending,
            ended_on=D(2025, 8, 1) if ending else None,
        )
    progress(c, agent, (D(2025, 10, 15), 30))

    d = project(
        world,
        "DB-D",
        programme="p2",
        commune="c2",
        validated_on=D(2025, 11, 20),
        cost="200000",
        indh="150000",
        holder="50000",
        status=Status.VALIDATED,
        holder_partner=world["commune_holder"],
        planned_start=D(2026, 3, 1),
    )
    beneficiaries(d, (Kind.TARGETED, Sex.MALE, young, 30))

    e = project(
        world,
        "DB-E",
        programme="p1",
        commune="c1",
        validated_on=D(2024, 5, 1),
        cost="300000",
        indh="300000",
        holder="0",
        status=Status.IN_PROGRESS,
        actual_start=D(2024, 7, 1),
        planned_end=D(2026, 12, 31),
    )
    pay(
        convention(e, "CONV-E", signed_on=D(2024, 6, 1), indh="300000"),
        agent,
        (D(2024, 9, 1), "100000"),
        (D(2025, 2, 1), "50000"),
    )
    progress(e, agent, (D(2025, 1, 15), 80))
    world.update({"a": a, "b": b, "c": c, "d": d, "e": e})
    return world


def many_projects(world, count: int, start: int) -> None:
    """``count`` more projects of programme P1 in commune C1 with a convention, a payment and a progress entry
    (bulk-created: the query-count tests only need rows)."""
    projects = Project.objects.bulk_create(
        Project(
            code=f"DB-N{start + i:04d}",
            title=f"Projet {start + i}",
            phase=world["phase"],
            programme=world["p1"],
            holder=world["association"],
            commune=world["c1"],
            estimated_cost=Decimal("100000"),
            indh_share=Decimal("80000"),
            holder_contribution=Decimal("20000"),
            duration_months=12,
            validated_on=D(2025, 6, 1),
            status=Status.IN_PROGRESS,
            planned_end=D(2025, 10, 1),
            physical_progress=40,
            progress_updated_on=D(2025, 9, 1),
            jobs_created=1,
        )
        for i in range(count)
    )
    conventions = Convention.objects.bulk_create(
        Convention(
            reference=f"CONV-N{p.code}",
            year=2025,
            project=p,
            title=p.title,
            status=Convention.Status.EXECUTING,
            signed_on=D(2025, 6, 15),
        )
        for p in projects
    )
    ConventionParty.objects.bulk_create(
        ConventionParty(convention=c, kind=ConventionParty.Kind.GOVERNOR, contribution=Decimal("80000"))
        for c in conventions
    )
    ProjectBeneficiaries.objects.bulk_create(
        ProjectBeneficiaries(project=p, kind=Kind.TARGETED, sex=Sex.FEMALE, age_group=world["adult"], count=5)
        for p in projects
    )
    ProjectTerritory.objects.bulk_create(
        ProjectTerritory(project=p, commune=world["c2"], share=Decimal("100")) for p in projects
    )
