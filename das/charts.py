"""Charts drawn on the server as SVG: the very same markup on screen and in the PDFs (WeasyPrint draws inline SVG),
no JavaScript and no chart library. Each chart also carries its figures as a table (``headers`` / ``rows``) for
screen readers and for the PDF (templates/das/_chart.html shows both).

Readable in Arabic: with ``rtl`` the categories run from right to left, the value axis stands on the right and
every label is anchored at its right end (``direction="rtl"`` + ``text-anchor="start"``, which both browsers and
WeasyPrint read as « the right end »). Colours come from one fixed palette whose first colours also differ in grey
(dark blue, orange, light blue), bars have a dark outline and lines a marker shape and a dash pattern of their own,
so a black-and-white print stays readable.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape, quoteattr, unescape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from das.formatting import NARROW_NBSP, format_money

# Okabe–Ito colours, reordered so the first three are far apart in luminance (0.07, 0.42, 0.69): grey prints.
PALETTE = ["#1f4e79", "#e69f00", "#a6cbe8", "#d55e00", "#009e73", "#cc79a7", "#f0e442", "#56b4e9", "#000000"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2"]
MARKERS = ["circle", "square", "triangle", "diamond"]
FONT = "DAS Sans, system-ui, Noto Sans, Noto Naskh Arabic, DejaVu Sans, sans-serif"
WIDTH = 640
TEXT = "#1b1b1b"
GRID = "#d0d4d9"
FONT_SIZE = 11
SMALL = 10


@dataclass
class Series:
    label: str
    values: list  # Decimal / int / None (missing), one per category


@dataclass
class Chart:
    title: str
    svg: SafeString
    headers: list[str]
    rows: list[list[str]]
    unit: str
    empty: bool = False
    kind: str = field(default="bar")

    @property
    def pdf_svg(self) -> SafeString:
        """The SVG for WeasyPrint (see for_pdf)."""
        return for_pdf(self.svg)


# --- Numbers the French way -------------------------------------------------------------------------------------------


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _grouped(number: Decimal, decimals: int) -> str:
    """1234567.5 → « 1 234 567,5 » (narrow no-break spaces), at most ``decimals`` decimals, no useless zeros."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):f}"
    whole, _dot, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + NARROW_NBSP.join(groups or ["0"]) + (f",{fraction}" if fraction else "")


def format_value(value, unit: str = "") -> str:
    """A figure as the table shows it: money with its cents, a percentage with one decimal, a count grouped."""
    number = _decimal(value)
    if number is None:
        return "—"
    if unit == "DH":
        return format_money(number)
    text = _grouped(number, 1 if unit == "%" else 2)
    return f"{text}\u00a0{unit}" if unit else text


def format_tick(value: Decimal, unit: str, scale: Decimal) -> str:
    """An axis label: short (« 1,5 M », « 250 k », « 40 % »); zero is « 0 »."""
    if value == 0:
        return "0\u00a0%" if unit == "%" else "0"
    if scale >= 1_000_000:
        return _grouped(value / Decimal(1_000_000), 2) + ("\u00a0" + pgettext("millions, on a chart axis", "M"))
    if scale >= 10_000:
        return _grouped(value / Decimal(1_000), 1) + ("\u00a0" + pgettext("thousands, on a chart axis", "k"))
    text = _grouped(value, 2)
    return f"{text}\u00a0%" if unit == "%" else text


def nice_ticks(low: Decimal, high: Decimal, count: int = 5) -> list[Decimal]:
    """Round ticks covering [low, high] (low ≤ 0 ≤ high): steps of 1, 2, 2.5 or 5 × 10ⁿ."""
    span = high - low
    if span <= 0:
        return [Decimal(0), Decimal(1)]
    raw = span / (count - 1)
    exponent = math.floor(math.log10(float(raw)))
    magnitude = Decimal(10) ** exponent
    step = next(
        m * magnitude for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)) if m * magnitude >= raw
    )
    start = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    ticks = [start]
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks


# --- SVG building blocks ----------------------------------------------------------------------------------------------


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text_width(text: str, size: float = FONT_SIZE) -> float:
    """Rough width of a label (no font metrics on the server): good enough to wrap and to lay a legend out."""
    return len(text) * size * 0.56


