"""Execution follow-up pages: physical progress (entries and photos), commission visits (list, page, form, PV
closure, PV in French or Arabic), the indicators' catalogue and a project's indicator values.

The rules (who, when, what is refused) are in projects.services.progress, .visits and .indicators; these pages only
offer what is allowed and show the services' refusals next to the fields they name.
"""

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
from das.views.base import DasViewMixin, ExportableListView, RecordFormPage, TransitionView, history_url, refusal_text
from das.views.documents import inline_image_response
from projects import execution_forms as forms
from projects import execution_selectors as selectors
from projects import permissions
from projects.filters import commune_filter, programme_filter
from projects.models import CommissionVisit, Indicator, ProgressEntry, ProgressPhoto, Project, ProjectIndicator
from projects.models.execution import PERIODS
from projects.scope import ScopedListMixin, get_in_scope
from projects.services import indicators as indicator_services
from projects.services import progress as progress_services
from projects.services import visits as visit_services
from projects.views.calls import SPACE_CRUMB

PROJECTS_CRUMB = (gettext_lazy("Projets"), "projects:project_list")
VISITS_CRUMB = (gettext_lazy("Visites des commissions"), "projects:visit_list")
INDICATORS_CRUMB = (gettext_lazy("Catalogue des indicateurs"), "projects:indicator_list")
VISIT_STYLES = {CommissionVisit.Status.DRAFT: "secondary", CommissionVisit.Status.CLOSED: "success"}


def project_crumbs(project, *tail):
    return [
        (SPACE_CRUMB[0], reverse(SPACE_CRUMB[1])),
        (PROJECTS_CRUMB[0], reverse(PROJECTS_CRUMB[1])),
        (project.code, project.get_absolute_url()),
        *tail,
    ]


class ProjectFormPage(RecordFormPage):
    """A form page about one project (or one of its records), back to the project's page."""

    template_name = "projects/execution/form.html"
    multipart = False
    project: Project

    anchor = ""

    def load(self, pk):
        """The page's URL names the project itself (pages about one of its records load that record instead)."""
        self.project = get_in_scope(self.request, Project.objects.select_related("holder"), pk=pk)

    def done_url(self):
        return self.project.get_absolute_url() + self.anchor

    def context(self, title):
        return {
            "project": self.project,
            "page_title": title,
            "breadcrumbs": project_crumbs(self.project, (title, None)),
            "multipart": self.multipart,
            "back_url": self.done_url(),
        }


# --- Physical progress --------------------------------------------------------------------------------------------


class ProgressCreateView(ProjectFormPage):
    das_permission = permissions.MANAGE_DOSSIERS
    multipart = True
    anchor = "#avancement"

    def title(self):
        return _("Saisir l'avancement physique")

    def unavailable(self):
        if progress_services.may_record(self.project, self.request.user):
            return ""
        return _("L'avancement se saisit pour un projet démarré, jusqu'à sa réception définitive.")

    def extra_context(self):
        return {"latest": selectors.latest_progress(self.project)}

    def make_form(self, data=None):
        return forms.ProgressForm(data, self.request.FILES if data is not None else None)

    def run(self, form):
        data = form.cleaned_data
        entry = progress_services.progress_record(
            project=self.project,
            by=self.request.user,
            recorded_on=data["recorded_on"],
            percent=data["percent"],
            narrative=data["narrative"],
            problems=data["problems"],
            photos=data["photos"],
        )
        return _("Avancement de %(percent)s %% enregistré.") % {"percent": entry.percent}


class ProgressUpdateView(ProjectFormPage):
    das_permission = permissions.MANAGE_DOSSIERS
    multipart = True
    anchor = "#avancement"

    def load(self, pk):
        self.entry = get_in_scope(self.request, ProgressEntry.objects.select_related("project__holder"), pk=pk)
        self.project = self.entry.project

    def title(self):
        return _("Corriger l'avancement du %(date)s") % {"date": self.entry.recorded_on.strftime("%d/%m/%Y")}

    def unavailable(self):
        if progress_services.may_record(self.project, self.request.user):
            return ""
        return _("L'avancement de ce projet ne se modifie plus.")

    def extra_context(self):
        return {"delete_url": reverse("projects:progress_delete", args=[self.entry.pk])}

    def make_form(self, data=None):
        initial = {
            "recorded_on": self.entry.recorded_on,
            "percent": self.entry.percent,
            "narrative": self.entry.narrative,
            "problems": self.entry.problems,
        }
        files = self.request.FILES if data is not None else None
        return forms.ProgressForm(data, files, initial=initial, entry=self.entry)

    def run(self, form):
        data = form.cleaned_data
        progress_services.progress_correct(
            entry=self.entry,
            by=self.request.user,
            recorded_on=data["recorded_on"],
            percent=data["percent"],
            narrative=data["narrative"],
            problems=data["problems"],
            photos=data["photos"],
            remove_photos=data.get("remove_photos") or [],
        )
        return _("Avancement corrigé.")


