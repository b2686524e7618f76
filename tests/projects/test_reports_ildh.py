"""The ILDH reports (projects.reports.ildh) on a known set (tests/projects/report_builders_ildh.known_set): every figure
of the context, of the PDF's text and of the Excel cells against values computed by hand below; the Arabic PDF; a
fixed number of queries whatever the number of projects."""

import datetime as dt
import io
import os
import time
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from das.exports import pdf_context, render_pdf
from projects.models import Project
from projects.reports import periods, registry
from tests.projects.report_builders_ildh import bulk_set, known_set, pdf_text

pytestmark = pytest.mark.django_db

D = Decimal
QUARTER = periods.parse("2026-T2", periods.QUARTER)
SEMESTER = periods.parse("2026-S1", periods.SEMESTER)


@pytest.fixture
def known(role_users):
    return known_set(role_users)


def run(kind, period, language, user):
    """build, PDF and workbook as the framework does."""
    definition = registry.get(kind)
    with translation.override(language):
        context = definition.build(period, Project.objects.all())
        title = definition.title(period)
        pdf = render_pdf(definition.pdf_template, {**pdf_context(title, user), **context})
        workbook = definition.workbook(context, user)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return context, pdf, load_workbook(buffer)


def keep(content, name):
    folder = os.environ.get("REPORT_PDF_DIR")
    if folder:
        with open(os.path.join(folder, name), "wb") as target:
            target.write(content)


# --- Suivi trimestriel des ILDH, 2026-T2 (01/04/2026 – 30/06/2026, compared with 31/03/2026) ------------------------

# code: (progress before, progress, late, INDH, committed, paid, paid in the quarter, taux d'émission,
#        marchés, stage, awarded, marchés late)
QUARTER_ROWS = {
    "R-01": (40, 70, True, D(600000), D(600000), D(300000), D(100000), D("50.00"), 2, "En exécution", D(450000), 1),
    "R-02": (0, 0, True, D(500000), D(500000), D(0), D(0), D("0.00"), 0, "—", D(0), 0),
    "R-03": (100, 100, False, D(1200000), D(1200000), D(1200000), D(200000), D("100.00"), 1,
             "Réceptionné provisoirement", D(1100000), 0),
    "R-04": (0, 0, False, D(300000), D(300000), D(0), D(0), D("0.00"), 1, "Attribué", D(300000), 0),
    "R-05": (20, 20, False, D(250000), D(250000), D(50000), D(50000), D("20.00"), 1, "Annulé", D(0), 0),
}  # fmt: skip
# group: (projects, cost, progress before, progress, late, INDH, committed, paid, paid in quarter, émission,
#         marchés, awarded, marchés late)
QUARTER_GROUPS = {
    "ILDH-2024-0001 – ILDH de la commune Alpha": (
        2, D(1500000), D("26.7"), D("46.7"), 2, D(1100000), D(1100000), D(300000), D(100000), D("27.27"), 2,
        D(450000), 1,
    ),
    "ILDH-2024-0002 – ILDH du quartier Q": (
        1, D(2000000), D("100.0"), D("100.0"), 0, D(1200000), D(1200000), D(1200000), D(200000), D("100.00"), 1,
        D(1100000), 0,
    ),
    "Projets hors ILDH": (
        2, D(700000), D("11.4"), D("11.4"), 0, D(550000), D(550000), D(50000), D(50000), D("9.09"), 2, D(300000), 0,
    ),
}  # fmt: skip
QUARTER_TOTAL = (
    5, D(4200000), D("59.0"), D("66.2"), 2, D(2850000), D(2850000), D(1550000), D(350000), D("54.39"), 5,
    D(1850000), 1,
)  # fmt: skip
TOTAL_KEYS = (
    "count", "cost", "progress_before", "progress", "late", "indh", "committed", "paid", "paid_period",
    "emission_rate", "marches", "awarded", "marches_late",
)  # fmt: skip


