"""The fiches de réalisation: a fiche per achieved project, written by the communication service while it is a draft
(text, figures, partners, photos before and after), submitted to the chef, approved and published, or sent back; a
published fiche may be withdrawn, then taken back to the draft.

Every status change is a named transition of communication.showcase_workflow.SHEET_WORKFLOW run under the fiche's
row lock; the edits lock the row too, so nothing changes in a fiche the chef is approving.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communication import permissions
from communication.models import AchievementSheet, SheetPhoto
from communication.showcase_selectors import ACHIEVED
from communication.showcase_workflow import SHEET_WORKFLOW
from das.services.audit import actor_context
from das.services.documents import attachment_add, attachment_delete, check_photo
from projects.models import ProgressPhoto, Project

Status = AchievementSheet.Status
Moment = SheetPhoto.Moment
MAX_PHOTOS = 8
TEXT_FIELDS = ("title", "title_ar", "summary", "summary_ar", "results")


def _demand_manage(by) -> None:
    decision = permissions.can_manage_showcase(by)
    if not decision:
        raise PermissionDenied(decision.reason)


def _lock_draft(sheet: AchievementSheet, by) -> AchievementSheet:
    locked = AchievementSheet.objects.select_for_update().get(pk=sheet.pk)
    decision = permissions.can_edit_sheet(by, locked)
    if not decision:
        raise ValidationError(decision.reason)
    return locked


def _fill(sheet: AchievementSheet, *, title, summary, beneficiaries, beneficiaries_women, cost, indh_share, **texts):
    sheet.title = (title or "").strip()
    sheet.summary = (summary or "").strip()
    for name in ("title_ar", "summary_ar", "results"):
        setattr(sheet, name, (texts.get(name) or "").strip())
    sheet.beneficiaries = beneficiaries if beneficiaries is not None else 0
    sheet.beneficiaries_women = beneficiaries_women if beneficiaries_women is not None else 0
    sheet.cost = cost
    sheet.indh_share = indh_share


def _check(sheet: AchievementSheet) -> None:
    """French messages by field; the model's constraints say the same but name no field."""
    errors = {}
    if not sheet.title:
        errors["title"] = _("Indiquez le titre de la fiche.")
    if not sheet.summary:
        errors["summary"] = _("Rédigez la présentation du projet.")
    if sheet.cost is None:
        errors["cost"] = _("Indiquez le coût global.")
    elif sheet.cost < 0:
        errors["cost"] = _("Le coût global ne peut être négatif.")
    if sheet.indh_share is None:
        errors["indh_share"] = _("Indiquez la part INDH.")
    elif sheet.indh_share < 0:
        errors["indh_share"] = _("La part INDH ne peut être négative.")
    elif sheet.cost is not None and sheet.indh_share > sheet.cost:
        errors["indh_share"] = _("La part INDH dépasse le coût global.")
    if sheet.beneficiaries_women > sheet.beneficiaries:
        errors["beneficiaries_women"] = _("Le nombre de femmes dépasse le nombre de bénéficiaires.")
    if errors:
        raise ValidationError(errors)
    sheet.full_clean(exclude=["project", "prepared_by"], validate_unique=False, validate_constraints=False)


