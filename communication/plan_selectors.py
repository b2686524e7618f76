"""Reads of the yearly proximity-communication plan: the plans with their totals, one plan with its actions and
every total its page, its PDF and its Excel file show (computed once here, so they always agree)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from communication.models import CommunicationAction, CommunicationPlan

ZERO = Decimal("0")
Kind = CommunicationAction.Kind


def plans_with_totals():
    """Every plan with its number of actions, planned budget and expected reach (subqueries: no row blow-up)."""
    actions = CommunicationAction.objects.filter(plan=OuterRef("pk")).order_by().values("plan")
    money = DecimalField(max_digits=16, decimal_places=2)
    return CommunicationPlan.objects.select_related("validated_by", "created_by").annotate(
        action_count=Coalesce(
            Subquery(actions.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0)
        ),
        budget_total=Coalesce(
            Subquery(actions.annotate(n=Sum("planned_budget")).values("n"), output_field=money),
            Value(ZERO, output_field=money),
        ),
        reach_total=Coalesce(
            Subquery(actions.annotate(n=Sum("expected_reach")).values("n"), output_field=IntegerField()),
            Value(0),
        ),
    )


def plan_for_page(pk: int) -> CommunicationPlan:
    """The plan with who prepared and validated it, in one query."""
    return CommunicationPlan.objects.select_related("created_by", "validated_by").get(pk=pk)


def plan_actions(plan: CommunicationPlan) -> list[CommunicationAction]:
    return list(
        CommunicationAction.objects.filter(plan=plan)
        .select_related("commune", "budget_line", "responsible")
        .order_by("number")
    )


def action_for_page(pk: int) -> CommunicationAction:
    """An action with its plan, commune, budget line, responsible and realisation (the realisation card's)."""
    return CommunicationAction.objects.select_related(
        "plan", "plan__created_by", "plan__validated_by", "commune", "budget_line", "responsible", "realisation"
    ).get(pk=pk)


@dataclass
class Subtotal:
    label: str
    key: object = None  # the budget line's pk, the action type's code or the quarter (1–4)
    actions: int = 0
    reach: int = 0
    budget: Decimal = ZERO

    def add(self, action: CommunicationAction) -> None:
        self.actions += 1
        self.reach += action.expected_reach
        self.budget += action.planned_budget


@dataclass
class PlanSummary:
    """A plan's actions and their totals: overall, by budget line, by action type and by quarter."""

    plan: CommunicationPlan
    actions: list[CommunicationAction]
    total: Subtotal = field(default_factory=lambda: Subtotal(""))
    by_budget_line: list[Subtotal] = field(default_factory=list)
    by_kind: list[Subtotal] = field(default_factory=list)
    by_quarter: list[Subtotal] = field(default_factory=list)
    by_status: dict = field(default_factory=dict)


def quarter_of(action: CommunicationAction) -> int:
    return (action.planned_on.month - 1) // 3 + 1


def plan_summary(plan: CommunicationPlan, actions: list[CommunicationAction] | None = None) -> PlanSummary:
    actions = plan_actions(plan) if actions is None else actions
    summary = PlanSummary(plan, actions)
    lines: dict[object, Subtotal] = {}
    kinds: dict[str, Subtotal] = {}
    quarters = {number: Subtotal(f"T{number}", number) for number in range(1, 5)}
    for action in actions:
        summary.total.add(action)
        line_label = str(action.budget_line) if action.budget_line_id else ""
        lines.setdefault(action.budget_line_id, Subtotal(line_label, action.budget_line_id)).add(action)
        kinds.setdefault(action.kind, Subtotal(str(action.get_kind_display()), action.kind)).add(action)
        quarters[quarter_of(action)].add(action)
        summary.by_status[action.status] = summary.by_status.get(action.status, 0) + 1
    # Actions without a budget line come last.
    summary.by_budget_line = sorted(lines.values(), key=lambda row: (row.key is None, row.label))
    order = {value: index for index, value in enumerate(Kind.values)}
    summary.by_kind = [kinds[key] for key in sorted(kinds, key=lambda k: order.get(k, 99))]
    summary.by_quarter = list(quarters.values())
    return summary