def test_quarterly_context(known, role_users):
    context, _pdf, _wb = run("ildh_trimestriel", QUARTER, "fr", role_users["suivi_evaluation"])
    assert [g.label for g in context["groups"]] == list(QUARTER_GROUPS)
    assert [[r["code"] for r in g.rows] for g in context["groups"]] == [["R-01", "R-02"], ["R-03"], ["R-04", "R-05"]]
    for group in context["groups"]:
        assert tuple(group.totals[k] for k in TOTAL_KEYS) == QUARTER_GROUPS[group.label], group.label
        for row in group.rows:
            expected = QUARTER_ROWS[row["code"]]
            assert (
                row["progress_before"],
                row["progress"],
                row["late"],
                row["indh"],
                row["committed"],
                row["paid"],
                row["paid_period"],
                row["emission_rate"],
                row["marches"],
                row["stage"],
                row["awarded"],
                row["marches_late"],
            ) == expected, row["code"]
    assert tuple(context["totals"][k] for k in TOTAL_KEYS) == QUARTER_TOTAL
    r1 = context["groups"][0].rows[0]
    assert (r1["commune"], r1["status"], r1["planned_start"], r1["planned_end"]) == (
        "Commune Alpha",
        "En cours",
        dt.date(2025, 6, 1),
        dt.date(2026, 5, 31),
    )
    assert (context["on"], context["before"]) == (dt.date(2026, 6, 30), dt.date(2026, 3, 31))


def test_quarterly_pdf_text(known, role_users, tmp_path):
    _context, pdf, _wb = run("ildh_trimestriel", QUARTER, "fr", role_users["suivi_evaluation"])
    keep(pdf, "ildh-trimestriel-fr.pdf")
    text = pdf_text(pdf, tmp_path, "q.pdf")
    assert "Suivi trimestriel des ILDH – trimestre 2 de 2026" in text
    assert "Situation au 30/06/2026, comparée au 31/03/2026" in text
    # Physical section: each row, then the subtotal of its ILDH.
    assert "R-01 Projet R-01 Commune Alpha En cours 40 % 70 % 01/06/2025 31/05/2026 Oui" in text
    assert "R-02 Projet R-02 Commune Alpha Conventionné 0 % 0 % 15/01/2026 31/12/2026 Oui" in text
    assert "Sous-total ILDH-2024-0001 – ILDH de la commune Alpha : 2 projets 26,7 % 46,7 % 2" in text
    assert "R-03 Projet R-03 Commune Bêta Achevé (réception provisoire) 100 % 100 % 01/09/2024 31/03/2026 Non" in text
    assert "Sous-total ILDH-2024-0002 – ILDH du quartier Q : 1 projet 100 % 100 % 0" in text
    assert "R-05 Projet R-05 Commune Alpha Suspendu 20 % 20 % 01/12/2025 31/01/2026 Non" in text
    assert "Sous-total Projets hors ILDH : 2 projets 11,4 % 11,4 % 0" in text
    assert "Total général : 5 projets 59 % 66,2 % 2" in text
    # Financial section.
    nb = "\u202f"
    assert f"R-01 Projet R-01 600{nb}000,00 600{nb}000,00 300{nb}000,00 100{nb}000,00 50,00 %".replace(nb, " ") in text
    assert "R-03 Projet R-03 1 200 000,00 1 200 000,00 1 200 000,00 200 000,00 100,00 %" in text
    assert "R-04 Projet R-04 300 000,00 300 000,00 0,00 0,00 0,00 %" in text
    assert (
        "Sous-total ILDH-2024-0001 – ILDH de la commune Alpha 1 100 000,00 1 100 000,00 300 000,00 100 000,00 27,27 %"
        in text
    )
    assert "Sous-total Projets hors ILDH 550 000,00 550 000,00 50 000,00 50 000,00 9,09 %" in text
    assert "Total général 2 850 000,00 2 850 000,00 1 550 000,00 350 000,00 54,39 %" in text
    # Procurement section.
    assert "R-01 Projet R-01 2 En exécution 450 000,00 1" in text
    assert "R-02 Projet R-02 0 — 0,00 0" in text
    assert "R-03 Projet R-03 1 Réceptionné provisoirement 1 100 000,00 0" in text
    assert "R-05 Projet R-05 1 Annulé 0,00 0" in text
    assert "Sous-total ILDH-2024-0001 – ILDH de la commune Alpha 2 450 000,00 1" in text
    assert "Total général 5 1 850 000,00 1" in text
    assert "R-06" not in text  # validated after the quarter


