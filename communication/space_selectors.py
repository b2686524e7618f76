"""The figures of the communication service's space page and home cards, read straight from the models with a fixed
number of queries (one per kind of record), whatever the number of plans, actions, documents, fiches or requests.

Plans awaiting validation: drafts that already hold at least one action (what the chef may validate); fiches
awaiting approval: those submitted to the chef. Late requests follow communication.request_selectors.late_q.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from communication import execution_selectors, request_selectors
from communication.models import (
    AchievementSheet,
    CommunicationAction,
    CommunicationPlan,
    DocumentationPack,
    LibraryDocument,
)

Action = CommunicationAction.Status


@dataclass
class PlanFigures:
    year: int
    plan: CommunicationPlan | None = None
    planned: int = 0  # actions still to carry out
    done: int = 0
    cancelled: int = 0
    due_this_month: int = 0  # planned actions whose date falls in the current month
    budget: Decimal = Decimal("0")  # planned budget of every action, cancelled ones included (as the report's)
    cost: Decimal = Decimal("0")  # actual cost of the realisations

    @property
    def total(self) -> int:
        return self.planned + self.done + self.cancelled

    @property
    def consumption_rate(self) -> Decimal | None:
        """The execution report's « taux de consommation » (communication.execution_selectors.DEFINITIONS)."""
        return execution_selectors.rate(self.cost, self.budget)


def plan_figures(today: datetime.date | None = None) -> PlanFigures:
    """This year's plan with its actions counted by status, its budget and actual cost (one query)."""
    today = today or timezone.localdate()
    month = Q(
        actions__status=Action.PLANNED, actions__planned_on__year=today.year, actions__planned_on__month=today.month
    )
    plan = (
        CommunicationPlan.objects.filter(year=today.year)
        .annotate(
            n_planned=Count("actions", filter=Q(actions__status=Action.PLANNED)),
            n_done=Count("actions", filter=Q(actions__status=Action.DONE)),
            n_cancelled=Count("actions", filter=Q(actions__status=Action.CANCELLED)),
            n_due=Count("actions", filter=month),
            budget=Sum("actions__planned_budget"),
            cost=Sum("actions__realisation__actual_cost"),
        )
        .first()
    )
    figures = PlanFigures(year=today.year)
    if plan is not None:
        figures.plan = plan
        figures.planned, figures.done, figures.cancelled = plan.n_planned, plan.n_done, plan.n_cancelled
        figures.due_this_month = plan.n_due
        figures.budget = plan.budget or Decimal("0")
        figures.cost = plan.cost or Decimal("0")
    return figures


def plans_awaiting_validation() -> int:
    """Draft plans that hold at least one action: the chef may validate them (one query)."""
    has_action = Exists(CommunicationAction.objects.filter(plan=OuterRef("pk")))
    return CommunicationPlan.objects.filter(has_action, status=CommunicationPlan.Status.DRAFT).count()


def sheet_counts() -> dict:
    """Fiches published and awaiting the chef's approval (one query)."""
    return AchievementSheet.objects.aggregate(
        published=Count("pk", filter=Q(status=AchievementSheet.Status.PUBLISHED)),
        submitted=Count("pk", filter=Q(status=AchievementSheet.Status.SUBMITTED)),
    )


@dataclass
class SpaceFigures:
    plan: PlanFigures
    plans_to_validate: int
    documents_published: int
    packs_this_year: int
    sheets_published: int
    sheets_submitted: int
    requests_not_closed: int
    requests_open: int
    requests_late: int


def space_figures(today: datetime.date | None = None) -> SpaceFigures:
    """Everything the space page shows (six queries)."""
    today = today or timezone.localdate()
    sheets = sheet_counts()
    requests = request_selectors.request_counts(today)
    return SpaceFigures(
        plan=plan_figures(today),
        plans_to_validate=plans_awaiting_validation(),
        documents_published=LibraryDocument.objects.filter(status=LibraryDocument.Status.PUBLISHED).count(),
        packs_this_year=DocumentationPack.objects.filter(sent_on__year=today.year).count(),
        sheets_published=sheets["published"],
        sheets_submitted=sheets["submitted"],
        requests_not_closed=requests["not_closed"],
        requests_open=requests["open"],
        requests_late=requests["late"],
    )
