"""The fiches de réalisation's pages: forms with French errors, the buttons each role sees, the photos, the brochure
(only published fiches, grouped, totals right, an empty selection answered in French) and constant query counts."""

import shutil
import subprocess
import unicodedata
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communication.models import AchievementSheet
from communication.services import showcase as services
from das.formatting import format_money
from projects.models import Project
from tests.communication.factories import photo_upload
from tests.communication.test_showcase_services import (
    achieved_project,
    draft_sheet,
    published_sheet,
    sheet_fields,
    submitted_sheet,
)
from tests.factories import CommuneFactory, PhaseFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
Status = AchievementSheet.Status
BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def pdf_text(content: bytes, tmp_path, name="fiche.pdf") -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / name
    path.write_bytes(content)
    result = subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(unicodedata.normalize("NFKC", result.stdout.decode()).translate(BIDI).split())


def pdf_pages(content: bytes, tmp_path) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        [shutil.which("pdfinfo") or "pdfinfo", str(path)], capture_output=True, check=True, text=True
    )
    return int(next(line.split()[-1] for line in result.stdout.splitlines() if line.startswith("Pages:")))


def money_text(value) -> str:
    return " ".join(unicodedata.normalize("NFKC", format_money(Decimal(value))).split())


def form_data(project, **overrides):
    fields = sheet_fields(project)
    data = {
        "title": fields["title"],
        "title_ar": "",
        "summary": fields["summary"],
        "summary_ar": "",
        "results": "",
        "beneficiaries": fields["beneficiaries"],
        "beneficiaries_women": fields["beneficiaries_women"],
        "cost": "800 000,00",
        "indh_share": "400 000,00",
        "partners": [partner.pk for partner in fields["partners"]],
    }
    data.update(overrides)
    return data


# --- Create and edit ------------------------------------------------------------------------------------------------
def test_the_list_offers_the_achieved_projects_without_fiche(role_users, client_as):
    done = achieved_project()
    running = achieved_project(status=Project.Status.IN_PROGRESS)
    with_sheet = draft_sheet(role_users["communication"], photos=())
    html = client_as(role_users["communication"]).get(reverse("communication:sheet_list")).content.decode()
    assert f"?project={done.pk}" in html and f"?project={running.pk}" not in html
    assert f"?project={with_sheet.project_id}" not in html
    assert "Projets réalisés sans fiche" in html
    html = client_as(role_users["chef"]).get(reverse("communication:sheet_list")).content.decode()
    assert "Projets réalisés sans fiche" not in html and with_sheet.title in html


def test_the_create_form_is_prefilled_and_saves(role_users, client_as):
    project = achieved_project()
    client = client_as(role_users["communication"])
    url = reverse("communication:sheet_create") + f"?project={project.pk}"
    html = client.get(url).content.decode()
    assert f'value="{project.title}"' in html and 'value="300"' in html and project.holder.name in html
    response = client.post(url, form_data(project))
    sheet = AchievementSheet.objects.get(project=project)
    assert response.status_code == 302 and response["Location"] == sheet.get_absolute_url()
    assert sheet.cost == Decimal("800000") and list(sheet.partners.all()) == [project.holder]


