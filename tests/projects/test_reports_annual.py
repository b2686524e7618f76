"""The bilan annuel (projects.reports.annual) of 2025 on the known set (tests/projects/report_builders_ildh): every
figure of the context, of the PDF's text and of the Excel cells against values computed by hand below.

In 2025 (validated that year): R-01, R-02, R-05. Cumulated since the start of phase III (2019) to 31/12/2025: the same
and R-03 (validated in 2024). R-04 and R-06 are validated in 2026.
"""

import datetime as dt
import io
import os
import time
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import load_workbook

from das.exports import pdf_context, render_pdf
from projects.models import Project
from projects.reports import periods, registry
from tests.projects.report_builders_ildh import bulk_set, known_set, pdf_text

pytestmark = pytest.mark.django_db

D = Decimal
YEAR = periods.parse("2025", periods.YEAR)

SUMMARY_KEYS = (
    "count", "cost", "indh", "partners", "leverage", "committed", "paid", "engagement_rate", "emission_rate",
    "jobs_created", "agr_count", "agr_indh", "conventions",
)  # fmt: skip
SUMMARY = {
    "year": (3, D(1900000), D(1350000), D(550000), D("28.95"), D(850000), D(200000), D("62.96"), D("23.53"), 8, 2,
             D(750000), 2),
    "cumulated": (4, D(3900000), D(2550000), D(1350000), D("34.62"), D(2050000), D(800000), D("80.39"), D("39.02"),
                  20, 2, D(750000), 3),
}  # fmt: skip
PROGRESS = {"year": D("0.0"), "cumulated": D("41.0")}
# (label, count, cost, INDH, partners, effet de levier)
PROGRAMMES = {
    "year": [
        ("P1 – Rattrapage des déficits", 2, D(1400000), D(850000), D(550000), D("39.29")),
        ("P2 – Précarité", 1, D(500000), D(500000), D(0), D("0.00")),
    ],
    "cumulated": [
        ("P1 – Rattrapage des déficits", 3, D(3400000), D(2050000), D(1350000), D("39.71")),
        ("P2 – Précarité", 1, D(500000), D(500000), D(0), D("0.00")),
    ],
}
SECTORS = {
    "year": [
        ("Éducation", 1, D(1000000), D(600000), D(400000), D("40.00")),
        ("Santé", 2, D(900000), D(750000), D(150000), D("16.67")),
    ],
    "cumulated": [
        ("Éducation", 2, D(3000000), D(1800000), D(1200000), D("40.00")),
        ("Santé", 2, D(900000), D(750000), D(150000), D("16.67")),
    ],
}
# (commune, projects covering it, cost, INDH by the territories' shares, population, INDH per inhabitant)
COMMUNES = {
    "year": [("Commune Alpha", 3, D(1900000), D(1350000), 40000, D("33.75"))],
    "cumulated": [
        ("Commune Alpha", 4, D(2700000), D(1830000), 40000, D("45.75")),
        ("Commune Bêta", 1, D(1200000), D(720000), None, None),
    ],
}
# per age group: targeted women, men, reached women, men
BENEFICIARIES = {
    "year": {"Adultes (35 à 59 ans)": [150, 100, 120, 80]},
    "cumulated": {"Enfants (moins de 15 ans)": [300, 300, 300, 280], "Adultes (35 à 59 ans)": [150, 100, 120, 80]},
}
BENEFICIARY_TOTALS = {"year": [150, 100, 120, 80], "cumulated": [450, 400, 420, 360]}
STATUSES = {
    "year": {"Conventionné": 1, "En cours": 1, "Suspendu": 1},
    "cumulated": {"Conventionné": 1, "En cours": 1, "Achevé (réception provisoire)": 1, "Suspendu": 1},
}


@pytest.fixture
def known(role_users):
    return known_set(role_users)


