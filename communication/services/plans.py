"""The yearly proximity-communication plan: one per year, its actions (added, changed and removed only while it is a
draft) and its lifecycle.

Every status change is a named transition of communication.workflows.PLAN_WORKFLOW run under the plan's row lock;
actions are written under the same lock, so an action cannot slip into a plan the chef is validating. Action numbers
are 1, 2, 3… per plan and never given twice, even after an action is removed (the journal remembers them).
"""

from __future__ import annotations

from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from communication import permissions
from communication.models import Audience, CommunicationAction, CommunicationPlan
from communication.workflows import PLAN_WORKFLOW
from das import permissions as das_permissions
from das.services.audit import actor_context
from das.services.records import assign_fields
from das.workflow import TransitionRefused

Status = CommunicationPlan.Status
Kind = CommunicationAction.Kind
Channel = CommunicationAction.Channel
PLAN_FIELDS = ("title", "objectives", "target_audiences")
ACTION_FIELDS = (
    "title",
    "kind",
    "channel",
    "audience",
    "commune",
    "planned_on",
    "budget_line",
    "planned_budget",
    "responsible",
    "expected_reach",
    "description",
)


def _demand_manage(by) -> None:
    das_permissions.demand(
        by, permissions.MANAGE_PLAN, _("Votre rôle ne permet pas de préparer le plan de communication.")
    )


def responsible_candidates(keep=None):
    """Who may be responsible for an action: the active users who keep the plan, plus the one already named."""
    users = get_user_model().objects.filter(
        is_active=True, role_assignments__role__permissions__contains=[permissions.MANAGE_PLAN]
    )
    if keep:
        users = users | get_user_model().objects.filter(pk=keep)
    return users.distinct().order_by("full_name", "username")


# --- The plan ---------------------------------------------------------------------------------------------------
def _clean_texts(data: dict) -> dict:
    return {name: (data.get(name) or "").strip() for name in PLAN_FIELDS}


def plan_create(*, by, year: int, title: str = "", objectives: str = "", target_audiences: str = ""):
    """A new draft plan for ``year`` (one plan a year)."""
    _demand_manage(by)
    if year is None or not 2005 <= year <= 2100:
        raise ValidationError({"year": _("Indiquez une année entre 2005 et 2100.")})
    existing = CommunicationPlan.objects.filter(year=year).first()
    if existing is not None:
        raise ValidationError(
            {
                "year": _("Le plan de communication %(year)s existe déjà (%(status)s) : un seul plan par année.")
                % {"year": year, "status": existing.get_status_display()}
            }
        )
    texts = _clean_texts({"title": title, "objectives": objectives, "target_audiences": target_audiences})
    try:
        with transaction.atomic(), actor_context(by):
            plan = CommunicationPlan(year=year, created_by=by, **texts)
            plan.full_clean(validate_unique=False)
            plan.save()
    except IntegrityError as exc:  # created by someone else in the meantime
        raise ValidationError(
            {"year": _("Le plan de communication %(year)s existe déjà : un seul plan par année.") % {"year": year}}
        ) from exc
    return plan


def _lock_draft(plan: CommunicationPlan) -> CommunicationPlan:
    locked = CommunicationPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != Status.DRAFT:
        raise TransitionRefused(
            _("Le plan %(year)s est « %(status)s » : il ne se modifie qu'en brouillon.")
            % {"year": locked.year, "status": locked.get_status_display()}
        )
    return locked


def plan_update(
    *, plan: CommunicationPlan, by, title: str = "", objectives: str = "", target_audiences: str = ""
) -> CommunicationPlan:
    """The plan's title, objectives and target audiences, while it is a draft."""
    _demand_manage(by)
    texts = _clean_texts({"title": title, "objectives": objectives, "target_audiences": target_audiences})
    with transaction.atomic(), actor_context(by):
        locked = _lock_draft(plan)
        for name, value in texts.items():
            setattr(locked, name, value)
        locked.full_clean(validate_unique=False)
        locked.save()
    return locked