def _wrap(text: str, width: float, max_lines: int, size: float = FONT_SIZE) -> tuple[list[str], bool]:
    """The label cut into lines that fit ``width``; the last one ends with « … » when the text was cut."""
    max_chars = max(4, int(width / (size * 0.56)))
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= max_chars:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while len(current) > max_chars:
            lines.append(current[: max_chars - 1] + "…")
            current = ""
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines, False
    kept = lines[:max_lines]
    last = kept[-1]
    kept[-1] = (last[: max_chars - 1] if len(last) >= max_chars else last) + "…"
    return kept, True


class _Svg:
    """Collects elements; knows the reading direction so callers think in « start » / « end » of the line."""

    def __init__(self, title: str, desc: str, rtl: bool):
        self.rtl = rtl
        self.parts: list[str] = []
        digest = hashlib.blake2s(f"{title}|{desc}".encode(), digest_size=5).hexdigest()
        self.id = f"chart-{digest}"
        self.title = title
        self.desc = desc

    def x(self, position: float) -> float:
        """A horizontal position measured from the reading start (the left, or the right in Arabic)."""
        return WIDTH - position if self.rtl else position

    def add(self, element: str) -> None:
        self.parts.append(element)

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        align: str = "left",
        size: int = FONT_SIZE,
        weight: str = "",
        fill: str = TEXT,
        extra: str = "",
        numeric: bool = False,
    ) -> None:
        """``align`` is physical (left: the text starts at x, right: it ends at x, middle). ``numeric`` texts
        (ticks, values) read left to right in Arabic too: « 15 M », not « M 15 »."""
        # Like dir="auto": a label without Arabic (a code, a French name) reads left to right in an Arabic chart
        # too, or its parentheses and ellipsis would jump to the wrong end.
        rtl = self.rtl and not numeric and bool(ARABIC.search(content))
        if align == "middle":
            anchor = "middle"
        elif rtl:
            anchor = "start" if align == "right" else "end"
        else:
            anchor = "start" if align == "left" else "end"
        direction = ' direction="rtl" unicode-bidi="embed"' if rtl else ' direction="ltr"' if self.rtl else ""
        bold = f' font-weight="{weight}"' if weight else ""
        self.add(
            f'<text x="{_num(x)}" y="{_num(y)}" font-size="{size}" text-anchor="{anchor}"{direction}{bold}'
            f' fill="{fill}"{extra}>{escape(content)}</text>'
        )

    def render(self, height: float) -> SafeString:
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="das-chart" role="img" width="{WIDTH}"'
            f' height="{_num(height)}" viewBox="0 0 {WIDTH} {_num(height)}" font-family={quoteattr(FONT)}'
            f' aria-labelledby="{self.id}-title {self.id}-desc">'
            f'<title id="{self.id}-title">{escape(self.title)}</title>'
            f'<desc id="{self.id}-desc">{escape(self.desc)}</desc>'
        )
        return mark_safe(head + "".join(self.parts) + "</svg>")  # noqa: S308 — every text went through escape()


def _legend(svg: _Svg, labels: list[str], top: float, *, kind: str = "bar") -> float:
    """Legend items in reading order, wrapped onto several rows; returns the height used."""
    if not labels:
        return 0
    position, row = 10.0, 0
    for index, label in enumerate(labels):
        text = label if len(label) <= 48 else label[:47] + "…"
        item = 18 + _text_width(text) + 16
        if position + item > WIDTH - 10 and position > 10:
            position, row = 10.0, row + 1
        y = top + row * 18
        if kind == "line":
            x1, x2 = svg.x(position), svg.x(position + 14)
            svg.add(_line_segment(x1, y + 6, x2, y + 6, index))
            svg.add(_marker((x1 + x2) / 2, y + 6, index))
        else:
            left = svg.x(position + 12) if svg.rtl else svg.x(position)
            svg.add(_rect(left, y, 12, 12, index))
        svg.text(
            svg.x(position + 18),
            y + 10,
            text,
            align="right" if svg.rtl else "left",
            extra=f"><title>{escape(label)}</title" if text != label else "",
        )
        position += item
    return (row + 1) * 18 + 4


def _rect(x: float, y: float, width: float, height: float, index: int, extra: str = "") -> str:
    return (
        f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(width)}" height="{_num(height)}"'
        f' fill="{PALETTE[index % len(PALETTE)]}" stroke="#222" stroke-width="0.5"{extra}/>'
    )


