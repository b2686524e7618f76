"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the training service: sessions; and the builders
the sessions area's tests share (a plan in execution, a session scheduled through the service, participants
invited and present)."""

import datetime
from decimal import Decimal

from tests.training.factories import ModuleFactory, PersonFactory, PlanActionFactory, TrainingPlanFactory
from training import session_selectors as selectors
from training.services import sessions as services

PAST = datetime.date(2026, 3, 10)


def action_in_execution(*, year=2026, hours=Decimal("12"), **kwargs):
    plan = TrainingPlanFactory(year=year, status="en_execution")
    return PlanActionFactory(plan=plan, module=ModuleFactory(duration_hours=hours), **kwargs)


def schedule(by, *, action=None, start=PAST, days=2, **kwargs):
    action = action or action_in_execution()
    return services.session_create(
        by=by,
        action=action,
        start_date=start,
        end_date=start + datetime.timedelta(days=days - 1),
        place=kwargs.pop("place", "Salle de réunion de la Préfecture"),
        trainer=kwargs.pop("trainer", "Karim Benali"),
        **kwargs,
    )


def invite(by, session, count=3, **person_kwargs):
    return [
        services.participant_invite(by=by, session=session, person=PersonFactory(**person_kwargs))[0]
        for _ in range(count)
    ]


def mark_all_present(by, session, participants=None, days=None):
    page = selectors.session_page(session)
    chosen = {p.pk for p in participants} if participants is not None else {row.participant.pk for row in page.rows}
    day_ids = [d.pk for d in (days if days is not None else page.days)]
    present = {(pid, did) for pid in chosen for did in day_ids}
    services.attendance_save(by=by, session=session, present=present, expected_stamp=page.stamp)
    return present


def held_session(by, *, count=3, days=2, action=None):
    session = schedule(by, days=days, action=action)
    participants = invite(by, session, count)
    mark_all_present(by, session)
    return services.session_hold(session=session, by=by), participants


READERS = {"chef", "formation", "auditeur"}
AGENTS = {"formation"}

MATRIX = [
    ("training:session_list", lambda o: [], READERS, "get"),
    ("training:session_create", lambda o: [], AGENTS, "get"),
    ("training:session_detail", lambda o: [o["training_session"].pk], READERS, "get"),
    ("training:session_update", lambda o: [o["training_session"].pk], AGENTS, "get"),
    ("training:session_days", lambda o: [o["training_session"].pk], AGENTS, "get"),
    ("training:session_participants", lambda o: [o["training_session"].pk], AGENTS, "get"),
    ("training:session_attendance", lambda o: [o["training_session"].pk], AGENTS, "get"),
    ("training:session_cancel", lambda o: [o["planned_session"].pk], AGENTS, "get"),
    ("training:session_report", lambda o: [o["training_session"].pk], AGENTS, "get"),
    ("training:session_evaluation", lambda o: [o["training_session"].pk], AGENTS, "get"),
    ("training:session_scan", lambda o: [o["training_session"].pk], AGENTS, "get"),
    ("training:session_sheet", lambda o: [o["training_session"].pk, "fr"], READERS, "get"),
    ("training:session_summary", lambda o: [o["training_session"].pk, "ar"], READERS, "get"),
    ("training:session_certificate_issue", lambda o: [o["training_session"].pk], AGENTS, "post-only"),
    ("training:session_certificates", lambda o: [o["training_session"].pk, "ar"], READERS, "get"),
    ("training:participant_certificate", lambda o: [o["certified"].pk, "fr"], READERS, "get"),
    ("training:session_transition", lambda o: [o["training_session"].pk, "close"], AGENTS, "post-only"),
]


def add_objects(objects, role_users):
    agent = role_users["formation"]
    # A year of its own: the other areas' matrix objects may hold the 2026 plan in another state.
    session, participants = held_session(agent, count=2, action=action_in_execution(year=2029))
    objects["training_session"] = session
    objects["certified"] = services.certificate_issue(by=agent, participant=participants[0])
    objects["planned_session"] = schedule(agent, action=session.action)
