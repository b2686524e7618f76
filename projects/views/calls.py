"""Calls for projects: list, page, form, documents and criteria, amendments and the lifecycle buttons.

Views stay thin: every write is a service of projects.services.calls; a refusal (ValidationError, TransitionRefused,
PermissionDenied) is shown in French next to its field or as a message, and what was typed is kept.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, View

from das import exports
from das.exports import Column
from das.formatting import format_money
from das.forms import add_service_error
from das.models import Partner
from das.views.base import DasViewMixin, ExportableListView, TransitionView, refusal_text
from projects import permissions, selectors
from projects.filters import CallFilter
from projects.forms import (
    CallAmendForm,
    CallCancelForm,
    CallForm,
    DocumentFormSet,
    EligibilityFormSet,
    SelectionFormSet,
)
from projects.models import CallForProjects
from projects.services.calls import (
    CALL_WORKFLOW,
    TRANSITION_SERVICES,
    call_amend,
    call_cancel,
    call_duplicate,
    call_save,
    call_set_items,
)

Status = CallForProjects.Status
CALLS_CRUMB = (gettext_lazy("Appels à projets"), "projects:call_list")
SPACE_CRUMB = (gettext_lazy("Suivi et évaluation"), "projects:index")
STATUS_STYLES = {
    Status.DRAFT: "secondary",
    Status.PUBLISHED: "success",
    Status.CLOSED: "warning",
    Status.EVALUATED: "info",
    Status.ARCHIVED: "dark",
    Status.CANCELLED: "danger",
}
NOTICE_LANGUAGES = {"fr", "ar"}
MONEY_FIELDS = {"envelope", "min_amount", "max_amount"}


def get_call(pk, queryset=None):
    return get_object_or_404(queryset if queryset is not None else CallForProjects.objects.all(), pk=pk)


def percent_text(value) -> str:
    """As the pages show percentages (floatformat:"-2"): 70.00 → « 70 », 62.5 → « 62,50 »."""
    value = Decimal(value)
    return (f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}").replace(".", ",")


def amendment_value(name: str, value: str) -> str:
    """An amended value as it was recorded (text), read the division's way (amounts, dates)."""
    field = CallForProjects._meta.get_field(name)
    try:
        if name in MONEY_FIELDS:
            return format_money(Decimal(value))
        if isinstance(field, models.DecimalField):
            return f"{percent_text(value)}\u00a0%"
        if isinstance(field, models.DateTimeField):
            moment = parse_datetime(value)
            if moment is not None:
                return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    except (InvalidOperation, ValueError):
        pass
    return value


def amendment_rows(call):
    rows = []
    for amendment in call.amendments.all():
        changes = [
            (
                CallForProjects._meta.get_field(name).verbose_name,
                amendment_value(name, old),
                amendment_value(name, new),
            )
            for name, (old, new) in amendment.changes.items()
        ]
        rows.append({"amendment": amendment, "changes": changes})
    return rows


