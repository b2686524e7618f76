"""Reads of the committees app: lists, pages, the composition check, the secretariat's home."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import agenda
from committees.models import AgendaItem, Attendance, Committee, Decision, DecisionAction, Feedback, Meeting, Member
from das.formatting import format_number


def committee_list() -> QuerySet[Committee]:
    today = timezone.localdate()
    sitting = Q(members__term_start__lte=today) & (Q(members__term_end__isnull=True) | Q(members__term_end__gte=today))
    return Committee.objects.select_related("commune").annotate(
        sitting_count=Count("members", filter=sitting, distinct=True),
        meeting_count=Count("meetings", distinct=True),
    )


def member_list() -> QuerySet[Member]:
    return Member.objects.select_related("committee")


@dataclass
class Composition:
    sitting: int
    women: int
    youth: int
    voting: int
    warnings: list[str] = field(default_factory=list)

    @staticmethod
    def percent(part: int, whole: int) -> Decimal:
        if not whole:
            return Decimal("0")
        return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def women_percent(self) -> Decimal:
        return self.percent(self.women, self.sitting)

    @property
    def youth_percent(self) -> Decimal:
        return self.percent(self.youth, self.sitting)


def composition(committee: Committee, members, day=None) -> Composition:
    """The committee's sitting members against its composition rules (phase III for the CPDH)."""
    day = day or timezone.localdate()
    sitting = [m for m in members if m.sits_on(day)]
    result = Composition(
        sitting=len(sitting),
        women=sum(1 for m in sitting if m.sex == Member.Sex.WOMAN),
        youth=sum(1 for m in sitting if m.age_group == Member.AgeGroup.YOUNG),
        voting=sum(1 for m in sitting if m.is_voting),
    )
    if committee.max_members is not None and result.sitting > committee.max_members:
        result.warnings.append(
            _("%(count)s membres siègent : le maximum est de %(max)s.")
            % {"count": result.sitting, "max": committee.max_members}
        )
    if committee.min_women_percent is not None and result.women_percent < committee.min_women_percent:
        result.warnings.append(
            _("Femmes : %(actual)s %% des membres, en dessous du minimum de %(min)s %%.")
            % {"actual": format_number(result.women_percent), "min": format_number(committee.min_women_percent)}
        )
    if committee.min_youth_percent is not None and result.youth_percent < committee.min_youth_percent:
        result.warnings.append(
            _("Jeunes : %(actual)s %% des membres, en dessous du minimum de %(min)s %%.")
            % {"actual": format_number(result.youth_percent), "min": format_number(committee.min_youth_percent)}
        )
    return result


def meeting_list() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("committee", "chair").annotate(
        item_count=Count("items", distinct=True),
        decided_count=Count("items__decision", distinct=True),
    )


def meeting_page(pk) -> Meeting:
    """A meeting with its committee's members, its attendance and its items with their decisions and actions."""
    return (
        Meeting.objects.select_related("committee__commune", "chair", "signed_minutes")
        .prefetch_related(
            "committee__members",
            Prefetch("attendances", queryset=Attendance.objects.select_related("member")),
            Prefetch(
                "items",
                queryset=AgendaItem.objects.select_related("decision__recorded_by").prefetch_related(
                    "decision__actions", "decision__rectifications__made_by"
                ),
            ),
        )
        .get(pk=pk)
    )


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's items (prefetched by meeting_page) with their linked records loaded, one query per kind."""
    return agenda.attach_records(meeting.items.all())


def decision_of(item: AgendaItem) -> Decision | None:
    try:
        return item.decision
    except Decision.DoesNotExist:
        return None


def action_list() -> QuerySet[DecisionAction]:
    return DecisionAction.objects.select_related("decision__item__meeting__committee")


def late_actions() -> QuerySet[DecisionAction]:
    return action_list().filter(status=DecisionAction.Status.OPEN, due_on__lt=timezone.localdate())


def feedback_list() -> QuerySet[Feedback]:
    return Feedback.objects.select_related("commune", "project", "answered_by")


def late_feedback() -> QuerySet[Feedback]:
    return feedback_list().filter(
        status__in=[Feedback.Status.RECEIVED, Feedback.Status.ROUTED], answer_due_on__lt=timezone.localdate()
    )


def next_meetings() -> QuerySet[Meeting]:
    return (
        meeting_list()
        .filter(status__in=[Meeting.Status.PLANNED, Meeting.Status.CONVENED], date__gte=timezone.localdate())
        .order_by("date", "time")
    )
