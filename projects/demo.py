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
        Decimal("2400000"),
        dt.datetime(2026, 3, 2, 9, 0),
        30,
        ["Agadir", "Tamri", "Imouzzer Ida Outanane"],
        CallForProjects.Status.EVALUATED,
    ),
]


def seed_calls(*, by, head, communes: dict) -> int:
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
            seed_evaluated_dossiers(call, by=by, head=head)
        else:
            seed_received_dossiers(call, by=by)
        created += 1
    seed_record(by=by, head=head)
    return created


def seed_record(*, by, head) -> None:
    """Idempotent: Drargua's ILDH with its animation team, and a women's couscous AGR the head registered directly,
    attached to it, covering two quartiers of Drargua (the ILDH is recognised by its title, the project by its)."""
    from das.models import Axis, Commune, Locality
    from projects.models import ILDH, Project, ProjectBeneficiaries
    from projects.services import record

    if ILDH.objects.filter(title=ILDH_TITLE).exists():
        return
    drargua = Commune.objects.get(name_fr="Drargua")
    ildh = record.ildh_create(
        by=by,
        title=ILDH_TITLE,
        commune=drargua,
        start_year=2019,
        end_year=2023,
        diagnostic_summary="Diagnostic participatif mené en 2018 dans les quartiers de Drargua avec le CLDH : "
        "chômage des jeunes et des femmes, manque de lieux d'accueil de la petite enfance, accès difficile aux "
        "marchés pour les coopératives.",
        members=[record.MemberLine(*member) for member in ILDH_TEAM],
    )
    if Project.objects.filter(title=AGR_TITLE).exists():
        return
    programme = Programme.objects.select_related("phase").get(phase__code="III", code="P3")
    wifaq, fath = (Locality.objects.get(commune=drargua, name_fr=name) for name in ("Hay Al Wifaq", "Hay Al Fath"))
    K, S, A = ProjectBeneficiaries.Kind, ProjectBeneficiaries.Sex, ProjectBeneficiaries.AgeGroup
    record.project_register(
        by=head,
        title=AGR_TITLE,
        summary="Équipement d'une unité de roulage et de conditionnement de couscous pour 25 femmes de la "
        "coopérative, avec un local loué à Hay Al Fath.",
        phase=programme.phase,
        programme=programme,
        axis=Axis.objects.filter(programme=programme, code="FIL").first(),
        holder=Partner.objects.get(name="Coopérative féminine Al Baraka de couscous"),
        delegated_owner=Partner.objects.filter(name="Commune de Drargua").first(),
        ildh=ildh,
        commune=drargua,
        locality=fath,
        latitude=Decimal("30.4583"),
        longitude=Decimal("-9.4812"),
        estimated_cost=Decimal("420000"),
        indh_share=Decimal("294000"),
        holder_contribution=Decimal("126000"),
        duration_months=10,
        validated_on=dt.date(2023, 5, 18),
        planned_start=dt.date(2023, 7, 1),
        planned_end=dt.date(2024, 4, 30),
        jobs_planned=25,
        jobs_created=18,
        is_agr=True,
        agr_feasibility_done=True,
        agr_feasibility_on=dt.date(2023, 2, 14),
        agr_personal_contribution=Decimal("26000"),
        agr_microcredit_amount=Decimal("50000"),
        agr_microcredit_institution="Al Amana Microfinance",
        territories=[
            record.TerritoryLine(drargua, Decimal("60"), fath),
            record.TerritoryLine(drargua, Decimal("40"), wifaq),
        ],
        beneficiaries=[
            record.BeneficiaryLine(K.TARGETED, S.FEMALE, A.YOUTH, 15),
            record.BeneficiaryLine(K.TARGETED, S.FEMALE, A.ADULT, 10),
            record.BeneficiaryLine(K.REACHED, S.FEMALE, A.YOUTH, 11),
            record.BeneficiaryLine(K.REACHED, S.FEMALE, A.ADULT, 7),
        ],
    )


ILDH_TITLE = "ILDH de la commune de Drargua 2019–2023"
ILDH_TEAM = [
    ("Khadija Oubella", "F", "Coordinatrice locale", "Commune de Drargua"),
    ("Said Amrani", "M", "Animateur", "Association Hay Al Wifaq"),
    ("Naima Id Belkacem", "F", "Animatrice", "Association Al Amal des femmes"),
]
AGR_TITLE = "Unité de production de couscous des femmes de Drargua (AGR)"


