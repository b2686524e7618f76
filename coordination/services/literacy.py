"""Literacy and non-formal education: campaigns, centres, operations, classes and the learners' grid of a class.

Every write checks the service's permission and the state of what it changes under a row lock; status changes are
the named transitions of coordination.literacy_workflows. Operation references are ALPHA-<start year>-<n>, numbered
under an advisory lock. A class's grid (sex × age group, enrolled and completing) is saved whole in one call under
the class's lock: every line is checked first, and nothing is written when one is wrong.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination import permissions
from coordination.literacy_workflows import CAMPAIGN_WORKFLOW, OPERATION_WORKFLOW
from coordination.models.common import Sex
from coordination.models.literacy import (
    AgeGroup,
    LiteracyCampaign,
    LiteracyCentre,
    LiteracyClass,
    LiteracyHeadcount,
    LiteracyOperation,
)
from das import permissions as das_permissions
from das.services.audit import actor_context
from das.services.numbering import next_reference
from das.services.records import assign_fields
from das.workflow import TransitionRefused

OPERATION_LOCK = 7_400_120
# An operation may start a little before its campaign (registration of learners) and end a little after it (the
# final evaluation): this many days on either side.
CAMPAIGN_MARGIN = datetime.timedelta(days=60)
# Every date of the area lies in these years: a typo such as 9999 or 0001 is refused next to its field (and would
# overflow the margin arithmetic below).
YEARS = (2000, 2100)
CAMPAIGN_FIELDS = ("title", "start_on", "end_on", "target_learners")
CENTRE_FIELDS = ("name", "kind", "commune", "locality", "address")
OPERATION_FIELDS = (
    "programme",
    "operator",
    "convention",
    "convention_reference",
    "convention_amount",
    "commune",
    "start_on",
    "end_on",
    "target_learners",
)
CLASS_FIELDS = ("centre", "name", "level", "instructor", "start_on", "end_on", "hours")
GRID_KEYS = [(sex, age) for sex in Sex.values for age in AgeGroup.values]


def _demand_manage(by) -> None:
    das_permissions.demand(
        by,
        permissions.MANAGE_LITERACY,
        _("Votre rôle ne permet pas de tenir les campagnes d'alphabétisation."),
    )


def _check(decision) -> None:
    if not decision:
        raise TransitionRefused(decision.reason)


def _errors():
    errors: dict[str, list[str]] = {}

    def refuse(field, message):
        errors.setdefault(field, []).append(str(message))

    return errors, refuse


def _shift(day: datetime.date, delta: datetime.timedelta) -> datetime.date:
    """day + delta, held at the calendar's ends instead of overflowing (dates saved before years were checked)."""
    try:
        return day + delta
    except OverflowError:
        return datetime.date.max if delta > datetime.timedelta(0) else datetime.date.min


def _dates(refuse, start_on, end_on) -> None:
    if start_on is None:
        refuse("start_on", _("Indiquez la date de début."))
    if end_on is None:
        refuse("end_on", _("Indiquez la date de fin."))
    out_of_range = False
    for field, day in (("start_on", start_on), ("end_on", end_on)):
        if day and not YEARS[0] <= day.year <= YEARS[1]:
            out_of_range = True
            refuse(field, _("Indiquez une date entre %(first)s et %(last)s.") % {"first": YEARS[0], "last": YEARS[1]})
    if not out_of_range and start_on and end_on and end_on <= start_on:
        refuse("end_on", _("La date de fin doit suivre la date de début."))


def _count(refuse, field, value, message) -> None:
    if value is not None and value < 0:
        refuse(field, message)


def _text(value) -> str:
    return (value or "").strip()


# --- Campaigns --------------------------------------------------------------------------------------------------
def _check_campaign(data: dict) -> None:
    errors, refuse = _errors()
    _dates(refuse, data.get("start_on"), data.get("end_on"))
    _count(refuse, "target_learners", data.get("target_learners"), _("L'objectif ne peut pas être négatif."))
    if errors:
        raise ValidationError(errors)


