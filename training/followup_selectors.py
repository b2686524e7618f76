"""The follow-up of the training plan: planned vs done per action, people trained, hours, cost vs budget, needs.

Every figure of the follow-up page, its PDF, its Excel file, the service's space page and the home cards is computed
here, once, with the definitions below (DEFINITIONS, repeated as the page's legend). A fixed number of grouped queries
whatever the number of actions, sessions, participants or presences; the breakdowns are added up in Python.

Scope: the filters select **actions** — the actions of the year's plan, plus any action of another plan that has a
session starting in the year —, narrowed by the action's commune, target group (public cible) and module. Every
session figure then reads the sessions of those actions that **start in the year** (a session's period is its start
date). The needs read the needs of the year, narrowed by their commune, target group and (for a module) the themes the
module covers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from das.models import BudgetLine, Commune
from training.models import (
    ActorType,
    AgeGroup,
    Module,
    Need,
    NeedTheme,
    Participant,
    PlanAction,
    SessionDay,
    Sex,
    SupportRequest,
    TrainingPlan,
    TrainingSession,
)
from training.needs_selectors import NeedStatus, with_status

ZERO = Decimal("0")

# Need status (derived, never stored): the needs area's definition, the same on its pages and in the follow-up.
NEED_STATUSES = NeedStatus.choices

DEFINITIONS = [
    (
        _("Périmètre"),
        _(
            "Les actions du plan de l'année, et celles d'un autre plan dont une session commence dans l'année ; le "
            "filtre de commune retient les actions de cette commune, celui de type d'acteur les actions de ce public "
            "cible, celui de module les actions de ce module. Les sessions comptées sont celles de ces actions qui "
            "commencent dans l'année."
        ),
    ),
    (
        _("Session tenue"),
        _(
            "Une session au statut « tenue » ou « clôturée » ; les sessions planifiées ou annulées ne "
            "comptent ni dans les réalisations ni dans les coûts."
        ),
    ),
    (_("Présent"), _("Un participant est présent un jour quand sa présence à cette journée est enregistrée.")),
    (_("Participations"), _("Les participants d'une session tenue présents au moins un jour.")),
    (
        _("Personnes formées"),
        _(
            "Les personnes distinctes présentes au moins un jour à une session tenue du périmètre : une personne "
            "formée à plusieurs sessions compte une fois, dans chaque tableau de répartition comme au total."
        ),
    ),
    (_("Taux de réalisation"), _("Participations ÷ bénéficiaires prévus de l'action.")),
    (_("Heures-session"), _("La somme des heures des journées des sessions tenues.")),
    (_("Heures-personne"), _("La somme, sur les présences, des heures de la journée concernée.")),
    (_("Budget"), _("Le coût prévu des actions.")),
    (_("Coût réalisé"), _("La somme des coûts réels des sessions tenues.")),
    (_("Taux de consommation"), _("Coût réalisé ÷ budget.")),
    (
        _("Statut d'un besoin"),
        _(
            "Ouvert : aucune action d'un plan n'y répond ; planifié : une action y répond mais aucune de ces actions "
            "n'a de session tenue ; couvert : l'une d'elles a une session tenue."
        ),
    ),
]


def rate(part, whole) -> Decimal | None:
    """part ÷ whole in percent (two decimals), None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class FollowupFilters:
    year: int
    commune: int | None = None
    actor_type: str = ""
    module: int | None = None

    def params(self) -> dict:
        params = {"annee": self.year}
        if self.commune:
            params["commune"] = self.commune
        if self.actor_type:
            params["acteur"] = self.actor_type
        if self.module:
            params["module"] = self.module
        return params

    def querystring(self) -> str:
        return urlencode(self.params())


@dataclass
class ActionRow:
    action: PlanAction
    sessions_planned: int
    sessions_held: int = 0
    sessions_scheduled: int = 0  # planifiée, not yet held
    sessions_cancelled: int = 0
    participants_planned: int = 0
    participations: int = 0
    person_hours: Decimal = ZERO
    session_hours: Decimal = ZERO
    budget: Decimal = ZERO
    cost_done: Decimal = ZERO

    @property
    def realisation_rate(self):
        return rate(self.participations, self.participants_planned)

    @property
    def consumption_rate(self):
        return rate(self.cost_done, self.budget)


@dataclass
class Breakdown:
    """Distinct people trained split by one attribute; ``rows`` are (key, label, count), their sum is ``total``."""

    title: str
    rows: list[tuple[str, str, int]]
    total: int


@dataclass
class ModuleHours:
    module: Module
    sessions_held: int = 0
    session_hours: Decimal = ZERO
    person_hours: Decimal = ZERO
    people: int = 0


@dataclass
class BudgetRow:
    line: BudgetLine
    actions: int = 0
    budget: Decimal = ZERO
    cost_done: Decimal = ZERO

    @property
    def consumption_rate(self):
        return rate(self.cost_done, self.budget)


