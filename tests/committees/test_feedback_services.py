"""The register of remontées through the services: numbering, due dates, the route → answer → sent workflow and its
guards, the lock after the answer, the project's commune, dates in the future refused, who may keep the register."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from committees.models import Feedback
from committees.services import feedback as services
from das.selectors import history_of
from das.workflow import TransitionRefused
from tests.committees.test_meeting_services import approved_project
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db
Status = Feedback.Status


@pytest.fixture
def secretariat(role_users):
    return role_users["secretariat_cpdh"]


def register(by, **fields):
    data = {
        "kind": Feedback.Kind.COMPLAINT,
        "source": Feedback.Source.CLDH,
        "source_name": "CLDH d'Aourir",
        "commune": fields.pop("commune", None) or CommuneFactory(),
        "channel": Feedback.Channel.MAIL,
        "subject": "Retard des travaux du foyer féminin",
        "content": "Les bénéficiaires signalent l'arrêt du chantier depuis deux mois.",
    }
    data.update(fields)
    return services.feedback_register(by=by, **data)


def today():
    return timezone.localdate()


def test_references_are_numbered_per_year_of_receipt(secretariat):
    year = today().year
    first, second = register(secretariat), register(secretariat)
    assert (first.reference, second.reference) == (f"REM-{year}-0001", f"REM-{year}-0002")
    last_year = register(secretariat, received_on=dt.date(year - 1, 12, 30))
    assert last_year.reference == f"REM-{year - 1}-0001"
    assert register(secretariat).reference == f"REM-{year}-0003"
    assert first.status == Status.RECEIVED


def test_the_answer_is_due_thirty_days_after_receipt_unless_stated(secretariat, settings):
    received = today() - dt.timedelta(days=5)
    assert register(secretariat, received_on=received).answer_due_on == received + dt.timedelta(days=30)
    assert register(secretariat).received_on == today()
    stated = register(secretariat, received_on=received, answer_due_on=received + dt.timedelta(days=10))
    assert stated.answer_due_on == received + dt.timedelta(days=10)
    settings.DAS_FEEDBACK_ANSWER_DAYS = 15
    assert register(secretariat, received_on=received).answer_due_on == received + dt.timedelta(days=15)


def test_dates_are_checked(secretariat):
    with pytest.raises(ValidationError, match="futur"):
        register(secretariat, received_on=today() + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="avant la réception"):
        register(secretariat, received_on=today(), answer_due_on=today() - dt.timedelta(days=1))
    assert not Feedback.objects.exists()


def test_the_project_must_be_in_the_feedbacks_commune(role_users, secretariat):
    project = approved_project(role_users)
    with pytest.raises(ValidationError, match="pas dans la commune"):
        register(secretariat, commune=CommuneFactory(), project=project)
    feedback = register(secretariat, commune=project.commune, project=project)
    assert feedback.project == project
    with pytest.raises(ValidationError, match="pas dans la commune"):
        services.feedback_update(feedback=feedback, by=secretariat, commune=CommuneFactory())


@pytest.mark.parametrize("role", ["auditeur", "suivi_evaluation", "cabinet", "communication"])
def test_only_the_secretariat_and_the_head_keep_the_register(role_users, role):
    with pytest.raises(PermissionDenied):
        register(role_users[role])
    feedback = register(role_users["chef"])
    with pytest.raises(PermissionDenied):
        services.feedback_route(feedback=feedback, by=role_users[role], service="suivi_evaluation")
    with pytest.raises(PermissionDenied):
        services.feedback_update(feedback=feedback, by=role_users[role], subject="Autre")


def test_route_answer_and_send(secretariat, role_users):
    received = today() - dt.timedelta(days=10)
    feedback = register(secretariat, received_on=received)
    with pytest.raises(TransitionRefused, match="Impossible depuis l'état"):
        services.feedback_answer(feedback=feedback, by=secretariat, answer="Réponse", answered_on=today())
    with pytest.raises(TransitionRefused, match="service"):
        services.feedback_route(feedback=feedback, by=secretariat, service="cuisine")
    routed = services.feedback_route(feedback=feedback, by=secretariat, service="communication")
    assert (routed.status, routed.routed_to) == (Status.ROUTED, "communication")
    # Routed again to the right service.
    routed = services.feedback_route(feedback=feedback, by=secretariat, service="suivi_evaluation")
    assert routed.routed_to == "suivi_evaluation"
    with pytest.raises(TransitionRefused, match="Impossible depuis l'état"):
        services.feedback_mark_sent(feedback=feedback, by=secretariat, sent_on=today())

    for answer, answered_on, expected in [
        (" ", today(), "Rédigez"),
        ("Le chantier reprend lundi.", None, "date de la réponse"),
        ("Le chantier reprend lundi.", today() + dt.timedelta(days=1), "entre la réception et aujourd'hui"),
        ("Le chantier reprend lundi.", received - dt.timedelta(days=1), "entre la réception et aujourd'hui"),
    ]:
        with pytest.raises(TransitionRefused, match=expected):
            services.feedback_answer(feedback=feedback, by=secretariat, answer=answer, answered_on=answered_on)
    answered_on = today() - dt.timedelta(days=2)
    answered = services.feedback_answer(
        feedback=feedback, by=role_users["chef"], answer=" Le chantier reprend lundi. ", answered_on=answered_on
    )
    assert (answered.status, answered.answer, answered.answered_on, answered.answered_by) == (
        Status.ANSWERED,
        "Le chantier reprend lundi.",
        answered_on,
        role_users["chef"],
    )
    with pytest.raises(TransitionRefused, match="Impossible depuis l'état"):
        services.feedback_route(feedback=feedback, by=secretariat, service="formation")

    for sent_on, expected in [
        (None, "date d'envoi"),
        (answered_on - dt.timedelta(days=1), "entre la réponse et aujourd'hui"),
        (today() + dt.timedelta(days=1), "entre la réponse et aujourd'hui"),
    ]:
        with pytest.raises(TransitionRefused, match=expected):
            services.feedback_mark_sent(feedback=feedback, by=secretariat, sent_on=sent_on)
    sent = services.feedback_mark_sent(feedback=feedback, by=secretariat, sent_on=today())
    assert (sent.status, sent.sent_on) == (Status.SENT, today())
    with pytest.raises(TransitionRefused):
        services.feedback_mark_sent(feedback=feedback, by=secretariat, sent_on=today())
    states = [e.pgh_data["status"] for e in reversed(list(history_of(feedback)))]
    assert states == ["recue", "transmise", "transmise", "repondue", "envoyee"]


def test_no_change_once_answered(secretariat):
    feedback = register(secretariat)
    updated = services.feedback_update(feedback=feedback, by=secretariat, subject="Arrêt du chantier du foyer")
    assert updated.subject == "Arrêt du chantier du foyer"
    services.feedback_route(feedback=feedback, by=secretariat, service="suivi_evaluation")
    assert services.feedback_update(feedback=feedback, by=secretariat, channel="email").channel == "email"
    services.feedback_answer(feedback=feedback, by=secretariat, answer="Reprise lundi", answered_on=today())
    with pytest.raises(TransitionRefused, match="ne se modifie plus"):
        services.feedback_update(feedback=feedback, by=secretariat, subject="Autre objet")
    feedback.refresh_from_db()
    assert feedback.subject == "Arrêt du chantier du foyer"


def test_an_update_keeps_the_dates_in_order(secretariat):
    feedback = register(secretariat)
    with pytest.raises(ValidationError, match="futur"):
        services.feedback_update(feedback=feedback, by=secretariat, received_on=today() + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="avant la réception"):
        services.feedback_update(feedback=feedback, by=secretariat, answer_due_on=today() - dt.timedelta(days=1))
    # Fields outside the register's form are ignored (the reference and the status move only through the services).
    services.feedback_update(feedback=feedback, by=secretariat, reference="X", status=Status.SENT)
    feedback.refresh_from_db()
    assert feedback.reference.startswith("REM-") and feedback.status == Status.RECEIVED


def test_late_feedback_is_listed(secretariat):
    from committees.selectors import late_feedback

    old = register(secretariat, received_on=today() - dt.timedelta(days=40))
    recent = register(secretariat)
    assert list(late_feedback()) == [old]
    services.feedback_route(feedback=old, by=secretariat, service="coordination")
    services.feedback_answer(feedback=old, by=secretariat, answer="Fait", answered_on=today())
    assert not late_feedback().exists()
    assert recent.status == Status.RECEIVED
