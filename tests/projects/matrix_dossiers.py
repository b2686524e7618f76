"""The dossier pages' rows of the URL x role matrix (tests/test_url_matrix.py) and the objects they need."""

READERS = {"chef", "suivi_evaluation", "secretariat_cpdh", "auditeur"}
WRITERS = {"suivi_evaluation"}
HEAD = {"chef"}

MATRIX = [
    ("projects:dossier_create", lambda o: [o["published_call"].pk], WRITERS, "get"),
    ("projects:dossier_list", lambda o: [], READERS, "get"),
    ("projects:dossier_batch_admissible", lambda o: [], WRITERS, "post-only"),
    ("projects:dossier_detail", lambda o: [o["dossier"].pk], READERS, "get"),
    ("projects:dossier_pieces", lambda o: [o["dossier"].pk], WRITERS, "post-only"),
    ("projects:dossier_eligibility", lambda o: [o["dossier"].pk], WRITERS, "get"),
    ("projects:dossier_late_override", lambda o: [o["dossier"].pk], HEAD, "get"),
    ("projects:dossier_decide", lambda o: [o["dossier"].pk, "declare_inadmissible"], WRITERS, "get"),
    ("projects:dossier_transition", lambda o: [o["dossier"].pk, "declare_admissible"], WRITERS, "post-only"),
    ("projects:dossier_receipt", lambda o: [o["dossier"].pk, "fr"], READERS, "get"),
    ("projects:dossier_missing_pieces", lambda o: [o["dossier"].pk, "fr"], READERS, "get"),
]


def add_objects(objects, role_users):
    """Add to ``objects`` what the rows above need (built through the services)."""
    from tests.projects.test_dossier_services import register

    # A dossier received with its required piece missing: the letter of missing pieces can be printed.
    objects["dossier"] = register(objects["published_call"], role_users["suivi_evaluation"], provided=[])
