"""Reads of the people area: the register of people trained, each person's training history, the EAC/EAQ teams with
their composition and training status, the support requests, the committee members not yet registered.

Shared definitions (the same on every page, PDF and figure): a participant is present on a day when a Presence row
links them to that SessionDay; a session is held when its status is ``tenue`` or ``cloturee``. A person is
**trained** when present at least one day in a held session. A team's composition rule: at least
``MIN_MEMBERS`` active members (no leaving date) including at least one woman; its training status is ``formee`` when
every active member is trained, ``partielle`` when some are, ``non_formee`` otherwise (also with no active member).

Every function returns a queryset or a list built in a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Committee, Member
from training.matching import name_key
from training.models import (
    Participant,
    Person,
    Presence,
    SessionDay,
    Sex,
    SupportRequest,
    Team,
    TeamMember,
    TrainingSession,
)

ZERO = Value(Decimal("0"))
MIN_MEMBERS = 3
LATE_AFTER_DAYS = 30  # a support request still open after this many days is flagged
# Kept for training/views/people.py, which reads it: the model's SupportRequest.IN_PROGRESS_STATUSES.
OPEN_REQUESTS = SupportRequest.IN_PROGRESS_STATUSES
# Committees whose members the register shares, and the actor type each gives.
COMMITTEE_ACTOR_TYPES = {Committee.Kind.CLDH: "cldh", Committee.Kind.CPDH: "cpdh"}


class TrainingStatus:
    TRAINED = "formee"
    PARTIAL = "partielle"
    UNTRAINED = "non_formee"
    LABELS = {
        TRAINED: _("Formée"),
        PARTIAL: _("Partiellement formée"),
        UNTRAINED: _("Non formée"),
    }
    choices = list(LABELS.items())


def trained_person_q(person_ref="pk"):
    """Exists a presence of this person in a held session (``person_ref`` names the person in the outer query)."""
    return Exists(Participant.objects.trained().filter(person=OuterRef(person_ref)))


# --- The register ----------------------------------------------------------------------------------------------------


def person_list():
    """Every person of the register with what its list and exports show (one query)."""
    held_participations = Participant.objects.trained().filter(person=OuterRef("pk"))
    return (
        Person.objects.select_related("commune", "partner", "committee_member__committee")
        .annotate(
            sessions_attended=Coalesce(
                Subquery(
                    held_participations.order_by()
                    .values("person")
                    .annotate(n=Count("session", distinct=True))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
        .annotate(is_trained=ExpressionWrapper(Q(sessions_attended__gt=0), output_field=BooleanField()))
        .order_by("full_name", "pk")
    )


def person_detail(pk) -> Person:
    return Person.objects.select_related("commune", "partner", "committee_member__committee__commune").get(pk=pk)


@dataclass(frozen=True)
class Participation:
    participant: Participant
    session: TrainingSession
    days_present: int
    days_total: int
    hours_present: object
    hours_total: object

    @property
    def held(self) -> bool:
        return self.session.is_held

    @property
    def complete(self) -> bool:
        return self.days_total > 0 and self.days_present == self.days_total


def training_history(person) -> list[Participation]:
    """Every session the person was invited to, newest first, with days present over days and hours (one query)."""
    days = SessionDay.objects.filter(session=OuterRef("session")).order_by().values("session")
    presences = Presence.objects.filter(participant=OuterRef("pk")).order_by().values("participant")
    decimal = DecimalField(max_digits=8, decimal_places=1)
    rows = (
        Participant.objects.filter(person=person)
        .select_related("session__action__module", "session__action__plan", "session__commune")
        .annotate(
            days_total=Coalesce(Subquery(days.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0),
            hours_total=Coalesce(
                Subquery(days.annotate(h=Sum("hours")).values("h"), output_field=decimal), ZERO, output_field=decimal
            ),
            present_days=Coalesce(
                Subquery(presences.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
            ),
            hours_present=Coalesce(
                Subquery(presences.annotate(h=Sum("day__hours")).values("h"), output_field=decimal),
                ZERO,
                output_field=decimal,
            ),
        )
        .order_by("-session__start_date", "-session__pk")
    )
    return [
        Participation(row, row.session, row.present_days, row.days_total, row.hours_present, row.hours_total)
        for row in rows
    ]


def history_totals(history: list[Participation]) -> dict:
    held = [p for p in history if p.held and p.days_present]
    return {
        "sessions": len(held),
        "days": sum(p.days_present for p in held),
        "hours": sum((p.hours_present for p in held), 0),
        "certificates": sum(1 for p in history if p.participant.certificate_number),
    }


def person_memberships(person):
    return TeamMember.objects.filter(person=person).select_related("team__commune").order_by("-joined_on", "pk")


def normalize_phone(phone: str) -> str:
    """The phone as compared and stored: digits and a leading +, without spaces, dots or dashes."""
    phone = (phone or "").strip()
    digits = "".join(c for c in phone if c.isdigit())
    return ("+" + digits) if phone.startswith("+") and digits else digits


def normalize_cin(cin: str) -> str:
    return "".join((cin or "").split()).upper()


def person_duplicates(*, full_name: str, commune, phone: str = "", cin: str = "", exclude_pk=None) -> list[Person]:
    """Active people who may be the one being registered: the same name (training.matching.name_key) in the same
    commune, or the same phone, or the same CIN (one query)."""
    key = name_key(full_name)
    commune_id = getattr(commune, "pk", commune)
    match = Q(name_key=key, commune_id=commune_id) if commune_id else Q(name_key=key, commune__isnull=True)
    phone = normalize_phone(phone)
    if phone:
        match |= Q(phone=phone)
    cin = normalize_cin(cin)
    if cin:
        match |= Q(cin=cin)
    if not key and not phone and not cin:
        return []
    found = Person.objects.filter(match, is_active=True).select_related("commune")
    if exclude_pk:
        found = found.exclude(pk=exclude_pk)
    return list(found.order_by("full_name", "pk")[:20])


def duplicate_groups() -> list[list[Person]]:
    """Active people sharing a name key, grouped, each group in the order of registration (two queries at most)."""
    keys = (
        Person.objects.filter(is_active=True)
        .values("name_key")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("name_key")
    )
    people = person_list().filter(is_active=True, name_key__in=Subquery(keys)).order_by("name_key", "pk")
    groups: dict[str, list[Person]] = {}
    for person in people:
        groups.setdefault(person.name_key, []).append(person)
    return list(groups.values())


# --- Committee members -----------------------------------------------------------------------------------------------


@dataclass
class CandidateMember:
    member: Member
    matches: list  # active people with the same name key (in the committee's commune when it has one)

    @property
    def actor_type(self) -> str:
        return COMMITTEE_ACTOR_TYPES[self.member.committee.kind]


def committee_members_to_register(*, committee=None) -> list[CandidateMember]:
    """Members of the CLDH and CPDH (active committees, term not over) with no person in the register, each with the
    people of the register that bear the same name (two queries)."""
    today = timezone.localdate()
    members = (
        Member.objects.filter(
            committee__kind__in=list(COMMITTEE_ACTOR_TYPES),
            committee__is_active=True,
            trained_people__isnull=True,
        )
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
        .select_related("committee__commune")
        .order_by("committee__kind", "committee__name", "full_name", "pk")
    )
    if committee is not None:
        members = members.filter(committee=committee)
    members = list(members)
    keys = {name_key(m.full_name) for m in members}
    by_key: dict[str, list[Person]] = {}
    for person in Person.objects.filter(is_active=True, name_key__in=keys).select_related(
        "commune", "committee_member__committee"
    ):
        by_key.setdefault(person.name_key, []).append(person)
    candidates = []
    for member in members:
        same_name = by_key.get(name_key(member.full_name), [])
        commune_id = member.committee.commune_id
        matches = [p for p in same_name if commune_id is None or p.commune_id == commune_id]
        candidates.append(CandidateMember(member, matches))
    return candidates


def committee_choices():
    return Committee.objects.filter(kind__in=list(COMMITTEE_ACTOR_TYPES), is_active=True).order_by("kind", "name")


# --- Teams -----------------------------------------------------------------------------------------------------------


def _count(queryset):
    return Coalesce(
        Subquery(queryset.order_by().values("team").annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
        0,
    )


def team_list():
    """Teams with their active members, women, trained members and open requests counted, the composition rule and
    the training status (one query)."""
    active = TeamMember.objects.filter(team=OuterRef("pk"), left_on__isnull=True)
    return (
        Team.objects.select_related("commune", "locality")
        .annotate(
            active_count=_count(active),
            women_count=_count(active.filter(person__sex=Sex.WOMAN)),
            trained_count=_count(active.filter(trained_person_q("person"))),
            open_requests=Coalesce(
                Subquery(
                    SupportRequest.objects.filter(team=OuterRef("pk"), status__in=SupportRequest.IN_PROGRESS_STATUSES)
                    .order_by()
                    .values("team")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
        .annotate(
            composition_ok=ExpressionWrapper(
                Q(active_count__gte=MIN_MEMBERS) & Q(women_count__gte=1), output_field=BooleanField()
            ),
            training_status=Case(
                When(Q(active_count__gt=0) & Q(trained_count=F("active_count")), then=Value(TrainingStatus.TRAINED)),
                When(trained_count__gt=0, then=Value(TrainingStatus.PARTIAL)),
                default=Value(TrainingStatus.UNTRAINED),
            ),
        )
        .order_by("commune__name_fr", "kind", "name")
    )


def composition_problems(team) -> list[str]:
    """Why a team (annotated by team_list) breaks the composition rule; empty when it keeps it."""
    problems = []
    if team.active_count < MIN_MEMBERS:
        problems.append(
            _("%(count)s membre(s) actif(s) : une équipe d'animation en compte au moins %(min)s.")
            % {"count": team.active_count, "min": MIN_MEMBERS}
        )
    if team.women_count < 1:
        problems.append(_("Aucune femme parmi les membres actifs : l'équipe doit en compter au moins une."))
    return problems


def team_members(team):
    """Every member of the team, active first, each with whether the person is trained (one query)."""
    return (
        TeamMember.objects.filter(team=team)
        .select_related("person__commune")
        .annotate(is_trained=trained_person_q("person"))
        .order_by(F("left_on").desc(nulls_first=True), "role", "person__full_name", "pk")
    )


# --- Support requests ------------------------------------------------------------------------------------------------


def support_request_list():
    """Requests with their team and who follows them, and ``is_late``: still open or in progress more than
    LATE_AFTER_DAYS days after being received (one query)."""
    limit = timezone.localdate() - timedelta(days=LATE_AFTER_DAYS)
    late = Q(status__in=SupportRequest.IN_PROGRESS_STATUSES, received_on__lt=limit)
    return (
        SupportRequest.objects.select_related("team__commune", "assigned_to")
        .annotate(is_late=ExpressionWrapper(late, output_field=BooleanField()))
        .order_by("-received_on", "-pk")
    )
