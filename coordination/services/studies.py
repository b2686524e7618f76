"""Writes of the technical studies and works area: studies numbered ET-<year>-<nnnn> (year of the planned start),
the projects each serves, their expected deliverables and the receipt of each one's file, and the lifecycle
(coordination.studies_workflows.STUDY_WORKFLOW). Every write locks the study, checks who may do it and from which
state, and is journaled in the same transaction.

A deliverable's file is an attachment of the study (das.services.documents.attachment_add checks its type and size).
Replacing it keeps the former attachment among the study's attachments, marked as replaced, so nothing received is
lost; a received deliverable cannot be removed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coordination.models import StudyDeliverable, TechnicalStudy
from coordination.permissions import MANAGE_STUDIES
from coordination.studies_workflows import STUDY_WORKFLOW
from das import permissions
from das.models import Attachment
from das.services.audit import actor_context
from das.services.documents import attachment_add
from das.services.numbering import next_reference
from das.services.records import assign_fields
from das.workflow import TransitionRefused

STUDY_LOCK = 7_400_140
Status = TechnicalStudy.Status
CLOSED = (Status.COMPLETED, Status.CANCELLED)  # a closed study is no longer changed
RECEIVING = (Status.IN_PROGRESS, Status.SUSPENDED)  # a deliverable arrives while the study runs (or is paused)
STUDY_FIELDS = (
    "kind",
    "title",
    "description",
    "performer_kind",
    "performer_name",
    "contract_reference",
    "amount",
    "planned_start",
    "planned_end",
)


def _require(by) -> None:
    permissions.demand(by, MANAGE_STUDIES, _("Votre rôle ne permet pas de suivre les études et travaux techniques."))


def _check(study: TechnicalStudy) -> None:
    errors = {}
    if not study.title:
        errors["title"] = _("Indiquez l'intitulé de l'étude ou des travaux.")
    if not study.performer_name:
        errors["performer_name"] = _("Indiquez le bureau d'études, le service ou l'entreprise qui réalise.")
    if study.planned_start is None:
        errors["planned_start"] = _("Indiquez le début prévu.")
    if study.planned_end is None:
        errors["planned_end"] = _("Indiquez la fin prévue.")
    elif study.planned_start and study.planned_end < study.planned_start:
        errors["planned_end"] = _("La fin prévue ne peut précéder le début prévu (%(date)s).") % {
            "date": date_format(study.planned_start, "DATE_FORMAT")
        }
    if errors:
        raise ValidationError(errors)


def _save(study: TechnicalStudy, by, projects) -> TechnicalStudy:
    with actor_context(by):
        study.full_clean()
        study.save()
        if projects is not None:
            study.projects.set(projects)
    return study


@transaction.atomic
def study_create(*, by, projects=(), **fields) -> TechnicalStudy:
    """Record a study or works (programmée), numbered ET-<year of the planned start>-<nnnn>."""
    _require(by)
    study = TechnicalStudy()
    assign_fields(study, fields, STUDY_FIELDS, strict=True)
    _check(study)
    study.reference = next_reference(TechnicalStudy, "reference", f"ET-{study.planned_start.year}-", STUDY_LOCK)
    return _save(study, by, list(projects))


def _locked_open(study: TechnicalStudy) -> TechnicalStudy:
    locked = TechnicalStudy.objects.select_for_update().get(pk=study.pk)
    if locked.status in CLOSED:
        raise TransitionRefused(
            _("L'étude est « %(status)s » : elle ne se modifie plus.") % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def study_update(*, study: TechnicalStudy, by, projects=None, **fields) -> TechnicalStudy:
    """Correct a study until it is achevée or annulée (its reference stays); ``projects`` replaces those served."""
    _require(by)
    locked = _locked_open(study)
    assign_fields(locked, fields, STUDY_FIELDS, strict=True)
    _check(locked)
    return _save(locked, by, None if projects is None else list(projects))


# --- Lifecycle --------------------------------------------------------------------------------------------------------


def study_start(*, study, by, started_on=None):
    """programmée → en cours, from the day it actually started (today by default, never in the future)."""
    started_on = started_on or timezone.localdate()

    def apply(locked):
        locked.actual_start = started_on
        locked.status_note = ""

    return STUDY_WORKFLOW.run(study, "start", by=by, apply=apply, started_on=started_on)


def study_complete(*, study, by, ended_on=None, note=""):
    """en cours → achevée on the day it ended; refused while an expected deliverable is not received."""
    ended_on = ended_on or timezone.localdate()

    def apply(locked):
        locked.actual_end = ended_on
        locked.status_note = (note or "").strip()

    return STUDY_WORKFLOW.run(study, "complete", by=by, apply=apply, ended_on=ended_on)


def _with_reason(name):
    def run(*, study, by, reason):
        return STUDY_WORKFLOW.run(
            study, name, by=by, apply=lambda locked: setattr(locked, "status_note", reason.strip()), reason=reason
        )

    return run


study_suspend = _with_reason("suspend")  # en cours → suspendue, with the reason
study_resume = _with_reason("resume")  # suspendue → en cours, with what unblocked it
study_cancel = _with_reason("cancel")  # programmée, en cours or suspendue → annulée, with the reason


# --- Deliverables -----------------------------------------------------------------------------------------------------


def _check_deliverable(deliverable: StudyDeliverable) -> None:
    errors = {}
    if not deliverable.title:
        errors["title"] = _("Indiquez le livrable attendu.")
    if deliverable.due_on is None:
        errors["due_on"] = _("Indiquez la date à laquelle il est attendu.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def deliverable_add(*, study, by, title, due_on, note="") -> StudyDeliverable:
    """An expected deliverable (report, plans, DCE, PV de réception) of a study not closed."""
    _require(by)
    locked = _locked_open(study)
    deliverable = StudyDeliverable(study=locked, title=(title or "").strip(), due_on=due_on, note=(note or "").strip())
    _check_deliverable(deliverable)
    with actor_context(by):
        deliverable.full_clean()
        deliverable.save()
    return deliverable


def _locked_deliverable(deliverable) -> tuple[TechnicalStudy, StudyDeliverable]:
    study = _locked_open(deliverable.study)
    return study, StudyDeliverable.objects.select_for_update().get(pk=deliverable.pk, study=study)


@transaction.atomic
def deliverable_update(*, deliverable, by, title, due_on, note="") -> StudyDeliverable:
    _require(by)
    _study, locked = _locked_deliverable(deliverable)
    locked.title, locked.due_on, locked.note = (title or "").strip(), due_on, (note or "").strip()
    _check_deliverable(locked)
    with actor_context(by):
        locked.full_clean()
        locked.save()
    return locked


@transaction.atomic
def deliverable_remove(*, deliverable, by) -> None:
    """Remove a deliverable no longer expected; a received one stays (its file is on record)."""
    _require(by)
    _study, locked = _locked_deliverable(deliverable)
    if locked.received_on is not None:
        raise TransitionRefused(_("Ce livrable est reçu : il reste au dossier de l'étude et ne se retire plus."))
    with actor_context(by):
        locked.delete()


@transaction.atomic
def deliverable_receive(*, deliverable, by, uploaded, received_on=None) -> StudyDeliverable:
    """Record the receipt: the file becomes an attachment of the study (type and size checked) and the
    deliverable's file. A file received again replaces it; the former one stays among the study's attachments."""
    _require(by)
    study, locked = _locked_deliverable(deliverable)
    received_on = received_on or timezone.localdate()
    if study.status not in RECEIVING:
        raise TransitionRefused(
            _("Un livrable se reçoit quand l'étude est en cours ou suspendue (elle est « %(status)s »).")
            % {"status": study.get_status_display()}
        )
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("La date de réception est dans le futur.")})
    if study.actual_start and received_on < study.actual_start:
        raise ValidationError(
            {
                "received_on": _("La réception ne peut précéder le commencement de l'étude (%(date)s).")
                % {"date": date_format(study.actual_start, "DATE_FORMAT")}
            }
        )
    if uploaded is None:
        raise ValidationError({"file": _("Joignez le fichier du livrable.")})
    description = (_("Livrable : %(title)s") % {"title": locked.title})[:200]
    try:
        attachment = attachment_add(parent=study, uploaded=uploaded, by=by, description=description)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    former = locked.file_id
    with actor_context(by):
        if former:
            old = Attachment.objects.get(pk=former)
            old.description = (
                _("%(description)s (remplacé le %(date)s)")
                % {"description": old.description, "date": date_format(timezone.localdate(), "DATE_FORMAT")}
            )[:255]
            old.save(update_fields=["description"])
        locked.file = attachment
        locked.received_on = received_on
        locked.full_clean()
        locked.save()
    return locked
