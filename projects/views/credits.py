"""The credits pages: the years, a year's notifications and versions of the répartition, the notifications list
(exportable), a notification and its corrections, the grid editor, a version's page (what the DBM reads) and its
way to the DBM. The rules are in projects.services.credits; the reads in projects.credit_pages."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from das import exports
from das.exports import Column
from das.models import FiscalYear
from das.views.base import (
    DasViewMixin,
    ExportableListView,
    RecordFormPage,
    TransitionView,
    history_url,
    refusal_text,
    refuse,
)
from projects import credit_forms as forms
from projects import credit_pages as pages
from projects import permissions
from projects.credit_selectors import allocation_changes
from projects.filters import programme_filter
from projects.models import CreditAllocation, CreditNotification
from projects.services import credits as services

READ = permissions.VIEW_CREDITS
MANAGE = permissions.MANAGE_CREDITS
INDEX_CRUMB = (gettext_lazy("Crédits"), "projects:credit_index")
Status = CreditAllocation.Status
STATUS_STYLES = {
    Status.DRAFT: "secondary",
    Status.VALIDATED: "info",
    Status.TRANSMITTED: "primary",
    Status.ACKNOWLEDGED: "success",
}
# The transitions offered as one-click buttons; transmit and acknowledge ask a date on their own page.
BUTTON_SERVICES = {"validate": services.allocation_validate, "reopen": services.allocation_reopen}
FORM_PAGES = {
    "transmit": "projects:credit_allocation_transmit",
    "acknowledge": "projects:credit_allocation_acknowledge",
}


def crumbs(*tail):
    return [(INDEX_CRUMB[0], reverse(INDEX_CRUMB[1])), *tail]


def year_crumb(year: int):
    return (str(year), reverse("projects:credit_year", args=[year]))


def may_manage(user, fiscal_year) -> bool:
    return fiscal_year is not None and not fiscal_year.is_closed and user.has_perm(MANAGE)


def get_allocation(request, pk) -> CreditAllocation:
    try:
        allocation = pages.load_allocation(pk)
    except CreditAllocation.DoesNotExist as exc:
        raise Http404 from exc
    decision = permissions.can_view_allocation(request.user, allocation)
    if not decision:
        refuse(request, decision)
    return allocation


# --- The years ----------------------------------------------------------------------------------------------------
class CreditIndexView(DasViewMixin, View):
    das_permission = READ
    template_name = "projects/credits/index.html"

    def get(self, request):
        title = _("Crédits")
        context = {
            "years": pages.credit_years(),
            "page_title": title,
            "breadcrumbs": [(title, None)],
            "list_url": reverse("projects:credit_notification_list"),
        }
        return TemplateResponse(request, self.template_name, context)


class CreditYearView(DasViewMixin, View):
    das_permission = READ
    template_name = "projects/credits/year.html"

    def get(self, request, year):
        fiscal_year = pages.fiscal_year_or_none(year)
        user = request.user
        manage = may_manage(user, fiscal_year)
        open_version = pages.open_version(fiscal_year) if fiscal_year else None
        rows = pages.notifications_of_year(fiscal_year) if fiscal_year else []
        title = _("Crédits %(year)s") % {"year": year}
        context = {
            "year": year,
            "fiscal_year": fiscal_year,
            "rows": rows,
            "notified_total": sum((row.total for row in rows), pages.ZERO),
            "versions": pages.versions_of_year(fiscal_year, user) if fiscal_year else [],
            "status_styles": STATUS_STYLES,
            "can_notify": manage,
            "can_start": manage and open_version is None,
            "open_version": open_version if user.has_perm(permissions.ACCESS) else None,
            "picture_url": reverse("projects:credit_picture", args=[year]),
            "list_url": reverse("projects:credit_notification_list") + f"?year={year}",
            "page_title": title,
            "breadcrumbs": crumbs((str(year), None)),
        }
        return TemplateResponse(request, self.template_name, context)


# --- Notifications ------------------------------------------------------------------------------------------------
def notification_years():
    years = FiscalYear.objects.filter(credit_notifications__isnull=False).values_list("year", flat=True).distinct()
    return [(str(year), str(year)) for year in sorted(years, reverse=True)]


class NotificationFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label=gettext_lazy("Exercice"), field_name="fiscal_year__year", choices=notification_years
    )
    programme = programme_filter("programme")
    source = django_filters.ChoiceFilter(label=gettext_lazy("Source"), choices=CreditNotification.Source.choices)
    o = django_filters.OrderingFilter(
        fields=[("notified_on", "notified_on"), ("amount", "amount"), ("reference", "reference")]
    )

    class Meta:
        model = CreditNotification
        fields = ["year", "programme", "source"]


def _corrects(notification) -> str:
    return notification.corrects.reference if notification.corrects_id else ""


class NotificationListView(ExportableListView):
    das_permission = READ
    filterset_class = NotificationFilter
    page_title = gettext_lazy("Notifications de crédits")
    breadcrumbs = [INDEX_CRUMB, (gettext_lazy("Notifications"), None)]
    export_columns = [
        Column(gettext_lazy("Exercice"), "fiscal_year.year", width=10),
        Column(gettext_lazy("Référence"), "reference", order_by="reference", width=22, link=True, code=True),
        Column(gettext_lazy("Notifiée le"), "notified_on", exports.DATE, order_by="notified_on", width=12),
        Column(gettext_lazy("Phase"), "programme.phase.code", width=8),
        Column(gettext_lazy("Programme"), "programme", width=40),
        Column(gettext_lazy("Source"), "get_source_display", width=22),
        Column(gettext_lazy("Partenaire"), "partner", width=28),
        Column(gettext_lazy("Montant"), "amount", exports.MONEY, order_by="amount", width=18),
        Column(gettext_lazy("Corrige"), _corrects, width=22, code=True),
        Column(gettext_lazy("Observations"), "note", width=40),
    ]

    def get_queryset(self):
        return CreditNotification.objects.select_related(
            "fiscal_year", "programme__phase", "partner", "corrects"
        ).order_by("-fiscal_year__year", "-notified_on", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "projects:credit_notification_detail"
        return context


class NotificationCreateView(RecordFormPage):
    das_permission = MANAGE
    template_name = "projects/credits/form.html"

    def setup(self, request, *args, year, **kwargs):
        super().setup(request, *args, pk=year, **kwargs)

    def load(self, year):
        self.fiscal_year = get_object_or_404(FiscalYear, year=year)

    def title(self):
        return _("Saisir une notification de crédits %(year)s") % {"year": self.fiscal_year.year}

    def unavailable(self):
        if self.fiscal_year.is_closed:
            return _("L'exercice %(year)s est clôturé : ses crédits ne changent plus.") % {"year": self.fiscal_year}
        return ""

    def make_form(self, data=None):
        return forms.NotificationForm(data, year=self.fiscal_year.year)

    def run(self, form):
        data = form.cleaned_data
        self.notification = services.notification_record(by=self.request.user, fiscal_year=self.fiscal_year, **data)
        return _("Notification %(reference)s enregistrée.") % {"reference": self.notification.reference}

    def done_url(self):
        return reverse("projects:credit_year", args=[self.fiscal_year.year])

    def context(self, title):
        return {
            "page_title": title,
            "breadcrumbs": crumbs(year_crumb(self.fiscal_year.year), (title, None)),
            "back_url": self.done_url(),
            "partner_toggle": True,
        }


class NotificationDetailView(DasViewMixin, View):
    das_permission = READ
    template_name = "projects/credits/notification_detail.html"

    def get(self, request, pk):
        try:
            notification = pages.notification_with_corrections(pk)
        except CreditNotification.DoesNotExist as exc:
            raise Http404 from exc
        year = notification.fiscal_year.year
        corrections = notification.correction_list
        context = {
            "notification": notification,
            "corrections": corrections,
            "net": notification.amount + sum((c.amount for c in corrections), pages.ZERO),
            "can_correct": notification.corrects_id is None and may_manage(request.user, notification.fiscal_year),
            "history_url": history_url(request.user, notification),
            "page_title": str(notification),
            "breadcrumbs": crumbs(year_crumb(year), (notification.reference, None)),
        }
        return TemplateResponse(request, self.template_name, context)


class NotificationCorrectView(RecordFormPage):
    das_permission = MANAGE
    template_name = "projects/credits/form.html"

    def load(self, pk):
        self.notification = get_object_or_404(
            CreditNotification.objects.select_related("fiscal_year", "programme", "partner"), pk=pk
        )

    def title(self):
        return _("Corriger la notification %(reference)s") % {"reference": self.notification.reference}

    def unavailable(self):
        if self.notification.corrects_id:
            return _("Une correction se rattache à la notification d'origine, pas à une correction.")
        if self.notification.fiscal_year.is_closed:
            return _("L'exercice %(year)s est clôturé : ses crédits ne changent plus.") % {
                "year": self.notification.fiscal_year
            }
        return ""

    def make_form(self, data=None):
        return forms.CorrectionForm(data)

    def run(self, form):
        services.notification_correct(by=self.request.user, notification=self.notification, **form.cleaned_data)
        return _("Correction enregistrée.")

    def done_url(self):
        return self.notification.get_absolute_url()

    def context(self, title):
        notification = self.notification
        return {
            "subject": notification,
            "page_title": title,
            "breadcrumbs": crumbs(
                year_crumb(notification.fiscal_year.year),
                (notification.reference, notification.get_absolute_url()),
                (title, None),
            ),
            "back_url": self.done_url(),
        }


# --- The répartition ----------------------------------------------------------------------------------------------
class AllocationCreateView(DasViewMixin, View):
    """A new version: the first of the year starts empty, the next from the last one sent (POST only)."""

    das_permission = MANAGE
    http_method_names = ["post"]

    def post(self, request, year):
        fiscal_year = get_object_or_404(FiscalYear, year=year)
        try:
            allocation = services.allocation_start(by=request.user, fiscal_year=fiscal_year)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
            return redirect("projects:credit_year", year)
        messages.success(
            request,
            _("Version %(number)s de la répartition %(year)s ouverte en brouillon.")
            % {"number": allocation.number, "year": year},
        )
        return redirect("projects:credit_allocation_grid", allocation.pk)


def document_links(allocation) -> list[tuple[str, str]]:
    """The état de répartition, and once the version is sent (it then has its number) the bordereau d'envoi."""
    pk = allocation.pk
    links = [
        (_("État de répartition (PDF, français)"), reverse("projects:credit_statement_pdf", args=[pk, "fr"])),
        (_("État de répartition (PDF, arabe)"), reverse("projects:credit_statement_pdf", args=[pk, "ar"])),
        (_("État de répartition (Excel)"), reverse("projects:credit_statement_xlsx", args=[pk])),
    ]
    if allocation.status in CreditAllocation.SENT:
        links += [
            (_("Bordereau d'envoi (PDF, français)"), reverse("projects:credit_transmittal_pdf", args=[pk, "fr"])),
            (_("Bordereau d'envoi (PDF, arabe)"), reverse("projects:credit_transmittal_pdf", args=[pk, "ar"])),
        ]
    return links


