"""The plan's execution report on a hand-computed dataset: the figures, the page, the PDF (French and Arabic), the
Excel workbook and their fixed query counts."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from communication import execution_documents as documents
from communication.execution_selectors import execution_report
from communication.models import Audience, CommunicationAction
from communication.services import execution as services
from communication.services.execution import AttendanceLine, PressLine
from tests.communication.factories import CommunicationBudgetLineFactory
from tests.communication.test_execution_services import action_in, plan_in_execution, record
from tests.factories import CommuneFactory
from tests.projects.test_call_notice import pdf_text

Kind = CommunicationAction.Kind
pytestmark = pytest.mark.django_db


def dataset(role_users):
    """4 actions: a caravan done (130 participants, 18 000 of 20 000 DH, 2 press items), a radio programme done
    (no participants, 40 000 reached, 12 000 of 10 000 DH, 1 press item), a workshop cancelled (15 000 DH), a meeting
    still planned (5 000 DH)."""
    agent = role_users["communication"]
    plan = plan_in_execution(title="Plan de communication de proximité")
    line_a = CommunicationBudgetLineFactory()
    line_b = CommunicationBudgetLineFactory(code="R-GOV", name_fr="Appui à la gouvernance")
    anza = CommuneFactory(name_fr="Agadir", name_ar="أكادير")
    drarga = CommuneFactory(name_fr="Drarga", name_ar="الدراركة")
    caravan = action_in(
        plan,
        number=1,
        title="Caravane INDH",
        commune=anza,
        budget_line=line_a,
        planned_budget=Decimal("20000"),
        expected_reach=300,
    )
    radio = action_in(
        plan,
        number=2,
        title="Émission radio",
        kind=Kind.RADIO,
        channel="radio",
        commune=None,
        budget_line=line_b,
        planned_budget=Decimal("10000"),
        expected_reach=50000,
    )
    workshop = action_in(
        plan,
        number=3,
        title="Atelier",
        kind=Kind.WORKSHOP,
        commune=drarga,
        budget_line=line_a,
        planned_budget=Decimal("15000"),
        expected_reach=100,
    )
    action_in(
        plan,
        number=4,
        title="Réunion",
        kind=Kind.INFO_MEETING,
        commune=anza,
        budget_line=line_a,
        planned_budget=Decimal("5000"),
        expected_reach=80,
    )
    record(
        caravan,
        agent,
        actual_cost=Decimal("18000"),
        attendance=[AttendanceLine(Audience.ASSOCIATIONS, 40, 60), AttendanceLine(Audience.YOUTH, 10, 20)],
        press=[PressLine("presse_ecrite", "Le Matin"), PressLine("radio", "SNRT Agadir")],
    )
    record(
        radio,
        agent,
        place="Radio Plus Agadir",
        commune=None,
        actual_cost=Decimal("12000"),
        reach=40000,
        attendance=[],
        press=[PressLine("reseaux_sociaux", "Page Facebook de la préfecture")],
    )
    services.action_cancel(action=workshop, by=agent, reason="Report")
    return plan


def test_the_figures(role_users):
    report = execution_report(dataset(role_users))
    total = report.total
    assert (total.actions, total.done, total.cancelled, report.pending) == (4, 2, 1, 1)
    assert total.realisation_rate == Decimal("50.0")
    assert (report.women, report.men, report.participants) == (50, 80, 130)
    assert (total.reached, total.expected_reach) == (40130, 50480)
    assert (total.budget, total.cost, total.consumption) == (Decimal("50000"), Decimal("30000"), Decimal("60.0"))
    assert report.press == 3
    assert [(row.label, row.women, row.men) for row in report.by_audience] == [
        ("Associations et coopératives", 40, 60),
        ("Jeunes", 10, 20),
    ]
    lines = {g.key: (g.actions, g.done, g.budget, g.cost, g.consumption) for g in report.by_budget_line}
    assert lines == {
        "R-COM": (3, 1, Decimal("40000"), Decimal("18000"), Decimal("45.0")),
        "R-GOV": (1, 1, Decimal("10000"), Decimal("12000"), Decimal("120.0")),
    }
    communes = {g.label: (g.actions, g.done, g.participants, g.cost) for g in report.by_commune}
    assert communes == {
        "Agadir": (2, 1, 130, Decimal("18000")),
        "Drarga": (1, 0, 0, Decimal("0")),
        "Toute la préfecture": (1, 1, 0, Decimal("12000")),
    }
    kinds = {g.key: (g.actions, g.done, g.reached) for g in report.by_kind}
    assert kinds == {"caravane": (1, 1, 130), "radio": (1, 1, 40000), "atelier": (1, 0, 0), "reunion": (1, 0, 0)}
    assert [line.consumption for line in report.lines] == [Decimal("90.0"), Decimal("120.0"), None, None]


def test_the_page_for_readers_only(role_users, client_as):
    plan = dataset(role_users)
    url = reverse("communication:execution_report", args=[plan.pk])
    page = client_as(role_users["chef"]).get(url).content.decode()
    assert "50,0 %" in page or "50.0 %" in page
    # Reach grouped by thousands, as on the plan's page.
    assert "40\u202f130 / 50\u202f480" in page and "Portée atteinte" in page and "Définitions" in page
    assert "Rapport (PDF, arabe)" in page
    for role in ("communication", "auditeur"):
        assert client_as(role_users[role]).get(url).status_code == 200
    assert client_as(role_users["formation"]).get(url).status_code == 403


def test_the_french_pdf(role_users, tmp_path):
    plan = dataset(role_users)
    text = pdf_text(documents.render_report_pdf(plan, "fr"), tmp_path, "fr.pdf")
    assert f"Rapport d'exécution du plan de communication de proximité {plan.year}" in text
    assert "Caravane INDH" in text and "Annulée" in text and "50,0 %" in text
    assert "30 000,00" in text and "50 000,00" in text and "60,0 %" in text
    assert "Par rubrique budgétaire" in text and "Par commune" in text and "Toute la préfecture" in text
    assert "Portée atteinte" in text and "Définitions" in text
    assert "40 130" in text and "50 480" in text  # counts of people grouped by thousands, as on the page
    assert "Le Chef de la Division de l'Action Sociale" in text


def test_the_arabic_pdf(role_users, tmp_path):
    plan = dataset(role_users)
    text = pdf_text(documents.render_report_pdf(plan, "ar"), tmp_path, "ar.pdf")
    assert "تقرير تنفيذ مخطط التواصل عن قرب" in text and str(plan.year) in text
    assert "الدراركة" in text and "قافلة" in text and "تعاريف" in text
    assert "30 000,00" in text


def test_the_excel_workbook(role_users):
    plan = dataset(role_users)
    workbook = documents.report_workbook(plan, role_users["chef"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    workbook = load_workbook(io.BytesIO(buffer.getvalue()))
    assert workbook.sheetnames == ["Actions", "Par rubrique", "Par type", "Par commune", "Participants", "Paramètres"]
    sheet = workbook["Actions"]
    assert [sheet.cell(row=5, column=c).value for c in (1, 2, 10, 11, 12)] == [
        "N°",
        "Action",
        "Femmes",
        "Hommes",
        "Participants",
    ]
    assert sheet["B6"].value == "Caravane INDH" and sheet["J6"].value == 50 and sheet["K6"].value == 80
    assert sheet["L6"].value == '=IF(S6=1,J6+K6,"")' and sheet["N6"].value == '=IF(S6=1,L6+M6,"")'
    assert sheet["M7"].value == 40000 and sheet["P7"].value == 12000
    assert sheet["G6"].value.date() == dt.date(plan.year, 5, 15)
    assert sheet["O10"].value == "=SUM(O6:O9)" and sheet["S11"].value == '=IF(A10>0,S10/A10,"")'
    assert sheet["Q10"].value == '=IF(O10>0,P10/O10,"")'
    by_line = workbook["Par rubrique"]
    assert any("Communication" in by_line[f"A{r}"].value for r in (2, 3))
    assert by_line["H2"].value == "=SUMIF(Actions!$E$6:$E$9,A2,Actions!$P$6:$P$9)"
    assert by_line["H4"].value == "=SUM(H2:H3)"
    people = workbook["Participants"]
    assert [people["A2"].value, people["B2"].value, people["C2"].value] == ["Associations et coopératives", 40, 60]
    params = workbook["Paramètres"]
    values = [params.cell(row=r, column=1).value for r in range(1, 20)]
    assert "Définitions" in values and "Portée atteinte" in values


def test_downloads(role_users, client_as):
    plan = dataset(role_users)
    client = client_as(role_users["auditeur"])
    response = client.get(reverse("communication:execution_report_pdf", args=[plan.pk, "fr"]))
    assert response["Content-Type"] == "application/pdf"
    assert f"rapport-execution-communication-{plan.year}-fr.pdf" in response["Content-Disposition"]
    response = client.get(reverse("communication:execution_report_xlsx", args=[plan.pk]))
    assert (
        response.status_code == 200
        and f"rapport-execution-communication-{plan.year}.xlsx" in response["Content-Disposition"]
    )
    assert client.get(reverse("communication:execution_report_pdf", args=[plan.pk, "en"])).status_code == 404


def _counts(client, plan):
    urls = [
        reverse("communication:execution_report", args=[plan.pk]),
        reverse("communication:execution_report_pdf", args=[plan.pk, "fr"]),
        reverse("communication:execution_report_xlsx", args=[plan.pk]),
    ]
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200
            b"".join(response.streaming_content) if response.streaming else response.content
        counts.append(len(queries))
    return counts


def test_report_query_counts_do_not_grow_with_the_plan(role_users, client_as):
    plan = dataset(role_users)
    client = client_as(role_users["chef"])
    client.get(reverse("communication:execution_report", args=[plan.pk]))
    before = _counts(client, plan)
    agent = role_users["communication"]
    for number in range(5, 11):
        action = action_in(plan, number=number, title=f"Action {number}", commune=CommuneFactory())
        record(action, agent, attendance=[AttendanceLine(Audience.WOMEN, number, 0)], press=[PressLine("radio", "X")])
    assert _counts(client, plan) == before
