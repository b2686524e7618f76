"""Files of the human-development indicators: the import template (.xlsx), the import's rejection report, and the
comparison between communes in PDF and Excel (one das.exports.Table, so both carry the same figures)."""

from __future__ import annotations

import io
from types import SimpleNamespace

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from das import exports
from das.exports import Column
from das.formatting import format_money
from das.models import Locality
from projects import territorial_selectors as selectors
from projects.services.territorial import COLUMNS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def import_template() -> bytes:
    """The sheet to fill (« Valeurs », the template's header) and the codes to use (« Référentiel »: indicators,
    communes, and the quartiers / douars of each commune)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    values = workbook.active
    values.title = "Valeurs"
    header_font, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")
    values.append([label for _key, label in COLUMNS])
    for index, width in enumerate((18, 16, 24, 8, 12, 40), start=1):
        values.column_dimensions[chr(64 + index)].width = width
        values.cell(row=1, column=index).font = header_font
        values.cell(row=1, column=index).fill = fill
    values.freeze_panes = "A2"

    reference = workbook.create_sheet("Référentiel")
    reference.append(
        [_("Indicateurs"), None, None, None, None, None, _("Communes"), None, None, None, _("Quartiers et douars")]
    )
    reference.append(
        [
            _("code indicateur"),
            _("intitulé"),
            _("unité"),
            _("sens"),
            _("actif"),
            None,
            _("code commune"),
            _("commune"),
            _("population"),
            None,
            _("code commune"),
            _("quartier/douar"),
            _("type"),
        ]
    )
    for row in (1, 2):
        for cell in reference[row]:
            cell.font = Font(bold=True)
    indicators = list(selectors.indicators())
    communes = selectors.communes()
    localities = list(Locality.objects.select_related("commune").order_by("commune__code", "name_fr"))
    for index in range(max(len(indicators), len(communes), len(localities))):
        line = [None] * 13
        if index < len(indicators):
            i = indicators[index]
            line[0:5] = [i.code, i.name_fr, i.unit, i.get_direction_display(), _("oui") if i.is_active else _("non")]
        if index < len(communes):
            c = communes[index]
            line[6:9] = [c.code, c.name_fr, c.population]
        if index < len(localities):
            loc = localities[index]
            line[10:13] = [loc.commune.code, loc.name_fr, loc.get_kind_display()]
        reference.append(line)
    for column, width in zip("ABCDEFGHIJKLM", (18, 45, 10, 34, 7, 3, 14, 26, 12, 3, 14, 30, 10), strict=True):
        reference.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


REPORT_COLUMNS = [
    Column(gettext_lazy("Ligne"), "row", exports.INTEGER, width=8),
    Column(gettext_lazy("Colonne"), "column", width=28),
    Column(gettext_lazy("Valeur lue"), "value", width=24),
    Column(gettext_lazy("Motif du rejet"), "reason", width=60),
]


def report_table(rows, file_name: str) -> exports.Table:
    return exports.Table(
        title=_("Rapport d'import des indicateurs de développement humain"),
        columns=REPORT_COLUMNS,
        rows=[SimpleNamespace(**row) if isinstance(row, dict) else row for row in rows],
        subtitle=_("Fichier « %(name)s » : rien n'a été importé.") % {"name": file_name},
    )


def comparison_table(data: selectors.Comparison) -> exports.Table:
    """The comparison's rows, then the province's row (its reference value and money per inhabitant)."""
    indicator = data.indicator
    columns = [
        Column(gettext_lazy("Rang"), "rank", exports.INTEGER, width=7),
        Column(gettext_lazy("Commune"), "name", width=26),
        Column(gettext_lazy("Valeur (%(unit)s)") % {"unit": indicator.unit}, "value", exports.DECIMAL, width=13),
        Column(gettext_lazy("Population"), "population", exports.INTEGER, width=13),
        Column(gettext_lazy("Part INDH reçue"), "money", exports.MONEY, width=18),
        Column(gettext_lazy("DH par habitant"), "money_per_inhabitant", exports.DECIMAL, width=13),
        Column(gettext_lazy("Moins bon que la province"), "worse_text", width=13),
        Column(gettext_lazy("Moins de moyens que la province"), "less_text", width=13),
        Column(gettext_lazy("Signalée"), "flag_text", width=10),
    ]

    def yes_no(flag):
        return "—" if flag is None else (_("Oui") if flag else _("Non"))

    rows = [
        SimpleNamespace(
            rank=row.rank,
            name=row.commune.name,
            value=row.value,
            population=row.population,
            money=row.money,
            money_per_inhabitant=row.money_per_inhabitant,
            worse_text=yes_no(row.worse),
            less_text=yes_no(row.less_money),
            flag_text=_("Oui") if row.flagged else "",
        )
        for row in data.rows
    ]
    rows.append(
        SimpleNamespace(
            rank=None,
            name=_("Province (référence)"),
            value=data.reference,
            population=data.money.province_population,
            money=data.money.province_total,
            money_per_inhabitant=data.money.province_per_inhabitant,
            worse_text="",
            less_text="",
            flag_text="",
        )
    )
    subtitle = _(
        "%(indicator)s — %(year)s. Valeur de la province : moyenne des valeurs des communes pondérée par leur "
        "population (%(count)s communes ; sans valeur ou sans population : %(left)s). Part INDH des projets validés "
        "jusqu'au 31/12/%(year)s, hors abandonnés, répartie par territoire ; province : %(money)s par habitant."
    ) % {
        "indicator": indicator,
        "year": data.year,
        "count": data.reference_communes,
        "left": ", ".join(c.name for c in data.left_out) or _("aucune"),
        "money": format_money(data.money.province_per_inhabitant)
        if data.money.province_per_inhabitant is not None
        else "—",
    }
    return exports.Table(
        title=_("Comparaison des communes : %(code)s %(year)s") % {"code": indicator.code, "year": data.year},
        columns=columns,
        rows=rows,
        filters=[(_("Indicateur"), str(indicator)), (_("Année"), str(data.year))],
        subtitle=subtitle,
    )


# --- Charts (das.charts: the same SVG on screen and in PDFs) ---------------------------------------------------------


def _rtl() -> bool:
    return (get_language() or "fr").startswith("ar")


def comparison_charts(data: selectors.Comparison) -> list:
    """The communes' values and their INDH money per inhabitant, each with the province's as the last bar."""
    from das.charts import Series, bar_chart

    judged = [row for row in data.rows if row.value is not None]
    province = _("Province")
    values = bar_chart(
        _("%(code)s %(year)s par commune") % {"code": data.indicator.code, "year": data.year},
        [row.commune.name for row in judged] + [province],
        [Series(data.indicator.code, [row.value for row in judged] + [data.reference])],
        unit=data.indicator.unit,
        horizontal=True,
        rtl=_rtl(),
        category_label=_("Commune"),
    )
    money = bar_chart(
        _("Argent INDH par habitant"),
        [row.commune.name for row in judged] + [province],
        [
            Series(
                _("DH par habitant"),
                [row.money_per_inhabitant for row in judged] + [data.money.province_per_inhabitant],
            )
        ],
        unit="DH",
        horizontal=True,
        rtl=_rtl(),
        category_label=_("Commune"),
    )
    return [values, money]


def trend_chart(indicator, commune, points):
    from das.charts import Series, line_chart

    series = [Series(_("Province"), [p.reference for p in points])]
    if commune is not None:
        series.insert(0, Series(commune.name, [p.value for p in points]))
    return line_chart(
        _("%(code)s au fil des années") % {"code": indicator.code},
        [p.year for p in points],
        series,
        unit=indicator.unit,
        rtl=_rtl(),
        category_label=_("Année"),
    )
