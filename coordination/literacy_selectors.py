"""Reads of the literacy area, and the campaign's figures computed in one place for its page, its yearly summary
(PDF and Excel) and the service's space.

Learners are counted per class, sex and age group (LiteracyHeadcount). The completion rate is completed ÷ enrolled;
the women's share is enrolled women ÷ enrolled. An annulée operation is listed but its learners do not count.
Every function does a fixed number of queries whatever the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from coordination.models.common import Sex
from coordination.models.literacy import (
    AgeGroup,
    LiteracyCampaign,
    LiteracyCentre,
    LiteracyClass,
    LiteracyHeadcount,
    LiteracyOperation,
)

CampaignStatus = LiteracyCampaign.Status
OperationStatus = LiteracyOperation.Status
CANCELLED = OperationStatus.CANCELLED
WOMEN, MEN = Sex.WOMEN.value, Sex.MEN.value


def percent(part, whole) -> Decimal | None:
    """part ÷ whole in percent, one decimal; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    """Learners of one row of a table: enrolled and completing, women (F) and men (H)."""

    key: str = ""
    label: str = ""
    enrolled_f: int = 0
    enrolled_h: int = 0
    completed_f: int = 0
    completed_h: int = 0
    extra: dict = field(default_factory=dict)

    def add(self, sex: str, enrolled: int, completed: int) -> None:
        if sex == WOMEN:
            self.enrolled_f += enrolled
            self.completed_f += completed
        else:
            self.enrolled_h += enrolled
            self.completed_h += completed

    @property
    def enrolled(self) -> int:
        return self.enrolled_f + self.enrolled_h

    @property
    def completed(self) -> int:
        return self.completed_f + self.completed_h

    @property
    def rate(self) -> Decimal | None:
        return percent(self.completed, self.enrolled)

    @property
    def rate_f(self) -> Decimal | None:
        return percent(self.completed_f, self.enrolled_f)

    @property
    def rate_h(self) -> Decimal | None:
        return percent(self.completed_h, self.enrolled_h)

    @property
    def women_share(self) -> Decimal | None:
        return percent(self.enrolled_f, self.enrolled)


@dataclass
class AgeRow:
    """One age group: its learners by sex (the « tranche d'âge × sexe » table)."""

    key: str
    label: str
    women: Figures
    men: Figures
    total: Figures


@dataclass
class CampaignFigures:
    campaign: LiteracyCampaign
    total: Figures
    operations: list  # LiteracyOperation with .figures, .class_count, .classes_without_headcount
    by_commune: list[Figures]
    by_programme: list[Figures]
    by_operator: list[Figures]
    by_level: list[Figures]
    by_age: list[AgeRow]
    class_count: int = 0
    classes_without_headcount: int = 0
    operation_counts: dict = field(default_factory=dict)


def _sum_of(field_name: str, outer: str, *, live_only: bool = True, **filters):
    """A subquery summing a headcount field for the outer row (0 when none); ``live_only`` leaves out the learners
    of annulée operations."""
    rows = LiteracyHeadcount.objects.filter(**{outer: OuterRef("pk")}, **filters)
    if live_only:
        rows = rows.exclude(literacy_class__operation__status=CANCELLED)
    rows = rows.values(outer).annotate(total=Sum(field_name)).values("total")
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _figure_annotations(outer: str) -> dict:
    return {
        "enrolled": _sum_of("enrolled", outer),
        "completed": _sum_of("completed", outer),
        "enrolled_women": _sum_of("enrolled", outer, sex=WOMEN),
    }


# --- Lists ------------------------------------------------------------------------------------------------------
def campaigns_with_figures():
    classes = (
        LiteracyClass.objects.filter(operation__campaign=OuterRef("pk"))
        .exclude(operation__status=CANCELLED)
        .values("operation__campaign")
        .annotate(n=Count("pk"))
        .values("n")
    )
    operations = (
        LiteracyOperation.objects.filter(campaign=OuterRef("pk")).values("campaign").annotate(n=Count("pk")).values("n")
    )
    return LiteracyCampaign.objects.annotate(
        operation_count=Coalesce(Subquery(operations, output_field=IntegerField()), Value(0)),
        class_count=Coalesce(Subquery(classes, output_field=IntegerField()), Value(0)),
        **_figure_annotations("literacy_class__operation__campaign"),
    )


