"""Pages of literacy and non-formal education: campaigns (list with figures, page with the campaign's tables, yearly
summary in PDF and Excel), centres, operations and their classes, and a class's learners grid. The rules live in
coordination.services.literacy, the reads and the figures in coordination.literacy_selectors."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from coordination import literacy_documents as documents
from coordination import literacy_forms as forms
from coordination import literacy_selectors as selectors
from coordination import permissions
from coordination.literacy_workflows import CAMPAIGN_WORKFLOW, OPERATION_WORKFLOW
from coordination.models.literacy import LiteracyCampaign, LiteracyCentre, LiteracyClass, LiteracyOperation
from coordination.services import literacy as services
from das import exports
from das.exports import Column
from das.forms import add_service_error
from das.models import Commune, Partner
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
from das.workflow import TransitionRefused
from projects.views.credit_picture import workbook_response

CampaignStatus = LiteracyCampaign.Status
OperationStatus = LiteracyOperation.Status
CAMPAIGN_STYLES = {
    CampaignStatus.PLANNED: "secondary",
    CampaignStatus.IN_PROGRESS: "success",
    CampaignStatus.CLOSED: "dark",
}
OPERATION_STYLES = {
    OperationStatus.PLANNED: "secondary",
    OperationStatus.IN_PROGRESS: "success",
    OperationStatus.COMPLETED: "primary",
    OperationStatus.CANCELLED: "dark",
}
CAMPAIGN_BUTTONS = {"start": services.campaign_start}
CAMPAIGN_PAGES = {"close": "coordination:campaign_close"}
OPERATION_BUTTONS = {"start": services.operation_start, "complete": services.operation_complete}
OPERATION_PAGES = {"cancel": "coordination:operation_cancel"}


def rate_text(value) -> str:
    return "—" if value is None else f"{value} %".replace(".", ",")


def crumbs(*tail):
    return [
        (_("Coordination inter-provinciale"), reverse("coordination:index")),
        (_("Alphabétisation"), reverse("coordination:campaign_list")),
        *tail,
    ]


def _load(loader, pk, model):
    try:
        return loader(pk)
    except model.DoesNotExist as exc:
        raise Http404 from exc


def load_campaign(pk) -> LiteracyCampaign:
    return _load(selectors.campaign_for_page, pk, LiteracyCampaign)


def load_operation(pk) -> LiteracyOperation:
    return _load(selectors.operation_for_page, pk, LiteracyOperation)


def load_class(pk) -> LiteracyClass:
    return _load(selectors.class_for_page, pk, LiteracyClass)


def load_centre(pk) -> LiteracyCentre:
    return _load(lambda key: LiteracyCentre.objects.select_related("commune").get(pk=key), pk, LiteracyCentre)


def campaign_crumb(campaign):
    return (_("Campagne %(campaign)s") % {"campaign": campaign}, campaign.get_absolute_url())


def operation_crumb(operation):
    return (operation.reference, operation.get_absolute_url())


def transition_offers(workflow, record, user, buttons, pages, page_args):
    available = workflow.available(record, user)
    return (
        [t for t in available if t.name in buttons],
        [(t, reverse(pages[t.name], args=page_args)) for t in available if t.name in pages],
    )


# --- Campaigns --------------------------------------------------------------------------------------------------
class CampaignFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=CampaignStatus.choices)
    o = django_filters.OrderingFilter(fields=[("start_year", "start_year"), ("enrolled", "enrolled")])

    class Meta:
        model = LiteracyCampaign
        fields = ["status"]


def _rate(obj):
    return rate_text(selectors.percent(obj.completed, obj.enrolled))


def _women(obj):
    return rate_text(selectors.percent(obj.enrolled_women, obj.enrolled))


class CampaignListView(ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = CampaignFilter
    page_title = gettext_lazy("Campagnes d'alphabétisation et d'éducation non formelle")
    breadcrumbs = [
        (gettext_lazy("Coordination inter-provinciale"), "coordination:index"),
        (gettext_lazy("Alphabétisation"), None),
    ]
    create_url = reverse_lazy("coordination:campaign_create")
    create_label = gettext_lazy("Nouvelle campagne")
    create_permission = permissions.MANAGE_LITERACY
    export_columns = [
        Column(gettext_lazy("Campagne"), lambda c: str(c), order_by="start_year", width=12, link=True),
        Column(gettext_lazy("Statut"), "get_status_display", width=14),
        Column(gettext_lazy("Début"), "start_on", exports.DATE, width=12),
        Column(gettext_lazy("Fin"), "end_on", exports.DATE, width=12),
        Column(gettext_lazy("Opérations"), "operation_count", exports.INTEGER, width=11),
        Column(gettext_lazy("Classes"), "class_count", exports.INTEGER, width=10),
        Column(gettext_lazy("Objectif"), "target_learners", exports.INTEGER, width=10),
        Column(gettext_lazy("Inscrits"), "enrolled", exports.INTEGER, order_by="enrolled", width=10),
        Column(gettext_lazy("Ayant achevé"), "completed", exports.INTEGER, width=12),
        Column(gettext_lazy("Taux d'achèvement"), _rate, width=12),
        Column(gettext_lazy("Part des femmes"), _women, width=12),
    ]

    def get_queryset(self):
        return selectors.campaigns_with_figures().order_by("-start_year")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "coordination:campaign_detail"
        context["extra_links"] = [
            (_("Opérations"), reverse("coordination:operation_list")),
            (_("Centres"), reverse("coordination:centre_list")),
        ]
        return context


def document_links(campaign) -> list[tuple[str, str]]:
    return [
        (_("Bilan annuel (PDF, français)"), reverse("coordination:campaign_pdf", args=[campaign.pk, "fr"])),
        (_("Bilan annuel (PDF, arabe)"), reverse("coordination:campaign_pdf", args=[campaign.pk, "ar"])),
        (_("Bilan annuel (Excel)"), reverse("coordination:campaign_xlsx", args=[campaign.pk])),
    ]


class CampaignDetailView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "coordination/literacy/campaign_detail.html"

    def get(self, request, pk):
        campaign = load_campaign(pk)
        user = request.user
        figures = selectors.campaign_figures(campaign)
        buttons, pages = transition_offers(CAMPAIGN_WORKFLOW, campaign, user, CAMPAIGN_BUTTONS, CAMPAIGN_PAGES, [pk])
        counts = figures.operation_counts
        still_open = counts[OperationStatus.PLANNED] + counts[OperationStatus.IN_PROGRESS]
        # The closing page is offered only once every operation is settled; until then the button says why.
        blocked = (
            [
                (
                    t,
                    [
                        _("Achevez ou annulez d'abord les opérations encore programmées ou en cours (%(count)s).")
                        % {"count": still_open}
                    ],
                )
                for t, _url in pages
                if t.name == "close"
            ]
            if still_open
            else []
        )
        if blocked:
            pages = [(t, url) for t, url in pages if t.name != "close"]
        title = _("Campagne %(campaign)s") % {"campaign": campaign}
        context = {
            "campaign": campaign,
            "figures": figures,
            "status_style": CAMPAIGN_STYLES.get(campaign.status, "secondary"),
            "operation_styles": OPERATION_STYLES,
            "buttons": buttons,
            "pages": pages,
            "blocked": blocked,
            "can_edit": bool(permissions.can_edit_campaign(user, campaign)),
            "documents": document_links(campaign),
            "history_url": history_url(user, campaign),
            "attachments": attachments_of(campaign),
            "can_attach": user.has_perm(permissions.MANAGE_LITERACY),
            "page_title": title,
            "breadcrumbs": crumbs((title, None)),
        }
        return TemplateResponse(request, self.template_name, context)


class FormPage(RecordFormPage):
    template_name = "coordination/literacy/form.html"
    das_permission = permissions.MANAGE_LITERACY


class CampaignCreateView(DasViewMixin, View):
    das_permission = permissions.MANAGE_LITERACY
    template_name = "coordination/literacy/form.html"

    def render(self, form):
        title = _("Nouvelle campagne d'alphabétisation")
        context = {
            "form": form,
            "heading": title,
            "page_title": title,
            "breadcrumbs": crumbs((title, None)),
            "back_url": reverse("coordination:campaign_list"),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request):
        return self.render(forms.CampaignCreateForm())

    def post(self, request):
        form = forms.CampaignCreateForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            campaign = services.campaign_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        messages.success(request, _("Campagne %(campaign)s créée (programmée).") % {"campaign": campaign})
        return redirect(campaign.get_absolute_url())


class CampaignPage(FormPage):
    transition = ""

    def load(self, pk):
        self.campaign = load_campaign(pk)

    def done_url(self):
        return self.campaign.get_absolute_url()

    def context(self, title):
        return {
            "subject": _("Campagne %(campaign)s") % {"campaign": self.campaign},
            "page_title": title,
            "breadcrumbs": crumbs(campaign_crumb(self.campaign), (title, None)),
            "back_url": self.done_url(),
            "submit_label": CAMPAIGN_WORKFLOW.by_name[self.transition].label if self.transition else "",
        }

    def unavailable(self):
        if not self.transition:
            return permissions.can_edit_campaign(self.request.user, self.campaign).reason
        decision = CAMPAIGN_WORKFLOW.decide(self.campaign, self.transition, self.request.user)
        return "" if decision else decision.reason


class CampaignUpdateView(CampaignPage):
    def title(self):
        return _("Modifier la campagne %(campaign)s") % {"campaign": self.campaign}

    def make_form(self, data=None):
        initial = {name: getattr(self.campaign, name) for name in services.CAMPAIGN_FIELDS}
        return forms.CampaignForm(data, initial=initial)

    def run(self, form):
        services.campaign_update(campaign=self.campaign, by=self.request.user, **form.cleaned_data)
        return _("Campagne enregistrée.")


class CampaignCloseView(CampaignPage):
    transition = "close"

    def title(self):
        return _("Clôturer la campagne %(campaign)s") % {"campaign": self.campaign}

    def make_form(self, data=None):
        return forms.ClosingForm(data)

    def run(self, form):
        services.campaign_close(campaign=self.campaign, by=self.request.user, **form.cleaned_data)
        return _("La campagne est clôturée.")


class CampaignTransitionView(TransitionView):
    das_permission = permissions.ACCESS  # each service checks its own permission
    workflow = CAMPAIGN_WORKFLOW
    transition_services = CAMPAIGN_BUTTONS
    record_argument = "campaign"
    detail_url_name = "coordination:campaign_detail"
    done_message = gettext_lazy("La campagne est maintenant « %(status)s ».")

    def get_record(self, pk):
        return load_campaign(pk)


class CampaignPdfView(PdfView):
    das_permission = permissions.ACCESS

    def get_record(self, pk):
        return load_campaign(pk)

    def render_pdf(self, campaign, language):
        return documents.render_summary_pdf(campaign, language)

    def file_name(self, campaign, language):
        return f"{documents.file_stem(campaign)}-{language}.pdf"


class CampaignXlsxView(DasViewMixin, View):
    das_permission = permissions.ACCESS

    def get(self, request, pk):
        campaign = load_campaign(pk)
        return workbook_response(
            request, documents.summary_workbook(campaign, request.user), f"{documents.file_stem(campaign)}.xlsx"
        )


# --- Centres ----------------------------------------------------------------------------------------------------
class CentreFilter(django_filters.FilterSet):
    commune = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Commune"), queryset=Commune.objects.order_by("name_fr")
    )
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Type"), choices=LiteracyCentre.Kind.choices)
    is_active = django_filters.BooleanFilter(label=gettext_lazy("Actif"))
    o = django_filters.OrderingFilter(fields=[("name", "name"), ("commune__name_fr", "commune")])

    class Meta:
        model = LiteracyCentre
        fields = ["commune", "kind", "is_active"]


class CentreListView(ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = CentreFilter
    page_title = gettext_lazy("Centres d'alphabétisation")
    create_url = reverse_lazy("coordination:centre_create")
    create_label = gettext_lazy("Nouveau centre")
    create_permission = permissions.MANAGE_LITERACY
    export_columns = [
        Column(gettext_lazy("Centre"), "name", order_by="name", width=34, link=True),
        Column(gettext_lazy("Type"), "get_kind_display", width=20),
        Column(gettext_lazy("Commune"), "commune.name", order_by="commune", width=22),
        Column(gettext_lazy("Quartier / douar"), "locality.name", width=20),
        Column(gettext_lazy("Adresse"), "address", width=30),
        Column(gettext_lazy("Classes"), "class_count", exports.INTEGER, width=9),
        Column(gettext_lazy("Actif"), "is_active", exports.BOOLEAN, width=8),
    ]

    def get_breadcrumbs(self):
        return crumbs((_("Centres"), None))

    def get_queryset(self):
        return selectors.centres_with_classes().order_by("commune__name_fr", "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "coordination:centre_update"
        return context


class CentreCreateView(DasViewMixin, View):
    das_permission = permissions.MANAGE_LITERACY
    template_name = "coordination/literacy/form.html"

    def render(self, form):
        title = _("Nouveau centre d'alphabétisation")
        context = {
            "form": form,
            "heading": title,
            "page_title": title,
            "breadcrumbs": crumbs((_("Centres"), reverse("coordination:centre_list")), (title, None)),
            "back_url": reverse("coordination:centre_list"),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request):
        return self.render(forms.CentreForm())

    def post(self, request):
        form = forms.CentreForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            centre = services.centre_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        messages.success(request, _("Centre « %(name)s » enregistré.") % {"name": centre.name})
        return redirect("coordination:centre_list")


class CentreUpdateView(DasViewMixin, View):
    """The centre's page: its form (for the service), its history and its activation."""

    das_permission = permissions.ACCESS
    template_name = "coordination/literacy/centre_form.html"

    def render(self, centre, form):
        title = _("Centre « %(name)s »") % {"name": centre.name}
        user = self.request.user
        context = {
            "centre": centre,
            "form": form,
            "heading": title,
            "can_edit": user.has_perm(permissions.MANAGE_LITERACY),
            "history_url": history_url(user, centre),
            "page_title": title,
            "breadcrumbs": crumbs((_("Centres"), reverse("coordination:centre_list")), (title, None)),
            "back_url": reverse("coordination:centre_list"),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk):
        centre = load_centre(pk)
        return self.render(centre, forms.CentreForm(centre=centre))

    def post(self, request, pk):
        centre = load_centre(pk)
        if not request.user.has_perm(permissions.MANAGE_LITERACY):
            raise PermissionDenied(_("Votre rôle ne permet pas de tenir les campagnes d'alphabétisation."))
        form = forms.CentreForm(request.POST, centre=centre)
        if not form.is_valid():
            return self.render(centre, form)
        try:
            services.centre_update(centre=centre, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(centre, form)
        messages.success(request, _("Centre enregistré."))
        return redirect("coordination:centre_list")


class CentreActivationView(DasViewMixin, View):
    das_permission = permissions.MANAGE_LITERACY
    http_method_names = ["post"]

    def post(self, request, pk):
        centre = load_centre(pk)
        active = not centre.is_active
        try:
            services.centre_set_active(centre=centre, by=request.user, active=active)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, _("Centre réactivé.") if active else _("Centre désactivé."))
        return redirect("coordination:centre_update", pk)


