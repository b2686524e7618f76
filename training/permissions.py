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


def can_manage_needs(user):
    """Recording needs and keeping the catalogue: the training service."""
    return require(user, MANAGE_NEEDS)


def can_delete_need(user, need, *, answered: bool):
    """A need is deleted only while no plan action answers it (``answered`` comes from the page's selector)."""
    decision = can_manage_needs(user)
    if not decision:
        return decision
    if answered:
        return Decision(False, str(_("Une action du plan répond à ce besoin : il ne peut plus être supprimé.")))
    return Decision(True)


# --- The yearly plan -------------------------------------------------------------------------------------------------
def can_edit_actions(user, plan):
    """Actions are added, changed and removed by the training service while the plan is a draft."""
    if not require(user, MANAGE_PLAN):
        return Decision(False, str(_("Votre rôle ne permet pas de préparer le plan de formation.")))
    if plan.status != plan.Status.DRAFT:
        return Decision(
            False,
            str(
                _("Le plan %(year)s est « %(status)s » : ses actions ne se modifient qu'en brouillon.")
                % {"year": plan.year, "status": plan.get_status_display()}
            ),
        )
    return Decision(True)


# --- Sessions --------------------------------------------------------------------------------------------------------


def _session_decision(user, session, states, reason):
    decision = require(user, MANAGE_SESSIONS)
    if decision and session.status not in states:
        return Decision(False, str(reason))
    return decision


def can_manage_session(user, session):
    """Change a session (dates, days, invitations, report): the training service, while it is planned or held."""
    return _session_decision(
        user, session, session.OPEN_STATUSES, _("La session est clôturée ou annulée : elle ne se modifie plus.")
    )


def can_evaluate_session(user, session):
    """Enter satisfaction grids: once the session has been held."""
    return _session_decision(
        user, session, session.HELD_STATUSES, _("Les évaluations se saisissent une fois la session tenue.")
    )


def can_issue_certificates(user, session):
    """Issue attestations: once the session has been held (each participant's own eligibility is the service's)."""
    return _session_decision(user, session, session.HELD_STATUSES, _("La session n'a pas été tenue."))


# --- Follow-up -------------------------------------------------------------------------------------------------------


def can_view_followup(user):
    """The follow-up of the plan, its exports, the space page's figures and the home cards: every reader of the
    service (the service, the chef, the auditor)."""
    return require(user, ACCESS)