def button_blockers(allocation, name) -> list[str]:
    """Why a one-click transition would be refused now: only ``validate`` has a guard without input."""
    return services._fits_guard(allocation) if name == "validate" else []


class AllocationDetailView(DasViewMixin, View):
    das_permission = READ
    template_name = "projects/credits/allocation_detail.html"

    def get(self, request, pk):
        allocation = get_allocation(request, pk)
        user = request.user
        available = services.WORKFLOW.available(allocation, user)
        year = allocation.fiscal_year.year
        title = str(allocation)
        context = {
            "allocation": allocation,
            "grid": pages.allocation_table(allocation),
            "changes": allocation_changes(allocation),
            "status_style": STATUS_STYLES.get(allocation.status, "secondary"),
            "buttons": [(t, button_blockers(allocation, t.name)) for t in available if t.name in BUTTON_SERVICES],
            "pages": [(t, reverse(FORM_PAGES[t.name], args=[pk])) for t in available if t.name in FORM_PAGES],
            "can_edit": allocation.status == Status.DRAFT and may_manage(user, allocation.fiscal_year),
            "documents": document_links(allocation),
            "history_url": history_url(user, allocation),
            "page_title": title,
            "breadcrumbs": crumbs(year_crumb(year), (_("Version %(number)s") % {"number": allocation.number}, None)),
        }
        return TemplateResponse(request, self.template_name, context)


