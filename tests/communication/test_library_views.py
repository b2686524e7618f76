"""The library's pages: every role reads the published documents and downloads their current French and Arabic
versions (journaled, as attachments under their original name); a draft does not exist for a reader (404) while the
service, the chef and the auditor see it; buttons only for who may; the forms' refusals next to their field; the packs
and their bordereau; constant query counts."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communication.models import DocumentationPack, LibraryDocument
from communication.services import library as services
from das.models import DownloadRecord
from tests.communication.factories import pdf_upload
from tests.communication.test_library_services import new_document, published_document
from tests.training.factories import TeamFactory

pytestmark = pytest.mark.django_db
READERS = ["dbm", "cabinet", "formation"]


def text(response):
    return html.unescape(response.content.decode())


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("role", READERS)
def test_a_reader_sees_published_documents_and_downloads_their_current_versions(role_users, client_as, role):
    agent = role_users["communication"]
    document = published_document(agent, title="Critères de sélection")
    services.version_add(
        document=document, by=agent, language="fr", uploaded=pdf_upload("criteres-v2.pdf"), changes="Barème revu"
    )
    draft = new_document(agent, title="Projet de guide interne")
    client = client_as(role_users[role])
    page = text(client.get(reverse("communication:document_list")))
    assert "Critères de sélection" in page and "Projet de guide interne" not in page
    assert "Télécharger (FR)" in page and "Télécharger (AR)" in page
    assert reverse("communication:document_create") not in page
    assert text(client.get(document.get_absolute_url())).count('data-testid="button-') == 0

    response = client.get(reverse("communication:document_current", args=[document.pk, "fr"]))
    assert response.status_code == 200 and body(response).startswith(b"%PDF")
    assert 'attachment; filename="criteres-v2.pdf"' in response["Content-Disposition"]
    response = client.get(reverse("communication:document_current", args=[document.pk, "ar"]))
    assert response.status_code == 200 and 'filename="doc-ar.pdf"' in response["Content-Disposition"]
    downloads = DownloadRecord.objects.filter(user=role_users[role], kind="bibliothèque")
    assert sorted(downloads.values_list("file_name", flat=True)) == ["criteres-v2.pdf", "doc-ar.pdf"]

    # A draft does not exist for a reader: 404 for its page, its current version and its versions.
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("communication:document_current", args=[draft.pk, "fr"])).status_code == 404
    services.version_add(document=draft, by=agent, language="fr", uploaded=pdf_upload())
    version = draft.versions.get()
    assert client.get(reverse("communication:version_download", args=[version.pk])).status_code == 404


def test_a_withdrawn_document_disappears_for_readers(role_users, client_as):
    agent = role_users["communication"]
    document = published_document(agent)
    services.document_withdraw(document=document, by=agent, reason="Obsolète")
    assert client_as(role_users["dbm"]).get(document.get_absolute_url()).status_code == 404
    page = text(client_as(role_users["auditeur"]).get(document.get_absolute_url()))
    assert "Obsolète" in page and "Retiré" in page


def test_managers_see_drafts_and_filter_by_status(role_users, client_as):
    agent = role_users["communication"]
    published_document(agent, title="Manuel publié")
    new_document(agent, title="Manuel en brouillon")
    for role in ("communication", "chef", "auditeur"):
        page = text(client_as(role_users[role]).get(reverse("communication:document_list")))
        assert "Manuel publié" in page and "Manuel en brouillon" in page
    page = text(client_as(agent).get(reverse("communication:document_list") + "?status=brouillon"))
    assert "Manuel en brouillon" in page and "Manuel publié" not in page
    # The status filter is the managers' only: a reader's ?status= is ignored.
    page = text(client_as(role_users["dbm"]).get(reverse("communication:document_list") + "?status=brouillon"))
    assert "Manuel publié" in page and "Manuel en brouillon" not in page


def test_the_list_filters_by_language_category_and_title(role_users, client_as):
    agent = role_users["communication"]
    published_document(agent, title="Guide arabe", languages=("ar",), category="guide")
    published_document(agent, title="Manuel français", languages=("fr",))
    client = client_as(role_users["dbm"])
    url = reverse("communication:document_list")
    page = text(client.get(url + "?language=ar"))
    assert "Guide arabe" in page and "Manuel français" not in page
    page = text(client.get(url + "?category=manuel"))
    assert "Manuel français" in page and "Guide arabe" not in page
    page = text(client.get(url + "?q=guide"))
    assert "Guide arabe" in page and "Manuel français" not in page


def test_a_missing_language_answers_a_french_404_page(role_users, client_as):
    document = published_document(role_users["communication"], languages=("fr",))
    response = client_as(role_users["dbm"]).get(reverse("communication:document_current", args=[document.pk, "ar"]))
    assert response.status_code == 404 and "pas encore de version en arabe" in text(response)
    response = client_as(role_users["dbm"]).get(reverse("communication:document_current", args=[document.pk, "en"]))
    assert response.status_code == 404


def test_the_service_creates_a_document_with_its_file_and_publishes_it(role_users, client_as):
    client = client_as(role_users["communication"])
    response = client.post(
        reverse("communication:document_create"),
        {
            "title": "Modèle de convention",
            "category": "modele",
            "audience": "acteurs",
            "language": "fr",
            "file": pdf_upload("convention.pdf"),
        },
    )
    document = LibraryDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    page = text(client.get(document.get_absolute_url()))
    assert 'data-testid="button-publish"' in page and 'data-testid="version-add"' in page
    response = client.post(reverse("communication:document_transition", args=[document.pk, "publish"]))
    document.refresh_from_db()
    assert response.status_code == 302 and document.status == LibraryDocument.Status.PUBLISHED
    client.post(reverse("communication:document_transition", args=[document.pk, "withdraw"]), {"reason": ""})
    document.refresh_from_db()
    assert document.status == LibraryDocument.Status.PUBLISHED  # refused: no reason
    client.post(reverse("communication:document_transition", args=[document.pk, "withdraw"]), {"reason": "Périmé"})
    document.refresh_from_db()
    assert document.status == LibraryDocument.Status.WITHDRAWN


def test_a_draft_without_version_shows_why_it_cannot_be_published(role_users, client_as):
    document = new_document(role_users["communication"])
    page = text(client_as(role_users["communication"]).get(document.get_absolute_url()))
    assert 'data-testid="blocked-publish"' in page and "aucune version" in page
    page = text(client_as(role_users["chef"]).get(document.get_absolute_url()))
    assert 'data-testid="blocked-publish"' not in page and 'data-testid="version-add"' not in page


def test_a_bad_file_is_refused_next_to_the_field(role_users, client_as):
    agent = role_users["communication"]
    document = new_document(agent)
    services.version_add(document=document, by=agent, language="fr", uploaded=pdf_upload())
    client = client_as(agent)
    url = reverse("communication:version_add", args=[document.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("virus.pdf", b"#!/bin/sh\necho no", content_type="application/pdf")
    response = client.post(url, {"language": "ar", "file": bad})
    assert response.status_code == 200 and "Type de fichier refusé" in text(response)
    response = client.post(url, {"language": "fr", "file": pdf_upload()})
    assert response.status_code == 200 and "Indiquez les changements" in text(response)
    response = client.post(url, {"language": "fr", "file": pdf_upload(), "changes": "Annexe 3"})
    assert response.status_code == 302 and document.versions.filter(language="fr").count() == 2


def test_the_nav_offers_the_library_to_roles_without_the_communication_space(role_users, client_as):
    url = reverse("communication:document_list")
    item = f'href="{url}">Bibliothèque</a>'
    for role in ("dbm", "cabinet", "formation", "administrateur"):
        assert item in text(client_as(role_users[role]).get("/")), role
    for role in ("communication", "chef", "auditeur"):  # they reach it from the communication space
        assert item not in text(client_as(role_users[role]).get("/")), role


# --- Packs ----------------------------------------
def test_the_service_sends_a_pack_prechecked_in_the_chosen_language(role_users, client_as):
    agent = role_users["communication"]
    document = published_document(agent, title="Fiche pratique de l'EAQ")
    new_document(agent, title="Brouillon non proposé")
    team = TeamFactory()
    client = client_as(agent)
    page = text(client.get(reverse("communication:pack_create") + "?language=ar"))
    fr, ar = document.versions.get(language="fr"), document.versions.get(language="ar")
    assert f'value="{ar.pk}" id="version-{ar.pk}" checked' in page
    assert f'value="{fr.pk}" id="version-{fr.pk}">' in page and "Brouillon non proposé" not in page
    response = client.post(
        reverse("communication:pack_create"),
        {"team": team.pk, "sent_on": timezone.localdate().isoformat(), "channel": "main_propre", "versions": []},
    )
    assert response.status_code == 200 and "Cochez au moins un document" in text(response)
    response = client.post(
        reverse("communication:pack_create"),
        {
            "team": team.pk,
            "sent_on": timezone.localdate().isoformat(),
            "channel": "main_propre",
            "versions": [fr.pk, ar.pk],
        },
    )
    pack = DocumentationPack.objects.get()
    assert response.status_code == 302 and response["Location"] == pack.get_absolute_url()
    page = text(client.get(pack.get_absolute_url()))
    assert pack.reference in page and "Fiche pratique de l'EAQ" in page and "v1" in page
    page = text(client.get(reverse("communication:pack_list") + f"?team={team.pk}"))
    assert pack.reference in page


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_bordereau_is_a_journaled_pdf(role_users, client_as, language):
    agent = role_users["communication"]
    document = published_document(agent)
    pack = services.pack_send(
        by=agent,
        team=TeamFactory(),
        sent_on=timezone.localdate(),
        channel="courrier",
        versions=list(document.versions.all()),
    )
    response = client_as(role_users["chef"]).get(reverse("communication:pack_pdf", args=[pack.pk, language]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert DownloadRecord.objects.filter(file_name=f"bordereau-{pack.reference}-{language}.pdf").exists()


# --- Query counts ----------------------------------------
def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            body(response)
    assert response.status_code == 200, url
    return len(queries)


def test_pages_do_a_constant_number_of_queries(role_users, client_as):
    agent = role_users["communication"]
    team = TeamFactory()

    def grow(n):
        for i in range(n):
            document = published_document(agent, title=f"Document {i} {timezone.now().timestamp()}")
            services.version_add(
                document=document, by=agent, language="fr", uploaded=pdf_upload(), changes="Mise à jour"
            )
        return services.pack_send(
            by=agent,
            team=team,
            sent_on=timezone.localdate(),
            channel="courrier",
            versions=list(services.sendable_versions()),
        )

    pack = grow(2)
    document = LibraryDocument.objects.first()
    urls = {
        "list": reverse("communication:document_list"),
        "detail": document.get_absolute_url(),
        "packs": reverse("communication:pack_list"),
        "pack": pack.get_absolute_url(),
        "pack_create": reverse("communication:pack_create"),
        "pdf": reverse("communication:pack_pdf", args=[pack.pk, "fr"]),
    }
    roles = {"communication": list(urls), "dbm": ["list", "detail"]}
    small = {
        role: {name: count_queries(client_as(role_users[role]), urls[name]) for name in names}
        for role, names in roles.items()
    }
    big_pack = grow(6)
    for i in range(3):
        services.version_add(document=document, by=agent, language="ar", uploaded=pdf_upload(), changes=f"Révision {i}")
    urls["pack"] = big_pack.get_absolute_url()
    urls["pdf"] = reverse("communication:pack_pdf", args=[big_pack.pk, "fr"])
    big = {
        role: {name: count_queries(client_as(role_users[role]), urls[name]) for name in names}
        for role, names in roles.items()
    }
    assert big == small


def test_files_come_only_as_versions_not_as_loose_attachments(role_users, client_as):
    """The shared attachments page adds nothing to a document: a loose file would have no language nor version and
    every role would download it."""
    agent = role_users["communication"]
    document = published_document(agent, languages=("fr",))
    upload = reverse("attachment_upload", args=["communication.librarydocument", document.pk])
    assert client_as(agent).post(upload, {"file": pdf_upload("en-vrac.pdf")}).status_code == 403
    assert document.versions.count() == 1
    assert not document.versions.filter(attachment__original_name="en-vrac.pdf").exists()
