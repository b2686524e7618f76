"""Rapport mensuel and rapport trimestriel on the implementation of the INDH programmes.

One context (``build``) feeds the PDF and the Excel file, so both carry the same figures. The figures are the
dashboard's (projects.dashboard_selectors.dashboard, as of the period's end, over the projects the reader may see
that were validated by then),
the credits' money picture of the period's fiscal year (projects.credit_selectors.money_picture), and what the
reports add (projects.report_selectors: paid during the period, the breakdowns by programme, the late projects).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from das.formatting import format_money
from das.models import FiscalYear
from projects.credit_documents import format_rate, version_in_force
from projects.credit_selectors import Figures, money_picture
from projects.dashboard_selectors import DashboardFilters, Totals, dashboard, quarter_ends, quarter_points
from projects.models import Project, ProjectBeneficiaries
from projects.report_selectors import (
    beneficiaries_by_programme,
    late_projects,
    paid_between_by_programme,
    statuses_by_programme,
)
from projects.reports import periods
from projects.reports.registry import ReportDefinition, noop_progress, register

ZERO = Decimal("0")
Kind, Sex = ProjectBeneficiaries.Kind, ProjectBeneficiaries.Sex
STEPS = 5  # the build's sections, for the progress callback


@dataclass
class SummaryRow:
    """One programme (or the total) in the summary table; ``totals`` are the dashboard's."""

    label: str
    totals: Totals
    paid_in_period: Decimal = ZERO

    @property
    def engagement_rate(self) -> Decimal | None:
        return self.totals.engagement_rate

    @property
    def emission_rate(self) -> Decimal | None:
        return self.totals.emission_rate

    @property
    def progress(self) -> Decimal | None:
        return self.totals.physical_progress


@dataclass
class Section:
    """One programme's page: its projects by status, money, progress, beneficiaries and jobs."""

    row: SummaryRow
    statuses: list[tuple[str, int]] = field(default_factory=list)
    beneficiaries: dict = field(default_factory=dict)  # targeted_f, targeted_m, reached_f, reached_m


@dataclass
class CreditRow(Figures):
    """A programme's line of the credits situation: the money picture's figures (and so its rates) with a label."""

    label: str = ""

    @classmethod
    def of(cls, label: str, figures: Figures) -> CreditRow:
        return cls(
            label=label,
            notified=figures.notified or ZERO,
            allocated=figures.allocated,
            committed=figures.committed,
            paid=figures.paid,
        )


def title(period: periods.Period) -> str:
    if period.kind == periods.MONTH:
        name = _("Rapport mensuel sur la mise en œuvre des programmes de l'INDH")
    else:
        name = _("Rapport trimestriel sur la mise en œuvre des programmes de l'INDH")
    return f"{name} – {period.label}"


def format_progress(value) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".replace(".", ",") + "\u00a0%"


def build(period: periods.Period, projects, progress=noop_progress) -> dict:
    """Every figure of the report for ``period`` over ``projects`` (the reader's), in a fixed number of queries."""
    on = period.end
    # The projects validated by the period's end: a report on June does not count a project decided in September.
    projects = projects.filter(validated_on__lte=on)
    board = dashboard(DashboardFilters(as_of=on), projects, quarters=False)
    progress(1, STEPS)
    paid_in_period = paid_between_by_programme(projects, period.start, period.end)
    statuses = statuses_by_programme(projects)
    beneficiaries = beneficiaries_by_programme(projects)
    progress(2, STEPS)

    summary, sections = [], []
    for group in board.programmes:
        row = SummaryRow(group.label, group.totals, paid_in_period.get(group.key, ZERO))
        summary.append(row)
        counts = statuses.get(group.key, {})
        lines = beneficiaries.get(group.key, {})
        sections.append(
            Section(
                row=row,
                statuses=[(str(label), counts.get(value, 0)) for value, label in Project.Status.choices],
                beneficiaries={
                    "targeted_f": lines.get((Kind.TARGETED, Sex.FEMALE), 0),
                    "targeted_m": lines.get((Kind.TARGETED, Sex.MALE), 0),
                    "reached_f": lines.get((Kind.REACHED, Sex.FEMALE), 0),
                    "reached_m": lines.get((Kind.REACHED, Sex.MALE), 0),
                },
            )
        )
    total = SummaryRow(_("Total"), board.totals, sum((row.paid_in_period for row in summary), ZERO))

    late = late_projects(projects, on)
    progress(3, STEPS)

    fiscal_year = FiscalYear.objects.filter(year=period.year).first()
    credit_rows, credit_total, version_sentence = [], None, ""
    if fiscal_year is not None:
        picture = money_picture(fiscal_year)
        credit_rows = [
            CreditRow.of(f"{row.programme.code} – {row.programme.name}", row.figures) for row in picture.rows
        ]
        credit_total = CreditRow.of(_("Total"), picture.total)
        version_sentence = version_in_force(picture.allocation)[0]
    progress(4, STEPS)
    charts = LazyCharts(summary, projects, on)  # drawn when the PDF reads them; the Excel file does not

    return {
        "charts": charts,
        "report_title": title(period),
        "period": period,
        "period_label": period.label,
        "period_dates": _("du %(start)s au %(end)s")
        % {"start": date_format(period.start, "DATE_FORMAT"), "end": date_format(period.end, "DATE_FORMAT")},
        "province_name": settings.DAS_PROVINCE_NAME,
        "edition_date": date_format(timezone.localdate(), "DATE_FORMAT"),
        "summary": summary,
        "summary_total": total,
        "sections": sections,
        "late": late,
        "fiscal_year": period.year,
        "credits": credit_rows,
        "credits_total": credit_total,
        "credits_version": version_sentence,
        "status_labels": [str(label) for _value, label in Project.Status.choices],
    }


