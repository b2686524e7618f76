"""The credits' documents: the money picture (screen, PDF, Excel), and for one version of the répartition the état
de répartition (PDF, Excel) and the bordereau d'envoi to the DBM (PDF).

Each document is built from one context builder shared by its PDF and its Excel file, so a figure comes from one
place (projects.credit_selectors). The money picture is an internal report, in the reader's language (gettext); the
état and the bordereau are official documents whose fixed wording lives here per language, as for the convention
(projects.convention_documents): the Arabic document reads in Arabic whatever the state of the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from das.exports import pdf_context, render_pdf
from das.formatting import format_money
from das.models import BudgetLine, Programme
from projects.credit_selectors import (
    Figures,
    MoneyPicture,
    allocation_changes,
    allocation_grid,
    notified_by_programme,
)
from projects.documents import Text, _language, _text
from projects.models import CreditAllocation

ZERO = Decimal("0")
Status = CreditAllocation.Status

# (attribute of credit_selectors.Figures, column label): the money picture's columns, on screen, in PDF and Excel.
FIGURE_COLUMNS = [
    ("notified", gettext_lazy("Notifié")),
    ("allocated", gettext_lazy("Réparti")),
    ("unallocated", gettext_lazy("Non réparti")),
    ("committed", gettext_lazy("Engagé")),
    ("paid", gettext_lazy("Payé")),
    ("available", gettext_lazy("Disponible")),
    ("engagement_rate", gettext_lazy("Taux d'engagement")),
    ("emission_rate", gettext_lazy("Taux d'émission")),
]
RATES = {"engagement_rate", "emission_rate"}


def legend() -> list[tuple[str, str]]:
    """What each figure is: the definitions of projects.credit_selectors, word for word in substance."""
    return [
        (
            _("Notifié"),
            _(
                "Somme des notifications de l'exercice pour le programme, corrections comprises (par programme "
                "seulement : le fonds notifie des programmes, la division les répartit en rubriques)."
            ),
        ),
        (
            _("Réparti"),
            _(
                "Montants de la version de la répartition en vigueur : la dernière transmise à la DBM ou, avant "
                "toute transmission, la dernière validée."
            ),
        ),
        (_("Non réparti"), _("Notifié − réparti.")),
        (
            _("Engagé"),
            _(
                "Contribution INDH des conventions signées dans l'exercice, telle que modifiée par leurs avenants "
                "signés ; pour une convention résiliée depuis, seulement ce qui a été payé ; et pour un projet "
                "réalisé sans convention (la province maître d'ouvrage), le montant de ses marchés attribués dans "
                "l'exercice et non annulés."
            ),
        ),
        (
            _("Payé"),
            _(
                "Paiements sur ces conventions, quelle que soit leur date (ils consomment les crédits de "
                "l'exercice que la convention a engagés)."
            ),
        ),
        (_("Disponible"), _("Réparti − engagé ; négatif, il signale un engagement au-delà du réparti.")),
        (_("Taux d'engagement"), _("Engagé ÷ réparti.")),
        (_("Taux d'émission"), _("Payé ÷ engagé.")),
    ]


def format_rate(value) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}".replace(".", ",") + "\u00a0%"


def display(name: str, value) -> str:
    if value is None:
        return "—"
    return format_rate(value) if name in RATES else format_money(value)


@dataclass
class PictureRow:
    """One line of the money picture's table: a programme, one of its budget lines, or the grand total."""

    kind: str  # "programme", "line" or "total"
    label: str
    figures: Figures
    programme: Programme | None = None
    budget_line_key: str | None = None  # a budget line's pk, "aucune" (not specified), None for the programme
    cells: list[dict] = field(default_factory=list)

    @property
    def over_committed(self) -> bool:
        return self.figures.available < 0


def programme_label(programme: Programme) -> str:
    return f"{programme.code} – {programme.name}"


