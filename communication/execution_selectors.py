"""Reads of the execution area: an action with its realisation for the pages, and the plan's execution report
(planned vs done, participants, reach, cost vs budget) shared by the HTML page, the PDF and the Excel workbook.

The report's figures are defined once here (DEFINITIONS): every page and document shows them as a legend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from communication.models import (
    ActionRealisation,
    Audience,
    CommunicationAction,
    CommunicationPlan,
    RealisationAttendance,
)

ZERO = Decimal("0")
Status = CommunicationAction.Status

# Face-to-face actions count the people in the room; the others (radio, publication, posters, social media…) may
# count nobody in a room but must then give an estimate of the people reached.
FACE_TO_FACE_KINDS = frozenset(
    {
        CommunicationAction.Kind.CARAVAN,
        CommunicationAction.Kind.WORKSHOP,
        CommunicationAction.Kind.INFO_MEETING,
        CommunicationAction.Kind.OPEN_DAY,
        CommunicationAction.Kind.INAUGURATION,
        CommunicationAction.Kind.EXHIBITION,
    }
)

DEFINITIONS = [
    (
        _("Participants"),
        _("Personnes comptées présentes lors de l'action (femmes + hommes), tous types de participants confondus."),
    ),
    (
        _("Portée atteinte"),
        _(
            "Participants comptés + portée estimée au-delà de la salle (auditeurs, lecteurs, vues sur les réseaux "
            "sociaux), saisie comme une estimation."
        ),
    ),
    (
        _("Portée attendue"),
        _("Nombre de personnes que le plan prévoyait d'atteindre, toutes actions du plan comprises (annulées aussi)."),
    ),
    (
        _("Taux de réalisation"),
        _("Actions réalisées ÷ actions programmées au plan (les actions annulées restent au dénominateur)."),
    ),
    (
        _("Taux de consommation"),
        _("Coût réel des actions réalisées ÷ budget prévu de toutes les actions du plan (annulées comprises)."),
    ),
]


def rate(part, whole) -> Decimal | None:
    """A percentage with one decimal, or None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


# --- An action and its realisation -----------------------------------------------------------------------------------
def action_for_realisation(pk) -> CommunicationAction:
    """The action with its plan, its commune and budget line and its realisation (or none): one query."""
    return CommunicationAction.objects.select_related(
        "plan",
        "commune",
        "budget_line",
        "responsible",
        "realisation",
        "realisation__commune",
        "realisation__recorded_by",
    ).get(pk=pk)


def realisation_for_page(action: CommunicationAction) -> ActionRealisation | None:
    """The realisation with its attendance, partners, press and photos prefetched (four queries more)."""
    try:
        realisation = action.realisation
    except ActionRealisation.DoesNotExist:
        return None
    return (
        ActionRealisation.objects.select_related("commune", "recorded_by")
        .prefetch_related("attendance", "partners", "press", Prefetch("photos", queryset=_photos_queryset()))
        .get(pk=realisation.pk)
    )


def _photos_queryset():
    from communication.models import RealisationPhoto

    return RealisationPhoto.objects.select_related("attachment").order_by("pk")


@dataclass
class Attendance:
    label: str
    women: int = 0
    men: int = 0
    key: str = ""

    @property
    def total(self) -> int:
        return self.women + self.men


def attendance_table(realisation: ActionRealisation) -> tuple[list[Attendance], Attendance]:
    """Rows by type of participant (in the order of the choices) and their total, from the prefetched rows."""
    labels = dict(Audience.choices)
    rows = [
        Attendance(str(labels.get(row.audience, row.audience)), row.women, row.men, row.audience)
        for row in sorted(realisation.attendance.all(), key=lambda r: list(labels).index(r.audience))
    ]
    total = Attendance(str(_("Total")), sum(r.women for r in rows), sum(r.men for r in rows))
    return rows, total


# --- The execution report --------------------------------------------------------------------------------------------
@dataclass
class ActionLine:
    action: CommunicationAction
    realisation: ActionRealisation | None
    women: int = 0
    men: int = 0
    estimated_reach: int = 0
    cost: Decimal = ZERO
    press: int = 0

    @property
    def participants(self) -> int:
        return self.women + self.men

    @property
    def reached(self) -> int:
        return self.participants + self.estimated_reach

    @property
    def consumption(self) -> Decimal | None:
        return rate(self.cost, self.action.planned_budget) if self.realisation else None

    @property
    def done_on(self):
        return self.realisation.carried_out_on if self.realisation else None


