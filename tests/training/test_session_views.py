"""The sessions' pages and documents: what they show and offer per role, the PDFs' text, the constant number of
queries of the session page, the attendance grid and the attendance sheet, and the demo data."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import CommuneFactory
from tests.projects.test_call_notice import pdf_text
from tests.training.factories import PersonFactory
from tests.training.matrix_sessions import held_session, invite, mark_all_present, schedule
from training import session_selectors as selectors
from training.models import Presence, TrainingSession
from training.services import sessions as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(role_users):
    return role_users["formation"]


def test_list_filters_and_exports(agent, client_as):
    session = schedule(agent)
    client = client_as(agent)
    response = client.get(reverse("training:session_list"), {"status": "planifiee", "annee": "2026"})
    assert session.reference in response.content.decode()
    assert session.reference not in client.get(reverse("training:session_list"), {"status": "tenue"}).content.decode()
    assert client.get(reverse("training:session_list"), {"export": "xlsx"})["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert client.get(reverse("training:session_list"), {"export": "pdf"})["Content-Type"] == "application/pdf"


def test_create_through_the_form_and_refusal_shown_in_french(agent, client_as):
    from tests.training.matrix_sessions import action_in_execution

    action = action_in_execution()
    client = client_as(agent)
    data = {
        "action": action.pk,
        "start_date": "2026-03-10",
        "end_date": "2026-03-09",
        "place": "Salle",
        "trainer": "Karim",
    }
    response = client.post(reverse("training:session_create"), data)
    assert response.status_code == 200
    assert "La date de fin précède la date de début." in response.content.decode()
    response = client.post(reverse("training:session_create"), {**data, "end_date": "2026-03-11"})
    session = TrainingSession.objects.get()
    assert response.url == session.get_absolute_url()
    assert session.days.count() == 2


def test_buttons_shown_only_when_allowed(agent, role_users, client_as):
    session = schedule(agent)
    invite(agent, session, 1)
    page = client_as(role_users["chef"]).get(session.get_absolute_url()).content.decode()
    assert 'data-testid="edit-link"' not in page and 'data-testid="transitions"' not in page
    page = client_as(agent).get(session.get_absolute_url()).content.decode()
    assert 'data-testid="edit-link"' in page and 'data-testid="attendance-link"' in page
    assert 'data-testid="transition-hold"' in page and 'data-testid="issue-all"' not in page
    mark_all_present(agent, session)
    services.session_hold(session=session, by=agent)
    page = client_as(agent).get(session.get_absolute_url()).content.decode()
    assert 'data-testid="issue-all"' in page and 'data-testid="transition-close"' in page


def test_editing_pages_of_a_closed_session_send_back_to_it(agent, client_as):
    from decimal import Decimal

    session, _participants = held_session(agent, count=1)
    services.report_save(by=agent, session=session, trainer_report="Bien.", actual_cost=Decimal("100"))
    services.session_close(session=session, by=agent)
    client = client_as(agent)
    for name in ("training:session_days", "training:session_participants", "training:session_report"):
        response = client.get(reverse(name, args=[session.pk]))
        assert response.status_code == 302 and response.url == session.get_absolute_url()


def test_attendance_grid_saves_and_refuses_a_stale_grid(agent, client_as):
    session = schedule(agent)
    participant = invite(agent, session, 1)[0]
    page = selectors.session_page(session)
    url = reverse("training:session_attendance", args=[session.pk])
    client = client_as(agent)
    value = f"{participant.pk}-{page.days[0].pk}"
    response = client.post(url, {"stamp": page.stamp, "present": [value]})
    assert response.status_code == 302
    assert Presence.objects.count() == 1
    response = client.post(url, {"stamp": page.stamp, "present": []})
    assert "rechargez-la avant de la modifier" in response.content.decode()
    assert Presence.objects.count() == 1


def test_transition_refusal_is_said(agent, client_as):
    session = schedule(agent)
    client = client_as(agent)
    response = client.post(reverse("training:session_transition", args=[session.pk, "hold"]), follow=True)
    assert "Aucune présence" in response.content.decode()
    session.refresh_from_db()
    assert session.status == "planifiee"


def test_attendance_sheet_pdf_lists_participants_and_days(agent, client_as, tmp_path):
    session = schedule(agent, days=2)
    person = PersonFactory(
        full_name="Fatima Zahra Aït Lahcen", full_name_ar="فاطمة الزهراء آيت لحسن", phone="0661234567"
    )
    services.participant_invite(by=agent, session=session, person=person)
    client = client_as(agent)
    fr = pdf_text(client.get(reverse("training:session_sheet", args=[session.pk, "fr"])).content, tmp_path, "fr.pdf")
    for text in ("Royaume du Maroc", "Feuille de présence", session.reference, "Fatima Zahra Aït Lahcen", "0661234567"):
        assert text in fr
    assert "10/03/2026" in fr and "11/03/2026" in fr and "Signature" in fr
    ar = pdf_text(client.get(reverse("training:session_sheet", args=[session.pk, "ar"])).content, tmp_path, "ar.pdf")
    assert "ورقة الحضور" in ar and "التوقيع" in ar


def test_attendance_sheet_shows_a_committee_members_committee(agent, role_users, client_as, tmp_path):
    """A person registered through a committee seat shows the committee as organisation, like the register does."""
    from tests.training.test_people_services import make_committee, make_member
    from training.session_documents import sheet_context

    session = schedule(agent)
    secretariat = role_users["secretariat_cpdh"]
    committee = make_committee("cpdh", session.commune or CommuneFactory(), secretariat)
    member = make_member(committee, "Naima Lahlou", secretariat)
    person = PersonFactory(full_name="Naima Lahlou", committee_member=member, organisation="")
    services.participant_invite(by=agent, session=session, person=person)
    page = selectors.session_page(selectors.session_for_page(session.pk))
    [row] = sheet_context(page, "fr")["rows"]
    assert person.organisation_display == str(committee)
    assert str(committee) in str(row["organisation"])
    fr = pdf_text(
        client_as(agent).get(reverse("training:session_sheet", args=[session.pk, "fr"])).content, tmp_path, "c.pdf"
    )
    assert str(committee) in fr


def test_attestation_pdf_wording_and_stable_number(agent, client_as, tmp_path):
    session, participants = held_session(agent, count=1)
    person = participants[0].person
    person.full_name, person.sex = "Khadija Ouhammou", "F"
    person.save()
    client = client_as(agent)
    client.post(reverse("training:session_certificate_issue", args=[session.pk]), {"participant": participants[0].pk})
    participants[0].refresh_from_db()
    assert participants[0].certificate_number == "ATT-2026-0001"
    url = reverse("training:participant_certificate", args=[participants[0].pk, "fr"])
    text = pdf_text(client.get(url).content, tmp_path, "att.pdf")
    assert "Attestation de participation" in text
    assert "atteste que Mme Khadija Ouhammou a participé à la session de formation" in text
    assert "ATT-2026-0001" in text and "du 10/03/2026 au 11/03/2026" in text and "12 heures" in text
    client.post(reverse("training:session_certificate_issue", args=[session.pk]))
    again = pdf_text(client.get(url).content, tmp_path, "again.pdf")
    assert "ATT-2026-0001" in again
    ar = pdf_text(
        client.get(reverse("training:session_certificates", args=[session.pk, "ar"])).content, tmp_path, "ar.pdf"
    )
    assert "شهادة المشاركة" in ar and "السيدة" in ar


def test_session_record_pdf_shows_attendance_and_evaluation(agent, client_as, tmp_path):
    session, participants = held_session(agent, count=2)
    scores = {"content": 4, "trainer": 5, "organisation": 3, "materials": 4, "usefulness": 2}
    services.evaluation_add(by=agent, session=session, participant=None, scores=scores)
    services.report_save(by=agent, session=session, trainer_report="Très bonne participation.", actual_cost=None)
    content = client_as(agent).get(reverse("training:session_summary", args=[session.pk, "fr"])).content
    text = pdf_text(content, tmp_path, "summary.pdf")
    for expected in ("Fiche de session", session.reference, "Moyenne générale", "3,6", "Très bonne participation."):
        assert expected in text


def test_attestation_not_printed_before_issue(agent, client_as):
    session, participants = held_session(agent, count=1)
    response = client_as(agent).get(reverse("training:participant_certificate", args=[participants[0].pk, "fr"]))
    assert response.status_code == 404


def _grow(agent, session, count):
    invite(agent, session, count)
    mark_all_present(agent, session)


@pytest.mark.parametrize(
    "url_name, args",
    [
        ("training:session_detail", lambda s: [s.pk]),
        ("training:session_attendance", lambda s: [s.pk]),
        ("training:session_sheet", lambda s: [s.pk, "fr"]),
        ("training:session_summary", lambda s: [s.pk, "fr"]),
        ("training:session_participants", lambda s: [s.pk]),
    ],
)
def test_constant_queries_whatever_the_number_of_participants(
    agent, client_as, django_assert_max_num_queries, url_name, args
):
    session = schedule(agent, days=3)
    client = client_as(agent)
    url = reverse(url_name, args=args(session))
    _grow(agent, session, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(agent, session, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_demo_seed_builds_held_and_planned_sessions_and_is_idempotent(agent, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    from tests.training.factories import PlanActionFactory, TrainingPlanFactory
    from training import demo_sessions

    today = timezone.localdate()
    with pytest.raises(RuntimeError, match="en_execution"):
        demo_sessions.seed(by=agent)
    plan = TrainingPlanFactory(year=today.year, status="en_execution")
    for _ in range(4):
        PlanActionFactory(plan=plan, period_start=dt.date(today.year, 1, 1), period_end=dt.date(today.year, 12, 31))
    for _ in range(10):
        PersonFactory()
    created = demo_sessions.seed(by=agent)
    assert created > 0
    statuses = sorted(TrainingSession.objects.values_list("status", flat=True))
    assert statuses == ["cloturee", "cloturee", "planifiee", "tenue"]
    assert TrainingSession.objects.filter(participants__certificate_number__startswith="ATT-").exists()
    assert demo_sessions.seed(by=agent) == 0
    assert TrainingSession.objects.count() == 4
    assert datetime  # the module is used by the builders


@pytest.mark.parametrize("typed", ["abc", "²", "-1", "1" * 30])
def test_typed_ids_that_are_not_ids_answer_404_or_are_ignored(agent, client_as, typed):
    """Ids come back from forms: a value that is not one is a 404 (or an ignored tick), never a 500."""
    session, _participants = held_session(agent)
    client = client_as(agent)
    days = reverse("training:session_days", args=[session.pk])
    participants = reverse("training:session_participants", args=[session.pk])
    assert client.post(days, {"action": "remove", "day": typed}).status_code == 404
    assert client.post(participants, {"action": "invite", "person": typed}).status_code == 404
    assert client.post(participants, {"action": "remove", "participant": typed}).status_code == 404
    issue = reverse("training:session_certificate_issue", args=[session.pk])
    assert client.post(issue, {"participant": typed}).status_code == 404
    page = selectors.session_page(session)
    attendance = reverse("training:session_attendance", args=[session.pk])
    response = client.post(attendance, {"stamp": page.stamp, "present": [f"{typed}-{typed}"]})
    assert response.status_code in {200, 302}
    assert client.get(reverse("training:session_create"), {"action": typed}).status_code == 200