def picture_rows(picture: MoneyPicture) -> list[PictureRow]:
    """The table's rows in order, each with its cells (name, value, text): the same for the page, PDF and Excel."""
    rows = []
    for programme_row in picture.rows:
        programme = programme_row.programme
        rows.append(PictureRow("programme", programme_label(programme), programme_row.figures, programme))
        for line in programme_row.lines:
            label = str(line.budget_line) if line.budget_line else _("Rubrique non précisée")
            rows.append(PictureRow("line", label, line.figures, programme, line.budget_line_key))
    rows.append(PictureRow("total", _("Total général"), picture.total))
    for row in rows:
        for name, _label in FIGURE_COLUMNS:
            value = getattr(row.figures, name)
            short = display(name, value) if name in RATES or value is None else format_money(value, unit="").strip()
            short = f"\u200e{short}\u200e"  # the PDF does not isolate inline boxes: keep « -12 » and « 5 % » in order
            row.cells.append({"name": name, "value": value, "text": display(name, value), "short": short})
    return rows


def version_in_force(allocation: CreditAllocation | None) -> tuple[str, bool]:
    """The sentence naming the version in force, and whether it is a warning (no version, or not sent yet)."""
    if allocation is None:
        return (
            _(
                "Aucune version de la répartition n'est validée ni transmise à la DBM pour cet exercice : "
                "les montants répartis sont nuls."
            ),
            True,
        )
    if allocation.status in CreditAllocation.SENT:
        sentence = _(
            "Répartition en vigueur : version %(number)s, transmise le %(date)s (bordereau d'envoi n° %(reference)s)"
        ) % {
            "number": allocation.number,
            "date": date_format(allocation.transmitted_on, "DATE_FORMAT"),
            "reference": allocation.transmittal_number,
        }
        if allocation.status == Status.ACKNOWLEDGED and allocation.acknowledged_on:
            sentence += _(", accusée de réception par la DBM le %(date)s") % {
                "date": date_format(allocation.acknowledged_on, "DATE_FORMAT")
            }
        return sentence + ".", False
    validated = allocation.validated_at and date_format(timezone.localtime(allocation.validated_at), "DATE_FORMAT")
    return (
        _("Répartition en vigueur : version %(number)s, validée le %(date)s, pas encore transmise à la DBM.")
        % {"number": allocation.number, "date": validated or "—"},
        True,
    )


def picture_context(picture: MoneyPicture) -> dict:
    sentence, warning = version_in_force(picture.allocation)
    return {
        "picture": picture,
        "columns": [label for _name, label in FIGURE_COLUMNS],
        "rows": picture_rows(picture),
        "version_sentence": sentence,
        "version_warning": warning,
        "legend": legend(),
        "phase_label": str(picture.phase) if picture.phase is not None else _("Toutes les phases"),
    }


def picture_title(picture: MoneyPicture) -> str:
    return _("Situation des crédits INDH – exercice %(year)s") % {"year": picture.fiscal_year.year}


def render_picture_pdf(picture: MoneyPicture, user, request=None) -> bytes:
    context = pdf_context(picture_title(picture), user, filters=[(_("Phase"), picture_context(picture)["phase_label"])])
    context.update(picture_context(picture))
    return render_pdf("projects/credits/picture_pdf.html", context, request)


# --- Excel --------------------------------------------------------------------------------------------------------
MONEY_FORMAT = '#,##0.00 "DH"'
RATE_FORMAT = "0.00%"


def _styles():
    from openpyxl.styles import Alignment, Font, PatternFill

    return {
        "title": Font(bold=True, size=14),
        "header_font": Font(bold=True, color="FFFFFF"),
        "header_fill": PatternFill("solid", fgColor="1F4E79"),
        "bold": Font(bold=True),
        "programme_fill": PatternFill("solid", fgColor="EEF3F8"),
        "total_fill": PatternFill("solid", fgColor="D9E2F3"),
        "red": Font(color="A61B1B"),
        "wrap": Alignment(wrap_text=True, vertical="center"),
    }


def _header(sheet, row: int, labels, styles) -> None:
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=column, value=str(label))
        cell.font = styles["header_font"]
        cell.fill = styles["header_fill"]
        cell.alignment = styles["wrap"]


def _parameters_sheet(workbook, pairs, user) -> None:
    sheet = workbook.create_sheet(title=_("Paramètres")[:31])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 80
    pairs = [
        *pairs,
        (_("Édité le"), date_format(timezone.localtime(), "DATETIME_FORMAT")),
        (_("Édité par"), str(user)),
    ]
    for number, (label, value) in enumerate(pairs, start=1):
        sheet.cell(row=number, column=1, value=str(label)).font = _styles()["bold"]
        sheet.cell(row=number, column=2, value=value)


