"""The cooperation programme's sheet: PDF (French or Arabic, A4 landscape) and Excel. Partner and agreement, amounts
and co-financing, activities with the projects they support and their follow-up, reports due to the partner. Every
figure comes from coordination.cooperation_selectors.programme_summary (the page shows the same).

The sheet is an official document: its fixed wording lives here per language, so the Arabic sheet reads in Arabic
whatever the state of the catalogue.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communication.pdf import latin, pdf_language, place_name
from coordination.cooperation_selectors import ProgrammeSummary, programme_summary
from coordination.models import CooperationActivity, CooperationPartner, CooperationProgramme, PartnerReport
from das.exports import MONEY_FORMAT, pdf_context, render_pdf, xlsx_header, xlsx_styles, xlsx_total_row
from das.formatting import format_money

Status = CooperationProgramme.Status
ActivityStatus = CooperationActivity.Status
ReportKind = PartnerReport.Kind
PartnerKind = CooperationPartner.Kind

LABELS = {
    "fr": {
        "division": "Division de l'Action Sociale — Coordination sociale inter-provinciale",
        "title": "Fiche du programme de coopération {reference}",
        "partner": "Partenaire",
        "kind": "Type",
        "country": "Pays",
        "agency": "Agence ou représentation",
        "contact": "Interlocuteur",
        "programme": "Programme",
        "agreement": "Accord",
        "signed": "signé le {date}",
        "period": "Période",
        "period_value": "du {start} au {end}",
        "status": "Statut",
        "objectives": "Objectifs",
        "amounts": "Montants et co-financement",
        "unit": "Montants en dirhams (DH)",
        "programme_amount": "Montant global du programme",
        "contribution": "Contribution du partenaire",
        "engaged": "Engagé en activités",
        "remaining": "Reste à programmer",
        "partner_engaged": "Parts du partenaire dans les activités",
        "source": "Source",
        "amount": "Montant",
        "share": "Part",
        "sources": {"partner": "Partenaire", "indh": "INDH", "other": "Autres co-financeurs"},
        "total": "Total",
        "activities": "Activités sociales",
        "activity": "Activité",
        "commune": "Commune",
        "province_wide": "Toute la préfecture",
        "partner_part": "Partenaire",
        "indh_part": "INDH",
        "other_part": "Autres",
        "progress": "Avancement",
        "spent": "Dépensé",
        "activity_status": "Statut",
        "supported": "Projets INDH soutenus",
        "project": "Projet",
        "contribution_to": "Apport",
        "no_activity": "Le programme ne compte aucune activité.",
        "no_support": "Aucun projet soutenu.",
        "follow_up": "Dernier suivi",
        "no_follow_up": "Pas encore de point de suivi.",
        "reports": "Rapports dus au partenaire",
        "report": "Rapport",
        "due": "Dû le",
        "submitted": "Remis le",
        "late": "En retard",
        "pending": "À remettre",
        "no_report": "Aucun rapport dû.",
        "head": "Le chef de la Division de l'Action Sociale",
        "statuses": {
            Status.PREPARATION: "En préparation",
            Status.IN_PROGRESS: "En cours",
            Status.CLOSED: "Clôturé",
            Status.SUSPENDED: "Suspendu",
        },
        "activity_statuses": {
            ActivityStatus.PLANNED: "Programmée",
            ActivityStatus.IN_PROGRESS: "En cours",
            ActivityStatus.COMPLETED: "Achevée",
            ActivityStatus.CANCELLED: "Annulée",
        },
        "report_kinds": {
            ReportKind.TECHNICAL: "Rapport technique",
            ReportKind.FINANCIAL: "Rapport financier",
            ReportKind.FINAL: "Rapport final",
            ReportKind.OTHER: "Autre",
        },
        "partner_kinds": {
            PartnerKind.BILATERAL: "Agence de coopération bilatérale",
            PartnerKind.MULTILATERAL: "Organisation multilatérale",
            PartnerKind.DECENTRALISED: "Collectivité étrangère (coopération décentralisée)",
            PartnerKind.NGO: "ONG internationale",
            PartnerKind.FOUNDATION: "Fondation",
            PartnerKind.OTHER: "Autre",
        },
    },
    "ar": {
        "division": "قسم العمل الاجتماعي — التنسيق الاجتماعي بين العمالات والأقاليم",
        "title": "بطاقة برنامج التعاون {reference}",
        "partner": "الشريك",
        "kind": "النوع",
        "country": "البلد",
        "agency": "الوكالة أو التمثيلية",
        "contact": "المخاطب",
        "programme": "البرنامج",
        "agreement": "الاتفاق",
        "signed": "موقع بتاريخ {date}",
        "period": "المدة",
        "period_value": "من {start} إلى {end}",
        "status": "الوضعية",
        "objectives": "الأهداف",
        "amounts": "المبالغ والتمويل المشترك",
        "unit": "المبالغ بالدرهم",
        "programme_amount": "المبلغ الإجمالي للبرنامج",
        "contribution": "مساهمة الشريك",
        "engaged": "الملتزم به في الأنشطة",
        "remaining": "المتبقي للبرمجة",
        "partner_engaged": "حصص الشريك في الأنشطة",
        "source": "المصدر",
        "amount": "المبلغ",
        "share": "النسبة",
        "sources": {"partner": "الشريك", "indh": "المبادرة الوطنية للتنمية البشرية", "other": "ممولون آخرون"},
        "total": "المجموع",
        "activities": "الأنشطة الاجتماعية",
        "activity": "النشاط",
        "commune": "الجماعة",
        "province_wide": "مجموع تراب العمالة",
        "partner_part": "الشريك",
        "indh_part": "المبادرة",
        "other_part": "آخرون",
        "progress": "نسبة التقدم",
        "spent": "المصروف",
        "activity_status": "الوضعية",
        "supported": "مشاريع المبادرة المدعومة",
        "project": "المشروع",
        "contribution_to": "المساهمة",
        "no_activity": "لا يتضمن البرنامج أي نشاط.",
        "no_support": "لا يوجد مشروع مدعوم.",
        "follow_up": "آخر تتبع",
        "no_follow_up": "لا توجد نقطة تتبع بعد.",
        "reports": "التقارير الواجب تقديمها للشريك",
        "report": "التقرير",
        "due": "تاريخ الاستحقاق",
        "submitted": "تاريخ التسليم",
        "late": "متأخر",
        "pending": "في انتظار التسليم",
        "no_report": "لا توجد تقارير مستحقة.",
        "head": "رئيس قسم العمل الاجتماعي",
        "statuses": {
            Status.PREPARATION: "في طور الإعداد",
            Status.IN_PROGRESS: "في طور الإنجاز",
            Status.CLOSED: "مختتم",
            Status.SUSPENDED: "متوقف",
        },
        "activity_statuses": {
            ActivityStatus.PLANNED: "مبرمج",
            ActivityStatus.IN_PROGRESS: "في طور الإنجاز",
            ActivityStatus.COMPLETED: "منجز",
            ActivityStatus.CANCELLED: "ملغى",
        },
        "report_kinds": {
            ReportKind.TECHNICAL: "تقرير تقني",
            ReportKind.FINANCIAL: "تقرير مالي",
            ReportKind.FINAL: "تقرير نهائي",
            ReportKind.OTHER: "آخر",
        },
        "partner_kinds": {
            PartnerKind.BILATERAL: "وكالة تعاون ثنائي",
            PartnerKind.MULTILATERAL: "منظمة متعددة الأطراف",
            PartnerKind.DECENTRALISED: "جماعة ترابية أجنبية (تعاون لامركزي)",
            PartnerKind.NGO: "منظمة غير حكومية دولية",
            PartnerKind.FOUNDATION: "مؤسسة",
            PartnerKind.OTHER: "أخرى",
        },
    },
}


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _figure(value) -> str:
    """A figure without its unit (the caption gives it); the mark keeps it left to right in Arabic."""
    return "\u200e" + format_money(value, unit="").strip()


def _share(value) -> str:
    return "—" if value is None else "\u200e" + f"{value:.1f} %".replace(".", ",")


def programme_context(programme: CooperationProgramme, language: str, summary: ProgrammeSummary | None = None):
    """What the sheet shows; call inside ``translation.override(language)``."""
    labels = LABELS[language]
    summary = summary or programme_summary(programme)
    partner = programme.partner
    context = pdf_context(labels["title"].format(reference=programme.reference), user=labels["division"])
    activities = []
    for activity in summary.activities:
        follow_ups = list(activity.follow_ups.all())
        latest = follow_ups[0] if follow_ups else None
        activities.append(
            {
                "title": activity.title,
                "title_fb": latin(activity.title, language),
                "commune": place_name(activity.commune, language) if activity.commune_id else labels["province_wide"],
                "amount": _figure(activity.amount),
                "partner": _figure(activity.partner_amount),
                "indh": _figure(activity.indh_amount),
                "other": _figure(activity.other_amount),
                "progress": f"\u200e{activity.progress} %",
                "spent": _figure(activity.spent),
                "status": labels["activity_statuses"].get(activity.status, activity.status),
                "cancelled": activity.status == ActivityStatus.CANCELLED,
                "supported": [
                    {
                        "code": support.project.code,
                        "title": support.project.title,
                        "title_fb": latin(support.project.title, language),
                        "amount": _figure(support.amount),
                    }
                    for support in activity.supported.all()
                ],
                "follow_up": (
                    {"date": _date(latest.on), "note": latest.note, "note_fb": latin(latest.note, language)}
                    if latest
                    else None
                ),
            }
        )
    context.update(
        {
            "language": language,
            "labels": labels,
            "programme": programme,
            "partner": partner,
            "partner_kind": labels["partner_kinds"].get(partner.kind, partner.kind),
            "partner_fb": latin(partner.name, language),
            "title_fb": latin(programme.title, language),
            "objectives_fb": latin(programme.objectives, language),
            "status_label": labels["statuses"].get(programme.status, programme.status),
            "signed": labels["signed"].format(date=_date(programme.signed_on)) if programme.signed_on else "",
            "period": labels["period_value"].format(start=_date(programme.start_on), end=_date(programme.end_on)),
            "figures": [
                (labels["programme_amount"], _figure(programme.amount)),
                (labels["contribution"], _figure(programme.partner_contribution)),
                (labels["engaged"], _figure(summary.amount)),
                (labels["remaining"], _figure(summary.remaining)),
                (labels["partner_engaged"], _figure(summary.partner)),
            ],
            "cofinancing": [
                {"label": labels["sources"][key], "amount": _figure(amount), "share": _share(share)}
                for key, amount, share in summary.cofinancing
            ],
            "total": {
                "amount": _figure(summary.amount),
                "partner": _figure(summary.partner),
                "indh": _figure(summary.indh),
                "other": _figure(summary.other),
                "spent": _figure(summary.spent),
            },
            "activities": activities,
            "reports": [
                {
                    "kind": labels["report_kinds"].get(line.report.kind, line.report.kind),
                    "title": line.report.title,
                    "title_fb": latin(line.report.title, language),
                    "due": _date(line.report.due_on),
                    "submitted": _date(line.report.submitted_on),
                    "late": line.late,
                    "state": (labels["late"] if line.late else ("" if line.report.submitted_on else labels["pending"])),
                }
                for line in summary.reports
            ],
            "signature": [labels["head"]],
        }
    )
    return context


def render_programme_pdf(programme: CooperationProgramme, language: str) -> bytes:
    language = pdf_language(language)
    with translation.override(language):
        return render_pdf("coordination/cooperation/programme_pdf.html", programme_context(programme, language))


def file_stem(programme: CooperationProgramme) -> str:
    return f"programme-{programme.reference.lower()}"


# --- Excel ------------------------------------------------------------------------------------------------------
ACTIVITY_COLUMNS = [
    ("title", gettext_lazy("Activité"), 40),
    ("commune", gettext_lazy("Commune"), 20),
    ("status", gettext_lazy("Statut"), 12),
    ("amount", gettext_lazy("Montant"), 16),
    ("partner", gettext_lazy("Part du partenaire"), 16),
    ("indh", gettext_lazy("Part INDH"), 16),
    ("other", gettext_lazy("Autres co-financements"), 16),
    ("progress", gettext_lazy("Avancement (%)"), 12),
    ("spent", gettext_lazy("Dépensé"), 16),
    ("projects", gettext_lazy("Projets soutenus"), 40),
]


def programme_workbook(programme: CooperationProgramme, user, summary: ProgrammeSummary | None = None):
    """Sheets « Activités » (SUM totals of the activities not annulées), « Projets soutenus », « Rapports » and
    « Programme » (partner, agreement, amounts)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    summary = summary or programme_summary(programme)
    styles = xlsx_styles()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Activités")
    sheet.cell(row=1, column=1, value=f"{programme.reference} – {programme.title}").font = styles["title"]
    sheet.cell(row=2, column=1, value=f"{settings.DAS_PROVINCE_NAME} — {_('Division de l’Action Sociale')}")
    sheet.cell(row=3, column=1, value=f"{_('Partenaire')} : {programme.partner}")
    header = 5
    xlsx_header(sheet, header, [label for _k, label, _w in ACTIVITY_COLUMNS], styles)
    letters = {key: get_column_letter(i) for i, (key, _l, _w) in enumerate(ACTIVITY_COLUMNS, start=1)}
    for key, _label, width in ACTIVITY_COLUMNS:
        sheet.column_dimensions[letters[key]].width = width
    money = ("amount", "partner", "indh", "other", "spent")
    first = r = header + 1
    included = []
    for activity in summary.activities:
        cancelled = activity.status == ActivityStatus.CANCELLED
        values = {
            "title": activity.title,
            "commune": activity.commune.name_fr if activity.commune_id else _("Toute la préfecture"),
            "status": str(activity.get_status_display()),
            "amount": activity.amount,
            "partner": activity.partner_amount,
            "indh": activity.indh_amount,
            "other": activity.other_amount,
            "progress": activity.progress,
            "spent": activity.spent,
            "projects": ", ".join(support.project.code for support in activity.supported.all()),
        }
        for key, value in values.items():
            cell = sheet[f"{letters[key]}{r}"]
            cell.value = value
            if key in money:
                cell.number_format = MONEY_FORMAT
            if cancelled:
                cell.font = Font(color="888888", strike=key in money)
        if not cancelled:
            included.append(r)
        r += 1
    sheet[f"{letters['title']}{r}"] = _("Total (hors activités annulées)")
    for key in money:
        letter = letters[key]
        cells = ",".join(f"{letter}{row}" for row in included)
        sheet[f"{letter}{r}"] = f"=SUM({cells})" if cells else 0
        sheet[f"{letter}{r}"].number_format = MONEY_FORMAT
    xlsx_total_row(sheet, r, len(ACTIVITY_COLUMNS), styles)
    sheet.freeze_panes = f"B{first}"

    projects = workbook.create_sheet(title=_("Projets soutenus"))
    xlsx_header(projects, 1, [_("Activité"), _("Code du projet"), _("Projet"), _("Commune"), _("Apport")], styles)
    for letter, width in zip("ABCDE", (36, 18, 44, 20, 16), strict=True):
        projects.column_dimensions[letter].width = width
    row = 1
    for activity in summary.activities:
        for support in activity.supported.all():
            row += 1
            project = support.project
            for column, value in enumerate(
                (activity.title, project.code, project.title, project.commune.name_fr, support.amount), start=1
            ):
                projects.cell(row=row, column=column, value=value)
            projects[f"E{row}"].number_format = MONEY_FORMAT
    end = row
    row += 1
    projects.cell(row=row, column=1, value=_("Total"))
    projects[f"E{row}"] = f"=SUM(E2:E{end})" if end >= 2 else 0
    projects[f"E{row}"].number_format = MONEY_FORMAT
    xlsx_total_row(projects, row, 5, styles)

    reports = workbook.create_sheet(title=_("Rapports"))
    xlsx_header(reports, 1, [_("Type"), _("Rapport"), _("Dû le"), _("Remis le"), _("État")], styles)
    for letter, width in zip("ABCDE", (20, 44, 12, 12, 14), strict=True):
        reports.column_dimensions[letter].width = width
    for row, line in enumerate(summary.reports, start=2):
        report = line.report
        state = _("Remis") if report.submitted_on else (_("En retard") if line.late else _("À remettre"))
        for column, value in enumerate(
            (str(report.get_kind_display()), report.title, report.due_on, report.submitted_on, state), start=1
        ):
            reports.cell(row=row, column=column, value=value)
        reports[f"C{row}"].number_format = reports[f"D{row}"].number_format = "DD/MM/YYYY"
        if line.late:
            reports[f"E{row}"].font = Font(color="A61B1B", bold=True)

    params = workbook.create_sheet(title=_("Programme"))
    params.column_dimensions["A"].width = 34
    params.column_dimensions["B"].width = 70
    pairs = [
        (_("Référence"), programme.reference),
        (_("Intitulé"), programme.title),
        (_("Partenaire"), str(programme.partner)),
        (_("Statut"), str(programme.get_status_display())),
        (_("Référence de l'accord"), programme.agreement_reference or "—"),
        (_("Accord signé le"), programme.signed_on),
        (_("Début"), programme.start_on),
        (_("Fin"), programme.end_on),
        (_("Montant global"), programme.amount),
        (_("Contribution du partenaire"), programme.partner_contribution),
        (_("Engagé en activités"), summary.amount),
        (_("Reste à programmer"), summary.remaining),
        (_("Édité le"), date_format(timezone.localtime(), "DATETIME_FORMAT")),
        (_("Édité par"), str(user)),
    ]
    for number, (label, value) in enumerate(pairs, start=1):
        params.cell(row=number, column=1, value=str(label)).font = styles["bold"]
        cell = params.cell(row=number, column=2, value=value)
        if hasattr(value, "as_tuple"):
            cell.number_format = MONEY_FORMAT
        elif hasattr(value, "isoformat"):
            cell.number_format = "DD/MM/YYYY"
    return workbook
