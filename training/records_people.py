"""Training records of the people area that have a page, a history and attachments (das.records)."""

from das import records
from training import permissions
from training.models import Person, SupportRequest, Team

for model, name, listing in (
    (Person, "person_detail", "person_list"),
    (Team, "team_detail", "team_list"),
    (SupportRequest, "support_request_detail", "support_request_list"),
):
    records.register_page(
        model,
        read=permissions.ACCESS,
        edit=permissions.MANAGE_ACTORS,
        detail=f"training:{name}",
        listing=f"training:{listing}",
    )
