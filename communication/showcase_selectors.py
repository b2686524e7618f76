"""Reads of the fiches de réalisation: the list, a fiche's page, the achieved projects still without a fiche, what a
new fiche starts from, and the published fiches (the brochure's content and, later, a public page's)."""

from __future__ import annotations

from django.db.models import Case, Prefetch, Q, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear

from communication.models import AchievementSheet, SheetPhoto
from projects.models import ProgressPhoto, Project
from projects.models.projects import ProjectBeneficiaries

Status = AchievementSheet.Status
ACHIEVED = (Project.Status.COMPLETED, Project.Status.CLOSED)
# The year a fiche is filed under: its project's provisional reception, else the CPDH's validation.
ACHIEVED_YEAR = ExtractYear(Coalesce("project__provisional_reception_on", "project__validated_on"))


def _photos():
    # Before, after, then the others: the order a reader tells the story in (not the codes' alphabetical order).
    story = Case(
        When(moment=SheetPhoto.Moment.BEFORE, then=Value(0)),
        When(moment=SheetPhoto.Moment.AFTER, then=Value(1)),
        default=Value(2),
    )
    return Prefetch("photos", queryset=SheetPhoto.objects.select_related("attachment").order_by(story, "pk"))


def sheets_for_list():
    return AchievementSheet.objects.select_related("project__programme", "project__commune").annotate(
        year=ACHIEVED_YEAR
    )


def sheet_years() -> list[int]:
    years = sheets_for_list().order_by("-year").values_list("year", flat=True).distinct()
    return [year for year in years if year]


def sheet_for_page(pk) -> AchievementSheet:
    return (
        AchievementSheet.objects.select_related(
            "project__programme", "project__commune", "project__holder", "prepared_by", "approved_by"
        )
        .prefetch_related(_photos(), "partners")
        .annotate(year=ACHIEVED_YEAR)
        .get(pk=pk)
    )


def photo_for_page(pk) -> SheetPhoto:
    return SheetPhoto.objects.select_related("attachment", "sheet").get(pk=pk)


def projects_without_sheet(limit: int | None = 50):
    """The achieved or closed projects that have no fiche yet, most recently received first."""
    projects = (
        Project.objects.filter(status__in=ACHIEVED, achievement_sheet__isnull=True)
        .select_related("programme", "commune")
        .order_by("-provisional_reception_on", "code")
    )
    return projects[:limit] if limit else projects


def project_for_sheet(pk) -> Project:
    return Project.objects.select_related("programme", "commune", "holder").get(pk=pk)


def project_partners(project: Project) -> list:
    """The holder, the delegated owner and the partners funding the project, each once."""
    from das.models import Partner

    ids = {project.holder_id, project.delegated_owner_id}
    ids |= set(project.fundings.values_list("partner_id", flat=True))
    ids.discard(None)
    return list(Partner.objects.filter(pk__in=ids).order_by("name"))


def project_defaults(project: Project) -> dict:
    """What a new fiche starts from: the project's title, summary, beneficiaries reached (the « atteints » lines if
    any were entered, else the targeted figures), cost, INDH share and partners."""
    reached = project.beneficiary_lines.filter(kind=ProjectBeneficiaries.Kind.REACHED).aggregate(
        total=Sum("count"), women=Sum("count", filter=Q(sex=ProjectBeneficiaries.Sex.FEMALE))
    )
    if reached["total"]:
        beneficiaries, women = reached["total"], reached["women"] or 0
    else:
        beneficiaries, women = project.beneficiaries_total, project.beneficiaries_women
    return {
        "title": project.title,
        "summary": project.summary,
        "beneficiaries": beneficiaries,
        "beneficiaries_women": women,
        "cost": project.estimated_cost,
        "indh_share": project.indh_share,
        "partners": project_partners(project),
    }


def progress_photos(project: Project) -> list[ProgressPhoto]:
    """The project's photos of the works, oldest first (the first is « avant », the last « après »)."""
    return list(
        ProgressPhoto.objects.filter(entry__project=project)
        .select_related("entry", "attachment")
        .order_by("entry__recorded_on", "entry__pk", "pk")
    )


def published_sheets(programme=None, commune=None, *, year_from=None, year_to=None):
    """The published fiches (approved by the chef), with what a printed or public fiche shows, in the order of
    their programme, commune and project code. The brochure reads them; a public page will."""
    sheets = (
        AchievementSheet.objects.filter(status=Status.PUBLISHED)
        .select_related("project__programme", "project__commune", "project__phase")
        .prefetch_related(_photos(), "partners")
        .annotate(year=ACHIEVED_YEAR)
    )
    if programme is not None:
        sheets = sheets.filter(project__programme=programme)
    if commune is not None:
        sheets = sheets.filter(project__commune=commune)
    if year_from:
        sheets = sheets.filter(year__gte=year_from)
    if year_to:
        sheets = sheets.filter(year__lte=year_to)
    return sheets.order_by("project__programme__code", "project__commune__name_fr", "project__code")
