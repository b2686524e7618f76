"""Writing to the journal beyond what the triggers capture."""

import contextlib

import pghistory

from das.models import DownloadRecord


def actor_context(by):
    """Journal context naming the actor, for writes made outside a request (commands, tests, services)."""
    if by is None:
        return contextlib.nullcontext()
    return pghistory.context(user=by.pk, username=by.get_username())


def record_download(*, user, kind: str, file_name: str, source: str) -> DownloadRecord:
    with actor_context(user):
        return DownloadRecord.objects.create(user=user, kind=kind, file_name=file_name[:255], source=source[:500])
