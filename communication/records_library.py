"""Communication records of the library area that have a page, a history and attachments (das.records).

A document is read as its page is: by every role once published, by the service, the chef and the auditor in any
status (its attachments are its versions' files); a pack by the service, the chef and the auditor."""

from django.utils.translation import gettext as _

from communication import permissions
from communication.models import DocumentationPack, LibraryDocument
from das import records
from das.permissions import Decision


def _no_loose_files(user, document=None):
    """A document's files are its versions (language, number, changes): they come only through « Ajouter une
    version », never as loose attachments from the shared attachments page."""
    decision = permissions.can_manage_library(user)
    if not decision:
        return decision
    return Decision(False, _("Les fichiers d'un document s'ajoutent comme versions, depuis la page du document."))


records.register(
    LibraryDocument,
    can_view=permissions.can_read_document,
    can_edit=_no_loose_files,
    url=lambda document: document.get_absolute_url(),
    list_url="communication:document_list",
)
records.register_page(
    DocumentationPack,
    read=permissions.ACCESS,
    edit=permissions.MANAGE_LIBRARY,
    detail="communication:pack_detail",
    listing="communication:pack_list",
)
