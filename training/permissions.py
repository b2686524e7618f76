"""Who may do what in the training service. The service (role « formation ») keeps everything; the chef validates the
yearly plan; the chef and the auditor read. Each area's predicates sit in its section below."""

from django.utils.translation import gettext_lazy as _

from das.permissions import Decision, declare, require

ACCESS = declare("training.access", _("Accéder à la formation et au renforcement des capacités"))
MANAGE_ACTORS = declare(
    "training.manage_actors",
    _("Tenir le registre des personnes formées, les équipes d'animation (EAC/EAQ) et leurs demandes d'appui"),
)
MANAGE_NEEDS = declare(
    "training.manage_needs", _("Recenser les besoins de formation et tenir le catalogue des modules et parcours")
)
MANAGE_PLAN = declare(
    "training.manage_plan", _("Préparer le plan annuel de formation, le mettre en exécution et le clôturer")
)
VALIDATE_PLAN = declare(
    "training.validate_plan", _("Valider le plan annuel de formation ou le renvoyer en brouillon (chef de division)")
)
MANAGE_SESSIONS = declare(
    "training.manage_sessions",
    _("Organiser les sessions : participants, présences, évaluations, rapport, attestations"),
)


# --- People, teams and support requests ------------------------------------------------------------------------------


def can_read_actors(user, obj=None) -> Decision:
    """The register, the teams and their support requests: read by the service, the chef and the auditor."""
    return require(user, ACCESS)


def can_manage_actors(user, obj=None) -> Decision:
    """Registering people, keeping teams and answering support requests: the training service only."""
    if not require(user, MANAGE_ACTORS):
        reason = _("Votre rôle ne permet pas de tenir le registre des personnes formées ni les équipes.")
        return Decision(False, str(reason))
    return Decision(True)


# --- Needs, modules and curricula ------------------------------------------------------------------------------------


# --- The yearly plan -------------------------------------------------------------------------------------------------


# --- Sessions --------------------------------------------------------------------------------------------------------


# --- Follow-up -------------------------------------------------------------------------------------------------------
