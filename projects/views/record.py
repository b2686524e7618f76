"""The project record's pages: direct registration by the head, the record's edit page, and the ILDH (list with
filters and export, page with the progress of its projects, form with its animation team).

Thin views: the rules are in projects.services.record, the reads in projects.record_selectors."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from das import exports
from das.exports import Column
from das.forms import add_service_error
from das.models import Commune
from das.views.base import DasViewMixin, ExportableListView, history_url, refusal_text
from projects import permissions, record_selectors
from projects.models import ILDH, ILDHMember
from projects.record_forms import (
    ILDHForm,
    MemberFormSet,
    PartnerFundingFormSet,
    ProjectBeneficiaryFormSet,
    ProjectRecordForm,
    TerritoryFormSet,
    beneficiary_initial,
    funding_initial,
    member_initial,
    territory_initial,
)
from projects.scope import ScopedListMixin, commune_scope, get_in_scope
from projects.services import record as services
from projects.views.calls import SPACE_CRUMB

PROJECTS_CRUMB = (gettext_lazy("Projets"), "projects:project_list")
ILDH_CRUMB = (gettext_lazy("ILDH"), "projects:ildh_list")
LINE_ERRORS = {
    "territories": "territory_formset",
    "beneficiaries": "beneficiary_formset",
    "fundings": "funding_formset",
}


def crumbs(parent, *tail):
    return [(SPACE_CRUMB[0], reverse(SPACE_CRUMB[1])), (parent[0], reverse(parent[1])), *tail]


def show_service_error(form, exc: ValidationError):
    """Field errors next to their field; errors about the lines (territories, beneficiaries…) above the form."""
    errors = dict(getattr(exc, "error_dict", {}))
    if not errors:
        add_service_error(form, exc)
        return
    for name in LINE_ERRORS:
        for error in errors.pop(name, []):
            form.add_error(None, error)
    if errors:
        add_service_error(form, ValidationError(errors))


class ProjectRecordFormView(DasViewMixin, View):
    """Register a project (no pk, the head only) or edit a project's record (the agent or the head): the project's
    fields, its partners' fundings, its territories and its beneficiary lines, saved together by the service."""

    das_permission = permissions.ACCESS  # refined in dispatch: registering is the head's, editing agent or head
    template_name = "projects/project_record_form.html"

    def dispatch(self, request, *args, pk=None, **kwargs):
        user = request.user
        if pk is None:
            self.project = None
            if not user.has_perm(permissions.APPROVE):
                raise PermissionDenied(_("Seul le chef de division enregistre un projet sans dossier de candidature."))
            self.money_locked = False
        else:
            self.project = get_in_scope(request, record_selectors.record_queryset(), pk=pk)
            if not services.may_edit(user):
                raise PermissionDenied(_("Votre rôle ne permet pas de modifier la fiche du projet."))
            self.money_locked = services.convention_signed(self.project)
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        project = self.project
        form = ProjectRecordForm(data, instance=project, registering=project is None, money_locked=self.money_locked)
        territories = TerritoryFormSet(
            data, prefix="territories", initial=territory_initial(project) if project else None
        )
        beneficiaries = ProjectBeneficiaryFormSet(
            data, prefix="beneficiaries", initial=beneficiary_initial(project) if project else None
        )
        fundings = PartnerFundingFormSet(data, prefix="fundings", initial=funding_initial(project) if project else None)
        return form, territories, beneficiaries, fundings

    def render(self, form, territories, beneficiaries, fundings):
        if self.project is None:
            title = _("Enregistrer un projet sans dossier")
            tail = [(title, None)]
            cancel = reverse("projects:project_list")
        else:
            title = _("Modifier la fiche du projet")
            tail = [(self.project.code, self.project.get_absolute_url()), (title, None)]
            cancel = self.project.get_absolute_url()
        context = {
            "project": self.project,
            "form": form,
            "territory_formset": territories,
            "beneficiary_formset": beneficiaries,
            "funding_formset": fundings,
            "money_locked": self.money_locked,
            "heading": title,
            "page_title": f"{title} — {self.project.code}" if self.project else title,
            "breadcrumbs": crumbs(PROJECTS_CRUMB, *tail),
            "cancel_url": cancel,
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render(*self.forms())

    def post(self, request, *args, **kwargs):
        form, territories, beneficiaries, fundings = self.forms(request.POST)
        valid = form.is_valid() & territories.is_valid() & beneficiaries.is_valid()
        valid &= self.money_locked or fundings.is_valid()
        if not valid:
            return self.render(form, territories, beneficiaries, fundings)
        lines = {"territories": territories.lines(), "beneficiaries": beneficiaries.lines()}
        try:
            if self.project is None:
                taken_over = form.cleaned_data.get("taken_over", False)
                project = services.project_register(
                    by=request.user,
                    taken_over=taken_over,
                    code=form.cleaned_data.get("former_code", "") if taken_over else "",
                    fundings=fundings.lines(),
                    **lines,
                    **form.record_fields(with_cost_plan=True),
                )
                done = _("Le projet %(code)s est enregistré.")
            else:
                project = services.project_update_record(
                    project=self.project,
                    by=request.user,
                    fundings=None if self.money_locked else fundings.lines(),
                    **lines,
                    **form.record_fields(with_cost_plan=not self.money_locked),
                )
                done = _("La fiche du projet %(code)s est enregistrée.")
        except ValidationError as exc:
            if "former_code" in form.fields and hasattr(exc, "error_dict") and "code" in exc.error_dict:
                exc.error_dict["former_code"] = exc.error_dict.pop("code")
            show_service_error(form, exc)
            return self.render(form, territories, beneficiaries, fundings)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form, territories, beneficiaries, fundings)
        messages.success(request, done % {"code": project.code})
        return redirect(project.get_absolute_url())