# (holder name, title, commune, cost, INDH share, holder's part, women, youth, disabled, total beneficiaries)
OPEN_DOSSIERS = [
    (
        "Coopérative Tamri pour la banane",
        "Unité de conditionnement de bananes",
        "Tamri",
        900000,
        600000,
        300000,
        12,
        30,
        2,
        45,
    ),
    (
        "Association Tamraght pour le développement et la solidarité",
        "Atelier de couture pour jeunes femmes",
        "Aourir",
        420000,
        290000,
        130000,
        40,
        35,
        3,
        40,
    ),
    (
        "GIE Souss Terroir",
        "Plateforme de commercialisation des produits du terroir",
        "Aourir",
        1200000,
        800000,
        400000,
        25,
        60,
        4,
        90,
    ),
    (
        "Association Bensergao des jeunes entrepreneurs",
        "Incubateur de micro-entreprises de jeunes",
        "Agadir",
        1500000,
        1000000,
        500000,
        30,
        80,
        5,
        120,
    ),
]
EVALUATED_DOSSIERS = [
    (
        "Association Oum El Banine pour la protection de l'enfance",
        "Centre d'accueil de jour pour enfants en situation de rue",
        "Agadir",
        1400000,
        950000,
        450000,
        20,
        60,
        3,
        80,
        ["9", "8", "8", "7", "8"],
    ),
    (
        "Association des personnes en situation de handicap moteur du Souss",
        "Atelier de rééducation et d'insertion",
        "Agadir",
        1100000,
        750000,
        350000,
        30,
        25,
        60,
        60,
        ["8", "8", "7", "8", "6"],
    ),
    (
        "Association Al Ihssane pour les personnes âgées",
        "Aménagement d'un espace d'accueil pour personnes âgées",
        "Agadir",
        900000,
        620000,
        280000,
        35,
        0,
        10,
        70,
        ["7", "7", "6", "7", "6"],
    ),
    (
        "Association Dar Taliba d'Imouzzer",
        "Extension de la Dar Taliba",
        "Imouzzer Ida Outanane",
        1300000,
        900000,
        400000,
        60,
        60,
        2,
        60,
        ["6", "7", "5", "6", "5"],
    ),
]


def _register(call, by, spec, days_after_opening, provided_all=True):
    from das.models import Commune
    from projects.services import dossiers as dossier_services

    holder_name, title, commune, cost, indh, holder_part, women, youth, disabled, total = spec[:10]
    documents = list(call.documents.all())
    return dossier_services.dossier_register(
        call=call,
        by=by,
        holder=Partner.objects.get(name=holder_name),
        title=title,
        commune=Commune.objects.get(name_fr=commune),
        estimated_cost=Decimal(cost),
        indh_share=Decimal(indh),
        holder_contribution=Decimal(holder_part),
        duration_months=12,
        received_at=call.opens_at + dt.timedelta(days=days_after_opening, hours=2),
        provided=documents if provided_all else documents[:-3],
        beneficiaries_total=total,
        beneficiaries_women=women,
        beneficiaries_youth=youth,
        beneficiaries_disabled=disabled,
        summary=title,
    )


def seed_received_dossiers(call, *, by):
    """The open call: dossiers at the first steps (received, incomplete, admissible)."""
    from projects.services import dossiers as dossier_services

    for number, spec in enumerate(OPEN_DOSSIERS):
        dossier = _register(call, by, spec, days_after_opening=number + 1, provided_all=number != 1)
        if number == 1:
            dossier_services.dossier_declare_incomplete(dossier=dossier, by=by)
        elif number == 2:
            dossier_services.dossier_declare_admissible(dossier=dossier, by=by)


