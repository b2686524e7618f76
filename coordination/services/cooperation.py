"""International cooperation: the partners, their programmes in the province (COOP-<year>-<n>), the social activities
each programme finances with their co-financing, the INDH projects they support, their follow-up points and the
reports due to the partner.

The sums that must hold are checked here under a row lock: the activities of a programme (not annulées) add up to at
most its amount and their partner parts to at most the partner's contribution (under the programme's lock); the
projects an activity supports add up to at most its amount (under the activity's lock). Status changes are named
transitions of coordination.cooperation_workflows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination import permissions
from coordination.cooperation_workflows import ACTIVITY_WORKFLOW, PROGRAMME_WORKFLOW
from coordination.models import (
    ActivityFollowUp,
    ActivityProject,
    CooperationActivity,
    CooperationPartner,
    CooperationProgramme,
    PartnerReport,
)
from das import permissions as das_permissions
from das.formatting import format_money
from das.services.audit import actor_context
from das.services.documents import attachment_add
from das.services.numbering import next_reference
from das.services.records import assign_fields
from das.workflow import TransitionRefused

ZERO = Decimal("0")
REFERENCE_LOCK = 7_400_130
Status = CooperationProgramme.Status
ActivityStatus = CooperationActivity.Status
PARTNER_FIELDS = (
    "name",
    "acronym",
    "kind",
    "country",
    "agency",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
    "notes",
)
PROGRAMME_FIELDS = (
    "partner",
    "title",
    "objectives",
    "agreement_reference",
    "signed_on",
    "start_on",
    "end_on",
    "amount",
    "partner_contribution",
)
ACTIVITY_FIELDS = (
    "title",
    "description",
    "commune",
    "partner_amount",
    "indh_amount",
    "other_amount",
    "amount",
    "other_funders",
    "start_on",
    "end_on",
)


def _demand(by) -> None:
    das_permissions.demand(
        by, permissions.MANAGE_COOPERATION, _("Votre rôle ne permet pas de tenir la coopération internationale.")
    )


class _Errors:
    """Refusals gathered field by field, raised together."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field, message):
        self.errors.setdefault(field, []).append(message)

    def raise_any(self):
        if self.errors:
            raise ValidationError(self.errors)


def _money(errors: _Errors, field: str, value, label, *, positive=False) -> None:
    if value is None:
        errors.add(field, _("Indiquez %(what)s.") % {"what": label})
    elif not isinstance(value, Decimal) or value < 0:
        errors.add(field, _("Le montant ne peut pas être négatif."))
    elif positive and value <= 0:
        errors.add(field, _("Le montant doit être supérieur à zéro."))


FIRST_YEAR, LAST_YEAR = 2000, 2100


def _day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _years_message() -> str:
    return _("Indiquez une date entre 2000 et 2100.")


def _in_years(value: dt.date) -> bool:
    return FIRST_YEAR <= value.year <= LAST_YEAR


def _years(errors: _Errors, data: dict, fields) -> None:
    """A typed 0202 or 20266 is a mistake, not a date of the programme: every date of the area lies in 2000–2100."""
    for field in fields:
        value = data.get(field)
        if isinstance(value, dt.date) and not _in_years(value):
            errors.add(field, _years_message())


# --- Partners ---------------------------------------------------------------------------------------------------
def _check_partner(data: dict, instance=None) -> None:
    errors = _Errors()
    name = (data.get("name") or "").strip()
    if not name:
        errors.add("name", _("Indiquez le nom du partenaire."))
    elif CooperationPartner.objects.filter(name__iexact=name).exclude(pk=getattr(instance, "pk", None)).exists():
        errors.add("name", _("Un partenaire porte déjà ce nom."))
    if data.get("kind") not in CooperationPartner.Kind.values:
        errors.add("kind", _("Choisissez le type de partenaire."))
    if not (data.get("country") or "").strip():
        errors.add("country", _("Indiquez le pays du partenaire."))
    errors.raise_any()


