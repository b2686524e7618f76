"""History pages read as staff read: labels, names, deleted records, role grants."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from das.models import Role, Sector
from das.services import users as user_services
from das.services.records import record_delete, record_save
from tests.factories import CommuneFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_history_shows_labels_choices_and_linked_names(role_users, client_as):
    admin = role_users["administrateur"]
    agadir, aourir = CommuneFactory(name_fr="Agadir"), CommuneFactory(name_fr="Aourir")
    partner = PartnerFactory(commune=agadir, is_active=True)
    partner.commune, partner.is_active, partner.kind = aourir, False, "cooperative"
    record_save(instance=partner, by=admin)
    html = client_as(admin).get(reverse("history", args=["das.partner", partner.pk])).content.decode()
    assert "Commune" in html and "Agadir" in html and "Aourir" in html  # names, not ids
    assert "Coopérative" in html and "Association" in html  # choice labels
    assert "Non" in html and "Oui" in html
    assert "commune_id" not in html


def test_a_deleted_record_keeps_its_history(role_users, client_as):
    admin = role_users["administrateur"]
    sector = Sector.objects.create(code="PECHE", name_fr="Pêche artisanale")
    pk = sector.pk
    record_delete(instance=sector, by=admin)
    response = client_as(role_users["auditeur"]).get(reverse("history", args=["das.sector", pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "supprimée" in html and "Pêche artisanale" in html and "Suppression" in html


def test_malformed_or_unknown_record_answers_404(role_users, client_as):
    client = client_as(role_users["auditeur"])
    assert client.get(reverse("history", args=["das.partner", "abc"])).status_code == 404
    assert client.get(reverse("history", args=["das.partner", "999999"])).status_code == 404
    assert client.get(reverse("history", args=["das.nothing", "1"])).status_code == 404
    admin = client_as(role_users["administrateur"])
    assert admin.post(reverse("attachment_upload", args=["das.partner", "abc"])).status_code == 404


def test_the_user_history_shows_roles_given_and_taken(role_users, client_as):
    admin, agent = role_users["administrateur"], role_users["formation"]
    user_services.user_set_roles(by=admin, user=agent, roles_with_scope={Role.objects.get(code="communication"): []})
    html = client_as(role_users["auditeur"]).get(reverse("history", args=["das.user", agent.pk])).content.decode()
    assert "attribution de rôle" in html
    assert "Communication" in html and "Formation" in html


def test_journal_names_role_grants(role_users, client_as):
    admin, agent = role_users["administrateur"], role_users["dbm"]
    user_services.user_set_roles(by=admin, user=agent, roles_with_scope={Role.objects.get(code="cabinet"): []})
    response = client_as(role_users["auditeur"]).get(reverse("journal"), {"pgh_obj_model": "das.RoleAssignment"})
    html = response.content.decode()
    assert f"{agent.full_name} – Cabinet du Gouverneur" in html


def test_unknown_activation_word_changes_nothing(role_users, client_as):
    target = role_users["chef"]
    response = client_as(role_users["administrateur"]).post(reverse("users:activation", args=[target.pk, "zzz"]))
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.is_active


def test_the_last_administrator_cannot_be_removed(role_users):
    admin = role_users["administrateur"]
    role = Role.objects.get(code="administrateur")
    with pytest.raises(ValidationError):
        user_services.role_update_permissions(by=admin, role=role, codes=["das.view_reference"])
    role.refresh_from_db()
    assert "das.manage_users" in role.permissions


def test_the_head_closes_and_reopens_a_fiscal_year(role_users, client_as):
    from das.models import FiscalYear

    year = FiscalYear.objects.create(year=2030)
    url = reverse("reference:fiscal_year_closure", args=[year.pk, "cloturer"])
    assert client_as(role_users["administrateur"]).post(url).status_code == 403
    client = client_as(role_users["chef"])
    assert client.post(url).status_code == 302
    year.refresh_from_db()
    assert year.is_closed
    page = client.get(reverse("reference:detail", args=["exercices", year.pk])).content.decode()
    assert "Rouvrir l&#x27;exercice" in page or "Rouvrir l'exercice" in page
    client.post(reverse("reference:fiscal_year_closure", args=[year.pk, "rouvrir"]))
    year.refresh_from_db()
    assert not year.is_closed
    assert client.post(reverse("reference:fiscal_year_closure", args=[year.pk, "zzz"])).status_code == 404
