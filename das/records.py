"""Which records have a page, a history and attachments, and who may see or change each one.

Apps register their models once; the history, attachment and journal views ask here, so a rule for a
record lives in one place (its app's permissions.py) and every shared page applies it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from das import permissions
from das.permissions import Decision


@dataclass(frozen=True)
class RecordType:
    model: type
    can_view: Callable[..., Decision]
    can_edit: Callable[..., Decision]
    url: Callable[..., str] | None = None  # the record's own page
    list_url: str | None = None  # URL name of the list it belongs to
    # Lines kept inside the record (shares, headcounts, contacts…) that have no page of their own: (model, name of
    # their foreign key to this record). Their entries show in this record's history.
    children: tuple = ()

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


REGISTRY: dict[str, RecordType] = {}


def register(model, *, can_view, can_edit, url=None, list_url=None, children=()):
    REGISTRY[model._meta.label_lower] = RecordType(model, can_view, can_edit, url, list_url, tuple(children))


def page_of(obj) -> str | None:
    record_type = for_instance(obj)
    return record_type.url(obj) if record_type and record_type.url else None


def by_label(label: str) -> RecordType | None:
    return REGISTRY.get(label)


def for_instance(obj) -> RecordType | None:
    return REGISTRY.get(obj._meta.label_lower)


def code_predicate(code):
    def predicate(user, obj=None):
        return permissions.require(user, code)

    return predicate


def register_page(model, *, read: str, edit: str, detail: str, listing: str, children=()):
    """The usual case: a record read with one permission code and changed with another, whose page is the URL
    name ``detail`` (taking its pk) and whose list is ``listing``."""
    from django.urls import reverse

    register(
        model,
        can_view=code_predicate(read),
        can_edit=code_predicate(edit),
        url=lambda obj: reverse(detail, args=[obj.pk]),
        list_url=listing,
        children=children,
    )


def register_core_records():
    from das import models

    view_ref = code_predicate(permissions.VIEW_REFERENCE)
    manage_ref = code_predicate(permissions.MANAGE_REFERENCE)
    from django.urls import reverse

    from das.reference import BY_MODEL

    def reference_url(obj):
        return reverse("reference:detail", args=[BY_MODEL[type(obj)].slug, obj.pk])

    for model in (
        models.Region,
        models.Province,
        models.Commune,
        models.Arrondissement,
        models.Locality,
        models.Phase,
        models.Programme,
        models.Axis,
        models.Sector,
        models.TargetCategory,
        models.BudgetLine,
        models.FiscalYear,
    ):
        register(model, can_view=view_ref, can_edit=manage_ref, url=reference_url)
    view_users = code_predicate(permissions.VIEW_USERS)
    manage_users = code_predicate(permissions.MANAGE_USERS)
    register(
        models.User,
        can_view=view_users,
        can_edit=manage_users,
        url=lambda obj: reverse("users:detail", args=[obj.pk]),
        list_url="users:list",
    )
    register(
        models.Role,
        can_view=view_users,
        can_edit=manage_users,
        url=lambda obj: reverse("users:role_update", args=[obj.pk]),
        list_url="users:roles",
    )
    register(
        models.Partner,
        can_view=permissions.can_view_partner,
        can_edit=permissions.can_edit_partner,
        url=lambda obj: obj.get_absolute_url(),
        list_url="partners:list",
    )


def get_or_404(record_type: RecordType, pk):
    """The record behind a URL's pk; a malformed pk is a missing page, not an error."""
    from django.core.exceptions import ValidationError
    from django.http import Http404

    try:
        return record_type.model.objects.get(pk=pk)
    except (record_type.model.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
