from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy

from das.views.home import ServiceSpaceView
from projects import permissions
from projects.models import CallForProjects, Project
from projects.scope import scope_projects
from projects.services.proximity import proximity_summary


class IndexView(ServiceSpaceView):
    das_permission = permissions.ACCESS
    template_name = "projects/index.html"
    page_title = gettext_lazy("Suivi et évaluation")
    missions = [
        gettext_lazy("Appels à projets et dossiers de candidature"),
        gettext_lazy("Projets, ILDH et conventions"),
        gettext_lazy("Crédits notifiés, répartition et transmission à la DBM"),
        gettext_lazy("Marchés, décomptes et indicateurs"),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(CallForProjects.objects.values_list("status").annotate(total=Count("pk")).order_by())
        list_url = reverse("projects:call_list")
        context["call_counts"] = [
            {"label": label, "value": counts.get(status, 0), "url": f"{list_url}?status={status}", "status": status}
            for status, label in CallForProjects.Status.choices
        ]
        context["call_total"] = sum(counts.values())
        context["call_list_url"] = list_url
        projects = scope_projects(Project.objects.all(), self.request.user).aggregate(
            total=Count("pk"), indh=Sum("indh_share")
        )
        context["project_total"] = projects["total"]
        context["project_indh"] = projects["indh"] or 0
        context["project_list_url"] = reverse("projects:project_list")
        context["proximity"] = proximity_summary(self.request.user)
        if self.request.user.has_perm(permissions.MANAGE_CALLS):
            context["call_create_url"] = reverse("projects:call_create")
        return context
