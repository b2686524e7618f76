from django.utils.translation import gettext_lazy as _

from das.permissions import declare

ACCESS = declare("committees.access", _("Accéder aux comités (CPDH, CLDH, CRDH, commissions)"))
MANAGE_COMMITTEES = declare(
    "committees.manage_committees", _("Gérer les comités, leurs membres et leur règlement intérieur")
)
MANAGE_MEETINGS = declare(
    "committees.manage_meetings",
    _("Préparer les réunions, saisir les présences et les décisions, clôturer et établir le procès-verbal"),
)
RECTIFY = declare("committees.rectify", _("Rectifier une décision d'une réunion clôturée"))
FOLLOW_ACTIONS = declare("committees.follow_actions", _("Suivre l'exécution des décisions (actions réalisées)"))
MANAGE_FEEDBACK = declare("committees.manage_feedback", _("Tenir le registre des remontées et y répondre"))