class ProgressDeleteView(DasViewMixin, View):
    das_permission = permissions.MANAGE_DOSSIERS
    http_method_names = ["post"]

    def post(self, request, pk):
        entry = get_in_scope(request, ProgressEntry.objects.select_related("project"), pk=pk)
        try:
            progress_services.progress_delete(entry=entry, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _("Suppression refusée : %(reason)s") % {"reason": refusal_text(exc)})
        else:
            messages.success(request, _("Avancement supprimé ; celui du projet est recalculé."))
        return redirect(entry.project.get_absolute_url() + "#avancement")


class ProgressPhotoView(DasViewMixin, View):
    """A photo of the works, shown in the page (inline) to the division's readers."""

    das_permission = permissions.ACCESS

    def get(self, request, pk):
        photo = get_in_scope(request, ProgressPhoto.objects.select_related("attachment"), pk=pk)
        return inline_image_response(photo.attachment)


# --- Commission visits --------------------------------------------------------------------------------------------


def visit_years():
    return [(str(d.year), str(d.year)) for d in CommissionVisit.objects.dates("visited_on", "year", order="DESC")]


class VisitFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Type de visite"), choices=CommissionVisit.Kind.choices)
    status = django_filters.ChoiceFilter(label=gettext_lazy("PV"), choices=CommissionVisit.Status.choices)
    commune = commune_filter("project__commune")
    programme = programme_filter("project__programme")
    year = django_filters.ChoiceFilter(
        label=gettext_lazy("Année"), field_name="visited_on", lookup_expr="year", choices=visit_years
    )
    o = django_filters.OrderingFilter(
        fields=[("visited_on", "visited_on"), ("reference", "reference"), ("project__code", "project")]
    )

    class Meta:
        model = CommissionVisit
        fields = ["kind", "status", "commune", "programme", "year"]


