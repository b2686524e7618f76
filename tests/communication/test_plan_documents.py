"""The plan's PDF (French and Arabic) and Excel file: what they say, their totals and formulas."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from communication import plan_documents
from communication.services import plans as services
from tests.communication.factories import CommunicationBudgetLineFactory
from tests.communication.test_plan_services import action_data, draft_plan
from tests.factories import CommuneFactory
from tests.projects.test_call_notice import as_extracted, pdf_text

pytestmark = pytest.mark.django_db


def mixed_plan(agent):
    """Three actions: two caravans on R-COM (province-wide), one radio programme on another line in a commune."""
    plan = draft_plan(agent, actions=2, objectives="Faire connaître les appels à projets", target_audiences="Jeunes")
    services.action_add(
        plan=plan,
        by=agent,
        **action_data(
            agent,
            title="Émission sur Radio Agadir",
            kind="radio",
            channel="radio",
            commune=CommuneFactory(name_fr="Aourir", name_ar="أورير"),
            budget_line=CommunicationBudgetLineFactory(code="R-RAD", name_fr="Médias"),
            planned_budget=Decimal("5000.50"),
            expected_reach=10000,
        ),
    )
    return plan


def test_the_french_pdf_of_a_draft(role_users, tmp_path):
    plan = mixed_plan(role_users["communication"])
    text = pdf_text(plan_documents.render_plan_pdf(plan, "fr"), tmp_path, "fr.pdf")
    assert "Plan de communication de proximité 2060" in text
    assert "PROJET" in text and "Division de l'Action Sociale" in text
    assert "Faire connaître les appels à projets" in text and "Jeunes" in text
    assert "Toute la préfecture" in text and "Aourir" in text and "Émission radio" in text
    assert "35 000,50" in text and "10 600" in text
    assert "Totaux par type d'action" in text and "Totaux par rubrique budgétaire" in text
    assert "Le Chef de la Division de l'Action Sociale" in text


def test_the_arabic_pdf_of_a_validated_plan(role_users, tmp_path):
    plan = mixed_plan(role_users["communication"])
    plan = services.plan_validate(plan=plan, by=role_users["chef"])
    text = pdf_text(plan_documents.render_plan_pdf(plan, "ar"), tmp_path, "ar.pdf")
    assert "مخطط التواصل عن قرب" in text and "2060" in text
    assert "مشروع" not in text
    assert "أورير" in text and "برنامج إذاعي" in text and "مجموع تراب العمالة" in text
    assert as_extracted("رئيس قسم العمل الاجتماعي") in text and "35 000,50" in text


def test_the_pdf_url_answers_in_both_languages_only(role_users, client_as):
    plan = mixed_plan(role_users["communication"])
    client = client_as(role_users["auditeur"])
    for language in ("fr", "ar"):
        response = client.get(reverse("communication:plan_pdf", args=[plan.pk, language]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get(reverse("communication:plan_pdf", args=[plan.pk, "en"])).status_code == 404


def test_the_workbook_values_and_formulas(role_users, client_as):
    plan = mixed_plan(role_users["communication"])
    response = client_as(role_users["chef"]).get(reverse("communication:plan_xlsx", args=[plan.pk]))
    assert response.status_code == 200
    workbook = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    assert workbook.sheetnames == ["Actions", "Par type", "Par rubrique", "Paramètres"]
    sheet = workbook["Actions"]
    assert sheet["A1"].value == "Plan de communication de proximité 2060"
    header = [cell.value for cell in sheet[5]]
    budget = header.index("Budget prévu") + 1
    reach = header.index("Portée attendue") + 1
    commune = header.index("Commune") + 1
    rows = list(sheet.iter_rows(min_row=6, max_row=8, values_only=True))
    assert [row[0] for row in rows] == [1, 2, 3]
    assert [row[budget - 1] for row in rows] == [10000, 20000, Decimal("5000.50")] or [
        float(row[budget - 1]) for row in rows
    ] == [10000.0, 20000.0, 5000.5]
    assert rows[0][commune - 1] == "Toute la préfecture" and rows[2][commune - 1] == "Aourir"
    total = list(sheet.iter_rows(min_row=9, max_row=9, values_only=True))[0]
    assert total[budget - 1].startswith("=SUM(") and total[reach - 1].startswith("=SUM(")
    kinds = workbook["Par type"]
    assert [kinds["A2"].value, kinds["A3"].value] == ["Caravane", "Émission radio"]
    assert kinds["B2"].value.startswith("=COUNTIF(") and kinds["C3"].value.startswith("=SUMIF(")
    lines = workbook["Par rubrique"]
    assert {lines["A2"].value, lines["A3"].value} == {"R-COM – Communication", "R-RAD – Médias"}
    params = {row[0]: row[1] for row in workbook["Paramètres"].iter_rows(values_only=True)}
    assert params["Année"] == 2060 and params["Statut"] == "Brouillon" and params["Publics cibles"] == "Jeunes"