def _save_partner(partner: CooperationPartner, data: dict, by) -> CooperationPartner:
    assign_fields(partner, data, PARTNER_FIELDS)
    try:
        with transaction.atomic(), actor_context(by):
            partner.full_clean(validate_unique=False)
            partner.save()
    except IntegrityError as exc:  # the same name saved by someone else in the meantime
        raise ValidationError({"name": _("Un partenaire porte déjà ce nom.")}) from exc
    return partner


def partner_create(*, by, **data) -> CooperationPartner:
    """A foreign partner (agency, organisation, foreign local authority…) with its country."""
    _demand(by)
    _check_partner(data)
    return _save_partner(CooperationPartner(), data, by)


def partner_update(*, partner: CooperationPartner, by, **data) -> CooperationPartner:
    _demand(by)
    _check_partner(data, partner)
    with transaction.atomic():
        locked = CooperationPartner.objects.select_for_update().get(pk=partner.pk)
        return _save_partner(locked, data, by)


# --- Programmes -------------------------------------------------------------------------------------------------
def _check_programme(data: dict) -> None:
    errors = _Errors()
    if data.get("partner") is None:
        errors.add("partner", _("Choisissez le partenaire."))
    if not (data.get("title") or "").strip():
        errors.add("title", _("Indiquez l'intitulé du programme."))
    _years(errors, data, ("signed_on", "start_on", "end_on"))
    start, end, signed = data.get("start_on"), data.get("end_on"), data.get("signed_on")
    if signed is not None and start is not None and signed > start:
        errors.add("signed_on", _("L'accord ne peut pas être signé après le début du programme."))
    if start is None:
        errors.add("start_on", _("Indiquez la date de début."))
    if end is None:
        errors.add("end_on", _("Indiquez la date de fin."))
    elif start is not None and end < start:
        errors.add("end_on", _("La fin ne peut pas précéder le début."))
    amount, contribution = data.get("amount"), data.get("partner_contribution")
    _money(errors, "amount", amount, _("le montant global"), positive=True)
    _money(errors, "partner_contribution", contribution, _("la contribution du partenaire"))
    if isinstance(amount, Decimal) and isinstance(contribution, Decimal) and contribution > amount:
        errors.add(
            "partner_contribution",
            _("La contribution du partenaire (%(part)s) dépasse le montant global du programme (%(amount)s).")
            % {"part": format_money(contribution), "amount": format_money(amount)},
        )
    errors.raise_any()


def _activity_sums(programme: CooperationProgramme, exclude=None) -> dict:
    """The programme's activities not annulées: their amounts and partner parts (one query)."""
    rows = programme.activities.exclude(status=ActivityStatus.CANCELLED)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return rows.aggregate(amount=Coalesce(Sum("amount"), ZERO), partner=Coalesce(Sum("partner_amount"), ZERO))


def programme_create(*, by, **data) -> CooperationProgramme:
    """A programme in preparation, numbered COOP-<year>-<n>."""
    _demand(by)
    _check_programme(data)
    with transaction.atomic(), actor_context(by):
        year = timezone.localdate().year
        programme = CooperationProgramme(
            reference=next_reference(CooperationProgramme, "reference", f"COOP-{year}-", REFERENCE_LOCK)
        )
        assign_fields(programme, data, PROGRAMME_FIELDS)
        programme.full_clean(validate_unique=False)
        programme.save()
    return programme


def _lock_programme(programme: CooperationProgramme, *, allow_suspended=True) -> CooperationProgramme:
    locked = CooperationProgramme.objects.select_for_update().get(pk=programme.pk)
    if locked.status == Status.CLOSED or (locked.status == Status.SUSPENDED and not allow_suspended):
        raise TransitionRefused(
            _("Le programme %(reference)s est « %(status)s » : il ne se modifie plus.")
            % {"reference": locked.reference, "status": locked.get_status_display()}
        )
    return locked


