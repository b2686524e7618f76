"""Actions de proximité et de solidarité: the one way they are created, changed, realized or cancelled.

Writes need ``projects.manage_dossiers`` (the INDH follow-up staff who also handle dossiers); a dedicated permission
would need a roles data migration.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from das import permissions
from das.services.audit import actor_context
from das.services.numbering import next_reference
from das.workflow import Transition, Workflow
from projects import permissions as project_perms
from projects.models import (
    ProximityAction,
    ProximityBeneficiaries,
    ProximityCommune,
    ProximityFunding,
    ProximityPartner,
)

Status = ProximityAction.Status
MANAGE = project_perms.MANAGE_DOSSIERS
REFERENCE_LOCK = 7_400_005  # advisory lock key: numbering of proximity actions
EDITABLE = {Status.PLANNED, Status.DONE}


@dataclass(frozen=True)
class BeneficiaryLine:
    category: object  # das.TargetCategory or None
    sex: str
    age_group: str
    count: int


@dataclass(frozen=True)
class FundingLine:
    payer: str
    amount: Decimal
    partner: object = None  # das.Partner, for a partner's line
    payer_label: str = ""


def _realize_guard(action, **_kwargs):
    reasons = []
    if not action.beneficiaries.exists():
        reasons.append(_("Saisissez les bénéficiaires de l'action avant de la déclarer réalisée."))
    if not action.fundings.exists():
        reasons.append(_("Saisissez le coût de l'action (qui a payé quoi) avant de la déclarer réalisée."))
    return reasons


def _cancel_guard(action, *, reason="", **_kwargs):
    if not (reason or "").strip():
        return [_("Indiquez le motif de l'annulation.")]
    return []


WORKFLOW = Workflow(
    ProximityAction,
    [
        Transition(
            "realize",
            frozenset({Status.PLANNED}),
            Status.DONE,
            gettext_lazy("Déclarer réalisée"),
            MANAGE,
            _realize_guard,
            "success",
        ),
        Transition(
            "cancel",
            frozenset({Status.PLANNED, Status.DONE}),
            Status.CANCELLED,
            gettext_lazy("Annuler l'action"),
            MANAGE,
            _cancel_guard,
            "danger",
        ),
    ],
)


def _require_manage(by):
    permissions.demand(by, MANAGE, _("Votre rôle ne permet pas de gérer les actions de proximité."))


def _check_lines(communes, beneficiaries, fundings, *, done: bool):
    errors: dict[str, list[str]] = {}
    if not communes:
        errors["communes"] = [_("Choisissez au moins une commune.")]
    keys = set()
    for line in beneficiaries:
        if line.count is None or line.count < 1:
            errors.setdefault("beneficiaries", []).append(_("Un nombre de bénéficiaires doit être au moins 1."))
        key = (getattr(line.category, "pk", None), line.sex, line.age_group)
        if key in keys:
            errors.setdefault("beneficiaries", []).append(_("Cette ligne de bénéficiaires est saisie deux fois."))
        keys.add(key)
    for line in fundings:
        if line.amount is None or line.amount < 0:
            errors.setdefault("fundings", []).append(_("Un montant ne peut pas être négatif."))
        if line.payer == ProximityFunding.Payer.PARTNER and line.partner is None:
            errors.setdefault("fundings", []).append(_("Choisissez le partenaire qui a payé."))
        if line.payer == ProximityFunding.Payer.OTHER and not (line.payer_label or "").strip():
            errors.setdefault("fundings", []).append(_("Nommez ce financeur."))
    if done and not beneficiaries:
        errors.setdefault("beneficiaries", []).append(_("Une action réalisée garde ses bénéficiaires."))
    if done and not fundings:
        errors.setdefault("fundings", []).append(_("Une action réalisée garde son coût."))
    if errors:
        raise ValidationError(errors)


def _write_lines(action, communes, partners, beneficiaries, fundings):
    ProximityCommune.objects.filter(action=action).delete()
    ProximityCommune.objects.bulk_create([ProximityCommune(action=action, commune=c) for c in dict.fromkeys(communes)])
    ProximityPartner.objects.filter(action=action).delete()
    ProximityPartner.objects.bulk_create([ProximityPartner(action=action, partner=p) for p in dict.fromkeys(partners)])
    action.beneficiaries.all().delete()
    for line in beneficiaries:
        row = ProximityBeneficiaries(
            action=action, category=line.category, sex=line.sex, age_group=line.age_group, count=line.count
        )
        row.full_clean(exclude=["action"])
        row.save()
    action.fundings.all().delete()
    for line in fundings:
        row = ProximityFunding(
            action=action,
            payer=line.payer,
            partner=line.partner if line.payer == ProximityFunding.Payer.PARTNER else None,
            payer_label=(line.payer_label or "").strip() if line.payer == ProximityFunding.Payer.OTHER else "",
            amount=line.amount,
        )
        row.full_clean(exclude=["action"])
        row.save()


@transaction.atomic
def action_create(*, by, communes, partners=(), beneficiaries=(), fundings=(), **fields) -> ProximityAction:
    """Record a planned action with its communes, partners, beneficiaries and cost lines; it takes the next
    reference of its start year (APS-2026-0001)."""
    _require_manage(by)
    communes, partners = list(communes), list(partners)
    beneficiaries, fundings = list(beneficiaries), list(fundings)
    action = ProximityAction(**fields)
    with actor_context(by):
        action.full_clean(exclude=["reference"])
        _check_lines(communes, beneficiaries, fundings, done=False)
        action.reference = next_reference(
            ProximityAction, "reference", f"APS-{action.start_date.year}-", REFERENCE_LOCK
        )
        action.save()
        _write_lines(action, communes, partners, beneficiaries, fundings)
    return action


@transaction.atomic
def action_update(
    *, action: ProximityAction, by, communes, partners=(), beneficiaries=(), fundings=(), **fields
) -> ProximityAction:
    """Change an action (planned or realized; a cancelled action stays as it was)."""
    _require_manage(by)
    locked = ProximityAction.objects.select_for_update().get(pk=action.pk)
    if locked.status not in EDITABLE:
        raise ValidationError(_("Une action annulée ne se modifie plus."))
    communes, partners = list(communes), list(partners)
    beneficiaries, fundings = list(beneficiaries), list(fundings)
    for name, value in fields.items():
        setattr(locked, name, value)
    with actor_context(by):
        locked.full_clean()
        _check_lines(communes, beneficiaries, fundings, done=locked.status == Status.DONE)
        locked.save()
        _write_lines(locked, communes, partners, beneficiaries, fundings)
    return locked


def action_realize(*, action: ProximityAction, by) -> ProximityAction:
    return WORKFLOW.run(action, "realize", by=by)


def action_cancel(*, action: ProximityAction, by, reason: str = "") -> ProximityAction:
    def apply(locked):
        locked.cancel_reason = reason.strip()

    return WORKFLOW.run(action, "cancel", by=by, apply=apply, reason=reason)


def proximity_summary(user=None) -> dict:
    """What the dashboards count: actions not cancelled, their beneficiaries and their cost (two queries); given a
    user, those of the user's communes."""
    from django.db.models import Count, Sum

    from projects.scope import scope_projects

    live = ProximityAction.objects.exclude(status=Status.CANCELLED)
    if user is not None:
        live = scope_projects(live, user)
    actions = live.aggregate(total=Count("pk"))["total"]
    beneficiaries = ProximityBeneficiaries.objects.filter(action__in=live).aggregate(total=Sum("count"))["total"]
    cost = ProximityFunding.objects.filter(action__in=live).aggregate(total=Sum("amount"))["total"]
    return {"actions": actions, "beneficiaries": beneficiaries or 0, "cost": cost or Decimal("0")}
