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
# Credits: the DBM and the Governor's office read them without reading the projects pages.
VIEW_CREDITS = declare(
    "projects.view_credits", _("Consulter les crédits notifiés, leur répartition et la situation financière")
)
MANAGE_CREDITS = declare(
    "projects.manage_credits", _("Saisir les crédits notifiés, préparer la répartition et la transmettre à la DBM")
)
VALIDATE_CREDITS = declare("projects.validate_credits", _("Valider la répartition des crédits (chef de division)"))
ACKNOWLEDGE_CREDITS = declare("projects.acknowledge_credits", _("Accuser réception des répartitions transmises (DBM)"))


def can_view_allocation(user, allocation):
    """The DBM and the Governor's office read only the versions sent to the DBM; the division reads every version."""
    from das.permissions import Decision, require
    from projects.models import CreditAllocation

    decision = require(user, VIEW_CREDITS)
    if not decision:
        return decision
    if allocation.status in CreditAllocation.SENT or user.has_perm(ACCESS):
        return Decision(True)
    return Decision(False, str(_("Cette version de la répartition n'a pas encore été transmise à la DBM.")))


def can_drill_credits(user) -> bool:
    """Drilling from a figure to the conventions and payments behind it is for the division (it reads projects)."""
    return user.has_perm(VIEW_CREDITS) and user.has_perm(ACCESS)


# Dashboards and official reports (issue 7): the Governor's office and the DBM download them every quarter.
VIEW_DASHBOARDS = declare(
    "projects.view_dashboards",
    _("Consulter les tableaux de bord, les indicateurs de développement humain et télécharger les rapports officiels"),
)
ARCHIVE_REPORTS = declare(
    "projects.archive_reports", _("Générer et archiver les rapports officiels pour envoi (suivi et évaluation)")
)
MANAGE_TERRITORIAL_INDICATORS = declare(
    "projects.manage_territorial_indicators",
    _("Tenir le catalogue des indicateurs de développement humain et saisir ou importer leurs valeurs"),
)


def can_open_projects(user) -> bool:
    """Whether a dashboard's figures may link to the project pages (the Cabinet and the DBM read the dashboard's own
    drill-down lists, not the projects app)."""
    return user.has_perm(ACCESS)
