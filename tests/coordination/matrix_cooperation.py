"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the coordination service: cooperation."""

from decimal import Decimal

READERS = {"chef", "coordination", "auditeur"}
AGENTS = {"coordination"}

MATRIX = [
    ("coordination:cooperation_partner_list", lambda o: [], READERS, "get"),
    ("coordination:cooperation_partner_create", lambda o: [], AGENTS, "get"),
    ("coordination:cooperation_partner_detail", lambda o: [o["coop_partner"].pk], READERS, "get"),
    ("coordination:cooperation_partner_update", lambda o: [o["coop_partner"].pk], AGENTS, "get"),
    ("coordination:cooperation_programme_list", lambda o: [], READERS, "get"),
    ("coordination:cooperation_programme_create", lambda o: [], AGENTS, "get"),
    ("coordination:cooperation_programme_detail", lambda o: [o["coop_programme"].pk], READERS, "get"),
    ("coordination:cooperation_programme_update", lambda o: [o["coop_programme"].pk], AGENTS, "get"),
    # Each transition's service checks its own permission.
    (
        "coordination:cooperation_programme_transition",
        lambda o: [o["coop_programme"].pk, "close"],
        READERS,
        "post-only",
    ),
    ("coordination:cooperation_programme_reason", lambda o: [o["coop_programme"].pk, "suspend"], AGENTS, "get"),
    ("coordination:cooperation_programme_pdf", lambda o: [o["coop_programme"].pk, "fr"], READERS, "get"),
    ("coordination:cooperation_programme_pdf", lambda o: [o["coop_programme"].pk, "ar"], READERS, "get"),
    ("coordination:cooperation_programme_xlsx", lambda o: [o["coop_programme"].pk], READERS, "get"),
    ("coordination:cooperation_activity_create", lambda o: [o["coop_programme"].pk], AGENTS, "get"),
    ("coordination:cooperation_report_add", lambda o: [o["coop_programme"].pk], AGENTS, "get"),
    ("coordination:cooperation_activity_detail", lambda o: [o["coop_activity"].pk], READERS, "get"),
    ("coordination:cooperation_activity_update", lambda o: [o["coop_activity"].pk], AGENTS, "get"),
    (
        "coordination:cooperation_activity_transition",
        lambda o: [o["coop_activity"].pk, "complete"],
        READERS,
        "post-only",
    ),
    ("coordination:cooperation_activity_cancel", lambda o: [o["coop_activity"].pk], AGENTS, "get"),
    ("coordination:cooperation_support_add", lambda o: [o["coop_activity"].pk], AGENTS, "get"),
    ("coordination:cooperation_followup_add", lambda o: [o["coop_activity"].pk], AGENTS, "get"),
    ("coordination:cooperation_support_update", lambda o: [o["coop_support"].pk], AGENTS, "get"),
    ("coordination:cooperation_support_remove", lambda o: [o["coop_support"].pk], AGENTS, "post-only"),
    ("coordination:cooperation_report_list", lambda o: [], READERS, "get"),
    ("coordination:cooperation_report_submit", lambda o: [o["coop_report"].pk], AGENTS, "get"),
    ("history", lambda o: ["coordination.cooperationprogramme", o["coop_programme"].pk], READERS, "get"),
    ("history", lambda o: ["coordination.cooperationactivity", o["coop_activity"].pk], READERS, "get"),
]


def add_objects(objects, role_users):
    """A partner, a programme in progress with an activity in progress supporting the matrix's project, and a report
    due (all built through coordination.services.cooperation)."""
    import datetime as dt

    from django.utils import timezone

    from coordination.services import cooperation as services
    from tests.coordination.factories_cooperation import activity, partner, programme, project

    agent = role_users["coordination"]
    objects["coop_partner"] = partner(agent, name="Agence matrice")
    objects["coop_programme"] = programme(agent, objects["coop_partner"])
    objects["coop_activity"] = services.activity_start(activity=activity(agent, objects["coop_programme"]), by=agent)
    objects["coop_support"] = services.support_add(
        activity=objects["coop_activity"], by=agent, project=objects.get("project") or project(), amount=Decimal("1000")
    )
    objects["coop_report"] = services.report_add(
        programme=objects["coop_programme"],
        by=agent,
        kind="technique",
        title="Rapport semestriel",
        due_on=timezone.localdate() + dt.timedelta(days=10),
    )