def seed_evaluated_dossiers(call, *, by, head):
    """The evaluated call: dossiers checked, scored by two evaluators, preselected within the envelope."""
    from projects.selectors import ranking
    from projects.services import dossiers as dossier_services

    dossiers = []
    for number, spec in enumerate(EVALUATED_DOSSIERS):
        dossier = _register(call, by, spec, days_after_opening=number + 2)
        dossier_services.dossier_declare_admissible(dossier=dossier, by=by)
        dossier_services.dossier_check_eligibility(
            dossier=dossier, by=by, results=dict.fromkeys(call.eligibility_criteria.all(), (True, ""))
        )
        dossiers.append(dossier_services.dossier_declare_eligible(dossier=dossier, by=by))
    criteria = list(call.selection_criteria.all())
    for evaluator in (by, head):
        dossier_services.evaluators_assign(dossiers=dossiers, evaluators=[evaluator], by=by)
    for dossier, spec in zip(dossiers, EVALUATED_DOSSIERS, strict=True):
        for evaluator, shift in ((by, 0), (head, -1)):
            evaluation = dossier.evaluations.get(evaluator=evaluator)
            dossier_services.evaluation_declare_no_conflict(evaluation=evaluation, by=evaluator)
            values = [str(max(0, int(value) + shift)) for value in spec[10]]
            dossier_services.evaluation_save_scores(
                evaluation=evaluation,
                by=evaluator,
                scores={c: (v, "") for c, v in zip(criteria, values, strict=True)},
            )
            dossier_services.evaluation_submit(evaluation=evaluation, by=evaluator)
    services.call_close(call=call, by=by)
    within = [row.dossier for row in ranking(call) if row.within_envelope]
    dossier_services.preselection_propose(
        call=call, dossiers=within, by=by, not_retained_reason="Classement au-delà de l'enveloppe disponible."
    )
    dossier_services.preselection_validate(call=call, by=head)


def seed_procurements(*, by) -> int:
    """Two marchés on the first project the demo holds (none yet: projects come from CPDH decisions or direct
    registration): one whose contractual end passed without reception (a late marché for the alerts), one in
    preparation. Does nothing without a project or once marchés exist."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from projects.models import Procurement, Project
    from projects.services.procurement import CLOSED_PROJECTS, procurement_create

    project = Project.objects.exclude(status__in=CLOSED_PROJECTS).order_by("pk").first()
    if project is None or Procurement.objects.exists():
        return 0
    today = timezone.localdate()
    year = today.year
    # Amounts follow the project's cost: the works take about three fifths of it, the equipment a tenth.
    works = (project.estimated_cost * Decimal("0.6")).quantize(Decimal("1000"))
    procurement_create(
        project=project,
        by=by,
        procedure=Procurement.Procedure.OPEN_TENDER,
        reference=f"AO-03/{year}/DEMO",
        subject=f"Travaux de construction — {project.title}",
        estimated_amount=works,
        published_on=today - dt.timedelta(days=200),
        bids_opened_on=today - dt.timedelta(days=170),
        awarded_on=today - dt.timedelta(days=150),
        contractor_name="Entreprise Souss Bâtiment SARL",
        awarded_amount=(works * Decimal("1.04")).quantize(Decimal("100")),
        service_order_on=today - dt.timedelta(days=140),
        duration=4,
        duration_unit=Procurement.DurationUnit.MONTHS,
    )
    procurement_create(
        project=project,
        by=by,
        procedure=Procurement.Procedure.PURCHASE_ORDER,
        reference=f"BC-11/{year}/DEMO",
        subject=f"Équipement et mobilier — {project.title}",
        estimated_amount=(project.estimated_cost * Decimal("0.1")).quantize(Decimal("1000")),
    )
    return 2


# --- Execution follow-up: indicators' catalogue, progress entries with a photo ---------------------------------------

INDICATORS = [
    # (code, French name, Arabic name, unit, description)
    ("ELV-SCO", "Nombre d'élèves scolarisés", "عدد التلاميذ المتمدرسين", "élèves", "Élèves inscrits à la rentrée."),
    ("TX-OCC", "Taux d'occupation", "نسبة الاستغلال", "%", "Places occupées / places disponibles, en moyenne."),
    ("CA-AGR", "Chiffre d'affaires de l'AGR", "رقم معاملات النشاط المدر للدخل", "DH", "Ventes de la période."),
    ("BEN-SERV", "Bénéficiaires servis", "المستفيدون من الخدمات", "personnes", "Personnes ayant reçu le service."),
    ("KM-PIST", "Pistes réalisées", "المسالك المنجزة", "km", "Longueur de piste réceptionnée."),
    ("FOY-RACC", "Foyers raccordés", "الأسر المرتبطة", "foyers", "Foyers raccordés à l'eau ou à l'électricité."),
]
PROGRESS_STEPS = [
    (45, 35, "Installation du chantier et terrassements.", ""),
    (15, 60, "Gros œuvre achevé, menuiseries en cours.", "Retard de livraison des menuiseries."),
]


def _demo_photo(color):
    """A small generated image standing for a site photo (the demo ships no real photo)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), color)
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 90, 280, 180), fill=(180, 170, 150))
    draw.polygon([(30, 95), (160, 30), (290, 95)], fill=(150, 60, 40))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile("chantier.jpg", buffer.getvalue(), content_type="image/jpeg")


