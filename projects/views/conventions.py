"""Conventions: the list, the convention's page, its parties and articles, the template, the lifecycle buttons, the
Governor's office's queue (signature or return) and the PDF in French or Arabic.

The Governor's office has no projects.* permission yet: its pages are declared SIGNED_IN and check
``services.may_sign`` / ``services.can_read`` (see projects/services/conventions.py), which answer 403 otherwise.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import django_filters
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from das import exports
from das import permissions as das_permissions
from das.exports import Column
from das.middleware import SIGNED_IN
from das.models import Partner
from das.views.base import DasViewMixin, ExportableListView, RecordFormPage, TransitionView, history_url, refusal_text
from projects import convention_forms as forms
from projects import permissions
from projects.filters import commune_filter, programme_filter
from projects.models import Convention, ConventionParty, ConventionReturn, Project
from projects.scope import ScopedListMixin, get_in_scope, scope_projects
from projects.services import amendments as amendment_services
from projects.services import conventions as services
from projects.views.calls import SPACE_CRUMB

CONVENTIONS_CRUMB = (gettext_lazy("Conventions"), "projects:convention_list")
QUEUE_CRUMB = (gettext_lazy("Conventions à signer"), "projects:convention_queue")
STATUS_STYLES = {
    Convention.Status.DRAFT: "secondary",
    Convention.Status.VALIDATED: "info",
    Convention.Status.TRANSMITTED: "warning",
    Convention.Status.SIGNED: "success",
    Convention.Status.EXECUTING: "primary",
    Convention.Status.CLOSED: "dark",
    Convention.Status.TERMINATED: "danger",
}
# Transitions posted as one button; the others have a page of their own (a date, a reason, a scan).
BUTTON_SERVICES = {
    "validate": services.convention_validate,
    "reopen": services.convention_reopen,
    "transmit": services.convention_transmit,
}
FORM_PAGES = {
    "start": "projects:convention_start",
    "close": "projects:convention_close",
    "terminate": "projects:convention_terminate",
    "sign": "projects:convention_sign",
    "return": "projects:convention_return",
}


def get_convention(request, pk) -> Convention:
    """The convention of a page, within the user's communes (404 otherwise)."""
    queryset = Convention.objects.select_related("project__holder", "project__commune", "signed_scan")
    return get_in_scope(request, queryset, pk=pk)


def crumbs(*tail):
    return [(SPACE_CRUMB[0], reverse(SPACE_CRUMB[1])), (CONVENTIONS_CRUMB[0], reverse(CONVENTIONS_CRUMB[1])), *tail]


class PredicateMixin:
    """SIGNED_IN pages whose access is a predicate of projects.services.conventions (403 otherwise)."""

    das_permission = SIGNED_IN
    predicate = staticmethod(services.can_read)

    def dispatch(self, request, *args, **kwargs):
        if not self.predicate(request.user):
            raise PermissionDenied(_("Votre rôle ne permet pas cette action."))
        return super().dispatch(request, *args, **kwargs)


# --- List ---------------------------------------------------------------------------------------------------------


def convention_years():
    return [(str(y), str(y)) for y in Convention.objects.order_by("-year").values_list("year", flat=True).distinct()]


def late_since():
    """Transmitted before this moment: waiting at the Cabinet longer than the alert delay."""
    return timezone.now() - dt.timedelta(days=settings.DAS_CONVENTION_SIGNATURE_ALERT_DAYS)


class ConventionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Recherche (numéro, objet, projet, porteur)"), method="search")
    year = django_filters.ChoiceFilter(label=gettext_lazy("Année"), choices=convention_years)
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=Convention.Status.choices)
    programme = programme_filter("project__programme")
    commune = commune_filter("project__commune")
    holder = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Porteur"),
        field_name="project__holder",
        queryset=Partner.objects.filter(projects__conventions__isnull=False).distinct().order_by("name"),
    )
    # ?attente=1: the home page's alert links here (waiting at the Cabinet beyond the alert delay).
    attente = django_filters.ChoiceFilter(
        label=gettext_lazy("En attente de signature au-delà du délai d'alerte"),
        choices=[("1", gettext_lazy("Oui"))],
        method="late_only",
    )
    o = django_filters.OrderingFilter(
        fields=[
            ("reference", "reference"),
            ("title", "title"),
            ("project__code", "project"),
            ("project__holder__name", "holder"),
            ("status", "status"),
            ("signed_on", "signed_on"),
        ]
    )

    class Meta:
        model = Convention
        fields = ["q", "year", "status", "programme", "commune", "holder", "attente"]

    def late_only(self, queryset, _name, value):
        return (
            queryset.filter(status=Convention.Status.TRANSMITTED, transmitted_at__lt=late_since())
            if value
            else queryset
        )

    def search(self, queryset, _name, value):
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(title__icontains=value)
            | Q(project__code__icontains=value)
            | Q(project__holder__name__icontains=value)
        )