def campaign_create(
    *, by, start_year: int, start_on, end_on, title: str = "", target_learners: int = 0
) -> LiteracyCampaign:
    """A new campaign (a school year: start_year 2025 is « 2025-2026 »), programmée; one per school year."""
    _demand_manage(by)
    if start_year is None or not 2005 <= start_year <= 2100:
        raise ValidationError({"start_year": _("Indiquez une année de démarrage entre 2005 et 2100.")})
    _check_campaign({"start_on": start_on, "end_on": end_on, "target_learners": target_learners})
    taken = _("La campagne %(year)s-%(next)s existe déjà : une seule campagne par année scolaire.") % {
        "year": start_year,
        "next": start_year + 1,
    }
    if LiteracyCampaign.objects.filter(start_year=start_year).exists():
        raise ValidationError({"start_year": taken})
    try:
        with transaction.atomic(), actor_context(by):
            campaign = LiteracyCampaign(
                start_year=start_year,
                title=_text(title),
                start_on=start_on,
                end_on=end_on,
                target_learners=target_learners or 0,
            )
            campaign.full_clean(validate_unique=False)
            campaign.save()
    except IntegrityError as exc:  # created by someone else in the meantime
        raise ValidationError({"start_year": taken}) from exc
    return campaign


def campaign_update(*, campaign: LiteracyCampaign, by, **data) -> LiteracyCampaign:
    """The campaign's title, dates and target, until it is clôturée."""
    _demand_manage(by)
    _check_campaign(data)
    with transaction.atomic(), actor_context(by):
        locked = LiteracyCampaign.objects.select_for_update().get(pk=campaign.pk)
        _check(permissions.can_edit_campaign(by, locked))
        _check_operations_inside(locked, data["start_on"], data["end_on"])
        data = {**data, "title": _text(data.get("title")), "target_learners": data.get("target_learners") or 0}
        assign_fields(locked, data, CAMPAIGN_FIELDS)
        locked.full_clean(validate_unique=False)
        locked.save()
    return locked


def _check_operations_inside(campaign: LiteracyCampaign, start_on, end_on) -> None:
    """New dates of a campaign must still hold its operations (within the margin), as an operation's hold its
    classes."""
    outside = campaign.operations.filter(
        Q(start_on__lt=_shift(start_on, -CAMPAIGN_MARGIN)) | Q(end_on__gt=_shift(end_on, CAMPAIGN_MARGIN))
    ).values_list("reference", flat=True)
    references = sorted(outside)
    if references:
        raise ValidationError(
            {
                "start_on": _(
                    "Ces opérations sortiraient des dates de la campagne (à deux mois près) : %(references)s. "
                    "Modifiez-les d'abord."
                )
                % {"references": ", ".join(references)}
            }
        )


def campaign_start(*, campaign: LiteracyCampaign, by) -> LiteracyCampaign:
    """The campaign begins: its operations may now start."""
    return CAMPAIGN_WORKFLOW.run(campaign, "start", by=by)


def campaign_close(*, campaign: LiteracyCampaign, by, closing_note: str = "") -> LiteracyCampaign:
    """The campaign is closed with its closing note, once every operation is achevée or annulée; its figures are then
    final."""

    def apply(locked):
        locked.closing_note = _text(closing_note)
        locked.closed_at = timezone.now()

    return CAMPAIGN_WORKFLOW.run(campaign, "close", by=by, apply=apply, closing_note=closing_note)


# --- Centres ----------------------------------------------------------------------------------------------------
def _check_centre(data: dict, centre: LiteracyCentre | None = None) -> None:
    errors, refuse = _errors()
    name = _text(data.get("name"))
    commune = data.get("commune")
    if not name:
        refuse("name", _("Indiquez le nom du centre."))
    if data.get("kind") not in LiteracyCentre.Kind.values:
        refuse("kind", _("Choisissez le type de centre."))
    if commune is None:
        refuse("commune", _("Choisissez la commune du centre."))
    locality = data.get("locality")
    if locality is not None and commune is not None and locality.commune_id != commune.pk:
        refuse("locality", _("Ce quartier ou douar n'est pas dans la commune choisie."))
    if name and commune is not None:
        same = LiteracyCentre.objects.filter(commune=commune, name__iexact=name)
        if centre is not None:
            same = same.exclude(pk=centre.pk)
        if same.exists():
            refuse("name", _("Un centre de ce nom existe déjà dans cette commune."))
    if errors:
        raise ValidationError(errors)


def centre_create(*, by, **data) -> LiteracyCentre:
    _demand_manage(by)
    _check_centre(data)
    try:
        with transaction.atomic(), actor_context(by):
            centre = LiteracyCentre()
            assign_fields(centre, data, CENTRE_FIELDS)
            centre.full_clean(validate_unique=False)
            centre.save()
    except IntegrityError as exc:
        raise ValidationError({"name": _("Un centre de ce nom existe déjà dans cette commune.")}) from exc
    return centre


