"""Reads of the provinces area: our own prefecture, the counterparts with their main contact and figures, the joint
projects with their shares' totals, the coordination meetings and the actions decided, with the late rule.

An action is late (late_q, is_late: the one definition) when it is still open and its due date has passed.
``home_province`` is the prefecture the division belongs to; other areas may import it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DecimalField,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from coordination.models import (
    CoordinationAction,
    CoordinationMeeting,
    Counterpart,
    CounterpartContact,
    JointProject,
    JointProjectShare,
)
from das.models import Province

ZERO = Decimal("0.00")
MONEY_OUTPUT = DecimalField(max_digits=16, decimal_places=2)
ProjectStatus = JointProject.Status
MeetingStatus = CoordinationMeeting.Status
ActionStatus = CoordinationAction.Status
OPEN_PROJECT_STATUSES = (ProjectStatus.PREPARATION, ProjectStatus.AGREED, ProjectStatus.IN_PROGRESS)


def home_province() -> Province | None:
    """The division's own prefecture: the province most communes point to (None while there is no commune)."""
    return (
        Province.objects.select_related("region")
        .annotate(commune_count=Count("communes"))
        .filter(commune_count__gt=0)
        .order_by("-commune_count", "pk")
        .first()
    )


# --- Counterparts ---------------------------------------------------------------------------------------------------
def _main_contact(field: str):
    return Subquery(
        CounterpartContact.objects.filter(counterpart=OuterRef("pk"), is_main=True).values(field)[:1],
        output_field=CharField(),
    )


def counterpart_list() -> QuerySet[Counterpart]:
    """Counterparts with their main contact (name, phone, e-mail), the joint projects they share and the date of the
    last coordination meeting held with them (one query)."""
    shared = (
        JointProjectShare.objects.filter(province=OuterRef("province_id"))
        .order_by()
        .values("province")
        .annotate(n=Count("joint_project", distinct=True))
        .values("n")
    )
    last_meeting = (
        CoordinationMeeting.objects.filter(provinces=OuterRef("province_id"), status=MeetingStatus.HELD)
        .order_by()
        .values("provinces")
        .annotate(last=Max("date"))
        .values("last")
    )
    return (
        Counterpart.objects.select_related("province")
        .annotate(
            main_name=_main_contact("full_name"),
            main_phone=_main_contact("phone"),
            main_email=_main_contact("email"),
            joint_project_count=Coalesce(Subquery(shared, output_field=IntegerField()), Value(0)),
            last_meeting_on=Subquery(last_meeting),
        )
        .order_by("province__name_fr")
    )


def counterpart_for_page(pk) -> Counterpart:
    return counterpart_list().prefetch_related("contacts").get(pk=pk)


def counterpart_projects(counterpart: Counterpart) -> list[JointProject]:
    return list(joint_project_list().filter(shares__province=counterpart.province_id).order_by("-pk").distinct())


def counterpart_meetings(counterpart: Counterpart) -> list[CoordinationMeeting]:
    return list(meeting_list().filter(provinces=counterpart.province_id).order_by("-date", "-pk"))


def other_provinces(home: Province | None = None) -> QuerySet[Province]:
    """Provinces a counterpart may stand for: any but ours, none already a counterpart."""
    home = home if home is not None else home_province()
    provinces = Province.objects.filter(counterpart__isnull=True).order_by("name_fr")
    return provinces.exclude(pk=home.pk) if home else provinces


# --- Joint projects -------------------------------------------------------------------------------------------------
def _shares_sum(**filters):
    return Coalesce(
        Subquery(
            JointProjectShare.objects.filter(joint_project=OuterRef("pk"), **filters)
            .order_by()
            .values("joint_project")
            .annotate(total=Sum("amount"))
            .values("total"),
            output_field=MONEY_OUTPUT,
        ),
        Value(ZERO),
        output_field=MONEY_OUTPUT,
    )


