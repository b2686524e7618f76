"""Who may do what in the coordination service (Service de la coordination sociale inter-préfectorale et
inter-provinciale). The service (role « coordination ») keeps the CRDH dossiers, the counterparts, joint projects and
coordination meetings, the literacy campaigns, the cooperation programmes and the technical studies; the chef
validates the CRDH dossier before it is sent; the chef and the auditor read everything. Each area's predicates sit
in its section below."""

from django.utils.translation import gettext_lazy as _

from das.permissions import Decision, declare, require

ACCESS = declare("coordination.access", _("Accéder à la coordination inter-provinciale"))
MANAGE_CRDH = declare(
    "coordination.manage_crdh",
    _("Préparer le dossier de la province pour le CRDH et ses demandes, le transmettre à la région"),
)
VALIDATE_CRDH = declare(
    "coordination.validate_crdh",
    _("Valider le dossier de la province pour le CRDH ou le renvoyer en brouillon (chef de division)"),
)
MANAGE_PROVINCES = declare(
    "coordination.manage_provinces",
    _("Tenir les préfectures et provinces partenaires, les projets communs et les réunions de coordination"),
)
MANAGE_LITERACY = declare(
    "coordination.manage_literacy",
    _("Tenir les campagnes d'alphabétisation et d'éducation non formelle, leurs opérations, classes et effectifs"),
)
MANAGE_COOPERATION = declare(
    "coordination.manage_cooperation",
    _("Tenir les partenaires, programmes et activités de la coopération internationale et leur suivi"),
)
MANAGE_STUDIES = declare(
    "coordination.manage_studies",
    _("Suivre les études et travaux techniques menés avec la Division des Équipements"),
)


def _refused(reason) -> Decision:
    return Decision(False, str(reason))


def can_read(user) -> Decision:
    """Every page of the service: the service, the chef and the auditor."""
    return require(user, ACCESS)


# --- CRDH preparation ------------------------------------------------------------------------------------------------


def can_read_crdh(user) -> Decision:
    """The CRDH dossiers and their requests: the service, the chef and the auditor, and the CPDH secretariat, which
    records the CRDH's decisions on the requests (it reads them here, it writes nothing)."""
    if require(user, ACCESS) or require(user, "committees.manage_meetings"):
        return Decision(True)
    return _refused(_("Votre rôle ne permet pas de consulter les dossiers du CRDH."))


def can_edit_crdh(user, dossier) -> Decision:
    """A dossier and its requests change only while it is a draft, by the service."""
    if not require(user, MANAGE_CRDH):
        return _refused(_("Votre rôle ne permet pas de préparer le dossier du CRDH."))
    if dossier.status != dossier.Status.DRAFT:
        return _refused(
            _("Le dossier est « %(status)s » : il ne se modifie qu'en brouillon.")
            % {"status": dossier.get_status_display()}
        )
    return Decision(True)


# --- Other prefectures and provinces ---------------------------------------------------------------------------------
def can_manage_provinces(user) -> Decision:
    """Counterparts and their contacts, joint projects and their shares, coordination meetings and their actions."""
    if not require(user, MANAGE_PROVINCES):
        return _refused(_("Votre rôle ne permet pas de tenir la coordination avec les autres provinces."))
    return Decision(True)


# --- Literacy and non-formal education -------------------------------------------------------------------------------


def can_manage_literacy(user) -> Decision:
    """Campaigns, centres, operations and classes: the service."""
    return require(user, MANAGE_LITERACY)


def can_edit_campaign(user, campaign) -> Decision:
    """A campaign's header, its operations and classes change until it is clôturée."""
    decision = require(user, MANAGE_LITERACY)
    if not decision:
        return decision
    if campaign.status == "cloturee":
        return _refused(_("La campagne %(campaign)s est clôturée : elle ne se modifie plus.") % {"campaign": campaign})
    return Decision(True)


def can_edit_operation(user, operation) -> Decision:
    """An operation (and its classes) changes while its campaign is open and it is neither achevée nor annulée."""
    decision = can_edit_campaign(user, operation.campaign)
    if not decision:
        return decision
    if operation.status in ("achevee", "annulee"):
        return _refused(
            _("L'opération %(reference)s est « %(status)s » : elle ne se modifie plus.")
            % {"reference": operation.reference, "status": operation.get_status_display()}
        )
    return Decision(True)


def can_edit_headcounts(user, literacy_class) -> Decision:
    """The learners' grid of a class: while its operation is not annulée and its campaign not clôturée (an achevée
    operation still receives the final completions)."""
    operation = literacy_class.operation
    decision = can_edit_campaign(user, operation.campaign)
    if not decision:
        return decision
    if operation.status == "annulee":
        return _refused(
            _("L'opération %(reference)s est annulée : ses effectifs ne se saisissent plus.")
            % {"reference": operation.reference}
        )
    return Decision(True)


# --- International cooperation ---------------------------------------------------------------------------------------


def can_manage_cooperation(user) -> Decision:
    """Partners, programmes, activities, supported projects, follow-up and reports: the service only."""
    if require(user, MANAGE_COOPERATION):
        return Decision(True)
    return _refused(_("Votre rôle ne permet pas de tenir la coopération internationale."))


def can_see_project_cooperation(user) -> Decision:
    """The « Coopération internationale » section of a project's page: readers of the coordination service."""
    return require(user, ACCESS)


# --- Technical studies and works -------------------------------------------------------------------------------------


def can_manage_studies(user) -> Decision:
    """Record the studies and works, their deliverables and their status: the service only."""
    if not require(user, MANAGE_STUDIES):
        return _refused(_("Votre rôle ne permet pas de suivre les études et travaux techniques."))
    return Decision(True)
