"""The yearly proximity-communication plan's pages: the plans (exportable list), a plan with its actions and totals,
its forms, its transitions and its documents; an action's page. The rules live in communication.services.plans; the
reads in communication.plan_selectors."""

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

from communication import permissions
from communication import plan_documents as documents
from communication import plan_forms as forms
from communication import plan_selectors as selectors
from communication.models import CommunicationAction, CommunicationPlan
from communication.services import plans as services
from communication.workflows import PLAN_WORKFLOW
from das import exports
from das.exports import Column
from das.selectors import attachments_of
from das.views.base import DasViewMixin, ExportableListView, PdfView, RecordFormPage, TransitionView, history_url
from projects.views.credit_picture import workbook_response

Status = CommunicationPlan.Status
STATUS_STYLES = {
    Status.DRAFT: "secondary",
    Status.VALIDATED: "info",
    Status.IN_PROGRESS: "success",
    Status.CLOSED: "dark",
}
ACTION_STATUS_STYLES = {"prevue": "secondary", "realisee": "success", "annulee": "dark"}
# One-click transitions; the others ask a text on their own page.
BUTTON_SERVICES = {"validate": services.plan_validate, "start": services.plan_start}
FORM_PAGES = {"reopen": "communication:plan_reopen", "close": "communication:plan_close"}


def crumbs(*tail):
    return [
        (_("Communication de proximité"), reverse("communication:index")),
        (_("Plans de communication"), reverse("communication:plan_list")),
        *tail,
    ]


def plan_crumb(plan):
    return (str(plan), plan.get_absolute_url())


def load_plan(pk) -> CommunicationPlan:
    try:
        return selectors.plan_for_page(pk)
    except CommunicationPlan.DoesNotExist as exc:
        raise Http404 from exc


def load_action(pk) -> CommunicationAction:
    try:
        return selectors.action_for_page(pk)
    except CommunicationAction.DoesNotExist as exc:
        raise Http404 from exc


# --- The list -------------------------------------------------------------------------------------------------------
class PlanFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=gettext_lazy("Année"), field_name="year")
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=Status.choices)
    o = django_filters.OrderingFilter(fields=[("year", "year"), ("budget_total", "budget_total")])

    class Meta:
        model = CommunicationPlan
        fields = ["year", "status"]


