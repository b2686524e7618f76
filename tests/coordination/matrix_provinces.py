"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the coordination service: provinces."""

READERS = {"chef", "coordination", "auditeur"}
AGENTS = {"coordination"}

MATRIX = [
    ("coordination:counterpart_list", lambda o: [], READERS, "get"),
    ("coordination:counterpart_create", lambda o: [], AGENTS, "get"),
    ("coordination:counterpart_detail", lambda o: [o["pv_counterpart"].pk], READERS, "get"),
    ("coordination:counterpart_update", lambda o: [o["pv_counterpart"].pk], AGENTS, "get"),
    ("coordination:counterpart_contact_add", lambda o: [o["pv_counterpart"].pk], AGENTS, "get"),
    ("coordination:counterpart_contact_update", lambda o: [o["pv_contact"].pk], AGENTS, "get"),
    ("coordination:counterpart_contact_delete", lambda o: [o["pv_contact"].pk], AGENTS, "post-only"),
    ("coordination:joint_project_list", lambda o: [], READERS, "get"),
    ("coordination:joint_project_create", lambda o: [], AGENTS, "get"),
    ("coordination:joint_project_detail", lambda o: [o["pv_project"].pk], READERS, "get"),
    ("coordination:joint_project_update", lambda o: [o["pv_project"].pk], AGENTS, "get"),
    ("coordination:joint_project_abandon", lambda o: [o["pv_project"].pk], AGENTS, "get"),
    ("coordination:joint_project_transition", lambda o: [o["pv_project"].pk, "agree"], AGENTS, "post-only"),
    ("coordination:joint_project_pdf", lambda o: [o["pv_project"].pk, "fr"], READERS, "get"),
    ("coordination:joint_project_share_add", lambda o: [o["pv_project"].pk], AGENTS, "get"),
    ("coordination:joint_project_share_update", lambda o: [o["pv_share"].pk], AGENTS, "get"),
    ("coordination:joint_project_share_delete", lambda o: [o["pv_share"].pk], AGENTS, "post-only"),
    ("coordination:meeting_list", lambda o: [], READERS, "get"),
    ("coordination:meeting_create", lambda o: [], AGENTS, "get"),
    ("coordination:meeting_detail", lambda o: [o["pv_meeting"].pk], READERS, "get"),
    ("coordination:meeting_update", lambda o: [o["pv_planned"].pk], AGENTS, "get"),
    ("coordination:meeting_minutes", lambda o: [o["pv_planned"].pk], AGENTS, "get"),
    ("coordination:meeting_cancel", lambda o: [o["pv_planned"].pk], AGENTS, "get"),
    ("coordination:meeting_pdf", lambda o: [o["pv_meeting"].pk, "ar"], READERS, "get"),
    ("coordination:meeting_action_add", lambda o: [o["pv_meeting"].pk], AGENTS, "get"),
    ("coordination:coordination_action_list", lambda o: [], READERS, "get"),
    ("coordination:meeting_action_update", lambda o: [o["pv_action"].pk], AGENTS, "get"),
    ("coordination:meeting_action_done", lambda o: [o["pv_action"].pk], AGENTS, "get"),
    ("coordination:meeting_action_reopen", lambda o: [o["pv_action"].pk], AGENTS, "post-only"),
    ("history", lambda o: ["coordination.counterpart", o["pv_counterpart"].pk], READERS, "get"),
    ("history", lambda o: ["coordination.jointproject", o["pv_project"].pk], READERS, "get"),
    ("history", lambda o: ["coordination.coordinationmeeting", o["pv_meeting"].pk], READERS, "get"),
]


def add_objects(objects, role_users):
    """The records this area's rows need (built through the services)."""
    from decimal import Decimal

    from coordination.provinces_selectors import home_province
    from coordination.services import provinces as services
    from tests.coordination import factories_provinces as build

    agent = role_users["coordination"]
    home = home_province()  # the matrix's communes give our prefecture
    counterpart = build.counterpart(agent, "INZ")
    objects["pv_counterpart"] = counterpart
    objects["pv_contact"] = services.contact_add(
        counterpart=counterpart, by=agent, full_name="Aïcha Bennani", function="Chef de la DAS", is_main=True
    )
    project = build.joint_project(agent, lead_province=home)
    objects["pv_project"] = project
    objects["pv_share"] = services.share_add(joint_project=project, by=agent, province=home, amount=Decimal("500000"))
    meeting = build.held_meeting(agent, days=-5, host_province=home)
    objects["pv_meeting"] = meeting
    objects["pv_planned"] = build.meeting(agent, days=15, host_province=home)
    objects["pv_action"] = build.action(agent, meeting)
