"""Builders of the ILDH and annual report tests: a KNOWN set whose every figure is computed by hand in the tests,
and a bulk set (thousands of projects) for query counts and timings.

Rows are created directly (the services that write them are tested elsewhere): what matters here is that each
figure of the reports comes out of given rows.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata
from decimal import Decimal

import pytest

from committees.models import Committee
from das.models import Sector
from projects.models import (
    ILDH,
    CommissionVisit,
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
from tests.committees import builders as committee_builders
from tests.factories import CommuneFactory, LocalityFactory, PartnerFactory, PhaseFactory, ProgrammeFactory
from tests.projects.test_call_notice import BIDI_CONTROLS
from tests.projects.test_tranches import RIB

D = dt.date


def pdf_text(content: bytes, tmp_path, name: str) -> str:
    """The PDF's text row by row (``pdftotext -raw``: a table's cells stay on their row), normalized as
    tests/projects/test_call_notice.pdf_text does (whitespace collapsed, Arabic forms, bidi marks removed)."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / name
    path.write_bytes(content)
    result = subprocess.run([pdftotext, "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(unicodedata.normalize("NFKC", result.stdout.decode()).translate(BIDI_CONTROLS).split())


Status = Project.Status
Beneficiary = ProjectBeneficiaries


def _project(ground, code, **fields) -> Project:
    values = {
        "title": f"Projet {code}",
        "phase": ground["phase"],
        "holder": ground["holder"],
        "duration_months": 12,
        "holder_contribution": Decimal("0"),
    }
    values.update(fields)
    return Project.objects.create(code=code, **values)


def _convention(project, signed_on, contribution, status=Convention.Status.EXECUTING) -> Tranche:
    convention = Convention.objects.create(
        reference=f"CONV-{project.code}",
        year=signed_on.year,
        project=project,
        title=project.title,
        status=status,
        signed_on=signed_on,
    )
    ConventionParty.objects.create(
        convention=convention, kind=ConventionParty.Kind.GOVERNOR, contribution=Decimal(contribution)
    )
    return Tranche.objects.create(
        convention=convention, number=1, amount=Decimal(contribution), released=True, released_on=signed_on
    )


def _pay(tranche, agent, *payments) -> None:
    for index, (paid_on, amount) in enumerate(payments, start=1):
        Payment.objects.create(
            tranche=tranche,
            paid_on=paid_on,
            amount=Decimal(amount),
            payment_order=f"OP-{tranche.convention.reference}-{index}",
            rib=RIB,
            recorded_by=agent,
        )


def _progress(project, agent, *entries) -> None:
    for recorded_on, percent, problems in entries:
        ProgressEntry.objects.create(
            project=project,
            recorded_on=recorded_on,
            percent=percent,
            narrative=f"Travaux à {percent} %",
            problems=problems,
            recorded_by=agent,
        )


def _marche(project, reference, **fields) -> Procurement:
    values = {"procedure": Procurement.Procedure.OPEN_TENDER, "subject": "Travaux", "estimated_amount": Decimal("1")}
    values.update(fields)
    marche = Procurement(project=project, reference=reference, **values)
    marche.save()
    return marche


def _beneficiaries(project, *lines) -> None:
    for kind, sex, age, count in lines:
        ProjectBeneficiaries.objects.create(project=project, kind=kind, sex=sex, age_group=age, count=count)


def known_set(role_users) -> dict:
    """Two ILDH, projects in and out of them (see each project's comment), dated around 2025 and 2026-T2.

    Commune A has a population (40 000), commune B has none.
    """
    agent = role_users["suivi_evaluation"]
    phase = PhaseFactory()  # Phase III, from 2019
    ground = {"phase": phase, "holder": PartnerFactory(name="Association Amal")}
    p1 = ProgrammeFactory(phase=phase, code="P1", name_fr="Rattrapage des déficits")
    p2 = ProgrammeFactory(phase=phase, code="P2", name_fr="Précarité")
    education = Sector.objects.create(code="EDU", name_fr="Éducation", name_ar="التعليم")
    health = Sector.objects.create(code="SAN", name_fr="Santé", name_ar="الصحة")
    commune_a = CommuneFactory(name_fr="Commune Alpha", name_ar="جماعة ألفا", population=40000)
    commune_b = CommuneFactory(name_fr="Commune Bêta", name_ar="جماعة بيتا", population=None)
    quartier = LocalityFactory(commune=commune_b, name_fr="Quartier Q")
    ildh1 = ILDH.objects.create(
        reference="ILDH-2024-0001", title="ILDH de la commune Alpha", commune=commune_a, start_year=2024, end_year=2026
    )
    ildh2 = ILDH.objects.create(
        reference="ILDH-2024-0002",
        title="ILDH du quartier Q",
        commune=commune_b,
        locality=quartier,
        start_year=2025,
        end_year=2027,
    )
    visits_committee = committee_builders.committee(role_users["secretariat_cpdh"], kind=Committee.Kind.RECEPTION)

    # ILDH 1, in progress and late (planned end 31/05/2026), 40 % at 31/03/2026 then 70 % on 20/05/2026.
    r1 = _project(
        ground,
        "R-01",
        programme=p1,
        sector=education,
        commune=commune_a,
        ildh=ildh1,
        estimated_cost=Decimal("1000000"),
        indh_share=Decimal("600000"),
        holder_contribution=Decimal("400000"),
        validated_on=D(2025, 3, 10),
        status=Status.IN_PROGRESS,
        planned_start=D(2025, 6, 1),
        planned_end=D(2026, 5, 31),
        actual_start=D(2025, 7, 1),
        physical_progress=70,
        progress_updated_on=D(2026, 5, 20),
        jobs_created=5,
        jobs_planned=6,
    )
    _progress(r1, agent, (D(2026, 3, 15), 40, ""), (D(2026, 5, 20), 70, "Retard de livraison du ciment"))
    tranche = _convention(r1, D(2025, 5, 1), "600000")
    _pay(tranche, agent, (D(2025, 12, 10), "200000"), (D(2026, 4, 15), "100000"), (D(2026, 8, 1), "50000"))
    _marche(  # executing, contractual end 01/04/2026 passed without reception: late
        r1,
        "M-01",
        estimated_amount=Decimal("480000"),
        published_on=D(2025, 7, 1),
        bids_opened_on=D(2025, 8, 1),
        awarded_on=D(2025, 9, 1),
        awarded_amount=Decimal("450000"),
        contractor_name="Entreprise Atlas",
        service_order_on=D(2025, 10, 1),
        duration=6,
    )
    _marche(r1, "M-02", estimated_amount=Decimal("100000"), published_on=D(2026, 2, 1))
    _beneficiaries(
        r1,
        (Beneficiary.Kind.TARGETED, "F", "adulte", 150),
        (Beneficiary.Kind.TARGETED, "M", "adulte", 100),
        (Beneficiary.Kind.REACHED, "F", "adulte", 120),
        (Beneficiary.Kind.REACHED, "M", "adulte", 80),
    )

    # ILDH 1, conventionné on 10/04/2026 (in the quarter), not started though planned 15/01/2026: late. AGR.
    r2 = _project(
        ground,
        "R-02",
        programme=p2,
        sector=health,
        commune=commune_a,
        ildh=ildh1,
        estimated_cost=Decimal("500000"),
        indh_share=Decimal("500000"),
        validated_on=D(2025, 9, 1),
        status=Status.CONVENTIONED,
        planned_start=D(2026, 1, 15),
        planned_end=D(2026, 12, 31),
        is_agr=True,
    )
    _convention(r2, D(2026, 4, 10), "500000", status=Convention.Status.SIGNED)
    CommissionVisit.objects.create(
        project=r2,
        kind=CommissionVisit.Kind.LAUNCH,
        visited_on=D(2026, 2, 20),
        commission=visits_committee,
        findings="Site repéré",
        reserves="Terrain non encore libéré",
        created_by=agent,
    )

    # ILDH 2, received provisionally on 20/03/2026 (100 %), 60 % in commune B / quartier Q, 40 % in A.
    r3 = _project(
        ground,
        "R-03",
        programme=p1,
        sector=education,
        commune=commune_b,
        locality=quartier,
        ildh=ildh2,
        estimated_cost=Decimal("2000000"),
        indh_share=Decimal("1200000"),
        holder_contribution=Decimal("300000"),
        validated_on=D(2024, 6, 1),
        status=Status.COMPLETED,
        planned_start=D(2024, 9, 1),
        planned_end=D(2026, 3, 31),
        actual_start=D(2024, 9, 15),
        provisional_reception_on=D(2026, 3, 20),
        physical_progress=100,
        progress_updated_on=D(2026, 3, 20),
        jobs_created=12,
        jobs_planned=10,
    )
    ProjectFunding.objects.create(project=r3, partner=PartnerFactory(name="Fondation Souss"), amount=Decimal("500000"))
    ProjectTerritory.objects.create(project=r3, commune=commune_b, locality=quartier, share=Decimal("60"))
    ProjectTerritory.objects.create(project=r3, commune=commune_a, share=Decimal("40"))
    _progress(r3, agent, (D(2025, 12, 1), 80, "Intempéries"), (D(2026, 3, 20), 100, ""))
    tranche = _convention(r3, D(2024, 8, 1), "1200000")
    _pay(tranche, agent, (D(2025, 1, 20), "600000"), (D(2026, 2, 10), "400000"), (D(2026, 5, 5), "200000"))
    _marche(
        r3,
        "M-03",
        estimated_amount=Decimal("1150000"),
        published_on=D(2024, 8, 15),
        bids_opened_on=D(2024, 9, 15),
        awarded_on=D(2024, 10, 1),
        awarded_amount=Decimal("1100000"),
        contractor_name="Entreprise Argana",
        service_order_on=D(2024, 11, 1),
        duration=12,
        provisional_reception_on=D(2026, 3, 15),
    )
    CommissionVisit.objects.create(
        project=r3,
        kind=CommissionVisit.Kind.PROVISIONAL,
        visited_on=D(2026, 3, 20),
        commission=visits_committee,
        findings="Ouvrage achevé",
        reserves="Peinture à reprendre",
        status=CommissionVisit.Status.CLOSED,
        reference="PV-2026-001",
        closed_on=D(2026, 3, 21),
        closed_by=agent,
        created_by=agent,
    )
    _beneficiaries(
        r3,
        (Beneficiary.Kind.TARGETED, "F", "enfant", 300),
        (Beneficiary.Kind.TARGETED, "M", "enfant", 300),
        (Beneficiary.Kind.REACHED, "F", "enfant", 300),
        (Beneficiary.Kind.REACHED, "M", "enfant", 280),
    )

    # outside any ILDH, validated 01/05/2026, no convention: its marché awarded 01/06/2026 is what is committed.
    r4 = _project(
        ground,
        "R-04",
        programme=p2,
        commune=commune_b,
        estimated_cost=Decimal("300000"),
        indh_share=Decimal("300000"),
        validated_on=D(2026, 5, 1),
        status=Status.VALIDATED,
        planned_start=D(2026, 9, 1),
        planned_end=D(2027, 3, 31),
    )
    _marche(
        r4,
        "M-04",
        estimated_amount=Decimal("320000"),
        published_on=D(2026, 5, 5),
        awarded_on=D(2026, 6, 1),
        awarded_amount=Decimal("300000"),
    )

    # outside any ILDH, suspended (never late), AGR, 20 % on 01/02/2026; a cancelled marché.
    r5 = _project(
        ground,
        "R-05",
        programme=p1,
        sector=health,
        commune=commune_a,
        estimated_cost=Decimal("400000"),
        indh_share=Decimal("250000"),
        holder_contribution=Decimal("150000"),
        validated_on=D(2025, 11, 15),
        status=Status.SUSPENDED,
        planned_start=D(2025, 12, 1),
        planned_end=D(2026, 1, 31),
        actual_start=D(2025, 12, 5),
        physical_progress=20,
        progress_updated_on=D(2026, 2, 1),
        is_agr=True,
        jobs_created=3,
    )
    _progress(r5, agent, (D(2026, 2, 1), 20, "Litige foncier"))
    tranche = _convention(r5, D(2025, 12, 1), "250000")
    _pay(tranche, agent, (D(2026, 6, 30), "50000"))
    _marche(
        r5,
        "M-05",
        estimated_amount=Decimal("210000"),
        published_on=D(2025, 12, 10),
        awarded_on=D(2026, 1, 10),
        awarded_amount=Decimal("200000"),
        ending=Procurement.Ending.CANCELLED,
        ended_on=D(2026, 3, 1),
    )

    # ILDH 1, validated 01/08/2026: after the quarter and the semester, outside every report of the tests.
    r6 = _project(
        ground,
        "R-06",
        programme=p1,
        commune=commune_a,
        ildh=ildh1,
        estimated_cost=Decimal("100000"),
        indh_share=Decimal("100000"),
        validated_on=D(2026, 8, 1),
    )
    return {
        "projects": [r1, r2, r3, r4, r5, r6],
        "ildh": [ildh1, ildh2],
        "communes": [commune_a, commune_b],
        "programmes": [p1, p2],
        "phase": phase,
        "agent": agent,
    }


# --- Bulk ----------------------------------------------------------------------------------------------------------


def bulk_set(role_users, count: int, *, start: int = 0, ground: dict | None = None) -> dict:
    """``count`` projects spread over ten ILDH (and outside), each with a convention, a payment, two progress
    entries, a marché, beneficiaries and a visit, bulk-created."""
    agent = role_users["suivi_evaluation"]
    if ground is None:
        phase = PhaseFactory()
        communes = [CommuneFactory(population=10000 + i) for i in range(5)]
        ground = {
            "phase": phase,
            "programmes": [ProgrammeFactory(phase=phase) for _i in range(3)],
            "holder": PartnerFactory(),
            "communes": communes,
            "ildh": [
                ILDH.objects.create(
                    reference=f"ILDH-B-{i:03d}",
                    title=f"ILDH {i}",
                    commune=communes[i % 5],
                    start_year=2024,
                    end_year=2027,
                )
                for i in range(10)
            ],
            "committee": committee_builders.committee(role_users["secretariat_cpdh"], kind=Committee.Kind.RECEPTION),
        }
    statuses = [Status.IN_PROGRESS, Status.CONVENTIONED, Status.COMPLETED, Status.VALIDATED]
    projects = Project.objects.bulk_create(
        Project(
            code=f"B-{start + i:05d}",
            title=f"Projet en nombre {start + i}",
            phase=ground["phase"],
            programme=ground["programmes"][i % 3],
            holder=ground["holder"],
            commune=ground["communes"][i % 5],
            ildh=ground["ildh"][i % 10] if i % 11 else None,
            estimated_cost=Decimal("500000"),
            indh_share=Decimal("300000"),
            holder_contribution=Decimal("200000"),
            duration_months=12,
            validated_on=D(2025, 1 + i % 12, 1),
            status=statuses[i % 4],
            planned_start=D(2025, 6, 1),
            planned_end=D(2026, 1 + i % 12, 1),
            physical_progress=i % 100,
            progress_updated_on=D(2026, 5, 1),
            jobs_created=i % 4,
            is_agr=not i % 7,
        )
        for i in range(count)
    )
    conventions = Convention.objects.bulk_create(
        Convention(
            reference=f"CONV-{p.code}",
            year=2025,
            project=p,
            title=p.title,
            status=Convention.Status.EXECUTING,
            signed_on=D(2025, 3, 1),
        )
        for p in projects
    )
    ConventionParty.objects.bulk_create(
        ConventionParty(convention=c, kind=ConventionParty.Kind.GOVERNOR, contribution=Decimal("300000"))
        for c in conventions
    )
    tranches = Tranche.objects.bulk_create(
        Tranche(convention=c, number=1, amount=Decimal("300000"), released=True, released_on=D(2025, 3, 1))
        for c in conventions
    )
    Payment.objects.bulk_create(
        Payment(
            tranche=t,
            paid_on=D(2026, 4, 10),
            amount=Decimal("100000"),
            payment_order=f"OP-{t.convention.reference}",
            rib=RIB,
            recorded_by=agent,
        )
        for t in tranches
    )
    ProgressEntry.objects.bulk_create(
        ProgressEntry(
            project=p,
            recorded_on=on,
            percent=percent,
            narrative="Travaux",
            problems="Difficulté" if percent % 2 else "",
            recorded_by=agent,
        )
        for index, p in enumerate(projects)
        for on, percent in ((D(2026, 2, 1), index % 50), (D(2026, 5, 1), index % 100))
    )
    Procurement.objects.bulk_create(
        Procurement(
            project=p,
            procedure=Procurement.Procedure.OPEN_TENDER,
            reference=f"AO-{p.code}",
            subject="Travaux",
            estimated_amount=Decimal("250000"),
            published_on=D(2025, 5, 1),
            awarded_on=D(2025, 6, 1),
            awarded_amount=Decimal("240000"),
        )
        for p in projects
    )
    ProjectBeneficiaries.objects.bulk_create(
        ProjectBeneficiaries(project=p, kind=kind, sex=sex, age_group="jeune", count=10)
        for p in projects
        for kind in ProjectBeneficiaries.Kind.values
        for sex in ("F", "M")
    )
    CommissionVisit.objects.bulk_create(
        CommissionVisit(
            project=p,
            kind=CommissionVisit.Kind.FOLLOW_UP,
            visited_on=D(2026, 3, 1),
            commission=ground["committee"],
            findings="Constats",
            reserves="Réserve",
            created_by=agent,
        )
        for p in projects[::5]
    )
    return ground
