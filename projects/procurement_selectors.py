"""Reads of the marchés: their computed status and delays in SQL (lists, filters, alerts), and the marchés of one
project (the project's page and its fiche)."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Case,
    CharField,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear, Greatest
from django.utils import timezone

from projects.models.procurement import Procurement, award_limit_days

Status = Procurement.Status


def status_expression(today: dt.date) -> Case:
    """The status from the dates, as projects.models.procurement.procurement_status computes it in Python."""
    return Case(
        When(~Q(ending=""), then=F("ending")),
        When(final_reception_on__isnull=False, then=Value(Status.FINAL)),
        When(provisional_reception_on__isnull=False, then=Value(Status.PROVISIONAL)),
        When(service_order_on__isnull=False, then=Value(Status.EXECUTING)),
        When(awarded_on__isnull=False, then=Value(Status.AWARDED)),
        When(bids_opened_on__lte=today, then=Value(Status.BIDS_OPENED)),
        When(published_on__lte=today, then=Value(Status.PUBLISHED)),
        default=Value(Status.PREPARING),
        output_field=CharField(),
    )


def late_procurements_q(today: dt.date | None = None) -> Q:
    """Marchés past a deadline whose step is still missing: the contractual end passed without provisional
    reception, or the bids opened longer ago than the offers stay valid without an award. Ended ones are not."""
    today = today or timezone.localdate()
    award_limit = today - dt.timedelta(days=award_limit_days())
    return Q(ending="") & (
        Q(planned_end_on__lt=today, provisional_reception_on__isnull=True)
        | Q(bids_opened_on__lt=award_limit, awarded_on__isnull=True)
    )


def with_state(queryset: QuerySet[Procurement], today: dt.date | None = None) -> QuerySet[Procurement]:
    """Each row with ``current_status``, ``days_late`` (execution), ``is_late`` and ``year`` (of its launch)."""
    today = today or timezone.localdate()
    execution_late = Case(
        When(
            Q(ending="", planned_end_on__isnull=False),
            # date - date is a number of days in PostgreSQL (Django's own subtraction would make an interval).
            then=Greatest(
                Func(
                    Coalesce("provisional_reception_on", Value(today)),
                    F("planned_end_on"),
                    arg_joiner=" - ",
                    template="(%(expressions)s)",
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    return queryset.annotate(
        current_status=status_expression(today),
        days_late=execution_late,
        is_late=Case(When(late_procurements_q(today), then=Value(True)), default=Value(False)),
        year=ExtractYear(Coalesce("published_on", "awarded_on", "service_order_on", "created_at__date")),
    )


def procurement_list(today: dt.date | None = None) -> QuerySet[Procurement]:
    return with_state(
        Procurement.objects.select_related("project__programme", "project__commune", "project__holder"), today
    )


def project_procurements(project) -> list[Procurement]:
    """The marchés of one project with their state (``m.state_now``), oldest first: one query. For the project's
    page and a printed fiche."""
    today = timezone.localdate()
    rows = list(Procurement.objects.filter(project=project).order_by("created_at", "pk"))
    for row in rows:
        row.state_now = row.state(today)
    return rows