class PlanListView(ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = PlanFilter
    page_title = gettext_lazy("Plans de communication de proximité")
    breadcrumbs = [
        (gettext_lazy("Communication de proximité"), "communication:index"),
        (gettext_lazy("Plans de communication"), None),
    ]
    create_url = reverse_lazy("communication:plan_create")
    create_label = gettext_lazy("Nouveau plan")
    create_permission = permissions.MANAGE_PLAN
    export_columns = [
        Column(gettext_lazy("Année"), "year", order_by="year", width=8, link=True),
        Column(gettext_lazy("Intitulé"), "title", width=40),
        Column(gettext_lazy("Statut"), "get_status_display", width=20),
        Column(gettext_lazy("Actions"), "action_count", exports.INTEGER, width=10),
        Column(gettext_lazy("Budget prévu"), "budget_total", exports.MONEY, order_by="budget_total", width=18),
        Column(gettext_lazy("Portée attendue"), "reach_total", exports.INTEGER, width=14),
    ]

    def get_queryset(self):
        return selectors.plans_with_totals().order_by("-year")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "communication:plan_detail"
        return context


# --- A plan ---------------------------------------------------------------------------------------------------------
def document_links(plan) -> list[tuple[str, str]]:
    return [
        (_("Plan (PDF, français)"), reverse("communication:plan_pdf", args=[plan.pk, "fr"])),
        (_("Plan (PDF, arabe)"), reverse("communication:plan_pdf", args=[plan.pk, "ar"])),
        (_("Plan (Excel)"), reverse("communication:plan_xlsx", args=[plan.pk])),
    ]


def button_blockers(plan, name, actions) -> list[str]:
    """Why a one-click transition would be refused now (the validation's guard, read from the loaded actions)."""
    if name != "validate":
        return []
    if not actions:
        return [_("Le plan ne compte aucune action : ajoutez-en au moins une avant de le valider.")]
    outside = [action.number for action in actions if action.planned_on.year != plan.year]
    if outside:
        return [
            _("Actions n° %(numbers)s : leur date prévue n'est pas dans l'année du plan (%(year)s).")
            % {"numbers": ", ".join(str(number) for number in outside), "year": plan.year}
        ]
    return []


class PlanDetailView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "communication/plans/detail.html"

    def get(self, request, pk):
        plan = load_plan(pk)
        user = request.user
        summary = selectors.plan_summary(plan)
        available = PLAN_WORKFLOW.available(plan, user)
        can_edit = bool(permissions.can_edit_actions(user, plan))
        context = {
            "plan": plan,
            "summary": summary,
            "status_style": STATUS_STYLES.get(plan.status, "secondary"),
            "action_styles": ACTION_STATUS_STYLES,
            "buttons": [
                (t, button_blockers(plan, t.name, summary.actions)) for t in available if t.name in BUTTON_SERVICES
            ],
            "pages": [(t, reverse(FORM_PAGES[t.name], args=[plan.pk])) for t in available if t.name in FORM_PAGES],
            "can_edit": can_edit,
            "documents": document_links(plan),
            "history_url": history_url(user, plan),
            "attachments": attachments_of(plan),
            "can_attach": user.has_perm(permissions.MANAGE_PLAN),
            "page_title": str(plan),
            "breadcrumbs": crumbs((str(plan), None)),
        }
        return TemplateResponse(request, self.template_name, context)


class PlanCreateView(DasViewMixin, View):
    das_permission = permissions.MANAGE_PLAN
    template_name = "communication/plans/form.html"

    def render(self, form):
        title = _("Nouveau plan de communication de proximité")
        context = {
            "form": form,
            "heading": title,
            "page_title": title,
            "breadcrumbs": crumbs((title, None)),
            "back_url": reverse("communication:plan_list"),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request):
        return self.render(forms.PlanCreateForm())

    def post(self, request):
        from das.forms import add_service_error
        from das.views.base import refusal_text

        form = forms.PlanCreateForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            plan = services.plan_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, _("Plan de communication %(year)s créé en brouillon.") % {"year": plan.year})
        return redirect(plan.get_absolute_url())


class PlanPage(RecordFormPage):
    """A form about one plan (its header, the reason to send it back, its closing note)."""

    template_name = "communication/plans/form.html"
    transition = ""

    def load(self, pk):
        self.plan = load_plan(pk)

    def done_url(self):
        return self.plan.get_absolute_url()

    def context(self, title):
        return {
            "subject": self.plan,
            "page_title": title,
            "breadcrumbs": crumbs(plan_crumb(self.plan), (title, None)),
            "back_url": self.done_url(),
            "submit_label": PLAN_WORKFLOW.by_name[self.transition].label if self.transition else "",
        }

    def unavailable(self):
        if not self.transition:
            return ""
        decision = PLAN_WORKFLOW.decide(self.plan, self.transition, self.request.user)
        return "" if decision else decision.reason


class PlanEditView(PlanPage):
    das_permission = permissions.MANAGE_PLAN

    def title(self):
        return _("Modifier le plan %(year)s") % {"year": self.plan.year}

    def unavailable(self):
        return permissions.can_edit_actions(self.request.user, self.plan).reason

    def make_form(self, data=None):
        initial = {name: getattr(self.plan, name) for name in services.PLAN_FIELDS}
        return forms.PlanEditForm(data, initial=initial)

    def run(self, form):
        services.plan_update(plan=self.plan, by=self.request.user, **form.cleaned_data)
        return _("Plan enregistré.")


class PlanReopenView(PlanPage):
    das_permission = permissions.VALIDATE_PLAN
    transition = "reopen"

    def title(self):
        return _("Renvoyer le plan %(year)s en brouillon") % {"year": self.plan.year}

    def make_form(self, data=None):
        return forms.ReasonForm(data)

    def run(self, form):
        services.plan_reopen(plan=self.plan, by=self.request.user, reason=form.cleaned_data["reason"])
        return _("Le plan est renvoyé en brouillon.")