def test_quarterly_workbook(known, role_users):
    _context, _pdf, workbook = run("ildh_trimestriel", QUARTER, "fr", role_users["suivi_evaluation"])
    assert workbook.sheetnames == ["Suivi physique", "Suivi financier", "Marchés", "Légende", "Paramètres"]
    physical = workbook["Suivi physique"]
    rows = list(physical.iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r[0] == "Code"))
    assert rows[header + 1][0] == "ILDH-2024-0001 – ILDH de la commune Alpha"
    h = header + 1  # Excel's row number of the header
    assert rows[header + 2][:10] == (
        "R-01", "Projet R-01", "Commune Alpha", "En cours", 1000000, 40, 70,
        dt.datetime(2025, 6, 1), dt.datetime(2026, 5, 31), "Oui",
    )  # fmt: skip
    first, last, sub = h + 2, h + 3, h + 4
    assert physical[f"A{sub}"].value == "Sous-total ILDH-2024-0001 – ILDH de la commune Alpha"
    assert physical[f"B{sub}"].value == f"=COUNTA(B{first}:B{last})"
    assert physical[f"E{sub}"].value == f"=SUM(E{first}:E{last})"
    assert physical[f"G{sub}"].value == (
        f'=IF((SUM(E{first}:E{last}))=0,"",(SUMPRODUCT(E{first}:E{last},G{first}:G{last}))/(SUM(E{first}:E{last})))'
    )
    assert physical[f"J{sub}"].value == f'=COUNTIF(J{first}:J{last},"Oui")'
    subtotals = [r for r in range(1, physical.max_row + 1) if str(physical[f"A{r}"].value).startswith("Sous-total")]
    assert len(subtotals) == 3
    total = physical.max_row
    assert physical[f"A{total}"].value == "Total général"
    assert physical[f"E{total}"].value == "=SUM(" + ",".join(f"E{r}" for r in subtotals) + ")"
    assert physical[f"J{total}"].value == "=SUM(" + ",".join(f"J{r}" for r in subtotals) + ")"
    weighted = "+".join(f"E{r}*N(G{r})" for r in subtotals)
    assert physical[f"G{total}"].value == f'=IF(({"+".join(f"E{r}" for r in subtotals)})=0,"",({weighted})/' + (
        f"({'+'.join(f'E{r}' for r in subtotals)}))"
    )
    financial = workbook["Suivi financier"]
    values = {row[0]: row for row in financial.iter_rows(values_only=True) if row[0] and str(row[0]).startswith("R-")}
    for code, expected in QUARTER_ROWS.items():
        assert values[code][2:7] == (expected[3], expected[4], expected[5], expected[6], float(expected[7] / 100)), code
    sub_rows = [r for r in range(1, financial.max_row + 1) if str(financial[f"A{r}"].value).startswith("Sous-total")]
    for r in sub_rows:
        assert financial[f"C{r}"].value.startswith("=SUM(C")
        assert financial[f"G{r}"].value == f'=IF(D{r}=0,"",E{r}/D{r})'
    total = financial.max_row
    assert financial[f"F{total}"].value == "=SUM(" + ",".join(f"F{r}" for r in sub_rows) + ")"
    marches = workbook["Marchés"]
    values = {row[0]: row for row in marches.iter_rows(values_only=True) if row[0] and str(row[0]).startswith("R-")}
    for code, expected in QUARTER_ROWS.items():
        assert values[code][2:6] == (expected[8], expected[9], expected[10], expected[11]), code
    assert marches[f"E{marches.max_row}"].value.startswith("=SUM(E")
    parameters = {row[0]: row[1] for row in workbook["Paramètres"].iter_rows(values_only=True)}
    assert parameters["Rapport"] == "Suivi trimestriel des ILDH – trimestre 2 de 2026"
    assert parameters["Période"] == "trimestre 2 de 2026"
    assert (parameters["Du"], parameters["Au"], parameters["Situation au"]) == (
        "01/04/2026",
        "30/06/2026",
        "30/06/2026",
    )
    assert parameters["Édité par"] == str(role_users["suivi_evaluation"])
    assert parameters["Édité le"]


# --- Rapport semestriel d'avancement des ILDH, 2026-S1 (01/01/2026 – 30/06/2026, from 31/12/2025) ------------------

