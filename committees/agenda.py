"""What can be put on a committee's agenda.

Each app registers the kinds of records its committees decide on (a preselected dossier, later a convention, an
amendment, a credit allocation…): which records are waiting for a decision, how they read on the agenda, what the
dossier de séance prints about them, and which of the app's own services carries a decision out. The committees app
stores only the kind's code and the record's id, and loads each kind's records in one query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

TEXT = "texte"


@dataclass(frozen=True)
class AgendaKind:
    code: str
    label: object  # e.g. "Dossier présélectionné"
    # (meeting) → queryset of the records that may be put on this meeting's agenda now
    candidates: Callable
    # (ids) → {id: record}, in a fixed number of queries
    load: Callable[[Iterable[int]], dict]
    # (record) → the title the agenda shows
    title: Callable
    # (record) → the record's page, or "" when there is none
    url: Callable = lambda _record: ""
    # (record, decision, by) → carries the decision out through the owning app's service; raises ValidationError
    apply: Callable | None = None
    # (record, outcome, amended_amount) → reasons to refuse the decision before anything is saved
    check: Callable | None = None
    # (record, decision, by) → carries a rectified decision's amount and reserves over to the record
    rectify: Callable | None = None
    # (record) → figures the record's section of the dossier de séance needs beyond the record itself
    session_context: Callable | None = None
    # template of the record's section in the dossier de séance, with "record" in its context
    session_template: str = ""
    # committee kinds whose meetings decide on this kind (empty: every committee)
    committee_kinds: frozenset[str] = field(default_factory=frozenset)
    # whether a decision may amend the amount (e.g. the INDH share of a dossier)
    has_amount: bool = False

    def applies_to(self, meeting) -> bool:
        return not self.committee_kinds or meeting.committee.kind in self.committee_kinds


_KINDS: dict[str, AgendaKind] = {}


def register(kind: AgendaKind) -> AgendaKind:
    _KINDS[kind.code] = kind
    return kind


def get(code: str) -> AgendaKind | None:
    return _KINDS.get(code)


def kinds() -> list[AgendaKind]:
    return list(_KINDS.values())


def kinds_for(meeting) -> list[AgendaKind]:
    return [kind for kind in _KINDS.values() if kind.applies_to(meeting)]


def taken_ids(code: str, meeting):
    """Records of a kind that this meeting cannot take: already on its agenda, or waiting on another open
    meeting's agenda for their decision (an adjourned record is back in the pool)."""
    from django.db.models import Q

    from committees.models import AgendaItem, Meeting

    waiting = Q(decision__isnull=True, meeting__status__in=[Meeting.Status.PLANNED, Meeting.Status.CONVENED])
    return AgendaItem.objects.filter(Q(meeting=meeting) | waiting, kind=code).values("object_id")


def load_records(items) -> dict[tuple[str, int], object]:
    """The linked record of every item, one query per kind present (not per item)."""
    wanted: dict[str, set[int]] = {}
    for item in items:
        if item.object_id is not None:
            wanted.setdefault(item.kind, set()).add(item.object_id)
    records = {}
    for code, ids in wanted.items():
        kind = _KINDS.get(code)
        if kind is None:
            continue
        for pk, record in kind.load(ids).items():
            records[(code, pk)] = record
    return records


def attach_records(items) -> list:
    """Set ``item.record`` and ``item.agenda_kind`` on each item (None for free text)."""
    items = list(items)
    records = load_records(items)
    for item in items:
        item.agenda_kind = _KINDS.get(item.kind)
        item.record = records.get((item.kind, item.object_id)) if item.object_id is not None else None
    return items