# --- ILDH ------------------------------------------------------------------------------------------------------------


def ildh_years():
    """Every year some ILDH covers, latest first."""
    from django.db.models import Max, Min

    span = ILDH.objects.aggregate(first=Min("start_year"), last=Max("end_year"))
    if span["first"] is None:
        return []
    return [(str(year), str(year)) for year in range(span["last"], span["first"] - 1, -1)]


class ILDHFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Recherche (référence, intitulé)"), method="search")
    commune = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Commune"), queryset=Commune.objects.order_by("name_fr")
    )
    year = django_filters.ChoiceFilter(label=gettext_lazy("En cours l'année"), method="running", choices=ildh_years)
    o = django_filters.OrderingFilter(
        fields=[
            ("reference", "reference"),
            ("title", "title"),
            ("commune__name_fr", "commune"),
            ("start_year", "start_year"),
            ("project_count", "project_count"),
            ("indh_total", "indh_total"),
        ]
    )

    class Meta:
        model = ILDH
        fields = ["q", "commune", "year"]

    def search(self, queryset, _name, value):
        from django.db.models import Q

        return queryset.filter(Q(reference__icontains=value) | Q(title__icontains=value))

    def running(self, queryset, _name, value):
        return queryset.filter(start_year__lte=value, end_year__gte=value)


