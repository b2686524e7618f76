"""Reports archived for sending (projects.services.reports) and the reports' pages and downloads."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from das.models import DownloadRecord
from projects.models import Payment, ReportArchive
from projects.reports import periods
from projects.services import reports as services
from tests.factories import user_with_role
from tests.projects.report_builders import ground, province

pytestmark = pytest.mark.django_db
Status = ReportArchive.Status
T2 = "2026-T2"


@pytest.fixture
def data(role_users):
    place = ground()
    province(place, role_users["suivi_evaluation"], 6)
    return place


def archived(user, captured, choice="xlsx", note="Cabinet du Gouverneur"):
    with captured(execute=True):
        archive = services.archive_request(by=user, kind="trimestriel", period_slug=T2, choice=choice, note=note)
    archive.refresh_from_db()
    return archive


@pytest.mark.parametrize("role", ["chef", "suivi_evaluation"])
def test_the_archive_is_prepared_on_commit_and_kept_as_sent(
    role, role_users, data, django_capture_on_commit_callbacks, settings
):
    settings.DAS_REPORTS_IN_BACKGROUND = False
    archive = archived(role_users[role], django_capture_on_commit_callbacks)
    assert archive.status == Status.READY and archive.progress == 100 and archive.error == ""
    assert archive.finished_at is not None and archive.requested_by == role_users[role]
    assert archive.file_name == "rapport-trimestriel-2026-T2.xlsx"
    assert archive.parameters == {
        "periode": T2,
        "du": "2026-04-01",
        "au": "2026-06-30",
        "format": "xlsx",
        "perimetre": "Toute la province",
        "communes": None,
    }
    content = archive.file.read()
    assert hashlib.sha256(content).hexdigest() == archive.sha256 and len(content) == archive.size
    paid_in_quarter = load_workbook(io.BytesIO(content))["Synthèse"]["G6"].value
    assert paid_in_quarter == Decimal("180000.00")  # 3 projects × 60 000 paid on 10/05

    # The data change after sending: a new report says so, the archived file does not.
    Payment.objects.filter(paid_on=dt.date(2026, 5, 10)).update(amount=Decimal("1"))
    fresh = services.render(
        services.definition_and_period("trimestriel", T2)[0],
        periods.parse(T2, periods.QUARTER),
        role_users[role],
        file_format="xlsx",
        language="fr",
    )
    assert load_workbook(io.BytesIO(fresh))["Synthèse"]["G6"].value == Decimal("3.00")
    archive.refresh_from_db()
    kept = archive.file.read()
    assert kept == content and hashlib.sha256(kept).hexdigest() == archive.sha256


@pytest.mark.parametrize("role", ["cabinet", "dbm", "auditeur", "secretariat_cpdh", "communication", "administrateur"])
def test_only_the_head_and_the_monitoring_service_archive(role, role_users):
    with pytest.raises(PermissionDenied):
        services.archive_request(by=role_users[role], kind="trimestriel", period_slug=T2, choice="pdf-fr")
    assert not ReportArchive.objects.exists()


def test_a_wrong_report_period_or_format_is_refused(role_users):
    for kind, slug, choice in (("inconnu", T2, "xlsx"), ("trimestriel", "2026-05", "xlsx"), ("trimestriel", T2, "doc")):
        with pytest.raises(services.ReportError):
            services.archive_request(by=role_users["chef"], kind=kind, period_slug=slug, choice=choice)
    assert not ReportArchive.objects.exists()


def test_the_progress_goes_up_then_the_file_is_ready(role_users, data, monkeypatch):
    archive = services.archive_request(by=role_users["chef"], kind="trimestriel", period_slug=T2, choice="pdf-ar")
    seen = []
    original = services._set

    def spy(pk, **fields):
        original(pk, **fields)
        row = ReportArchive.objects.get(pk=pk)
        seen.append((row.status, row.progress))

    monkeypatch.setattr(services, "_set", spy)
    services.archive_run(archive.pk)
    assert [status for status, _progress in seen] == [Status.RUNNING] * len(seen)
    progress = [value for _status, value in seen]
    assert progress == sorted(progress) and progress[0] >= 1 and progress[-1] == 95 and len(progress) >= 4
    archive.refresh_from_db()
    assert archive.status == Status.READY and archive.language == "ar"
    assert archive.file_name == "rapport-trimestriel-2026-T2-ar.pdf" and archive.file.read()[:5] == b"%PDF-"
    assert services.archive_run(archive.pk) is None  # started twice, it runs once


def test_a_failure_is_recorded_with_its_error(role_users, data, monkeypatch):
    archive = services.archive_request(by=role_users["chef"], kind="trimestriel", period_slug=T2, choice="pdf-fr")

    def broken(*args, **kwargs):
        raise RuntimeError("gabarit introuvable")

    monkeypatch.setattr(services.exports, "render_pdf", broken)
    services.archive_run(archive.pk)
    archive.refresh_from_db()
    assert archive.status == Status.FAILED and archive.error == "RuntimeError: gabarit introuvable"
    assert not archive.file and archive.finished_at is not None


def test_a_job_left_running_by_a_restart_reads_as_interrupted_and_can_be_asked_again(
    role_users, data, client_as, settings, django_capture_on_commit_callbacks
):
    settings.DAS_REPORTS_IN_BACKGROUND = False
    archive = services.archive_request(by=role_users["chef"], kind="trimestriel", period_slug=T2, choice="xlsx")
    ReportArchive.objects.filter(pk=archive.pk).update(
        status=Status.RUNNING, progress=40, requested_at=timezone.now() - dt.timedelta(hours=2)
    )
    archive.refresh_from_db()
    assert services.is_interrupted(archive)
    client = client_as(role_users["chef"])
    state = client.get(reverse("projects:report_archive_status", args=[archive.pk])).json()
    assert state["interrupted"] and state["done"] and state["label"] == "Interrompu" and state["file_url"] == ""
    page = client.get(reverse("projects:report_archive_detail", args=[archive.pk])).content.decode()
    assert "interrompue" in page and 'data-testid="archive-retry"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("projects:report_archive_create", args=["trimestriel", T2]), {"choice": "xlsx", "note": ""}
        )
    again = ReportArchive.objects.exclude(pk=archive.pk).get()
    assert response.url == reverse("projects:report_archive_detail", args=[again.pk])
    assert again.status == Status.READY


# --- pages and downloads ------------------------------------------------------------------------------------------


def test_the_pages_and_the_stable_downloads(role_users, data, client_as):
    client = client_as(role_users["cabinet"])
    index = client.get(reverse("projects:report_index")).content.decode()
    last = periods.last_complete(timezone.localdate(), periods.QUARTER).slug
    assert reverse("projects:report_pdf", args=["trimestriel", last, "ar"]) in index
    assert client.get(reverse("projects:report_index"), {"rapport": "trimestriel", "periode": T2}).url == reverse(
        "projects:report_detail", args=["trimestriel", T2]
    )
    page = client.get(reverse("projects:report_detail", args=["trimestriel", T2])).content.decode()
    assert "180 000,00" in page.replace("\u202f", " ")  # paid during the quarter
    assert 'data-testid="archive-form"' not in page  # the Cabinet downloads, it does not archive
    pdf = client.get(reverse("projects:report_pdf", args=["trimestriel", T2, "ar"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    assert 'filename="rapport-trimestriel-2026-T2-ar.pdf"' in pdf["Content-Disposition"]
    xlsx = client.get(reverse("projects:report_xlsx", args=["trimestriel", T2]))
    assert load_workbook(io.BytesIO(xlsx.content))["Synthèse"]["G6"].value == Decimal("180000.00")
    journal = set(DownloadRecord.objects.filter(user=role_users["cabinet"]).values_list("file_name", flat=True))
    assert journal == {"rapport-trimestriel-2026-T2-ar.pdf", "rapport-trimestriel-2026-T2.xlsx"}


@pytest.mark.parametrize(
    "url",
    [
        ("projects:report_detail", ["trimestriel", "2026-T5"]),
        ("projects:report_detail", ["trimestriel", "2026-05"]),
        ("projects:report_detail", ["inconnu", T2]),
        ("projects:report_detail", ["mensuel", "2026-13"]),
        ("projects:report_pdf", ["trimestriel", T2, "en"]),
        ("projects:report_pdf", ["trimestriel", "T2-2026", "fr"]),
        ("projects:report_xlsx", ["mensuel", "2026-T2"]),
        ("projects:report_archive_detail", [999999]),
        ("projects:report_archive_file", [999999]),
    ],
)
def test_a_wrong_report_or_period_answers_404(url, role_users, client_as):
    name, args = url
    assert client_as(role_users["dbm"]).get(reverse(name, args=args)).status_code == 404


def test_refused_roles_get_403_and_cannot_archive(role_users, client_as):
    client = client_as(role_users["communication"])
    assert client.get(reverse("projects:report_index")).status_code == 403
    assert client.get(reverse("projects:report_pdf", args=["trimestriel", T2, "fr"])).status_code == 403
    cabinet = client_as(role_users["cabinet"])
    response = cabinet.post(reverse("projects:report_archive_create", args=["trimestriel", T2]), {"choice": "xlsx"})
    assert response.status_code == 403 and not ReportArchive.objects.exists()


def test_the_archived_file_is_downloaded_as_kept_and_journaled(
    role_users, data, client_as, settings, django_capture_on_commit_callbacks
):
    settings.DAS_REPORTS_IN_BACKGROUND = False
    archive = archived(role_users["suivi_evaluation"], django_capture_on_commit_callbacks, choice="pdf-fr")
    kept = archive.file.read()
    Payment.objects.update(amount=Decimal("2"))
    client = client_as(role_users["dbm"])
    response = client.get(reverse("projects:report_archive_file", args=[archive.pk]))
    assert b"".join(response.streaming_content) == kept
    assert DownloadRecord.objects.filter(user=role_users["dbm"], file_name=archive.file_name).exists()
    page = client.get(reverse("projects:report_archive_detail", args=[archive.pk])).content.decode()
    assert archive.sha256 in page and "Cabinet du Gouverneur" in page
    listing = client.get(reverse("projects:report_archive_list"), {"rapport": "trimestriel", "periode": T2})
    assert f'href="{reverse("projects:report_archive_file", args=[archive.pk])}"' in listing.content.decode()
    assert (
        "Cabinet du Gouverneur"
        not in client.get(reverse("projects:report_archive_list"), {"periode": "2025-T1"}).content.decode()
    )


def test_a_pending_archive_has_no_file_yet(role_users, client_as):
    archive = services.archive_request(by=role_users["chef"], kind="trimestriel", period_slug=T2, choice="xlsx")
    client = client_as(role_users["auditeur"])
    assert client.get(reverse("projects:report_archive_file", args=[archive.pk])).status_code == 404
    page = client.get(reverse("projects:report_archive_detail", args=[archive.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and "report-progress.js" in page


@pytest.mark.parametrize("size", [5, 40])
def test_the_report_page_and_downloads_do_a_fixed_number_of_queries(
    size, role_users, client_as, django_assert_max_num_queries
):
    place = ground(programmes=3)
    province(place, role_users["suivi_evaluation"], size)
    client = client_as(role_users["cabinet"])
    for url in (
        reverse("projects:report_detail", args=["trimestriel", T2]),
        reverse("projects:report_xlsx", args=["trimestriel", T2]),
        reverse("projects:report_pdf", args=["trimestriel", T2, "fr"]),
        reverse("projects:report_index"),
    ):
        with django_assert_max_num_queries(40):
            assert client.get(url).status_code == 200, url


def test_a_reader_limited_to_some_communes_reads_only_the_archives_made_for_them(
    role_users, data, client_as, settings, django_capture_on_commit_callbacks
):
    settings.DAS_REPORTS_IN_BACKGROUND = False
    commune = data["commune"]
    scoped = user_with_role("suivi_evaluation", username="agent.limite")
    scoped.role_assignments.get().communes.set([commune])
    province_wide = archived(role_users["chef"], django_capture_on_commit_callbacks)
    own = archived(scoped, django_capture_on_commit_callbacks, note="Pour la commune")
    assert province_wide.parameters["communes"] is None
    assert own.parameters["communes"] == [commune.pk]

    client = client_as(scoped)
    for name in ("report_archive_detail", "report_archive_status", "report_archive_file"):
        assert client.get(reverse(f"projects:{name}", args=[province_wide.pk])).status_code == 404, name
        assert client.get(reverse(f"projects:{name}", args=[own.pk])).status_code == 200, name
    listing = client.get(reverse("projects:report_archive_list")).content.decode()
    assert reverse("projects:report_archive_detail", args=[own.pk]) in listing
    assert reverse("projects:report_archive_detail", args=[province_wide.pk]) not in listing

    head = client_as(role_users["chef"])  # the whole province: every archive
    for archive in (province_wide, own):
        assert head.get(reverse("projects:report_archive_detail", args=[archive.pk])).status_code == 200
