"""Demo calls for projects, loaded by ``seed_demo`` through the same services staff use."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from das.models import Partner, Programme
from projects.models import CallForProjects
from projects.services import calls as services

K = Partner.Kind
DOCUMENTS = [
    ("Demande de financement signée par le représentant légal", "طلب التمويل موقع من طرف الممثل القانوني", True),
    ("Fiche de présentation du projet", "بطاقة تقديم المشروع", True),
    ("Copie des statuts et du récépissé de dépôt", "نسخة من القانون الأساسي ووصل الإيداع", True),
    ("Procès-verbal de la dernière assemblée générale", "محضر آخر جمع عام", True),
    ("Attestation bancaire (RIB)", "شهادة بنكية", True),
    ("Devis estimatif des dépenses", "تقدير أولي للمصاريف", True),
    ("Engagements des partenaires", "التزامات الشركاء", False),
]
ELIGIBILITY = [
    ("Porteur légalement constitué depuis au moins un an", "حامل مشروع مؤسس قانونيا منذ سنة على الأقل"),
    ("Projet situé dans un territoire ciblé par l'appel", "مشروع يقع في مجال ترابي مستهدف"),
    ("Contribution du porteur d'au moins 30 % du coût", "مساهمة حامل المشروع بنسبة 30 في المائة على الأقل"),
]
SELECTION = [
    ("Pertinence au regard des besoins du territoire", "ملاءمة المشروع لحاجيات المجال الترابي", 25),
    ("Nombre et vulnérabilité des bénéficiaires", "عدد المستفيدين وهشاشتهم", 25),
    ("Viabilité et pérennité", "القابلية للاستمرار والديمومة", 20),
    ("Capacité du porteur et partenariats", "قدرة حامل المشروع والشراكات", 15),
    ("Effet de levier financier", "أثر الرافعة المالية", 15),
]
CALLS = [
    # (programme code, year, French title, Arabic title, envelope, opens, days open, communes, final status)
    (
        "P3",
        2026,
        "Appel à projets 2026 – Amélioration du revenu et inclusion économique des jeunes",
        "طلب مشاريع 2026 – تحسين الدخل والإدماج الاقتصادي للشباب",
        Decimal("12000000"),
        dt.datetime(2026, 11, 2, 9, 0),
        43,
        ["Agadir", "Aourir", "Drargua"],
        CallForProjects.Status.PUBLISHED,
    ),
    (
        "P2",
        2026,
        "Appel à projets 2026 – Accompagnement des personnes en situation de précarité",
        "طلب مشاريع 2026 – مواكبة الأشخاص في وضعية هشاشة",
        Decimal("6500000"),
        dt.datetime(2026, 3, 2, 9, 0),
        30,
        ["Agadir", "Tamri", "Imouzzer Ida Outanane"],
        CallForProjects.Status.EVALUATED,
    ),
]


def seed_calls(*, by, communes: dict) -> int:
    """Idempotent: a call is recognised by its title and year. Returns how many were created."""
    created = 0
    for code, year, title_fr, title_ar, envelope, opens, days, names, final in CALLS:
        if CallForProjects.objects.filter(title_fr=title_fr, year=year).exists():
            continue
        programme = Programme.objects.select_related("phase").get(phase__code="III", code=code)
        opens_at = timezone.make_aware(opens)
        call = CallForProjects(
            phase=programme.phase,
            programme=programme,
            year=year,
            title_fr=title_fr,
            title_ar=title_ar,
            description_fr="La Division de l'Action Sociale invite les porteurs de projets éligibles à déposer leurs "
            "dossiers dans le cadre du programme « " + programme.name_fr + " » de la phase III de l'INDH.",
            description_ar="يدعو قسم العمل الاجتماعي حاملي المشاريع المؤهلين إلى إيداع ملفاتهم في إطار برنامج « "
            + (programme.name_ar or programme.name_fr)
            + " » من المرحلة الثالثة للمبادرة الوطنية للتنمية البشرية.",
            envelope=envelope,
            min_amount=Decimal("50000"),
            max_amount=Decimal("1500000"),
            max_indh_share=Decimal("70"),
            eligible_holder_types=[K.ASSOCIATION, K.COOPERATIVE, K.GIE],
            opens_at=opens_at,
            closes_at=opens_at + dt.timedelta(days=days, hours=7),
            scoring_scale=10,
        )
        services.call_save(call=call, by=by, communes=[communes[name] for name in names if name in communes])
        services.call_set_items(call=call, by=by, documents=DOCUMENTS, eligibility=ELIGIBILITY, selection=SELECTION)
        services.call_publish(call=call, by=by)
        if final == CallForProjects.Status.EVALUATED:
            services.call_close(call=call, by=by)
            services.call_mark_evaluated(call=call, by=by)
        created += 1
    return created
