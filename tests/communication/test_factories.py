"""The scaffolding every area of the communication service builds on: factories, roles and permissions."""

import pytest

from communication import permissions
from communication.models import DocumentVersion
from tests.communication import factories
from tests.training.factories import TeamFactory

pytestmark = pytest.mark.django_db


def test_factories_build_consistent_records(role_users):
    realisation = factories.ActionRealisationFactory()
    factories.RealisationAttendanceFactory(realisation=realisation)
    assert realisation.action.plan.year >= 2040
    document = factories.LibraryDocumentFactory(created_by=role_users["communication"])
    version = factories.document_version(document, role_users["communication"])
    assert version.number == 1 and version.attachment.mime_type == "application/pdf"
    pack = factories.DocumentationPackFactory(team=TeamFactory())
    pack.versions.add(version)
    assert DocumentVersion.objects.filter(packs=pack).count() == 1
    request = factories.CommunicationRequestFactory()
    assert request.requester_display == str(request.holder)


def test_roles_carry_the_service_permissions(role_users):
    from das.permissions import require

    assert require(role_users["communication"], permissions.MANAGE_PLAN)
    assert not require(role_users["communication"], permissions.VALIDATE_PLAN)
    assert require(role_users["chef"], permissions.VALIDATE_PLAN)
    assert require(role_users["chef"], permissions.APPROVE_SHOWCASE)
    assert not require(role_users["auditeur"], permissions.MANAGE_LIBRARY)
    for user in role_users.values():
        assert require(user, permissions.VIEW_LIBRARY)
