"""Cooperation pages: lists and exports, forms and their refusals, the programme's page, sheet (PDF, Excel), the
project page's section, and constant query counts."""

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.models import ActivityProject, CooperationActivity, CooperationPartner, CooperationProgramme
from coordination.services import cooperation as services
from tests.coordination.factories_cooperation import activity, partner, pdf_file, programme, project

D = Decimal
TODAY = timezone.localdate
pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(role_users):
    return role_users["coordination"]


def pdf_text(content: bytes) -> str:
    """The PDF's text through pdftotext (poppler-utils), as the other PDF tests read it."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run([pdftotext, "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode()


def grow(agent, size: int):
    """A programme with ``size`` activities, each supporting a project and with a follow-up point, and reports."""
    made = programme(agent, amount="100000000", contribution="50000000", title=f"Programme {size}")
    for n in range(size):
        work = activity(agent, made, partner="100000", indh="50000", other="10000", title=f"Activité {n}")
        services.support_add(activity=work, by=agent, project=project(), amount=D("20000"))
        services.followup_add(activity=work, by=agent, on=TODAY(), progress=10, spent=D("1000"), note="Démarrage")
        services.report_add(programme=made, by=agent, kind="technique", title=f"S{n}", due_on=TODAY())
    return made


def test_partner_create_page_and_refusal(client_as, agent):
    client = client_as(agent)
    url = reverse("coordination:cooperation_partner_create")
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "JICA", "kind": "bilaterale", "country": "Japon"})
    made = CooperationPartner.objects.get(name="JICA")
    assert response.url == made.get_absolute_url()
    response = client.post(url, {"name": "jica", "kind": "bilaterale", "country": "Japon"})
    assert response.status_code == 200 and "Un partenaire porte déjà ce nom." in response.content.decode()
    page = client.get(made.get_absolute_url()).content.decode()
    assert "Japon" in page and 'data-testid="programme-add"' in page


def test_programme_create_refuses_a_contribution_over_the_amount(client_as, agent):
    client = client_as(agent)
    the_partner = partner(agent)
    url = reverse("coordination:cooperation_programme_create")
    data = {
        "partner": the_partner.pk,
        "title": "Appui au préscolaire",
        "start_on": "2026-01-01",
        "end_on": "2027-12-31",
        "amount": "1 000 000",
        "partner_contribution": "1 200 000",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "dépasse le montant global" in response.content.decode()
    assert not CooperationProgramme.objects.exists()
    data["partner_contribution"] = "800 000"
    response = client.post(url, data)
    made = CooperationProgramme.objects.get()
    assert response.url == made.get_absolute_url() and made.reference.startswith("COOP-")


def test_activity_with_supported_project_shows_on_programme_page_and_pdf(client_as, agent):
    client = client_as(agent)
    made = programme(agent)
    response = client.post(
        reverse("coordination:cooperation_activity_create", args=[made.pk]),
        {
            "title": "Plateforme des jeunes",
            "partner_amount": "300 000",
            "indh_amount": "100 000",
            "other_amount": "0",
            "amount": "500 000",
        },
    )
    assert response.status_code == 200 and "doit être égal à la somme des parts" in response.content.decode()
    client.post(
        reverse("coordination:cooperation_activity_create", args=[made.pk]),
        {
            "title": "Plateforme des jeunes",
            "partner_amount": "300 000",
            "indh_amount": "100 000",
            "other_amount": "0",
            "amount": "400 000",
        },
    )
    work = CooperationActivity.objects.get()
    supported = project("DEMO-COOP-1")
    url = reverse("coordination:cooperation_support_add", args=[work.pk])
    response = client.post(url, {"project": supported.pk, "amount": "500 000"})
    assert response.status_code == 200 and "dépasseraient le montant de l" in response.content.decode()
    client.post(url, {"project": supported.pk, "amount": "250 000"})
    assert ActivityProject.objects.get().amount == D("250000")
    page = client.get(made.get_absolute_url()).content.decode()
    assert "DEMO-COOP-1" in page and "Plateforme des jeunes" in page
    text = pdf_text(client.get(reverse("coordination:cooperation_programme_pdf", args=[made.pk, "fr"])).content)
    assert "DEMO-COOP-1" in text and "Plateforme des jeunes" in text and made.reference in text
    arabic = client.get(reverse("coordination:cooperation_programme_pdf", args=[made.pk, "ar"]))
    assert arabic.status_code == 200 and "بطاقة برنامج التعاون" in pdf_text(arabic.content)


def test_programme_workbook(client_as, agent):
    from openpyxl import load_workbook

    made = grow(agent, 2)
    response = client_as(agent).get(reverse("coordination:cooperation_programme_xlsx", args=[made.pk]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames[:3] == ["Activités", "Projets soutenus", "Rapports"]
    sheet = book["Activités"]
    assert sheet["A6"].value == "Activité 0" and sheet["D6"].value == 160000
    assert sheet["D8"].value.startswith("=SUM(")


def test_follow_up_in_the_future_is_refused_on_the_page(client_as, agent):
    work = activity(agent, programme(agent))
    response = client_as(agent).post(
        reverse("coordination:cooperation_followup_add", args=[work.pk]),
        {"on": (TODAY() + dt.timedelta(days=3)).isoformat(), "progress": "20", "spent": "0", "note": "x"},
    )
    assert response.status_code == 200 and "ne peut pas être dans le futur" in response.content.decode()


def test_report_submit_page_and_late_list(client_as, agent):
    client = client_as(agent)
    made = programme(agent)
    late = services.report_add(
        programme=made, by=agent, kind="technique", title="Rapport S1", due_on=TODAY() - dt.timedelta(days=3)
    )
    services.report_add(
        programme=made, by=agent, kind="financier", title="Rapport financier", due_on=TODAY() + dt.timedelta(days=10)
    )
    listing = client.get(reverse("coordination:cooperation_report_list") + "?late=true").content.decode()
    assert "Rapport S1" in listing and "Rapport financier" not in listing and 'data-testid="late-report"' in listing
    page = client.get(made.get_absolute_url()).content.decode()
    assert page.count('data-testid="late-report"') == 1
    url = reverse("coordination:cooperation_report_submit", args=[late.pk])
    response = client.post(url, {"submitted_on": TODAY().isoformat(), "file": pdf_file()})
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.submitted_on == TODAY() and late.file_id
    for export in ("pdf", "xlsx"):
        assert client.get(reverse("coordination:cooperation_report_list") + f"?export={export}").status_code == 200


def test_lists_export(client_as, agent):
    grow(agent, 1)
    client = client_as(agent)
    for name in ("cooperation_partner_list", "cooperation_programme_list"):
        for export in ("", "?export=pdf", "?export=xlsx"):
            assert client.get(reverse(f"coordination:{name}") + export).status_code == 200
    text = pdf_text(client.get(reverse("coordination:cooperation_partner_list") + "?export=pdf").content)
    assert "100 000 000,00" in text  # the programme's amount in the partner's row


def test_readers_see_no_buttons(client_as, agent, role_users):
    made = grow(agent, 1)
    page = client_as(role_users["chef"]).get(made.get_absolute_url()).content.decode()
    assert 'data-testid="activity-add"' not in page and 'data-testid="button-close"' not in page
    page = client_as(agent).get(made.get_absolute_url()).content.decode()
    assert 'data-testid="activity-add"' in page and 'data-testid="blocked-close"' in page


# The coordination role does not open project pages (projects.access): the chef and the auditor read both.
@pytest.mark.parametrize("role,shown", [("chef", True), ("auditeur", True), ("suivi_evaluation", False)])
def test_project_page_section(client_as, agent, role_users, role, shown):
    work = activity(agent, programme(agent), title="Équipement de la plateforme")
    supported = project()
    services.support_add(activity=work, by=agent, project=supported, amount=D("100000"))
    response = client_as(role_users[role]).get(reverse("projects:project_detail", args=[supported.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert ('data-testid="cooperation-section"' in page) is shown
    assert ("Équipement de la plateforme" in page) is shown


def test_project_section_queries_do_not_grow(client_as, agent, role_users):
    supported = project()
    client = client_as(role_users["chef"])
    counts = []
    for size in (1, 4):
        for n in range(size - len(counts) * 1 if counts else size):
            work = activity(agent, programme(agent), title=f"Activité {size}-{n}")
            services.support_add(activity=work, by=agent, project=supported, amount=D("1000"))
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("projects:project_detail", args=[supported.pk]))
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("page", ["detail", "pdf", "xlsx", "list", "activity", "space"])
def test_key_pages_keep_their_query_count(client_as, agent, page, django_assert_max_num_queries):
    client = client_as(agent)
    counts = []
    for size in (2, 6):
        made = grow(agent, size)
        url = {
            "detail": made.get_absolute_url(),
            "pdf": reverse("coordination:cooperation_programme_pdf", args=[made.pk, "fr"]),
            "xlsx": reverse("coordination:cooperation_programme_xlsx", args=[made.pk]),
            "list": reverse("coordination:cooperation_programme_list"),
            "activity": made.activities.first().get_absolute_url(),
            "space": reverse("coordination:index"),
        }[page]
        client.get(url)  # warms the per-process caches (content types), which are not the page's queries
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    print(f"queries {page}: {counts}")
    assert counts[1] == counts[0], f"{page}: {counts}"
    with django_assert_max_num_queries(counts[0]):
        client.get(url)


def test_missing_records_are_404(client_as, agent):
    client = client_as(agent)
    for name in ("cooperation_programme_detail", "cooperation_activity_detail", "cooperation_partner_detail"):
        assert client.get(reverse(f"coordination:{name}", args=[999999])).status_code == 404


def test_home_cards_for_the_service_only(client_as, agent, role_users):
    made = programme(agent)
    services.report_add(programme=made, by=agent, kind="technique", title="S1", due_on=TODAY() - dt.timedelta(days=2))
    services.report_add(programme=made, by=agent, kind="financier", title="F1", due_on=TODAY() + dt.timedelta(days=5))
    page = client_as(agent).get(reverse("home")).content.decode()
    assert "Rapports aux partenaires en retard" in page and "Rapports aux partenaires dus dans les 30 jours" in page
    page = client_as(role_users["chef"]).get(reverse("home")).content.decode()
    assert "Rapports aux partenaires en retard" not in page
    space = client_as(role_users["auditeur"]).get(reverse("coordination:index")).content.decode()
    assert "Coopération internationale" in space and "Rapports dus dans les 30 jours" in space


@pytest.mark.parametrize("year", ["99999", "-5", "99999999999999999999", "1999", "abc"])
@pytest.mark.parametrize("export", ["", "pdf", "xlsx"])
def test_a_year_out_of_bounds_is_a_filter_error_not_a_500(client_as, agent, year, export):
    programme(agent, title="Appui aux jeunes")
    query = {"year": year, **({"export": export} if export else {})}
    response = client_as(agent).get(reverse("coordination:cooperation_programme_list"), query)
    assert response.status_code == 200, (year, export)
    page = response.content.decode()
    assert "Appui aux jeunes" not in page  # an invalid filter selects nothing, with its error next to the field
    assert "is-invalid" in page


def test_the_year_filter_keeps_the_programmes_running_that_year(client_as, agent):
    programme(agent, title="Appui aux jeunes")  # from 100 days ago to 700 days ahead
    client = client_as(agent)
    url = reverse("coordination:cooperation_programme_list")
    assert "Appui aux jeunes" in client.get(url, {"year": TODAY().year}).content.decode()
    assert "Appui aux jeunes" not in client.get(url, {"year": TODAY().year + 5}).content.decode()


def test_a_date_out_of_the_programme_is_refused_next_to_the_field(client_as, agent):
    made = programme(agent)
    response = client_as(agent).post(
        reverse("coordination:cooperation_activity_create", args=[made.pk]),
        {
            "title": "Plateforme des jeunes",
            "partner_amount": "300 000",
            "indh_amount": "0",
            "other_amount": "0",
            "amount": "300 000",
            "start_on": (made.start_on - dt.timedelta(days=1)).isoformat(),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "dans la période du programme" in page
    assert 'id="error_1_id_start_on"' in page  # crispy's error block under the field
    assert not CooperationActivity.objects.exists()


def test_the_pdf_totals_every_part_of_the_activities(client_as, agent):
    made = programme(agent, amount="10000000", contribution="5000000")
    activity(agent, made, partner="111111", indh="44444", other="7000")
    activity(agent, made, partner="222222", indh="55555", other="8000")
    response = client_as(agent).get(reverse("coordination:cooperation_programme_pdf", args=[made.pk, "fr"]))
    pdftotext = shutil.which("pdftotext") or pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        [pdftotext, "-layout", "-enc", "UTF-8", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    totals = [line for line in text.splitlines() if "448" in line and "333" in line]  # amount and partner totals
    assert len(totals) == 1, text
    for figure in ("333", "99", "15"):  # partner 333 333, INDH 99 999, others 15 000
        assert figure in totals[0], totals[0]


def test_the_form_pages_are_the_shared_record_form_page():
    from coordination.views import cooperation as views
    from das.views.base import RecordFormPage

    pages = [
        views.PartnerCreateView,
        views.PartnerUpdateView,
        views.ProgrammeCreateView,
        views.ProgrammeUpdateView,
        views.ActivityCreateView,
        views.ActivityUpdateView,
        views.SupportAddView,
        views.SupportUpdateView,
        views.FollowUpAddView,
        views.ReportAddView,
        views.ReportSubmitView,
    ]
    assert all(issubclass(page, RecordFormPage) for page in pages)
