"""The rapport trimestriel on a known set: every figure of its PDF (text extracted) and of its Excel file (cells read
back) against values computed by hand below.

The quarter is 2026-T2 (1 April – 30 June 2026). Programme A: P1 (1 000 000 DH, INDH 600 000, convention signed
10/02, paid 100 000 on 15/03, 150 000 on 20/05 and 50 000 on 10/07 — after the quarter; progress 45 % on 15/06,
60 % only on 01/08) and P2 (500 000, INDH 500 000, signed 05/04, paid 200 000 on 10/06; planned end 31/05: late,
its last entry by 30/06 says « Retard de l'entreprise », a later one does not count). Programme B: P3 (300 000,
INDH 200 000, validated, planned start 01/05 passed: late, no entry: « Non renseigné ») and P4 (400 000, INDH
300 000, suspended « Litige foncier » — a suspended project is not late —, signed 15/01, paid 300 000 on 01/02,
progress 50 % since 01/03). P5 was validated on 01/08, after the quarter: not in the report.

By hand, at 30/06/2026:
- A: 2 projects, cost 1 500 000, INDH 1 100 000, committed 1 100 000, paid 450 000, paid in the quarter 350 000,
  engagement 100,00 %, émission 450/1100 = 40,91 %, progress (1 000 000×45 + 500 000×20)/1 500 000 = 36,7 %;
- B: 2 projects, cost 700 000, INDH 500 000, committed 300 000, paid 300 000, paid in the quarter 0,
  engagement 60,00 %, émission 100,00 %, progress (400 000×50)/700 000 = 28,6 %;
- total: 4 projects, 2 200 000, 1 600 000, 1 400 000, 750 000, 350 000, 87,50 %, 53,57 %, 75 000 000/2 200 000 =
  34,1 %;
- credits 2026: A notified 2 000 000, allocated 1 500 000, committed 1 100 000 (P1 + P2), paid 500 000 (every
  payment on those conventions, the July one included), 73,33 %, 45,45 %; B 1 000 000, 800 000, 300 000, 300 000,
  37,50 %, 100,00 %; total 3 000 000, 2 300 000, 1 400 000, 800 000, 60,87 %, 57,14 %.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import unicodedata
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from das.models import FiscalYear
from projects.models import Convention, Project
from projects.reports import periods, registry
from projects.services import credits as credit_services
from projects.services import reports as services
from tests.projects.credit_builders import budget_lines
from tests.projects.report_builders import Kind, Sex, Spec, build, ground
from tests.projects.test_call_notice import as_extracted, pdf_text

pytestmark = pytest.mark.django_db
D = Decimal
T2 = periods.Period(periods.QUARTER, 2026, 2)


@pytest.fixture
def known(role_users):
    place = ground()
    a, b = place["programmes"]
    a.code, a.name_fr = "PA", "Programme de rattrapage"
    b.code, b.name_fr = "PB", "Programme d'inclusion"
    a.save(update_fields=["code", "name_fr"])
    b.save(update_fields=["code", "name_fr"])
    agent = role_users["suivi_evaluation"]
    specs = [
        Spec(
            "P1",
            a,
            D("1000000"),
            D("600000"),
            D("400000"),
            planned_end=dt.date(2026, 12, 31),
            physical_progress=60,
            progress_updated_on=dt.date(2026, 8, 1),
            jobs_planned=10,
            jobs_created=4,
            signed_on=dt.date(2026, 2, 10),
            payments=[(dt.date(2026, 3, 15), D("100000")), (dt.date(2026, 5, 20), D("150000"))]
            + [(dt.date(2026, 7, 10), D("50000"))],
            entries=[(dt.date(2026, 3, 31), 30, ""), (dt.date(2026, 6, 15), 45, "RAS")]
            + [(dt.date(2026, 8, 1), 60, "")],
            beneficiaries={
                (Kind.TARGETED, Sex.FEMALE): 100,
                (Kind.TARGETED, Sex.MALE): 80,
                (Kind.REACHED, Sex.FEMALE): 30,
                (Kind.REACHED, Sex.MALE): 20,
            },
        ),
        Spec(
            "P2",
            a,
            D("500000"),
            D("500000"),
            D("0"),
            planned_end=dt.date(2026, 5, 31),
            physical_progress=35,
            progress_updated_on=dt.date(2026, 7, 15),
            jobs_planned=5,
            signed_on=dt.date(2026, 4, 5),
            payments=[(dt.date(2026, 6, 10), D("200000"))],
            entries=[
                (dt.date(2026, 4, 30), 10, "Terrain non libéré"),
                (dt.date(2026, 6, 20), 20, "Retard de l'entreprise"),
                (dt.date(2026, 7, 15), 35, "Reprise du chantier"),
            ],
        ),
        Spec(
            "P3",
            b,
            D("300000"),
            D("200000"),
            D("100000"),
            status=Project.Status.VALIDATED,
            planned_start=dt.date(2026, 5, 1),
            planned_end=dt.date(2027, 5, 1),
            jobs_planned=2,
            beneficiaries={(Kind.TARGETED, Sex.FEMALE): 40, (Kind.TARGETED, Sex.MALE): 60},
        ),
        Spec(
            "P4",
            b,
            D("400000"),
            D("300000"),
            D("100000"),
            status=Project.Status.SUSPENDED,
            status_reason="Litige foncier",
            planned_end=dt.date(2026, 3, 31),
            physical_progress=50,
            progress_updated_on=dt.date(2026, 3, 1),
            jobs_planned=3,
            jobs_created=1,
            signed_on=dt.date(2026, 1, 15),
            convention_status=Convention.Status.SIGNED,
            payments=[(dt.date(2026, 2, 1), D("300000"))],
            entries=[(dt.date(2026, 3, 1), 50, "Litige")],
        ),
        Spec("P5", a, D("999000"), D("999000"), D("0"), validated_on=dt.date(2026, 8, 1)),
    ]
    build(place, agent, specs)
    year, _created = FiscalYear.objects.get_or_create(year=2026)
    for programme, amount in ((a, D("2000000")), (b, D("1000000"))):
        credit_services.notification_record(
            by=agent,
            fiscal_year=year,
            programme=programme,
            amount=amount,
            reference=f"N-2026-{programme.code}",
            notified_on=dt.date(2026, 2, 1),
        )
    line = budget_lines(1, prefix="RR")[0]
    allocation = credit_services.allocation_start(by=agent, fiscal_year=year)
    credit_services.allocation_save_grid(
        allocation=allocation, by=agent, cells={(a.pk, line.pk): D("1500000"), (b.pk, line.pk): D("800000")}
    )
    credit_services.allocation_validate(allocation=allocation, by=role_users["chef"])
    return {"a": a, "b": b, "user": role_users["cabinet"]}


SUMMARY = {
    "A": "PA – Programme de rattrapage 2 1 500 000,00 DH 1 100 000,00 DH 1 100 000,00 DH 450 000,00 DH "
    "350 000,00 DH 100,00 % 40,91 % 36,7 %",
    "B": "PB – Programme d'inclusion 2 700 000,00 DH 500 000,00 DH 300 000,00 DH 300 000,00 DH 0,00 DH "
    "60,00 % 100,00 % 28,6 %",
    "total": "Total 4 2 200 000,00 DH 1 600 000,00 DH 1 400 000,00 DH 750 000,00 DH 350 000,00 DH "
    "87,50 % 53,57 % 34,1 %",
}
CREDITS = {
    "A": "PA – Programme de rattrapage 2 000 000,00 DH 1 500 000,00 DH 1 100 000,00 DH 500 000,00 DH 73,33 % 45,45 %",
    "B": "PB – Programme d'inclusion 1 000 000,00 DH 800 000,00 DH 300 000,00 DH 300 000,00 DH 37,50 % 100,00 %",
    # pdftotext reads the bold label of the total row after its figures
    "total": "3 000 000,00 DH 2 300 000,00 DH 1 400 000,00 DH 800 000,00 DH 60,87 % 57,14 %",
}
# Each programme's section, in the order of the page: statuses (Validé, Conventionné, En cours, Achevé, Clôturé,
# Suspendu, Abandonné), money, progress, late, then beneficiaries and jobs.
STATUSES = [
    "PA – Programme de rattrapage Projets par statut 2 Validé : 0 · Conventionné : 0 · En cours : 2 · "
    "Achevé (réception provisoire) : 0 · Clôturé (réception définitive) : 0 · Suspendu : 0 · Abandonné : 0",
    "PB – Programme d'inclusion Projets par statut 2 Validé : 1 · Conventionné : 0 · En cours : 0 · "
    "Achevé (réception provisoire) : 0 · Clôturé (réception définitive) : 0 · Suspendu : 1 · Abandonné : 0",
]
# Each programme's section, one line per figure as laid out (pdftotext -layout).
SECTIONS = {
    "A": [
        "Projets par statut 2",
        "Coût global 1 500 000,00 DH",
        "Part INDH 1 100 000,00 DH",
        "Engagé 1 100 000,00 DH",
        "Payé 450 000,00 DH",
        "Payé pendant la période 350 000,00 DH",
        "Reste à payer sur l'engagé 650 000,00 DH",
        "Avancement physique moyen 36,7 %",
        "Bénéficiaires visés – femmes 100",
        "Bénéficiaires visés – hommes 80",
        "Bénéficiaires atteints – femmes 30",
        "Bénéficiaires atteints – hommes 20",
        "Emplois prévus 15",
        "Emplois créés 4",
    ],
    "B": [
        "Coût global 700 000,00 DH",
        "Part INDH 500 000,00 DH",
        "Engagé 300 000,00 DH",
        "Payé 300 000,00 DH",
        "Payé pendant la période 0,00 DH",
        "Reste à payer sur l'engagé 0,00 DH",
        "Avancement physique moyen 28,6 %",
        "Bénéficiaires visés – femmes 40",
        "Bénéficiaires visés – hommes 60",
        "Bénéficiaires atteints – femmes 0",
        "Bénéficiaires atteints – hommes 0",
        "Emplois prévus 5",
        "Emplois créés 1",
    ],
}


def layout_lines(content: bytes, tmp_path) -> list[str]:
    """The PDF's lines as laid out (pdftotext -layout), whitespace collapsed: a table row reads as one line."""
    path = tmp_path / "layout.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        [shutil.which("pdftotext"), "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    text = unicodedata.normalize("NFKC", result.stdout.decode())
    return [" ".join(line.split()) for line in text.splitlines()]


