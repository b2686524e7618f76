"""The document library's pages: the documents (each with its current version per language to download), a document
with its versions and its publication buttons, the forms, the downloads, and the documentation packs sent to the
animation teams with their bordereau d'envoi. The rules live in communication.services.library; the reads in
communication.library_selectors.

Every role reads the published documents; the service, the chef and the auditor also see drafts and withdrawn ones.
A document a reader may not see answers 404 (it does not exist for them)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from communication import library_documents as documents
from communication import library_forms as forms
from communication import library_selectors as selectors
from communication import permissions
from communication.models import DocumentationPack, DocumentVersion, Language, LibraryDocument
from communication.services import library as services
from das.forms import add_service_error
from das.views.base import DasViewMixin, PdfView, RecordFormPage, history_url, refusal_text, refuse
from das.views.documents import attachment_download_response

Status = LibraryDocument.Status
STATUS_STYLES = {Status.DRAFT: "secondary", Status.PUBLISHED: "success", Status.WITHDRAWN: "dark"}
LANGUAGES = tuple(Language.values)
LIST_CRUMB = (gettext_lazy("Bibliothèque documentaire"), "communication:document_list")
PACKS_CRUMB = (gettext_lazy("Packs documentaires"), "communication:pack_list")


def crumbs(*tail, packs=False):
    head = PACKS_CRUMB if packs else LIST_CRUMB
    return [(str(head[0]), reverse(head[1])), *tail]


def load_document(request, pk) -> LibraryDocument:
    try:
        document = selectors.document_for_page(pk)
    except LibraryDocument.DoesNotExist as exc:
        raise Http404 from exc
    decision = permissions.can_read_document(request.user, document)
    if not decision:
        refuse(request, decision)
    return document


def serve_version(request, version: DocumentVersion):
    """The version's file as an attachment under its original name, journaled (as das.views.documents serves
    attachments)."""
    return attachment_download_response(request, version.attachment, kind="bibliothèque")


# --- The documents ---------------------------------------------------------------------------------------------------
class DocumentListView(DasViewMixin, View):
    das_permission = permissions.VIEW_LIBRARY
    template_name = "communication/library/list.html"
    paginate_by = 25

    def get(self, request):
        user = request.user
        managers = bool(permissions.can_see_unpublished(user))
        form = forms.DocumentFilterForm(request.GET or None, managers=managers)
        documents = selectors.visible_documents(user)
        if form.is_valid():
            data = form.cleaned_data
            documents = selectors.search(documents, data["q"])
            if data["category"]:
                documents = documents.filter(category=data["category"])
            if data["audience"]:
                documents = documents.filter(audience=data["audience"])
            if data["language"]:
                documents = selectors.with_language(documents, data["language"])
            if managers and data.get("status"):
                documents = documents.filter(status=data["status"])
        page = Paginator(selectors.documents_for_list(documents.order_by("category", "title", "pk")), self.paginate_by)
        page_obj = page.get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        title = _("Bibliothèque documentaire")
        context = {
            "form": form,
            "page_obj": page_obj,
            "documents": selectors.with_current(list(page_obj.object_list)),
            "querystring": query.urlencode(),
            "paginator": page,
            "is_paginated": page.num_pages > 1,
            "managers": managers,
            "can_manage": bool(permissions.can_manage_library(user)),
            "status_styles": STATUS_STYLES,
            "page_title": title,
            "breadcrumbs": [(title, None)],
        }
        return TemplateResponse(request, self.template_name, context)


class DocumentCreateView(DasViewMixin, View):
    das_permission = permissions.MANAGE_LIBRARY
    template_name = "communication/library/form.html"

    def render(self, form):
        title = _("Nouveau document de la bibliothèque")
        context = {
            "form": form,
            "heading": title,
            "page_title": title,
            "breadcrumbs": crumbs((title, None)),
            "back_url": reverse("communication:document_list"),
            "multipart": True,
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request):
        return self.render(forms.DocumentCreateForm())

    def post(self, request):
        form = forms.DocumentCreateForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form)
        data = dict(form.cleaned_data)
        uploaded = data.pop("file")
        language = data.pop("language")
        try:
            document = services.document_create(by=request.user, language=language, uploaded=uploaded, **data)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, _("Document « %(title)s » créé en brouillon.") % {"title": document.title})
        return redirect(document.get_absolute_url())


class DocumentDetailView(DasViewMixin, View):
    das_permission = permissions.VIEW_LIBRARY
    template_name = "communication/library/detail.html"

    def get(self, request, pk):
        document = load_document(request, pk)
        user = request.user
        versions = selectors.document_versions(document)
        can_manage = bool(permissions.can_manage_library(user))
        managers = bool(permissions.can_see_unpublished(user))
        available = services.LIBRARY_WORKFLOW.available(document, user) if can_manage else []
        has_versions = any(versions.values())
        history = [
            (code, label, versions[code], versions[code][0] if versions[code] else None)
            for code, label in Language.choices
        ]
        context = {
            "document": document,
            "history": history,
            "status_style": STATUS_STYLES.get(document.status, "secondary"),
            "can_manage": can_manage,
            "managers": managers,
            "buttons": [
                (t, [] if has_versions else [services.no_version_reason()]) for t in available if t.name != "withdraw"
            ],
            "withdraw": next((t for t in available if t.name == "withdraw"), None),
            "withdraw_form": forms.WithdrawForm(),
            "history_url": history_url(user, document),
            "page_title": document.title,
            "breadcrumbs": crumbs((document.title, None)),
        }
        return TemplateResponse(request, self.template_name, context)


class DocumentPage(RecordFormPage):
    das_permission = permissions.MANAGE_LIBRARY
    template_name = "communication/library/form.html"

    def load(self, pk):
        try:
            self.document = selectors.document_for_page(pk)
        except LibraryDocument.DoesNotExist as exc:
            raise Http404 from exc

    def done_url(self):
        return self.document.get_absolute_url()

    def context(self, title):
        return {
            "subject": self.document,
            "page_title": title,
            "breadcrumbs": crumbs((self.document.title, self.done_url()), (title, None)),
            "back_url": self.done_url(),
        }


class DocumentUpdateView(DocumentPage):
    def title(self):
        return _("Modifier la fiche du document")

    def make_form(self, data=None):
        document = self.document
        initial = {name: getattr(document, name) for name in services.DOCUMENT_FIELDS}
        return forms.DocumentForm(data, initial=initial, document=document)

    def run(self, form):
        services.document_update(document=self.document, by=self.request.user, **form.cleaned_data)
        return _("Fiche du document enregistrée.")


class VersionAddView(DocumentPage):
    def title(self):
        return _("Déposer une nouvelle version")

    def make_form(self, data=None):
        language = self.request.GET.get("language")
        initial = {"language": language} if language in LANGUAGES else {}
        if data is None:
            return forms.VersionForm(initial=initial)
        return forms.VersionForm(data, self.request.FILES)

    def extra_context(self):
        return {"multipart": True, "submit_label": _("Déposer la version")}

    def run(self, form):
        data = form.cleaned_data
        version = services.version_add(
            document=self.document,
            by=self.request.user,
            language=data["language"],
            uploaded=data["file"],
            changes=data["changes"],
        )
        return _("Version %(number)s (%(language)s) déposée.") % {
            "number": version.number,
            "language": version.get_language_display(),
        }


class DocumentTransitionView(DasViewMixin, View):
    """POST /bibliotheque/<pk>/<name>/: publish, withdraw (with its reason) or publish again."""

    das_permission = permissions.MANAGE_LIBRARY
    http_method_names = ["post"]

    def post(self, request, pk, name):
        service = services.TRANSITION_SERVICES.get(name)
        if service is None:
            raise Http404
        try:
            document = selectors.document_for_page(pk)
        except LibraryDocument.DoesNotExist as exc:
            raise Http404 from exc
        label = services.LIBRARY_WORKFLOW.by_name[name].label
        kwargs = {"reason": request.POST.get("reason", "")} if name == "withdraw" else {}
        try:
            document = service(document=document, by=request.user, **kwargs)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(
                request, _("« %(action)s » refusé : %(reasons)s") % {"action": label, "reasons": refusal_text(exc)}
            )
        else:
            messages.success(
                request, _("Le document est maintenant « %(status)s ».") % {"status": document.get_status_display()}
            )
        return redirect("communication:document_detail", pk)


# --- Downloads -------------------------------------------------------------------------------------------------------
class VersionDownloadView(DasViewMixin, View):
    """Any version for who sees unpublished documents; the versions of a published document for the readers."""

    das_permission = permissions.VIEW_LIBRARY

    def get(self, request, pk):
        try:
            version = selectors.version_for_download(pk)
        except DocumentVersion.DoesNotExist as exc:
            raise Http404 from exc
        decision = permissions.can_read_document(request.user, version.document)
        if not decision:
            refuse(request, decision)
        return serve_version(request, version)


class DocumentCurrentView(DasViewMixin, View):
    """The current version (highest number) of a document in a language; a French page (404) when there is none."""

    das_permission = permissions.VIEW_LIBRARY

    def get(self, request, pk, language):
        if language not in LANGUAGES:
            raise Http404
        document = load_document(request, pk)
        version = selectors.current_version(document, language)
        if version is None:
            context = {
                "document": document,
                "language_label": Language(language).label,
                "page_title": document.title,
                "breadcrumbs": crumbs((document.title, document.get_absolute_url()), (_("Téléchargement"), None)),
            }
            return TemplateResponse(request, "communication/library/no_version.html", context, status=404)
        return serve_version(request, version)


# --- Documentation packs ---------------------------------------------------------------------------------------------
class PackListView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "communication/library/pack_list.html"
    paginate_by = 25

    def get(self, request):
        form = forms.PackFilterForm(request.GET or None)
        packs = selectors.packs_for_list()
        if form.is_valid():
            data = form.cleaned_data
            if data["team"]:
                packs = packs.filter(team=data["team"])
            if data["commune"]:
                packs = packs.filter(team__commune=data["commune"])
            if data["year"]:
                packs = packs.filter(sent_on__year=data["year"])
        paginator = Paginator(packs.order_by("-sent_on", "-pk"), self.paginate_by)
        page_obj = paginator.get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        title = _("Packs documentaires envoyés aux équipes")
        context = {
            "form": form,
            "page_obj": page_obj,
            "packs": list(page_obj.object_list),
            "querystring": query.urlencode(),
            "paginator": paginator,
            "is_paginated": paginator.num_pages > 1,
            "can_manage": bool(permissions.can_manage_library(request.user)),
            "page_title": title,
            "breadcrumbs": [(str(PACKS_CRUMB[0]), None)],
        }
        return TemplateResponse(request, self.template_name, context)


class PackCreateView(DasViewMixin, View):
    das_permission = permissions.MANAGE_LIBRARY
    template_name = "communication/library/pack_form.html"

    def language(self):
        language = self.request.GET.get("language")
        return language if language in LANGUAGES else "fr"

    def render(self, form, rows):
        title = _("Envoyer un pack documentaire")
        checked = {str(value) for value in (form["versions"].value() or [])}
        context = {
            "form": form,
            "rows": [
                (document, [(code, label, by_language.get(code)) for code, label in Language.choices])
                for document, by_language in rows
            ],
            "checked": checked,
            "language": self.language(),
            "languages": Language.choices,
            "heading": title,
            "page_title": title,
            "breadcrumbs": crumbs((title, None), packs=True),
            "back_url": reverse("communication:pack_list"),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request):
        language = self.language()
        rows = selectors.pack_choices()
        initial = [by_language[language].pk for _document, by_language in rows if language in by_language]
        form = forms.PackForm(initial={"versions": initial}, versions=services.sendable_versions())
        return self.render(form, rows)

    def post(self, request):
        rows = selectors.pack_choices()
        form = forms.PackForm(request.POST, versions=DocumentVersion.objects.select_related("document"))
        if not form.is_valid():
            return self.render(form, rows)
        data = form.cleaned_data
        try:
            pack = services.pack_send(
                by=request.user,
                team=data["team"],
                sent_on=data["sent_on"],
                channel=data["channel"],
                versions=data["versions"],
                note=data["note"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form, rows)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form, rows)
        messages.success(request, _("Pack %(reference)s enregistré.") % {"reference": pack.reference})
        return redirect(pack.get_absolute_url())


def load_pack(pk) -> DocumentationPack:
    try:
        return selectors.pack_for_page(pk)
    except DocumentationPack.DoesNotExist as exc:
        raise Http404 from exc


class PackDetailView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "communication/library/pack_detail.html"

    def get(self, request, pk):
        pack = load_pack(pk)
        context = {
            "pack": pack,
            "versions": list(pack.versions.all()),
            "documents": [
                (_("Bordereau (PDF, français)"), reverse("communication:pack_pdf", args=[pack.pk, "fr"])),
                (_("Bordereau (PDF, arabe)"), reverse("communication:pack_pdf", args=[pack.pk, "ar"])),
            ],
            "history_url": history_url(request.user, pack),
            "page_title": str(pack),
            "breadcrumbs": crumbs((pack.reference, None), packs=True),
        }
        return TemplateResponse(request, self.template_name, context)


class PackPdfView(PdfView):
    das_permission = permissions.ACCESS

    def get_record(self, pk):
        return load_pack(pk)

    def render_pdf(self, pack, language):
        return documents.render_pack_pdf(pack, language)

    def file_name(self, pack, language):
        return documents.file_name(pack, language)