def run(language, user, period=YEAR):
    definition = registry.get("bilan_annuel")
    with translation.override(language):
        context = definition.build(period, Project.objects.all())
        html_context = {**pdf_context(definition.title(period), user), **context}
        html = render_to_string(definition.pdf_template, html_context)
        pdf = render_pdf(definition.pdf_template, html_context)
        workbook = definition.workbook(context, user)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    folder = os.environ.get("REPORT_PDF_DIR")
    if folder:
        with open(os.path.join(folder, f"bilan-{language}.pdf"), "wb") as target:
            target.write(pdf)
    return context, html, pdf, load_workbook(buffer)


def test_context(known, role_users):
    context, _html, _pdf, _wb = run("fr", role_users["suivi_evaluation"])
    assert context["phase"] == known["phase"]
    assert context["on"] == dt.date(2025, 12, 31)
    assert (context["payments"]["count"], context["payments"]["total"]) == (2, D(800000))
    for scope in ("year", "cumulated"):
        figures = context["scopes"][scope]
        assert tuple(figures["summary"][k] for k in SUMMARY_KEYS) == SUMMARY[scope], scope
        assert figures["totals"].physical_progress == PROGRESS[scope]
        assert [
            (r["label"], r["count"], r["cost"], r["indh"], r["partners"], r["leverage"]) for r in figures["programmes"]
        ] == PROGRAMMES[scope]
        assert [
            (r["label"], r["count"], r["cost"], r["indh"], r["partners"], r["leverage"]) for r in figures["sectors"]
        ] == SECTORS[scope]
        assert [
            (r["label"], r["count"], r["cost"], r["indh"], r["population"], r["per_inhabitant"])
            for r in figures["communes"]
        ] == COMMUNES[scope]
        table = figures["beneficiaries"]
        assert {row["label"]: row["counts"] for row in table["rows"] if any(row["counts"])} == BENEFICIARIES[scope]
        assert table["totals"] == BENEFICIARY_TOTALS[scope]
        assert {s["label"]: s["count"] for s in figures["statuses"] if s["count"]} == STATUSES[scope]


def test_pdf_text(known, role_users, tmp_path):
    _context, _html, pdf, _wb = run("fr", role_users["suivi_evaluation"])
    text = pdf_text(pdf, tmp_path, "bilan.pdf")
    assert "Bilan annuel de l'INDH – année 2025" in text
    assert "Phase en vigueur : Phase III — situation au 31/12/2025" in text
    assert "Projets 3 4" in text
    assert "Coût global (DH) 1 900 000,00 3 900 000,00" in text
    assert "Part INDH (DH) 1 350 000,00 2 550 000,00" in text
    assert "Part des partenaires (DH) 550 000,00 1 350 000,00" in text
    assert "Effet de levier 28,95 % 34,62 %" in text
    assert "Engagé (DH) 850 000,00 2 050 000,00" in text
    assert "Payé (DH) 200 000,00 800 000,00" in text
    assert "Taux d'engagement 62,96 % 80,39 %" in text
    assert "Taux d'émission 23,53 % 39,02 %" in text
    assert "Avancement physique moyen 0 % 41 %" in text
    assert "Emplois créés 8 20" in text
    assert "Projets AGR 2 2" in text
    assert "Part INDH des projets AGR (DH) 750 000,00 750 000,00" in text
    assert "Conventions signées 2 3" in text
    assert "Paiements effectués dans l'année : 2 paiement(s), 800 000,00 DH." in text
    assert "P1 – Rattrapage des déficits 2 1 400 000,00 850 000,00 550 000,00 39,29 %" in text
    assert "P1 – Rattrapage des déficits 3 3 400 000,00 2 050 000,00 1 350 000,00 39,71 %" in text
    assert "P2 – Précarité 1 500 000,00 500 000,00 0,00 0,00 %" in text
    assert "Total 3 1 900 000,00 1 350 000,00 550 000,00 28,95 %" in text
    assert "Total 4 3 900 000,00 2 550 000,00 1 350 000,00 34,62 %" in text
    assert "Éducation 1 1 000 000,00 600 000,00 400 000,00 40,00 %" in text
    assert "Éducation 2 3 000 000,00 1 800 000,00 1 200 000,00 40,00 %" in text
    assert "Santé 2 900 000,00 750 000,00 150 000,00 16,67 %" in text
    assert "Commune Alpha 3 1 900 000,00 1 350 000,00 40 000 33,75" in text
    assert "Commune Alpha 4 2 700 000,00 1 830 000,00 40 000 45,75" in text
    assert "Commune Bêta 1 1 200 000,00 720 000,00 — —" in text
    assert "Total 5 3 900 000,00 2 550 000,00" in text  # the communes' table: R-03 counts in both communes
    assert "Adultes (35 à 59 ans) 150 100 120 80" in text
    assert "Enfants (moins de 15 ans) 300 300 300 280" in text
    assert "Total 450 400 420 360" in text
    assert "Conventionné 1 1 En cours 1 1 Achevé (réception provisoire) 0 1" in text
    assert "Suspendu 1 1 Abandonné 0 0 Total 3 4" in text


