"""Load the demo data set: Préfecture d'Agadir Ida-Outanane, INDH reference data, partners and demo accounts.

    python manage.py seed_demo [--scale N]

Idempotent: every row is looked up by its natural key (code, year, username, name) and created only when it is
missing. Rows that already exist are left as they are, so what people change while trying the demo survives the
next ``run.py serve`` (which runs this command at each start). Only the demo accounts are brought back at every
run: their password (``DAS_DEMO_PASSWORD``, or a generated one that is printed) and their roles.

Everything runs in one transaction and in ``pghistory.context(command="seed_demo")``, so the journal says where
the rows came from. Values that look random (RIB, ICE, phones, contacts) come from ``random.Random`` seeded with
the row's name: the same row gets the same values at every run and whatever ``--scale`` is.

``--scale N`` also builds N × 50 projects (DEMO-00001…) with their conventions, payments and progress, in bulk, to
measure the dashboards and reports from 50 to 5,000 projects (projects.demo_scale): after the transaction above,
in batches of 100 projects each committed on its own (the audit chain's sealing grows with the square of what one
transaction writes).
"""

import os
import random
import secrets
from collections import Counter
from decimal import Decimal
from typing import NamedTuple

import pghistory
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from das.models import (
    Axis,
    BudgetLine,
    Commune,
    FiscalYear,
    Locality,
    Partner,
    PartnerContact,
    Phase,
    Programme,
    Province,
    Region,
    Role,
    RoleAssignment,
    Sector,
    TargetCategory,
    User,
)
from das.roles import DEFAULT_ROLES, ensure_default_roles
from das.validators import rib_key, validate_ice, validate_rib
from projects.models import CallForProjects

SEED = "das-agadir-demo"
BASE_PARTNERS = 40
BASE_LOCALITIES = 25
MAX_SCALE = 1000

# ---------------------------------------------------------------------------------------------------------------
# Territory
# ---------------------------------------------------------------------------------------------------------------

REGION = ("09", "Souss-Massa", "سوس ماسة")
PROVINCE = ("001", "Agadir Ida-Outanane", "عمالة أكادير إداوتنان", Province.Kind.PREFECTURE)

URBAN, RURAL = Commune.Kind.URBAN, Commune.Kind.RURAL
CERCLE_IMOUZZER = "Cercle d'Imouzzer Ida Outanane"
CERCLE_AMSKROUD = "Cercle d'Amskroud"

# code, French name, Arabic name, kind, population (RGPH 2014 order of magnitude), households, cercle, caïdat,
# INDH phases that targeted the commune
COMMUNES = [
    ("001.01.01", "Agadir", "أكادير", URBAN, 421_844, 105_392, "", "", ()),
    ("001.01.03", "Aourir", "أورير", URBAN, 32_384, 7_716, "", "", ()),
    ("001.01.05", "Drargua", "الدراركة", URBAN, 40_837, 9_573, "", "", ()),
    ("001.03.01", "Amskroud", "أمسكروض", RURAL, 11_393, 2_345, CERCLE_AMSKROUD, "Caïdat d'Amskroud", ("II",)),
    ("001.03.03", "Aqesri", "أقصري", RURAL, 2_812, 611, CERCLE_IMOUZZER, "Caïdat d'Aqesri", ("I", "II")),
    ("001.03.05", "Aziar", "أزيار", RURAL, 4_106, 896, CERCLE_IMOUZZER, "Caïdat d'Idmine", ("I", "II")),
    ("001.03.07", "Idmine", "إدمين", RURAL, 5_209, 1_120, CERCLE_IMOUZZER, "Caïdat d'Idmine", ("I", "II")),
    (
        "001.03.09",
        "Imouzzer Ida Outanane",
        "إموزار إداوتنان",
        RURAL,
        6_457,
        1_452,
        CERCLE_IMOUZZER,
        "Caïdat d'Imouzzer",
        ("I", "II"),
    ),
    ("001.03.11", "Tadrart", "تدرارت", RURAL, 4_520, 985, CERCLE_IMOUZZER, "Caïdat d'Imouzzer", ("II",)),
    ("001.03.13", "Taghazout", "تغازوت", RURAL, 13_938, 3_176, CERCLE_AMSKROUD, "Caïdat de Taghazout", ()),
    ("001.03.15", "Tamri", "تامري", RURAL, 16_612, 3_738, CERCLE_AMSKROUD, "Caïdat de Tamri", ()),
    ("001.03.17", "Tiqqi", "تيقي", RURAL, 4_017, 871, CERCLE_IMOUZZER, "Caïdat d'Aqesri", ("I", "II")),
]

# Quartiers (urban communes) and douars (rural communes): commune, French name, Arabic name, population,
# households, INDH phases that targeted it. Agadir has no arrondissements.
LOCALITIES = [
    ("Agadir", "Anza", "أنزا", 27_860, 6_480, ("III",)),
    ("Agadir", "Bensergao", "بنسركاو", 45_310, 10_790, ("I", "II", "III")),
    ("Agadir", "Dakhla", "الداخلة", 30_120, 7_350, ()),
    ("Agadir", "Tikiouine", "تيكيوين", 61_450, 14_290, ("I", "II", "III")),
    ("Agadir", "Hay Mohammadi", "الحي المحمدي", 35_240, 8_390, ("III",)),
    ("Agadir", "Ihchach", "إحشاش", 18_730, 4_460, ("I", "II", "III")),
    ("Agadir", "Lqods", "القدس", 24_980, 5_950, ("III",)),
    ("Agadir", "Tilila", "تيليلا", 22_340, 5_320, ("II",)),
    ("Agadir", "Al Massira", "المسيرة", 20_150, 4_910, ()),
    ("Agadir", "Salam", "السلام", 23_870, 5_680, ()),
    ("Aourir", "Tamraght", "تمراغت", 7_540, 1_790, ("III",)),
    ("Aourir", "Aghroud", "أغرود", 3_210, 760, ()),
    ("Drargua", "Hay Al Wifaq", "حي الوفاق", 6_120, 1_460, ("III",)),
    ("Drargua", "Hay Al Fath", "حي الفتح", 4_980, 1_190, ()),
    ("Amskroud", "Azrarag", "أزرارك", 820, 171, ("III",)),
    ("Aqesri", "Tamzaourt", "تامزاورت", 640, 139, ("III",)),
    ("Aziar", "Tizgui", "تيزكي", 510, 112, ()),
    ("Idmine", "Tigouga", "تيكوكة", 730, 158, ("III",)),
    ("Imouzzer Ida Outanane", "Tinkert", "تينكرت", 1_450, 318, ("II", "III")),
    ("Imouzzer Ida Outanane", "Aït Ouaazzoun", "آيت واعزون", 690, 151, ()),
    ("Tadrart", "Tagadirt", "تاكاديرت", 560, 123, ()),
    ("Taghazout", "Imi Ouaddar", "إمي وادار", 2_310, 530, ()),
    ("Taghazout", "Tildi", "تيلدي", 980, 214, ("III",)),
    ("Tamri", "Aït Ameur", "آيت عامر", 1_240, 270, ("III",)),
    ("Tiqqi", "Tigmi", "تيكمي", 470, 103, ("III",)),
]

