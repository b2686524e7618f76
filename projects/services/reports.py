"""The official reports: rendered on request from one context (projects.reports.registry), and archived when they are
generated for sending — the very file that was sent is kept and downloaded again, never regenerated.

Generation for sending runs in a background thread of the web process, not in Celery: the division's server sits on
a closed network and the README's two commands (migrate, runserver / gunicorn) must be all it takes to run DAS, with
no Redis or broker to install and watch. A report takes seconds; the archive row carries its status and progress,
the page polls it, and a job cut short by a restart is shown as interrupted after ``STALE_AFTER`` and can be asked
for again. Under tests (settings.DAS_REPORTS_IN_BACKGROUND = False) the job runs synchronously on commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import close_old_connections, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from das import exports
from das.models import Commune
from das.permissions import demand
from das.services.audit import actor_context
from projects import permissions
from projects.models import Project, ReportArchive
from projects.reports import periods, registry
from projects.scope import commune_scope, scope_projects

logger = logging.getLogger(__name__)
Status = ReportArchive.Status
STALE_AFTER = dt.timedelta(minutes=30)
# The archive's formats as the form offers them: (file format, language).
FORMATS = {"pdf-fr": ("pdf", "fr"), "pdf-ar": ("pdf", "ar"), "xlsx": ("xlsx", "fr")}
FORMAT_CHOICES = [
    ("pdf-fr", gettext_lazy("PDF en français")),
    ("pdf-ar", gettext_lazy("PDF en arabe")),
    ("xlsx", gettext_lazy("Excel")),
]
BUILD_SHARE = 80  # the build's share of the progress bar; rendering the file is the rest


class ReportError(ValueError):
    """A report that does not exist, or a period that is not one of its periods (a wrong URL answers 404)."""


def definition_and_period(kind: str, slug: str) -> tuple[registry.ReportDefinition, periods.Period]:
    definition = registry.get(kind)
    if definition is None:
        raise ReportError(kind)
    try:
        return definition, periods.parse(slug, definition.period_kind)
    except periods.PeriodError as error:
        raise ReportError(slug) from error


def base_projects(user):
    """The projects a reader's reports cover: the whole province, or the communes their roles are limited to."""
    return scope_projects(Project.objects.all(), user, permissions.VIEW_DASHBOARDS)


def scope_label(user) -> str:
    communes = commune_scope(user, permissions.VIEW_DASHBOARDS)
    if communes is None:
        return _("Toute la province")
    names = Commune.objects.filter(pk__in=communes).order_by("name_fr").values_list("name_fr", flat=True)
    return _("Communes : %(names)s") % {"names": ", ".join(names)}


def file_name(definition, period, file_format: str, language: str) -> str:
    if file_format == "xlsx":
        return f"rapport-{definition.kind}-{period.slug}.xlsx"
    return f"rapport-{definition.kind}-{period.slug}-{language}.pdf"


def build_context(definition, period, user, language: str, progress=registry.noop_progress) -> dict:
    """The report's context in ``language`` (figures, labels), with the framework's keys."""
    with translation.override(language):
        context = definition.build(period, base_projects(user), progress=progress)
        context.setdefault("scope_label", scope_label(user))
        return context


def render(definition, period, user, *, file_format: str, language: str, progress=registry.noop_progress) -> bytes:
    """The report's file, built from ONE context: the PDF (``language`` fr or ar, Arabic right to left) or the
    Excel workbook."""
    import io

    context = build_context(definition, period, user, language, progress)
    with translation.override(language):
        if file_format == "xlsx":
            buffer = io.BytesIO()
            definition.workbook(context, user).save(buffer)
            return buffer.getvalue()
        pdf = exports.pdf_context(definition.title(period), user)
        pdf.update(context)
        return exports.render_pdf(definition.pdf_template, pdf)


# --- Archive ---------------------------------------------------------------------------------------------------------


def is_interrupted(archive: ReportArchive, now=None) -> bool:
    """A job still pending or running long after it was asked for: the server restarted in between."""
    now = now or timezone.now()
    return archive.status in (Status.PENDING, Status.RUNNING) and now - archive.requested_at > STALE_AFTER


