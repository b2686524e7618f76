"""Attachments: the type is read from the file's bytes, never from its name."""

import filetype
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from das.models import Attachment
from das.services.audit import actor_context

# What the division files: PDFs, scans and photos, Word/Excel/OpenDocument files.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
}


def detect_type(uploaded) -> str:
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            _(
                "Type de fichier refusé : seuls les PDF, images JPEG/PNG et documents Word, Excel ou OpenDocument "
                "sont acceptés (le contenu du fichier a été vérifié, pas seulement son nom)."
            ),
            code="file_type",
        )
    return kind.mime


PHOTO_TYPES = {"image/jpeg", "image/png"}
MAX_PHOTO_BYTES = 8 * 1024 * 1024  # a phone photo; bigger ones are resized before upload


def check_photo(uploaded, field: str = "photos") -> None:
    """An image (JPEG or PNG, read from its bytes) of reasonable size; the refusal names ``field``."""
    if uploaded.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            {
                field: _("La photo « %(name)s » dépasse %(max)s.")
                % {"name": uploaded.name, "max": filesizeformat(MAX_PHOTO_BYTES)}
            }
        )
    try:
        mime = detect_type(uploaded)
    except ValidationError:
        mime = ""
    if mime not in PHOTO_TYPES:
        raise ValidationError(
            {
                field: _("« %(name)s » n'est pas une photo JPEG ou PNG (le contenu du fichier a été vérifié).")
                % {"name": uploaded.name}
            }
        )


@transaction.atomic
def attachment_add(*, parent, uploaded, by, description="") -> Attachment:
    if uploaded.size > settings.DAS_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Le fichier dépasse la taille maximale de %(max)s.")
            % {"max": filesizeformat(settings.DAS_MAX_UPLOAD_BYTES)},
            code="file_size",
        )
    mime = detect_type(uploaded)
    with actor_context(by):
        attachment = Attachment(
            content_type=ContentType.objects.get_for_model(parent),
            object_id=str(parent.pk),
            original_name=uploaded.name[:255],
            mime_type=mime,
            size=uploaded.size,
            description=description,
            uploaded_by=by,
        )
        attachment.file.save(uploaded.name, uploaded, save=False)
        attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment, by) -> None:
    stored = attachment.file
    try:
        with transaction.atomic(), actor_context(by):
            attachment.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _(
                "Cette pièce est le document officiel d'un enregistrement (procès-verbal signé, version d'un "
                "document…) : elle ne se supprime pas."
            ),
            code="protected",
        ) from exc
    transaction.on_commit(lambda: stored.storage.delete(stored.name))
