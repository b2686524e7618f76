"""List pages do a fixed number of queries, whatever the number of rows (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from das.models import Partner
from tests.factories import CommuneFactory, PartnerFactory, valid_rib

pytestmark = pytest.mark.django_db

# Generous ceilings: the exact count may move with the pages; what matters is that it does not grow with the rows.
MAX_LIST_QUERIES = 16


def add_partners(count, communes, start):
    """Bulk-create partners with unique valid RIBs (the triggers journal each insert all the same)."""
    Partner.objects.bulk_create(
        Partner(
            kind=Partner.Kind.ASSOCIATION if number % 2 else Partner.Kind.COOPERATIVE,
            name=f"Partenaire {number:04d}",
            receipt_number=f"R-{number}",
            commune=communes[number % len(communes)],
            rib=valid_rib(10_000 + number),
        )
        for number in range(start, start + count)
    )


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured), response


@pytest.fixture
def communes():
    return [CommuneFactory() for _ in range(4)]


def test_valid_ribs_of_the_bulk_set_are_unique():
    ribs = {valid_rib(10_000 + number) for number in range(500)}
    assert len(ribs) == 500


@pytest.mark.parametrize("params", [{}, {"kind": "association"}, {"o": "-commune"}], ids=["plain", "filter", "sort"])
def test_partner_list_queries_do_not_grow_with_the_rows(role_users, client_as, communes, params):
    client = client_as(role_users["administrateur"])
    url = reverse("partners:list")
    add_partners(5, communes, start=0)
    client.get(url, params)  # warm-up: session, content types

    small, small_page = count_queries(client, url, params)
    add_partners(495, communes, start=5)
    large, large_page = count_queries(client, url, params)

    assert Partner.objects.count() == 500
    assert large_page.context["paginator"].count >= 250
    assert len(large_page.context["object_list"]) == 25  # one page, not every row
    assert large == small, f"{small} queries with 5 partners, {large} with 500"
    assert large <= MAX_LIST_QUERIES


def test_partner_list_with_many_contacts_and_communes_is_still_constant(role_users, client_as, communes):
    client = client_as(role_users["suivi_evaluation"])
    url = reverse("partners:list")
    for partner in [PartnerFactory(commune=communes[0]) for _ in range(3)]:
        partner.contacts.create(full_name="Contact")
    client.get(url)
    small, _ = count_queries(client, url)
    add_partners(100, communes, start=0)
    large, _ = count_queries(client, url)
    assert large == small


def test_journal_queries_do_not_grow_with_the_events(role_users, client_as, communes):
    client = client_as(role_users["auditeur"])
    url = reverse("journal")
    add_partners(5, communes, start=0)
    client.get(url)

    small, small_page = count_queries(client, url)
    add_partners(495, communes, start=5)
    Partner.objects.filter(name__startswith="Partenaire 00").update(notes="vérifié")  # updates with a diff
    large, large_page = count_queries(client, url)

    assert large_page.context["paginator"].count > small_page.context["paginator"].count + 500
    assert len(large_page.context["object_list"]) == 50
    assert large == small, f"{small} queries with a few events, {large} with more than 500"
    assert large <= MAX_LIST_QUERIES


def test_journal_filtered_by_operation_is_constant_too(role_users, client_as, communes):
    client = client_as(role_users["administrateur"])
    url = reverse("journal")
    params = {"pgh_label": "update"}
    add_partners(5, communes, start=0)
    Partner.objects.update(notes="a")
    client.get(url, params)
    small, _ = count_queries(client, url, params)
    add_partners(300, communes, start=5)
    Partner.objects.update(notes="b")
    large, page = count_queries(client, url, params)
    assert {event.pgh_label for event in page.context["object_list"]} == {"update"}
    assert large == small
