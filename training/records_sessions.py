"""Training records of the sessions area that have a page, a history and attachments (das.records): a session
(its signed attendance sheet and the trainer's report are its attachments) and its participants, whose history is
read from the session's page."""

from django.urls import reverse

from das import records
from training import permissions as training_perms
from training.models import Participant, TrainingSession

records.register_page(
    TrainingSession,
    read=training_perms.ACCESS,
    edit=training_perms.MANAGE_SESSIONS,
    detail="training:session_detail",
    listing="training:session_list",
)
records.register(
    Participant,
    can_view=records.code_predicate(training_perms.ACCESS),
    can_edit=records.code_predicate(training_perms.MANAGE_SESSIONS),
    url=lambda obj: reverse("training:session_detail", args=[obj.session_id]),
    list_url="training:session_list",
)
