"""Attachments: upload onto a record, download through a permission check, delete."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from das import records
from das.exports import journal_download
from das.forms import AttachmentForm
from das.middleware import SIGNED_IN
from das.models import Attachment
from das.services import documents as document_services
from das.views.base import refusal_text, refuse


def inline_image_response(attachment: Attachment) -> FileResponse:
    """A photo shown in the page (inline), cached an hour by the reader's browser only; the browser keeps the type
    the upload check gave it (nosniff). The view checks the reader's right first."""
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.mime_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def attachment_download_response(request, attachment: Attachment, *, kind: str) -> FileResponse:
    """A file downloaded under its original name, journaled as ``kind``; the browser keeps the type the upload check
    gave it (nosniff). The view checks the reader's right first."""
    journal_download(request, kind=kind, file_name=attachment.original_name)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.mime_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _parent_and_type(request, label, pk, *, edit):
    record_type = records.by_label(label)
    if record_type is None:
        raise Http404
    parent = records.get_or_404(record_type, pk)
    decision = (record_type.can_edit if edit else record_type.can_view)(request.user, parent)
    if not decision:
        refuse(request, decision)
    return parent


def _back(parent):
    return records.page_of(parent) or "/"


class AttachmentUploadView(View):
    # The parent record's own edit rule decides (das.records): signing in is the floor.
    das_permission = SIGNED_IN
    http_method_names = ["post"]

    def post(self, request, label, pk):
        parent = _parent_and_type(request, label, pk, edit=True)
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                document_services.attachment_add(
                    parent=parent,
                    uploaded=form.cleaned_data["file"],
                    by=request.user,
                    description=form.cleaned_data["description"],
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Pièce jointe ajoutée."))
        else:
            messages.error(request, _("Choisissez un fichier à joindre."))
        return redirect(_back(parent))


class AttachmentDownloadView(View):
    das_permission = SIGNED_IN

    def get(self, request, pk):
        attachment = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk)
        _parent_and_type(
            request, attachment.content_type.model_class()._meta.label_lower, attachment.object_id, edit=False
        )
        return attachment_download_response(request, attachment, kind="pièce jointe")


class AttachmentDeleteView(View):
    das_permission = SIGNED_IN
    http_method_names = ["post"]

    def post(self, request, pk):
        attachment = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk)
        parent = _parent_and_type(
            request, attachment.content_type.model_class()._meta.label_lower, attachment.object_id, edit=True
        )
        try:
            document_services.attachment_delete(attachment=attachment, by=request.user)
        except ValidationError as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, _("Pièce jointe supprimée."))
        return redirect(_back(parent))
