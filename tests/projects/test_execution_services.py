"""Execution follow-up services: progress entries (the latest by date is the project's progress), commission
visits (a closed PV moves the project through the lifecycle's guards) and indicators."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from committees.models import Committee
from das.workflow import TransitionRefused
from projects import execution_selectors as selectors
from projects.models import CommissionVisit, Project
from projects.services import indicators, progress, visits
from tests.projects.execution_builders import Status, commission, photo, project_at

pytestmark = pytest.mark.django_db
Kind = CommissionVisit.Kind


def today():
    return timezone.localdate()


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


@pytest.fixture
def started(role_users):
    """In progress, started 60 days ago (dated back directly: the start cannot precede the signature, made today)."""
    project = project_at(Status.IN_PROGRESS, role_users)
    Project.objects.filter(pk=project.pk).update(actual_start=today() - dt.timedelta(days=60))
    return reload(project)


def reload(project):
    return Project.objects.get(pk=project.pk)


def record(project, by, days_ago, percent, **extra):
    extra.setdefault("narrative", "Travaux")
    return progress.progress_record(
        project=project, by=by, recorded_on=today() - dt.timedelta(days=days_ago), percent=percent, **extra
    )


# --- Progress ------------------------------------------------------------------------------------------------------


def test_the_latest_entry_by_date_is_the_projects_progress(started, agent):
    record(started, agent, 30, 40)
    record(started, agent, 50, 20)  # recorded later, dated earlier: not the latest
    project = reload(started)
    assert (project.physical_progress, project.progress_updated_on) == (40, today() - dt.timedelta(days=30))


def test_correction_and_deletion_recompute_the_latest(started, agent):
    first = record(started, agent, 40, 20)
    second = record(started, agent, 10, 55)
    progress.progress_correct(
        entry=second, by=agent, recorded_on=second.recorded_on, percent=60, narrative="Gros œuvre", problems=""
    )
    assert reload(started).physical_progress == 60
    progress.progress_delete(entry=second, by=agent)
    project = reload(started)
    assert (project.physical_progress, project.progress_updated_on) == (20, first.recorded_on)
    progress.progress_delete(entry=first, by=agent)
    project = reload(started)
    assert (project.physical_progress, project.progress_updated_on) == (0, None)


def test_a_future_date_and_a_date_before_the_start_are_refused(started, agent):
    with pytest.raises(ValidationError) as future:
        record(started, agent, -1, 10)
    assert "recorded_on" in future.value.error_dict
    with pytest.raises(ValidationError) as before:
        record(started, agent, 61, 10)
    assert "démarrage" in " ".join(before.value.error_dict["recorded_on"][0].messages)


def test_a_lower_percentage_needs_an_explanation(started, agent):
    record(started, agent, 20, 50)
    with pytest.raises(ValidationError) as refused:
        record(started, agent, 5, 45)
    assert "problems" in refused.value.error_dict
    record(started, agent, 5, 45, problems="Malfaçons démolies sur ordre du bureau de contrôle")
    assert reload(started).physical_progress == 45


def test_one_entry_per_date_and_percent_within_0_100(started, agent):
    record(started, agent, 3, 10)
    with pytest.raises(ValidationError) as twice:
        record(started, agent, 3, 12)
    assert "recorded_on" in twice.value.error_dict
    with pytest.raises(ValidationError) as over:
        record(started, agent, 2, 101)
    assert "percent" in over.value.error_dict


def test_progress_is_refused_to_other_roles_and_before_the_start(role_users, agent):
    conventioned = project_at(Status.CONVENTIONED, role_users)
    with pytest.raises(TransitionRefused):
        record(conventioned, agent, 0, 10)
    with pytest.raises(PermissionDenied):
        record(conventioned, role_users["chef"], 0, 10)


def test_progress_is_recorded_until_the_final_reception(role_users, agent):
    completed = project_at(Status.COMPLETED, role_users)
    record(completed, agent, 0, 100)
    assert reload(completed).physical_progress == 100
    closed = project_at(Status.CLOSED, role_users)
    with pytest.raises(TransitionRefused):
        record(closed, agent, 0, 100)


def test_photos_are_images_checked_from_their_bytes(started, agent):
    entry = record(started, agent, 1, 30, photos=[photo("a.png"), photo("b.png", (10, 10, 10))])
    assert entry.photos.count() == 2
    assert selectors.latest_photo(started).entry == entry
    assert selectors.latest_photo_path(started).exists()
    pdf_named_png = SimpleUploadedFile("faux.png", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    with pytest.raises(ValidationError) as refused:
        record(started, agent, 0, 35, photos=[pdf_named_png])
    assert "photos" in refused.value.error_dict
    assert reload(started).physical_progress == 30  # nothing of the refused entry stayed


def test_removing_a_photo_deletes_its_file(started, agent):
    entry = record(started, agent, 1, 30, photos=[photo()])
    kept = entry.photos.get()
    progress.progress_correct(
        entry=entry, by=agent, recorded_on=entry.recorded_on, percent=30, narrative="x", remove_photos=[kept]
    )
    assert entry.photos.count() == 0 and selectors.latest_photo(started) is None


# --- Visits --------------------------------------------------------------------------------------------------------


def visit(project, agent, kind, commission_, members, **extra):
    extra.setdefault("findings", "Constats de la commission")
    return visits.visit_create(
        project=project,
        by=agent,
        kind=kind,
        visited_on=extra.pop("on", today()),
        commission=commission_,
        members=members,
        **extra,
    )


def test_a_provisional_then_a_final_reception_visit_move_the_project(started, agent, role_users):
    reception, members = commission(role_users)
    provisional = visit(started, agent, Kind.PROVISIONAL, reception, members[:2], reserves="Peinture à reprendre")
    closed = visits.visit_close(visit=provisional, by=agent)
    assert closed.status == CommissionVisit.Status.CLOSED and closed.reference == f"PVV-{today().year}-0001"
    project = reload(started)
    assert project.status == Status.COMPLETED and project.provisional_reception_on == today()
    assert selectors.provisional_reserves(project) == [closed]
    final = visit(project, agent, Kind.FINAL, reception, members)
    visits.visit_close(visit=final, by=agent)
    project = reload(started)
    assert project.status == Status.CLOSED and project.final_reception_on == today()
    assert CommissionVisit.objects.get(pk=final.pk).reference == f"PVV-{today().year}-0002"


def test_a_final_reception_before_the_provisional_one_is_refused_and_the_pv_stays_a_draft(started, agent, role_users):
    reception, members = commission(role_users)
    final = visit(started, agent, Kind.FINAL, reception, members)
    with pytest.raises(TransitionRefused) as refused:
        visits.visit_close(visit=final, by=agent)
    assert "brouillon" in " ".join(refused.value.messages)
    assert "En cours" in " ".join(refused.value.messages)  # the lifecycle's own reason
    final.refresh_from_db()
    assert final.status == CommissionVisit.Status.DRAFT and final.reference == ""
    assert reload(started).status == Status.IN_PROGRESS


def test_a_launch_visit_starts_a_conventionne_project(role_users, agent):
    project = project_at(Status.CONVENTIONED, role_users)
    launch, members = commission(role_users, Committee.Kind.LAUNCH)
    visits.visit_close(visit=visit(project, agent, Kind.LAUNCH, launch, members[:1]), by=agent)
    project = reload(project)
    assert project.status == Status.IN_PROGRESS and project.actual_start == today()


def test_a_launch_visit_before_the_signature_cannot_start_the_project(role_users, agent):
    project = project_at(Status.CONVENTIONED, role_users)
    launch, members = commission(role_users, Committee.Kind.LAUNCH)
    early = visit(project, agent, Kind.LAUNCH, launch, members[:1], on=today() - dt.timedelta(days=5))
    with pytest.raises(TransitionRefused) as refused:
        visits.visit_close(visit=early, by=agent)
    assert "signature" in " ".join(refused.value.messages)
    assert reload(project).status == Status.CONVENTIONED


def test_a_follow_up_visit_leaves_the_project_as_it_is(started, agent, role_users):
    follow_up, members = commission(role_users, Committee.Kind.FOLLOW_UP)
    visits.visit_close(visit=visit(started, agent, Kind.FOLLOW_UP, follow_up, members), by=agent)
    assert reload(started).status == Status.IN_PROGRESS


def test_a_visit_needs_the_matching_commission_its_members_and_findings(started, agent, role_users):
    reception, members = commission(role_users)
    follow_up, others = commission(role_users, Committee.Kind.FOLLOW_UP)
    with pytest.raises(ValidationError) as wrong_kind:
        visit(started, agent, Kind.FOLLOW_UP, reception, members)
    assert "commission" in wrong_kind.value.error_dict
    with pytest.raises(ValidationError) as wrong_members:
        visit(started, agent, Kind.FOLLOW_UP, follow_up, members)
    assert "members" in wrong_members.value.error_dict
    with pytest.raises(ValidationError) as no_findings:
        visit(started, agent, Kind.FOLLOW_UP, follow_up, others, findings=" ")
    assert "findings" in no_findings.value.error_dict
    with pytest.raises(ValidationError) as future:
        visit(started, agent, Kind.FOLLOW_UP, follow_up, others, on=today() + dt.timedelta(days=1))
    assert "visited_on" in future.value.error_dict


def test_closing_needs_a_member_present_and_a_closed_pv_no_longer_changes(started, agent, role_users):
    follow_up, members = commission(role_users, Committee.Kind.FOLLOW_UP)
    empty = visit(started, agent, Kind.FOLLOW_UP, follow_up, [])
    with pytest.raises(TransitionRefused):
        visits.visit_close(visit=empty, by=agent)
    visits.visit_update(
        visit=empty,
        by=agent,
        kind=Kind.FOLLOW_UP,
        visited_on=today(),
        commission=follow_up,
        members=members,
        findings="Complété",
    )
    closed = visits.visit_close(visit=empty, by=agent)
    assert closed.present.count() == len(members)
    with pytest.raises(TransitionRefused):
        visits.visit_update(
            visit=closed,
            by=agent,
            kind=Kind.FOLLOW_UP,
            visited_on=today(),
            commission=follow_up,
            members=[],
            findings="Changé",
        )


def test_visits_are_refused_to_other_roles_and_to_closed_projects(role_users, agent):
    follow_up, members = commission(role_users, Committee.Kind.FOLLOW_UP)
    started = project_at(Status.IN_PROGRESS, role_users)
    with pytest.raises(PermissionDenied):
        visit(started, role_users["chef"], Kind.FOLLOW_UP, follow_up, members)
    draft = visit(started, agent, Kind.FOLLOW_UP, follow_up, members)
    with pytest.raises(PermissionDenied):
        visits.visit_close(visit=draft, by=role_users["auditeur"])
    closed_project = project_at(Status.CLOSED, role_users)
    with pytest.raises(TransitionRefused):
        visit(closed_project, agent, Kind.FOLLOW_UP, follow_up, members)


# --- Indicators ----------------------------------------------------------------------------------------------------


def test_the_catalogue_is_kept_by_the_head_and_the_agent(role_users):
    made = indicators.indicator_save(by=role_users["chef"], code="tx-occ", name="Taux d'occupation", unit="%")
    assert made.code == "TX-OCC"
    with pytest.raises(ValidationError) as twice:
        indicators.indicator_save(by=role_users["suivi_evaluation"], code="TX-OCC", name="Autre", unit="%")
    assert "code" in twice.value.error_dict
    with pytest.raises(PermissionDenied):
        indicators.indicator_save(by=role_users["auditeur"], code="CA", name="Chiffre d'affaires", unit="DH")


def test_values_per_period_replace_and_check_the_periodicity(started, agent):
    indicator = indicators.indicator_save(by=agent, code="ELV", name="Élèves scolarisés", unit="élèves")
    chosen = indicators.project_indicator_add(
        project=started, by=agent, indicator=indicator, target=Decimal("120"), periodicity="semestre"
    )
    year = today().year - 1
    indicators.indicator_value_set(project_indicator=chosen, by=agent, year=year, period="S1", value=Decimal("80"))
    indicators.indicator_value_set(project_indicator=chosen, by=agent, year=year, period="S1", value=Decimal("85"))
    indicators.indicator_value_set(project_indicator=chosen, by=agent, year=year, period="S2", value=Decimal("90"))
    assert [(v.period, v.value) for v in chosen.values.all()] == [("S1", Decimal("85")), ("S2", Decimal("90"))]
    (row,) = selectors.project_indicators(started)
    assert row.latest.value == Decimal("90")
    with pytest.raises(ValidationError) as wrong_period:
        indicators.indicator_value_set(project_indicator=chosen, by=agent, year=year, period="T1", value=Decimal("1"))
    assert "period" in wrong_period.value.error_dict
    with pytest.raises(ValidationError) as future:
        indicators.indicator_value_set(
            project_indicator=chosen, by=agent, year=today().year + 1, period="S1", value=Decimal("1")
        )
    assert "year" in future.value.error_dict
    with pytest.raises(ValidationError) as again:
        indicators.project_indicator_add(
            project=started, by=agent, indicator=indicator, target=None, periodicity="annee"
        )
    assert "indicator" in again.value.error_dict


def test_indicators_are_not_followed_before_the_convention(role_users, agent):
    from tests.committees.test_meeting_services import approved_project

    indicator = indicators.indicator_save(by=agent, code="EMP", name="Emplois créés", unit="emplois")
    with pytest.raises(TransitionRefused):
        indicators.project_indicator_add(
            project=approved_project(role_users), by=agent, indicator=indicator, target=None, periodicity="annee"
        )


def test_the_demo_seeds_the_catalogue_and_progress_with_a_photo_once(started, agent):
    from projects.demo import INDICATORS, seed_execution

    assert seed_execution(by=agent) == len(INDICATORS)
    assert seed_execution(by=agent) == 0
    project = reload(started)
    assert project.progress_entries.count() == 2 and project.physical_progress == 60
    assert selectors.latest_photo(project).attachment.mime_type == "image/jpeg"
