"""Marchés: the list of every marché (filters, totals, Excel and PDF), the marché's page with its computed status
and delays, its forms (from the project's page), and its end (infructueux or annulé) with a reason. The rules are
in projects.services.procurement; the status and delays in projects.procurement_selectors."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, Sum
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from das import exports
from das.exports import Column
from das.forms import add_service_error
from das.models import Partner
from das.views.base import DasViewMixin, ExportableListView, history_url, refusal_text
from projects import permissions
from projects.filters import commune_filter, programme_filter
from projects.models import Procurement, Project
from projects.models.procurement import award_limit_days
from projects.procurement_forms import EndForm, ProcurementForm
from projects.procurement_selectors import procurement_list, with_state
from projects.scope import ScopedListMixin, get_in_scope
from projects.services import procurement as services
from projects.views.calls import SPACE_CRUMB

READ = permissions.ACCESS
MANAGE = services.MANAGE
Status = Procurement.Status
STATUS_STYLES = {
    Status.PREPARING: "secondary",
    Status.PUBLISHED: "info",
    Status.BIDS_OPENED: "info",
    Status.AWARDED: "primary",
    Status.EXECUTING: "primary",
    Status.PROVISIONAL: "success",
    Status.FINAL: "dark",
    Status.UNSUCCESSFUL: "warning",
    Status.CANCELLED: "secondary",
}
LIST_CRUMB = (gettext_lazy("Marchés"), "projects:procurement_list")


def crumbs(*tail):
    return [(SPACE_CRUMB[0], reverse(SPACE_CRUMB[1])), (LIST_CRUMB[0], reverse(LIST_CRUMB[1])), *tail]


def status_label(procurement) -> str:
    return Status(procurement.current_status).label


def procurement_years():
    years = with_state(Procurement.objects.order_by()).values_list("year", flat=True).distinct()
    return [(str(year), str(year)) for year in sorted(years, reverse=True)]


class ProcurementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Recherche (référence, objet, attributaire)"), method="search")
    programme = programme_filter("project__programme")
    commune = commune_filter("project__commune")
    holder = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Porteur"),
        field_name="project__holder",
        queryset=Partner.objects.filter(projects__procurements__isnull=False).distinct().order_by("name"),
    )
    procedure = django_filters.ChoiceFilter(label=gettext_lazy("Procédure"), choices=Procurement.Procedure.choices)
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Statut"), field_name="current_status", choices=Status.choices
    )
    year = django_filters.ChoiceFilter(label=gettext_lazy("Année"), field_name="year", choices=procurement_years)
    retard = django_filters.ChoiceFilter(
        label=gettext_lazy("En retard"), choices=[("1", gettext_lazy("Oui"))], method="late_only"
    )
    o = django_filters.OrderingFilter(
        fields=[
            ("reference", "reference"),
            ("project__code", "project"),
            ("estimated_amount", "estimated_amount"),
            ("awarded_amount", "awarded_amount"),
            ("planned_end_on", "planned_end_on"),
            ("days_late", "days_late"),
            ("current_status", "status"),
        ]
    )

    class Meta:
        model = Procurement
        fields = ["q", "programme", "commune", "holder", "procedure", "status", "year", "retard"]

    def search(self, queryset, _name, value):
        return queryset.filter(
            Q(reference__icontains=value) | Q(subject__icontains=value) | Q(contractor_name__icontains=value)
        )

    def late_only(self, queryset, _name, value):
        return queryset.filter(is_late=True) if value == "1" else queryset


class ProcurementListView(ScopedListMixin, ExportableListView):
    das_permission = READ
    filterset_class = ProcurementFilter
    template_name = "projects/procurement_list.html"
    page_title = gettext_lazy("Marchés")
    breadcrumbs = [SPACE_CRUMB, (gettext_lazy("Marchés"), None)]
    export_columns = [
        Column(gettext_lazy("Référence"), "reference", order_by="reference", width=18, link=True, code=True),
        Column(gettext_lazy("Objet"), "subject", width=40),
        Column(gettext_lazy("Procédure"), "get_procedure_display", width=24),
        Column(
            gettext_lazy("Projet"),
            "project.code",
            order_by="project",
            width=16,
            code=True,
            href=lambda m: m.project.get_absolute_url(),
        ),
        Column(gettext_lazy("Commune"), "project.commune", width=18),
        Column(gettext_lazy("Porteur"), "project.holder", width=28),
        Column(gettext_lazy("Estimation"), "estimated_amount", exports.MONEY, order_by="estimated_amount", width=18),
        Column(gettext_lazy("Attributaire"), "contractor_name", width=28),
        Column(gettext_lazy("Montant attribué"), "awarded_amount", exports.MONEY, order_by="awarded_amount", width=18),
        Column(gettext_lazy("Ordre de service"), "service_order_on", exports.DATE, width=12),
        Column(
            gettext_lazy("Achèvement contractuel"), "planned_end_on", exports.DATE, order_by="planned_end_on", width=12
        ),
        Column(
            gettext_lazy("Jours de retard"),
            lambda m: m.days_late or None,
            exports.INTEGER,
            order_by="days_late",
            width=10,
        ),
        Column(gettext_lazy("Statut"), status_label, order_by="status", width=20),
    ]

    def get_queryset(self):
        return procurement_list().order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "projects:procurement_detail"
        rows = context["filter"].qs.order_by()
        totals = rows.aggregate(estimated=Sum("estimated_amount"), awarded=Sum("awarded_amount"))
        context["totals"] = {key: value or Decimal("0") for key, value in totals.items()}
        return context


def get_procurement(request, pk) -> Procurement:
    """The marché of a page, within the user's communes (404 otherwise)."""
    queryset = Procurement.objects.select_related("project__holder", "project__commune", "project__programme")
    return get_in_scope(request, queryset, pk=pk)


