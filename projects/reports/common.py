"""What the ILDH reports and the bilan annuel share: how a figure reads in the PDF, the projects grouped by ILDH, and
the Excel sheets with their subtotals and totals as formulas (styles and the « Paramètres » sheet are the credits'
documents' own, projects.credit_documents)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from das.formatting import format_money, format_number
from projects.credit_documents import RATE_FORMAT, _header, _parameters_sheet, _styles, format_rate
from projects.record_selectors import weighted_progress
from projects.reports.registry import ReportDefinition

ZERO = Decimal("0")
MONEY_FORMAT = '#,##0.00 "DH"'
INTEGER_FORMAT = "#,##0"
PERCENT_FORMAT = '0.0" %"'
DATE_FORMAT = "DD/MM/YYYY"
LRM = "\u200e"  # the PDF does not isolate inline boxes: keep « -12 » and « 5 % » in order under Arabic


# --- How figures read in the PDF ------------------------------------------------------------------------------------


def money(value) -> str:
    """An amount in a table whose header says « en DH »: « 1 234 567,89 »."""
    if value is None:
        return "—"
    return LRM + format_money(value, unit="").strip() + LRM


def percent(value) -> str:
    """A physical progress: « 45 % », « 37,5 % »."""
    if value is None:
        return "—"
    return LRM + format_number(value) + "\u00a0%" + LRM


def rate_text(value) -> str:
    return LRM + format_rate(value) + LRM if value is not None else "—"


def day(value: dt.date | None) -> str:
    return date_format(value, "DATE_FORMAT") if value else "—"


def yes_no(value: bool) -> str:
    return _("Oui") if value else _("Non")


def progress_of(rows, attribute: str) -> Decimal | None:
    """The cost-weighted physical progress of report rows (record_selectors.weighted_progress's rule)."""
    return weighted_progress(
        [
            SimpleNamespace(estimated_cost=r["cost"], physical_progress=r[attribute])
            for r in rows
            if r[attribute] is not None
        ]
    )


# --- Grouping by ILDH -----------------------------------------------------------------------------------------------


@dataclass
class Group:
    """The projects of one ILDH (``ildh`` None: the projects outside any ILDH)."""

    ildh: object
    label: str
    rows: list[dict] = field(default_factory=list)
    totals: dict = field(default_factory=dict)


def group_by_ildh(rows: list[dict]) -> list[Group]:
    """Rows (each with its ``project``) by ILDH, by reference, the projects outside any ILDH last."""
    groups: dict[int | None, Group] = {}
    for row in rows:
        ildh = row["project"].ildh
        key = ildh.pk if ildh else None
        if key not in groups:
            label = f"{ildh.reference} – {ildh.title}" if ildh else _("Projets hors ILDH")
            groups[key] = Group(ildh, label)
        groups[key].rows.append(row)
    return sorted(groups.values(), key=lambda g: (g.ildh is None, g.ildh.reference if g.ildh else ""))


# --- Excel ----------------------------------------------------------------------------------------------------------


@dataclass
class Col:
    """A column of a report sheet. ``total`` says what its subtotal and total rows hold:

    - "sum": SUM of the rows (the total: of the subtotals);
    - "yes": how many rows say « Oui » (COUNTIF);
    - "weighted:<key>": the rows' values weighted by the column ``key`` (SUMPRODUCT ÷ SUM);
    - "ratio:<num>:<den>": the row's column ``num`` ÷ column ``den`` (a rate; empty when ``den`` is 0);
    - "count": how many rows (the number of projects).
    """

    key: str
    label: str
    kind: str = "text"  # text, money, int, percent (0-100), rate (stored ÷ 100), date
    total: str = ""
    width: int = 14


FORMATS = {
    "money": MONEY_FORMAT,
    "int": INTEGER_FORMAT,
    "percent": PERCENT_FORMAT,
    "rate": RATE_FORMAT,
    "date": DATE_FORMAT,
}


def excel_value(value, kind: str):
    if value is None:
        return None
    if kind == "rate":
        return value / 100
    if kind == "text":
        return str(value)
    return value


def new_workbook():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def sheet_heading(workbook, name: str, title: str, lines=()):
    """A sheet with the report's title and province on top; returns (sheet, first free row)."""
    styles = _styles()
    sheet = workbook.create_sheet(title=name[:31])
    sheet.cell(row=1, column=1, value=title).font = styles["title"]
    sheet.cell(row=2, column=1, value=f"{settings.DAS_PROVINCE_NAME} — {_('Division de l’Action Sociale')}")
    row = 3
    for line in lines:
        sheet.cell(row=row, column=1, value=str(line))
        row += 1
    return sheet, row + 1


def write_table(sheet, start: int, columns: list[Col], groups, *, total_label: str, subtotal_label=None) -> dict:
    """Write ``groups`` ([(label or None, rows)]) under a header at row ``start``: the rows' real numbers, a subtotal
    row per labelled group and a total row, both as formulas. Returns {"header": row, "subtotals": [rows],
    "total": row, "rows": [data rows]} for the tests and the caller."""
    from openpyxl.utils import get_column_letter

    styles = _styles()
    letters = {c.key: get_column_letter(i) for i, c in enumerate(columns, start=1)}
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    _header(sheet, start, [c.label for c in columns], styles)
    r = start
    subtotal_rows, data_rows, blocks = [], [], []
    grouped = any(label is not None for label, _rows in groups)
    for label, rows in groups:
        first = r + 1
        if label is not None:
            r += 1
            cell = sheet.cell(row=r, column=1, value=str(label))
            cell.font = styles["bold"]
            first = r + 1
        for row in rows:
            r += 1
            data_rows.append(r)
            for index, column in enumerate(columns, start=1):
                cell = sheet.cell(row=r, column=index, value=excel_value(row.get(column.key), column.kind))
                if column.kind in FORMATS:
                    cell.number_format = FORMATS[column.kind]
        block = (first, r)
        blocks.append(block)
        if grouped:
            r += 1
            subtotal_rows.append(r)
            text = subtotal_label(label) if subtotal_label else _("Sous-total")
            _formula_row(sheet, r, columns, letters, [block], text, styles["programme_fill"], styles)
    r += 1
    if grouped:
        _formula_row(
            sheet, r, columns, letters, subtotal_rows, total_label, styles["total_fill"], styles, over_rows=True
        )
    else:
        _formula_row(sheet, r, columns, letters, blocks, total_label, styles["total_fill"], styles)
    sheet.freeze_panes = sheet.cell(row=start + 1, column=3)
    return {"header": start, "subtotals": subtotal_rows, "total": r, "rows": data_rows, "letters": letters}


def _formula_row(sheet, r, columns, letters, ranges, label, fill, styles, *, over_rows=False) -> None:
    """Totals as formulas: over blocks of data rows ((first, last) pairs), or over subtotal rows (``over_rows``)."""

    def cells(letter):
        if over_rows:
            return [f"{letter}{row}" for row in ranges]
        return [f"{letter}{a}:{letter}{b}" for a, b in ranges if b >= a]

    for index, column in enumerate(columns, start=1):
        letter = letters[column.key]
        total, value = column.total, None
        parts = cells(letter)
        if index == 1:
            value = str(label)
        elif total in ("sum", "count", "yes") and over_rows or total == "sum":
            value = f"=SUM({','.join(parts)})" if parts else 0
        elif total == "count":
            value = "+".join(f"COUNTA({p})" for p in parts) if parts else "0"
            value = "=" + value
        elif total == "yes":
            value = "=" + ("+".join(f'COUNTIF({p},"{_("Oui")}")' for p in parts) if parts else "0")
        elif total.startswith("weighted:"):
            weight = letters[total.split(":")[1]]
            if over_rows:
                pairs = [(f"{weight}{row}", f"{letter}{row}") for row in ranges]
                num = "+".join(f"{w}*N({v})" for w, v in pairs) or "0"
                den = "+".join(w for w, _v in pairs) or "0"
            else:
                spans = [(f"{weight}{a}:{weight}{b}", f"{letter}{a}:{letter}{b}") for a, b in ranges if b >= a]
                num = "+".join(f"SUMPRODUCT({w},{v})" for w, v in spans) or "0"
                den = "+".join(f"SUM({w})" for w, _v in spans) or "0"
            value = f'=IF(({den})=0,"",({num})/({den}))'
        elif total.startswith("ratio:"):
            _k, num, den = total.split(":")
            value = f'=IF({letters[den]}{r}=0,"",{letters[num]}{r}/{letters[den]}{r})'
        cell = sheet.cell(row=r, column=index, value=value)
        cell.font = styles["bold"]
        cell.fill = fill
        if column.kind in FORMATS and index > 1:
            cell.number_format = FORMATS[column.kind]


def legend_sheet(workbook, legend) -> None:
    """What each figure is, as the PDF's legend says it."""
    sheet = workbook.create_sheet(title=_("Légende")[:31])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 110
    for number, (term, definition) in enumerate(legend, start=1):
        sheet.cell(row=number, column=1, value=str(term)).font = _styles()["bold"]
        sheet.cell(row=number, column=2, value=str(definition))


def parameters(workbook, title: str, context: dict, user, extra=()) -> None:
    """The « Paramètres » sheet: the report, its period and dates, the communes it covers (the framework's
    ``scope_label``), then who edited it and when."""
    period = context["period"]
    pairs = [
        (_("Rapport"), title),
        (_("Période"), period.label),
        (_("Du"), day(period.start)),
        (_("Au"), day(period.end)),
    ]
    if context.get("scope_label"):
        pairs.append((_("Communes"), str(context["scope_label"])))
    _parameters_sheet(workbook, [*pairs, *extra], user)


def definition(**fields) -> ReportDefinition:
    """A ReportDefinition; ``figures`` (the report page's main figures) only where the registry knows that field."""
    known = {f.name for f in dataclass_fields(ReportDefinition)}
    return ReportDefinition(**{name: value for name, value in fields.items() if name in known})
