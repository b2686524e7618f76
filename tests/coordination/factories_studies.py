"""Builders of the technical studies tests: a project, a study built through the service, a small valid PDF upload."""

import datetime
import itertools
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coordination.services import studies as services
from projects.models import Project
from tests.factories import CommuneFactory, PartnerFactory, PhaseFactory, ProgrammeFactory

_codes = itertools.count(1)

# A minimal PDF (header, one empty page, xref, trailer): the attachment check reads the type from the bytes.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)


def pdf_upload(name="rapport.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def days(n) -> datetime.date:
    """Today plus ``n`` days (negative: in the past)."""
    return timezone.localdate() + datetime.timedelta(days=n)


def project(commune=None, programme=None, code=None) -> Project:
    commune = commune or CommuneFactory()
    programme = programme or ProgrammeFactory(phase=PhaseFactory())
    code = code or f"INDH-ET-{next(_codes):04d}"
    return Project.objects.create(
        code=code,
        title=f"Centre {code}",
        phase=programme.phase,
        programme=programme,
        holder=PartnerFactory(commune=commune),
        commune=commune,
        estimated_cost=Decimal("1000000"),
        indh_share=Decimal("700000"),
        holder_contribution=Decimal("300000"),
        duration_months=12,
        validated_on=days(-200),
        status=Project.Status.IN_PROGRESS,
    )


def study(by, *, projects=(), start_in=-30, end_in=60, **fields):
    values = {
        "kind": "technique",
        "title": "Étude technique APS/APD du centre",
        "performer_kind": "division_equipements",
        "performer_name": "Division des Équipements",
        "amount": Decimal("150000.00"),
        "planned_start": days(start_in),
        "planned_end": days(end_in),
    }
    values.update(fields)
    return services.study_create(by=by, projects=projects, **values)


def started(by, *, started_in=-20, **fields):
    return services.study_start(study=study(by, **fields), by=by, started_on=days(started_in))
