"""Communication records of the requests area that have a page, a history and attachments (das.records)."""

from communication import permissions
from communication.models import CommunicationRequest
from das import records

records.register_page(
    CommunicationRequest,
    read=permissions.ACCESS,
    edit=permissions.MANAGE_REQUESTS,
    detail="communication:request_detail",
    listing="communication:request_list",
)
