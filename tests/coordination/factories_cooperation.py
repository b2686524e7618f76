"""Cooperation records built through coordination.services.cooperation, and INDH projects to support."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coordination.services import cooperation as services
from projects.models import Project
from tests.factories import CommuneFactory, PartnerFactory, PhaseFactory, ProgrammeFactory

D = Decimal
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_counter = {"n": 0}


def pdf_file(name="rapport.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def project(code=None, status=Project.Status.IN_PROGRESS):
    _counter["n"] += 1
    code = code or f"COOP-T-{_counter['n']:04d}"
    commune = CommuneFactory()
    return Project.objects.create(
        code=code,
        title=f"Projet {code}",
        phase=PhaseFactory(),
        programme=ProgrammeFactory(),
        holder=PartnerFactory(commune=commune),
        commune=commune,
        estimated_cost=D("1000000"),
        indh_share=D("800000"),
        holder_contribution=D("200000"),
        duration_months=12,
        validated_on=timezone.localdate() - dt.timedelta(days=100),
        status=status,
    )


def partner(by, name="Agence française de développement", **extra):
    data = {"name": name, "acronym": "AFD", "kind": "bilaterale", "country": "France", **extra}
    return services.partner_create(by=by, **data)


def programme(by, the_partner=None, *, amount="1000000", contribution="600000", start=True, **extra):
    today = timezone.localdate()
    made = services.programme_create(
        by=by,
        partner=the_partner or partner(by, name=f"Partenaire {_next()}"),
        title=extra.pop("title", "Appui aux jeunes"),
        start_on=today - dt.timedelta(days=100),
        end_on=today + dt.timedelta(days=700),
        amount=D(amount),
        partner_contribution=D(contribution),
        **extra,
    )
    if start:
        made = services.programme_start(programme=made, by=by)
    return made


def _next():
    _counter["n"] += 1
    return _counter["n"]


def activity(by, the_programme, *, partner="300000", indh="100000", other="0", title="Plateforme des jeunes"):
    partner, indh, other = D(partner), D(indh), D(other)
    return services.activity_create(
        programme=the_programme,
        by=by,
        title=title,
        partner_amount=partner,
        indh_amount=indh,
        other_amount=other,
        other_funders="Commune" if other else "",
        amount=partner + indh + other,
    )
