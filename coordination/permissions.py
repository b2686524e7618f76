from django.utils.translation import gettext_lazy as _

from das.permissions import declare

ACCESS = declare("coordination.access", _("Accéder à la coordination inter-provinciale"))
