"""The administrator's account pages and the services behind them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from das.models import Commune, Role, RoleAssignment, User
from das.selectors import history_of
from das.services import users as user_services
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def test_administrator_creates_an_account_with_a_scoped_role(role_users, client_as):
    aourir = CommuneFactory(name_fr="Aourir")
    role = Role.objects.get(code="suivi_evaluation")
    response = client_as(role_users["administrateur"]).post(
        reverse("users:create"),
        {
            "username": "h.amzil",
            "full_name": "Hanane Amzil",
            "email": "h.amzil@das-agadir.ma",
            "phone": "",
            "service": User.Service.MONITORING,
            "preferred_language": "ar",
            f"role_{role.pk}": "on",
            f"scope_{role.pk}": [aourir.pk],
        },
    )
    account = User.objects.get(username="h.amzil")
    assert response.status_code == 302
    assert response["Location"] == reverse("users:detail", args=[account.pk])
    assignment = RoleAssignment.objects.get(user=account)
    assert assignment.role == role
    assert list(assignment.communes.all()) == [aourir]
    assert not account.has_usable_password()  # chosen by the person through the reset e-mail
    assert history_of(account).filter(pgh_label="insert").exists()


def test_invalid_account_form_keeps_the_input_and_saves_nothing(role_users, client_as):
    response = client_as(role_users["administrateur"]).post(
        reverse("users:create"),
        {"username": "x", "full_name": "", "email": "pas-un-email", "service": "chef", "preferred_language": "fr"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="x").exists()
    assert "pas-un-email" in response.content.decode()


def test_auditor_reads_accounts_but_sees_no_action(role_users, client_as):
    account = role_users["formation"]
    response = client_as(role_users["auditeur"]).get(reverse("users:detail", args=[account.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("users:update", args=[account.pk]) not in html
    assert reverse("history", args=["das.user", account.pk]) in html
    assert client_as(role_users["auditeur"]).get(reverse("users:update", args=[account.pk])).status_code == 403


def test_only_the_administrator_may_change_accounts(role_users):
    with pytest.raises(PermissionDenied):
        user_services.user_deactivate(by=role_users["chef"], user=role_users["formation"])
    user_services.user_deactivate(by=role_users["administrateur"], user=role_users["formation"])
    assert not User.objects.get(pk=role_users["formation"].pk).is_active


def test_administrator_cannot_lock_themselves_out(role_users):
    admin = role_users["administrateur"]
    with pytest.raises(ValidationError):
        user_services.user_deactivate(by=admin, user=admin)
    with pytest.raises(ValidationError):
        user_services.user_set_roles(by=admin, user=admin, roles_with_scope={Role.objects.get(code="chef"): []})
    assert admin.role_assignments.filter(role__code="administrateur").exists()


def test_deactivated_account_cannot_sign_in(role_users, client):
    from tests.factories import PASSWORD

    user_services.user_deactivate(by=role_users["administrateur"], user=role_users["dbm"])
    response = client.post(reverse("login"), {"username": "dbm", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_role_permissions_are_checked_against_the_declared_codes(role_users):
    role = Role.objects.get(code="dbm")
    with pytest.raises(ValidationError):
        user_services.role_update_permissions(by=role_users["administrateur"], role=role, codes=["das.tout_faire"])
    user_services.role_update_permissions(
        by=role_users["administrateur"], role=role, codes=["das.view_reference", "das.view_partners"]
    )
    role.refresh_from_db()
    assert role.permissions == ["das.view_partners", "das.view_reference"]
    # The change takes effect for the role's holders.
    assert User.objects.get(pk=role_users["dbm"].pk).has_perm("das.view_partners")


def test_a_scope_limits_partners_to_the_communes_of_the_role(role_users, client_as):
    from tests.factories import PartnerFactory, user_with_role

    mine, other = CommuneFactory(), CommuneFactory()
    agent = user_with_role("suivi_evaluation", username="scoped")
    agent.role_assignments.get().communes.set([mine])
    visible, hidden = PartnerFactory(commune=mine), PartnerFactory(commune=other)
    client = client_as(agent)
    listed = client.get(reverse("partners:list"))
    assert visible.name in listed.content.decode()
    assert hidden.name not in listed.content.decode()
    assert client.get(reverse("partners:detail", args=[hidden.pk])).status_code == 404
    # Filing a partner in another commune is refused next to the field.
    response = client.post(
        reverse("partners:create"),
        {"kind": "cooperative", "name": "Coopérative Hors Zone", "commune": other.pk, "is_active": "on"},
    )
    assert response.status_code == 200
    assert not Commune.objects.get(pk=other.pk).partners.filter(name="Coopérative Hors Zone").exists()


def test_a_new_account_receives_an_invitation_and_can_sign_in(
    role_users, client_as, client, mailoutbox, django_capture_on_commit_callbacks
):
    import re

    with django_capture_on_commit_callbacks(execute=True):
        client_as(role_users["administrateur"]).post(
            reverse("users:create"),
            {
                "username": "n.idbrahim",
                "full_name": "Naima Id Brahim",
                "email": "n.idbrahim@das-agadir.ma",
                "service": User.Service.TRAINING,
                "preferred_language": "fr",
            },
        )
    assert len(mailoutbox) == 1
    invitation = mailoutbox[0]
    assert invitation.to == ["n.idbrahim@das-agadir.ma"]
    assert "n.idbrahim" in invitation.body
    link = re.search(r"https?://[^/\s]+(/\S+)", invitation.body).group(1)

    client.logout()
    form_page = client.get(link, follow=True)  # Django swaps the token for a session and redirects
    assert form_page.context["validlink"]
    new_password = "Tafoukt-Agadir-2026"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    signed_in = client.post(reverse("login"), {"username": "n.idbrahim", "password": new_password})
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="n.idbrahim").pk)


def test_password_reset_also_reaches_accounts_without_a_password(role_users, client, mailoutbox):
    from das.services.users import user_create

    user_create(
        by=role_users["administrateur"],
        username="sans.mdp",
        email="sans.mdp@das-agadir.ma",
        full_name="Sans Mot de passe",
    )
    client.post(reverse("password_reset"), {"email": "sans.mdp@das-agadir.ma"})
    assert len(mailoutbox) == 1


def test_the_administrator_creates_a_role(role_users, client_as):
    response = client_as(role_users["administrateur"]).post(
        reverse("users:role_create"),
        {
            "code": "eac_appui",
            "name_fr": "Appui aux EAC",
            "name_ar": "",
            "name_en": "",
            "description": "",
            "permissions": ["das.view_partners", "das.view_reference"],
        },
    )
    assert response.status_code == 302
    role = Role.objects.get(code="eac_appui")
    assert role.permissions == ["das.view_partners", "das.view_reference"]
    refused = client_as(role_users["chef"]).post(reverse("users:role_create"), {"code": "x", "name_fr": "X"})
    assert refused.status_code == 403
    assert not Role.objects.filter(code="x").exists()