# Stems of the localities generated by --scale: (French, Arabic) for quartiers, then for douars.
GENERATED_QUARTIERS = [("Hay Al Amal", "حي الأمل"), ("Hay Annahda", "حي النهضة"), ("Hay Al Wahda", "حي الوحدة")]
GENERATED_DOUARS = [
    ("Douar Aït Baha", "دوار آيت باها"),
    ("Douar Tazarine", "دوار تازارين"),
    ("Douar Agadir Oufella", "دوار أكادير أوفلا"),
]

# ---------------------------------------------------------------------------------------------------------------
# INDH reference data
# ---------------------------------------------------------------------------------------------------------------

# code, French name, Arabic name, English name, start year, end year, national envelope (DH)
PHASES = [
    ("I", "Phase I", "المرحلة الأولى", "Phase I", 2005, 2010, Decimal("10000000000.00")),
    ("II", "Phase II", "المرحلة الثانية", "Phase II", 2011, 2018, Decimal("17000000000.00")),
    ("III", "Phase III", "المرحلة الثالثة", "Phase III", 2019, 2025, Decimal("18000000000.00")),
]

_PHASE_I_II_PROGRAMMES = [
    (
        "RURAL",
        "Programme de lutte contre la pauvreté en milieu rural",
        "برنامج محاربة الفقر بالوسط القروي",
        "Communes rurales dont le taux de pauvreté dépasse le seuil retenu.",
    ),
    (
        "URBAIN",
        "Programme de lutte contre l'exclusion sociale en milieu urbain",
        "برنامج محاربة الإقصاء الاجتماعي بالوسط الحضري",
        "Quartiers urbains et périurbains ciblés.",
    ),
    (
        "PRECARITE",
        "Programme de lutte contre la précarité",
        "برنامج محاربة الهشاشة",
        "Prise en charge des personnes en situation de grande précarité.",
    ),
    (
        "TRANSVERSAL",
        "Programme transversal",
        "البرنامج الأفقي",
        "AGR, accès aux services de base, animation socioculturelle et sportive, gouvernance locale.",
    ),
]

# phase code, programme code, French name, Arabic name, description
PROGRAMMES = [
    *(("I", *programme) for programme in _PHASE_I_II_PROGRAMMES),
    *(("II", *programme) for programme in _PHASE_I_II_PROGRAMMES),
    (
        "II",
        "MANT",
        "Programme de mise à niveau territoriale",
        "برنامج التأهيل الترابي",
        "Désenclavement, eau, électricité, santé et éducation dans les douars enclavés de montagne.",
    ),
    (
        "III",
        "P1",
        "Rattrapage des déficits en infrastructures et services sociaux de base",
        "برنامج تدارك الخصاص المسجل في البنيات التحتية والخدمات الاجتماعية الأساسية",
        "Éducation, santé, eau potable, routes et pistes, électrification rurale.",
    ),
    (
        "III",
        "P2",
        "Accompagnement des personnes en situation de précarité",
        "برنامج مواكبة الأشخاص في وضعية هشاشة",
        "Onze catégories de personnes en situation de précarité.",
    ),
    (
        "III",
        "P3",
        "Amélioration du revenu et inclusion économique des jeunes",
        "برنامج تحسين الدخل والإدماج الاقتصادي للشباب",
        "Entrepreneuriat, économie sociale et chaînes de valeur, employabilité, plateformes des jeunes.",
    ),
    (
        "III",
        "P4",
        "Impulsion du capital humain des générations montantes",
        "برنامج الدفع بالرأسمال البشري للأجيال الصاعدة",
        "Petite enfance, enfance et adolescence : santé, nutrition, préscolaire, soutien et santé scolaires.",
    ),
]

_TRANSVERSAL_AXES = [
    ("AGR", "Activités génératrices de revenus", "الأنشطة المدرة للدخل"),
    ("SERV", "Accès aux services et équipements de base", "الولوج إلى الخدمات والتجهيزات الأساسية"),
    ("ANIM", "Animation socioculturelle et sportive", "التنشيط السوسيو-ثقافي والرياضي"),
    ("GOUV", "Renforcement des capacités et gouvernance locale", "تقوية القدرات والحكامة المحلية"),
]

# phase code, programme code, axis code, French name, Arabic name
AXES = [
    *(("I", "TRANSVERSAL", *axis) for axis in _TRANSVERSAL_AXES),
    *(("II", "TRANSVERSAL", *axis) for axis in _TRANSVERSAL_AXES),
    ("II", "MANT", "ROUTES", "Désenclavement : routes et pistes", "فك العزلة: الطرق والمسالك"),
    ("II", "MANT", "ELEC", "Électrification", "الكهربة"),
    ("II", "MANT", "EAU", "Eau potable", "الماء الصالح للشرب"),
    ("II", "MANT", "SANTE", "Santé", "الصحة"),
    ("II", "MANT", "EDU", "Éducation", "التعليم"),
    ("III", "P1", "EDU", "Éducation", "التعليم"),
    ("III", "P1", "SANTE", "Santé", "الصحة"),
    ("III", "P1", "EAU", "Eau potable", "الماء الصالح للشرب"),
    ("III", "P1", "ROUTES", "Routes et pistes rurales", "الطرق والمسالك القروية"),
    ("III", "P1", "ELEC", "Électrification rurale", "الكهربة القروية"),
    ("III", "P2", "PEC", "Amélioration de la prise en charge", "تحسين التكفل"),
    ("III", "P2", "CENTRES", "Mise à niveau et fonctionnement des centres d'accueil", "تأهيل وتسيير مراكز الاستقبال"),
    ("III", "P2", "REINS", "Réinsertion familiale et socio-économique", "الإدماج الأسري والسوسيو-اقتصادي"),
    ("III", "P2", "PREV", "Prévention", "الوقاية"),
    ("III", "P3", "ENTR", "Appui à l'entrepreneuriat des jeunes", "دعم المقاولة لدى الشباب"),
    ("III", "P3", "FIL", "Économie sociale et chaînes de valeur", "الاقتصاد الاجتماعي وسلاسل القيم"),
    ("III", "P3", "EMPL", "Amélioration de l'employabilité", "تحسين قابلية التشغيل"),
    ("III", "P3", "PLAT", "Plateformes des jeunes", "منصات الشباب"),
    ("III", "P4", "SMI", "Santé maternelle et infantile", "صحة الأم والطفل"),
    ("III", "P4", "NUT", "Nutrition", "التغذية"),
    ("III", "P4", "PRESC", "Préscolaire", "التعليم الأولي"),
    ("III", "P4", "SOUT", "Soutien scolaire", "الدعم المدرسي"),
    (
        "III",
        "P4",
        "ENVS",
        "Environnement scolaire (transport, internats, cantines)",
        "تحسين المحيط المدرسي (النقل، الداخليات، المطاعم)",
    ),
    ("III", "P4", "SSCO", "Santé scolaire", "الصحة المدرسية"),
    ("III", "P4", "ORIENT", "Orientation et écoute", "التوجيه والإنصات"),
    ("III", "P4", "EPAN", "Épanouissement et activités parascolaires", "التفتح والأنشطة الموازية"),
]