def picture_workbook(picture: MoneyPicture, user):
    """The money picture in Excel: numbers in the line rows, SUM formulas in the programme and total rows."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    styles = _styles()
    context = picture_context(picture)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Situation")[:31]
    sheet.cell(row=1, column=1, value=picture_title(picture)).font = styles["title"]
    sheet.cell(row=2, column=1, value=f"{settings.DAS_PROVINCE_NAME} — {_('Division de l’Action Sociale')}")
    sheet.cell(row=3, column=1, value=context["version_sentence"])
    header_row = 5
    _header(sheet, header_row, [_("Programme / rubrique"), *context["columns"]], styles)
    sheet.column_dimensions["A"].width = 48
    for index in range(2, len(FIGURE_COLUMNS) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    letters = {name: get_column_letter(index) for index, (name, _l) in enumerate(FIGURE_COLUMNS, start=2)}
    n, a, u, c, p, d, e, m = (letters[name] for name, _l in FIGURE_COLUMNS)
    row_number = header_row
    programme_rows: list[int] = []
    pending: tuple[int, list[int]] | None = None  # the current programme's row and its line rows

    def close_programme():
        if pending is None:
            return
        r, lines = pending
        for letter in (a, c, p):
            sheet[f"{letter}{r}"] = f"=SUM({letter}{lines[0]}:{letter}{lines[-1]})" if lines else 0

    for row in context["rows"]:
        row_number += 1
        r = row_number
        sheet.cell(row=r, column=1, value=row.label)
        figures = row.figures
        if row.kind == "line":
            sheet[f"{a}{r}"] = figures.allocated
            sheet[f"{c}{r}"] = figures.committed
            sheet[f"{p}{r}"] = figures.paid
            sheet[f"{d}{r}"] = figures.available
            for name in RATES:
                value = getattr(figures, name)
                sheet[f"{letters[name]}{r}"] = None if value is None else value / 100
            pending[1].append(r)
            continue
        close_programme()
        if row.kind == "programme":
            programme_rows.append(r)
            pending = (r, [])
            sheet[f"{n}{r}"] = figures.notified
        else:  # the grand total
            pending = None
            for letter in (n, a, c, p):
                sheet[f"{letter}{r}"] = (
                    "=SUM(" + ",".join(f"{letter}{pr}" for pr in programme_rows) + ")" if programme_rows else 0
                )
        sheet[f"{u}{r}"] = f"={n}{r}-{a}{r}"
        sheet[f"{d}{r}"] = f"={a}{r}-{c}{r}"
        sheet[f"{e}{r}"] = f'=IF({a}{r}=0,"",{c}{r}/{a}{r})'
        sheet[f"{m}{r}"] = f'=IF({c}{r}=0,"",{p}{r}/{c}{r})'
        fill = styles["programme_fill"] if row.kind == "programme" else styles["total_fill"]
        for column in range(1, len(FIGURE_COLUMNS) + 2):
            sheet.cell(row=r, column=column).font = styles["bold"]
            sheet.cell(row=r, column=column).fill = fill
    for r in range(header_row + 1, row_number + 1):
        for name, _label in FIGURE_COLUMNS:
            sheet[f"{letters[name]}{r}"].number_format = RATE_FORMAT if name in RATES else MONEY_FORMAT
        sheet[f"{d}{r}"].number_format = f"{MONEY_FORMAT};[Red]-{MONEY_FORMAT}"
    sheet.freeze_panes = f"B{header_row + 1}"
    legend_row = row_number + 2
    sheet.cell(row=legend_row, column=1, value=_("Légende")).font = styles["bold"]
    for offset, (term, definition) in enumerate(context["legend"], start=1):
        sheet.cell(row=legend_row + offset, column=1, value=term)
        sheet.cell(row=legend_row + offset, column=2, value=definition)
    _parameters_sheet(
        workbook,
        [
            (_("Exercice"), picture.fiscal_year.year),
            (_("Phase"), context["phase_label"]),
            (_("Répartition en vigueur"), context["version_sentence"]),
        ],
        user,
    )
    return workbook


# --- État de répartition and bordereau d'envoi (official documents, French or Arabic) ---------------------------
LABELS = {
    "fr": {
        "division": "Division de l'Action Sociale",
        "statement_title": "État de répartition des crédits INDH",
        "statement_subtitle": "Exercice {year} – version {number}",
        "status": "Statut",
        "statuses": {
            Status.DRAFT: "Brouillon",
            Status.VALIDATED: "Validée par le chef de division",
            Status.TRANSMITTED: "Transmise à la DBM",
            Status.ACKNOWLEDGED: "Accusée de réception par la DBM",
        },
        "transmittal": "Bordereau d'envoi n° {reference} du {date}",
        "acknowledged": "Accusée de réception par la DBM le {date}",
        "draft": "PROJET",
        "draft_note": "Projet — version non transmise à la DBM, sans valeur d'engagement",
        "programme": "Programme",
        "notified": "Notifié",
        "total": "Total réparti",
        "remaining": "Reste à répartir",
        "grand_total": "Total",
        "unit": "Montants en dirhams (DH)",
        "no_line": "Aucune case n'est répartie dans cette version.",
        "changes": "Modifications par rapport à la version {number}",
        "no_changes": "Aucune modification par rapport à la version {number}.",
        "budget_line": "Rubrique",
        "before": "Version {number}",
        "after": "Version {number}",
        "delta": "Écart",
        "head": "Le Chef de la Division de l'Action Sociale",
        # bordereau
        "transmittal_title": "Bordereau d'envoi",
        "transmittal_number": "n° {reference} du {date}",
        "sender": "Le Gouverneur de la {province}",
        "sender_service": "(Division de l'Action Sociale)",
        "to": "à",
        "addressee": "Monsieur le Chef de la Division du Budget et des Moyens",
        "object": "Objet",
        "object_text": (
            "Répartition des crédits de l'Initiative Nationale pour le Développement Humain – exercice {year}"
        ),
        "number_column": "N°",
        "piece": "Désignation des pièces",
        "count": "Nombre",
        "observations": "Observations",
        "statement_piece": "État de répartition des crédits INDH – exercice {year} – version {number}",
        "statement_observation": "Montant total réparti : {amount}",
        "changes_piece": "Tableau des modifications par rapport à la version {previous}",
        "changes_observation": "{count} case(s) modifiée(s)",
        "replaces": "Annule et remplace la version {previous}",
        "for_information": "Pour information et suite à donner",
        "total_amount": "Montant total des crédits répartis",
        "governor": "Le Gouverneur",
    },
    "ar": {
        "division": "قسم العمل الاجتماعي",
        "statement_title": "بيان توزيع اعتمادات المبادرة الوطنية للتنمية البشرية",
        "statement_subtitle": "السنة المالية {year} – النسخة {number}",
        "status": "الوضعية",
        "statuses": {
            Status.DRAFT: "مسودة",
            Status.VALIDATED: "مصادق عليها من طرف رئيس القسم",
            Status.TRANSMITTED: "مرسلة إلى قسم الميزانية والوسائل",
            Status.ACKNOWLEDGED: "تم الإشعار بتوصلها من طرف قسم الميزانية والوسائل",
        },
        "transmittal": "جدول إرسال رقم {reference} بتاريخ {date}",
        "acknowledged": "أشعر قسم الميزانية والوسائل بالتوصل بتاريخ {date}",
        "draft": "مشروع",
        "draft_note": "مشروع — نسخة غير مرسلة إلى قسم الميزانية والوسائل",
        "programme": "البرنامج",
        "notified": "المبلغ المبلغ به",
        "total": "مجموع الموزع",
        "remaining": "الباقي للتوزيع",
        "grand_total": "المجموع",
        "unit": "المبالغ بالدرهم",
        "no_line": "لا توجد أي خانة موزعة في هذه النسخة.",
        "changes": "التعديلات مقارنة مع النسخة {number}",
        "no_changes": "لا توجد أي تعديلات مقارنة مع النسخة {number}.",
        "budget_line": "البند",
        "before": "النسخة {number}",
        "after": "النسخة {number}",
        "delta": "الفرق",
        "head": "رئيس قسم العمل الاجتماعي",
        "transmittal_title": "جدول إرسال",
        "transmittal_number": "رقم {reference} بتاريخ {date}",
        "sender": "عامل {province}",
        "sender_service": "(قسم العمل الاجتماعي)",
        "to": "إلى",
        "addressee": "السيد رئيس قسم الميزانية والوسائل",
        "object": "الموضوع",
        "object_text": "توزيع اعتمادات المبادرة الوطنية للتنمية البشرية – السنة المالية {year}",
        "number_column": "ر.ت",
        "piece": "بيان الوثائق",
        "count": "العدد",
        "observations": "ملاحظات",
        "statement_piece": (
            "بيان توزيع اعتمادات المبادرة الوطنية للتنمية البشرية – السنة المالية {year} – النسخة {number}"
        ),
        "statement_observation": "المبلغ الإجمالي الموزع: {amount}",
        "changes_piece": "جدول التعديلات مقارنة مع النسخة {previous}",
        "changes_observation": "عدد الخانات المعدلة: {count}",
        "replaces": "تلغي وتعوض النسخة {previous}",
        "for_information": "للاطلاع والإجراءات اللازمة",
        "total_amount": "المبلغ الإجمالي للاعتمادات الموزعة",
        "governor": "العامل",
    },
}


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _money(value, language: str) -> str:
    """A figure that reads left to right in both languages; the Arabic one carries its unit in Arabic."""
    if language == "ar":
        return f"{format_money(value, unit='').strip()} درهم"
    return format_money(value)


def _figure(value) -> str:
    """A cell of the grid: the unit is in the table's caption. A left-to-right mark keeps a sign before its figure
    in an Arabic (right-to-left) document."""
    return "\u200e" + format_money(value, unit="").strip()


@dataclass
class Statement:
    """The grid of one version: programmes (with what was notified) × budget lines, with every total."""

    allocation: CreditAllocation
    programmes: list[Programme]
    lines: list[BudgetLine]
    notified: dict[int, Decimal]
    grid: dict[tuple[int, int], Decimal]
    changes: list = field(default_factory=list)

    def cell(self, programme: Programme, line: BudgetLine) -> Decimal:
        return self.grid.get((programme.pk, line.pk), ZERO)

    def programme_total(self, programme: Programme) -> Decimal:
        return sum((self.cell(programme, line) for line in self.lines), ZERO)

    def line_total(self, line: BudgetLine) -> Decimal:
        return sum((self.cell(programme, line) for programme in self.programmes), ZERO)

    @property
    def total(self) -> Decimal:
        return sum(self.grid.values(), ZERO)

    @property
    def notified_total(self) -> Decimal:
        return sum((self.notified.get(p.pk, ZERO) for p in self.programmes), ZERO)


def statement(allocation: CreditAllocation) -> Statement:
    """The version's grid; the programmes are those notified in the year or given credits in the version."""
    grid = allocation_grid(allocation)
    notified = notified_by_programme(allocation.fiscal_year)
    programme_ids = set(notified) | {programme_id for programme_id, _line in grid}
    programmes = list(
        Programme.objects.filter(pk__in=programme_ids).select_related("phase").order_by("phase__start_year", "code")
    )
    lines = list(BudgetLine.objects.filter(pk__in={line for _p, line in grid}).order_by("code"))
    changes = allocation_changes(allocation) if allocation.previous_id else []
    return Statement(allocation, programmes, lines, notified, grid, changes)


