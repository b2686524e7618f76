"""The literacy campaign's yearly summary (bilan annuel): in PDF (French or Arabic, A4 landscape, signed by the chef
de division) and in Excel (one sheet per table with formula totals, the operations, « Paramètres »). Every figure
comes from coordination.literacy_selectors.campaign_figures.

The PDF is an official document: its fixed wording lives here per language (as communication.plan_documents does).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communication.pdf import count_text, latin, pdf_language, place_name
from coordination.literacy_selectors import CampaignFigures, Figures, campaign_figures
from coordination.models.literacy import AgeGroup, LiteracyCampaign, LiteracyClass, LiteracyOperation
from das.exports import MONEY_FORMAT, pdf_context, render_pdf, xlsx_header, xlsx_styles, xlsx_total_row
from das.formatting import format_money

CampaignStatus = LiteracyCampaign.Status
OperationStatus = LiteracyOperation.Status
Programme = LiteracyOperation.Programme
Level = LiteracyClass.Level

LABELS = {
    "fr": {
        "division": "Division de l'Action Sociale",
        "title": "Bilan annuel de la campagne d'alphabétisation {campaign}",
        "subtitle": "Alphabétisation et éducation non formelle",
        "status": "Statut",
        "statuses": {
            CampaignStatus.PLANNED: "Programmée",
            CampaignStatus.IN_PROGRESS: "En cours",
            CampaignStatus.CLOSED: "Clôturée",
        },
        "provisional": "Chiffres provisoires : la campagne n'est pas clôturée.",
        "period": "Période",
        "period_value": "du {start} au {end}",
        "target": "Objectif (apprenants)",
        "counts": "Opérations / classes",
        "counts_value": "opérations : {operations} ; classes : {classes}",
        "closing": "Bilan de clôture",
        "totals": "Apprenants de la campagne",
        "by_commune": "Apprenants par commune",
        "by_programme": "Apprenants par programme",
        "by_age": "Apprenants par tranche d'âge et par sexe",
        "by_level": "Apprenants par niveau",
        "by_operator": "Apprenants par opérateur",
        "operations": "Opérations de la campagne",
        "commune": "Commune",
        "programme": "Programme",
        "age": "Tranche d'âge",
        "level": "Niveau",
        "operator": "Opérateur",
        "label": "",
        "enrolled": "Inscrits",
        "completed": "Ayant achevé",
        "women": "F",
        "men": "H",
        "all": "Total",
        "rate": "Taux d'achèvement",
        "women_share": "Part des femmes",
        "total": "Total",
        "legend": "Taux d'achèvement = apprenants ayant achevé ÷ apprenants inscrits ; part des femmes = inscrites ÷ "
        "inscrits. F : femmes, H : hommes. Les opérations annulées ne sont pas comptées.",
        "reference": "Référence",
        "convention": "Convention",
        "dates": "Dates",
        "classes": "Classes",
        "op_status": "Statut",
        "none": "Aucun apprenant n'est encore saisi pour cette campagne.",
        "no_operation": "La campagne ne compte encore aucune opération.",
        "head": "Le Chef de la Division de l'Action Sociale",
        "programmes": {
            Programme.GENERAL: "Programme général",
            Programme.FUNCTIONAL: "Alphabétisation fonctionnelle",
            Programme.POST_LITERACY: "Post-alphabétisation",
            Programme.MOSQUES: "Programme des mosquées",
            Programme.PUBLIC_OPERATORS: "Programme des opérateurs publics",
            Programme.NON_FORMAL: "Éducation non formelle (école de la deuxième chance)",
        },
        "levels": {
            Level.LEVEL_1: "Niveau 1 (débutant)",
            Level.LEVEL_2: "Niveau 2 (consolidation)",
            Level.POST_LITERACY: "Post-alphabétisation",
            Level.NON_FORMAL: "Éducation non formelle",
        },
        "ages": {
            AgeGroup.CHILD: "9 à 14 ans",
            AgeGroup.YOUTH: "15 à 24 ans",
            AgeGroup.ADULT: "25 à 44 ans",
            AgeGroup.SENIOR: "45 ans et plus",
        },
        "operation_statuses": {
            OperationStatus.PLANNED: "Programmée",
            OperationStatus.IN_PROGRESS: "En cours",
            OperationStatus.COMPLETED: "Achevée",
            OperationStatus.CANCELLED: "Annulée",
        },
    },
    "ar": {
        "division": "قسم العمل الاجتماعي",
        "title": "الحصيلة السنوية لحملة محاربة الأمية {campaign}",
        "subtitle": "محاربة الأمية والتربية غير النظامية",
        "status": "الوضعية",
        "statuses": {
            CampaignStatus.PLANNED: "مبرمجة",
            CampaignStatus.IN_PROGRESS: "جارية",
            CampaignStatus.CLOSED: "مختتمة",
        },
        "provisional": "أرقام مؤقتة : الحملة لم تختتم بعد.",
        "period": "الفترة",
        "period_value": "من {start} إلى {end}",
        "target": "الهدف (عدد المستفيدين)",
        "counts": "العمليات / الأقسام",
        "counts_value": "العمليات: {operations}، الأقسام: {classes}",
        "closing": "حصيلة الاختتام",
        "totals": "المستفيدون من الحملة",
        "by_commune": "المستفيدون حسب الجماعة",
        "by_programme": "المستفيدون حسب البرنامج",
        "by_age": "المستفيدون حسب الفئة العمرية والجنس",
        "by_level": "المستفيدون حسب المستوى",
        "by_operator": "المستفيدون حسب الفاعل",
        "operations": "عمليات الحملة",
        "commune": "الجماعة",
        "programme": "البرنامج",
        "age": "الفئة العمرية",
        "level": "المستوى",
        "operator": "الفاعل",
        "label": "",
        "enrolled": "المسجلون",
        "completed": "المستكملون",
        "women": "إناث",
        "men": "ذكور",
        "all": "المجموع",
        "rate": "نسبة الاستكمال",
        "women_share": "نسبة النساء",
        "total": "المجموع",
        "legend": "نسبة الاستكمال = عدد المستكملين ÷ عدد المسجلين ؛ نسبة النساء = عدد المسجلات ÷ عدد المسجلين. "
        "العمليات الملغاة غير محتسبة.",
        "reference": "المرجع",
        "convention": "الاتفاقية",
        "dates": "التواريخ",
        "classes": "الأقسام",
        "op_status": "الوضعية",
        "none": "لم يتم بعد إدخال أي مستفيد لهذه الحملة.",
        "no_operation": "لا تتضمن الحملة أي عملية بعد.",
        "head": "رئيس قسم العمل الاجتماعي",
        "programmes": {
            Programme.GENERAL: "البرنامج العام",
            Programme.FUNCTIONAL: "محو الأمية الوظيفي",
            Programme.POST_LITERACY: "ما بعد محو الأمية",
            Programme.MOSQUES: "برنامج محو الأمية بالمساجد",
            Programme.PUBLIC_OPERATORS: "برنامج القطاعات العمومية",
            Programme.NON_FORMAL: "التربية غير النظامية (مدرسة الفرصة الثانية)",
        },
        "levels": {
            Level.LEVEL_1: "المستوى الأول (مبتدئ)",
            Level.LEVEL_2: "المستوى الثاني (ترسيخ)",
            Level.POST_LITERACY: "ما بعد محو الأمية",
            Level.NON_FORMAL: "التربية غير النظامية",
        },
        "ages": {
            AgeGroup.CHILD: "من 9 إلى 14 سنة",
            AgeGroup.YOUTH: "من 15 إلى 24 سنة",
            AgeGroup.ADULT: "من 25 إلى 44 سنة",
            AgeGroup.SENIOR: "45 سنة فما فوق",
        },
        "operation_statuses": {
            OperationStatus.PLANNED: "مبرمجة",
            OperationStatus.IN_PROGRESS: "جارية",
            OperationStatus.COMPLETED: "منتهية",
            OperationStatus.CANCELLED: "ملغاة",
        },
    },
}


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _rate(value) -> str:
    return "—" if value is None else "\u200e" + f"{value} %".replace(".", ",")


def _row(label: str, figures: Figures, fb: bool = False) -> dict:
    return {
        "label": label,
        "fb": fb,
        "enrolled_f": count_text(figures.enrolled_f),
        "enrolled_h": count_text(figures.enrolled_h),
        "enrolled": count_text(figures.enrolled),
        "completed_f": count_text(figures.completed_f),
        "completed_h": count_text(figures.completed_h),
        "completed": count_text(figures.completed),
        "rate": _rate(figures.rate),
        "women_share": _rate(figures.women_share),
    }


def _convention(operation, language) -> str:
    if operation.convention_id:
        return operation.convention.reference
    if operation.convention_reference:
        amount = f" ({format_money(operation.convention_amount)})" if operation.convention_amount is not None else ""
        return f"{operation.convention_reference}{amount}"
    return "—"


def summary_context(campaign: LiteracyCampaign, language: str, figures: CampaignFigures | None = None) -> dict:
    """What the yearly summary PDF shows; call inside ``translation.override(language)``."""
    labels = LABELS[language]
    figures = figures or campaign_figures(campaign)
    context = pdf_context(
        # The school year reads left to right in the Arabic title too (2025-2026, not 2026-2025).
        labels["title"].format(campaign=f"\u202a{campaign}\u202c" if language == "ar" else campaign),
        user=labels["division"],
        subtitle=campaign.title or labels["subtitle"],
    )
    live_operations = sum(1 for op in figures.operations if op.status != OperationStatus.CANCELLED)
    context.update(
        {
            "language": language,
            "labels": labels,
            "campaign": campaign,
            "provisional": campaign.status != CampaignStatus.CLOSED,
            "status_label": labels["statuses"][campaign.status],
            "period": labels["period_value"].format(start=_date(campaign.start_on), end=_date(campaign.end_on)),
            "target": count_text(campaign.target_learners),
            "counts": labels["counts_value"].format(operations=live_operations, classes=figures.class_count),
            "closing_fb": latin(campaign.closing_note, language),
            "has_learners": figures.total.enrolled > 0,
            "total": _row(labels["total"], figures.total),
            "tables": [
                (
                    labels["by_commune"],
                    labels["commune"],
                    [_row(place_name(f.extra["commune"], language), f) for f in figures.by_commune],
                ),
                (
                    labels["by_programme"],
                    labels["programme"],
                    [_row(labels["programmes"].get(f.key, f.label), f) for f in figures.by_programme],
                ),
                (
                    labels["by_level"],
                    labels["level"],
                    [_row(labels["levels"].get(f.key, f.label), f) for f in figures.by_level],
                ),
                (
                    labels["by_operator"],
                    labels["operator"],
                    [_row(f.label, f, fb=latin(f.label, language)) for f in figures.by_operator],
                ),
            ],
            "ages": [
                {
                    "label": labels["ages"].get(row.key, row.label),
                    "women": _row("", row.women),
                    "men": _row("", row.men),
                    "total": _row("", row.total),
                }
                for row in figures.by_age
            ],
            "operations": [
                {
                    "reference": op.reference,
                    "programme": labels["programmes"].get(op.programme, op.programme),
                    "operator": op.operator.name,
                    "operator_fb": latin(op.operator.name, language),
                    "convention": _convention(op, language),
                    "commune": place_name(op.commune, language),
                    "dates": f"{_date(op.start_on)} – {_date(op.end_on)}",
                    "classes": op.class_count,
                    "enrolled": count_text(op.figures.enrolled),
                    "completed": count_text(op.figures.completed),
                    "rate": _rate(op.figures.rate),
                    "status": labels["operation_statuses"].get(op.status, op.status),
                }
                for op in figures.operations
            ],
            "signature": [labels["head"]],
        }
    )
    return context


def render_summary_pdf(campaign: LiteracyCampaign, language: str) -> bytes:
    language = pdf_language(language)
    with translation.override(language):
        return render_pdf("coordination/literacy/summary_pdf.html", summary_context(campaign, language))


def file_stem(campaign: LiteracyCampaign) -> str:
    return f"bilan-alphabetisation-{campaign}"


# --- Excel ------------------------------------------------------------------------------------------------------
FIGURE_HEADERS = [
    ("enrolled_f", gettext_lazy("Inscrites (F)")),
    ("enrolled_h", gettext_lazy("Inscrits (H)")),
    ("enrolled", gettext_lazy("Inscrits (total)")),
    ("completed_f", gettext_lazy("Ayant achevé (F)")),
    ("completed_h", gettext_lazy("Ayant achevé (H)")),
    ("completed", gettext_lazy("Ayant achevé (total)")),
    ("rate", gettext_lazy("Taux d'achèvement")),
    ("women_share", gettext_lazy("Part des femmes")),
]


def _figures_sheet(workbook, title: str, heading: str, rows: list[tuple[str, Figures]], styles) -> None:
    """label | F | H | total (formula) | F | H | total (formula) | rate (formula) | women (formula), then SUM totals."""
    sheet = workbook.create_sheet(title=title[:31])
    headers = [heading] + [str(label) for _key, label in FIGURE_HEADERS]
    xlsx_header(sheet, 1, headers, styles)
    sheet.column_dimensions["A"].width = 44
    for letter in "BCDEFGHI":
        sheet.column_dimensions[letter].width = 14
    number = 1
    for label, figures in rows:
        number += 1
        _figure_cells(sheet, number, label, figures)
    last = number
    number += 1
    sheet.cell(row=number, column=1, value=_("Total"))
    for letter in "BCEF":
        sheet[f"{letter}{number}"] = f"=SUM({letter}2:{letter}{last})" if last >= 2 else 0
    _formula_cells(sheet, number)
    xlsx_total_row(sheet, number, 9, styles)
    sheet.freeze_panes = "B2"


def _figure_cells(sheet, number: int, label: str, figures: Figures) -> None:
    sheet.cell(row=number, column=1, value=label)
    sheet[f"B{number}"] = figures.enrolled_f
    sheet[f"C{number}"] = figures.enrolled_h
    sheet[f"E{number}"] = figures.completed_f
    sheet[f"F{number}"] = figures.completed_h
    _formula_cells(sheet, number)


def _formula_cells(sheet, number: int) -> None:
    sheet[f"D{number}"] = f"=B{number}+C{number}"
    sheet[f"G{number}"] = f"=E{number}+F{number}"
    sheet[f"H{number}"] = f'=IF(D{number}=0,"",G{number}/D{number})'
    sheet[f"I{number}"] = f'=IF(D{number}=0,"",B{number}/D{number})'
    sheet[f"H{number}"].number_format = "0.0%"
    sheet[f"I{number}"].number_format = "0.0%"


def summary_workbook(campaign: LiteracyCampaign, user, figures: CampaignFigures | None = None):
    """Sheets « Synthèse », « Par commune », « Par programme », « Par tranche d'âge », « Par niveau »,
    « Par opérateur » (each with SUM totals and formula rates), « Opérations » and « Paramètres »."""
    from openpyxl import Workbook

    figures = figures or campaign_figures(campaign)
    styles = xlsx_styles()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Synthèse")
    sheet.cell(
        row=1, column=1, value=_("Bilan annuel de la campagne d'alphabétisation %(campaign)s") % {"campaign": campaign}
    ).font = styles["title"]
    sheet.cell(row=2, column=1, value=f"{settings.DAS_PROVINCE_NAME} — {_('Division de l’Action Sociale')}")
    sheet.cell(row=3, column=1, value=f"{_('Statut')} : {campaign.get_status_display()}")
    sheet.cell(
        row=4,
        column=1,
        value=_(
            "Taux d'achèvement = apprenants ayant achevé ÷ apprenants inscrits ; part des femmes = inscrites ÷ "
            "inscrits."
        ),
    )
    xlsx_header(sheet, 6, [""] + [str(label) for _key, label in FIGURE_HEADERS], styles)
    _figure_cells(sheet, 7, _("Total de la campagne"), figures.total)
    sheet.column_dimensions["A"].width = 44
    for letter in "BCDEFGHI":
        sheet.column_dimensions[letter].width = 14

    _figures_sheet(
        workbook, _("Par commune"), _("Commune"), [(f.extra["commune"].name_fr, f) for f in figures.by_commune], styles
    )
    _figures_sheet(workbook, _("Par programme"), _("Programme"), [(f.label, f) for f in figures.by_programme], styles)
    ages = workbook.create_sheet(title=_("Par tranche d'âge"))
    xlsx_header(
        ages, 1, [_("Tranche d'âge"), _("Sexe"), _("Inscrits"), _("Ayant achevé"), _("Taux d'achèvement")], styles
    )
    ages.column_dimensions["A"].width = 22
    number = 1
    for row in figures.by_age:
        for sex_label, enrolled, completed in (
            (_("Femmes"), row.women.enrolled, row.women.completed),
            (_("Hommes"), row.men.enrolled, row.men.completed),
        ):
            number += 1
            ages.cell(row=number, column=1, value=row.label)
            ages.cell(row=number, column=2, value=str(sex_label))
            ages[f"C{number}"] = enrolled
            ages[f"D{number}"] = completed
            ages[f"E{number}"] = f'=IF(C{number}=0,"",D{number}/C{number})'
            ages[f"E{number}"].number_format = "0.0%"
    last = number
    number += 1
    ages.cell(row=number, column=1, value=_("Total"))
    for letter in "CD":
        ages[f"{letter}{number}"] = f"=SUM({letter}2:{letter}{last})"
    ages[f"E{number}"] = f'=IF(C{number}=0,"",D{number}/C{number})'
    ages[f"E{number}"].number_format = "0.0%"
    xlsx_total_row(ages, number, 5, styles)
    _figures_sheet(workbook, _("Par niveau"), _("Niveau"), [(f.label, f) for f in figures.by_level], styles)
    _figures_sheet(workbook, _("Par opérateur"), _("Opérateur"), [(f.label, f) for f in figures.by_operator], styles)

    ops = workbook.create_sheet(title=_("Opérations"))
    columns = [
        (_("Référence"), 16),
        (_("Programme"), 30),
        (_("Opérateur"), 32),
        (_("Convention"), 20),
        (_("Montant de la convention"), 18),
        (_("Commune"), 20),
        (_("Début"), 12),
        (_("Fin"), 12),
        (_("Classes"), 9),
        (_("Inscrits"), 10),
        (_("Ayant achevé"), 12),
        (_("Statut"), 12),
    ]
    xlsx_header(ops, 1, [label for label, _w in columns], styles)
    for index, (_label, width) in enumerate(columns):
        ops.column_dimensions[chr(ord("A") + index)].width = width
    number = 1
    for op in figures.operations:
        number += 1
        amount = op.convention_amount if not op.convention_id else None
        values = [
            op.reference,
            str(op.get_programme_display()),
            op.operator.name,
            op.convention.reference if op.convention_id else (op.convention_reference or ""),
            amount,
            op.commune.name_fr,
            op.start_on,
            op.end_on,
            op.class_count,
            op.figures.enrolled,
            op.figures.completed,
            str(op.get_status_display()),
        ]
        for column, value in enumerate(values, start=1):
            ops.cell(row=number, column=column, value=value)
        ops[f"E{number}"].number_format = MONEY_FORMAT
        ops[f"G{number}"].number_format = "DD/MM/YYYY"
        ops[f"H{number}"].number_format = "DD/MM/YYYY"
    last = number
    number += 1
    ops.cell(row=number, column=1, value=_("Total"))
    for letter in "IJK":
        ops[f"{letter}{number}"] = f"=SUM({letter}2:{letter}{last})" if last >= 2 else 0
    xlsx_total_row(ops, number, len(columns), styles)

    params = workbook.create_sheet(title=_("Paramètres"))
    params.column_dimensions["A"].width = 30
    params.column_dimensions["B"].width = 80
    pairs = [
        (_("Campagne"), str(campaign)),
        (_("Intitulé"), campaign.title or "—"),
        (_("Statut"), campaign.get_status_display()),
        (_("Début"), _date(campaign.start_on)),
        (_("Fin"), _date(campaign.end_on)),
        (_("Objectif (apprenants)"), campaign.target_learners),
        (_("Taux d'achèvement"), _("apprenants ayant achevé ÷ apprenants inscrits")),
        (_("Opérations annulées"), _("non comptées dans les effectifs")),
        (_("Bilan de clôture"), campaign.closing_note or "—"),
        (_("Édité le"), date_format(timezone.localtime(), "DATETIME_FORMAT")),
        (_("Édité par"), str(user)),
    ]
    for number, (label, value) in enumerate(pairs, start=1):
        params.cell(row=number, column=1, value=str(label)).font = styles["bold"]
        params.cell(row=number, column=2, value=value if isinstance(value, int) else str(value))
    return workbook
