"""The financing-progress dashboard as the page, its PDF and its Excel file show it: one context builder
(``dashboard_context``) over projects.dashboard_selectors.dashboard, so the three carry the same figures.

Every figure links to the drill-down (the projects behind it); the charts come from das.charts, the same SVG on
screen and in the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from das.charts import Series, bar_chart, line_chart, share_chart
from das.exports import pdf_context, render_pdf
from das.formatting import format_money
from projects import permissions
from projects.credit_documents import format_rate
from projects.dashboard_selectors import DRILLABLE, Dashboard, DashboardFilters, dashboard, filter_choices
from projects.models import Project
from projects.scope import scope_projects

ZERO = Decimal("0")

# Which drill-down list each figure opens.
FIGURE_DRILL = {
    "projets": "projets",
    "cout": "projets",
    "indh": "projets",
    "porteur": "projets",
    "partenaires": "projets",
    "levier": "projets",
    "avancement": "projets",
    "engage": "engage",
    "taux_engagement": "engage",
    "paye": "paye",
    "taux_emission": "paye",
    "retard": "retard",
    "emplois": "emplois",
    "beneficiaires": "beneficiaires",
}
assert set(FIGURE_DRILL.values()) <= DRILLABLE  # noqa: S101 — a figure must open a list the selector knows


def dashboard_base(user):
    """The projects the reader may see on the dashboard (a reader limited to some communes sees those only)."""
    return scope_projects(Project.objects.all(), user, permissions.VIEW_DASHBOARDS)


# --- Filters ----------------------------------------------------------------------------------------------------------


class DashboardFilterForm(forms.Form):
    """The GET filter form; its field names are DashboardFilters.params()' keys. Choices come from
    dashboard_selectors.filter_choices (one query each), so a bad value is a message next to its field."""

    annee = forms.TypedChoiceField(label=gettext_lazy("Année"), required=False, coerce=int, empty_value=None)
    phase = forms.TypedChoiceField(label=gettext_lazy("Phase"), required=False, coerce=int, empty_value=None)
    programme = forms.TypedChoiceField(label=gettext_lazy("Programme"), required=False, coerce=int, empty_value=None)
    commune = forms.TypedChoiceField(label=gettext_lazy("Commune"), required=False, coerce=int, empty_value=None)
    secteur = forms.TypedChoiceField(label=gettext_lazy("Secteur"), required=False, coerce=int, empty_value=None)
    porteur = forms.ChoiceField(label=gettext_lazy("Type de porteur"), required=False)
    au = forms.DateField(
        label=gettext_lazy("Situation au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Saisissez une date valide (jj/mm/aaaa).")},
    )

    def __init__(self, data=None, choices=None):
        super().__init__(data)
        choices = choices if choices is not None else filter_choices()
        self.choices = choices
        unknown = gettext_lazy("Valeur inconnue : choisissez dans la liste.")
        options = {
            "annee": [("", _("Toutes les années"))] + [(str(y), str(y)) for y in choices["years"]],
            "phase": [("", _("Toutes les phases"))] + [(str(p.pk), str(p)) for p in choices["phases"]],
            "programme": [("", _("Tous les programmes"))]
            + [(str(p.pk), f"{p} ({p.phase.code})") for p in choices["programmes"]],
            "commune": [("", _("Toutes les communes"))] + [(str(c.pk), str(c)) for c in choices["communes"]],
            "secteur": [("", _("Tous les secteurs"))] + [(str(s.pk), str(s)) for s in choices["sectors"]],
            "porteur": [("", _("Tous les porteurs"))] + [(v, str(label)) for v, label in choices["holder_kinds"]],
        }
        for name, values in options.items():
            self.fields[name].choices = values
            self.fields[name].error_messages["invalid_choice"] = unknown
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["au"].widget.attrs["class"] = "form-control form-control-sm"

    def filters(self) -> DashboardFilters:
        """The filters from the valid fields (a bad field is left out, and shown with its message)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        for name in self.errors:
            attrs = self.fields[name].widget.attrs
            if "is-invalid" not in attrs["class"]:
                attrs["class"] += " is-invalid"
            attrs.update({"aria-invalid": "true", "aria-describedby": f"id_{name}-error"})
        return DashboardFilters(
            year=data.get("annee"),
            phase=data.get("phase"),
            programme=data.get("programme"),
            commune=data.get("commune"),
            sector=data.get("secteur"),
            holder_kind=data.get("porteur") or "",
            as_of=data.get("au"),
        )

    def describe(self, filters: DashboardFilters) -> list[tuple[str, str]]:
        """The filters as (label, value) pairs for the PDF, the Excel « Paramètres » sheet and the page."""
        pairs = [
            (_("Année"), str(filters.year) if filters.year else _("Toutes les années")),
            (_("Situation au"), date_format(filters.date, "DATE_FORMAT")),
        ]
        for name, value in (
            ("phase", filters.phase),
            ("programme", filters.programme),
            ("commune", filters.commune),
            ("secteur", filters.sector),
            ("porteur", filters.holder_kind),
        ):
            if value not in (None, ""):
                label = dict(self.fields[name].choices).get(str(value), str(value))
                pairs.append((str(self.fields[name].label), str(label)))
        return pairs