@transaction.atomic
def sheet_create(
    *,
    project: Project,
    by,
    title: str,
    summary: str,
    beneficiaries: int | None,
    beneficiaries_women: int | None,
    cost: Decimal | None,
    indh_share: Decimal | None,
    partners=(),
    title_ar: str = "",
    summary_ar: str = "",
    results: str = "",
) -> AchievementSheet:
    """A draft fiche for an achieved (réception provisoire) or closed project; one fiche per project."""
    _demand_manage(by)
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.status not in ACHIEVED:
        raise ValidationError(
            {
                "project": _(
                    "Le projet %(code)s est « %(status)s » : une fiche de réalisation se prépare pour un projet "
                    "achevé (réception provisoire) ou clôturé."
                )
                % {"code": locked.code, "status": locked.get_status_display()}
            }
        )
    existing = AchievementSheet.objects.filter(project=locked).first()
    if existing is not None:
        raise ValidationError(
            {
                "project": _("Le projet %(code)s a déjà sa fiche de réalisation (« %(status)s »).")
                % {"code": locked.code, "status": existing.get_status_display()}
            }
        )
    sheet = AchievementSheet(project=locked, prepared_by=by)
    _fill(
        sheet,
        title=title,
        summary=summary,
        beneficiaries=beneficiaries,
        beneficiaries_women=beneficiaries_women,
        cost=cost,
        indh_share=indh_share,
        title_ar=title_ar,
        summary_ar=summary_ar,
        results=results,
    )
    _check(sheet)
    try:
        with transaction.atomic(), actor_context(by):
            sheet.save()
            sheet.partners.set(partners)
    except IntegrityError as exc:
        raise ValidationError(
            {"project": _("Le projet %(code)s a déjà sa fiche de réalisation.") % {"code": locked.code}}
        ) from exc
    return sheet


@transaction.atomic
def sheet_update(
    *,
    sheet: AchievementSheet,
    by,
    title: str,
    summary: str,
    beneficiaries: int | None,
    beneficiaries_women: int | None,
    cost: Decimal | None,
    indh_share: Decimal | None,
    partners=(),
    title_ar: str = "",
    summary_ar: str = "",
    results: str = "",
) -> AchievementSheet:
    _demand_manage(by)
    locked = _lock_draft(sheet, by)
    _fill(
        locked,
        title=title,
        summary=summary,
        beneficiaries=beneficiaries,
        beneficiaries_women=beneficiaries_women,
        cost=cost,
        indh_share=indh_share,
        title_ar=title_ar,
        summary_ar=summary_ar,
        results=results,
    )
    _check(locked)
    with actor_context(by):
        locked.save()
        locked.partners.set(partners)
    return locked


# --- Photos ---------------------------------------------------------------------------------------------------------
def _check_room(sheet: AchievementSheet, adding: int) -> None:
    if sheet.photos.count() + adding > MAX_PHOTOS:
        raise ValidationError({"photo": _("Au plus %(max)s photos par fiche.") % {"max": MAX_PHOTOS}})


def _check_moment(moment: str) -> None:
    if moment not in Moment.values:
        raise ValidationError({"moment": _("Choisissez « avant », « après » ou « autre ».")})


@transaction.atomic
def photo_add(*, sheet: AchievementSheet, by, uploaded, moment: str, caption: str = "") -> SheetPhoto:
    """A JPEG or PNG photo (its type read from its bytes) taken before or after the works, or another moment."""
    _demand_manage(by)
    locked = _lock_draft(sheet, by)
    _check_moment(moment)
    if uploaded is None:
        raise ValidationError({"photo": _("Choisissez une photo.")})
    _check_room(locked, 1)
    check_photo(uploaded, field="photo")
    attachment = attachment_add(parent=locked, uploaded=uploaded, by=by, description=(caption or "").strip())
    with actor_context(by):
        return SheetPhoto.objects.create(
            sheet=locked, attachment=attachment, moment=moment, caption=(caption or "").strip()[:255]
        )


@transaction.atomic
def photo_delete(*, photo: SheetPhoto, by) -> None:
    _demand_manage(by)
    _lock_draft(photo.sheet, by)
    attachment_delete(attachment=photo.attachment, by=by)  # the photo row goes with its attachment (cascade)


