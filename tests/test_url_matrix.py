"""Every URL pattern, walked as anonymous and as every role, against one declared matrix."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from das.models import FiscalYear, Role
from das.services.documents import attachment_add
from tests.committees import matrix_committees, matrix_documents, matrix_feedback, matrix_meetings
from tests.communication import matrix_execution as communication_execution
from tests.communication import matrix_library, matrix_requests, matrix_showcase
from tests.communication import matrix_plans as communication_plans
from tests.coordination import matrix_cooperation as coordination_cooperation
from tests.coordination import matrix_crdh as coordination_crdh
from tests.coordination import matrix_literacy as coordination_literacy
from tests.coordination import matrix_provinces as coordination_provinces
from tests.coordination import matrix_studies as coordination_studies
from tests.factories import CommuneFactory, PartnerFactory
from tests.projects import (
    matrix_amendments,
    matrix_conventions,
    matrix_credit_picture,
    matrix_credits,
    matrix_dashboard,
    matrix_dossiers,
    matrix_evaluation,
    matrix_execution,
    matrix_procurement,
    matrix_project_lifecycle,
    matrix_projects,
    matrix_proximity,
    matrix_record,
    matrix_reports,
    matrix_territorial,
    matrix_tranches,
)
from tests.projects.test_call_views import build_call
from tests.training import matrix_followup, matrix_needs, matrix_people, matrix_plans, matrix_sessions

ALL = {
    "administrateur",
    "chef",
    "suivi_evaluation",
    "communication",
    "formation",
    "coordination",
    "secretariat_cpdh",
    "cabinet",
    "dbm",
    "auditeur",
}
READ_REFERENCE = ALL
MANAGE_REFERENCE = {"administrateur"}
VIEW_PARTNERS = ALL - {"dbm"}
MANAGE_PARTNERS = {"administrateur", "chef", "suivi_evaluation"}
MANAGE_USERS = {"administrateur"}
VIEW_USERS = {"administrateur", "chef", "auditeur"}
VIEW_HISTORY = ALL - {"cabinet", "dbm"}
VIEW_JOURNAL = {"administrateur", "chef", "auditeur"}
PROJECTS_READ = {"chef", "suivi_evaluation", "secretariat_cpdh", "auditeur"}
MANAGE_CALLS = {"suivi_evaluation"}
PUBLIC = "public"

# (URL name, arguments built from the fixture objects, who may use it, method)
MATRIX = [
    ("home", lambda o: [], ALL, "get"),
    ("healthz", lambda o: [], PUBLIC, "get"),
    ("switch_language", lambda o: [], PUBLIC, "get"),
    ("login", lambda o: [], PUBLIC, "get"),
    ("logout", lambda o: [], PUBLIC, "get"),
    ("password_change", lambda o: [], ALL, "get"),
    ("password_change_done", lambda o: [], ALL, "get"),
    ("password_reset", lambda o: [], PUBLIC, "get"),
    ("password_reset_done", lambda o: [], PUBLIC, "get"),
    ("password_reset_confirm", lambda o: ["MQ", "set-password"], PUBLIC, "get"),
    ("password_reset_complete", lambda o: [], PUBLIC, "get"),
    ("reference:index", lambda o: [], READ_REFERENCE, "get"),
    ("reference:list", lambda o: ["communes"], READ_REFERENCE, "get"),
    ("reference:create", lambda o: ["communes"], MANAGE_REFERENCE, "get"),
    ("reference:detail", lambda o: ["communes", o["commune"].pk], READ_REFERENCE, "get"),
    ("reference:update", lambda o: ["communes", o["commune"].pk], MANAGE_REFERENCE, "get"),
    ("reference:delete", lambda o: ["communes", o["commune"].pk], MANAGE_REFERENCE, "get"),
    ("reference:fiscal_year_closure", lambda o: [o["year"].pk, "cloturer"], {"chef"}, "post-only"),
    ("partners:list", lambda o: [], VIEW_PARTNERS, "get"),
    ("partners:create", lambda o: [], MANAGE_PARTNERS, "get"),
    ("partners:detail", lambda o: [o["partner"].pk], VIEW_PARTNERS, "get"),
    ("partners:update", lambda o: [o["partner"].pk], MANAGE_PARTNERS, "get"),
    ("partners:contact_add", lambda o: [o["partner"].pk], MANAGE_PARTNERS, "get"),
    ("partners:contact_delete", lambda o: [o["partner"].pk, o["contact"].pk], MANAGE_PARTNERS, "post-only"),
    ("users:list", lambda o: [], VIEW_USERS, "get"),
    ("users:create", lambda o: [], MANAGE_USERS, "get"),
    ("users:detail", lambda o: [o["user"].pk], VIEW_USERS, "get"),
    ("users:update", lambda o: [o["user"].pk], MANAGE_USERS, "get"),
    ("users:activation", lambda o: [o["user"].pk, "desactiver"], MANAGE_USERS, "post-only"),
    ("users:roles", lambda o: [], VIEW_USERS, "get"),
    ("users:role_create", lambda o: [], MANAGE_USERS, "get"),
    ("users:role_update", lambda o: [o["role"].pk], MANAGE_USERS, "get"),
    ("journal", lambda o: [], VIEW_JOURNAL, "get"),
    ("history", lambda o: ["das.partner", o["partner"].pk], VIEW_HISTORY - {"cabinet"}, "get"),
    ("attachment_upload", lambda o: ["das.partner", o["partner"].pk], ALL, "post-only"),
    ("attachment_download", lambda o: [o["attachment"].pk], VIEW_PARTNERS, "get"),
    ("attachment_delete", lambda o: [o["attachment"].pk], ALL, "post-only"),
    ("projects:index", lambda o: [], PROJECTS_READ, "get"),
    ("projects:call_list", lambda o: [], PROJECTS_READ, "get"),
    ("projects:call_create", lambda o: [], MANAGE_CALLS, "get"),
    ("projects:call_detail", lambda o: [o["call"].pk], PROJECTS_READ, "get"),
    ("projects:call_update", lambda o: [o["call"].pk], MANAGE_CALLS, "get"),
    ("projects:call_items", lambda o: [o["call"].pk], MANAGE_CALLS, "get"),
    ("projects:call_amend", lambda o: [o["published_call"].pk], MANAGE_CALLS, "get"),
    ("projects:call_cancel", lambda o: [o["call"].pk], MANAGE_CALLS, "get"),
    ("projects:call_transition", lambda o: [o["call"].pk, "publish"], MANAGE_CALLS, "post-only"),
    ("projects:call_duplicate", lambda o: [o["call"].pk], MANAGE_CALLS, "post-only"),
    ("projects:call_notice", lambda o: [o["published_call"].pk, "fr"], PROJECTS_READ, "get"),
    ("committees:index", lambda o: [], matrix_committees.READ, "get"),
    ("training:index", lambda o: [], {"chef", "formation", "auditeur"}, "get"),
    ("communication:index", lambda o: [], {"chef", "communication", "auditeur"}, "get"),
    ("coordination:index", lambda o: [], {"chef", "coordination", "auditeur"}, "get"),
]
MATRIX += matrix_dossiers.MATRIX + matrix_evaluation.MATRIX + matrix_projects.MATRIX
MATRIX += matrix_conventions.MATRIX
MATRIX += matrix_proximity.MATRIX
MATRIX += matrix_tranches.MATRIX
MATRIX += matrix_project_lifecycle.MATRIX
MATRIX += matrix_record.MATRIX + matrix_amendments.MATRIX + matrix_execution.MATRIX + matrix_procurement.MATRIX
MATRIX += matrix_credits.MATRIX + matrix_credit_picture.MATRIX
MATRIX += matrix_dashboard.MATRIX
MATRIX += matrix_territorial.MATRIX
MATRIX += matrix_reports.MATRIX
for extension in (matrix_committees, matrix_meetings, matrix_documents, matrix_feedback):
    MATRIX += extension.MATRIX
TRAINING = (matrix_people, matrix_needs, matrix_plans, matrix_sessions, matrix_followup)
COMMUNICATION = (communication_plans, communication_execution, matrix_library, matrix_showcase, matrix_requests)
COORDINATION = (
    coordination_crdh,
    coordination_provinces,
    coordination_literacy,
    coordination_cooperation,
    coordination_studies,
)
for extension in TRAINING + COMMUNICATION + COORDINATION:
    MATRIX += extension.MATRIX


def _reads_projects_like_the_secretariat(row):
    """The coordination service holds the same two projects codes as the CPDH secretariat (projects.access and
    projects.view_dashboards): wherever the secretariat may go in the projects app, so may coordination."""
    name, args, who, method = row
    if who == PUBLIC or "secretariat_cpdh" not in who or not name.startswith("projects:"):
        return row
    return (name, args, who | {"coordination"}, method)


MATRIX = [_reads_projects_like_the_secretariat(row) for row in MATRIX]
# Pages that answer without signing in (everything else redirects to the login page).
PUBLIC_NAMES = {name for name, _args, who, _method in MATRIX if who == PUBLIC}


def all_url_names(resolver=None, namespace=""):
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_matrix_covers_every_url_pattern():
    declared = {name for name, *_rest in MATRIX}
    assert all_url_names() - declared == set(), "add the new URLs to MATRIX with their owner roles"
    assert declared - all_url_names() == set()


@pytest.fixture
def objects(role_users):
    admin = role_users["administrateur"]
    commune = CommuneFactory()
    partner = PartnerFactory(commune=commune)
    contact = partner.contacts.create(full_name="Fatima Zahra Aït Lahcen")
    pdf = SimpleUploadedFile("statuts.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    attachment = attachment_add(parent=partner, uploaded=pdf, by=admin)
    built = {
        "year": FiscalYear.objects.create(year=2031),
        "commune": commune,
        "partner": partner,
        "contact": contact,
        "attachment": attachment,
        "user": role_users["dbm"],
        "role": Role.objects.get(code="dbm"),
        "call": build_call(role_users["suivi_evaluation"]),
        "published_call": build_call(role_users["suivi_evaluation"], publish=True),
    }
    matrix_dossiers.add_objects(built, role_users)
    matrix_evaluation.add_objects(built, role_users)
    matrix_projects.add_objects(built, role_users)
    matrix_conventions.add_objects(built, role_users)
    matrix_proximity.add_objects(built, role_users)
    matrix_tranches.add_objects(built, role_users)
    matrix_project_lifecycle.add_objects(built, role_users)
    for extension in (matrix_record, matrix_amendments, matrix_execution, matrix_procurement, matrix_credits):
        extension.add_objects(built, role_users)
    for extension in (matrix_credit_picture,):
        extension.add_objects(built, role_users)
    matrix_dashboard.add_objects(built, role_users)
    matrix_territorial.add_objects(built, role_users)
    matrix_reports.add_objects(built, role_users)
    for extension in (matrix_committees, matrix_meetings, matrix_documents, matrix_feedback):
        extension.add_objects(built, role_users)
    for extension in TRAINING + COMMUNICATION + COORDINATION:
        extension.add_objects(built, role_users)
    return built


def expected_status(who, role, method):
    allowed = who == PUBLIC or role in who
    if method == "post-only":
        return 405 if allowed else 403
    return 200 if allowed else 403


def anonymous_failures(client, objects):
    failures = []
    for name, args, who, _method in MATRIX:
        response = client.get(reverse(name, args=args(objects)))
        if who == PUBLIC:
            if response.status_code not in {200, 302, 405} or "/connexion/?next" in response.get("Location", ""):
                failures.append(f"anonyme — {name}: {response.status_code} (public page)")
        elif response.status_code != 302 or not response["Location"].startswith(reverse("login")):
            failures.append(f"anonyme — {name}: {response.status_code} instead of a redirect to the login page")
    return failures


def role_failures(client, user, objects, role):
    client.force_login(user)
    failures = []
    for name, args, who, method in MATRIX:
        if who == PUBLIC:
            continue
        if name == "users:activation" and role == "dbm":
            continue  # the target account is the dbm user itself; covered by the admin row
        response = client.get(reverse(name, args=args(objects)))
        wanted = expected_status(who, role, method)
        if response.status_code != wanted:
            failures.append(f"{role} — {name}: {response.status_code} instead of {wanted}")
    client.logout()
    return failures


@pytest.mark.django_db
def test_every_url_as_anonymous_and_as_every_role(client, role_users, objects):
    # One test, so the objects every URL needs are built once rather than once per role (the
    # longest part of the walk); the failures still name the role and the URL.
    failures = anonymous_failures(client, objects)
    for role in sorted(ALL):
        failures += role_failures(client, role_users[role], objects, role)
    assert failures == []
