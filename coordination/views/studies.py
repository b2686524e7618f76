"""Pages of the technical studies and works area: the list (filters, late rows flagged, Excel and PDF), the study's
form, its page (details, projects served, deliverables, status history, attachments, history link) with the next
steps as small forms (only for who may), and the deliverables' pages (expected, received, removed).

Views stay thin: reads in coordination.studies_selectors, writes in coordination.services.studies; a refusal is shown
in French next to its field (or above the form) and what was typed is kept.
"""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from coordination import permissions
from coordination import studies_forms as forms
from coordination import studies_selectors as selectors
from coordination.models import StudyDeliverable, TechnicalStudy
from coordination.services import studies as services
from coordination.studies_workflows import STUDY_WORKFLOW
from das import exports
from das.exports import Column
from das.filters import yes_no_filter
from das.forms import add_service_error
from das.models import Commune, Programme
from das.selectors import attachments_of
from das.views.base import DasViewMixin, ExportableListView, history_url, posted_pk, refusal_text, resolve_crumbs
from projects.permissions import ACCESS as PROJECTS_ACCESS

READ = permissions.ACCESS
MANAGE = permissions.MANAGE_STUDIES
SPACE_CRUMB = (gettext_lazy("Coordination inter-provinciale"), "coordination:index")
STUDIES_CRUMB = (gettext_lazy("Études et travaux techniques"), "coordination:study_list")
Status = TechnicalStudy.Status
STATUS_STYLES = {
    Status.PLANNED: "secondary",
    Status.IN_PROGRESS: "primary",
    Status.SUSPENDED: "warning",
    Status.COMPLETED: "success",
    Status.CANCELLED: "dark",
}


def crumbs(*tail):
    return resolve_crumbs([SPACE_CRUMB, *tail])


def can_manage(user) -> bool:
    return bool(permissions.can_manage_studies(user))


def closed_message(study) -> str:
    return _("L'étude est « %(status)s » : elle ne se modifie plus.") % {"status": study.get_status_display()}


def performer_label(study) -> str:
    return f"{study.performer_name} ({study.get_performer_kind_display()})"


def project_codes(study) -> str:
    return ", ".join(project.code for project in study.projects.all())


def _served_by(field):
    def method(self, queryset, _name, value):
        served = TechnicalStudy.objects.filter(**{f"projects__{field}": value}).values("pk")
        return queryset.filter(pk__in=served)

    return method


class StudyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Référence, intitulé ou prestataire"), method="search")
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Type"), choices=TechnicalStudy.Kind.choices)
    performer_kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Réalisé par"), choices=TechnicalStudy.PerformerKind.choices
    )
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=Status.choices)
    commune = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Commune du projet"), queryset=Commune.objects.order_by("name_fr"), method="by_commune"
    )
    programme = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Programme du projet"),
        queryset=Programme.objects.select_related("phase").order_by("phase__code", "code"),
        method="by_programme",
    )
    is_late = yes_no_filter(gettext_lazy("En retard"))
    o = django_filters.OrderingFilter(
        fields=[("reference", "reference"), ("planned_end", "planned_end"), ("status", "status"), ("amount", "amount")]
    )

    class Meta:
        model = TechnicalStudy
        fields = ["q", "kind", "performer_kind", "status", "commune", "programme", "is_late"]

    by_commune = _served_by("commune")
    by_programme = _served_by("programme")

    def search(self, queryset, _name, value):
        return queryset.filter(
            Q(reference__icontains=value) | Q(title__icontains=value) | Q(performer_name__icontains=value)
        )


class StudyListView(ExportableListView):
    das_permission = READ
    filterset_class = StudyFilter
    template_name = "coordination/studies/list.html"
    page_title = gettext_lazy("Études et travaux techniques")
    create_label = gettext_lazy("Nouvelle étude ou travaux")
    create_permission = MANAGE
    breadcrumbs = [SPACE_CRUMB, (STUDIES_CRUMB[0], None)]
    export_columns = [
        Column(gettext_lazy("Référence"), "reference", order_by="reference", width=14, link=True, code=True),
        Column(gettext_lazy("Type"), "get_kind_display", width=20),
        Column(gettext_lazy("Intitulé"), "title", width=36),
        Column(gettext_lazy("Réalisé par"), performer_label, width=28),
        Column(gettext_lazy("Projets servis"), project_codes, width=20),
        Column(gettext_lazy("Montant"), "amount", exports.MONEY, order_by="amount", width=14),
        Column(gettext_lazy("Début prévu"), "planned_start", exports.DATE, width=11),
        Column(gettext_lazy("Fin prévue"), "planned_end", exports.DATE, order_by="planned_end", width=11),
        Column(gettext_lazy("Statut"), "get_status_display", order_by="status", width=12),
        Column(gettext_lazy("En retard"), "is_late", exports.BOOLEAN, width=9),
    ]

    def get_queryset(self):
        return selectors.study_list()

    def get_context_data(self, **kwargs):
        self.create_url = reverse("coordination:study_create")
        context = super().get_context_data(**kwargs)
        context["row_url"] = "coordination:study_detail"
        context["late_rule"] = selectors.LATE_RULE
        context["status_styles"] = STATUS_STYLES
        return context


