"""The secretariat's space: the next meetings, the dossiers waiting for a CPDH decision, what is late."""

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from committees import permissions, selectors
from committees.views.committees import meeting_create_url
from das.views.base import DasViewMixin
from projects import permissions as projects_permissions
from projects.models import Dossier
from projects.selectors import dossiers_awaiting_cpdh

LIST_LIMIT = 10  # each block lists the first ones; its link opens the whole list


class IndexView(DasViewMixin, TemplateView):
    das_permission = permissions.ACCESS
    template_name = "committees/index.html"
    page_title = gettext_lazy("Comités")

    def get_breadcrumbs(self):
        return [(self.page_title, None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        meetings = list(selectors.next_meetings()[:LIST_LIMIT])
        for meeting in meetings:
            meeting.url = reverse("committees:meeting_detail", args=[meeting.pk])
        awaiting = dossiers_awaiting_cpdh()
        awaiting_totals = awaiting.aggregate(count=Count("pk"), indh=Sum("indh_share"))
        late_actions = selectors.late_actions().order_by("due_on", "pk")
        late_feedback = selectors.late_feedback().order_by("answer_due_on", "pk")
        can_read_projects = user.has_perm(projects_permissions.ACCESS)
        context.update(
            {
                "meetings": meetings,
                "meeting_list_url": reverse("committees:meeting_list"),
                "awaiting": list(awaiting.order_by("reference")[:LIST_LIMIT]),
                "awaiting_count": awaiting_totals["count"],
                "awaiting_indh": awaiting_totals["indh"],
                "link_dossiers": can_read_projects,
                "dossier_list_url": f"{reverse('projects:dossier_list')}?status={Dossier.Status.PRESELECTED}"
                if can_read_projects
                else "",
                "late_actions": list(late_actions[:LIST_LIMIT]),
                "late_actions_count": late_actions.count(),
                "late_feedback": list(late_feedback[:LIST_LIMIT]),
                "late_feedback_count": late_feedback.count(),
                "action_list_url": reverse("committees:action_list"),
                "feedback_list_url": reverse("committees:feedback_list"),
                "committee_list_url": reverse("committees:committee_list"),
                "meeting_create_url": meeting_create_url() if user.has_perm(permissions.MANAGE_MEETINGS) else "",
                "feedback_create_url": reverse("committees:feedback_create")
                if user.has_perm(permissions.MANAGE_FEEDBACK)
                else "",
                "committee_create_url": reverse("committees:committee_create")
                if user.has_perm(permissions.MANAGE_COMMITTEES)
                else "",
            }
        )
        return context
