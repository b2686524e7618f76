"""Writes of the provinces area: the other prefectures and provinces of the region as counterparts (and their
contacts, one main contact at most), joint projects spanning several provinces (PC-<year>-<n>) and each province's
share (never more than the total cost), coordination meetings (RC-<year>-<n>) with their minutes and the actions
decided. Every write checks MANAGE_PROVINCES, locks what it changes and is journaled (actor_context).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coordination.models import (
    CoordinationAction,
    CoordinationMeeting,
    Counterpart,
    CounterpartContact,
    JointProject,
    JointProjectShare,
)
from coordination.permissions import MANAGE_PROVINCES
from coordination.provinces_selectors import home_province
from coordination.provinces_workflows import JOINT_PROJECT_WORKFLOW, MEETING_WORKFLOW
from das import permissions
from das.formatting import format_money
from das.models import Province
from das.services.audit import actor_context
from das.services.numbering import next_reference
from das.services.records import assign_fields
from das.workflow import TransitionRefused

JOINT_PROJECT_LOCK = 7_400_110
MEETING_LOCK = 7_400_111
COUNTERPART_LOCK = 7_400_112  # one counterpart (and one new das.Province) at a time
ZERO = Decimal("0.00")
ProjectStatus = JointProject.Status
MeetingStatus = CoordinationMeeting.Status
ActionStatus = CoordinationAction.Status

COUNTERPART_FIELDS = ("division_name", "address", "phone", "email", "notes", "is_active")
CONTACT_FIELDS = ("full_name", "function", "phone", "email", "is_main")
PROJECT_FIELDS = ("title", "description", "programme", "lead_province", "total_cost", "start_on", "end_on")
SHARE_FIELDS = ("province", "amount", "project", "communes", "beneficiaries")
MEETING_FIELDS = ("subject", "date", "time", "place", "host_province", "agenda")
ACTION_FIELDS = ("description", "responsible_province", "responsible", "due_on", "progress")


def _require(by) -> None:
    permissions.demand(
        by, MANAGE_PROVINCES, _("Votre rôle ne permet pas de tenir la coordination avec les autres provinces.")
    )


def _save(record, by) -> None:
    with actor_context(by):
        record.full_clean()
        record.save()


# --- Counterparts ---------------------------------------------------------------------------------------------------
@transaction.atomic
def province_create(*, by, name_fr: str, name_ar: str = "", code: str, kind: str) -> Province:
    """A prefecture or province of our region missing from the reference data (das.Province), added from the
    counterpart form. das offers no service for reference data (its generic catalogue pages write through their
    form), so the row is checked (full_clean: unique code) and journaled here."""
    _require(by)
    home = home_province()
    if home is None:
        raise ValidationError(_("Aucune commune n'est encore saisie : la préfecture de la division est inconnue."))
    name_fr, code = (name_fr or "").strip(), (code or "").strip().upper()
    errors = {}
    if not name_fr:
        errors["new_name_fr"] = _("Indiquez le nom de la préfecture ou province.")
    if not code:
        errors["new_code"] = _("Indiquez le code de la préfecture ou province.")
    elif Province.objects.filter(code__iexact=code).exists():
        errors["new_code"] = _("Le code %(code)s est déjà celui d'une préfecture ou province.") % {"code": code}
    if Province.objects.filter(name_fr__iexact=name_fr).exists():
        errors["new_name_fr"] = _("« %(name)s » existe déjà : choisissez-la dans la liste.") % {"name": name_fr}
    if kind not in Province.Kind.values:
        errors["new_kind"] = _("Indiquez s'il s'agit d'une préfecture ou d'une province.")
    if errors:
        raise ValidationError(errors)
    province = Province(region=home.region, name_fr=name_fr, name_ar=(name_ar or "").strip(), code=code, kind=kind)
    _save(province, by)
    return province


@transaction.atomic
def counterpart_create(*, by, province: Province | None = None, new_province: dict | None = None, **fields):
    """A counterpart for an existing province, or for a province created now (``new_province``: name_fr, name_ar,
    code, kind) in the same transaction. Never our own prefecture, never twice the same province."""
    _require(by)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [COUNTERPART_LOCK])
    if province is None:
        if not new_province:
            raise ValidationError(
                {"province": _("Choisissez la préfecture ou province, ou saisissez-la si elle manque.")}
            )
        province = province_create(by=by, **new_province)
    home = home_province()
    if home is not None and province.pk == home.pk:
        raise ValidationError({"province": _("C'est notre propre préfecture : choisissez une autre province.")})
    if Counterpart.objects.filter(province=province).exists():
        raise ValidationError(
            {"province": _("%(province)s est déjà une province partenaire.") % {"province": province}}
        )
    counterpart = Counterpart(province=province)
    assign_fields(counterpart, fields, COUNTERPART_FIELDS, strict=True)
    _save(counterpart, by)
    return counterpart


@transaction.atomic
def counterpart_update(*, counterpart: Counterpart, by, **fields) -> Counterpart:
    _require(by)
    locked = Counterpart.objects.select_for_update().get(pk=counterpart.pk)
    assign_fields(locked, fields, COUNTERPART_FIELDS, strict=True)
    _save(locked, by)
    return locked


def _check_main(counterpart: Counterpart, contact: CounterpartContact) -> None:
    if not contact.is_main:
        return
    other = counterpart.contacts.filter(is_main=True).exclude(pk=contact.pk).first()
    if other is not None:
        raise ValidationError(
            {
                "is_main": _(
                    "%(name)s est déjà l'interlocuteur principal de %(province)s : retirez-lui ce rôle d'abord."
                )
                % {"name": other.full_name, "province": counterpart.province}
            }
        )


@transaction.atomic
def contact_add(*, counterpart: Counterpart, by, **fields) -> CounterpartContact:
    """A contact of the counterpart; one main contact at most (checked under a lock on the counterpart)."""
    _require(by)
    locked = Counterpart.objects.select_for_update().select_related("province").get(pk=counterpart.pk)
    contact = CounterpartContact(counterpart=locked)
    assign_fields(contact, fields, CONTACT_FIELDS, strict=True)
    _check_main(locked, contact)
    _save(contact, by)
    return contact


@transaction.atomic
def contact_update(*, contact: CounterpartContact, by, **fields) -> CounterpartContact:
    _require(by)
    counterpart = Counterpart.objects.select_for_update().select_related("province").get(pk=contact.counterpart_id)
    locked = CounterpartContact.objects.select_for_update().get(pk=contact.pk)
    assign_fields(locked, fields, CONTACT_FIELDS, strict=True)
    _check_main(counterpart, locked)
    _save(locked, by)
    return locked


@transaction.atomic
def contact_remove(*, contact: CounterpartContact, by) -> None:
    _require(by)
    Counterpart.objects.select_for_update().get(pk=contact.counterpart_id)
    with actor_context(by):
        CounterpartContact.objects.filter(pk=contact.pk).delete()


# --- Joint projects -------------------------------------------------------------------------------------------------
def _check_project(project: JointProject, shares_total: Decimal) -> None:
    errors = {}
    if not project.title:
        errors["title"] = _("Indiquez l'intitulé du projet commun.")
    if project.total_cost is None or project.total_cost <= 0:
        errors["total_cost"] = _("Le coût global doit être positif.")
    elif project.total_cost < shares_total:
        errors["total_cost"] = _(
            "Le coût global ne peut être inférieur aux parts déjà réparties (%(shares)s) : réduisez d'abord les parts."
        ) % {"shares": format_money(shares_total)}
    if project.start_on and project.end_on and project.end_on < project.start_on:
        errors["end_on"] = _("L'achèvement prévu ne peut précéder le démarrage.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def joint_project_create(*, by, **fields) -> JointProject:
    """A joint project in preparation, numbered PC-<year>-<n> in the year it is recorded."""
    _require(by)
    project = JointProject()
    assign_fields(project, fields, PROJECT_FIELDS, strict=True)
    _check_project(project, ZERO)
    year = timezone.localdate().year
    project.reference = next_reference(JointProject, "reference", f"PC-{year}-", JOINT_PROJECT_LOCK, width=3)
    _save(project, by)
    return project


@transaction.atomic
def joint_project_update(*, project: JointProject, by, **fields) -> JointProject:
    """Correct a joint project while it is open; its total cost only while the shares are being prepared."""
    _require(by)
    locked = JointProject.objects.select_for_update().get(pk=project.pk)
    if locked.status not in (ProjectStatus.PREPARATION, ProjectStatus.AGREED, ProjectStatus.IN_PROGRESS):
        raise TransitionRefused(_("Un projet achevé ou abandonné ne se modifie plus."))
    previous_cost = locked.total_cost
    assign_fields(locked, fields, PROJECT_FIELDS, strict=True)
    if locked.status != ProjectStatus.PREPARATION and locked.total_cost != previous_cost:
        raise ValidationError({"total_cost": _("Le coût global est convenu entre les provinces : il ne change plus.")})
    _check_project(locked, _shares_total(locked))
    _save(locked, by)
    return locked


def _shares_total(project: JointProject, exclude=None) -> Decimal:
    shares = project.shares.all()
    if exclude is not None:
        shares = shares.exclude(pk=exclude.pk)
    return shares.aggregate(total=Sum("amount"))["total"] or ZERO


def _check_share(project: JointProject, share: JointProjectShare) -> None:
    errors = {}
    if share.province_id is None:
        errors["province"] = _("Choisissez la préfecture ou province.")
    elif project.shares.filter(province=share.province_id).exclude(pk=share.pk).exists():
        errors["province"] = _("Cette province a déjà sa part : modifiez-la plutôt.")
    home = home_province()
    if share.project_id and (home is None or share.province_id != home.pk):
        errors["project"] = _("Seule la part de notre préfecture se rattache à l'un de nos projets.")
    if share.amount is None or share.amount <= 0:
        errors["amount"] = _("La part doit être un montant positif.")
    else:
        others = _shares_total(project, exclude=share if share.pk else None)
        if others + share.amount > project.total_cost:
            errors["amount"] = _(
                "Les parts dépasseraient le coût global (%(total)s) : il reste %(rest)s à répartir."
            ) % {"total": format_money(project.total_cost), "rest": format_money(project.total_cost - others)}
    if errors:
        raise ValidationError(errors)


def _lock_for_shares(project: JointProject) -> JointProject:
    locked = JointProject.objects.select_for_update().get(pk=project.pk)
    if locked.status != ProjectStatus.PREPARATION:
        raise TransitionRefused(
            _("Les parts ne changent qu'en préparation ; le projet est « %(status)s ».")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def share_add(*, joint_project: JointProject, by, **fields) -> JointProjectShare:
    """A province's share; the shares never exceed the total cost (checked under a lock on the joint project)."""
    _require(by)
    locked = _lock_for_shares(joint_project)
    share = JointProjectShare(joint_project=locked)
    assign_fields(share, fields, SHARE_FIELDS, strict=True)
    _check_share(locked, share)
    _save(share, by)
    return share