# The eleven precarity categories of programme P2 (phase III): code, French name, Arabic name
P2_TARGET_CATEGORIES = [
    ("C01", "Femmes en situation de précarité", "النساء في وضعية هشاشة"),
    ("C02", "Enfants abandonnés", "الأطفال المتخلى عنهم"),
    ("C03", "Enfants en situation de rue", "أطفال الشوارع"),
    ("C04", "Jeunes sans ressources", "الشباب بدون موارد"),
    ("C05", "Anciens détenus sans ressources", "السجناء السابقون بدون موارد"),
    ("C06", "Malades mentaux sans abri", "المرضى العقليون بدون مأوى"),
    ("C07", "Personnes âgées sans ressources", "الأشخاص المسنون بدون موارد"),
    ("C08", "Personnes en situation de handicap", "الأشخاص في وضعية إعاقة"),
    ("C09", "Toxicomanes", "الأشخاص المدمنون"),
    ("C10", "Malades du sida et personnes atteintes de maladies chroniques", "مرضى السيدا والأمراض المزمنة"),
    ("C11", "Sans-abri et mendiants", "الأشخاص بدون مأوى والمتسولون"),
]

SECTORS = [
    ("EDU", "Éducation", "التعليم"),
    ("SANTE", "Santé", "الصحة"),
    ("EAU", "Eau potable", "الماء الصالح للشرب"),
    ("ASSAIN", "Assainissement", "التطهير"),
    ("ROUTES", "Routes et pistes", "الطرق والمسالك"),
    ("ELEC", "Électrification", "الكهربة"),
    ("AGR", "Activités génératrices de revenus", "الأنشطة المدرة للدخل"),
    ("AGRI", "Agriculture et élevage", "الفلاحة وتربية الماشية"),
    ("PECHE", "Pêche artisanale", "الصيد التقليدي"),
    ("ARTIS", "Artisanat", "الصناعة التقليدية"),
    ("TOUR", "Tourisme rural", "السياحة القروية"),
    ("SPORT", "Sport", "الرياضة"),
    ("CULT", "Culture", "الثقافة"),
    ("JEUN", "Jeunesse et animation", "الشباب والتنشيط"),
    ("FORM", "Formation professionnelle", "التكوين المهني"),
    ("ALPHA", "Alphabétisation", "محو الأمية"),
    ("SOCIAL", "Action sociale et prise en charge", "العمل الاجتماعي والتكفل"),
    ("ENV", "Environnement", "البيئة"),
]

# Rubriques of the Fonds de soutien à l'INDH (configured by the province)
BUDGET_LINES = [
    ("R01", "Infrastructures et équipements", "البنيات التحتية والتجهيزات"),
    ("R02", "Activités génératrices de revenus (AGR)", "الأنشطة المدرة للدخل"),
    ("R03", "Formation et renforcement des capacités", "التكوين وتقوية القدرات"),
    ("R04", "Communication", "التواصل"),
    ("R05", "Appui à la gouvernance", "دعم الحكامة"),
    ("R06", "Frais de fonctionnement", "مصاريف التسيير"),
]

FISCAL_YEARS = range(2019, 2027)
LAST_CLOSED_YEAR = 2024

# ---------------------------------------------------------------------------------------------------------------
# Partners
# ---------------------------------------------------------------------------------------------------------------

# Bank codes of the RIB (3 digits) and the banks' names
BANKS = {
    "007": "Attijariwafa bank",
    "011": "Bank of Africa (BMCE)",
    "013": "BMCI",
    "145": "Banque Populaire",
    "225": "Crédit Agricole du Maroc",
    "230": "CIH Bank",
    "310": "Trésorerie Générale du Royaume",
    "350": "Al Barid Bank",
}
AGADIR, CASABLANCA, RABAT = "010", "780", "810"  # city codes of the RIB

K = Partner.Kind


class PartnerSpec(NamedTuple):
    kind: str
    name: str
    name_ar: str
    commune: str  # French name of the commune
    address: str
    representative: str
    representative_title: str
    email: str
    bank: str | None = None  # no bank: the partner has no RIB yet
    city: str = AGADIR
    acronym: str = ""
    receipt: str = ""
    ice: bool = False
    trade_register: str = ""
    tax_id: str = ""