def test_the_create_form_refuses_bad_input_in_french(role_users, client_as):
    project = achieved_project()
    client = client_as(role_users["communication"])
    url = reverse("communication:sheet_create") + f"?project={project.pk}"
    response = client.post(url, form_data(project, cost="beaucoup", beneficiaries="-3"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez un montant en dirhams" in html and "supérieure ou égale à 0" in html
    response = client.post(url, form_data(project, indh_share="900 000"))
    assert "La part INDH dépasse le coût global." in response.content.decode()
    assert not AchievementSheet.objects.exists()


def test_the_create_page_refuses_a_project_not_achieved_or_unknown(role_users, client_as):
    client = client_as(role_users["communication"])
    running = achieved_project(status=Project.Status.IN_PROGRESS)
    response = client.get(reverse("communication:sheet_create") + f"?project={running.pk}", follow=True)
    assert "achevé (réception provisoire) ou clôturé" in response.content.decode()
    assert client.get(reverse("communication:sheet_create") + "?project=abc").status_code == 404
    done = achieved_project()
    html = client.get(reverse("communication:sheet_create")).content.decode()
    assert f"?project={done.pk}" in html and f"?project={running.pk}" not in html


def test_the_update_page_is_closed_after_submission(role_users, client_as):
    sheet = submitted_sheet(role_users)
    client = client_as(role_users["communication"])
    response = client.get(reverse("communication:sheet_update", args=[sheet.pk]), follow=True)
    assert "ne se modifie qu&#x27;en brouillon" in response.content.decode()
    response = client.post(reverse("communication:sheet_update", args=[sheet.pk]), form_data(sheet.project))
    assert "ne se modifie qu&#x27;en brouillon" in response.content.decode()


def test_a_file_that_is_not_a_photo_is_refused_next_to_the_field(role_users, client_as):
    sheet = draft_sheet(role_users["communication"], photos=())
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.jpg", b"MZ not a photo", content_type="image/jpeg")
    client = client_as(role_users["communication"])
    response = client.post(
        reverse("communication:sheet_photo_add", args=[sheet.pk]), {"photo": fake, "moment": "apres", "caption": ""}
    )
    assert "n&#x27;est pas une photo JPEG ou PNG" in response.content.decode()
    response = client.post(
        reverse("communication:sheet_photo_add", args=[sheet.pk]),
        {"photo": photo_upload(), "moment": "apres", "caption": "La façade"},
    )
    assert response.status_code == 302
    photo = sheet.photos.get()
    image = client_as(role_users["auditeur"]).get(reverse("communication:sheet_photo", args=[photo.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image["Cache-Control"] == "private, max-age=3600" and image["X-Content-Type-Options"] == "nosniff"
    assert (
        client_as(role_users["formation"]).get(reverse("communication:sheet_photo", args=[photo.pk])).status_code == 403
    )


# --- Buttons per role -----------------------------------------------------------------------------------------------
def detail(client, sheet) -> str:
    response = client.get(reverse("communication:sheet_detail", args=[sheet.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_buttons_follow_the_role_and_the_state(role_users, client_as):
    sheet = draft_sheet(role_users["communication"], photos=("avant",))
    html = detail(client_as(role_users["communication"]), sheet)
    assert 'data-testid="blocked-submit"' in html and "photo « après »" in html and 'data-testid="sheet-edit"' in html
    services.photo_add(sheet=sheet, by=role_users["communication"], uploaded=photo_upload(), moment="apres")
    html = detail(client_as(role_users["communication"]), sheet)
    assert 'data-testid="button-submit"' in html
    for role in ("chef", "auditeur"):
        html = detail(client_as(role_users[role]), sheet)
        assert "button-" not in html and "sheet-edit" not in html and "photo-add" not in html
    sheet = services.sheet_submit(sheet=sheet, by=role_users["communication"])
    html = detail(client_as(role_users["chef"]), sheet)
    assert 'data-testid="button-approve"' in html and 'data-testid="form-return"' in html
    html = detail(client_as(role_users["communication"]), sheet)
    assert "button-" not in html and "sheet-edit" not in html
    sheet = services.sheet_approve(sheet=sheet, by=role_users["chef"])
    for role in ("chef", "communication"):
        assert 'data-testid="form-withdraw"' in detail(client_as(role_users[role]), sheet)
    assert "button-" not in detail(client_as(role_users["auditeur"]), sheet)


def test_a_return_without_reason_shows_the_error_at_the_field(role_users, client_as):
    sheet = submitted_sheet(role_users)
    client = client_as(role_users["chef"])
    url = reverse("communication:sheet_transition", args=[sheet.pk, "return"])
    response = client.post(url, {"reason": " "})
    assert response.status_code == 200 and "Indiquez le motif." in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == Status.SUBMITTED
    response = client.post(url, {"reason": "Légende à compléter."})
    sheet.refresh_from_db()
    assert response.status_code == 302 and sheet.status == Status.DRAFT
    assert "Légende à compléter." in detail(client_as(role_users["communication"]), sheet)


def test_an_approval_by_the_service_is_refused_with_a_message(role_users, client_as):
    sheet = submitted_sheet(role_users)
    client = client_as(role_users["communication"])
    response = client.post(reverse("communication:sheet_transition", args=[sheet.pk, "approve"]), follow=True)
    assert "refusé" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == Status.SUBMITTED
    url = reverse("communication:sheet_transition", args=[sheet.pk, "approve"])
    assert client_as(role_users["chef"]).post(url).status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == Status.PUBLISHED
    assert client.post(reverse("communication:sheet_transition", args=[sheet.pk, "fly"])).status_code == 404


# --- PDFs -----------------------------------------------------------------------------------------------------------
def test_the_sheet_pdf_in_french_and_arabic(role_users, client_as, tmp_path):
    sheet = published_sheet(role_users, title_ar="المركز السوسيو تربوي")
    client = client_as(role_users["auditeur"])
    response = client.get(reverse("communication:sheet_pdf", args=[sheet.pk, "fr"]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Initiative Nationale pour le Développement Humain" in text and sheet.title in text
    assert money_text("800000") in text and "Avant" in text and "Après" in text
    assert pdf_pages(response.content, tmp_path) == 1
    response = client.get(reverse("communication:sheet_pdf", args=[sheet.pk, "ar"]))
    assert response.status_code == 200 and pdf_pages(response.content, tmp_path) == 1
    assert "800 000,00" in pdf_text(response.content, tmp_path, "ar.pdf")
    assert client.get(reverse("communication:sheet_pdf", args=[sheet.pk, "de"])).status_code == 404


def brochure_world(role_users):
    """Two programmes and two communes: three published fiches, one submitted, one withdrawn."""
    first, second = ProgrammeFactory(phase=PhaseFactory(), code="P1"), ProgrammeFactory(phase=PhaseFactory(), code="P2")
    north, south = CommuneFactory(name_fr="Aourir"), CommuneFactory(name_fr="Tikiouine")
    sheets = [
        published_sheet(role_users, achieved_project(programme=first, commune=north, cost="100000")),
        published_sheet(role_users, achieved_project(programme=first, commune=south, cost="200000")),
        published_sheet(role_users, achieved_project(programme=second, commune=south, cost="300000")),
    ]
    pending = submitted_sheet(role_users, achieved_project(programme=first, commune=north))
    withdrawn = published_sheet(role_users, achieved_project(programme=second, commune=north))
    services.sheet_withdraw(sheet=withdrawn, by=role_users["chef"], reason="Erreur de chiffres")
    return {"programmes": (first, second), "communes": (north, south), "sheets": sheets, "hidden": (pending, withdrawn)}


def test_the_brochure_shows_only_published_fiches_grouped_with_totals(role_users, client_as, tmp_path):
    world = brochure_world(role_users)
    client = client_as(role_users["communication"])
    response = client.get(reverse("communication:brochure_pdf"), {"group": "programme", "language": "fr"})
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    for sheet in world["sheets"]:
        assert sheet.project.code in text
    for sheet in world["hidden"]:
        assert sheet.project.code not in text
    assert "Sommaire" in text and "Bilan des réalisations" in text
    assert text.index("P1 – Programme") < text.index("P2 – Programme")
    assert money_text("600000") in text and money_text("300000") in text  # cost, INDH share
    assert "Total 3 900" in text  # projects, beneficiaries (3 × 300)
    assert pdf_pages(response.content, tmp_path) == 1 + 1 + 3 + 1  # cover, contents, fiches, totals

    south = world["communes"][1]
    response = client.get(
        reverse("communication:brochure_pdf"), {"group": "commune", "language": "fr", "commune": south.pk}
    )
    text = pdf_text(response.content, tmp_path, "commune.pdf")
    assert world["sheets"][0].project.code not in text
    assert world["sheets"][1].project.code in text and world["sheets"][2].project.code in text
    assert "Commune : Tikiouine" in text and money_text("500000") in text
    response = client.get(reverse("communication:brochure_pdf"), {"group": "commune", "language": "ar"})
    assert response["Content-Type"] == "application/pdf"


def test_an_empty_brochure_is_a_french_message(role_users, client_as):
    brochure_world(role_users)
    client = client_as(role_users["chef"])
    response = client.get(
        reverse("communication:brochure_pdf"), {"group": "programme", "language": "fr", "year_from": 2030}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Aucune fiche publiée ne correspond à cette sélection" in response.content.decode()
    response = client.get(reverse("communication:brochure"), {"group": "programme", "language": "fr"})
    assert "3 fiches publiées correspondent" in response.content.decode()
    response = client.get(
        reverse("communication:brochure"), {"group": "x", "language": "fr", "year_from": 2026, "year_to": 2020}
    )
    html = response.content.decode()
    assert "Sélectionnez un choix valide" in html and "L&#x27;année de fin précède" in html


# --- Constant query counts ------------------------------------------------------------------------------------------
def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def test_the_list_detail_and_brochure_do_a_fixed_number_of_queries(role_users, client_as):
    client = client_as(role_users["communication"])
    programme = ProgrammeFactory(phase=PhaseFactory())
    sheets = [published_sheet(role_users, achieved_project(programme=programme)) for _ in range(2)]
    achieved_project()
    list_url = reverse("communication:sheet_list")
    brochure = reverse("communication:brochure_pdf")
    params = {"group": "programme", "language": "fr"}
    small = (count_queries(client, list_url), count_queries(client, brochure, params))
    detail_small = count_queries(client, reverse("communication:sheet_detail", args=[sheets[0].pk]))
    many_photos = ("avant", "apres", "autre", "autre", "autre", "autre")
    for _ in range(4):
        sheets.append(published_sheet(role_users, achieved_project(), photos=many_photos))
        achieved_project()
    big = (count_queries(client, list_url), count_queries(client, brochure, params))
    assert big == small
    assert count_queries(client, reverse("communication:sheet_detail", args=[sheets[-1].pk])) == detail_small
    assert sheets[-1].photos.count() == 6