@transaction.atomic
def share_update(*, share: JointProjectShare, by, **fields) -> JointProjectShare:
    _require(by)
    locked_project = _lock_for_shares(share.joint_project)
    locked = JointProjectShare.objects.select_for_update().get(pk=share.pk)
    assign_fields(locked, fields, SHARE_FIELDS, strict=True)
    _check_share(locked_project, locked)
    _save(locked, by)
    return locked


@transaction.atomic
def share_remove(*, share: JointProjectShare, by) -> None:
    _require(by)
    _lock_for_shares(share.joint_project)
    with actor_context(by):
        JointProjectShare.objects.filter(pk=share.pk).delete()


def joint_project_agree(*, project, by):
    """en préparation → convenu: the shares add up to the total cost and at least two provinces take part."""
    return JOINT_PROJECT_WORKFLOW.run(project, "agree", by=by)


def joint_project_start(*, project, by):
    """convenu → en cours."""
    return JOINT_PROJECT_WORKFLOW.run(project, "start", by=by)


def joint_project_complete(*, project, by):
    """en cours → achevé."""
    return JOINT_PROJECT_WORKFLOW.run(project, "complete", by=by)


def joint_project_abandon(*, project, by, reason):
    """Any open state → abandonné, with the reason kept in the status note."""

    def apply(locked):
        locked.status_note = reason.strip()

    return JOINT_PROJECT_WORKFLOW.run(project, "abandon", by=by, apply=apply, reason=reason)