def _name(language: str, obj) -> str:
    return f"{obj.code} – {_text(language, obj.name_fr, obj.name_ar).inline}"


def _official_context(allocation: CreditAllocation, language: str, title: str, subtitle: str) -> dict:
    labels = LABELS[language]
    context = pdf_context(title, user=labels["division"], subtitle=subtitle)
    sent = allocation.status in CreditAllocation.SENT
    context.update(
        {
            "language": language,
            "labels": labels,
            "allocation": allocation,
            "province": settings.DAS_PROVINCE_NAME_AR if language == "ar" else settings.DAS_PROVINCE_NAME,
            "status_label": labels["statuses"][allocation.status],
            "transmittal": (
                labels["transmittal"].format(
                    reference=Text(allocation.transmittal_number, fallback=language == "ar").inline,
                    date=_date(allocation.transmitted_on),
                )
                if sent
                else ""
            ),
            "acknowledged": (
                labels["acknowledged"].format(date=_date(allocation.acknowledged_on))
                if allocation.acknowledged_on
                else ""
            ),
            "draft": not sent,
        }
    )
    return context


def statement_context(allocation: CreditAllocation, language: str) -> dict:
    """What the état de répartition shows; call inside ``translation.override(language)``."""
    labels = LABELS[language]
    data = statement(allocation)
    year, number = allocation.fiscal_year.year, allocation.number
    context = _official_context(
        allocation,
        language,
        labels["statement_title"],
        labels["statement_subtitle"].format(year=year, number=number),
    )
    rows = []
    for programme in data.programmes:
        notified = data.notified.get(programme.pk, ZERO)
        total = data.programme_total(programme)
        rows.append(
            {
                "label": _name(language, programme),
                "notified": _figure(notified),
                "cells": [_figure(data.cell(programme, line)) for line in data.lines],
                "total": _figure(total),
                "remaining": _figure(notified - total),
                "over": notified - total < 0,
            }
        )
    previous = allocation.previous.number if allocation.previous_id else None
    context.update(
        {
            "statement": data,
            "line_labels": [_name(language, line) for line in data.lines],
            "rows": rows,
            "column_totals": [_figure(data.line_total(line)) for line in data.lines],
            "notified_total": _figure(data.notified_total),
            "grand_total": _figure(data.total),
            "remaining_total": _figure(data.notified_total - data.total),
            "previous": previous,
            "changes_title": labels["changes"].format(number=previous) if previous else "",
            "no_changes": labels["no_changes"].format(number=previous) if previous else "",
            "before_label": labels["before"].format(number=previous) if previous else "",
            "after_label": labels["after"].format(number=number),
            "changes": [
                {
                    "programme": _name(language, change.programme),
                    "budget_line": _name(language, change.budget_line),
                    "before": _figure(change.before),
                    "after": _figure(change.after),
                    "delta": _figure(change.delta).replace("\u200e", "\u200e+" if change.delta > 0 else "\u200e"),
                }
                for change in data.changes
            ],
            "signature": [labels["head"]],
        }
    )
    return context