LATE = [
    "P2 Projet P2 PA",
    "31/05/2026 20,0 % Retard de l'entreprise",
    "P3 Projet P3 PB",
    "0,0 % Non renseigné",
]


def render(user, file_format, language="fr"):
    definition = registry.get("trimestriel")
    return services.render(definition, T2, user, file_format=file_format, language=language)


def test_every_figure_of_the_quarterly_pdf(known, tmp_path):
    content = render(known["user"], "pdf")
    text = pdf_text(content, tmp_path, "t2.pdf")
    # Cover
    assert "Préfecture d'Agadir Ida-Outanane" in text
    assert "Division de l'Action Sociale" in text
    assert "Rapport trimestriel sur la mise en œuvre des programmes de l'INDH – trimestre 2 de 2026" in text
    assert "du 01/04/2026 au 30/06/2026" in text
    assert "Édité le" in text
    for row in SUMMARY.values():
        assert row in text
    # The charts (das.charts) with their figures as a table: progress at the end of each of the last four quarters.
    charts = text[text.index("Graphiques") : text.index("2. Situation par programme")]
    assert "Engagé et payé par programme" in charts and "Avancement physique moyen par trimestre" in charts
    assert "T3 2025" in charts and "T2 2026" in charts and "T3 2026" not in charts
    for statuses in STATUSES:
        assert statuses in text
    lines = layout_lines(content, tmp_path)
    for rows in SECTIONS.values():
        for row in rows:
            assert row in lines
    late = text[text.index("3. Projets en retard au 30/06/2026") : text.index("4. Situation des crédits")]
    for piece in LATE:
        assert piece in late
    assert "P1" not in late and "P4" not in late and "Reprise du chantier" not in late
    assert "P5" not in text and "999 000" not in text
    credits = text[text.index("4. Situation des crédits – exercice 2026") :]
    for row in CREDITS.values():
        assert row in credits


