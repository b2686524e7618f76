"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the coordination service: crdh.

The CPDH secretariat reads the dossiers and their requests (it records the CRDH's decisions on them) and writes
nothing here (coordination.permissions.can_read_crdh)."""

READERS = {"chef", "coordination", "auditeur", "secretariat_cpdh"}
AGENTS = {"coordination"}
VALIDATORS = {"chef"}


def _first_request(o):
    return [o["crdh_draft"].requests.order_by("position").first().pk]


MATRIX = [
    ("coordination:crdh_list", lambda o: [], READERS, "get"),
    ("coordination:crdh_create", lambda o: [], AGENTS, "get"),
    ("coordination:crdh_decisions", lambda o: [], READERS, "get"),
    ("coordination:crdh_detail", lambda o: [o["crdh_draft"].pk], READERS, "get"),
    ("coordination:crdh_detail", lambda o: [o["crdh_sent"].pk], READERS, "get"),
    ("coordination:crdh_update", lambda o: [o["crdh_draft"].pk], AGENTS, "get"),
    ("coordination:crdh_reopen", lambda o: [o["crdh_validated"].pk], VALIDATORS, "get"),
    ("coordination:crdh_withdraw", lambda o: [o["crdh_sent"].pk], AGENTS, "get"),
    # Each transition's service checks its own permission (validate: the chef; send: the service).
    ("coordination:crdh_transition", lambda o: [o["crdh_draft"].pk, "validate"], READERS, "post-only"),
    ("coordination:crdh_pdf", lambda o: [o["crdh_draft"].pk, "fr"], READERS, "get"),
    ("coordination:crdh_pdf", lambda o: [o["crdh_sent"].pk, "ar"], READERS, "get"),
    ("coordination:crdh_xlsx", lambda o: [o["crdh_sent"].pk], READERS, "get"),
    ("coordination:crdh_request_create", lambda o: [o["crdh_draft"].pk], AGENTS, "get"),
    ("coordination:crdh_request_detail", _first_request, READERS, "get"),
    ("coordination:crdh_request_detail", lambda o: [o["crdh_sent"].requests.first().pk], READERS, "get"),
    ("coordination:crdh_request_update", _first_request, AGENTS, "get"),
    ("coordination:crdh_request_delete", _first_request, AGENTS, "post-only"),
    ("coordination:crdh_request_move", lambda o: [*_first_request(o), "bas"], AGENTS, "post-only"),
]


def add_objects(objects, role_users):
    """A draft dossier with two requests, a validated one and one transmitted to the region."""
    from coordination.services import crdh as services
    from tests.coordination.factories_crdh import draft_dossier, sent_dossier

    agent, secretariat = role_users["coordination"], role_users["secretariat_cpdh"]
    objects["crdh_draft"] = draft_dossier(agent, secretariat, requests=2, year=2061)
    validated = draft_dossier(agent, secretariat, requests=1, year=2062)
    objects["crdh_validated"] = services.dossier_validate(dossier=validated, by=role_users["chef"])
    objects["crdh_sent"] = sent_dossier(role_users, requests=1, year=2063)
