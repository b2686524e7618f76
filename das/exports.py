"""The one export framework: a table (title, filters, typed columns, rows) written to Excel or PDF.

Every list and report of every app builds a ``Table`` and calls ``respond``; nothing else writes xlsx or
table PDFs. Excel is streamed (openpyxl write-only) from a server-side cursor, so 100,000 rows stay small in memory.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from das.formatting import format_money

FORMATS = {"xlsx", "pdf"}
PDF_MAX_ROWS = 2000  # about 70 A4 pages; beyond that Excel is the right format

TEXT, DATE, DATETIME, MONEY, INTEGER, DECIMAL, BOOLEAN = "text", "date", "datetime", "money", "int", "decimal", "bool"
NUMERIC_KINDS = {"money", "int", "decimal"}
MONEY_FORMAT = '#,##0.00 "DH"'
EXCEL_FORMATS = {
    DATE: "DD/MM/YYYY",
    DATETIME: "DD/MM/YYYY HH:MM",
    MONEY: MONEY_FORMAT,
    INTEGER: "#,##0",
    DECIMAL: "#,##0.00",
}


@dataclass
class Column:
    label: Any
    value: str | Callable[[Any], Any]
    kind: str = TEXT
    width: int = 22
    order_by: str | None = None  # the list's sort key for this column, if it can be sorted
    link: bool = False  # the list links this cell to the row's page
    href: Callable[[Any], str | None] | None = None  # or to a page of its own
    code: bool = False  # a number to read left to right whatever the language (phone, RIB, ICE)

    def get(self, obj):
        if callable(self.value):
            return self.value(obj)
        value = obj
        for part in self.value.split("."):
            value = getattr(value, part, None) if value is not None else None
            if callable(value) and not isinstance(value, type):
                value = value()
        return value

    def display(self, obj) -> str:
        """How the cell reads on screen and in the PDF."""
        value = self.get(obj)
        if value is None or value == "":
            return "—"
        if self.kind == MONEY:
            return format_money(value)
        if self.kind == DATETIME:
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if self.kind == DATE:
            return date_format(value, "DATE_FORMAT")
        if self.kind == BOOLEAN:
            return _("Oui") if value else _("Non")
        if self.kind in (INTEGER, DECIMAL):
            from django.contrib.humanize.templatetags.humanize import intcomma

            return intcomma(value)
        return str(value)

    def excel_value(self, obj):
        value = self.get(obj)
        if value is None:
            return None
        if self.kind == DATETIME and isinstance(value, dt.datetime):
            return timezone.localtime(value).replace(tzinfo=None)
        if self.kind in (MONEY, DECIMAL) and not isinstance(value, Decimal):
            return Decimal(str(value))
        if self.kind == BOOLEAN:
            return str(_("Oui") if value else _("Non"))
        if self.kind in (DATE, DATETIME, MONEY, DECIMAL, INTEGER):
            return value
        return str(value)


@dataclass
class Table:
    title: Any
    columns: list[Column]
    rows: Iterable[Any]
    filters: list[tuple[str, str]] = field(default_factory=list)
    subtitle: str = ""

    def iter_rows(self):
        if isinstance(self.rows, QuerySet):
            return self.rows.iterator(chunk_size=2000)
        return iter(self.rows)

    def file_stem(self):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return f"{slugify(str(self.title))[:60] or 'export'}-{stamp}"


def describe_filters(filterset) -> list[tuple[str, str]]:
    """The filters a user applied, as (label, value) pairs readable on screen, in Excel and in the PDF."""
    described = []
    if not filterset.is_bound or not filterset.is_valid():
        return described
    for name, bound_field in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name)
        if value in (None, "", [], ()) or name == "o":
            continue
        if hasattr(value, "__iter__") and not isinstance(value, str):
            text = ", ".join(str(v) for v in value)
        elif hasattr(bound_field, "choices") and not hasattr(value, "pk"):
            text = str(dict(bound_field.choices).get(value, value))
        elif isinstance(value, dt.date):
            text = date_format(value, "DATE_FORMAT")
        else:
            text = str(value)
        described.append((str(bound_field.label or name), text))
    return described


def _header_lines(table: Table, user) -> list[str]:
    lines = [
        str(gettext_lazy("Royaume du Maroc — Ministère de l'Intérieur")),
        f"{settings.DAS_PROVINCE_NAME} — {_('Division de l’Action Sociale')}",
        str(table.title),
    ]
    if table.filters:
        lines.append(_("Filtres : ") + " ; ".join(f"{label} = {value}" for label, value in table.filters))
    generated = date_format(timezone.localtime(), "DATETIME_FORMAT")
    lines.append(_("Édité le %(date)s par %(user)s") % {"date": generated, "user": user})
    return lines


def xlsx_styles() -> dict:
    """The styles of DAS workbooks: the title, the header row (white on dark blue, as write_xlsx writes it), bold,
    the light fill of a total row, wrapped text."""
    from openpyxl.styles import Alignment, Font, PatternFill

    return {
        "title": Font(bold=True, size=14),
        "header_font": Font(bold=True, color="FFFFFF"),
        "header_fill": PatternFill("solid", fgColor="1F4E79"),
        "bold": Font(bold=True),
        "total_fill": PatternFill("solid", fgColor="D9E2F3"),
        "wrap": Alignment(wrap_text=True, vertical="center"),
    }


def xlsx_header(sheet, row: int, labels, styles) -> None:
    """Writes ``labels`` as a header row of a workbook built cell by cell (``styles`` from xlsx_styles)."""
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=column, value=str(label))
        cell.font = styles["header_font"]
        cell.fill = styles["header_fill"]
        cell.alignment = styles["wrap"]


def xlsx_total_row(sheet, row: int, last_column: int, styles) -> None:
    """Sets row ``row`` (columns 1 to ``last_column``) in bold on the total fill."""
    for column in range(1, last_column + 1):
        sheet.cell(row=row, column=column).font = styles["bold"]
        sheet.cell(row=row, column=column).fill = styles["total_fill"]


def write_xlsx(table: Table, user, target) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    styles = xlsx_styles()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=slugify(str(table.title))[:31] or "export")
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    header_lines = _header_lines(table, user)
    header_row = len(header_lines) + 2
    sheet.freeze_panes = f"A{header_row + 1}"
    last_column = get_column_letter(len(table.columns))
    for number, line in enumerate(header_lines):
        cell = WriteOnlyCell(sheet, value=line)
        cell.font = Font(bold=number == 2, size=14 if number == 2 else 10)
        sheet.append([cell])
    sheet.append([])
    header_cells = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=str(column.label))
        cell.font = styles["header_font"]
        cell.fill = styles["header_fill"]
        cell.alignment = styles["wrap"]
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for obj in table.iter_rows():
        row = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=column.excel_value(obj))
            if column.kind in EXCEL_FORMATS:
                cell.number_format = EXCEL_FORMATS[column.kind]
            row.append(cell)
        sheet.append(row)
        count += 1
    sheet.auto_filter.ref = f"A{header_row}:{last_column}{header_row + max(count, 1)}"
    workbook.save(target)


def render_pdf(template: str, context: dict, request=None) -> bytes:
    """Every PDF of the product goes through here: A4, letterhead, shipped fonts (see templates/pdf/base.html)."""
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_context(title, user, *, filters=(), subtitle="") -> dict:
    from django.contrib.staticfiles import finders

    generated_at = timezone.localtime()
    return {
        "generated_label": _("Édité le %(date)s par %(user)s")
        % {"date": date_format(generated_at, "DATETIME_FORMAT"), "user": user},
        "title": title,
        "subtitle": subtitle,
        "filters": list(filters),
        "generated_at": generated_at,
        "generated_by": user,
        "province_name": settings.DAS_PROVINCE_NAME,
        "province_name_ar": settings.DAS_PROVINCE_NAME_AR,
        "font_regular": "file://" + finders.find("fonts/DejaVuSans.ttf"),
        "font_bold": "file://" + finders.find("fonts/DejaVuSans-Bold.ttf"),
        "rtl": (get_language() or "fr").startswith("ar"),
    }


def cell_class(column: Column) -> str:
    """How a cell is laid out, the same on screen and in the PDF: numbers to the end, codes left to right."""
    if column.kind in NUMERIC_KINDS:
        return "num"
    if column.code:
        return "code"
    if column.kind in (DATE, DATETIME):
        return "date"
    return ""


def table_pdf(table: Table, user, request=None) -> bytes:
    context = pdf_context(table.title, user, filters=table.filters, subtitle=table.subtitle)
    context["columns"] = table.columns
    classes = [cell_class(column) for column in table.columns]
    total_width = sum(column.width for column in table.columns) or 1
    context["widths"] = [round(100 * column.width / total_width, 1) for column in table.columns]
    context["rows"] = (
        list(zip((column.display(obj) for column in table.columns), classes, strict=True)) for obj in table.iter_rows()
    )
    return render_pdf("pdf/table.html", context, request)


def journal_download(request, *, kind: str, file_name: str) -> None:
    from das.services.audit import record_download

    record_download(user=request.user, kind=kind, file_name=file_name, source=request.get_full_path())


def pdf_response(request, content: bytes, file_name: str, *, kind: str = "pdf") -> HttpResponse:
    """Official documents are downloaded as attachments, and every download is journaled."""
    journal_download(request, kind=kind, file_name=file_name)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def respond(request, table: Table, export_format: str):
    stem = table.file_stem()
    if export_format == "xlsx":
        spool = tempfile.TemporaryFile()  # noqa: SIM115  (closed by FileResponse)
        write_xlsx(table, request.user, spool)
        spool.seek(0)
        journal_download(request, kind="xlsx", file_name=f"{stem}.xlsx")
        return FileResponse(
            spool,
            as_attachment=True,
            filename=f"{stem}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return pdf_response(request, table_pdf(table, request.user, request), f"{stem}.pdf", kind="pdf")
