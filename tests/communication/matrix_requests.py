"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the communication service: requests."""

from communication.services import requests as services

READERS = {"chef", "communication", "auditeur"}
AGENTS = {"communication"}

MATRIX = [
    ("communication:request_list", lambda o: [], READERS, "get"),
    ("communication:request_create", lambda o: [], AGENTS, "get"),
    ("communication:request_detail", lambda o: [o["com_request"].pk], READERS, "get"),
    ("communication:request_update", lambda o: [o["com_request"].pk], AGENTS, "get"),
    ("communication:request_transition", lambda o: [o["com_request"].pk, "take"], AGENTS, "post-only"),
    ("history", lambda o: ["communication.communicationrequest", o["com_request"].pk], READERS, "get"),
]


def add_objects(objects, role_users):
    """The records this area's rows need (built through the services)."""
    objects["com_request"] = services.request_create(
        by=role_users["communication"],
        requester_kind="autre",
        requester_name="Radio Souss",
        kind="medias",
        subject="Émission sur l'INDH",
        request="Un invité de la division pour une émission sur les appels à projets.",
        commune=objects["commune"],
    )
