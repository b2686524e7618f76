"""The one way a plain record (reference data, partner, contact) is created, changed or deleted."""

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from das.services.audit import actor_context


class RecordInUse(Exception):
    pass


def assign_fields(record, data: dict, fields, *, strict: bool = False) -> None:
    """Copy onto ``record`` the names of ``fields`` that ``data`` holds, text stripped of its surrounding spaces.
    ``strict``: a name in ``data`` outside ``fields`` is a programming error (TypeError), not silently dropped."""
    if strict and (unknown := set(data) - set(fields)):
        raise TypeError(f"unknown field(s) {sorted(unknown)!r}")
    for name in fields:
        if name in data:
            value = data[name]
            setattr(record, name, value.strip() if isinstance(value, str) else value)


def record_save(*, instance, by, exclude_validation=None, many_to_many=None):
    """Validate every rule the model knows (fields, constraints, clean) and save, with its many-to-many links
    ({field name: records}), in one transaction; the triggers journal it."""
    with transaction.atomic(), actor_context(by):
        instance.full_clean(exclude=exclude_validation)
        instance.save()
        for name, related in (many_to_many or {}).items():
            getattr(instance, name).set(related)
    return instance


def record_delete(*, instance, by) -> None:
    try:
        with transaction.atomic(), actor_context(by):
            instance.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise RecordInUse(
            _("« %(record)s » est utilisé par d'autres fiches et ne peut pas être supprimé.") % {"record": instance}
        ) from exc
