"""The execution services: recording an action's realisation, its photos, cancelling an action — allowed and refused
paths. Plans in execution are built with the factories (the plans area's services are tested on their own)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from communication.models import ActionRealisation, Audience, CommunicationAction, PressCoverage, RealisationPhoto
from communication.services import execution as services
from communication.services.execution import AttendanceLine, PressLine
from das.workflow import TransitionRefused
from tests.communication.factories import (
    CommunicationActionFactory,
    CommunicationPlanFactory,
    pdf_upload,
    photo_upload,
)
from tests.factories import CommuneFactory, PartnerFactory

Kind = CommunicationAction.Kind
Status = CommunicationAction.Status
pytestmark = pytest.mark.django_db


def last_year() -> int:
    """Every day of last year is past: a realisation may be dated on any of them."""
    return timezone.localdate().year - 1


def plan_in_execution(year=None, **kwargs):
    return CommunicationPlanFactory(year=year or last_year(), status="en_execution", **kwargs)


def action_in(plan, **kwargs):
    kwargs.setdefault("planned_on", dt.date(plan.year, 5, 15))
    return CommunicationActionFactory(plan=plan, **kwargs)


def record(action, by, **overrides):
    data = {
        "carried_out_on": dt.date(action.plan.year, 5, 20),
        "place": "Maison des jeunes d'Anza",
        "actual_cost": Decimal("18500.00"),
        "reach": 0,
        "summary": "Présentation de l'appel à projets 2025, questions des associations.",
        "attendance": [AttendanceLine(Audience.ASSOCIATIONS, 20, 15), AttendanceLine(Audience.YOUTH, 8, 12)],
        "press": [
            PressLine("presse_electronique", "Agadir24", "Caravane INDH à Anza", None, "https://agadir24.info/x")
        ],
    }
    data.update(overrides)
    return services.realisation_record(action=action, by=by, **data)


def test_recording_a_realisation_marks_the_action_done_and_journals_it(role_users):
    agent = role_users["communication"]
    plan = plan_in_execution()
    action = action_in(plan)
    partner = PartnerFactory()
    realisation = record(action, agent, partners=[partner], photos=[photo_upload()], photo_caption="Accueil")
    action.refresh_from_db()
    assert action.status == Status.DONE
    assert realisation.recorded_by == agent
    assert sorted((r.audience, r.women, r.men) for r in realisation.attendance.all()) == [
        ("associations", 20, 15),
        ("jeunes", 8, 12),
    ]
    assert list(realisation.partners.all()) == [partner]
    assert realisation.press.get().outlet == "Agadir24"
    photo = realisation.photos.get()
    assert photo.caption == "Accueil" and photo.attachment.mime_type == "image/png"
    from django.apps import apps

    events = apps.get_model("communication", "ActionRealisationChainedevent").objects.filter(pgh_obj_id=realisation.pk)
    assert events.exists()
    action_events = apps.get_model("communication", "CommunicationActionChainedevent").objects.filter(
        pgh_obj_id=action.pk
    )
    assert list(action_events.order_by("pgh_id").values_list("status", flat=True))[-1] == "realisee"


def test_recording_again_replaces_attendance_and_press_and_keeps_the_photos(role_users):
    agent = role_users["communication"]
    action = action_in(plan_in_execution())
    record(action, agent, photos=[photo_upload()])
    realisation = record(
        action,
        agent,
        attendance=[AttendanceLine(Audience.WOMEN, 30, 0)],
        press=[],
        actual_cost=Decimal("20000"),
    )
    assert ActionRealisation.objects.filter(action=action).count() == 1
    assert [(r.audience, r.women) for r in realisation.attendance.all()] == [("femmes", 30)]
    assert not PressCoverage.objects.filter(realisation=realisation).exists()
    assert realisation.photos.count() == 1 and realisation.actual_cost == Decimal("20000")


def test_a_plan_not_in_execution_refuses(role_users):
    for status in ("brouillon", "valide", "cloture"):
        action = action_in(CommunicationPlanFactory(year=2050 + len(status), status=status))
        with pytest.raises(TransitionRefused, match="pendant son exécution"):
            record(action, role_users["communication"])
        assert not ActionRealisation.objects.filter(action=action).exists()


@pytest.mark.parametrize("role", ["chef", "auditeur", "formation"])
def test_other_roles_may_not_record(role_users, role):
    action = action_in(plan_in_execution())
    with pytest.raises(PermissionDenied):
        record(action, role_users[role])
    with pytest.raises(PermissionDenied):
        services.action_cancel(action=action, by=role_users[role], reason="Intempéries")


def test_dates_in_the_future_or_outside_the_plans_year_are_refused(role_users):
    action = action_in(plan_in_execution())
    agent = role_users["communication"]
    with pytest.raises(ValidationError) as error:
        record(action, agent, carried_out_on=timezone.localdate() + dt.timedelta(days=1))
    assert "futur" in error.value.message_dict["carried_out_on"][0]
    with pytest.raises(ValidationError) as error:
        record(action, agent, carried_out_on=dt.date(action.plan.year - 1, 12, 1))
    assert "année du plan" in error.value.message_dict["carried_out_on"][0]
    with pytest.raises(ValidationError) as error:
        record(action, agent, carried_out_on=None, place=" ", actual_cost=None)
    assert set(error.value.message_dict) == {"carried_out_on", "place", "actual_cost"}
    action.refresh_from_db()
    assert action.status == Status.PLANNED


def test_face_to_face_actions_need_participants_and_remote_ones_a_reach(role_users):
    agent = role_users["communication"]
    plan = plan_in_execution()
    workshop = action_in(plan, kind=Kind.WORKSHOP)
    with pytest.raises(ValidationError) as error:
        record(workshop, agent, attendance=[AttendanceLine(Audience.ASSOCIATIONS, 0, 0)])
    assert "au moins une ligne de participants" in error.value.message_dict["attendance"][0]
    radio = action_in(plan, kind=Kind.RADIO, channel="radio", commune=None)
    with pytest.raises(ValidationError) as error:
        record(radio, agent, attendance=[], reach=0)
    assert "portée estimée" in error.value.message_dict["reach"][0]
    realisation = record(radio, agent, attendance=[], reach=45000, place="Radio Plus Agadir")
    assert realisation.reach == 45000 and not realisation.attendance.exists()


def test_a_type_of_participants_appears_once(role_users):
    action = action_in(plan_in_execution())
    with pytest.raises(ValidationError) as error:
        record(
            action,
            role_users["communication"],
            attendance=[AttendanceLine(Audience.YOUTH, 1, 1), AttendanceLine(Audience.YOUTH, 2, 2)],
        )
    assert "qu'une fois" in error.value.message_dict["attendance"][0]


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_saved(role_users):
    action = action_in(plan_in_execution())
    fake = SimpleUploadedFile("photo.png", pdf_upload().read(), content_type="image/png")
    with pytest.raises(ValidationError) as error:
        record(action, role_users["communication"], photos=[fake])
    assert "n'est pas une photo" in error.value.message_dict["photos"][0]
    assert not ActionRealisation.objects.filter(action=action).exists()
    action.refresh_from_db()
    assert action.status == Status.PLANNED


def test_at_most_twelve_photos(role_users):
    agent = role_users["communication"]
    action = action_in(plan_in_execution())
    realisation = record(action, agent, photos=[photo_upload(f"p{i}.png") for i in range(10)])
    with pytest.raises(ValidationError) as error:
        services.photo_add(realisation=realisation, by=agent, photos=[photo_upload(f"q{i}.png") for i in range(3)])
    assert "12 photos" in error.value.message_dict["photos"][0]
    added = services.photo_add(
        realisation=realisation, by=agent, photos=[photo_upload("r.png"), photo_upload("s.png")], caption="Fin"
    )
    assert len(added) == 2 and realisation.photos.count() == 12


def test_removing_a_photo_removes_its_file(role_users):
    agent = role_users["communication"]
    action = action_in(plan_in_execution())
    realisation = record(action, agent, photos=[photo_upload()])
    photo = realisation.photos.get()
    with pytest.raises(PermissionDenied):
        services.photo_remove(photo=photo, by=role_users["chef"])
    services.photo_remove(photo=photo, by=agent)
    assert not RealisationPhoto.objects.filter(pk=photo.pk).exists()


def test_cancelling_an_action(role_users):
    agent = role_users["communication"]
    plan = plan_in_execution()
    action = action_in(plan)
    with pytest.raises(ValidationError) as error:
        services.action_cancel(action=action, by=agent, reason="  ")
    assert "pourquoi" in error.value.message_dict["reason"][0]
    cancelled = services.action_cancel(action=action, by=agent, reason="Report des élections communales")
    assert cancelled.status == Status.CANCELLED and cancelled.cancel_reason == "Report des élections communales"
    with pytest.raises(TransitionRefused, match="annulée"):
        record(action, agent)
    with pytest.raises(TransitionRefused, match="seule une action prévue"):
        services.action_cancel(action=action, by=agent, reason="encore")


def test_a_done_action_cannot_be_cancelled_nor_one_of_a_closed_plan(role_users):
    agent = role_users["communication"]
    action = action_in(plan_in_execution())
    record(action, agent)
    with pytest.raises(TransitionRefused, match="Réalisée"):
        services.action_cancel(action=action, by=agent, reason="Trop tard")
    closed = action_in(CommunicationPlanFactory(year=2055, status="cloture"))
    with pytest.raises(TransitionRefused):
        services.action_cancel(action=closed, by=agent, reason="Plan clos")


def test_buttons_follow_the_rules(role_users):
    agent, chef = role_users["communication"], role_users["chef"]
    action = action_in(plan_in_execution(), commune=CommuneFactory())
    assert services.may_record(agent, action) and services.may_cancel(agent, action)
    assert not services.may_record(chef, action) and not services.may_cancel(chef, action)
    record(action, agent)
    action.refresh_from_db()
    assert services.may_record(agent, action) and not services.may_cancel(agent, action)
