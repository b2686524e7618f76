"""The coordination service's space (coordination:index): each area's figures and pages (coordination.space)."""

from django.utils.translation import gettext_lazy

from coordination import permissions, space
from das.views.home import ServiceSpaceView


class IndexView(ServiceSpaceView):
    das_permission = permissions.ACCESS
    template_name = "coordination/space.html"
    page_title = gettext_lazy("Coordination inter-provinciale")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["areas"] = [
            {"area": area, "url": area.url(), "cards": area.cards(user), "links": area.resolved_links()}
            for area in space.areas()
        ]
        return context
