from django.utils.translation import gettext_lazy as _

from das.permissions import declare

ACCESS = declare("projects.access", _("Accéder au suivi et à l'évaluation (appels, projets, conventions, crédits)"))
MANAGE_CALLS = declare("projects.manage_calls", _("Préparer, publier et clôturer les appels à projets"))