class ILDHListView(ScopedListMixin, ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = ILDHFilter
    template_name = "das/list.html"
    page_title = gettext_lazy("Initiatives locales de développement humain (ILDH)")
    breadcrumbs = [SPACE_CRUMB, (gettext_lazy("ILDH"), None)]
    create_label = gettext_lazy("Nouvelle ILDH")
    create_permission = permissions.ACCESS  # narrowed in get_context_data: agent or head
    export_columns = [
        Column(gettext_lazy("Référence"), "reference", order_by="reference", width=16, link=True, code=True),
        Column(gettext_lazy("Intitulé"), "title", order_by="title", width=40),
        Column(gettext_lazy("Commune"), "commune", order_by="commune", width=20),
        Column(gettext_lazy("Quartier"), "locality", width=20),
        Column(gettext_lazy("Période"), "period", order_by="start_year", width=12),
        Column(gettext_lazy("Projets"), "project_count", exports.INTEGER, order_by="project_count", width=10),
        Column(gettext_lazy("Part INDH des projets"), "indh_total", exports.MONEY, order_by="indh_total", width=18),
    ]

    def get_queryset(self):
        return record_selectors.ildh_list().order_by("-start_year", "reference")

    def get_context_data(self, **kwargs):
        if services.may_edit(self.request.user):
            self.create_url = reverse("projects:ildh_create")
        context = super().get_context_data(**kwargs)
        context["row_url"] = "projects:ildh_detail"
        return context


def ildh_queryset():
    return ILDH.objects.select_related("commune", "locality").prefetch_related(
        Prefetch("members", queryset=ILDHMember.objects.order_by("pk"))
    )


class ILDHDetailView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "projects/ildh_detail.html"

    def get(self, request, pk):
        ildh = get_in_scope(request, ildh_queryset(), pk=pk)
        members = list(ildh.members.all())
        context = {
            "ildh": ildh,
            "members": members,
            "women_in_team": sum(1 for m in members if m.sex == ILDHMember.Sex.FEMALE),
            "progress": record_selectors.ildh_page(ildh),
            "page_title": str(ildh),
            "breadcrumbs": crumbs(ILDH_CRUMB, (ildh.reference, None)),
            "can_edit": services.may_edit(request.user),
            "history_url": history_url(request.user, ildh),
        }
        return TemplateResponse(request, self.template_name, context)


class ILDHFormView(DasViewMixin, View):
    das_permission = permissions.ACCESS  # refined in dispatch: the agent or the head
    template_name = "projects/ildh_form.html"

    def dispatch(self, request, *args, pk=None, **kwargs):
        self.ildh = get_in_scope(request, ildh_queryset(), pk=pk) if pk else None
        if not services.may_edit(request.user):
            raise PermissionDenied(_("Votre rôle ne permet pas de gérer les ILDH."))
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        initial = member_initial(self.ildh) if self.ildh else None
        form = ILDHForm(data, instance=self.ildh, communes=commune_scope(self.request.user))
        return form, MemberFormSet(data, prefix="members", initial=initial)

    def render(self, form, members):
        title = _("Modifier l'ILDH") if self.ildh else _("Nouvelle ILDH")
        tail = [(self.ildh.reference, self.ildh.get_absolute_url())] if self.ildh else []
        context = {
            "ildh": self.ildh,
            "form": form,
            "member_formset": members,
            "heading": title,
            "page_title": f"{title} — {self.ildh}" if self.ildh else title,
            "breadcrumbs": crumbs(ILDH_CRUMB, *tail, (title, None)),
            "cancel_url": self.ildh.get_absolute_url() if self.ildh else reverse("projects:ildh_list"),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render(*self.forms())

    def post(self, request, *args, **kwargs):
        form, members = self.forms(request.POST)
        if not (form.is_valid() & members.is_valid()):
            return self.render(form, members)
        fields = {name: form.cleaned_data.get(name) for name in services.ILDH_FIELDS}
        try:
            if self.ildh is None:
                ildh = services.ildh_create(by=request.user, members=members.lines(), **fields)
            else:
                ildh = services.ildh_update(ildh=self.ildh, by=request.user, members=members.lines(), **fields)
        except ValidationError as exc:
            errors = dict(getattr(exc, "error_dict", {}))
            for error in errors.pop("members", []):
                form.add_error(None, error)
            if errors or not hasattr(exc, "error_dict"):
                add_service_error(form, ValidationError(errors) if errors else exc)
            return self.render(form, members)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form, members)
        messages.success(request, _("L'ILDH %(reference)s est enregistrée.") % {"reference": ildh.reference})
        return redirect(ildh.get_absolute_url())
