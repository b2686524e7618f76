"""Reads of the needs area: needs with their derived status, the yearly analysis, the catalogue and the curricula.

A need's status is never stored; it follows from the plan actions that answer it (PlanAction.needs):
``ouvert`` when none does, ``planifié`` when one does but none of them has a held session (tenue or clôturée),
``couvert`` when one of them has. Every page, export and figure reads it through ``with_status``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Sum, Value, When
from django.utils.translation import gettext_lazy as _

from training.models import ActorType, Curriculum, CurriculumModule, Module, Need, NeedTheme, PlanAction
from training.models.sessions import TrainingSession


class NeedStatus(models.TextChoices):
    OPEN = "ouvert", _("Ouvert")
    PLANNED = "planifie", _("Planifié")
    COVERED = "couvert", _("Couvert")


STATUS_BADGES = {NeedStatus.OPEN: "warning", NeedStatus.PLANNED: "info", NeedStatus.COVERED: "success"}


def status_expression():
    answered = Exists(PlanAction.needs.through.objects.filter(need_id=OuterRef("pk")))
    covered = Exists(TrainingSession.objects.held().filter(action__needs=OuterRef("pk")))
    return Case(
        When(covered, then=Value(NeedStatus.COVERED.value)),
        When(answered, then=Value(NeedStatus.PLANNED.value)),
        default=Value(NeedStatus.OPEN.value),
        output_field=models.CharField(),
    )


def with_status(queryset):
    return queryset.annotate(status=status_expression())


def status_label(value: str) -> str:
    return str(NeedStatus(value).label)


def needs_list():
    """The needs with what a list, an export or a filter reads: one query whatever their number."""
    return with_status(
        Need.objects.select_related("theme", "team", "committee", "commune", "recorded_by").order_by(
            "-year", "priority", "theme__code", "pk"
        )
    )


def need_years() -> list[int]:
    return sorted(set(Need.objects.values_list("year", flat=True).distinct()), reverse=True)


def need_detail(pk: int):
    """The need with its status and the plan actions answering it, each with its count of held sessions."""
    need = needs_list().get(pk=pk)
    actions = (
        PlanAction.objects.filter(needs=need)
        .select_related("plan", "module")
        .annotate(
            sessions_total=Count("sessions", distinct=True),
            sessions_held=Count(
                "sessions", filter=Q(sessions__status__in=TrainingSession.HELD_STATUSES), distinct=True
            ),
        )
        .order_by("-plan__year", "number")
    )
    return need, list(actions)


# --- The yearly analysis ---------------------------------------------------------------------------------------------


@dataclass
class Group:
    """The needs of one theme (or the year's total, ``theme`` None)."""

    theme: NeedTheme | None
    needs: int = 0
    people: int = 0
    by_priority: Counter = field(default_factory=Counter)
    by_source: Counter = field(default_factory=Counter)
    by_target: Counter = field(default_factory=Counter)
    by_status: Counter = field(default_factory=Counter)
    people_by_status: Counter = field(default_factory=Counter)

    def add(self, row) -> None:
        count, people = row["needs"], row["people"] or 0
        self.needs += count
        self.people += people
        self.by_priority[row["priority"]] += count
        self.by_source[row["source"]] += count
        self.by_target[row["target_group"]] += count
        self.by_status[row["status"]] += count
        self.people_by_status[row["status"]] += people


@dataclass
class Analysis:
    year: int
    groups: list[Group]
    total: Group
    priorities: list[tuple[str, str]]
    sources: list[tuple[str, str]]
    targets: list[tuple[str, str]]  # only the target groups that have needs this year
    statuses: list[tuple[str, str]]

    @property
    def theme_rows(self):
        """(group, [(status, count)…]) per theme: the summary table's rows."""
        return [(group, [(value, group.by_status[value]) for value, _label in self.statuses]) for group in self.groups]

    @property
    def status_totals(self):
        return [(value, label, self.total.by_status[value]) for value, label in self.statuses]

    def rows(self, dimension: str):
        """(group, [count per value of the dimension]) for the groups, then the total."""
        values = [value for value, _label in getattr(self, dimension)]
        counter = {
            "priorities": "by_priority",
            "sources": "by_source",
            "targets": "by_target",
            "statuses": "by_status",
        }[dimension]
        return [(group, [getattr(group, counter)[value] for value in values]) for group in self.groups]

    def totals(self, dimension: str):
        counter = {
            "priorities": "by_priority",
            "sources": "by_source",
            "targets": "by_target",
            "statuses": "by_status",
        }[dimension]
        return [getattr(self.total, counter)[value] for value, _label in getattr(self, dimension)]


def analysis(year: int) -> Analysis:
    """The year's needs grouped by theme: two queries (the grouped figures, the themes), whatever the number of
    needs. The status of each need is the same derived status as on the list."""
    rows = (
        with_status(Need.objects.filter(year=year))
        .values("theme_id", "priority", "source", "target_group", "status")
        .annotate(needs=Count("pk"), people=Sum("people_count"))
        .order_by()
    )
    by_theme: dict[int, Group] = {}
    total = Group(theme=None)
    raw = list(rows)
    themes = NeedTheme.objects.in_bulk({row["theme_id"] for row in raw})
    for row in raw:
        group = by_theme.get(row["theme_id"])
        if group is None:
            group = by_theme[row["theme_id"]] = Group(theme=themes[row["theme_id"]])
        group.add(row)
        total.add(row)
    groups = sorted(by_theme.values(), key=lambda group: group.theme.code)
    present_targets = set(total.by_target)
    return Analysis(
        year=year,
        groups=groups,
        total=total,
        priorities=list(Need.Priority.choices),
        sources=[choice for choice in Need.Source.choices if choice[0] in set(total.by_source)],
        targets=[choice for choice in ActorType.choices if choice[0] in present_targets],
        statuses=list(NeedStatus.choices),
    )


# --- Catalogue -------------------------------------------------------------------------------------------------------


def modules_list():
    return Module.objects.prefetch_related("themes").annotate(
        prerequisite_count=Count("prerequisites", distinct=True),
        curriculum_count=Count("curricula", distinct=True),
    )


def module_detail(pk: int):
    """The module with its prerequisites, the modules requiring it, the curricula containing it and the plan
    actions using it: a fixed number of queries."""
    module = Module.objects.prefetch_related(
        "themes",
        Prefetch("prerequisites", queryset=Module.objects.order_by("code")),
        Prefetch("required_by", queryset=Module.objects.order_by("code")),
        Prefetch("curricula", queryset=Curriculum.objects.order_by("code")),
    ).get(pk=pk)
    actions = list(
        PlanAction.objects.filter(module=module)
        .select_related("plan", "commune")
        .annotate(sessions_held=Count("sessions", filter=Q(sessions__status__in=TrainingSession.HELD_STATUSES)))
        .order_by("-plan__year", "number")
    )
    return module, actions


def target_labels(groups) -> list[str]:
    labels = dict(ActorType.choices)
    return [str(labels.get(group, group)) for group in groups]


@dataclass
class Step:
    step: CurriculumModule
    module: Module
    missing: list[Module]  # prerequisites not placed earlier in the curriculum


@dataclass
class CurriculumView:
    curriculum: Curriculum
    steps: list[Step]
    hours: Decimal
    days: int

    @property
    def warnings(self) -> list[Step]:
        return [step for step in self.steps if step.missing]


def curriculum_detail(pk: int) -> CurriculumView:
    """The curriculum's modules in order, with the prerequisites a module lacks before it and the total duration."""
    curriculum = Curriculum.objects.get(pk=pk)
    steps = list(
        curriculum.steps.select_related("module")
        .prefetch_related(Prefetch("module__prerequisites", queryset=Module.objects.order_by("code")))
        .order_by("position")
    )
    seen: set[int] = set()
    built = []
    for step in steps:
        missing = [other for other in step.module.prerequisites.all() if other.pk not in seen]
        built.append(Step(step=step, module=step.module, missing=missing))
        seen.add(step.module_id)
    hours = sum((step.module.duration_hours for step in steps), Decimal("0"))
    days = sum(step.module.duration_days for step in steps)
    return CurriculumView(curriculum=curriculum, steps=built, hours=hours, days=days)


def curricula_list():
    return Curriculum.objects.annotate(
        module_count=Count("steps", distinct=True), hours=Sum("steps__module__duration_hours")
    )


def themes_list():
    return NeedTheme.objects.annotate(
        need_count=Count("needs", distinct=True), module_count=Count("modules", distinct=True)
    ).order_by("code")


def theme_detail(pk: int):
    theme = NeedTheme.objects.get(pk=pk)
    years = list(
        with_status(Need.objects.filter(theme=theme))
        .values("year")
        .annotate(
            needs=Count("pk"),
            people=Sum("people_count"),
            open=Count("pk", filter=Q(status=NeedStatus.OPEN)),
        )
        .order_by("-year")
    )
    modules = list(theme.modules.order_by("code"))
    return theme, years, modules