PARTNERS = [
    # Associations
    PartnerSpec(
        K.ASSOCIATION,
        "Association Oum El Banine pour la protection de l'enfance",
        "جمعية أم البنين لحماية الطفولة",
        "Agadir",
        "Rue 314, Hay Dakhla, Agadir",
        "Naima Boutaleb",
        "Présidente",
        "oumelbanine.agadir@gmail.com",
        "007",
        receipt="112/2003",
        ice=True,
    ),
    PartnerSpec(
        K.ASSOCIATION,
        "Association Tilila pour le développement social",
        "جمعية تيليلا للتنمية الاجتماعية",
        "Agadir",
        "Bloc C n° 45, Tilila, Agadir",
        "Mohamed Amrani",
        "Président",
        "assotilila@gmail.com",
        "145",
        receipt="87/2009",
    ),
    PartnerSpec(
        K.ASSOCIATION,
        "Association Afak Ihchach pour le développement",
        "جمعية آفاق إحشاش للتنمية",
        "Agadir",
        "Hay Ihchach, rue 12 n° 7, Agadir",
        "Lahcen Id Belkacem",
        "Président",
        "afak.ihchach@yahoo.fr",
        "350",
        receipt="231/2012",
    ),
    PartnerSpec(
        K.ASSOCIATION,
        "Association Anza pour la culture et le sport",
        "جمعية أنزا للثقافة والرياضة",
        "Agadir",
        "Maison des jeunes d'Anza, Agadir",
        "Said Agouram",
        "Président",
        "anza.culture.sport@gmail.com",
        "011",
        receipt="54/2014",
    ),
    PartnerSpec(
        K.ASSOCIATION,
        "Association Ajyal Tikiouine pour le préscolaire",
        "جمعية أجيال تيكيوين للتعليم الأولي",
        "Agadir",
        "Lotissement Al Wafa n° 118, Tikiouine, Agadir",
        "Khadija Ouzzine",
        "Présidente",
        "ajyal.tikiouine@gmail.com",
        "007",
        receipt="19/2019",
        ice=True,
    ),
    PartnerSpec(
        K.ASSOCIATION,
        "Association Bensergao des jeunes entrepreneurs",
        "جمعية بنسركاو للشباب المقاولين",
        "Agadir",
        "Avenue Al Massira, Bensergao, Agadir",
        "Youssef Akhannouch",
        "Président",
        "bensergao.jeunes@gmail.com",
        "230",
        receipt="302/2018",
    ),
    PartnerSpec(
        K.ASSOCIATION,
        "Association Al Ihssane pour les personnes âgées",
        "جمعية الإحسان للأشخاص المسنين",
        "Agadir",
        "Quartier Lqods, rue 25, Agadir",
        "Aicha Bouhmidi",
        "Présidente",
        "alihssane.agadir@gmail.com",
        "145",
        receipt="76/2006",
        ice=True,
    ),
    PartnerSpec(
        K.ASSOCIATION,
        "Association des personnes en situation de handicap moteur du Souss",
        "جمعية الأشخاص في وضعية إعاقة حركية بسوس",
        "Agadir",
        "Hay Mohammadi, bloc 3 n° 21, Agadir",
        "Abdellah Ait Ouarab",
        "Président",
        "handicap.souss@gmail.com",
        "007",
        acronym="APHMS",
        receipt="41/2004",
    ),
    PartnerSpec(
        K.ASSOCIATION,
        "Association Dar Taliba d'Imouzzer",
        "جمعية دار الطالبة إموزار",
        "Imouzzer Ida Outanane",
        "Centre Imouzzer Ida Outanane",
        "Fatima Ait Bihi",
        "Présidente",
        "dartaliba.imouzzer@gmail.com",
        "350",
        receipt="8/2010",
    ),
    PartnerSpec(
        K.ASSOCIATION,
        "Association Dar Attalib d'Amskroud",
        "جمعية دار الطالب أمسكروض",
        "Amskroud",
        "Centre Amskroud, route nationale 8",
        "Brahim Oubaha",
        "Président",
        "darattalib.amskroud@gmail.com",
        "145",
        receipt="15/2011",
    ),
    PartnerSpec(
        K.ASSOCIATION,
        "Association Tamount pour le développement de Tamri",
        "جمعية تامونت للتنمية بتامري",
        "Tamri",
        "Centre Tamri, route d'Essaouira",
        "Mbark Ait Lhaj",
        "Président",
        "tamount.tamri@gmail.com",
        "225",
        receipt="22/2013",
    ),
    PartnerSpec(
        K.ASSOCIATION,
        "Association Tafoukt Taghazout pour l'environnement et le surf",
        "جمعية تافوكت تغازوت للبيئة وركوب الأمواج",
        "Taghazout",
        "Village de Taghazout",
        "Rachid Ait Ahmed",
        "Président",
        "tafoukt.taghazout@gmail.com",
        "011",
        receipt="63/2016",
    ),
    PartnerSpec(
        K.ASSOCIATION,
        "Association Assafae des femmes de Drargua",
        "جمعية الصفاء لنساء الدراركة",
        "Drargua",
        "Hay Al Wifaq, Drargua",
        "Zahra Bouzid",
        "Présidente",
        "assafae.drargua@gmail.com",
        "350",
        receipt="97/2015",
    ),
    PartnerSpec(
        K.ASSOCIATION,
        "Association Tiwizi d'Aziar pour l'eau potable",
        "جمعية تويزي أزيار للماء الصالح للشرب",
        "Aziar",
        "Douar Tizgui, Aziar",
        "Ahmed Ait Taleb",
        "Président",
        "tiwizi.aziar@gmail.com",
        receipt="4/2023",
    ),  # newly registered: no bank account yet
    PartnerSpec(
        K.ASSOCIATION,
        "Association Tamraght pour le développement et la solidarité",
        "جمعية تمراغت للتنمية والتضامن",
        "Aourir",
        "Douar Tamraght, Aourir",
        "Hassan Id Lhaj",
        "Président",
        "tamraght.solidarite@gmail.com",
        "007",
        receipt="33/2017",
    ),
    PartnerSpec(
        K.ASSOCIATION,
        "Association Nour pour l'accompagnement des malades chroniques",
        "جمعية نور لمواكبة المرضى المزمنين",
        "Agadir",
        "Avenue Hassan II, immeuble 9, Agadir",
        "Samira El Fassi",
        "Présidente",
        "nour.malades@gmail.com",
        "013",
        receipt="128/2020",
        ice=True,
    ),
    # Coopératives
    PartnerSpec(
        K.COOPERATIVE,
        "Coopérative Tifawin d'huile d'argane",
        "تعاونية تيفاوين لزيت أركان",
        "Tiqqi",
        "Douar Tigmi, Tiqqi",
        "Malika Ait Ougadir",
        "Présidente",
        "coop.tifawin@gmail.com",
        "225",
        ice=True,
    ),
    PartnerSpec(
        K.COOPERATIVE,
        "Coopérative apicole Ida Outanane",
        "التعاونية الفلاحية لتربية النحل إداوتنان",
        "Imouzzer Ida Outanane",
        "Centre Imouzzer, près du souk",
        "Lahcen Oumouloud",
        "Président",
        "miel.idaoutanane@gmail.com",
        "225",
        ice=True,
    ),
    PartnerSpec(
        K.COOPERATIVE,
        "Coopérative Tamri pour la banane",
        "تعاونية تامري للموز",
        "Tamri",
        "Douar Aït Ameur, Tamri",
        "Abderrahmane Akdim",
        "Président",
        "coop.banane.tamri@gmail.com",
        "145",
        ice=True,
    ),
    PartnerSpec(
        K.COOPERATIVE,
        "Coopérative féminine Al Baraka de couscous",
        "التعاونية النسوية البركة للكسكس",
        "Drargua",
        "Hay Al Fath, Drargua",
        "Rkia Ouhammou",
        "Présidente",
        "albaraka.drargua@gmail.com",
        "350",
        ice=True,
    ),
    PartnerSpec(
        K.COOPERATIVE,
        "Coopérative de pêche artisanale Taghazout",
        "تعاونية الصيد التقليدي تغازوت",
        "Taghazout",
        "Point de débarquement, Taghazout",
        "Omar Bihi",
        "Président",
        "peche.taghazout@gmail.com",
        "007",
        ice=True,
    ),
    PartnerSpec(
        K.COOPERATIVE,
        "Coopérative Aqesri des plantes aromatiques et médicinales",
        "تعاونية أقصري للنباتات العطرية والطبية",
        "Aqesri",
        "Douar Tamzaourt, Aqesri",
        "Hafida Ait Said",
        "Présidente",
        "pam.aqesri@gmail.com",
        "225",
    ),
    # GIE
    PartnerSpec(
        K.GIE,
        "GIE Argane Ida Outanane",
        "مجموعة ذات النفع الاقتصادي أركان إداوتنان",
        "Imouzzer Ida Outanane",
        "Centre Imouzzer Ida Outanane",
        "Mohamed Ait Benali",
        "Président",
        "gie.argane.ido@gmail.com",
        "007",
        ice=True,
    ),
    PartnerSpec(
        K.GIE,
        "GIE Souss Terroir",
        "مجموعة ذات النفع الاقتصادي سوس تيروار",
        "Aourir",
        "Route de Taghazout, Aourir",
        "Hanane Amzil",
        "Présidente",
        "souss.terroir@gmail.com",
        "011",
        ice=True,
    ),
    # Communes and groupements (Trésorerie Générale du Royaume)
    PartnerSpec(
        K.COMMUNE,
        "Commune d'Agadir",
        "جماعة أكادير",
        "Agadir",
        "Hôtel de ville, avenue Mohammed V, Agadir",
        "Le président du conseil communal",
        "Président du conseil communal",
        "contact@agadir.ma",
        "310",
    ),
    PartnerSpec(
        K.COMMUNE,
        "Commune d'Imouzzer Ida Outanane",
        "جماعة إموزار إداوتنان",
        "Imouzzer Ida Outanane",
        "Siège de la commune, Imouzzer",
        "Le président du conseil communal",
        "Président du conseil communal",
        "commune.imouzzer@gmail.com",
        "310",
    ),
    PartnerSpec(
        K.COMMUNE,
        "Commune de Tamri",
        "جماعة تامري",
        "Tamri",
        "Siège de la commune, Tamri",
        "Le président du conseil communal",
        "Président du conseil communal",
        "commune.tamri@gmail.com",
        "310",
    ),
    PartnerSpec(
        K.COMMUNE,
        "Commune de Drargua",
        "جماعة الدراركة",
        "Drargua",
        "Siège de la commune, Drargua",
        "Le président du conseil communal",
        "Président du conseil communal",
        "commune.drargua@gmail.com",
        "310",
    ),
    PartnerSpec(
        K.COMMUNE_GROUP,
        "Groupement des communes Ida Outanane",
        "مجموعة جماعات إداوتنان",
        "Imouzzer Ida Outanane",
        "Centre Imouzzer Ida Outanane",
        "Le président du groupement",
        "Président du groupement",
        "gc.idaoutanane@gmail.com",
        "310",
    ),
    # Services déconcentrés (no account of their own)
    PartnerSpec(
        K.STATE_SERVICE,
        "Délégation provinciale de la Santé d'Agadir Ida-Outanane",
        "المندوبية الإقليمية للصحة بعمالة أكادير إداوتنان",
        "Agadir",
        "Avenue du Prince Héritier, Agadir",
        "Dr Abdelkrim Mezouari",
        "Délégué provincial",
        "dps.agadir@sante.gov.ma",
    ),
    PartnerSpec(
        K.STATE_SERVICE,
        "Direction provinciale de l'Éducation nationale d'Agadir Ida-Outanane",
        "المديرية الإقليمية للتربية الوطنية بأكادير إداوتنان",
        "Agadir",
        "Avenue Moulay Abdellah, Agadir",
        "Jamal Eddine Saadi",
        "Directeur provincial",
        "dp.agadir@men.gov.ma",
    ),
    PartnerSpec(
        K.STATE_SERVICE,
        "Direction provinciale de l'Agriculture d'Agadir",
        "المديرية الإقليمية للفلاحة بأكادير",
        "Agadir",
        "Quartier administratif, Agadir",
        "Mustapha Khalfi",
        "Directeur provincial",
        "dpa.agadir@agriculture.gov.ma",
    ),
    PartnerSpec(
        K.STATE_SERVICE,
        "Direction provinciale de la Jeunesse et des Sports",
        "المديرية الإقليمية للشباب والرياضة",
        "Agadir",
        "Complexe sportif Al Inbiaat, Agadir",
        "Noureddine Benali",
        "Directeur provincial",
        "dpjs.agadir@mjcc.gov.ma",
    ),
    # Établissements publics
    PartnerSpec(
        K.PUBLIC_BODY,
        "Office National de l'Électricité et de l'Eau Potable – Direction régionale d'Agadir",
        "المكتب الوطني للكهرباء والماء الصالح للشرب - المديرية الجهوية بأكادير",
        "Agadir",
        "Avenue des FAR, Agadir",
        "Hicham Lahlou",
        "Directeur régional",
        "dr.agadir@onee.ma",
        "007",
        city=CASABLANCA,
        acronym="ONEE",
        ice=True,
    ),
    PartnerSpec(
        K.PUBLIC_BODY,
        "Entraide Nationale – Délégation d'Agadir",
        "التعاون الوطني - مندوبية أكادير",
        "Agadir",
        "Rue de la Foire, Agadir",
        "Souad Chakir",
        "Déléguée",
        "agadir@entraide.ma",
        "310",
        city=RABAT,
    ),
    PartnerSpec(
        K.PUBLIC_BODY,
        "ANAPEC – Agence d'Agadir",
        "الوكالة الوطنية لإنعاش التشغيل والكفاءات - أكادير",
        "Agadir",
        "Avenue Hassan II, Agadir",
        "Redouane Mansouri",
        "Directeur d'agence",
        "agadir@anapec.org",
        "310",
        city=RABAT,
        acronym="ANAPEC",
    ),
    # Chambres professionnelles
    PartnerSpec(
        K.CHAMBER,
        "Chambre d'Agriculture de la Région Souss-Massa",
        "الغرفة الفلاحية لجهة سوس ماسة",
        "Agadir",
        "Avenue Moulay Abdellah, Agadir",
        "Ahmed Boukhris",
        "Président",
        "contact@ca-soussmassa.ma",
        "145",
        ice=True,
    ),
    PartnerSpec(
        K.CHAMBER,
        "Chambre d'Artisanat de la Région Souss-Massa",
        "غرفة الصناعة التقليدية لجهة سوس ماسة",
        "Agadir",
        "Rue de Marrakech, Agadir",
        "Lhoussaine Azaouaj",
        "Président",
        "contact@cda-sm.ma",
        "011",
    ),
    # ONG internationale
    PartnerSpec(
        K.INTERNATIONAL_NGO,
        "Humanité & Inclusion – Programme Maroc",
        "منظمة الإنسانية والإدماج - المغرب",
        "Agadir",
        "Antenne régionale, Hay Salam, Agadir",
        "Claire Martin",
        "Représentante pays",
        "maroc@hi.org",
        "013",
        city=RABAT,
        acronym="HI",
    ),
    # Entreprise
    PartnerSpec(
        K.COMPANY,
        "Souss Bâtiment et Travaux SARL",
        "سوس للبناء والأشغال ش.م.م",
        "Agadir",
        "Zone industrielle Tassila, lot 58, Agadir",
        "Karim Aarab",
        "Gérant",
        "contact@soussbt.ma",
        "230",
        ice=True,
        trade_register="Agadir 23451",
        tax_id="40123456",
    ),
]