def programme_update(*, programme: CooperationProgramme, by, **data) -> CooperationProgramme:
    """The programme's agreement, dates and amounts; the amounts may not fall below what its activities use."""
    _demand(by)
    _check_programme(data)
    with transaction.atomic(), actor_context(by):
        locked = _lock_programme(programme)
        used = _activity_sums(locked)
        errors = _Errors()
        if data["amount"] < used["amount"]:
            errors.add(
                "amount",
                _("Les activités du programme totalisent déjà %(used)s : le montant global ne peut pas être inférieur.")
                % {"used": format_money(used["amount"])},
            )
        if data["partner_contribution"] < used["partner"]:
            errors.add(
                "partner_contribution",
                _(
                    "Les parts du partenaire dans les activités totalisent déjà %(used)s : sa contribution ne peut pas "
                    "être inférieure."
                )
                % {"used": format_money(used["partner"])},
            )
        _check_activity_dates_within(locked, data, errors)
        errors.raise_any()
        assign_fields(locked, data, PROGRAMME_FIELDS)
        locked.full_clean(validate_unique=False)
        locked.save()
    return locked


def _check_activity_dates_within(programme: CooperationProgramme, data: dict, errors: _Errors) -> None:
    """The new period still holds the dates of the activities not annulées (two queries)."""
    activities = programme.activities.exclude(status=ActivityStatus.CANCELLED)
    earliest = (
        activities.filter(start_on__lt=data["start_on"]).order_by("start_on").values("title", "start_on").first()
        or activities.filter(end_on__lt=data["start_on"]).order_by("end_on").values("title", "end_on").first()
    )
    latest = (
        activities.filter(end_on__gt=data["end_on"]).order_by("-end_on").values("title", "end_on").first()
        or activities.filter(start_on__gt=data["end_on"]).order_by("-start_on").values("title", "start_on").first()
    )
    if earliest:
        errors.add(
            "start_on",
            _("L'activité « %(title)s » est datée du %(day)s : le programme ne peut pas commencer après.")
            % {"title": earliest["title"], "day": _day(earliest.get("start_on") or earliest["end_on"])},
        )
    if latest:
        errors.add(
            "end_on",
            _("L'activité « %(title)s » est datée du %(day)s : le programme ne peut pas finir avant.")
            % {"title": latest["title"], "day": _day(latest.get("end_on") or latest["start_on"])},
        )


def programme_start(*, programme: CooperationProgramme, by) -> CooperationProgramme:
    """The agreement is in force: the programme is en cours."""
    return PROGRAMME_WORKFLOW.run(programme, "start", by=by, apply=lambda locked: setattr(locked, "status_note", ""))


def programme_suspend(*, programme: CooperationProgramme, by, reason: str = "") -> CooperationProgramme:
    return PROGRAMME_WORKFLOW.run(
        programme, "suspend", by=by, reason=reason, apply=lambda locked: setattr(locked, "status_note", reason.strip())
    )


def programme_resume(*, programme: CooperationProgramme, by, reason: str = "") -> CooperationProgramme:
    return PROGRAMME_WORKFLOW.run(
        programme, "resume", by=by, reason=reason, apply=lambda locked: setattr(locked, "status_note", reason.strip())
    )


def programme_close(*, programme: CooperationProgramme, by) -> CooperationProgramme:
    """Closed once every activity is achevée or annulée and every report is submitted."""
    return PROGRAMME_WORKFLOW.run(programme, "close", by=by)


# --- Activities -------------------------------------------------------------------------------------------------
def _check_activity(data: dict) -> None:
    errors = _Errors()
    if not (data.get("title") or "").strip():
        errors.add("title", _("Indiquez l'intitulé de l'activité."))
    parts = {}
    for field, label in (
        ("partner_amount", _("la part du partenaire (0 s'il n'en a pas)")),
        ("indh_amount", _("la part INDH (0 s'il n'y en a pas)")),
        ("other_amount", _("les autres co-financements (0 s'il n'y en a pas)")),
    ):
        _money(errors, field, data.get(field), label)
        parts[field] = data.get(field)
    amount = data.get("amount")
    _money(errors, "amount", amount, _("le montant de l'activité"), positive=True)
    if isinstance(amount, Decimal) and all(isinstance(value, Decimal) and value >= 0 for value in parts.values()):
        total = sum(parts.values(), ZERO)
        if total != amount:
            errors.add(
                "amount",
                _(
                    "Le montant (%(amount)s) doit être égal à la somme des parts : partenaire + INDH + autres = "
                    "%(total)s."
                )
                % {"amount": format_money(amount), "total": format_money(total)},
            )
    if (data.get("other_amount") or ZERO) > 0 and not (data.get("other_funders") or "").strip():
        errors.add("other_funders", _("Nommez les autres co-financeurs."))
    _years(errors, data, ("start_on", "end_on"))
    start, end = data.get("start_on"), data.get("end_on")
    if start and end and end < start:
        errors.add("end_on", _("La fin ne peut pas précéder le début."))
    errors.raise_any()