def seed_execution(*, by) -> int:
    """Idempotent: the indicators' catalogue, and two progress entries (with a photo) on each project in progress
    that has none. Returns how many indicators were created."""
    from projects.models import Indicator, Project
    from projects.services import indicators as indicator_services
    from projects.services import progress as progress_services

    created = 0
    for code, name, name_ar, unit, description in INDICATORS:
        if not Indicator.objects.filter(code=code).exists():
            indicator_services.indicator_save(
                by=by, code=code, name=name, name_ar=name_ar, unit=unit, description=description
            )
            created += 1
    today = timezone.localdate()
    projects = Project.objects.filter(status=Project.Status.IN_PROGRESS, progress_entries__isnull=True)
    for project in projects.exclude(actual_start__isnull=True)[:5]:
        for days_ago, percent, narrative, problems in PROGRESS_STEPS:
            on = max(today - dt.timedelta(days=days_ago), project.actual_start)
            if project.progress_entries.filter(recorded_on=on).exists():
                continue
            progress_services.progress_record(
                project=project,
                by=by,
                recorded_on=on,
                percent=percent,
                narrative=narrative,
                problems=problems,
                photos=[_demo_photo((90 + percent, 140, 200 - percent))],
            )
    return created


# --- Credits: notifications, the répartition and its way to the DBM --------------------------------------------------

# What the fund notifies each active programme of phase III (DH): the previous year, then the current year.
CREDITS_NOTIFIED = {
    "P1": (Decimal("12000000"), Decimal("12500000")),
    "P2": (Decimal("6500000"), Decimal("7000000")),
    "P3": (Decimal("9000000"), Decimal("10000000")),
    "P4": (Decimal("7500000"), Decimal("8000000")),
}
# The current year's correction: a complement the Coordination nationale notified for P2 in the spring.
CREDITS_CORRECTION = ("P2", Decimal("1000000"), "Complément notifié pour la prise en charge dans les centres d'accueil")
# How each programme's credits are split between the budget lines (share of what was notified; the rest is kept
# in reserve, so every version stays under the ceiling).
CREDITS_SPLIT = {
    "P1": {"R01": Decimal("0.80"), "R03": Decimal("0.05"), "R05": Decimal("0.05"), "R06": Decimal("0.05")},
    "P2": {"R01": Decimal("0.40"), "R03": Decimal("0.30"), "R04": Decimal("0.05"), "R06": Decimal("0.15")},
    "P3": {"R02": Decimal("0.70"), "R03": Decimal("0.15"), "R04": Decimal("0.05"), "R06": Decimal("0.05")},
    "P4": {"R01": Decimal("0.50"), "R03": Decimal("0.25"), "R04": Decimal("0.05"), "R06": Decimal("0.10")},
}
# The rubrique a demo project is committed on: an AGR or a P3 project on the AGR line, training on the training
# line, everything else on infrastructures and equipment.
PROJECT_LINES = {"agr": "R02", "training": "R03", "other": "R01"}
TRAINING_SECTORS = ("FORM", "ALPHA")


def seed_credits(*, by, head, dbm) -> tuple[int, int]:
    """Idempotent: the credits of the previous and the current year, through the services staff use. Each year gets
    its notifications per active programme of phase III (the current year also a correction), then version 1 of its
    répartition, prepared by ``by``, validated by ``head`` and transmitted to the DBM; the previous year's was
    acknowledged by ``dbm``, the current year's waits for them. A year that already has notifications (or a
    version) is left as it is; a year missing or closed is skipped. Also gives every demo project its budget line.
    Returns how many notifications and how many versions were created."""
    from das.models import FiscalYear

    today = timezone.localdate()
    _seed_project_budget_lines()
    notifications = versions = 0
    for offset, year in enumerate((today.year - 1, today.year)):
        fiscal_year = FiscalYear.objects.filter(year=year, is_closed=False).first()
        if fiscal_year is None:
            continue
        added = _seed_year_credits(fiscal_year, offset, by=by, head=head, dbm=dbm, today=today)
        notifications, versions = notifications + added[0], versions + added[1]
    return notifications, versions


