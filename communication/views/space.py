from django.utils.translation import gettext_lazy

from communication import permissions
from das.views.home import ServiceSpaceView


class IndexView(ServiceSpaceView):
    das_permission = permissions.ACCESS
    page_title = gettext_lazy("Communication de proximité")
    missions = [
        gettext_lazy("Plan annuel de communication et son exécution"),
        gettext_lazy("Bibliothèque documentaire"),
        gettext_lazy("Fiches de réalisation"),
    ]