class ConventionListView(ScopedListMixin, ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = ConventionFilter
    page_title = gettext_lazy("Conventions")
    breadcrumbs = [SPACE_CRUMB, (gettext_lazy("Conventions"), None)]
    create_permission = permissions.MANAGE_DOSSIERS
    create_label = gettext_lazy("Préparer une convention")
    export_columns = [
        Column(gettext_lazy("Numéro"), "reference", order_by="reference", width=16, link=True, code=True),
        Column(gettext_lazy("Objet"), "title", order_by="title", width=40),
        Column(gettext_lazy("Projet"), "project.code", order_by="project", width=16, code=True),
        Column(gettext_lazy("Porteur"), "project.holder", order_by="holder", width=30),
        Column(gettext_lazy("Commune"), "project.commune", width=18),
        Column(gettext_lazy("Programme"), "project.programme.code", width=10, code=True),
        Column(gettext_lazy("Coût"), "project.estimated_cost", exports.MONEY, width=18),
        Column(gettext_lazy("Transmise le"), "transmitted_at", exports.DATETIME, width=16),
        Column(gettext_lazy("Signée le"), "signed_on", exports.DATE, order_by="signed_on", width=12),
        Column(gettext_lazy("Statut"), "get_status_display", order_by="status", width=16),
    ]

    def get_queryset(self):
        return Convention.objects.select_related("project__holder", "project__commune", "project__programme").order_by(
            "-year", "-reference"
        )

    def get_context_data(self, **kwargs):
        self.create_url = reverse("projects:convention_create")
        context = super().get_context_data(**kwargs)
        context["row_url"] = "projects:convention_detail"
        links = []
        if self.request.user.has_perm(permissions.APPROVE):
            links.append((_("Modèle de convention"), reverse("projects:convention_template")))
        if services.may_sign(self.request.user):
            links.append((_("Conventions à signer"), reverse("projects:convention_queue")))
        context["extra_links"] = links
        return context


# --- Drafting -----------------------------------------------------------------------------------------------------


def projects_without_convention(user):
    live = Convention.objects.exclude(status=Convention.Status.TERMINATED).values("project_id")
    drafting = [Project.Status.VALIDATED, Project.Status.CONVENTIONED]  # conventionné: its convention was terminated
    return scope_projects(Project.objects.filter(status__in=drafting).exclude(pk__in=live), user).order_by("code")


class ConventionCreateView(DasViewMixin, View):
    """Choose a validated project without a convention; its draft is made from its cost plan and the template."""

    das_permission = permissions.MANAGE_DOSSIERS
    template_name = "projects/convention_create.html"

    def form(self, data=None):
        from django import forms as django_forms

        class ProjectChoice(django_forms.Form):
            project = django_forms.ModelChoiceField(
                label=_("Projet validé par le CPDH"), queryset=projects_without_convention(self.request.user)
            )

        return ProjectChoice(data, initial={"project": self.request.GET.get("project")})

    def render(self, form):
        context = {
            "form": form,
            "page_title": _("Préparer une convention"),
            "breadcrumbs": crumbs((_("Préparer une convention"), None)),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request):
        return self.render(self.form())

    def post(self, request):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            convention = services.convention_create(project=form.cleaned_data["project"], by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, _("Convention %(ref)s préparée en brouillon.") % {"ref": convention.reference})
        return redirect(convention.get_absolute_url())


# --- The convention's page ----------------------------------------------------------------------------------------


class ConventionDetailView(PredicateMixin, DasViewMixin, View):
    template_name = "projects/convention_detail.html"

    def get(self, request, pk):
        queryset = Convention.objects.select_related(
            "project__holder", "project__commune", "signed_scan", "validated_by"
        ).prefetch_related(
            Prefetch("parties", queryset=ConventionParty.objects.select_related("partner")),
            "articles",
            Prefetch("returns", queryset=ConventionReturn.objects.select_related("returned_by")),
        )
        convention = get_in_scope(request, queryset, pk=pk)
        user = request.user
        available = services.CONVENTION_WORKFLOW.available(convention, user)
        amendments = list(convention.amendments.order_by("number"))
        has_open = any(a.is_open for a in amendments)
        parties = list(convention.parties.all())
        total = sum((p.contribution for p in parties), Decimal("0"))
        context = {
            **tranche_context(convention, user, amendments),
            "convention": convention,
            "project": convention.project,
            "page_title": str(convention),
            "breadcrumbs": crumbs((convention.reference, None)),
            "status_style": STATUS_STYLES.get(convention.status, "secondary"),
            "parties": parties,
            "total": total,
            "gaps": services.check_parties(convention.project, services.current_parties(convention))
            if convention.status == Convention.Status.DRAFT
            else [],
            # A button whose guard would refuse shows disabled, with the reasons, instead of failing on click.
            "buttons": [(t, button_blockers(convention, t.name)) for t in available if t.name in BUTTON_SERVICES],
            "amendments": [(a, amendment_services.describe_changes(a.changes)) for a in amendments],
            "can_amend": amendment_services.may_amend(convention, user, has_open=has_open),
            "pages": [(t, reverse(FORM_PAGES[t.name], args=[pk])) for t in available if t.name in FORM_PAGES],
            "can_edit": convention.status == Convention.Status.DRAFT and user.has_perm(permissions.MANAGE_DOSSIERS),
            "can_see_project": user.has_perm(permissions.ACCESS),
            "history_url": history_url(user, convention),
            "waiting_days": services.waiting_days(convention)
            if convention.status == Convention.Status.TRANSMITTED
            else None,
        }
        return TemplateResponse(request, self.template_name, context)


def button_blockers(convention, name) -> list[str]:
    """Why a one-click transition would be refused now: only ``validate`` has a guard without input."""
    return services._validate_guard(convention) if name == "validate" else []


def tranche_context(convention, user, amendments) -> dict:
    """The tranches table of the convention's page: amounts, conditions, what is paid and left, allowed buttons
    (``amendments``: the convention's avenants, already read by the page)."""
    from projects.services import tranches as tranche_services

    tranches = list(tranche_services.tranches_with_totals(convention))
    blockers = tranche_services.release_blockers(tranches, convention.project)
    for tranche in tranches:
        tranche.convention = convention
        allowed = tranche_services.may_release(tranche, user)
        # The head sees why a tranche waits (previous tranche, progress threshold) instead of a button that fails.
        tranche.blockers = blockers[tranche.number] if allowed else []
        tranche.can_release = allowed and not tranche.blockers
        tranche.can_pay = tranche_services.may_pay(tranche, user) and tranche.remaining > 0
    indh = tranche_services.indh_contribution(convention)
    paid = sum((t.paid for t in tranches), Decimal("0"))
    return {
        "tranches": tranches,
        "indh": indh,
        "paid_total": paid,
        "left_total": indh - paid,
        "can_schedule": tranche_services.may_schedule(convention, user, amendments=amendments),
        # Closed conventions show no button; one with an avenant under way shows it disabled, with the reason.
        "schedule_blocked": tranche_services.schedule_blocker(convention, amendments=amendments)
        if convention.status not in tranche_services.SCHEDULE_CLOSED and user.has_perm(permissions.MANAGE_DOSSIERS)
        else "",
        "can_see_payments": user.has_perm(permissions.ACCESS),
    }


class ConventionTransitionView(TransitionView):
    """Validate, put back to draft, transmit to the Cabinet: one POST each; the service checks who and when."""

    das_permission = permissions.ACCESS
    workflow = services.CONVENTION_WORKFLOW
    transition_services = BUTTON_SERVICES
    record_argument = "convention"
    detail_url_name = "projects:convention_detail"
    done_message = gettext_lazy("La convention est maintenant « %(status)s ».")

    def get_record(self, pk):
        return get_convention(self.request, pk)


class ConventionPage(RecordFormPage):
    """A form page about one convention."""

    template_name = "projects/convention_form.html"

    def load(self, pk):
        self.convention = get_convention(self.request, pk)

    def done_url(self):
        return self.convention.get_absolute_url()

    def context(self, title):
        return {
            "convention": self.convention,
            "page_title": title,
            "breadcrumbs": crumbs((self.convention.reference, self.convention.get_absolute_url()), (title, None)),
        }


class ConventionActionView(ConventionPage):
    """Start the execution, close, terminate: a date (and a reason)."""

    das_permission = permissions.ACCESS
    action = ""
    titles = {
        "start": gettext_lazy("Mettre la convention en exécution"),
        "close": gettext_lazy("Clôturer la convention"),
        "terminate": gettext_lazy("Résilier la convention"),
    }

    def dispatch(self, request, *args, **kwargs):
        transition = services.CONVENTION_WORKFLOW.by_name[self.action]
        if not das_permissions.require(request.user, transition.permission):
            raise PermissionDenied(_("Votre rôle ne permet pas : %(action)s.") % {"action": transition.label})
        return super().dispatch(request, *args, **kwargs)

    def title(self):
        return str(self.titles[self.action])

    def unavailable(self):
        decision = services.CONVENTION_WORKFLOW.decide(self.convention, self.action, self.request.user)
        return "" if decision else decision.reason

    def make_form(self, data=None):
        return (forms.TerminateForm if self.action == "terminate" else forms.DateForm)(data)

    def run(self, form):
        data = form.cleaned_data
        if self.action == "start":
            done = services.convention_start(convention=self.convention, by=self.request.user, on=data["on"])
        elif self.action == "close":
            done = services.convention_close(convention=self.convention, by=self.request.user, on=data["on"])
        else:
            done = services.convention_terminate(
                convention=self.convention, by=self.request.user, on=data["on"], reason=data["reason"]
            )
        return _("La convention est maintenant « %(status)s ».") % {"status": done.get_status_display()}


# --- Articles, parties, template ----------------------------------------------------------------------------------


class ConventionArticlesView(DasViewMixin, View):
    das_permission = permissions.MANAGE_DOSSIERS
    template_name = "projects/convention_articles.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.convention = get_convention(request, kwargs["pk"])

    def render(self, title_form, formset):
        heading = _("Objet et articles de la convention")
        context = {
            "convention": self.convention,
            "title_form": title_form,
            "formset": formset,
            "heading": heading,
            "page_title": heading,
            "breadcrumbs": crumbs((self.convention.reference, self.convention.get_absolute_url()), (heading, None)),
            "placeholders": "{projet}, {code}, {porteur}, {commune}, {province}, {cout}, {part_indh}, {duree}",
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk):
        if self.convention.status != Convention.Status.DRAFT:
            messages.warning(request, _("Seule une convention en brouillon se modifie."))
            return redirect(self.convention.get_absolute_url())
        return self.render(
            forms.TitleForm(initial={"title": self.convention.title}),
            forms.ArticleFormSet(initial=forms.article_initial(self.convention.articles.all()), prefix="articles"),
        )

    def post(self, request, pk):
        title_form = forms.TitleForm(request.POST)
        formset = forms.ArticleFormSet(request.POST, prefix="articles")
        if not (title_form.is_valid() and formset.is_valid()):
            return self.render(title_form, formset)
        try:
            services.convention_edit(
                convention=self.convention,
                by=request.user,
                title=title_form.cleaned_data["title"],
                rows=forms.article_rows(formset),
            )
        except (ValidationError, PermissionDenied) as exc:
            title_form.add_error(None, refusal_text(exc))
            return self.render(title_form, formset)
        messages.success(request, _("Articles enregistrés."))
        return redirect(self.convention.get_absolute_url())


class ConventionPartiesView(DasViewMixin, View):
    das_permission = permissions.MANAGE_DOSSIERS
    template_name = "projects/convention_parties.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.convention = get_convention(request, kwargs["pk"])

    def render(self, formset, errors=()):
        heading = _("Parties et contributions")
        context = {
            "convention": self.convention,
            "project": self.convention.project,
            "formset": formset,
            "errors": list(errors),
            "heading": heading,
            "page_title": heading,
            "breadcrumbs": crumbs((self.convention.reference, self.convention.get_absolute_url()), (heading, None)),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk):
        if self.convention.status != Convention.Status.DRAFT:
            messages.warning(request, _("Seule une convention en brouillon se modifie."))
            return redirect(self.convention.get_absolute_url())
        initial = [
            {"kind": p.kind, "partner": p.partner_id, "contribution": p.contribution}
            for p in self.convention.parties.all()
        ]
        return self.render(forms.PartyFormSet(initial=initial, prefix="parties"))

    def post(self, request, pk):
        formset = forms.PartyFormSet(request.POST, prefix="parties")
        if not formset.is_valid():
            return self.render(formset)
        lines = [
            services.PartyLine(f.cleaned_data["kind"], f.cleaned_data["partner"], f.cleaned_data["contribution"])
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            services.convention_set_parties(convention=self.convention, by=request.user, parties=lines)
        except (ValidationError, PermissionDenied) as exc:
            messages_list = exc.messages if isinstance(exc, ValidationError) else [refusal_text(exc)]
            return self.render(formset, messages_list)
        messages.success(request, _("Parties enregistrées."))
        return redirect(self.convention.get_absolute_url())


class ConventionTemplateView(DasViewMixin, View):
    """The head's model convention: numbered articles in French and Arabic."""

    das_permission = permissions.APPROVE
    template_name = "projects/convention_template.html"

    def render(self, formset, error=""):
        heading = _("Modèle de convention")
        context = {
            "formset": formset,
            "error": error,
            "heading": heading,
            "page_title": heading,
            "breadcrumbs": crumbs((heading, None)),
            "placeholders": "{projet}, {code}, {porteur}, {commune}, {province}, {cout}, {part_indh}, {duree}",
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request):
        template = services.default_template()
        if template is None:
            initial = [
                {"number": n, "title_fr": a[0], "title_ar": a[1], "body_fr": a[2], "body_ar": a[3]}
                for n, a in enumerate(services.DEFAULT_ARTICLES, start=1)
            ]
        else:
            initial = forms.article_initial(template.articles.all())
        return self.render(forms.ArticleFormSet(initial=initial, prefix="articles"))

    def post(self, request):
        formset = forms.ArticleFormSet(request.POST, prefix="articles")
        if not formset.is_valid():
            return self.render(formset)
        try:
            template = services.template_ensure_default(by=request.user)
            rows = forms.article_rows(formset)
            if not any(row.get("id") for row in rows):
                # First save: the articles shown were the defaults just created; match them by number.
                by_number = {a.number: a.pk for a in template.articles.all()}
                rows = [{**row, "id": by_number.pop(row["number"], None)} for row in rows]
                rows += [{"id": pk, "delete": True, **_blank()} for pk in by_number.values()]
            services.template_articles_save(template=template, by=request.user, rows=rows)
        except (ValidationError, PermissionDenied) as exc:
            return self.render(formset, refusal_text(exc))
        messages.success(request, _("Modèle de convention enregistré."))
        return redirect("projects:convention_template")


def _blank():
    return {"number": 0, "title_fr": "", "title_ar": "", "body_fr": "", "body_ar": ""}


# --- The Governor's office ----------------------------------------------------------------------------------------


class ConventionQueueView(PredicateMixin, DasViewMixin, View):
    """Conventions awaiting the Governor's signature, the longest waiting first, with their PDF."""

    predicate = staticmethod(services.may_sign)
    template_name = "projects/convention_queue.html"

    def get(self, request):
        now = timezone.now()
        rows = [(c, services.waiting_days(c, now)) for c in services.awaiting_signature()]
        amendments = [(a, amendment_services.waiting_days(a, now)) for a in amendment_services.awaiting_signature()]
        context = {
            "rows": rows,
            "amendment_rows": amendments,
            "alert_days": settings.DAS_CONVENTION_SIGNATURE_ALERT_DAYS,
            "page_title": _("Conventions à signer"),
            "breadcrumbs": [(_("Conventions à signer"), None)],
        }
        return TemplateResponse(request, self.template_name, context)


class CabinetPage(PredicateMixin, ConventionPage):
    predicate = staticmethod(services.may_sign)
    transition = ""

    def unavailable(self):
        decision = services.CONVENTION_WORKFLOW.decide(self.convention, self.transition, self.request.user)
        return "" if decision else decision.reason

    def done_url(self):
        return reverse("projects:convention_queue")

    def context(self, title):
        return {
            "convention": self.convention,
            "page_title": title,
            "breadcrumbs": [(QUEUE_CRUMB[0], reverse(QUEUE_CRUMB[1])), (self.convention.reference, None)],
            "multipart": self.transition == "sign",
        }


class ConventionSignView(CabinetPage):
    transition = "sign"

    def title(self):
        return _("Enregistrer la signature de la convention %(ref)s") % {"ref": self.convention.reference}

    def make_form(self, data=None):
        return forms.SignForm(data, self.request.FILES if data is not None else None)

    def run(self, form):
        services.convention_sign(
            convention=self.convention,
            by=self.request.user,
            signed_on=form.cleaned_data["signed_on"],
            scan=form.cleaned_data["scan"],
        )
        return _("Signature de la convention %(ref)s enregistrée.") % {"ref": self.convention.reference}


class ConventionReturnView(CabinetPage):
    transition = "return"

    def title(self):
        return _("Retourner la convention %(ref)s avec observations") % {"ref": self.convention.reference}

    def make_form(self, data=None):
        return forms.ReturnForm(data)

    def run(self, form):
        services.convention_return(
            convention=self.convention, by=self.request.user, observations=form.cleaned_data["observations"]
        )
        return _("Convention %(ref)s retournée au service avec vos observations.") % {"ref": self.convention.reference}


# --- Documents ----------------------------------------------------------------------------------------------------


class ConventionPdfView(PredicateMixin, DasViewMixin, View):
    def get(self, request, pk, language):
        from das.exports import pdf_response
        from projects.convention_documents import render_convention

        if language not in {"fr", "ar"}:
            raise Http404
        convention = get_convention(request, pk)
        content = render_convention(convention, language)
        return pdf_response(request, content, f"convention-{convention.reference}-{language}.pdf")


class ConventionScanView(PredicateMixin, DasViewMixin, View):
    def get(self, request, pk):
        from das.exports import journal_download

        convention = get_convention(request, pk)
        scan = convention.signed_scan
        if scan is None:
            raise Http404
        journal_download(request, kind="pièce jointe", file_name=scan.original_name)
        return FileResponse(scan.file.open("rb"), as_attachment=True, filename=scan.original_name)
