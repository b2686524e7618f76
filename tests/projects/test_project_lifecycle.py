"""The project lifecycle: every transition allowed and refused (by role and by state), the guards (no start before
the convention's signature, no closure before the final reception), suspension and resumption, and the journal."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from das.selectors import history_of
from das.workflow import TransitionRefused
from projects.models import Convention, Project
from projects.services import conventions as convention_services
from projects.services import project_lifecycle as services
from tests.committees.test_meeting_services import approved_project
from tests.projects.test_convention_services import at

pytestmark = pytest.mark.django_db
Status = Project.Status


def today():
    return timezone.localdate()


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


@pytest.fixture
def head(role_users):
    return role_users["chef"]


@pytest.fixture
def project(role_users):
    return approved_project(role_users)


@pytest.fixture
def convention(project, role_users):
    return convention_services.convention_create(project=project, by=role_users["suivi_evaluation"])


def signed(convention, role_users):
    return at(convention, Convention.Status.SIGNED, role_users)


def reload(project):
    return Project.objects.get(pk=project.pk)


def project_at(status, project, convention, role_users):
    """The project brought to ``status`` through the services."""
    agent, head = role_users["suivi_evaluation"], role_users["chef"]
    if status == Status.VALIDATED:
        return project
    signed(convention, role_users)
    project = reload(project)
    assert project.status == Status.CONVENTIONED
    steps = {
        Status.IN_PROGRESS: lambda p: services.project_start(project=p, by=agent, on=today()),
        Status.COMPLETED: lambda p: services.project_provisional_reception(project=p, by=agent, on=today()),
        Status.CLOSED: lambda p: services.project_final_reception(project=p, by=agent, on=today()),
    }
    if status == Status.SUSPENDED:
        return services.project_suspend(project=project, by=agent, reason="Intempéries")
    if status == Status.ABANDONED:
        return services.project_abandon(project=project, by=head, reason="Porteur défaillant")
    for target, step in steps.items():
        if project.status == status:
            break
        project = step(project)
        assert project.status == target
    assert project.status == status
    return project


# --- The signature moves the project --------------------------------------------------------------------------


def test_the_signature_of_the_convention_moves_the_project_to_conventionne(project, convention, role_users):
    assert project.status == Status.VALIDATED
    signed(convention, role_users)
    assert reload(project).status == Status.CONVENTIONED


def test_mark_conventionne_needs_a_signed_convention(project, convention, agent, role_users):
    with pytest.raises(TransitionRefused, match="Aucune convention"):
        services.project_mark_conventionne(project=project, by=agent)
    at(convention, Convention.Status.TRANSMITTED, role_users)
    with pytest.raises(TransitionRefused, match="Aucune convention"):
        services.project_mark_conventionne(project=project, by=agent)


def test_mark_conventionne_by_hand_once_a_convention_is_signed(project, convention, agent, role_users):
    signed(convention, role_users)
    Project.objects.filter(pk=project.pk).update(status=Status.VALIDATED)  # e.g. signed before this issue
    assert services.project_mark_conventionne(project=project, by=agent).status == Status.CONVENTIONED


def test_mark_conventionne_refused_to_a_role_without_manage_dossiers(project, convention, role_users):
    signed(convention, role_users)
    Project.objects.filter(pk=project.pk).update(status=Status.VALIDATED)
    with pytest.raises(PermissionDenied):
        services.project_mark_conventionne(project=project, by=role_users["communication"])


# --- Start ------------------------------------------------------------------------------------------------------


def test_start_is_refused_before_the_signature(project, convention, agent, role_users):
    at(convention, Convention.Status.TRANSMITTED, role_users)
    with pytest.raises(TransitionRefused):
        services.project_start(project=project, by=agent, on=today())
    Project.objects.filter(pk=project.pk).update(status=Status.CONVENTIONED)  # even if the state were forced
    with pytest.raises(TransitionRefused, match="Aucune convention"):
        services.project_start(project=project, by=agent, on=today())


def test_start_records_the_actual_start(project, convention, agent, role_users):
    project = project_at(Status.CONVENTIONED, project, convention, role_users)
    started = services.project_start(project=project, by=agent, on=today())
    assert started.status == Status.IN_PROGRESS and started.actual_start == today()


@pytest.mark.parametrize("days", [1, None])
def test_start_needs_a_date_not_in_the_future(project, convention, agent, role_users, days):
    project = project_at(Status.CONVENTIONED, project, convention, role_users)
    on = today() + dt.timedelta(days=days) if days else None
    with pytest.raises(TransitionRefused):
        services.project_start(project=project, by=agent, on=on)
    assert reload(project).status == Status.CONVENTIONED


def test_start_cannot_precede_the_signature(project, convention, agent, role_users):
    project = project_at(Status.CONVENTIONED, project, convention, role_users)
    with pytest.raises(TransitionRefused, match="signature"):
        services.project_start(project=project, by=agent, on=today() - dt.timedelta(days=3))


# --- Receptions ---------------------------------------------------------------------------------------------------


def test_provisional_then_final_reception_close_the_project(project, convention, agent, role_users):
    project = project_at(Status.IN_PROGRESS, project, convention, role_users)
    done = services.project_provisional_reception(project=project, by=agent, on=today())
    assert done.status == Status.COMPLETED and done.provisional_reception_on == today()
    closed = services.project_final_reception(project=done, by=agent, on=today())
    assert closed.status == Status.CLOSED and closed.final_reception_on == today()


def test_close_is_refused_before_the_final_reception(project, convention, agent, role_users):
    project = project_at(Status.IN_PROGRESS, project, convention, role_users)
    with pytest.raises(TransitionRefused):
        services.project_final_reception(project=project, by=agent, on=today())
    Project.objects.filter(pk=project.pk).update(status=Status.COMPLETED)  # forced, without the provisional one
    with pytest.raises(TransitionRefused, match="réception provisoire"):
        services.project_final_reception(project=project, by=agent, on=today())


def test_final_reception_not_before_the_provisional_one(project, convention, agent, role_users):
    project = project_at(Status.COMPLETED, project, convention, role_users)
    Project.objects.filter(pk=project.pk).update(provisional_reception_on=today())
    with pytest.raises(TransitionRefused):
        services.project_final_reception(project=project, by=agent, on=today() - dt.timedelta(days=1))
    with pytest.raises(TransitionRefused):
        services.project_final_reception(project=project, by=agent, on=None)


def test_provisional_reception_refused_from_conventionne(project, convention, agent, role_users):
    project = project_at(Status.CONVENTIONED, project, convention, role_users)
    with pytest.raises(TransitionRefused):
        services.project_provisional_reception(project=project, by=agent, on=today())


# --- Suspension, resumption, abandonment -------------------------------------------------------------------------


@pytest.mark.parametrize("state", [Status.CONVENTIONED, Status.IN_PROGRESS])
def test_suspend_then_resume_returns_to_the_previous_state(project, convention, agent, role_users, state):
    project = project_at(state, project, convention, role_users)
    suspended = services.project_suspend(project=project, by=agent, reason="Litige foncier")
    assert suspended.status == Status.SUSPENDED
    assert suspended.suspended_from_status == state and suspended.status_reason == "Litige foncier"
    resumed = services.project_resume(project=suspended, by=agent)
    assert resumed.status == state and resumed.suspended_from_status == "" and resumed.status_reason == ""


def test_suspend_needs_a_reason(project, convention, agent, role_users):
    project = project_at(Status.IN_PROGRESS, project, convention, role_users)
    with pytest.raises(TransitionRefused, match="motif"):
        services.project_suspend(project=project, by=agent, reason="  ")


@pytest.mark.parametrize("state", [Status.VALIDATED, Status.COMPLETED, Status.CLOSED, Status.ABANDONED])
def test_suspend_refused_from_other_states(project, convention, agent, role_users, state):
    project = project_at(state, project, convention, role_users)
    with pytest.raises(TransitionRefused):
        services.project_suspend(project=project, by=agent, reason="Motif")


def test_resume_refused_unless_suspended(project, convention, agent, role_users):
    project = project_at(Status.IN_PROGRESS, project, convention, role_users)
    with pytest.raises(TransitionRefused):
        services.project_resume(project=project, by=agent)


@pytest.mark.parametrize("state", [Status.VALIDATED, Status.CONVENTIONED, Status.IN_PROGRESS, Status.SUSPENDED])
def test_the_head_abandons_an_open_project_with_a_reason(project, convention, head, role_users, state):
    project = project_at(state, project, convention, role_users)
    with pytest.raises(TransitionRefused, match="motif"):
        services.project_abandon(project=project, by=head, reason="")
    abandoned = services.project_abandon(project=project, by=head, reason="Porteur dissous")
    assert abandoned.status == Status.ABANDONED and abandoned.status_reason == "Porteur dissous"


@pytest.mark.parametrize("state", [Status.COMPLETED, Status.CLOSED, Status.ABANDONED])
def test_abandon_refused_once_the_project_is_finished(project, convention, head, role_users, state):
    project = project_at(state, project, convention, role_users)
    with pytest.raises(TransitionRefused):
        services.project_abandon(project=project, by=head, reason="Motif")


def test_abandon_is_the_heads_alone(project, agent):
    with pytest.raises(PermissionDenied):
        services.project_abandon(project=project, by=agent, reason="Motif")


@pytest.mark.parametrize("role", ["chef", "communication", "secretariat_cpdh", "cabinet", "auditeur"])
def test_the_services_transitions_refused_to_roles_without_manage_dossiers(project, convention, role_users, role):
    user = role_users[role]
    project = project_at(Status.CONVENTIONED, project, convention, role_users)
    with pytest.raises(PermissionDenied):
        services.project_start(project=project, by=user, on=today())
    with pytest.raises(PermissionDenied):
        services.project_suspend(project=project, by=user, reason="Motif")
    in_progress = services.project_start(project=project, by=role_users["suivi_evaluation"], on=today())
    with pytest.raises(PermissionDenied):
        services.project_provisional_reception(project=in_progress, by=user, on=today())
    assert reload(project).status == Status.IN_PROGRESS


def test_available_transitions_follow_role_and_state(project, convention, agent, head, role_users):
    names = lambda p, u: [t.name for t in services.PROJECT_WORKFLOW.available(p, u)]  # noqa: E731
    assert names(project, agent) == ["mark_conventionne"]
    assert names(project, head) == ["abandon"]
    project = project_at(Status.IN_PROGRESS, project, convention, role_users)
    assert names(project, agent) == ["provisional_reception", "suspend"]
    assert names(project, role_users["communication"]) == []


# --- The journal --------------------------------------------------------------------------------------------------


def test_each_transition_is_journaled_with_its_author(project, convention, agent, role_users):
    project = project_at(Status.IN_PROGRESS, project, convention, role_users)
    project = services.project_suspend(project=project, by=agent, reason="Crue")
    services.project_resume(project=project, by=agent)
    states = [e.pgh_data["status"] for e in reversed(list(history_of(project)))]
    assert states[-4:] == [Status.CONVENTIONED, Status.IN_PROGRESS, Status.SUSPENDED, Status.IN_PROGRESS]
    last = history_of(project).first()
    assert last.pgh_context["username"] == agent.username


# --- The pages ----------------------------------------------------------------------------------------------------


def test_the_project_page_offers_the_allowed_moves_only(client_as, project, convention, agent, head, role_users):
    project = project_at(Status.CONVENTIONED, project, convention, role_users)
    url = reverse("projects:project_detail", args=[project.pk])
    page = client_as(agent).get(url)
    assert page.status_code == 200
    offered = [t.name for t, _url, _reasons in page.context["lifecycle_pages"]]
    assert offered == ["start", "suspend"] and page.context["can_plan"]
    assert 'data-testid="lifecycle-actions"' in page.content.decode()
    assert [t.name for t, _url, _reasons in client_as(head).get(url).context["lifecycle_pages"]] == ["abandon"]
    reader = client_as(role_users["auditeur"]).get(url)
    assert 'data-testid="lifecycle-actions"' not in reader.content.decode()


def test_the_start_page_starts_the_project_or_says_why_not(client_as, project, convention, agent, role_users):
    project = project_at(Status.CONVENTIONED, project, convention, role_users)
    url = reverse("projects:project_start", args=[project.pk])
    future = (today() + dt.timedelta(days=5)).isoformat()
    refused = client_as(agent).post(url, {"on": future})
    assert refused.status_code == 200 and "futur" in refused.content.decode()
    done = client_as(agent).post(url, {"on": today().isoformat()})
    assert done.status_code == 302 and reload(project).status == Status.IN_PROGRESS
    again = client_as(agent).get(url)
    assert again.status_code == 302  # nothing to offer from « en cours »


def test_suspend_page_and_resume_button(client_as, project, convention, agent, role_users):
    project = project_at(Status.IN_PROGRESS, project, convention, role_users)
    client = client_as(agent)
    response = client.post(reverse("projects:project_suspend", args=[project.pk]), {"reason": "Crue de l'oued"})
    assert response.status_code == 302 and reload(project).status == Status.SUSPENDED
    page = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert "Crue de l&#x27;oued" in page or "Crue de l'oued" in page
    client.post(reverse("projects:project_transition", args=[project.pk, "resume"]))
    assert reload(project).status == Status.IN_PROGRESS


def test_the_abandon_page_is_the_heads(client_as, project, agent, head):
    url = reverse("projects:project_abandon", args=[project.pk])
    assert client_as(agent).get(url).status_code == 403
    response = client_as(head).post(url, {"reason": "Porteur dissous"})
    assert response.status_code == 302 and reload(project).status == Status.ABANDONED


def test_planned_dates(client_as, project, agent, head):
    url = reverse("projects:project_planned_dates", args=[project.pk])
    assert client_as(head).get(url).status_code == 403
    start, end = today(), today() + dt.timedelta(days=180)
    refused = client_as(agent).post(url, {"planned_start": end.isoformat(), "planned_end": start.isoformat()})
    assert refused.status_code == 200 and reload(project).planned_start is None
    done = client_as(agent).post(url, {"planned_start": start.isoformat(), "planned_end": end.isoformat()})
    assert done.status_code == 302
    assert (reload(project).planned_start, reload(project).planned_end) == (start, end)
    with pytest.raises(TransitionRefused):
        services.project_set_planned_dates(project=project, by=agent, planned_start=end, planned_end=start)
    with pytest.raises(PermissionDenied):
        services.project_set_planned_dates(project=project, by=head, planned_start=start, planned_end=end)
