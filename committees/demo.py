"""Demo committees: the CPDH of Agadir Ida-Outanane with its members, the CLDH of Aourir, the CRDH, the launch,
follow-up and reception commissions with a few members each, a past CLDH meeting whose action is late, and a few
remontées. Built through the services."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from committees.models import Committee, Feedback, Meeting, Member
from committees.services import feedback as feedback_services
from committees.services import meetings as meeting_services
from committees.services.committees import committee_save, member_save

E, A, S, R = (
    Member.College.ELECTED,
    Member.College.ADMINISTRATION,
    Member.College.CIVIL_SOCIETY,
    Member.College.RESOURCE,
)
F, H = Member.Sex.WOMAN, Member.Sex.MAN
Y, M, SR = Member.AgeGroup.YOUNG, Member.AgeGroup.ADULT, Member.AgeGroup.SENIOR

# name, Arabic name, institution / quality, college, function, voting, sex, age group
CPDH_MEMBERS = [
    ("Ahmed Benali", "أحمد بنعلي", "Gouverneur de la préfecture", A, "president", True, H, SR),
    ("Khadija Amrani", "خديجة العمراني", "Cheffe de la Division de l'Action Sociale", A, "secretaire", True, F, M),
    ("Mohamed Ouhammou", "محمد أوحمو", "Président du conseil préfectoral", E, "membre", True, H, SR),
    ("Said Id Ali", "سعيد إد علي", "Président de la commune d'Agadir (représentant)", E, "membre", True, H, M),
    ("Fatima Zahra Bouzid", "فاطمة الزهراء بوزيد", "Présidente de la commune d'Aourir", E, "membre", True, F, M),
    ("Lahcen Aït Baha", "لحسن آيت باها", "Président de la commune de Drargua", E, "membre", True, H, M),
    ("Brahim Oulhaj", "إبراهيم أولحاج", "Président de la commune d'Amskroud", E, "membre", True, H, SR),
    ("Mustapha El Idrissi", "مصطفى الإدريسي", "Délégué de l'Éducation nationale", A, "membre", True, H, M),
    ("Naima Lahlou", "نعيمة لحلو", "Déléguée de la Santé", A, "membre", True, F, M),
    ("Rachid Tazi", "رشيد التازي", "Directeur provincial de l'Équipement", A, "membre", True, H, M),
    ("Abdellah Boukhris", "عبد الله بوخريص", "Délégué de l'Entraide nationale", A, "membre", True, H, M),
    ("Hassan Amzil", "حسن أمزيل", "Directeur régional de l'Agriculture", A, "membre", True, H, SR),
    ("Youssef Ait Lahcen", "يوسف آيت لحسن", "Trésorier préfectoral", A, "observateur", False, H, M),
    ("Imane Chakiri", "إيمان الشاكري", "Association Tifawin pour le développement", S, "membre", True, F, Y),
    ("Omar Bakkali", "عمر البقالي", "Fédération des associations de Tamri", S, "membre", True, H, Y),
    ("Salma Ouazzani", "سلمى الوزاني", "Coopérative féminine Argan Aziar", S, "membre", True, F, Y),
    ("Karim Lamrani", "كريم اللمراني", "Réseau associatif d'Agadir", S, "membre", True, H, M),
    ("Zineb Harrak", "زينب الحراك", "Association Amal pour les personnes handicapées", S, "membre", True, F, M),
    ("Anas Belhaj", "أنس بلحاج", "Union des jeunes entrepreneurs", S, "membre", True, H, Y),
    ("Nadia El Fassi", "نادية الفاسي", "Chercheuse, Université Ibn Zohr", R, "membre", True, F, M),
    ("Driss Mouhib", "إدريس موهيب", "Expert en développement territorial", R, "membre", True, H, SR),
    ("Hind Sabri", "هند صبري", "Experte en économie sociale", R, "membre", True, F, Y),
]

CLDH_AOURIR_MEMBERS = [
    ("Fatima Zahra Bouzid", "فاطمة الزهراء بوزيد", "Présidente de la commune", E, "president", True, F, M),
    ("Ali Ouchen", "علي أوشن", "Conseiller communal", E, "membre", True, H, M),
    ("Hamid Taleb", "حميد طالب", "Caïd d'Aourir", A, "membre", True, H, M),
    ("Jamal Idbouhou", "جمال إدبوهو", "Association Taghazout Surf Solidaire", S, "membre", True, H, Y),
    ("Abdelkrim Naciri", "عبد الكريم الناصري", "Coordinateur de l'EAC", S, "secretaire", True, H, M),
    ("Mehdi Saadi", "مهدي السعدي", "Coopérative des pêcheurs d'Imi Ouaddar", S, "membre", True, H, M),
]


# The launch, follow-up and reception commissions: a visit's PV names the members present, so each has a few.
COMMISSION_MEMBERS = [
    ("Khadija Amrani", "خديجة العمراني", "Cheffe de la Division de l'Action Sociale", A, "president", True, F, M),
    ("Rachid Tazi", "رشيد التازي", "Directeur provincial de l'Équipement", A, "membre", True, H, M),
    ("Youssef Ait Lahcen", "يوسف آيت لحسن", "Trésorier préfectoral", A, "membre", True, H, M),
]
COMMISSIONS = [
    (
        "lancement",
        "Commission provinciale de lancement des projets",
        "اللجنة الإقليمية لإطلاق المشاريع",
        [
            *COMMISSION_MEMBERS,
            ("Omar Bakkali", "عمر البقالي", "Fédération des associations de Tamri", S, "membre", True, H, Y),
        ],
    ),
    (
        "suivi",
        "Commission provinciale de suivi des projets",
        "اللجنة الإقليمية لتتبع المشاريع",
        [
            *COMMISSION_MEMBERS,
            ("Nadia El Fassi", "نادية الفاسي", "Chercheuse, Université Ibn Zohr", R, "membre", True, F, M),
        ],
    ),
    (
        "reception",
        "Commission provinciale de réception des projets",
        "اللجنة الإقليمية لتسلم المشاريع",
        [
            *COMMISSION_MEMBERS,
            (
                "Samira Ouakrim",
                "سميرة أوكريم",
                "Ingénieure, services techniques de la préfecture",
                A,
                "membre",
                True,
                F,
                Y,
            ),
        ],
    ),
]


def _committee(by, **fields) -> tuple[Committee, bool]:
    existing = Committee.objects.filter(name=fields["name"]).first()
    if existing:
        return existing, False
    return committee_save(committee=Committee(**fields), by=by), True


def _members(committee, specs, by, since):
    for full_name, name_ar, title, college, function, voting, sex, age in specs:
        if committee.members.filter(full_name=full_name).exists():
            continue
        member_save(
            member=Member(
                committee=committee,
                full_name=full_name,
                full_name_ar=name_ar,
                title=title,
                college=college,
                function=function,
                is_voting=voting,
                sex=sex,
                age_group=age,
                term_start=since,
            ),
            by=by,
        )


def seed_committees(*, by, communes: dict) -> int:
    """Idempotent: committees by name, members by name within their committee. Returns the committees created."""
    today = timezone.localdate()
    since = today.replace(month=1, day=1) - timedelta(days=365)
    created = 0
    cpdh, new = _committee(
        by,
        kind=Committee.Kind.CPDH,
        name="CPDH de la préfecture d'Agadir Ida-Outanane",
        name_ar="اللجنة الإقليمية للتنمية البشرية لعمالة أكادير إداوتنان",
        chaired_by="Le Gouverneur de la préfecture d'Agadir Ida-Outanane",
        max_members=30,
        min_women_percent=Decimal("20"),
        min_youth_percent=Decimal("15"),
        rules_text="Le comité se réunit sur convocation de son président, au moins deux fois par an.",
    )
    created += new
    _members(cpdh, CPDH_MEMBERS, by, since)
    aourir = communes.get("Aourir")
    if aourir is not None:
        cldh, new = _committee(
            by,
            kind=Committee.Kind.CLDH,
            name="CLDH de la commune d'Aourir",
            name_ar="اللجنة المحلية للتنمية البشرية لجماعة أورير",
            commune=aourir,
            chaired_by="La présidente du conseil communal d'Aourir",
            min_women_percent=Decimal("20"),
        )
        created += new
        _members(cldh, CLDH_AOURIR_MEMBERS, by, since)
        if new:
            _past_meeting(cldh, by, today)
    _, new = _committee(
        by,
        kind=Committee.Kind.CRDH,
        name="CRDH de la région Souss-Massa",
        name_ar="اللجنة الجهوية للتنمية البشرية لجهة سوس ماسة",
    )
    created += new
    for kind, name, name_ar, specs in COMMISSIONS:
        commission, new = _committee(by, kind=kind, name=name, name_ar=name_ar)
        created += new
        _members(commission, specs, by, since)
    if not Feedback.objects.exists() and aourir is not None:
        _feedback(by, aourir, communes.get("Agadir") or aourir, today)
    return created


def _past_meeting(cldh, by, today):
    """A follow-up meeting held two months ago whose action is now late: what the follow-up board is for."""
    meeting = meeting_services.meeting_create(
        committee=cldh,
        by=by,
        kind="suivi",
        date=today - timedelta(days=60),
        time=time(10, 0),
        place="Siège de la commune d'Aourir",
        chair=cldh.members.get(function="president"),
    )
    item = meeting_services.agenda_add_text(
        meeting=meeting,
        by=by,
        title="Avancement des projets INDH de la commune",
        description="Point présenté par l'EAC sur les projets en cours et les difficultés rencontrées.",
    )
    meeting_services.meeting_convene(meeting=meeting, by=by)
    entries = dict.fromkeys(cldh.members.all(), ("present", ""))
    meeting_services.attendance_record(meeting=meeting, by=by, entries=entries)
    decision = meeting_services.decision_record(item=item, by=by, outcome="approuve")
    meeting_services.action_add(
        decision=decision,
        by=by,
        description="Transmettre au CPDH la demande d'extension du centre socio-éducatif d'Aourir.",
        service="secretariat",
        due_on=today - timedelta(days=30),
    )
    meeting_services.meeting_close(meeting=meeting, by=by)
    # The demo replays a meeting held two months ago: its convocation and closing carry their real dates.
    held = timezone.make_aware(datetime.combine(meeting.date, time(12, 30)))
    Meeting.objects.filter(pk=meeting.pk).update(convened_at=held - timedelta(days=10), closed_at=held)


def _feedback(by, aourir, agadir, today):
    feedback_services.feedback_register(
        by=by,
        kind="plainte",
        source="beneficiaire",
        source_name="Habitants du douar Tamraght",
        commune=aourir,
        received_on=today - timedelta(days=45),
        channel="terrain",
        subject="Retard des travaux de la piste de Tamraght",
        content="Les habitants signalent l'arrêt des travaux de la piste depuis trois semaines.",
    )
    feedback_services.feedback_register(
        by=by,
        kind="proposition",
        source="cldh",
        source_name="CLDH d'Agadir",
        commune=agadir,
        received_on=today - timedelta(days=5),
        channel="courrier",
        subject="Proposition d'un programme de soutien scolaire",
        content="Le CLDH propose d'inscrire un programme de soutien scolaire pour les quartiers périphériques.",
    )
