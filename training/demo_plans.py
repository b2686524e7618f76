"""Demo data of the yearly training plan (wired into seed_demo after the needs): last year's plan, carried out and
closed, and this year's plan in execution, each with actions on the modules M01–M05, validated by the chef and
approved by the CPDH at a demo meeting, all through the services production uses. Idempotent: a year that already
has its plan is left as it is."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from training.models import ActorType, Module, Need, PlanAction, TrainingPlan
from training.services import plans as services

MODULES = ("M01", "M02", "M03", "M04", "M05")
# (module, public, participants, sessions, (month, day) start, (month, day) end, place, provider, cost)
ACTIONS = [
    (
        "M01",
        ActorType.EAQ,
        40,
        2,
        (2, 2),
        (4, 30),
        "Salle de réunion de la préfecture",
        PlanAction.Provider.DAS,
        "36000",
    ),
    ("M02", ActorType.EAC, 30, 2, (3, 1), (5, 31), "Siège de la commune", PlanAction.Provider.DAS, "28000"),
    (
        "M03",
        ActorType.ASSOCIATION,
        25,
        1,
        (4, 1),
        (6, 30),
        "Centre socio-éducatif",
        PlanAction.Provider.EXTERNAL,
        "45000",
    ),
    (
        "M04",
        ActorType.CLDH,
        20,
        1,
        (9, 1),
        (10, 31),
        "Salle de réunion de la préfecture",
        PlanAction.Provider.MINISTRY,
        "0",
    ),
    (
        "M05",
        ActorType.COOPERATIVE,
        30,
        2,
        (10, 1),
        (12, 15),
        "Maison des jeunes",
        PlanAction.Provider.EXTERNAL,
        "52000",
    ),
]


class DemoPrerequisiteMissing(RuntimeError):
    pass


def _users(head, secretariat):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    domain = "das-agadir.ma"
    head = head or User.objects.filter(email=f"chef@{domain}").first()
    secretariat = secretariat or User.objects.filter(email=f"secretariat@{domain}").first()
    if head is None or secretariat is None:
        raise DemoPrerequisiteMissing("Les comptes de démonstration « chef » et « secretariat » sont introuvables.")
    return head, secretariat


def _prerequisites():
    from committees.models import Committee
    from das.models import BudgetLine, Partner

    modules = {module.code: module for module in Module.objects.filter(code__in=MODULES)}
    missing = [code for code in MODULES if code not in modules]
    if missing:
        raise DemoPrerequisiteMissing(
            "Modules de formation introuvables : "
            + ", ".join(missing)
            + " (semez d'abord les besoins et le catalogue)."
        )
    line = BudgetLine.objects.filter(code="R03").first() or BudgetLine.objects.filter(is_active=True).first()
    if line is None:
        raise DemoPrerequisiteMissing("Aucune rubrique budgétaire : semez d'abord les données de référence.")
    cpdh = Committee.objects.filter(kind=Committee.Kind.CPDH, is_active=True).first()
    if cpdh is None:
        raise DemoPrerequisiteMissing("Le CPDH de démonstration est introuvable : semez d'abord les comités.")
    partner = Partner.objects.order_by("pk").first()
    if partner is None:
        raise DemoPrerequisiteMissing("Aucun partenaire : semez d'abord les partenaires.")
    return modules, line, cpdh, partner


def _fill(plan, *, by, modules, line, partner):
    needs_by_theme: dict[int, list[Need]] = {}
    for need in Need.objects.filter(year=plan.year).order_by("priority", "pk"):
        needs_by_theme.setdefault(need.theme_id, []).append(need)
    for code, public, participants, sessions, start, end, place, provider, cost in ACTIONS:
        module = modules[code]
        if public not in module.target_groups and module.target_groups:
            public = module.target_groups[0]
        theme_ids = list(module.themes.values_list("pk", flat=True))
        needs = [need for theme in theme_ids for need in needs_by_theme.get(theme, [])][:2]
        services.action_save(
            plan=plan,
            by=by,
            needs=needs,
            module=module,
            target_group=public,
            planned_participants=participants,
            planned_sessions=sessions,
            period_start=dt.date(plan.year, *start),
            period_end=dt.date(plan.year, *end),
            place=place,
            commune=None,
            provider=provider,
            provider_partner=partner if provider == PlanAction.Provider.EXTERNAL else None,
            budget_line=line,
            planned_cost=Decimal(cost),
            notes="",
        )


def _cpdh_approval(plans, *, cpdh, secretariat, on: dt.date):
    """One CPDH meeting held ``on``, every sitting member present, that approves the plans."""
    from committees.services import meetings as meeting_services

    meeting = meeting_services.meeting_create(
        committee=cpdh,
        by=secretariat,
        kind="validation",
        date=on,
        time=dt.time(10, 0),
        place="Salle des réunions de la préfecture",
    )
    items = meeting_services.agenda_add_records(meeting=meeting, kind="plan_formation", records=plans, by=secretariat)
    meeting_services.meeting_convene(meeting=meeting, by=secretariat)
    entries = dict.fromkeys(meeting_services.sitting_members(meeting), ("present", ""))
    meeting_services.attendance_record(meeting=meeting, by=secretariat, entries=entries)
    for item in items:
        meeting_services.decision_record(item=item, by=secretariat, outcome="approuve")
    meeting_services.meeting_close(meeting=meeting, by=secretariat)
    return meeting


def seed(*, by, head=None, secretariat=None, **_kw) -> int:
    """``by`` is the training service's agent (role « formation »). Returns the number of plans created."""
    head, secretariat = _users(head, secretariat)
    this_year = timezone.localdate().year
    years = [year for year in (this_year - 1, this_year) if not TrainingPlan.objects.filter(year=year).exists()]
    if not years:
        return 0
    modules, line, cpdh, partner = _prerequisites()
    created = []
    for year in years:
        plan = services.plan_create(
            by=by,
            year=year,
            title=f"Plan de formation des acteurs de l'INDH {year}",
            objectives=(
                "Former les nouvelles équipes d'animation (EAC/EAQ) et les membres des CLDH ; renforcer les "
                "capacités des porteurs de projets, des associations et des coopératives en montage, gestion et "
                "suivi de projets."
            ),
        )
        _fill(plan, by=by, modules=modules, line=line, partner=partner)
        created.append(services.plan_validate(plan=plan, by=head))
    today = timezone.localdate()
    meeting_day = min(dt.date(this_year, 1, 28), today) if this_year in years else today
    _cpdh_approval(created, cpdh=cpdh, secretariat=secretariat, on=meeting_day)
    for plan in created:
        plan = services.plan_start(plan=TrainingPlan.objects.get(pk=plan.pk), by=by)
        if plan.year < this_year:
            services.plan_close(
                plan=plan,
                by=by,
                closing_note=(
                    "Toutes les actions prévues ont été réalisées sauf une session reportée faute de participants ; "
                    "les besoins non couverts sont repris au plan suivant."
                ),
            )
    return len(created)
