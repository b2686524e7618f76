from django.utils.translation import gettext_lazy as _

from das.permissions import declare

ACCESS = declare("communication.access", _("Accéder à la communication de proximité"))
