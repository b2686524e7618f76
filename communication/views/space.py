"""The communication service's space (communication:index): this year's plan, the library, the fiches de réalisation
and the support requests in figures, what waits for the chef, and a way into every area of the service.

Links to the other areas are resolved in the template (``{% url … as u %}{% if u %}``): an area not installed is left
out rather than breaking the page.
"""

from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy

from communication import permissions
from communication.space_selectors import space_figures
from das.permissions import require
from das.views.home import ServiceSpaceView


class IndexView(ServiceSpaceView):
    das_permission = permissions.ACCESS
    template_name = "communication/space.html"
    page_title = gettext_lazy("Communication de proximité")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = space_figures()
        user = self.request.user
        plan_url = None
        if figures.plan.plan:
            try:
                plan_url = figures.plan.plan.get_absolute_url()
            except NoReverseMatch:  # the plans area is not installed yet
                plan_url = None
        context.update(
            {
                "figures": figures,
                "plan_url": plan_url,
                "is_chef": bool(
                    require(user, permissions.VALIDATE_PLAN) or require(user, permissions.APPROVE_SHOWCASE)
                ),
                "can_manage_requests": bool(permissions.can_manage_requests(user)),
            }
        )
        return context
