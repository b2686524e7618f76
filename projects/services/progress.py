"""Physical progress of a project: dated entries (percentage, works done, problems met, photos).

The latest entry by date (then by creation) is the project's progress: every write here locks the project's row,
then copies that entry onto Project.physical_progress / progress_updated_on (read by lists, alerts and the tranche
release). Entries are recorded for a started project until its final reception: en cours, suspendu (a suspended
site is still visited and its state recorded) and achevé (reserves being lifted between the two receptions).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from das import permissions
from das.services.audit import actor_context
from das.services.documents import attachment_add, attachment_delete, check_photo
from das.workflow import TransitionRefused
from projects import permissions as project_perms
from projects.models import ProgressEntry, ProgressPhoto, Project

Status = Project.Status
RECORDING_STATUSES = frozenset({Status.IN_PROGRESS, Status.SUSPENDED, Status.COMPLETED})
MAX_PHOTOS_PER_ENTRY = 12


def may_record(project: Project, user) -> bool:
    return bool(permissions.require(user, project_perms.MANAGE_DOSSIERS)) and project.status in RECORDING_STATUSES


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def _check_status(project: Project) -> None:
    if project.status not in RECORDING_STATUSES or project.actual_start is None:
        raise TransitionRefused(
            _(
                "L'avancement se saisit pour un projet démarré, jusqu'à sa réception définitive "
                "(état actuel : « %(state)s »)."
            )
            % {"state": project.get_status_display()}
        )


def _check_entry(project: Project, *, recorded_on, percent, narrative, problems, exclude_pk=None) -> dict:
    errors = {}
    if recorded_on is None:
        errors["recorded_on"] = _("Indiquez la date du constat.")
    elif recorded_on > timezone.localdate():
        errors["recorded_on"] = _("La date du constat ne peut être dans le futur.")
    elif project.actual_start and recorded_on < project.actual_start:
        errors["recorded_on"] = _("La date précède le démarrage du projet (%(date)s).") % {
            "date": project.actual_start.strftime("%d/%m/%Y")
        }
    if percent is None or not 0 <= percent <= 100:
        errors["percent"] = _("L'avancement est un pourcentage entre 0 et 100.")
    if not (narrative or "").strip():
        errors["narrative"] = _("Décrivez les travaux réalisés.")
    if "recorded_on" not in errors and "percent" not in errors:
        previous = (
            project.progress_entries.exclude(pk=exclude_pk)
            .filter(recorded_on__lte=recorded_on)
            .order_by("-recorded_on", "-pk")
            .first()
        )
        if previous is not None and percent < previous.percent and not (problems or "").strip():
            errors["problems"] = _(
                "L'avancement baisse par rapport au constat du %(date)s (%(percent)s %%) : expliquez pourquoi "
                "dans les difficultés rencontrées."
            ) % {"date": previous.recorded_on.strftime("%d/%m/%Y"), "percent": previous.percent}
        if recorded_on and project.progress_entries.exclude(pk=exclude_pk).filter(recorded_on=recorded_on).exists():
            errors["recorded_on"] = _("Un avancement est déjà saisi à cette date : corrigez-le plutôt.")
    return errors


def _refresh_latest(project: Project, by) -> None:
    """Copy the latest entry onto the (locked) project, or reset it when there is none left."""
    latest = project.progress_entries.order_by("-recorded_on", "-pk").first()
    percent, on = (latest.percent, latest.recorded_on) if latest else (0, None)
    if (project.physical_progress, project.progress_updated_on) != (percent, on):
        project.physical_progress, project.progress_updated_on = percent, on
        with actor_context(by):
            project.save(update_fields=["physical_progress", "progress_updated_on", "updated_at"])


def _add_photos(entry: ProgressEntry, photos, by) -> None:
    if entry.photos.count() + len(photos) > MAX_PHOTOS_PER_ENTRY:
        raise ValidationError({"photos": _("Au plus %(max)s photos par constat.") % {"max": MAX_PHOTOS_PER_ENTRY}})
    for photo in photos:
        check_photo(photo)
    for photo in photos:
        attachment = attachment_add(
            parent=entry,
            uploaded=photo,
            by=by,
            description=_("Photo de chantier du %(date)s") % {"date": entry.recorded_on.strftime("%d/%m/%Y")},
        )
        with actor_context(by):
            ProgressPhoto.objects.create(entry=entry, attachment=attachment)


@transaction.atomic
def progress_record(
    *,
    project: Project,
    by,
    recorded_on: dt.date | None,
    percent: int | None,
    narrative: str,
    problems: str = "",
    photos=(),
) -> ProgressEntry:
    permissions.demand(by, project_perms.MANAGE_DOSSIERS, _("Votre rôle ne permet pas de saisir l'avancement."))
    locked = _lock(project)
    _check_status(locked)
    errors = _check_entry(locked, recorded_on=recorded_on, percent=percent, narrative=narrative, problems=problems)
    if errors:
        raise ValidationError(errors)
    entry = ProgressEntry(
        project=locked,
        recorded_on=recorded_on,
        percent=percent,
        narrative=narrative.strip(),
        problems=(problems or "").strip(),
        recorded_by=by,
    )
    with actor_context(by):
        entry.full_clean()
        entry.save()
    _add_photos(entry, list(photos), by)
    _refresh_latest(locked, by)
    return entry


@transaction.atomic
def progress_correct(
    *,
    entry: ProgressEntry,
    by,
    recorded_on: dt.date | None,
    percent: int | None,
    narrative: str,
    problems: str = "",
    photos=(),
    remove_photos=(),
) -> ProgressEntry:
    """Correct an entry (and add or remove photos); the project's progress is recomputed."""
    permissions.demand(by, project_perms.MANAGE_DOSSIERS, _("Votre rôle ne permet pas de corriger l'avancement."))
    locked = _lock(entry.project)
    _check_status(locked)
    current = ProgressEntry.objects.select_for_update().get(pk=entry.pk)
    errors = _check_entry(
        locked, recorded_on=recorded_on, percent=percent, narrative=narrative, problems=problems, exclude_pk=current.pk
    )
    if errors:
        raise ValidationError(errors)
    current.recorded_on, current.percent = recorded_on, percent
    current.narrative, current.problems = narrative.strip(), (problems or "").strip()
    with actor_context(by):
        current.full_clean()
        current.save()
    for photo in current.photos.filter(pk__in=[p.pk for p in remove_photos]).select_related("attachment"):
        attachment_delete(attachment=photo.attachment, by=by)
    _add_photos(current, list(photos), by)
    _refresh_latest(locked, by)
    return current


@transaction.atomic
def progress_delete(*, entry: ProgressEntry, by) -> None:
    """Delete an entry recorded by mistake, with its photos; the project's progress falls back to the one before."""
    permissions.demand(by, project_perms.MANAGE_DOSSIERS, _("Votre rôle ne permet pas de supprimer un avancement."))
    locked = _lock(entry.project)
    _check_status(locked)
    current = ProgressEntry.objects.select_for_update().get(pk=entry.pk)
    for photo in current.photos.select_related("attachment"):
        attachment_delete(attachment=photo.attachment, by=by)
    with actor_context(by):
        current.delete()
    _refresh_latest(locked, by)