def test_the_arabic_pdf_is_right_to_left_with_the_same_figures(known, tmp_path):
    content = render(known["user"], "pdf", "ar")
    text = pdf_text(content, tmp_path, "t2-ar.pdf")
    assert as_extracted("عمالة أكادير إداوتنان") in text
    for amount in ("1 500 000,00 DH", "40,91 %", "34,1 %", "2 300 000,00 DH", "57,14 %"):
        assert amount in text


def cells(sheet, row, first, last):
    return [sheet.cell(row=row, column=column).value for column in range(first, last + 1)]


def test_every_figure_of_the_quarterly_excel(known):
    book = load_workbook(io.BytesIO(render(known["user"], "xlsx")))
    assert book.sheetnames == ["Synthèse", "Programmes", "Projets en retard", "Crédits", "Paramètres"]

    summary = book["Synthèse"]
    title = "Rapport trimestriel sur la mise en œuvre des programmes de l'INDH – trimestre 2 de 2026"
    assert summary["A1"].value == title
    assert cells(summary, 6, 1, 7) == [
        "PA – Programme de rattrapage",
        2,
        D("1500000.00"),
        D("1100000.00"),
        D("1100000.00"),
        D("450000.00"),
        D("350000.00"),
    ]
    assert summary["J6"].value == 36.7
    assert cells(summary, 7, 1, 7) == ["PB – Programme d'inclusion", 2, D("700000.00"), D("500000.00")] + [
        D("300000.00"),
        D("300000.00"),
        D("0"),
    ]
    assert summary["J7"].value == 28.6
    assert summary["H6"].value == '=IF(D6=0,"",E6/D6)' and summary["I7"].value == '=IF(E7=0,"",F7/E7)'
    assert cells(summary, 8, 1, 7) == ["Total"] + [f"=SUM({c}6:{c}7)" for c in "BCDEFG"]
    assert summary["H8"].value == '=IF(D8=0,"",E8/D8)' and summary["J8"].value == 34.1

    programmes = book["Programmes"]
    # Programme, 7 statuses, committed, paid, paid in period, progress, targeted F/M, reached F/M, jobs planned/created
    assert cells(programmes, 6, 1, 18) == ["PA – Programme de rattrapage", 0, 0, 2, 0, 0, 0, 0] + [
        D("1100000.00"),
        D("450000.00"),
        D("350000.00"),
        36.7,
        100,
        80,
        30,
        20,
        15,
        4,
    ]
    assert cells(programmes, 7, 1, 18) == ["PB – Programme d'inclusion", 1, 0, 0, 0, 0, 1, 0] + [
        D("300000.00"),
        D("300000.00"),
        D("0"),
        28.6,
        40,
        60,
        0,
        0,
        5,
        1,
    ]
    assert programmes["B8"].value == "=SUM(B6:B7)" and programmes["R8"].value == "=SUM(R6:R7)"
    assert programmes["L8"].value == 34.1

    late = book["Projets en retard"]
    assert cells(late, 6, 1, 9) == [
        "P2",
        "Projet P2",
        "PA",
        str(Project.objects.get(code="P2").commune),
        "En cours",
        None,
        dt.datetime(2026, 5, 31),
        20,
        "Retard de l'entreprise",
    ]
    assert cells(late, 7, 1, 9)[:3] == ["P3", "Projet P3", "PB"]
    assert cells(late, 7, 5, 9) == ["Validé", dt.datetime(2026, 5, 1), dt.datetime(2027, 5, 1), 0, "Non renseigné"]
    assert late["A8"].value is None

    credits = book["Crédits"]
    assert cells(credits, 6, 1, 5) == ["PA – Programme de rattrapage"] + [
        D("2000000.00"),
        D("1500000.00"),
        D("1100000.00"),
        D("500000.00"),
    ]
    assert cells(credits, 7, 1, 5) == ["PB – Programme d'inclusion"] + [
        D("1000000.00"),
        D("800000.00"),
        D("300000.00"),
        D("300000.00"),
    ]
    assert cells(credits, 8, 1, 7) == ["Total"] + [f"=SUM({c}6:{c}7)" for c in "BCDE"] + [
        '=IF(C8=0,"",D8/C8)',
        '=IF(D8=0,"",E8/D8)',
    ]

    parameters = {row[0]: row[1] for row in book["Paramètres"].iter_rows(values_only=True)}
    assert parameters["Période"] == "trimestre 2 de 2026 (2026-T2)"
    assert parameters["Du"] == dt.datetime(2026, 4, 1) and parameters["Au"] == dt.datetime(2026, 6, 30)
    assert parameters["Projets pris en compte"] == "Toute la province"
    assert parameters["Édité par"] == str(known["user"])


