"""Communication records of the library area that have a page, a history and attachments (das.records).

A document is read as its page is: by every role once published, by the service, the chef and the auditor in any
status (its attachments are its versions' files); a pack by the service, the chef and the auditor."""

from communication import permissions
from communication.models import DocumentationPack, LibraryDocument
from das import records

records.register(
    LibraryDocument,
    can_view=permissions.can_read_document,
    can_edit=lambda user, document=None: permissions.can_manage_library(user),
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