def centre_update(*, centre: LiteracyCentre, by, **data) -> LiteracyCentre:
    _demand_manage(by)
    _check_centre(data, centre)
    with transaction.atomic(), actor_context(by):
        locked = LiteracyCentre.objects.select_for_update().get(pk=centre.pk)
        assign_fields(locked, data, CENTRE_FIELDS)
        locked.full_clean(validate_unique=False)
        locked.save()
    return locked


def centre_set_active(*, centre: LiteracyCentre, by, active: bool) -> LiteracyCentre:
    """A centre closed (no new class is held there; its past classes stay) or reopened."""
    _demand_manage(by)
    with transaction.atomic(), actor_context(by):
        locked = LiteracyCentre.objects.select_for_update().get(pk=centre.pk)
        if locked.is_active == active:
            raise TransitionRefused(_("Le centre est déjà actif.") if active else _("Le centre est déjà désactivé."))
        locked.is_active = active
        locked.save(update_fields=["is_active", "updated_at"])
    return locked


# --- Operations -------------------------------------------------------------------------------------------------
def operator_conventions(operator):
    """The INDH conventions an operator signed: as the project's holder or as a party."""
    from projects.models import Convention

    return (
        Convention.objects.filter(Q(project__holder=operator) | Q(parties__partner=operator))
        .exclude(status=Convention.Status.TERMINATED)
        .distinct()
    )


def _check_operation(campaign: LiteracyCampaign, data: dict) -> None:
    errors, refuse = _errors()
    if data.get("programme") not in LiteracyOperation.Programme.values:
        refuse("programme", _("Choisissez le programme."))
    operator = data.get("operator")
    if operator is None:
        refuse("operator", _("Choisissez l'opérateur."))
    elif not operator.is_active:
        refuse("operator", _("Ce partenaire est désactivé : choisissez un autre opérateur."))
    if data.get("commune") is None:
        refuse("commune", _("Choisissez la commune de l'opération."))
    convention = data.get("convention")
    reference = _text(data.get("convention_reference"))
    amount = data.get("convention_amount")
    if convention is not None:
        if reference or amount is not None:
            refuse(
                "convention_reference",
                _("Choisissez la convention INDH ou indiquez une autre convention, pas les deux."),
            )
        if operator is not None and not operator_conventions(operator).filter(pk=convention.pk).exists():
            refuse("convention", _("Cette convention n'a pas été signée par l'opérateur choisi."))
    elif amount is not None and not reference:
        refuse("convention_reference", _("Indiquez la référence de la convention dont vous donnez le montant."))
    if amount is not None and (not isinstance(amount, Decimal) or amount < 0):
        refuse("convention_amount", _("Le montant de la convention ne peut pas être négatif."))
    start_on, end_on = data.get("start_on"), data.get("end_on")
    _dates(refuse, start_on, end_on)
    window = _(
        "Les dates de l'opération doivent rester dans celles de la campagne (du %(start)s au %(end)s, à "
        "deux mois près)."
    ) % {"start": campaign.start_on.strftime("%d/%m/%Y"), "end": campaign.end_on.strftime("%d/%m/%Y")}
    if start_on and start_on < _shift(campaign.start_on, -CAMPAIGN_MARGIN):
        refuse("start_on", window)
    if end_on and end_on > _shift(campaign.end_on, CAMPAIGN_MARGIN):
        refuse("end_on", window)
    _count(refuse, "target_learners", data.get("target_learners"), _("L'objectif ne peut pas être négatif."))
    if errors:
        raise ValidationError(errors)


def _clean_operation_data(data: dict) -> dict:
    data = dict(data)
    data["convention_reference"] = _text(data.get("convention_reference"))
    data["target_learners"] = data.get("target_learners") or 0
    return data


def _check_classes_inside(operation: LiteracyOperation, start_on, end_on) -> None:
    """New dates of an operation must still hold its classes."""
    outside = operation.classes.filter(Q(start_on__lt=start_on) | Q(end_on__gt=end_on)).values_list("name", flat=True)
    names = list(outside)
    if names:
        raise ValidationError(
            {
                "start_on": _("Ces classes sortiraient des dates de l'opération : %(names)s. Modifiez-les d'abord.")
                % {"names": ", ".join(names)}
            }
        )


