"""The « fiche projet » PDF: the record, the money, the marchés and the execution follow-up of one project on two
A4 pages, in French and in Arabic, with the latest photo; for the project's readers, in a fixed number of queries."""

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.models import Committee
from das.models import DownloadRecord
from projects.models import CommissionVisit, Convention, Indicator, Procurement, Project, ProjectBeneficiaries
from projects.project_sheet import render_project_sheet
from projects.services import indicators, progress, visits
from projects.services import procurement as procurement_services
from projects.services import record as record_services
from projects.services import tranches as tranche_services
from projects.services.record import BeneficiaryLine, TerritoryLine
from tests.factories import CommuneFactory, PartnerFactory
from tests.projects.execution_builders import Status, commission, project_at
from tests.projects.test_call_notice import as_extracted, keep, pdf_text
from tests.projects.test_tranches import RIB

pytestmark = pytest.mark.django_db
K, S, A = ProjectBeneficiaries.Kind, ProjectBeneficiaries.Sex, ProjectBeneficiaries.AgeGroup
READERS = ["chef", "suivi_evaluation", "secretariat_cpdh", "coordination", "auditeur"]
REFUSED = ["administrateur", "communication", "formation", "cabinet", "dbm"]


def today():
    return timezone.localdate()


def days_ago(n):
    return today() - dt.timedelta(days=n)


