"""Demo data of the international cooperation (seed_demo): three partners (AFD, AECID, the European Union's
delegation), two programmes in progress and one closed, five activities supporting projects the demo already has, their
follow-up and the reports due (one submitted, one late, one due soon). Everything goes through
coordination.services.cooperation; a second run creates nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coordination.models import (
    ActivityFollowUp,
    ActivityProject,
    CooperationActivity,
    CooperationPartner,
    CooperationProgramme,
    PartnerReport,
)
from coordination.services import cooperation as services
from das.models import Commune

D = Decimal
ZERO = Decimal("0")
PARTNERS = [
    {
        "name": "Agence française de développement",
        "acronym": "AFD",
        "kind": CooperationPartner.Kind.BILATERAL,
        "country": "France",
        "agency": "Agence de Rabat",
        "contact_name": "Claire Martin",
        "contact_email": "rabat@afd.example.org",
        "website": "https://www.afd.fr",
    },
    {
        "name": "Agencia Española de Cooperación Internacional para el Desarrollo",
        "acronym": "AECID",
        "kind": CooperationPartner.Kind.BILATERAL,
        "country": "Espagne",
        "agency": "Oficina Técnica de Cooperación, Rabat",
        "contact_name": "Lucía Fernández",
        "website": "https://www.aecid.es",
    },
    {
        "name": "Union européenne – Délégation au Maroc",
        "acronym": "UE",
        "kind": CooperationPartner.Kind.MULTILATERAL,
        "country": "Union européenne",
        "agency": "Délégation de l'Union européenne au Maroc",
        "website": "https://www.eeas.europa.eu/delegations/morocco",
    },
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _projects(count: int):
    """Projects the demo already has, the most advanced first (never assumed by id)."""
    order = ["en_cours", "acheve", "conventionne", "valide", "cloture"]
    found = list(services.supportable_projects().order_by("code")[:60])
    found.sort(key=lambda project: (order.index(project.status) if project.status in order else 9, project.code))
    return found[:count]


def _commune(name: str):
    return Commune.objects.filter(name_fr__icontains=name).order_by("pk").first()


def _activity(programme, by, title, *, partner, indh, other=ZERO, funders="", commune=None, start=None, **extra):
    return services.activity_create(
        programme=programme,
        by=by,
        title=title,
        description=extra.get("description", ""),
        commune=commune,
        partner_amount=partner,
        indh_amount=indh,
        other_amount=other,
        other_funders=funders,
        amount=partner + indh + other,
        start_on=start,
        end_on=None,
    )


MODELS = (
    CooperationPartner,
    CooperationProgramme,
    CooperationActivity,
    ActivityProject,
    ActivityFollowUp,
    PartnerReport,
)


def _rows() -> int:
    return sum(model.objects.count() for model in MODELS)


def seed(*, by, head=None, secretariat=None) -> int:
    if CooperationProgramme.objects.filter(title__startswith="Appui à l'inclusion économique des jeunes").exists():
        return 0
    projects = _projects(6)
    if len(projects) < 4:
        return 0
    today = timezone.localdate()
    before = _rows()
    partners = {}
    for data in PARTNERS:
        partner = CooperationPartner.objects.filter(name=data["name"]).first()
        if partner is None:
            partner = services.partner_create(by=by, **{"contact_email": "", "contact_phone": "", "notes": "", **data})
        partners[data["acronym"]] = partner
    agadir = _commune("Agadir")

    # AFD: youth economic inclusion, in progress.
    afd = services.programme_create(
        by=by,
        partner=partners["AFD"],
        title="Appui à l'inclusion économique des jeunes de la préfecture d'Agadir Ida-Outanane",
        objectives="Accompagner les porteurs de projets AGR jeunes et renforcer les plateformes des jeunes.",
        agreement_reference="CMA 1432 01 X",
        signed_on=today - dt.timedelta(days=420),
        start_on=today - dt.timedelta(days=400),
        end_on=today + dt.timedelta(days=700),
        amount=D("12000000"),
        partner_contribution=D("8000000"),
    )
    services.programme_start(programme=afd, by=by)
    platform = _activity(
        afd,
        by,
        "Équipement de la plateforme des jeunes d'Agadir",
        partner=D("1800000"),
        indh=D("700000"),
        commune=agadir,
        start=today - dt.timedelta(days=300),
    )
    services.activity_start(activity=platform, by=by)
    services.support_add(activity=platform, by=by, project=projects[0], amount=D("1200000"))
    services.support_add(activity=platform, by=by, project=projects[1], amount=D("900000"))
    services.followup_add(
        activity=platform,
        by=by,
        on=today - dt.timedelta(days=120),
        progress=35,
        spent=D("650000"),
        note="Marché d'équipement attribué ; livraison du mobilier en cours.",
    )
    services.followup_add(
        activity=platform,
        by=by,
        on=today - dt.timedelta(days=20),
        progress=60,
        spent=D("1300000"),
        note="Équipement informatique livré ; formation des animateurs programmée.",
    )
    coaching = _activity(
        afd,
        by,
        "Accompagnement de 300 porteurs de projets AGR",
        partner=D("2400000"),
        indh=D("1200000"),
        other=D("400000"),
        funders="Chambre de commerce, Al Amana",
        start=today - dt.timedelta(days=200),
    )
    services.activity_start(activity=coaching, by=by)
    services.support_add(activity=coaching, by=by, project=projects[2], amount=D("1500000"))
    services.followup_add(
        activity=coaching,
        by=by,
        on=today - dt.timedelta(days=30),
        progress=40,
        spent=D("1400000"),
        note="180 porteurs accompagnés, 64 projets financés.",
    )
    services.report_add(
        programme=afd,
        by=by,
        kind="technique",
        title="Rapport technique semestriel (S1)",
        due_on=today - dt.timedelta(days=15),
    )
    services.report_add(
        programme=afd,
        by=by,
        kind="financier",
        title="Rapport financier annuel",
        due_on=today + dt.timedelta(days=20),
    )

    # European Union: early childhood, in progress.
    eu = services.programme_create(
        by=by,
        partner=partners["UE"],
        title="Programme d'appui au préscolaire en milieu rural",
        objectives="Étendre le préscolaire de qualité dans les douars des communes rurales.",
        agreement_reference="NDICI/2024/123-456",
        signed_on=today - dt.timedelta(days=250),
        start_on=today - dt.timedelta(days=240),
        end_on=today + dt.timedelta(days=900),
        amount=D("6500000"),
        partner_contribution=D("5000000"),
    )
    services.programme_start(programme=eu, by=by)
    preschool = _activity(
        eu,
        by,
        "Construction et équipement de 12 unités de préscolaire",
        partner=D("3000000"),
        indh=D("1000000"),
        commune=_commune("Aourir") or agadir,
    )
    services.support_add(activity=preschool, by=by, project=projects[3], amount=D("1800000"))
    if len(projects) > 4:
        services.support_add(activity=preschool, by=by, project=projects[4], amount=D("1200000"))
    _activity(
        eu,
        by,
        "Formation de 40 éducatrices du préscolaire",
        partner=D("600000"),
        indh=D("150000"),
        start=today + dt.timedelta(days=30),
    )
    services.report_add(
        programme=eu, by=by, kind="technique", title="Rapport de démarrage", due_on=today + dt.timedelta(days=45)
    )
    submitted = services.report_add(
        programme=eu, by=by, kind="autre", title="Note de cadrage du programme", due_on=today - dt.timedelta(days=90)
    )
    services.report_submit(
        report=submitted,
        by=by,
        submitted_on=today - dt.timedelta(days=95),
        uploaded=SimpleUploadedFile("note-de-cadrage.pdf", PDF, content_type="application/pdf"),
    )

    # AECID: closed programme on women's cooperatives.
    aecid = services.programme_create(
        by=by,
        partner=partners["AECID"],
        title="Renforcement des coopératives féminines d'argan",
        agreement_reference="AECID-2022-MA-017",
        signed_on=today - dt.timedelta(days=1100),
        start_on=today - dt.timedelta(days=1080),
        end_on=today - dt.timedelta(days=60),
        amount=D("3000000"),
        partner_contribution=D("2200000"),
    )
    services.programme_start(programme=aecid, by=by)
    argan = _activity(
        aecid,
        by,
        "Équipement de 8 coopératives d'argan et formation",
        partner=D("2000000"),
        indh=D("800000"),
        start=today - dt.timedelta(days=1000),
    )
    services.activity_start(activity=argan, by=by)
    services.support_add(activity=argan, by=by, project=projects[-1], amount=D("900000"))
    services.followup_add(
        activity=argan,
        by=by,
        on=today - dt.timedelta(days=80),
        progress=100,
        spent=D("2750000"),
        note="Équipements réceptionnés ; 164 coopératrices formées.",
    )
    services.activity_complete(activity=argan, by=by)
    final = services.report_add(
        programme=aecid, by=by, kind="final", title="Rapport final du programme", due_on=today - dt.timedelta(days=30)
    )
    services.report_submit(
        report=final,
        by=by,
        submitted_on=today - dt.timedelta(days=35),
        uploaded=SimpleUploadedFile("rapport-final-aecid.pdf", PDF, content_type="application/pdf"),
    )
    services.programme_close(programme=aecid, by=by)
    return _rows() - before
