"""The follow-up of the training plan as the page, its PDF (French or Arabic, landscape) and its Excel file show it:
one context builder over training.followup_selectors.followup, so the three carry the same figures."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from das.charts import Series, bar_chart, share_chart
from das.exports import MONEY_FORMAT, pdf_context, render_pdf
from das.formatting import format_money
from projects.credit_documents import format_rate
from training.followup_forms import FollowupFilterForm
from training.followup_selectors import DEFINITIONS, NEED_STATUSES, Followup, followup


def legend() -> list[tuple[str, str]]:
    return [(str(term), str(definition)) for term, definition in DEFINITIONS]


def title(filters) -> str:
    return _("Suivi du plan de formation %(year)s") % {"year": filters.year}


def charts(data: Followup, rtl: bool) -> dict:
    actor = data.breakdowns["actor"]
    return {
        "sex": share_chart(
            _("Personnes formées par sexe"),
            [(label, count) for _key, label, count in data.breakdowns["sex"].rows],
            rtl=rtl,
            category_label=_("Sexe"),
            value_label=_("Personnes"),
        ),
        "actor": bar_chart(
            _("Personnes formées par type d'acteur"),
            [label for _key, label, _count in actor.rows],
            [Series(_("Personnes formées"), [count for _key, _label, count in actor.rows])],
            horizontal=True,
            rtl=rtl,
            category_label=_("Type d'acteur"),
        ),
    }


def links_to(name: str) -> bool:
    """Whether the page of another area exists (it is built alongside): rows link to it only then."""
    from django.urls import NoReverseMatch, reverse

    try:
        reverse(name, args=[1])
    except NoReverseMatch:
        return False
    return True


def followup_context(form: FollowupFilterForm, *, rtl: bool | None = None) -> dict:
    """Everything the page, the PDF and the Excel file show."""
    filters = form.filters()
    data = followup(filters)
    if rtl is None:
        rtl = (get_language() or "fr").startswith("ar")
    breakdowns = data.breakdowns
    totals = data.totals
    figure_list = [
        (_("Sessions tenues / prévues"), f"{totals.sessions_held} / {totals.sessions_planned}", "sessions"),
        (_("Personnes formées"), str(data.people), "people"),
        (_("Participations / prévues"), f"{totals.participations} / {totals.participants_planned}", "participations"),
        (_("Heures-personne"), number_format(totals.person_hours, 1, use_l10n=True, force_grouping=True), "hours"),
        (_("Coût réalisé"), format_money(totals.cost_done), "cost"),
        (_("Taux de consommation"), format_rate(totals.consumption_rate), "consumption"),
    ]
    return {
        "figure_list": figure_list,
        "action_links": links_to("training:action_detail"),
        "data": data,
        "followup_filters": filters,
        "form": form,
        "charts": charts(data, rtl),
        "legend": legend(),
        "parameters": form.describe(filters),
        "followup_title": title(filters),
        "breakdown_list": [breakdowns[key] for key in ("sex", "age", "commune", "actor")],
        "need_statuses": [str(label) for _value, label in NEED_STATUSES],
        "need_total_cells": [data.need_totals[value] for value, _label in NEED_STATUSES] + [data.need_totals["total"]],
        "rtl": rtl,
    }


def render_followup_pdf(form: FollowupFilterForm, user, request=None) -> bytes:
    context = followup_context(form)
    pdf = pdf_context(context["followup_title"], user, filters=context["parameters"])
    pdf.update(context)
    return render_pdf("training/followup/followup_pdf.html", pdf, request)


# --- Excel ----------------------------------------------------------------------------------------------------------

RATE_FORMAT = "0.00%"
COUNT_FORMAT = "#,##0"
HOURS_FORMAT = "#,##0.0"


def followup_workbook(form: FollowupFilterForm, user):
    """One sheet per section, real numbers, totals and rates as formulas, and a « Paramètres » sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    context = followup_context(form)
    data: Followup = context["data"]
    bold = Font(bold=True)
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")

    def header(sheet, row, labels):
        for column, label in enumerate(labels, start=1):
            cell = sheet.cell(row=row, column=column, value=str(label))
            cell.font, cell.fill = header_font, header_fill

    def heading(sheet, text, widths):
        sheet.cell(row=1, column=1, value=str(text)).font = Font(bold=True, size=13)
        sheet.cell(row=2, column=1, value=f"{settings.DAS_PROVINCE_NAME} — {context['followup_title']}")
        for letter, width in zip("ABCDEFGHIJKLMN", widths, strict=False):
            sheet.column_dimensions[letter].width = width

    def total_row(sheet, row, first, last, letters, formats):
        sheet.cell(row=row, column=1, value=_("Total")).font = bold
        for letter in letters:
            cell = sheet[f"{letter}{row}"]
            cell.value = f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0
            cell.font = bold
            cell.number_format = formats.get(letter, COUNT_FORMAT)

    workbook = Workbook()

    # Planned vs done per action.
    sheet = workbook.active
    sheet.title = _("Actions")[:31]
    heading(sheet, _("Prévu et réalisé par action"), [10, 40, 22, 12, 12, 12, 14, 14, 14, 16, 18, 18, 14])
    header(
        sheet,
        4,
        [
            _("N°"),
            _("Module"),
            _("Public cible"),
            _("Sessions prévues"),
            _("Sessions tenues"),
            _("Bénéficiaires prévus"),
            _("Participations"),
            _("Taux de réalisation"),
            _("Heures-session"),
            _("Heures-personne"),
            _("Budget"),
            _("Coût réalisé"),
            _("Taux de consommation"),
        ],
    )
    first = 5
    formats = {"I": HOURS_FORMAT, "J": HOURS_FORMAT, "K": MONEY_FORMAT, "L": MONEY_FORMAT}
    for offset, row in enumerate(data.actions):
        r = first + offset
        action = row.action
        values = [
            f"{action.plan.year}-{action.number:02d}",
            str(action.module),
            action.get_target_group_display(),
            row.sessions_planned,
            row.sessions_held,
            row.participants_planned,
            row.participations,
            None,
            row.session_hours,
            row.person_hours,
            row.budget,
            row.cost_done,
        ]
        for column, value in enumerate(values, start=1):
            sheet.cell(row=r, column=column, value=value)
        for letter, cell_format in formats.items():
            sheet[f"{letter}{r}"].number_format = cell_format
    last = first + len(data.actions) - 1
    total = last + 1
    total_row(sheet, total, first, last, "DEFGIJKL", formats)
    for r in range(first, total + 1):
        sheet[f"H{r}"] = f'=IF(F{r}=0,"",G{r}/F{r})'
        sheet[f"M{r}"] = f'=IF(K{r}=0,"",L{r}/K{r})'
        sheet[f"H{r}"].number_format = sheet[f"M{r}"].number_format = RATE_FORMAT

    # People trained: one block per breakdown, each with its total.
    sheet = workbook.create_sheet(_("Personnes formées")[:31])
    heading(sheet, _("Personnes formées (personnes distinctes)"), [40, 14])
    r = 4
    for breakdown in context["breakdown_list"]:
        sheet.cell(row=r, column=1, value=breakdown.title).font = Font(bold=True, size=11)
        header(sheet, r + 1, [breakdown.title, _("Personnes")])
        first = r + 2
        for offset, (_key, label, count) in enumerate(breakdown.rows):
            sheet.cell(row=first + offset, column=1, value=label)
            sheet.cell(row=first + offset, column=2, value=count)
        last = first + len(breakdown.rows) - 1
        total_row(sheet, last + 1, first, last, "B", {})
        r = last + 3

    # Hours by module.
    sheet = workbook.create_sheet(_("Heures par module")[:31])
    heading(sheet, _("Heures de formation par module"), [44, 14, 16, 16, 16])
    header(
        sheet, 4, [_("Module"), _("Sessions tenues"), _("Heures-session"), _("Heures-personne"), _("Personnes formées")]
    )
    formats = {"C": HOURS_FORMAT, "D": HOURS_FORMAT}
    for offset, row in enumerate(data.modules):
        r = 5 + offset
        for column, value in enumerate(
            [str(row.module), row.sessions_held, row.session_hours, row.person_hours, row.people], start=1
        ):
            sheet.cell(row=r, column=column, value=value)
        for letter, cell_format in formats.items():
            sheet[f"{letter}{r}"].number_format = cell_format
    # People are distinct across modules: their total is the distinct count, not a sum.
    total = 5 + len(data.modules)
    total_row(sheet, total, 5, total - 1, "BCD", formats)
    sheet[f"E{total}"] = data.people
    sheet[f"E{total}"].font = bold

    # Cost vs budget by budget line.
    sheet = workbook.create_sheet(_("Budget")[:31])
    heading(sheet, _("Coût réalisé et budget par rubrique"), [44, 10, 18, 18, 14])
    header(
        sheet, 4, [_("Rubrique budgétaire"), _("Actions"), _("Budget"), _("Coût réalisé"), _("Taux de consommation")]
    )
    formats = {"C": MONEY_FORMAT, "D": MONEY_FORMAT}
    for offset, row in enumerate(data.budget_lines):
        r = 5 + offset
        for column, value in enumerate([str(row.line), row.actions, row.budget, row.cost_done], start=1):
            sheet.cell(row=r, column=column, value=value)
        for letter, cell_format in formats.items():
            sheet[f"{letter}{r}"].number_format = cell_format
    total = 5 + len(data.budget_lines)
    total_row(sheet, total, 5, total - 1, "BCD", formats)
    for r in range(5, total + 1):
        sheet[f"E{r}"] = f'=IF(C{r}=0,"",D{r}/C{r})'
        sheet[f"E{r}"].number_format = RATE_FORMAT

    # Needs covered vs open, by theme.
    sheet = workbook.create_sheet(_("Besoins")[:31])
    heading(sheet, _("Besoins couverts et ouverts par thème"), [40, 12, 12, 12, 12, 12, 12, 12, 12])
    labels = [_("Thème")]
    for status in [*context["need_statuses"], _("Total")]:
        labels += [f"{status} – {_('besoins')}", f"{status} – {_('personnes')}"]
    header(sheet, 4, labels)
    for offset, row in enumerate(data.needs):
        r = 5 + offset
        sheet.cell(row=r, column=1, value=str(row.theme))
        for index, (count, people) in enumerate(row.cells()):
            sheet.cell(row=r, column=2 + 2 * index, value=count)
            sheet.cell(row=r, column=3 + 2 * index, value=people)
        sheet[f"H{r}"] = f"=B{r}+D{r}+F{r}"
        sheet[f"I{r}"] = f"=C{r}+E{r}+G{r}"
    total = 5 + len(data.needs)
    total_row(sheet, total, 5, total - 1, "BCDEFGHI", {})

    # Parameters and legend.
    sheet = workbook.create_sheet(_("Paramètres")[:31])
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 100
    pairs = [
        (_("Document"), context["followup_title"]),
        *context["parameters"],
        (_("Édité le"), date_format(timezone.localtime(), "DATETIME_FORMAT")),
        (_("Édité par"), str(user)),
        ("", ""),
        (_("Légende"), ""),
        *context["legend"],
    ]
    for number, (label, value) in enumerate(pairs, start=1):
        sheet.cell(row=number, column=1, value=str(label)).font = bold
        sheet.cell(row=number, column=2, value=str(value))
    return workbook