def _line_segment(x1, y1, x2, y2, index) -> str:
    dash = DASHES[index % len(DASHES)]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}"'
        f' stroke="{PALETTE[index % len(PALETTE)]}" stroke-width="2"{dash_attr}/>'
    )


def _marker(x: float, y: float, index: int, title: str = "") -> str:
    colour = PALETTE[index % len(PALETTE)]
    shape = MARKERS[index % len(MARKERS)]
    tip = f"<title>{escape(title)}</title>" if title else ""
    common = f'fill="{colour}" stroke="#222" stroke-width="0.6" class="point"'
    if shape == "circle":
        return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="4" {common}>{tip}</circle>'
    if shape == "square":
        return f'<rect x="{_num(x - 3.5)}" y="{_num(y - 3.5)}" width="7" height="7" {common}>{tip}</rect>'
    if shape == "triangle":
        points = f"{_num(x)},{_num(y - 4.5)} {_num(x + 4.5)},{_num(y + 3.5)} {_num(x - 4.5)},{_num(y + 3.5)}"
        return f'<polygon points="{points}" {common}>{tip}</polygon>'
    points = f"{_num(x)},{_num(y - 5)} {_num(x + 5)},{_num(y)} {_num(x)},{_num(y + 5)} {_num(x - 5)},{_num(y)}"
    return f'<polygon points="{points}" {common}>{tip}</polygon>'


def _empty_chart(title: str, headers: list[str], unit: str, rtl: bool, kind: str) -> Chart:
    message = _("Aucune donnée")
    svg = _Svg(title, message, rtl)
    svg.add(f'<rect x="0.5" y="0.5" width="{WIDTH - 1}" height="79" fill="#f6f7f9" stroke="{GRID}"/>')
    svg.text(WIDTH / 2, 45, message, align="middle", size=13)
    return Chart(title=title, svg=svg.render(80), headers=headers, rows=[], unit=unit, empty=True, kind=kind)


def _table(categories: list[str], series: list[Series], unit: str, category_label: str):
    headers = [category_label or _("Catégorie")] + [s.label for s in series]
    rows = [
        [str(category)] + [format_value(_value(s.values, index), unit) for s in series]
        for index, category in enumerate(categories)
    ]
    return headers, rows


def _value(values: list, index: int) -> Decimal | None:
    return _decimal(values[index]) if index < len(values) else None


def _bounds(series: list[Series], count: int) -> tuple[Decimal, Decimal, bool]:
    numbers = [v for s in series for i in range(count) if (v := _value(s.values, i)) is not None]
    if not numbers:
        return Decimal(0), Decimal(0), True
    return min([Decimal(0), *numbers]), max([Decimal(0), *numbers]), False


def _describe(kind: str, categories: list[str], series: list[Series]) -> str:
    return _("%(kind)s : %(categories)s ; séries : %(series)s. Les chiffres figurent dans le tableau du graphique.") % {
        "kind": kind,
        "categories": ", ".join(str(c) for c in categories),
        "series": ", ".join(s.label for s in series),
    }


# --- Bars -------------------------------------------------------------------------------------------------------------


def bar_chart(
    title: str,
    categories: list[str],
    series: list[Series],
    *,
    unit: str = "",
    horizontal: bool = False,
    rtl: bool = False,
    category_label: str = "",
) -> Chart:
    """Grouped bars, one group per category, one bar per series (a legend when there are several)."""
    categories = [str(c) for c in categories]
    headers, rows = _table(categories, series, unit, category_label)
    low, high, empty = _bounds(series, len(categories))
    if not categories or not series or empty:
        return _empty_chart(title, headers, unit, rtl, "bar")
    ticks = nice_ticks(low, high)
    svg = _Svg(title, _describe(_("Graphique en barres"), categories, series), rtl)
    top = 8 + (_legend(svg, [s.label for s in series], 8) if len(series) > 1 else 0)
    if horizontal:
        height = _horizontal_bars(svg, categories, series, ticks, unit, top)
    else:
        height = _vertical_bars(svg, categories, series, ticks, unit, top)
    return Chart(title=title, svg=svg.render(height), headers=headers, rows=rows, unit=unit, kind="bar")


