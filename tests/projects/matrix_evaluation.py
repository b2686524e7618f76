"""The evaluation pages' rows of the URL x role matrix (tests/test_url_matrix.py) and the objects they need."""

READERS = {"chef", "suivi_evaluation", "secretariat_cpdh", "auditeur"}
MANAGE_DOSSIERS = {"suivi_evaluation"}
EVALUATE = {"chef", "suivi_evaluation"}
APPROVE = {"chef"}

MATRIX = [
    ("projects:evaluators_assign", lambda o: [o["evaluation_call"].pk], MANAGE_DOSSIERS, "get"),
    ("projects:my_evaluations", lambda o: [], EVALUATE, "get"),
    # Only the evaluator named on the evaluation opens it (the chef may evaluate, but not this one: 403).
    ("projects:evaluation_score", lambda o: [o["evaluation"].pk], {"suivi_evaluation"}, "get"),
    ("projects:dossier_evaluation_sheet", lambda o: [o["scored_dossier"].pk, "fr"], READERS, "get"),
    ("projects:call_ranking", lambda o: [o["ranked_call"].pk], READERS, "get"),
    ("projects:call_ranking_pdf", lambda o: [o["ranked_call"].pk, "fr"], READERS, "get"),
    ("projects:preselection_propose", lambda o: [o["ranked_call"].pk], MANAGE_DOSSIERS, "get"),
    ("projects:preselection_validate", lambda o: [o["ranked_call"].pk], APPROVE, "post-only"),
]


def add_objects(objects, role_users):
    """Add to ``objects`` what the rows above need (built through the services)."""
    from projects.services import calls as call_services
    from projects.services import dossiers as services
    from tests.projects.test_call_services import draft_call
    from tests.projects.test_dossier_services import eligible, scored

    agent = role_users["suivi_evaluation"]
    open_call = call_services.call_publish(call=draft_call(agent), by=agent)
    dossier = eligible(open_call, agent)
    services.evaluators_assign(dossiers=[dossier], evaluators=[agent], by=agent)
    objects["evaluation_call"] = open_call
    objects["evaluation"] = dossier.evaluations.get()

    ranked_call = call_services.call_publish(call=draft_call(agent), by=agent)
    objects["scored_dossier"] = scored(ranked_call, agent, ["8", "6"])
    objects["ranked_call"] = call_services.call_close(call=ranked_call, by=agent)
