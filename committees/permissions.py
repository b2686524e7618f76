from django.utils.translation import gettext_lazy as _

from das.permissions import declare

ACCESS = declare("committees.access", _("Accéder aux comités (CPDH, CLDH, CRDH, commissions)"))