@dataclass
class NeedRow:
    theme: NeedTheme
    counts: dict = field(default_factory=dict)  # status → (needs, people)

    def cells(self):
        return [self.counts.get(status, (0, 0)) for status, _label in NEED_STATUSES]

    @property
    def total(self):
        return (sum(n for n, _p in self.counts.values()), sum(p for _n, p in self.counts.values()))


@dataclass
class Followup:
    filters: FollowupFilters
    plan: TrainingPlan | None
    actions: list[ActionRow]
    totals: ActionRow
    people: int
    breakdowns: dict[str, Breakdown]
    modules: list[ModuleHours]
    budget_lines: list[BudgetRow]
    needs: list[NeedRow]
    need_totals: dict  # status → (needs, people), and "total"


def _actions(filters: FollowupFilters):
    in_year = TrainingSession.objects.filter(action=OuterRef("pk"), start_date__year=filters.year)
    actions = PlanAction.objects.filter(Q(plan__year=filters.year) | Q(Exists(in_year)))
    if filters.commune:
        actions = actions.filter(commune_id=filters.commune)
    if filters.actor_type:
        actions = actions.filter(target_group=filters.actor_type)
    if filters.module:
        actions = actions.filter(module_id=filters.module)
    return actions


def _sessions(filters: FollowupFilters):
    return TrainingSession.objects.filter(
        action__in=_actions(filters).values("pk"), start_date__year=filters.year
    ).order_by()


def _present(filters: FollowupFilters):
    """Participants present at least one day in a held session of the scope (one row each, with their hours)."""
    held = _sessions(filters).held()
    return (
        Participant.objects.trained()
        .filter(session__in=held.values("pk"))
        .order_by()
        .values(
            "pk",
            "session__action_id",
            "person_id",
            "person__sex",
            "person__age_group",
            "person__actor_type",
            "person__commune_id",
        )
        .annotate(hours=Sum("presences__day__hours"))
    )


def _breakdown(title, people: dict, attribute: str, choices) -> Breakdown:
    counts = Counter(person[attribute] for person in people.values())
    rows = [(key, str(label), counts.pop(key, 0)) for key, label in choices]
    rows += [(key, str(key) if key else str(_("Non renseigné")), n) for key, n in sorted(counts.items(), key=str)]
    return Breakdown(str(title), rows, sum(n for _k, _l, n in rows))


def followup(filters: FollowupFilters) -> Followup:
    """Every figure of the follow-up, in nine queries whatever the data."""
    plan = TrainingPlan.objects.filter(year=filters.year).first()
    actions = list(
        _actions(filters).select_related("plan", "module", "budget_line", "commune").order_by("plan__year", "number")
    )
    rows = {
        a.pk: ActionRow(
            action=a,
            sessions_planned=a.planned_sessions,
            participants_planned=a.planned_participants,
            budget=a.planned_cost,
        )
        for a in actions
    }
    session_action = {}
    for pk, action_id, status, cost in _sessions(filters).values_list("pk", "action_id", "status", "actual_cost"):
        row = rows[action_id]
        session_action[pk] = action_id
        if status in TrainingSession.HELD_STATUSES:
            row.sessions_held += 1
            row.cost_done += cost or ZERO
        elif status == TrainingSession.Status.PLANNED:
            row.sessions_scheduled += 1
        else:
            row.sessions_cancelled += 1
    hours = (
        SessionDay.objects.filter(session__in=_sessions(filters).held().values("pk"))
        .order_by()
        .values("session_id")
        .annotate(hours=Sum("hours"))
    )
    for line in hours:
        rows[session_action[line["session_id"]]].session_hours += line["hours"]

    people = {}
    people_by_action = defaultdict(set)
    for line in _present(filters):
        row = rows[line["session__action_id"]]
        row.participations += 1
        row.person_hours += line["hours"] or ZERO
        people[line["person_id"]] = line
        people_by_action[line["session__action_id"]].add(line["person_id"])

    communes = {c.pk: c for c in Commune.objects.filter(pk__in={p["person__commune_id"] for p in people.values()})}
    commune_choices = sorted(((pk, str(c)) for pk, c in communes.items()), key=lambda pair: pair[1])
    breakdowns = {
        "sex": _breakdown(_("Par sexe"), people, "person__sex", Sex.choices),
        "age": _breakdown(_("Par tranche d'âge"), people, "person__age_group", AgeGroup.choices),
        "commune": _breakdown(
            _("Par commune"), people, "person__commune_id", [*commune_choices, (None, _("Sans commune"))]
        ),
        "actor": _breakdown(_("Par type d'acteur"), people, "person__actor_type", ActorType.choices),
    }
    for key in ("commune", "actor"):  # the long lists keep the lines with someone only
        breakdowns[key].rows = [r for r in breakdowns[key].rows if r[2]]

    totals = ActionRow(action=None, sessions_planned=0)
    for row in rows.values():
        for name in (
            "sessions_planned",
            "sessions_held",
            "sessions_scheduled",
            "sessions_cancelled",
            "participants_planned",
            "participations",
            "person_hours",
            "session_hours",
            "budget",
            "cost_done",
        ):
            setattr(totals, name, getattr(totals, name) + getattr(row, name))

    modules: dict[int, ModuleHours] = {}
    module_people = defaultdict(set)
    lines: dict[int, BudgetRow] = {}
    for row in rows.values():
        action = row.action
        hours_row = modules.setdefault(action.module_id, ModuleHours(module=action.module))
        hours_row.sessions_held += row.sessions_held
        hours_row.session_hours += row.session_hours
        hours_row.person_hours += row.person_hours
        module_people[action.module_id] |= people_by_action[action.pk]
        line = lines.setdefault(action.budget_line_id, BudgetRow(line=action.budget_line))
        line.actions += 1
        line.budget += row.budget
        line.cost_done += row.cost_done
    for module_id, hours_row in modules.items():
        hours_row.people = len(module_people[module_id])

    needs, need_totals = _needs(filters)
    return Followup(
        filters=filters,
        plan=plan,
        actions=list(rows.values()),
        totals=totals,
        people=len(people),
        breakdowns=breakdowns,
        modules=sorted(modules.values(), key=lambda m: m.module.code),
        budget_lines=sorted(lines.values(), key=lambda b: b.line.code),
        needs=needs,
        need_totals=need_totals,
    )


