"""Builders of the execution follow-up tests: projects at a lifecycle state, commissions with members, photos."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from committees.models import Committee
from projects.models import Convention, Project
from projects.services import conventions as convention_services
from projects.services import project_lifecycle
from tests.committees import builders
from tests.committees.test_meeting_services import approved_project
from tests.projects.test_convention_services import at

Status = Project.Status


def project_at(status, role_users, *, on=None):
    """A project brought to ``status`` (conventionné, en cours, achevé, clôturé) through the services."""
    agent = role_users["suivi_evaluation"]
    on = on or timezone.localdate()
    project = approved_project(role_users)
    convention = convention_services.convention_create(project=project, by=agent)
    at(convention, Convention.Status.SIGNED, role_users)
    project.refresh_from_db()
    steps = [
        (Status.IN_PROGRESS, lambda p: project_lifecycle.project_start(project=p, by=agent, on=on)),
        (Status.COMPLETED, lambda p: project_lifecycle.project_provisional_reception(project=p, by=agent, on=on)),
        (Status.CLOSED, lambda p: project_lifecycle.project_final_reception(project=p, by=agent, on=on)),
    ]
    for target, step in steps:
        if project.status == status:
            break
        project = step(project)
        assert project.status == target
    assert project.status == status
    return project


def commission(role_users, kind=Committee.Kind.RECEPTION, count=3):
    """A commission of ``kind`` with ``count`` members; returns (commission, members)."""
    secretariat = role_users["secretariat_cpdh"]
    built = builders.committee(secretariat, kind=kind)
    return built, builders.members(built, secretariat, count=count, women=1, youth=1)


def photo(name="chantier.png", color=(200, 120, 40)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), color).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
