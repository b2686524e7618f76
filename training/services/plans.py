"""The yearly training plan: one per year, its actions (changed only while it is a draft) and its lifecycle.

Every status change is a named transition of training.workflows.PLAN_WORKFLOW run under the plan's row lock; the
actions are written under the same lock, so an action cannot slip into a plan the chef is validating.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import permissions as committee_perms
from das import permissions as das_permissions
from das.services.audit import actor_context
from das.services.records import assign_fields
from das.workflow import TransitionRefused
from training import permissions
from training.models import ActorType, Module, Need, PlanAction, TrainingPlan
from training.workflows import PLAN_WORKFLOW

Status = TrainingPlan.Status
Provider = PlanAction.Provider
ACTION_FIELDS = (
    "module",
    "target_group",
    "planned_participants",
    "planned_sessions",
    "period_start",
    "period_end",
    "place",
    "commune",
    "provider",
    "provider_partner",
    "budget_line",
    "planned_cost",
    "notes",
)


def _demand_manage(by, message=None) -> None:
    das_permissions.demand(
        by, permissions.MANAGE_PLAN, message or _("Votre rôle ne permet pas de préparer le plan de formation.")
    )


# --- The plan ---------------------------------------------------------------------------------------------------
def plan_create(*, by, year: int, title: str = "", objectives: str = "", copy_from: TrainingPlan | None = None):
    """A new draft plan for ``year`` (one plan a year); ``copy_from`` copies another plan's actions into it, their
    periods moved to the new year (a convenient start from last year's plan)."""
    _demand_manage(by)
    if year is None or not 2005 <= year <= 2100:
        raise ValidationError({"year": _("Indiquez une année entre 2005 et 2100.")})
    existing = TrainingPlan.objects.filter(year=year).first()
    if existing is not None:
        raise ValidationError(
            {
                "year": _("Le plan de formation %(year)s existe déjà (%(status)s) : un seul plan par année.")
                % {"year": year, "status": existing.get_status_display()}
            }
        )
    try:
        with transaction.atomic(), actor_context(by):
            plan = TrainingPlan(
                year=year, title=(title or "").strip(), objectives=(objectives or "").strip(), created_by=by
            )
            plan.full_clean(validate_unique=False)
            plan.save()
            if copy_from is not None:
                _copy_actions(copy_from, plan)
    except IntegrityError as exc:  # created by someone else in the meantime
        raise ValidationError(
            {"year": _("Le plan de formation %(year)s existe déjà : un seul plan par année.") % {"year": year}}
        ) from exc
    return plan


def _shift(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def _copy_actions(source: TrainingPlan, plan: TrainingPlan) -> None:
    """Last year's actions on modules still active, numbered 1, 2, 3… in their order; needs are not carried over
    (they are the year's own)."""
    actions = source.actions.select_related("module", "budget_line").order_by("number")
    number = 0
    for action in actions:
        if not action.module.is_active or not action.budget_line.is_active:
            continue
        number += 1
        copy = PlanAction(
            plan=plan,
            number=number,
            **{name: getattr(action, name) for name in ACTION_FIELDS},
        )
        copy.period_start = _shift(action.period_start, plan.year)
        copy.period_end = _shift(action.period_end, plan.year)
        copy.full_clean()
        copy.save()


def previous_plan(year: int) -> TrainingPlan | None:
    return TrainingPlan.objects.filter(year=year - 1).first()


def plan_update(*, plan: TrainingPlan, by, title: str, objectives: str) -> TrainingPlan:
    _demand_manage(by)
    with transaction.atomic(), actor_context(by):
        locked = _lock_draft(plan)
        locked.title = (title or "").strip()
        locked.objectives = (objectives or "").strip()
        locked.full_clean(validate_unique=False)
        locked.save()
    return locked


def _lock_draft(plan: TrainingPlan) -> TrainingPlan:
    locked = TrainingPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != Status.DRAFT:
        raise TransitionRefused(
            _("Le plan %(year)s est « %(status)s » : il ne se modifie qu'en brouillon.")
            % {"year": locked.year, "status": locked.get_status_display()}
        )
    return locked


# --- Its actions ------------------------------------------------------------------------------------------------
def _check_action(plan: TrainingPlan, data: dict, needs) -> None:
    """The rules an action must satisfy, each refusal next to its field."""
    errors: dict[str, list[str]] = {}

    def refuse(field, message):
        errors.setdefault(field, []).append(message)

    module: Module | None = data.get("module")
    if module is None:
        refuse("module", _("Choisissez le module."))
    elif not module.is_active:
        refuse(
            "module", _("Le module %(code)s n'est plus actif : il n'est plus proposé au plan.") % {"code": module.code}
        )
    target = data.get("target_group")
    if target not in ActorType.values:
        refuse("target_group", _("Choisissez le public cible."))
    elif module is not None and module.target_groups and target not in module.target_groups:
        refuse(
            "target_group",
            _("Le module %(code)s ne s'adresse pas à ce public ; ses publics cibles : %(groups)s.")
            % {
                "code": module.code,
                "groups": ", ".join(str(ActorType(group).label) for group in module.target_groups),
            },
        )
    start, end = data.get("period_start"), data.get("period_end")
    if start is None:
        refuse("period_start", _("Indiquez le début de la période."))
    elif start.year != plan.year:
        refuse("period_start", _("La période doit se situer dans l'année du plan (%(year)s).") % {"year": plan.year})
    if end is None:
        refuse("period_end", _("Indiquez la fin de la période."))
    elif end.year != plan.year:
        refuse("period_end", _("La période doit se situer dans l'année du plan (%(year)s).") % {"year": plan.year})
    elif start is not None and end < start:
        refuse("period_end", _("La fin de la période précède son début."))
    provider, partner = data.get("provider"), data.get("provider_partner")
    if provider == Provider.EXTERNAL and partner is None:
        refuse("provider_partner", _("Un opérateur externe : indiquez l'organisme qui assure la formation."))
    elif provider in (Provider.DAS, Provider.MINISTRY) and partner is not None:
        refuse(
            "provider_partner",
            _("L'organisme externe ne s'indique que pour un opérateur « Organisme externe »."),
        )
    line = data.get("budget_line")
    if line is None:
        refuse("budget_line", _("Choisissez la rubrique budgétaire."))
    elif not line.is_active:
        refuse("budget_line", _("La rubrique %(code)s n'est plus en usage.") % {"code": line.code})
    cost = data.get("planned_cost")
    if cost is None:
        refuse("planned_cost", _("Indiquez le coût prévu (0 si l'action ne coûte rien)."))
    elif not isinstance(cost, Decimal) or cost < 0:
        refuse("planned_cost", _("Le coût prévu ne peut pas être négatif."))
    wrong_year = [need for need in needs if need.year != plan.year]
    if wrong_year:
        refuse("needs", _("Seuls les besoins de l'année %(year)s peuvent être retenus.") % {"year": plan.year})
    if errors:
        raise ValidationError(errors)


def _next_number(plan: TrainingPlan) -> int:
    """1, 2, 3… per plan, never reused: the journal keeps the numbers of removed actions too."""
    events = apps.get_model("training", "PlanActionChainedevent")
    used = [
        PlanAction.objects.filter(plan=plan).aggregate(last=Max("number"))["last"] or 0,
        events.objects.filter(plan_id=plan.pk).aggregate(last=Max("number"))["last"] or 0,
    ]
    return max(used) + 1


def action_save(*, plan: TrainingPlan, by, action: PlanAction | None = None, needs=(), **data) -> PlanAction:
    """Add an action to a draft plan, or change one of its actions."""
    _demand_manage(by)
    needs = list(needs or [])
    _check_action(plan, data, needs)
    with transaction.atomic(), actor_context(by):
        locked = _lock_draft(plan)
        if action is None:
            action = PlanAction(plan=locked, number=_next_number(locked))
        elif action.plan_id != locked.pk:
            raise TransitionRefused(_("Cette action n'appartient pas à ce plan."))
        else:
            action = PlanAction.objects.select_for_update().get(pk=action.pk)
        assign_fields(action, data, ACTION_FIELDS)
        if action.provider != Provider.EXTERNAL:
            action.provider_partner = None
        action.full_clean(exclude=["plan"])
        action.save()
        action.needs.set(needs)
    return action


def action_delete(*, action: PlanAction, by) -> None:
    _demand_manage(by)
    with transaction.atomic(), actor_context(by):
        _lock_draft(action.plan)
        if action.sessions.exists():
            raise TransitionRefused(_("Cette action a des sessions : elle ne peut pas être retirée."))
        action.needs.clear()
        action.delete()


def needs_of_year(year: int):
    return Need.objects.filter(year=year).select_related("theme", "commune").order_by("theme__code", "priority", "pk")


# --- The lifecycle ----------------------------------------------------------------------------------------------
def plan_validate(*, plan: TrainingPlan, by) -> TrainingPlan:
    def apply(locked):
        locked.validated_by = by
        locked.validated_at = timezone.now()
        locked.return_reason = ""

    return PLAN_WORKFLOW.run(plan, "validate", by=by, apply=apply)


def plan_reopen(*, plan: TrainingPlan, by, reason: str = "") -> TrainingPlan:
    def apply(locked):
        locked.validated_by = None
        locked.validated_at = None
        locked.return_reason = reason.strip()

    return PLAN_WORKFLOW.run(plan, "reopen", by=by, apply=apply, reason=reason)


def plan_start(*, plan: TrainingPlan, by) -> TrainingPlan:
    return PLAN_WORKFLOW.run(plan, "start", by=by, apply=lambda locked: setattr(locked, "started_at", timezone.now()))


def plan_close(*, plan: TrainingPlan, by, closing_note: str = "") -> TrainingPlan:
    def apply(locked):
        locked.closed_at = timezone.now()
        locked.closing_note = closing_note.strip()

    return PLAN_WORKFLOW.run(plan, "close", by=by, apply=apply, closing_note=closing_note)


def plan_record_cpdh_decision(*, plan: TrainingPlan, decision, by) -> TrainingPlan:
    """The CPDH's decision on the plan, carried out from its meeting (training.agenda): an approval (with or
    without reserves) presents the plan, a rejection sends it back to the draft with the decision's reason; an
    adjournment changes nothing (the plan waits for a later meeting)."""
    outcome = decision.outcome
    if outcome == decision.Outcome.ADJOURNED:
        return plan
    if outcome == decision.Outcome.REJECTED:

        def reject(locked):
            locked.cpdh_decision = decision
            locked.validated_by = None
            locked.validated_at = None
            locked.return_reason = decision.reason

        return PLAN_WORKFLOW.run(plan, "cpdh_reject", by=by, apply=reject)
    return PLAN_WORKFLOW.run(
        plan, "cpdh_approve", by=by, apply=lambda locked: setattr(locked, "cpdh_decision", decision)
    )


def plan_rectify_cpdh_reason(*, plan: TrainingPlan, decision, by) -> TrainingPlan:
    """A rectified rejection's reason carried over to the plan it sent back to the draft (no state change)."""
    if not (by.has_perm(committee_perms.MANAGE_MEETINGS) or by.has_perm(committee_perms.RECTIFY)):
        raise PermissionDenied(_("Votre rôle ne permet pas d'appliquer une décision du CPDH."))
    with transaction.atomic(), actor_context(by):
        locked = TrainingPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.cpdh_decision_id != decision.pk or locked.status != Status.DRAFT:
            return locked
        locked.return_reason = decision.reason
        locked.save(update_fields=["return_reason", "updated_at"])
    return locked
