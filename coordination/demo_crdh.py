"""Demo data of the CRDH preparation: on the demo's « CRDH de la région Souss-Massa » committee (committees/demo.py),

- last year's meeting, held and closed, with the province's dossier of last year transmitted and the CRDH's decisions
  on its three requests (approved with reserves, with an action done by the coordination service; approved, with an
  action still open and now late; rejected);
- this year's meeting in three weeks (created if the committee has none to come), with this year's dossier: three
  requests, validated by the chef and transmitted to the region.

Everything goes through the committees' and the coordination service's services. The CRDH committee of the
committees demo has no members: four are added (the region's Wali chairs), as the decisions need a quorum.
Idempotent: a second run creates nothing and returns 0.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

MEMBERS = [
    ("Le Wali de la région Souss-Massa", "Wilaya de la région Souss-Massa", "president", "H", "senior"),
    (
        "Le Gouverneur de la préfecture d'Agadir Ida-Outanane",
        "Préfecture d'Agadir Ida-Outanane",
        "membre",
        "H",
        "adulte",
    ),
    ("La coordinatrice régionale de l'INDH", "Wilaya de la région Souss-Massa", "membre", "F", "adulte"),
    ("Le président du conseil régional", "Conseil régional Souss-Massa", "membre", "H", "adulte"),
]


def _members(committee, secretariat) -> int:
    from committees.models import Member
    from committees.services.committees import member_save

    if committee.members.exists():
        return 0
    for name, institution, function, sex, age in MEMBERS:
        member_save(
            member=Member(
                committee=committee,
                full_name=name,
                institution=institution,
                college=Member.College.ADMINISTRATION,
                function=function,
                is_voting=True,
                sex=sex,
                age_group=age,
                term_start=dt.date(timezone.localdate().year - 3, 1, 1),
            ),
            by=secretariat,
        )
    return len(MEMBERS)


def _requests(year):
    """Three requests of the province, on its projects of ``year`` when the demo has some."""
    from projects.models import Project

    projects = list(Project.objects.filter(validated_on__year=year).select_related("programme").order_by("code")[:4])
    first = projects[:2]
    programme = first[0].programme if first else None
    return [
        {
            "kind": "programmation",
            "subject": f"Validation de la programmation INDH {year} de la préfecture",
            "justification": "Programmation arrêtée par le CPDH : projets validés par programme, avec leurs montants.",
            "amount": None,
            "programme": None,
            "projects": [],
        },
        {
            "kind": "credits",
            "subject": "Crédits complémentaires pour la mise à niveau des écoles rurales",
            "justification": "Les dossiers présélectionnés dépassent l'enveloppe du programme ; "
            "l'appel à projets a montré une forte demande dans les communes rurales.",
            "amount": Decimal("2500000"),
            "programme": programme,
            "projects": first,
        },
        {
            "kind": "reaffectation",
            "subject": "Réaffectation des reliquats de projets achevés",
            "justification": "Reliquats constatés à la réception définitive, à réaffecter aux projets en cours.",
            "amount": Decimal("850000"),
            "programme": None,
            "projects": projects[2:4],
        },
    ]


def _dossier(meeting, year, title, by, head) -> tuple[object, int]:
    from coordination.services import crdh as services

    dossier = services.dossier_create(
        by=by,
        meeting=meeting,
        year=year,
        title=title,
        introduction=(
            "La préfecture d'Agadir Ida-Outanane présente au Comité Régional de Développement Humain sa programmation "
            f"INDH {year}, l'état d'avancement de ses projets et ses demandes."
        ),
    )
    for data in _requests(year):
        projects = data.pop("projects")
        services.request_add(dossier=dossier, by=by, projects=projects, **data)
    services.dossier_validate(dossier=dossier, by=head)
    services.dossier_send(dossier=dossier, by=by)
    return dossier, 4


def _last_year(committee, by, head, secretariat, year) -> int:
    from committees.models import DecisionAction
    from committees.services import meetings as meeting_services

    held_on = dt.date(year, 12, 10)
    meeting = meeting_services.meeting_create(
        committee=committee,
        by=secretariat,
        kind="validation",
        date=held_on,
        time=dt.time(10, 0),
        place="Siège de la Wilaya de la région Souss-Massa, Agadir",
        chair=committee.members.filter(function="president").first(),
    )
    dossier, created = _dossier(
        meeting, year, f"Dossier de la préfecture pour le CRDH – programmation {year}", by, head
    )
    requests = list(dossier.requests.order_by("position"))
    items = meeting_services.agenda_add_records(meeting=meeting, kind="demande_crdh", records=requests, by=secretariat)
    meeting_services.meeting_convene(meeting=meeting, by=secretariat)
    entries = dict.fromkeys(meeting_services.sitting_members(meeting), ("present", ""))
    meeting_services.attendance_record(meeting=meeting, by=secretariat, entries=entries)
    approved = meeting_services.decision_record(item=items[0], by=secretariat, outcome="approuve")
    reserved = meeting_services.decision_record(
        item=items[1],
        by=secretariat,
        outcome="approuve_reserves",
        reserves="Sous réserve de la production des études techniques des écoles concernées.",
        amended_amount=Decimal("2000000"),
    )
    meeting_services.decision_record(
        item=items[2],
        by=secretariat,
        outcome="rejete",
        reason="Reliquats à affecter d'abord aux projets de la préfecture en retard.",
    )
    done = meeting_services.action_add(
        decision=reserved,
        by=secretariat,
        description="Transmettre à la région les études techniques des écoles concernées",
        service=DecisionAction.Service.COORDINATION,
        due_on=held_on + dt.timedelta(days=30),
    )
    meeting_services.action_complete(
        action=done, by=by, done_on=held_on + dt.timedelta(days=21), note="Études transmises par bordereau."
    )
    meeting_services.action_add(
        decision=approved,
        by=secretariat,
        description="Présenter au CRDH le bilan semestriel de la programmation validée",
        service=DecisionAction.Service.COORDINATION,
        due_on=held_on + dt.timedelta(days=180),
    )
    meeting_services.meeting_close(meeting=meeting, by=secretariat)
    return 1 + created + 3 + 2


def seed(*, by, head, secretariat, **_kw) -> int:
    """``by`` is the coordination agent, ``head`` the chef, ``secretariat`` the CPDH secretariat. Returns the number
    of records created (0 the second time)."""
    from committees.models import Committee, Meeting
    from committees.services import meetings as meeting_services
    from coordination.models import CrdhDossier

    committee = Committee.objects.filter(kind=Committee.Kind.CRDH, is_active=True).order_by("pk").first()
    if committee is None:
        return 0
    today = timezone.localdate()
    created = _members(committee, secretariat)
    last_year = today.year - 1
    if not CrdhDossier.objects.filter(year=last_year).exists():
        created += _last_year(committee, by, head, secretariat, last_year)
    if not CrdhDossier.objects.filter(year=today.year).exists():
        meeting = (
            Meeting.objects.filter(
                committee=committee,
                status__in=[Meeting.Status.PLANNED, Meeting.Status.CONVENED],
                date__gte=today,
                crdh_dossier__isnull=True,
            )
            .order_by("date")
            .first()
        )
        if meeting is None:
            meeting = meeting_services.meeting_create(
                committee=committee,
                by=secretariat,
                kind="validation",
                date=today + dt.timedelta(weeks=3),
                time=dt.time(10, 0),
                place="Siège de la Wilaya de la région Souss-Massa, Agadir",
                chair=committee.members.filter(function="president").first(),
            )
            created += 1
        _dossier_made, count = _dossier(
            meeting, today.year, f"Dossier de la préfecture pour le CRDH – programmation {today.year}", by, head
        )
        created += count
    created += _follow_up_draft(committee, by, secretariat, today)
    return created


def _follow_up_draft(committee, by, secretariat, today) -> int:
    """A dossier still in preparation, for a later follow-up meeting of the CRDH: what the chef finds to validate."""
    from committees.services import meetings as meeting_services
    from coordination.models import CrdhDossier
    from coordination.services import crdh as services

    title = f"Point d'avancement {today.year} de la préfecture pour le CRDH de suivi"
    if CrdhDossier.objects.filter(title=title).exists():
        return 0
    meeting = meeting_services.meeting_create(
        committee=committee,
        by=secretariat,
        kind="suivi",
        date=today + dt.timedelta(weeks=10),
        time=dt.time(10, 0),
        place="Siège de la Wilaya de la région Souss-Massa, Agadir",
        chair=committee.members.filter(function="president").first(),
    )
    dossier = services.dossier_create(
        by=by,
        meeting=meeting,
        year=today.year,
        title=title,
        introduction="État d'avancement des projets de la programmation et arbitrage demandé sur un projet bloqué.",
    )
    services.request_add(
        dossier=dossier,
        by=by,
        kind="arbitrage",
        subject="Arbitrage sur le foncier d'un projet bloqué",
        justification="Le terrain prévu n'est pas encore mis à disposition ; la commune propose un autre site.",
        amount=None,
        programme=None,
        projects=[],
    )
    return 3