def _check_within_programme(programme: CooperationProgramme, data: dict, exclude=None) -> None:
    """Under the programme's lock: the activity's dates within the programme's, the activities' sum within its
    amount, their partner parts within its contribution to the programme."""
    used = _activity_sums(programme, exclude=exclude)
    errors = _Errors()
    for field in ("start_on", "end_on"):
        day = data.get(field)
        if day is not None and not programme.start_on <= day <= programme.end_on:
            errors.add(
                field,
                _("La date doit être dans la période du programme, du %(start)s au %(end)s.")
                % {"start": _day(programme.start_on), "end": _day(programme.end_on)},
            )
    if used["amount"] + data["amount"] > programme.amount:
        errors.add(
            "amount",
            _(
                "Le total des activités dépasserait le montant du programme (%(amount)s) : déjà %(used)s engagés, "
                "reste %(left)s."
            )
            % {
                "amount": format_money(programme.amount),
                "used": format_money(used["amount"]),
                "left": format_money(programme.amount - used["amount"]),
            },
        )
    if used["partner"] + data["partner_amount"] > programme.partner_contribution:
        errors.add(
            "partner_amount",
            _(
                "Les parts du partenaire dépasseraient sa contribution au programme (%(contribution)s) : déjà "
                "%(used)s, reste %(left)s."
            )
            % {
                "contribution": format_money(programme.partner_contribution),
                "used": format_money(used["partner"]),
                "left": format_money(programme.partner_contribution - used["partner"]),
            },
        )
    errors.raise_any()


def activity_create(*, programme: CooperationProgramme, by, **data) -> CooperationActivity:
    """A social activity of a programme not closed nor suspended, within what the programme has left."""
    _demand(by)
    _check_activity(data)
    with transaction.atomic(), actor_context(by):
        locked = _lock_programme(programme, allow_suspended=False)
        _check_within_programme(locked, data)
        activity = CooperationActivity(programme=locked)
        assign_fields(activity, data, ACTIVITY_FIELDS)
        activity.full_clean()
        activity.save()
    return activity


def _lock_activity(activity: CooperationActivity) -> CooperationActivity:
    locked = CooperationActivity.objects.select_for_update().get(pk=activity.pk)
    if locked.status not in (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS):
        raise TransitionRefused(
            _("L'activité est « %(status)s » : elle ne se modifie plus.") % {"status": locked.get_status_display()}
        )
    return locked


def _supported_total(activity: CooperationActivity, exclude=None) -> Decimal:
    rows = ActivityProject.objects.filter(activity=activity)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return rows.aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]


def activity_update(*, activity: CooperationActivity, by, **data) -> CooperationActivity:
    """An activity programmée or en cours changed; its amount still covers its supported projects and what it spent."""
    _demand(by)
    _check_activity(data)
    with transaction.atomic(), actor_context(by):
        programme = _lock_programme(activity.programme)
        locked = _lock_activity(activity)
        _check_within_programme(programme, data, exclude=locked.pk)
        supported = _supported_total(locked)
        if data["amount"] < supported:
            raise ValidationError(
                {
                    "amount": _("Les projets soutenus totalisent %(total)s : le montant ne peut pas être inférieur.")
                    % {"total": format_money(supported)}
                }
            )
        if data["amount"] < locked.spent:
            raise ValidationError(
                {
                    "amount": _("L'activité a déjà dépensé %(spent)s : le montant ne peut pas être inférieur.")
                    % {"spent": format_money(locked.spent)}
                }
            )
        assign_fields(locked, data, ACTIVITY_FIELDS)
        locked.full_clean()
        locked.save()
    return locked


