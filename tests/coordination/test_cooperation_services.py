"""Cooperation services: the allowed and the refused path of each rule and transition."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coordination.models import ActivityProject, CooperationActivity, CooperationProgramme, PartnerReport
from coordination.services import cooperation as services
from das.workflow import TransitionRefused
from tests.coordination.factories_cooperation import activity, partner, pdf_file, programme, project

D = Decimal
TODAY = timezone.localdate
pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(role_users):
    return role_users["coordination"]


def test_partner_create_and_refusals(agent, role_users):
    made = partner(agent)
    assert made.pk and made.country == "France"
    with pytest.raises(ValidationError) as error:
        partner(agent)  # same name
    assert "name" in error.value.error_dict
    with pytest.raises(PermissionDenied):
        partner(role_users["chef"], name="Autre")
    with pytest.raises(ValidationError) as error:
        services.partner_create(by=agent, name="JICA", kind="x", country="")
    assert set(error.value.error_dict) == {"kind", "country"}


def test_programme_reference_and_contribution_limit(agent):
    first = programme(agent, start=False)
    second = programme(agent, start=False)
    year = TODAY().year
    assert first.reference == f"COOP-{year}-0001" and second.reference == f"COOP-{year}-0002"
    assert first.status == CooperationProgramme.Status.PREPARATION
    with pytest.raises(ValidationError) as error:
        programme(agent, amount="100000", contribution="200000")
    assert "partner_contribution" in error.value.error_dict


def test_activity_amount_must_equal_its_parts(agent):
    made = programme(agent)
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            programme=made,
            by=agent,
            title="X",
            partner_amount=D("100"),
            indh_amount=D("50"),
            other_amount=D("0"),
            amount=D("200"),
        )
    assert "amount" in error.value.error_dict
    assert not CooperationActivity.objects.exists()


def test_activities_sum_within_programme_and_partner_contribution(agent):
    made = programme(agent, amount="1000000", contribution="600000")
    activity(agent, made, partner="500000", indh="300000")
    with pytest.raises(ValidationError) as error:
        activity(agent, made, partner="50000", indh="200000")  # 800 000 + 250 000 > 1 000 000
    assert "amount" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        activity(agent, made, partner="150000", indh="0")  # partner parts 650 000 > 600 000
    assert "partner_amount" in error.value.error_dict
    allowed = activity(agent, made, partner="100000", indh="100000")
    assert allowed.amount == D("200000")
    with pytest.raises(ValidationError) as error:
        services.programme_update(
            programme=made,
            by=agent,
            partner=made.partner,
            title=made.title,
            start_on=made.start_on,
            end_on=made.end_on,
            amount=D("900000"),
            partner_contribution=D("600000"),
        )
    assert "amount" in error.value.error_dict


def test_cancelled_activity_frees_its_amount(agent):
    made = programme(agent, amount="500000", contribution="500000")
    first = activity(agent, made, partner="400000", indh="100000")
    with pytest.raises(ValidationError):
        activity(agent, made, partner="100000", indh="0")
    with pytest.raises(TransitionRefused):
        services.activity_cancel(activity=first, by=agent, reason="")
    services.activity_cancel(activity=first, by=agent, reason="Partenaire retiré")
    assert activity(agent, made, partner="100000", indh="0").pk


def test_supported_projects_within_activity_amount(agent):
    made = activity(agent, programme(agent), partner="300000", indh="100000")
    first, second = project(), project()
    services.support_add(activity=made, by=agent, project=first, amount=D("300000"))
    with pytest.raises(ValidationError) as error:
        services.support_add(activity=made, by=agent, project=second, amount=D("150000"))
    assert "amount" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.support_add(activity=made, by=agent, project=first, amount=D("1000"))
    assert "project" in error.value.error_dict
    support = services.support_add(activity=made, by=agent, project=second, amount=D("100000"))
    with pytest.raises(ValidationError):
        services.support_update(support=support, by=agent, amount=D("100001"))
    services.support_update(support=support, by=agent, amount=D("50000"))
    services.support_remove(support=support, by=agent)
    assert ActivityProject.objects.filter(activity=made).count() == 1
    with pytest.raises(ValidationError):
        services.activity_update(
            activity=made,
            by=agent,
            title="X",
            partner_amount=D("200000"),
            indh_amount=D("0"),
            other_amount=D("0"),
            amount=D("200000"),
        )  # below the 300 000 of supported projects


def test_abandoned_project_cannot_be_supported(agent):
    from projects.models import Project

    made = activity(agent, programme(agent))
    with pytest.raises(ValidationError) as error:
        services.support_add(activity=made, by=agent, project=project(status=Project.Status.ABANDONED), amount=D("1"))
    assert "project" in error.value.error_dict


def test_follow_up_updates_the_activity(agent):
    made = activity(agent, programme(agent), partner="300000", indh="100000")
    with pytest.raises(ValidationError) as error:
        services.followup_add(
            activity=made, by=agent, on=TODAY() + dt.timedelta(days=1), progress=10, spent=D("0"), note="Demain"
        )
    assert "on" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.followup_add(activity=made, by=agent, on=TODAY(), progress=101, spent=D("0"), note="x")
    assert "progress" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.followup_add(activity=made, by=agent, on=TODAY(), progress=10, spent=D("400001"), note="x")
    assert "spent" in error.value.error_dict
    services.followup_add(
        activity=made, by=agent, on=TODAY() - dt.timedelta(days=5), progress=50, spent=D("200000"), note="Mi-parcours"
    )
    services.followup_add(
        activity=made,
        by=agent,
        on=TODAY() - dt.timedelta(days=30),
        progress=20,
        spent=D("50000"),
        note="Point plus ancien saisi après",
    )
    made.refresh_from_db()
    assert (made.progress, made.spent) == (50, D("200000"))  # the latest by date, not the last typed


def test_activity_transitions(agent, role_users):
    made = activity(agent, programme(agent))
    with pytest.raises(TransitionRefused):
        services.activity_complete(activity=made, by=agent)
    with pytest.raises(PermissionDenied):
        services.activity_start(activity=made, by=role_users["chef"])
    made = services.activity_start(activity=made, by=agent)
    made = services.activity_complete(activity=made, by=agent)
    assert made.status == CooperationActivity.Status.COMPLETED
    with pytest.raises(TransitionRefused):
        services.activity_cancel(activity=made, by=agent, reason="Trop tard")


def test_programme_lifecycle(agent, role_users):
    made = programme(agent, start=False)
    with pytest.raises(TransitionRefused):
        services.programme_close(programme=made, by=agent)
    with pytest.raises(PermissionDenied):
        services.programme_start(programme=made, by=role_users["auditeur"])
    made = services.programme_start(programme=made, by=agent)
    with pytest.raises(TransitionRefused):
        services.programme_suspend(programme=made, by=agent, reason=" ")
    made = services.programme_suspend(programme=made, by=agent, reason="Revue à mi-parcours")
    assert made.status == CooperationProgramme.Status.SUSPENDED and made.status_note == "Revue à mi-parcours"
    with pytest.raises(TransitionRefused):
        activity(agent, made)  # no new activity while suspended
    made = services.programme_resume(programme=made, by=agent, reason="Revue terminée")
    work = activity(agent, made)
    report = services.report_add(programme=made, by=agent, kind="final", title="Rapport final", due_on=TODAY())
    with pytest.raises(TransitionRefused) as error:
        services.programme_close(programme=made, by=agent)
    assert len(error.value.messages) == 2
    services.activity_cancel(activity=work, by=agent, reason="Abandon")
    services.report_submit(report=report, by=agent, submitted_on=TODAY(), uploaded=pdf_file())
    made = services.programme_close(programme=made, by=agent)
    assert made.status == CooperationProgramme.Status.CLOSED
    with pytest.raises(TransitionRefused):
        activity(agent, made)


def test_report_submission(agent):
    made = programme(agent)
    report = services.report_add(programme=made, by=agent, kind="technique", title="S1", due_on=TODAY())
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, by=agent, submitted_on=TODAY() + dt.timedelta(days=2), uploaded=None)
    assert set(error.value.error_dict) == {"submitted_on", "file"}
    fake = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, by=agent, submitted_on=TODAY(), uploaded=fake)
    assert "file" in error.value.error_dict
    report.refresh_from_db()
    assert report.submitted_on is None and report.file_id is None
    done = services.report_submit(report=report, by=agent, submitted_on=TODAY(), uploaded=pdf_file())
    assert done.file.object_id == str(made.pk)
    with pytest.raises(TransitionRefused):
        services.report_submit(report=report, by=agent, submitted_on=TODAY(), uploaded=pdf_file())
    assert PartnerReport.objects.get(pk=report.pk).submitted_on == TODAY()


def _programme_data(the_partner, **dates):
    return {
        "partner": the_partner,
        "title": "Appui aux jeunes",
        "start_on": dt.date(2026, 1, 1),
        "end_on": dt.date(2027, 12, 31),
        "amount": D("1000000"),
        "partner_contribution": D("600000"),
        **dates,
    }


def test_programme_dates_signed_before_start_and_years_in_bounds(agent):
    the_partner = partner(agent)
    with pytest.raises(ValidationError) as error:
        services.programme_create(by=agent, **_programme_data(the_partner, signed_on=dt.date(2026, 2, 1)))
    assert list(error.value.error_dict) == ["signed_on"]
    with pytest.raises(ValidationError) as error:
        services.programme_create(
            by=agent,
            **_programme_data(
                the_partner, signed_on=dt.date(1999, 1, 1), start_on=dt.date(1999, 6, 1), end_on=dt.date(2101, 1, 1)
            ),
        )
    assert set(error.value.error_dict) == {"signed_on", "start_on", "end_on"}
    assert "entre 2000 et 2100" in error.value.error_dict["end_on"][0].message
    assert not CooperationProgramme.objects.exists()
    made = services.programme_create(by=agent, **_programme_data(the_partner, signed_on=dt.date(2025, 12, 1)))
    assert made.signed_on == dt.date(2025, 12, 1)


def test_activity_dates_within_the_programme(agent):
    made = programme(agent)  # from 100 days ago to 700 days ahead
    before, after = made.start_on - dt.timedelta(days=1), made.end_on + dt.timedelta(days=1)
    for dates, fields in (
        ({"start_on": before}, {"start_on"}),
        ({"end_on": after}, {"end_on"}),
        ({"start_on": before, "end_on": after}, {"start_on", "end_on"}),
        ({"start_on": made.end_on, "end_on": made.start_on}, {"end_on"}),
        ({"start_on": dt.date(1999, 1, 1)}, {"start_on"}),
    ):
        with pytest.raises(ValidationError) as error:
            services.activity_create(
                programme=made,
                by=agent,
                title="X",
                partner_amount=D("100"),
                indh_amount=D("0"),
                other_amount=D("0"),
                amount=D("100"),
                **dates,
            )
        assert set(error.value.error_dict) == fields, dates
    assert not CooperationActivity.objects.exists()
    work = activity(agent, made)
    data = {
        "title": work.title,
        "partner_amount": work.partner_amount,
        "indh_amount": work.indh_amount,
        "other_amount": work.other_amount,
        "amount": work.amount,
    }
    with pytest.raises(ValidationError) as error:
        services.activity_update(activity=work, by=agent, **data, end_on=after)
    assert set(error.value.error_dict) == {"end_on"}
    services.activity_update(activity=work, by=agent, **data, start_on=made.start_on, end_on=made.end_on)
    work.refresh_from_db()
    assert (work.start_on, work.end_on) == (made.start_on, made.end_on)


def test_programme_period_keeps_its_activities_dates(agent):
    made = programme(agent)
    work = activity(agent, made)
    services.activity_update(
        activity=work,
        by=agent,
        title=work.title,
        partner_amount=work.partner_amount,
        indh_amount=work.indh_amount,
        other_amount=work.other_amount,
        amount=work.amount,
        start_on=made.start_on + dt.timedelta(days=10),
        end_on=made.end_on - dt.timedelta(days=10),
    )
    data = {
        "partner": made.partner,
        "title": made.title,
        "amount": made.amount,
        "partner_contribution": made.partner_contribution,
    }
    with pytest.raises(ValidationError) as error:
        services.programme_update(
            programme=made,
            by=agent,
            **data,
            start_on=made.start_on + dt.timedelta(days=11),
            end_on=made.end_on - dt.timedelta(days=11),
        )
    assert set(error.value.error_dict) == {"start_on", "end_on"}
    assert "Plateforme des jeunes" in error.value.error_dict["start_on"][0].message
    services.programme_update(
        programme=made,
        by=agent,
        **data,
        start_on=made.start_on + dt.timedelta(days=10),
        end_on=made.end_on - dt.timedelta(days=10),
    )


def test_follow_up_and_report_years_in_bounds(agent):
    made = programme(agent)
    work = activity(agent, made)
    with pytest.raises(ValidationError) as error:
        services.followup_add(activity=work, by=agent, on=dt.date(1999, 12, 31), progress=10, spent=D("0"), note="x")
    assert "entre 2000 et 2100" in error.value.error_dict["on"][0].message
    with pytest.raises(ValidationError) as error:
        services.report_add(programme=made, by=agent, kind="technique", title="S1", due_on=dt.date(2101, 1, 1))
    assert set(error.value.error_dict) == {"due_on"}
    report = services.report_add(programme=made, by=agent, kind="technique", title="S1", due_on=TODAY())
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, by=agent, submitted_on=dt.date(1999, 6, 1), uploaded=pdf_file())
    assert set(error.value.error_dict) == {"submitted_on"}
    assert not PartnerReport.objects.filter(submitted_on__isnull=False).exists()
