"""Actions de proximité et de solidarité: the list (filters, totals, Excel and PDF), the action's page with its
transitions, the form (communes, partners, beneficiaries, who paid what), and the cancellation with its reason."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, Sum
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from das import exports
from das.exports import Column
from das.forms import add_service_error
from das.views.base import DasViewMixin, ExportableListView, TransitionView, history_url, refusal_text
from projects import permissions
from projects.models import ProximityAction, ProximityBeneficiaries, ProximityFunding
from projects.proximity_filters import ProximityActionFilter, action_list
from projects.proximity_forms import (
    BeneficiaryFormSet,
    CancelForm,
    FundingFormSet,
    ProximityActionForm,
    beneficiary_initial,
    funding_initial,
)
from projects.scope import ScopedListMixin, get_in_scope
from projects.services import proximity as services
from projects.views.calls import SPACE_CRUMB

READ = permissions.ACCESS
MANAGE = services.MANAGE
ACTIONS_CRUMB = (gettext_lazy("Actions de proximité"), "projects:proximity_list")
STATUS_STYLES = {
    ProximityAction.Status.PLANNED: "primary",
    ProximityAction.Status.DONE: "success",
    ProximityAction.Status.CANCELLED: "secondary",
}


def crumbs(*tail):
    return [(SPACE_CRUMB[0], reverse(SPACE_CRUMB[1])), (ACTIONS_CRUMB[0], reverse(ACTIONS_CRUMB[1])), *tail]


def get_action(request, pk, queryset=None) -> ProximityAction:
    """The action of a page, within the user's communes (404 otherwise)."""
    return get_in_scope(request, queryset if queryset is not None else ProximityAction.objects.all(), pk=pk)


class ProximityListView(ScopedListMixin, ExportableListView):
    das_permission = READ
    filterset_class = ProximityActionFilter
    template_name = "projects/proximity_list.html"
    page_title = gettext_lazy("Actions de proximité et de solidarité")
    breadcrumbs = [SPACE_CRUMB, (gettext_lazy("Actions de proximité"), None)]
    create_url = None  # set in get_context_data (reverse needs the URLconf loaded)
    create_label = gettext_lazy("Nouvelle action")
    create_permission = MANAGE
    export_columns = [
        Column(gettext_lazy("Référence"), "reference", order_by="reference", width=16, link=True, code=True),
        Column(gettext_lazy("Intitulé"), "title", order_by="title", width=40),
        Column(gettext_lazy("Type"), "get_kind_display", order_by="kind", width=22),
        Column(gettext_lazy("Début"), "start_date", exports.DATE, order_by="start_date", width=12),
        Column(gettext_lazy("Fin"), "end_date", exports.DATE, width=12),
        Column(gettext_lazy("Communes"), "commune_names", width=30),
        Column(
            gettext_lazy("Bénéficiaires"),
            "beneficiaries_total",
            exports.INTEGER,
            order_by="beneficiaries_total",
            width=14,
        ),
        Column(gettext_lazy("dont femmes"), "beneficiaries_women", exports.INTEGER, width=12),
        Column(gettext_lazy("dont hommes"), "beneficiaries_men", exports.INTEGER, width=12),
        Column(gettext_lazy("Coût total"), "total_cost", exports.MONEY, order_by="total_cost", width=18),
        Column(gettext_lazy("dont INDH"), "indh_cost", exports.MONEY, width=18),
        Column(gettext_lazy("Statut"), "get_status_display", order_by="status", width=12),
    ]

    def get_queryset(self):
        return action_list().order_by("-start_date", "-reference")

    def get_context_data(self, **kwargs):
        self.create_url = reverse("projects:proximity_create")
        context = super().get_context_data(**kwargs)
        context["row_url"] = "projects:proximity_detail"
        rows = context["filter"].qs.order_by().values("pk")
        beneficiaries = ProximityBeneficiaries.objects.filter(action__in=rows).aggregate(
            total=Sum("count"), women=Sum("count", filter=Q(sex=ProximityBeneficiaries.Sex.FEMALE))
        )
        costs = ProximityFunding.objects.filter(action__in=rows).aggregate(
            total=Sum("amount"), indh=Sum("amount", filter=Q(payer=ProximityFunding.Payer.INDH))
        )
        context["totals"] = {
            "beneficiaries": beneficiaries["total"] or 0,
            "women": beneficiaries["women"] or 0,
            "cost": costs["total"] or Decimal("0"),
            "indh": costs["indh"] or Decimal("0"),
        }
        return context


def action_page_queryset():
    return ProximityAction.objects.prefetch_related(
        "communes",
        "partners",
        Prefetch(
            "beneficiaries",
            queryset=ProximityBeneficiaries.objects.select_related("category").order_by(
                "category__code", "sex", "age_group"
            ),
        ),
        Prefetch("fundings", queryset=ProximityFunding.objects.select_related("partner").order_by("pk")),
    )


