"""Carrying out the communication plan: an action's realisation (one per action: date, place, participants by type and
sex, partners, press coverage, photos, cost), its photos, and the cancellation of an action.

Every write locks the action's row, checks who may do it (communication.permissions.can_record_realisation: the
service, while the plan is in execution) and the action's state, then saves inside actor_context (the models are
audited). Recording a realisation marks the action « réalisée ».
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communication import permissions
from communication.execution_selectors import FACE_TO_FACE_KINDS
from communication.models import (
    ActionRealisation,
    Audience,
    CommunicationAction,
    PressCoverage,
    RealisationAttendance,
    RealisationPhoto,
)
from das import permissions as das_permissions
from das.services.audit import actor_context
from das.services.documents import attachment_add, attachment_delete, check_photo
from das.workflow import TransitionRefused

Status = CommunicationAction.Status
MAX_PHOTOS = 12
# A realisation may be dated a little after the plan's year (an action of late December reported in January).
GRACE_DAYS = 31


@dataclass(frozen=True)
class AttendanceLine:
    audience: str
    women: int
    men: int


@dataclass(frozen=True)
class PressLine:
    medium: str
    outlet: str
    title: str = ""
    published_on: dt.date | None = None
    link: str = ""


def _lock(action: CommunicationAction) -> CommunicationAction:
    return CommunicationAction.objects.select_for_update().select_related("plan").get(pk=action.pk)


def _demand_recorder(by, action: CommunicationAction) -> None:
    """The role first (PermissionDenied), then the plan's state (TransitionRefused, a reason in French)."""
    das_permissions.demand(
        by,
        permissions.MANAGE_PLAN,
        _("Votre rôle ne permet pas de saisir les réalisations du plan de communication."),
    )
    decision = permissions.can_record_realisation(by, action)
    if not decision:
        raise TransitionRefused(decision.reason)


def may_record(user, action: CommunicationAction) -> bool:
    """Whether ``user`` may record or change the realisation of ``action`` now (for buttons)."""
    return action.status != Status.CANCELLED and bool(permissions.can_record_realisation(user, action))


def may_cancel(user, action: CommunicationAction) -> bool:
    """Whether ``user`` may cancel ``action`` now: the recorder, an action still planned."""
    return action.status == Status.PLANNED and bool(permissions.can_record_realisation(user, action))


def _check(action, *, carried_out_on, place, reach, actual_cost, attendance, press) -> dict:
    errors = {}
    today = timezone.localdate()
    year = action.plan.year
    if carried_out_on is None:
        errors["carried_out_on"] = _("Indiquez la date à laquelle l'action a été réalisée.")
    elif carried_out_on > today:
        errors["carried_out_on"] = _("La date de réalisation ne peut être dans le futur.")
    elif carried_out_on < dt.date(year, 1, 1) or carried_out_on > dt.date(year, 12, 31) + dt.timedelta(GRACE_DAYS):
        errors["carried_out_on"] = _("La date de réalisation doit tomber dans l'année du plan (%(year)s).") % {
            "year": year
        }
    if not (place or "").strip():
        errors["place"] = _("Indiquez le lieu où l'action s'est tenue.")
    if reach is None or reach < 0:
        errors["reach"] = _("La portée estimée est un nombre de personnes, zéro ou plus.")
    if actual_cost is None or actual_cost < 0:
        errors["actual_cost"] = _("Indiquez le coût réel de l'action (zéro si elle n'a rien coûté).")
    audiences = [line.audience for line in attendance]
    if len(set(audiences)) != len(audiences):
        errors["attendance"] = _("Chaque type de participants ne figure qu'une fois.")
    elif any(line.audience not in Audience.values for line in attendance):
        errors["attendance"] = _("Type de participants inconnu.")
    elif any(line.women < 0 or line.men < 0 for line in attendance):
        errors["attendance"] = _("Les nombres de participants sont positifs.")
    participants = sum(line.women + line.men for line in attendance)
    if "attendance" not in errors and participants == 0:
        if action.kind in FACE_TO_FACE_KINDS:
            errors["attendance"] = _(
                "« %(kind)s » est une action de proximité : indiquez au moins une ligne de participants."
            ) % {"kind": action.get_kind_display()}
        elif not reach and "reach" not in errors:
            errors["reach"] = _(
                "Aucun participant compté : indiquez la portée estimée (auditeurs, lecteurs, vues) de l'action."
            )
    for line in press:
        if line.medium not in PressCoverage.Medium.values or not (line.outlet or "").strip():
            errors["press"] = _("Chaque article ou passage dans les médias indique son support et son média.")
            break
    return errors


