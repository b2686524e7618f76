from django.utils.translation import gettext_lazy

from das.views.home import ServiceSpaceView
from projects import permissions


class IndexView(ServiceSpaceView):
    das_permission = permissions.ACCESS
    page_title = gettext_lazy("Suivi et évaluation")
    missions = [
        gettext_lazy("Appels à projets et dossiers de candidature"),
        gettext_lazy("Projets, ILDH et conventions"),
        gettext_lazy("Crédits notifiés, répartition et transmission à la DBM"),
        gettext_lazy("Marchés, décomptes et indicateurs"),
    ]
