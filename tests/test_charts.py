"""Server-side SVG charts (das.charts): well-formed, proportional, complete tables, right to left, empty data."""

import xml.etree.ElementTree as ET  # noqa: S405 — our own markup
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from das.charts import (
    Series,
    bar_chart,
    format_value,
    line_chart,
    nice_ticks,
    shape_arabic,
    share_chart,
    visual_order,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(chart):
    return ET.fromstring(  # noqa: S314
        str(chart.svg)
    )


def bars(chart):
    return [rect for rect in parse(chart).iter(f"{SVG}rect") if rect.get("class") == "bar"]


def texts(root):
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def test_bar_chart_is_valid_xml_named_by_its_title_and_description():
    chart = bar_chart("Part INDH par programme", ["P1", "P2"], [Series("Part INDH", [Decimal("100"), 50])], unit="DH")
    root = parse(chart)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}title").text == "Part INDH par programme"
    assert root.find(f"{SVG}desc").get("id") == desc_id
    assert chart.headers == ["Catégorie", "Part INDH"]


@pytest.mark.parametrize("horizontal", [False, True])
def test_bar_lengths_are_proportional_to_the_values(horizontal):
    values = [Decimal("1200000"), Decimal("300000"), Decimal("600000.50")]
    chart = bar_chart("Engagé", ["A", "B", "C"], [Series("Engagé", values)], unit="DH", horizontal=horizontal)
    size = "width" if horizontal else "height"
    lengths = [float(rect.get(size)) for rect in bars(chart)]
    assert [Decimal(rect.get("data-value")) for rect in bars(chart)] == values
    ratios = [length / float(value) for length, value in zip(lengths, values, strict=True)]
    assert max(ratios) - min(ratios) < 0.0001 * max(ratios) + 0.2 / float(values[1])
    assert lengths[0] == pytest.approx(4 * lengths[1], abs=0.2)


def test_grouped_bars_have_a_legend_and_every_value_is_in_the_table():
    series = [
        Series("Part INDH", [Decimal("12500000"), Decimal("4300000.50")]),
        Series("Engagé", [Decimal("9000000"), 0]),
        Series("Payé", [Decimal("5000000"), None]),
    ]
    chart = bar_chart("Par programme", ["P1 – Rattrapage", "P2 – Précarité"], series, unit="DH")
    assert chart.headers == ["Catégorie", "Part INDH", "Engagé", "Payé"]
    assert chart.rows == [
        [
            "P1 – Rattrapage",
            "12\u202f500\u202f000,00\u00a0DH",
            "9\u202f000\u202f000,00\u00a0DH",
            "5\u202f000\u202f000,00\u00a0DH",
        ],
        ["P2 – Précarité", "4\u202f300\u202f000,50\u00a0DH", "0,00\u00a0DH", "—"],
    ]
    labels = texts(parse(chart))
    for name in ("Part INDH", "Engagé", "Payé"):
        assert name in labels  # the legend
    # A zero draws a bar of no length; a missing value (None) draws none.
    drawn = bars(chart)
    assert len(drawn) == 5
    assert [float(r.get("height")) for r in drawn if r.get("data-value") == "0"] == [0.0]


def test_value_axis_has_round_ticks_formatted_the_french_way():
    assert nice_ticks(Decimal(0), Decimal("12500000")) == [
        Decimal(0),
        Decimal(5000000),
        Decimal(10000000),
        Decimal(15000000),
    ]
    assert nice_ticks(Decimal(0), Decimal(62)) == [0, 20, 40, 60, 80]
    chart = bar_chart("x", ["a"], [Series("s", [Decimal("12500000")])], unit="DH")
    ticks = [t.text for t in parse(chart).iter(f"{SVG}text") if t.get("class") == "tick"]
    assert ticks == ["0", "5\u00a0M", "10\u00a0M", "15\u00a0M"]
    percent = line_chart("Avancement", ["T1 2026"], [Series("Avancement", [Decimal("62.5")])], unit="%")
    ticks = [t.text for t in parse(percent).iter(f"{SVG}text") if t.get("class") == "tick"]
    assert ticks == ["0\u00a0%", "25\u00a0%", "50\u00a0%", "75\u00a0%", "100\u00a0%"]
    assert percent.rows == [["T1 2026", "62,5\u00a0%"]]


def test_long_labels_are_cut_with_the_full_text_in_a_title():
    label = "P1 – Rattrapage des déficits en infrastructures et services sociaux de base des communes rurales"
    chart = bar_chart("x", [label, "P2", "P3", "P4", "P5", "P6"], [Series("s", [1, 2, 3, 4, 5, 6])])
    root = parse(chart)
    shown = [t for t in root.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None]
    assert shown and shown[0].find(f"{SVG}title").text == label
    assert any(text.endswith("…") for text in texts(root))
    assert chart.rows[0][0] == label


