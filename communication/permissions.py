"""Who may do what in the communication service. The service (role « communication ») keeps the plan, the
realisations, the library, the fiches de réalisation and the support requests; the chef validates the plan and
approves the fiches; the chef and the auditor read. Every staff role reads and downloads the library's published
documents. Each area's predicates sit in its section below."""

from django.utils.translation import gettext_lazy as _

from das.permissions import Decision, declare, require

ACCESS = declare("communication.access", _("Accéder à la communication de proximité"))
MANAGE_PLAN = declare(
    "communication.manage_plan",
    _("Préparer le plan de communication de proximité, le mettre en exécution, saisir les réalisations, le clôturer"),
)
VALIDATE_PLAN = declare(
    "communication.validate_plan",
    _("Valider le plan de communication ou le renvoyer en brouillon (chef de division)"),
)
VIEW_LIBRARY = declare(
    "communication.view_library", _("Consulter et télécharger les documents publiés de la bibliothèque")
)
MANAGE_LIBRARY = declare(
    "communication.manage_library",
    _("Tenir la bibliothèque documentaire (documents, versions, publication) et envoyer les packs aux équipes"),
)
MANAGE_SHOWCASE = declare(
    "communication.manage_showcase", _("Préparer les fiches de réalisation et la brochure des réalisations")
)
APPROVE_SHOWCASE = declare(
    "communication.approve_showcase", _("Approuver la publication des fiches de réalisation (chef de division)")
)
MANAGE_REQUESTS = declare(
    "communication.manage_requests", _("Traiter les demandes d'appui en communication des porteurs et des équipes")
)


def _refused(reason) -> Decision:
    return Decision(False, str(reason))


# --- The plan, its actions and their realisation ---------------------------------------------------------------------


def can_read_plans(user) -> Decision:
    """Plans, actions, realisations and the execution report: the service, the chef and the auditor."""
    return require(user, ACCESS)


def can_edit_actions(user, plan) -> Decision:
    """Actions are added, changed and removed by the service while the plan is a draft."""
    if not require(user, MANAGE_PLAN):
        return _refused(_("Votre rôle ne permet pas de préparer le plan de communication."))
    if plan.status != plan.Status.DRAFT:
        return _refused(
            _("Le plan %(year)s est « %(status)s » : ses actions ne se modifient qu'en brouillon.")
            % {"year": plan.year, "status": plan.get_status_display()}
        )
    return Decision(True)


def can_record_realisation(user, action) -> Decision:
    """An action's realisation is recorded by the service while its plan is in execution."""
    if not require(user, MANAGE_PLAN):
        return _refused(_("Votre rôle ne permet pas de saisir les réalisations du plan de communication."))
    if action.plan.status != action.plan.Status.IN_PROGRESS:
        return _refused(
            _("Le plan %(year)s est « %(status)s » : les réalisations se saisissent pendant son exécution.")
            % {"year": action.plan.year, "status": action.plan.get_status_display()}
        )
    return Decision(True)


# --- The document library --------------------------------------------------------------------------------------------


def can_view_library(user) -> Decision:
    """Published documents: every staff role reads and downloads their current version."""
    return require(user, VIEW_LIBRARY)


def can_manage_library(user) -> Decision:
    """Drafts, versions, publication and the packs sent to the teams: the communication service."""
    if not require(user, MANAGE_LIBRARY):
        return _refused(_("Votre rôle ne permet pas de tenir la bibliothèque documentaire."))
    return Decision(True)


def can_see_unpublished(user) -> Decision:
    """Drafts, withdrawn documents, every version and the packs: the service, the chef and the auditor."""
    return require(user, ACCESS)


def can_read_document(user, document) -> Decision:
    """A published document is read by every role holding VIEW_LIBRARY; a draft or a withdrawn one only by those who
    see unpublished documents — for the others it does not exist (404: nothing leaks)."""
    if can_see_unpublished(user):
        return Decision(True)
    if not require(user, VIEW_LIBRARY):
        return _refused(_("Votre rôle ne permet pas de consulter la bibliothèque documentaire."))
    if document.status != document.Status.PUBLISHED:
        return Decision(False, str(_("Ce document n'est pas publié.")), out_of_scope=True)
    return Decision(True)


# --- Fiches de réalisation -------------------------------------------------------------------------------------------


def can_read_showcase(user) -> Decision:
    """Every fiche whatever its status, and the brochure: the service, the chef and the auditor."""
    return require(user, ACCESS)


def can_manage_showcase(user) -> Decision:
    if not require(user, MANAGE_SHOWCASE):
        return _refused(_("Votre rôle ne permet pas de préparer les fiches de réalisation."))
    return Decision(True)


def can_edit_sheet(user, sheet) -> Decision:
    """A fiche's text, figures, partners and photos change while it is a draft, by the service."""
    decision = can_manage_showcase(user)
    if not decision:
        return decision
    if sheet.status != sheet.Status.DRAFT:
        return _refused(
            _("La fiche est « %(status)s » : elle ne se modifie qu'en brouillon.")
            % {"status": sheet.get_status_display()}
        )
    return Decision(True)


# --- Support requests ------------------------------------------------------------------------------------------------


def can_read_requests(user) -> Decision:
    return require(user, ACCESS)


def can_manage_requests(user) -> Decision:
    if not require(user, MANAGE_REQUESTS):
        return _refused(_("Votre rôle ne permet pas de traiter les demandes d'appui en communication."))
    return Decision(True)
