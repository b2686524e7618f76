"""The literacy pages: lists and their exports, the forms with their French refusals next to the field, the grid
(a refused cell keeps what was typed and saves nothing), buttons only for who may, the yearly summary in PDF and
Excel, and constant query counts at two data sizes."""

import html
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from coordination import literacy_documents
from coordination.models.literacy import LiteracyCampaign, LiteracyClass, LiteracyOperation
from coordination.services import literacy as services
from tests.coordination.factories_literacy import (
    LiteracyCentreFactory,
    class_in,
    grid,
    operation_in,
    running_campaign,
)
from tests.coordination.test_literacy_services import build_campaign
from tests.factories import CommuneFactory, PartnerFactory
from tests.projects.test_call_notice import as_extracted, pdf_text

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


def content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def agent(role_users):
    return role_users["coordination"]


def grid_post(**cells):
    """The grid's POST: every line at 0 unless given (F_25_44=(12, 9))."""
    data = {"grid-TOTAL_FORMS": "8", "grid-INITIAL_FORMS": "8", "grid-MIN_NUM_FORMS": "8", "grid-MAX_NUM_FORMS": "8"}
    index = 0
    for sex in ("F", "H"):
        for age in ("9-14", "15-24", "25-44", "45+"):
            key = f"{sex}_{age.replace('-', '_').replace('+', '')}"
            enrolled, completed = cells.get(key, (0, 0))
            data |= {
                f"grid-{index}-sex": sex,
                f"grid-{index}-age_group": age,
                f"grid-{index}-enrolled": str(enrolled),
                f"grid-{index}-completed": str(completed),
            }
            index += 1
    return data