class CallListView(ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = CallFilter
    page_title = gettext_lazy("Appels à projets")
    breadcrumbs = [SPACE_CRUMB, (gettext_lazy("Appels à projets"), None)]
    create_permission = permissions.MANAGE_CALLS
    create_label = gettext_lazy("Nouvel appel")
    export_columns = [
        Column(gettext_lazy("Intitulé"), "title", order_by="title_fr", width=45, link=True),
        Column(gettext_lazy("Année"), "year", order_by="year", width=8),  # text: no thousands separator
        Column(gettext_lazy("Programme"), "programme", order_by="programme", width=30),
        Column(gettext_lazy("Statut"), "get_status_display", order_by="status", width=12),
        Column(gettext_lazy("Enveloppe"), "envelope", exports.MONEY, order_by="envelope", width=18),
        Column(gettext_lazy("Ouverture"), "opens_at", exports.DATETIME, order_by="opens_at", width=18),
        Column(gettext_lazy("Clôture"), "closes_at", exports.DATETIME, order_by="closes_at", width=18),
    ]

    @property
    def create_url(self):
        return reverse("projects:call_create")

    def get_queryset(self):
        return selectors.call_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "projects:call_detail"
        return context


class CallDetailView(DasViewMixin, DetailView):
    das_permission = permissions.ACCESS
    template_name = "projects/call_detail.html"
    context_object_name = "call"

    def get_object(self, queryset=None):
        return get_call(self.kwargs["pk"], selectors.call_page())

    def get_page_title(self):
        return str(self.object)

    def get_breadcrumbs(self):
        return [SPACE_CRUMB, CALLS_CRUMB, (str(self.object), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        call, user = self.object, self.request.user
        selection = list(call.selection_criteria.all())
        can_manage = user.has_perm(permissions.MANAGE_CALLS)
        now = timezone.now()
        kinds = dict(Partner.Kind.choices)
        weight_total = sum((c.weight for c in selection), Decimal("0"))
        context.update(
            {
                "status_style": STATUS_STYLES.get(call.status, "secondary"),
                "is_draft": call.status == Status.DRAFT,
                # Cancelling asks for a reason and validating the preselection happens on the ranking page.
                "transitions": [
                    t for t in CALL_WORKFLOW.available(call, user) if t.name not in {"cancel", "validate_preselection"}
                ],
                "can_cancel": bool(CALL_WORKFLOW.decide(call, "cancel", user)),
                "can_manage": can_manage,
                "can_edit": can_manage and call.status == Status.DRAFT,
                "can_amend": can_manage and call.status in {Status.PUBLISHED, Status.CLOSED},
                "holder_labels": [kinds.get(code, code) for code in call.eligible_holder_types],
                "documents": list(call.documents.all()),
                "eligibility": list(call.eligibility_criteria.all()),
                "selection": selection,
                "weight_total": weight_total,
                "weights_ok": weight_total == Decimal("100"),
                "amendments": amendment_rows(call),
                "is_open": call.status == Status.PUBLISHED and call.opens_at <= now < call.closes_at,
                "not_yet_open": call.status == Status.PUBLISHED and now < call.opens_at,
                "deadline_passed": call.status == Status.PUBLISHED and now >= call.closes_at,
                "cancel_form": CallCancelForm(),
                "overview": selectors.call_overview(call) if call.status != Status.DRAFT else None,
            }
        )
        return context


class CallFormView(DasViewMixin, FormView):
    """Create a call, or change a draft one (a published call changes only by an amendment)."""

    das_permission = permissions.MANAGE_CALLS
    template_name = "projects/call_form.html"
    form_class = CallForm

    def dispatch(self, request, *args, **kwargs):
        self.call = get_call(kwargs["pk"]) if "pk" in kwargs else None
        if self.call and self.call.status != Status.DRAFT:
            messages.warning(
                request,
                _("L'appel est « %(status)s » : il ne se modifie plus que par un avenant motivé (bouton « Avenant »).")
                % {"status": self.call.get_status_display()},
            )
            return redirect("projects:call_detail", self.call.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        if self.call:
            return _("Modifier « %(title)s »") % {"title": self.call}
        return _("Nouvel appel à projets")

    def get_breadcrumbs(self):
        crumbs = [SPACE_CRUMB, CALLS_CRUMB]
        if self.call:
            crumbs.append((str(self.call), self.call.get_absolute_url()))
        return [*crumbs, (self.get_page_title() if not self.call else _("Modifier"), None)]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.call
        if not self.call:
            kwargs["initial"] = {"year": timezone.localdate().year}
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.call.get_absolute_url() if self.call else reverse("projects:call_list")
        return context

    def form_valid(self, form):
        call = form.save(commit=False)
        creating = call.pk is None
        try:
            call_save(
                call=call,
                by=self.request.user,
                communes=list(form.cleaned_data["communes"]),
                localities=list(form.cleaned_data["localities"]),
            )
        except ValidationError as exc:
            if creating:
                call.pk = None  # the transaction rolled back: the next try creates it again
            add_service_error(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.form_invalid(form)
        if creating:
            messages.success(
                self.request,
                _("L'appel « %(title)s » est créé en brouillon : ajoutez ses pièces et ses critères.")
                % {"title": call},
            )
            return redirect("projects:call_items", call.pk)
        messages.success(self.request, _("L'appel « %(title)s » est enregistré.") % {"title": call})
        return redirect("projects:call_detail", call.pk)


class CallItemsView(DasViewMixin, View):
    """The documents, eligibility criteria and selection criteria of a draft call, on one page."""

    das_permission = permissions.MANAGE_CALLS
    template_name = "projects/call_items.html"

    def dispatch(self, request, *args, **kwargs):
        self.call = get_call(
            kwargs["pk"],
            CallForProjects.objects.prefetch_related("documents", "eligibility_criteria", "selection_criteria"),
        )
        if self.call.status != Status.DRAFT:
            messages.warning(request, _("Les pièces et critères d'un appel publié ne changent plus."))
            return redirect("projects:call_detail", self.call.pk)
        return super().dispatch(request, *args, **kwargs)

    def formsets(self, data=None):
        call = self.call
        return {
            "documents": DocumentFormSet(
                data,
                prefix="documents",
                initial=[
                    {"label_fr": d.label_fr, "label_ar": d.label_ar, "required": d.is_required}
                    for d in call.documents.all()
                ],
            ),
            "eligibility": EligibilityFormSet(
                data,
                prefix="eligibility",
                initial=[{"label_fr": c.label_fr, "label_ar": c.label_ar} for c in call.eligibility_criteria.all()],
            ),
            "selection": SelectionFormSet(
                data,
                prefix="selection",
                initial=[
                    {"label_fr": c.label_fr, "label_ar": c.label_ar, "weight": percent_text(c.weight)}
                    for c in call.selection_criteria.all()
                ],
            ),
        }

    def render(self, formsets, errors=(), status=200):
        title = _("Pièces et critères")
        weight_total = sum((c.weight for c in self.call.selection_criteria.all()), Decimal("0"))
        context = {
            "call": self.call,
            "page_title": f"{title} — {self.call}",
            "breadcrumbs": [
                (SPACE_CRUMB[0], reverse(SPACE_CRUMB[1])),
                (CALLS_CRUMB[0], reverse(CALLS_CRUMB[1])),
                (str(self.call), self.call.get_absolute_url()),
                (title, None),
            ],
            "errors": errors,
            "weight_total": weight_total,
            "weights_ok": weight_total == Decimal("100"),
            **{f"{name}_formset": formset for name, formset in formsets.items()},
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render(self.formsets())

    def post(self, request, *args, **kwargs):
        formsets = self.formsets(request.POST)
        if not all(formset.is_valid() for formset in formsets.values()):
            return self.render(formsets, [_("Corrigez les lignes signalées ci-dessous.")])
        documents = [
            (f.cleaned_data["label_fr"], f.cleaned_data["label_ar"], f.cleaned_data["required"])
            for f in formsets["documents"].rows()
        ]
        eligibility = [(f.cleaned_data["label_fr"], f.cleaned_data["label_ar"]) for f in formsets["eligibility"].rows()]
        selection = [
            (f.cleaned_data["label_fr"], f.cleaned_data["label_ar"], f.cleaned_data["weight"])
            for f in formsets["selection"].rows()
        ]
        try:
            call_set_items(
                call=self.call, by=request.user, documents=documents, eligibility=eligibility, selection=selection
            )
        except (ValidationError, PermissionDenied) as exc:
            return self.render(formsets, [refusal_text(exc)])
        total = sum((weight for _fr, _ar, weight in selection), Decimal("0"))
        messages.success(request, _("Pièces et critères enregistrés."))
        if selection and total != Decimal("100"):
            messages.warning(
                request,
                _("Les pondérations totalisent %(total)s %% : il faudra 100 %% pour publier l'appel.")
                % {"total": percent_text(total)},
            )
        return redirect("projects:call_detail", self.call.pk)


class CallAmendView(DasViewMixin, FormView):
    das_permission = permissions.MANAGE_CALLS
    template_name = "projects/call_amend.html"
    form_class = CallAmendForm

    def dispatch(self, request, *args, **kwargs):
        self.call = get_call(kwargs["pk"])
        if self.call.status not in {Status.PUBLISHED, Status.CLOSED}:
            messages.warning(
                request,
                _("Seul un appel publié ou clôturé fait l'objet d'un avenant ; un brouillon se modifie directement."),
            )
            return redirect("projects:call_detail", self.call.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Avenant à « %(title)s »") % {"title": self.call}

    def get_breadcrumbs(self):
        return [SPACE_CRUMB, CALLS_CRUMB, (str(self.call), self.call.get_absolute_url()), (_("Avenant"), None)]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["call"] = self.call
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["call"] = self.call
        context["cancel_url"] = self.call.get_absolute_url()
        return context

    def form_valid(self, form):
        changes = form.changes()
        if not changes:
            form.add_error(None, _("L'avenant ne change rien : modifiez au moins un champ."))
            return self.form_invalid(form)
        try:
            call_amend(call=self.call, by=self.request.user, reason=form.cleaned_data["reason"], changes=changes)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("L'avenant est enregistré et figure sur la page de l'appel."))
        return redirect("projects:call_detail", self.call.pk)


class CallTransitionView(TransitionView):
    """Publish, close, mark evaluated, archive: one POST per transition of CALL_WORKFLOW."""

    das_permission = permissions.MANAGE_CALLS
    workflow = CALL_WORKFLOW
    transition_services = TRANSITION_SERVICES
    record_argument = "call"
    detail_url_name = "projects:call_detail"
    done_message = gettext_lazy("L'appel est maintenant « %(status)s ».")

    def get_record(self, pk):
        return get_call(pk)


class CallCancelView(DasViewMixin, FormView):
    """Cancel a call with its reason (the page's textarea posts here; refused, the reason typed is kept)."""

    das_permission = permissions.MANAGE_CALLS
    template_name = "projects/call_cancel.html"
    form_class = CallCancelForm

    def dispatch(self, request, *args, **kwargs):
        self.call = get_call(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Annuler « %(title)s »") % {"title": self.call}

    def get_breadcrumbs(self):
        return [SPACE_CRUMB, CALLS_CRUMB, (str(self.call), self.call.get_absolute_url()), (_("Annulation"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["call"] = self.call
        context["decision"] = CALL_WORKFLOW.decide(self.call, "cancel", self.request.user)
        return context

    def form_valid(self, form):
        try:
            call_cancel(call=self.call, by=self.request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error("reason", exc.messages)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("L'appel est annulé."))
        return redirect("projects:call_detail", self.call.pk)


class CallDuplicateView(DasViewMixin, View):
    das_permission = permissions.MANAGE_CALLS
    http_method_names = ["post"]

    def post(self, request, pk):
        call = get_call(pk)
        try:
            copy = call_duplicate(call=call, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _("Duplication refusée : %(reasons)s") % {"reasons": refusal_text(exc)})
            return redirect("projects:call_detail", pk)
        messages.success(
            request,
            _("Brouillon %(year)s créé à partir de l'appel %(source)s : vérifiez ses dates et ses montants.")
            % {"year": copy.year, "source": call.year},
        )
        return redirect("projects:call_detail", copy.pk)


class CallNoticeView(DasViewMixin, View):
    """The avis d'appel à projets, as a PDF in French or in Arabic."""

    das_permission = permissions.ACCESS

    def get(self, request, pk, language):
        if language not in NOTICE_LANGUAGES:
            raise Http404
        from projects.documents import render_call_notice  # written apart; the URLs load without it

        call = get_call(pk, selectors.call_page())
        content = render_call_notice(call, language)
        stem = slugify(call.title_fr)[:50] or "appel"
        return exports.pdf_response(
            request, content, f"avis-{call.year}-{stem}-{language}.pdf", kind="avis d'appel à projets"
        )
