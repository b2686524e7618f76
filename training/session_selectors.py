"""Reads of the sessions area: the list, a session's page, its attendance grid, its evaluations and the
participants eligible to an attestation. Each function reads in a fixed number of queries whatever the number of
participants and days.

A participant is present on a day when a Presence links them to it; a session is held when it is « tenue » or
« clôturée »; a participant may receive an attestation when present on every day of a held session.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, OuterRef, Prefetch, Q, Subquery, Sum

from training.models import (
    Participant,
    Person,
    PlanAction,
    Presence,
    SessionDay,
    SessionEvaluation,
    Sex,
    TrainingPlan,
    TrainingSession,
)


def sessions():
    """The list's rows, with their counts (participants invited, present at least one day) and hours."""
    return (
        TrainingSession.objects.select_related("action__plan", "action__module", "commune", "provider_partner")
        .annotate(
            invited_count=Count("participants", distinct=True),
            present_count=Count("participants", filter=Q(participants__presences__isnull=False), distinct=True),
            # A subquery: summed over the join with participants, the hours would be counted once per participant.
            hours_total=Subquery(
                SessionDay.objects.filter(session=OuterRef("pk"))
                .values("session")
                .annotate(total=Sum("hours"))
                .values("total")[:1]
            ),
        )
        .order_by("-start_date", "-pk")
    )


def session_hours(session: TrainingSession, days: Iterable[SessionDay] | None = None) -> Decimal:
    """The session's hours: the sum of its days' (``days`` when the caller already has them, to save a query)."""
    return sum((day.hours for day in (session.days.all() if days is None else days)), Decimal("0"))


def schedulable_actions():
    """Actions of a plan in execution: the only ones a session may be scheduled for."""
    return (
        PlanAction.objects.filter(plan__status=TrainingPlan.Status.IN_PROGRESS)
        .select_related("plan", "module", "provider_partner")
        .order_by("-plan__year", "number")
    )


def session_for_page(pk) -> TrainingSession:
    return (
        TrainingSession.objects.select_related(
            "action__plan", "action__module", "action__provider_partner", "commune", "provider_partner", "created_by"
        )
        .prefetch_related("days")
        .get(pk=pk)
    )


def participants(session: TrainingSession):
    """The participants in the register's order, with their person, organisation and the days they attended."""
    return (
        Participant.objects.filter(session=session)
        .select_related("person__commune", "person__partner", "person__committee_member__committee")
        .prefetch_related(Prefetch("presences", queryset=Presence.objects.only("id", "participant_id", "day_id")))
        .order_by("person__full_name", "pk")
    )


@dataclass
class Row:
    participant: Participant
    present_days: set[int]
    eligible: bool
    evaluated: bool = False

    @property
    def present_count(self) -> int:
        return len(self.present_days)


@dataclass
class SessionPage:
    session: TrainingSession
    days: list[SessionDay]
    rows: list[Row]
    hours: Decimal
    evaluation: EvaluationSummary
    stamp: str = ""
    counts: dict = field(default_factory=dict)

    @property
    def day_rows(self) -> list[tuple[SessionDay, int]]:
        """Each day with the number of participants present that day."""
        return [(day, sum(1 for row in self.rows if day.pk in row.present_days)) for day in self.days]


@dataclass
class EvaluationSummary:
    count: int
    averages: list[tuple[str, Decimal | None]]  # (field, average) in SessionEvaluation.CRITERIA order
    comments: list[str]
    overall: Decimal | None


def evaluation_summary(session: TrainingSession) -> EvaluationSummary:
    aggregates = SessionEvaluation.objects.filter(session=session).aggregate(
        count=Count("pk"), **{name: Avg(name) for name in SessionEvaluation.CRITERIA}
    )
    averages = [
        (name, Decimal(aggregates[name]).quantize(Decimal("0.1")) if aggregates[name] is not None else None)
        for name in SessionEvaluation.CRITERIA
    ]
    known = [value for _name, value in averages if value is not None]
    overall = (sum(known) / len(known)).quantize(Decimal("0.1")) if known else None
    comments = list(
        SessionEvaluation.objects.filter(session=session).exclude(comment="").values_list("comment", flat=True)
    )
    return EvaluationSummary(count=aggregates["count"], averages=averages, comments=comments, overall=overall)


def presence_stamp(pairs: Iterable[tuple[int, int]]) -> str:
    """A fingerprint of a session's presences: the grid sends back the one it was opened with."""
    text = ";".join(f"{p}:{d}" for p, d in sorted(pairs))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def session_page(session: TrainingSession) -> SessionPage:
    """Everything the session's page, its grid and its attendance sheet show, in a fixed number of queries."""
    days = list(session.days.all())
    evaluated = set(
        SessionEvaluation.objects.filter(session=session, participant__isnull=False).values_list(
            "participant_id", flat=True
        )
    )
    rows = []
    pairs = []
    for participant in participants(session):
        present = {p.day_id for p in participant.presences.all()}
        pairs.extend((participant.pk, day) for day in present)
        rows.append(
            Row(
                participant=participant,
                present_days=present,
                eligible=session.certificate_eligible(len(present), len(days)),
                evaluated=participant.pk in evaluated,
            )
        )
    counts = {
        "invited": len(rows),
        "present": sum(1 for row in rows if row.present_days),
        "eligible": sum(1 for row in rows if row.eligible),
        "issued": sum(1 for row in rows if row.participant.certificate_number),
        "women": sum(1 for row in rows if row.present_days and row.participant.person.sex == Sex.WOMAN),
        "presences": len(pairs),
    }
    return SessionPage(
        session=session,
        days=days,
        rows=rows,
        hours=session_hours(session, days),
        evaluation=evaluation_summary(session),
        stamp=presence_stamp(pairs),
        counts=counts,
    )


def eligible_participants(session: TrainingSession) -> list[Participant]:
    """Participants present on every day of the session, when it is held (else none)."""
    day_count = session.days.count()
    if not session.certificate_eligible(day_count, day_count):
        return []
    return list(
        Participant.objects.filter(session=session)
        .annotate(present_days_count=Count("presences"))
        .filter(present_days_count__gte=day_count)
        .select_related("person")
        .order_by("person__full_name", "pk")
    )


def issued_certificates(session: TrainingSession) -> list[Participant]:
    return list(
        Participant.objects.filter(session=session)
        .exclude(certificate_number="")
        .select_related("person")
        .order_by("person__full_name", "pk")
    )


def person_search(*, q: str = "", commune=None, actor_type: str = "", limit: int = 30):
    """Persons of the register to invite: by name (either script), commune and actor type."""
    people = Person.objects.filter(is_active=True).select_related("commune", "partner")
    if q:
        people = people.filter(Q(full_name__icontains=q) | Q(full_name_ar__icontains=q) | Q(cin__iexact=q))
    if commune:
        people = people.filter(commune=commune)
    if actor_type:
        people = people.filter(actor_type=actor_type)
    return people.order_by("full_name")[:limit]
