"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the committees' committees pages, and their objects."""

import datetime as dt

from django.utils import timezone

from committees.services import meetings as meeting_services
from das.roles import DEFAULT_ROLES
from tests.committees import builders

ALL = set(DEFAULT_ROLES)
READ = ALL - {"administrateur", "dbm"}
MANAGE_COMMITTEES = {"secretariat_cpdh"}
# The services that execute the decisions mark their actions done; the head and the secretariat follow them all.
# An action is reported on by its own service, or by those who follow them all (the head, the secretariat).
FOLLOW_ALL = {"chef", "secretariat_cpdh"}

MATRIX = [
    ("committees:committee_list", lambda o: [], READ, "get"),
    ("committees:committee_create", lambda o: [], MANAGE_COMMITTEES, "get"),
    ("committees:committee_detail", lambda o: [o["cm_committee"].pk], READ, "get"),
    ("committees:committee_update", lambda o: [o["cm_committee"].pk], MANAGE_COMMITTEES, "get"),
    ("committees:committee_members", lambda o: [o["cm_committee"].pk], READ, "get"),
    ("committees:member_create", lambda o: [o["cm_committee"].pk], MANAGE_COMMITTEES, "get"),
    ("committees:member_update", lambda o: [o["cm_member"].pk], MANAGE_COMMITTEES, "get"),
    ("committees:action_list", lambda o: [], READ, "get"),
    ("committees:action_complete", lambda o: [o["cm_open_action"].pk], FOLLOW_ALL | {"suivi_evaluation"}, "get"),
    ("committees:action_reopen", lambda o: [o["cm_done_action"].pk], FOLLOW_ALL, "get"),
]


def decided_action_pair(secretariat):
    """A committee with members, a closed-in-the-day meeting whose decision has two actions: one open, one done."""
    committee = builders.committee(secretariat, name="CPDH de la matrice")
    members = builders.members(committee, secretariat, count=6, women=2, youth=1)
    meeting = builders.meeting(committee, secretariat, date=timezone.localdate())
    item = meeting_services.agenda_add_text(meeting=meeting, by=secretariat, title="Suivi des projets")
    meeting_services.meeting_convene(meeting=meeting, by=secretariat)
    meeting.refresh_from_db()
    builders.all_present(meeting, secretariat)
    decision = meeting_services.decision_record(item=item, by=secretariat, outcome="approuve")
    due = timezone.localdate() + dt.timedelta(days=30)
    open_action = meeting_services.action_add(
        decision=decision, by=secretariat, description="Visiter le chantier", service="suivi_evaluation", due_on=due
    )
    done_action = meeting_services.action_add(
        decision=decision, by=secretariat, description="Informer le CLDH", service="secretariat", due_on=due
    )
    done_action = meeting_services.action_complete(
        action=done_action, by=secretariat, done_on=timezone.localdate(), note="Lettre envoyée"
    )
    return committee, members, open_action, done_action


def add_objects(objects, role_users):
    """Add to ``objects`` what the rows above need (built through the services)."""
    committee, members, open_action, done_action = decided_action_pair(role_users["secretariat_cpdh"])
    objects["cm_committee"] = committee
    objects["cm_member"] = members[1]
    objects["cm_open_action"] = open_action
    objects["cm_done_action"] = done_action
