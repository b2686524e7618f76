from django.utils.translation import gettext_lazy as _

from das import permissions
from das.permissions import Decision, declare

ACCESS = declare("committees.access", _("Accéder aux comités (CPDH, CLDH, CRDH, commissions)"))
MANAGE_COMMITTEES = declare(
    "committees.manage_committees", _("Gérer les comités, leurs membres et leur règlement intérieur")
)
MANAGE_MEETINGS = declare(
    "committees.manage_meetings",
    _("Préparer les réunions, saisir les présences et les décisions, clôturer et établir le procès-verbal"),
)
RECTIFY = declare("committees.rectify", _("Rectifier une décision d'une réunion clôturée"))
FOLLOW_ACTIONS = declare(
    "committees.follow_actions", _("Suivre l'exécution des décisions confiées à son service (actions réalisées)")
)
FOLLOW_ALL_ACTIONS = declare(
    "committees.follow_all_actions", _("Suivre l'exécution de toutes les décisions, quel que soit le service chargé")
)
MANAGE_FEEDBACK = declare("committees.manage_feedback", _("Tenir le registre des remontées et y répondre"))


def can_follow_action(user, action) -> Decision:
    """Who marks an action done or reopens it: the service it was given to, or whoever follows every action (the
    secretariat, the head)."""
    if not permissions.require(user, FOLLOW_ACTIONS):
        return Decision(False, _("Votre rôle ne permet pas de suivre l'exécution des décisions."))
    if permissions.require(user, FOLLOW_ALL_ACTIONS) or getattr(user, "service", None) == action.service:
        return Decision(True)
    return Decision(
        False,
        _("Cette action revient au service « %(service)s » : c'est lui qui en rend compte.")
        % {"service": action.get_service_display()},
    )