def _seed_project_budget_lines() -> None:
    """Demo only: the rubrique is set in three queries rather than one record edit per project, on the projects that
    have none (what someone chose while trying the demo stays)."""
    from django.db.models import Q

    from das.models import BudgetLine
    from projects.models import Project

    lines = {line.code: line for line in BudgetLine.objects.filter(code__in=PROJECT_LINES.values())}
    if len(lines) < len(PROJECT_LINES):
        return
    missing = Project.objects.filter(budget_line__isnull=True)
    agr = Q(is_agr=True) | Q(programme__code="P3")
    training = Q(sector__code__in=TRAINING_SECTORS)
    missing.filter(agr).update(budget_line=lines[PROJECT_LINES["agr"]])
    missing.filter(training).update(budget_line=lines[PROJECT_LINES["training"]])
    missing.update(budget_line=lines[PROJECT_LINES["other"]])


def _seed_year_credits(fiscal_year, offset, *, by, head, dbm, today) -> tuple[int, int]:
    from das.models import BudgetLine
    from projects.models import CreditAllocation, CreditNotification
    from projects.services import credits

    programmes = {
        p.code: p
        for p in Programme.objects.filter(phase__code="III", is_active=True, code__in=CREDITS_NOTIFIED).order_by("code")
    }
    if not programmes:
        return 0, 0
    year = fiscal_year.year
    current = offset == 1
    # Dates in the past: the previous year's steps in its first quarter; the current year's from mid-February, or
    # earlier when the year has just begun (a notification may date from the year before its fiscal year).
    notified_on = min(dt.date(year, 2, 12), today - dt.timedelta(days=40))
    created = 0
    if not CreditNotification.objects.filter(fiscal_year=fiscal_year).exists():
        notifications = {}
        for number, (code, programme) in enumerate(programmes.items(), start=1):
            notifications[code] = credits.notification_record(
                by=by,
                fiscal_year=fiscal_year,
                programme=programme,
                amount=CREDITS_NOTIFIED[code][offset],
                reference=f"CN/INDH/{year}/{number:03d}",
                notified_on=notified_on,
                note="Notification de la Coordination nationale de l'INDH au titre du Fonds de soutien.",
            )
            created += 1
        code, amount, note = CREDITS_CORRECTION
        if current and code in notifications:
            credits.notification_correct(
                by=by,
                notification=notifications[code],
                amount=amount,
                reference=f"CN/INDH/{year}/{len(notifications) + 1:03d}",
                notified_on=notified_on + dt.timedelta(days=7),
                note=note,
            )
            created += 1
    if CreditAllocation.objects.filter(fiscal_year=fiscal_year).exists():
        return created, 0

    notified = credits.notified_by_programme(fiscal_year)
    lines = {line.code: line for line in BudgetLine.objects.all()}
    cells = {}
    for code, programme in programmes.items():
        for line_code, share in CREDITS_SPLIT[code].items():
            if line_code in lines:
                amount = (notified.get(programme.pk, Decimal("0")) * share).quantize(Decimal("1000"))
                if amount > 0:
                    cells[programme.pk, lines[line_code].pk] = amount
    if not cells:
        return created, 0
    allocation = credits.allocation_start(
        by=by, fiscal_year=fiscal_year, note=f"Répartition initiale des crédits notifiés pour {year}."
    )
    credits.allocation_save_grid(allocation=allocation, by=by, cells=cells)
    allocation = credits.allocation_validate(allocation=allocation, by=head)
    # The demo backdates the head's validation to a working morning after the notifications, so the transmission
    # and the acknowledgement can carry past dates (the service stamps the validation with the current time).
    validated_on = notified_on + dt.timedelta(days=14)
    CreditAllocation.objects.filter(pk=allocation.pk).update(
        validated_at=timezone.make_aware(dt.datetime.combine(validated_on, dt.time(10, 30)))
    )
    allocation.refresh_from_db()
    allocation = credits.allocation_transmit(allocation=allocation, by=by, on=validated_on + dt.timedelta(days=3))
    if not current:
        credits.allocation_acknowledge(
            allocation=allocation,
            by=dbm,
            on=validated_on + dt.timedelta(days=10),
            note="Reçue ; les crédits sont ouverts par rubrique.",
        )
    return created, 1


# --- Human-development indicators (issue 7) --------------------------------------------------------------------------