# group: (projects, cost, INDH, committed, paid, émission, progress start, progress end, women, men, jobs)
SEMESTER_GROUPS = {
    "ILDH-2024-0001 – ILDH de la commune Alpha": (
        2, D(1500000), D(1100000), D(1100000), D(300000), D("27.27"), D("0.0"), D("46.7"), 120, 80, 5,
    ),
    "ILDH-2024-0002 – ILDH du quartier Q": (
        1, D(2000000), D(1200000), D(1200000), D(1200000), D("100.00"), D("80.0"), D("100.0"), 300, 280, 12,
    ),
    "Projets hors ILDH": (2, D(700000), D(550000), D(550000), D(50000), D("9.09"), D("0.0"), D("11.4"), 0, 0, 3),
}  # fmt: skip
SEMESTER_TOTAL = (
    5, D(4200000), D(2850000), D(2850000), D(1550000), D("54.39"), D("38.1"), D("66.2"), 420, 360, 20,
)  # fmt: skip
SEMESTER_KEYS = (
    "count", "cost", "indh", "committed", "paid", "emission_rate", "progress_start", "progress_end", "women", "men",
    "jobs_created",
)  # fmt: skip


def test_half_yearly_context(known, role_users):
    context, _pdf, _wb = run("ildh_semestriel", SEMESTER, "fr", role_users["suivi_evaluation"])
    assert (context["on"], context["before"]) == (dt.date(2026, 6, 30), dt.date(2025, 12, 31))
    assert [g.label for g in context["groups"]] == list(SEMESTER_GROUPS)
    assert [g.label for g in context["ildh_groups"]] == list(SEMESTER_GROUPS)[:2]
    for group in context["groups"]:
        assert tuple(group.totals[k] for k in SEMESTER_KEYS) == SEMESTER_GROUPS[group.label], group.label
    assert tuple(context["totals"][k] for k in SEMESTER_KEYS) == SEMESTER_TOTAL
    alpha, quartier = context["ildh_groups"]
    assert alpha.place == "Commune Alpha"
    assert quartier.place == "Commune Bêta — Quartier Q"
    assert alpha.totals["statuses"] == [("Conventionné", 1), ("En cours", 1)]
    assert quartier.totals["statuses"] == [("Achevé (réception provisoire)", 1)]
    starts = {r["code"]: (r["progress_start"], r["progress_end"]) for g in context["groups"] for r in g.rows}
    assert starts == {"R-01": (0, 70), "R-02": (0, 0), "R-03": (80, 100), "R-04": (0, 0), "R-05": (0, 20)}
    # Difficulties of the semester (R-03's of 01/12/2025 is before it; R-05 is outside any ILDH).
    assert [(d["code"], d["date"], d["percent"], d["problems"]) for d in alpha.difficulties] == [
        ("R-01", dt.date(2026, 5, 20), 70, "Retard de livraison du ciment")
    ]
    assert quartier.difficulties == []
    assert [(v["code"], v["kind"], v["date"], v["reference"], v["reserves"]) for v in alpha.visits] == [
        ("R-02", "Lancement", dt.date(2026, 2, 20), "PV non clos", "Terrain non encore libéré")
    ]
    assert [(v["code"], v["kind"], v["reference"], v["reserves"]) for v in quartier.visits] == [
        ("R-03", "Réception provisoire", "PV-2026-001", "Peinture à reprendre")
    ]


