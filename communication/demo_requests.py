"""Demo data of the support requests area: six requests for communication support from the demo's project holders,
two EAQ teams and a local radio, at every stage (open, late, in progress, answered, closed, reopened), built through
communication.services.requests. Idempotent: a request already there (same subject) is not made again."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from communication.models import CommunicationRequest
from communication.services import requests as services
from projects.models import Project
from training.models import Team

# (requester: "holder:<n>" the n-th project's holder | "team:<name>" | "other:<name>", kind, subject, request,
#  received days ago, wanted in days from reception or None, stage)
REQUESTS = [
    (
        "holder:0",
        "evenement",
        "Inauguration du projet : couverture photo et presse",
        "Le porteur inaugure le projet en présence des autorités locales et souhaite une couverture photo, un "
        "communiqué de presse et la présence de la division.",
        40,
        15,
        "cloturee",
    ),
    (
        "holder:1",
        "signaletique",
        "Panneau de chantier aux couleurs de l'INDH",
        "Le chantier a démarré sans panneau d'information : le porteur demande le modèle réglementaire et les "
        "mentions à faire figurer (coût, part INDH, délai).",
        12,
        7,
        "en_cours",
    ),
    (
        "team:Al Massira",
        "supports",
        "Affiches et dépliants pour la campagne d'information du quartier",
        "L'équipe prépare des rencontres de proximité sur l'appel à projets et demande 200 dépliants en arabe et "
        "en français et 20 affiches.",
        6,
        20,
        "ouverte",
    ),
    (
        "team:Tamraght",
        "medias",
        "Passage à la radio locale sur les projets du quartier",
        "L'équipe est invitée par une radio locale et souhaite un appui pour préparer les messages clés et les "
        "chiffres des réalisations.",
        20,
        10,
        "traitee",
    ),
    (
        "other:Radio Plus Agadir",
        "conseil",
        "Émission sur les critères de sélection de l'appel à projets",
        "La radio souhaite un intervenant de la division et la fiche des critères de sélection pour une émission "
        "d'une heure.",
        3,
        None,
        "ouverte",
    ),
    (
        "holder:2",
        "supports",
        "Étiquettes et catalogue des produits de la coopérative",
        "La coopérative demande un appui pour la conception d'étiquettes et d'un petit catalogue mentionnant le "
        "soutien de l'INDH.",
        55,
        None,
        "reouverte",
    ),
]
ANSWER = "Rencontre tenue avec le demandeur ; les modèles de la division et la charte graphique INDH lui ont été remis."


def _requester(spec: str, holders: list, teams: dict) -> dict | None:
    kind, _sep, value = spec.partition(":")
    if kind == "holder":
        index = int(value)
        if index >= len(holders):
            return None
        holder, project = holders[index]
        return {"requester_kind": "porteur", "holder": holder, "project": project, "commune": project.commune}
    if kind == "team":
        team = teams.get(value)
        return {"requester_kind": "equipe", "team": team} if team else None
    return {"requester_kind": "autre", "requester_name": value}


def _holders() -> list:
    """Holders of the demo's projects, one per holder, finished projects first (they inaugurate)."""
    seen, holders = set(), []
    projects = Project.objects.select_related("holder", "commune").order_by("-status", "code")
    for project in projects.filter(status__in=["acheve", "en_cours", "cloture"]) or projects:
        if project.holder_id not in seen:
            seen.add(project.holder_id)
            holders.append((project.holder, project))
        if len(holders) == 3:
            break
    return holders


def seed(*, by, head=None, **_kw) -> int:
    """Records created (0 on a second run)."""
    today = timezone.localdate()
    holders = _holders()
    teams = {t.name: t for t in Team.objects.filter(kind=Team.Kind.EAQ)}
    created = 0
    for spec, kind, subject, request, days_ago, wanted_in, stage in REQUESTS:
        if CommunicationRequest.objects.filter(subject=subject).exists():
            continue
        requester = _requester(spec, holders, teams)
        if requester is None:
            continue
        received = today - timedelta(days=days_ago)
        wanted = received + timedelta(days=wanted_in) if wanted_in is not None else None
        support = services.request_create(
            by=by, kind=kind, subject=subject, request=request, received_on=received, wanted_by=wanted, **requester
        )
        created += 1
        if stage == "ouverte":
            continue
        support = services.request_take(support_request=support, by=by)
        if stage == "en_cours":
            continue
        support = services.request_answer(
            support_request=support, by=by, answer=ANSWER, answered_on=received + timedelta(days=min(days_ago, 5))
        )
        if stage == "traitee":
            continue
        support = services.request_close(
            support_request=support, by=by, closing_note="Le demandeur confirme que l'appui lui a suffi."
        )
        if stage == "reouverte":
            services.request_reopen(
                support_request=support, by=by, reason="La coopérative demande aussi une affiche pour le souk."
            )
    return created