def site_photo():
    """A photo of the works big enough to be seen on the sheet."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 420), (150, 185, 215))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 640, 420), fill=(140, 110, 70))
    draw.rectangle((180, 140, 460, 300), fill=(210, 200, 185), outline=(90, 80, 70), width=4)
    draw.polygon([(160, 140), (320, 60), (480, 140)], fill=(170, 60, 40))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return SimpleUploadedFile("chantier.jpg", buffer.getvalue(), content_type="image/jpeg")


def pay(tranche, agent, amount, days, order):
    tranche_services.payment_record(
        tranche=tranche, by=agent, paid_on=days_ago(days), amount=amount, payment_order=order, rib=RIB
    )


def rich_project(role_users, *, payments=2, entries=1, visit_count=2, marche="AO-07/2026"):
    """A project in progress with its whole record: territories, beneficiaries, AGR facts, a convention with two
    tranches and ``payments`` payments, a marché, ``entries`` progress entries (the latest with a photo),
    ``visit_count`` commission visits and an indicator with values."""
    agent, head = role_users["suivi_evaluation"], role_users["chef"]
    project = project_at(Status.IN_PROGRESS, role_users)
    Project.objects.filter(pk=project.pk).update(
        actual_start=days_ago(90), planned_start=days_ago(100), planned_end=today() + dt.timedelta(days=200)
    )
    project = Project.objects.get(pk=project.pk)
    other = CommuneFactory(name_fr="Tamri", name_ar="تامري")
    record_services.project_update_record(
        project=project,
        by=agent,
        delegated_owner=PartnerFactory(name="Agence Urbaine d'Agadir", name_ar=""),
        latitude=Decimal("30.512345"),
        longitude=Decimal("-9.654321"),
        jobs_planned=12,
        jobs_created=7,
        territories=[TerritoryLine(project.commune, Decimal("60")), TerritoryLine(other, Decimal("40"))],
        beneficiaries=[
            BeneficiaryLine(K.TARGETED, S.FEMALE, A.ADULT, 120),
            BeneficiaryLine(K.TARGETED, S.MALE, A.YOUTH, 80),
            BeneficiaryLine(K.REACHED, S.FEMALE, A.ADULT, 45),
        ],
    )
    convention = Convention.objects.get(project=project)
    indh = project.indh_share
    forty, sixty = tranche_services.amounts_from_percentages(indh, [Decimal("40"), Decimal("60")])
    first, second = tranche_services.tranche_schedule_set(
        convention=convention,
        by=agent,
        lines=[
            tranche_services.TrancheLine(forty, "À la signature", due_on=days_ago(60)),
            tranche_services.TrancheLine(sixty, "À 50 % d'avancement"),
        ],
    )
    tranche_services.tranche_release(tranche=first, by=head)
    for number in range(payments):
        pay(first, agent, Decimal("1000.00"), 50 - number % 40, f"OP-{project.pk}-{number}")
    procurement_services.procurement_create(
        project=project,
        by=agent,
        procedure=Procurement.Procedure.OPEN_TENDER,
        reference=marche,
        subject="Construction du foyer féminin",
        estimated_amount=Decimal("420000"),
        published_on=days_ago(85),
        bids_opened_on=days_ago(70),
        awarded_on=days_ago(60),
        contractor_name="Entreprise Atlas BTP",
        awarded_amount=Decimal("398765.40"),
        service_order_on=days_ago(55),
        duration=4,
        duration_unit=Procurement.DurationUnit.MONTHS,
    )
    for number in range(entries):
        progress.progress_record(
            project=project,
            by=agent,
            recorded_on=days_ago(40 - number % 30),
            percent=10 + number % 20,
            narrative=f"Fondations coulées, élévation des murs en cours (constat {number}).",
        )
    progress.progress_record(
        project=project,
        by=agent,
        recorded_on=days_ago(5),
        percent=45,
        narrative="Gros œuvre achevé au rez-de-chaussée ; dalle du premier étage coulée.",
        problems="Retard d'approvisionnement en ciment.",
        photos=[site_photo()],
    )
    follow_up, members = commission(role_users, kind=Committee.Kind.FOLLOW_UP)
    for number in range(visit_count):
        visit = visits.visit_create(
            project=project,
            by=agent,
            kind=CommissionVisit.Kind.FOLLOW_UP,
            visited_on=days_ago(20 + number % 15),
            commission=follow_up,
            members=members[:2],
            findings="Chantier conforme aux plans.",
            reserves="Reprendre l'étanchéité de la terrasse." if number == 0 else "",
        )
        if number == 0:
            visits.visit_close(visit=visit, by=agent, on=days_ago(19))
    indicator = Indicator.objects.filter(code="BEN-F").first() or indicators.indicator_save(
        by=agent, code="BEN-F", name="Femmes bénéficiaires", name_ar="النساء المستفيدات", unit="personnes"
    )
    chosen = indicators.project_indicator_add(
        project=project, by=agent, indicator=indicator, target=Decimal("150"), periodicity="annee"
    )
    indicators.indicator_value_set(
        project_indicator=chosen, by=agent, year=today().year - 1, period="A", value=Decimal("87")
    )
    return Project.objects.get(pk=project.pk)


def pages(content: bytes, tmp_path) -> int:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(content)
    info = subprocess.run([shutil.which("pdfinfo"), str(path)], capture_output=True, check=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def images(content: bytes, tmp_path) -> int:
    path = tmp_path / "images.pdf"
    path.write_bytes(content)
    listed = subprocess.run([shutil.which("pdfimages"), "-list", str(path)], capture_output=True, check=True, text=True)
    return len(listed.stdout.splitlines()) - 2  # two lines of heading


@pytest.fixture
def project(role_users):
    return rich_project(role_users)


@pytest.fixture(autouse=True)
def _poppler():
    if not (shutil.which("pdfinfo") and shutil.which("pdfimages") and shutil.which("pdftotext")):
        pytest.skip("poppler-utils is not installed")


def test_the_french_sheet_shows_the_whole_record_on_two_pages_with_the_photo(project, tmp_path):
    content = render_project_sheet(project, "fr")
    keep(content, "fiche-fr.pdf")
    text = pdf_text(content, tmp_path, "fr.pdf")
    convention = Convention.objects.get(project=project)
    for expected in [
        "Fiche projet",
        project.code,
        project.title,
        project.holder.name,
        "Agence Urbaine d'Agadir",  # maître d'ouvrage délégué
        "Tamri",  # a second territory
        "30.512345, -9.654321",
        "12 prévus, 7 créés",
        "200 visés, 45 atteints.",
        convention.reference,
        "2 000,00 DH",  # paid
        "AO-07/2026",
        "Entreprise Atlas BTP",
        "398 765,40",
        "45 %",  # latest physical progress
        "Gros œuvre achevé au rez-de-chaussée",
        "Retard d'approvisionnement en ciment.",
        "Reprendre l'étanchéité de la terrasse.",
        "BEN-F",
        "Femmes bénéficiaires",
        "87",
        "150",
    ]:
        assert expected in text, expected
    assert f"{project.indh_share:,.2f}".replace(",", " ").replace(".", ",") + " DH" in text  # the INDH ceiling
    assert pages(content, tmp_path) <= 2
    assert images(content, tmp_path) == 1


def test_the_arabic_sheet_reads_right_to_left_with_arabic_names_and_french_fallbacks(project, tmp_path):
    content = render_project_sheet(project, "ar")
    keep(content, "fiche-ar.pdf")
    text = pdf_text(content, tmp_path, "ar.pdf")
    for expected in ["تامري", "النساء المستفيدات", "درهم", project.code, "AO-07/2026", "Entreprise Atlas BTP"]:
        assert as_extracted(expected) in text, expected
    assert "45%" in text
    assert pages(content, tmp_path) <= 2
    assert images(content, tmp_path) == 1


def test_without_photo_nor_follow_up_the_sheet_says_so(role_users, tmp_path):
    from tests.committees.test_meeting_services import approved_project

    content = render_project_sheet(approved_project(role_users), "fr")
    text = pdf_text(content, tmp_path, "empty.pdf")
    assert "Aucune photo des travaux." in text and "Aucun marché." in text and "Aucune visite." in text
    assert images(content, tmp_path) == 0
    assert pages(content, tmp_path) <= 2


def test_the_readers_download_it_and_the_download_is_journaled(client_as, role_users, project):
    for role in READERS:
        response = client_as(role_users[role]).get(reverse("projects:project_sheet", args=[project.pk, "ar"]))
        assert response.status_code == 200, role
        assert response["Content-Type"] == "application/pdf"
        assert f"fiche-projet-{project.code}-ar.pdf" in response["Content-Disposition"]
    assert DownloadRecord.objects.filter(file_name=f"fiche-projet-{project.code}-ar.pdf").count() == len(READERS)


def test_other_roles_are_refused_and_an_unknown_language_is_not_found(client_as, role_users, project):
    for role in REFUSED:
        assert (
            client_as(role_users[role]).get(reverse("projects:project_sheet", args=[project.pk, "fr"])).status_code
            == 403
        )
    assert (
        client_as(role_users["chef"]).get(reverse("projects:project_sheet", args=[project.pk, "en"])).status_code == 404
    )


def test_the_project_page_links_both_sheets(client_as, role_users, project):
    page = client_as(role_users["auditeur"]).get(project.get_absolute_url()).content.decode()
    assert reverse("projects:project_sheet", args=[project.pk, "fr"]) in page
    assert reverse("projects:project_sheet", args=[project.pk, "ar"]) in page


def count_queries(client, project) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("projects:project_sheet", args=[project.pk, "fr"]))
    assert response.status_code == 200
    return len(queries)


def test_the_queries_do_not_grow_with_payments_entries_and_visits(client_as, role_users):
    small = rich_project(role_users, payments=1, entries=0, visit_count=1)
    large = rich_project(role_users, payments=6, entries=5, visit_count=5, marche="AO-08/2026")
    client = client_as(role_users["chef"])
    count_queries(client, small)  # the session and the user are read once as on any first page
    assert count_queries(client, large) == count_queries(client, small)