def test_workbook(known, role_users):
    _context, _html, _pdf, workbook = run("fr", role_users["suivi_evaluation"])
    assert workbook.sheetnames == [
        "Synthèse", "Programmes", "Secteurs", "Communes", "Bénéficiaires", "Statuts", "Légende", "Paramètres",
    ]  # fmt: skip
    summary = workbook["Synthèse"]
    rows = {row[0]: (row[1], row[2]) for row in summary.iter_rows(values_only=True) if row[0]}
    assert rows["Projets"] == (3, 4)
    assert rows["Coût global (DH)"] == (1900000, 3900000)
    assert rows["Part INDH (DH)"] == (1350000, 2550000)
    assert rows["Part des partenaires (DH)"] == (550000, 1350000)
    assert rows["Engagé (DH)"] == (850000, 2050000)
    assert rows["Payé (DH)"] == (200000, 800000)
    assert rows["Emplois créés"] == (8, 20)
    assert rows["Projets AGR"] == (2, 2)
    assert rows["Part INDH des projets AGR (DH)"] == (750000, 750000)
    assert rows["Conventions signées"] == (2, 3)
    assert rows["Nombre de paiements"][0] == 2 and rows["Montant payé (DH)"][0] == 800000
    line = {summary[f"A{r}"].value: r for r in range(1, summary.max_row + 1)}
    cost, partners = line["Coût global (DH)"], line["Part des partenaires (DH)"]
    assert summary[f"B{line['Effet de levier']}"].value == f'=IF(B{cost}=0,"",B{partners}/B{cost})'
    emission, committed, paid = line["Taux d'émission"], line["Engagé (DH)"], line["Payé (DH)"]
    assert summary[f"C{emission}"].value == f'=IF(C{committed}=0,"",C{paid}/C{committed})'

    def tables(sheet):
        """[(rows, total row number)] of each table of the sheet (year, then cumulated)."""
        found, current = [], []
        for r in range(1, sheet.max_row + 1):
            value = sheet[f"A{r}"].value
            if value == "Total":
                found.append((current, r))
                current = []
            elif value and sheet[f"B{r}"].value is not None and r > 4 and not str(sheet[f"B{r}"].value).isalpha():
                current.append(r)
        return found

    for name, expected in (("Programmes", PROGRAMMES), ("Secteurs", SECTORS)):
        sheet = workbook[name]
        found = tables(sheet)
        for (rows_, total), scope in zip(found, ("year", "cumulated"), strict=True):
            data = [r for r in rows_ if sheet[f"C{r}"].value is not None and not str(sheet[f"C{r}"].value)[0].isalpha()]
            values = [tuple(sheet.cell(row=r, column=c).value for c in range(1, 7)) for r in data]
            assert values == [(*e[:5], float(e[5] / 100)) for e in expected[scope]], (name, scope)
            assert sheet[f"C{total}"].value == f"=SUM(C{data[0]}:C{data[-1]})"
            assert sheet[f"F{total}"].value == f'=IF(C{total}=0,"",E{total}/C{total})'
    communes = workbook["Communes"]
    found = tables(communes)
    for (rows_, total), scope in zip(found, ("year", "cumulated"), strict=True):
        values = [tuple(communes.cell(row=r, column=c).value for c in range(1, 7)) for r in rows_]
        assert values == [tuple(e) for e in COMMUNES[scope]], scope
        assert communes[f"D{total}"].value == f"=SUM(D{rows_[0]}:D{rows_[-1]})"
    beneficiaries = workbook["Bénéficiaires"]
    ages = [r for r in range(1, beneficiaries.max_row + 1) if beneficiaries[f"A{r}"].value == "Adultes (35 à 59 ans)"]
    assert [tuple(beneficiaries.cell(row=r, column=c).value for c in range(2, 6)) for r in ages] == [
        (150, 100, 120, 80),
        (150, 100, 120, 80),
    ]
    totals = [r for r in range(1, beneficiaries.max_row + 1) if beneficiaries[f"A{r}"].value == "Total"]
    assert [beneficiaries[f"E{r}"].value for r in totals] == [f"=SUM(E{r - 4}:E{r - 1})" for r in totals]
    statuses = workbook["Statuts"]
    totals = [r for r in range(1, statuses.max_row + 1) if statuses[f"A{r}"].value == "Total"]
    assert [statuses[f"B{r}"].value for r in totals] == [f"=SUM(B{r - 7}:B{r - 1})" for r in totals]
    parameters = {row[0]: row[1] for row in workbook["Paramètres"].iter_rows(values_only=True)}
    assert parameters["Rapport"] == "Bilan annuel de l'INDH – année 2025"
    assert (parameters["Du"], parameters["Au"], parameters["Phase en vigueur"]) == (
        "01/01/2025",
        "31/12/2025",
        "Phase III",
    )
    assert parameters["Édité par"] == str(role_users["suivi_evaluation"])


