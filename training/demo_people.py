"""Demo data of the people area: people trained in the demo communes (some from the CLDH of Aourir and the CPDH),
four EAC/EAQ teams (one below the composition rule) and five support requests at several stages. Built through the
services, idempotent: what exists (a person by name and commune, a team by name and commune, a request by team and
subject) is left as it is."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from committees.models import Committee
from das.models import Commune, Locality
from training.matching import name_key
from training.models import ActorType, AgeGroup, Person, Sex, SupportRequest, Team
from training.services import people as services

F, H = Sex.WOMAN, Sex.MAN
Y, A, S = AgeGroup.YOUNG, AgeGroup.ADULT, AgeGroup.SENIOR

# name, Arabic name, sex, age group, actor type, commune, organisation, function, phone
PEOPLE = [
    ("Hanane Aït Taleb", "حنان آيت الطالب", F, Y, ActorType.EAQ, "Agadir", "", "Animatrice", "0661 23 45 01"),
    ("Youssef Bouhaddou", "يوسف بوحدو", H, Y, ActorType.EAQ, "Agadir", "", "Coordinateur local", "0661 23 45 02"),
    ("Meryem El Ghazi", "مريم الغازي", F, A, ActorType.EAQ, "Agadir", "", "Animatrice", "0661 23 45 03"),
    ("Soufiane Ikken", "سفيان إكن", H, Y, ActorType.EAQ, "Agadir", "", "Animateur", "0661 23 45 04"),
    ("Latifa Ouchrif", "لطيفة أوشريف", F, A, ActorType.EAQ, "Aourir", "", "Coordinatrice locale", "0662 11 20 01"),
    ("Reda Amahrouch", "رضا أمحروش", H, Y, ActorType.EAQ, "Aourir", "", "Animateur", "0662 11 20 02"),
    ("Samira Id Baha", "سميرة إد باها", F, Y, ActorType.EAQ, "Aourir", "", "Animatrice", "0662 11 20 03"),
    ("Mohamed Agnaou", "محمد أكناو", H, A, ActorType.EAC, "Aourir", "", "Coordinateur local", "0662 11 20 04"),
    ("Khadija Boutbagha", "خديجة بوتباغة", F, A, ActorType.EAC, "Aourir", "", "Animatrice", "0662 11 20 05"),
    ("Hicham Oubella", "هشام أوبلا", H, Y, ActorType.EAC, "Aourir", "", "Animateur", "0662 11 20 06"),
    ("Abdelaziz Nait Brahim", "عبد العزيز نايت إبراهيم", H, S, ActorType.EAC, "Drargua", "", "Coordinateur", ""),
    ("Ayoub Lamsiah", "أيوب لمسيح", H, Y, ActorType.EAC, "Drargua", "", "Animateur", "0663 40 50 02"),
    (
        "Nezha Aboulfadl",
        "نزهة أبو الفضل",
        F,
        A,
        ActorType.ASSOCIATION,
        "Agadir",
        "Association Tifawin",
        "Trésorière",
        "",
    ),
    ("Rachida Amzil", "رشيدة أمزيل", F, A, ActorType.COOPERATIVE, "Aziar", "Coopérative Argan Aziar", "Présidente", ""),
    ("Fatima Oubaha", "فاطمة أوباها", F, S, ActorType.COOPERATIVE, "Aziar", "Coopérative Argan Aziar", "Membre", ""),
    (
        "Brahim Ait Oufkir",
        "إبراهيم آيت أوفقير",
        H,
        A,
        ActorType.HOLDER,
        "Amskroud",
        "Association Azrarag",
        "Président",
        "",
    ),
    (
        "Zakaria Hmidouch",
        "زكرياء حميدوش",
        H,
        Y,
        ActorType.HOLDER,
        "Taghazout",
        "Surf Solidaire Tildi",
        "Secrétaire",
        "",
    ),
    ("Ilham Bakrim", "إلهام بكريم", F, Y, ActorType.ASSOCIATION, "Tamri", "Fédération de Tamri", "Animatrice", ""),
    ("Said Oumoussa", "سعيد أوموسى", H, A, ActorType.ELECTED, "Idmine", "Commune d'Idmine", "Vice-président", ""),
    ("Houda Lachgar", "هدى لشكر", F, A, ActorType.DAS_STAFF, "Agadir", "Division de l'Action Sociale", "Cadre", ""),
    (
        "Omar Jebbari",
        "عمر الجباري",
        H,
        A,
        ActorType.DAS_STAFF,
        "Agadir",
        "Division de l'Action Sociale",
        "Technicien",
        "",
    ),
    (
        "Karima Assafi",
        "كريمة أصافي",
        F,
        A,
        ActorType.STATE_SERVICE,
        "Agadir",
        "Délégation de la Santé",
        "Infirmière",
        "",
    ),
    (
        "Mustapha Ait Lhaj",
        "مصطفى آيت الحاج",
        H,
        S,
        ActorType.STATE_SERVICE,
        "Drargua",
        "Entraide nationale",
        "Cadre",
        "",
    ),
    ("Siham Ouardi", "سهام الوردي", F, Y, ActorType.ASSOCIATION, "Tiqqi", "Association Tigmi", "Présidente", ""),
    ("Noureddine Abbou", "نور الدين عبو", H, A, ActorType.COOPERATIVE, "Aqesri", "Coopérative Tamzaourt", "Gérant", ""),
    ("Asmaa Elhansali", "أسماء الحنصالي", F, Y, ActorType.OTHER, "Imouzzer Ida Outanane", "", "Étudiante", ""),
]
# (team name, kind, commune, quartier or None, formed days ago, members: (person name, role))
TEAMS = [
    (
        "Al Massira",
        Team.Kind.EAQ,
        "Agadir",
        "Al Massira",
        400,
        [
            ("Youssef Bouhaddou", "coordinateur"),
            ("Hanane Aït Taleb", "animateur"),
            ("Meryem El Ghazi", "animateur"),
            ("Soufiane Ikken", "animateur"),
        ],
    ),
    (
        "Tamraght",
        Team.Kind.EAQ,
        "Aourir",
        "Tamraght",
        300,
        [("Latifa Ouchrif", "coordinateur"), ("Reda Amahrouch", "animateur"), ("Samira Id Baha", "animateur")],
    ),
    (
        "Aourir centre",
        Team.Kind.EAC,
        "Aourir",
        None,
        500,
        [("Mohamed Agnaou", "coordinateur"), ("Khadija Boutbagha", "animateur"), ("Hicham Oubella", "animateur")],
    ),
    # Below the composition rule on purpose: two members, no woman.
    (
        "Drargua",
        Team.Kind.EAC,
        "Drargua",
        None,
        90,
        [("Abdelaziz Nait Brahim", "coordinateur"), ("Ayoub Lamsiah", "animateur")],
    ),
]
# (team, domain, subject, request, received days ago, steps up to: ouverte, en_cours, repondue, cloturee)
REQUESTS = [
    (
        "Al Massira",
        SupportRequest.Domain.TECHNICAL,
        "Diagnostic participatif du quartier",
        "L'équipe demande un appui pour préparer les fiches d'enquête et le guide d'animation des focus groups.",
        12,
        "ouverte",
    ),
    (
        "Drargua",
        SupportRequest.Domain.ADMINISTRATIVE,
        "Ordre de mission pour les enquêtes de terrain",
        "Les animateurs demandent une lettre de la division pour se présenter aux habitants et aux autorités locales.",
        45,
        "ouverte",
    ),
    (
        "Tamraght",
        SupportRequest.Domain.ACCOUNTING,
        "Tenue de la caisse des activités",
        "L'équipe souhaite un modèle de journal de caisse et de pièces justificatives pour les petites dépenses.",
        20,
        "en_cours",
    ),
    (
        "Aourir centre",
        SupportRequest.Domain.SOCIAL,
        "Orientation des familles en situation de précarité",
        "Comment orienter les familles repérées vers les programmes de l'axe 2 et l'Entraide nationale ?",
        40,
        "repondue",
    ),
    (
        "Al Massira",
        SupportRequest.Domain.FINANCIAL,
        "Financement d'une campagne d'information",
        "Demande de prise en charge des frais d'impression des affiches de la campagne d'information.",
        70,
        "cloturee",
    ),
]


def _commune(name: str) -> Commune:
    commune = Commune.objects.filter(name_fr=name).first()
    if commune is None:
        raise ImproperlyConfigured(f"demo_people: la commune de démonstration « {name} » manque (lancez seed_demo).")
    return commune


def _locality(commune: Commune, name: str) -> Locality:
    locality = Locality.objects.filter(commune=commune, name_fr=name).first()
    if locality is None:
        raise ImproperlyConfigured(
            f"demo_people: le quartier « {name} » de {commune.name_fr} manque (lancez seed_demo)."
        )
    return locality


def _people(by) -> tuple[int, dict]:
    created = 0
    people = {}
    for full_name, name_ar, sex, age, actor, commune_name, organisation, function, phone in PEOPLE:
        commune = _commune(commune_name)
        existing = Person.objects.filter(name_key=name_key(full_name), commune=commune).first()
        if existing is None:
            existing = services.person_create(
                by=by,
                confirmed_not_duplicate=True,
                full_name=full_name,
                full_name_ar=name_ar,
                sex=sex,
                age_group=age,
                actor_type=actor,
                commune=commune,
                organisation=organisation,
                function=function,
                phone=phone,
            )
            created += 1
        people[full_name] = existing
    return created, people


def _committee_members(by) -> int:
    """The CLDH of Aourir and the CPDH members join the register through the committee registration."""
    from training.people_selectors import committee_members_to_register

    committees = Committee.objects.filter(kind__in=[Committee.Kind.CLDH, Committee.Kind.CPDH])
    created = 0
    for committee in committees:
        candidates = committee_members_to_register(committee=committee)
        result = services.register_committee_members(by=by, members=[c.member for c in candidates])
        created += len(result.created)
    return created


def _teams(by, people: dict, today) -> tuple[int, dict]:
    created = 0
    teams = {}
    for name, kind, commune_name, quartier, formed_days, members in TEAMS:
        commune = _commune(commune_name)
        team = Team.objects.filter(commune=commune, name=name).first()
        if team is None:
            team = services.team_create(
                by=by,
                kind=kind,
                name=name,
                commune=commune,
                locality=_locality(commune, quartier) if quartier else None,
                formed_on=today - timedelta(days=formed_days),
            )
            created += 1
            for full_name, role in members:
                services.member_add(team=team, person=people[full_name], by=by, role=role, joined_on=team.formed_on)
                created += 1
        teams[name] = team
    return created, teams


def _requests(by, teams: dict, today) -> int:
    created = 0
    for team_name, domain, subject, request, days_ago, stage in REQUESTS:
        team = teams[team_name]
        if SupportRequest.objects.filter(team=team, subject=subject).exists():
            continue
        received = today - timedelta(days=days_ago)
        support = services.support_request_create(
            by=by, team=team, domain=domain, subject=subject, request=request, received_on=received
        )
        created += 1
        if stage == "ouverte":
            continue
        support = services.support_request_take_charge(support_request=support, by=by)
        if stage == "en_cours":
            continue
        support = services.support_request_answer(
            support_request=support,
            by=by,
            answer="Rencontre tenue avec l'équipe ; la note de la division et les modèles lui ont été remis.",
            answered_on=received + timedelta(days=min(days_ago, 10)),
        )
        if stage == "repondue":
            continue
        services.support_request_close(
            support_request=support, by=by, closing_note="L'équipe confirme que la réponse lui suffit."
        )
    return created


def seed(*, by, **kw) -> int:
    """Records created (0 on a second run)."""
    today = timezone.localdate()
    created, people = _people(by)
    created += _committee_members(by)
    teams_created, teams = _teams(by, people, today)
    created += teams_created
    created += _requests(by, teams, today)
    return created