def _open_programme_guard(activity: CooperationActivity) -> None:
    if activity.programme.status == Status.CLOSED:
        raise TransitionRefused(_("Le programme est clôturé : ses activités ne changent plus."))


def activity_start(*, activity: CooperationActivity, by) -> CooperationActivity:
    _open_programme_guard(activity)
    return ACTIVITY_WORKFLOW.run(activity, "start", by=by)


def activity_complete(*, activity: CooperationActivity, by) -> CooperationActivity:
    _open_programme_guard(activity)
    return ACTIVITY_WORKFLOW.run(activity, "complete", by=by)


def activity_cancel(*, activity: CooperationActivity, by, reason: str = "") -> CooperationActivity:
    """Cancelled with a reason: its amount is freed in the programme (cancelled activities count for nothing)."""
    _open_programme_guard(activity)
    return ACTIVITY_WORKFLOW.run(
        activity, "cancel", by=by, reason=reason, apply=lambda locked: setattr(locked, "status_note", reason.strip())
    )


# --- Supported projects -----------------------------------------------------------------------------------------
def supportable_projects():
    """The province's INDH projects an activity may support (not abandoned)."""
    from projects.models import Project

    return Project.objects.exclude(status=Project.Status.ABANDONED).order_by("code")


def _check_support(activity: CooperationActivity, project, amount, exclude=None) -> None:
    errors = _Errors()
    if project is None:
        errors.add("project", _("Choisissez le projet soutenu."))
    elif not supportable_projects().filter(pk=project.pk).exists():
        errors.add("project", _("Ce projet est abandonné : il ne peut pas être soutenu."))
    _money(errors, "amount", amount, _("l'apport au projet"), positive=True)
    errors.raise_any()
    if ActivityProject.objects.filter(activity=activity, project=project).exclude(pk=exclude).exists():
        raise ValidationError({"project": _("Ce projet est déjà soutenu par l'activité : modifiez son apport.")})
    used = _supported_total(activity, exclude=exclude)
    if used + amount > activity.amount:
        raise ValidationError(
            {
                "amount": _(
                    "Les apports aux projets dépasseraient le montant de l'activité (%(amount)s) : déjà %(used)s, "
                    "reste %(left)s."
                )
                % {
                    "amount": format_money(activity.amount),
                    "used": format_money(used),
                    "left": format_money(activity.amount - used),
                }
            }
        )


def support_add(*, activity: CooperationActivity, by, project, amount) -> ActivityProject:
    """A project of the province the activity supports, with the amount it brings (the sum within the activity's)."""
    _demand(by)
    with transaction.atomic(), actor_context(by):
        _open_programme_guard(activity)
        locked = _lock_activity(activity)
        _check_support(locked, project, amount)
        try:
            with transaction.atomic():
                return ActivityProject.objects.create(activity=locked, project=project, amount=amount)
        except IntegrityError as exc:
            raise ValidationError({"project": _("Ce projet est déjà soutenu par l'activité.")}) from exc


def support_update(*, support: ActivityProject, by, amount) -> ActivityProject:
    _demand(by)
    with transaction.atomic(), actor_context(by):
        _open_programme_guard(support.activity)
        locked = _lock_activity(support.activity)
        row = ActivityProject.objects.select_for_update().get(pk=support.pk)
        _check_support(locked, row.project, amount, exclude=row.pk)
        row.amount = amount
        row.save()
    return row


def support_remove(*, support: ActivityProject, by) -> None:
    _demand(by)
    with transaction.atomic(), actor_context(by):
        _open_programme_guard(support.activity)
        _lock_activity(support.activity)
        ActivityProject.objects.filter(pk=support.pk).delete()