def render_statement(allocation: CreditAllocation, language: str) -> bytes:
    """The état de répartition of a version, A4 landscape, in French or in Arabic; « PROJET » until it is sent."""
    language = _language(language)
    with translation.override(language):
        return render_pdf("projects/credits/statement_pdf.html", statement_context(allocation, language))


def transmittal_context(allocation: CreditAllocation, language: str) -> dict:
    """The bordereau d'envoi of a version sent to the DBM; call inside ``translation.override(language)``."""
    labels = LABELS[language]
    year, number = allocation.fiscal_year.year, allocation.number
    reference = Text(allocation.transmittal_number, fallback=language == "ar").inline
    context = _official_context(
        allocation,
        language,
        labels["transmittal_title"],
        labels["transmittal_number"].format(reference=reference, date=_date(allocation.transmitted_on)),
    )
    total = sum(allocation_grid(allocation).values(), ZERO)
    pieces = [
        {
            "label": labels["statement_piece"].format(year=year, number=number),
            "count": 1,
            "observation": labels["statement_observation"].format(amount=_money(total, language)),
        }
    ]
    if allocation.previous_id:
        previous = allocation.previous.number
        pieces.append(
            {
                "label": labels["changes_piece"].format(previous=previous),
                "count": 1,
                "observation": labels["changes_observation"].format(count=len(allocation_changes(allocation)))
                + " — "
                + labels["replaces"].format(previous=previous),
            }
        )
    context.update(
        {
            "sender": labels["sender"].format(province=context["province"]),
            "object_text": labels["object_text"].format(year=year),
            "pieces": pieces,
            "total": _money(total, language),
            "signature": [labels["governor"]],
        }
    )
    return context


