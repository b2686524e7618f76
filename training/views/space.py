from django.utils.translation import gettext_lazy

from das.views.home import ServiceSpaceView
from training import permissions


class IndexView(ServiceSpaceView):
    das_permission = permissions.ACCESS
    page_title = gettext_lazy("Formation et renforcement des capacités")
    missions = [
        gettext_lazy("Analyse des besoins et plan annuel de formation"),
        gettext_lazy("Sessions, feuilles de présence et attestations"),
        gettext_lazy("Équipes d'animation communale et de quartier"),
    ]