def test_the_monthly_report_counts_the_payments_of_its_month(known, tmp_path):
    definition = registry.get("mensuel")
    may = periods.parse("2026-05", periods.MONTH)
    context = services.build_context(definition, may, known["user"], "fr")
    by_code = {row.label[:2]: row for row in context["summary"]}
    assert by_code["PA"].paid_in_period == D("150000")  # only P1's 20/05 payment; P2 was paid in June
    assert by_code["PB"].paid_in_period == D("0")
    assert context["summary_total"].totals.paid == D("550000")  # 100 000 + 150 000 (P1) + 300 000 (P4)
    text = pdf_text(services.render(definition, may, known["user"], file_format="pdf", language="fr"), tmp_path, "m")
    assert "Rapport mensuel sur la mise en œuvre des programmes de l'INDH – mai 2026" in text


def test_a_reader_limited_to_a_commune_gets_only_its_projects(known, role_users):
    from das.models import Commune
    from tests.factories import CommuneFactory

    elsewhere = CommuneFactory()
    user = role_users["auditeur"]
    assert Commune.objects.count() >= 2
    definition = registry.get("trimestriel")
    context = services.build_context(definition, T2, user, "fr")
    assert context["summary_total"].totals.count == 4
    # Scoped through projects.scope: the same builder over a queryset limited to another commune finds nothing.
    scoped = definition.build(T2, Project.objects.filter(commune=elsewhere))
    assert scoped["summary_total"].totals.count == 0 and scoped["late"] == []