# code, French name, Arabic name, unit, source, direction, description, province level two years ago, yearly change
TERRITORIAL_INDICATORS = [
    (
        "IDH-PAUV",
        "Taux de pauvreté multidimensionnelle",
        "معدل الفقر متعدد الأبعاد",
        "%",
        "HCP, RGPH 2024",
        "baisse",
        "Part de la population privée dans au moins un tiers des dimensions (éducation, santé, conditions de vie).",
        Decimal("9.5"),
        Decimal("-0.6"),
    ),
    (
        "IDH-SCOL",
        "Taux net de scolarisation primaire",
        "المعدل الصافي للتمدرس بالابتدائي",
        "%",
        "Direction provinciale de l'Éducation nationale",
        "hausse",
        "Élèves de 6 à 11 ans inscrits au primaire ÷ population de 6 à 11 ans.",
        Decimal("93.0"),
        Decimal("0.8"),
    ),
    (
        "IDH-EAU",
        "Accès à l'eau potable",
        "الولوج إلى الماء الصالح للشرب",
        "%",
        "ONEE, Régie RAMSA",
        "hausse",
        "Ménages raccordés au réseau ou desservis par une borne-fontaine à moins de 500 m.",
        Decimal("88.0"),
        Decimal("1.5"),
    ),
    (
        "IDH-ACC",
        "Accouchements assistés par un personnel qualifié",
        "الولادات المؤطرة من طرف أطر صحية مؤهلة",
        "%",
        "Délégation provinciale de la Santé",
        "hausse",
        "Accouchements en milieu surveillé ou assistés par un personnel qualifié ÷ naissances vivantes.",
        Decimal("85.0"),
        Decimal("1.2"),
    ),
    (
        "IDH-ANAL",
        "Taux d'analphabétisme (10 ans et plus)",
        "معدل الأمية (10 سنوات فما فوق)",
        "%",
        "HCP, RGPH 2024",
        "baisse",
        "Population de 10 ans et plus ne sachant ni lire ni écrire ÷ population de 10 ans et plus.",
        Decimal("27.0"),
        Decimal("-0.9"),
    ),
    (
        "IDH-CHOJ",
        "Taux de chômage des jeunes (15-24 ans)",
        "معدل بطالة الشباب (15-24 سنة)",
        "%",
        "HCP, enquête emploi",
        "baisse",
        "Jeunes de 15 à 24 ans sans emploi et en recherche ÷ population active de 15 à 24 ans.",
        Decimal("24.0"),
        Decimal("-0.5"),
    ),
]


def seed_territorial_indicators(*, by) -> int:
    """Idempotent: the human-development indicators and a value for every commune for the last two years (urban
    communes better off than rural ones; deterministic: the same figures at every run). Returns how many
    indicators were created. Values go through the grid service, as the monitoring agent enters them."""
    import random

    from projects import territorial_selectors as selectors
    from projects.models import TerritorialIndicator
    from projects.services import territorial as services

    created = 0
    for code, name_fr, name_ar, unit, source, direction, description, _level, _change in TERRITORIAL_INDICATORS:
        if not TerritorialIndicator.objects.filter(code=code).exists():
            services.indicator_save(
                by=by,
                code=code,
                name_fr=name_fr,
                name_ar=name_ar,
                unit=unit,
                source=source,
                direction=direction,
                description=description,
            )
            created += 1
    indicators = {
        i.code: i for i in TerritorialIndicator.objects.filter(code__in=[s[0] for s in TERRITORIAL_INDICATORS])
    }
    last = timezone.localdate().year - 1
    for offset, year in enumerate((last - 1, last)):
        grid = selectors.grid(year)
        cells = {}
        for row in grid.rows:
            for cell in row.cells:
                if cell["value"] is not None or cell["indicator"].code not in indicators:
                    continue
                spec = next(s for s in TERRITORIAL_INDICATORS if s[0] == cell["indicator"].code)
                cells[cell["key"]] = str(_demo_value(spec, row.commune, offset, random))
        if cells:
            services.grid_save(by=by, year=year, cells=cells, expected_stamp=grid.stamp)
    return created


def _demo_value(spec, commune, offset: int, random) -> Decimal:
    """One commune's value: the province level, worse in rural communes (and more so in the small ones), a stable
    per-commune spread, and the yearly change."""
    code, direction, level, change = spec[0], spec[5], spec[7], spec[8]
    rng = random.Random(f"{code}-{commune.code}")
    rural = commune.kind == "rurale"
    handicap = Decimal(rng.randint(0, 90)) / 10 + (Decimal("6") if rural else Decimal("0"))
    handicap += Decimal("4") if rural and (commune.population or 0) < 6000 else Decimal("0")
    value = level + (handicap if direction == "baisse" else -handicap) - Decimal("3") + change * offset
    return min(max(value, Decimal("0.5")), Decimal("99.5")).quantize(Decimal("0.1"))