def _vertical_bars(svg, categories, series, ticks, unit, top) -> float:
    axis_width = max(_text_width(format_tick(t, unit, abs(ticks[-1] - ticks[0])), SMALL) for t in ticks) + 12
    plot_left, plot_right = axis_width + 4, WIDTH - 8  # measured from the reading start
    plot_top, plot_height = top + 8, 220
    band = (plot_right - plot_left) / len(categories)
    label_lines = 3 if band < 120 else 2
    low, high = ticks[0], ticks[-1]
    span = float(high - low)

    def y_of(value: Decimal) -> float:
        return plot_top + plot_height * (1 - float(value - low) / span)

    _value_axis(svg, ticks, unit, y_of, plot_left, plot_right)
    baseline = y_of(Decimal(0))
    group = band * 0.72
    bar = group / len(series)
    for index, category in enumerate(categories):
        start = plot_left + band * index + (band - group) / 2
        for number, one in enumerate(series):
            value = _value(one.values, index)
            if value is None:
                continue
            y = min(y_of(value), baseline)
            length = abs(y_of(value) - baseline)
            left = svg.x(start + bar * (number + 1)) if svg.rtl else svg.x(start + bar * number)
            tip = f"{one.label} — {category} : {format_value(value, unit)}"
            svg.add(
                _rect(left, y, bar, length, number, f' class="bar" data-value="{value}"')[:-2]
                + f"><title>{escape(tip)}</title></rect>"
            )
            if bar >= 34:
                svg.text(
                    left + bar / 2,
                    y - 3,
                    format_tick(value, unit, abs(high - low)),
                    align="middle",
                    size=9,
                    numeric=True,
                )
        lines, cut = _wrap(category, band - 4, label_lines)
        centre = svg.x(plot_left + band * (index + 0.5))
        tip = f"><title>{escape(category)}</title" if cut else ""
        for line_number, line in enumerate(lines):
            svg.text(
                centre,
                plot_top + plot_height + 14 + line_number * 13,
                line,
                align="middle",
                extra=tip if line_number == 0 else "",
            )
    svg.add(_axis_line(svg.x(plot_left), baseline, svg.x(plot_right), baseline))
    return plot_top + plot_height + 14 + label_lines * 13 + 4


def _value_axis(svg, ticks, unit, y_of, plot_left, plot_right) -> None:
    scale = abs(ticks[-1] - ticks[0])
    for tick in ticks:
        y = y_of(tick)
        svg.add(
            f'<line x1="{_num(svg.x(plot_left))}" y1="{_num(y)}" x2="{_num(svg.x(plot_right))}" y2="{_num(y)}"'
            f' stroke="{GRID}" stroke-width="0.6"/>'
        )
        # Tick labels end just before the plot, on the reading-start side (right in Arabic).
        svg.text(
            svg.x(plot_left - 5),
            y + 3.5,
            format_tick(tick, unit, scale),
            size=SMALL,
            align="left" if svg.rtl else "right",
            extra=' class="tick"',
            numeric=True,
        )


def _axis_line(x1, y1, x2, y2) -> str:
    return f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" stroke="#444" stroke-width="1"/>'