# --- Coordination meetings ------------------------------------------------------------------------------------------
def _check_meeting(meeting: CoordinationMeeting, provinces) -> None:
    errors = {}
    if not meeting.subject:
        errors["subject"] = _("Indiquez l'objet de la réunion.")
    if not meeting.place:
        errors["place"] = _("Indiquez le lieu de la réunion.")
    if meeting.date is None:
        errors["date"] = _("Indiquez la date de la réunion.")
    if meeting.host_province_id is None:
        errors["host_province"] = _("Indiquez la province hôte.")
    if len({p.pk for p in provinces} | {meeting.host_province_id}) < 2:
        errors["provinces"] = _("Une réunion de coordination réunit au moins deux provinces.")
    if errors:
        raise ValidationError(errors)


def _set_links(meeting, provinces, joint_projects) -> None:
    ids = {p.pk for p in provinces} | {meeting.host_province_id}
    meeting.provinces.set(ids)
    meeting.joint_projects.set(joint_projects or [])


@transaction.atomic
def meeting_create(*, by, provinces=(), joint_projects=(), **fields) -> CoordinationMeeting:
    """A planned coordination meeting, numbered RC-<year>-<n> in the year of its date; the host takes part."""
    _require(by)
    meeting = CoordinationMeeting()
    assign_fields(meeting, fields, MEETING_FIELDS, strict=True)
    provinces = list(provinces)
    _check_meeting(meeting, provinces)
    meeting.reference = next_reference(
        CoordinationMeeting, "reference", f"RC-{meeting.date.year}-", MEETING_LOCK, width=3
    )
    with actor_context(by):
        meeting.full_clean()
        meeting.save()
        _set_links(meeting, provinces, joint_projects)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: CoordinationMeeting, by, provinces=(), joint_projects=(), **fields):
    """Correct a meeting while it is planned (its reference stays)."""
    _require(by)
    locked = CoordinationMeeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != MeetingStatus.PLANNED:
        raise TransitionRefused(
            _("Seule une réunion planifiée se modifie ; celle-ci est « %(status)s ».")
            % {"status": locked.get_status_display()}
        )
    assign_fields(locked, fields, MEETING_FIELDS, strict=True)
    provinces = list(provinces)
    _check_meeting(locked, provinces)
    with actor_context(by):
        locked.full_clean()
        locked.save()
        _set_links(locked, provinces, joint_projects)
    return locked