class LazyCharts:
    """The report's charts, computed on first use (four more aggregate queries for the quarters)."""

    def __init__(self, summary, projects, on):
        self._args = (summary, projects, on)

    @cached_property
    def _charts(self) -> dict:
        summary, projects, on = self._args
        return report_charts(summary, quarter_points(projects, quarter_ends(DashboardFilters(as_of=on))[-4:]))

    @property
    def programmes(self):
        return self._charts["programmes"]

    @property
    def quarters(self):
        return self._charts["quarters"]


def report_charts(summary: list[SummaryRow], quarters) -> dict:
    """Bars by programme (committed, paid) and the progress over the last four quarters (das.charts: the same SVG
    as on screen), in the active language's direction."""
    from das.charts import Series, bar_chart, line_chart

    rtl = (get_language() or "fr").startswith("ar")
    labels = [row.label.split(" – ")[0] for row in summary]
    programmes = bar_chart(
        _("Engagé et payé par programme"),
        labels,
        [
            Series(_("Engagé"), [row.totals.committed for row in summary]),
            Series(_("Payé"), [row.totals.paid for row in summary]),
        ],
        unit="DH",
        rtl=rtl,
        category_label=_("Programme"),
    )
    progress = line_chart(
        _("Avancement physique moyen par trimestre"),
        [point.label for point in quarters],
        [Series(_("Avancement physique moyen"), [point.progress for point in quarters])],
        unit="%",
        rtl=rtl,
        category_label=_("Trimestre"),
    )
    return {"programmes": programmes, "quarters": progress}


def screen_figures(context: dict) -> list[tuple[str, str]]:
    """The main figures shown on the report's page."""
    total = context["summary_total"]
    return [
        (_("Projets"), str(total.totals.count)),
        (_("Coût global"), format_money(total.totals.cost)),
        (_("Part INDH"), format_money(total.totals.indh)),
        (_("Engagé"), format_money(total.totals.committed)),
        (_("Payé"), format_money(total.totals.paid)),
        (_("Payé pendant la période"), format_money(total.paid_in_period)),
        (_("Taux d'engagement"), format_rate(total.engagement_rate)),
        (_("Taux d'émission"), format_rate(total.emission_rate)),
        (_("Avancement physique moyen"), format_progress(total.progress)),
        (_("Projets en retard"), str(len(context["late"]))),
    ]


# --- Excel -----------------------------------------------------------------------------------------------------------
MONEY_FORMAT = '#,##0.00 "DH"'
RATE_FORMAT = "0.00%"
PROGRESS_FORMAT = '0.0" %"'