def _horizontal_bars(svg, categories, series, ticks, unit, top) -> float:
    label_width = 180
    plot_left, plot_right = label_width + 8, WIDTH - 48  # room at the end for the value labels
    row = max(24, 13 * len(series) + 10)
    low, high = ticks[0], ticks[-1]
    span = float(high - low)
    scale = abs(high - low)

    def x_of(value: Decimal) -> float:  # from the reading start
        return plot_left + (plot_right - plot_left) * float(value - low) / span

    plot_top = top + 4
    plot_bottom = plot_top + row * len(categories)
    for tick in ticks:
        x = svg.x(x_of(tick))
        svg.add(
            f'<line x1="{_num(x)}" y1="{_num(plot_top)}" x2="{_num(x)}" y2="{_num(plot_bottom)}"'
            f' stroke="{GRID}" stroke-width="0.6"/>'
        )
        svg.text(
            x,
            plot_bottom + 13,
            format_tick(tick, unit, scale),
            size=SMALL,
            align="middle",
            extra=' class="tick"',
            numeric=True,
        )
    zero = x_of(Decimal(0))
    bar = (row - 8) / len(series)
    for index, category in enumerate(categories):
        y0 = plot_top + row * index + 4
        for number, one in enumerate(series):
            value = _value(one.values, index)
            if value is None:
                continue
            end = x_of(value)
            start, stop = min(zero, end), max(zero, end)
            left = svg.x(stop) if svg.rtl else svg.x(start)
            y = y0 + bar * number
            tip = f"{one.label} — {category} : {format_value(value, unit)}"
            svg.add(
                _rect(left, y, stop - start, bar - 1, number, f' class="bar" data-value="{value}"')[:-2]
                + f"><title>{escape(tip)}</title></rect>"
            )
            if bar >= 9:
                svg.text(
                    svg.x(stop + 3),
                    y + bar / 2 + 3,
                    format_tick(value, unit, scale),
                    size=9,
                    align="right" if svg.rtl else "left",
                    numeric=True,
                )
        lines, cut = _wrap(category, label_width - 6, 2)
        tip = f"><title>{escape(category)}</title" if cut else ""
        middle = plot_top + row * index + row / 2
        first = middle - (len(lines) - 1) * 6.5 + 4
        for line_number, line in enumerate(lines):
            svg.text(
                svg.x(label_width),
                first + line_number * 13,
                line,
                align="left" if svg.rtl else "right",
                extra=tip if line_number == 0 else "",
            )
    svg.add(_axis_line(svg.x(zero), plot_top, svg.x(zero), plot_bottom))
    return plot_bottom + 22


# --- Lines ------------------------------------------------------------------------------------------------------------


def line_chart(
    title: str,
    categories: list[str],
    series: list[Series],
    *,
    unit: str = "",
    rtl: bool = False,
    category_label: str = "",
) -> Chart:
    """One line per series over ordered categories (quarters…); a missing value (None) breaks the line."""
    categories = [str(c) for c in categories]
    headers, rows = _table(categories, series, unit, category_label)
    low, high, empty = _bounds(series, len(categories))
    if not categories or not series or empty:
        return _empty_chart(title, headers, unit, rtl, "line")
    if unit == "%" and high <= 100:
        high = Decimal(100)
    ticks = nice_ticks(low, high)
    svg = _Svg(title, _describe(_("Graphique en courbes"), categories, series), rtl)
    top = 8 + (_legend(svg, [s.label for s in series], 8, kind="line") if len(series) > 1 else 0)
    axis_width = max(_text_width(format_tick(t, unit, abs(ticks[-1] - ticks[0])), SMALL) for t in ticks) + 12
    plot_left, plot_right = axis_width + 4, WIDTH - 16
    plot_top, plot_height = top + 8, 200
    span = float(ticks[-1] - ticks[0])

    def y_of(value: Decimal) -> float:
        return plot_top + plot_height * (1 - float(value - ticks[0]) / span)

    step = (plot_right - plot_left) / len(categories)

    def x_of(index: int) -> float:
        return svg.x(plot_left + step * (index + 0.5))

    _value_axis(svg, ticks, unit, y_of, plot_left, plot_right)
    svg.add(_axis_line(svg.x(plot_left), y_of(Decimal(0)), svg.x(plot_right), y_of(Decimal(0))))
    for number, one in enumerate(series):
        points: list[tuple[float, float] | None] = []
        for index in range(len(categories)):
            value = _value(one.values, index)
            points.append(None if value is None else (x_of(index), y_of(value)))
        for a, b in zip(points, points[1:], strict=False):
            if a and b:
                svg.add(_line_segment(a[0], a[1], b[0], b[1], number))
        for index, point in enumerate(points):
            if point:
                value = _value(one.values, index)
                tip = f"{one.label} — {categories[index]} : {format_value(value, unit)}"
                svg.add(
                    _marker(point[0], point[1], number, tip).replace(
                        'class="point"', f'class="point" data-value="{value}"'
                    )
                )
    for index, category in enumerate(categories):
        lines, cut = _wrap(category, step - 4, 2)
        tip = f"><title>{escape(category)}</title" if cut else ""
        for line_number, line in enumerate(lines):
            svg.text(
                x_of(index),
                plot_top + plot_height + 14 + line_number * 13,
                line,
                align="middle",
                extra=tip if line_number == 0 else "",
            )
    return Chart(
        title=title, svg=svg.render(plot_top + plot_height + 44), headers=headers, rows=rows, unit=unit, kind="line"
    )


# --- Shares -----------------------------------------------------------------------------------------------------------