class ProcurementDetailView(DasViewMixin, View):
    das_permission = READ
    template_name = "projects/procurement_detail.html"

    def get(self, request, pk):
        procurement = get_procurement(request, pk)
        user = request.user
        state = procurement.state()
        context = {
            "procurement": procurement,
            "project": procurement.project,
            "state": state,
            "status_style": STATUS_STYLES.get(state.status, "secondary"),
            "award_limit": award_limit_days(),
            "page_title": str(procurement),
            "breadcrumbs": crumbs((procurement.reference, None)),
            "can_edit": services.may_manage(procurement, user),
            "can_end": services.may_end(procurement, user),
            "history_url": history_url(user, procurement),
        }
        return TemplateResponse(request, self.template_name, context)


class ProcurementFormView(DasViewMixin, View):
    """Record a marché of a project (``project`` given) or change one (``pk`` given)."""

    das_permission = MANAGE
    template_name = "projects/procurement_form.html"

    def dispatch(self, request, *args, pk=None, project=None, **kwargs):
        self.procurement = get_procurement(request, pk) if pk else None
        self.project = (
            self.procurement.project if self.procurement else get_in_scope(request, Project.objects.all(), pk=project)
        )
        if self.procurement is not None and self.procurement.ending:
            messages.warning(request, _("Un marché infructueux ou annulé ne se modifie plus."))
            return redirect(self.procurement.get_absolute_url())
        if self.procurement is None and not services.may_add_to(self.project, request.user):
            messages.warning(
                request,
                _("Un projet « %(status)s » ne reçoit plus de marché.") % {"status": self.project.get_status_display()},
            )
            return redirect(self.project.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def render(self, form):
        title = _("Modifier le marché") if self.procurement else _("Nouveau marché")
        tail = [(self.procurement.reference, self.procurement.get_absolute_url())] if self.procurement else []
        back = self.procurement.get_absolute_url() if self.procurement else self.project.get_absolute_url()
        context = {
            "form": form,
            "project": self.project,
            "procurement": self.procurement,
            "heading": title,
            "page_title": title,
            "breadcrumbs": crumbs(*tail, (title, None)),
            "cancel_url": back,
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render(ProcurementForm(instance=self.procurement))

    def post(self, request, *args, **kwargs):
        # The form validates a copy: the service loads and locks its own row.
        instance = (
            get_procurement(self.request, self.procurement.pk)
            if self.procurement
            else Procurement(project=self.project)
        )
        form = ProcurementForm(request.POST, instance=instance)
        if not form.is_valid():
            return self.render(form)
        try:
            if self.procurement is None:
                saved = services.procurement_create(project=self.project, by=request.user, **form.values())
            else:
                saved = services.procurement_update(procurement=self.procurement, by=request.user, **form.values())
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, _("Le marché %(reference)s est enregistré.") % {"reference": saved.reference})
        if saved.over_estimate:
            messages.warning(
                request,
                _("Le montant attribué dépasse l'estimation de %(gap)s.")
                % {"gap": _money(saved.awarded_amount - saved.estimated_amount)},
            )
        return redirect(saved.get_absolute_url())


def _money(value):
    from das.formatting import format_money

    return format_money(value)


class ProcurementEndView(DasViewMixin, View):
    """Declare the marché unsuccessful or cancel it, with the date and the reason."""

    das_permission = MANAGE
    template_name = "projects/procurement_end.html"

    def dispatch(self, request, *args, pk, **kwargs):
        self.procurement = get_procurement(request, pk)
        if not services.may_end(self.procurement, request.user):
            messages.warning(request, _("Ce marché ne peut plus être déclaré infructueux ni annulé."))
            return redirect(self.procurement.get_absolute_url())
        return super().dispatch(request, *args, pk=pk, **kwargs)

    def render(self, form):
        title = _("Infructueux ou annulé : %(reference)s") % {"reference": self.procurement.reference}
        context = {
            "procurement": self.procurement,
            "form": form,
            "heading": title,
            "page_title": title,
            "breadcrumbs": crumbs(
                (self.procurement.reference, self.procurement.get_absolute_url()), (_("Fin de procédure"), None)
            ),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk):
        return self.render(EndForm())

    def post(self, request, pk):
        form = EndForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        data = form.cleaned_data
        try:
            ended = services.procurement_end(
                procurement=self.procurement,
                by=request.user,
                ending=data["ending"],
                on=data["on"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, _("Le marché est « %(ending)s ».") % {"ending": ended.get_ending_display()})
        return redirect(ended.get_absolute_url())
