"""The execution report of the yearly communication plan: PDF (French or Arabic, A4 landscape, signed by the chef
de division) and Excel (actions planned vs done with formula totals; breakdowns by budget line, type of action and
commune by SUMIF on the actions; participants by type; « Paramètres » with the definitions). Every figure comes
from communication.execution_selectors.execution_report.

The PDF is an official document: its fixed wording lives here per language (as training.plan_documents does), so the
Arabic report reads in Arabic whatever the state of the catalogue.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from communication.execution_selectors import DEFINITIONS, ExecutionReport, execution_report
from communication.models import Audience, CommunicationAction, CommunicationPlan
from communication.pdf import count_text, latin, pdf_language, place_name
from das.exports import MONEY_FORMAT, pdf_context, render_pdf, xlsx_header, xlsx_styles, xlsx_total_row
from das.formatting import format_money

Kind = CommunicationAction.Kind
Status = CommunicationAction.Status
PlanStatus = CommunicationPlan.Status

LABELS = {
    "fr": {
        "division": "Division de l'Action Sociale",
        "title": "Rapport d'exécution du plan de communication de proximité {year}",
        "subtitle": "Prévu et réalisé : actions, participants, portée, coût",
        "plan_status": "Statut du plan",
        "plan_statuses": {
            PlanStatus.DRAFT: "Brouillon",
            PlanStatus.VALIDATED: "Validé par le chef de division",
            PlanStatus.IN_PROGRESS: "En exécution",
            PlanStatus.CLOSED: "Clôturé",
        },
        "situation": "Situation au {date}",
        "summary": "Synthèse",
        "actions_planned": "Actions programmées",
        "done": "Réalisées",
        "cancelled": "Annulées",
        "pending": "Encore prévues",
        "realisation_rate": "Taux de réalisation",
        "participants": "Participants",
        "women": "Femmes",
        "men": "Hommes",
        "reach_expected": "Portée attendue",
        "reach_estimated": "Portée estimée",
        "reached": "Portée atteinte",
        "press": "Articles et passages médias",
        "budget": "Budget prévu",
        "cost": "Coût réel",
        "consumption": "Taux de consommation",
        "actions": "Actions : prévu et réalisé",
        "unit": "Montants en dirhams (DH)",
        "number": "N°",
        "action": "Action",
        "kind": "Type",
        "status": "Statut",
        "planned_on": "Prévue le",
        "done_on": "Réalisée le",
        "commune": "Commune",
        "total": "Total",
        "by_audience": "Participants par type et par sexe",
        "audience": "Type de participants",
        "by_line": "Par rubrique budgétaire",
        "by_kind": "Par type d'action",
        "by_commune": "Par commune",
        "line": "Rubrique",
        "no_line": "Sans rubrique",
        "province_wide": "Toute la préfecture",
        "no_action": "Le plan ne compte aucune action.",
        "definitions": "Définitions",
        "head": "Le Chef de la Division de l'Action Sociale",
        "statuses": {Status.PLANNED: "Prévue", Status.DONE: "Réalisée", Status.CANCELLED: "Annulée"},
        "kinds": {value: str(label) for value, label in Kind.choices},
        "audiences": {value: str(label) for value, label in Audience.choices},
        "terms": [
            (
                "Participants",
                "Personnes comptées présentes lors de l'action (femmes + hommes), tous types de participants "
                "confondus.",
            ),
            (
                "Portée atteinte",
                "Participants comptés + portée estimée au-delà de la salle (auditeurs, lecteurs, vues sur les "
                "réseaux sociaux), saisie comme une estimation.",
            ),
            (
                "Portée attendue",
                "Nombre de personnes que le plan prévoyait d'atteindre, toutes actions du plan comprises "
                "(annulées aussi).",
            ),
            (
                "Taux de réalisation",
                "Actions réalisées ÷ actions programmées au plan (les actions annulées restent au dénominateur).",
            ),
            (
                "Taux de consommation",
                "Coût réel des actions réalisées ÷ budget prévu de toutes les actions du plan (annulées comprises).",
            ),
        ],
    },
    "ar": {
        "division": "قسم العمل الاجتماعي",
        "title": "تقرير تنفيذ مخطط التواصل عن قرب {year}",
        "subtitle": "المبرمج والمنجز: الأنشطة، المشاركون، مدى الوصول، الكلفة",
        "plan_status": "وضعية المخطط",
        "plan_statuses": {
            PlanStatus.DRAFT: "مسودة",
            PlanStatus.VALIDATED: "مصادق عليه من طرف رئيس القسم",
            PlanStatus.IN_PROGRESS: "في طور التنفيذ",
            PlanStatus.CLOSED: "مختتم",
        },
        "situation": "الوضعية بتاريخ {date}",
        "summary": "ملخص",
        "actions_planned": "الأنشطة المبرمجة",
        "done": "المنجزة",
        "cancelled": "الملغاة",
        "pending": "المتبقية",
        "realisation_rate": "نسبة الإنجاز",
        "participants": "المشاركون",
        "women": "نساء",
        "men": "رجال",
        "reach_expected": "مدى الوصول المتوقع",
        "reach_estimated": "مدى الوصول المقدر",
        "reached": "مدى الوصول المحقق",
        "press": "المقالات والمرورات الإعلامية",
        "budget": "الميزانية المتوقعة",
        "cost": "الكلفة الفعلية",
        "consumption": "نسبة الاستهلاك",
        "actions": "الأنشطة: المبرمج والمنجز",
        "unit": "المبالغ بالدرهم",
        "number": "ر.ت",
        "action": "النشاط",
        "kind": "النوع",
        "status": "الوضعية",
        "planned_on": "التاريخ المتوقع",
        "done_on": "تاريخ الإنجاز",
        "commune": "الجماعة",
        "total": "المجموع",
        "by_audience": "المشاركون حسب الفئة والجنس",
        "audience": "فئة المشاركين",
        "by_line": "حسب البند",
        "by_kind": "حسب نوع النشاط",
        "by_commune": "حسب الجماعة",
        "line": "البند",
        "no_line": "بدون بند",
        "province_wide": "مجموع العمالة",
        "no_action": "لا يتضمن المخطط أي نشاط.",
        "definitions": "تعاريف",
        "head": "رئيس قسم العمل الاجتماعي",
        "statuses": {Status.PLANNED: "مبرمج", Status.DONE: "منجز", Status.CANCELLED: "ملغى"},
        "kinds": {
            Kind.CARAVAN: "قافلة",
            Kind.WORKSHOP: "ورشة تحسيسية",
            Kind.INFO_MEETING: "اجتماع إخباري",
            Kind.RADIO: "برنامج إذاعي",
            Kind.TELEVISION: "برنامج تلفزي",
            Kind.PUBLICATION: "منشور",
            Kind.POSTERS: "ملصقات",
            Kind.OPEN_DAY: "يوم الأبواب المفتوحة",
            Kind.INAUGURATION: "تدشين",
            Kind.SOCIAL_MEDIA: "شبكات التواصل الاجتماعي",
            Kind.EXHIBITION: "معرض",
            Kind.OTHER: "أخرى",
        },
        "audiences": {
            Audience.GENERAL_PUBLIC: "عموم المواطنين",
            Audience.HOLDERS: "حاملو المشاريع",
            Audience.ASSOCIATIONS: "الجمعيات والتعاونيات",
            Audience.TEAMS: "فرق التنشيط (الجماعية والحضرية)",
            Audience.COMMITTEES: "اللجان (المحلية والإقليمية)",
            Audience.ELECTED: "المنتخبون",
            Audience.SERVICES: "المصالح الخارجية",
            Audience.YOUTH: "الشباب",
            Audience.WOMEN: "النساء",
            Audience.BENEFICIARIES: "المستفيدون",
            Audience.MEDIA: "وسائل الإعلام",
        },
        "terms": [
            ("المشاركون", "الأشخاص الحاضرون الذين تم إحصاؤهم خلال النشاط (نساء + رجال)، كل الفئات مجتمعة."),
            (
                "مدى الوصول المحقق",
                "المشاركون المحصون + مدى الوصول المقدر خارج القاعة (المستمعون، القراء، المشاهدات على شبكات التواصل"
                " الاجتماعي)، ويسجل كتقدير.",
            ),
            ("مدى الوصول المتوقع", "عدد الأشخاص الذين توقع المخطط الوصول إليهم، بما في ذلك الأنشطة الملغاة."),
            ("نسبة الإنجاز", "الأنشطة المنجزة ÷ الأنشطة المبرمجة في المخطط (تبقى الأنشطة الملغاة في المقام)."),
            (
                "نسبة الاستهلاك",
                "الكلفة الفعلية للأنشطة المنجزة ÷ الميزانية المتوقعة لكل أنشطة المخطط (بما فيها الملغاة).",
            ),
        ],
    },
}


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _figure(value) -> str:
    """An amount without its unit (the caption gives it); the mark keeps it left to right in Arabic."""
    return "\u200e" + format_money(value, unit="").strip()


def _rate(value) -> str:
    return "—" if value is None else "\u200e" + f"{value} %".replace(".", ",")


def _group(group, labels, language, *, kind=None) -> dict:
    label = group.label
    if kind == "kind":
        label = labels["kinds"].get(group.key, group.label)
    elif kind == "line" and not group.key:
        label = labels["no_line"]
    elif kind == "commune" and not group.key:
        label = labels["province_wide"]
    return {
        "label": label,
        "actions": group.actions,
        "done": group.done,
        "reached": count_text(group.reached),
        "expected": count_text(group.expected_reach),
        "budget": _figure(group.budget),
        "cost": _figure(group.cost),
        "consumption": _rate(group.consumption),
    }


def report_context(plan: CommunicationPlan, language: str, report: ExecutionReport | None = None) -> dict:
    """What the report's PDF shows; call inside ``translation.override(language)``."""
    labels = LABELS[language]
    report = report or execution_report(plan)
    context = pdf_context(
        labels["title"].format(year=plan.year),
        user=labels["division"],
        subtitle=labels["subtitle"] if language == "ar" else (plan.title or labels["subtitle"]),
    )
    rows = []
    for line in report.lines:
        action = line.action
        done = line.realisation is not None
        commune = (line.realisation.commune if done and line.realisation.commune_id else None) or action.commune
        rows.append(
            {
                "number": action.number,
                "title": action.title,
                "title_fb": latin(action.title, language),
                "kind": labels["kinds"].get(action.kind, action.kind),
                "commune": place_name(commune, language) or labels["province_wide"],
                "status": labels["statuses"][action.status],
                "planned_on": _date(action.planned_on),
                "done_on": _date(line.done_on),
                "expected": count_text(action.expected_reach),
                "participants": count_text(line.participants) if done else "—",
                "women_men": f"{line.women} / {line.men}" if done else "",
                "estimated": count_text(line.estimated_reach) if done else "—",
                "reached": count_text(line.reached) if done else "—",
                "budget": _figure(action.planned_budget),
                "cost": _figure(line.cost) if done else "—",
                "consumption": _rate(line.consumption),
            }
        )
    total = report.total
    context.update(
        {
            "language": language,
            "labels": labels,
            "plan": plan,
            "plan_status": labels["plan_statuses"][plan.status],
            "situation": labels["situation"].format(date=_date(timezone.localdate())),
            "rows": rows,
            "total": {
                "actions": total.actions,
                "done": total.done,
                "cancelled": total.cancelled,
                "pending": report.pending,
                "realisation_rate": _rate(total.realisation_rate),
                "participants": count_text(report.participants),
                "women": count_text(report.women),
                "men": count_text(report.men),
                "expected": count_text(total.expected_reach),
                "estimated": count_text(report.estimated_reach),
                "reached": count_text(total.reached),
                "press": report.press,
                "budget": _figure(total.budget),
                "cost": _figure(total.cost),
                "consumption": _rate(total.consumption),
            },
            "by_audience": [
                {
                    "label": labels["audiences"].get(key, row.label),
                    "women": count_text(row.women),
                    "men": count_text(row.men),
                    "total": count_text(row.total),
                }
                for key, row in ((row.key, row) for row in report.by_audience)
            ],
            "by_line": [_group(g, labels, language, kind="line") for g in report.by_budget_line],
            "by_kind": [_group(g, labels, language, kind="kind") for g in report.by_kind],
            "by_commune": [_commune_group(g, labels, language, report) for g in report.by_commune],
            "terms": labels["terms"],
            "signature": [labels["head"]],
        }
    )
    return context


