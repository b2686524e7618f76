"""The yearly proximity-communication plan's documents: the plan in PDF (French or Arabic, A4 landscape, to sign by
the chef de division) and in Excel (actions with formula totals, totals by action type and by budget line,
parameters). Every figure comes from communication.plan_selectors.plan_summary.

The PDF is an official document: its fixed wording lives here per language (as training.plan_documents does), so the
Arabic plan reads in Arabic whatever the state of the catalogue.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communication.models import Audience, CommunicationAction, CommunicationPlan
from communication.pdf import count_text, latin, pdf_language, place_name
from communication.plan_selectors import PlanSummary, plan_summary
from das.exports import MONEY_FORMAT, pdf_context, render_pdf, xlsx_header, xlsx_styles, xlsx_total_row
from das.formatting import format_money

Status = CommunicationPlan.Status
Kind = CommunicationAction.Kind
Channel = CommunicationAction.Channel
ActionStatus = CommunicationAction.Status

LABELS = {
    "fr": {
        "division": "Division de l'Action Sociale",
        "title": "Plan de communication de proximité {year}",
        "subtitle": "Initiative Nationale pour le Développement Humain",
        "draft": "PROJET",
        "draft_note": "Projet — plan non validé par le chef de division",
        "status": "Statut",
        "statuses": {
            Status.DRAFT: "Brouillon",
            Status.VALIDATED: "Validé par le chef de division",
            Status.IN_PROGRESS: "En exécution",
            Status.CLOSED: "Clôturé",
        },
        "validated": "Validé par {name} le {date}",
        "not_validated": "Non encore validé par le chef de division",
        "objectives": "Objectifs",
        "audiences": "Publics cibles",
        "actions": "Actions de communication",
        "unit": "Montants en dirhams (DH) ; portée attendue en nombre de personnes",
        "number": "N°",
        "action": "Action",
        "kind": "Type",
        "channel": "Canal",
        "audience": "Public cible",
        "commune": "Commune",
        "province_wide": "Toute la préfecture",
        "date": "Date prévue",
        "budget": "Budget prévu",
        "responsible": "Responsable",
        "reach": "Portée attendue",
        "action_status": "Statut",
        "total": "Total",
        "by_kind": "Totaux par type d'action",
        "by_line": "Totaux par rubrique budgétaire",
        "budget_line": "Rubrique budgétaire",
        "no_line": "Sans rubrique",
        "count": "Actions",
        "no_action": "Le plan ne compte encore aucune action.",
        "head": "Le Chef de la Division de l'Action Sociale",
        "closing": "Bilan de clôture",
        "kinds": {
            Kind.CARAVAN: "Caravane",
            Kind.WORKSHOP: "Atelier de sensibilisation",
            Kind.INFO_MEETING: "Réunion d'information",
            Kind.RADIO: "Émission radio",
            Kind.TELEVISION: "Émission télévisée",
            Kind.PUBLICATION: "Publication",
            Kind.POSTERS: "Affichage",
            Kind.OPEN_DAY: "Journée portes ouvertes",
            Kind.INAUGURATION: "Inauguration",
            Kind.SOCIAL_MEDIA: "Réseaux sociaux",
            Kind.EXHIBITION: "Exposition / foire",
            Kind.OTHER: "Autre",
        },
        "channels": {
            Channel.FACE_TO_FACE: "Proximité",
            Channel.RADIO: "Radio",
            Channel.TELEVISION: "Télévision",
            Channel.PRESS: "Presse",
            Channel.PRINT: "Imprimés et affichage",
            Channel.WEB: "Web et réseaux sociaux",
            Channel.EVENT: "Événement",
        },
        "audience_labels": {
            Audience.GENERAL_PUBLIC: "Grand public",
            Audience.HOLDERS: "Porteurs de projets",
            Audience.ASSOCIATIONS: "Associations et coopératives",
            Audience.TEAMS: "Équipes d'animation (EAC/EAQ)",
            Audience.COMMITTEES: "Comités (CLDH, CPDH)",
            Audience.ELECTED: "Élus",
            Audience.SERVICES: "Services extérieurs",
            Audience.YOUTH: "Jeunes",
            Audience.WOMEN: "Femmes",
            Audience.BENEFICIARIES: "Bénéficiaires",
            Audience.MEDIA: "Médias",
        },
        "action_statuses": {
            ActionStatus.PLANNED: "Prévue",
            ActionStatus.DONE: "Réalisée",
            ActionStatus.CANCELLED: "Annulée",
        },
    },
    "ar": {
        "division": "قسم العمل الاجتماعي",
        "title": "مخطط التواصل عن قرب {year}",
        "subtitle": "المبادرة الوطنية للتنمية البشرية",
        "draft": "مشروع",
        "draft_note": "مشروع — مخطط غير مصادق عليه من طرف رئيس القسم",
        "status": "الوضعية",
        "statuses": {
            Status.DRAFT: "مسودة",
            Status.VALIDATED: "مصادق عليه من طرف رئيس القسم",
            Status.IN_PROGRESS: "في طور التنفيذ",
            Status.CLOSED: "مختتم",
        },
        "validated": "صادق عليه {name} بتاريخ {date}",
        "not_validated": "لم تتم المصادقة عليه بعد من طرف رئيس القسم",
        "objectives": "الأهداف",
        "audiences": "الفئات المستهدفة",
        "actions": "أنشطة التواصل",
        "unit": "المبالغ بالدرهم ؛ الأثر المتوقع بعدد الأشخاص",
        "number": "ر.ت",
        "action": "النشاط",
        "kind": "النوع",
        "channel": "القناة",
        "audience": "الفئة المستهدفة",
        "commune": "الجماعة",
        "province_wide": "مجموع تراب العمالة",
        "date": "التاريخ المتوقع",
        "budget": "الميزانية المتوقعة",
        "responsible": "المسؤول",
        "reach": "الأثر المتوقع",
        "action_status": "الوضعية",
        "total": "المجموع",
        "by_kind": "المجاميع حسب نوع النشاط",
        "by_line": "المجاميع حسب البند",
        "budget_line": "البند",
        "no_line": "بدون بند",
        "count": "الأنشطة",
        "no_action": "لا يتضمن المخطط أي نشاط بعد.",
        "head": "رئيس قسم العمل الاجتماعي",
        "closing": "حصيلة الاختتام",
        "kinds": {
            Kind.CARAVAN: "قافلة",
            Kind.WORKSHOP: "ورشة تحسيسية",
            Kind.INFO_MEETING: "اجتماع إخباري",
            Kind.RADIO: "برنامج إذاعي",
            Kind.TELEVISION: "برنامج تلفزي",
            Kind.PUBLICATION: "منشور",
            Kind.POSTERS: "ملصقات",
            Kind.OPEN_DAY: "يوم مفتوح",
            Kind.INAUGURATION: "تدشين",
            Kind.SOCIAL_MEDIA: "شبكات التواصل الاجتماعي",
            Kind.EXHIBITION: "معرض",
            Kind.OTHER: "أخرى",
        },
        "channels": {
            Channel.FACE_TO_FACE: "القرب (لقاء مباشر)",
            Channel.RADIO: "الإذاعة",
            Channel.TELEVISION: "التلفزة",
            Channel.PRESS: "الصحافة",
            Channel.PRINT: "المطبوعات والملصقات",
            Channel.WEB: "الموقع الإلكتروني وشبكات التواصل",
            Channel.EVENT: "تظاهرة",
        },
        "audience_labels": {
            Audience.GENERAL_PUBLIC: "عموم المواطنين",
            Audience.HOLDERS: "حاملو المشاريع",
            Audience.ASSOCIATIONS: "الجمعيات والتعاونيات",
            Audience.TEAMS: "فرق التنشيط",
            Audience.COMMITTEES: "اللجان المحلية والإقليمية",
            Audience.ELECTED: "المنتخبون",
            Audience.SERVICES: "المصالح الخارجية",
            Audience.YOUTH: "الشباب",
            Audience.WOMEN: "النساء",
            Audience.BENEFICIARIES: "المستفيدون",
            Audience.MEDIA: "وسائل الإعلام",
        },
        "action_statuses": {ActionStatus.PLANNED: "مبرمج", ActionStatus.DONE: "منجز", ActionStatus.CANCELLED: "ملغى"},
    },
}


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _figure(value) -> str:
    """A figure without its unit (the table's caption gives it); the mark keeps it left to right in Arabic."""
    return "\u200e" + format_money(value, unit="").strip()


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "—"


def _commune(action: CommunicationAction, labels: dict, language: str) -> str:
    if not action.commune_id:
        return labels["province_wide"]
    return place_name(action.commune, language) or "—"


def _line(row, labels: dict, language: str) -> str:
    return row.label or labels["no_line"]


def plan_context(plan: CommunicationPlan, language: str, summary: PlanSummary | None = None) -> dict:
    """What the plan's PDF shows; call inside ``translation.override(language)``."""
    labels = LABELS[language]
    summary = summary or plan_summary(plan)
    context = pdf_context(
        labels["title"].format(year=plan.year), user=labels["division"], subtitle=plan.title or labels["subtitle"]
    )
    rows = [
        {
            "number": action.number,
            "title": action.title,
            "title_fb": latin(action.title, language),
            "kind": labels["kinds"].get(action.kind, action.kind),
            "channel": labels["channels"].get(action.channel, action.channel),
            "audience": labels["audience_labels"].get(action.audience, action.audience),
            "commune": _commune(action, labels, language),
            "date": _date(action.planned_on),
            "budget": _figure(action.planned_budget),
            "responsible": _name(action.responsible),
            "reach": count_text(action.expected_reach),
            "status": labels["action_statuses"].get(action.status, action.status),
        }
        for action in summary.actions
    ]
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
            # A text typed in French reads left to right in the Arabic plan.
            "objectives_fb": latin(plan.objectives, language),
            "audiences_fb": latin(plan.target_audiences, language),
            "closing_fb": latin(plan.closing_note, language),
            "rows": rows,
            "total": {
                "actions": summary.total.actions,
                "reach": count_text(summary.total.reach),
                "budget": _figure(summary.total.budget),
            },
            "by_kind": [
                {
                    "label": labels["kinds"].get(row.key, row.label),
                    "actions": row.actions,
                    "reach": count_text(row.reach),
                    "budget": _figure(row.budget),
                }
                for row in summary.by_kind
            ],
            "by_line": [
                {
                    "label": _line(row, labels, language),
                    "actions": row.actions,
                    "reach": count_text(row.reach),
                    "budget": _figure(row.budget),
                }
                for row in summary.by_budget_line
            ],
            "signature": [labels["head"]],
        }
    )
    return context


