"""The register of remontées: list (late ones highlighted), registration, correction, the page and its next steps."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from openpyxl import load_workbook

from committees.models import Feedback
from committees.services import feedback as services
from projects.models import Project
from tests.committees.test_committee_views import late_feedback
from tests.factories import CommuneFactory, PartnerFactory, ProgrammeFactory
from tests.projects.test_call_views import message_texts

pytestmark = pytest.mark.django_db
Status = Feedback.Status
TODAY = timezone.localdate


@pytest.fixture
def secretariat(role_users):
    return role_users["secretariat_cpdh"]


@pytest.fixture
def commune():
    return CommuneFactory()


def project_in(commune, code="PRJ-2026-0001"):
    programme = ProgrammeFactory()
    return Project.objects.create(
        code=code,
        title="Centre socio-éducatif",
        phase=programme.phase,
        programme=programme,
        holder=PartnerFactory(commune=commune),
        commune=commune,
        estimated_cost=Decimal("500000"),
        indh_share=Decimal("300000"),
        holder_contribution=Decimal("200000"),
        duration_months=12,
        validated_on=TODAY(),
    )


def feedback_data(commune, **overrides):
    data = {
        "kind": Feedback.Kind.PROPOSAL,
        "source": Feedback.Source.CLDH,
        "source_name": "CLDH d'Aourir",
        "commune": commune.pk,
        "project": "",
        "received_on": TODAY().isoformat(),
        "channel": Feedback.Channel.MAIL,
        "subject": "Programme de soutien scolaire",
        "content": "Le CLDH propose un programme de soutien scolaire.",
        "answer_due_on": "",
    }
    data.update(overrides)
    return data


def fresh(secretariat, commune, **fields):
    values = {
        "kind": "demande_info",
        "source": "eaq",
        "source_name": "EAC d'Aourir",
        "commune": commune,
        "received_on": TODAY() - dt.timedelta(days=2),
        "channel": "email",
        "subject": "Calendrier des formations",
        "content": "Quand auront lieu les formations des porteurs ?",
        **fields,
    }
    return services.feedback_register(by=secretariat, **values)


class TestList:
    def test_late_ones_are_highlighted_and_filtered(self, client_as, role_users, secretariat, commune):
        late = late_feedback(secretariat, commune)
        on_time = fresh(secretariat, commune)
        client = client_as(role_users["cabinet"])
        response = client.get(reverse("committees:feedback_list"))
        content = response.content.decode()
        assert response.status_code == 200
        assert content.count('data-testid="late-row"') == 1
        rows = {f.pk: f.is_late for f in response.context["object_list"]}
        assert rows == {late.pk: True, on_time.pk: False}
        response = client.get(reverse("committees:feedback_list"), {"late": "true"})
        assert [f.pk for f in response.context["object_list"]] == [late.pk]
        response = client.get(reverse("committees:feedback_list"), {"late": "false"})
        assert [f.pk for f in response.context["object_list"]] == [on_time.pk]

    def test_an_answered_one_is_no_longer_late(self, client_as, secretariat, commune):
        late = late_feedback(secretariat, commune)
        services.feedback_route(feedback=late, by=secretariat, service="suivi_evaluation")
        services.feedback_answer(feedback=late, by=secretariat, answer="Les travaux reprennent.", answered_on=TODAY())
        response = client_as(secretariat).get(reverse("committees:feedback_list"), {"late": "true"})
        assert list(response.context["object_list"]) == []

    def test_filters_and_export(self, client_as, role_users, secretariat, commune):
        complaint = late_feedback(secretariat, commune)
        fresh(secretariat, CommuneFactory())
        client = client_as(role_users["auditeur"])
        response = client.get(reverse("committees:feedback_list"), {"kind": "plainte", "commune": commune.pk})
        assert [f.pk for f in response.context["object_list"]] == [complaint.pk]
        response = client.get(reverse("committees:feedback_list"), {"source": "eaq", "status": "recue"})
        assert len(response.context["object_list"]) == 1
        export = client.get(reverse("committees:feedback_list"), {"export": "xlsx"})
        sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
        references = {row[0] for row in sheet.iter_rows(values_only=True)}
        assert complaint.reference in references

    def test_create_button_only_for_the_register_keepers(self, client_as, role_users):
        create = reverse("committees:feedback_create")
        assert create in client_as(role_users["chef"]).get(reverse("committees:feedback_list")).content.decode()
        assert create not in client_as(role_users["auditeur"]).get(reverse("committees:feedback_list")).content.decode()

    def test_refused_to_the_dbm(self, client_as, role_users):
        assert client_as(role_users["dbm"]).get(reverse("committees:feedback_list")).status_code == 403


class TestForm:
    def test_register_a_remontee(self, client_as, secretariat, commune):
        project = project_in(commune)
        response = client_as(secretariat).post(
            reverse("committees:feedback_create"), feedback_data(commune, project=project.pk)
        )
        feedback = Feedback.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("committees:feedback_detail", args=[feedback.pk])
        assert feedback.reference == f"REM-{TODAY().year}-0001"
        assert feedback.project == project
        assert feedback.answer_due_on == TODAY() + dt.timedelta(days=30)  # the usual delay when left empty

    def test_the_project_select_says_the_commune_of_each_project(self, client_as, secretariat, commune):
        project = project_in(commune)
        content = client_as(secretariat).get(reverse("committees:feedback_create")).content.decode()
        assert f'value="{project.pk}" data-commune="{commune.pk}"' in content

    def test_due_date_before_reception_is_refused_next_to_the_field(self, client_as, secretariat, commune):
        response = client_as(secretariat).post(
            reverse("committees:feedback_create"),
            feedback_data(
                commune,
                received_on=(TODAY() - dt.timedelta(days=3)).isoformat(),
                answer_due_on=(TODAY() - dt.timedelta(days=5)).isoformat(),
            ),
        )
        assert response.status_code == 200
        assert response.context["form"].errors["answer_due_on"] == [
            "La réponse ne peut être attendue avant la réception."
        ]
        assert not response.context["form"].non_field_errors()
        assert "La réponse ne peut être attendue avant la réception." in response.content.decode()
        assert not Feedback.objects.exists()

    def test_a_project_of_another_commune_is_refused(self, client_as, secretariat, commune):
        elsewhere = project_in(CommuneFactory())
        response = client_as(secretariat).post(
            reverse("committees:feedback_create"), feedback_data(commune, project=elsewhere.pk)
        )
        assert response.status_code == 200
        assert response.context["form"].errors["project"] == ["Ce projet n'est pas dans la commune indiquée."]
        assert not Feedback.objects.exists()

    def test_a_reception_date_in_the_future_is_refused(self, client_as, secretariat, commune):
        response = client_as(secretariat).post(
            reverse("committees:feedback_create"),
            feedback_data(commune, received_on=(TODAY() + dt.timedelta(days=1)).isoformat()),
        )
        assert response.status_code == 200
        assert response.context["form"].errors["received_on"] == ["La date de réception est dans le futur."]

    def test_correct_while_not_answered(self, client_as, secretariat, commune):
        feedback = fresh(secretariat, commune)
        url = reverse("committees:feedback_update", args=[feedback.pk])
        client = client_as(secretariat)
        assert client.get(url).status_code == 200
        data = feedback_data(commune, subject="Calendrier des formations 2026")
        data["received_on"] = feedback.received_on.isoformat()
        data["answer_due_on"] = feedback.answer_due_on.isoformat()
        assert client.post(url, data).status_code == 302
        feedback.refresh_from_db()
        assert feedback.subject == "Calendrier des formations 2026"

    def test_no_correction_once_answered(self, client_as, secretariat, commune):
        feedback = fresh(secretariat, commune)
        services.feedback_route(feedback=feedback, by=secretariat, service="formation")
        services.feedback_answer(feedback=feedback, by=secretariat, answer="En mai.", answered_on=TODAY())
        client = client_as(secretariat)
        response = client.get(reverse("committees:feedback_update", args=[feedback.pk]))
        assert response.status_code == 302
        assert "Une remontée répondue ne se modifie plus." in message_texts(response)
        page = client.get(feedback.get_absolute_url()).content.decode()
        assert reverse("committees:feedback_update", args=[feedback.pk]) not in page

    @pytest.mark.parametrize("role", ["cabinet", "auditeur", "suivi_evaluation"])
    def test_refused_to_readers(self, client_as, role_users, role, commune):
        client = client_as(role_users[role])
        assert client.get(reverse("committees:feedback_create")).status_code == 403
        assert client.post(reverse("committees:feedback_create"), feedback_data(commune)).status_code == 403
        assert not Feedback.objects.exists()


class TestPageAndSteps:
    def test_all_fields_and_the_first_step(self, client_as, secretariat, commune):
        feedback = late_feedback(secretariat, commune)
        response = client_as(secretariat).get(feedback.get_absolute_url())
        content = response.content.decode()
        assert feedback.reference in content
        assert "Habitants du douar" in content and "Les travaux sont arrêtés." in content
        assert 'data-testid="late-mark"' in content
        assert [s["transition"].name for s in response.context["steps"]] == ["route"]
        assert reverse("committees:feedback_route", args=[feedback.pk]) in content
        assert reverse("history", args=["committees.feedback", feedback.pk]) in content

    def test_readers_see_no_step(self, client_as, role_users, secretariat, commune):
        feedback = fresh(secretariat, commune)
        response = client_as(role_users["cabinet"]).get(feedback.get_absolute_url())
        assert response.status_code == 200
        assert response.context["steps"] == []
        assert reverse("committees:feedback_route", args=[feedback.pk]) not in response.content.decode()

    def test_route_answer_and_mark_sent(self, client_as, secretariat, commune):
        feedback = fresh(secretariat, commune)
        client = client_as(secretariat)
        response = client.post(reverse("committees:feedback_route", args=[feedback.pk]), {"route-service": "formation"})
        assert response.status_code == 302
        feedback.refresh_from_db()
        assert (feedback.status, feedback.routed_to) == (Status.ROUTED, "formation")
        page = client.get(feedback.get_absolute_url())
        assert [s["transition"].name for s in page.context["steps"]] == ["route", "answer"]
        client.post(
            reverse("committees:feedback_answer", args=[feedback.pk]),
            {"answer-answer": "Les formations ont lieu en mai.", "answer-answered_on": TODAY().isoformat()},
        )
        feedback.refresh_from_db()
        assert feedback.status == Status.ANSWERED
        assert feedback.answered_by == secretariat
        page = client.get(feedback.get_absolute_url())
        assert [s["transition"].name for s in page.context["steps"]] == ["mark_sent"]
        try:
            letter = reverse("committees:feedback_letter_pdf", args=[feedback.pk, "fr"])
        except NoReverseMatch:
            letter = None
        if letter:
            assert letter in page.content.decode()
        client.post(reverse("committees:feedback_mark_sent", args=[feedback.pk]), {"mark_sent-sent_on": TODAY()})
        feedback.refresh_from_db()
        assert (feedback.status, feedback.sent_on) == (Status.SENT, TODAY())

    def test_no_letter_before_the_answer(self, client_as, secretariat, commune):
        feedback = fresh(secretariat, commune)
        response = client_as(secretariat).get(feedback.get_absolute_url())
        assert response.context["letters"] == []

    def test_an_answer_without_text_is_refused_on_the_page(self, client_as, secretariat, commune):
        feedback = fresh(secretariat, commune)
        services.feedback_route(feedback=feedback, by=secretariat, service="formation")
        response = client_as(secretariat).post(
            reverse("committees:feedback_answer", args=[feedback.pk]),
            {"answer-answer": "", "answer-answered_on": TODAY().isoformat()},
        )
        assert response.status_code == 200
        step = next(s for s in response.context["steps"] if s["transition"].name == "answer")
        assert step["form"].errors["answer"]
        feedback.refresh_from_db()
        assert feedback.status == Status.ROUTED

    def test_an_answer_dated_before_the_reception_is_refused(self, client_as, secretariat, commune):
        feedback = fresh(secretariat, commune)
        services.feedback_route(feedback=feedback, by=secretariat, service="formation")
        response = client_as(secretariat).post(
            reverse("committees:feedback_answer", args=[feedback.pk]),
            {"answer-answer": "En mai.", "answer-answered_on": (TODAY() - dt.timedelta(days=10)).isoformat()},
        )
        step = next(s for s in response.context["steps"] if s["transition"].name == "answer")
        assert step["form"].errors["answered_on"] == ["La réponse ne peut précéder la réception de la remontée."]

    def test_a_step_no_longer_possible_says_why(self, client_as, secretariat, commune):
        feedback = fresh(secretariat, commune)  # received: it cannot be answered before being routed
        response = client_as(secretariat).post(
            reverse("committees:feedback_answer", args=[feedback.pk]),
            {"answer-answer": "Réponse", "answer-answered_on": TODAY().isoformat()},
        )
        assert response.status_code == 302
        assert any("Impossible depuis l'état « Reçue »" in text for text in message_texts(response))

    @pytest.mark.parametrize("role", ["cabinet", "auditeur", "formation"])
    def test_steps_refused_to_readers(self, client_as, role_users, role, secretariat, commune):
        feedback = fresh(secretariat, commune)
        response = client_as(role_users[role]).post(
            reverse("committees:feedback_route", args=[feedback.pk]), {"route-service": "formation"}
        )
        assert response.status_code == 403
        feedback.refresh_from_db()
        assert feedback.status == Status.RECEIVED