def joint_project_list(home: Province | None = None) -> QuerySet[JointProject]:
    """Joint projects with the total of their shares, our own share, and how many provinces share them."""
    home_pk = home.pk if home is not None else getattr(home_province(), "pk", None)
    provinces = (
        JointProjectShare.objects.filter(joint_project=OuterRef("pk"))
        .order_by()
        .values("joint_project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        JointProject.objects.select_related("programme", "lead_province")
        .annotate(
            shares_total=_shares_sum(),
            our_share=_shares_sum(province_id=home_pk),
            province_count=Coalesce(Subquery(provinces, output_field=IntegerField()), Value(0)),
        )
        .order_by("-pk")
    )


@dataclass
class SharesSummary:
    shares: list
    total: Decimal
    remaining: Decimal
    percent: Decimal  # of the total cost, distributed

    @property
    def complete(self) -> bool:
        return self.remaining == 0


def percent_of(amount: Decimal, total: Decimal) -> Decimal:
    if not total:
        return Decimal("0.0")
    return (Decimal(amount) * 100 / Decimal(total)).quantize(Decimal("0.1"))


def shares_summary(project: JointProject) -> SharesSummary:
    """The shares table: each share with its % of the total cost, the total distributed and « reste à répartir »."""
    shares = list(project.shares.select_related("province", "project").order_by("-amount", "pk"))
    total = sum((share.amount for share in shares), ZERO)
    for share in shares:
        share.percent = percent_of(share.amount, project.total_cost)
    return SharesSummary(
        shares=shares,
        total=total,
        remaining=project.total_cost - total,
        percent=percent_of(total, project.total_cost),
    )


def joint_project_for_page(pk) -> JointProject:
    meetings = Prefetch("meetings", queryset=CoordinationMeeting.objects.order_by("-date", "-pk"))
    return joint_project_list().prefetch_related(meetings).get(pk=pk)


# --- Meetings and actions -------------------------------------------------------------------------------------------
def late_q(today: datetime.date | None = None) -> Q:
    """The late rule as a filter: open, and the due date passed."""
    return Q(status=ActionStatus.OPEN, due_on__lt=today or timezone.localdate())


def is_late(action: CoordinationAction, today: datetime.date | None = None) -> bool:
    return action.status == ActionStatus.OPEN and action.due_on < (today or timezone.localdate())


def minutes_due_q(today: datetime.date | None = None) -> Q:
    """Planned meetings whose date has passed: their minutes are to be written (« PV à établir »)."""
    return Q(status=MeetingStatus.PLANNED, date__lt=today or timezone.localdate())


def meeting_list(today: datetime.date | None = None) -> QuerySet[CoordinationMeeting]:
    """Meetings with their host, their actions (count, open, late) and whether their minutes are due (one query)."""
    today = today or timezone.localdate()
    return (
        CoordinationMeeting.objects.select_related("host_province")
        .annotate(
            action_count=Count("actions", distinct=True),
            open_actions=Count("actions", filter=Q(actions__status=ActionStatus.OPEN), distinct=True),
            late_actions=Count(
                "actions",
                filter=Q(actions__status=ActionStatus.OPEN, actions__due_on__lt=today),
                distinct=True,
            ),
            minutes_due=Case(
                When(minutes_due_q(today), then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
        )
        .order_by("-date", "-pk")
    )


def meeting_for_page(pk) -> CoordinationMeeting:
    actions = Prefetch("actions", queryset=action_list().order_by("due_on", "pk"))
    provinces = Prefetch("provinces", queryset=Province.objects.order_by("name_fr"))
    joint_projects = Prefetch("joint_projects", queryset=JointProject.objects.order_by("-pk"))
    return meeting_list().prefetch_related(provinces, joint_projects, actions).get(pk=pk)


def action_list(today: datetime.date | None = None) -> QuerySet[CoordinationAction]:
    """Actions decided in the meetings, with their meeting, the province in charge and ``is_late`` (one query)."""
    return (
        CoordinationAction.objects.select_related("meeting", "responsible_province")
        .annotate(
            is_late=Case(When(late_q(today), then=Value(True)), default=Value(False), output_field=BooleanField())
        )
        .order_by("due_on", "pk")
    )


def action_for_page(pk) -> CoordinationAction:
    return action_list().get(pk=pk)


# --- Figures --------------------------------------------------------------------------------------------------------
def area_counts(today: datetime.date | None = None) -> dict:
    """The area's figures for the service's space and the home page (four queries, whatever the data)."""
    today = today or timezone.localdate()
    home = home_province()
    counts = {"counterparts": Counterpart.objects.filter(is_active=True).count()}
    projects = JointProject.objects.aggregate(
        in_progress=Count("pk", filter=Q(status=ProjectStatus.IN_PROGRESS)),
        open=Count("pk", filter=Q(status__in=OPEN_PROJECT_STATUSES)),
    )
    counts.update(projects)
    counts["our_share"] = JointProjectShare.objects.filter(
        joint_project__status=ProjectStatus.IN_PROGRESS, province=home
    ).aggregate(total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY_OUTPUT))["total"]
    counts.update(
        CoordinationAction.objects.aggregate(
            open_actions=Count("pk", filter=Q(status=ActionStatus.OPEN)),
            late_actions=Count("pk", filter=late_q(today)),
        )
    )
    counts["next_meeting"] = (
        CoordinationMeeting.objects.filter(status=MeetingStatus.PLANNED, date__gte=today).order_by("date", "pk").first()
    )
    counts["minutes_due"] = CoordinationMeeting.objects.filter(minutes_due_q(today)).count()
    return counts