class ProximityDetailView(DasViewMixin, View):
    das_permission = READ
    template_name = "projects/proximity_detail.html"

    def get(self, request, pk):
        action = get_action(request, pk, action_page_queryset())
        beneficiaries = list(action.beneficiaries.all())
        fundings = list(action.fundings.all())
        user = request.user
        by_sex = {sex: 0 for sex, _label in ProximityBeneficiaries.Sex.choices}
        by_age = {age: 0 for age, _label in ProximityBeneficiaries.AgeGroup.choices}
        for line in beneficiaries:
            by_sex[line.sex] += line.count
            by_age[line.age_group] += line.count
        context = {
            "action": action,
            "page_title": str(action),
            "breadcrumbs": crumbs((action.reference, None)),
            "status_style": STATUS_STYLES.get(action.status, "secondary"),
            "beneficiaries": beneficiaries,
            "beneficiaries_total": sum(line.count for line in beneficiaries),
            "by_sex": [(label, by_sex[sex]) for sex, label in ProximityBeneficiaries.Sex.choices],
            "by_age": [(label, by_age[age]) for age, label in ProximityBeneficiaries.AgeGroup.choices],
            "fundings": fundings,
            "total_cost": sum((line.amount for line in fundings), Decimal("0")),
            "transitions": [t for t in services.WORKFLOW.available(action, user) if t.name != "cancel"],
            "can_cancel": bool(services.WORKFLOW.decide(action, "cancel", user)),
            "can_edit": action.status in services.EDITABLE and user.has_perm(MANAGE),
            "history_url": history_url(user, action),
        }
        return TemplateResponse(request, self.template_name, context)


class ProximityFormView(DasViewMixin, View):
    """Create an action (no pk) or change it: the action, its communes and partners, its beneficiary lines and
    its cost lines, saved together by the service."""

    das_permission = MANAGE
    template_name = "projects/proximity_form.html"

    def dispatch(self, request, *args, pk=None, **kwargs):
        self.action = get_action(request, pk, action_page_queryset()) if pk else None
        if self.action is not None and self.action.status not in services.EDITABLE:
            messages.warning(request, _("Une action annulée ne se modifie plus."))
            return redirect("projects:proximity_detail", pk)
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        if self.action is None:
            return (
                ProximityActionForm(data),
                BeneficiaryFormSet(data, prefix="beneficiaries"),
                FundingFormSet(data, prefix="fundings"),
            )
        return (
            ProximityActionForm(data, instance=self.action),
            BeneficiaryFormSet(data, prefix="beneficiaries", initial=beneficiary_initial(self.action)),
            FundingFormSet(data, prefix="fundings", initial=funding_initial(self.action)),
        )

    def render(self, form, beneficiaries, fundings):
        title = _("Modifier l'action") if self.action else _("Nouvelle action de proximité")
        tail = [(self.action.reference, self.action.get_absolute_url())] if self.action else []
        context = {
            "action": self.action,
            "form": form,
            "beneficiary_formset": beneficiaries,
            "funding_formset": fundings,
            "heading": title,
            "page_title": f"{title} — {self.action}" if self.action else title,
            "breadcrumbs": crumbs(*tail, (title, None)),
            "cancel_url": self.action.get_absolute_url() if self.action else reverse("projects:proximity_list"),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render(*self.forms())

    def post(self, request, *args, **kwargs):
        form, beneficiaries, fundings = self.forms(request.POST)
        if not (form.is_valid() & beneficiaries.is_valid() & fundings.is_valid()):
            return self.render(form, beneficiaries, fundings)
        arguments = {
            "by": request.user,
            "communes": form.cleaned_data["communes"],
            "partners": form.cleaned_data["partners"],
            "beneficiaries": beneficiaries.lines(),
            "fundings": fundings.lines(),
            **form.action_fields(),
        }
        try:
            if self.action is None:
                action = services.action_create(**arguments)
            else:
                action = services.action_update(action=self.action, **arguments)
        except ValidationError as exc:
            errors = getattr(exc, "error_dict", None)
            if errors:
                for name in ("beneficiaries", "fundings"):
                    for error in errors.pop(name, []):
                        form.add_error(None, error)
                exc = ValidationError(errors) if errors else None
            if exc is not None:
                add_service_error(form, exc)
            return self.render(form, beneficiaries, fundings)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form, beneficiaries, fundings)
        messages.success(request, _("L'action %(reference)s est enregistrée.") % {"reference": action.reference})
        return redirect(action.get_absolute_url())


class ProximityTransitionView(TransitionView):
    """Realize: one POST (the cancellation, which needs a reason, has its own page)."""

    das_permission = MANAGE
    workflow = services.WORKFLOW
    transition_services = {"realize": services.action_realize}
    record_argument = "action"
    detail_url_name = "projects:proximity_detail"
    done_message = gettext_lazy("L'action est maintenant « %(status)s ».")

    def get_record(self, pk):
        return get_action(self.request, pk)


class ProximityCancelView(DasViewMixin, View):
    das_permission = MANAGE
    template_name = "projects/proximity_cancel.html"

    def dispatch(self, request, *args, pk, **kwargs):
        self.action = get_action(request, pk)
        return super().dispatch(request, *args, pk=pk, **kwargs)

    def render(self, form):
        title = _("Annuler « %(action)s »") % {"action": self.action}
        context = {
            "action": self.action,
            "form": form,
            "page_title": title,
            "breadcrumbs": crumbs((self.action.reference, self.action.get_absolute_url()), (_("Annulation"), None)),
            "decision": services.WORKFLOW.decide(self.action, "cancel", self.request.user),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk):
        return self.render(CancelForm())

    def post(self, request, pk):
        form = CancelForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            services.action_cancel(action=self.action, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error("reason", exc.messages)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, _("L'action est annulée."))
        return redirect("projects:proximity_detail", pk)
