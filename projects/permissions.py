from django.utils.translation import gettext_lazy as _

from das.permissions import declare

ACCESS = declare("projects.access", _("Accéder au suivi et à l'évaluation (appels, projets, conventions, crédits)"))
MANAGE_CALLS = declare("projects.manage_calls", _("Préparer, publier et clôturer les appels à projets"))
MANAGE_DOSSIERS = declare("projects.manage_dossiers", _("Enregistrer et instruire les dossiers de candidature"))
EVALUATE = declare("projects.evaluate", _("Noter les dossiers qui vous sont confiés"))
APPROVE = declare("projects.approve", _("Décider au nom du chef de division (présélection, dérogation hors délai)"))
SIGN_CONVENTIONS = declare(
    "projects.sign_conventions", _("Signer ou retourner les conventions (Cabinet du Gouverneur)")
)
