"""The official reports, by kind (projects.models.ReportArchive.Kind): what period each covers and how its context,
PDF and Excel file are made. Each report module registers its definition here (``register``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReportDefinition:
    kind: str  # a projects.models.ReportArchive.Kind value, also the URL's word (``rapports/<kind>/<period>/``)
    period_kind: str  # periods.MONTH, QUARTER, SEMESTER or YEAR
    # build(period, projects) -> the context shared by the PDF and the Excel file; ``projects`` is the Project
    # queryset the reader may see (already limited to their communes). Called inside translation.override(language)
    # so its labels are in the document's language. It may call ``progress(done, total)`` between sections.
    build: Callable[..., dict]
    pdf_template: str  # rendered with the context (plus das.exports.pdf_context) by das.exports.render_pdf
    workbook: Callable[[dict, object], object]  # (context, user) -> openpyxl Workbook
    title: Callable[[object], str]  # (period) -> the report's title in the active language
    # (context) -> [(label, text)]: the main figures the report's page shows; optional (the page then shows only the
    # download links)
    figures: Callable[[dict], list] | None = None


REPORTS: dict[str, ReportDefinition] = {}


def register(definition: ReportDefinition) -> ReportDefinition:
    REPORTS[definition.kind] = definition
    return definition


def get(kind: str) -> ReportDefinition | None:
    _load()
    return REPORTS.get(kind)


def all_reports() -> list[ReportDefinition]:
    _load()
    return list(REPORTS.values())


def _load() -> None:
    """Import the report modules (they register themselves); listed here so the registry is complete."""
    import importlib

    for module in ("projects.reports.programmes", "projects.reports.ildh", "projects.reports.annual"):
        importlib.import_module(module)


def noop_progress(done: int, total: int) -> None:
    """The progress callback when nobody watches (a direct download)."""
