"""Services of the provinces area: our prefecture, counterparts (our own refused, a missing province created in the
same transaction), one main contact, joint projects and their shares (never over the total cost), every transition
allowed and refused, meetings and their minutes (never in the future), actions done and reopened, the late rule."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coordination import provinces_selectors as selectors
from coordination.models import CoordinationAction, CoordinationMeeting, Counterpart, CounterpartContact, JointProject
from coordination.services import provinces as services
from das.models import Province
from das.workflow import TransitionRefused
from tests.coordination import factories_provinces as build
from tests.factories import CommuneFactory, ProvinceFactory

pytestmark = pytest.mark.django_db
Status = JointProject.Status
MeetingStatus = CoordinationMeeting.Status
TODAY = timezone.localdate()


@pytest.fixture
def agent(role_users):
    return role_users["coordination"]


@pytest.fixture
def chef(role_users):
    return role_users["chef"]


# --- Our prefecture and counterparts --------------------------------------------------------------------------------
def test_home_province_is_the_one_most_communes_belong_to():
    assert selectors.home_province() is None
    ours = build.home()
    CommuneFactory(province=ours)
    CommuneFactory(province=build.other("TAR"))
    assert selectors.home_province() == ours


def test_counterpart_refuses_our_own_province_and_twice_the_same(agent):
    ours = build.home()
    with pytest.raises(ValidationError) as refused:
        services.counterpart_create(by=agent, province=ours)
    assert "notre propre préfecture" in str(refused.value.message_dict["province"])
    build.counterpart(agent, "INZ")
    with pytest.raises(ValidationError) as twice:
        build.counterpart(agent, "INZ")
    assert "déjà une province partenaire" in str(twice.value.message_dict["province"])
    assert Counterpart.objects.count() == 1


def test_counterpart_with_a_new_province_of_our_region(agent):
    ours = build.home()
    counterpart = services.counterpart_create(
        by=agent,
        new_province={"name_fr": "Province de Tata", "name_ar": "إقليم طاطا", "code": "tat", "kind": "province"},
        division_name="DAS de Tata",
    )
    province = counterpart.province
    assert province.code == "TAT" and province.region == ours.region and province.name_ar == "إقليم طاطا"


def test_new_province_refusals_leave_nothing_behind(agent):
    build.home()
    build.other("TAR")
    with pytest.raises(ValidationError) as refused:
        services.counterpart_create(
            by=agent, new_province={"name_fr": "", "name_ar": "", "code": "TAR", "kind": "autre"}
        )
    errors = refused.value.message_dict
    assert set(errors) == {"new_name_fr", "new_code", "new_kind"}
    with pytest.raises(ValidationError):
        services.counterpart_create(by=agent)
    assert Province.objects.count() == 2 and not Counterpart.objects.exists()


def test_only_the_service_writes(agent, chef):
    build.home()
    with pytest.raises(PermissionDenied):
        services.counterpart_create(by=chef, province=build.other("INZ"))
    with pytest.raises(PermissionDenied):
        build.joint_project(chef)
    with pytest.raises(PermissionDenied):
        build.meeting(chef)


def test_one_main_contact_per_counterpart(agent):
    counterpart = build.counterpart(agent)
    main = services.contact_add(
        counterpart=counterpart, by=agent, full_name="Aïcha Bennani", function="Chef DAS", is_main=True
    )
    second = services.contact_add(counterpart=counterpart, by=agent, full_name="Omar Idrissi", function="Cadre")
    with pytest.raises(ValidationError) as refused:
        services.contact_update(contact=second, by=agent, full_name="Omar Idrissi", function="Cadre", is_main=True)
    assert "Aïcha Bennani est déjà l'interlocuteur principal" in str(refused.value.message_dict["is_main"])
    with pytest.raises(ValidationError):
        services.contact_add(counterpart=counterpart, by=agent, full_name="X", function="Y", is_main=True)
    # The database says the same if a write goes around the service.
    with pytest.raises(IntegrityError), transaction.atomic():
        CounterpartContact.objects.filter(pk=second.pk).update(is_main=True)
    services.contact_update(contact=main, by=agent, full_name="Aïcha Bennani", function="Chef DAS", is_main=False)
    services.contact_update(contact=second, by=agent, full_name="Omar Idrissi", function="Cadre", is_main=True)
    services.contact_remove(contact=main, by=agent)
    assert list(counterpart.contacts.values_list("full_name", "is_main")) == [("Omar Idrissi", True)]
    listed = selectors.counterpart_list().get()
    assert listed.main_name == "Omar Idrissi"


# --- Joint projects and shares --------------------------------------------------------------------------------------
def test_joint_project_numbered_by_year(agent):
    first = build.joint_project(agent)
    second = build.joint_project(agent, title="Transport scolaire rural")
    assert first.reference == f"PC-{TODAY.year}-001" and second.reference == f"PC-{TODAY.year}-002"
    assert first.status == Status.PREPARATION


def test_shares_never_exceed_the_total_cost(agent):
    project = build.joint_project(agent, total="1000000")
    ours = services.share_add(joint_project=project, by=agent, province=build.home(), amount=Decimal("600000"))
    with pytest.raises(ValidationError) as refused:
        services.share_add(joint_project=project, by=agent, province=build.other("INZ"), amount=Decimal("400000.01"))
    message = " ".join(refused.value.message_dict["amount"]).replace("\u202f", " ").replace("\xa0", " ")
    assert "il reste 400 000,00 DH" in message
    services.share_add(joint_project=project, by=agent, province=build.other("INZ"), amount=Decimal("400000"))
    with pytest.raises(ValidationError):
        services.share_update(share=ours, by=agent, province=ours.province, amount=Decimal("600000.01"))
    with pytest.raises(ValidationError) as duplicate:
        services.share_add(joint_project=project, by=agent, province=build.other("INZ"), amount=Decimal("1"))
    assert "déjà sa part" in str(duplicate.value.message_dict["province"])
    with pytest.raises(ValidationError) as below:
        services.joint_project_update(
            project=project,
            by=agent,
            title=project.title,
            lead_province=project.lead_province,
            total_cost=Decimal("900000"),
        )
    assert "parts déjà réparties" in str(below.value.message_dict["total_cost"])
    summary = selectors.shares_summary(project)
    assert summary.total == Decimal("1000000") and summary.remaining == 0 and summary.percent == Decimal("100.0")


def test_our_project_only_on_our_share(agent):
    from tests.projects.territorial_builders import project as local_project

    home = build.home()
    local = local_project("PRJ-2025-0001", CommuneFactory(province=home), "300000")
    project = build.joint_project(agent)
    with pytest.raises(ValidationError) as refused:
        services.share_add(
            joint_project=project, by=agent, province=build.other("INZ"), amount=Decimal("1000"), project=local
        )
    assert "notre préfecture" in str(refused.value.message_dict["project"])
    share = services.share_add(joint_project=project, by=agent, province=home, amount=Decimal("1000"), project=local)
    assert share.project == local


def test_agree_needs_two_provinces_and_exact_shares(agent):
    project = build.joint_project(agent, total="1000000")
    services.share_add(joint_project=project, by=agent, province=build.home(), amount=Decimal("1000000"))
    with pytest.raises(TransitionRefused) as one:
        services.joint_project_agree(project=project, by=agent)
    assert "au moins deux provinces" in " ".join(one.value.messages)
    share = project.shares.get()
    services.share_update(share=share, by=agent, province=share.province, amount=Decimal("700000"))
    services.share_add(joint_project=project, by=agent, province=build.other("INZ"), amount=Decimal("200000"))
    with pytest.raises(TransitionRefused) as short:
        services.joint_project_agree(project=project, by=agent)
    assert "reste à répartir" in " ".join(short.value.messages)
    services.share_update(share=share, by=agent, province=share.province, amount=Decimal("800000"))
    agreed = services.joint_project_agree(project=project, by=agent)
    assert agreed.status == Status.AGREED
    with pytest.raises(TransitionRefused):  # shares are frozen once agreed
        services.share_remove(share=share, by=agent)
    with pytest.raises(ValidationError):
        services.joint_project_update(
            project=agreed, by=agent, title="X", lead_province=agreed.lead_province, total_cost=Decimal("2000000")
        )


def test_lifecycle_and_wrong_states(agent, chef):
    project = build.agreed_project(agent)
    with pytest.raises(TransitionRefused):
        services.joint_project_complete(project=project, by=agent)
    with pytest.raises(PermissionDenied):
        services.joint_project_start(project=project, by=chef)
    started = services.joint_project_start(project=project, by=agent)
    assert started.status == Status.IN_PROGRESS
    with pytest.raises(TransitionRefused):
        services.joint_project_agree(project=started, by=agent)
    with pytest.raises(TransitionRefused):  # a reason is required
        services.joint_project_abandon(project=started, by=agent, reason="  ")
    done = services.joint_project_complete(project=started, by=agent)
    assert done.status == Status.COMPLETED
    with pytest.raises(TransitionRefused):
        services.joint_project_abandon(project=done, by=agent, reason="Trop tard")
    other = build.joint_project(agent)
    abandoned = services.joint_project_abandon(project=other, by=agent, reason="Financement retiré")
    assert abandoned.status == Status.ABANDONED and abandoned.status_note == "Financement retiré"


# --- Meetings and actions -------------------------------------------------------------------------------------------
def test_meeting_numbered_by_its_year_and_host_takes_part(agent):
    meeting = build.meeting(agent, days=5)
    assert meeting.reference.startswith(f"RC-{meeting.date.year}-")
    assert set(meeting.provinces.values_list("code", flat=True)) == {"AGA", "INZ"}
    with pytest.raises(ValidationError) as alone:
        build.meeting(agent, provinces=())
    assert "au moins deux provinces" in str(alone.value.message_dict["provinces"])


def test_minutes_required_and_never_in_the_future(agent):
    future = build.meeting(agent, days=3)
    with pytest.raises(TransitionRefused) as refused:
        services.meeting_record_minutes(meeting=future, by=agent, minutes="Compte rendu")
    assert "pas encore eu lieu" in " ".join(refused.value.messages)
    past = build.meeting(agent, days=-2)
    with pytest.raises(TransitionRefused):
        services.meeting_record_minutes(meeting=past, by=agent, minutes="  ")
    with pytest.raises(TransitionRefused):  # a moved date cannot be in the future either
        services.meeting_record_minutes(meeting=past, by=agent, minutes="PV", date=TODAY + datetime.timedelta(days=1))
    held = services.meeting_record_minutes(meeting=past, by=agent, minutes="PV", attendees="M. X")
    assert held.status == MeetingStatus.HELD and held.held_at is not None
    with pytest.raises(TransitionRefused):
        services.meeting_cancel(meeting=held, by=agent, reason="Erreur")
    with pytest.raises(TransitionRefused):
        services.meeting_update(
            meeting=held,
            by=agent,
            subject="Autre",
            date=held.date,
            place="Agadir",
            host_province=held.host_province,
            provinces=[build.other("INZ")],
        )


def test_cancel_needs_a_reason(agent):
    planned = build.meeting(agent, days=10)
    with pytest.raises(TransitionRefused):
        services.meeting_cancel(meeting=planned, by=agent, reason="")
    cancelled = services.meeting_cancel(meeting=planned, by=agent, reason="Report du CRDH")
    assert cancelled.status == MeetingStatus.CANCELLED and cancelled.cancel_reason == "Report du CRDH"


def test_actions_only_in_a_held_meeting_then_done_and_reopened(agent):
    planned = build.meeting(agent, days=-3)
    with pytest.raises(TransitionRefused):
        build.action(agent, planned)
    held = services.meeting_record_minutes(meeting=planned, by=agent, minutes="PV")
    with pytest.raises(ValidationError) as early:
        build.action(agent, held, days=-1)
    assert "ne peut précéder la réunion" in str(early.value.message_dict["due_on"])
    action = build.action(agent, held)
    with pytest.raises(ValidationError):
        services.action_mark_done(action=action, by=agent, done_on=TODAY + datetime.timedelta(days=1))
    done = services.action_mark_done(action=action, by=agent, done_on=TODAY, done_note="Étude transmise")
    assert done.status == CoordinationAction.Status.DONE and done.progress == 100
    with pytest.raises(TransitionRefused):
        services.action_mark_done(action=done, by=agent, done_on=TODAY)
    with pytest.raises(TransitionRefused):
        services.action_update(action=done, by=agent, progress=50)
    reopened = services.action_reopen(action=done, by=agent)
    assert reopened.status == CoordinationAction.Status.OPEN and reopened.done_on is None
    with pytest.raises(TransitionRefused):
        services.action_reopen(action=reopened, by=agent)


def test_late_actions_and_minutes_due(agent):
    held = build.held_meeting(agent, days=-30)
    late = build.action(agent, held, days=10)  # due 20 days ago
    build.action(agent, held, days=60)
    build.meeting(agent, days=-1)  # planned, date passed: minutes due
    assert selectors.is_late(late)
    assert list(selectors.action_list().filter(is_late=True)) == [late]
    counts = selectors.area_counts()
    assert counts["late_actions"] == 1 and counts["open_actions"] == 2 and counts["minutes_due"] == 1
    assert selectors.meeting_list().get(pk=held.pk).late_actions == 1


def test_counterpart_figures(agent):
    counterpart = build.counterpart(agent, "INZ")
    build.agreed_project(agent)
    build.held_meeting(agent, days=-4)
    listed = selectors.counterpart_list().get(pk=counterpart.pk)
    assert listed.joint_project_count == 1 and listed.last_meeting_on == TODAY - datetime.timedelta(days=4)
    counts = selectors.area_counts()
    assert counts["counterparts"] == 1 and counts["our_share"] == 0
    services.joint_project_start(project=JointProject.objects.get(), by=agent)
    assert selectors.area_counts()["our_share"] == Decimal("600000.00")
    assert ProvinceFactory._meta.model is Province
