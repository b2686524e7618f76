"""The project, convention and list pages do as many queries with 500 projects as with 5.

Each project carries what follow-up gives it: an executing convention with its parties, a released tranche with a
payment, a marché, an ILDH and territories. The rows are bulk-created (the services are tested elsewhere); only the
number of queries matters here.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.models import (
    ILDH,
    Convention,
    ConventionParty,
    Payment,
    Procurement,
    Project,
    ProjectTerritory,
    Tranche,
)
from tests.factories import CommuneFactory, PartnerFactory, PhaseFactory, ProgrammeFactory
from tests.projects.test_tranches import RIB

pytestmark = pytest.mark.django_db


@pytest.fixture
def ground():
    phase = PhaseFactory()
    commune = CommuneFactory()
    return {
        "phase": phase,
        "programme": ProgrammeFactory(phase=phase),
        "holder": PartnerFactory(),
        "commune": commune,
        "other_commune": CommuneFactory(),
        "ildh": ILDH.objects.create(
            reference="ILDH-2024-0001", title="ILDH", commune=commune, start_year=2024, end_year=2026
        ),
    }


def add_projects(ground, agent, count, start):
    today = timezone.localdate()
    projects = Project.objects.bulk_create(
        Project(
            code=f"SCALE-{start + i:05d}",
            title=f"Projet {start + i}",
            phase=ground["phase"],
            programme=ground["programme"],
            holder=ground["holder"],
            commune=ground["commune"],
            ildh=ground["ildh"],
            estimated_cost=Decimal("500000"),
            indh_share=Decimal("300000"),
            holder_contribution=Decimal("200000"),
            duration_months=12,
            validated_on=today - dt.timedelta(days=200),
            status=Project.Status.IN_PROGRESS,
            planned_end=today - dt.timedelta(days=i % 3),  # some are late
            actual_start=today - dt.timedelta(days=150),
            physical_progress=i % 100,
        )
        for i in range(count)
    )
    ProjectTerritory.objects.bulk_create(
        ProjectTerritory(project=p, commune=c, share=Decimal("50"))
        for p in projects
        for c in (ground["commune"], ground["other_commune"])
    )
    conventions = Convention.objects.bulk_create(
        Convention(
            reference=f"CONV-S-{p.code}",
            year=today.year,
            project=p,
            title=p.title,
            status=Convention.Status.EXECUTING,
            signed_on=today - dt.timedelta(days=160),
            execution_started_on=today - dt.timedelta(days=150),
        )
        for p in projects
    )
    ConventionParty.objects.bulk_create(
        [
            ConventionParty(convention=c, kind=ConventionParty.Kind.GOVERNOR, contribution=Decimal("300000"))
            for c in conventions
        ]
        + [
            ConventionParty(
                convention=c, kind=ConventionParty.Kind.HOLDER, partner=ground["holder"], contribution=Decimal("200000")
            )
            for c in conventions
        ]
    )
    tranches = Tranche.objects.bulk_create(
        Tranche(
            convention=c,
            number=1,
            amount=Decimal("300000"),
            released=True,
            released_on=today - dt.timedelta(days=100),
            due_on=today - dt.timedelta(days=10),
        )
        for c in conventions
    )
    Payment.objects.bulk_create(
        Payment(
            tranche=t,
            paid_on=today - dt.timedelta(days=90),
            amount=Decimal("100000"),
            payment_order=f"OP-{t.convention.reference}",
            rib=RIB,
            recorded_by=agent,
        )
        for t in tranches
    )
    Procurement.objects.bulk_create(
        Procurement(
            project=p,
            procedure=Procurement.Procedure.choices[0][0],
            reference=f"AO-{p.code}",
            subject="Travaux",
            estimated_amount=Decimal("250000"),
            published_on=today - dt.timedelta(days=140),
        )
        for p in projects
    )
    return projects


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_project_convention_and_list_pages_from_5_to_500_projects(ground, role_users, client_as):
    agent = role_users["suivi_evaluation"]
    first = add_projects(ground, agent, 5, 1)[0]
    convention = Convention.objects.get(project=first)
    urls = [
        reverse("projects:project_list"),
        reverse("projects:project_list") + "?retard=1&o=-indh_share",
        reverse("projects:project_detail", args=[first.pk]),
        reverse("projects:convention_list"),
        reverse("projects:convention_detail", args=[convention.pk]),
        reverse("projects:payment_list"),
        reverse("projects:procurement_list"),
        reverse("projects:tranche_due_list"),
        reverse("projects:ildh_detail", args=[ground["ildh"].pk]),
        reverse("projects:ildh_list"),
        reverse("home"),
    ]
    for role in ("suivi_evaluation", "chef"):
        client = client_as(role_users[role])
        for url in urls:  # caches warmed (content types, translations), as on a running server
            client.get(url)
    few = {
        role: [query_count(client_as(role_users[role]), url) for url in urls] for role in ("suivi_evaluation", "chef")
    }
    add_projects(ground, agent, 495, 6)
    many = {
        role: [query_count(client_as(role_users[role]), url) for url in urls] for role in ("suivi_evaluation", "chef")
    }
    assert many == few


def test_the_cabinet_queue_from_5_to_500_conventions_waiting(ground, role_users, client_as):
    agent = role_users["suivi_evaluation"]
    projects = add_projects(ground, agent, 5, 1)
    Convention.objects.filter(project__in=projects).update(
        status=Convention.Status.TRANSMITTED, signed_on=None, transmitted_at=timezone.now() - dt.timedelta(days=20)
    )
    client = client_as(role_users["cabinet"])
    url = reverse("projects:convention_queue")
    client.get(url)
    few = query_count(client, url)
    more = add_projects(ground, agent, 495, 6)
    Convention.objects.filter(project__in=more).update(
        status=Convention.Status.TRANSMITTED, signed_on=None, transmitted_at=timezone.now() - dt.timedelta(days=3)
    )
    assert query_count(client, url) == few