def get_study(pk) -> TechnicalStudy:
    try:
        return selectors.study_detail(pk)
    except TechnicalStudy.DoesNotExist as exc:
        raise Http404 from exc


def run_start(study, by, data):
    return services.study_start(study=study, by=by, started_on=data["started_on"])


def run_complete(study, by, data):
    return services.study_complete(study=study, by=by, ended_on=data["ended_on"], note=data["note"])


def run_with_reason(service):
    return lambda study, by, data: service(study=study, by=by, reason=data["reason"])


# transition name → (form, service)
TRANSITIONS = {
    "start": (forms.StartForm, run_start),
    "complete": (forms.CompleteForm, run_complete),
    "suspend": (forms.ReasonForm, run_with_reason(services.study_suspend)),
    "resume": (forms.ReasonForm, run_with_reason(services.study_resume)),
    "cancel": (forms.ReasonForm, run_with_reason(services.study_cancel)),
}


def make_step_form(name, data=None):
    return TRANSITIONS[name][0](data, prefix=name)


def study_context(request, study, bound=None) -> dict:
    user = request.user
    steps = []
    for transition in STUDY_WORKFLOW.available(study, user):
        form = bound if bound is not None and bound.prefix == transition.name else make_step_form(transition.name)
        url = reverse("coordination:study_transition", args=[study.pk, transition.name])
        steps.append({"transition": transition, "form": form, "url": url})
    manager = can_manage(user)
    deliverables = selectors.study_deliverables(study)
    for deliverable in deliverables:
        deliverable.history_url = history_url(user, deliverable)
    is_open = study.status not in services.CLOSED
    return {
        "study": study,
        "status_style": STATUS_STYLES.get(study.status, "secondary"),
        "projects": selectors.study_projects(study),
        "can_see_projects": user.has_perm(PROJECTS_ACCESS),
        "deliverables": deliverables,
        "late": selectors.late_reasons(study, deliverables),
        "late_rule": selectors.LATE_RULE,
        "status_history": selectors.status_history(study),
        "steps": steps,
        "can_edit": manager and is_open,
        "can_receive": manager and study.status in services.RECEIVING,
        "can_attach": manager,
        "attachments": list(attachments_of(study)),
        "history_url": history_url(user, study),
        "page_title": str(study),
        "breadcrumbs": crumbs(STUDIES_CRUMB, (study.reference, None)),
    }


class StudyDetailView(DasViewMixin, View):
    das_permission = READ

    def get(self, request, pk):
        return TemplateResponse(request, "coordination/studies/detail.html", study_context(request, get_study(pk)))


class StudyTransitionView(DasViewMixin, View):
    """Start, complete, suspend, resume, cancel: the small form of the page posts here; refused, the page says why."""

    das_permission = MANAGE
    http_method_names = ["post"]

    def post(self, request, pk, name):
        if name not in TRANSITIONS:
            raise Http404
        study = get_study(pk)
        form = make_step_form(name, request.POST)
        if form.is_valid():
            try:
                updated = TRANSITIONS[name][1](study, request.user, form.cleaned_data)
            except ValidationError as exc:
                add_service_error(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, refusal_text(exc))
            else:
                messages.success(
                    request,
                    _("L'étude %(reference)s est maintenant « %(status)s ».")
                    % {"reference": updated.reference, "status": updated.get_status_display()},
                )
                return redirect("coordination:study_detail", pk)
        context = study_context(request, study, bound=form)
        if not any(step["form"] is form for step in context["steps"]):
            # No longer offered (someone went first): say why above the page.
            decision = STUDY_WORKFLOW.decide(study, name, request.user)
            reason = " ".join(str(e) for e in form.non_field_errors()) or decision.reason or _("Action impossible.")
            messages.error(request, reason)
            return redirect("coordination:study_detail", pk)
        return TemplateResponse(request, "coordination/studies/detail.html", context)


