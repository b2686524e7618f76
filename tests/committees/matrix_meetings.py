"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the committees' meetings pages, and their objects."""

from tests.committees.matrix_committees import READ

READERS = READ
SECRETARIAT = {"secretariat_cpdh"}
RECTIFIERS = {"chef"}

MATRIX = [
    ("committees:meeting_list", lambda o: [], READERS, "get"),
    ("committees:meeting_create", lambda o: [], SECRETARIAT, "get"),
    ("committees:meeting_detail", lambda o: [o["mt_open"].pk], READERS, "get"),
    ("committees:meeting_update", lambda o: [o["mt_open"].pk], SECRETARIAT, "get"),
    ("committees:meeting_cancel", lambda o: [o["mt_open"].pk], SECRETARIAT, "get"),
    ("committees:agenda_add", lambda o: [o["mt_open"].pk], SECRETARIAT, "get"),
    ("committees:agenda_move", lambda o: [o["mt_undecided_item"].pk], SECRETARIAT, "post-only"),
    ("committees:agenda_remove", lambda o: [o["mt_undecided_item"].pk], SECRETARIAT, "post-only"),
    ("committees:attendance", lambda o: [o["mt_open"].pk], SECRETARIAT, "get"),
    ("committees:decision_record", lambda o: [o["mt_undecided_item"].pk], SECRETARIAT, "get"),
    ("committees:decision_rectify", lambda o: [o["mt_closed_decision"].pk], RECTIFIERS, "get"),
    ("committees:action_add", lambda o: [o["mt_open_decision"].pk], SECRETARIAT, "get"),
    ("committees:meeting_signed_minutes", lambda o: [o["mt_closed"].pk], SECRETARIAT, "post-only"),
    ("committees:meeting_transition", lambda o: [o["mt_open"].pk, "close"], SECRETARIAT, "post-only"),
]


def add_objects(objects, role_users):
    """Add to ``objects`` what the rows above need (built through the services)."""
    from committees.services import meetings as services
    from tests.committees import builders

    secretariat = role_users["secretariat_cpdh"]
    committee = builders.committee(secretariat, name="CPDH (matrice des réunions)")
    builders.members(committee, secretariat, count=5, women=2, youth=1)

    # Convened, attendance taken, the first point decided and the second still open.
    held = builders.meeting(committee, secretariat)
    decided = services.agenda_add_text(meeting=held, by=secretariat, title="Programme de formation des CLDH")
    undecided = services.agenda_add_text(meeting=held, by=secretariat, title="Points divers")
    services.meeting_convene(meeting=held, by=secretariat)
    builders.all_present(held, secretariat)
    objects["mt_open"] = held
    objects["mt_open_decision"] = services.decision_record(item=decided, by=secretariat, outcome="approuve")
    objects["mt_undecided_item"] = undecided

    # Closed, its decision open to rectification.
    closed = builders.meeting(committee, secretariat)
    point = services.agenda_add_text(meeting=closed, by=secretariat, title="Rapport d'activité")
    services.meeting_convene(meeting=closed, by=secretariat)
    builders.all_present(closed, secretariat)
    objects["mt_closed_decision"] = services.decision_record(
        item=point, by=secretariat, outcome="approuve_reserves", reserves="Compléter les annexes"
    )
    objects["mt_closed"] = services.meeting_close(meeting=closed, by=secretariat)