def render_transmittal(allocation: CreditAllocation, language: str) -> bytes:
    """The bordereau d'envoi to the DBM, A4, in French or in Arabic (right to left)."""
    language = _language(language)
    with translation.override(language):
        return render_pdf("projects/credits/transmittal_pdf.html", transmittal_context(allocation, language))


def statement_workbook(allocation: CreditAllocation, user):
    """The état de répartition in Excel: the grid (numbers, SUM totals), the changes sheet and the parameters."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    styles = _styles()
    data = statement(allocation)
    year, number = allocation.fiscal_year.year, allocation.number
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Répartition")[:31]
    title = _("État de répartition des crédits INDH – exercice %(year)s – version %(number)s") % {
        "year": year,
        "number": number,
    }
    sheet.cell(row=1, column=1, value=title).font = styles["title"]
    sheet.cell(row=2, column=1, value=f"{settings.DAS_PROVINCE_NAME} — {_('Division de l’Action Sociale')}")
    sheet.cell(row=3, column=1, value=f"{_('Statut')} : {allocation.get_status_display()}")
    if allocation.status in CreditAllocation.OPEN:
        sheet.cell(row=3, column=3, value=_("PROJET — version non transmise à la DBM")).font = styles["red"]
    header_row = 5
    line_count = len(data.lines)
    headers = [
        _("Programme"),
        _("Notifié"),
        *(str(line) for line in data.lines),
        _("Total réparti"),
        _("Reste à répartir"),
    ]
    _header(sheet, header_row, headers, styles)
    sheet.column_dimensions["A"].width = 48
    for index in range(2, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    first_line_col, last_line_col = 3, 2 + line_count
    total_col, remaining_col = last_line_col + 1, last_line_col + 2
    total_letter, remaining_letter = get_column_letter(total_col), get_column_letter(remaining_col)
    first, r = header_row + 1, header_row
    for programme in data.programmes:
        r += 1
        sheet.cell(row=r, column=1, value=str(programme))
        sheet.cell(row=r, column=2, value=data.notified.get(programme.pk, ZERO))
        for offset, line in enumerate(data.lines):
            sheet.cell(row=r, column=first_line_col + offset, value=data.cell(programme, line))
        if line_count:
            start, end = get_column_letter(first_line_col), get_column_letter(last_line_col)
            sheet[f"{total_letter}{r}"] = f"=SUM({start}{r}:{end}{r})"
        else:
            sheet[f"{total_letter}{r}"] = 0
        sheet[f"{remaining_letter}{r}"] = f"=B{r}-{total_letter}{r}"
    last = r
    r += 1
    sheet.cell(row=r, column=1, value=_("Total"))
    for column in range(2, remaining_col + 1):
        letter = get_column_letter(column)
        sheet[f"{letter}{r}"] = f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0
    for column in range(1, remaining_col + 1):
        sheet.cell(row=r, column=column).font = styles["bold"]
        sheet.cell(row=r, column=column).fill = styles["total_fill"]
    for row in range(first, r + 1):
        for column in range(2, remaining_col + 1):
            sheet.cell(row=row, column=column).number_format = MONEY_FORMAT
    sheet.freeze_panes = f"B{first}"

    changes = workbook.create_sheet(title=_("Modifications")[:31])
    previous = allocation.previous.number if allocation.previous_id else None
    if previous is None:
        changes.cell(row=1, column=1, value=_("Version 1 : pas de version précédente."))
    else:
        changes.cell(
            row=1, column=1, value=_("Modifications par rapport à la version %(number)s") % {"number": previous}
        ).font = styles["title"]
        _header(
            changes,
            3,
            [
                _("Programme"),
                _("Rubrique"),
                _("Version %(number)s") % {"number": previous},
                _("Version %(number)s") % {"number": number},
                _("Écart"),
            ],
            styles,
        )
        for letter, width in zip("ABCDE", (40, 40, 18, 18, 18), strict=True):
            changes.column_dimensions[letter].width = width
        for offset, change in enumerate(data.changes, start=4):
            changes.cell(row=offset, column=1, value=str(change.programme))
            changes.cell(row=offset, column=2, value=str(change.budget_line))
            changes.cell(row=offset, column=3, value=change.before).number_format = MONEY_FORMAT
            changes.cell(row=offset, column=4, value=change.after).number_format = MONEY_FORMAT
            changes.cell(row=offset, column=5, value=f"=D{offset}-C{offset}").number_format = MONEY_FORMAT
    _parameters_sheet(
        workbook,
        [
            (_("Exercice"), year),
            (_("Version"), number),
            (_("Statut"), allocation.get_status_display()),
            (_("Bordereau d'envoi n°"), allocation.transmittal_number or "—"),
            (_("Transmise à la DBM le"), _date(allocation.transmitted_on)),
        ],
        user,
    )
    return workbook