class AllocationGridView(DasViewMixin, View):
    """The grid editor: one amount per programme × budget line, totals updated as one types (static/js/credits.js)."""

    das_permission = MANAGE
    template_name = "projects/credits/allocation_grid.html"

    def dispatch(self, request, *args, pk, **kwargs):
        self.allocation = get_allocation(request, pk)
        if self.allocation.status != Status.DRAFT:
            messages.warning(
                request,
                _("La version %(number)s est « %(status)s » : seule une version en brouillon se modifie.")
                % {"number": self.allocation.number, "status": self.allocation.get_status_display()},
            )
            return redirect(self.allocation.get_absolute_url())
        return super().dispatch(request, *args, pk=pk, **kwargs)

    def render(self, form, grid, errors=()):
        allocation = self.allocation
        title = _("Répartition %(year)s – version %(number)s : grille") % {
            "year": allocation.fiscal_year.year,
            "number": allocation.number,
        }
        context = {
            "allocation": allocation,
            "form": form,
            "grid": grid,
            "rows": [(row, [(cell, form[cell.name]) for cell in row.cells]) for row in grid.rows],
            "errors": list(errors),
            "page_title": title,
            "breadcrumbs": crumbs(
                year_crumb(allocation.fiscal_year.year),
                (_("Version %(number)s") % {"number": allocation.number}, allocation.get_absolute_url()),
                (_("Grille"), None),
            ),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk):
        grid = pages.allocation_table(self.allocation, editing=True)
        return self.render(forms.GridForm(grid=grid, allocation=self.allocation), grid)

    def post(self, request, pk):
        grid = pages.allocation_table(self.allocation, editing=True)
        form = forms.GridForm(request.POST, grid=grid, allocation=self.allocation)
        typed = pages.allocation_table(self.allocation, editing=True, amounts=form.typed_amounts())
        if not form.is_valid():
            return self.render(form, typed, [_("Corrigez les montants signalés dans la grille.")])
        try:
            services.allocation_save_grid(
                allocation=self.allocation,
                by=request.user,
                cells=form.cells(),
                note=form.cleaned_data["note"],
                expected_stamp=form.cleaned_data["expected_stamp"],
            )
        except (ValidationError, PermissionDenied) as exc:
            problems = exc.messages if isinstance(exc, ValidationError) else [refusal_text(exc)]
            return self.render(form, typed, problems)
        messages.success(request, _("Grille enregistrée."))
        return redirect(self.allocation.get_absolute_url())


