"""Rows of the URL x role matrix (tests/test_url_matrix.py) for the communication service: execution."""

READERS = {"chef", "communication", "auditeur"}
AGENTS = {"communication"}

MATRIX = [
    ("communication:realisation_detail", lambda o: [o["com_exec_done"].pk], READERS, "get"),
    ("communication:realisation_detail", lambda o: [o["com_exec_planned"].pk], READERS, "get"),
    ("communication:realisation_record", lambda o: [o["com_exec_done"].pk], AGENTS, "get"),
    ("communication:realisation_record", lambda o: [o["com_exec_planned"].pk], AGENTS, "get"),
    ("communication:realisation_photo", lambda o: [o["com_exec_photo"].pk], READERS, "get"),
    ("communication:realisation_photo_delete", lambda o: [o["com_exec_photo"].pk], AGENTS, "post-only"),
    ("communication:action_cancel", lambda o: [o["com_exec_planned"].pk], AGENTS, "post-only"),
    ("communication:execution_report", lambda o: [o["com_exec_plan"].pk], READERS, "get"),
    ("communication:execution_report_pdf", lambda o: [o["com_exec_plan"].pk, "fr"], READERS, "get"),
    ("communication:execution_report_pdf", lambda o: [o["com_exec_plan"].pk, "ar"], READERS, "get"),
    ("communication:execution_report_xlsx", lambda o: [o["com_exec_plan"].pk], READERS, "get"),
]


def add_objects(objects, role_users):
    """A plan in execution (2065) with one action done (its realisation has a participant row, a press item and a
    photo) and one still planned. Built with the factories: a realisation's date must be past, the plan's is not."""
    from communication.models import CommunicationAction, PressCoverage, RealisationPhoto
    from das.services.documents import attachment_add
    from tests.communication.factories import (
        ActionRealisationFactory,
        CommunicationActionFactory,
        CommunicationPlanFactory,
        RealisationAttendanceFactory,
        photo_upload,
    )

    agent = role_users["communication"]
    plan = CommunicationPlanFactory(year=2065, status="en_execution", created_by=agent)
    done = CommunicationActionFactory(plan=plan, number=1, status=CommunicationAction.Status.DONE, responsible=agent)
    planned = CommunicationActionFactory(plan=plan, number=2, responsible=agent)
    realisation = ActionRealisationFactory(action=done, recorded_by=agent)
    RealisationAttendanceFactory(realisation=realisation)
    PressCoverage.objects.create(realisation=realisation, medium="presse_ecrite", outlet="Le Matin")
    attachment = attachment_add(parent=realisation, uploaded=photo_upload(), by=agent)
    photo = RealisationPhoto.objects.create(realisation=realisation, attachment=attachment, caption="Accueil")
    objects.update(com_exec_plan=plan, com_exec_done=done, com_exec_planned=planned, com_exec_photo=photo)
