from django.utils.translation import gettext_lazy as _

from das.permissions import declare

ACCESS = declare("training.access", _("Accéder à la formation et au renforcement des capacités"))
