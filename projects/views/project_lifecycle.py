"""The project's lifecycle on its page: one POST for the moves without input (conventionné, reprise), a small form
page for those with a date or a reason (démarrage, réceptions, suspension, abandon) and for the planned dates.
The services (projects.services.project_lifecycle) check who and when; the pages only offer what is allowed."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from das import permissions as das_permissions
from das.views.base import RecordFormPage, TransitionView
from projects import permissions
from projects.models import Project
from projects.scope import get_in_scope
from projects.services import project_lifecycle as services
from projects.views.calls import SPACE_CRUMB

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WORKFLOW = services.PROJECT_WORKFLOW
PROJECTS_CRUMB = (gettext_lazy("Projets"), "projects:project_list")
BUTTON_SERVICES = {
    "mark_conventionne": services.project_mark_conventionne,
    "resume": services.project_resume,
}
FORM_PAGES = {
    "start": "projects:project_start",
    "provisional_reception": "projects:project_provisional_reception",
    "final_reception": "projects:project_final_reception",
    "suspend": "projects:project_suspend",
    "abandon": "projects:project_abandon",
}


def lifecycle_context(project: Project, user) -> dict:
    """What the project's page offers: the buttons, the form pages, and whether the planned dates are editable."""
    available = WORKFLOW.available(project, user)
    # Each offered move comes with the reasons its guard would refuse it now: shown disabled with them.
    return {
        "lifecycle_buttons": [(t, services.blockers(project, t.name)) for t in available if t.name in BUTTON_SERVICES],
        "lifecycle_pages": [
            (t, reverse(FORM_PAGES[t.name], args=[project.pk]), services.blockers(project, t.name))
            for t in available
            if t.name in FORM_PAGES
        ],
        "can_plan": project.status not in services.FINISHED_STATUSES
        and bool(das_permissions.require(user, permissions.MANAGE_DOSSIERS)),
    }


def get_project(request, pk) -> Project:
    """The project of a page, within the user's communes (404 otherwise)."""
    return get_in_scope(request, Project.objects.select_related("holder"), pk=pk)


class ProjectTransitionView(TransitionView):
    """Mark conventionné, resume: one POST each; the service checks who and when."""

    das_permission = permissions.ACCESS
    workflow = WORKFLOW
    transition_services = BUTTON_SERVICES
    record_argument = "project"
    detail_url_name = "projects:project_detail"
    done_message = gettext_lazy("Le projet est maintenant « %(status)s ».")

    def get_record(self, pk):
        return get_project(self.request, pk)


class ProjectPage(RecordFormPage):
    """A form page about one project."""

    das_permission = permissions.ACCESS
    template_name = "projects/project_transition.html"

    def load(self, pk):
        self.project = get_project(self.request, pk)

    def done_url(self):
        return self.project.get_absolute_url()

    def context(self, title):
        return {
            "project": self.project,
            "page_title": title,
            "breadcrumbs": [
                (SPACE_CRUMB[0], reverse(SPACE_CRUMB[1])),
                (PROJECTS_CRUMB[0], reverse(PROJECTS_CRUMB[1])),
                (self.project.code, self.project.get_absolute_url()),
                (title, None),
            ],
        }


class DateForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("Date"), widget=DATE, initial=timezone.localdate)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Motif"), widget=forms.Textarea(attrs={"rows": 4}))


class PlannedDatesForm(forms.Form):
    planned_start = forms.DateField(label=gettext_lazy("Démarrage prévu le"), widget=DATE, required=False)
    planned_end = forms.DateField(label=gettext_lazy("Achèvement prévu le"), widget=DATE, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("L'achèvement prévu précède le démarrage prévu."))
        return data


class ProjectTransitionPage(ProjectPage):
    """Start, provisional and final reception (a date), suspend and abandon (a reason)."""

    action = ""
    titles = {
        "start": gettext_lazy("Démarrer le projet"),
        "provisional_reception": gettext_lazy("Réception provisoire du projet"),
        "final_reception": gettext_lazy("Réception définitive du projet (clôture)"),
        "suspend": gettext_lazy("Suspendre le projet"),
        "abandon": gettext_lazy("Abandonner le projet"),
    }
    date_services = {
        "start": services.project_start,
        "provisional_reception": services.project_provisional_reception,
        "final_reception": services.project_final_reception,
    }
    reason_services = {"suspend": services.project_suspend, "abandon": services.project_abandon}

    def dispatch(self, request, *args, **kwargs):
        transition = WORKFLOW.by_name[self.action]
        if not das_permissions.require(request.user, transition.permission):
            raise PermissionDenied(_("Votre rôle ne permet pas : %(action)s.") % {"action": transition.label})
        return super().dispatch(request, *args, **kwargs)

    def title(self):
        return str(self.titles[self.action])

    def unavailable(self):
        decision = WORKFLOW.decide(self.project, self.action, self.request.user)
        return "" if decision else decision.reason

    def make_form(self, data=None):
        return (DateForm if self.action in self.date_services else ReasonForm)(data)

    def run(self, form):
        data, user = form.cleaned_data, self.request.user
        if self.action in self.date_services:
            done = self.date_services[self.action](project=self.project, by=user, on=data["on"])
        else:
            done = self.reason_services[self.action](project=self.project, by=user, reason=data["reason"])
        return _("Le projet est maintenant « %(status)s ».") % {"status": done.get_status_display()}


class ProjectPlannedDatesPage(ProjectPage):
    """The planned start and end of the project."""

    def dispatch(self, request, *args, **kwargs):
        if not das_permissions.require(request.user, permissions.MANAGE_DOSSIERS):
            raise PermissionDenied(_("Votre rôle ne permet pas de modifier le calendrier du projet."))
        return super().dispatch(request, *args, **kwargs)

    def title(self):
        return _("Calendrier prévisionnel du projet")

    def unavailable(self):
        if self.project.status in services.FINISHED_STATUSES:
            return _("Le calendrier d'un projet « %(state)s » ne se modifie plus.") % {
                "state": self.project.get_status_display()
            }
        return ""

    def make_form(self, data=None):
        initial = {"planned_start": self.project.planned_start, "planned_end": self.project.planned_end}
        return PlannedDatesForm(data, initial=initial)

    def run(self, form):
        services.project_set_planned_dates(project=self.project, by=self.request.user, **form.cleaned_data)
        return _("Calendrier prévisionnel enregistré.")
