from django.utils.translation import gettext_lazy

from committees import permissions
from das.views.home import ServiceSpaceView


class IndexView(ServiceSpaceView):
    das_permission = permissions.ACCESS
    page_title = gettext_lazy("Comités")
    missions = [
        gettext_lazy("Composition et règlement intérieur du CPDH, des CLDH, du CRDH et des commissions"),
        gettext_lazy("Réunions, ordres du jour, convocations et procès-verbaux"),
        gettext_lazy("Décisions et leur exécution"),
    ]
