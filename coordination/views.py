from django.utils.translation import gettext_lazy

from coordination import permissions
from das.views.home import ServiceSpaceView


class IndexView(ServiceSpaceView):
    das_permission = permissions.ACCESS
    page_title = gettext_lazy("Coordination inter-provinciale")
    missions = [
        gettext_lazy("Préparation du CRDH"),
        gettext_lazy("Alphabétisation et éducation non formelle"),
        gettext_lazy("Coopération internationale et études techniques"),
    ]
