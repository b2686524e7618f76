"""Attachments: the type comes from the bytes, the size is capped, downloads are checked, scoped and journaled."""

import struct
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from das.models import Attachment, DownloadRecord, Role, RoleAssignment
from das.selectors import attachments_of
from das.services.documents import attachment_add
from tests.factories import CommuneFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
HTML_BYTES = b"<html><script>alert(1)</script></html>"


def png_bytes() -> bytes:
    """A real 1×1 white PNG."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def fake_pdf(name="statuts.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def html_as_pdf():
    # The browser claims a PDF; the bytes are a page with a script.
    return SimpleUploadedFile("statuts.pdf", HTML_BYTES, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary directory, not to the project's media/."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def admin(role_users):
    return role_users["administrateur"]


@pytest.fixture
def partner():
    return PartnerFactory(name="Association Tifaout Aourir")


def scoped_user(role_code, communes, username):
    """A user whose role is limited to some communes (as the administrator sets it)."""
    user = UserFactory(username=username)
    assignment = RoleAssignment.objects.create(user=user, role=Role.objects.get(code=role_code))
    assignment.communes.set(communes)
    return user


# --- the service --------------------------------------------------------------------------------------------------


def test_html_named_pdf_is_refused(admin, partner, media_root):
    with pytest.raises(ValidationError) as raised:
        attachment_add(parent=partner, uploaded=html_as_pdf(), by=admin)
    assert raised.value.code == "file_type"
    assert "Type de fichier refusé" in raised.value.messages[0]
    assert not Attachment.objects.exists()
    assert [p for p in media_root.rglob("*") if p.is_file()] == []


def test_real_pdf_is_accepted(admin, partner, media_root):
    attachment = attachment_add(parent=partner, uploaded=fake_pdf(), by=admin, description="Statuts")
    assert attachment.mime_type == "application/pdf"
    assert attachment.original_name == "statuts.pdf"
    assert attachment.size == len(PDF_BYTES)
    assert attachment.uploaded_by == admin
    assert list(attachments_of(partner)) == [attachment]
    # The stored name is not the user's: no path from the upload survives.
    assert "statuts" not in attachment.file.name
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    assert str(media_root) in attachment.file.path


def test_png_is_accepted_whatever_its_name(admin, partner):
    attachment = attachment_add(
        parent=partner, uploaded=SimpleUploadedFile("photo.jpeg", png_bytes(), content_type="image/jpeg"), by=admin
    )
    assert attachment.mime_type == "image/png"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),  # a Windows executable
        ("note.pdf", b"just some text, not a PDF"),
        ("vide.pdf", b""),
    ],
    ids=["exe", "text", "empty"],
)
def test_other_contents_are_refused(admin, partner, name, content):
    with pytest.raises(ValidationError):
        attachment_add(parent=partner, uploaded=SimpleUploadedFile(name, content), by=admin)
    assert not Attachment.objects.exists()


def test_file_over_the_size_limit_is_refused(admin, partner):
    too_small = override_settings(DAS_MAX_UPLOAD_BYTES=len(PDF_BYTES) - 1)
    with too_small, pytest.raises(ValidationError) as raised:
        attachment_add(parent=partner, uploaded=fake_pdf(), by=admin)
    assert raised.value.code == "file_size"
    assert "taille maximale" in raised.value.messages[0]
    assert not Attachment.objects.exists()


def test_file_at_the_size_limit_is_accepted(admin, partner):
    with override_settings(DAS_MAX_UPLOAD_BYTES=len(PDF_BYTES)):
        attachment_add(parent=partner, uploaded=fake_pdf(), by=admin)
    assert Attachment.objects.count() == 1


# --- the views ----------------------------------------------------------------------------------------------------


def upload_url(partner):
    return reverse("attachment_upload", args=["das.partner", partner.pk])


def test_upload_through_the_page(admin, partner, client_as):
    response = client_as(admin).post(upload_url(partner), {"file": fake_pdf(), "description": "Récépissé"})
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:detail", args=[partner.pk])
    attachment = Attachment.objects.get()
    assert attachment.parent == partner
    assert attachment.description == "Récépissé"
    assert attachment.mime_type == "application/pdf"


def test_upload_of_html_named_pdf_shows_an_error_and_creates_nothing(admin, partner, client_as):
    response = client_as(admin).post(upload_url(partner), {"file": html_as_pdf()}, follow=True)
    assert response.redirect_chain == [(reverse("partners:detail", args=[partner.pk]), 302)]
    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert len(messages) == 1
    assert messages[0][0] == "error"
    assert "Type de fichier refusé" in messages[0][1]
    assert "Type de fichier refusé" in response.content.decode()
    assert not Attachment.objects.exists()


def test_upload_without_file_shows_an_error(admin, partner, client_as):
    response = client_as(admin).post(upload_url(partner), {"description": "rien"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Attachment.objects.exists()


def test_upload_is_refused_to_a_role_that_cannot_edit_partners(role_users, partner, client_as):
    # The auditor sees the partner but may not change it: 403, not a silent redirect.
    response = client_as(role_users["auditeur"]).post(upload_url(partner), {"file": fake_pdf()})
    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_download_is_an_attachment_with_nosniff_and_is_journaled(role_users, admin, partner, client_as):
    attachment = attachment_add(parent=partner, uploaded=fake_pdf("statuts 2024.pdf"), by=admin)
    reader = role_users["auditeur"]

    response = client_as(reader).get(reverse("attachment_download", args=[attachment.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "statuts 2024.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    [record] = DownloadRecord.objects.filter(user=reader)
    assert record.file_name == "statuts 2024.pdf"
    assert record.source == reverse("attachment_download", args=[attachment.pk])


def test_out_of_scope_user_gets_404_everywhere(role_users, admin, client_as):
    aourir, agadir = CommuneFactory(name_fr="Aourir"), CommuneFactory(name_fr="Agadir")
    partner = PartnerFactory(commune=aourir, name="Coopérative Aourir Miel")
    attachment = attachment_add(parent=partner, uploaded=fake_pdf(), by=admin)
    outsider = scoped_user("suivi_evaluation", [agadir], "suivi.agadir")
    client = client_as(outsider)

    download = client.get(reverse("attachment_download", args=[attachment.pk]))
    detail = client.get(reverse("partners:detail", args=[partner.pk]))
    history = client.get(reverse("history", args=["das.partner", partner.pk]))
    upload = client.post(upload_url(partner), {"file": fake_pdf()})
    listing = client.get(reverse("partners:list"))

    assert download.status_code == 404
    assert detail.status_code == 404
    assert history.status_code == 404
    assert upload.status_code == 404
    # Nothing leaks: not the name, not the file, and the download is not journaled as given.
    for response in (download, detail, history):
        assert b"Aourir Miel" not in response.content
    assert "Aourir Miel" not in listing.content.decode()
    assert not DownloadRecord.objects.filter(user=outsider).exists()
    assert Attachment.objects.count() == 1


def test_in_scope_user_can_download(admin, client_as):
    aourir = CommuneFactory(name_fr="Aourir")
    partner = PartnerFactory(commune=aourir)
    attachment = attachment_add(parent=partner, uploaded=fake_pdf(), by=admin)
    insider = scoped_user("suivi_evaluation", [aourir], "suivi.aourir")

    response = client_as(insider).get(reverse("attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert client_as(insider).get(reverse("partners:detail", args=[partner.pk])).status_code == 200


def test_role_without_partner_permission_gets_403(role_users, admin, partner, client_as):
    attachment = attachment_add(parent=partner, uploaded=fake_pdf(), by=admin)
    dbm = role_users["dbm"]
    client = client_as(dbm)
    assert client.get(reverse("attachment_download", args=[attachment.pk])).status_code == 403
    assert client.get(reverse("partners:detail", args=[partner.pk])).status_code == 403
    assert not DownloadRecord.objects.filter(user=dbm).exists()


def test_delete_removes_the_attachment(admin, partner, client_as, django_capture_on_commit_callbacks):
    attachment = attachment_add(parent=partner, uploaded=fake_pdf(), by=admin)
    path = attachment.file.path
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(admin).post(reverse("attachment_delete", args=[attachment.pk]))
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not Path(path).exists()