# --- Figures ----------------------------------------------------------------------------------------------------------


@dataclass
class Figure:
    key: str  # the data-figure attribute
    label: str
    text: str
    value: object  # the number (Decimal, int, None)
    kind: str  # "money", "rate", "count"
    href: str
    hint: str = ""


def drill_url(filters: DashboardFilters, figure: str, **extra) -> str:
    return reverse("projects:dashboard_drill") + "?" + filters.querystring(figure=figure, **extra)


def figures(board: Dashboard) -> list[Figure]:
    t, f = board.totals, board.filters
    beneficiaries = board.beneficiaries

    def link(key):
        return drill_url(f, FIGURE_DRILL[key])

    def count_text(value):
        return f"{value:,}".replace(",", "\u202f")

    rows = [
        ("projets", _("Projets"), t.count, "count", ""),
        ("cout", _("Coût global"), t.cost, "money", ""),
        ("indh", _("Part INDH"), t.indh, "money", ""),
        ("porteur", _("Part du porteur"), t.holder, "money", ""),
        ("partenaires", _("Part des partenaires"), t.partners, "money", ""),
        ("levier", _("Effet de levier"), t.leverage, "rate", _("(porteur + partenaires) ÷ coût global")),
        ("engage", _("Engagé"), t.committed, "money", ""),
        ("paye", _("Payé"), t.paid, "money", ""),
        ("taux_engagement", _("Taux d'engagement"), t.engagement_rate, "rate", _("engagé ÷ part INDH")),
        ("taux_emission", _("Taux d'émission"), t.emission_rate, "rate", _("payé ÷ engagé")),
        ("avancement", _("Avancement physique moyen"), t.physical_progress, "rate", _("pondéré par le coût")),
        ("retard", _("Projets en retard"), t.late, "count", ""),
        (
            "emplois",
            _("Emplois créés"),
            t.jobs_created,
            "count",
            _("sur %(planned)s prévus") % {"planned": count_text(t.jobs_planned)},
        ),
        (
            "beneficiaires",
            _("Bénéficiaires atteints"),
            beneficiaries["reached"],
            "count",
            _("sur %(targeted)s visés") % {"targeted": count_text(beneficiaries["targeted"])},
        ),
    ]
    result = []
    for key, label, value, kind, hint in rows:
        if kind == "money":
            text = format_money(value)
        elif kind == "rate":
            text = format_rate(value)
        else:
            text = count_text(value)
        result.append(Figure(key, label, text, value, kind, link(key), hint))
    return result


