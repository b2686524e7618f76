"""What every DAS view is built from: a declared permission, breadcrumbs, and exportable filtered lists."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django_filters.views import FilterView

from das import exports
from das.middleware import PUBLIC, SIGNED_IN

security_log = logging.getLogger("das.security")


def public(view):
    view.das_permission = PUBLIC
    return view


def signed_in(view):
    view.das_permission = SIGNED_IN
    return view


def requires(code: str):
    def decorate(view):
        view.das_permission = code
        return view

    return decorate


def posted_pk(value) -> int:
    """A record id typed into a form or a query string, or 0 (which no record has) when it is not one: a lookup on
    a value such as « abc » or « ² » (a digit for str.isdigit, not for int) must answer 404, never 500."""
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdecimal() and len(value) < 19 else 0


def refuse(request, decision):
    """Object-level refusal: 404 for another scope's object (nothing leaks), 403 otherwise; both are logged."""
    security_log.warning("Refused %s %s to %s: %s", request.method, request.path, request.user, decision.reason)
    if decision.out_of_scope:
        raise Http404(decision.reason)
    raise PermissionDenied(decision.reason)


class DasViewMixin:
    """Class-based views name their permission in ``das_permission`` (checked by DenyByDefaultMiddleware)."""

    das_permission: str | None = None
    page_title = ""
    breadcrumbs: list[tuple[str, str | None]] = []

    def get_page_title(self):
        return self.page_title

    def get_breadcrumbs(self):
        return list(self.breadcrumbs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("page_title", self.get_page_title())
        context.setdefault("breadcrumbs", resolve_crumbs(self.get_breadcrumbs()))
        return context


def history_url(user, obj) -> str:
    """The history page of a record registered in das.records, for a user who may read histories; else ""."""
    from das import records
    from das.permissions import VIEW_HISTORY

    label = obj._meta.label_lower
    if records.by_label(label) is None or not user.has_perm(VIEW_HISTORY):
        return ""
    return reverse("history", args=[label, obj.pk])


def resolve_crumbs(crumbs):
    """Crumbs are (label, URL name or path or None); the template receives paths."""
    resolved = []
    for label, target in crumbs:
        if target and "/" not in str(target):
            target = reverse(target)
        resolved.append((label, target))
    return resolved


class ExportableListView(DasViewMixin, FilterView):
    """A filtered, sortable, paginated list whose rows export to Excel and PDF (``?export=xlsx|pdf``).

    Subclasses give ``filterset_class`` and ``export_columns`` (a list of ``exports.Column``); the export takes
    every row the filters select, in the list's order, and is journaled.
    """

    paginate_by = 25
    template_name = "das/list.html"
    export_columns: list[exports.Column] = []
    export_title = ""
    create_url = None
    create_label = ""
    create_permission = None

    def get_export_title(self):
        return self.export_title or self.get_page_title()

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("export")
        if export_format in exports.FORMATS:
            filterset = self.get_filterset(self.get_filterset_class())
            if not filterset.is_valid():
                return super().get(request, *args, **kwargs)
            if export_format == "pdf" and filterset.qs.count() > exports.PDF_MAX_ROWS:
                # A PDF is for printing and signing; thousands of pages would only tie up the server.
                messages.warning(
                    request,
                    _("Le PDF est limité à %(max)s lignes : affinez les filtres ou exportez en Excel.")
                    % {"max": exports.PDF_MAX_ROWS},
                )
                query = request.GET.copy()
                query.pop("export")
                return redirect(f"{request.path}?{query.urlencode()}")
            table = exports.Table(
                title=self.get_export_title(),
                columns=self.export_columns,
                rows=filterset.qs,
                filters=exports.describe_filters(filterset),
            )
            return exports.respond(request, table, export_format)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
        context["columns"] = self.export_columns
        context["active_filters"] = exports.describe_filters(context["filter"]) if context.get("filter") else []
        can_create = self.create_url and (
            self.create_permission is None or self.request.user.has_perm(self.create_permission)
        )
        context["create_url"] = self.create_url if can_create else None
        context["create_label"] = self.create_label or _("Nouveau")
        return context


def refusal_text(error) -> str:
    """A refusal (validation error, transition refused, permission denied) as one French sentence."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("Votre rôle ne permet pas cette action.")


class TransitionView(DasViewMixin, View):
    """POST /…/<pk>/<transition>/: runs one named transition service, says what happened, back to the record.

    Subclasses give the workflow, the services offered as buttons (name → service(record=…, by=…)), how to load
    the record and the record's page; a refusal comes back as a French message with its reasons.
    """

    http_method_names = ["post"]
    workflow = None
    transition_services: dict = {}
    record_argument = "record"
    detail_url_name = ""
    done_message = ""

    def get_record(self, pk):
        raise NotImplementedError

    def post(self, request, pk, transition):
        service = self.transition_services.get(transition)
        if service is None:
            raise Http404
        record = self.get_record(pk)
        label = self.workflow.by_name[transition].label
        try:
            record = service(**{self.record_argument: record, "by": request.user})
        except (ValidationError, PermissionDenied) as exc:
            messages.error(
                request, _("« %(action)s » refusé : %(reasons)s") % {"action": label, "reasons": refusal_text(exc)}
            )
        else:
            messages.success(request, self.done_message % {"status": record.get_status_display()})
        return redirect(self.detail_url_name, pk)


class PdfView(DasViewMixin, View):
    """GET /…/<pk>/<language>: a record's document printed in French or Arabic, downloaded (and journaled); another
    language answers 404. Subclasses say how to load the record, render its PDF and name the file."""

    languages = ("fr", "ar")

    def get_record(self, pk):
        raise NotImplementedError

    def render_pdf(self, record, language: str) -> bytes:
        raise NotImplementedError

    def file_name(self, record, language: str) -> str:
        raise NotImplementedError

    def get(self, request, pk, language):
        if language not in self.languages:
            raise Http404
        record = self.get_record(pk)
        return exports.pdf_response(request, self.render_pdf(record, language), self.file_name(record, language))


class RecordFormPage(DasViewMixin, View):
    """A small page with one form about one record (a dossier, a meeting…): GET shows the form; POST validates it
    and calls the service in ``run``, which returns the success message. A refusal shows its reason next to the
    field it names or above the form, and keeps what was typed.

    Subclasses give ``load(pk)`` (sets their record), ``title``, ``make_form``, ``run``, ``done_url`` and
    ``context`` (the record's part of the template context). ``unavailable`` names why the page has nothing to
    offer now (a GET then goes back with that message); a POST always goes to the service, which gives its own
    reasons. ``refused`` may answer a state refusal (TransitionRefused) otherwise than above the form.
    """

    template_name: str

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.load(kwargs["pk"])

    def load(self, pk):
        raise NotImplementedError

    def title(self) -> str:
        raise NotImplementedError

    def make_form(self, data=None):
        raise NotImplementedError

    def run(self, form) -> str:
        raise NotImplementedError

    def done_url(self) -> str:
        raise NotImplementedError

    def context(self, title) -> dict:
        raise NotImplementedError

    def extra_context(self) -> dict:
        return {}

    def unavailable(self) -> str:
        return ""

    def refused(self, exc):
        return None

    def render(self, form):
        title = self.title()
        context = {"form": form, "heading": title, **self.context(title), **self.extra_context()}
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        reason = self.unavailable()
        if reason:
            messages.warning(request, reason)
            return redirect(self.done_url())
        return self.render(self.make_form())

    def post(self, request, *args, **kwargs):
        from das.forms import add_service_error
        from das.workflow import TransitionRefused

        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            message = self.run(form)
        except TransitionRefused as exc:
            response = self.refused(exc)
            if response is not None:
                return response
            add_service_error(form, exc)
            return self.render(form)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, message)
        return redirect(self.done_url())
