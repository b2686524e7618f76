"""Projects with what follow-up gives them (conventions with the governor's contribution, tranches, payments, progress
entries, beneficiary lines), bulk-created for the reports' tests: a known set whose every figure is computed by hand
in the tests, and a province of any size for the speed and query-count tests. The services that write these rows
are tested elsewhere; here only what the reports read matters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from projects.models import (
    Convention,
    ConventionParty,
    Payment,
    ProgressEntry,
    Project,
    ProjectBeneficiaries,
    Tranche,
)
from tests.factories import CommuneFactory, PartnerFactory, PhaseFactory, ProgrammeFactory
from tests.projects.test_tranches import RIB

D = Decimal
Sex, Age, Kind = ProjectBeneficiaries.Sex, ProjectBeneficiaries.AgeGroup, ProjectBeneficiaries.Kind


@dataclass
class Spec:
    """One project of a test set: its record, its convention (signed on, governor's contribution), its payments
    (date, amount), its progress entries (date, percent, difficulties) and beneficiary lines ((kind, sex), count)."""

    code: str
    programme: object
    cost: Decimal
    indh: Decimal
    holder: Decimal
    status: str = Project.Status.IN_PROGRESS
    validated_on: dt.date = dt.date(2026, 1, 10)
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    physical_progress: int = 0
    progress_updated_on: dt.date | None = None
    status_reason: str = ""
    jobs_planned: int = 0
    jobs_created: int = 0
    signed_on: dt.date | None = None
    convention_status: str = Convention.Status.EXECUTING
    payments: list[tuple[dt.date, Decimal]] = field(default_factory=list)
    entries: list[tuple[dt.date, int, str]] = field(default_factory=list)
    beneficiaries: dict = field(default_factory=dict)


def ground(programmes: int = 2) -> dict:
    phase = PhaseFactory()
    return {
        "phase": phase,
        "programmes": [ProgrammeFactory(phase=phase) for _i in range(programmes)],
        "holder": PartnerFactory(),
        "commune": CommuneFactory(),
    }


def build(ground: dict, agent, specs: list[Spec]) -> list[Project]:
    """The projects of ``specs`` and their follow-up rows, a handful of bulk inserts whatever their number."""
    projects = Project.objects.bulk_create(
        Project(
            code=spec.code,
            title=f"Projet {spec.code}",
            phase=ground["phase"],
            programme=spec.programme,
            holder=ground["holder"],
            commune=ground["commune"],
            estimated_cost=spec.cost,
            indh_share=spec.indh,
            holder_contribution=spec.holder,
            duration_months=12,
            validated_on=spec.validated_on,
            status=spec.status,
            status_reason=spec.status_reason,
            planned_start=spec.planned_start,
            planned_end=spec.planned_end,
            physical_progress=spec.physical_progress,
            progress_updated_on=spec.progress_updated_on,
            jobs_planned=spec.jobs_planned,
            jobs_created=spec.jobs_created,
        )
        for spec in specs
    )
    pairs = list(zip(specs, projects, strict=True))
    signed = [(spec, project) for spec, project in pairs if spec.signed_on]
    conventions = Convention.objects.bulk_create(
        Convention(
            reference=f"CONV-{project.code}",
            year=spec.signed_on.year,
            project=project,
            title=project.title,
            status=spec.convention_status,
            signed_on=spec.signed_on,
        )
        for spec, project in signed
    )
    ConventionParty.objects.bulk_create(
        ConventionParty(convention=convention, kind=ConventionParty.Kind.GOVERNOR, contribution=spec.indh)
        for (spec, _project), convention in zip(signed, conventions, strict=True)
    )
    tranches = Tranche.objects.bulk_create(
        Tranche(convention=convention, number=1, amount=spec.indh, released=True, released_on=spec.signed_on)
        for (spec, _project), convention in zip(signed, conventions, strict=True)
    )
    Payment.objects.bulk_create(
        Payment(
            tranche=tranche,
            paid_on=paid_on,
            amount=amount,
            payment_order=f"OP-{tranche.convention.reference}-{number}",
            rib=RIB,
            recorded_by=agent,
        )
        for (spec, _project), tranche in zip(signed, tranches, strict=True)
        for number, (paid_on, amount) in enumerate(spec.payments, start=1)
    )
    ProgressEntry.objects.bulk_create(
        ProgressEntry(
            project=project,
            recorded_on=recorded_on,
            percent=percent,
            narrative="Travaux",
            problems=problems,
            recorded_by=agent,
        )
        for spec, project in pairs
        for recorded_on, percent, problems in spec.entries
    )
    ProjectBeneficiaries.objects.bulk_create(
        ProjectBeneficiaries(project=project, kind=kind, sex=sex, age_group=Age.ADULT, count=count)
        for spec, project in pairs
        for (kind, sex), count in spec.beneficiaries.items()
    )
    return projects


def province(ground: dict, agent, count: int, start: int = 0) -> list[Project]:
    """``count`` projects spread over the ground's programmes, each with a convention, three payments (before,
    inside and after the 2026's second quarter), two progress entries and beneficiary lines; one in ten late."""
    programmes = ground["programmes"]
    specs = [
        Spec(
            code=f"BULK-{start + i:05d}",
            programme=programmes[i % len(programmes)],
            cost=D("500000"),
            indh=D("300000"),
            holder=D("200000"),
            planned_end=dt.date(2026, 5, 31) if i % 10 == 0 else dt.date(2027, 6, 30),
            physical_progress=(i * 7) % 100,
            progress_updated_on=dt.date(2026, 5, 1),
            jobs_planned=3,
            jobs_created=i % 3,
            signed_on=dt.date(2026, 1, 20),
            payments=[
                (dt.date(2026, 2, 10), D("50000")),
                (dt.date(2026, 5, 10), D("60000")),
                (dt.date(2026, 8, 10), D("70000")),
            ],
            entries=[
                (dt.date(2026, 3, 1), (i * 3) % 100, ""),
                (dt.date(2026, 5, 1), (i * 7) % 100, "Intempéries" if i % 10 == 0 else ""),
            ],
            beneficiaries={(Kind.TARGETED, Sex.FEMALE): 40, (Kind.TARGETED, Sex.MALE): 35},
        )
        for i in range(count)
    ]
    return build(ground, agent, specs)