def legend() -> list[tuple[str, str]]:
    """What each figure is: the definitions of projects.dashboard_selectors, in the reader's language."""
    return [
        (
            _("Projets de l'année"),
            _(
                "Les projets validés (par le CPDH, ou enregistrés) dans l'année — le programme de l'année ; sans "
                "année, tous les projets. Une commune retient les projets dont la commune principale ou l'un des "
                "territoires s'y trouve."
            ),
        ),
        (
            _("Coût global, part INDH, part du porteur"),
            _("Les montants de la fiche du projet ; part des partenaires : leurs contributions déclarées."),
        ),
        (_("Effet de levier"), _("(part du porteur + part des partenaires) ÷ coût global.")),
        (
            _("Engagé"),
            _(
                "À la date de situation : la contribution INDH des conventions du projet signées à cette date "
                "(telle que modifiée par leurs avenants signés) ; pour une convention résiliée depuis, seulement ce "
                "qui a été payé ; pour un projet sans convention signée (la province maître d'ouvrage), ses marchés "
                "attribués à cette date et non annulés."
            ),
        ),
        (_("Payé"), _("Les paiements enregistrés sur les conventions du projet jusqu'à la date de situation.")),
        (_("Taux d'engagement"), _("Engagé ÷ part INDH.")),
        (_("Taux d'émission"), _("Payé ÷ engagé.")),
        (
            _("Avancement physique moyen"),
            _(
                "L'avancement de chaque projet à la date (sa dernière saisie d'avancement à cette date), pondéré "
                "par son coût."
            ),
        ),
        (
            _("Projets en retard"),
            _(
                "À la date : fin prévue dépassée sans réception, ou début prévu dépassé sans démarrage ; les projets "
                "suspendus ou abandonnés ne sont pas en retard."
            ),
        ),
        (
            _("Bénéficiaires"),
            _("Les lignes de bénéficiaires des projets (visés et atteints, par sexe et tranche d'âge)."),
        ),
        (_("Emplois"), _("Prévus et créés, d'après la fiche du projet.")),
        (
            _("Statuts"),
            _("Le statut actuel des projets : la fiche ne garde pas de statut daté, même pour une situation passée."),
        ),
        (
            _("Par commune"),
            _(
                "La part INDH répartie entre les communes selon les territoires déclarés du projet (un projet "
                "réparti à 60/40 compte à 60 % pour l'une et à 40 % pour l'autre) ; le détail liste les projets "
                "entiers qui touchent la commune."
            ),
        ),
    ]


def charts(board: Dashboard, rtl: bool) -> dict:
    programmes = board.programmes
    communes = board.communes
    quarters = board.quarters
    return {
        "programmes": bar_chart(
            _("Par programme : part INDH, engagé et payé"),
            [row.label for row in programmes],
            [
                Series(_("Part INDH"), [row.totals.indh for row in programmes]),
                Series(_("Engagé"), [row.totals.committed for row in programmes]),
                Series(_("Payé"), [row.totals.paid for row in programmes]),
            ],
            unit="DH",
            horizontal=True,
            rtl=rtl,
            category_label=_("Programme"),
            links=[drill_url(board.filters.with_(programme=row.key), "projets") for row in programmes],
        ),
        "communes": bar_chart(
            _("Part INDH par commune"),
            [str(row["commune"]) for row in communes],
            [Series(_("Part INDH"), [row["indh_share"] for row in communes])],
            unit="DH",
            horizontal=True,
            rtl=rtl,
            category_label=_("Commune"),
            links=[drill_url(board.filters.with_(commune=row["commune"].pk), "projets") for row in communes],
        ),
        "progress": line_chart(
            _("Avancement physique pondéré par trimestre"),
            [point.label for point in quarters],
            [Series(_("Avancement physique"), [point.progress for point in quarters])],
            unit="%",
            rtl=rtl,
            category_label=_("Trimestre"),
        ),
        "money": line_chart(
            _("Engagé et payé cumulés par trimestre"),
            [point.label for point in quarters],
            [
                Series(_("Engagé"), [point.committed for point in quarters]),
                Series(_("Payé"), [point.paid for point in quarters]),
            ],
            unit="DH",
            rtl=rtl,
            category_label=_("Trimestre"),
        ),
        "statuses": share_chart(
            _("Projets par statut"),
            [(row.label, row.count) for row in board.statuses],
            rtl=rtl,
            category_label=_("Statut"),
            value_label=_("Projets"),
        ),
    }


