"""Demo data of the proximity-communication plan (Préfecture d'Agadir Ida-Outanane), created through
communication.services.plans: last year's plan in execution (communication.demo_execution records its realisations
and closes it), this year's plan validated by the chef and in execution with eight
actions of varied types and communes, and next year's draft with three actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from communication.models import Audience, CommunicationAction, CommunicationPlan
from communication.services import plans as services
from das.models import BudgetLine, Commune

Kind = CommunicationAction.Kind
Channel = CommunicationAction.Channel

OBJECTIVES = (
    "Faire connaître les programmes de l'INDH et les appels à projets dans chaque commune ; sensibiliser les "
    "associations, les coopératives et les porteurs de projets aux critères de sélection et aux procédures de "
    "gestion ; diffuser les réalisations de la préfecture auprès du grand public et des médias."
)
AUDIENCES = (
    "Associations et coopératives, porteurs de projets, jeunes et femmes des quartiers et douars ciblés, élus "
    "communaux, équipes d'animation (EAC/EAQ), médias locaux."
)
# (month, day, title, kind, channel, audience, commune or None, budget, reach, description)
# fmt: off
THIS_YEAR = [
    (2, 18, "Caravane d'information INDH à Aourir", Kind.CARAVAN, Channel.FACE_TO_FACE, Audience.GENERAL_PUBLIC,
     "Aourir", "45000.00", 1200, "Stands, projection et permanence d'information sur les appels à projets."),
    (3, 12, "Atelier de sensibilisation des associations d'Agadir", Kind.WORKSHOP, Channel.FACE_TO_FACE,
     Audience.ASSOCIATIONS, "Agadir", "18000.00", 80, "Critères de sélection, montage du dossier, procédures."),
    (4, 9, "Émission « INDH et vous » sur Radio Agadir", Kind.RADIO, Channel.RADIO, Audience.GENERAL_PUBLIC,
     None, "12000.00", 25000, "Quatre émissions d'une heure avec les porteurs de projets."),
    (5, 20, "Publication du guide des appels à projets", Kind.PUBLICATION, Channel.PRINT, Audience.HOLDERS,
     None, "30000.00", 3000, "Guide bilingue tiré à 3 000 exemplaires."),
    (6, 15, "Affichage des appels à projets dans les communes rurales", Kind.POSTERS, Channel.PRINT,
     Audience.GENERAL_PUBLIC, "Imouzzer Ida Outanane", "9500.00", 5000, "Affiches aux sièges des communes et caïdats."),
    (9, 24, "Journée portes ouvertes de la DAS", Kind.OPEN_DAY, Channel.EVENT, Audience.YOUTH,
     "Agadir", "22000.00", 600, "Accueil des jeunes et des associations, présentation des programmes."),
    (10, 30, "Inauguration du centre socio-éducatif de Drargua", Kind.INAUGURATION, Channel.EVENT, Audience.ELECTED,
     "Drargua", "35000.00", 400, "Cérémonie, visite et couverture par la presse locale."),
    (12, 5, "Campagne sur les réseaux sociaux : réalisations de l'année", Kind.SOCIAL_MEDIA, Channel.WEB,
     Audience.GENERAL_PUBLIC, None, "8000.00", 40000, "Vidéos courtes et portraits de bénéficiaires."),
]
LAST_YEAR = [
    (3, 15, "Caravane d'information INDH à Tamri", Kind.CARAVAN, Channel.FACE_TO_FACE, Audience.GENERAL_PUBLIC,
     "Tamri", "40000.00", 900, ""),
    (5, 10, "Réunion d'information des équipes d'animation", Kind.INFO_MEETING, Channel.FACE_TO_FACE, Audience.TEAMS,
     "Agadir", "6000.00", 60, ""),
    (11, 20, "Émission radio sur les réalisations de l'année", Kind.RADIO, Channel.RADIO, Audience.GENERAL_PUBLIC,
     None, "10000.00", 20000, ""),
]
NEXT_YEAR = [
    (2, 10, "Caravane d'information INDH à Taghazout", Kind.CARAVAN, Channel.FACE_TO_FACE, Audience.GENERAL_PUBLIC,
     "Taghazout", "42000.00", 1000, ""),
    (4, 22, "Atelier des coopératives féminines d'Amskroud", Kind.WORKSHOP, Channel.FACE_TO_FACE, Audience.WOMEN,
     "Amskroud", "15000.00", 60, ""),
    (7, 1, "Exposition des produits des coopératives", Kind.EXHIBITION, Channel.EVENT, Audience.ASSOCIATIONS,
     "Agadir", "50000.00", 2500, ""),
]
# fmt: on


def _fill(plan, rows, *, by, line) -> None:
    communes = {commune.name_fr: commune for commune in Commune.objects.all()}
    for month, day, title, kind, channel, audience, commune, budget, reach, description in rows:
        services.action_add(
            plan=plan,
            by=by,
            title=title,
            kind=kind,
            channel=channel,
            audience=audience,
            commune=communes.get(commune) if commune else None,
            planned_on=dt.date(plan.year, month, day),
            budget_line=line,
            planned_budget=Decimal(budget),
            responsible=by,
            expected_reach=reach,
            description=description,
        )


def seed(*, by, head, **_kw) -> int:
    """``by`` is the communication agent, ``head`` the chef. Returns the number of records created (0 the second
    time)."""
    this_year = timezone.localdate().year
    line = BudgetLine.objects.filter(code="R04").first()
    created = 0
    for year, rows, target in (
        (this_year - 1, LAST_YEAR, "en_execution"),
        (this_year, THIS_YEAR, "en_execution"),
        (this_year + 1, NEXT_YEAR, "brouillon"),
    ):
        if CommunicationPlan.objects.filter(year=year).exists():
            continue
        plan = services.plan_create(
            by=by,
            year=year,
            title=f"Plan de communication de proximité {year}",
            objectives=OBJECTIVES,
            target_audiences=AUDIENCES,
        )
        _fill(plan, rows, by=by, line=line)
        created += 1 + len(rows)
        if target == "en_execution":
            plan = services.plan_validate(plan=plan, by=head)
            services.plan_start(plan=plan, by=by)
    return created
