"""The scanned pieces of a dossier: attached by the monitoring service, read by the readers, refused to others."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from das.models import Attachment
from tests.projects import test_dossier_services as dossier_tests
from tests.projects.test_dossier_services import register

pytestmark = pytest.mark.django_db
agent = dossier_tests.agent
call = dossier_tests.call
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_pieces_are_attached_to_the_dossier_and_read_by_readers_only(call, agent, role_users, client_as):
    dossier = register(call, agent)
    upload = reverse("attachment_upload", args=["projects.dossier", dossier.pk])
    response = client_as(agent).post(upload, {"file": SimpleUploadedFile("devis.pdf", PDF), "description": "Devis"})
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:dossier_detail", args=[dossier.pk])
    attachment = Attachment.objects.get()
    page = client_as(role_users["auditeur"]).get(reverse("projects:dossier_detail", args=[dossier.pk]))
    assert "devis.pdf" in page.content.decode()
    assert (
        client_as(role_users["auditeur"]).get(reverse("attachment_download", args=[attachment.pk])).status_code == 200
    )
    assert client_as(role_users["auditeur"]).post(upload, {"file": SimpleUploadedFile("x.pdf", PDF)}).status_code == 403
    assert client_as(role_users["dbm"]).get(reverse("attachment_download", args=[attachment.pk])).status_code == 403
