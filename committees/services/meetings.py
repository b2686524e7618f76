"""Meetings: agenda, convocation, attendance and quorum, decisions and their effects, closing, rectification,
and the actions that execute the decisions."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees import agenda
from committees import permissions as perms
from committees.models import (
    AgendaItem,
    Attendance,
    Committee,
    Decision,
    DecisionAction,
    Meeting,
    Member,
    Rectification,
)
from das import permissions
from das.services.audit import actor_context
from das.services.documents import attachment_add
from das.workflow import Transition, TransitionRefused, Workflow

MeetingStatus = Meeting.Status
Outcome = Decision.Outcome
OPEN = frozenset({MeetingStatus.PLANNED, MeetingStatus.CONVENED})
# Advisory lock key: putting records on agendas, so that two meetings cannot take the same record at once.
AGENDA_LOCK = 7_400_003


def _require(by, code, message=None):
    permissions.demand(by, code, message or _("Votre rôle ne permet pas de préparer ni de tenir les réunions."))


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_related("committee").select_for_update(of=("self",)).get(pk=meeting.pk)


# --- Quorum -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quorum:
    voting_members: int  # voting members sitting on the meeting's date
    required: int
    counted: int  # voting members present (or represented, when the rules count them)
    second_convocation: bool  # held on second convocation where the rules waive the quorum

    @property
    def reached(self) -> bool:
        return self.second_convocation or (self.voting_members > 0 and self.counted >= self.required)


def required_quorum(committee: Committee, voting_members: int) -> int:
    share = Decimal(voting_members) * committee.quorum_percent / Decimal(100)
    if committee.quorum_plus_one:
        # Never more than every voting member: "plus one" of a large share must stay reachable.
        return min(math.floor(share) + 1, max(1, voting_members))
    return max(1, math.ceil(share))


def compute_quorum(meeting: Meeting, members, attendances) -> Quorum:
    """The meeting's quorum: as established when its attendance was recorded, or else what the committee's rules,
    the members sitting on the day and the attendance given make it."""
    if meeting.attendance_recorded and meeting.quorum_required is not None:
        return Quorum(
            voting_members=meeting.quorum_voting_members,
            required=meeting.quorum_required,
            counted=meeting.quorum_counted,
            second_convocation=meeting.quorum_waived,
        )
    return count_quorum(meeting, members, attendances)


def count_quorum(meeting: Meeting, members, attendances) -> Quorum:
    """The quorum from the committee's rules, the members sitting on the day and the attendance given."""
    committee = meeting.committee
    voting = {m.pk for m in members if m.is_voting and m.sits_on(meeting.date)}
    counted_presence = {Attendance.Presence.PRESENT}
    if committee.proxies_count:
        counted_presence.add(Attendance.Presence.REPRESENTED)
    counted = sum(1 for a in attendances if a.member_id in voting and a.presence in counted_presence)
    return Quorum(
        voting_members=len(voting),
        required=required_quorum(committee, len(voting)),
        counted=counted,
        second_convocation=meeting.is_second_convocation and committee.second_convocation_without_quorum,
    )


def meeting_quorum(meeting: Meeting) -> Quorum:
    return compute_quorum(meeting, list(meeting.committee.members.all()), list(meeting.attendances.all()))


# --- Meetings -----------------------------------------------------------------------------------------------------

MEETING_FIELDS = ("kind", "date", "time", "place", "chair", "is_second_convocation", "notes")


def _check_chair(meeting: Meeting):
    if meeting.chair_id and meeting.chair.committee_id != meeting.committee_id:
        raise ValidationError({"chair": _("Le président de séance doit être membre du comité.")})


@transaction.atomic
def meeting_create(*, committee: Committee, by, **fields) -> Meeting:
    _require(by, perms.MANAGE_MEETINGS)
    locked = Committee.objects.select_for_update().get(pk=committee.pk)
    if not locked.is_active:
        raise TransitionRefused(_("Ce comité n'est plus actif."))
    number = (locked.meetings.aggregate(last=Max("number"))["last"] or 0) + 1
    meeting = Meeting(committee=locked, number=number, **{k: v for k, v in fields.items() if k in MEETING_FIELDS})
    _check_chair(meeting)
    with actor_context(by):
        meeting.full_clean()
        meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by, **fields) -> Meeting:
    _require(by, perms.MANAGE_MEETINGS)
    locked = _lock(meeting)
    if locked.status not in OPEN:
        raise TransitionRefused(_("Une réunion clôturée ou annulée ne se modifie plus."))
    if locked.attendance_recorded and fields.get("date", locked.date) != locked.date:
        raise TransitionRefused(_("Les présences sont saisies : la date de la réunion ne change plus."))
    second = fields.get("is_second_convocation", locked.is_second_convocation)
    if second != locked.is_second_convocation and locked.attendance_recorded:
        # A meeting found without quorum is not turned into a second convocation: that is a new meeting.
        raise TransitionRefused(
            _("Les présences sont saisies : pour une seconde convocation, planifiez une nouvelle réunion.")
        )
    for name, value in fields.items():
        if name in MEETING_FIELDS:
            setattr(locked, name, value)
    _check_chair(locked)
    with actor_context(by):
        locked.full_clean()
        locked.save()
    return locked


