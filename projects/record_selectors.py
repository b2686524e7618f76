"""Reads of the project record: money paid, figures per territory, beneficiaries by sex and age, the whole record of
one project (for its page and a later « fiche projet »), and an ILDH with the progress of its projects.

Each function does a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from projects.financing import percent_of
from projects.models import ILDH, Payment, Project, ProjectBeneficiaries, ProjectFunding, ProjectTerritory

ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")


def paid_amount() -> Coalesce:
    """What was paid to the project (payments of the tranches of its conventions), as an annotation."""
    paid = (
        Payment.objects.filter(tranche__convention__project=OuterRef("pk"))
        .order_by()
        .values("tranche__convention__project")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money = DecimalField(max_digits=16, decimal_places=2)
    return Coalesce(Subquery(paid, output_field=money), Value(ZERO), output_field=money)


def with_progress(queryset: QuerySet[Project]) -> QuerySet[Project]:
    """Projects annotated with ``paid`` (DH); their physical progress is on the row."""
    return queryset.annotate(paid=paid_amount())


def financial_progress(project: Project) -> Decimal | None:
    """Paid against the INDH share, in % (the project must come from with_progress)."""
    return percent_of(project.paid, project.indh_share)


# --- Territories ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TerritoryFigure:
    project_id: int
    commune: object  # das.Commune
    locality: object  # das.Locality or None
    share: Decimal  # % of the project
    cost: Decimal
    indh_share: Decimal
    beneficiaries_targeted: Decimal  # a share of people: kept with two decimals, rounded only where shown
    beneficiaries_reached: Decimal


def _split(amount, share: Decimal) -> Decimal:
    return (Decimal(amount) * share / HUNDRED).quantize(CENT, ROUND_HALF_UP)


def territory_figures(projects: QuerySet[Project] | None = None) -> list[TerritoryFigure]:
    """One row per project and territory it covers, the project's figures split by the territory's declared share.
    A project without declared territories is wholly in its main commune (and quartier / douar). Three queries."""
    projects = (projects if projects is not None else Project.objects.all()).select_related("commune", "locality")
    territories = ProjectTerritory.objects.select_related("commune", "locality").order_by("-share", "pk")
    rows = list(projects.prefetch_related(Prefetch("territories", queryset=territories)))
    reached = dict(
        ProjectBeneficiaries.objects.filter(project__in=[p.pk for p in rows], kind=ProjectBeneficiaries.Kind.REACHED)
        .values("project")
        .annotate(total=Sum("count"))
        .values_list("project", "total")
    )
    figures = []
    for project in rows:
        places = [(t.commune, t.locality, t.share) for t in project.territories.all()] or [
            (project.commune, project.locality, HUNDRED)
        ]
        for commune, locality, share in places:
            figures.append(
                TerritoryFigure(
                    project_id=project.pk,
                    commune=commune,
                    locality=locality,
                    share=share,
                    cost=_split(project.estimated_cost, share),
                    indh_share=_split(project.indh_share, share),
                    beneficiaries_targeted=_split(project.beneficiaries_total, share),
                    beneficiaries_reached=_split(reached.get(project.pk, 0), share),
                )
            )
    return figures


def figures_by_commune(projects: QuerySet[Project] | None = None) -> list[dict]:
    """The territory figures added up per commune (for dashboards and maps), largest INDH share first."""
    totals: dict[int, dict] = {}
    for row in territory_figures(projects):
        entry = totals.setdefault(
            row.commune.pk,
            {"commune": row.commune, "cost": ZERO, "indh_share": ZERO, "targeted": ZERO, "reached": ZERO},
        )
        entry["cost"] += row.cost
        entry["indh_share"] += row.indh_share
        entry["targeted"] += row.beneficiaries_targeted
        entry["reached"] += row.beneficiaries_reached
    return sorted(totals.values(), key=lambda e: (-e["indh_share"], e["commune"].name_fr))


# --- Beneficiaries -------------------------------------------------------------------------------------------------


def beneficiary_table(lines) -> dict:
    """Beneficiary lines as a table: per age group, women and men targeted and reached, with totals."""
    Kind, Sex, Age = ProjectBeneficiaries.Kind, ProjectBeneficiaries.Sex, ProjectBeneficiaries.AgeGroup
    cells = defaultdict(int)
    for line in lines:
        cells[line.kind, line.sex, line.age_group] += line.count
    columns = [(kind, sex) for kind in Kind.values for sex in (Sex.FEMALE, Sex.MALE)]
    rows = [{"label": label, "counts": [cells[kind, sex, age] for kind, sex in columns]} for age, label in Age.choices]
    totals = [sum(cells[kind, sex, age] for age in Age.values) for kind, sex in columns]
    return {
        "rows": rows,
        "totals": totals,
        "targeted": totals[0] + totals[1],
        "reached": totals[2] + totals[3],
        "has_lines": bool(cells),
    }


# --- One project's record --------------------------------------------------------------------------------------------


def record_queryset() -> QuerySet[Project]:
    return with_progress(
        Project.objects.select_related(
            "phase",
            "programme",
            "axis",
            "budget_line",
            "sector",
            "holder__commune",
            "delegated_owner",
            "commune",
            "locality",
            "ildh__commune",
            "dossier",
        ).prefetch_related(
            Prefetch("fundings", queryset=ProjectFunding.objects.select_related("partner").order_by("pk")),
            Prefetch("territories", queryset=ProjectTerritory.objects.select_related("commune", "locality")),
            Prefetch("beneficiary_lines", queryset=ProjectBeneficiaries.objects.all()),
        )
    )


def project_record(project_or_pk) -> dict:
    """Everything the record says of one project, for its page and for a « fiche projet » (PDF): the project (with
    its programme, axis, holder, maître d'ouvrage, ILDH), its cost plan with the effet de levier, its territories
    with their figures, its beneficiaries by sex and age, jobs, AGR facts, GPS point, and its physical and
    financial progress. Four queries."""
    from projects.views.projects import cost_plan

    pk = getattr(project_or_pk, "pk", project_or_pk)
    project = record_queryset().get(pk=pk)
    territories = list(project.territories.all())
    places = [(t.commune, t.locality, t.share) for t in territories] or [(project.commune, project.locality, HUNDRED)]
    table = beneficiary_table(project.beneficiary_lines.all())
    return {
        "project": project,
        "plan": cost_plan(project),
        "territories": [
            {
                "commune": commune,
                "locality": locality,
                "share": share,
                "cost": _split(project.estimated_cost, share),
                "indh_share": _split(project.indh_share, share),
                "beneficiaries": _split(project.beneficiaries_total, share),
            }
            for commune, locality, share in places
        ],
        "declared_territories": bool(territories),
        "beneficiaries": table,
        "jobs": {"planned": project.jobs_planned, "created": project.jobs_created},
        "agr": project.is_agr,
        "gps": (project.latitude, project.longitude) if project.has_gps_point else None,
        "physical_progress": project.physical_progress,
        "progress_updated_on": project.progress_updated_on,
        "paid": project.paid,
        "financial_progress": financial_progress(project),
    }


# --- ILDH ------------------------------------------------------------------------------------------------------------


def ildh_list() -> QuerySet[ILDH]:
    from django.db.models import Count

    return ILDH.objects.select_related("commune", "locality").annotate(
        project_count=Count("projects", distinct=True),
        indh_total=Coalesce(Sum("projects__indh_share"), Value(ZERO), output_field=DecimalField()),
    )


def weighted_progress(projects) -> Decimal | None:
    """Physical progress of a set of projects: each project's progress weighted by its cost."""
    cost = sum((p.estimated_cost for p in projects), ZERO)
    if not cost:
        return None
    done = sum((p.estimated_cost * p.physical_progress for p in projects), ZERO)
    return (done / cost).quantize(Decimal("0.1"), ROUND_HALF_UP)


def ildh_page(ildh: ILDH) -> dict:
    """An ILDH's projects with their physical and financial progress, and the ILDH's totals (two queries)."""
    projects = list(with_progress(ildh.projects.select_related("programme", "holder", "locality")).order_by("code"))
    for project in projects:
        project.financial_progress = financial_progress(project)
    indh = sum((p.indh_share for p in projects), ZERO)
    paid = sum((p.paid for p in projects), ZERO)
    return {
        "projects": projects,
        "cost": sum((p.estimated_cost for p in projects), ZERO),
        "indh": indh,
        "paid": paid,
        "physical_progress": weighted_progress(projects),
        "financial_progress": percent_of(paid, indh),
    }