def test_half_yearly_pdf_and_workbook(known, role_users, tmp_path):
    _context, pdf, workbook = run("ildh_semestriel", SEMESTER, "fr", role_users["suivi_evaluation"])
    keep(pdf, "ildh-semestriel-fr.pdf")
    text = pdf_text(pdf, tmp_path, "s.pdf")
    assert "Rapport semestriel d'avancement des ILDH – semestre 1 de 2026" in text
    assert "Avancement du 31/12/2025 au 30/06/2026" in text
    assert "1. ILDH-2024-0001 – ILDH de la commune Alpha Commune / quartier Commune Alpha" in text
    assert "Période de l'ILDH 2024–2026 Période couverte par le rapport semestre 1 de 2026" in text
    assert "Projets par statut 2 : Conventionné 1 ; En cours 1" in text
    assert "Coût global 1 500 000,00 DH Part INDH 1 100 000,00 DH Engagé 1 100 000,00 DH" in text
    assert "Payé 300 000,00 DH (taux d'émission 27,27 %)" in text
    assert "Avancement physique pondéré 0 % au début du semestre, 46,7 % à la fin" in text
    assert "Bénéficiaires atteints 120 femmes, 80 hommes Emplois créés 5" in text
    assert "R-01 Projet R-01 En cours 1 000 000,00 600 000,00 600 000,00 300 000,00 0 % 70 % 5" in text
    assert "Total de l'ILDH 1 500 000,00 1 100 000,00 1 100 000,00 300 000,00 0 % 46,7 % 5" in text
    assert "R-01 20/05/2026 70 % Retard de livraison du ciment" in text
    assert "R-02 Lancement 20/02/2026 PV non clos Site repéré Terrain non encore libéré" in text
    assert "2. ILDH-2024-0002 – ILDH du quartier Q Commune / quartier Commune Bêta — Quartier Q" in text
    assert "Aucune difficulté saisie dans le semestre." in text
    assert "R-03 Réception provisoire 20/03/2026 PV-2026-001 Ouvrage achevé Peinture à reprendre" in text
    assert "Projets hors ILDH 2 700 000,00 550 000,00 550 000,00 50 000,00 9,09 % 0 % 11,4 % 0 0 3" in text
    assert (
        "Total de la province 5 4 200 000,00 2 850 000,00 2 850 000,00 1 550 000,00 54,39 % 38,1 % 66,2 % 420 360 20"
        in text
    )
    assert "Litige foncier" not in text  # R-05 is outside any ILDH
    assert workbook.sheetnames == ["Synthèse provinciale", "Projets", "Difficultés", "Visites et réserves", "Légende",
                                   "Paramètres"]  # fmt: skip
    overview = workbook["Synthèse provinciale"]
    lines = {row[0]: row for row in overview.iter_rows(values_only=True) if row[0] in SEMESTER_GROUPS}
    for label, expected in SEMESTER_GROUPS.items():
        row = lines[label]
        assert row[1:6] == expected[:5], label
        assert row[6] == float(expected[5] / 100)
        assert row[7:12] == (float(expected[6]), float(expected[7]), *expected[8:]), label
    total = overview.max_row
    assert overview[f"A{total}"].value == "Total de la province"
    data = [r for r in range(1, total) if overview[f"A{r}"].value in SEMESTER_GROUPS]
    assert overview[f"C{total}"].value == f"=SUM(C{data[0]}:C{data[-1]})"
    assert overview[f"G{total}"].value == f'=IF(E{total}=0,"",F{total}/E{total})'
    assert overview[f"I{total}"].value.startswith(f'=IF((SUM(C{data[0]}:C{data[-1]}))=0,"",(SUMPRODUCT(C')
    projects = workbook["Projets"]
    assert [projects[f"A{r}"].value for r in range(1, projects.max_row + 1) if str(projects[f"A{r}"].value).startswith(
        ("R-", "Sous-total", "Total"))] == [
        "R-01", "R-02", "Sous-total ILDH-2024-0001 – ILDH de la commune Alpha", "R-03",
        "Sous-total ILDH-2024-0002 – ILDH du quartier Q", "Total des ILDH",
    ]  # fmt: skip
    difficulties = [r for r in workbook["Difficultés"].iter_rows(values_only=True) if r[1] == "R-01"]
    assert difficulties == [
        ("ILDH-2024-0001 – ILDH de la commune Alpha", "R-01", "Projet R-01", dt.datetime(2026, 5, 20), 70,
         "Retard de livraison du ciment")
    ]  # fmt: skip
    visits = [r[1:] for r in workbook["Visites et réserves"].iter_rows(values_only=True) if r[1] in ("R-02", "R-03")]
    assert visits == [
        ("R-02", "Projet R-02", "Lancement", dt.datetime(2026, 2, 20), "PV non clos", "Terrain non encore libéré"),
        ("R-03", "Projet R-03", "Réception provisoire", dt.datetime(2026, 3, 20), "PV-2026-001",
         "Peinture à reprendre"),
    ]  # fmt: skip


