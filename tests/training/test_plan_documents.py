"""The plan's PDF (French and Arabic) and Excel file: what they say, their totals and formulas, and their constant
number of queries."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import PartnerFactory
from tests.projects.test_call_notice import pdf_text
from tests.training.test_plan_services import YEAR, action_data, draft_plan, presented_plan
from training import plan_documents
from training.models import PlanAction
from training.services import plans as services

pytestmark = pytest.mark.django_db


def mixed_plan(role_users):
    """Three actions: two by the DAS on one budget line, one by an external body on another; approved by the CPDH."""
    from tests.training.factories import BudgetLineFactory

    agent = role_users["formation"]
    plan = draft_plan(agent, actions=2)
    partner = PartnerFactory(name="Centre Tamkine de formation")
    services.action_save(
        plan=plan,
        by=agent,
        **action_data(
            provider=PlanAction.Provider.EXTERNAL,
            provider_partner=partner,
            budget_line=BudgetLineFactory(code="R05", name_fr="Appui à la gouvernance"),
            planned_cost=Decimal("15000.50"),
            planned_participants=12,
        ),
    )
    services.plan_validate(plan=plan, by=role_users["chef"])
    from tests.training.test_plan_agenda import decided

    decided(role_users["secretariat_cpdh"], plan, "approuve")
    plan.refresh_from_db()
    return plan


def test_the_french_pdf_shows_the_plan_its_totals_and_the_signature(role_users, tmp_path):
    plan = mixed_plan(role_users)
    text = pdf_text(plan_documents.render_plan_pdf(plan, "fr"), tmp_path, "plan-fr.pdf")
    assert "Plan annuel de formation 2040" in text
    assert "Présenté au CPDH" in text and "Validé par" in text
    assert "Approuvé" in text and "réunion n° 1" in text
    assert "Totaux par rubrique budgétaire" in text and "Totaux par opérateur" in text
    assert "Centre Tamkine de formation" in text
    assert "45 000,50" in text  # 10 000 + 20 000 + 15 000,50
    assert "52" in text  # 20 + 20 + 12 participants
    assert "Le Chef de la Division de l'Action Sociale" in text
    assert "PROJET" not in text


def test_the_arabic_pdf_reads_in_arabic(role_users, tmp_path):
    plan = mixed_plan(role_users)
    text = pdf_text(plan_documents.render_plan_pdf(plan, "ar"), tmp_path, "plan-ar.pdf")
    assert "المخطط السنوي للتكوين" in text and "2040" in text
    assert "رئيس قسم العمل" in text  # (pdftotext splits the lam-alef ligature of « الاجتماعي »)
    assert "المجاميع حسب البند" in text
    assert "45 000,50" in text


def test_a_draft_plan_is_marked_as_a_project(role_users, tmp_path):
    plan = draft_plan(role_users["formation"])
    text = pdf_text(plan_documents.render_plan_pdf(plan, "fr"), tmp_path, "plan-draft.pdf")
    assert "PROJET" in text and "Non encore validé" in text


def test_the_workbook_has_its_sheets_and_formulas(role_users):
    plan = mixed_plan(role_users)
    workbook = plan_documents.plan_workbook(plan, role_users["formation"])
    assert workbook.sheetnames == ["Actions", "Par rubrique", "Par opérateur", "Paramètres"]
    sheet = workbook["Actions"]
    assert sheet["A1"].value == "Plan annuel de formation 2040"
    assert [sheet.cell(row=row, column=1).value for row in (6, 7, 8)] == [1, 2, 3]
    assert sheet["L8"].value == Decimal("15000.50")
    assert sheet["B9"].value == "Total"
    assert sheet["D9"].value == "=SUM(D6:D8)" and sheet["L9"].value == "=SUM(L6:L8)"
    by_line = workbook["Par rubrique"]
    assert by_line["A2"].value.startswith("R-FORM") and by_line["A3"].value.startswith("R05")
    assert by_line["D2"].value == "=SUMIF(Actions!$K$6:$K$8,A2,Actions!$L$6:$L$8)"
    assert by_line["D4"].value == "=SUM(D2:D3)"
    params = {row[0].value: row[1].value for row in workbook["Paramètres"].iter_rows()}
    assert params["Année"] == 2040 and params["Statut"] == "Présenté au CPDH"


def test_the_documents_download_from_the_plan_page(role_users, client_as):
    plan = presented_plan(role_users)
    client = client_as(role_users["auditeur"])
    page = client.get(reverse("training:plan_detail", args=[plan.pk])).content.decode()
    for url in (
        reverse("training:plan_pdf", args=[plan.pk, "fr"]),
        reverse("training:plan_pdf", args=[plan.pk, "ar"]),
        reverse("training:plan_xlsx", args=[plan.pk]),
    ):
        assert url in page
    response = client.get(reverse("training:plan_pdf", args=[plan.pk, "fr"]))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="plan-formation-2040-fr.pdf"' in response["Content-Disposition"]
    response = client.get(reverse("training:plan_xlsx", args=[plan.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook["Actions"]["A1"].value == "Plan annuel de formation 2040"
    assert client.get(reverse("training:plan_pdf", args=[plan.pk, "en"])).status_code == 404


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def test_the_plan_pdf_and_excel_take_a_constant_number_of_queries(role_users, client_as):
    agent = role_users["formation"]
    small = draft_plan(agent, YEAR, actions=1)
    large = draft_plan(agent, YEAR + 1, actions=8)
    client = client_as(role_users["chef"])
    for name, args in (("training:plan_pdf", ["fr"]), ("training:plan_xlsx", [])):
        counts = [_queries(client, reverse(name, args=[plan.pk, *args])) for plan in (small, large)]
        assert counts[0] == counts[1], (name, counts)
