"""Pages of the support requests area: the list (filters, late ones highlighted, Excel and PDF), the form, the page of
one request with the next steps as small forms (only for who may), its history link and attachments.

Views stay thin: reads in communication.request_selectors, writes in communication.services.requests; a refusal is
shown in French next to its field (or above the form) and what was typed is kept.
"""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from communication import permissions
from communication import request_forms as forms
from communication import request_selectors as selectors
from communication.models import CommunicationRequest
from communication.services import requests as services
from das import exports
from das.exports import Column
from das.filters import yes_no_filter
from das.forms import add_service_error
from das.models import Commune
from das.selectors import attachments_of
from das.views.base import DasViewMixin, ExportableListView, history_url, refusal_text, resolve_crumbs

READ = permissions.ACCESS
MANAGE = permissions.MANAGE_REQUESTS
SPACE_CRUMB = (gettext_lazy("Communication de proximité"), "communication:index")
REQUESTS_CRUMB = (gettext_lazy("Demandes d'appui en communication"), "communication:request_list")
Status = CommunicationRequest.Status
STATUS_STYLES = {
    Status.OPEN: "secondary",
    Status.IN_PROGRESS: "primary",
    Status.ANSWERED: "info",
    Status.CLOSED: "success",
}


def crumbs(*tail):
    return resolve_crumbs([SPACE_CRUMB, *tail])


def can_manage(user) -> bool:
    return bool(permissions.can_manage_requests(user))


def assignee_label(support) -> str:
    user = support.assigned_to
    return (user.full_name or user.username) if user else ""


def requester_label(support) -> str:
    return f"{support.requester_display} ({support.get_requester_kind_display()})"


def request_years():
    """The years that have requests (a typed year outside them is ignored with the filter's message, never a 500)."""
    return [(str(d.year), str(d.year)) for d in CommunicationRequest.objects.dates("received_on", "year", order="DESC")]


class RequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Référence, objet ou demandeur"), method="search")
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=Status.choices)
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Nature"), choices=CommunicationRequest.Kind.choices)
    requester_kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Demandeur"), choices=CommunicationRequest.RequesterKind.choices
    )
    commune = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Commune"), queryset=Commune.objects.order_by("name_fr")
    )
    year = django_filters.ChoiceFilter(
        label=gettext_lazy("Année"), field_name="received_on", lookup_expr="year", choices=request_years
    )
    is_late = yes_no_filter(gettext_lazy("En retard"))
    o = django_filters.OrderingFilter(
        fields=[
            ("reference", "reference"),
            ("received_on", "received_on"),
            ("wanted_by", "wanted_by"),
            ("status", "status"),
        ]
    )

    class Meta:
        model = CommunicationRequest
        fields = ["q", "status", "kind", "requester_kind", "commune", "year", "is_late"]

    def search(self, queryset, _name, value):
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(subject__icontains=value)
            | Q(requester_name__icontains=value)
            | Q(holder__name__icontains=value)
            | Q(team__name__icontains=value)
        )


class RequestListView(ExportableListView):
    das_permission = READ
    filterset_class = RequestFilter
    template_name = "communication/requests/list.html"
    page_title = gettext_lazy("Demandes d'appui en communication")
    create_label = gettext_lazy("Nouvelle demande")
    create_permission = MANAGE
    breadcrumbs = [SPACE_CRUMB, (REQUESTS_CRUMB[0], None)]
    export_columns = [
        Column(gettext_lazy("Référence"), "reference", order_by="reference", width=14, link=True, code=True),
        Column(gettext_lazy("Reçue le"), "received_on", exports.DATE, order_by="received_on", width=11),
        Column(gettext_lazy("Demandeur"), requester_label, width=26),
        Column(gettext_lazy("Commune"), "commune", width=14),
        Column(gettext_lazy("Nature"), "get_kind_display", width=18),
        Column(gettext_lazy("Objet"), "subject", width=32),
        Column(gettext_lazy("Souhaitée pour le"), "wanted_by", exports.DATE, order_by="wanted_by", width=11),
        Column(gettext_lazy("Statut"), "get_status_display", order_by="status", width=14),
        Column(gettext_lazy("Suivie par"), assignee_label, width=16),
        Column(gettext_lazy("En retard"), "is_late", exports.BOOLEAN, width=9),
    ]

    def get_queryset(self):
        return selectors.request_list()

    def get_context_data(self, **kwargs):
        self.create_url = reverse("communication:request_create")
        context = super().get_context_data(**kwargs)
        context["row_url"] = "communication:request_detail"
        context["late_days"] = selectors.LATE_AFTER_DAYS
        return context


def get_request(pk) -> CommunicationRequest:
    return get_object_or_404(selectors.request_list(), pk=pk)


def run_take(support, by, data):
    return services.request_take(support_request=support, by=by, assigned_to=data["assigned_to"])


def run_answer(support, by, data):
    return services.request_answer(
        support_request=support, by=by, answer=data["answer"], answered_on=data["answered_on"]
    )


