"""The document library's services: documents and their versions (numbers per language under the document's lock,
the changes note, the file's type read from its bytes), the publication transitions with their refusals, and the packs
sent to the teams (only current versions of published documents for the actors or the public)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from communication.models import DocumentationPack, DocumentVersion, LibraryDocument
from communication.services import library as services
from das.models.audit import JournalEntry
from das.workflow import TransitionRefused
from tests.communication.factories import pdf_upload
from tests.training.factories import TeamFactory

pytestmark = pytest.mark.django_db
Status = LibraryDocument.Status


def new_document(by, *, audience=LibraryDocument.Audience.ACTORS, title="Manuel de procédures", **kwargs):
    data = {
        "title": title,
        "title_ar": "",
        "category": LibraryDocument.Category.MANUAL,
        "audience": audience,
        "programme": None,
        "description": "",
    }
    data.update(kwargs)
    return services.document_create(by=by, **data)


def published_document(by, *, languages=("fr", "ar"), **kwargs):
    """A published document with a first version in each of ``languages``."""
    document = new_document(by, **kwargs)
    for language in languages:
        services.version_add(document=document, by=by, language=language, uploaded=pdf_upload(f"doc-{language}.pdf"))
    return services.document_publish(document=document, by=by)


def test_a_document_is_created_as_a_draft_with_its_first_version(role_users):
    agent = role_users["communication"]
    document = new_document(agent, language="ar", uploaded=pdf_upload("dalil.pdf"))
    assert document.status == Status.DRAFT and document.created_by == agent
    version = document.versions.get()
    assert (version.language, version.number, version.attachment.original_name) == ("ar", 1, "dalil.pdf")


def test_creating_with_a_file_that_is_not_a_document_saves_nothing(role_users):
    upload = SimpleUploadedFile("manuel.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        new_document(role_users["communication"], language="fr", uploaded=upload)
    assert "file" in exc.value.error_dict
    assert not LibraryDocument.objects.exists()


def test_versions_are_numbered_per_language_and_later_ones_need_their_changes(role_users):
    agent = role_users["communication"]
    document = new_document(agent)
    first_fr = services.version_add(document=document, by=agent, language="fr", uploaded=pdf_upload())
    first_ar = services.version_add(document=document, by=agent, language="ar", uploaded=pdf_upload())
    assert first_fr.number == 1 and first_ar.number == 1 and first_fr.changes == ""
    with pytest.raises(ValidationError) as exc:
        services.version_add(document=document, by=agent, language="fr", uploaded=pdf_upload())
    assert "changes" in exc.value.error_dict and "version 1" in exc.value.messages[0]
    second = services.version_add(
        document=document, by=agent, language="fr", uploaded=pdf_upload(), changes="Chapitre 4 mis à jour"
    )
    assert second.number == 2
    assert sorted(document.versions.values_list("language", "number")) == [("ar", 1), ("fr", 1), ("fr", 2)]


def test_a_version_refuses_a_file_that_is_not_pdf_or_office(role_users):
    agent = role_users["communication"]
    document = new_document(agent)
    upload = SimpleUploadedFile("notes.pdf", b"just some text, not a PDF", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.version_add(document=document, by=agent, language="fr", uploaded=upload)
    assert "file" in exc.value.error_dict and "Type de fichier refusé" in exc.value.messages[0]
    assert not DocumentVersion.objects.exists()


def test_a_version_needs_a_known_language(role_users):
    agent = role_users["communication"]
    with pytest.raises(ValidationError) as exc:
        services.version_add(document=new_document(agent), by=agent, language="en", uploaded=pdf_upload())
    assert "language" in exc.value.error_dict


def test_publishing_needs_a_version(role_users):
    agent = role_users["communication"]
    document = new_document(agent)
    with pytest.raises(TransitionRefused) as exc:
        services.document_publish(document=document, by=agent)
    assert "aucune version" in exc.value.messages[0]
    services.version_add(document=document, by=agent, language="fr", uploaded=pdf_upload())
    document = services.document_publish(document=document, by=agent)
    assert document.status == Status.PUBLISHED and document.published_by == agent and document.published_at


def test_withdrawing_needs_a_reason_and_republishing_brings_it_back(role_users):
    agent = role_users["communication"]
    document = published_document(agent)
    with pytest.raises(TransitionRefused) as exc:
        services.document_withdraw(document=document, by=agent, reason="  ")
    assert "motif" in exc.value.messages[0]
    document = services.document_withdraw(document=document, by=agent, reason="Remplacé par la phase III")
    assert document.status == Status.WITHDRAWN and document.withdrawal_reason == "Remplacé par la phase III"
    with pytest.raises(TransitionRefused):
        services.document_publish(document=document, by=agent)  # publish is for drafts; republish for withdrawn
    document = services.document_republish(document=document, by=agent)
    assert document.status == Status.PUBLISHED and document.withdrawn_at is None


def test_transitions_are_journaled(role_users):
    agent = role_users["communication"]
    document = published_document(agent)
    entries = JournalEntry.objects.filter(pgh_obj_model="communication.LibraryDocument", pgh_obj_id=str(document.pk))
    assert entries.filter(user=agent).count() >= 2  # created, published
    assert entries.order_by("-pgh_created_at", "-id").first().pgh_data["status"] == "publie"


@pytest.mark.parametrize("role", ["chef", "auditeur", "dbm", "cabinet", "formation", "suivi_evaluation"])
def test_reader_roles_cannot_write(role_users, role):
    agent, reader = role_users["communication"], role_users[role]
    document = new_document(agent)
    services.version_add(document=document, by=agent, language="fr", uploaded=pdf_upload())
    with pytest.raises(PermissionDenied):
        new_document(reader)
    with pytest.raises(PermissionDenied):
        services.document_update(document=document, by=reader, title="x", category="manuel", audience="public")
    with pytest.raises(PermissionDenied):
        services.version_add(document=document, by=reader, language="ar", uploaded=pdf_upload())
    with pytest.raises(PermissionDenied):
        services.document_publish(document=document, by=reader)
    with pytest.raises(PermissionDenied):
        services.pack_send(
            by=reader,
            team=TeamFactory(),
            sent_on=timezone.localdate(),
            channel="main_propre",
            versions=list(document.versions.all()),
        )


def test_updating_a_document_keeps_its_status(role_users):
    agent = role_users["communication"]
    document = published_document(agent)
    document = services.document_update(
        document=document, by=agent, title=" Critères 2026 ", category="criteres", audience="public"
    )
    assert document.title == "Critères 2026" and document.status == Status.PUBLISHED
    with pytest.raises(ValidationError) as exc:
        services.document_update(document=document, by=agent, title="", category="criteres", audience="public")
    assert "title" in exc.value.error_dict


# --- Packs ----------------------------------------
def test_a_pack_is_numbered_and_carries_current_versions(role_users):
    agent = role_users["communication"]
    document = published_document(agent)
    current = services.version_add(document=document, by=agent, language="fr", uploaded=pdf_upload(), changes="Annexes")
    team = TeamFactory()
    sent_on = timezone.localdate()
    pack = services.pack_send(by=agent, team=team, sent_on=sent_on, channel="courrier", versions=[current])
    assert pack.reference == f"PD-{sent_on.year}-0001" and list(pack.versions.all()) == [current]
    second = services.pack_send(
        by=agent, team=team, sent_on=sent_on, channel="courrier", versions=list(services.sendable_versions())
    )
    assert second.reference == f"PD-{sent_on.year}-0002" and second.versions.count() == 2  # fr v2 and ar v1
    assert JournalEntry.objects.filter(
        pgh_obj_model="communication.DocumentationPack", pgh_obj_id=str(pack.pk), user=agent
    ).exists()


def test_a_pack_refuses_a_draft_an_old_version_and_an_internal_document(role_users):
    agent = role_users["communication"]
    draft = new_document(agent, title="Brouillon")
    draft_version = services.version_add(document=draft, by=agent, language="fr", uploaded=pdf_upload())
    published = published_document(agent, languages=("fr",))
    old = published.versions.get()
    services.version_add(document=published, by=agent, language="fr", uploaded=pdf_upload(), changes="v2")
    internal = published_document(agent, audience=LibraryDocument.Audience.STAFF, title="Note interne")
    team = TeamFactory()
    for versions in ([draft_version], [old], list(internal.versions.all())):
        with pytest.raises(ValidationError) as exc:
            services.pack_send(by=agent, team=team, sent_on=timezone.localdate(), channel="email", versions=versions)
        assert "versions" in exc.value.error_dict
    assert not DocumentationPack.objects.exists()


def test_a_pack_needs_a_document_a_past_date_and_an_active_team(role_users):
    agent = role_users["communication"]
    version = published_document(agent, languages=("fr",)).versions.get()
    with pytest.raises(ValidationError) as exc:
        services.pack_send(
            by=agent,
            team=TeamFactory(is_active=False),
            sent_on=timezone.localdate() + datetime.timedelta(days=1),
            channel="email",
            versions=[],
        )
    assert set(exc.value.error_dict) == {"team", "sent_on", "versions"}
    pack = services.pack_send(
        by=agent, team=TeamFactory(), sent_on=datetime.date(2025, 12, 31), channel="email", versions=[version]
    )
    assert pack.reference == "PD-2025-0001"
