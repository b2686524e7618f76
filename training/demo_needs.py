"""Demo data of the needs area: six INDH training themes, eight catalogue modules with their prerequisites, two
curricula and ten needs of the current year from several sources. Built through training.services.needs and
idempotent (what exists, by code or by need, is left alone). Runs after the people area's demo (its EAC / EAQ
teams) and the committees' demo (the CLDH and the CPDH)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from committees.models import Committee
from training.models import ActorType, Curriculum, Module, Need, NeedTheme, Team
from training.services import needs as services

A = ActorType
THEMES = [
    ("TH01", "Gestion de projets : montage, suivi et évaluation", "تدبير المشاريع: الإعداد والتتبع والتقييم"),
    ("TH02", "Gestion associative et comptabilité", "التدبير الجمعوي والمحاسبة"),
    ("TH03", "Diagnostic participatif et planification locale", "التشخيص التشاركي والتخطيط المحلي"),
    ("TH04", "Marchés publics et procédures INDH", "الصفقات العمومية ومساطر المبادرة الوطنية للتنمية البشرية"),
    ("TH05", "AGR et entrepreneuriat", "الأنشطة المدرة للدخل والمقاولة"),
    ("TH06", "Communication et animation territoriale", "التواصل والتنشيط الترابي"),
]

# code, title, title (ar), themes, hours, days, targets, prerequisites, objectives, content
MODULES = [
    (
        "M01",
        "L'INDH, ses programmes et ses instances (phase III)",
        "المبادرة الوطنية للتنمية البشرية: برامجها وهيئاتها (المرحلة الثالثة)",
        ["TH01", "TH03"],
        "6",
        1,
        [A.EAQ, A.EAC, A.CLDH, A.HOLDER],
        [],
        "Situer l'INDH, ses quatre programmes de la phase III et le rôle du CPDH, des CLDH et des EAC/EAQ.\n"
        "Connaître le cycle d'un projet, de l'appel à projets à la réception.",
        "Historique et philosophie de l'INDH ; les programmes 1 à 4 ; gouvernance (CRDH, CPDH, CLDH, DAS) ; "
        "cycle de vie d'un projet ; le rôle des équipes d'animation.",
    ),
    (
        "M02",
        "Diagnostic participatif et cartographie des besoins",
        "التشخيص التشاركي وخرائط الحاجيات",
        ["TH03"],
        "12",
        2,
        [A.EAQ, A.EAC, A.CLDH],
        ["M01"],
        "Conduire un diagnostic participatif de quartier ou de douar et hiérarchiser les besoins avec la population.",
        "Outils du diagnostic (carte sociale, arbre à problèmes, focus groups) ; collecte et restitution ; "
        "priorisation ; rédaction de la fiche diagnostic.",
    ),
    (
        "M03",
        "Montage et gestion de projets de développement humain",
        "إعداد وتدبير مشاريع التنمية البشرية",
        ["TH01"],
        "18",
        3,
        [A.EAQ, A.ASSOCIATION, A.HOLDER, A.COOPERATIVE],
        ["M01"],
        "Monter un dossier de projet recevable : cadre logique, budget, plan de financement, montage partenarial.",
        "Idée de projet et étude de faisabilité ; cadre logique ; budget et plan de financement ; "
        "pièces du dossier ; convention de partenariat.",
    ),
    (
        "M04",
        "Gestion associative, comptabilité simplifiée et reddition des comptes",
        "التدبير الجمعوي والمحاسبة المبسطة وتقديم الحسابات",
        ["TH02"],
        "12",
        2,
        [A.ASSOCIATION, A.COOPERATIVE, A.HOLDER],
        [],
        "Tenir la vie statutaire et une comptabilité simplifiée ; justifier l'emploi des fonds reçus.",
        "Statuts, assemblées et PV ; journal de caisse et de banque ; pièces justificatives ; "
        "rapport financier ; contrôles de l'IGAT et de l'IGF.",
    ),
    (
        "M05",
        "Procédures INDH et marchés publics",
        "مساطر المبادرة والصفقات العمومية",
        ["TH04"],
        "12",
        2,
        [A.DAS_STAFF, A.ELECTED, A.STATE_SERVICE, A.HOLDER],
        ["M01"],
        "Appliquer les procédures du manuel INDH et les règles des marchés publics à un projet.",
        "Manuel de procédures ; décret des marchés publics ; bons de commande ; commissions d'ouverture des plis ; "
        "réception provisoire et définitive.",
    ),
    (
        "M06",
        "Suivi-évaluation des projets et indicateurs",
        "تتبع وتقييم المشاريع والمؤشرات",
        ["TH01"],
        "12",
        2,
        [A.EAQ, A.EAC, A.DAS_STAFF, A.HOLDER],
        ["M03"],
        "Suivre l'avancement physique et financier d'un projet et renseigner ses indicateurs.",
        "Indicateurs de réalisation et de résultat ; fiches de suivi ; visites de terrain ; rapports trimestriels.",
    ),
    (
        "M07",
        "Montage d'AGR et entrepreneuriat",
        "إعداد الأنشطة المدرة للدخل وروح المقاولة",
        ["TH05"],
        "18",
        3,
        [A.HOLDER, A.COOPERATIVE, A.ASSOCIATION],
        ["M03", "M04"],
        "Concevoir une activité génératrice de revenus viable : étude de marché, plan d'affaires, financement.",
        "Étude de faisabilité et de marché ; plan d'affaires ; apport personnel, INDH et micro-crédit ; "
        "commercialisation ; accompagnement post-création.",
    ),
    (
        "M08",
        "Communication, animation de réunions et mobilisation communautaire",
        "التواصل وتنشيط الاجتماعات والتعبئة المجتمعية",
        ["TH06"],
        "12",
        2,
        [A.EAQ, A.EAC, A.CLDH],
        ["M01"],
        "Animer une réunion de quartier, informer la population et mobiliser les acteurs locaux.",
        "Techniques d'animation ; prise de parole ; campagnes d'information ; gestion des conflits ; "
        "compte rendu de réunion.",
    ),
]

CURRICULA = [
    (
        "PC01",
        "Formation initiale des EAQ",
        "التكوين الأساسي لفرق التنشيط بالأحياء",
        A.EAQ,
        "Le parcours que suit une équipe d'animation de quartier nouvellement constituée.",
        ["M01", "M02", "M08", "M03", "M06"],
    ),
    (
        "PC02",
        "Accompagnement des porteurs de projets AGR",
        "مواكبة حاملي مشاريع الأنشطة المدرة للدخل",
        A.HOLDER,
        "Du dossier à l'activité : les porteurs de projets AGR retenus par le CPDH.",
        ["M01", "M04", "M03", "M07"],
    ),
]

# source, origin (team kind / committee kind / None), theme, target, people, priority, month, description
NEEDS = [
    ("eaq", "eaq", "TH03", A.EAQ, 8, "1_haute", 1, "Conduire le diagnostic participatif du quartier avant l'ILDH."),
    ("eaq", "eaq", "TH06", A.EAQ, 6, "2_moyenne", 2, "Animer les réunions d'information des habitants."),
    ("eac", "eac", "TH01", A.EAC, 5, "1_haute", 1, "Monter les fiches projet des douars de la commune."),
    ("cldh", "cldh", "TH03", A.CLDH, 14, "2_moyenne", 2, "Appropriation du diagnostic et priorisation au CLDH."),
    ("cpdh", "cpdh", "TH04", A.CPDH, 10, "2_moyenne", 3, "Procédures INDH et suivi des conventions pour les membres."),
    ("porteurs", None, "TH02", A.ASSOCIATION, 25, "1_haute", 2, "Comptabilité et justification des tranches reçues."),
    ("porteurs", None, "TH05", A.HOLDER, 30, "1_haute", 3, "Plan d'affaires et commercialisation des AGR financées."),
    ("porteurs", None, "TH05", A.COOPERATIVE, 18, "3_basse", 4, "Gestion d'une coopérative et accès au marché."),
    ("das", None, "TH04", A.DAS_STAFF, 6, "2_moyenne", 1, "Mise à niveau sur le décret des marchés publics."),
    ("ministere", None, "TH01", A.DAS_STAFF, 4, "3_basse", 3, "Suivi-évaluation axé sur les résultats (phase III)."),
]


class MissingDemoData(RuntimeError):
    pass


def _origin(kind):
    if kind in ("eaq", "eac"):
        team = Team.objects.filter(kind=kind, is_active=True).order_by("pk").first()
        if team is None:
            raise MissingDemoData(
                f"Aucune équipe {kind.upper()} de démonstration : lancez d'abord training.demo_people.seed."
            )
        return {"team": team}
    if kind in ("cldh", "cpdh"):
        committee = Committee.objects.filter(kind=kind).order_by("pk").first()
        if committee is None:
            raise MissingDemoData(f"Aucun {kind.upper()} de démonstration : les comités sont semés avant la formation.")
        return {"committee": committee}
    return {}


def seed(*, by, **kw) -> int:
    created = 0
    themes = {}
    for code, name_fr, name_ar in THEMES:
        theme = NeedTheme.objects.filter(code=code).first()
        if theme is None:
            theme = services.theme_save(by=by, code=code, name_fr=name_fr, name_ar=name_ar)
            created += 1
        themes[code] = theme
    modules = {}
    for code, title, title_ar, theme_codes, hours, days, targets, prerequisites, objectives, content in MODULES:
        module = Module.objects.filter(code=code).first()
        if module is None:
            missing = [other for other in prerequisites if other not in modules]
            if missing:
                raise MissingDemoData(f"Le module {code} demande {', '.join(missing)}, absent du catalogue.")
            module = services.module_save(
                by=by,
                code=code,
                title_fr=title,
                title_ar=title_ar,
                themes=[themes[theme] for theme in theme_codes],
                objectives=objectives,
                content=content,
                duration_hours=Decimal(hours),
                duration_days=days,
                target_groups=[str(target) for target in targets],
                prerequisites=[modules[other] for other in prerequisites],
            )
            created += 1
        modules[code] = module
    for code, title, title_ar, target, description, steps in CURRICULA:
        if Curriculum.objects.filter(code=code).exists():
            continue
        curriculum = services.curriculum_save(
            by=by, code=code, title_fr=title, title_ar=title_ar, target_group=target, description=description
        )
        for step in steps:
            services.curriculum_add_module(by=by, curriculum=curriculum, module=modules[step])
        created += 1
    today = timezone.localdate()
    for source, origin, theme, target, people, priority, month, description in NEEDS:
        if Need.objects.filter(year=today.year, theme=themes[theme], source=source, description=description).exists():
            continue
        services.need_save(
            by=by,
            year=today.year,
            source=source,
            theme=themes[theme],
            description=description,
            target_group=str(target),
            people_count=people,
            priority=priority,
            expressed_on=min(datetime.date(today.year, month, 15), today),
            **_origin(origin),
        )
        created += 1
    return created