# --- Operations -------------------------------------------------------------------------------------------------
class OperationFilter(django_filters.FilterSet):
    campaign = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Campagne"), queryset=LiteracyCampaign.objects.order_by("-start_year")
    )
    programme = django_filters.ChoiceFilter(
        label=gettext_lazy("Programme"), choices=LiteracyOperation.Programme.choices
    )
    commune = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Commune"), queryset=Commune.objects.order_by("name_fr")
    )
    operator = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Opérateur"),
        queryset=Partner.objects.filter(literacy_operations__isnull=False).distinct().order_by("name"),
    )
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=OperationStatus.choices)
    o = django_filters.OrderingFilter(fields=[("reference", "reference"), ("start_on", "start_on")])

    class Meta:
        model = LiteracyOperation
        fields = ["campaign", "programme", "commune", "operator", "status"]


def _convention(operation) -> str:
    if operation.convention_id:
        return operation.convention.reference
    return operation.convention_reference or "—"


class OperationListView(ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = OperationFilter
    page_title = gettext_lazy("Opérations d'alphabétisation")
    create_url = reverse_lazy("coordination:operation_create")
    create_label = gettext_lazy("Nouvelle opération")
    create_permission = permissions.MANAGE_LITERACY
    export_columns = [
        Column(gettext_lazy("Référence"), "reference", order_by="reference", width=16, link=True),
        Column(gettext_lazy("Campagne"), lambda o: str(o.campaign), width=11),
        Column(gettext_lazy("Programme"), "get_programme_display", width=28),
        Column(gettext_lazy("Opérateur"), "operator.name", width=30),
        Column(gettext_lazy("Convention"), _convention, width=18),
        Column(gettext_lazy("Commune"), "commune.name", width=18),
        Column(gettext_lazy("Début"), "start_on", exports.DATE, order_by="start_on", width=11),
        Column(gettext_lazy("Fin"), "end_on", exports.DATE, width=11),
        Column(gettext_lazy("Classes"), "class_count", exports.INTEGER, width=8),
        Column(gettext_lazy("Objectif"), "target_learners", exports.INTEGER, width=9),
        Column(gettext_lazy("Inscrits"), "enrolled", exports.INTEGER, width=9),
        Column(gettext_lazy("Ayant achevé"), "completed", exports.INTEGER, width=10),
        Column(gettext_lazy("Taux d'achèvement"), _rate, width=10),
        Column(gettext_lazy("Statut"), "get_status_display", width=12),
    ]

    def get_breadcrumbs(self):
        return crumbs((_("Opérations"), None))

    def get_queryset(self):
        return selectors.operations_with_figures().order_by("-campaign__start_year", "reference")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "coordination:operation_detail"
        return context


class OperationCreateView(DasViewMixin, View):
    das_permission = permissions.MANAGE_LITERACY
    template_name = "coordination/literacy/form.html"

    def campaign(self):
        from das.views.base import posted_pk

        return LiteracyCampaign.objects.filter(pk=posted_pk(self.request.GET.get("campagne"))).first()

    def render(self, form):
        title = _("Nouvelle opération d'alphabétisation")
        context = {
            "form": form,
            "heading": title,
            "page_title": title,
            "breadcrumbs": crumbs((_("Opérations"), reverse("coordination:operation_list")), (title, None)),
            "back_url": reverse("coordination:operation_list"),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request):
        return self.render(forms.OperationCreateForm(campaign=self.campaign()))

    def post(self, request):
        form = forms.OperationCreateForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        data = dict(form.cleaned_data)
        campaign = data.pop("campaign")
        try:
            operation = services.operation_create(campaign=campaign, by=request.user, **data)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        messages.success(request, _("Opération %(reference)s créée (programmée).") % {"reference": operation.reference})
        return redirect(operation.get_absolute_url())


class OperationDetailView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "coordination/literacy/operation_detail.html"

    def get(self, request, pk):
        operation = load_operation(pk)
        user = request.user
        classes = list(selectors.operation_classes(operation))
        for literacy_class in classes:
            literacy_class.rate = rate_text(selectors.percent(literacy_class.completed, literacy_class.enrolled))
            literacy_class.women_share = rate_text(
                selectors.percent(literacy_class.enrolled_women, literacy_class.enrolled)
            )
        total = {name: sum(getattr(c, name) for c in classes) for name in ("enrolled", "completed", "enrolled_women")}
        buttons, pages = transition_offers(
            OPERATION_WORKFLOW, operation, user, OPERATION_BUTTONS, OPERATION_PAGES, [pk]
        )
        context = {
            "operation": operation,
            "campaign": operation.campaign,
            "classes": classes,
            "total": total,
            "total_rate": rate_text(selectors.percent(total["completed"], total["enrolled"])),
            "total_women": rate_text(selectors.percent(total["enrolled_women"], total["enrolled"])),
            "status_style": OPERATION_STYLES.get(operation.status, "secondary"),
            "buttons": buttons,
            "pages": pages,
            "can_edit": bool(permissions.can_edit_operation(user, operation)),
            "history_url": history_url(user, operation),
            "attachments": attachments_of(operation),
            "can_attach": user.has_perm(permissions.MANAGE_LITERACY),
            "page_title": str(operation.reference),
            "breadcrumbs": crumbs(campaign_crumb(operation.campaign), (operation.reference, None)),
        }
        return TemplateResponse(request, self.template_name, context)


class OperationPage(FormPage):
    transition = ""

    def load(self, pk):
        self.operation = load_operation(pk)

    def done_url(self):
        return self.operation.get_absolute_url()

    def context(self, title):
        return {
            "subject": str(self.operation),
            "page_title": title,
            "breadcrumbs": crumbs(
                campaign_crumb(self.operation.campaign), operation_crumb(self.operation), (title, None)
            ),
            "back_url": self.done_url(),
            "submit_label": OPERATION_WORKFLOW.by_name[self.transition].label if self.transition else "",
        }

    def unavailable(self):
        if not self.transition:
            return permissions.can_edit_operation(self.request.user, self.operation).reason
        decision = OPERATION_WORKFLOW.decide(self.operation, self.transition, self.request.user)
        return "" if decision else decision.reason


class OperationUpdateView(OperationPage):
    def title(self):
        return _("Modifier l'opération %(reference)s") % {"reference": self.operation.reference}

    def make_form(self, data=None):
        return forms.OperationForm(data, operation=self.operation, campaign=self.operation.campaign)

    def run(self, form):
        services.operation_update(operation=self.operation, by=self.request.user, **form.cleaned_data)
        return _("Opération enregistrée.")


class OperationCancelView(OperationPage):
    transition = "cancel"

    def title(self):
        return _("Annuler l'opération %(reference)s") % {"reference": self.operation.reference}

    def make_form(self, data=None):
        return forms.CancelForm(data)

    def run(self, form):
        services.operation_cancel(operation=self.operation, by=self.request.user, reason=form.cleaned_data["reason"])
        return _("L'opération est annulée.")


class OperationTransitionView(TransitionView):
    das_permission = permissions.ACCESS  # each service checks its own permission
    workflow = OPERATION_WORKFLOW
    transition_services = OPERATION_BUTTONS
    record_argument = "operation"
    detail_url_name = "coordination:operation_detail"
    done_message = gettext_lazy("L'opération est maintenant « %(status)s ».")

    def get_record(self, pk):
        return load_operation(pk)


# --- Classes ----------------------------------------------------------------------------------------------------
class ClassPage(FormPage):
    def done_url(self):
        return (
            self.literacy_class.get_absolute_url()
            if getattr(self, "literacy_class", None)
            else (self.operation.get_absolute_url() + "#classes")
        )

    def unavailable(self):
        return permissions.can_edit_operation(self.request.user, self.operation).reason

    def context(self, title):
        return {
            "subject": str(self.operation),
            "page_title": title,
            "breadcrumbs": crumbs(
                campaign_crumb(self.operation.campaign), operation_crumb(self.operation), (title, None)
            ),
            "back_url": self.done_url(),
        }


class ClassCreateView(ClassPage):
    def load(self, pk):
        self.operation = load_operation(pk)
        self.literacy_class = None

    def title(self):
        return _("Nouvelle classe de l'opération %(reference)s") % {"reference": self.operation.reference}

    def make_form(self, data=None):
        return forms.ClassForm(data, operation=self.operation)

    def run(self, form):
        self.literacy_class = services.class_create(operation=self.operation, by=self.request.user, **form.cleaned_data)
        return _("Classe « %(name)s » ajoutée : saisissez ses effectifs.") % {"name": self.literacy_class.name}

    def done_url(self):
        if self.literacy_class is not None:
            return reverse("coordination:class_headcounts", args=[self.literacy_class.pk])
        return self.operation.get_absolute_url() + "#classes"


class ClassUpdateView(ClassPage):
    def load(self, pk):
        self.literacy_class = load_class(pk)
        self.operation = self.literacy_class.operation

    def title(self):
        return _("Modifier la classe « %(name)s »") % {"name": self.literacy_class.name}

    def make_form(self, data=None):
        return forms.ClassForm(data, operation=self.operation, literacy_class=self.literacy_class)

    def run(self, form):
        services.class_update(literacy_class=self.literacy_class, by=self.request.user, **form.cleaned_data)
        return _("Classe enregistrée.")


class ClassDetailView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "coordination/literacy/class_detail.html"

    def get(self, request, pk):
        literacy_class = load_class(pk)
        operation = literacy_class.operation
        user = request.user
        rows, total, entered = selectors.class_grid(literacy_class)
        title = _("Classe « %(name)s »") % {"name": literacy_class.name}
        context = {
            "literacy_class": literacy_class,
            "operation": operation,
            "rows": rows,
            "total": total,
            "entered": entered,
            "other_commune": literacy_class.centre.commune_id != operation.commune_id,
            "can_edit": bool(permissions.can_edit_operation(user, operation)),
            "can_enter": user.has_perm(permissions.MANAGE_LITERACY)
            and bool(permissions.can_edit_headcounts(user, literacy_class)),
            "history_url": history_url(user, literacy_class),
            "attachments": attachments_of(literacy_class),
            "can_attach": user.has_perm(permissions.MANAGE_LITERACY),
            "page_title": title,
            "breadcrumbs": crumbs(campaign_crumb(operation.campaign), operation_crumb(operation), (title, None)),
        }
        return TemplateResponse(request, self.template_name, context)


class HeadcountView(DasViewMixin, View):
    """The class's learners grid: sex × age group, enrolled and completing, saved whole by one service call."""

    das_permission = permissions.MANAGE_LITERACY
    template_name = "coordination/literacy/headcounts.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.literacy_class = load_class(kwargs["pk"])

    def render(self, formset, errors=()):
        literacy_class = self.literacy_class
        operation = literacy_class.operation
        by_key = {(form["sex"].value(), form["age_group"].value()): form for form in formset.forms}
        rows = [(age, by_key.get(("F", age.value)), by_key.get(("H", age.value))) for age in selectors.AgeGroup]
        title = _("Effectifs de la classe « %(name)s »") % {"name": literacy_class.name}
        context = {
            "literacy_class": literacy_class,
            "operation": operation,
            "formset": formset,
            "rows": rows,
            "errors": errors,
            "page_title": title,
            "heading": title,
            "breadcrumbs": crumbs(
                campaign_crumb(operation.campaign),
                operation_crumb(operation),
                (literacy_class.name, literacy_class.get_absolute_url()),
                (_("Effectifs"), None),
            ),
            "back_url": literacy_class.get_absolute_url(),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def unavailable(self):
        return permissions.can_edit_headcounts(self.request.user, self.literacy_class).reason

    def get(self, request, pk):
        reason = self.unavailable()
        if reason:
            messages.warning(request, reason)
            return redirect(self.literacy_class.get_absolute_url())
        return self.render(forms.HeadcountFormSet(initial=selectors.grid_initial(self.literacy_class), prefix="grid"))

    def post(self, request, pk):
        formset = forms.HeadcountFormSet(request.POST, prefix="grid")
        if not formset.is_valid():
            return self.render(
                formset, formset.non_form_errors() or [_("Corrigez les cases signalées : rien n'a été enregistré.")]
            )
        lines = [form.cleaned_data for form in formset.forms]
        try:
            services.headcounts_save(literacy_class=self.literacy_class, by=request.user, lines=lines)
        except (TransitionRefused, PermissionDenied) as exc:
            return self.render(formset, [refusal_text(exc)])
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                return self.render(formset, exc.messages)
            by_key = {services.grid_key(f.cleaned_data["sex"], f.cleaned_data["age_group"]): f for f in formset.forms}
            others = []
            for key, errors in exc.message_dict.items():
                form = by_key.get(key)
                if form is None:
                    others += errors
                else:
                    for error in errors:
                        form.add_error("completed", error)
            return self.render(formset, others or [_("Corrigez les cases signalées : rien n'a été enregistré.")])
        messages.success(request, _("Effectifs de la classe enregistrés."))
        return redirect(self.literacy_class.get_absolute_url())