class VisitListView(ScopedListMixin, ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = VisitFilter
    page_title = gettext_lazy("Visites des commissions")
    breadcrumbs = [SPACE_CRUMB, (gettext_lazy("Visites des commissions"), None)]
    export_columns = [
        Column(gettext_lazy("Date"), "visited_on", exports.DATE, order_by="visited_on", width=12, link=True),
        Column(gettext_lazy("Type"), "get_kind_display", width=20),
        Column(gettext_lazy("PV n°"), "reference", order_by="reference", width=16, code=True),
        Column(
            gettext_lazy("Projet"),
            "project.code",
            order_by="project",
            width=16,
            code=True,
            href=lambda v: v.project.get_absolute_url(),
        ),
        Column(gettext_lazy("Intitulé"), "project.title", width=36),
        Column(gettext_lazy("Commune"), "project.commune", width=18),
        Column(gettext_lazy("Commission"), "commission", width=30),
        Column(gettext_lazy("Réserves"), "reserves", width=36),
        Column(gettext_lazy("Statut"), "get_status_display", width=12),
    ]

    def get_queryset(self):
        return CommissionVisit.objects.select_related("project__commune", "commission").order_by("-visited_on", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "projects:visit_detail"
        return context


def get_visit(request, pk) -> CommissionVisit:
    """The visit of a page, within the user's communes (404 otherwise)."""
    return get_in_scope(request, selectors.visit_page(), pk=pk)


class VisitDetailView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "projects/execution/visit_detail.html"

    def get(self, request, pk):
        visit = get_visit(request, pk)
        user = request.user
        project = visit.project
        context = {
            "visit": visit,
            "project": project,
            "present": [row.member for row in visit.present.all()],
            "status_style": VISIT_STYLES.get(visit.status, "secondary"),
            "buttons": visit_services.VISIT_WORKFLOW.available(visit, user),
            "project_move": (
                visit_services.project_move_label(visit) if visit.status == CommissionVisit.Status.DRAFT else ""
            ),
            "can_edit": visit_services.may_edit(visit, user),
            "provisional_reserves": selectors.provisional_reserves(project)
            if visit.kind == CommissionVisit.Kind.FINAL
            else [],
            "history_url": history_url(user, visit),
            "page_title": str(visit),
            "breadcrumbs": [
                (SPACE_CRUMB[0], reverse(SPACE_CRUMB[1])),
                (VISITS_CRUMB[0], reverse(VISITS_CRUMB[1])),
                (str(visit), None),
            ],
        }
        return TemplateResponse(request, self.template_name, context)


class VisitFormPage(ProjectFormPage):
    das_permission = permissions.MANAGE_DOSSIERS
    template_name = "projects/execution/visit_form.html"

    def extra_context(self):
        return {"provisional_reserves": selectors.provisional_reserves(self.project)}

    def make_form(self, data=None):
        return forms.VisitForm(data, initial=self.initial())

    def values(self, form):
        data = form.cleaned_data
        return {
            "kind": data["kind"],
            "visited_on": data["visited_on"],
            "commission": data["commission"],
            "members": data["members"],
            "other_attendees": data["other_attendees"],
            "findings": data["findings"],
            "reserves": data["reserves"],
            "recommendations": data["recommendations"],
        }


class VisitCreateView(VisitFormPage):
    def load(self, pk):
        super().load(pk)
        self.visit = None

    def title(self):
        return _("Nouvelle visite de commission")

    def initial(self):
        kind = self.request.GET.get("type")
        return {"kind": kind} if kind in CommissionVisit.Kind.values else {}

    def unavailable(self):
        if visit_services.may_record(self.project, self.request.user):
            return ""
        return _("Une visite concerne un projet conventionné, jusqu'à sa réception définitive.")

    def run(self, form):
        self.visit = visit_services.visit_create(project=self.project, by=self.request.user, **self.values(form))
        return _("Visite enregistrée en brouillon : complétez-la puis clôturez son PV.")

    def done_url(self):
        return self.visit.get_absolute_url() if self.visit else self.project.get_absolute_url() + "#visites"


class VisitUpdateView(VisitFormPage):
    def load(self, pk):
        self.visit = get_visit(self.request, pk)
        self.project = self.visit.project

    def title(self):
        return _("Modifier la visite")

    def initial(self):
        visit = self.visit
        return {
            "kind": visit.kind,
            "visited_on": visit.visited_on,
            "commission": visit.commission_id,
            "members": [row.member_id for row in visit.present.all()],
            "other_attendees": visit.other_attendees,
            "findings": visit.findings,
            "reserves": visit.reserves,
            "recommendations": visit.recommendations,
        }

    def unavailable(self):
        return "" if visit_services.may_edit(self.visit, self.request.user) else _("Le PV de cette visite est clos.")

    def run(self, form):
        visit_services.visit_update(visit=self.visit, by=self.request.user, **self.values(form))
        return _("Visite enregistrée.")

    def done_url(self):
        return self.visit.get_absolute_url()


class VisitTransitionView(TransitionView):
    """Close the PV; the project moves as the visit's kind says, or the refusal says why not."""

    das_permission = permissions.ACCESS
    workflow = visit_services.VISIT_WORKFLOW
    transition_services = visit_services.TRANSITION_SERVICES
    record_argument = "visit"
    detail_url_name = "projects:visit_detail"
    done_message = gettext_lazy("Le PV est maintenant « %(status)s ».")

    def get_record(self, pk):
        return get_visit(self.request, pk)


class VisitPdfView(DasViewMixin, View):
    das_permission = permissions.ACCESS

    def get(self, request, pk, language):
        from das.exports import pdf_response
        from projects.visit_documents import render_visit_pv

        if language not in {"fr", "ar"}:
            raise Http404
        visit = get_visit(request, pk)
        content = render_visit_pv(visit, language)
        name = visit.reference or f"brouillon-{visit.pk}"
        return pdf_response(request, content, f"pv-visite-{name}-{language}.pdf")


# --- Indicators ---------------------------------------------------------------------------------------------------


class IndicatorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Recherche (code, intitulé)"), method="search")
    is_active = django_filters.BooleanFilter(label=gettext_lazy("Actif"))
    o = django_filters.OrderingFilter(fields=[("code", "code"), ("name", "name")])

    class Meta:
        model = Indicator
        fields = ["q", "is_active"]

    def search(self, queryset, _name, value):
        from django.db.models import Q

        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value) | Q(name_ar__icontains=value))


