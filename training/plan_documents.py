"""The yearly training plan's documents: the plan in PDF (French or Arabic, A4 landscape, to sign by the chef de
division), in Excel (actions with formula totals, totals by budget line and by provider, parameters), and its section
of the CPDH's dossier de séance. Every figure comes from training.plan_selectors.plan_summary.

The PDF is an official document: its fixed wording lives here per language (as projects.credit_documents does), so
the Arabic plan reads in Arabic whatever the state of the catalogue.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from das.exports import MONEY_FORMAT, pdf_context, render_pdf, xlsx_header, xlsx_styles, xlsx_total_row
from das.formatting import format_money
from training.models import PlanAction, TrainingPlan
from training.plan_selectors import PlanSummary, plan_summary, provider_label

Status = TrainingPlan.Status
Provider = PlanAction.Provider
ZERO = Decimal("0")

LABELS = {
    "fr": {
        "division": "Division de l'Action Sociale",
        "title": "Plan annuel de formation {year}",
        "subtitle": "Formation et renforcement des capacités des acteurs de l'INDH",
        "draft": "PROJET",
        "draft_note": "Projet — plan non validé par le chef de division",
        "status": "Statut",
        "statuses": {
            Status.DRAFT: "Brouillon",
            Status.VALIDATED: "Validé par le chef de division",
            Status.PRESENTED: "Présenté au CPDH",
            Status.IN_PROGRESS: "En exécution",
            Status.CLOSED: "Clôturé",
        },
        "validated": "Validé par {name} le {date}",
        "not_validated": "Non encore validé par le chef de division",
        "cpdh": "Décision du CPDH",
        "cpdh_line": "{outcome} — {meeting}",
        "no_cpdh": "Pas encore présenté au CPDH",
        "reserves": "Réserves",
        "objectives": "Orientations et objectifs",
        "actions": "Actions de formation",
        "unit": "Montants en dirhams (DH)",
        "number": "N°",
        "module": "Module",
        "target": "Public cible",
        "participants": "Bénéficiaires prévus",
        "sessions": "Sessions prévues",
        "period": "Période",
        "place": "Lieu / commune",
        "provider": "Opérateur",
        "budget_line": "Rubrique budgétaire",
        "cost": "Coût prévu",
        "total": "Total",
        "by_line": "Totaux par rubrique budgétaire",
        "by_provider": "Totaux par opérateur",
        "count": "Actions",
        "no_action": "Le plan ne compte encore aucune action.",
        "providers": {Provider.DAS: "DAS", Provider.MINISTRY: "Ministère / Coordination nationale"},
        "period_value": "du {start} au {end}",
        "head": "Le Chef de la Division de l'Action Sociale",
        "closing": "Bilan de clôture",
    },
    "ar": {
        "division": "قسم العمل الاجتماعي",
        "title": "المخطط السنوي للتكوين {year}",
        "subtitle": "تكوين وتقوية قدرات الفاعلين في المبادرة الوطنية للتنمية البشرية",
        "draft": "مشروع",
        "draft_note": "مشروع — مخطط غير مصادق عليه من طرف رئيس القسم",
        "status": "الوضعية",
        "statuses": {
            Status.DRAFT: "مسودة",
            Status.VALIDATED: "مصادق عليه من طرف رئيس القسم",
            Status.PRESENTED: "معروض على اللجنة الإقليمية للتنمية البشرية",
            Status.IN_PROGRESS: "في طور التنفيذ",
            Status.CLOSED: "مختتم",
        },
        "validated": "صادق عليه {name} بتاريخ {date}",
        "not_validated": "لم تتم المصادقة عليه بعد من طرف رئيس القسم",
        "cpdh": "قرار اللجنة الإقليمية للتنمية البشرية",
        "cpdh_line": "{outcome} — {meeting}",
        "no_cpdh": "لم يعرض بعد على اللجنة الإقليمية للتنمية البشرية",
        "reserves": "التحفظات",
        "objectives": "التوجهات والأهداف",
        "actions": "أنشطة التكوين",
        "unit": "المبالغ بالدرهم",
        "number": "ر.ت",
        "module": "الوحدة التكوينية",
        "target": "الفئة المستهدفة",
        "participants": "عدد المستفيدين المتوقع",
        "sessions": "عدد الدورات المتوقع",
        "period": "الفترة",
        "place": "المكان / الجماعة",
        "provider": "الجهة المنفذة",
        "budget_line": "البند",
        "cost": "الكلفة المتوقعة",
        "total": "المجموع",
        "by_line": "المجاميع حسب البند",
        "by_provider": "المجاميع حسب الجهة المنفذة",
        "count": "الأنشطة",
        "no_action": "لا يتضمن المخطط أي نشاط بعد.",
        "providers": {Provider.DAS: "قسم العمل الاجتماعي", Provider.MINISTRY: "الوزارة / التنسيقية الوطنية"},
        "period_value": "من {start} إلى {end}",
        "head": "رئيس قسم العمل الاجتماعي",
        "closing": "حصيلة الاختتام",
    },
}
OUTCOMES = {
    "fr": {
        "approuve": "Approuvé",
        "approuve_reserves": "Approuvé avec réserves",
        "rejete": "Rejeté",
        "ajourne": "Ajourné",
    },
    "ar": {"approuve": "موافق عليه", "approuve_reserves": "موافق عليه مع تحفظات", "rejete": "مرفوض", "ajourne": "مؤجل"},
}


def _language(language: str) -> str:
    return "ar" if (language or "fr").startswith("ar") else "fr"


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _figure(value) -> str:
    """A figure without its unit (the table's caption gives it); the mark keeps it left to right in Arabic."""
    return "\u200e" + format_money(value, unit="").strip()


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "—"


def _latin(text: str, language: str) -> bool:
    return language == "ar" and bool(text) and not any("\u0600" <= char <= "\u06ff" for char in text)


def _meeting_text(decision, language: str) -> str:
    meeting = decision.item.meeting
    if language == "ar":
        return f"الاجتماع رقم {meeting.number} بتاريخ {_date(meeting.date)}"
    return f"{meeting.committee} – réunion n° {meeting.number} du {_date(meeting.date)}"


def _provider(action: PlanAction, labels: dict) -> str:
    if action.provider == Provider.EXTERNAL:
        return provider_label(action)
    return labels["providers"][action.provider]


def _place(action: PlanAction, language: str) -> str:
    parts = [action.place]
    if action.commune_id:
        commune = action.commune
        parts.append((getattr(commune, "name_ar", "") if language == "ar" else "") or commune.name_fr)
    return " – ".join(part for part in parts if part) or "—"


def plan_context(plan: TrainingPlan, language: str, summary: PlanSummary | None = None) -> dict:
    """What the plan's PDF shows; call inside ``translation.override(language)``."""
    labels = LABELS[language]
    summary = summary or plan_summary(plan)
    context = pdf_context(
        labels["title"].format(year=plan.year), user=labels["division"], subtitle=plan.title or labels["subtitle"]
    )
    decision = plan.cpdh_decision
    rows = []
    for action in summary.actions:
        rows.append(
            {
                "number": action.number,
                "module": f"{action.module.code} – {action.module.title}",
                "target": str(action.get_target_group_display()),
                "participants": action.planned_participants,
                "sessions": action.planned_sessions,
                "period": labels["period_value"].format(start=_date(action.period_start), end=_date(action.period_end)),
                "place": _place(action, language),
                "provider": _provider(action, labels),
                "budget_line": action.budget_line.code,
                "cost": _figure(action.planned_cost),
            }
        )
    context.update(
        {
            "language": language,
            "labels": labels,
            "plan": plan,
            "draft": plan.status == Status.DRAFT,
            "status_label": labels["statuses"][plan.status],
            "validated": (
                labels["validated"].format(
                    name=_name(plan.validated_by), date=_date(timezone.localtime(plan.validated_at))
                )
                if plan.validated_at
                else labels["not_validated"]
            ),
            "cpdh": (
                labels["cpdh_line"].format(
                    outcome=OUTCOMES[language][decision.outcome], meeting=_meeting_text(decision, language)
                )
                if decision
                else labels["no_cpdh"]
            ),
            "reserves": decision.reserves if decision else "",
            # A text typed in French reads left to right in the Arabic plan.
            "objectives_fb": _latin(plan.objectives, language),
            "closing_fb": _latin(plan.closing_note, language),
            "rows": rows,
            "total": {
                "actions": summary.total.actions,
                "participants": summary.total.participants,
                "sessions": summary.total.sessions,
                "cost": _figure(summary.total.cost),
            },
            "by_line": [
                {
                    "label": row.label,
                    "actions": row.actions,
                    "participants": row.participants,
                    "cost": _figure(row.cost),
                }
                for row in summary.by_budget_line
            ],
            "by_provider": [
                {
                    "label": labels["providers"].get(row.key[0], row.label),
                    "actions": row.actions,
                    "participants": row.participants,
                    "cost": _figure(row.cost),
                }
                for row in summary.by_provider
            ],
            "signature": [labels["head"]],
        }
    )
    return context


def render_plan_pdf(plan: TrainingPlan, language: str) -> bytes:
    language = _language(language)
    with translation.override(language):
        return render_pdf("training/plans/plan_pdf.html", plan_context(plan, language))


def file_stem(plan: TrainingPlan) -> str:
    return f"plan-formation-{plan.year}"


# --- Excel ------------------------------------------------------------------------------------------------------
ACTION_COLUMNS = [
    ("number", gettext_lazy("N°"), 6),
    ("module", gettext_lazy("Module"), 40),
    ("target", gettext_lazy("Public cible"), 22),
    ("participants", gettext_lazy("Bénéficiaires prévus"), 14),
    ("sessions", gettext_lazy("Sessions prévues"), 12),
    ("start", gettext_lazy("Du"), 12),
    ("end", gettext_lazy("Au"), 12),
    ("place", gettext_lazy("Lieu"), 26),
    ("commune", gettext_lazy("Commune"), 20),
    ("provider", gettext_lazy("Opérateur"), 28),
    ("budget_line", gettext_lazy("Rubrique budgétaire"), 32),
    ("cost", gettext_lazy("Coût prévu"), 18),
    ("needs", gettext_lazy("Besoins visés"), 40),
]


def plan_workbook(plan: TrainingPlan, user, summary: PlanSummary | None = None):
    """Sheets « Actions » (SUM totals), « Par rubrique » and « Par opérateur » (SUMIF on the actions, so a figure
    changed in « Actions » carries over), « Paramètres »."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    summary = summary or plan_summary(plan)
    styles = xlsx_styles()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Actions")
    title = _("Plan annuel de formation %(year)s") % {"year": plan.year}
    sheet.cell(row=1, column=1, value=title).font = styles["title"]
    sheet.cell(row=2, column=1, value=f"{settings.DAS_PROVINCE_NAME} — {_('Division de l’Action Sociale')}")
    sheet.cell(row=3, column=1, value=f"{_('Statut')} : {plan.get_status_display()}")
    header_row = 5
    xlsx_header(sheet, header_row, [label for _key, label, _w in ACTION_COLUMNS], styles)
    letters = {key: get_column_letter(index) for index, (key, _l, _w) in enumerate(ACTION_COLUMNS, start=1)}
    for key, _label, width in ACTION_COLUMNS:
        sheet.column_dimensions[letters[key]].width = width
    first = header_row + 1
    r = header_row
    for action in summary.actions:
        r += 1
        values = {
            "number": action.number,
            "module": f"{action.module.code} – {action.module.title_fr}",
            "target": str(action.get_target_group_display()),
            "participants": action.planned_participants,
            "sessions": action.planned_sessions,
            "start": action.period_start,
            "end": action.period_end,
            "place": action.place,
            "commune": action.commune.name_fr if action.commune_id else "",
            "provider": provider_label(action),
            "budget_line": str(action.budget_line),
            "cost": action.planned_cost,
            "needs": "; ".join(f"{need.theme.code} – {need.description[:60]}" for need in action.needs.all()),
        }
        for key, value in values.items():
            cell = sheet[f"{letters[key]}{r}"]
            cell.value = value
            if key in ("start", "end"):
                cell.number_format = "DD/MM/YYYY"
        sheet[f"{letters['cost']}{r}"].number_format = MONEY_FORMAT
    last = r
    r += 1
    sheet[f"{letters['module']}{r}"] = _("Total")
    sheet[f"{letters['number']}{r}"] = (
        f"=COUNT({letters['number']}{first}:{letters['number']}{last})" if last >= first else 0
    )
    for key in ("participants", "sessions", "cost"):
        letter = letters[key]
        sheet[f"{letter}{r}"] = f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0
    sheet[f"{letters['cost']}{r}"].number_format = MONEY_FORMAT
    xlsx_total_row(sheet, r, len(ACTION_COLUMNS), styles)
    sheet.freeze_panes = f"C{first}"
    total_row = r

    def breakdown(name, rows, key):
        page = workbook.create_sheet(title=name)
        column = letters[key]
        xlsx_header(
            page,
            1,
            [
                {k: label for k, label, _w in ACTION_COLUMNS}[key],
                _("Actions"),
                _("Bénéficiaires prévus"),
                _("Coût prévu"),
                _("Part du coût"),
            ],
            styles,
        )
        for letter, width in zip("ABCDE", (40, 10, 16, 18, 12), strict=True):
            page.column_dimensions[letter].width = width
        source = f"Actions!${column}${first}:${column}${max(last, first)}"
        count = f"Actions!${letters['participants']}${first}:${letters['participants']}${max(last, first)}"
        cost = f"Actions!${letters['cost']}${first}:${letters['cost']}${max(last, first)}"
        row_number = 1
        for row in rows:
            row_number += 1
            page.cell(row=row_number, column=1, value=row.label)
            page[f"B{row_number}"] = f"=COUNTIF({source},A{row_number})"
            page[f"C{row_number}"] = f"=SUMIF({source},A{row_number},{count})"
            page[f"D{row_number}"] = f"=SUMIF({source},A{row_number},{cost})"
            page[f"D{row_number}"].number_format = MONEY_FORMAT
            page[f"E{row_number}"] = (
                f'=IF(Actions!${letters["cost"]}${total_row}=0,"",D{row_number}/Actions!${letters["cost"]}${total_row})'
            )
            page[f"E{row_number}"].number_format = "0.00%"
        end = row_number
        row_number += 1
        page.cell(row=row_number, column=1, value=_("Total"))
        for letter in "BCD":
            page[f"{letter}{row_number}"] = f"=SUM({letter}2:{letter}{end})" if end >= 2 else 0
        page[f"D{row_number}"].number_format = MONEY_FORMAT
        xlsx_total_row(page, row_number, 5, styles)

    breakdown(_("Par rubrique"), summary.by_budget_line, "budget_line")
    breakdown(_("Par opérateur"), summary.by_provider, "provider")

    params = workbook.create_sheet(title=_("Paramètres"))
    params.column_dimensions["A"].width = 28
    params.column_dimensions["B"].width = 80
    decision = plan.cpdh_decision
    pairs = [
        (_("Année"), plan.year),
        (_("Intitulé"), plan.title or "—"),
        (_("Statut"), plan.get_status_display()),
        (_("Validé par"), _name(plan.validated_by) if plan.validated_at else "—"),
        (_("Validé le"), _date(timezone.localtime(plan.validated_at)) if plan.validated_at else "—"),
        (_("Décision du CPDH"), f"{decision.get_outcome_display()} — {decision.item.meeting}" if decision else "—"),
        (_("Édité le"), date_format(timezone.localtime(), "DATETIME_FORMAT")),
        (_("Édité par"), str(user)),
    ]
    for number, (label, value) in enumerate(pairs, start=1):
        params.cell(row=number, column=1, value=str(label)).font = styles["bold"]
        params.cell(row=number, column=2, value=value)
    return workbook


# --- The CPDH's dossier de séance -----------------------------------------------------------------------------------
def session_context(plan: TrainingPlan) -> dict:
    """The plan's section of the dossier de séance (in French): its actions in short and its totals."""
    summary = plan_summary(plan)
    return {
        "actions": [
            {
                "number": action.number,
                "module": f"{action.module.code} – {action.module.title_fr}",
                "target": str(action.get_target_group_display()),
                "participants": action.planned_participants,
                "start": _date(action.period_start),
                "end": _date(action.period_end),
                "provider": provider_label(action),
                "cost": format_money(action.planned_cost),
            }
            for action in summary.actions
        ],
        "participants": summary.total.participants,
        "sessions": summary.total.sessions,
        "cost": format_money(summary.total.cost),
        "by_line": [
            {"label": row.label, "actions": row.actions, "cost": format_money(row.cost)}
            for row in summary.by_budget_line
        ],
    }
