"""Rows of the URL x role matrix (tests/test_url_matrix.py) for issue 7 (reports): every reader of the dashboards
(the Cabinet and the DBM included) opens and downloads the reports and the archive; only the head of division and
the monitoring service archive a report for sending."""

from django.utils import timezone

from projects.models import ReportArchive
from projects.reports import periods
from projects.services import reports as services

READERS = {"chef", "suivi_evaluation", "secretariat_cpdh", "cabinet", "dbm", "auditeur"}
ARCHIVERS = {"chef", "suivi_evaluation"}
QUARTER = periods.last_complete(timezone.localdate(), periods.QUARTER).slug

MATRIX: list = [
    ("projects:report_index", lambda o: [], READERS, "get"),
    ("projects:report_archive_list", lambda o: [], READERS, "get"),
    ("projects:report_detail", lambda o: ["trimestriel", QUARTER], READERS, "get"),
    ("projects:report_pdf", lambda o: ["trimestriel", QUARTER, "fr"], READERS, "get"),
    ("projects:report_xlsx", lambda o: ["trimestriel", QUARTER], READERS, "get"),
    ("projects:report_archive_create", lambda o: ["trimestriel", QUARTER], ARCHIVERS, "post-only"),
    ("projects:report_archive_detail", lambda o: [o["report_archive"].pk], READERS, "get"),
    ("projects:report_archive_status", lambda o: [o["report_archive"].pk], READERS, "get"),
    ("projects:report_archive_file", lambda o: [o["report_archive"].pk], READERS, "get"),
]


def add_objects(objects, role_users):
    """Objects the rows above need (built once for every role)."""
    archive = services.archive_request(
        by=role_users["suivi_evaluation"], kind="trimestriel", period_slug=QUARTER, choice="xlsx", note="Matrice"
    )
    archive = services.archive_run(archive.pk) or ReportArchive.objects.get(pk=archive.pk)
    assert archive.status == ReportArchive.Status.READY, archive.error
    objects["report_archive"] = archive
