"""Partner rules held by the model and the service, whatever page calls them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from das.models import Partner
from das.services.partners import PossibleDuplicates, partner_save
from tests.factories import CommuneFactory, PartnerFactory, user_with_role, valid_rib

pytestmark = pytest.mark.django_db


def test_an_association_needs_its_receipt_number_even_outside_the_form(role_users):
    partner = Partner(kind=Partner.Kind.ASSOCIATION, name="Association Sans Récépissé")
    with pytest.raises(ValidationError) as error:
        partner_save(partner=partner, by=role_users["administrateur"])
    assert "receipt_number" in error.value.message_dict
    assert not Partner.objects.filter(name="Association Sans Récépissé").exists()


def test_the_service_asks_for_confirmation_of_a_likely_duplicate(role_users):
    existing = PartnerFactory(name="Coopérative Argan Tamri", kind=Partner.Kind.COOPERATIVE, receipt_number="")
    twin = Partner(kind=Partner.Kind.COOPERATIVE, name="Cooperative Argane Tamri", rib=valid_rib(4242))
    with pytest.raises(PossibleDuplicates) as found:
        partner_save(partner=twin, by=role_users["administrateur"])
    assert found.value.duplicates == [existing]
    partner_save(partner=twin, by=role_users["administrateur"], confirmed_not_duplicate=True)
    assert Partner.objects.filter(name="Cooperative Argane Tamri").exists()


def test_a_scoped_agent_is_told_of_other_communes_duplicates_without_their_details(client_as):
    mine, other = CommuneFactory(name_fr="Aourir"), CommuneFactory(name_fr="Agadir")
    PartnerFactory(name="Association Amal Agadir", commune=other)
    agent = user_with_role("suivi_evaluation", username="scoped.agent")
    agent.role_assignments.get().communes.set([mine])
    response = client_as(agent).post(
        reverse("partners:create"),
        {
            "kind": "association",
            "name": "Association Amal Agadir",
            "receipt_number": "12/2020",
            "commune": mine.pk,
            "is_active": "on",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 partenaire d&#x27;une autre commune" in html or "1 partenaire d'une autre commune" in html
    assert "Agadir" not in html.split('data-testid="duplicate-warning"')[1].split("</div>")[0]