def operation_create(*, campaign: LiteracyCampaign, by, **data) -> LiteracyOperation:
    """A new operation of a campaign, programmée, numbered ALPHA-<start year>-<n>."""
    _demand_manage(by)
    data = _clean_operation_data(data)
    _check_operation(campaign, data)
    with transaction.atomic(), actor_context(by):
        locked = LiteracyCampaign.objects.select_for_update().get(pk=campaign.pk)
        _check(permissions.can_edit_campaign(by, locked))
        operation = LiteracyOperation(
            campaign=locked,
            reference=next_reference(LiteracyOperation, "reference", f"ALPHA-{locked.start_year}-", OPERATION_LOCK),
        )
        assign_fields(operation, data, OPERATION_FIELDS)
        operation.full_clean(validate_unique=False)
        operation.save()
    return operation


def operation_update(*, operation: LiteracyOperation, by, **data) -> LiteracyOperation:
    """An operation changed while it is programmée or en cours and its campaign open (its reference stays)."""
    _demand_manage(by)
    data = _clean_operation_data(data)
    _check_operation(operation.campaign, data)
    with transaction.atomic(), actor_context(by):
        locked = LiteracyOperation.objects.select_for_update().select_related("campaign").get(pk=operation.pk)
        _check(permissions.can_edit_operation(by, locked))
        _check_classes_inside(locked, data["start_on"], data["end_on"])
        assign_fields(locked, data, OPERATION_FIELDS)
        locked.full_clean(validate_unique=False)
        locked.save()
    return locked


def operation_start(*, operation: LiteracyOperation, by) -> LiteracyOperation:
    """The operation's classes begin (its campaign en cours)."""
    return OPERATION_WORKFLOW.run(operation, "start", by=by)


def operation_complete(*, operation: LiteracyOperation, by) -> LiteracyOperation:
    """The operation is achevée; its classes' final completions may still be entered until the campaign closes."""
    return OPERATION_WORKFLOW.run(operation, "complete", by=by)


def operation_cancel(*, operation: LiteracyOperation, by, reason: str = "") -> LiteracyOperation:
    """The operation is annulée, with the reason; its learners no longer count in the campaign's figures."""
    return OPERATION_WORKFLOW.run(
        operation, "cancel", by=by, apply=lambda locked: setattr(locked, "status_note", _text(reason)), reason=reason
    )


# --- Classes ----------------------------------------------------------------------------------------------------
def _check_class(operation: LiteracyOperation, data: dict, literacy_class: LiteracyClass | None = None) -> None:
    errors, refuse = _errors()
    name = _text(data.get("name"))
    if not name:
        refuse("name", _("Indiquez le nom de la classe."))
    elif operation.classes.filter(name__iexact=name).exclude(pk=getattr(literacy_class, "pk", None)).exists():
        refuse("name", _("Une classe de ce nom existe déjà dans l'opération."))
    centre = data.get("centre")
    if centre is None:
        refuse("centre", _("Choisissez le centre."))
    elif not centre.is_active and (literacy_class is None or literacy_class.centre_id != centre.pk):
        refuse("centre", _("Ce centre est désactivé : choisissez un centre actif."))
    if data.get("level") not in LiteracyClass.Level.values:
        refuse("level", _("Choisissez le niveau."))
    start_on, end_on = data.get("start_on"), data.get("end_on")
    _dates(refuse, start_on, end_on)
    window = _("Les dates de la classe doivent rester dans celles de l'opération (du %(start)s au %(end)s).") % {
        "start": operation.start_on.strftime("%d/%m/%Y"),
        "end": operation.end_on.strftime("%d/%m/%Y"),
    }
    if start_on and start_on < operation.start_on:
        refuse("start_on", window)
    if end_on and end_on > operation.end_on:
        refuse("end_on", window)
    hours = data.get("hours")
    if hours is not None and not 1 <= hours <= 2000:
        refuse("hours", _("Indiquez un volume horaire entre 1 et 2000 heures."))
    if errors:
        raise ValidationError(errors)


def _lock_operation(operation: LiteracyOperation, by) -> LiteracyOperation:
    locked = LiteracyOperation.objects.select_for_update().select_related("campaign").get(pk=operation.pk)
    _check(permissions.can_edit_operation(by, locked))
    return locked