def operations_with_figures():
    classes = LiteracyClass.objects.filter(operation=OuterRef("pk")).values("operation").annotate(n=Count("pk"))
    return LiteracyOperation.objects.select_related("campaign", "operator", "commune", "convention").annotate(
        class_count=Coalesce(Subquery(classes.values("n"), output_field=IntegerField()), Value(0)),
        enrolled=_sum_of("enrolled", "literacy_class__operation", live_only=False),
        completed=_sum_of("completed", "literacy_class__operation", live_only=False),
        enrolled_women=_sum_of("enrolled", "literacy_class__operation", live_only=False, sex=WOMEN),
    )


def centres_with_classes():
    return LiteracyCentre.objects.select_related("commune", "locality").annotate(class_count=Count("classes"))


def campaign_for_page(pk) -> LiteracyCampaign:
    return LiteracyCampaign.objects.get(pk=pk)


def operation_for_page(pk) -> LiteracyOperation:
    return LiteracyOperation.objects.select_related("campaign", "operator", "commune", "convention__project").get(pk=pk)


def class_for_page(pk) -> LiteracyClass:
    return LiteracyClass.objects.select_related(
        "operation__campaign", "operation__operator", "operation__commune", "centre__commune"
    ).get(pk=pk)


def operation_classes(operation: LiteracyOperation):
    """The operation's classes with their learners (one query)."""
    return (
        operation.classes.select_related("centre__commune")
        .annotate(
            enrolled=Coalesce(Sum("headcounts__enrolled"), 0),
            completed=Coalesce(Sum("headcounts__completed"), 0),
            enrolled_women=Coalesce(Sum("headcounts__enrolled", filter=Q(headcounts__sex=WOMEN)), 0),
            line_count=Count("headcounts"),
        )
        .order_by("name", "pk")
    )


def class_grid(literacy_class: LiteracyClass) -> tuple[list[AgeRow], Figures, bool]:
    """The class's grid as rows per age group (women, men, total), its total and whether it was ever entered."""
    lines = {(h.sex, h.age_group): h for h in literacy_class.headcounts.all()}
    rows = []
    total = Figures(key="total")
    for age in AgeGroup:
        row = AgeRow(age.value, str(age.label), Figures(key=WOMEN), Figures(key=MEN), Figures(key=age.value))
        for sex, figures in ((WOMEN, row.women), (MEN, row.men)):
            line = lines.get((sex, age.value))
            if line is not None:
                figures.add(sex, line.enrolled, line.completed)
                row.total.add(sex, line.enrolled, line.completed)
                total.add(sex, line.enrolled, line.completed)
        rows.append(row)
    return rows, total, bool(lines)


def grid_initial(literacy_class: LiteracyClass) -> list[dict]:
    """The grid's lines as a formset's initial data, women first, in age order."""
    lines = {(h.sex, h.age_group): h for h in literacy_class.headcounts.all()}
    initial = []
    for sex in Sex.values:
        for age in AgeGroup.values:
            line = lines.get((sex, age))
            initial.append(
                {
                    "sex": sex,
                    "age_group": age,
                    "enrolled": line.enrolled if line else 0,
                    "completed": line.completed if line else 0,
                }
            )
    return initial


# --- A campaign's figures ---------------------------------------------------------------------------------------
def _table(rows: dict, order=None) -> list[Figures]:
    values = list(rows.values())
    if order is None:
        return sorted(values, key=lambda f: (-f.enrolled, f.label))
    return [rows[key] for key in order if key in rows]


