"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the training service: plans."""

READERS = {"chef", "formation", "auditeur"}
AGENTS = {"formation"}
VALIDATORS = {"chef"}

MATRIX = [
    ("training:plan_list", lambda o: [], READERS, "get"),
    ("training:plan_create", lambda o: [], AGENTS, "get"),
    ("training:plan_detail", lambda o: [o["plan_draft"].pk], READERS, "get"),
    ("training:plan_detail", lambda o: [o["plan_running"].pk], READERS, "get"),
    ("training:plan_update", lambda o: [o["plan_draft"].pk], AGENTS, "get"),
    ("training:plan_reopen", lambda o: [o["plan_validated"].pk], VALIDATORS, "get"),
    ("training:plan_close", lambda o: [o["plan_running"].pk], AGENTS, "get"),
    # Each transition's service checks its own permission (validate: the chef; start: the service).
    ("training:plan_transition", lambda o: [o["plan_draft"].pk, "validate"], READERS, "post-only"),
    ("training:plan_pdf", lambda o: [o["plan_running"].pk, "fr"], READERS, "get"),
    ("training:plan_pdf", lambda o: [o["plan_draft"].pk, "ar"], READERS, "get"),
    ("training:plan_xlsx", lambda o: [o["plan_running"].pk], READERS, "get"),
    ("training:action_create", lambda o: [o["plan_draft"].pk], AGENTS, "get"),
    ("training:action_detail", lambda o: [o["plan_draft"].actions.first().pk], READERS, "get"),
    ("training:action_update", lambda o: [o["plan_draft"].actions.first().pk], AGENTS, "get"),
    ("training:action_delete", lambda o: [o["plan_draft"].actions.first().pk], AGENTS, "post-only"),
]


def add_objects(objects, role_users):
    """A draft plan (2050), a plan validated by the chef (2051) and one in execution after the CPDH's approval
    (2052), each with actions; years far off so they meet no other area's plan."""
    from tests.training.test_plan_services import draft_plan, running_plan, validated_plan

    objects["plan_draft"] = draft_plan(role_users["formation"], 2050, actions=2)
    objects["plan_validated"] = validated_plan(role_users, 2051)
    objects["plan_running"] = running_plan(role_users, 2052)