# --- Arabic ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "period"), [("ildh_trimestriel", QUARTER), ("ildh_semestriel", SEMESTER)])
def test_arabic_pdfs_render_right_to_left(known, role_users, tmp_path, kind, period):
    definition = registry.get(kind)
    user = role_users["suivi_evaluation"]
    with translation.override("ar"):
        context = definition.build(period, Project.objects.all())
        html_context = {**pdf_context(definition.title(period), user), **context}
        from django.template.loader import render_to_string

        html = render_to_string(definition.pdf_template, html_context)
        pdf = render_pdf(definition.pdf_template, html_context)
    keep(pdf, f"{kind}-ar.pdf")
    assert '<html lang="ar" dir="rtl">' in html
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path, "ar.pdf")
    assert "R-01" in text and "ILDH-2024-0002" in text
    assert "ألفا" in text and "جماعة" in text  # the communes' Arabic names (words in visual order)


# --- Progress and queries -------------------------------------------------------------------------------------------


def test_build_reports_progress(known, role_users):
    for kind, period in (("ildh_trimestriel", QUARTER), ("ildh_semestriel", SEMESTER)):
        calls = []
        with translation.override("fr"):
            registry.get(kind).build(
                period, Project.objects.all(), progress=lambda done, total, c=calls: c.append((done, total))
            )
        assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1]
        assert [done for done, _total in calls] == sorted(done for done, _total in calls)


@pytest.mark.parametrize(("kind", "period"), [("ildh_trimestriel", QUARTER), ("ildh_semestriel", SEMESTER)])
def test_fixed_number_of_queries(role_users, django_assert_max_num_queries, kind, period):
    definition = registry.get(kind)
    ground = bulk_set(role_users, 20)
    with translation.override("fr"), django_assert_max_num_queries(10) as few:
        definition.build(period, Project.objects.all())
    bulk_set(role_users, 200, start=20, ground=ground)
    with translation.override("fr"), django_assert_max_num_queries(len(few.captured_queries)):
        context = definition.build(period, Project.objects.all())
    assert context["totals"]["count"] == 220


@pytest.mark.skipif(not os.environ.get("REPORT_TIMING"), reason="REPORT_TIMING=1 measures 2,000 projects")
def test_timing_with_2000_projects(role_users, capsys):
    bulk_set(role_users, 2000)
    user = role_users["suivi_evaluation"]
    for kind, period in (("ildh_trimestriel", QUARTER), ("ildh_semestriel", SEMESTER)):
        definition = registry.get(kind)
        with translation.override("fr"):
            started = time.perf_counter()
            context = definition.build(period, Project.objects.all())
            built = time.perf_counter()
            pdf = render_pdf(definition.pdf_template, {**pdf_context(definition.title(period), user), **context})
            rendered = time.perf_counter()
            workbook = definition.workbook(context, user)
            workbook.save(io.BytesIO())
            saved = time.perf_counter()
        with capsys.disabled():
            print(
                f"\n{kind}: build {built - started:.2f} s, PDF {rendered - built:.2f} s ({len(pdf) // 1024} kB), "
                f"Excel {saved - rendered:.2f} s"
            )


def test_scope_figures_and_parameters(known, role_users):
    """A reader limited to commune Alpha sees its projects only; the page's figures and the Paramètres sheet."""
    from projects.reports import ildh

    alpha = known["communes"][0]
    definition = registry.get("ildh_trimestriel")
    with translation.override("fr"):
        context = definition.build(QUARTER, Project.objects.filter(commune=alpha))
        context["scope_label"] = "Commune Alpha"
        workbook = definition.workbook(context, role_users["suivi_evaluation"])
        figures = dict(ildh.quarterly_figures(context))
    assert [[r["code"] for r in g.rows] for g in context["groups"]] == [["R-01", "R-02"], ["R-05"]]
    assert figures["Projets"] == "3"
    assert figures["Payé dans le trimestre"] == "150\u202f000,00\u00a0DH"
    assert figures["Projets en retard"] == "2"
    parameters = {row[0]: row[1] for row in workbook["Paramètres"].iter_rows(values_only=True)}
    assert parameters["Communes"] == "Commune Alpha"