class StudyFormView(DasViewMixin, View):
    das_permission = MANAGE
    template_name = "coordination/studies/form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        pk = kwargs.get("pk")
        self.study = get_object_or_404(TechnicalStudy, pk=pk) if pk else None

    def render(self, form):
        if self.study:
            heading = _("Modifier %(reference)s") % {"reference": self.study.reference}
            tail = [(self.study.reference, self.study.get_absolute_url()), (_("Modifier"), None)]
            cancel = self.study.get_absolute_url()
        else:
            heading = _("Nouvelle étude ou travaux techniques")
            tail = [(_("Nouvelle"), None)]
            cancel = reverse("coordination:study_list")
        context = {
            "form": form,
            "heading": heading,
            "page_title": heading,
            "cancel_url": cancel,
            "history_url": history_url(self.request.user, self.study) if self.study else "",
            "breadcrumbs": crumbs(STUDIES_CRUMB, *tail),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def closed(self):
        if self.study and self.study.status in services.CLOSED:
            messages.warning(self.request, closed_message(self.study))
            return redirect(self.study.get_absolute_url())
        return None

    def get(self, request, pk=None):
        initial = {}
        if self.study is None and (project := posted_pk(request.GET.get("project"))):
            initial["projects"] = [project]  # « Nouvelle étude » from a project's page
        return self.closed() or self.render(forms.StudyForm(instance=self.study, initial=initial))

    def post(self, request, pk=None):
        form = forms.StudyForm(request.POST, instance=self.study)
        if not form.is_valid():
            return self.render(form)
        fields = form.study_fields()
        projects = form.cleaned_data["projects"]
        try:
            if self.study:
                saved = services.study_update(study=self.study, by=request.user, projects=projects, **fields)
            else:
                saved = services.study_create(by=request.user, projects=projects, **fields)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, _("Étude %(reference)s enregistrée.") % {"reference": saved.reference})
        return redirect(saved.get_absolute_url())


class DeliverablePage(DasViewMixin, View):
    """A deliverable's small page: expected (add, edit) or received (file and date). GET shows the form, POST calls
    the service; a refusal is shown next to its field and what was typed is kept."""

    das_permission = MANAGE
    template_name = "coordination/studies/deliverable_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.load(kwargs["pk"])

    def load(self, pk):
        self.deliverable = get_object_or_404(StudyDeliverable.objects.select_related("study"), pk=pk)
        self.study = self.deliverable.study

    def heading(self) -> str:
        raise NotImplementedError

    def make_form(self, data=None, files=None):
        raise NotImplementedError

    def run(self, form) -> str:
        raise NotImplementedError

    def render(self, form):
        heading = self.heading()
        cancel_url = self.study.get_absolute_url()
        context = {
            "form": form,
            "heading": heading,
            "page_title": heading,
            "study": self.study,
            "multipart": isinstance(form, forms.ReceiveForm),
            "cancel_url": self.study.get_absolute_url(),
            "breadcrumbs": crumbs(STUDIES_CRUMB, (self.study.reference, cancel_url), (heading, None)),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk):
        if self.study.status in services.CLOSED:
            messages.warning(request, closed_message(self.study))
            return redirect(self.study.get_absolute_url())
        return self.render(self.make_form())

    def post(self, request, pk):
        form = self.make_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form)
        try:
            message = self.run(form)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, message)
        return redirect(self.study.get_absolute_url())


class DeliverableAddView(DeliverablePage):
    def load(self, pk):
        self.study = get_object_or_404(TechnicalStudy, pk=pk)
        self.deliverable = None

    def heading(self):
        return _("Nouveau livrable attendu")

    def make_form(self, data=None, files=None):
        return forms.DeliverableForm(data)

    def run(self, form):
        data = form.cleaned_data
        added = services.deliverable_add(
            study=self.study, by=self.request.user, title=data["title"], due_on=data["due_on"], note=data["note"]
        )
        return _("Livrable « %(title)s » ajouté.") % {"title": added.title}


class DeliverableUpdateView(DeliverablePage):
    def heading(self):
        return _("Modifier le livrable « %(title)s »") % {"title": self.deliverable.title}

    def make_form(self, data=None, files=None):
        return forms.DeliverableForm(data, instance=self.deliverable)

    def run(self, form):
        data = form.cleaned_data
        services.deliverable_update(
            deliverable=self.deliverable,
            by=self.request.user,
            title=data["title"],
            due_on=data["due_on"],
            note=data["note"],
        )
        return _("Livrable enregistré.")


class DeliverableReceiveView(DeliverablePage):
    def heading(self):
        return _("Réception du livrable « %(title)s »") % {"title": self.deliverable.title}

    def make_form(self, data=None, files=None):
        return forms.ReceiveForm(data, files)

    def run(self, form):
        data = form.cleaned_data
        services.deliverable_receive(
            deliverable=self.deliverable, by=self.request.user, uploaded=data["file"], received_on=data["received_on"]
        )
        return _("Réception du livrable « %(title)s » enregistrée.") % {"title": self.deliverable.title}


class DeliverableRemoveView(DasViewMixin, View):
    das_permission = MANAGE
    http_method_names = ["post"]

    def post(self, request, pk):
        deliverable = get_object_or_404(StudyDeliverable.objects.select_related("study"), pk=pk)
        try:
            services.deliverable_remove(deliverable=deliverable, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, _("Livrable « %(title)s » retiré.") % {"title": deliverable.title})
        return redirect(deliverable.study.get_absolute_url())
