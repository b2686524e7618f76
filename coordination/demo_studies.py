"""Demo data of the technical studies area: eight studies and works coordinated with the Division des Équipements,
design offices and contractors for the demo's projects (found by their titles), at every stage — two of them late —
with their deliverables, the received ones as small PDF reports made with WeasyPrint. Built through
coordination.services.studies. Idempotent: a study already there (same title) is not made again."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from html import escape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify

from coordination.models import TechnicalStudy
from coordination.services import studies as services
from projects.models import Project

EQUIPMENT = "Division des Équipements — Préfecture d'Agadir Ida-Outanane"
# Each study: title, kind, performer kind and name, contract, amount, the served project's title prefix, planned start
# and end (days from today), the stage reached (with its day and note), and deliverables (title, due, received or None)
# in days from today.
STUDIES = [
    {
        "title": "Étude technique APS/APD du centre d'accueil pour personnes âgées",
        "kind": "technique",
        "performer_kind": "division_equipements",
        "performer_name": EQUIPMENT,
        "contract_reference": "",
        "amount": None,
        "project": "Centre d'accueil pour personnes âgées",
        "planned": (-90, 30),
        "stage": ("en_cours", -85, ""),
        "deliverables": [("Avant-projet sommaire (APS)", -50, -48), ("Avant-projet détaillé (APD)", 20, None)],
    },
    {
        "title": "Étude géotechnique du terrain de l'école",
        "kind": "geotechnique",
        "performer_kind": "bureau_etudes",
        "performer_name": "Souss Géotechnique SARL",
        "contract_reference": "BC n° 14/DAS/2026",
        "amount": Decimal("48000.00"),
        "project": "Construction d'une école",
        "planned": (-120, -30),
        "stage": ("en_cours", -110, ""),
        "deliverables": [("Rapport géotechnique et note de fondations", -35, None)],
    },
    {
        "title": "Levé topographique du tracé de l'adduction d'eau potable",
        "kind": "topographique",
        "performer_kind": "bureau_etudes",
        "performer_name": "Cabinet Atlas Topographie",
        "contract_reference": "BC n° 09/DAS/2026",
        "amount": Decimal("36500.00"),
        "project": "Adduction d'eau potable",
        "planned": (-60, 15),
        "stage": ("en_cours", -55, ""),
        "deliverables": [("Plan topographique et profil en long", -5, None)],
    },
    {
        "title": "Travaux de réhabilitation de la maison de jeunes",
        "kind": "travaux",
        "performer_kind": "entreprise",
        "performer_name": "Entreprise Tamount Travaux SARL",
        "contract_reference": "Marché n° 05/INDH/2026",
        "amount": Decimal("1250000.00"),
        "project": "Maison de jeunes",
        "planned": (-30, 150),
        "stage": ("en_cours", -25, ""),
        "deliverables": [("PV d'ouverture de chantier", -24, -24), ("PV de réception provisoire", 150, None)],
    },
    {
        "title": "Suivi et contrôle des travaux du centre de santé",
        "kind": "suivi_travaux",
        "performer_kind": "division_equipements",
        "performer_name": EQUIPMENT,
        "contract_reference": "",
        "amount": None,
        "project": "Centre de santé",
        "planned": (-200, -20),
        "stage": ("achevee", -200, -20),
        "deliverables": [("Rapports mensuels de suivi", -60, -58), ("PV de réception provisoire", -22, -21)],
    },
    {
        "title": "Dossier de consultation des entreprises de la piste rurale",
        "kind": "dce",
        "performer_kind": "service_technique",
        "performer_name": "Service technique de la commune",
        "contract_reference": "",
        "amount": None,
        "project": "Aménagement d'une piste rurale",
        "planned": (10, 60),
        "stage": ("programmee", None, ""),
        "deliverables": [("DCE : CPS, bordereau des prix et plans", 55, None)],
    },
    {
        "title": "Étude de faisabilité du foyer féminin",
        "kind": "faisabilite",
        "performer_kind": "bureau_etudes",
        "performer_name": "Bureau d'études Argane Conseil",
        "contract_reference": "BC n° 11/DAS/2026",
        "amount": Decimal("28000.00"),
        "project": "Foyer féminin",
        "planned": (-40, 40),
        "stage": ("suspendue", -35, "En attente de la mise à disposition du terrain par la commune."),
        "deliverables": [("Rapport de faisabilité", 20, None)],
    },
    {
        "title": "Étude technique de l'extension de la cantine scolaire",
        "kind": "technique",
        "performer_kind": "division_equipements",
        "performer_name": EQUIPMENT,
        "contract_reference": "",
        "amount": None,
        "project": "Cantine scolaire",
        "planned": (-20, 70),
        "stage": ("annulee", None, "Projet redimensionné par le CPDH : l'extension n'est plus prévue."),
        "deliverables": [],
    },
]


def deliverable_pdf(study: TechnicalStudy, title: str, received) -> SimpleUploadedFile:
    """A one-page report, as the performer would send it (a real PDF: the attachment check reads its bytes)."""
    from weasyprint import HTML

    html = f"""<html lang="fr"><body style="font-family: sans-serif; font-size: 11pt">
    <p>Royaume du Maroc — Préfecture d'Agadir Ida-Outanane</p>
    <h1 style="font-size: 16pt">{escape(title)}</h1>
    <p><strong>{escape(study.reference)}</strong> — {escape(study.title)}</p>
    <p>Réalisé par : {escape(study.performer_name)}</p>
    <p>Remis le {received:%d/%m/%Y} à la Division de l'Action Sociale.</p>
    <p>Document de démonstration.</p></body></html>"""
    name = f"{slugify(title)[:40]}.pdf"
    return SimpleUploadedFile(name, HTML(string=html).write_pdf(), content_type="application/pdf")


def _project(prefix: str, used: set) -> Project | None:
    projects = Project.objects.filter(title__startswith=prefix).exclude(pk__in=used).order_by("code")
    found = projects.exclude(status__in=["abandonne"]).first()
    if found:
        used.add(found.pk)
    return found


def seed(*, by, head=None, secretariat=None, **_kw) -> int:
    """Studies and deliverables created (0 on a second run)."""
    today = timezone.localdate()
    day = lambda n: today + timedelta(days=n)  # noqa: E731
    created, used = 0, set()
    for spec in STUDIES:
        if TechnicalStudy.objects.filter(title=spec["title"]).exists():
            continue
        project = _project(spec["project"], used)
        start, end = spec["planned"]
        study = services.study_create(
            by=by,
            projects=[project] if project else [],
            kind=spec["kind"],
            title=spec["title"],
            performer_kind=spec["performer_kind"],
            performer_name=spec["performer_name"],
            contract_reference=spec["contract_reference"],
            amount=spec["amount"],
            planned_start=day(start),
            planned_end=day(end),
        )
        created += 1
        deliverables = []
        for title, due, received in spec["deliverables"]:
            deliverables.append((services.deliverable_add(study=study, by=by, title=title, due_on=day(due)), received))
            created += 1
        stage, started, note = spec["stage"]
        if stage == "annulee":
            services.study_cancel(study=study, by=by, reason=note)
            continue
        if started is None:
            continue
        study = services.study_start(study=study, by=by, started_on=day(started))
        for deliverable, received in deliverables:
            if received is not None:
                upload = deliverable_pdf(study, deliverable.title, day(received))
                services.deliverable_receive(deliverable=deliverable, by=by, uploaded=upload, received_on=day(received))
        if stage == "suspendue":
            services.study_suspend(study=study, by=by, reason=note)
        elif stage == "achevee":
            services.study_complete(
                study=study, by=by, ended_on=day(note), note="Travaux réceptionnés provisoirement sans réserves."
            )
    return created
