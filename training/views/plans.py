"""The yearly training plan's pages: the plans (exportable list), a plan with its actions and totals, its forms, its
transitions and its documents. The rules live in training.services.plans; the reads in training.plan_selectors."""

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

from das import exports
from das.exports import Column
from das.forms import add_service_error
from das.views.base import (
    DasViewMixin,
    ExportableListView,
    RecordFormPage,
    TransitionView,
    history_url,
    refusal_text,
)
from projects.views.credit_picture import workbook_response
from training import permissions
from training import plan_documents as documents
from training import plan_forms as forms
from training import plan_selectors as selectors
from training.models import NeedTheme, PlanAction, TrainingPlan
from training.services import plans as services
from training.workflows import PAGE_TRANSITIONS, PLAN_WORKFLOW

Status = TrainingPlan.Status
STATUS_STYLES = {
    Status.DRAFT: "secondary",
    Status.VALIDATED: "info",
    Status.PRESENTED: "primary",
    Status.IN_PROGRESS: "success",
    Status.CLOSED: "dark",
}
LIST_CRUMB = (gettext_lazy("Plans de formation"), "training:plan_list")
# One-click transitions; the others ask a text on their own page.
BUTTON_SERVICES = {"validate": services.plan_validate, "start": services.plan_start}
FORM_PAGES = {"reopen": "training:plan_reopen", "close": "training:plan_close"}
LANGUAGES = ("fr", "ar")


def crumbs(*tail):
    return [
        (_("Formation"), reverse("training:index")),
        (str(LIST_CRUMB[0]), reverse(LIST_CRUMB[1])),
        *tail,
    ]


def plan_crumb(plan):
    return (str(plan), plan.get_absolute_url())


def load_plan(pk) -> TrainingPlan:
    try:
        return selectors.plan_for_page(pk)
    except TrainingPlan.DoesNotExist as exc:
        raise Http404 from exc


def load_action(pk) -> PlanAction:
    try:
        return selectors.action_for_page(pk)
    except PlanAction.DoesNotExist as exc:
        raise Http404 from exc


# --- The list -------------------------------------------------------------------------------------------------------
class PlanFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=gettext_lazy("Année"), field_name="year")
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=Status.choices)
    o = django_filters.OrderingFilter(fields=[("year", "year"), ("cost_total", "cost_total")])

    class Meta:
        model = TrainingPlan
        fields = ["year", "status"]


class PlanListView(ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = PlanFilter
    page_title = gettext_lazy("Plans annuels de formation")
    breadcrumbs = [(gettext_lazy("Formation"), "training:index"), (gettext_lazy("Plans de formation"), None)]
    create_url = reverse_lazy("training:plan_create")
    create_label = gettext_lazy("Nouveau plan")
    create_permission = permissions.MANAGE_PLAN
    export_columns = [
        Column(gettext_lazy("Année"), "year", order_by="year", width=8, link=True),
        Column(gettext_lazy("Intitulé"), "title", width=36),
        Column(gettext_lazy("Statut"), "get_status_display", width=20),
        Column(gettext_lazy("Actions"), "action_count", exports.INTEGER, width=10),
        Column(gettext_lazy("Bénéficiaires prévus"), "participants_total", exports.INTEGER, width=14),
        Column(gettext_lazy("Coût prévu"), "cost_total", exports.MONEY, order_by="cost_total", width=18),
        Column(gettext_lazy("Validé le"), "validated_at", exports.DATETIME, width=16),
    ]

    def get_queryset(self):
        return selectors.plans_with_totals().order_by("-year")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "training:plan_detail"
        return context


# --- A plan ---------------------------------------------------------------------------------------------------------
def document_links(plan) -> list[tuple[str, str]]:
    return [
        (_("Plan (PDF, français)"), reverse("training:plan_pdf", args=[plan.pk, "fr"])),
        (_("Plan (PDF, arabe)"), reverse("training:plan_pdf", args=[plan.pk, "ar"])),
        (_("Plan (Excel)"), reverse("training:plan_xlsx", args=[plan.pk])),
    ]


def button_blockers(plan, name, actions) -> list[str]:
    """Why a one-click transition would be refused now: validation needs at least one action."""
    if name == "validate" and not actions:
        return [_("Le plan ne compte aucune action : ajoutez-en au moins une avant de le valider.")]
    return []


class PlanDetailView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "training/plans/detail.html"

    def get(self, request, pk):
        plan = load_plan(pk)
        user = request.user
        summary = selectors.plan_summary(plan)
        available = [t for t in PLAN_WORKFLOW.available(plan, user) if t.name in PAGE_TRANSITIONS]
        can_edit = bool(permissions.can_edit_actions(user, plan))
        context = {
            "plan": plan,
            "summary": summary,
            "status_style": STATUS_STYLES.get(plan.status, "secondary"),
            "decision": plan.cpdh_decision,
            "buttons": [
                (t, button_blockers(plan, t.name, summary.actions)) for t in available if t.name in BUTTON_SERVICES
            ],
            "pages": [(t, reverse(FORM_PAGES[t.name], args=[plan.pk])) for t in available if t.name in FORM_PAGES],
            "can_edit": can_edit,
            "documents": document_links(plan),
            "history_url": history_url(user, plan),
            "page_title": str(plan),
            "breadcrumbs": crumbs((str(plan), None)),
        }
        return TemplateResponse(request, self.template_name, context)


class PlanCreateView(DasViewMixin, View):
    das_permission = permissions.MANAGE_PLAN
    template_name = "training/plans/form.html"

    def render(self, form):
        title = _("Nouveau plan annuel de formation")
        context = {
            "form": form,
            "heading": title,
            "page_title": title,
            "breadcrumbs": crumbs((title, None)),
            "back_url": reverse("training:plan_list"),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request):
        return self.render(forms.PlanCreateForm())

    def post(self, request):
        form = forms.PlanCreateForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        data = form.cleaned_data
        copy_from = services.previous_plan(data["year"]) if data["copy_previous"] else None
        if data["copy_previous"] and copy_from is None:
            form.add_error(
                "copy_previous", _("Il n'y a pas de plan pour l'année %(year)s.") % {"year": data["year"] - 1}
            )
            return self.render(form)
        try:
            plan = services.plan_create(
                by=request.user,
                year=data["year"],
                title=data["title"],
                objectives=data["objectives"],
                copy_from=copy_from,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, _("Plan de formation %(year)s créé en brouillon.") % {"year": plan.year})
        return redirect(plan.get_absolute_url())


class PlanPage(RecordFormPage):
    """A form about one plan (its header, the reason to send it back, its closing note)."""

    template_name = "training/plans/form.html"
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
        return _("Modifier l'en-tête du plan %(year)s") % {"year": self.plan.year}

    def unavailable(self):
        return permissions.can_edit_actions(self.request.user, self.plan).reason

    def make_form(self, data=None):
        return forms.PlanEditForm(data, initial={"title": self.plan.title, "objectives": self.plan.objectives})

    def run(self, form):
        services.plan_update(plan=self.plan, by=self.request.user, **form.cleaned_data)
        return _("En-tête du plan enregistré.")


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
    das_permission = permissions.ACCESS  # each service checks its own permission (validate: chef; start: formation)
    workflow = PLAN_WORKFLOW
    transition_services = BUTTON_SERVICES
    record_argument = "plan"
    detail_url_name = "training:plan_detail"
    done_message = gettext_lazy("Le plan est maintenant « %(status)s ».")

    def get_record(self, pk):
        return load_plan(pk)


# --- Its actions ----------------------------------------------------------------------------------------------------
class ActionPage(RecordFormPage):
    das_permission = permissions.MANAGE_PLAN
    template_name = "training/plans/action_form.html"

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
            "themes": NeedTheme.objects.filter(needs__year=self.plan.year).distinct().order_by("code"),
        }

    def save(self, form, action=None):
        data = dict(form.cleaned_data)
        needs = data.pop("needs")
        return services.action_save(plan=self.plan, by=self.request.user, action=action, needs=needs, **data)


