"""Pages of the technical studies area: the form's French errors next to the fields, the page per role (steps,
deliverables, history, attachments), the transitions and deliverables through their pages, the list's late rows,
filters and exports (PDF text, Excel cells), the project page's section, the space and home cards, and constant
query counts at two sizes."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from coordination.models import StudyDeliverable, TechnicalStudy
from coordination.services import studies as services
from tests.coordination.factories_studies import days, pdf_upload, project, started, study
from tests.factories import CommuneFactory
from tests.projects.test_call_notice import pdf_text

pytestmark = pytest.mark.django_db
Status = TechnicalStudy.Status
LIST = reverse("coordination:study_list")


@pytest.fixture
def agent(role_users):
    return role_users["coordination"]


def form_data(**extra):
    data = {
        "kind": "geotechnique",
        "title": "Étude géotechnique de l'école",
        "performer_kind": "bureau_etudes",
        "performer_name": "Souss Géotechnique",
        "contract_reference": "BC 14/2026",
        "amount": "48000",
        "planned_start": days(-10).isoformat(),
        "planned_end": days(30).isoformat(),
    }
    data.update(extra)
    return data


def test_form_errors_in_french_next_to_the_fields(client_as, agent):
    client = client_as(agent)
    response = client.post(reverse("coordination:study_create"), form_data(amount="-5"))
    assert response.status_code == 200 and 'id="error_1_id_amount"' in response.content.decode()
    response = client.post(reverse("coordination:study_create"), form_data(planned_end=days(-20).isoformat()))
    page = response.content.decode()
    assert "La fin prévue ne peut précéder le début prévu" in page and 'id="error_1_id_planned_end"' in page
    assert 'value="Souss Géotechnique"' in page
    assert not TechnicalStudy.objects.exists()


def test_create_with_projects_and_update_through_the_form(client_as, agent):
    client = client_as(agent)
    served = [project(), project()]
    response = client.get(reverse("coordination:study_create") + f"?project={served[0].pk}")
    assert f'value="{served[0].pk}" selected' in response.content.decode()
    response = client.post(reverse("coordination:study_create"), form_data(projects=[p.pk for p in served]))
    record = TechnicalStudy.objects.get()
    assert response.status_code == 302 and response.url == record.get_absolute_url()
    assert set(record.projects.all()) == set(served) and record.reference.startswith("ET-")
    response = client.post(
        reverse("coordination:study_update", args=[record.pk]), form_data(title="Révisée", projects=[served[1].pk])
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.title == "Révisée" and list(record.projects.all()) == [served[1]]


def test_closed_study_is_not_edited(client_as, agent):
    record = study(agent)
    services.study_cancel(study=record, by=agent, reason="Abandon")
    response = client_as(agent).get(reverse("coordination:study_update", args=[record.pk]))
    assert response.status_code == 302 and response.url == record.get_absolute_url()
    response = client_as(agent).post(reverse("coordination:study_update", args=[record.pk]), form_data())
    assert "ne se modifie plus" in response.content.decode()


@pytest.mark.parametrize(("code", "manager"), [("coordination", True), ("chef", False), ("auditeur", False)])
def test_detail_shows_actions_only_to_who_may(client_as, role_users, agent, code, manager):
    served = project()
    record = started(agent, projects=[served])
    services.deliverable_add(study=record, by=agent, title="Rapport APS", due_on=days(-1))
    page = client_as(role_users[code]).get(record.get_absolute_url()).content.decode()
    for name in ("complete", "suspend", "cancel"):
        assert (f'data-testid="step-{name}"' in page) is manager
    assert 'data-testid="step-start"' not in page and 'data-testid="step-resume"' not in page
    assert ('data-testid="edit-link"' in page) is manager
    assert ('data-testid="deliverable-receive"' in page) is manager
    assert ('data-testid="deliverable-add"' in page) is manager
    assert 'data-testid="history-link"' in page and "Pièces jointes" in page
    assert 'data-testid="deliverable-history"' in page
    assert 'data-testid="late-mark"' in page and "Rapport APS" in page and "était attendu le" in page
    assert served.code in page and 'data-testid="status-history"' in page
    # every reader of the study also reads project pages (the coordination service reads them as the secretariat does)
    assert served.get_absolute_url() in page


def test_transitions_through_the_page(client_as, agent, role_users):
    client = client_as(agent)
    record = study(agent)
    url = lambda name: reverse("coordination:study_transition", args=[record.pk, name])  # noqa: E731
    response = client.post(url("start"), {"start-started_on": days(2).isoformat()})
    assert response.status_code == 200 and "La date est dans le futur." in response.content.decode()
    assert client.post(url("start"), {"start-started_on": days(-1).isoformat()}).status_code == 302
    response = client.post(url("suspend"), {"suspend-reason": ""})
    assert "Ce champ est obligatoire." in response.content.decode()
    assert client.post(url("suspend"), {"suspend-reason": "Intempéries"}).status_code == 302
    assert client.post(url("resume"), {"resume-reason": "Reprise"}).status_code == 302
    assert client.post(url("complete"), {"complete-ended_on": days(0).isoformat()}).status_code == 302
    record.refresh_from_db()
    assert record.status == Status.COMPLETED
    response = client.post(url("cancel"), {"cancel-reason": "Trop tard"}, follow=True)
    assert "Impossible depuis l&#x27;état « Achevée »" in response.content.decode()
    assert client.post(url("nothing"), {}).status_code == 404
    assert client_as(role_users["chef"]).post(url("cancel"), {"cancel-reason": "x"}).status_code == 403


def test_complete_refused_on_the_page_while_a_deliverable_is_awaited(client_as, agent):
    record = started(agent)
    services.deliverable_add(study=record, by=agent, title="Plans APD", due_on=days(3))
    url = reverse("coordination:study_transition", args=[record.pk, "complete"])
    response = client_as(agent).post(url, {"complete-ended_on": days(0).isoformat()})
    assert response.status_code == 200 and "Plans APD" in response.content.decode()
    record.refresh_from_db()
    assert record.status == Status.IN_PROGRESS


def test_deliverables_through_their_pages_and_download(client_as, agent, role_users):
    client = client_as(agent)
    record = started(agent)
    add = reverse("coordination:study_deliverable_add", args=[record.pk])
    response = client.post(add, {"title": "", "due_on": ""})
    assert response.status_code == 200 and "Ce champ est obligatoire." in response.content.decode()
    assert client.post(add, {"title": "Rapport", "due_on": days(5).isoformat()}).status_code == 302
    deliverable = StudyDeliverable.objects.get()
    update = reverse("coordination:study_deliverable_update", args=[deliverable.pk])
    assert client.post(update, {"title": "Rapport final", "due_on": days(6).isoformat()}).status_code == 302
    receive = reverse("coordination:study_deliverable_receive", args=[deliverable.pk])
    assert 'enctype="multipart/form-data"' in client.get(receive).content.decode()
    response = client.post(receive, {"file": pdf_upload(), "received_on": days(1).isoformat()})
    assert "La date de réception est dans le futur." in response.content.decode()
    bad = io.BytesIO(b"MZ not a document")
    bad.name = "rapport.pdf"
    response = client.post(receive, {"file": bad, "received_on": days(0).isoformat()})
    assert "Type de fichier refusé" in response.content.decode() and 'id="error_1_id_file"' in response.content.decode()
    assert client.post(receive, {"file": pdf_upload(), "received_on": days(0).isoformat()}).status_code == 302
    deliverable.refresh_from_db()
    assert deliverable.title == "Rapport final" and deliverable.file_id
    page = client_as(role_users["auditeur"]).get(record.get_absolute_url()).content.decode()
    download = reverse("attachment_download", args=[deliverable.file_id])
    assert download in page
    deliverable_history = reverse("history", args=["coordination.studydeliverable", deliverable.pk])
    history = client_as(role_users["auditeur"]).get(deliverable_history)
    assert history.status_code == 200
    response = client_as(role_users["auditeur"]).get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client = client_as(agent)  # the test client is one: sign the agent in again
    remove = reverse("coordination:study_deliverable_remove", args=[deliverable.pk])
    response = client.post(remove, follow=True)
    assert "ne se retire plus" in response.content.decode() and StudyDeliverable.objects.exists()
    other = services.deliverable_add(study=record, by=agent, title="Inutile", due_on=days(9))
    assert client.post(reverse("coordination:study_deliverable_remove", args=[other.pk])).status_code == 302
    assert not StudyDeliverable.objects.filter(pk=other.pk).exists()
    assert client_as(role_users["chef"]).post(remove).status_code == 403


def build_list(agent):
    commune = CommuneFactory()
    late = started(agent, title="Géotechnique en retard", start_in=-60, end_in=-2, projects=[project(commune)])
    fresh = study(
        agent, title="Levé topographique", kind="topographique", performer_kind="bureau_etudes",
        performer_name="Cabinet Atlas", projects=[project()],
    )  # fmt: skip
    suspended = started(agent, title="Faisabilité suspendue", start_in=-60, end_in=-2)
    services.study_suspend(study=suspended, by=agent, reason="Foncier")
    return commune, late, fresh, suspended


def test_list_flags_late_rows_and_filters(client_as, role_users, agent):
    commune, late, fresh, suspended = build_list(agent)
    client = client_as(role_users["chef"])
    page = client.get(LIST).content.decode()
    assert page.count('data-testid="late-row"') == 1 and page.count('data-testid="late-badge"') == 1
    assert 'data-testid="late-rule"' in page and "pas en retard" in page
    assert "Nouvelle étude ou travaux" not in page
    filtered = client.get(LIST + "?is_late=true").content.decode()
    assert late.reference in filtered and fresh.reference not in filtered and suspended.reference not in filtered
    filtered = client.get(LIST + "?kind=topographique&performer_kind=bureau_etudes").content.decode()
    assert fresh.reference in filtered and late.reference not in filtered
    filtered = client.get(LIST + f"?commune={commune.pk}").content.decode()
    assert late.reference in filtered and fresh.reference not in filtered
    programme = late.projects.get().programme_id
    filtered = client.get(LIST + f"?programme={programme}").content.decode()
    assert late.reference in filtered and fresh.reference not in filtered
    filtered = client.get(LIST + "?status=suspendue").content.decode()
    assert suspended.reference in filtered and late.reference not in filtered
    filtered = client.get(LIST + "?q=atlas").content.decode()
    assert fresh.reference in filtered and late.reference not in filtered
    assert "Nouvelle étude ou travaux" in client_as(agent).get(LIST).content.decode()


def test_pdf_export_reads_the_rows(client_as, role_users, agent, tmp_path):
    _commune, late, fresh, _suspended = build_list(agent)
    response = client_as(role_users["auditeur"]).get(LIST + "?export=pdf&is_late=true")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path, "studies.pdf")
    assert "Études et travaux techniques" in text and late.reference in text and fresh.reference not in text


def test_excel_export_cells(client_as, role_users, agent):
    _commune, late, fresh, _suspended = build_list(agent)
    response = client_as(role_users["auditeur"]).get(LIST + "?export=xlsx&o=reference")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if row and row[0] == "Référence")
    data = {row[0]: dict(zip(header, row, strict=False)) for row in rows[rows.index(header) + 1 :] if row[0]}
    assert data[late.reference]["En retard"] in ("Oui", True)
    assert data[fresh.reference]["En retard"] in ("Non", False)
    assert data[fresh.reference]["Réalisé par"] == "Cabinet Atlas (Bureau d'études)"
    assert data[late.reference]["Projets servis"] == late.projects.get().code
    assert data[late.reference]["Montant"] == 150000


def grow(agent, count):
    served = [project() for _ in range(2)]
    record = None
    for n in range(count):
        record = started(agent, title=f"Étude {n}", projects=served, start_in=-60, end_in=-1 if n % 2 else 30)
        services.deliverable_add(study=record, by=agent, title=f"Rapport {n}", due_on=days(-3))
        done = services.deliverable_add(study=record, by=agent, title=f"Plans {n}", due_on=days(3))
        services.deliverable_receive(deliverable=done, by=agent, uploaded=pdf_upload())
    return record, served[0]


@pytest.mark.parametrize("page", ["list", "detail", "xlsx", "pdf", "project", "space", "home"])
def test_key_pages_keep_their_query_count(client_as, role_users, agent, page, django_assert_max_num_queries):
    client = client_as(role_users["chef"])
    counts = []
    for size in (2, 8):
        record, served = grow(agent, size)
        url = {
            "list": LIST,
            "detail": record.get_absolute_url(),
            "xlsx": LIST + "?export=xlsx",
            "pdf": LIST + "?export=pdf",
            "project": served.get_absolute_url(),
            "space": reverse("coordination:index"),
            "home": reverse("home"),
        }[page]
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[1] == counts[0], f"{page}: {counts}"
    with django_assert_max_num_queries(counts[0]):
        client.get(url)


@pytest.mark.parametrize(("code", "shown"), [("chef", True), ("auditeur", True), ("suivi_evaluation", False)])
def test_project_page_section_for_coordination_readers_only(client_as, role_users, agent, code, shown):
    served = project()
    late = started(agent, title="Étude en retard", start_in=-60, end_in=-2, projects=[served])
    page = client_as(role_users[code]).get(served.get_absolute_url()).content.decode()
    assert ('data-testid="studies-section"' in page) is shown
    assert (late.reference in page) is shown and ('data-testid="late-study"' in page) is shown


def test_project_section_left_out_when_empty_for_readers(client_as, role_users):
    served = project()
    page = client_as(role_users["chef"]).get(served.get_absolute_url()).content.decode()
    assert 'data-testid="studies-section"' not in page


def test_space_and_home_cards(client_as, role_users, agent):
    record = started(agent, start_in=-60, end_in=-2)
    services.deliverable_add(study=record, by=agent, title="Rapport", due_on=days(-1))
    page = client_as(agent).get(reverse("coordination:index")).content.decode()
    assert 'data-testid="space-area-studies"' in page and "Études et travaux en cours" in page
    home = client_as(agent).get(reverse("home")).content.decode()
    assert "Études et travaux en retard" in home and "Livrables d&#x27;études en retard" in home
    assert "Études et travaux en retard" not in client_as(role_users["chef"]).get(reverse("home")).content.decode()


def test_a_missing_study_is_a_404(client_as, agent):
    assert client_as(agent).get(reverse("coordination:study_detail", args=[999999])).status_code == 404
    assert client_as(agent).get(reverse("coordination:study_deliverable_receive", args=[999999])).status_code == 404