# --- Follow-up --------------------------------------------------------------------------------------------------
def followup_add(*, activity: CooperationActivity, by, on: dt.date, progress: int, spent: Decimal, note: str):
    """A dated follow-up point; the latest point (by date) gives the activity its progress and amount spent."""
    _demand(by)
    errors = _Errors()
    if on is None:
        errors.add("on", _("Indiquez la date du point de suivi."))
    elif not _in_years(on):
        errors.add("on", _years_message())
    elif on > timezone.localdate():
        errors.add("on", _("La date du point de suivi ne peut pas être dans le futur."))
    if progress is None or not 0 <= progress <= 100:
        errors.add("progress", _("L'avancement est un pourcentage entre 0 et 100."))
    _money(errors, "spent", spent, _("le montant dépensé (0 si rien)"))
    if not (note or "").strip():
        errors.add("note", _("Écrivez les observations du point de suivi."))
    errors.raise_any()
    with transaction.atomic(), actor_context(by):
        _open_programme_guard(activity)
        locked = CooperationActivity.objects.select_for_update().get(pk=activity.pk)
        if locked.status == ActivityStatus.CANCELLED:
            raise TransitionRefused(_("L'activité est annulée : elle n'a plus de suivi."))
        if spent > locked.amount:
            raise ValidationError(
                {
                    "spent": _("Le montant dépensé dépasse le montant de l'activité (%(amount)s).")
                    % {"amount": format_money(locked.amount)}
                }
            )
        point = ActivityFollowUp.objects.create(
            activity=locked, on=on, progress=progress, spent=spent, note=note.strip(), recorded_by=by
        )
        latest = ActivityFollowUp.objects.filter(activity=locked).order_by("-on", "-pk").first()
        locked.progress, locked.spent = latest.progress, latest.spent
        locked.save(update_fields=["progress", "spent", "updated_at"])
    return point


# --- Reports due to the partner ---------------------------------------------------------------------------------
def report_add(*, programme: CooperationProgramme, by, kind: str, title: str, due_on: dt.date, note: str = ""):
    """A report the province owes the partner, due on a date."""
    _demand(by)
    errors = _Errors()
    if kind not in PartnerReport.Kind.values:
        errors.add("kind", _("Choisissez le type de rapport."))
    if not (title or "").strip():
        errors.add("title", _("Indiquez l'intitulé du rapport (la période couverte)."))
    if due_on is None:
        errors.add("due_on", _("Indiquez la date à laquelle le rapport est dû."))
    _years(errors, {"due_on": due_on}, ("due_on",))
    errors.raise_any()
    with transaction.atomic(), actor_context(by):
        locked = _lock_programme(programme)
        report = PartnerReport(
            programme=locked, kind=kind, title=title.strip(), due_on=due_on, note=(note or "").strip()
        )
        report.full_clean()
        report.save()
    return report


def report_submit(*, report: PartnerReport, by, submitted_on: dt.date, uploaded, note: str = "") -> PartnerReport:
    """The report handed to the partner: its date and its file, kept among the programme's attachments."""
    _demand(by)
    errors = _Errors()
    if submitted_on is None:
        errors.add("submitted_on", _("Indiquez la date de remise."))
    elif not _in_years(submitted_on):
        errors.add("submitted_on", _years_message())
    elif submitted_on > timezone.localdate():
        errors.add("submitted_on", _("La date de remise ne peut pas être dans le futur."))
    if uploaded is None:
        errors.add("file", _("Joignez le rapport remis."))
    errors.raise_any()
    with transaction.atomic(), actor_context(by):
        locked = PartnerReport.objects.select_for_update().select_related("programme").get(pk=report.pk)
        if locked.submitted_on is not None:
            raise TransitionRefused(
                _("Ce rapport a déjà été remis le %(day)s.") % {"day": locked.submitted_on.strftime("%d/%m/%Y")}
            )
        try:
            attachment = attachment_add(
                parent=locked.programme,
                uploaded=uploaded,
                by=by,
                description=_("Rapport remis au partenaire : %(title)s") % {"title": locked.title},
            )
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        locked.submitted_on = submitted_on
        locked.file = attachment
        if (note or "").strip():
            locked.note = note.strip()
        locked.full_clean()
        locked.save()
    return locked