def class_create(*, operation: LiteracyOperation, by, **data) -> LiteracyClass:
    """A class of an operation, held in a centre of the province (its commune is shown beside the operation's)."""
    _demand_manage(by)
    _check_class(operation, data)
    try:
        with transaction.atomic(), actor_context(by):
            locked = _lock_operation(operation, by)
            literacy_class = LiteracyClass(operation=locked)
            assign_fields(literacy_class, data, CLASS_FIELDS)
            literacy_class.full_clean(validate_unique=False)
            literacy_class.save()
    except IntegrityError as exc:
        raise ValidationError({"name": _("Une classe de ce nom existe déjà dans l'opération.")}) from exc
    return literacy_class


def class_update(*, literacy_class: LiteracyClass, by, **data) -> LiteracyClass:
    _demand_manage(by)
    _check_class(literacy_class.operation, data, literacy_class)
    with transaction.atomic(), actor_context(by):
        _lock_operation(literacy_class.operation, by)
        locked = LiteracyClass.objects.select_for_update().get(pk=literacy_class.pk)
        if (
            data.get("start_on")
            and data["start_on"] > timezone.localdate()
            and locked.headcounts.filter(completed__gt=0).exists()
        ):
            raise ValidationError(
                {
                    "start_on": _(
                        "La classe a déjà des apprenants ayant achevé : elle ne peut pas commencer plus tard "
                        "qu'aujourd'hui."
                    )
                }
            )
        assign_fields(locked, data, CLASS_FIELDS)
        locked.full_clean(validate_unique=False)
        locked.save()
    return locked


# --- The learners' grid -----------------------------------------------------------------------------------------
def grid_key(sex: str, age_group: str) -> str:
    """The name of one line of the grid in a refusal: « F:25-44 »."""
    return f"{sex}:{age_group}"


def headcounts_save(*, literacy_class: LiteracyClass, by, lines) -> list[LiteracyHeadcount]:
    """The class's whole grid — for each sex and age group, the learners enrolled and completing — replaced in one
    transaction under the class's lock. ``lines`` is an iterable of dicts (sex, age_group, enrolled, completed); a
    line missing from it counts 0. Each refused line is named by grid_key(sex, age_group); nothing is written when
    one line is refused. Completions are entered only once the class has started."""
    _demand_manage(by)
    given: dict[tuple[str, str], tuple[int, int]] = {}
    errors, refuse = _errors()
    for line in lines:
        key = (line.get("sex"), line.get("age_group"))
        if key not in GRID_KEYS:
            raise ValidationError(_("Ligne inconnue dans la grille des effectifs."))
        if key in given:
            raise ValidationError(_("Une ligne de la grille des effectifs est donnée deux fois."))
        enrolled, completed = line.get("enrolled") or 0, line.get("completed") or 0
        name = grid_key(*key)
        if enrolled < 0 or completed < 0:
            refuse(name, _("Les effectifs ne peuvent pas être négatifs."))
        elif completed > enrolled:
            refuse(
                name,
                _("%(completed)s ayant achevé pour %(enrolled)s inscrits : il ne peut y en avoir plus que d'inscrits.")
                % {"completed": completed, "enrolled": enrolled},
            )
        given[key] = (enrolled, completed)
    with transaction.atomic(), actor_context(by):
        locked = (
            LiteracyClass.objects.select_for_update().select_related("operation__campaign").get(pk=literacy_class.pk)
        )
        _check(permissions.can_edit_headcounts(by, locked))
        if locked.start_on > timezone.localdate() and any(completed for _e, completed in given.values()):
            for key, (_enrolled, completed) in given.items():
                if completed:
                    refuse(
                        grid_key(*key),
                        _(
                            "La classe commence le %(date)s : les apprenants ayant achevé se saisissent une fois la "
                            "classe commencée."
                        )
                        % {"date": locked.start_on.strftime("%d/%m/%Y")},
                    )
        if errors:
            raise ValidationError(errors)
        existing = {(h.sex, h.age_group): h for h in locked.headcounts.select_for_update()}
        saved = []
        for key in GRID_KEYS:
            enrolled, completed = given.get(key, (0, 0))
            row = existing.get(key)
            if row is None:
                row = LiteracyHeadcount(literacy_class=locked, sex=key[0], age_group=key[1])
            elif (row.enrolled, row.completed) == (enrolled, completed):
                saved.append(row)
                continue  # unchanged: no journal entry
            row.enrolled, row.completed, row.recorded_by = enrolled, completed, by
            row.save()
            saved.append(row)
        # The class's own journal shows when its grid was last entered.
        locked.save(update_fields=["updated_at"])
    return saved