def campaign_figures(campaign: LiteracyCampaign) -> CampaignFigures:
    """Everything the campaign's page and yearly summary show, in three queries."""
    operations = list(
        LiteracyOperation.objects.filter(campaign=campaign)
        .select_related("operator", "commune", "convention")
        .annotate(class_count=Count("classes"))
        .order_by("reference")
    )
    counts = (
        LiteracyHeadcount.objects.filter(literacy_class__operation__campaign=campaign)
        .exclude(literacy_class__operation__status=CANCELLED)
        .values("literacy_class__operation_id", "literacy_class__level", "sex", "age_group")
        .annotate(enrolled=Sum("enrolled"), completed=Sum("completed"))
        .order_by()
    )
    classes = list(
        LiteracyClass.objects.filter(operation__campaign=campaign)
        .exclude(operation__status=CANCELLED)
        .annotate(has_lines=Exists(LiteracyHeadcount.objects.filter(literacy_class=OuterRef("pk"))))
        .values_list("operation_id", "has_lines")
    )
    by_id = {operation.pk: operation for operation in operations}
    total = Figures(key="total")
    communes: dict = {}
    programmes: dict = {}
    operators: dict = {}
    levels: dict = {}
    ages = {
        age.value: AgeRow(age.value, str(age.label), Figures(key=WOMEN), Figures(key=MEN), Figures(key=age.value))
        for age in AgeGroup
    }
    for operation in operations:
        operation.figures = Figures(key=operation.reference, label=operation.reference)
        operation.classes_without_headcount = 0
    for operation_id, has_lines in classes:
        if not has_lines:
            by_id[operation_id].classes_without_headcount += 1
    for row in counts:
        operation = by_id[row["literacy_class__operation_id"]]
        sex, enrolled, completed = row["sex"], row["enrolled"] or 0, row["completed"] or 0
        level = row["literacy_class__level"]
        targets = [
            total,
            operation.figures,
            communes.setdefault(
                operation.commune_id,
                Figures(str(operation.commune_id), operation.commune.name_fr, extra={"commune": operation.commune}),
            ),
            programmes.setdefault(
                operation.programme, Figures(operation.programme, str(operation.get_programme_display()))
            ),
            operators.setdefault(operation.operator_id, Figures(str(operation.operator_id), operation.operator.name)),
            levels.setdefault(level, Figures(level, str(LiteracyClass.Level(level).label))),
            ages[row["age_group"]].total,
            ages[row["age_group"]].women if sex == WOMEN else ages[row["age_group"]].men,
        ]
        for figures in targets:
            figures.add(sex, enrolled, completed)
    live = [operation for operation in operations if operation.status != CANCELLED]
    status_counts = dict.fromkeys(OperationStatus.values, 0)
    for operation in operations:
        status_counts[operation.status] += 1
    return CampaignFigures(
        campaign=campaign,
        total=total,
        operations=operations,
        by_commune=sorted(communes.values(), key=lambda f: f.label),
        by_programme=_table(programmes, LiteracyOperation.Programme.values),
        by_operator=sorted(operators.values(), key=lambda f: f.label),
        by_level=_table(levels, LiteracyClass.Level.values),
        by_age=[ages[age] for age in AgeGroup.values],
        class_count=sum(operation.class_count for operation in live),
        classes_without_headcount=sum(1 for _op, has_lines in classes if not has_lines),
        operation_counts=status_counts,
    )


# --- The service's space and home page --------------------------------------------------------------------------
def current_campaign() -> LiteracyCampaign | None:
    """The campaign en cours (the latest if several), else the latest one."""
    return (
        LiteracyCampaign.objects.annotate(running=Count("pk", filter=Q(status=CampaignStatus.IN_PROGRESS)))
        .order_by("-running", "-start_year")
        .first()
    )


def space_counts(campaign: LiteracyCampaign | None) -> dict:
    """The space's and home page's figures: operations en cours and overdue (all campaigns), and for ``campaign``
    its learners and its classes with no headcount yet; three queries."""
    today = timezone.localdate()
    counts = LiteracyOperation.objects.aggregate(
        in_progress=Count("pk", filter=Q(status=OperationStatus.IN_PROGRESS)),
        overdue=Count("pk", filter=Q(status=OperationStatus.IN_PROGRESS, end_on__lt=today)),
    )
    if campaign is None:
        return {**counts, "without_headcount": 0, "enrolled": 0, "completed": 0, "enrolled_women": 0}
    learners = (
        LiteracyHeadcount.objects.filter(literacy_class__operation__campaign=campaign)
        .exclude(literacy_class__operation__status=CANCELLED)
        .aggregate(
            all_enrolled=Coalesce(Sum("enrolled"), 0),
            all_completed=Coalesce(Sum("completed"), 0),
            women_enrolled=Coalesce(Sum("enrolled", filter=Q(sex=WOMEN)), 0),
        )
    )
    counts["enrolled"] = learners["all_enrolled"]
    counts["completed"] = learners["all_completed"]
    counts["enrolled_women"] = learners["women_enrolled"]
    counts["without_headcount"] = (
        LiteracyClass.objects.filter(operation__campaign=campaign, headcounts__isnull=True)
        .exclude(operation__status=CANCELLED)
        .count()
    )
    return counts
