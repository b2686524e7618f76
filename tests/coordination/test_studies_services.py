"""Services of the technical studies area: creation and its checks, numbering, update, every transition allowed and
refused, the deliverables (added, edited, removed, received, replaced), and the late rule (SQL and in memory)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from coordination import studies_selectors as selectors
from coordination.models import StudyDeliverable, TechnicalStudy
from coordination.services import studies as services
from das.models import Attachment
from das.selectors import attachments_of
from das.workflow import TransitionRefused
from tests.coordination.factories_studies import days, pdf_upload, project, started, study

pytestmark = pytest.mark.django_db
Status = TechnicalStudy.Status


@pytest.fixture
def agent(role_users):
    return role_users["coordination"]


def test_create_numbers_by_planned_start_year_and_links_projects(agent):
    served = [project(), project()]
    first = study(agent, projects=served)
    second = study(agent)
    year = first.planned_start.year
    assert first.reference == f"ET-{year}-0001" and second.reference == f"ET-{year}-0002"
    assert first.status == Status.PLANNED
    assert set(first.projects.all()) == set(served)


@pytest.mark.parametrize("code", ["chef", "auditeur", "suivi_evaluation"])
def test_only_the_service_records_studies(role_users, code):
    with pytest.raises(PermissionDenied):
        study(role_users[code])
    assert not TechnicalStudy.objects.exists()


def test_create_refuses_an_end_before_the_start_and_missing_fields(agent):
    with pytest.raises(ValidationError) as exc:
        study(agent, start_in=10, end_in=5)
    assert "planned_end" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        study(agent, title="  ", performer_name="")
    assert {"title", "performer_name"} <= set(exc.value.error_dict)
    assert not TechnicalStudy.objects.exists()


def test_the_database_refuses_an_end_before_the_start(agent):
    record = study(agent)
    with pytest.raises(IntegrityError), transaction.atomic():
        TechnicalStudy.objects.filter(pk=record.pk).update(planned_end=days(-400))


def test_update_until_closed(agent, role_users):
    record = study(agent)
    other = project()
    updated = services.study_update(study=record, by=agent, title="APD révisé", projects=[other])
    assert updated.title == "APD révisé" and list(updated.projects.all()) == [other]
    assert updated.reference == record.reference
    with pytest.raises(PermissionDenied):
        services.study_update(study=record, by=role_users["chef"], title="x")
    services.study_cancel(study=record, by=agent, reason="Projet abandonné")
    with pytest.raises(TransitionRefused):
        services.study_update(study=record, by=agent, title="Encore")


def test_start_needs_a_day_not_in_the_future(agent, role_users):
    record = study(agent)
    with pytest.raises(TransitionRefused):
        services.study_start(study=record, by=agent, started_on=days(1))
    with pytest.raises(PermissionDenied):
        services.study_start(study=record, by=role_users["chef"])
    record = services.study_start(study=record, by=agent, started_on=days(-3))
    assert record.status == Status.IN_PROGRESS and record.actual_start == days(-3)
    with pytest.raises(TransitionRefused):
        services.study_start(study=record, by=agent)


def test_complete_refused_while_a_deliverable_is_awaited_unless_removed(agent):
    record = started(agent)
    awaited = services.deliverable_add(study=record, by=agent, title="Rapport APS", due_on=days(10))
    with pytest.raises(TransitionRefused) as exc:
        services.study_complete(study=record, by=agent, ended_on=days(0))
    assert "Rapport APS" in " ".join(exc.value.messages)
    services.deliverable_remove(deliverable=awaited, by=agent)
    done = services.study_complete(study=record, by=agent, ended_on=days(0))
    assert done.status == Status.COMPLETED and done.actual_end == days(0)


def test_complete_after_receipt_and_not_before_the_start_or_in_the_future(agent):
    record = started(agent, started_in=-20)
    deliverable = services.deliverable_add(study=record, by=agent, title="Plans APD", due_on=days(-2))
    services.deliverable_receive(deliverable=deliverable, by=agent, uploaded=pdf_upload(), received_on=days(-1))
    with pytest.raises(TransitionRefused):
        services.study_complete(study=record, by=agent, ended_on=days(-25))
    with pytest.raises(TransitionRefused):
        services.study_complete(study=record, by=agent, ended_on=days(2))
    assert services.study_complete(study=record, by=agent, ended_on=days(0)).status == Status.COMPLETED


def test_suspend_resume_cancel_need_a_reason(agent):
    record = started(agent)
    with pytest.raises(TransitionRefused):
        services.study_suspend(study=record, by=agent, reason=" ")
    record = services.study_suspend(study=record, by=agent, reason="Attente du foncier")
    assert record.status == Status.SUSPENDED and record.status_note == "Attente du foncier"
    with pytest.raises(TransitionRefused):
        services.study_complete(study=record, by=agent)
    record = services.study_resume(study=record, by=agent, reason="Terrain libéré")
    assert record.status == Status.IN_PROGRESS
    record = services.study_cancel(study=record, by=agent, reason="Projet reporté")
    assert record.status == Status.CANCELLED
    with pytest.raises(TransitionRefused):
        services.study_cancel(study=record, by=agent, reason="Encore")


def test_cancel_from_planned_and_refused_once_completed(agent):
    planned = study(agent)
    assert services.study_cancel(study=planned, by=agent, reason="Doublon").status == Status.CANCELLED
    done = services.study_complete(study=started(agent), by=agent)
    with pytest.raises(TransitionRefused):
        services.study_cancel(study=done, by=agent, reason="Trop tard")


def test_status_history_lists_each_change_with_its_note(agent):
    record = started(agent)
    services.study_suspend(study=record, by=agent, reason="Intempéries")
    history = selectors.status_history(record)
    assert [h["status"] for h in history] == ["programmee", "en_cours", "suspendue"]
    assert history[-1]["note"] == "Intempéries" and history[-1]["by"]


# --- Deliverables -----------------------------------------------------------------------------------------------------


def test_deliverable_add_edit_remove_and_refusals(agent, role_users):
    record = study(agent)
    with pytest.raises(ValidationError) as exc:
        services.deliverable_add(study=record, by=agent, title="", due_on=None)
    assert {"title", "due_on"} <= set(exc.value.error_dict)
    with pytest.raises(PermissionDenied):
        services.deliverable_add(study=record, by=role_users["auditeur"], title="x", due_on=days(3))
    deliverable = services.deliverable_add(study=record, by=agent, title="Rapport", due_on=days(3))
    deliverable = services.deliverable_update(deliverable=deliverable, by=agent, title="Rapport final", due_on=days(9))
    assert deliverable.title == "Rapport final" and deliverable.due_on == days(9)
    services.deliverable_remove(deliverable=deliverable, by=agent)
    assert not StudyDeliverable.objects.exists()


def test_receive_stores_the_file_on_the_study_and_checks_dates_and_state(agent):
    planned = study(agent)
    deliverable = services.deliverable_add(study=planned, by=agent, title="Levé", due_on=days(5))
    with pytest.raises(TransitionRefused):  # not started yet
        services.deliverable_receive(deliverable=deliverable, by=agent, uploaded=pdf_upload())
    record = services.study_start(study=planned, by=agent, started_on=days(-10))
    with pytest.raises(ValidationError) as exc:
        services.deliverable_receive(deliverable=deliverable, by=agent, uploaded=pdf_upload(), received_on=days(1))
    assert "received_on" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.deliverable_receive(deliverable=deliverable, by=agent, uploaded=pdf_upload(), received_on=days(-11))
    assert "received_on" in exc.value.error_dict
    fake = SimpleUploadedFile("rapport.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.deliverable_receive(deliverable=deliverable, by=agent, uploaded=fake)
    assert "file" in exc.value.error_dict
    assert not Attachment.objects.exists()
    received = services.deliverable_receive(
        deliverable=deliverable, by=agent, uploaded=pdf_upload(), received_on=days(0)
    )
    assert received.received_on == days(0) and received.file.mime_type == "application/pdf"
    assert list(attachments_of(record)) == [received.file]
    with pytest.raises(TransitionRefused):  # received: it stays
        services.deliverable_remove(deliverable=received, by=agent)


def test_replacing_a_file_keeps_the_former_one_among_the_attachments(agent):
    record = started(agent)
    deliverable = services.deliverable_add(study=record, by=agent, title="DCE", due_on=days(5))
    first = services.deliverable_receive(deliverable=deliverable, by=agent, uploaded=pdf_upload("v1.pdf")).file
    second = services.deliverable_receive(deliverable=deliverable, by=agent, uploaded=pdf_upload("v2.pdf")).file
    assert first.pk != second.pk
    assert {a.original_name for a in attachments_of(record)} == {"v1.pdf", "v2.pdf"}
    first.refresh_from_db()
    assert "remplacé" in first.description


def test_deliverables_of_a_closed_study_do_not_change(agent):
    record = services.study_complete(study=started(agent), by=agent)
    with pytest.raises(TransitionRefused):
        services.deliverable_add(study=record, by=agent, title="Tardif", due_on=days(1))


# --- The late rule ----------------------------------------------------------------------------------------------------


def late_flags():
    return dict(selectors.with_late(TechnicalStudy.objects.all()).values_list("title", "is_late"))


def memory_flag(record):
    record = TechnicalStudy.objects.get(pk=record.pk)
    return selectors.is_late(record, list(record.deliverables.all()))


def test_late_when_the_planned_end_has_passed(agent):
    record = study(agent, title="Fin passée", start_in=-60, end_in=-1)
    on_time = study(agent, title="Dans les temps", start_in=-60, end_in=0)
    assert late_flags() == {"Fin passée": True, "Dans les temps": False}
    assert memory_flag(record) is True and memory_flag(on_time) is False


def test_late_when_a_deliverable_is_overdue_until_it_is_received(agent):
    record = started(agent, title="Livrable en retard")
    deliverable = services.deliverable_add(study=record, by=agent, title="Rapport", due_on=days(-1))
    services.deliverable_add(study=record, by=agent, title="Plans", due_on=days(5))
    assert late_flags() == {"Livrable en retard": True} and memory_flag(record) is True
    services.deliverable_receive(deliverable=deliverable, by=agent, uploaded=pdf_upload())
    assert late_flags() == {"Livrable en retard": False} and memory_flag(record) is False


def test_a_suspended_study_is_not_late(agent):
    record = started(agent, title="Suspendue", start_in=-60, end_in=-1)
    assert late_flags() == {"Suspendue": True}
    services.study_suspend(study=record, by=agent, reason="Attente")
    assert late_flags() == {"Suspendue": False} and memory_flag(record) is False


def test_a_completed_or_cancelled_study_is_not_late(agent):
    done = started(agent, title="Achevée", start_in=-60, end_in=-5)
    services.study_complete(study=done, by=agent)
    cancelled = study(agent, title="Annulée", start_in=-60, end_in=-5)
    services.study_cancel(study=cancelled, by=agent, reason="Abandon")
    assert late_flags() == {"Achevée": False, "Annulée": False}
    assert memory_flag(done) is False and memory_flag(cancelled) is False


def test_counts_of_the_space_and_home_cards(agent):
    late = started(agent, title="En retard", start_in=-60, end_in=-1)
    services.deliverable_add(study=late, by=agent, title="Rapport", due_on=days(-2))
    services.deliverable_add(study=late, by=agent, title="Plans", due_on=days(0))
    done = started(agent, title="Achevée")
    services.study_complete(study=done, by=agent)
    counts = selectors.study_counts()
    assert counts["in_progress"] == 1 and counts["late"] == 1 and counts["completed_this_year"] == 1
    assert counts["overdue"] == 1
    assert counts["awaited_this_month"] in (1, 2)  # the overdue one counts too when it fell this month


def test_the_current_file_of_a_deliverable_cannot_be_deleted_from_the_attachments(agent):
    from das.services.documents import attachment_delete

    record = started(agent)
    deliverable = services.deliverable_add(study=record, by=agent, title="Rapport", due_on=days(5))
    first = services.deliverable_receive(deliverable=deliverable, by=agent, uploaded=pdf_upload("v1.pdf")).file
    with pytest.raises(ValidationError):
        attachment_delete(attachment=first, by=agent)
    services.deliverable_receive(deliverable=deliverable, by=agent, uploaded=pdf_upload("v2.pdf"))
    attachment_delete(attachment=first, by=agent)  # a replaced file is an ordinary attachment again
    assert [a.original_name for a in attachments_of(record)] == ["v2.pdf"]