def dashboard_title(filters: DashboardFilters) -> str:
    if filters.year:
        return _("Tableau de bord de l'avancement du financement – %(year)s") % {"year": filters.year}
    return _("Tableau de bord de l'avancement du financement – toutes les années")


def dashboard_context(form: DashboardFilterForm, user, *, rtl: bool | None = None) -> dict:
    """Everything the page, the PDF and the Excel file show (one builder, the same figures)."""
    filters = form.filters()
    board = dashboard(filters, dashboard_base(user))
    if rtl is None:
        rtl = (get_language() or "fr").startswith("ar")
    board_figures = figures(board)
    return {
        "board": board,
        "dashboard_filters": filters,
        "form": form,
        "figures": board_figures,
        "figure": {f.key: f for f in board_figures},
        "charts": charts(board, rtl),
        "legend": legend(),
        "parameters": form.describe(filters),
        "dashboard_title": dashboard_title(filters),
        "as_of": filters.date,
        "status_links": [(row, drill_url(filters, "projets", statut=row.status)) for row in board.statuses],
        "programme_links": [(row, drill_url(filters.with_(programme=row.key), "projets")) for row in board.programmes],
        "commune_links": [
            (row, drill_url(filters.with_(commune=row["commune"].pk), "projets")) for row in board.communes
        ],
        "rtl": rtl,
    }


# --- PDF ----------------------------------------------------------------------------------------------------------


def render_dashboard_pdf(form: DashboardFilterForm, user, request=None) -> bytes:
    context = dashboard_context(form, user)
    pdf = pdf_context(context["dashboard_title"], user, filters=context["parameters"])
    pdf.update(context)
    return render_pdf("projects/dashboard/dashboard_pdf.html", pdf, request)


# --- Excel ----------------------------------------------------------------------------------------------------------

MONEY_FORMAT = '#,##0.00 "DH"'
RATE_FORMAT = "0.00%"
COUNT_FORMAT = "#,##0"


