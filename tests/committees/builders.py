"""Committee data for tests, built through the services as production builds it."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from committees.models import Committee, Member
from committees.services import meetings as meeting_services
from committees.services.committees import committee_save, member_save
from projects.services import calls as call_services
from projects.services import dossiers as dossier_services

TERM_START = dt.date(2020, 1, 1)


def committee(by, *, kind=Committee.Kind.CPDH, name=None, **fields) -> Committee:
    defaults = {}
    if kind == Committee.Kind.CPDH:
        defaults = {"max_members": 30, "min_women_percent": Decimal("20"), "min_youth_percent": Decimal("15")}
    defaults.update(fields)
    name = name or f"{kind.upper()} de test {Committee.objects.count() + 1}"
    return committee_save(committee=Committee(kind=kind, name=name, **defaults), by=by)


def members(committee, by, count=10, *, women=3, youth=2, voting=None, **fields) -> list[Member]:
    """``count`` members, the first ``women`` women, the last ``youth`` young; all voting unless ``voting`` says
    how many (the others advisory). The first one chairs."""
    voting = count if voting is None else voting
    built = []
    for index in range(count):
        built.append(
            member_save(
                member=Member(
                    committee=committee,
                    full_name=f"Membre {committee.pk}-{index + 1}",
                    institution="Institution",
                    college=Member.College.ADMINISTRATION,
                    function=Member.Function.CHAIR if index == 0 else Member.Function.MEMBER,
                    is_voting=index < voting,
                    sex=Member.Sex.WOMAN if index < women else Member.Sex.MAN,
                    age_group=Member.AgeGroup.YOUNG if index >= count - youth else Member.AgeGroup.ADULT,
                    term_start=fields.get("term_start", TERM_START),
                    term_end=fields.get("term_end"),
                ),
                by=by,
            )
        )
    return built


def preselected_dossiers(agent, head, count=3, *, indh="250000"):
    """``count`` dossiers of one call, scored, proposed and validated by the head: waiting for the CPDH."""
    from tests.projects.test_call_services import draft_call
    from tests.projects.test_dossier_services import scored

    call = call_services.call_publish(call=draft_call(agent), by=agent)
    dossiers = [scored(call, agent, ["8", "7"], indh=indh) for _ in range(count)]
    call_services.call_close(call=call, by=agent)
    dossier_services.preselection_propose(call=call, dossiers=dossiers, by=agent, not_retained_reason="Hors enveloppe")
    dossier_services.preselection_validate(call=call, by=head)
    for dossier in dossiers:
        dossier.refresh_from_db()
    return dossiers


def meeting(committee, by, *, kind="validation", date=None, **fields):
    return meeting_services.meeting_create(
        committee=committee,
        by=by,
        kind=kind,
        date=date or timezone.localdate(),
        time=dt.time(10, 0),
        place="Salle de réunion de la préfecture",
        **fields,
    )


def convened_with_dossiers(secretariat, agent, head, count=3, **committee_fields):
    """A CPDH validation meeting convened with ``count`` preselected dossiers on its agenda."""
    cpdh = committee(secretariat, **committee_fields)
    members(cpdh, secretariat)
    dossiers = preselected_dossiers(agent, head, count)
    held = meeting(cpdh, secretariat)
    items = meeting_services.agenda_add_records(meeting=held, kind="dossier", records=dossiers, by=secretariat)
    meeting_services.meeting_convene(meeting=held, by=secretariat)
    held.refresh_from_db()
    return held, items, dossiers


def all_present(meeting, by):
    entries = dict.fromkeys(meeting_services.sitting_members(meeting), ("present", ""))
    return meeting_services.attendance_record(meeting=meeting, by=by, entries=entries)