# --- Its actions ------------------------------------------------------------------------------------------------
def _check_action(plan: CommunicationPlan, data: dict) -> None:
    """The rules an action must satisfy, each refusal next to its field."""
    errors: dict[str, list[str]] = {}

    def refuse(field, message):
        errors.setdefault(field, []).append(message)

    if not (data.get("title") or "").strip():
        refuse("title", _("Indiquez l'intitulé de l'action."))
    if data.get("kind") not in Kind.values:
        refuse("kind", _("Choisissez le type d'action."))
    if data.get("channel") not in Channel.values:
        refuse("channel", _("Choisissez le canal."))
    if data.get("audience") not in Audience.values:
        refuse("audience", _("Choisissez le public cible."))
    day = data.get("planned_on")
    if day is None:
        refuse("planned_on", _("Indiquez la date prévue."))
    elif day.year != plan.year:
        refuse("planned_on", _("La date prévue doit se situer dans l'année du plan (%(year)s).") % {"year": plan.year})
    line = data.get("budget_line")
    if line is not None and not line.is_active:
        refuse("budget_line", _("La rubrique %(code)s n'est plus en usage.") % {"code": line.code})
    budget = data.get("planned_budget")
    if budget is None:
        refuse("planned_budget", _("Indiquez le budget prévu (0 si l'action ne coûte rien)."))
    elif not isinstance(budget, Decimal) or budget < 0:
        refuse("planned_budget", _("Le budget prévu ne peut pas être négatif."))
    reach = data.get("expected_reach")
    if reach is None:
        refuse("expected_reach", _("Indiquez la portée attendue (nombre de personnes)."))
    elif reach < 0:
        refuse("expected_reach", _("La portée attendue ne peut pas être négative."))
    responsible = data.get("responsible")
    if responsible is None:
        refuse("responsible", _("Choisissez le responsable de l'action."))
    elif not responsible.is_active:
        refuse("responsible", _("Ce compte est désactivé : choisissez un autre responsable."))
    if errors:
        raise ValidationError(errors)


def _next_number(plan: CommunicationPlan) -> int:
    """1, 2, 3… per plan, never reused: the journal keeps the numbers of removed actions too."""
    events = apps.get_model("communication", "CommunicationActionChainedevent")
    used = [
        CommunicationAction.objects.filter(plan=plan).aggregate(last=Max("number"))["last"] or 0,
        events.objects.filter(plan_id=plan.pk).aggregate(last=Max("number"))["last"] or 0,
    ]
    return max(used) + 1


def _write_action(action: CommunicationAction, data: dict) -> CommunicationAction:
    assign_fields(action, data, ACTION_FIELDS)
    action.full_clean(exclude=["plan"])
    action.save()
    return action


def action_add(*, plan: CommunicationPlan, by, **data) -> CommunicationAction:
    """A new action of a draft plan, numbered after every number the plan ever gave."""
    _demand_manage(by)
    _check_action(plan, data)
    with transaction.atomic(), actor_context(by):
        locked = _lock_draft(plan)
        action = CommunicationAction(plan=locked, number=_next_number(locked))
        return _write_action(action, data)


def action_update(*, action: CommunicationAction, by, **data) -> CommunicationAction:
    """An action of a draft plan changed (its number stays)."""
    _demand_manage(by)
    _check_action(action.plan, data)
    with transaction.atomic(), actor_context(by):
        _lock_draft(action.plan)
        locked = CommunicationAction.objects.select_for_update().get(pk=action.pk)
        return _write_action(locked, data)


def action_remove(*, action: CommunicationAction, by) -> None:
    """An action taken out of a draft plan; its number is not given again."""
    _demand_manage(by)
    with transaction.atomic(), actor_context(by):
        _lock_draft(action.plan)
        locked = CommunicationAction.objects.select_for_update().filter(pk=action.pk).first()
        if locked is None:
            return
        if hasattr(locked, "realisation"):
            raise TransitionRefused(_("Cette action a une réalisation : elle ne peut pas être retirée."))
        locked.delete()


# --- The lifecycle ----------------------------------------------------------------------------------------------
def plan_validate(*, plan: CommunicationPlan, by) -> CommunicationPlan:
    """The chef validates the draft: at least one action, each dated inside the plan's year."""

    def apply(locked):
        locked.validated_by = by
        locked.validated_at = timezone.now()
        locked.return_reason = ""

    return PLAN_WORKFLOW.run(plan, "validate", by=by, apply=apply)


def plan_reopen(*, plan: CommunicationPlan, by, reason: str = "") -> CommunicationPlan:
    """The chef sends the validated plan back to the draft, saying why."""

    def apply(locked):
        locked.validated_by = None
        locked.validated_at = None
        locked.return_reason = (reason or "").strip()

    return PLAN_WORKFLOW.run(plan, "reopen", by=by, apply=apply, reason=reason)


def plan_start(*, plan: CommunicationPlan, by) -> CommunicationPlan:
    """The service puts the validated plan in execution: its realisations may now be recorded."""
    return PLAN_WORKFLOW.run(plan, "start", by=by, apply=lambda locked: setattr(locked, "started_at", timezone.now()))


def plan_close(*, plan: CommunicationPlan, by, closing_note: str = "") -> CommunicationPlan:
    """The service closes the plan once every action is réalisée or annulée, with its closing note."""

    def apply(locked):
        locked.closed_at = timezone.now()
        locked.closing_note = (closing_note or "").strip()

    return PLAN_WORKFLOW.run(plan, "close", by=by, apply=apply, closing_note=closing_note)