def _convene_guard(meeting, **_kwargs):
    if not meeting.items.exists():
        return [_("L'ordre du jour est vide : ajoutez au moins un point avant de convoquer.")]
    return []


def _close_guard(meeting, **_kwargs):
    reasons = []
    if not meeting.items.exists():
        reasons.append(_("L'ordre du jour est vide : annulez la réunion plutôt que de la clôturer."))
    if not meeting.attendance_recorded:
        reasons.append(_("Saisissez les présences avant de clôturer."))
    undecided = [str(item.position) for item in meeting.items.filter(decision__isnull=True)]
    if undecided:
        reasons.append(_("Points sans décision : %(list)s.") % {"list": ", ".join(undecided)})
    return reasons


def _cancel_guard(meeting, *, reason="", **_kwargs):
    reasons = []
    if not (reason or "").strip():
        reasons.append(_("Indiquez le motif de l'annulation."))
    if Decision.objects.filter(item__meeting=meeting).exists():
        reasons.append(_("Des décisions sont enregistrées : la réunion ne peut plus être annulée."))
    return reasons


MEETING_WORKFLOW = Workflow(
    Meeting,
    [
        Transition(
            "convene",
            frozenset({MeetingStatus.PLANNED}),
            MeetingStatus.CONVENED,
            gettext_lazy("Convoquer les membres"),
            perms.MANAGE_MEETINGS,
            _convene_guard,
        ),
        Transition(
            "close",
            frozenset({MeetingStatus.CONVENED}),
            MeetingStatus.CLOSED,
            gettext_lazy("Clôturer la réunion"),
            perms.MANAGE_MEETINGS,
            _close_guard,
            "success",
        ),
        Transition(
            "cancel",
            frozenset(OPEN),
            MeetingStatus.CANCELLED,
            gettext_lazy("Annuler la réunion"),
            perms.MANAGE_MEETINGS,
            _cancel_guard,
            "danger",
        ),
    ],
)


def meeting_convene(*, meeting, by):
    return MEETING_WORKFLOW.run(meeting, "convene", by=by, apply=lambda m: setattr(m, "convened_at", timezone.now()))


def meeting_close(*, meeting, by):
    """Closing locks the decisions: afterwards a change is a rectification."""
    return MEETING_WORKFLOW.run(meeting, "close", by=by, apply=lambda m: setattr(m, "closed_at", timezone.now()))


def meeting_cancel(*, meeting, by, reason):
    return MEETING_WORKFLOW.run(
        meeting, "cancel", by=by, apply=lambda m: setattr(m, "cancel_reason", reason.strip()), reason=reason
    )


TRANSITION_SERVICES = {"convene": meeting_convene, "close": meeting_close, "cancel": meeting_cancel}


@transaction.atomic
def meeting_upload_signed_minutes(*, meeting: Meeting, by, uploaded) -> Meeting:
    _require(by, perms.MANAGE_MEETINGS)
    locked = _lock(meeting)
    if locked.status != MeetingStatus.CLOSED:
        raise TransitionRefused(_("Le procès-verbal signé se dépose une fois la réunion clôturée."))
    attachment = attachment_add(parent=locked, uploaded=uploaded, by=by, description=_("Procès-verbal signé"))
    locked.signed_minutes = attachment
    with actor_context(by):
        locked.save(update_fields=["signed_minutes", "updated_at"])
    return locked


# --- Agenda -------------------------------------------------------------------------------------------------------


def _lock_open_for_agenda(meeting: Meeting) -> Meeting:
    locked = _lock(meeting)
    if locked.status not in OPEN:
        raise TransitionRefused(_("L'ordre du jour d'une réunion clôturée ou annulée ne change plus."))
    return locked


