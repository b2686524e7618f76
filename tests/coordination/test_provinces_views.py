"""Pages of the provinces area: forms with their French errors next to the fields, buttons per role, the shares table
with « reste à répartir », late actions in red, list filters and exports (Excel, PDF), the joint project sheet and the
minutes in French and Arabic, and constant query counts at two data sizes."""

import datetime
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coordination.models import CoordinationMeeting, Counterpart, JointProject
from coordination.services import provinces as services
from tests.coordination import factories_provinces as build

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def agent(role_users):
    return role_users["coordination"]


def pdf_text(content: bytes, tmp_path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    result = subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return result.stdout.decode()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_counterpart_form_refuses_our_province_and_creates_a_missing_one(client_as, agent):
    client = client_as(agent)
    ours = build.home()
    response = client.post(reverse("coordination:counterpart_create"), {"province": ours.pk, "new_kind": "province"})
    assert response.status_code == 200  # ours is not even offered
    assert not Counterpart.objects.exists()
    response = client.post(
        reverse("coordination:counterpart_create"),
        {
            "new_name_fr": "Province de Tata",
            "new_name_ar": "إقليم طاطا",
            "new_code": "TAT",
            "new_kind": "province",
            "division_name": "DAS de Tata",
            "is_active": "on",
        },
    )
    counterpart = Counterpart.objects.get()
    assert response.status_code == 302 and response.url == counterpart.get_absolute_url()
    assert counterpart.province.name_ar == "إقليم طاطا"
    response = client.post(
        reverse("coordination:counterpart_create"),
        {"new_name_fr": "Province de Tata", "new_code": "TAT", "new_kind": "province"},
    )
    page = response.content.decode()
    assert "existe déjà" in page and "Le code TAT est déjà" in page


def test_main_contact_refused_next_to_the_field(client_as, agent):
    counterpart = build.counterpart(agent)
    services.contact_add(counterpart=counterpart, by=agent, full_name="Aïcha Bennani", function="Cheffe", is_main=True)
    response = client_as(agent).post(
        reverse("coordination:counterpart_contact_add", args=[counterpart.pk]),
        {"full_name": "Omar", "function": "Cadre", "is_main": "on"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "est déjà l&#x27;interlocuteur principal" in page
    assert 'id="error_1_id_is_main"' in page and counterpart.contacts.count() == 1


def test_shares_table_and_over_the_total(client_as, agent, role_users):
    project = build.joint_project(agent, total="1000000")
    services.share_add(joint_project=project, by=agent, province=build.home(), amount=Decimal("600000"))
    client = client_as(agent)
    response = client.post(
        reverse("coordination:joint_project_share_add", args=[project.pk]),
        {"province": build.other("INZ").pk, "amount": "500000", "beneficiaries": "0"},
    )
    page = response.content.decode()
    assert "Les parts dépasseraient le coût global" in page and 'id="error_1_id_amount"' in page
    assert project.shares.count() == 1
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'data-testid="share-add"' in page and 'data-testid="button-agree"' in page
    assert "60.0 %" in page or "60,0 %" in page
    assert "400\u202f000,00" in page  # reste à répartir
    reader = client_as(role_users["auditeur"]).get(project.get_absolute_url()).content.decode()
    assert 'data-testid="share-add"' not in reader and 'data-testid="button-agree"' not in reader


def test_agree_refused_says_why_then_lifecycle_buttons(client_as, agent):
    project = build.joint_project(agent, total="1000000")
    services.share_add(joint_project=project, by=agent, province=build.home(), amount=Decimal("600000"))
    client = client_as(agent)
    response = client.post(reverse("coordination:joint_project_transition", args=[project.pk, "agree"]), follow=True)
    assert "au moins deux provinces" in response.content.decode()
    services.share_add(joint_project=project, by=agent, province=build.other("INZ"), amount=Decimal("400000"))
    client.post(reverse("coordination:joint_project_transition", args=[project.pk, "agree"]))
    project.refresh_from_db()
    assert project.status == JointProject.Status.AGREED
    response = client.post(reverse("coordination:joint_project_abandon", args=[project.pk]), {"reason": " "})
    assert response.status_code == 200 and "Ce champ est obligatoire." in response.content.decode()
    client.post(reverse("coordination:joint_project_abandon", args=[project.pk]), {"reason": "Financement retiré"})
    project.refresh_from_db()
    assert project.status == JointProject.Status.ABANDONED


def test_minutes_in_the_future_refused_then_actions_late_in_red(client_as, agent):
    meeting = build.meeting(agent, days=-20)
    client = client_as(agent)
    url = reverse("coordination:meeting_minutes", args=[meeting.pk])
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = client.post(url, {"date": tomorrow.isoformat(), "minutes": "PV"})
    assert "pas encore eu lieu" in response.content.decode()
    response = client.post(url, {"date": meeting.date.isoformat(), "minutes": "Les provinces conviennent."})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == CoordinationMeeting.Status.HELD
    response = client.post(
        reverse("coordination:meeting_action_add", args=[meeting.pk]),
        {
            "description": "Chiffrer les circuits",
            "responsible_province": build.other("TAR").pk,
            "due_on": (TODAY - datetime.timedelta(days=2)).isoformat(),
            "progress": "30",
        },
    )
    assert response.status_code == 302
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert 'data-testid="late-mark"' in page and 'data-testid="late-explained"' in page
    listed = client.get(reverse("coordination:coordination_action_list"), {"is_late": "true"}).content.decode()
    assert 'data-testid="late-row"' in listed and "Chiffrer les circuits" in listed


def test_lists_filter_and_export(client_as, agent, tmp_path):
    build.counterpart(agent, "INZ")
    project = build.agreed_project(agent)
    build.joint_project(agent, title="Transport scolaire rural")
    held = build.held_meeting(agent, days=-8, joint_projects=[project])
    build.action(agent, held)
    client = client_as(agent)
    listed = client.get(reverse("coordination:joint_project_list"), {"status": "convenu"}).content.decode()
    assert project.reference in listed and "Transport scolaire rural" not in listed
    listed = client.get(reverse("coordination:joint_project_list"), {"province": build.other("INZ").pk})
    assert project.reference in listed.content.decode()
    for name in ("counterpart_list", "joint_project_list", "meeting_list", "coordination_action_list"):
        response = client.get(reverse(f"coordination:{name}"), {"export": "xlsx"})
        assert response.status_code == 200, name
        sheet = load_workbook(io.BytesIO(body(response))).active
        assert sheet.max_row >= 2, name
        response = client.get(reverse(f"coordination:{name}"), {"export": "pdf"})
        assert response.status_code == 200 and body(response).startswith(b"%PDF"), name
    sheet = load_workbook(
        io.BytesIO(body(client.get(reverse("coordination:counterpart_list"), {"export": "xlsx"})))
    ).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Préfecture d'Inezgane-Aït Melloul" in values and 1 in values


def test_documents_in_french_and_arabic(client_as, role_users, agent, tmp_path):
    project = build.agreed_project(agent)
    held = build.held_meeting(agent, days=-8, joint_projects=[project])
    build.action(agent, held, description="Transmettre l'étude de faisabilité")
    client = client_as(role_users["auditeur"])
    text = pdf_text(body(client.get(reverse("coordination:joint_project_pdf", args=[project.pk, "fr"]))), tmp_path)
    assert project.reference in text and "Reste à répartir" in text and "Inezgane" in text
    text = pdf_text(body(client.get(reverse("coordination:joint_project_pdf", args=[project.pk, "ar"]))), tmp_path)
    assert "الباقي للتوزيع" in text and project.reference in text
    text = pdf_text(body(client.get(reverse("coordination:meeting_pdf", args=[held.pk, "fr"]))), tmp_path)
    for expected in (
        "Procès-verbal",
        held.reference,
        "Les provinces conviennent du calendrier.",
        "Transmettre",
        "Ordre du jour",
        "Pour Préfecture d'Inezgane-Aït Melloul",
    ):
        assert expected in text, expected
    text = pdf_text(body(client.get(reverse("coordination:meeting_pdf", args=[held.pk, "ar"]))), tmp_path)
    # (pdftotext splits the lam-alef ligatures: words without them are checked)
    assert "محضر" in text and "المقررة" in text and held.reference in text
    assert client.get(reverse("coordination:meeting_pdf", args=[held.pk, "en"])).status_code == 404


def grow(agent, size):
    """``size`` more of everything: counterparts, joint projects with shares, held meetings with actions."""
    codes = [f"X{n:03d}" for n in range(size)]
    start = Counterpart.objects.count()
    for code in codes[start:] if start < size else []:
        counterpart = build.counterpart(agent, code)
        services.contact_add(
            counterpart=counterpart, by=agent, full_name=f"Contact {code}", function="Chef", is_main=True
        )
    for _ in range(size):
        project = build.joint_project(agent)
        services.share_add(joint_project=project, by=agent, province=build.home(), amount=Decimal("1000"))
        meeting = build.held_meeting(agent, days=-30, joint_projects=[project])
        build.action(agent, meeting, days=5)
        build.action(agent, meeting, days=90)
    return project, meeting, Counterpart.objects.order_by("pk").first()


@pytest.mark.parametrize(
    "page",
    [
        "counterpart_list",
        "joint_project_list",
        "meeting_list",
        "coordination_action_list",
        "counterpart",
        "project",
        "meeting",
        "project_pdf",
        "meeting_pdf",
        "space",
    ],
)
def test_pages_keep_their_query_count(client_as, agent, page, django_assert_max_num_queries):
    client = client_as(agent)
    counts = []
    for size in (2, 6):
        project, meeting, counterpart = grow(agent, size)
        url = {
            "counterpart": counterpart.get_absolute_url() if counterpart else "",
            "project": project.get_absolute_url(),
            "meeting": meeting.get_absolute_url(),
            "project_pdf": reverse("coordination:joint_project_pdf", args=[project.pk, "fr"]),
            "meeting_pdf": reverse("coordination:meeting_pdf", args=[meeting.pk, "ar"]),
            "space": reverse("coordination:index"),
        }.get(page) or reverse(f"coordination:{page}")
        client.get(url)  # warms the content-type cache the attachments read once per process
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[1] == counts[0], f"{page}: {counts}"
    with django_assert_max_num_queries(counts[0]):
        client.get(url)


def test_home_cards_for_the_service(client_as, agent, role_users):
    held = build.held_meeting(agent, days=-30)
    build.action(agent, held, days=5)
    build.meeting(agent, days=-2)
    page = client_as(agent).get(reverse("home")).content.decode()
    assert "Actions de coordination en retard" in page and "PV à établir" in page
    page = client_as(role_users["auditeur"]).get(reverse("home")).content.decode()
    assert "PV à établir" not in page


def test_missing_records_are_404(client_as, agent):
    client = client_as(agent)
    for name in ("counterpart_detail", "joint_project_detail", "meeting_detail", "meeting_action_update"):
        assert client.get(reverse(f"coordination:{name}", args=[999999])).status_code == 404, name


def test_meeting_form_then_no_more_edits_once_held(client_as, agent):
    client = client_as(agent)
    home, other = build.home(), build.other("TAR")
    response = client.post(
        reverse("coordination:meeting_create"),
        {
            "subject": "Transport scolaire",
            "date": (TODAY + datetime.timedelta(days=7)).isoformat(),
            "time": "10:00",
            "place": "Taroudant",
            "host_province": home.pk,
            "agenda": "Circuits",
        },
    )
    assert "au moins deux provinces" in response.content.decode()
    response = client.post(
        reverse("coordination:meeting_create"),
        {
            "subject": "Transport scolaire",
            "date": (TODAY - datetime.timedelta(days=1)).isoformat(),
            "time": "10:00",
            "place": "Taroudant",
            "host_province": home.pk,
            "provinces": [other.pk],
            "agenda": "Circuits",
        },
    )
    meeting = CoordinationMeeting.objects.get()
    assert response.status_code == 302 and meeting.reference.startswith("RC-")
    assert set(meeting.provinces.all()) == {home, other}
    services.meeting_record_minutes(meeting=meeting, by=agent, minutes="PV")
    response = client.get(reverse("coordination:meeting_update", args=[meeting.pk]), follow=True)
    assert "Seule une réunion planifiée se modifie" in response.content.decode()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert 'data-testid="edit-link"' not in page and 'data-testid="action-add"' in page