class PlanCloseView(PlanPage):
    das_permission = permissions.MANAGE_PLAN
    transition = "close"

    def title(self):
        return _("Clôturer le plan %(year)s") % {"year": self.plan.year}

    def make_form(self, data=None):
        return forms.ClosingForm(data)

    def run(self, form):
        services.plan_close(plan=self.plan, by=self.request.user, closing_note=form.cleaned_data["closing_note"])
        return _("Le plan est clôturé.")


class PlanTransitionView(TransitionView):
    das_permission = permissions.ACCESS  # each service checks its own permission (validate: chef; start: service)
    workflow = PLAN_WORKFLOW
    transition_services = BUTTON_SERVICES
    record_argument = "plan"
    detail_url_name = "communication:plan_detail"
    done_message = gettext_lazy("Le plan est maintenant « %(status)s ».")

    def get_record(self, pk):
        return load_plan(pk)


# --- Its actions ----------------------------------------------------------------------------------------------------
class ActionPage(RecordFormPage):
    das_permission = permissions.MANAGE_PLAN
    template_name = "communication/plans/action_form.html"

    def done_url(self):
        return self.plan.get_absolute_url() + "#actions"

    def unavailable(self):
        return permissions.can_edit_actions(self.request.user, self.plan).reason

    def context(self, title):
        return {
            "subject": self.plan,
            "page_title": title,
            "breadcrumbs": crumbs(plan_crumb(self.plan), (title, None)),
            "back_url": self.done_url(),
        }


class ActionCreateView(ActionPage):
    def load(self, pk):
        self.plan = load_plan(pk)

    def title(self):
        return _("Nouvelle action du plan %(year)s") % {"year": self.plan.year}

    def make_form(self, data=None):
        return forms.ActionForm(data, plan=self.plan)

    def run(self, form):
        action = services.action_add(plan=self.plan, by=self.request.user, **form.cleaned_data)
        return _("Action n° %(number)s ajoutée au plan.") % {"number": action.number}


class ActionUpdateView(ActionPage):
    def load(self, pk):
        self.action = load_action(pk)
        self.plan = self.action.plan

    def title(self):
        return _("Modifier l'action n° %(number)s") % {"number": self.action.number}

    def make_form(self, data=None):
        return forms.ActionForm(data, plan=self.plan, action=self.action)

    def run(self, form):
        services.action_update(action=self.action, by=self.request.user, **form.cleaned_data)
        return _("Action n° %(number)s enregistrée.") % {"number": self.action.number}


class ActionDeleteView(DasViewMixin, View):
    das_permission = permissions.MANAGE_PLAN
    http_method_names = ["post"]

    def post(self, request, pk):
        from das.views.base import refusal_text

        action = load_action(pk)
        try:
            services.action_remove(action=action, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, _("Action n° %(number)s retirée du plan.") % {"number": action.number})
        return redirect(reverse("communication:plan_detail", args=[action.plan_id]) + "#actions")


class ActionDetailView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "communication/plans/action_detail.html"

    def get(self, request, pk):
        action = load_action(pk)
        plan = action.plan
        title = _("Action n° %(number)s du plan %(year)s") % {"number": action.number, "year": plan.year}
        context = {
            "action": action,
            "plan": plan,
            "action_styles": ACTION_STATUS_STYLES,
            "can_edit": bool(permissions.can_edit_actions(request.user, plan)),
            "history_url": history_url(request.user, action),
            "attachments": attachments_of(action),
            "can_attach": request.user.has_perm(permissions.MANAGE_PLAN),
            "page_title": title,
            "breadcrumbs": crumbs(plan_crumb(plan), (title, None)),
        }
        return TemplateResponse(request, self.template_name, context)


# --- Its documents --------------------------------------------------------------------------------------------------
class PlanPdfView(PdfView):
    das_permission = permissions.ACCESS

    def get_record(self, pk):
        return load_plan(pk)

    def render_pdf(self, plan, language):
        return documents.render_plan_pdf(plan, language)

    def file_name(self, plan, language):
        return f"{documents.file_stem(plan)}-{language}.pdf"


class PlanXlsxView(DasViewMixin, View):
    das_permission = permissions.ACCESS

    def get(self, request, pk):
        plan = load_plan(pk)
        workbook = documents.plan_workbook(plan, request.user)
        return workbook_response(request, workbook, f"{documents.file_stem(plan)}.xlsx")
