"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the communication service: library.

Every role reads the library (list, a published document's page, its versions and current downloads); only the
service writes; the packs are read by the service, the chef and the auditor. A draft answers 404 to the roles that
only read published documents (nothing leaks) — the matrix expects 403 for a refusal, so that case is covered in
tests/communication/test_library_views.py instead."""

READERS = {"chef", "communication", "auditeur"}
AGENTS = {"communication"}
EVERY_ROLE = {
    "administrateur",
    "chef",
    "suivi_evaluation",
    "communication",
    "formation",
    "coordination",
    "secretariat_cpdh",
    "cabinet",
    "dbm",
    "auditeur",
}

MATRIX = [
    ("communication:document_list", lambda o: [], EVERY_ROLE, "get"),
    ("communication:document_create", lambda o: [], AGENTS, "get"),
    ("communication:document_detail", lambda o: [o["com_lib_published"].pk], EVERY_ROLE, "get"),
    ("communication:document_update", lambda o: [o["com_lib_draft"].pk], AGENTS, "get"),
    ("communication:version_add", lambda o: [o["com_lib_published"].pk], AGENTS, "get"),
    ("communication:version_download", lambda o: [o["com_lib_version"].pk], EVERY_ROLE, "get"),
    ("communication:document_current", lambda o: [o["com_lib_published"].pk, "fr"], EVERY_ROLE, "get"),
    ("communication:document_current", lambda o: [o["com_lib_published"].pk, "ar"], EVERY_ROLE, "get"),
    ("communication:document_transition", lambda o: [o["com_lib_draft"].pk, "publish"], AGENTS, "post-only"),
    ("communication:pack_list", lambda o: [], READERS, "get"),
    ("communication:pack_create", lambda o: [], AGENTS, "get"),
    ("communication:pack_detail", lambda o: [o["com_lib_pack"].pk], READERS, "get"),
    ("communication:pack_pdf", lambda o: [o["com_lib_pack"].pk, "fr"], READERS, "get"),
    ("communication:pack_pdf", lambda o: [o["com_lib_pack"].pk, "ar"], READERS, "get"),
]


def add_objects(objects, role_users):
    """A published document in French and Arabic, a draft, and a pack carrying the published document."""
    from django.utils import timezone

    from communication.services import library as services
    from tests.communication.test_library_services import new_document, published_document
    from tests.training.factories import TeamFactory

    agent = role_users["communication"]
    published = published_document(agent, title="Manuel de procédures (matrice)")
    objects["com_lib_published"] = published
    objects["com_lib_version"] = published.versions.get(language="fr")
    objects["com_lib_draft"] = new_document(agent, title="Brouillon (matrice)")
    objects["com_lib_pack"] = services.pack_send(
        by=agent,
        team=TeamFactory(),
        sent_on=timezone.localdate(),
        channel="main_propre",
        versions=list(published.versions.all()),
    )
