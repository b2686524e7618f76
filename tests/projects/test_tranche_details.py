"""The tranche schedule's details: amounts or percentages (converted exactly), due dates, progress thresholds that
hold the release back, and what the convention and project pages offer when a guard would refuse."""

import html
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from das.workflow import TransitionRefused
from projects.models import Project
from projects.services import conventions as convention_services
from projects.services import tranches as services
from tests.committees.test_meeting_services import approved_project
from tests.projects.test_tranches import convention  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_percentages_become_exact_amounts_the_last_line_taking_the_remainder():
    assert services.amounts_from_percentages(Decimal("300000"), [Decimal("30"), Decimal("30"), Decimal("40")]) == [
        Decimal("90000.00"),
        Decimal("90000.00"),
        Decimal("120000.00"),
    ]
    # 1 000,01 × 50 % = 500,005 → 500,01; the last line takes 500,00 so the total stays exact.
    assert services.amounts_from_percentages(Decimal("1000.01"), [Decimal("50"), Decimal("50")]) == [
        Decimal("500.01"),
        Decimal("500.00"),
    ]
    with pytest.raises(ValidationError, match="90 % au lieu de 100 %"):
        services.amounts_from_percentages(Decimal("1000"), [Decimal("40"), Decimal("50")])


def test_the_schedule_page_takes_percentages_due_dates_and_thresholds(convention, role_users, client_as):  # noqa: F811
    agent = client_as(role_users["suivi_evaluation"])
    url = reverse("projects:tranche_schedule", args=[convention.pk])
    due = timezone.localdate().replace(day=1).isoformat()
    data = {
        "mode": "pourcentage",
        "tranches-TOTAL_FORMS": "3",
        "tranches-INITIAL_FORMS": "0",
        "tranches-0-amount": "33,33",
        "tranches-1-amount": "33,33",
        "tranches-1-due_on": due,
        "tranches-1-progress_threshold": "40",
        "tranches-2-amount": "33,33",
    }
    refused = agent.post(url, data)
    assert refused.status_code == 200 and "99,99 % au lieu de 100 %" in refused.content.decode()
    data["tranches-2-amount"] = "33,34"
    assert agent.post(url, data).status_code == 302
    tranches = list(convention.tranches.order_by("number"))
    assert [t.amount for t in tranches] == [Decimal("99990.00"), Decimal("99990.00"), Decimal("100020.00")]
    assert tranches[1].progress_threshold == 40 and tranches[1].due_on.isoformat() == due
    over = {**data, "mode": "montant", "tranches-0-progress_threshold": "120"}
    assert agent.post(url, over).status_code == 200  # the form refuses a threshold above 100


def test_the_release_waits_for_the_progress_threshold(convention, role_users, client_as):  # noqa: F811
    agent, head = role_users["suivi_evaluation"], role_users["chef"]
    lines = [services.TrancheLine(Decimal("300000"), "Démarrage", progress_threshold=30)]
    (tranche,) = services.tranche_schedule_set(convention=convention, by=agent, lines=lines)
    Project.objects.filter(pk=convention.project_id).update(physical_progress=20)
    with pytest.raises(TransitionRefused, match=r"avancement physique du projet \(20 %\) n'atteint pas .* \(30 %\)"):
        services.tranche_release(tranche=tranche, by=head)
    page = client_as(head).get(convention.get_absolute_url()).content.decode()
    assert 'data-testid="release-blockers"' in page
    assert reverse("projects:tranche_release", args=[tranche.pk]) not in page
    Project.objects.filter(pk=convention.project_id).update(physical_progress=30)
    assert services.tranche_release(tranche=tranche, by=head).released


def test_the_project_page_shows_mark_conventionne_disabled_until_a_convention_is_signed(role_users, client_as):
    project = approved_project(role_users)
    agent = role_users["suivi_evaluation"]
    convention_services.convention_create(project=project, by=agent)
    page = html.unescape(client_as(agent).get(project.get_absolute_url()).content.decode())
    assert 'data-testid="blocked-mark_conventionne"' in page and "Aucune convention du projet n'est signée." in page
    assert reverse("projects:project_transition", args=[project.pk, "mark_conventionne"]) not in page


def test_the_convention_page_shows_validate_disabled_with_the_gaps(role_users, client_as):
    project = approved_project(role_users)
    draft = convention_services.convention_create(project=project, by=role_users["suivi_evaluation"])
    head = client_as(role_users["chef"])
    ready = head.get(draft.get_absolute_url()).content.decode()
    assert 'data-testid="button-validate"' in ready
    draft.articles.all().delete()
    blocked = head.get(draft.get_absolute_url()).content.decode()
    assert 'data-testid="blocked-validate"' in blocked and "aucun article" in blocked