def meeting_record_minutes(*, meeting, by, minutes, attendees="", date: datetime.date | None = None):
    """planifiée → tenue: the minutes (required), who attended, and the date it was really held if it moved (never
    in the future)."""

    def apply(locked):
        locked.minutes = minutes.strip()
        locked.attendees = (attendees or "").strip()
        if date is not None:
            locked.date = date
        locked.held_at = timezone.now()

    return MEETING_WORKFLOW.run(meeting, "minutes", by=by, apply=apply, minutes=minutes, date=date)


def meeting_cancel(*, meeting, by, reason):
    def apply(locked):
        locked.cancel_reason = reason.strip()

    return MEETING_WORKFLOW.run(meeting, "cancel", by=by, apply=apply, reason=reason)


# --- Actions decided ------------------------------------------------------------------------------------------------
def _check_action(action: CoordinationAction) -> None:
    errors = {}
    if not action.description:
        errors["description"] = _("Décrivez l'action décidée.")
    if action.responsible_province_id is None:
        errors["responsible_province"] = _("Indiquez la province chargée de l'action.")
    if action.due_on is None:
        errors["due_on"] = _("Indiquez l'échéance.")
    elif action.meeting.date and action.due_on < action.meeting.date:
        errors["due_on"] = _("L'échéance ne peut précéder la réunion (%(date)s).") % {
            "date": date_format(action.meeting.date, "DATE_FORMAT")
        }
    if action.progress is not None and not 0 <= action.progress <= 100:
        errors["progress"] = _("L'avancement est un pourcentage entre 0 et 100.")
    if errors:
        raise ValidationError(errors)