# Stems of the partners generated by --scale: kind, French stem, Arabic stem
GENERATED_PARTNERS = [
    (K.ASSOCIATION, "Association Al Amal", "جمعية الأمل"),
    (K.ASSOCIATION, "Association Annour", "جمعية النور"),
    (K.ASSOCIATION, "Association Tifawin", "جمعية تيفاوين"),
    (K.COOPERATIVE, "Coopérative Al Wafae", "تعاونية الوفاء"),
    (K.ASSOCIATION, "Association Al Khair", "جمعية الخير"),
    (K.GIE, "GIE Tamount", "مجموعة ذات النفع الاقتصادي تامونت"),
]

FIRST_NAMES = [
    "Mohamed",
    "Fatima",
    "Ahmed",
    "Khadija",
    "Hassan",
    "Aicha",
    "Brahim",
    "Naima",
    "Lahcen",
    "Zineb",
    "Omar",
    "Hanane",
    "Abdellah",
    "Meryem",
    "Said",
    "Latifa",
    "Youssef",
    "Saida",
    "Mbark",
    "Hafsa",
]
LAST_NAMES = [
    "Ait Taleb",
    "Amrani",
    "Oubella",
    "Id Brahim",
    "Bouzid",
    "El Fassi",
    "Agouram",
    "Ouzzine",
    "Akdim",
    "Boutaleb",
    "Ait Said",
    "Amzil",
    "Bihi",
    "Ouhammou",
    "Chakir",
    "El Alaoui",
    "Idrissi",
    "Benali",
]
CONTACT_TITLES = [
    "Trésorier(ère)",
    "Secrétaire général(e)",
    "Coordinateur(rice) de projet",
    "Comptable",
    "Vice-président(e)",
]

