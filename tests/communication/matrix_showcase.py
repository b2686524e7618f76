"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the communication service: showcase."""

READERS = {"chef", "communication", "auditeur"}
AGENTS = {"communication"}
APPROVERS = {"chef"}

MATRIX = [
    ("communication:sheet_list", lambda o: [], READERS, "get"),
    ("communication:sheet_create", lambda o: [], AGENTS, "get"),
    ("communication:sheet_detail", lambda o: [o["com_sheet_draft"].pk], READERS, "get"),
    ("communication:sheet_detail", lambda o: [o["com_sheet_published"].pk], READERS, "get"),
    ("communication:sheet_update", lambda o: [o["com_sheet_draft"].pk], AGENTS, "get"),
    ("communication:sheet_photo_add", lambda o: [o["com_sheet_draft"].pk], AGENTS, "get"),
    ("communication:sheet_progress_photos", lambda o: [o["com_sheet_draft"].pk], AGENTS, "get"),
    ("communication:sheet_photo", lambda o: [o["com_sheet_draft"].photos.first().pk], READERS, "get"),
    ("communication:sheet_photo_delete", lambda o: [o["com_sheet_draft"].photos.first().pk], AGENTS, "post-only"),
    # Each transition's service checks its own permission (submit: the service; approve: the chef).
    ("communication:sheet_transition", lambda o: [o["com_sheet_draft"].pk, "submit"], READERS, "post-only"),
    ("communication:sheet_transition", lambda o: [o["com_sheet_submitted"].pk, "return"], APPROVERS, "get"),
    ("communication:sheet_transition", lambda o: [o["com_sheet_published"].pk, "withdraw"], AGENTS | APPROVERS, "get"),
    ("communication:sheet_pdf", lambda o: [o["com_sheet_published"].pk, "fr"], READERS, "get"),
    ("communication:sheet_pdf", lambda o: [o["com_sheet_draft"].pk, "ar"], READERS, "get"),
    ("communication:brochure", lambda o: [], READERS, "get"),
    ("communication:brochure_pdf", lambda o: [], READERS, "get"),
]


def add_objects(objects, role_users):
    """A draft fiche with a photo of the works to copy, a fiche submitted to the chef and a published one."""
    import datetime

    from das.services.documents import attachment_add
    from projects.models import ProgressEntry, ProgressPhoto
    from tests.communication.factories import photo_upload
    from tests.communication.test_showcase_services import (
        achieved_project,
        draft_sheet,
        published_sheet,
        submitted_sheet,
    )

    draft = draft_sheet(role_users["communication"], photos=("avant",))
    suivi = role_users["suivi_evaluation"]
    entry = ProgressEntry.objects.create(
        project=draft.project, recorded_on=datetime.date(2025, 1, 10), percent=60, narrative="Murs", recorded_by=suivi
    )
    ProgressPhoto.objects.create(
        entry=entry, attachment=attachment_add(parent=entry, uploaded=photo_upload(), by=suivi)
    )
    objects["com_sheet_draft"] = draft
    objects["com_sheet_submitted"] = submitted_sheet(role_users, achieved_project())
    objects["com_sheet_published"] = published_sheet(role_users, achieved_project())