def test_rtl_runs_categories_from_right_to_left_with_the_axis_on_the_right():
    categories = ["ب1", "ب2", "ب3"]
    series = [Series("حصة المبادرة", [Decimal(10), Decimal(20), Decimal(30)])]
    ltr, rtl = bar_chart("x", categories, series), bar_chart("x", categories, series, rtl=True)
    ltr_x = [float(r.get("x")) for r in bars(ltr)]
    rtl_x = [float(r.get("x")) for r in bars(rtl)]
    assert ltr_x == sorted(ltr_x)
    assert rtl_x == sorted(rtl_x, reverse=True)  # the first category stands on the right
    ltr_ticks = [float(t.get("x")) for t in parse(ltr).iter(f"{SVG}text") if t.get("class") == "tick"]
    rtl_ticks = [float(t.get("x")) for t in parse(rtl).iter(f"{SVG}text") if t.get("class") == "tick"]
    assert max(ltr_ticks) < min(ltr_x)
    assert min(rtl_ticks) > max(rtl_x)
    labels = [t for t in parse(rtl).iter(f"{SVG}text") if t.text in categories]
    assert [t.text for t in sorted(labels, key=lambda t: -float(t.get("x")))] == categories
    assert all(t.get("direction") == "rtl" for t in labels)
    # Horizontal bars grow to the left.
    horizontal = bar_chart("x", categories, series, rtl=True, horizontal=True)
    ends = [float(r.get("x")) + float(r.get("width")) for r in bars(horizontal)]
    assert len(set(ends)) == 1
    # Lines too.
    line = line_chart("x", ["T1", "T2"], [Series("s", [1, 2])], rtl=True)
    points = [float(p.get("cx")) for p in parse(line).iter(f"{SVG}circle")]
    assert points[0] > points[1]


@pytest.mark.parametrize(
    "build",
    [
        lambda: bar_chart("Vide", [], []),
        lambda: bar_chart("Vide", ["A", "B"], [Series("s", [None, None])]),
        lambda: line_chart("Vide", [], [Series("s", [])]),
        lambda: share_chart("Vide", []),
        lambda: share_chart("Vide", [("Validé", 0), ("En cours", None)]),
    ],
)
def test_empty_data_gives_a_chart_saying_so(build):
    chart = build()
    root = parse(chart)
    assert chart.empty
    assert "Aucune donnée" in texts(root)
    assert not bars(chart)


def test_all_zero_values_draw_an_axis_not_an_error():
    chart = bar_chart("Payé", ["A", "B"], [Series("Payé", [0, Decimal("0.00")])], unit="DH")
    assert not chart.empty
    assert [float(r.get("height")) for r in bars(chart)] == [0.0, 0.0]
    assert chart.rows == [["A", "0,00\u00a0DH"], ["B", "0,00\u00a0DH"]]


def test_line_chart_breaks_on_missing_values_and_lists_them_as_dashes():
    chart = line_chart(
        "Avancement", ["T1", "T2", "T3"], [Series("Avancement", [Decimal(10), None, Decimal(40)])], unit="%"
    )
    root = parse(chart)
    assert len(list(root.iter(f"{SVG}circle"))) == 2
    assert not [line for line in root.iter(f"{SVG}line") if line.get("stroke") == "#1f4e79"]
    assert [row[1] for row in chart.rows] == ["10\u00a0%", "—", "40\u00a0%"]


def test_share_chart_splits_the_bar_by_share_and_gives_percentages():
    chart = share_chart("Statuts", [("Validé", 1), ("En cours", 3), ("Abandonné", 0)], value_label="Projets")
    widths = [float(r.get("width")) for r in bars(chart)]
    assert len(widths) == 2
    assert widths[1] == pytest.approx(3 * widths[0], abs=0.1)
    assert chart.headers == ["Catégorie", "Projets", "Part (%)"]
    assert chart.rows == [["Validé", "1", "25\u00a0%"], ["En cours", "3", "75\u00a0%"], ["Abandonné", "0", "0\u00a0%"]]
    rtl = share_chart("Statuts", [("Validé", 1), ("En cours", 3)], rtl=True)
    first, second = bars(rtl)
    assert float(first.get("x")) > float(second.get("x"))


def test_format_value():
    assert format_value(None) == "—"
    assert format_value(Decimal("1234567.891"), "DH") == "1\u202f234\u202f567,89\u00a0DH"
    assert format_value(1234) == "1\u202f234"
    assert format_value(Decimal("62.45"), "%") == "62,5\u00a0%"


def test_arabic_labels_are_shaped_in_visual_order_for_the_pdf():
    # بيت: beh initial, yeh medial, teh final; read left to right: teh, yeh, beh.
    assert shape_arabic("بيت") == "\ufe91\ufef4\ufe96"
    assert visual_order(shape_arabic("بيت")) == "\ufe96\ufef4\ufe91"
    assert shape_arabic("لا") == "\ufefb"  # lam-alef
    # Digits and Latin keep their order inside a right-to-left line.
    assert visual_order("ب1 – T1 2026") == "T1 2026 – 1ب"
    chart = bar_chart("x", ["بيت"], [Series("s", [1])], rtl=True)
    root = ET.fromstring(  # noqa: S314
        str(chart.pdf_svg)
    )
    label = next(t for t in root.iter(f"{SVG}text") if t.text == "\ufe96\ufef4\ufe91")
    assert label.get("direction") is None
    assert label.get("text-anchor") == "middle"
    assert "بيت" in texts(parse(chart))  # the screen keeps the plain text


def test_include_shows_the_figure_the_caption_and_the_table():
    chart = bar_chart("Part INDH", ["A"], [Series("Part INDH", [Decimal(5)])], unit="DH")
    html = render_to_string("das/_chart.html", {"chart": chart})
    assert "<figure" in html and "<figcaption" in html
    assert "<summary>Données du graphique</summary>" in html
    assert "5,00\u00a0DH" in html
    pdf = render_to_string("das/_chart.html", {"chart": chart, "for_pdf": True})
    assert "<details" not in pdf and "5,00\u00a0DH" in pdf