# ---------------------------------------------------------------------------------------------------------------
# Demo accounts
# ---------------------------------------------------------------------------------------------------------------

S = User.Service
DEMO_DOMAIN = "das-agadir.ma"
# role code → username, full name, service
DEMO_USERS = {
    "administrateur": ("admin", "Youssef El Idrissi", S.OTHER),
    "chef": ("chef", "Rachid Ait Lahcen", S.HEAD),
    "suivi_evaluation": ("suivi", "Fatima Zahra Amrani", S.MONITORING),
    "communication": ("communication", "Salma Bennani", S.COMMUNICATION),
    "formation": ("formation", "Hassan Oubella", S.TRAINING),
    "coordination": ("coordination", "Khadija Id Brahim", S.COORDINATION),
    "secretariat_cpdh": ("secretariat", "Mustapha Agouram", S.SECRETARIAT),
    "cabinet": ("cabinet", "Karim Tazi", S.CABINET),
    "dbm": ("dbm", "Latifa Boutaleb", S.DBM),
    "auditeur": ("auditeur", "Abdelaziz Chraibi", S.OTHER),
}
# username, full name, service, role code, French names of the communes the role is limited to
SCOPED_USERS = [
    ("suivi.aourir", "Brahim Ait Taleb", S.MONITORING, "suivi_evaluation", ["Aourir", "Taghazout"]),
]


# ---------------------------------------------------------------------------------------------------------------
# Identifiers
# ---------------------------------------------------------------------------------------------------------------


def make_rib(rng: random.Random, bank: str, city: str, serial: int) -> str:
    """A valid 24-digit RIB; the serial number inside the account number makes it unique."""
    account = f"{rng.randrange(10**11):011d}{serial:05d}"
    first_22 = f"{bank}{city}{account}"
    rib = f"{first_22}{rib_key(first_22):02d}"
    validate_rib(rib)
    return rib


def make_ice(rng: random.Random, serial: int) -> str:
    """A 15-digit ICE, unique through its serial number."""
    ice = f"00{rng.randrange(10**6):06d}{serial:05d}{rng.randrange(100):02d}"
    validate_ice(ice)
    return ice


def make_phone(rng: random.Random, mobile: bool = False) -> str:
    prefix = rng.choice(["06 61", "06 62", "06 70", "07 00"]) if mobile else "05 28"
    return f"{prefix} " + " ".join(f"{rng.randrange(100):02d}" for _ in range(3))


def rng_for(*parts) -> random.Random:
    return random.Random(":".join([SEED, *map(str, parts)]))


# ---------------------------------------------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------------------------------------------


