"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the committees' documents pages, and their objects."""

from tests.committees.matrix_committees import READ

# Every reader of the committees prints their documents: all roles but the administrator and the DBM.
READERS = READ

MATRIX = [
    ("committees:meeting_convocations_pdf", lambda o: [o["documents_meeting"].pk, "fr"], READERS, "get"),
    (
        "committees:member_convocation_pdf",
        lambda o: [o["documents_meeting"].pk, o["documents_member"].pk, "ar"],
        READERS,
        "get",
    ),
    ("committees:meeting_agenda_pdf", lambda o: [o["documents_meeting"].pk, "ar"], READERS, "get"),
    ("committees:meeting_session_pdf", lambda o: [o["documents_meeting"].pk], READERS, "get"),
    ("committees:meeting_minutes_pdf", lambda o: [o["documents_meeting"].pk, "fr"], READERS, "get"),
    ("committees:feedback_letter_pdf", lambda o: [o["documents_feedback"].pk, "fr"], READERS, "get"),
]


def add_objects(objects, role_users):
    """Add to ``objects`` what the rows above need (built through the services): a small convened meeting with one
    free point, and an answered remontée."""
    from django.utils import timezone

    from committees.services import feedback as feedback_services
    from committees.services import meetings as meeting_services
    from tests.committees import builders

    secretariat = role_users["secretariat_cpdh"]
    committee = builders.committee(secretariat, name="CPDH des documents")
    members = builders.members(committee, secretariat, count=3, women=1, youth=1)
    meeting = builders.meeting(committee, secretariat)
    meeting_services.agenda_add_text(meeting=meeting, by=secretariat, title="Questions diverses")
    objects["documents_meeting"] = meeting_services.meeting_convene(meeting=meeting, by=secretariat)
    objects["documents_member"] = members[1]
    feedback = feedback_services.feedback_register(
        by=secretariat,
        kind="demande_info",
        source="cldh",
        commune=objects["commune"],
        received_on=timezone.localdate(),
        channel="courrier",
        subject="Calendrier des appels à projets",
        content="Le CLDH demande le calendrier des prochains appels à projets.",
    )
    feedback_services.feedback_route(feedback=feedback, by=secretariat, service="secretariat")
    objects["documents_feedback"] = feedback_services.feedback_answer(
        feedback=feedback, by=secretariat, answer="Le calendrier est joint.", answered_on=timezone.localdate()
    )
