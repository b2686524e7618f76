"""Marchés of a project: the one way they are recorded, changed, declared unsuccessful or cancelled.

The monitoring and evaluation agent (``projects.manage_dossiers``) records what the maître d'ouvrage tells the
division; the dates must follow the procedure's order, and acts (award, ordre de service, receptions) cannot be
dated in the future. An award above the estimate is accepted (the commission may retain it) and shown.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from das import permissions
from das.services.audit import actor_context
from projects import permissions as project_perms
from projects.models import Procurement, Project

MANAGE = project_perms.MANAGE_DOSSIERS
Ending = Procurement.Ending
# Fields the forms and the services set; the status and the contractual end are computed.
FIELDS = [
    "procedure",
    "reference",
    "subject",
    "contracting_authority",
    "estimated_amount",
    "published_on",
    "bids_opened_on",
    "awarded_on",
    "contractor_name",
    "contractor_ice",
    "awarded_amount",
    "service_order_on",
    "duration",
    "duration_unit",
    "provisional_reception_on",
    "final_reception_on",
]
# The procedure's order: each date, when given, is on or after every earlier one given.
DATE_ORDER = [
    "published_on",
    "bids_opened_on",
    "awarded_on",
    "service_order_on",
    "provisional_reception_on",
    "final_reception_on",
]
# Acts the division records once they happened (publication and opening are announced ahead in the avis).
PAST_ACTS = ["awarded_on", "service_order_on", "provisional_reception_on", "final_reception_on"]
CLOSED_PROJECTS = {Project.Status.CLOSED, Project.Status.ABANDONED}


def _require_manage(by):
    permissions.demand(by, MANAGE, _("Votre rôle ne permet pas de gérer les marchés."))


def _label(field: str) -> str:
    return str(Procurement._meta.get_field(field).verbose_name)


def _day(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def check_procurement(p: Procurement, today: dt.date | None = None) -> None:
    """The rules across fields, as a ValidationError keyed by field (French messages)."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    for position, field in enumerate(DATE_ORDER):
        later = getattr(p, field)
        if later is None:
            continue
        for earlier_field in reversed(DATE_ORDER[:position]):
            earlier = getattr(p, earlier_field)
            if earlier is None:
                continue
            if later < earlier:
                add(
                    field,
                    _("« %(later)s » (%(later_day)s) ne peut pas précéder « %(earlier)s » (%(earlier_day)s).")
                    % {
                        "later": _label(field),
                        "later_day": _day(later),
                        "earlier": _label(earlier_field),
                        "earlier_day": _day(earlier),
                    },
                )
            break  # the nearest earlier date given suffices: the chain is checked link by link
    for field in PAST_ACTS:
        day = getattr(p, field)
        if day and day > today:
            add(field, _("Cette date est dans le futur : saisissez-la une fois l'acte passé."))
    awarded = bool(p.contractor_name.strip()) or p.awarded_amount is not None
    if p.awarded_on and not p.contractor_name.strip():
        add("contractor_name", _("Nommez l'attributaire du marché."))
    if p.awarded_on and p.awarded_amount is None:
        add("awarded_amount", _("Indiquez le montant attribué."))
    if awarded and not p.awarded_on:
        add("awarded_on", _("Indiquez la date d'attribution."))
    if p.service_order_on and not p.awarded_on:
        add("service_order_on", _("L'ordre de service suit l'attribution : saisissez d'abord l'attribution."))
    if p.service_order_on and not p.duration:
        add("duration", _("Indiquez le délai d'exécution contractuel."))
    if p.provisional_reception_on and not p.service_order_on:
        add("provisional_reception_on", _("La réception provisoire suit l'ordre de service : saisissez-en la date."))
    if p.final_reception_on and not p.provisional_reception_on:
        add("final_reception_on", _("La réception définitive suit la réception provisoire : saisissez-en la date."))
    if p.awarded_amount is not None and p.awarded_amount <= 0:
        add("awarded_amount", _("Le montant attribué doit être positif."))
    if errors:
        raise ValidationError(errors)


def _set_fields(procurement: Procurement, fields: dict) -> None:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Unknown procurement fields: {sorted(unknown)}")
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(procurement, name, value)


@transaction.atomic
def procurement_create(*, project: Project, by, **fields) -> Procurement:
    """Record a marché of ``project`` (not closed nor abandoned)."""
    _require_manage(by)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status in CLOSED_PROJECTS:
        raise ValidationError(
            _("Un projet « %(status)s » ne reçoit plus de marché.") % {"status": project.get_status_display()}
        )
    procurement = Procurement(project=project)
    _set_fields(procurement, fields)
    with actor_context(by):
        procurement.full_clean()
        check_procurement(procurement)
        procurement.save()
    return procurement


@transaction.atomic
def procurement_update(*, procurement: Procurement, by, **fields) -> Procurement:
    """Change a marché's data and dates; an unsuccessful or cancelled marché stays as it ended."""
    _require_manage(by)
    locked = Procurement.objects.select_for_update().get(pk=procurement.pk)
    if locked.ending:
        raise ValidationError(_("Un marché infructueux ou annulé ne se modifie plus."))
    _set_fields(locked, fields)
    with actor_context(by):
        locked.full_clean()
        check_procurement(locked)
        locked.save()
    return locked


@transaction.atomic
def procurement_end(*, procurement: Procurement, by, ending: str, on: dt.date, reason: str) -> Procurement:
    """Declare the marché unsuccessful (no acceptable bid at the opening) or cancel it, with the date and the reason.
    Once the ordre de service is given, the marché is being executed: it no longer ends this way."""
    _require_manage(by)
    locked = Procurement.objects.select_for_update().get(pk=procurement.pk)
    errors: dict[str, list[str]] = {}
    if locked.ending:
        raise ValidationError(_("Ce marché est déjà « %(ending)s ».") % {"ending": locked.get_ending_display()})
    if locked.service_order_on:
        raise ValidationError(_("L'ordre de service est donné : le marché est en exécution et ne s'annule plus ici."))
    if ending not in {Ending.UNSUCCESSFUL, Ending.CANCELLED}:
        errors["ending"] = [_("Choisissez : infructueux ou annulé.")]
    if ending == Ending.UNSUCCESSFUL and not locked.bids_opened_on:
        errors["ending"] = [
            _("Un marché est déclaré infructueux à l'ouverture des plis : saisissez-en d'abord la date.")
        ]
    if on is None or on > timezone.localdate():
        errors["on"] = [_("Indiquez une date passée ou d'aujourd'hui.")]
    elif ending == Ending.UNSUCCESSFUL and locked.bids_opened_on and on < locked.bids_opened_on:
        errors["on"] = [_("Cette date précède l'ouverture des plis.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Indiquez le motif.")]
    if errors:
        raise ValidationError(errors)
    locked.ending = ending
    locked.ended_on = on
    locked.ending_reason = reason.strip()
    with actor_context(by):
        locked.save(update_fields=["ending", "ended_on", "ending_reason", "updated_at"])
    return locked


def may_manage(procurement: Procurement | None, user) -> bool:
    return user.has_perm(MANAGE) and (procurement is None or not procurement.ending)


def may_end(procurement: Procurement, user) -> bool:
    return may_manage(procurement, user) and not procurement.service_order_on


def may_add_to(project: Project, user) -> bool:
    return user.has_perm(MANAGE) and project.status not in CLOSED_PROJECTS
