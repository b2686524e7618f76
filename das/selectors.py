"""Reads shared by views, exports and home pages (with their joins, so pages do a fixed number of queries)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from das import permissions
from das.models import Attachment, JournalEntry, Partner, Role, User

GENERIC_WORDS = {
    "association",
    "cooperative",
    "ste",
    "societe",
    "sarl",
    "gie",
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "pour",
    "et",
    "el",
    "al",
    "d",
    "l",
}


def partner_list(*, user) -> QuerySet[Partner]:
    qs = Partner.objects.select_related("commune")
    scope = permissions.user_commune_scope(user, permissions.VIEW_PARTNERS)
    if scope is not None:
        qs = qs.filter(Q(commune__isnull=True) | Q(commune__in=scope))
    return qs


def normalized_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w and w not in GENERIC_WORDS]
    return " ".join(words)


def partner_duplicates(*, name="", ice="", rib="", receipt_number="", trade_register="", exclude_pk=None):
    """Partners that look like the one being entered: same identifier, or a name at least 85 % alike."""
    candidates = Partner.objects.all()
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    identifier_match = Q(pk__in=[])
    for field, value in (
        ("ice", ice),
        ("rib", rib),
        ("receipt_number", receipt_number),
        ("trade_register", trade_register),
    ):
        if value:
            identifier_match |= Q(**{field: value})
    found = {p.pk: (p, "identifier") for p in candidates.filter(identifier_match)}
    wanted = normalized_name(name)
    if wanted:
        for pk, other_name in candidates.values_list("pk", "name"):
            if pk in found:
                continue
            ratio = difflib.SequenceMatcher(None, wanted, normalized_name(other_name)).ratio()
            if ratio >= 0.85:
                found[pk] = (None, "name")
        missing = [pk for pk, (obj, _why) in found.items() if obj is None]
        for partner in Partner.objects.filter(pk__in=missing):
            found[partner.pk] = (partner, "name")
    return [obj for obj, _why in found.values()]


def attachments_of(obj) -> QuerySet[Attachment]:
    from django.contrib.contenttypes.models import ContentType

    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("uploaded_by")


def journal_events() -> QuerySet[JournalEntry]:
    """Every journal entry, newest first: the single table the audit triggers copy each entry into (one indexed
    read, where pghistory's aggregate Events unions and diffs every event table at each query)."""
    return JournalEntry.objects.order_by("-pgh_created_at", "-id")


def history_of(obj) -> QuerySet:
    return events_of(obj._meta.label, obj.pk)


def events_of(model_label: str, pk) -> QuerySet:
    """Every entry about one record, newest first, also after the record was deleted."""
    return journal_events().filter(pgh_obj_model=model_label, pgh_obj_id=str(pk))


def events_with_children(model_label: str, pk, children) -> QuerySet:
    """A record's entries and those of the lines kept inside it, ``children`` being (model, foreign key name)."""
    wanted = Q(pgh_obj_model=model_label, pgh_obj_id=str(pk))
    for model, key in children:
        wanted |= Q(pgh_obj_model=model._meta.label, **{f"pgh_data__{key}_id": int(pk)})
    return journal_events().filter(wanted)


def history_of_user(pk) -> QuerySet:
    """A person's account entries and the roles given to or taken from them."""
    return journal_events().filter(
        Q(pgh_obj_model="das.User", pgh_obj_id=str(pk))
        | Q(pgh_obj_model="das.RoleAssignment", pgh_data__user_id=int(pk))
    )


def user_list() -> QuerySet[User]:
    return User.objects.prefetch_related("role_assignments__role", "role_assignments__communes")


def role_list() -> QuerySet[Role]:
    return Role.objects.annotate(holders=Count("assignments", filter=Q(assignments__user__is_active=True))).order_by(
        "name_fr"
    )


def journal_counts_since(days: int) -> int:
    since = timezone.now() - dt.timedelta(days=days)
    return JournalEntry.objects.filter(pgh_created_at__gte=since).count()
