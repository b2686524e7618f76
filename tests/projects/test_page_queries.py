"""The call, dossier list, dossier and ranking pages do as many queries with 500 dossiers as with 5."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.models import Dossier, Evaluation
from tests.factories import CommuneFactory, PartnerFactory
from tests.projects import test_dossier_services as dossier_tests

pytestmark = pytest.mark.django_db
agent = dossier_tests.agent
call = dossier_tests.call


def add_scored_dossiers(call, evaluator, count, start):
    """Bulk rows (the services are tested elsewhere): scored dossiers with one submitted evaluation each."""
    holder, commune = PartnerFactory(), CommuneFactory()
    dossiers = Dossier.objects.bulk_create(
        Dossier(
            call=call,
            number=start + i,
            reference=f"Q-{start + i:05d}",
            holder=holder,
            title=f"Projet {i}",
            commune=commune,
            estimated_cost=Decimal("300000"),
            indh_share=Decimal("200000"),
            holder_contribution=Decimal("100000"),
            duration_months=12,
            received_at=timezone.now(),
            status=Dossier.Status.SCORED,
        )
        for i in range(count)
    )
    Evaluation.objects.bulk_create(
        Evaluation(
            dossier=d,
            evaluator=evaluator,
            no_conflict_declared_at=timezone.now(),
            submitted_at=timezone.now(),
            weighted_total=Decimal(40 + i % 50),
        )
        for i, d in enumerate(dossiers)
    )
    return dossiers


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_keep_their_query_count_from_5_to_500_dossiers(call, agent, role_users, client_as):
    client = client_as(role_users["chef"])
    first = add_scored_dossiers(call, agent, 5, 1)[0]
    urls = [
        reverse("projects:call_detail", args=[call.pk]),
        reverse("projects:dossier_list") + f"?call={call.pk}",
        reverse("projects:dossier_detail", args=[first.pk]),
        reverse("projects:call_ranking", args=[call.pk]),
    ]
    for url in urls:  # caches warmed (content types, translations), as on a running server
        client.get(url)
    few = [query_count(client, url) for url in urls]
    add_scored_dossiers(call, agent, 495, 6)
    many = [query_count(client, url) for url in urls]
    assert many == few