def _copy(sheet: AchievementSheet, source: ProgressPhoto, moment: str, by) -> SheetPhoto:
    attachment = source.attachment
    with attachment.file.open("rb") as handle:
        content = handle.read()
    uploaded = SimpleUploadedFile(attachment.original_name, content, content_type=attachment.mime_type)
    check_photo(uploaded, field="photo")
    caption = _("Chantier, constat du %(date)s") % {"date": source.entry.recorded_on.strftime("%d/%m/%Y")}
    copy = attachment_add(parent=sheet, uploaded=uploaded, by=by, description=caption)
    with actor_context(by):
        return SheetPhoto.objects.create(sheet=sheet, attachment=copy, moment=moment, caption=caption)


@transaction.atomic
def photos_from_progress(
    *, sheet: AchievementSheet, by, before: ProgressPhoto | None = None, after: ProgressPhoto | None = None
) -> list[SheetPhoto]:
    """Copies photos of the works into the fiche: ``before`` as « avant », ``after`` as « après » (by default the
    project's earliest and latest photos). The fiche keeps its own copy of each file."""
    from communication.showcase_selectors import progress_photos

    _demand_manage(by)
    locked = _lock_draft(sheet, by)
    available = progress_photos(locked.project)
    if not available:
        raise ValidationError({"before": _("Le projet n'a aucune photo de chantier à reprendre.")})
    known = {photo.pk: photo for photo in available}
    before = available[0] if before is None else known.get(before.pk)
    after = available[-1] if after is None else known.get(after.pk)
    if before is None:
        raise ValidationError({"before": _("Cette photo n'est pas une photo de chantier du projet.")})
    if after is None:
        raise ValidationError({"after": _("Cette photo n'est pas une photo de chantier du projet.")})
    pairs = [(before, Moment.BEFORE)] + ([(after, Moment.AFTER)] if after.pk != before.pk else [])
    _check_room(locked, len(pairs))
    return [_copy(locked, source, moment, by) for source, moment in pairs]


# --- The lifecycle --------------------------------------------------------------------------------------------------
def sheet_submit(*, sheet: AchievementSheet, by) -> AchievementSheet:
    """The service submits the draft to the chef: it needs a presentation and at least one « après » photo."""

    def apply(locked):
        locked.submitted_at = timezone.now()
        locked.return_reason = ""

    return SHEET_WORKFLOW.run(sheet, "submit", by=by, apply=apply)


def sheet_approve(*, sheet: AchievementSheet, by) -> AchievementSheet:
    """The chef approves the fiche: it is published (the brochure and the public page show it)."""

    def apply(locked):
        locked.approved_by = by
        locked.approved_at = timezone.now()
        locked.withdrawn_at = None
        locked.withdrawal_reason = ""

    return SHEET_WORKFLOW.run(sheet, "approve", by=by, apply=apply)


def sheet_return(*, sheet: AchievementSheet, by, reason: str) -> AchievementSheet:
    """The chef sends the submitted fiche back to the draft, saying why."""

    def apply(locked):
        locked.return_reason = reason.strip()
        locked.submitted_at = None

    return SHEET_WORKFLOW.run(sheet, "return", by=by, apply=apply, reason=reason)


def sheet_withdraw(*, sheet: AchievementSheet, by, reason: str) -> AchievementSheet:
    """The service or the chef withdraws a published fiche (it leaves the brochure), saying why."""

    def apply(locked):
        locked.withdrawal_reason = reason.strip()
        locked.withdrawn_at = timezone.now()

    return SHEET_WORKFLOW.run(sheet, "withdraw", by=by, apply=apply, reason=reason)


def sheet_redraft(*, sheet: AchievementSheet, by) -> AchievementSheet:
    """The service takes a withdrawn fiche back to the draft to correct it (it will need the chef's approval again)."""

    def apply(locked):
        locked.approved_by = None
        locked.approved_at = None
        locked.submitted_at = None

    return SHEET_WORKFLOW.run(sheet, "redraft", by=by, apply=apply)


TRANSITION_SERVICES = {
    "submit": sheet_submit,
    "approve": sheet_approve,
    "return": sheet_return,
    "withdraw": sheet_withdraw,
    "redraft": sheet_redraft,
}