def test_arabic_pdf(known, role_users, tmp_path):
    _context, html, pdf, _wb = run("ar", role_users["suivi_evaluation"])
    assert '<html lang="ar" dir="rtl">' in html
    text = pdf_text(pdf, tmp_path, "bilan-ar.pdf")
    assert "التعليم" in text and "الصحة" in text  # the sectors' Arabic names
    assert "1 350 000,00" in text


def test_progress_and_fixed_queries(role_users, django_assert_max_num_queries):
    definition = registry.get("bilan_annuel")
    calls = []
    ground = bulk_set(role_users, 20)
    with translation.override("fr"), django_assert_max_num_queries(55) as few:
        definition.build(YEAR, Project.objects.all(), progress=lambda done, total: calls.append((done, total)))
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1]
    bulk_set(role_users, 200, start=20, ground=ground)
    with translation.override("fr"), django_assert_max_num_queries(len(few.captured_queries)):
        context = definition.build(YEAR, Project.objects.all())
    assert context["scopes"]["year"]["summary"]["count"] == 220


@pytest.mark.skipif(not os.environ.get("REPORT_TIMING"), reason="REPORT_TIMING=1 measures 2,000 projects")
def test_timing_with_2000_projects(role_users, capsys):
    bulk_set(role_users, 2000)
    user = role_users["suivi_evaluation"]
    definition = registry.get("bilan_annuel")
    with translation.override("fr"):
        started = time.perf_counter()
        context = definition.build(YEAR, Project.objects.all())
        built = time.perf_counter()
        pdf = render_pdf(definition.pdf_template, {**pdf_context(definition.title(YEAR), user), **context})
        rendered = time.perf_counter()
        definition.workbook(context, user).save(io.BytesIO())
        saved = time.perf_counter()
    with capsys.disabled():
        print(
            f"\nbilan_annuel: build {built - started:.2f} s, PDF {rendered - built:.2f} s ({len(pdf) // 1024} kB), "
            f"Excel {saved - rendered:.2f} s"
        )