@dataclass
class Group:
    """Totals of the actions sharing a budget line, a type or a commune."""

    key: str
    label: str
    actions: int = 0
    done: int = 0
    cancelled: int = 0
    participants: int = 0
    expected_reach: int = 0
    reached: int = 0
    budget: Decimal = ZERO
    cost: Decimal = ZERO

    def add(self, line: ActionLine) -> None:
        self.actions += 1
        self.done += line.action.status == Status.DONE
        self.cancelled += line.action.status == Status.CANCELLED
        self.participants += line.participants
        self.expected_reach += line.action.expected_reach
        self.reached += line.reached
        self.budget += line.action.planned_budget
        self.cost += line.cost

    @property
    def realisation_rate(self) -> Decimal | None:
        return rate(self.done, self.actions)

    @property
    def consumption(self) -> Decimal | None:
        return rate(self.cost, self.budget)

    @property
    def reach_rate(self) -> Decimal | None:
        return rate(self.reached, self.expected_reach)


@dataclass
class ExecutionReport:
    plan: CommunicationPlan
    lines: list[ActionLine]
    total: Group
    pending: int = 0
    women: int = 0
    men: int = 0
    press: int = 0
    by_audience: list[Attendance] = field(default_factory=list)
    by_budget_line: list[Group] = field(default_factory=list)
    by_kind: list[Group] = field(default_factory=list)
    by_commune: list[Group] = field(default_factory=list)

    @property
    def participants(self) -> int:
        return self.women + self.men

    @property
    def estimated_reach(self) -> int:
        return sum(line.estimated_reach for line in self.lines)


def report_actions(plan: CommunicationPlan):
    """The plan's actions with what the report reads: three queries whatever the plan's size."""
    return (
        plan.actions.select_related("commune", "budget_line", "realisation", "realisation__commune")
        .prefetch_related(
            Prefetch("realisation__attendance", queryset=RealisationAttendance.objects.order_by("audience")),
            "realisation__press",
        )
        .order_by("number")
    )


def execution_report(plan: CommunicationPlan) -> ExecutionReport:
    audience_labels = dict(Audience.choices)
    kind_labels = dict(CommunicationAction.Kind.choices)
    lines = []
    by_audience: dict[str, Attendance] = {}
    by_line: dict[str, Group] = {}
    by_kind: dict[str, Group] = {}
    by_commune: dict[str, Group] = {}
    total = Group("", str(_("Total")))
    for action in report_actions(plan):
        realisation = getattr(action, "realisation", None) if action.status == Status.DONE else None
        line = ActionLine(action, realisation)
        if realisation is not None:
            for row in realisation.attendance.all():
                line.women += row.women
                line.men += row.men
                entry = by_audience.setdefault(
                    row.audience, Attendance(str(audience_labels[row.audience]), key=row.audience)
                )
                entry.women += row.women
                entry.men += row.men
            line.estimated_reach = realisation.reach
            line.cost = realisation.actual_cost
            line.press = len(realisation.press.all())
        lines.append(line)
        total.add(line)
        budget_line = action.budget_line
        key = budget_line.code if budget_line else ""
        label = str(budget_line) if budget_line else str(_("Sans rubrique"))
        by_line.setdefault(key, Group(key, label)).add(line)
        by_kind.setdefault(action.kind, Group(action.kind, str(kind_labels[action.kind]))).add(line)
        commune = (realisation.commune if realisation and realisation.commune_id else None) or action.commune
        key = str(commune.pk) if commune else ""
        label = commune.name_fr if commune else str(_("Toute la préfecture"))
        by_commune.setdefault(key, Group(key, label)).add(line)
    order = list(audience_labels)
    return ExecutionReport(
        plan=plan,
        lines=lines,
        total=total,
        pending=sum(1 for line in lines if line.action.status == Status.PLANNED),
        women=sum(line.women for line in lines),
        men=sum(line.men for line in lines),
        press=sum(line.press for line in lines),
        by_audience=[by_audience[key] for key in sorted(by_audience, key=order.index)],
        by_budget_line=sorted(by_line.values(), key=lambda g: (g.key == "", g.label)),
        by_kind=sorted(by_kind.values(), key=lambda g: list(kind_labels).index(g.key)),
        by_commune=sorted(by_commune.values(), key=lambda g: (g.key == "", g.label)),
    )
