"""Reads of the support requests area: the list with its late flag, one request's page.

A request is late (LATE_AFTER_DAYS, late_q, is_late: the one definition) when the division is still on it (open or
in progress: an answered request waits on the requester, not on the division) and either the date the requester
wanted has passed, or it was received more than LATE_AFTER_DAYS days ago.
"""

from __future__ import annotations

import datetime
from datetime import timedelta

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from communication.models import CommunicationRequest

LATE_AFTER_DAYS = 30  # a request not closed this many days after it was received is flagged
NOT_CLOSED = CommunicationRequest.NOT_CLOSED_STATUSES
BEING_HANDLED = CommunicationRequest.IN_PROGRESS_STATUSES  # open or in progress: the ones that can be late
EDITABLE = NOT_CLOSED  # a request is corrected until it is closed


def late_q(today: datetime.date | None = None) -> Q:
    """The late rule as a filter: still being handled, and the wanted date passed or received over LATE_AFTER_DAYS
    ago."""
    today = today or timezone.localdate()
    limit = today - timedelta(days=LATE_AFTER_DAYS)
    return Q(status__in=BEING_HANDLED) & (Q(wanted_by__lt=today) | Q(received_on__lt=limit))


def is_late(request: CommunicationRequest, today: datetime.date | None = None) -> bool:
    """The same rule on one request in memory."""
    today = today or timezone.localdate()
    if request.status not in BEING_HANDLED:
        return False
    if request.wanted_by and request.wanted_by < today:
        return True
    return request.received_on < today - timedelta(days=LATE_AFTER_DAYS)


def request_list(today: datetime.date | None = None) -> QuerySet[CommunicationRequest]:
    """Requests with their requester, project, commune and who follows them, and ``is_late`` (one query)."""
    return (
        CommunicationRequest.objects.select_related("holder", "team__commune", "project", "commune", "assigned_to")
        .annotate(
            is_late=Case(When(late_q(today), then=Value(True)), default=Value(False), output_field=BooleanField())
        )
        .order_by("-received_on", "-pk")
    )


def request_counts(today: datetime.date | None = None) -> dict:
    """Requests the division is still on (not closed), those not yet taken in charge and the late ones (one query)."""
    return CommunicationRequest.objects.aggregate(
        not_closed=Count("pk", filter=Q(status__in=NOT_CLOSED)),
        open=Count("pk", filter=Q(status=CommunicationRequest.Status.OPEN)),
        late=Count("pk", filter=late_q(today)),
    )
