"""Tranches and payments of a convention: the schedule, the release by the head, the payments, and the list of
every payment (exportable). The rules (sums, ceilings, roles, states) are in projects.services.tranches."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from das import exports
from das.exports import Column
from das.models import Partner
from das.views.base import DasViewMixin, ExportableListView, RecordFormPage, refusal_text
from projects import permissions
from projects import tranche_forms as forms
from projects.filters import commune_filter, programme_filter
from projects.models import Payment, Tranche
from projects.scope import ScopedListMixin, get_in_scope
from projects.services import tranches as services
from projects.views.calls import SPACE_CRUMB
from projects.views.conventions import crumbs, get_convention


def get_tranche(request, pk) -> Tranche:
    """The tranche of a page, within the user's communes (404 otherwise)."""
    return get_in_scope(request, Tranche.objects.select_related("convention__project__holder"), pk=pk)


class TrancheScheduleView(DasViewMixin, View):
    """The schedule: the tranches of the INDH contribution, in order, with their conditions."""

    das_permission = permissions.MANAGE_DOSSIERS
    template_name = "projects/tranche_schedule.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.convention = get_convention(request, kwargs["pk"])

    def render(self, formset, errors=(), mode_form=None):
        heading = _("Échéancier des tranches")
        context = {
            "convention": self.convention,
            "indh": services.indh_contribution(self.convention),
            "formset": formset,
            "mode_form": mode_form or forms.ScheduleModeForm(),
            "errors": list(errors),
            "heading": heading,
            "page_title": heading,
            "breadcrumbs": crumbs((self.convention.reference, self.convention.get_absolute_url()), (heading, None)),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk):
        if not services.may_schedule(self.convention, request.user):
            # The view's permission is the predicate's: what refuses here is the state (closed, avenant under way).
            messages.warning(request, services.schedule_blocker(self.convention))
            return redirect(self.convention.get_absolute_url())
        initial = forms.schedule_initial(self.convention.tranches.all())
        return self.render(forms.TrancheFormSet(initial=initial, prefix="tranches"))

    def post(self, request, pk):
        mode_form = forms.ScheduleModeForm(request.POST or None)
        mode = mode_form.cleaned_data["mode"] if mode_form.is_valid() else forms.AMOUNTS
        formset = forms.TrancheFormSet(request.POST, prefix="tranches")
        if not formset.is_valid():
            return self.render(formset, mode_form=mode_form)
        try:
            lines = forms.schedule_lines(mode, formset, services.indh_contribution(self.convention))
            services.tranche_schedule_set(convention=self.convention, by=request.user, lines=lines)
        except (ValidationError, PermissionDenied) as exc:
            errors = exc.messages if isinstance(exc, ValidationError) else [refusal_text(exc)]
            return self.render(formset, errors, mode_form)
        messages.success(request, _("Échéancier enregistré."))
        return redirect(self.convention.get_absolute_url())


class TranchePage(RecordFormPage):
    """A form page about one tranche."""

    template_name = "projects/tranche_form.html"

    def load(self, pk):
        self.tranche = get_tranche(self.request, pk)
        self.convention = self.tranche.convention

    def done_url(self):
        return self.convention.get_absolute_url()

    def context(self, title):
        return {
            "convention": self.convention,
            "tranche": self.tranche,
            "page_title": title,
            "breadcrumbs": crumbs((self.convention.reference, self.convention.get_absolute_url()), (title, None)),
        }


class TrancheReleaseView(TranchePage):
    """The head ticks the tranche's conditions: the tranche is released."""

    das_permission = permissions.APPROVE

    def title(self):
        return _("Débloquer la tranche %(number)s") % {"number": self.tranche.number}

    def unavailable(self):
        if services.may_release(self.tranche, self.request.user):
            return ""
        return _("Cette tranche ne peut pas être débloquée maintenant.")

    def make_form(self, data=None):
        return forms.ReleaseForm(data)

    def run(self, form):
        services.tranche_release(tranche=self.tranche, by=self.request.user, on=form.cleaned_data["on"])
        return _("La tranche %(number)s est débloquée.") % {"number": self.tranche.number}


class PaymentCreateView(TranchePage):
    das_permission = permissions.MANAGE_DOSSIERS

    def title(self):
        return _("Enregistrer un paiement sur la tranche %(number)s") % {"number": self.tranche.number}

    def unavailable(self):
        if services.may_pay(self.tranche, self.request.user):
            return ""
        return _("Un paiement s'enregistre sur une tranche débloquée d'une convention signée ou en exécution.")

    def extra_context(self):
        return {
            "paid": services.tranche_paid(self.tranche),
            "convention_left": services.indh_contribution(self.convention) - services.paid_total(self.convention),
        }

    def make_form(self, data=None):
        return forms.PaymentForm(data)

    def run(self, form):
        data = form.cleaned_data
        services.payment_record(
            tranche=self.tranche,
            by=self.request.user,
            paid_on=data["paid_on"],
            amount=data["amount"],
            payment_order=data["payment_order"],
            rib=data["rib"],
        )
        return _("Paiement enregistré.")


# --- Every payment ------------------------------------------------------------------------------------------------


def payment_years():
    years = Payment.objects.dates("paid_on", "year", order="DESC")
    return [(str(d.year), str(d.year)) for d in years]


class PaymentFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label=gettext_lazy("Année"), field_name="paid_on", lookup_expr="year", choices=payment_years
    )
    programme = programme_filter("tranche__convention__project__programme")
    commune = commune_filter("tranche__convention__project__commune")
    holder = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Porteur"),
        field_name="tranche__convention__project__holder",
        queryset=Partner.objects.filter(projects__conventions__tranches__payments__isnull=False)
        .distinct()
        .order_by("name"),
    )
    o = django_filters.OrderingFilter(
        fields=[
            ("paid_on", "paid_on"),
            ("amount", "amount"),
            ("payment_order", "payment_order"),
            ("tranche__convention__reference", "convention"),
        ]
    )

    class Meta:
        model = Payment
        fields = ["year", "programme", "commune", "holder"]


class PaymentListView(ScopedListMixin, ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = PaymentFilter
    page_title = gettext_lazy("Paiements")
    breadcrumbs = [SPACE_CRUMB, (gettext_lazy("Paiements"), None)]
    export_columns = [
        Column(gettext_lazy("Payé le"), "paid_on", exports.DATE, order_by="paid_on", width=12),
        Column(
            gettext_lazy("Convention"),
            "tranche.convention.reference",
            order_by="convention",
            width=16,
            code=True,
            href=lambda p: p.tranche.convention.get_absolute_url(),
        ),
        Column(gettext_lazy("Projet"), "tranche.convention.project.code", width=16, code=True),
        Column(gettext_lazy("Porteur"), "tranche.convention.project.holder", width=30),
        Column(gettext_lazy("Commune"), "tranche.convention.project.commune", width=18),
        Column(gettext_lazy("Tranche"), "tranche.number", width=8),
        Column(gettext_lazy("Montant"), "amount", exports.MONEY, order_by="amount", width=18),
        Column(gettext_lazy("Ordre de paiement"), "payment_order", order_by="payment_order", width=18, code=True),
        Column(gettext_lazy("RIB"), "rib", width=28, code=True),
    ]

    def get_queryset(self):
        return Payment.objects.select_related(
            "tranche__convention__project__holder", "tranche__convention__project__commune"
        ).order_by("-paid_on", "-pk")
