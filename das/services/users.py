"""Accounts: creation, roles, activation, language."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from das import permissions
from das.models import Role, RoleAssignment, User
from das.services.audit import actor_context


def _check_admin(by):
    if not permissions.require(by, permissions.MANAGE_USERS):
        raise PermissionDenied(_("Seul l'administrateur gère les comptes."))


def _ensure_an_administrator_remains():
    """Run after a change, inside its transaction: refusing it rolls it back."""
    holders = User.objects.filter(
        is_active=True, role_assignments__role__permissions__contains=[permissions.MANAGE_USERS]
    )
    if not holders.exists():
        raise ValidationError(
            _("Ce changement ne laisserait aucun compte actif capable de gérer les comptes : il est refusé.")
        )


@transaction.atomic
def user_create(
    *, by, username, email, full_name, phone="", service=User.Service.OTHER, preferred_language="fr", password=None
) -> User:
    _check_admin(by)
    with actor_context(by):
        user = User(
            username=username,
            email=email,
            full_name=full_name,
            phone=phone,
            service=service,
            preferred_language=preferred_language,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()  # the person sets it through the reset e-mail
        user.full_clean(exclude=["password"])
        user.save()
    return user


@transaction.atomic
def user_update(*, by, user: User, **fields) -> User:
    _check_admin(by)
    locked = User.objects.select_for_update().get(pk=user.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    with actor_context(by):
        locked.full_clean(exclude=["password"])
        locked.save()
    return locked


@transaction.atomic
def user_set_roles(*, by, user: User, roles_with_scope: dict[Role, list]) -> None:
    """Replace the user's roles: {role: [communes] (empty list = whole province)}."""
    _check_admin(by)
    if user == by and not any(permissions.MANAGE_USERS in role.permissions for role in roles_with_scope):
        raise ValidationError(_("Vous ne pouvez pas retirer votre propre droit d'administrer les comptes."))
    User.objects.select_for_update().get(pk=user.pk)
    with actor_context(by):
        RoleAssignment.objects.filter(user=user).exclude(role__in=list(roles_with_scope)).delete()
        for role, communes in roles_with_scope.items():
            assignment, _created = RoleAssignment.objects.get_or_create(user=user, role=role)
            assignment.communes.set(communes)
    _ensure_an_administrator_remains()


@transaction.atomic
def user_deactivate(*, by, user: User) -> User:
    _check_admin(by)
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked == by:
        raise ValidationError(_("Vous ne pouvez pas désactiver votre propre compte."))
    if not locked.is_active:
        raise ValidationError(_("Ce compte est déjà désactivé."))
    locked.is_active = False
    with actor_context(by):
        locked.save(update_fields=["is_active"])
    _ensure_an_administrator_remains()
    return locked


@transaction.atomic
def user_activate(*, by, user: User) -> User:
    _check_admin(by)
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_active:
        raise ValidationError(_("Ce compte est déjà actif."))
    locked.is_active = True
    with actor_context(by):
        locked.save(update_fields=["is_active"])
    return locked


def user_set_language(*, user: User, language: str) -> None:
    if user.preferred_language == language:
        return
    with actor_context(user):
        User.objects.filter(pk=user.pk).update(preferred_language=language)
    user.preferred_language = language


@transaction.atomic
def role_create(*, by, code: str, name_fr: str) -> Role:
    """A new role starts with no permission; role_update_permissions gives it some."""
    _check_admin(by)
    role = Role(code=code, name_fr=name_fr, permissions=[])
    with actor_context(by):
        role.full_clean()
        role.save()
    return role


@transaction.atomic
def role_update_permissions(
    *, by, role: Role, codes: list[str], name_fr=None, name_ar=None, name_en=None, description=None
) -> Role:
    _check_admin(by)
    unknown = set(codes) - set(permissions.REGISTRY)
    if unknown:
        raise ValidationError(_("Permissions inconnues : %(codes)s") % {"codes": ", ".join(sorted(unknown))})
    locked = Role.objects.select_for_update().get(pk=role.pk)
    locked.permissions = sorted(set(codes))
    for name, value in {"name_fr": name_fr, "name_ar": name_ar, "name_en": name_en, "description": description}.items():
        if value is not None:
            setattr(locked, name, value)
    with actor_context(by):
        locked.full_clean()
        locked.save()
    _ensure_an_administrator_remains()
    return locked


def user_invite(*, user: User, domain: str, use_https: bool) -> None:
    """E-mail the person a link to choose a password (sent once the account is committed)."""
    from das.forms import PasswordResetForm

    def send():
        form = PasswordResetForm({"email": user.email})
        if form.is_valid():
            form.save(
                domain_override=domain,
                use_https=use_https,
                subject_template_name="registration/invitation_subject.txt",
                email_template_name="registration/invitation_email.txt",
            )

    transaction.on_commit(send)
