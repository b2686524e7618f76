"""Reference data pages: French input, cross-record rules, fixed query counts."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from das.fields import MoneyField
from das.models import Arrondissement, Locality, Phase
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1 500 000,50", "1500000.50"),
        ("1\u202f500\u202f000,50 DH", "1500000.50"),
        ("1500000.5", "1500000.5"),
        ("18 000 000 000", "18000000000"),
    ],
)
def test_amounts_are_typed_the_french_way(typed, amount):
    assert MoneyField(max_digits=16, decimal_places=2).clean(typed) == Decimal(amount)


def test_a_wrong_amount_gets_a_french_message():
    with pytest.raises(Exception, match="montant en dirhams"):
        MoneyField(max_digits=16, decimal_places=2).clean("beaucoup")


def test_the_administrator_enters_a_phase_budget_with_spaces_and_comma(role_users, client_as):
    response = client_as(role_users["administrateur"]).post(
        reverse("reference:create", args=["phases"]),
        {
            "code": "IV",
            "name_fr": "Phase IV",
            "name_ar": "",
            "name_en": "",
            "start_year": "2026",
            "end_year": "2030",
            "budget": "20 000 000 000,00",
        },
    )
    assert response.status_code == 302
    assert Phase.objects.get(code="IV").budget == Decimal("20000000000.00")


def test_a_quartier_cannot_sit_in_another_communes_arrondissement(role_users, client_as):
    casa, rabat = CommuneFactory(name_fr="Casablanca"), CommuneFactory(name_fr="Rabat")
    anfa = Arrondissement.objects.create(commune=casa, name_fr="Anfa")
    response = client_as(role_users["administrateur"]).post(
        reverse("reference:create", args=["localites"]),
        {"commune": rabat.pk, "arrondissement": anfa.pk, "kind": "quartier", "name_fr": "Hay Riad"},
    )
    assert response.status_code == 200
    assert "appartient à une autre commune" in response.content.decode()
    assert not Locality.objects.filter(name_fr="Hay Riad").exists()


def test_the_account_form_reads_the_communes_once(role_users, client_as, django_assert_max_num_queries):
    CommuneFactory.create_batch(5)
    client = client_as(role_users["administrateur"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("users:create")).status_code == 200


@pytest.mark.parametrize("typed", ["1e400", "9" * 30, "0,001", "12345678901234567,00"])
def test_an_amount_beyond_the_columns_is_refused_by_the_form(typed):
    """Unbounded, such amounts reached the services and overflowed their sums (a 500 on the tranche schedule)."""
    with pytest.raises(ValidationError):
        MoneyField().clean(typed)