def dashboard_workbook(form: DashboardFilterForm, user):
    """One sheet per section (key figures, programmes, communes, statuses, beneficiaries, quarters), real numbers,
    totals and rates as formulas, and a « Paramètres » sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    context = dashboard_context(form, user)
    board: Dashboard = context["board"]
    bold = Font(bold=True)
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")

    def header(sheet, row, labels):
        for column, label in enumerate(labels, start=1):
            cell = sheet.cell(row=row, column=column, value=str(label))
            cell.font, cell.fill = header_font, header_fill

    def title(sheet, text, widths):
        sheet.cell(row=1, column=1, value=str(text)).font = Font(bold=True, size=13)
        sheet.cell(row=2, column=1, value=f"{settings.DAS_PROVINCE_NAME} — {context['dashboard_title']}")
        for letter, width in zip("ABCDEFGHIJ", widths, strict=False):
            sheet.column_dimensions[letter].width = width

    workbook = Workbook()
    # Key figures: the amounts as numbers, the rates as formulas over them.
    sheet = workbook.active
    sheet.title = _("Chiffres clés")[:31]
    title(sheet, _("Chiffres clés"), [36, 22])
    header(sheet, 4, [_("Indicateur"), _("Valeur")])
    t = board.totals
    rows = [
        ("projets", _("Projets"), t.count, COUNT_FORMAT),
        ("cout", _("Coût global"), t.cost, MONEY_FORMAT),
        ("indh", _("Part INDH"), t.indh, MONEY_FORMAT),
        ("porteur", _("Part du porteur"), t.holder, MONEY_FORMAT),
        ("partenaires", _("Part des partenaires"), t.partners, MONEY_FORMAT),
        ("levier", _("Effet de levier"), None, RATE_FORMAT),
        ("engage", _("Engagé"), t.committed, MONEY_FORMAT),
        ("paye", _("Payé"), t.paid, MONEY_FORMAT),
        ("taux_engagement", _("Taux d'engagement"), None, RATE_FORMAT),
        ("taux_emission", _("Taux d'émission"), None, RATE_FORMAT),
        (
            "avancement",
            _("Avancement physique moyen"),
            None if t.physical_progress is None else t.physical_progress / 100,
            "0.0%",
        ),
        ("retard", _("Projets en retard"), t.late, COUNT_FORMAT),
        ("emplois_prevus", _("Emplois prévus"), t.jobs_planned, COUNT_FORMAT),
        ("emplois", _("Emplois créés"), t.jobs_created, COUNT_FORMAT),
        ("beneficiaires_vises", _("Bénéficiaires visés"), board.beneficiaries["targeted"], COUNT_FORMAT),
        ("beneficiaires", _("Bénéficiaires atteints"), board.beneficiaries["reached"], COUNT_FORMAT),
    ]
    at = {key: 5 + index for index, (key, *_rest) in enumerate(rows)}
    formulas = {
        "levier": f'=IF(B{at["cout"]}=0,"",(B{at["porteur"]}+B{at["partenaires"]})/B{at["cout"]})',
        "taux_engagement": f'=IF(B{at["indh"]}=0,"",B{at["engage"]}/B{at["indh"]})',
        "taux_emission": f'=IF(B{at["engage"]}=0,"",B{at["paye"]}/B{at["engage"]})',
    }
    for key, label, value, number_format in rows:
        r = at[key]
        sheet.cell(row=r, column=1, value=str(label))
        cell = sheet.cell(row=r, column=2, value=formulas.get(key, value))
        cell.number_format = number_format

    # Programmes: one row each, the total row as SUM formulas, the rates as formulas.
    sheet = workbook.create_sheet(_("Programmes")[:31])
    title(sheet, _("Par programme"), [44, 10, 18, 18, 18, 18, 18, 14, 14, 12])
    labels = [
        _("Programme"),
        _("Projets"),
        _("Coût global"),
        _("Part INDH"),
        _("Part des partenaires"),
        _("Engagé"),
        _("Payé"),
        _("Taux d'engagement"),
        _("Taux d'émission"),
        _("En retard"),
    ]
    header(sheet, 4, labels)
    first = 5
    for offset, row in enumerate(board.programmes):
        r = first + offset
        values = [
            row.label,
            row.totals.count,
            row.totals.cost,
            row.totals.indh,
            row.totals.partners,
            row.totals.committed,
            row.totals.paid,
        ]
        for column, value in enumerate(values, start=1):
            sheet.cell(row=r, column=column, value=value)
        sheet.cell(row=r, column=10, value=row.totals.late)
    last = first + len(board.programmes) - 1
    total_row = last + 1
    sheet.cell(row=total_row, column=1, value=_("Total")).font = bold
    for letter in "BCDEFGJ":
        formula = f"=SUM({letter}{first}:{letter}{last})" if board.programmes else 0
        sheet[f"{letter}{total_row}"] = formula
        sheet[f"{letter}{total_row}"].font = bold
    for r in range(first, total_row + 1):
        sheet[f"H{r}"] = f'=IF(D{r}=0,"",F{r}/D{r})'
        sheet[f"I{r}"] = f'=IF(F{r}=0,"",G{r}/F{r})'
        for letter in "CDEFG":
            sheet[f"{letter}{r}"].number_format = MONEY_FORMAT
        for letter in "HI":
            sheet[f"{letter}{r}"].number_format = RATE_FORMAT

    # Communes (territory shares).
    sheet = workbook.create_sheet(_("Communes")[:31])
    title(sheet, _("Par commune (parts des territoires)"), [32, 18, 18, 14, 14])
    header(sheet, 4, [_("Commune"), _("Coût global"), _("Part INDH"), _("Bénéficiaires visés"), _("Atteints")])
    for offset, row in enumerate(board.communes):
        r = 5 + offset
        sheet.cell(row=r, column=1, value=str(row["commune"]))
        for column, key in enumerate(("cost", "indh_share", "targeted", "reached"), start=2):
            cell = sheet.cell(row=r, column=column, value=row[key])
            cell.number_format = MONEY_FORMAT if column < 4 else "#,##0.##"
    total_row = 5 + len(board.communes)
    sheet.cell(row=total_row, column=1, value=_("Total")).font = bold
    for letter in "BCDE":
        sheet[f"{letter}{total_row}"] = f"=SUM({letter}5:{letter}{total_row - 1})" if board.communes else 0
        sheet[f"{letter}{total_row}"].number_format = MONEY_FORMAT if letter in "BC" else "#,##0.##"
        sheet[f"{letter}{total_row}"].font = bold

    # Statuses.
    sheet = workbook.create_sheet(_("Statuts")[:31])
    title(sheet, _("Projets par statut"), [36, 12])
    header(sheet, 4, [_("Statut"), _("Projets")])
    for offset, row in enumerate(board.statuses):
        sheet.cell(row=5 + offset, column=1, value=row.label)
        sheet.cell(row=5 + offset, column=2, value=row.count)
    total_row = 5 + len(board.statuses)
    sheet.cell(row=total_row, column=1, value=_("Total")).font = bold
    sheet[f"B{total_row}"] = f"=SUM(B5:B{total_row - 1})"

    # Beneficiaries: age groups × (targeted, reached) × (women, men).
    sheet = workbook.create_sheet(_("Bénéficiaires")[:31])
    title(sheet, _("Bénéficiaires par sexe et tranche d'âge"), [28, 14, 14, 14, 14])
    header(
        sheet,
        4,
        [_("Tranche d'âge"), _("Visés – femmes"), _("Visés – hommes"), _("Atteints – femmes"), _("Atteints – hommes")],
    )
    for offset, row in enumerate(board.beneficiaries["rows"]):
        sheet.cell(row=5 + offset, column=1, value=str(row["label"]))
        for column, count in enumerate(row["counts"], start=2):
            sheet.cell(row=5 + offset, column=column, value=count)
    total_row = 5 + len(board.beneficiaries["rows"])
    sheet.cell(row=total_row, column=1, value=_("Total")).font = bold
    for letter in "BCDE":
        sheet[f"{letter}{total_row}"] = f"=SUM({letter}5:{letter}{total_row - 1})"

    # Quarters.
    sheet = workbook.create_sheet(_("Trimestres")[:31])
    title(sheet, _("Avancement et paiements par trimestre"), [14, 14, 22, 18, 18])
    header(sheet, 4, [_("Trimestre"), _("Fin"), _("Avancement physique"), _("Engagé cumulé"), _("Payé cumulé")])
    for offset, point in enumerate(board.quarters):
        r = 5 + offset
        sheet.cell(row=r, column=1, value=point.label)
        sheet.cell(row=r, column=2, value=point.end).number_format = "DD/MM/YYYY"
        progress = sheet.cell(row=r, column=3, value=None if point.progress is None else point.progress / 100)
        progress.number_format = "0.0%"
        sheet.cell(row=r, column=4, value=point.committed).number_format = MONEY_FORMAT
        sheet.cell(row=r, column=5, value=point.paid).number_format = MONEY_FORMAT

    # Parameters and legend.
    sheet = workbook.create_sheet(_("Paramètres")[:31])
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 90
    pairs = [
        (_("Document"), context["dashboard_title"]),
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
