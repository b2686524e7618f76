"""Authentication backend that grants the permissions of the user's roles."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend


def role_grants(user) -> list[tuple[frozenset[str], frozenset[int] | None]]:
    """(permission codes, commune scope or None) for each role the user holds; cached on the user object."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_das_role_grants", None)
    if cached is None:
        from das.models import RoleAssignment

        cached = []
        assignments = RoleAssignment.objects.filter(user=user).select_related("role").prefetch_related("communes")
        for assignment in assignments:
            communes = frozenset(c.pk for c in assignment.communes.all())
            cached.append((frozenset(assignment.role.permissions), communes or None))
        user._das_role_grants = cached
    return cached


class RoleBackend(ModelBackend):
    """Password check from ModelBackend; permissions from roles only (no per-user or group permissions)."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        return set().union(*(perms for perms, _scope in role_grants(user_obj))) if role_grants(user_obj) else set()

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj)