def _next_position(meeting) -> int:
    return (meeting.items.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def agenda_add_records(*, meeting: Meeting, kind: str, records, by) -> list[AgendaItem]:
    """Put records waiting for this committee's decision on the agenda, in the order given."""
    _require(by, perms.MANAGE_MEETINGS)
    locked = _lock_open_for_agenda(meeting)
    agenda_kind = agenda.get(kind)
    if agenda_kind is None or not agenda_kind.applies_to(locked):
        raise TransitionRefused(_("Ce comité ne décide pas de ce type de dossier."))
    wanted = [getattr(r, "pk", r) for r in records]
    if not wanted:
        raise ValidationError(_("Choisissez au moins un dossier."))
    # Another meeting's agenda may be taking the same records: wait for it, then read what is still available.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AGENDA_LOCK])
    available = set(agenda_kind.candidates(locked).filter(pk__in=wanted).values_list("pk", flat=True))
    refused = [pk for pk in wanted if pk not in available]
    if refused:
        raise TransitionRefused(
            _("%(count)s dossier(s) choisi(s) n'attendent plus de décision ou sont déjà inscrits à une réunion.")
            % {"count": len(refused)}
        )
    loaded = agenda_kind.load(wanted)
    position = _next_position(locked)
    items = []
    with actor_context(by):
        for offset, pk in enumerate(dict.fromkeys(wanted)):
            item = AgendaItem(
                meeting=locked,
                position=position + offset,
                kind=kind,
                object_id=pk,
                title=str(agenda_kind.title(loaded[pk]))[:300],
            )
            item.full_clean()
            item.save()
            items.append(item)
    return items


@transaction.atomic
def agenda_add_text(*, meeting: Meeting, by, title: str, description: str = "") -> AgendaItem:
    _require(by, perms.MANAGE_MEETINGS)
    locked = _lock_open_for_agenda(meeting)
    if not title.strip():
        raise ValidationError({"title": _("Indiquez l'intitulé du point.")})
    item = AgendaItem(
        meeting=locked,
        position=_next_position(locked),
        kind=agenda.TEXT,
        title=title.strip(),
        description=description.strip(),
    )
    with actor_context(by):
        item.full_clean()
        item.save()
    return item


@transaction.atomic
def agenda_move(*, item: AgendaItem, by, offset: int) -> None:
    """Swap an item with its neighbour (offset -1: up, +1: down); the position constraint is checked at commit."""
    _require(by, perms.MANAGE_MEETINGS)
    locked = _lock_open_for_agenda(item.meeting)
    if Decision.objects.filter(item__meeting=locked).exists():
        raise TransitionRefused(_("Des décisions sont enregistrées : l'ordre des points ne change plus."))
    items = list(locked.items.select_for_update().order_by("position"))
    index = next((i for i, it in enumerate(items) if it.pk == item.pk), None)
    if index is None:
        raise TransitionRefused(_("Ce point n'est plus à l'ordre du jour."))
    other = index + offset
    if offset not in (-1, 1) or not 0 <= other < len(items):
        return
    first, second = items[index], items[other]
    first.position, second.position = second.position, first.position
    with actor_context(by):
        first.save(update_fields=["position"])
        second.save(update_fields=["position"])


@transaction.atomic
def agenda_remove(*, item: AgendaItem, by) -> None:
    _require(by, perms.MANAGE_MEETINGS)
    locked = _lock_open_for_agenda(item.meeting)
    target = AgendaItem.objects.select_for_update().get(pk=item.pk, meeting=locked)
    if Decision.objects.filter(item=target).exists():
        raise TransitionRefused(_("Ce point a déjà sa décision : il reste à l'ordre du jour."))
    if Decision.objects.filter(item__meeting=locked, item__position__gt=target.position).exists():
        raise TransitionRefused(_("Un point suivant a déjà sa décision : la numérotation ne change plus."))
    with actor_context(by):
        target.delete()
        # The following points move up so the numbering has no hole.
        for following in locked.items.filter(position__gt=target.position).order_by("position"):
            following.position = F("position") - 1
            following.save(update_fields=["position"])


# --- Attendance ---------------------------------------------------------------------------------------------------


@transaction.atomic
def attendance_record(*, meeting: Meeting, by, entries: dict) -> Quorum:
    """Record who attended: ``entries`` maps each sitting member to (presence, represented_by)."""
    _require(by, perms.MANAGE_MEETINGS)
    locked = _lock(meeting)
    if locked.status != MeetingStatus.CONVENED:
        raise TransitionRefused(_("Les présences se saisissent sur une réunion convoquée."))
    if locked.date > timezone.localdate():
        raise TransitionRefused(_("La réunion n'a pas encore eu lieu : les présences se saisissent le jour même."))
    if Decision.objects.filter(item__meeting=locked).exists():
        raise TransitionRefused(_("Des décisions sont enregistrées : les présences ne changent plus."))
    members = [m for m in locked.committee.members.all() if m.sits_on(locked.date)]
    given = {getattr(member, "pk", member): value for member, value in entries.items()}
    missing = [m.full_name for m in members if m.pk not in given]
    if missing:
        raise ValidationError(_("Indiquez la présence de : %(list)s.") % {"list": ", ".join(missing)})
    sitting = {m.pk for m in members}
    if set(given) - sitting:
        raise ValidationError(_("Seuls les membres en mandat à la date de la réunion figurent sur la feuille."))
    errors = {}
    rows = []
    for member in members:
        presence, represented_by = given[member.pk]
        represented_by = (represented_by or "").strip() if presence == Attendance.Presence.REPRESENTED else ""
        if presence not in Attendance.Presence.values:
            errors[str(member.pk)] = _("Présence inconnue.")
        elif presence == Attendance.Presence.REPRESENTED and not represented_by:
            errors[str(member.pk)] = _("Indiquez qui représente %(name)s.") % {"name": member.full_name}
        rows.append(Attendance(meeting=locked, member=member, presence=presence, represented_by=represented_by))
    if errors:
        raise ValidationError(errors)
    with actor_context(by):
        # Update in place, so that the history shows what changed for each member.
        existing = {a.member_id: a for a in locked.attendances.select_for_update()}
        for row in rows:
            current = existing.pop(row.member_id, None)
            if current is None:
                row.save()
            elif (current.presence, current.represented_by) != (row.presence, row.represented_by):
                current.presence, current.represented_by = row.presence, row.represented_by
                current.save(update_fields=["presence", "represented_by"])
        for stale in existing.values():
            stale.delete()
        quorum = count_quorum(locked, members, rows)
        locked.attendance_recorded = True
        locked.quorum_voting_members = quorum.voting_members
        locked.quorum_required = quorum.required
        locked.quorum_counted = quorum.counted
        locked.quorum_waived = quorum.second_convocation
        locked.save(
            update_fields=[
                "attendance_recorded",
                "quorum_voting_members",
                "quorum_required",
                "quorum_counted",
                "quorum_waived",
                "updated_at",
            ]
        )
    return quorum


# --- Decisions ----------------------------------------------------------------------------------------------------


def _check_votes(committee: Committee, outcome, votes_for, votes_against, abstentions, counted, voting_members) -> dict:
    rule = committee.decision_rule
    # Whatever the rule, the votes recorded cannot outnumber the voting members present (or represented).
    voters = sum(v or 0 for v in (votes_for, votes_against, abstentions))
    if voters > counted:
        return {
            "votes_for": _("Plus de voix (%(voters)s) que de membres votants présents (%(counted)s).")
            % {"voters": voters, "counted": counted}
        }
    if rule == Committee.DecisionRule.CONSENSUS:
        return {}
    if outcome == Outcome.ADJOURNED:
        return {}
    if votes_for is None or votes_against is None:
        return {"votes_for": _("Le règlement intérieur prévoit un vote : indiquez les voix pour et contre.")}
    approving = outcome in (Outcome.APPROVED, Outcome.APPROVED_WITH_RESERVES)
    # Simple majority: more for than against among the votes cast; absolute: more than half of all voting members.
    needed = votes_against if rule == Committee.DecisionRule.SIMPLE_MAJORITY else voting_members / 2
    carried = votes_for > needed
    if approving and not carried:
        return {"outcome": _("Les voix exprimées ne donnent pas la majorité requise pour approuver.")}
    if outcome == Outcome.REJECTED and carried:
        return {"outcome": _("Les voix exprimées donnent la majorité au point : il ne peut être rejeté.")}
    return {}


@transaction.atomic
def decision_record(
    *,
    item: AgendaItem,
    by,
    outcome: str,
    reserves: str = "",
    amended_amount: Decimal | None = None,
    reason: str = "",
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
) -> Decision:
    """Record the committee's decision on one point and carry it out on the linked record, all or nothing."""
    _require(by, perms.MANAGE_MEETINGS)
    meeting = _lock(item.meeting)
    locked_item = AgendaItem.objects.select_for_update().get(pk=item.pk, meeting=meeting)
    if meeting.status != MeetingStatus.CONVENED:
        raise TransitionRefused(
            _("Les décisions s'enregistrent sur une réunion convoquée et non clôturée (état « %(state)s »).")
            % {"state": meeting.get_status_display()}
        )
    if Decision.objects.filter(item=locked_item).exists():
        raise TransitionRefused(_("La décision sur ce point est déjà enregistrée."))
    if not meeting.attendance_recorded:
        raise TransitionRefused(_("Saisissez les présences avant d'enregistrer les décisions."))
    quorum = meeting_quorum(meeting)
    if not quorum.reached:
        raise TransitionRefused(
            _("Quorum non atteint (%(counted)s sur %(required)s requis) : la réunion ne peut pas décider.")
            % {"counted": quorum.counted, "required": quorum.required}
        )
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choisissez la décision.")
    if outcome == Outcome.APPROVED_WITH_RESERVES and not reserves.strip():
        errors["reserves"] = _("Énoncez les réserves.")
    if outcome in (Outcome.REJECTED, Outcome.ADJOURNED) and not reason.strip():
        errors["reason"] = _("Indiquez le motif.")
    kind = agenda.get(locked_item.kind)
    if amended_amount is not None and not (kind and kind.has_amount):
        errors["amended_amount"] = _("Ce point n'a pas de montant à retenir.")
    errors.update(
        _check_votes(
            meeting.committee, outcome, votes_for, votes_against, abstentions, quorum.counted, quorum.voting_members
        )
    )
    if errors:
        raise ValidationError(errors)
    record = None
    if kind is not None and locked_item.object_id is not None:
        record = kind.load([locked_item.object_id]).get(locked_item.object_id)
        if record is None:
            raise TransitionRefused(_("Le dossier lié à ce point n'existe plus."))
        if kind.check:
            reasons = kind.check(record, outcome, amended_amount)
            if reasons:
                raise ValidationError({"amended_amount" if amended_amount is not None else "outcome": reasons})
    decision = Decision(
        item=locked_item,
        outcome=outcome,
        reserves=reserves.strip() if outcome == Outcome.APPROVED_WITH_RESERVES else "",
        amended_amount=amended_amount if outcome == Outcome.APPROVED_WITH_RESERVES else None,
        reason=reason.strip(),
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        recorded_by=by,
    )
    with actor_context(by):
        decision.full_clean()
        decision.save()
    decision.item.meeting = meeting
    if record is not None and kind.apply:
        kind.apply(record, decision, by)
    return decision


RECTIFIABLE = ("reserves", "amended_amount", "reason", "votes_for", "votes_against", "abstentions")
VOTES = ("votes_for", "votes_against", "abstentions")
CENTIME = Decimal("0.01")


@transaction.atomic
def decision_rectify(*, decision: Decision, by, reason: str, **changes) -> Rectification:
    """Correct what a closed meeting's decision says. The outcome itself stands: reversing it is a new decision.

    ``reason`` is the motive of the rectification; the decision's own reason (the motive of a rejection or an
    adjournment) is rectified as ``decision_reason``. The other changes are named after the decision's fields."""
    _require(by, perms.RECTIFY, _("Votre rôle ne permet pas de rectifier une décision."))
    locked = Decision.objects.select_for_update().select_related("item__meeting__committee").get(pk=decision.pk)
    meeting = locked.item.meeting
    if meeting.status != MeetingStatus.CLOSED:
        raise TransitionRefused(_("Tant que la réunion n'est pas clôturée, la décision se corrige en séance."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Indiquez le motif de la rectification.")})
    if "outcome" in changes and changes["outcome"] != locked.outcome:
        raise TransitionRefused(
            _("Le sens d'une décision ne se rectifie pas : inscrivez le point à une nouvelle réunion.")
        )
    if "decision_reason" in changes:
        changes["reason"] = changes.pop("decision_reason")
    for name in ("reserves", "reason"):
        if isinstance(changes.get(name), str):
            changes[name] = changes[name].strip()
    diff = {}
    for name in RECTIFIABLE:
        if name in changes and changes[name] != getattr(locked, name):
            old, new = getattr(locked, name), changes[name]
            if name == "amended_amount" and new is not None:
                new = Decimal(new).quantize(CENTIME)  # recorded as the database keeps it: 240000 → 240000.00
            diff[name] = [None if old is None else str(old), None if new is None else str(new)]
            setattr(locked, name, new)
    if not diff:
        raise ValidationError(_("Rien n'a changé : la rectification est sans objet."))
    if locked.outcome != Outcome.APPROVED_WITH_RESERVES and ("reserves" in diff or "amended_amount" in diff):
        raise TransitionRefused(_("Réserves et montant retenu ne concernent qu'une approbation avec réserves."))
    kind = agenda.get(locked.item.kind)
    if "amended_amount" in diff and locked.amended_amount is not None and not (kind and kind.has_amount):
        raise ValidationError({"amended_amount": _("Ce point n'a pas de montant à retenir.")})
    if any(name in diff for name in VOTES):
        quorum = meeting_quorum(meeting)
        errors = _check_votes(
            meeting.committee,
            locked.outcome,
            locked.votes_for,
            locked.votes_against,
            locked.abstentions,
            quorum.counted,
            quorum.voting_members,
        )
        if errors:
            raise ValidationError(errors)
    record = None
    if kind is not None and locked.item.object_id is not None:
        record = kind.load([locked.item.object_id]).get(locked.item.object_id)
    with actor_context(by):
        locked.full_clean()
        locked.save()
        rectification = Rectification.objects.create(decision=locked, reason=reason.strip(), changes=diff, made_by=by)
    if record is not None and kind.rectify:
        # The kind carries the corrected decision over to its record (amount, reserves, a rejection's reason).
        kind.rectify(record, locked, by)
    return rectification


# --- Executing the decisions ----------------------------------------------------------------------------------------


@transaction.atomic
def action_add(*, decision: Decision, by, description: str, service: str, due_on) -> DecisionAction:
    _require(by, perms.MANAGE_MEETINGS)
    locked = Decision.objects.select_for_update().select_related("item__meeting").get(pk=decision.pk)
    if locked.item.meeting.status == MeetingStatus.CANCELLED:
        raise TransitionRefused(_("Réunion annulée."))
    if due_on and due_on < locked.item.meeting.date:
        raise ValidationError({"due_on": _("L'échéance précède la réunion.")})
    action = DecisionAction(decision=locked, description=description.strip(), service=service, due_on=due_on)
    with actor_context(by):
        action.full_clean()
        action.save()
    return action


def _require_follow(by, action):
    decision = perms.can_follow_action(by, action)
    if not decision:
        raise PermissionDenied(decision.reason)


@transaction.atomic
def action_complete(*, action: DecisionAction, by, done_on, note: str) -> DecisionAction:
    locked = DecisionAction.objects.select_for_update().select_related("decision__item__meeting").get(pk=action.pk)
    _require_follow(by, locked)
    if locked.status == DecisionAction.Status.DONE:
        raise TransitionRefused(_("Cette action est déjà réalisée."))
    errors = {}
    if not note.strip():
        errors["done_note"] = _("Dites ce qui a été fait.")
    if done_on is None:
        errors["done_on"] = _("Indiquez la date de réalisation.")
    elif done_on > timezone.localdate():
        errors["done_on"] = _("La date de réalisation est dans le futur.")
    elif done_on < locked.decision.item.meeting.date:
        errors["done_on"] = _("La date de réalisation précède la réunion.")
    if errors:
        raise ValidationError(errors)
    locked.status = DecisionAction.Status.DONE
    locked.done_on = done_on
    locked.done_note = note.strip()
    with actor_context(by):
        locked.full_clean()
        locked.save()
    return locked


@transaction.atomic
def action_reopen(*, action: DecisionAction, by, reason: str) -> DecisionAction:
    """An action marked done too early goes back to open; the reason is kept in its report."""
    locked = DecisionAction.objects.select_for_update().get(pk=action.pk)
    _require_follow(by, locked)
    if locked.status != DecisionAction.Status.DONE:
        raise TransitionRefused(_("Cette action est encore en cours."))
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez pourquoi l'action est rouverte.")})
    locked.status = DecisionAction.Status.OPEN
    locked.done_on = None
    locked.done_note = _("%(note)s\nRouverte : %(reason)s") % {"note": locked.done_note, "reason": reason.strip()}
    with actor_context(by):
        locked.full_clean()
        locked.save()
    return locked


def sitting_members(meeting: Meeting) -> list[Member]:
    return [m for m in meeting.committee.members.all() if m.sits_on(meeting.date)]