def _scope_ids(user) -> list[int] | None:
    communes = commune_scope(user, permissions.VIEW_DASHBOARDS)
    return None if communes is None else sorted(communes)


def archives_visible_to(user):
    """The archives ``user`` may read: all of them for a reader of the whole province; for a reader limited to some
    communes, only those made for communes all among theirs (a province-wide report is not theirs to read)."""
    communes = commune_scope(user, permissions.VIEW_DASHBOARDS)
    archives = ReportArchive.objects.select_related("requested_by")
    if communes is None:
        return archives
    return archives.filter(parameters__communes__isnull=False, parameters__communes__contained_by=sorted(communes))


def archive_request(*, by, kind: str, period_slug: str, choice: str, note: str = "") -> ReportArchive:
    """Ask for ``kind`` over ``period_slug`` to be generated and archived for sending; the file is prepared after
    the commit (in the background unless settings.DAS_REPORTS_IN_BACKGROUND is False)."""
    demand(by, permissions.ARCHIVE_REPORTS, _("Votre rôle ne permet pas d'archiver les rapports officiels."))
    definition, period = definition_and_period(kind, period_slug)
    if choice not in FORMATS:
        raise ReportError(choice)
    file_format, language = FORMATS[choice]
    with transaction.atomic(), actor_context(by):
        archive = ReportArchive.objects.create(
            kind=definition.kind,
            period=period.slug,
            language=language,
            file_format=file_format,
            parameters={
                "periode": period.slug,
                "du": period.start.isoformat(),
                "au": period.end.isoformat(),
                "format": choice,
                "perimetre": scope_label(by),
                # The requester's communes (None: the province): who may read the archive (archives_visible_to).
                "communes": _scope_ids(by),
            },
            note=note.strip()[:255],
            requested_by=by,
        )
        transaction.on_commit(lambda: start(archive.pk))
    return archive


def start(pk: int) -> None:
    if getattr(settings, "DAS_REPORTS_IN_BACKGROUND", True):
        threading.Thread(target=_run_in_thread, args=(pk,), name=f"rapport-{pk}", daemon=True).start()
    else:
        archive_run(pk)


def _run_in_thread(pk: int) -> None:
    # A thread gets its own database connection: close it when done, or it stays open until the server stops.
    close_old_connections()
    try:
        archive_run(pk)
    finally:
        connection.close()


def _set(pk: int, **fields) -> None:
    ReportArchive.objects.filter(pk=pk).update(**fields)


def archive_run(pk: int) -> ReportArchive | None:
    """Prepare the archive's file: RUNNING with its progress, then READY with the file, its size and SHA-256, or
    FAILED with the error. Only a PENDING archive is taken (twice started, it runs once)."""
    if not ReportArchive.objects.filter(pk=pk, status=Status.PENDING).update(status=Status.RUNNING, progress=1):
        return None
    archive = ReportArchive.objects.select_related("requested_by").get(pk=pk)
    try:
        definition, period = definition_and_period(archive.kind, archive.period)

        def progress(done: int, total: int) -> None:
            share = int(BUILD_SHARE * min(done, total) / total) if total else 0
            _set(pk, progress=max(1, share))

        content = render(
            definition,
            period,
            archive.requested_by,
            file_format=archive.file_format,
            language=archive.language,
            progress=progress,
        )
        _set(pk, progress=95)
        name = file_name(definition, period, archive.file_format, archive.language)
        archive.file.save(name, ContentFile(content), save=False)
        archive.file_name = name
        archive.sha256 = hashlib.sha256(content).hexdigest()
        archive.size = len(content)
        archive.status = Status.READY
        archive.progress = 100
        archive.finished_at = timezone.now()
        archive.save(update_fields=["file", "file_name", "sha256", "size", "status", "progress", "finished_at"])
    except Exception as error:  # a failed job must say why on its page, whatever went wrong
        logger.exception("Report archive %s failed", pk)
        _set(pk, status=Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now())
        archive.refresh_from_db()
    return archive
