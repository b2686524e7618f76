"""Reads of the yearly training plan: the plans with their totals, one plan with its actions and every total the
page, the PDF, the Excel file and the CPDH's dossier de séance show (one place, so they always agree)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from training.models import Need, PlanAction, TrainingPlan

ZERO = Decimal("0")


def plans_with_totals():
    """Every plan with its number of actions, planned participants and planned cost (subqueries: no row blow-up)."""
    actions = PlanAction.objects.filter(plan=OuterRef("pk")).order_by().values("plan")
    money = DecimalField(max_digits=16, decimal_places=2)
    return TrainingPlan.objects.select_related("validated_by", "created_by").annotate(
        action_count=Coalesce(
            Subquery(actions.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0)
        ),
        participants_total=Coalesce(
            Subquery(actions.annotate(n=Sum("planned_participants")).values("n"), output_field=IntegerField()),
            Value(0),
        ),
        cost_total=Coalesce(
            Subquery(actions.annotate(n=Sum("planned_cost")).values("n"), output_field=money),
            Value(ZERO, output_field=money),
        ),
    )


def plan_for_page(pk: int) -> TrainingPlan:
    """The plan with who prepared and validated it and its CPDH decision's meeting, in one query."""
    return TrainingPlan.objects.select_related(
        "created_by", "validated_by", "cpdh_decision__item__meeting__committee"
    ).get(pk=pk)


def plan_actions(plan: TrainingPlan) -> list[PlanAction]:
    return list(
        PlanAction.objects.filter(plan=plan)
        .select_related("module", "commune", "provider_partner", "budget_line")
        .prefetch_related(
            Prefetch("needs", queryset=Need.objects.select_related("theme").order_by("theme__code", "pk"))
        )
        .order_by("number")
    )


def action_for_page(pk: int) -> PlanAction:
    return (
        PlanAction.objects.select_related("plan", "module", "commune", "provider_partner", "budget_line")
        .prefetch_related(Prefetch("needs", queryset=Need.objects.select_related("theme", "commune")))
        .get(pk=pk)
    )


@dataclass
class Subtotal:
    label: str
    key: object = None  # the budget line's pk, or the (provider, partner pk) pair
    actions: int = 0
    participants: int = 0
    sessions: int = 0
    cost: Decimal = ZERO

    def add(self, action: PlanAction) -> None:
        self.actions += 1
        self.participants += action.planned_participants
        self.sessions += action.planned_sessions
        self.cost += action.planned_cost


@dataclass
class PlanSummary:
    """A plan's actions and their totals: overall, by budget line and by provider."""

    plan: TrainingPlan
    actions: list[PlanAction]
    total: Subtotal = field(default_factory=lambda: Subtotal(""))
    by_budget_line: list[Subtotal] = field(default_factory=list)
    by_provider: list[Subtotal] = field(default_factory=list)


def provider_label(action: PlanAction) -> str:
    if action.provider == PlanAction.Provider.EXTERNAL and action.provider_partner_id:
        return str(action.provider_partner)
    return str(action.get_provider_display())


def plan_summary(plan: TrainingPlan, actions: list[PlanAction] | None = None) -> PlanSummary:
    actions = plan_actions(plan) if actions is None else actions
    summary = PlanSummary(plan, actions)
    lines: dict[int, Subtotal] = {}
    providers: dict[tuple, Subtotal] = {}
    for action in actions:
        summary.total.add(action)
        lines.setdefault(action.budget_line_id, Subtotal(str(action.budget_line), action.budget_line_id)).add(action)
        key = (action.provider, action.provider_partner_id)
        providers.setdefault(key, Subtotal(provider_label(action), key)).add(action)
    summary.by_budget_line = sorted(lines.values(), key=lambda row: row.label)
    order = {value: index for index, value in enumerate(PlanAction.Provider.values)}
    summary.by_provider = [
        providers[key] for key in sorted(providers, key=lambda k: (order.get(k[0], 9), providers[k].label))
    ]
    return summary
