"""Builders of the human-development indicator tests: indicators through the service, communes with a population,
projects with an INDH share in given communes, and .xlsx sheets."""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from projects.models import Project, ProjectTerritory
from projects.services import territorial as services
from tests.factories import CommuneFactory, PartnerFactory, PhaseFactory, ProgrammeFactory

HEADER = ["code indicateur", "code commune", "quartier/douar", "année", "valeur", "observation"]
LAST = timezone.localdate().year - 1  # the year the tests fill (a past year)


def indicator(by, code="IDH-PAUV", direction="baisse", unit="%", **extra):
    return services.indicator_save(
        by=by, code=code, name_fr=f"Indicateur {code}", unit=unit, direction=direction, **extra
    )


def commune(code, population, name=None):
    return CommuneFactory(code=code, name_fr=name or f"Commune {code}", population=population)


def project(code, commune, indh, *, validated_year=LAST, status=Project.Status.IN_PROGRESS, territories=None):
    """A project of ``indh`` DH validated in ``validated_year``; ``territories``: [(commune, share %)]."""
    programme = ProgrammeFactory(phase=PhaseFactory())
    built = Project.objects.create(
        code=code,
        title=f"Projet {code}",
        phase=programme.phase,
        programme=programme,
        holder=PartnerFactory(commune=commune),
        commune=commune,
        estimated_cost=Decimal(indh) * 2,
        indh_share=Decimal(indh),
        holder_contribution=Decimal(indh),
        duration_months=12,
        validated_on=timezone.datetime(validated_year, 6, 30).date(),
        status=status,
    )
    for place, share in territories or []:
        ProjectTerritory.objects.create(project=built, commune=place, share=Decimal(share))
    return built


def workbook(rows, header=HEADER, name="valeurs.xlsx"):
    """An uploaded .xlsx whose first sheet holds ``header`` then ``rows``."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")
