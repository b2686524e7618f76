"""The CRDH preparation pages: the province's dossiers for the CRDH meetings (exportable list), a dossier with its
content assembled from the live project data, its forms, transitions and documents; its requests; the CRDH's decisions
concerning the province. Rules in coordination.services.crdh; reads in coordination.crdh_selectors.

Readers: the service, the chef and the auditor (coordination.access) and the CPDH secretariat, which records the
CRDH's decisions on the requests (coordination.permissions.can_read_crdh): the pages are declared SIGNED_IN and check
that predicate."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from committees.models import Decision
from coordination import crdh_documents as documents
from coordination import crdh_forms as forms
from coordination import crdh_selectors as selectors
from coordination import permissions
from coordination.crdh_workflows import CRDH_WORKFLOW, meeting_open_reasons
from coordination.models import CrdhDossier, CrdhRequest
from coordination.services import crdh as services
from das import exports
from das.exports import Column
from das.middleware import SIGNED_IN
from das.selectors import attachments_of
from das.views.base import (
    DasViewMixin,
    ExportableListView,
    PdfView,
    RecordFormPage,
    TransitionView,
    history_url,
    refusal_text,
)
from projects.views.credit_picture import workbook_response

Status = CrdhDossier.Status
STATUS_STYLES = {Status.DRAFT: "secondary", Status.VALIDATED: "info", Status.SENT: "success"}
OUTCOME_STYLES = {"approuve": "success", "approuve_reserves": "info", "rejete": "danger", "ajourne": "warning"}
BUTTON_SERVICES = {"validate": services.dossier_validate, "send": services.dossier_send}
FORM_PAGES = {"reopen": "coordination:crdh_reopen", "withdraw": "coordination:crdh_withdraw"}


class ReaderMixin:
    """Pages read by coordination.permissions.can_read_crdh (the service, chef, auditor and CPDH secretariat)."""

    das_permission = SIGNED_IN

    def dispatch(self, request, *args, **kwargs):
        decision = permissions.can_read_crdh(request.user)
        if not decision:
            raise PermissionDenied(decision.reason)
        return super().dispatch(request, *args, **kwargs)


def crumbs(*tail):
    return [
        (_("Coordination inter-provinciale"), reverse("coordination:index")),
        (_("Dossiers du CRDH"), reverse("coordination:crdh_list")),
        *tail,
    ]


def dossier_crumb(dossier):
    return (dossier.reference, dossier.get_absolute_url())


def load_dossier(pk) -> CrdhDossier:
    try:
        return selectors.dossier_for_page(pk)
    except CrdhDossier.DoesNotExist as exc:
        raise Http404 from exc


def load_request(pk) -> CrdhRequest:
    try:
        return selectors.request_for_page(pk)
    except CrdhRequest.DoesNotExist as exc:
        raise Http404 from exc


# --- The list ---------------------------------------------------------------------------------------------------------
def dossier_years():
    return [(str(y), str(y)) for y in CrdhDossier.objects.order_by("-year").values_list("year", flat=True).distinct()]


class DossierFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(label=gettext_lazy("Année"), choices=dossier_years)
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=Status.choices)
    o = django_filters.OrderingFilter(fields=[("year", "year"), ("meeting__date", "meeting")])

    class Meta:
        model = CrdhDossier
        fields = ["year", "status"]


class DossierListView(ReaderMixin, ExportableListView):
    filterset_class = DossierFilter
    page_title = gettext_lazy("Dossiers de la province pour le CRDH")
    breadcrumbs = [
        (gettext_lazy("Coordination inter-provinciale"), "coordination:index"),
        (gettext_lazy("Dossiers du CRDH"), None),
    ]
    create_url = reverse_lazy("coordination:crdh_create")
    create_label = gettext_lazy("Nouveau dossier")
    create_permission = permissions.MANAGE_CRDH
    export_columns = [
        Column(gettext_lazy("Référence"), "reference", width=16, link=True, code=True),
        Column(gettext_lazy("Année"), "year", width=8, order_by="year"),
        Column(gettext_lazy("Intitulé"), "title", width=40),
        Column(gettext_lazy("Réunion du CRDH"), "meeting.date", exports.DATE, width=14, order_by="meeting"),
        Column(gettext_lazy("Statut"), "get_status_display", width=18),
        Column(gettext_lazy("Demandes"), "request_count", exports.INTEGER, width=10),
        Column(gettext_lazy("Décidées"), "decided_count", exports.INTEGER, width=10),
    ]

    def get_queryset(self):
        return selectors.dossier_list().order_by("-year", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "coordination:crdh_detail"
        context["extra_links"] = [
            (_("Décisions du CRDH concernant la province"), reverse("coordination:crdh_decisions"))
        ]
        return context


# --- A dossier --------------------------------------------------------------------------------------------------------
def document_links(dossier) -> list[tuple[str, str]]:
    return [
        (_("Dossier (PDF, français)"), reverse("coordination:crdh_pdf", args=[dossier.pk, "fr"])),
        (_("Dossier (PDF, arabe)"), reverse("coordination:crdh_pdf", args=[dossier.pk, "ar"])),
        (_("Dossier (Excel)"), reverse("coordination:crdh_xlsx", args=[dossier.pk])),
    ]


class DossierDetailView(ReaderMixin, DasViewMixin, View):
    template_name = "coordination/crdh/detail.html"

    def get(self, request, pk):
        dossier = load_dossier(pk)
        user = request.user
        content = selectors.dossier_content(dossier)
        available = CRDH_WORKFLOW.available(dossier, user)
        blockers = meeting_open_reasons(dossier)
        context = {
            "dossier": dossier,
            "meeting": dossier.meeting,
            "content": content,
            "status_style": STATUS_STYLES.get(dossier.status, "secondary"),
            "outcome_styles": OUTCOME_STYLES,
            "today": timezone.localdate(),
            "buttons": [(t, blockers) for t in available if t.name in BUTTON_SERVICES],
            "pages": [(t, reverse(FORM_PAGES[t.name], args=[dossier.pk])) for t in available if t.name in FORM_PAGES],
            "can_edit": bool(permissions.can_edit_crdh(user, dossier)),
            "documents": document_links(dossier),
            "history_url": history_url(user, dossier),
            "attachments": attachments_of(dossier),
            "can_attach": user.has_perm(permissions.MANAGE_CRDH),
            "can_read_meeting": user.has_perm("committees.access"),
            "page_title": str(dossier),
            "breadcrumbs": crumbs((dossier.reference, None)),
        }
        return TemplateResponse(request, self.template_name, context)


class DossierCreateView(DasViewMixin, View):
    das_permission = permissions.MANAGE_CRDH
    template_name = "coordination/crdh/form.html"

    def render(self, form):
        title = _("Nouveau dossier de la province pour le CRDH")
        context = {
            "form": form,
            "heading": title,
            "page_title": title,
            "breadcrumbs": crumbs((title, None)),
            "back_url": reverse("coordination:crdh_list"),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request):
        return self.render(forms.DossierCreateForm())

    def post(self, request):
        from das.forms import add_service_error

        form = forms.DossierCreateForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            dossier = services.dossier_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, _("Dossier %(ref)s créé en brouillon.") % {"ref": dossier.reference})
        return redirect(dossier.get_absolute_url())


class DossierPage(RecordFormPage):
    template_name = "coordination/crdh/form.html"
    transition = ""

    def load(self, pk):
        self.dossier = load_dossier(pk)

    def done_url(self):
        return self.dossier.get_absolute_url()

    def context(self, title):
        return {
            "subject": self.dossier,
            "page_title": title,
            "breadcrumbs": crumbs(dossier_crumb(self.dossier), (title, None)),
            "back_url": self.done_url(),
            "submit_label": CRDH_WORKFLOW.by_name[self.transition].label if self.transition else "",
        }

    def unavailable(self):
        if not self.transition:
            return ""
        decision = CRDH_WORKFLOW.decide(self.dossier, self.transition, self.request.user)
        return "" if decision else decision.reason


class DossierEditView(DossierPage):
    das_permission = permissions.MANAGE_CRDH

    def title(self):
        return _("Modifier le dossier %(ref)s") % {"ref": self.dossier.reference}

    def unavailable(self):
        return permissions.can_edit_crdh(self.request.user, self.dossier).reason

    def make_form(self, data=None):
        initial = {name: getattr(self.dossier, name) for name in services.DOSSIER_FIELDS}
        return forms.DossierEditForm(data, initial=initial)

    def run(self, form):
        services.dossier_update(dossier=self.dossier, by=self.request.user, **form.cleaned_data)
        return _("Dossier enregistré.")


class DossierReopenView(DossierPage):
    das_permission = permissions.VALIDATE_CRDH
    transition = "reopen"

    def title(self):
        return _("Renvoyer le dossier %(ref)s en brouillon") % {"ref": self.dossier.reference}

    def make_form(self, data=None):
        return forms.ReasonForm(data)

    def run(self, form):
        services.dossier_reopen(dossier=self.dossier, by=self.request.user, reason=form.cleaned_data["reason"])
        return _("Le dossier est renvoyé en brouillon.")


class DossierWithdrawView(DossierReopenView):
    das_permission = permissions.MANAGE_CRDH
    transition = "withdraw"

    def title(self):
        return _("Reprendre en brouillon le dossier transmis %(ref)s") % {"ref": self.dossier.reference}

    def run(self, form):
        services.dossier_withdraw(dossier=self.dossier, by=self.request.user, reason=form.cleaned_data["reason"])
        return _("Le dossier est repris en brouillon.")


class DossierTransitionView(ReaderMixin, TransitionView):
    # Each service checks its own permission (validate: the chef; send: the service).
    workflow = CRDH_WORKFLOW
    transition_services = BUTTON_SERVICES
    record_argument = "dossier"
    detail_url_name = "coordination:crdh_detail"
    done_message = gettext_lazy("Le dossier est maintenant « %(status)s ».")

    def get_record(self, pk):
        return load_dossier(pk)

    def post(self, request, pk, transition):
        response = super().post(request, pk, transition)
        validated = CrdhDossier.objects.filter(pk=pk, status=Status.VALIDATED).exists()
        if transition == "validate" and validated and not CrdhRequest.objects.filter(dossier_id=pk).exists():
            messages.warning(request, _("Le dossier ne compte aucune demande au CRDH : vérifiez que c'est voulu."))
        return response


# --- Its requests -----------------------------------------------------------------------------------------------------
class RequestPage(RecordFormPage):
    das_permission = permissions.MANAGE_CRDH
    template_name = "coordination/crdh/form.html"

    def done_url(self):
        return self.dossier.get_absolute_url() + "#requests"

    def unavailable(self):
        return permissions.can_edit_crdh(self.request.user, self.dossier).reason

    def context(self, title):
        return {
            "subject": self.dossier,
            "page_title": title,
            "breadcrumbs": crumbs(dossier_crumb(self.dossier), (title, None)),
            "back_url": self.done_url(),
        }


class RequestCreateView(RequestPage):
    def load(self, pk):
        self.dossier = load_dossier(pk)

    def title(self):
        return _("Nouvelle demande au CRDH")

    def make_form(self, data=None):
        return forms.RequestForm(data)

    def run(self, form):
        data = dict(form.cleaned_data)
        projects = list(data.pop("projects"))
        made = services.request_add(dossier=self.dossier, by=self.request.user, projects=projects, **data)
        return _("Demande n° %(position)s ajoutée au dossier.") % {"position": made.position}


class RequestUpdateView(RequestPage):
    def load(self, pk):
        self.crdh_request = load_request(pk)
        self.dossier = self.crdh_request.dossier

    def title(self):
        return _("Modifier la demande n° %(position)s") % {"position": self.crdh_request.position}

    def make_form(self, data=None):
        return forms.RequestForm(data, request=self.crdh_request)

    def run(self, form):
        data = dict(form.cleaned_data)
        projects = list(data.pop("projects"))
        services.request_update(request=self.crdh_request, by=self.request.user, projects=projects, **data)
        return _("Demande n° %(position)s enregistrée.") % {"position": self.crdh_request.position}


class RequestDeleteView(DasViewMixin, View):
    das_permission = permissions.MANAGE_CRDH
    http_method_names = ["post"]

    def post(self, request, pk):
        crdh_request = load_request(pk)
        try:
            services.request_remove(request=crdh_request, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, _("Demande retirée du dossier."))
        return redirect(reverse("coordination:crdh_detail", args=[crdh_request.dossier_id]) + "#requests")


class RequestMoveView(DasViewMixin, View):
    das_permission = permissions.MANAGE_CRDH
    http_method_names = ["post"]

    def post(self, request, pk, direction):
        crdh_request = load_request(pk)
        offset = {"haut": -1, "bas": 1}.get(direction)
        if offset is None:
            raise Http404
        try:
            services.request_move(request=crdh_request, by=request.user, offset=offset)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
        return redirect(reverse("coordination:crdh_detail", args=[crdh_request.dossier_id]) + "#requests")


class RequestDetailView(ReaderMixin, DasViewMixin, View):
    template_name = "coordination/crdh/request_detail.html"

    def get(self, request, pk):
        crdh_request = load_request(pk)
        dossier = crdh_request.dossier
        title = _("Demande n° %(position)s du dossier %(ref)s") % {
            "position": crdh_request.position,
            "ref": dossier.reference,
        }
        context = {
            "crdh_request": crdh_request,
            "dossier": dossier,
            "outcome_styles": OUTCOME_STYLES,
            "today": timezone.localdate(),
            "can_edit": bool(permissions.can_edit_crdh(request.user, dossier)),
            "can_read_meeting": request.user.has_perm("committees.access"),
            "history_url": history_url(request.user, crdh_request),
            "attachments": attachments_of(crdh_request),
            "can_attach": request.user.has_perm(permissions.MANAGE_CRDH),
            "page_title": title,
            "breadcrumbs": crumbs(dossier_crumb(dossier), (title, None)),
        }
        return TemplateResponse(request, self.template_name, context)


# --- Its documents ----------------------------------------------------------------------------------------------------
class DossierPdfView(ReaderMixin, PdfView):
    def get_record(self, pk):
        return load_dossier(pk)

    def render_pdf(self, dossier, language):
        return documents.render_dossier_pdf(dossier, language)

    def file_name(self, dossier, language):
        return f"{documents.file_stem(dossier)}-{language}.pdf"


class DossierXlsxView(ReaderMixin, DasViewMixin, View):
    def get(self, request, pk):
        dossier = load_dossier(pk)
        workbook = documents.dossier_workbook(dossier, request.user)
        return workbook_response(request, workbook, f"{documents.file_stem(dossier)}.xlsx")


# --- The CRDH's decisions concerning the province ---------------------------------------------------------------------
def _actions_text(crdh_request) -> str:
    today = timezone.localdate()
    lines = []
    for action in crdh_request.decision.actions.all():
        late = action.status == action.Status.OPEN and action.due_on < today
        state = _("en retard") if late else action.get_status_display()
        lines.append(
            _("%(description)s (échéance %(due)s, %(state)s)")
            % {"description": action.description, "due": action.due_on.strftime("%d/%m/%Y"), "state": state}
        )
    return " ; ".join(lines)


class DecisionFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=gettext_lazy("Année du dossier"), field_name="dossier__year")
    outcome = django_filters.ChoiceFilter(
        label=gettext_lazy("Décision"),
        field_name="decision__outcome",
        choices=Decision.Outcome.choices,
    )
    late = django_filters.BooleanFilter(label=gettext_lazy("Actions en retard"), method="filter_late")

    class Meta:
        model = CrdhRequest
        fields = ["year", "outcome"]

    def filter_late(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(late_actions__gt=0) if value else queryset.filter(late_actions=0)


class DecisionListView(ReaderMixin, ExportableListView):
    filterset_class = DecisionFilter
    page_title = gettext_lazy("Décisions du CRDH concernant la province")
    breadcrumbs = [
        (gettext_lazy("Coordination inter-provinciale"), "coordination:index"),
        (gettext_lazy("Dossiers du CRDH"), "coordination:crdh_list"),
        (gettext_lazy("Décisions du CRDH"), None),
    ]
    export_columns = [
        Column(
            gettext_lazy("Réunion du CRDH"),
            "decision.item.meeting.date",
            exports.DATE,
            width=12,
            href=lambda r: reverse("committees:meeting_detail", args=[r.decision.item.meeting_id]),
        ),
        Column(gettext_lazy("Dossier"), "dossier.reference", width=14, code=True),
        Column(gettext_lazy("N°"), "position", exports.INTEGER, width=5),
        Column(gettext_lazy("Objet"), "subject", width=36, link=True),
        Column(gettext_lazy("Montant demandé"), "amount", exports.MONEY, width=16),
        Column(gettext_lazy("Décision"), "decision.get_outcome_display", width=18),
        Column(gettext_lazy("Montant retenu"), "decision.amended_amount", exports.MONEY, width=16),
        Column(gettext_lazy("Réserves ou motif"), lambda r: r.decision.reserves or r.decision.reason, width=30),
        Column(gettext_lazy("Actions"), _actions_text, width=50),
        Column(gettext_lazy("En cours"), "open_actions", exports.INTEGER, width=8),
        Column(gettext_lazy("En retard"), "late_actions", exports.INTEGER, width=8),
    ]

    def get_queryset(self):
        return selectors.decided_requests()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "coordination:crdh_request_detail"
        return context