def run_close(support, by, data):
    return services.request_close(support_request=support, by=by, closing_note=data["closing_note"])


def run_reopen(support, by, data):
    return services.request_reopen(support_request=support, by=by, reason=data["reason"])


# transition name → (form, service)
TRANSITIONS = {
    "take": (forms.TakeForm, run_take),
    "answer": (forms.AnswerForm, run_answer),
    "close": (forms.CloseForm, run_close),
    "reopen": (forms.ReopenForm, run_reopen),
}


def make_step_form(name, user, data=None):
    form_class = TRANSITIONS[name][0]
    if form_class is forms.TakeForm:
        return form_class(data, prefix=name, user=user)
    return form_class(data, prefix=name)


def request_context(request, support, bound=None) -> dict:
    user = request.user
    steps = []
    for transition in services.COMMUNICATION_REQUEST_WORKFLOW.available(support, user):
        form = bound if bound is not None and bound.prefix == transition.name else make_step_form(transition.name, user)
        steps.append(
            {
                "transition": transition,
                "form": form,
                "url": reverse("communication:request_transition", args=[support.pk, transition.name]),
            }
        )
    manager = can_manage(user)
    return {
        "support": support,
        "status_style": STATUS_STYLES.get(support.status, "secondary"),
        "steps": steps,
        "can_edit": manager and support.status in selectors.EDITABLE,
        "can_attach": manager,
        "attachments": list(attachments_of(support)),
        "history_url": history_url(user, support),
        "late_days": selectors.LATE_AFTER_DAYS,
        "page_title": str(support),
        "breadcrumbs": crumbs(REQUESTS_CRUMB, (support.reference, None)),
    }


class RequestDetailView(DasViewMixin, View):
    das_permission = READ

    def get(self, request, pk):
        return TemplateResponse(
            request, "communication/requests/detail.html", request_context(request, get_request(pk))
        )


class RequestTransitionView(DasViewMixin, View):
    """Take in charge, answer, close, reopen: the small form of the page posts here; refused, the page says why."""

    das_permission = MANAGE
    http_method_names = ["post"]

    def post(self, request, pk, name):
        if name not in TRANSITIONS:
            raise Http404
        support = get_request(pk)
        form = make_step_form(name, request.user, request.POST)
        if form.is_valid():
            try:
                updated = TRANSITIONS[name][1](support, request.user, form.cleaned_data)
            except ValidationError as exc:
                add_service_error(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, refusal_text(exc))
            else:
                messages.success(
                    request,
                    _("La demande %(reference)s est maintenant « %(status)s ».")
                    % {"reference": updated.reference, "status": updated.get_status_display()},
                )
                return redirect("communication:request_detail", pk)
        context = request_context(request, support, bound=form)
        if not any(step["form"] is form for step in context["steps"]):
            # No longer offered (someone went first): say why above the page.
            decision = services.COMMUNICATION_REQUEST_WORKFLOW.decide(support, name, request.user)
            reason = " ".join(str(e) for e in form.non_field_errors()) or decision.reason or _("Action impossible.")
            messages.error(request, reason)
            return redirect("communication:request_detail", pk)
        return TemplateResponse(request, "communication/requests/detail.html", context)


class RequestFormView(DasViewMixin, View):
    das_permission = MANAGE
    template_name = "communication/requests/form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        pk = kwargs.get("pk")
        self.support = get_object_or_404(CommunicationRequest, pk=pk) if pk else None

    def render(self, form):
        if self.support:
            heading = _("Modifier la demande %(reference)s") % {"reference": self.support.reference}
            tail = [(self.support.reference, self.support.get_absolute_url()), (_("Modifier"), None)]
            cancel = self.support.get_absolute_url()
        else:
            heading = _("Nouvelle demande d'appui en communication")
            tail = [(_("Nouvelle"), None)]
            cancel = reverse("communication:request_list")
        context = {
            "form": form,
            "heading": heading,
            "page_title": heading,
            "cancel_url": cancel,
            "history_url": history_url(self.request.user, self.support) if self.support else "",
            "breadcrumbs": crumbs(REQUESTS_CRUMB, *tail),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk=None):
        if self.support and self.support.status not in selectors.EDITABLE:
            messages.warning(request, _("Une demande clôturée ne se modifie plus : rouvrez-la d'abord."))
            return redirect(self.support.get_absolute_url())
        return self.render(forms.RequestForm(instance=self.support))

    def post(self, request, pk=None):
        form = forms.RequestForm(request.POST, instance=self.support)
        if not form.is_valid():
            return self.render(form)
        fields = form.request_fields()
        try:
            if self.support:
                saved = services.request_update(support_request=self.support, by=request.user, **fields)
            else:
                saved = services.request_create(by=request.user, **fields)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, _("Demande %(reference)s enregistrée.") % {"reference": saved.reference})
        return redirect(saved.get_absolute_url())