class IndicatorListView(ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = IndicatorFilter
    page_title = gettext_lazy("Catalogue des indicateurs")
    breadcrumbs = [SPACE_CRUMB, (gettext_lazy("Catalogue des indicateurs"), None)]
    create_label = gettext_lazy("Nouvel indicateur")
    export_columns = [
        Column(gettext_lazy("Code"), "code", order_by="code", width=14, code=True, link=True),
        Column(gettext_lazy("Intitulé"), "name", order_by="name", width=40),
        Column(gettext_lazy("Intitulé (arabe)"), "name_ar", width=30),
        Column(gettext_lazy("Unité"), "unit", width=12),
        Column(gettext_lazy("Définition"), "description", width=40),
        Column(gettext_lazy("Actif"), "is_active", exports.BOOLEAN, width=8),
    ]

    def get_queryset(self):
        return Indicator.objects.order_by("code")

    def get_context_data(self, **kwargs):
        if indicator_services.may_edit_catalogue(self.request.user):
            self.create_url = reverse("projects:indicator_create")
        context = super().get_context_data(**kwargs)
        context["row_url"] = "projects:indicator_update" if self.create_url else None
        return context


class IndicatorFormView(DasViewMixin, View):
    """Create or change a catalogue entry (the head of division or the monitoring agent)."""

    das_permission = permissions.ACCESS
    template_name = "projects/execution/indicator_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not indicator_services.may_edit_catalogue(request.user):
            raise PermissionDenied(_("Seuls le chef de division et le suivi-évaluation tiennent le catalogue."))
        return super().dispatch(request, *args, **kwargs)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        pk = kwargs.get("pk")
        self.indicator = get_object_or_404(Indicator, pk=pk) if pk else None

    def render(self, form):
        heading = str(self.indicator) if self.indicator else _("Nouvel indicateur")
        context = {
            "form": form,
            "indicator": self.indicator,
            "heading": heading,
            "page_title": heading,
            "history_url": history_url(self.request.user, self.indicator) if self.indicator else "",
            "breadcrumbs": [
                (SPACE_CRUMB[0], reverse(SPACE_CRUMB[1])),
                (INDICATORS_CRUMB[0], reverse(INDICATORS_CRUMB[1])),
                (heading, None),
            ],
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk=None):
        return self.render(forms.IndicatorForm(instance=self.indicator))

    def post(self, request, pk=None):
        from das.forms import add_service_error

        form = forms.IndicatorForm(request.POST, instance=self.indicator or Indicator())
        if not form.is_valid():
            return self.render(form)
        try:
            indicator_services.indicator_save(by=request.user, indicator=self.indicator, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        messages.success(request, _("Indicateur enregistré."))
        return redirect("projects:indicator_list")


class ProjectIndicatorAddView(ProjectFormPage):
    das_permission = permissions.MANAGE_DOSSIERS
    anchor = "#indicateurs"

    def title(self):
        return _("Suivre un indicateur du catalogue")

    def unavailable(self):
        if indicator_services.may_follow(self.project, self.request.user):
            return ""
        return _("Les indicateurs se suivent à partir de la convention du projet.")

    def make_form(self, data=None):
        return forms.ProjectIndicatorForm(data, project=self.project)

    def run(self, form):
        data = form.cleaned_data
        indicator_services.project_indicator_add(
            project=self.project,
            by=self.request.user,
            indicator=data["indicator"],
            target=data["target"],
            periodicity=data["periodicity"],
        )
        return _("Indicateur ajouté au projet.")


class IndicatorValuesView(ProjectFormPage):
    das_permission = permissions.MANAGE_DOSSIERS
    template_name = "projects/execution/indicator_values.html"
    anchor = "#indicateurs"

    def load(self, pk):
        queryset = ProjectIndicator.objects.select_related("project__holder", "indicator")
        self.chosen = get_in_scope(self.request, queryset, pk=pk)
        self.project = self.chosen.project

    def title(self):
        return _("Valeurs de l'indicateur %(indicator)s") % {"indicator": self.chosen.indicator}

    def unavailable(self):
        if indicator_services.may_follow(self.project, self.request.user):
            return ""
        return _("Les indicateurs de ce projet ne se saisissent plus.")

    def extra_context(self):
        return {"chosen": self.chosen, "values": list(self.chosen.values.select_related("recorded_by"))}

    def make_form(self, data=None):
        return forms.IndicatorValueForm(data, periods=PERIODS[self.chosen.periodicity])

    def run(self, form):
        data = form.cleaned_data
        indicator_services.indicator_value_set(
            project_indicator=self.chosen,
            by=self.request.user,
            year=data["year"],
            period=data["period"],
            value=data["value"],
            comment=data["comment"],
        )
        return _("Valeur enregistrée.")