def _lock_held(meeting_pk) -> CoordinationMeeting:
    meeting = CoordinationMeeting.objects.select_for_update().get(pk=meeting_pk)
    if meeting.status != MeetingStatus.HELD:
        raise TransitionRefused(
            _("Les actions se décident dans une réunion tenue ; celle-ci est « %(status)s ».")
            % {"status": meeting.get_status_display()}
        )
    return meeting


@transaction.atomic
def action_add(*, meeting: CoordinationMeeting, by, **fields) -> CoordinationAction:
    _require(by)
    locked_meeting = _lock_held(meeting.pk)
    action = CoordinationAction(meeting=locked_meeting)
    assign_fields(action, fields, ACTION_FIELDS, strict=True)
    if action.progress is None:
        action.progress = 0
    _check_action(action)
    _save(action, by)
    return action


@transaction.atomic
def action_update(*, action: CoordinationAction, by, **fields) -> CoordinationAction:
    """Correct an action or its progress while it is open."""
    _require(by)
    _lock_held(action.meeting_id)
    locked = CoordinationAction.objects.select_for_update().select_related("meeting").get(pk=action.pk)
    if locked.status != ActionStatus.OPEN:
        raise TransitionRefused(_("Une action réalisée ne se modifie plus : rouvrez-la d'abord."))
    assign_fields(locked, fields, ACTION_FIELDS, strict=True)
    _check_action(locked)
    _save(locked, by)
    return locked


@transaction.atomic
def action_mark_done(*, action: CoordinationAction, by, done_on: datetime.date, done_note: str = ""):
    """ouverte → réalisée, on a date between the meeting and today, with what was done; progress 100 %."""
    _require(by)
    locked = CoordinationAction.objects.select_for_update().select_related("meeting").get(pk=action.pk)
    if locked.status != ActionStatus.OPEN:
        raise TransitionRefused(_("Cette action est déjà réalisée."))
    if done_on is None:
        raise ValidationError({"done_on": _("Indiquez la date de réalisation.")})
    if done_on > timezone.localdate() or done_on < locked.meeting.date:
        raise ValidationError({"done_on": _("La date de réalisation doit être entre la réunion et aujourd'hui.")})
    locked.status = ActionStatus.DONE
    locked.done_on = done_on
    locked.done_note = (done_note or "").strip()
    locked.progress = 100
    _save(locked, by)
    return locked


@transaction.atomic
def action_reopen(*, action: CoordinationAction, by) -> CoordinationAction:
    """réalisée → ouverte (it was not finished after all); the earlier report stays in the history."""
    _require(by)
    locked = CoordinationAction.objects.select_for_update().get(pk=action.pk)
    if locked.status != ActionStatus.DONE:
        raise TransitionRefused(_("Cette action est déjà en cours."))
    locked.status = ActionStatus.OPEN
    locked.done_on = None
    locked.done_note = ""
    locked.progress = min(locked.progress, 90)
    _save(locked, by)
    return locked