class AllocationTransitionView(TransitionView):
    """Validate or send back to draft: one POST each; the service checks who and when."""

    das_permission = permissions.VALIDATE_CREDITS
    workflow = services.WORKFLOW
    transition_services = BUTTON_SERVICES
    record_argument = "allocation"
    detail_url_name = "projects:credit_allocation_detail"
    done_message = gettext_lazy("La répartition est maintenant « %(status)s ».")

    def get_record(self, pk):
        return get_allocation(self.request, pk)


class AllocationPage(RecordFormPage):
    template_name = "projects/credits/form.html"
    status = ""
    refusal = ""
    transition = ""  # the workflow transition the form carries out: its label is the submit button's

    def load(self, pk):
        self.allocation = get_allocation(self.request, pk)

    def unavailable(self):
        return "" if self.allocation.status == self.status else self.refusal

    def done_url(self):
        return self.allocation.get_absolute_url()

    def context(self, title):
        allocation = self.allocation
        return {
            "subject": allocation,
            "page_title": title,
            "breadcrumbs": crumbs(
                year_crumb(allocation.fiscal_year.year),
                (_("Version %(number)s") % {"number": allocation.number}, allocation.get_absolute_url()),
                (title, None),
            ),
            "back_url": self.done_url(),
            "submit_label": services.WORKFLOW.by_name[self.transition].label,
        }


class AllocationTransmitView(AllocationPage):
    das_permission = MANAGE
    status = Status.VALIDATED
    transition = "transmit"
    refusal = gettext_lazy("Seule une version validée par le chef se transmet à la DBM.")

    def title(self):
        return _("Transmettre la version %(number)s à la DBM") % {"number": self.allocation.number}

    def make_form(self, data=None):
        return forms.TransmitForm(data)

    def run(self, form):
        sent = services.allocation_transmit(
            allocation=self.allocation, by=self.request.user, on=form.cleaned_data["on"]
        )
        return _("Version transmise à la DBM sous le bordereau d'envoi n° %(number)s.") % {
            "number": sent.transmittal_number
        }


class AllocationAcknowledgeView(AllocationPage):
    das_permission = permissions.ACKNOWLEDGE_CREDITS
    status = Status.TRANSMITTED
    transition = "acknowledge"
    refusal = gettext_lazy("Seule une version transmise et pas encore accusée peut recevoir un accusé de réception.")

    def title(self):
        return _("Accuser réception de la version %(number)s") % {"number": self.allocation.number}

    def make_form(self, data=None):
        return forms.AcknowledgeForm(data)

    def run(self, form):
        data = form.cleaned_data
        services.allocation_acknowledge(
            allocation=self.allocation, by=self.request.user, on=data["on"], note=data["note"]
        )
        return _("Accusé de réception enregistré.")
