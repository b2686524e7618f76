"""Reads of the projects app, with their joins and aggregates (pages do a fixed number of queries)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Case, Count, DecimalField, Exists, OuterRef, Prefetch, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from projects.models import CallAmendment, CallForProjects, Dossier, Evaluation, Project

Status = Dossier.Status
RANKED = [Status.SCORED, Status.PRESELECTED, Status.NOT_RETAINED]


def call_list() -> QuerySet[CallForProjects]:
    return CallForProjects.objects.select_related("programme")


def call_page() -> QuerySet[CallForProjects]:
    """A call with everything its page shows: territories, documents, criteria, amendments and their authors."""
    return CallForProjects.objects.select_related("phase", "programme", "axis", "duplicated_from").prefetch_related(
        "communes",
        "localities__commune",
        "documents",
        "eligibility_criteria",
        "selection_criteria",
        Prefetch("amendments", queryset=CallAmendment.objects.select_related("made_by")),
    )


def dossier_list(user=None) -> QuerySet[Dossier]:
    """Dossiers with their average submitted score; an evaluator whose own scores are still open sees none."""
    average = Avg("evaluations__weighted_total", filter=Q(evaluations__submitted_at__isnull=False))
    qs = Dossier.objects.select_related("call__programme", "holder", "commune", "locality", "sector")
    if user is None:
        return qs.annotate(average_score=average)
    still_scoring = Evaluation.objects.filter(dossier=OuterRef("pk"), evaluator=user, submitted_at__isnull=True)
    return qs.annotate(
        average_score=Case(When(Exists(still_scoring), then=Value(None)), default=average, output_field=DecimalField())
    )


@dataclass
class CallOverview:
    by_status: list[tuple[str, int]]
    requested: Decimal
    preselected: Decimal
    envelope: Decimal
    by_commune: list[tuple[str, int, Decimal]]
    by_holder_type: list[tuple[str, int]]
    time_left: object  # timedelta, or None once closed

    @property
    def requested_ratio(self) -> Decimal:
        if not self.envelope:
            return Decimal("0")
        return (self.requested / self.envelope * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


def call_overview(call: CallForProjects) -> CallOverview:
    """What the service watches on a call: counts by status, amount requested against the envelope, spread."""
    dossiers = Dossier.objects.filter(call=call)
    labels = dict(Status.choices)
    by_status = [(labels[row["status"]], row["n"]) for row in dossiers.values("status").annotate(n=Count("pk"))]
    requested = dossiers.exclude(status__in=[Status.INADMISSIBLE, Status.INELIGIBLE]).aggregate(
        total=Sum("indh_share")
    )["total"] or Decimal("0")
    preselected = dossiers.filter(status=Status.PRESELECTED).aggregate(total=Sum("indh_share"))["total"] or Decimal("0")
    by_commune = [
        (row["commune__name_fr"], row["n"], row["amount"] or Decimal("0"))
        for row in dossiers.values("commune__name_fr")
        .annotate(n=Count("pk"), amount=Sum("indh_share"))
        .order_by("-n", "commune__name_fr")
    ]
    kinds = dict(Dossier._meta.get_field("holder").related_model.Kind.choices)
    by_holder_type = [
        (kinds.get(row["holder__kind"], row["holder__kind"]), row["n"])
        for row in dossiers.values("holder__kind").annotate(n=Count("pk")).order_by("-n")
    ]
    now = timezone.now()
    time_left = (
        call.closes_at - now if call.status == CallForProjects.Status.PUBLISHED and call.closes_at > now else None
    )
    return CallOverview(by_status, requested, preselected, call.envelope, by_commune, by_holder_type, time_left)


@dataclass
class RankedDossier:
    rank: int
    dossier: Dossier
    average_score: Decimal
    cumulative_indh: Decimal
    within_envelope: bool


def ranking(call: CallForProjects) -> list[RankedDossier]:
    """Evaluated dossiers by average weighted score (ties: smaller INDH share first, then earlier filing), with
    the INDH shares added up in that order to show where the envelope runs out."""
    rows = (
        dossier_list()
        .filter(call=call, status__in=RANKED)
        .order_by("-average_score", "indh_share", "received_at", "pk")
    )
    ranked, cumulative = [], Decimal("0")
    for rank, dossier in enumerate(rows, start=1):
        cumulative += dossier.indh_share
        average = (dossier.average_score or Decimal("0")).quantize(Decimal("0.01"), ROUND_HALF_UP)
        ranked.append(RankedDossier(rank, dossier, average, cumulative, cumulative <= call.envelope))
    return ranked


def evaluations_visible_to(user, dossier: Dossier) -> QuerySet[Evaluation]:
    """An evaluator who has not submitted sees only their own scores; everyone else sees the submitted ones."""
    evaluations = (
        Evaluation.objects.filter(dossier=dossier).select_related("evaluator").prefetch_related("scores__criterion")
    )
    if evaluations.filter(evaluator=user, submitted_at__isnull=True).exists():
        return evaluations.filter(evaluator=user)
    return evaluations.filter(Q(submitted_at__isnull=False) | Q(evaluator=user))


def dossiers_for_session(ids) -> dict[int, Dossier]:
    """Dossiers as a committee reads them: summary, financing plan and submitted scores (fixed number of queries)."""
    submitted = Evaluation.objects.filter(submitted_at__isnull=False).select_related("evaluator")
    rows = (
        dossier_list()
        .filter(pk__in=list(ids))
        .select_related("call__phase")
        .prefetch_related(
            "contributions__partner",
            Prefetch("evaluations", queryset=submitted.prefetch_related("scores__criterion"), to_attr="submitted"),
            "call__selection_criteria",
        )
    )
    return {dossier.pk: dossier for dossier in rows}


def dossiers_awaiting_cpdh() -> QuerySet[Dossier]:
    """Preselected dossiers of calls whose preselection the head validated: the CPDH has yet to decide on them."""
    return dossier_list().filter(status=Status.PRESELECTED, call__status=CallForProjects.Status.EVALUATED)


# Projects whose work is still ahead of them: they can be late against their plan.
UNFINISHED = [Project.Status.VALIDATED, Project.Status.CONVENTIONED, Project.Status.IN_PROGRESS]
NOT_STARTED = [Project.Status.VALIDATED, Project.Status.CONVENTIONED]


def late_projects_q(today=None) -> Q:
    """Projects late against plan: past their planned end and not yet received, or past their planned start and not
    yet started. Suspended and abandoned projects are not counted: their delay is a decision, not a slip."""
    today = today or timezone.localdate()
    return Q(status__in=UNFINISHED, planned_end__lt=today) | Q(status__in=NOT_STARTED, planned_start__lt=today)


def stale_progress_q(today=None) -> Q:
    """Projects in progress without a physical-progress entry for DAS_PROGRESS_STALE_DAYS (a quarter)."""
    from django.conf import settings

    limit = (today or timezone.localdate()) - dt.timedelta(days=settings.DAS_PROGRESS_STALE_DAYS)
    return Q(status=Project.Status.IN_PROGRESS) & (
        Q(progress_updated_on__lt=limit) | Q(progress_updated_on__isnull=True, actual_start__lt=limit)
    )


def project_list() -> QuerySet[Project]:
    return Project.objects.select_related("programme", "phase", "holder", "commune", "locality", "sector", "dossier")
