"""Reads of the execution follow-up, for the project's page, the visit pages and the fiche projet PDF.

Each function does a fixed number of queries whatever the project's size.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from django.db.models import Prefetch, QuerySet

from projects.models import (
    CommissionVisit,
    IndicatorValue,
    ProgressEntry,
    ProgressPhoto,
    Project,
    ProjectIndicator,
    VisitMember,
)


def progress_entries(project: Project) -> list[ProgressEntry]:
    """The project's entries, latest first, each with its photos (2 queries)."""
    photos = ProgressPhoto.objects.select_related("attachment").order_by("pk")
    return list(
        project.progress_entries.select_related("recorded_by")
        .prefetch_related(Prefetch("photos", queryset=photos))
        .order_by("-recorded_on", "-pk")
    )


def latest_progress(project: Project) -> ProgressEntry | None:
    return project.progress_entries.order_by("-recorded_on", "-pk").first()


def latest_photo(project: Project) -> ProgressPhoto | None:
    """The most recent photo of the works (of the latest entry that has one), or None."""
    return (
        ProgressPhoto.objects.filter(entry__project=project)
        .select_related("attachment", "entry")
        .order_by("-entry__recorded_on", "-entry__pk", "-pk")
        .first()
    )


def latest_photo_path(project: Project) -> Path | None:
    """The file of the latest photo on disk, for the fiche projet PDF (WeasyPrint reads ``file://`` + this)."""
    photo = latest_photo(project)
    if photo is None:
        return None
    try:
        return Path(photo.attachment.file.path)
    except NotImplementedError:  # a storage without local paths
        return None


def visit_page() -> QuerySet[CommissionVisit]:
    """A visit with what its page and its PV show: project, commission, members present, who closed it."""
    present = VisitMember.objects.select_related("member").order_by("member__full_name")
    return CommissionVisit.objects.select_related(
        "project__holder", "project__commune", "commission", "closed_by", "created_by"
    ).prefetch_related(Prefetch("present", queryset=present))


def project_visits(project: Project) -> list[CommissionVisit]:
    """The project's visits, latest first, with their commission (1 query)."""
    return list(project.visits.select_related("commission").order_by("-visited_on", "-pk"))


def provisional_reserves(project: Project) -> list[CommissionVisit]:
    """The closed provisional-reception visits that left reserves: listed at the final reception."""
    return list(
        project.visits.filter(kind=CommissionVisit.Kind.PROVISIONAL, status=CommissionVisit.Status.CLOSED)
        .exclude(reserves="")
        .order_by("visited_on", "pk")
    )


def project_indicators(project: Project) -> list[ProjectIndicator]:
    """The indicators followed for the project, each with its values in period order and ``latest`` (2 queries)."""
    values = IndicatorValue.objects.order_by("year", "period")
    chosen = list(
        project.indicators.select_related("indicator")
        .prefetch_related(Prefetch("values", queryset=values))
        .order_by("indicator__code")
    )
    for row in chosen:
        listed = list(row.values.all())
        row.latest = listed[-1] if listed else None
    return chosen


def indicator_values_by_year(project: Project) -> dict[int, list[IndicatorValue]]:
    """Every value of the project's indicators grouped by year (for reports)."""
    grouped = defaultdict(list)
    for value in (
        IndicatorValue.objects.filter(project_indicator__project=project)
        .select_related("project_indicator__indicator")
        .order_by("year", "project_indicator__indicator__code", "period")
    ):
        grouped[value.year].append(value)
    return dict(grouped)
