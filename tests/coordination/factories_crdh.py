"""CRDH data for tests, built through the committees' and the coordination service's services."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from committees.models import Committee
from committees.services import meetings as meeting_services
from coordination.services import crdh as services
from tests.committees import builders


def crdh_committee(secretariat, members=6):
    committee = builders.committee(secretariat, kind=Committee.Kind.CRDH, name=f"CRDH test {Committee.objects.count()}")
    if members:
        builders.members(committee, secretariat, count=members, women=2, youth=1)
    return committee


def crdh_meeting(secretariat, *, committee=None, days=21):
    committee = committee or crdh_committee(secretariat)
    return builders.meeting(committee, secretariat, date=timezone.localdate() + dt.timedelta(days=days))


def draft_dossier(agent, secretariat, *, year=None, meeting=None, requests=0, title="Dossier de la province"):
    meeting = meeting or crdh_meeting(secretariat)
    dossier = services.dossier_create(
        by=agent, meeting=meeting, year=year or timezone.localdate().year, title=title, introduction="Présentation"
    )
    for number in range(requests):
        services.request_add(
            dossier=dossier,
            by=agent,
            kind="credits",
            subject=f"Demande {number + 1}",
            justification="Besoins non couverts par l'enveloppe.",
            amount=Decimal("100000") * (number + 1),
            programme=None,
        )
    return dossier


def sent_dossier(role_users, *, requests=2, **kwargs):
    agent, head = role_users["coordination"], role_users["chef"]
    dossier = draft_dossier(agent, role_users["secretariat_cpdh"], requests=requests, **kwargs)
    services.dossier_validate(dossier=dossier, by=head)
    return services.dossier_send(dossier=dossier, by=agent)


def decide(secretariat, dossier, outcomes):
    """Put the dossier's requests on its meeting's agenda, convene it, record attendance and ``outcomes`` (a list of
    (outcome, kwargs)) for the first requests in order. Returns the decisions."""
    meeting = dossier.meeting
    requests = list(dossier.requests.order_by("position"))
    items = meeting_services.agenda_add_records(meeting=meeting, kind="demande_crdh", records=requests, by=secretariat)
    meeting_services.meeting_convene(meeting=meeting, by=secretariat)
    meeting.refresh_from_db()
    builders.all_present(meeting, secretariat)
    decisions = []
    for item, (outcome, extra) in zip(items, outcomes, strict=False):
        decisions.append(meeting_services.decision_record(item=item, by=secretariat, outcome=outcome, **extra))
    return decisions