def _commune_group(group, labels, language, report) -> dict:
    data = _group(group, labels, language, kind="commune")
    if group.key and language == "ar":
        for line in report.lines:
            for commune in (line.action.commune, line.realisation.commune if line.realisation else None):
                if commune is not None and str(commune.pk) == group.key:
                    data["label"] = place_name(commune, language)
                    return data
    return data


def render_report_pdf(plan: CommunicationPlan, language: str) -> bytes:
    language = pdf_language(language)
    with translation.override(language):
        return render_pdf("communication/execution/report_pdf.html", report_context(plan, language))


def file_stem(plan: CommunicationPlan) -> str:
    return f"rapport-execution-communication-{plan.year}"


# --- Excel ------------------------------------------------------------------------------------------------------------
PERCENT = "0.0%"


def action_columns():
    return [
        ("number", _("N°"), 6),
        ("title", _("Action"), 40),
        ("kind", _("Type d'action"), 22),
        ("commune", _("Commune"), 20),
        ("budget_line", _("Rubrique budgétaire"), 28),
        ("status", _("Statut"), 12),
        ("planned_on", _("Prévue le"), 12),
        ("done_on", _("Réalisée le"), 12),
        ("expected", _("Portée attendue"), 12),
        ("women", _("Femmes"), 10),
        ("men", _("Hommes"), 10),
        ("participants", _("Participants"), 12),
        ("estimated", _("Portée estimée"), 12),
        ("reached", _("Portée atteinte"), 12),
        ("budget", _("Budget prévu"), 16),
        ("cost", _("Coût réel"), 16),
        ("consumption", _("Taux de consommation"), 12),
        ("press", _("Médias"), 8),
        ("done", _("Réalisée (1/0)"), 10),
    ]