def _add_photos(realisation: ActionRealisation, photos, caption: str, by) -> list[RealisationPhoto]:
    photos = list(photos)
    if not photos:
        return []
    if realisation.photos.count() + len(photos) > MAX_PHOTOS:
        raise ValidationError(
            {"photos": _("Au plus %(max)s photos par réalisation.") % {"max": MAX_PHOTOS}}, code="too_many"
        )
    for photo in photos:
        check_photo(photo)
    added = []
    for photo in photos:
        attachment = attachment_add(
            parent=realisation,
            uploaded=photo,
            by=by,
            description=_("Photo de l'action du %(date)s") % {"date": realisation.carried_out_on.strftime("%d/%m/%Y")},
        )
        with actor_context(by):
            added.append(
                RealisationPhoto.objects.create(
                    realisation=realisation, attachment=attachment, caption=(caption or "").strip()[:255]
                )
            )
    return added


@transaction.atomic
def realisation_record(
    *,
    action: CommunicationAction,
    by,
    carried_out_on: dt.date | None,
    place: str,
    actual_cost: Decimal | None,
    commune=None,
    reach: int | None = 0,
    summary: str = "",
    partners=(),
    attendance=(),
    press=(),
    photos=(),
    photo_caption: str = "",
) -> ActionRealisation:
    """Create or replace the realisation of ``action`` (attendance and press are replaced by the lines given;
    photos are added) and mark the action « réalisée »."""
    locked = _lock(action)
    _demand_recorder(by, locked)
    if locked.status == Status.CANCELLED:
        raise TransitionRefused(
            _("L'action n° %(number)s est annulée : elle ne se réalise plus.") % {"number": locked.number}
        )
    attendance = [AttendanceLine(line.audience, int(line.women or 0), int(line.men or 0)) for line in attendance]
    attendance = [line for line in attendance if line.women or line.men]
    press = list(press)
    errors = _check(
        locked,
        carried_out_on=carried_out_on,
        place=place,
        reach=reach,
        actual_cost=actual_cost,
        attendance=attendance,
        press=press,
    )
    if errors:
        raise ValidationError(errors)
    realisation = ActionRealisation.objects.select_for_update().filter(action=locked).first()
    if realisation is None:
        realisation = ActionRealisation(action=locked, recorded_by=by)
    realisation.carried_out_on = carried_out_on
    realisation.place = place.strip()
    realisation.commune = commune
    realisation.reach = reach or 0
    realisation.actual_cost = actual_cost
    realisation.summary = (summary or "").strip()
    with actor_context(by):
        realisation.full_clean(exclude=["action"])
        realisation.save()
        realisation.partners.set(list(partners))
        realisation.attendance.all().delete()
        RealisationAttendance.objects.bulk_create(
            RealisationAttendance(realisation=realisation, audience=line.audience, women=line.women, men=line.men)
            for line in attendance
        )
        realisation.press.all().delete()
        for line in press:
            item = PressCoverage(
                realisation=realisation,
                medium=line.medium,
                outlet=line.outlet.strip(),
                title=(line.title or "").strip(),
                published_on=line.published_on,
                link=(line.link or "").strip(),
            )
            item.full_clean(exclude=["realisation"])
            item.save()
        if locked.status != Status.DONE:
            locked.status = Status.DONE
            locked.save(update_fields=["status", "updated_at"])
    _add_photos(realisation, photos, photo_caption, by)
    return realisation


@transaction.atomic
def photo_add(*, realisation: ActionRealisation, by, photos, caption: str = "") -> list[RealisationPhoto]:
    locked = _lock(realisation.action)
    _demand_recorder(by, locked)
    return _add_photos(realisation, photos, caption, by)


@transaction.atomic
def photo_remove(*, photo: RealisationPhoto, by) -> None:
    locked = _lock(photo.realisation.action)
    _demand_recorder(by, locked)
    current = RealisationPhoto.objects.select_related("attachment").get(pk=photo.pk)
    attachment_delete(attachment=current.attachment, by=by)  # the photo row goes with its attachment (CASCADE)


@transaction.atomic
def action_cancel(*, action: CommunicationAction, by, reason: str) -> CommunicationAction:
    """An action that will not take place: still « prévue », while the plan is in execution; the reason is kept."""
    locked = _lock(action)
    _demand_recorder(by, locked)
    if locked.status != Status.PLANNED:
        raise TransitionRefused(
            _("L'action n° %(number)s est « %(status)s » : seule une action prévue s'annule.")
            % {"number": locked.number, "status": locked.get_status_display()}
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Indiquez pourquoi l'action est annulée.")})
    locked.status = Status.CANCELLED
    locked.cancel_reason = reason.strip()
    with actor_context(by):
        locked.save(update_fields=["status", "cancel_reason", "updated_at"])
    return locked
