"""Demo data of the provinces area, through the services: the five other prefectures and provinces of Souss-Massa as
counterparts with their contacts, two joint projects (a regional centre for people with disabilities with Inezgane,
school transport in the rural communes with Taroudant), and three coordination meetings (one held with its minutes
and actions, one planned next month, one cancelled). Idempotent: a second run creates nothing and returns 0."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from coordination.models import CoordinationMeeting, Counterpart, JointProject
from coordination.provinces_selectors import home_province
from coordination.services import provinces as services
from das.models import Province

# code, French name (and the word that finds an existing row), Arabic name, kind, service, contacts
OTHERS = [
    (
        "INZ",
        "Préfecture d'Inezgane-Aït Melloul",
        "Inezgane",
        "عمالة إنزكان أيت ملول",
        Province.Kind.PREFECTURE,
        [
            ("Aïcha Bennani", "Cheffe de la Division de l'Action Sociale", "0528 33 12 40", "das@inezgane.ma", True),
            ("Youssef Amrani", "Chef du service de la coordination", "0528 33 12 41", "", False),
        ],
    ),
    (
        "CHT",
        "Province de Chtouka-Aït Baha",
        "Chtouka",
        "إقليم اشتوكة أيت باها",
        Province.Kind.PROVINCE,
        [("Hassan Oubella", "Chef de la Division de l'Action Sociale", "0528 81 90 12", "das@chtouka.ma", True)],
    ),
    (
        "TAR",
        "Province de Taroudant",
        "Taroudant",
        "إقليم تارودانت",
        Province.Kind.PROVINCE,
        [
            (
                "Fatima Zahra Id Ali",
                "Cheffe de la Division de l'Action Sociale",
                "0528 85 21 30",
                "das@taroudant.ma",
                True,
            ),
            ("Brahim Aït Ouakrim", "Cadre chargé du transport scolaire", "0661 22 45 78", "", False),
        ],
    ),
    (
        "TIZ",
        "Province de Tiznit",
        "Tiznit",
        "إقليم تيزنيت",
        Province.Kind.PROVINCE,
        [("Mohamed Boutaleb", "Chef de la Division de l'Action Sociale", "0528 86 03 15", "das@tiznit.ma", True)],
    ),
    (
        "TAT",
        "Province de Tata",
        "Tata",
        "إقليم طاطا",
        Province.Kind.PROVINCE,
        [("Lahcen Ouchen", "Chef de la Division de l'Action Sociale", "0528 80 21 06", "", True)],
    ),
]
CENTRE = "Centre régional d'accueil des personnes en situation de handicap"
TRANSPORT = "Transport scolaire des élèves des communes rurales limitrophes"


def _province(word: str) -> Province | None:
    return Province.objects.filter(name_fr__icontains=word).order_by("pk").first()


def _counterparts(by) -> tuple[int, dict[str, Province]]:
    created = 0
    provinces = {}
    for code, name_fr, word, name_ar, kind, contacts in OTHERS:
        province = _province(word)
        if province is not None and Counterpart.objects.filter(province=province).exists():
            provinces[code] = province
            continue
        new = None if province else {"name_fr": name_fr, "name_ar": name_ar, "code": code, "kind": kind}
        counterpart = services.counterpart_create(
            by=by,
            province=province,
            new_province=new,
            division_name="Division de l'Action Sociale",
            address=f"Siège de la {name_fr.split(' ', 1)[0].lower()}, {word}",
        )
        created += 1 + (new is not None)
        for full_name, function, phone, email, is_main in contacts:
            services.contact_add(
                counterpart=counterpart,
                by=by,
                full_name=full_name,
                function=function,
                phone=phone,
                email=email,
                is_main=is_main,
            )
            created += 1
        provinces[code] = counterpart.province
    return created, provinces


def _our_project():
    """One of our demo projects for our share of the centre: a disability one if the demo has it."""
    from projects.models import Project

    home = home_province()
    ours = Project.objects.filter(commune__province=home).order_by("code")
    return ours.filter(title__icontains="handicap").first() or ours.first()


def _joint_projects(by, home, provinces) -> tuple[int, list[JointProject]]:
    from das.models import Programme

    if JointProject.objects.filter(title__in=[CENTRE, TRANSPORT]).exists():
        return 0, list(JointProject.objects.filter(title__in=[CENTRE, TRANSPORT]).order_by("pk"))
    today = timezone.localdate()
    programmes = Programme.objects.order_by("code")
    precarity = programmes.filter(name_fr__icontains="précarité").first() or programmes.first()
    infrastructure = programmes.filter(name_fr__icontains="infrastructure").first() or programmes.first()
    centre = services.joint_project_create(
        by=by,
        title=CENTRE,
        description="Un centre commun aux deux préfectures : accueil de jour, rééducation, orientation des familles.",
        programme=precarity,
        lead_province=home,
        total_cost=Decimal("4800000.00"),
        start_on=today - datetime.timedelta(days=120),
        end_on=today + datetime.timedelta(days=500),
    )
    services.share_add(
        joint_project=centre,
        by=by,
        province=home,
        amount=Decimal("2880000.00"),
        project=_our_project(),
        communes="Agadir, Drarga",
        beneficiaries=600,
    )
    services.share_add(
        joint_project=centre,
        by=by,
        province=provinces["INZ"],
        amount=Decimal("1920000.00"),
        communes="Inezgane, Aït Melloul",
        beneficiaries=400,
    )
    services.joint_project_agree(project=centre, by=by)
    services.joint_project_start(project=centre, by=by)
    transport = services.joint_project_create(
        by=by,
        title=TRANSPORT,
        description="Circuits de transport scolaire partagés entre les communes rurales des deux provinces.",
        programme=infrastructure,
        lead_province=provinces["TAR"],
        total_cost=Decimal("1500000.00"),
        start_on=today + datetime.timedelta(days=60),
    )
    services.share_add(
        joint_project=transport,
        by=by,
        province=provinces["TAR"],
        amount=Decimal("900000.00"),
        communes="Aït Iaaza, Ouled Teima",
        beneficiaries=850,
    )
    services.share_add(
        joint_project=transport,
        by=by,
        province=home,
        amount=Decimal("450000.00"),
        communes="Tadrart, Aziar",
        beneficiaries=320,
    )
    return 7, [centre, transport]


def _meetings(by, home, provinces, projects) -> int:
    subjects = [
        "Suivi des projets communs de la région",
        "Préparation de la session du CRDH",
        "Coordination du transport scolaire rural",
    ]
    if CoordinationMeeting.objects.filter(subject__in=subjects).exists():
        return 0
    today = timezone.localdate()
    centre, transport = projects
    held = services.meeting_create(
        by=by,
        subject=subjects[0],
        date=today - datetime.timedelta(days=45),
        time=datetime.time(10, 0),
        place="Salle de réunions de la préfecture d'Agadir Ida-Outanane",
        host_province=home,
        provinces=[provinces["INZ"], provinces["TAR"], provinces["CHT"]],
        joint_projects=[centre, transport],
        agenda="1. Avancement du centre régional pour personnes en situation de handicap\n"
        "2. Répartition du transport scolaire rural\n3. Divers",
    )
    held = services.meeting_record_minutes(
        meeting=held,
        by=by,
        minutes="Les préfectures et provinces ont examiné l'avancement du centre régional : le gros œuvre est "
        "achevé. Taroudant présentera les circuits du transport scolaire et sa part chiffrée. Il est convenu de "
        "se réunir de nouveau avant la session du CRDH.",
        attendees="Khadija Id Brahim, coordination, Agadir Ida-Outanane\nAïcha Bennani, DAS, Inezgane-Aït Melloul\n"
        "Fatima Zahra Id Ali, DAS, Taroudant\nHassan Oubella, DAS, Chtouka-Aït Baha",
    )
    done = services.action_add(
        meeting=held,
        by=by,
        description="Transmettre le plan d'équipement du centre aux deux préfectures",
        responsible_province=home,
        responsible="Service de la coordination",
        due_on=today - datetime.timedelta(days=30),
        progress=60,
    )
    services.action_mark_done(
        action=done, by=by, done_on=today - datetime.timedelta(days=32), done_note="Plan transmis par courrier."
    )
    services.action_add(
        meeting=held,
        by=by,
        description="Chiffrer les circuits de transport scolaire et la part de chaque province",
        responsible_province=provinces["TAR"],
        responsible="Chef de la DAS de Taroudant",
        due_on=today - datetime.timedelta(days=10),
        progress=40,
    )
    services.action_add(
        meeting=held,
        by=by,
        description="Préparer la note commune sur le centre pour le dossier du CRDH",
        responsible_province=provinces["INZ"],
        responsible="Cheffe de la DAS d'Inezgane-Aït Melloul",
        due_on=today + datetime.timedelta(days=20),
        progress=20,
    )
    services.meeting_create(
        by=by,
        subject=subjects[1],
        date=today + datetime.timedelta(days=30),
        time=datetime.time(9, 30),
        place="Siège de la province de Taroudant",
        host_province=provinces["TAR"],
        provinces=[home, provinces["INZ"], provinces["CHT"], provinces["TIZ"], provinces["TAT"]],
        joint_projects=[centre, transport],
        agenda="1. Projets communs à présenter au CRDH\n2. Calendrier de la session",
    )
    cancelled = services.meeting_create(
        by=by,
        subject=subjects[2],
        date=today - datetime.timedelta(days=15),
        place="Siège de la province de Tiznit",
        host_province=provinces["TIZ"],
        provinces=[home, provinces["TAR"]],
        joint_projects=[transport],
    )
    services.meeting_cancel(
        meeting=cancelled, by=by, reason="Reportée : les circuits de Taroudant ne sont pas encore chiffrés."
    )
    return 3 + 3


def seed(*, by, head=None, secretariat=None) -> int:
    """The provinces area's demo records; the number created (0 on a second run)."""
    home = home_province()
    if home is None:
        return 0
    created, provinces = _counterparts(by)
    count, projects = _joint_projects(by, home, provinces)
    created += count
    created += _meetings(by, home, provinces, projects)
    return created
