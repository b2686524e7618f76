"""Permissions: declared in code (one permissions.py per app), granted through roles (data).

A permission is a code such as ``das.manage_partners``. Each app declares its own with ``declare``; a role
is a set of codes; ``user.has_perm(code)`` answers through ``das.auth_backend.RoleBackend``. Predicates that
need more than a code (scope, state) live beside the codes and return ``Decision`` (allowed, reason).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

REGISTRY: dict[str, PermissionCode] = {}


@dataclass(frozen=True)
class PermissionCode:
    code: str
    label: str

    def __str__(self):
        return self.code


def declare(code: str, label) -> str:
    REGISTRY[code] = PermissionCode(code, label)
    return code


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    out_of_scope: bool = False  # refused only because the record is outside the user's scope: answer 404

    def __bool__(self):
        return self.allowed


def require(user, code: str) -> Decision:
    if user.is_authenticated and user.has_perm(code):
        return Decision(True)
    return Decision(False, str(_("Votre rôle ne permet pas cette action.")))


def demand(user, code: str, message) -> None:
    """A service's permission check: PermissionDenied with ``message`` unless the user holds ``code``."""
    from django.core.exceptions import PermissionDenied

    if not require(user, code):
        raise PermissionDenied(message)


def choices():
    return sorted(((p.code, f"{p.code} — {p.label}") for p in REGISTRY.values()), key=lambda c: c[0])


# --- das: the shared core -------------------------------------------------------------------------------------
VIEW_REFERENCE = declare("das.view_reference", _("Consulter les données de référence (territoire, programmes…)"))
MANAGE_REFERENCE = declare("das.manage_reference", _("Gérer les données de référence"))
VIEW_USERS = declare("das.view_users", _("Consulter les comptes et leurs rôles"))
MANAGE_USERS = declare("das.manage_users", _("Gérer les utilisateurs et leurs rôles"))
VIEW_PARTNERS = declare("das.view_partners", _("Consulter les partenaires et porteurs de projet"))
MANAGE_PARTNERS = declare("das.manage_partners", _("Créer et modifier les partenaires"))
CLOSE_FISCAL_YEAR = declare("das.close_fiscal_year", _("Clôturer et rouvrir un exercice budgétaire"))
VIEW_HISTORY = declare("das.view_history", _("Consulter l'historique des fiches"))
VIEW_JOURNAL = declare("das.view_journal", _("Consulter le journal global et l'exporter"))


def can_view_partner(user, partner) -> Decision:
    """Scoped staff see the partners of their communes (and those without a commune)."""
    decision = require(user, VIEW_PARTNERS)
    if not decision:
        return decision
    communes = user_commune_scope(user, VIEW_PARTNERS)
    if communes is None or partner.commune_id is None or partner.commune_id in communes:
        return Decision(True)
    return Decision(False, str(_("Ce partenaire n'appartient pas à vos communes.")), out_of_scope=True)


def can_edit_partner(user, partner) -> Decision:
    seen = can_view_partner(user, partner)
    if not seen:
        return seen
    if not require(user, MANAGE_PARTNERS):
        return Decision(False, str(_("Votre rôle ne permet pas de modifier les partenaires.")))
    return seen


def user_commune_scope(user, code: str) -> set[int] | None:
    """Communes to which the roles granting ``code`` are limited; None means the whole province."""
    from das.auth_backend import role_grants

    scopes = [scope for perms, scope in role_grants(user) if code in perms]
    if not scopes or any(scope is None for scope in scopes):
        return None
    return set().union(*scopes)