def report_workbook(plan: CommunicationPlan, user, report: ExecutionReport | None = None):
    """Sheets « Actions » (formulas for participants, reach, consumption and totals), « Par rubrique »,
    « Par type », « Par commune » (COUNTIF/SUMIF on « Actions »), « Participants », « Paramètres »."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    report = report or execution_report(plan)
    styles = xlsx_styles()
    columns = action_columns()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Actions")
    sheet.cell(row=1, column=1, value=_("Rapport d'exécution du plan de communication %(year)s") % {"year": plan.year})
    sheet["A1"].font = styles["title"]
    sheet.cell(row=2, column=1, value=f"{settings.DAS_PROVINCE_NAME} — {_('Division de l’Action Sociale')}")
    sheet.cell(row=3, column=1, value=f"{_('Statut du plan')} : {plan.get_status_display()}")
    header_row = 5
    xlsx_header(sheet, header_row, [label for _k, label, _w in columns], styles)
    letters = {key: get_column_letter(index) for index, (key, _l, _w) in enumerate(columns, start=1)}
    for key, _label, width in columns:
        sheet.column_dimensions[letters[key]].width = width
    first = header_row + 1
    r = header_row
    L = letters
    for line in report.lines:
        r += 1
        action = line.action
        done = line.realisation is not None
        commune = (line.realisation.commune if done and line.realisation.commune_id else None) or action.commune
        values = {
            "number": action.number,
            "title": action.title,
            "kind": str(action.get_kind_display()),
            "commune": commune.name_fr if commune else str(_("Toute la préfecture")),
            "budget_line": str(action.budget_line) if action.budget_line_id else str(_("Sans rubrique")),
            "status": str(action.get_status_display()),
            "planned_on": action.planned_on,
            "done_on": line.done_on,
            "expected": action.expected_reach,
            "women": line.women if done else None,
            "men": line.men if done else None,
            "participants": f'=IF({L["done"]}{r}=1,{L["women"]}{r}+{L["men"]}{r},"")',
            "estimated": line.estimated_reach if done else None,
            "reached": f'=IF({L["done"]}{r}=1,{L["participants"]}{r}+{L["estimated"]}{r},"")',
            "budget": action.planned_budget,
            "cost": line.cost if done else None,
            "consumption": f'=IF(AND({L["done"]}{r}=1,{L["budget"]}{r}>0),{L["cost"]}{r}/{L["budget"]}{r},"")',
            "press": line.press if done else None,
            "done": 1 if done else 0,
        }
        for key, value in values.items():
            cell = sheet[f"{L[key]}{r}"]
            cell.value = value
            if key in ("planned_on", "done_on"):
                cell.number_format = "DD/MM/YYYY"
            elif key in ("budget", "cost"):
                cell.number_format = MONEY_FORMAT
            elif key == "consumption":
                cell.number_format = PERCENT
    last = r
    r += 1
    total_row = r
    span = last >= first
    sheet[f"{L['title']}{r}"] = _("Total")
    sheet[f"{L['number']}{r}"] = f"=COUNT({L['number']}{first}:{L['number']}{last})" if span else 0
    for key in ("expected", "women", "men", "participants", "estimated", "reached", "budget", "cost", "press", "done"):
        sheet[f"{L[key]}{r}"] = f"=SUM({L[key]}{first}:{L[key]}{last})" if span else 0
    sheet[f"{L['consumption']}{r}"] = f'=IF({L["budget"]}{r}>0,{L["cost"]}{r}/{L["budget"]}{r},"")'
    sheet[f"{L['consumption']}{r}"].number_format = PERCENT
    for key in ("budget", "cost"):
        sheet[f"{L[key]}{r}"].number_format = MONEY_FORMAT
    xlsx_total_row(sheet, r, len(columns), styles)
    r += 1
    sheet[f"{L['title']}{r}"] = _("Taux de réalisation")
    sheet[f"{L['done']}{r}"] = f'=IF({L["number"]}{total_row}>0,{L["done"]}{total_row}/{L["number"]}{total_row},"")'
    sheet[f"{L['done']}{r}"].number_format = PERCENT
    sheet[f"{L['title']}{r}"].font = styles["bold"]
    rate_row = r
    r += 2
    sheet.cell(row=r, column=2, value=_("Définitions")).font = styles["bold"]
    for term, definition in DEFINITIONS:
        r += 1
        sheet.cell(row=r, column=2, value=str(term)).font = styles["bold"]
        sheet.cell(row=r, column=3, value=str(definition))
    sheet.freeze_panes = f"C{first}"

    def rng(key):
        return f"Actions!${L[key]}${first}:${L[key]}${max(last, first)}"

    def breakdown(name, groups, key):
        page = workbook.create_sheet(title=name)
        headers = [
            {k: label for k, label, _w in columns}[key],
            _("Actions"),
            _("Réalisées"),
            _("Participants"),
            _("Portée attendue"),
            _("Portée atteinte"),
            _("Budget prévu"),
            _("Coût réel"),
            _("Taux de consommation"),
        ]
        xlsx_header(page, 1, headers, styles)
        for letter, width in zip("ABCDEFGHI", (40, 10, 10, 12, 14, 14, 18, 18, 14), strict=True):
            page.column_dimensions[letter].width = width
        n = 1
        for group in groups:
            n += 1
            page.cell(row=n, column=1, value=group.label)
            page[f"B{n}"] = f"=COUNTIF({rng(key)},A{n})"
            page[f"C{n}"] = f"=SUMIF({rng(key)},A{n},{rng('done')})"
            page[f"D{n}"] = f"=SUMIF({rng(key)},A{n},{rng('participants')})"
            page[f"E{n}"] = f"=SUMIF({rng(key)},A{n},{rng('expected')})"
            page[f"F{n}"] = f"=SUMIF({rng(key)},A{n},{rng('reached')})"
            page[f"G{n}"] = f"=SUMIF({rng(key)},A{n},{rng('budget')})"
            page[f"H{n}"] = f"=SUMIF({rng(key)},A{n},{rng('cost')})"
            page[f"I{n}"] = f'=IF(G{n}>0,H{n}/G{n},"")'
            page[f"G{n}"].number_format = page[f"H{n}"].number_format = MONEY_FORMAT
            page[f"I{n}"].number_format = PERCENT
        end = n
        n += 1
        page.cell(row=n, column=1, value=_("Total"))
        for letter in "BCDEFGH":
            page[f"{letter}{n}"] = f"=SUM({letter}2:{letter}{end})" if end >= 2 else 0
        page[f"I{n}"] = f'=IF(G{n}>0,H{n}/G{n},"")'
        page[f"G{n}"].number_format = page[f"H{n}"].number_format = MONEY_FORMAT
        page[f"I{n}"].number_format = PERCENT
        xlsx_total_row(page, n, 9, styles)

    breakdown(_("Par rubrique"), report.by_budget_line, "budget_line")
    breakdown(_("Par type"), report.by_kind, "kind")
    breakdown(_("Par commune"), report.by_commune, "commune")

    people = workbook.create_sheet(title=_("Participants"))
    xlsx_header(people, 1, [_("Type de participants"), _("Femmes"), _("Hommes"), _("Total")], styles)
    people.column_dimensions["A"].width = 36
    n = 1
    for row in report.by_audience:
        n += 1
        people.cell(row=n, column=1, value=row.label)
        people[f"B{n}"], people[f"C{n}"] = row.women, row.men
        people[f"D{n}"] = f"=B{n}+C{n}"
    end = n
    n += 1
    people.cell(row=n, column=1, value=_("Total"))
    for letter in "BCD":
        people[f"{letter}{n}"] = f"=SUM({letter}2:{letter}{end})" if end >= 2 else 0
    xlsx_total_row(people, n, 4, styles)

    params = workbook.create_sheet(title=_("Paramètres"))
    params.column_dimensions["A"].width = 28
    params.column_dimensions["B"].width = 100
    pairs = [
        (_("Plan"), str(plan)),
        (_("Intitulé"), plan.title or "—"),
        (_("Statut du plan"), plan.get_status_display()),
        (_("Situation au"), _date(timezone.localdate())),
        (_("Articles et passages médias"), report.press),
        (_("Taux de réalisation (cellule)"), f"Actions!{L['done']}{rate_row}"),
        (_("Édité le"), date_format(timezone.localtime(), "DATETIME_FORMAT")),
        (_("Édité par"), str(user)),
    ]
    n = 0
    for label, value in pairs:
        n += 1
        params.cell(row=n, column=1, value=str(label)).font = styles["bold"]
        params.cell(row=n, column=2, value=value)
    n += 1
    params.cell(row=n, column=1, value=_("Définitions")).font = styles["bold"]
    for term, definition in DEFINITIONS:
        n += 1
        params.cell(row=n, column=1, value=str(term)).font = styles["bold"]
        params.cell(row=n, column=2, value=str(definition))
    return workbook
