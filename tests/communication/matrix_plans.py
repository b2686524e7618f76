"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the communication service: plans."""

READERS = {"chef", "communication", "auditeur"}
AGENTS = {"communication"}
VALIDATORS = {"chef"}

MATRIX = [
    ("communication:plan_list", lambda o: [], READERS, "get"),
    ("communication:plan_create", lambda o: [], AGENTS, "get"),
    ("communication:plan_detail", lambda o: [o["com_plan_draft"].pk], READERS, "get"),
    ("communication:plan_detail", lambda o: [o["com_plan_running"].pk], READERS, "get"),
    ("communication:plan_update", lambda o: [o["com_plan_draft"].pk], AGENTS, "get"),
    ("communication:plan_reopen", lambda o: [o["com_plan_validated"].pk], VALIDATORS, "get"),
    ("communication:plan_close", lambda o: [o["com_plan_running"].pk], AGENTS, "get"),
    # Each transition's service checks its own permission (validate: the chef; start: the service).
    ("communication:plan_transition", lambda o: [o["com_plan_draft"].pk, "validate"], READERS, "post-only"),
    ("communication:plan_pdf", lambda o: [o["com_plan_running"].pk, "fr"], READERS, "get"),
    ("communication:plan_pdf", lambda o: [o["com_plan_draft"].pk, "ar"], READERS, "get"),
    ("communication:plan_xlsx", lambda o: [o["com_plan_running"].pk], READERS, "get"),
    ("communication:action_create", lambda o: [o["com_plan_draft"].pk], AGENTS, "get"),
    ("communication:action_detail", lambda o: [o["com_plan_draft"].actions.first().pk], READERS, "get"),
    ("communication:action_detail", lambda o: [o["com_plan_running"].actions.first().pk], READERS, "get"),
    ("communication:action_update", lambda o: [o["com_plan_draft"].actions.first().pk], AGENTS, "get"),
    ("communication:action_delete", lambda o: [o["com_plan_draft"].actions.first().pk], AGENTS, "post-only"),
]


def add_objects(objects, role_users):
    """A draft plan (2060), a plan validated by the chef (2061) and one in execution (2062), each with actions."""
    from tests.communication.test_plan_services import draft_plan, running_plan, validated_plan

    objects["com_plan_draft"] = draft_plan(role_users["communication"], 2060, actions=2)
    objects["com_plan_validated"] = validated_plan(role_users, 2061)
    objects["com_plan_running"] = running_plan(role_users, 2062)