def render_plan_pdf(plan: CommunicationPlan, language: str) -> bytes:
    language = pdf_language(language)
    with translation.override(language):
        return render_pdf("communication/plans/plan_pdf.html", plan_context(plan, language))


def file_stem(plan: CommunicationPlan) -> str:
    return f"plan-communication-{plan.year}"


# --- Excel ------------------------------------------------------------------------------------------------------


ACTION_COLUMNS = [
    ("number", gettext_lazy("N°"), 6),
    ("title", gettext_lazy("Intitulé"), 40),
    ("kind", gettext_lazy("Type d'action"), 24),
    ("channel", gettext_lazy("Canal"), 22),
    ("audience", gettext_lazy("Public cible"), 24),
    ("commune", gettext_lazy("Commune"), 22),
    ("date", gettext_lazy("Date prévue"), 12),
    ("quarter", gettext_lazy("Trimestre"), 10),
    ("budget_line", gettext_lazy("Rubrique budgétaire"), 30),
    ("budget", gettext_lazy("Budget prévu"), 18),
    ("responsible", gettext_lazy("Responsable"), 22),
    ("reach", gettext_lazy("Portée attendue"), 14),
    ("status", gettext_lazy("Statut"), 12),
]


def plan_workbook(plan: CommunicationPlan, user, summary: PlanSummary | None = None):
    """Sheets « Actions » (SUM totals), « Par type » and « Par rubrique » (COUNTIF/SUMIF on the actions, so a figure
    changed in « Actions » carries over), « Paramètres »."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    summary = summary or plan_summary(plan)
    styles = xlsx_styles()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Actions")
    title = _("Plan de communication de proximité %(year)s") % {"year": plan.year}
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
    no_line = _("Sans rubrique")
    for action in summary.actions:
        r += 1
        values = {
            "number": action.number,
            "title": action.title,
            "kind": str(action.get_kind_display()),
            "channel": str(action.get_channel_display()),
            "audience": str(action.get_audience_display()),
            "commune": action.commune.name_fr if action.commune_id else _("Toute la préfecture"),
            "date": action.planned_on,
            "quarter": f"T{(action.planned_on.month - 1) // 3 + 1}",
            "budget_line": str(action.budget_line) if action.budget_line_id else no_line,
            "budget": action.planned_budget,
            "responsible": _name(action.responsible),
            "reach": action.expected_reach,
            "status": str(action.get_status_display()),
        }
        for key, value in values.items():
            sheet[f"{letters[key]}{r}"] = value
        sheet[f"{letters['date']}{r}"].number_format = "DD/MM/YYYY"
        sheet[f"{letters['budget']}{r}"].number_format = MONEY_FORMAT
    last = r
    r += 1
    sheet[f"{letters['title']}{r}"] = _("Total")
    sheet[f"{letters['number']}{r}"] = (
        f"=COUNT({letters['number']}{first}:{letters['number']}{last})" if last >= first else 0
    )
    for key in ("budget", "reach"):
        letter = letters[key]
        sheet[f"{letter}{r}"] = f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0
    sheet[f"{letters['budget']}{r}"].number_format = MONEY_FORMAT
    xlsx_total_row(sheet, r, len(ACTION_COLUMNS), styles)
    sheet.freeze_panes = f"C{first}"
    total_row = r

    def breakdown(name, labels, key):
        page = workbook.create_sheet(title=name)
        column = letters[key]
        heading = {k: label for k, label, _w in ACTION_COLUMNS}[key]
        xlsx_header(
            page, 1, [heading, _("Actions"), _("Budget prévu"), _("Portée attendue"), _("Part du budget")], styles
        )
        for letter, width in zip("ABCDE", (40, 10, 18, 16, 12), strict=True):
            page.column_dimensions[letter].width = width
        end_row = max(last, first)
        source = f"Actions!${column}${first}:${column}${end_row}"
        budget = f"Actions!${letters['budget']}${first}:${letters['budget']}${end_row}"
        reach = f"Actions!${letters['reach']}${first}:${letters['reach']}${end_row}"
        total = f"Actions!${letters['budget']}${total_row}"
        row_number = 1
        for label in labels:
            row_number += 1
            page.cell(row=row_number, column=1, value=label)
            page[f"B{row_number}"] = f"=COUNTIF({source},A{row_number})"
            page[f"C{row_number}"] = f"=SUMIF({source},A{row_number},{budget})"
            page[f"C{row_number}"].number_format = MONEY_FORMAT
            page[f"D{row_number}"] = f"=SUMIF({source},A{row_number},{reach})"
            page[f"E{row_number}"] = f'=IF({total}=0,"",C{row_number}/{total})'
            page[f"E{row_number}"].number_format = "0.00%"
        end = row_number
        row_number += 1
        page.cell(row=row_number, column=1, value=_("Total"))
        for letter in "BCD":
            page[f"{letter}{row_number}"] = f"=SUM({letter}2:{letter}{end})" if end >= 2 else 0
        page[f"C{row_number}"].number_format = MONEY_FORMAT
        xlsx_total_row(page, row_number, 5, styles)

    breakdown(_("Par type"), [str(Kind(row.key).label) for row in summary.by_kind], "kind")
    breakdown(_("Par rubrique"), [row.label or no_line for row in summary.by_budget_line], "budget_line")

    params = workbook.create_sheet(title=_("Paramètres"))
    params.column_dimensions["A"].width = 28
    params.column_dimensions["B"].width = 80
    pairs = [
        (_("Année"), plan.year),
        (_("Intitulé"), plan.title or "—"),
        (_("Statut"), plan.get_status_display()),
        (_("Objectifs"), plan.objectives or "—"),
        (_("Publics cibles"), plan.target_audiences or "—"),
        (_("Validé par"), _name(plan.validated_by) if plan.validated_at else "—"),
        (_("Validé le"), _date(timezone.localtime(plan.validated_at)) if plan.validated_at else "—"),
        (_("Édité le"), date_format(timezone.localtime(), "DATETIME_FORMAT")),
        (_("Édité par"), str(user)),
    ]
    for number, (label, value) in enumerate(pairs, start=1):
        params.cell(row=number, column=1, value=str(label)).font = styles["bold"]
        params.cell(row=number, column=2, value=str(value) if not isinstance(value, int) else value)
    return workbook
