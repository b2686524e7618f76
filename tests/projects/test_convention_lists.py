"""The lists of conventions and payments: their filters (programme, commune, status, holder, year, late at the
Cabinet), their exports, and query counts that do not grow with the data (nor do the queue's and the convention's)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.models import Amendment, Convention, ConventionParty, Payment, Project, Tranche
from projects.services import conventions as convention_services
from projects.services import tranches as tranche_services
from tests.committees.test_meeting_services import approved_project
from tests.factories import CommuneFactory, PartnerFactory, ProgrammeFactory
from tests.projects.test_convention_services import at
from tests.projects.test_tranches import RIB, pay

pytestmark = pytest.mark.django_db
Status = Convention.Status


@pytest.fixture
def executing(role_users):
    """In execution, one tranche of 300 000 released and 5 000 paid (order OP-LST)."""
    agent = role_users["suivi_evaluation"]
    draft = convention_services.convention_create(project=approved_project(role_users), by=agent)
    convention = at(draft, Status.EXECUTING, role_users)
    (tranche,) = tranche_services.tranche_schedule_set(
        convention=convention, by=agent, lines=[tranche_services.TrancheLine(Decimal("300000"))]
    )
    tranche_services.tranche_release(tranche=tranche, by=role_users["chef"])
    pay(tranche, agent, "5000", ref="OP-LST")
    return convention


@pytest.fixture
def late(role_users):
    """At the Cabinet for longer than the alert delay."""
    draft = convention_services.convention_create(
        project=approved_project(role_users), by=role_users["suivi_evaluation"]
    )
    convention = at(draft, Status.TRANSMITTED, role_users)
    long_ago = timezone.now() - dt.timedelta(days=settings.DAS_CONVENTION_SIGNATURE_ALERT_DAYS + 1)
    Convention.objects.filter(pk=convention.pk).update(transmitted_at=long_ago)
    return convention


def listed(client, url, **params):
    return client.get(url, params).content.decode()


def test_the_convention_list_filters_and_exports(executing, late, role_users, client_as):
    reader = client_as(role_users["auditeur"])
    url = reverse("projects:convention_list")
    project = executing.project
    both = listed(reader, url)
    assert executing.reference in both and late.reference in both
    only_late = listed(reader, url, attente="1")
    assert late.reference in only_late and executing.reference not in only_late
    on_time = Convention.objects.filter(pk=late.pk)
    on_time.update(transmitted_at=timezone.now() - dt.timedelta(days=1))
    assert late.reference not in listed(reader, url, attente="1")
    assert executing.reference in listed(reader, url, status=Status.EXECUTING, year=executing.year)
    assert executing.reference not in listed(reader, url, year=executing.year - 1)
    assert executing.reference in listed(reader, url, programme=project.programme_id, commune=project.commune_id)
    assert executing.reference not in listed(reader, url, programme=ProgrammeFactory().pk)
    assert executing.reference not in listed(reader, url, commune=CommuneFactory().pk)
    assert executing.reference in listed(reader, url, holder=project.holder_id)
    assert listed(reader, url, holder=PartnerFactory().pk)  # a holder without convention: refused choice, no 500
    assert reader.get(url, {"attente": "x"}).status_code == 200
    export = reader.get(url, {"attente": "1", "export": "xlsx"})
    assert export.status_code == 200


def test_the_payment_list_filters_by_holder(executing, role_users, client_as):
    reader = client_as(role_users["auditeur"])
    url = reverse("projects:payment_list")
    assert "OP-LST" in listed(reader, url, holder=executing.project.holder_id)
    other = PartnerFactory()
    assert "OP-LST" not in listed(reader, url, holder=other.pk)
    assert reader.get(url, {"holder": executing.project.holder_id, "export": "pdf"}).status_code == 200


# --- Query counts -------------------------------------------------------------------------------------------------


def add_conventions(model_convention, count, start, recorder):
    """Bulk rows (the services are tested elsewhere): ``count`` conventions like ``model_convention`` on projects
    of their own (new holders and communes), half at the Cabinet, each with a tranche, a payment and an avenant
    at the Cabinet."""
    base = Project.objects.get(pk=model_convention.project_id)
    projects = []
    for i in range(count):
        project = Project.objects.get(pk=base.pk)
        project.pk = project.id = None
        project.dossier = None
        project.code = f"QC-{start + i}"
        project.holder = PartnerFactory()
        project.commune = CommuneFactory()
        projects.append(project)
    Project.objects.bulk_create(projects)
    now = timezone.now() - dt.timedelta(days=30)
    conventions = Convention.objects.bulk_create(
        Convention(
            reference=f"QC-CONV-{start + i}",
            year=model_convention.year,
            project=project,
            title=project.title,
            status=Status.TRANSMITTED if i % 2 else Status.EXECUTING,
            transmitted_at=now,
            signed_on=None if i % 2 else now.date(),
        )
        for i, project in enumerate(projects)
    )
    ConventionParty.objects.bulk_create(
        ConventionParty(convention=c, kind=ConventionParty.Kind.GOVERNOR, contribution=Decimal("300000"))
        for c in conventions
    )
    tranches = Tranche.objects.bulk_create(
        Tranche(convention=c, number=1, amount=Decimal("300000"), released=True, released_on=now.date())
        for c in conventions
    )
    Payment.objects.bulk_create(
        Payment(
            tranche=t,
            paid_on=now.date(),
            amount=Decimal("1000"),
            payment_order=f"QC-OP-{start + i}",
            rib=RIB,
            recorded_by=recorder,
        )
        for i, t in enumerate(tranches)
    )
    Amendment.objects.bulk_create(
        Amendment(
            convention=c,
            number=1,
            reference=f"{c.reference}/AV1",
            reason="Prolongation",
            status=Amendment.Status.TRANSMITTED,
            transmitted_at=now,
            cost=Decimal("500000"),
            duration_months=18,
        )
        for c in conventions
        if c.status == Status.EXECUTING
    )
    # More signed avenants on the model convention: its page lists them all.
    Amendment.objects.bulk_create(
        Amendment(
            convention=model_convention,
            number=100 + start + i,
            reference=f"{model_convention.reference}/AV{100 + start + i}",
            reason="Prolongation",
            status=Amendment.Status.SIGNED,
            signed_on=now.date(),
            cost=Decimal("500000"),
            duration_months=18,
            changes=[{"item": "duration", "before": 12, "after": 18}],
        )
        for i in range(count)
    )


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_lists_queue_and_convention_page_keep_their_query_count(
    executing, late, role_users, client_as, django_assert_max_num_queries
):
    head, cabinet = role_users["chef"], role_users["cabinet"]
    pages = [
        (head, reverse("projects:convention_list")),
        (head, reverse("projects:convention_list") + "?attente=1&export=xlsx"),
        (head, reverse("projects:payment_list")),
        (head, reverse("projects:payment_list") + "?export=xlsx"),
        (cabinet, reverse("projects:convention_queue")),
        (head, executing.get_absolute_url()),
    ]

    def counts():
        return [query_count(client_as(user), url) for user, url in pages]

    add_conventions(executing, 3, 0, head)
    few = counts()
    add_conventions(executing, 30, 100, head)
    assert counts() == few
    # Pinned: session and user, the filters' choices, one page of rows, the sections of the convention's page.
    for (user, url), most in zip(pages, [15, 11, 15, 11, 11, 16], strict=True):
        client = client_as(user)
        with django_assert_max_num_queries(most):
            client.get(url)


def test_the_avenant_page_keeps_its_query_count(role_users, client_as, django_assert_max_num_queries):
    """An avenant that rewrites many tranches reads them in one query."""
    from projects.services import amendments as services

    agent = role_users["suivi_evaluation"]
    draft = convention_services.convention_create(project=approved_project(role_users), by=agent)
    convention = at(draft, Status.EXECUTING, role_users)
    amendment = services.amendment_create(convention=convention, by=agent, reason="Révision")
    url = amendment.get_absolute_url()
    client = client_as(role_users["chef"])

    def schedule(count):
        share = Decimal("300000") / count
        lines = [tranche_services.TrancheLine(share) for _ in range(count)]
        services.amendment_set_schedule(amendment=amendment, by=agent, lines=lines)

    schedule(2)
    few = query_count(client, url)
    schedule(30)
    assert query_count(client, url) == few
    with django_assert_max_num_queries(few):
        client.get(url)