class ActionCreateView(ActionPage):
    def load(self, pk):
        self.plan = load_plan(pk)

    def title(self):
        return _("Nouvelle action du plan %(year)s") % {"year": self.plan.year}

    def make_form(self, data=None):
        return forms.ActionForm(data, plan=self.plan)

    def run(self, form):
        action = self.save(form)
        return _("Action n° %(number)s ajoutée au plan.") % {"number": action.number}


class ActionUpdateView(ActionPage):
    def load(self, pk):
        self.action = load_action(pk)
        self.plan = load_plan(self.action.plan_id)

    def title(self):
        return _("Modifier l'action n° %(number)s") % {"number": self.action.number}

    def make_form(self, data=None):
        return forms.ActionForm(data, plan=self.plan, action=self.action)

    def run(self, form):
        self.save(form, self.action)
        return _("Action n° %(number)s enregistrée.") % {"number": self.action.number}


class ActionDeleteView(DasViewMixin, View):
    das_permission = permissions.MANAGE_PLAN
    http_method_names = ["post"]

    def post(self, request, pk):
        action = load_action(pk)
        try:
            services.action_delete(action=action, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, _("Action n° %(number)s retirée du plan.") % {"number": action.number})
        return redirect(reverse("training:plan_detail", args=[action.plan_id]) + "#actions")


class ActionDetailView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "training/plans/action_detail.html"

    def get(self, request, pk):
        action = load_action(pk)
        plan = action.plan
        title = _("Action n° %(number)s du plan %(year)s") % {"number": action.number, "year": plan.year}
        context = {
            "action": action,
            "plan": plan,
            "provider": selectors.provider_label(action),
            "can_edit": bool(permissions.can_edit_actions(request.user, plan)),
            "history_url": history_url(request.user, action),
            "page_title": title,
            "breadcrumbs": crumbs(plan_crumb(plan), (title, None)),
        }
        return TemplateResponse(request, self.template_name, context)


# --- Its documents --------------------------------------------------------------------------------------------------
class PlanPdfView(DasViewMixin, View):
    das_permission = permissions.ACCESS

    def get(self, request, pk, language):
        if language not in LANGUAGES:
            raise Http404
        plan = load_plan(pk)
        content = documents.render_plan_pdf(plan, language)
        return exports.pdf_response(request, content, f"{documents.file_stem(plan)}-{language}.pdf")


class PlanXlsxView(DasViewMixin, View):
    das_permission = permissions.ACCESS

    def get(self, request, pk):
        plan = load_plan(pk)
        workbook = documents.plan_workbook(plan, request.user)
        name = f"{documents.file_stem(plan)}.xlsx"
        return workbook_response(request, workbook, name)