def test_the_journey_campaign_operation_class_grid(agent, client_as):
    client = client_as(agent)
    response = client.post(
        reverse("coordination:campaign_create"),
        {"start_year": "2025", "title": "", "start_on": "2025-10-01", "end_on": "2026-06-30", "target_learners": "300"},
    )
    campaign = LiteracyCampaign.objects.get(start_year=2025)
    assert response["Location"] == campaign.get_absolute_url()
    response = client.post(
        reverse("coordination:campaign_create"),
        {"start_year": "2025", "start_on": "2025-10-01", "end_on": "2026-06-30", "target_learners": "0"},
    )
    assert "existe déjà" in text(response) and "is-invalid" in text(response)
    client.post(reverse("coordination:campaign_transition", args=[campaign.pk, "start"]))
    commune, operator = CommuneFactory(name_fr="Aourir"), PartnerFactory(name="Association Tifawin")
    data = {
        "campaign": campaign.pk,
        "programme": "general",
        "operator": operator.pk,
        "convention": "",
        "convention_reference": "ANLCA/2025/07",
        "convention_amount": "45 000,00",
        "commune": commune.pk,
        "start_on": "2025-10-15",
        "end_on": "2026-06-15",
        "target_learners": "50",
    }
    response = client.post(reverse("coordination:operation_create"), data | {"end_on": "2026-12-31"})
    assert "dans celles de la campagne" in text(response)
    response = client.post(reverse("coordination:operation_create"), data)
    operation = LiteracyOperation.objects.get()
    assert response["Location"] == operation.get_absolute_url() and operation.reference == "ALPHA-2025-0001"
    client.post(reverse("coordination:operation_transition", args=[operation.pk, "start"]))
    centre = LiteracyCentreFactory(commune=commune, name="Maison de jeunes Aourir")
    response = client.post(
        reverse("coordination:class_create", args=[operation.pk]),
        {
            "name": "Classe des femmes",
            "centre": centre.pk,
            "level": "niveau_1",
            "instructor": "Naima",
            "start_on": "2025-10-20",
            "end_on": "2026-06-10",
            "hours": "300",
        },
    )
    literacy_class = LiteracyClass.objects.get()
    assert response["Location"] == reverse("coordination:class_headcounts", args=[literacy_class.pk])
    page = text(client.get(response["Location"]))
    assert 'data-testid="grid-F-25-44-enrolled"' in page and 'data-testid="grid-H-45+-completed"' in page
    url = reverse("coordination:class_headcounts", args=[literacy_class.pk])
    response = client.post(url, grid_post(F_25_44=(20, 25), H_15_24=(4, 1)))
    assert response.status_code == 200
    page = text(response)
    assert "25 ayant achevé pour 20 inscrits" in page and 'data-testid="grid-F-25-44-error"' in page
    assert not literacy_class.headcounts.exists()
    response = client.post(url, grid_post(F_25_44=(20, 15), H_15_24=(4, 1)))
    assert response["Location"] == literacy_class.get_absolute_url()
    page = text(client.get(literacy_class.get_absolute_url()))
    assert 'data-testid="grid-enrolled-total">24<' in page
    page = text(client.get(campaign.get_absolute_url()))
    assert 'data-testid="enrolled-total">24<' in page and "Taux d'achèvement = apprenants ayant achevé" in page
    response = client.get(reverse("coordination:campaign_pdf", args=[campaign.pk, "fr"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_readers_see_no_write_button_and_are_refused_the_grid(agent, role_users, client_as):
    campaign = running_campaign(agent)
    operation = operation_in(campaign, agent)
    literacy_class = class_in(operation, agent)
    client = client_as(role_users["chef"])
    page = text(client.get(operation.get_absolute_url()))
    assert 'data-testid="class-add"' not in page and 'data-testid="button-complete"' not in page
    page = text(client.get(literacy_class.get_absolute_url()))
    assert 'data-testid="headcounts-edit"' not in page
    assert client.get(reverse("coordination:class_headcounts", args=[literacy_class.pk])).status_code == 403
    response = client.post(reverse("coordination:operation_transition", args=[operation.pk, "complete"]))
    assert response.status_code == 302
    operation.refresh_from_db()
    assert operation.status == LiteracyOperation.Status.IN_PROGRESS
    page = text(client_as(agent).get(operation.get_absolute_url()))
    assert 'data-testid="class-add"' in page and 'data-testid="button-complete"' in page
    assert 'data-testid="page-cancel"' in page


def test_closing_a_campaign_with_open_operations_says_why(agent, client_as):
    campaign = running_campaign(agent)
    operation_in(campaign, agent)
    client = client_as(agent)
    page = text(client.get(campaign.get_absolute_url()))
    assert 'data-testid="blocked-close"' in page and 'data-testid="page-close"' not in page
    response = client.post(reverse("coordination:campaign_close", args=[campaign.pk]), {"closing_note": "Bilan"})
    assert response.status_code == 200 and "achevez-la ou annulez-la" in text(response)
    campaign.refresh_from_db()
    assert campaign.status == LiteracyCampaign.Status.IN_PROGRESS


def test_the_lists_filter_and_export(agent, role_users, client_as):
    build_campaign(agent)
    client = client_as(role_users["auditeur"])
    page = text(client.get(reverse("coordination:campaign_list")))
    assert "2025-2026" in page and "72,1 %" in page and reverse("coordination:campaign_create") not in page
    page = text(client.get(reverse("coordination:operation_list"), {"programme": "enf"}))
    assert "ALPHA-2025-0002" in page and "ALPHA-2025-0001" not in page
    page = text(client.get(reverse("coordination:centre_list")))
    assert "Foyer féminin" in page
    for name in ("campaign_list", "operation_list", "centre_list"):
        for kind in ("xlsx", "pdf"):
            response = client.get(reverse(f"coordination:{name}") + f"?export={kind}")
            assert response.status_code == 200, (name, kind)


def test_the_yearly_summary_pdf_in_french_and_arabic(agent, tmp_path):
    campaign = build_campaign(agent)
    french = pdf_text(literacy_documents.render_summary_pdf(campaign, "fr"), tmp_path, "fr.pdf")
    assert "Bilan annuel de la campagne d'alphabétisation 2025-2026" in french
    assert "Anza" in french and "Drarga" in french and "Association Amal" in french
    assert "72,1 %" in french and "78,7 %" in french and "Chiffres provisoires" in french
    assert "ALPHA-2025-0003" in french and "Annulée" in french
    assert "Taux d'achèvement = apprenants ayant achevé" in french
    assert "Le Chef de la Division de l'Action Sociale" in french
    arabic = pdf_text(literacy_documents.render_summary_pdf(campaign, "ar"), tmp_path, "ar.pdf")
    assert "الحصيلة السنوية" in arabic or as_extracted("الحصيلة السنوية") in arabic
    assert "72,1" in arabic
    assert as_extracted("رئيس قسم العمل الاجتماعي") in arabic


def test_the_yearly_summary_workbook(agent, role_users, client_as):
    campaign = build_campaign(agent)
    response = client_as(role_users["chef"]).get(reverse("coordination:campaign_xlsx", args=[campaign.pk]))
    workbook = load_workbook(io.BytesIO(content(response)))
    assert workbook.sheetnames == [
        "Synthèse",
        "Par commune",
        "Par programme",
        "Par tranche d'âge",
        "Par niveau",
        "Par opérateur",
        "Opérations",
        "Paramètres",
    ]
    summary = workbook["Synthèse"]
    assert [summary[f"{c}7"].value for c in "BCEF"] == [48, 13, 38, 6]
    assert summary["D7"].value == "=B7+C7" and summary["H7"].value == '=IF(D7=0,"",G7/D7)'
    communes = workbook["Par commune"]
    assert [communes["A2"].value, communes["B2"].value, communes["C2"].value] == ["Anza", 36, 5]
    assert communes["B4"].value == "=SUM(B2:B3)"
    ages = workbook["Par tranche d'âge"]
    assert [ages["A2"].value, ages["C2"].value, ages["D2"].value] == ["9 à 14 ans", 12, 9]
    operations = workbook["Opérations"]
    assert operations["A4"].value == "ALPHA-2025-0003" and operations["J5"].value == "=SUM(J2:J4)"
    assert workbook["Paramètres"]["B1"].value == "2025-2026"


def grow(agent, campaign, operation, size):
    while operation.classes.count() < size:
        literacy_class = class_in(operation, agent, centre=LiteracyCentreFactory())
        services.headcounts_save(literacy_class=literacy_class, by=agent, lines=grid(F_25_44=(10, 6), H_45=(2, 1)))
    return literacy_class


def test_pages_keep_their_query_count(agent, client_as, django_assert_max_num_queries):
    """Every page, at 2 then 6 classes (each with its grid): the same number of queries."""
    client = client_as(agent)
    campaign = running_campaign(agent)
    operation = operation_in(campaign, agent)
    counts = {}
    for size in (2, 6):
        literacy_class = grow(agent, campaign, operation, size)
        urls = {
            "campaign": campaign.get_absolute_url(),
            "campaign_list": reverse("coordination:campaign_list"),
            "operation": operation.get_absolute_url(),
            "operation_list": reverse("coordination:operation_list"),
            "class": literacy_class.get_absolute_url(),
            "grid": reverse("coordination:class_headcounts", args=[literacy_class.pk]),
            "pdf": reverse("coordination:campaign_pdf", args=[campaign.pk, "fr"]),
            "xlsx": reverse("coordination:campaign_xlsx", args=[campaign.pk]),
            "centres": reverse("coordination:centre_list"),
            "space": reverse("coordination:index"),
            "home": reverse("home"),
        }
        for page, url in urls.items():
            content(client.get(url))  # warms the per-process caches (content types of the attachments)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
                assert response.status_code == 200, page
                content(response)
            counts.setdefault(page, []).append(len(captured))
    changed = {page: pair for page, pair in counts.items() if pair[0] != pair[1]}
    assert not changed, changed
    with django_assert_max_num_queries(counts["campaign"][0]):
        content(client.get(campaign.get_absolute_url()))


def test_the_space_and_home_show_what_waits(agent, role_users, client_as):
    campaign = running_campaign(agent)
    operation = operation_in(campaign, agent)
    class_in(operation, agent)
    page = text(client_as(agent).get(reverse("coordination:index")))
    assert 'data-testid="space-area-literacy"' in page and "Classes sans effectifs saisis" in page
    page = text(client_as(agent).get(reverse("home")))
    assert "Classes d'alphabétisation sans effectifs" in page
    page = text(client_as(role_users["auditeur"]).get(reverse("home")))
    assert "Classes d'alphabétisation sans effectifs" not in page


def test_the_other_forms_save_through_their_services(agent, client_as):
    client = client_as(agent)
    commune = CommuneFactory(name_fr="Tamri")
    response = client.post(
        reverse("coordination:centre_create"),
        {"name": "Mosquée Tamri", "kind": "mosquee", "commune": commune.pk, "locality": "", "address": ""},
    )
    assert response["Location"] == reverse("coordination:centre_list")
    response = client.post(
        reverse("coordination:centre_create"),
        {"name": "Mosquée Tamri", "kind": "mosquee", "commune": commune.pk, "locality": "", "address": ""},
    )
    assert "existe déjà" in text(response)
    campaign = running_campaign(agent)
    operation = operation_in(campaign, agent)
    literacy_class = class_in(operation, agent, name="Classe A")
    response = client.post(
        reverse("coordination:class_update", args=[literacy_class.pk]),
        {
            "name": "Classe A",
            "centre": literacy_class.centre_id,
            "level": "niveau_2",
            "instructor": "",
            "start_on": "2025-09-01",
            "end_on": "2026-06-30",
            "hours": "",
        },
    )
    assert "dans celles de l'opération" in text(response)
    response = client.post(reverse("coordination:operation_cancel", args=[operation.pk]), {"reason": ""})
    assert response.status_code == 200 and "is-invalid" in text(response)
    response = client.post(reverse("coordination:operation_cancel", args=[operation.pk]), {"reason": "Local fermé"})
    assert response["Location"] == operation.get_absolute_url()
    page = text(client.get(operation.get_absolute_url()))
    assert 'data-testid="cancel-reason"' in page and "Local fermé" in page
    response = client.get(reverse("coordination:class_headcounts", args=[literacy_class.pk]))
    assert response.status_code == 302  # an annulée operation's grid is closed: back to the class, with the reason


def test_the_summary_operations_table_gives_the_operator_a_wide_column(agent):
    # Without explicit widths the operator's column got what the others left (~6 characters) and long names ran into
    # the convention's column.
    import re

    from django.template.loader import render_to_string

    campaign = build_campaign(agent)
    for language in ("fr", "ar"):
        html = render_to_string(
            "coordination/literacy/summary_pdf.html", literacy_documents.summary_context(campaign, language)
        )
        group = re.search(r'<colgroup class="operations">(.*?)</colgroup>', html, re.S)
        assert group, language
        widths = [int(w) for w in re.findall(r"width: (\d+)%", group.group(1))]
        assert len(widths) == 11 and sum(widths) == 100
        assert re.search(r'<col class="operator" style="width: (\d+)%">', group.group(1)).group(1) == "18"
        assert "overflow-wrap: anywhere" in html