def workbook(context: dict, user):
    """Sheets: Synthèse, Programmes (one row per programme with its section's figures), Projets en retard, Crédits,
    Paramètres. Numbers are numbers; totals are SUM formulas, rates formulas over the row's cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")
    total_fill = PatternFill("solid", fgColor="D9E2F3")
    book = Workbook()

    def start(sheet, heading: str, labels: list[str], widths: list[int]) -> int:
        sheet.cell(row=1, column=1, value=context["report_title"]).font = Font(bold=True, size=14)
        sheet.cell(row=2, column=1, value=f"{context['province_name']} — {_('Division de l’Action Sociale')}")
        sheet.cell(row=3, column=1, value=heading).font = bold
        for column, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
            cell = sheet.cell(row=5, column=column, value=str(label))
            cell.font, cell.fill = header_font, header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = "B6"
        return 6

    def total_row(sheet, r: int, first: int, last: int, letters: list[str]) -> None:
        sheet.cell(row=r, column=1, value=_("Total"))
        for letter in letters:
            sheet[f"{letter}{r}"] = f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0
        for cell in sheet[r]:
            cell.font, cell.fill = bold, total_fill

    def formats(sheet, first: int, last: int, spec: dict[str, str]) -> None:
        for r in range(first, last + 1):
            for letter, number_format in spec.items():
                sheet[f"{letter}{r}"].number_format = number_format

    # Synthèse: A label, B projects, C cost, D INDH, E committed, F paid, G paid in period, H/I rates, J progress
    sheet = book.active
    sheet.title = _("Synthèse")[:31]
    first = start(
        sheet,
        _("Synthèse par programme"),
        [
            _("Programme"),
            _("Projets"),
            _("Coût global"),
            _("Part INDH"),
            _("Engagé"),
            _("Payé"),
            _("Payé pendant la période"),
            _("Taux d'engagement"),
            _("Taux d'émission"),
            _("Avancement physique moyen (%)"),
        ],
        [44, 10, 18, 18, 18, 18, 18, 14, 14, 14],
    )
    r = first - 1
    for r, row in enumerate(context["summary"], start=first):
        t = row.totals
        values = [row.label, t.count, t.cost, t.indh, t.committed, t.paid, row.paid_in_period]
        for column, value in enumerate(values, start=1):
            sheet.cell(row=r, column=column, value=value)
        sheet[f"H{r}"] = f'=IF(D{r}=0,"",E{r}/D{r})'
        sheet[f"I{r}"] = f'=IF(E{r}=0,"",F{r}/E{r})'
        sheet[f"J{r}"] = row.progress
    last, total_at = r, r + 1
    total_row(sheet, total_at, first, last, ["B", "C", "D", "E", "F", "G"])
    sheet[f"H{total_at}"] = f'=IF(D{total_at}=0,"",E{total_at}/D{total_at})'
    sheet[f"I{total_at}"] = f'=IF(E{total_at}=0,"",F{total_at}/E{total_at})'
    # The weighted average is not a sum of the rows: the dashboard's figure, as a number.
    sheet[f"J{total_at}"] = context["summary_total"].progress
    formats(sheet, first, total_at, {**dict.fromkeys("CDEFG", MONEY_FORMAT), "H": RATE_FORMAT, "I": RATE_FORMAT})
    formats(sheet, first, total_at, {"J": PROGRESS_FORMAT})

    # Programmes: each programme's section as one row
    sheet = book.create_sheet(_("Programmes")[:31])
    status_labels = context["status_labels"]
    labels = [
        _("Programme"),
        *status_labels,
        _("Engagé"),
        _("Payé"),
        _("Payé pendant la période"),
        _("Avancement physique moyen (%)"),
        _("Bénéficiaires visés – femmes"),
        _("Bénéficiaires visés – hommes"),
        _("Bénéficiaires atteints – femmes"),
        _("Bénéficiaires atteints – hommes"),
        _("Emplois prévus"),
        _("Emplois créés"),
    ]
    first = start(sheet, _("Chaque programme"), labels, [44] + [12] * len(status_labels) + [18, 18, 18] + [14] * 7)
    n = len(status_labels)
    letter = [get_column_letter(i) for i in range(1, len(labels) + 1)]
    r = first - 1
    for r, section in enumerate(context["sections"], start=first):
        t = section.row.totals
        b = section.beneficiaries
        values = [
            section.row.label,
            *(count for _label, count in section.statuses),
            t.committed,
            t.paid,
            section.row.paid_in_period,
            section.row.progress,
            b["targeted_f"],
            b["targeted_m"],
            b["reached_f"],
            b["reached_m"],
            t.jobs_planned,
            t.jobs_created,
        ]
        for column, value in enumerate(values, start=1):
            sheet.cell(row=r, column=column, value=value)
    last, total_at = r, r + 1
    summed = [letter[i] for i in range(1, len(labels)) if i != n + 4]  # every column but the average progress
    total_row(sheet, total_at, first, last, summed)
    sheet[f"{letter[n + 4]}{total_at}"] = context["summary_total"].progress
    formats(sheet, first, total_at, dict.fromkeys(letter[n + 1 : n + 4], MONEY_FORMAT))
    formats(sheet, first, total_at, {letter[n + 4]: PROGRESS_FORMAT})

    # Projets en retard
    sheet = book.create_sheet(_("Projets en retard")[:31])
    first = start(
        sheet,
        _("Projets en retard au %(date)s") % {"date": date_format(context["period"].end, "DATE_FORMAT")},
        [
            _("Code"),
            _("Projet"),
            _("Programme"),
            _("Commune"),
            _("Statut"),
            _("Démarrage prévu"),
            _("Achèvement prévu"),
            _("Avancement (%)"),
            _("Motif du retard"),
        ],
        [16, 44, 14, 22, 18, 14, 14, 12, 60],
    )
    for r, project in enumerate(context["late"], start=first):
        values = [
            project.code,
            project.title,
            project.programme.code,
            str(project.commune),
            project.get_status_display(),
            project.planned_start,
            project.planned_end,
            project.progress,
            project.reason,
        ]
        for column, value in enumerate(values, start=1):
            sheet.cell(row=r, column=column, value=value)
        sheet[f"F{r}"].number_format = sheet[f"G{r}"].number_format = "DD/MM/YYYY"

    # Crédits de l'exercice
    sheet = book.create_sheet(_("Crédits")[:31])
    first = start(
        sheet,
        _("Situation des crédits – exercice %(year)s") % {"year": context["fiscal_year"]},
        [
            _("Programme"),
            _("Notifié"),
            _("Réparti"),
            _("Engagé"),
            _("Payé"),
            _("Taux d'engagement"),
            _("Taux d'émission"),
        ],
        [44, 18, 18, 18, 18, 14, 14],
    )
    sheet.cell(row=4, column=1, value=context["credits_version"] or _("Aucun crédit pour cet exercice."))
    r = first - 1
    for r, row in enumerate(context["credits"], start=first):
        for column, value in enumerate([row.label, row.notified, row.allocated, row.committed, row.paid], start=1):
            sheet.cell(row=r, column=column, value=value)
    last, total_at = r, r + 1
    total_row(sheet, total_at, first, last, ["B", "C", "D", "E"])
    for r in range(first, total_at + 1):
        sheet[f"F{r}"] = f'=IF(C{r}=0,"",D{r}/C{r})'
        sheet[f"G{r}"] = f'=IF(D{r}=0,"",E{r}/D{r})'
    formats(sheet, first, total_at, {**dict.fromkeys("BCDE", MONEY_FORMAT), "F": RATE_FORMAT, "G": RATE_FORMAT})

    # Paramètres
    sheet = book.create_sheet(_("Paramètres")[:31])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 80
    pairs = [
        (_("Rapport"), context["report_title"]),
        (_("Période"), f"{context['period_label']} ({context['period'].slug})"),
        (_("Du"), context["period"].start),
        (_("Au"), context["period"].end),
        (_("Projets pris en compte"), context.get("scope_label", "")),
        (_("Édité le"), date_format(timezone.localtime(), "DATETIME_FORMAT")),
        (_("Édité par"), str(user)),
    ]
    for number, (label, value) in enumerate(pairs, start=1):
        sheet.cell(row=number, column=1, value=str(label)).font = bold
        cell = sheet.cell(row=number, column=2, value=value)
        if hasattr(value, "year"):
            cell.number_format = "DD/MM/YYYY"
    return book


for _kind, _period_kind in (("mensuel", periods.MONTH), ("trimestriel", periods.QUARTER)):
    register(
        ReportDefinition(
            kind=_kind,
            period_kind=_period_kind,
            build=build,
            pdf_template="projects/reports/programmes_pdf.html",
            workbook=workbook,
            title=title,
            figures=screen_figures,
        )
    )