def share_chart(
    title: str,
    parts: list[tuple[str, object]],
    *,
    rtl: bool = False,
    unit: str = "",
    category_label: str = "",
    value_label: str = "",
) -> Chart:
    """How a whole splits (projects by status): one stacked bar, then each part with its figure and its %."""
    values = [(str(label), _decimal(value) or Decimal(0)) for label, value in parts]
    total = sum((v for _label, v in values), Decimal(0))
    headers = [category_label or _("Catégorie"), value_label or _("Valeur"), _("Part (%)")]

    def share(value: Decimal) -> Decimal:
        return (value * 100 / total).quantize(Decimal("0.1"), ROUND_HALF_UP) if total else Decimal(0)

    rows = [[label, format_value(value, unit), format_value(share(value), "%")] for label, value in values]
    if total <= 0:
        return _empty_chart(title, headers, unit, rtl, "share")
    desc = _("Répartition : %(parts)s. Les chiffres figurent dans le tableau du graphique.") % {
        "parts": " ; ".join(f"{label} {format_value(share(value), '%')}" for label, value in values)
    }
    svg = _Svg(title, desc, rtl)
    left, right, top, bar_height = 10, WIDTH - 10, 10, 34
    position = float(left)
    for index, (label, value) in enumerate(values):
        if value <= 0:
            continue
        width = (right - left) * float(value / total)
        x = svg.x(position + width) if rtl else svg.x(position)
        tip = f"{label} : {format_value(value, unit)} ({format_value(share(value), '%')})"
        svg.add(
            _rect(x, top, width, bar_height, index, f' class="bar" data-value="{value}"')[:-2]
            + f"><title>{escape(tip)}</title></rect>"
        )
        percent = format_value(share(value), "%")
        if width > _text_width(percent, SMALL) + 6:
            fill = "#fff" if index % len(PALETTE) in (0, 3, 4, 8) else TEXT
            svg.text(
                x + width / 2, top + bar_height / 2 + 4, percent, align="middle", size=SMALL, fill=fill, numeric=True
            )
        position += width
    # Under the bar: one line per part (swatch, label, figure, %), in two columns.
    y0 = top + bar_height + 14
    column_width = (WIDTH - 20) / 2
    per_column = math.ceil(len(values) / 2)
    for index, (label, value) in enumerate(values):
        column, line = divmod(index, per_column)
        start = 10 + column * column_width
        y = y0 + line * 18
        swatch = svg.x(start + 12) if rtl else svg.x(start)
        svg.add(_rect(swatch, y, 12, 12, index))
        figures = f"{format_value(value, unit)} ({format_value(share(value), '%')})"
        text = f"{label} : {LRI}{figures}{PDI}" if rtl else f"{label} : {figures}"
        lines, cut = _wrap(text, column_width - 26, 1)
        svg.text(
            svg.x(start + 18),
            y + 10,
            lines[0],
            align="right" if rtl else "left",
            extra=f"><title>{escape(text)}</title" if cut else "",
        )
    height = y0 + per_column * 18 + 4
    return Chart(title=title, svg=svg.render(height), headers=headers, rows=rows, unit=unit, kind="share")


# --- Arabic in PDFs ---------------------------------------------------------------------------------------------------
# WeasyPrint (70) draws SVG text one letter at a time: Arabic letters would come out unjoined and left to right. For
# the PDF, right-to-left labels are therefore given already shaped (Unicode presentation forms, read from the Unicode
# database) and in visual order, and anchored as left-to-right text. The screen keeps the plain text.

ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
TRANSPARENT = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate
MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def _presentation_forms() -> tuple[dict, dict]:
    letters: dict[str, dict[str, str]] = {}
    ligatures: dict[str, dict[str, str]] = {}
    for code in range(0xFE70, 0xFF00):
        decomposition = unicodedata.decomposition(chr(code)).split()
        if not decomposition or not decomposition[0].startswith("<"):
            continue
        form = decomposition[0].strip("<>")
        base = "".join(chr(int(part, 16)) for part in decomposition[1:])
        if len(base) == 1:
            letters.setdefault(base, {})[form] = chr(code)
        elif len(base) == 2 and base[0] == "\u0644":  # lam-alef
            ligatures.setdefault(base, {})[form] = chr(code)
    letters["\u0640"] = dict.fromkeys(("isolated", "final", "initial", "medial"), "\u0640")  # tatweel
    return letters, ligatures


