"""Yearly numbered references (PRJ-2026-0001, REM-2026-0001…), never given twice."""

from django.db import connection
from django.db.models import Max


def next_reference(model, field: str, prefix: str, lock_key: int, width: int = 4) -> str:
    """``<prefix><n>`` with n one more than the highest already given with that prefix. The transaction-scoped
    advisory lock ``lock_key`` makes two writers wait for each other instead of taking the same number."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key])
    last = model.objects.filter(**{f"{field}__startswith": prefix}).aggregate(last=Max(field))["last"]
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:0{width}d}"