class Command(BaseCommand):
    help = "Charge les données de démonstration (Préfecture d'Agadir Ida-Outanane). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help=f"Multiplie le volume (N×{BASE_PARTNERS} partenaires, N×{BASE_LOCALITIES} quartiers/douars, "
            "N×50 projets).",
        )

    def handle(self, *args, scale, **options):
        if not 1 <= scale <= MAX_SCALE:
            raise CommandError(f"--scale doit être compris entre 1 et {MAX_SCALE}.")
        password = os.environ.get("DAS_DEMO_PASSWORD") or ""
        generated = not password
        if generated:
            password = "Demo-" + secrets.token_urlsafe(9)

        self.created = Counter()
        with transaction.atomic(), pghistory.context(command="seed_demo"):
            phases = self.seed_reference()
            communes = self.seed_territory(phases, scale)
            self.seed_partners(communes, scale)
            logins = self.seed_users(communes, password)
            self.seed_projects(communes)
        # After the rest is committed, in batches each committed on its own (see projects.demo_scale).
        from projects.demo_scale import PER_SCALE, seed_scaled_projects
        from projects.models import Project

        agent = User.objects.get(email=f"suivi@{DEMO_DOMAIN}")
        with pghistory.context(command="seed_demo", user=agent.pk, username=agent.username):
            created = seed_scaled_projects(scale * PER_SCALE, by=agent)
        if created:
            self.created[str(Project._meta.verbose_name_plural)] += created
        # Last: the fiches de réalisation and the support requests show achieved projects, generated just above.
        with transaction.atomic(), pghistory.context(command="seed_demo"):
            self.seed_communication()
        # The coordination service's studies, cooperation support and CRDH dossier read the same projects.
        with transaction.atomic(), pghistory.context(command="seed_demo"):
            self.seed_coordination()

        self.report(logins, password, generated)

    def seed_projects(self, communes):
        """Each app seeds its own records through its services, as the monitoring service's agent."""
        from projects.demo import seed_calls

        # By e-mail: a demo account may have been renamed while trying the application.
        agent = User.objects.get(email=f"suivi@{DEMO_DOMAIN}")
        head = User.objects.get(email=f"chef@{DEMO_DOMAIN}")
        with pghistory.context(user=agent.pk, username=agent.username):
            created = seed_calls(by=agent, head=head, communes=communes)
        if created:
            self.created[str(CallForProjects._meta.verbose_name_plural)] += created
        self.seed_committees(communes)
        self.seed_training()
        from projects.demo import seed_procurements
        from projects.models import Procurement

        with pghistory.context(user=agent.pk, username=agent.username):
            created = seed_procurements(by=agent)
        if created:
            self.created[str(Procurement._meta.verbose_name_plural)] += created
        from projects.demo import seed_execution
        from projects.models import Indicator

        with pghistory.context(user=agent.pk, username=agent.username):
            created = seed_execution(by=agent)
        if created:
            self.created[str(Indicator._meta.verbose_name_plural)] += created
        from projects.demo import seed_territorial_indicators
        from projects.models import TerritorialIndicator

        with pghistory.context(user=agent.pk, username=agent.username):
            created = seed_territorial_indicators(by=agent)
        if created:
            self.created[str(TerritorialIndicator._meta.verbose_name_plural)] += created
        # Last: every project seeded above gets its budget line, then the previous and the current year's credits.
        from projects.demo import seed_credits
        from projects.models import CreditAllocation, CreditNotification

        dbm = User.objects.get(email=f"dbm@{DEMO_DOMAIN}")
        with pghistory.context(user=agent.pk, username=agent.username):
            notifications, versions = seed_credits(by=agent, head=head, dbm=dbm)
        if notifications:
            self.created[str(CreditNotification._meta.verbose_name_plural)] += notifications
        if versions:
            self.created[str(CreditAllocation._meta.verbose_name_plural)] += versions

    def seed_communication(self):
        """The communication service's plans and their realisations, library, fiches de réalisation and requests."""
        from communication.demo import seed_communication

        created = seed_communication(
            by=User.objects.get(email=f"communication@{DEMO_DOMAIN}"),
            head=User.objects.get(email=f"chef@{DEMO_DOMAIN}"),
        )
        for label, count in created.items():
            if count:
                self.created[label] += count

    def seed_coordination(self):
        """The coordination service: CRDH dossiers, counterparts, literacy, cooperation and technical studies."""
        from coordination.demo import seed_coordination

        created = seed_coordination(
            by=User.objects.get(email=f"coordination@{DEMO_DOMAIN}"),
            head=User.objects.get(email=f"chef@{DEMO_DOMAIN}"),
            secretariat=User.objects.get(email=f"secretariat@{DEMO_DOMAIN}"),
        )
        for label, count in created.items():
            if count:
                self.created[label] += count

    def seed_committees(self, communes):
        from committees.demo import seed_committees
        from committees.models import Committee

        secretariat = User.objects.get(email=f"secretariat@{DEMO_DOMAIN}")
        with pghistory.context(user=secretariat.pk, username=secretariat.username):
            created = seed_committees(by=secretariat, communes=communes)
        if created:
            self.created[str(Committee._meta.verbose_name_plural)] += created

    def seed_training(self):
        """The training service's register, needs, catalogue, plans and sessions (after the committees: the CLDH
        members join the register and the CPDH approves the plan)."""
        from training.demo import seed_training

        created = seed_training(
            by=User.objects.get(email=f"formation@{DEMO_DOMAIN}"),
            head=User.objects.get(email=f"chef@{DEMO_DOMAIN}"),
            secretariat=User.objects.get(email=f"secretariat@{DEMO_DOMAIN}"),
        )
        for label, count in created.items():
            if count:
                self.created[label] += count

    # -- helpers -------------------------------------------------------------------------------------------------

    def get_or_create(self, model, defaults=None, **lookup):
        obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        if created:
            self.created[str(model._meta.verbose_name_plural)] += 1
        return obj, created

    # -- reference data ------------------------------------------------------------------------------------------

    def seed_reference(self) -> dict[str, Phase]:
        phases = {}
        for code, name_fr, name_ar, name_en, start, end, budget in PHASES:
            phases[code], _ = self.get_or_create(
                Phase,
                code=code,
                defaults={
                    "name_fr": name_fr,
                    "name_ar": name_ar,
                    "name_en": name_en,
                    "start_year": start,
                    "end_year": end,
                    "budget": budget,
                },
            )

        programmes = {}
        for phase_code, code, name_fr, name_ar, description in PROGRAMMES:
            programmes[phase_code, code], _ = self.get_or_create(
                Programme,
                phase=phases[phase_code],
                code=code,
                defaults={"name_fr": name_fr, "name_ar": name_ar, "description": description},
            )

        for phase_code, programme_code, code, name_fr, name_ar in AXES:
            self.get_or_create(
                Axis,
                programme=programmes[phase_code, programme_code],
                code=code,
                defaults={"name_fr": name_fr, "name_ar": name_ar},
            )

        for code, name_fr, name_ar in P2_TARGET_CATEGORIES:
            self.get_or_create(
                TargetCategory,
                programme=programmes["III", "P2"],
                code=code,
                defaults={"name_fr": name_fr, "name_ar": name_ar},
            )

        for code, name_fr, name_ar in SECTORS:
            self.get_or_create(Sector, code=code, defaults={"name_fr": name_fr, "name_ar": name_ar})

        for code, name_fr, name_ar in BUDGET_LINES:
            self.get_or_create(BudgetLine, code=code, defaults={"name_fr": name_fr, "name_ar": name_ar})

        for year in FISCAL_YEARS:
            self.get_or_create(FiscalYear, year=year, defaults={"is_closed": year <= LAST_CLOSED_YEAR})
        return phases

    # -- territory -----------------------------------------------------------------------------------------------

    def seed_territory(self, phases: dict[str, Phase], scale: int) -> dict[str, Commune]:
        region_code, region_fr, region_ar = REGION
        region, _ = self.get_or_create(Region, code=region_code, defaults={"name_fr": region_fr, "name_ar": region_ar})
        province_code, province_fr, province_ar, province_kind = PROVINCE
        province, _ = self.get_or_create(
            Province,
            code=province_code,
            defaults={"region": region, "name_fr": province_fr, "name_ar": province_ar, "kind": province_kind},
        )

        communes = {}
        for code, name_fr, name_ar, kind, population, households, cercle, caidat, targets in COMMUNES:
            commune, created = self.get_or_create(
                Commune,
                code=code,
                defaults={
                    "province": province,
                    "name_fr": name_fr,
                    "name_ar": name_ar,
                    "kind": kind,
                    "population": population,
                    "households": households,
                    "cercle": cercle,
                    "caidat": caidat,
                },
            )
            if created:
                commune.target_phases.add(*(phases[phase] for phase in targets))
            communes[name_fr] = commune

        for commune_name, name_fr, name_ar, population, households, targets in LOCALITIES:
            self.seed_locality(
                communes[commune_name], name_fr, name_ar, population, households, [phases[phase] for phase in targets]
            )
        self.seed_generated_localities(communes, phases["III"], (scale - 1) * BASE_LOCALITIES)
        return communes

    def seed_locality(self, commune, name_fr, name_ar, population, households, target_phases):
        kind = Locality.Kind.QUARTIER if commune.kind == Commune.Kind.URBAN else Locality.Kind.DOUAR
        locality, created = self.get_or_create(
            Locality,
            commune=commune,
            name_fr=name_fr,
            defaults={"name_ar": name_ar, "kind": kind, "population": population, "households": households},
        )
        if created and target_phases:
            locality.target_phases.add(*target_phases)

    def seed_generated_localities(self, communes: dict[str, Commune], phase_iii: Phase, count: int):
        commune_list = list(communes.values())
        for number in range(1, count + 1):
            commune = commune_list[number % len(commune_list)]
            urban = commune.kind == Commune.Kind.URBAN
            stems = GENERATED_QUARTIERS if urban else GENERATED_DOUARS
            stem_fr, stem_ar = stems[number % len(stems)]
            rng = rng_for("locality", number)
            population = rng.randrange(2_000, 30_000) if urban else rng.randrange(150, 1_500)
            households = population // rng.choice([4, 5])
            self.seed_locality(
                commune,
                f"{stem_fr} {number}",
                f"{stem_ar} {number}",
                population,
                households,
                [phase_iii] if rng.random() < 0.4 else [],
            )

    # -- partners ------------------------------------------------------------------------------------------------

    def seed_partners(self, communes: dict[str, Commune], scale: int):
        for serial, spec in enumerate(PARTNERS, start=1):
            self.seed_partner(spec, communes[spec.commune], serial)

        commune_list = list(communes.values())
        bank_codes = [code for code in BANKS if code != "310"]
        for number in range(1, (scale - 1) * BASE_PARTNERS + 1):
            kind, stem_fr, stem_ar = GENERATED_PARTNERS[number % len(GENERATED_PARTNERS)]
            commune = commune_list[number % len(commune_list)]
            rng = rng_for("generated-partner", number)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            spec = PartnerSpec(
                kind,
                f"{stem_fr} {number}",
                f"{stem_ar} {number}",
                commune.name_fr,
                f"{rng.randrange(1, 300)}, rue {rng.randrange(1, 60)}, {commune.name_fr}",
                f"{first} {last}",
                "Président(e)" if kind == K.ASSOCIATION else "Gérant(e)",
                f"{stem_fr.split()[-1].lower()}{number}@gmail.com",
                bank_codes[number % len(bank_codes)],
                receipt=f"{number}/{rng.randrange(2006, 2025)}" if kind == K.ASSOCIATION else "",
                ice=True,
            )
            # Serials of generated partners come after the base ones, so RIBs and ICEs never collide.
            self.seed_partner(spec, commune, 100 + number)

    def seed_partner(self, spec: PartnerSpec, commune: Commune, serial: int):
        rng = rng_for("partner", spec.name)
        rib = make_rib(rng, spec.bank, spec.city, serial) if spec.bank else ""
        ice = make_ice(rng, serial) if spec.ice else ""
        mobile = spec.kind in (K.ASSOCIATION, K.COOPERATIVE, K.GIE)
        # A demo partner renamed by someone trying the application is still the same partner: its generated
        # identifiers say so, and seeding it again would collide with them.
        same_identifiers = Q(rib=rib) if rib else Q(pk__in=[])
        if ice:
            same_identifiers |= Q(ice=ice)
        if Partner.objects.filter(same_identifiers).exclude(name=spec.name).exists():
            return
        partner, created = self.get_or_create(
            Partner,
            name=spec.name,
            defaults={
                "kind": spec.kind,
                "name_ar": spec.name_ar,
                "acronym": spec.acronym,
                "receipt_number": spec.receipt,
                "ice": ice,
                "trade_register": spec.trade_register,
                "tax_id": spec.tax_id,
                "address": spec.address,
                "commune": commune,
                "representative_name": spec.representative,
                "representative_title": spec.representative_title,
                "phone": make_phone(rng, mobile),
                "email": spec.email,
                "bank_name": BANKS[spec.bank] if spec.bank else "",
                "rib": rib,
            },
        )
        if not created:
            return
        for _ in range(rng.randrange(3)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            self.get_or_create(
                PartnerContact,
                partner=partner,
                full_name=f"{first} {last}",
                defaults={
                    "title": rng.choice(CONTACT_TITLES),
                    "phone": make_phone(rng, mobile=True),
                    "email": f"{first}.{last}".lower().replace(" ", "") + "@gmail.com",
                },
            )

    # -- demo accounts -------------------------------------------------------------------------------------------

    def seed_users(self, communes: dict[str, Commune], password: str) -> list[tuple[str, str]]:
        ensure_default_roles()
        roles = {role.code: role for role in Role.objects.filter(code__in=DEFAULT_ROLES)}
        logins = []
        for code in DEFAULT_ROLES:
            username, full_name, service = DEMO_USERS.get(code, (code, f"Démo {code}", S.OTHER))
            user = self.seed_user(username, full_name, service, password)
            self.get_or_create(RoleAssignment, user=user, role=roles[code])
            logins.append((username, code))

        for username, full_name, service, code, commune_names in SCOPED_USERS:
            user = self.seed_user(username, full_name, service, password)
            assignment, _ = self.get_or_create(RoleAssignment, user=user, role=roles[code])
            assignment.communes.set([communes[name] for name in commune_names])
            logins.append((username, f"{code} ({', '.join(commune_names)})"))
        return logins

    def seed_user(self, username, full_name, service, password) -> User:
        email = f"{username}@{DEMO_DOMAIN}"
        renamed = User.objects.filter(email=email).exclude(username=username).first()
        if renamed is not None:  # a demo account renamed while trying the application: keep it as it is
            return renamed
        user, _ = self.get_or_create(
            User,
            username=username,
            defaults={"full_name": full_name, "email": email, "service": service},
        )
        # Demo accounts: the password is brought back at every run (written only when it differs).
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        return user

    # -- output --------------------------------------------------------------------------------------------------

    def report(self, logins, password, generated):
        if self.created:
            for name, count in sorted(self.created.items()):
                self.stdout.write(f"  + {count:>5} {name}")
        else:
            self.stdout.write("Données de démonstration déjà présentes : rien à créer.")
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"DAS_DEMO_PASSWORD absent : mot de passe généré pour les comptes de démonstration : {password}"
                )
            )
        width = max(len(username) for username, _ in logins)
        role_width = max(len(role) for _, role in logins)
        self.stdout.write("")
        self.stdout.write(f"{'identifiant':<{width}}  {'rôle':<{role_width}}  mot de passe")
        self.stdout.write(f"{'-' * width}  {'-' * role_width}  {'-' * len(password)}")
        for username, role in logins:
            self.stdout.write(f"{username:<{width}}  {role:<{role_width}}  {password}")
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