LETTERS, LIGATURES = _presentation_forms()


def _neighbour(text: str, index: int, step: int) -> str:
    index += step
    while 0 <= index < len(text) and TRANSPARENT.match(text[index]):
        index += step
    return text[index] if 0 <= index < len(text) else ""


def shape_arabic(text: str) -> str:
    """Arabic letters replaced by their contextual forms (initial, medial, final, isolated; lam-alef joined)."""
    result, index = [], 0
    while index < len(text):
        char = text[index]
        forms = LETTERS.get(char)
        if not forms:
            result.append(char)
            index += 1
            continue
        previous = LETTERS.get(_neighbour(text, index, -1), {})
        joins_previous = "initial" in previous and "final" in forms
        following_char = _neighbour(text, index, 1)
        ligature = LIGATURES.get(char + following_char)
        if ligature:
            result.append(ligature.get("final" if joins_previous else "isolated", char + following_char))
            index = text.index(following_char, index + 1) + 1
            continue
        joins_next = "initial" in forms and "final" in LETTERS.get(following_char, {})
        form = {(True, True): "medial", (False, True): "initial", (True, False): "final"}.get(
            (joins_previous, joins_next), "isolated"
        )
        result.append(forms.get(form) or forms.get("isolated") or char)
        index += 1
    return "".join(result)


def visual_order(text: str) -> str:
    """A right-to-left line in the order its characters are seen from left to right — a short version of the
    Unicode bidi algorithm, enough for labels: Arabic runs reversed, Latin runs kept, numbers kept (after Arabic
    they count as right to left for the spaces around them), neutrals taking their neighbours' direction, else
    right to left; what stands between LRI and PDI stays one left-to-right block."""
    kinds, isolated = [], False
    for index, char in enumerate(text):
        isolated = True if char == LRI else False if char == PDI else isolated
        between_digits = (
            char in ",." and 0 < index < len(text) - 1 and text[index - 1].isdigit() and (text[index + 1].isdigit())
        )
        if isolated or char == PDI:
            kinds.append("L")
        elif char.isdigit() or between_digits:
            kinds.append("D")
        elif ARABIC.match(char):
            kinds.append("R")
        else:
            kinds.append("L" if char.isalpha() else "N")
    strong, effective = "R", []
    for kind in kinds:
        if kind in "RL":
            strong = kind
        effective.append(kind if kind != "D" else strong)
    for index, kind in enumerate(effective):
        if kind != "N":
            continue
        before = next((k for k in reversed(effective[:index]) if k != "N"), "R")
        after = next((k for k in effective[index + 1 :] if k != "N"), "R")
        effective[index] = before if before == after else "R"
    runs: list[tuple[str, str]] = []
    for char, kind, level in zip(text, kinds, effective, strict=True):
        # Numbers read left to right whatever their neighbours; a number after Arabic is a run of its own.
        run = ("L" if level == "L" else "D") if kind == "D" else level
        if runs and runs[-1][0] == run:
            runs[-1] = (run, runs[-1][1] + char)
        else:
            runs.append((run, char))
    ordered = "".join(chars[::-1].translate(MIRRORED) if run == "R" else chars for run, chars in reversed(runs))
    return ordered.replace(LRI, "").replace(PDI, "")


TEXT_ELEMENT = re.compile(r"<text([^>]*) direction=\"rtl\" unicode-bidi=\"embed\"([^>]*)>(.*?)</text>", re.S)


def for_pdf(svg: str) -> SafeString:
    """The chart's SVG with its right-to-left labels shaped and in visual order, for WeasyPrint (see above)."""

    def rewrite(match: re.Match) -> str:
        before, after, content = match.groups()
        content = re.sub(r"<title>.*?</title>", "", content, flags=re.S)
        attributes = before + after
        attributes = re.sub(
            r'text-anchor="(start|end)"',
            lambda m: 'text-anchor="{}"'.format("end" if m.group(1) == "start" else "start"),
            attributes,
        )
        plain = unescape(content)
        return f"<text{attributes}>{escape(visual_order(shape_arabic(plain)))}</text>"

    return mark_safe(TEXT_ELEMENT.sub(rewrite, str(svg)))  # noqa: S308 — rebuilt from escaped text