def needs_with_status(filters: FollowupFilters | None = None, *, year: int | None = None):
    """The needs of the year (filtered) annotated with their ``status`` (needs_selectors.with_status)."""
    year = filters.year if filters else year
    needs = with_status(Need.objects.filter(year=year))
    if filters:
        if filters.commune:
            needs = needs.filter(commune_id=filters.commune)
        if filters.actor_type:
            needs = needs.filter(target_group=filters.actor_type)
        if filters.module:
            needs = needs.filter(theme__modules=filters.module)
    return needs.order_by()


def _needs(filters: FollowupFilters):
    rows: dict[int, NeedRow] = {}
    totals = {status: [0, 0] for status, _label in NEED_STATUSES}
    for need in needs_with_status(filters).select_related("theme"):
        status = need.status
        row = rows.setdefault(need.theme_id, NeedRow(theme=need.theme))
        count, people = row.counts.get(status, (0, 0))
        row.counts[status] = (count + 1, people + need.people_count)
        totals[status][0] += 1
        totals[status][1] += need.people_count
    need_totals = {status: tuple(pair) for status, pair in totals.items()}
    need_totals["total"] = (sum(p[0] for p in totals.values()), sum(p[1] for p in totals.values()))
    return sorted(rows.values(), key=lambda r: r.theme.code), need_totals


# --- Small figures for the space page and the home cards -------------------------------------------------------------


@dataclass
class KeyFigures:
    year: int
    plan: TrainingPlan | None
    sessions_held: int
    sessions_planned: int  # the plan's planned sessions (sum over its actions)
    sessions_scheduled: int
    people: int
    budget: Decimal
    cost_done: Decimal
    open_support_requests: int
    needs_open: int
    needs_total: int

    @property
    def consumption_rate(self):
        return rate(self.cost_done, self.budget)


def key_figures(year: int | None = None) -> KeyFigures:
    """This year's headline figures (same definitions as the follow-up), in six queries."""
    year = year or timezone.localdate().year
    filters = FollowupFilters(year=year)
    plan = TrainingPlan.objects.filter(year=year).first()
    actions = _actions(filters).order_by().aggregate(sessions=Sum("planned_sessions"), budget=Sum("planned_cost"))
    sessions = _sessions(filters).aggregate(
        held=Count("pk", filter=Q(status__in=TrainingSession.HELD_STATUSES)),
        scheduled=Count("pk", filter=Q(status=TrainingSession.Status.PLANNED)),
        cost=Sum("actual_cost", filter=Q(status__in=TrainingSession.HELD_STATUSES)),
    )
    people = (
        Participant.objects.trained()
        .filter(session__in=_sessions(filters).held().values("pk"))
        .order_by()
        .aggregate(n=Count("person_id", distinct=True))["n"]
    )
    needs = needs_with_status(year=year).aggregate(
        total=Count("pk"), open=Count("pk", filter=Q(status=NeedStatus.OPEN))
    )
    # Every request not yet closed (answered ones included): the card's « demandes d'appui non clôturées ».
    open_requests = SupportRequest.objects.filter(status__in=SupportRequest.NOT_CLOSED_STATUSES).count()
    return KeyFigures(
        year=year,
        plan=plan,
        sessions_held=sessions["held"],
        sessions_planned=actions["sessions"] or 0,
        sessions_scheduled=sessions["scheduled"],
        people=people,
        budget=actions["budget"] or ZERO,
        cost_done=sessions["cost"] or ZERO,
        open_support_requests=open_requests,
        needs_open=needs["open"],
        needs_total=needs["total"],
    )


def filter_choices() -> dict:
    """The filter form's choices: the plans' years, the communes, the modules (three queries)."""
    years = set(TrainingPlan.objects.values_list("year", flat=True))
    years.add(timezone.localdate().year)
    return {
        "years": sorted(years, reverse=True),
        "communes": list(Commune.objects.order_by("name_fr")),
        "modules": list(Module.objects.order_by("code")),
    }
