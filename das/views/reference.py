"""Generic pages for every kind of reference data (das.reference.KINDS)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, TemplateView, View

from das import permissions, reference
from das.models import FiscalYear
from das.services.records import RecordInUse, record_delete, record_save
from das.services.reference import fiscal_year_set_closed
from das.views.base import DasViewMixin, ExportableListView

REFERENCE_CRUMB = (gettext_lazy("Référentiel"), "reference:index")


class KindMixin:
    def dispatch(self, request, *args, **kwargs):
        self.kind = reference.BY_SLUG.get(kwargs["kind"])
        if self.kind is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [REFERENCE_CRUMB, (self.kind.title, reverse("reference:list", args=[self.kind.slug]))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kind"] = self.kind
        context["can_manage"] = self.request.user.has_perm(permissions.MANAGE_REFERENCE)
        return context


class ReferenceIndexView(DasViewMixin, TemplateView):
    das_permission = permissions.VIEW_REFERENCE
    template_name = "das/reference_index.html"
    page_title = gettext_lazy("Données de référence")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = {}
        for kind in reference.KINDS:
            counts[kind.slug] = kind.model.objects.aggregate(n=Count("pk"))["n"]
        context["kinds"] = [(kind, counts[kind.slug]) for kind in reference.KINDS]
        return context


class ReferenceListView(KindMixin, ExportableListView):
    das_permission = permissions.VIEW_REFERENCE

    def get_page_title(self):
        return self.kind.title

    def get_breadcrumbs(self):
        return [REFERENCE_CRUMB, (self.kind.title, None)]

    def get_queryset(self):
        return self.kind.queryset()

    def get_filterset_class(self):
        return self.kind.filterset_class()

    @property
    def export_columns(self):
        return self.kind.columns

    def get_context_data(self, **kwargs):
        if self.request.user.has_perm(permissions.MANAGE_REFERENCE):
            self.create_url = reverse("reference:create", args=[self.kind.slug])
        context = super().get_context_data(**kwargs)
        context["row_url"] = "reference:detail"
        context["row_url_args"] = [self.kind.slug]
        return context


class ReferenceDetailView(KindMixin, DasViewMixin, DetailView):
    das_permission = permissions.VIEW_REFERENCE
    template_name = "das/reference_detail.html"

    def get_queryset(self):
        return self.kind.queryset()

    def get_page_title(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [(column.label, column.display(self.object)) for column in self.kind.columns]
        context["page_title"] = str(self.object)
        return context


class ReferenceFormView(KindMixin, DasViewMixin, FormView):
    das_permission = permissions.MANAGE_REFERENCE
    template_name = "das/form.html"

    def get_object(self):
        if "pk" in self.kwargs:
            return get_object_or_404(self.kind.model, pk=self.kwargs["pk"])
        return None

    def get_page_title(self):
        obj = self.get_object()
        return (
            _("Modifier « %(name)s »") % {"name": obj}
            if obj
            else _("Ajouter : %(kind)s") % {"kind": self.kind.model._meta.verbose_name}
        )

    def get_form_class(self):
        return self.kind.form_class()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_object()
        return kwargs

    def form_valid(self, form):
        instance = form.save(commit=False)
        many_to_many = {
            field.name: form.cleaned_data[field.name]
            for field in instance._meta.many_to_many
            if field.name in form.cleaned_data
        }
        try:
            record_save(instance=instance, by=self.request.user, many_to_many=many_to_many)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("« %(name)s » est enregistré.") % {"name": instance})
        return redirect("reference:detail", self.kind.slug, instance.pk)


class FiscalYearClosureView(DasViewMixin, View):
    das_permission = permissions.CLOSE_FISCAL_YEAR
    http_method_names = ["post"]

    def post(self, request, pk, action):
        if action not in {"cloturer", "rouvrir"}:
            raise Http404
        year = get_object_or_404(FiscalYear, pk=pk)
        try:
            fiscal_year_set_closed(year=year, closed=action == "cloturer", by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Exercice %(year)s clôturé.") % {"year": year.year}
                if action == "cloturer"
                else _("Exercice %(year)s rouvert.") % {"year": year.year},
            )
        return redirect("reference:detail", "exercices", pk)


class ReferenceDeleteView(KindMixin, DasViewMixin, TemplateView):
    das_permission = permissions.MANAGE_REFERENCE
    template_name = "das/confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = get_object_or_404(self.kind.model, pk=self.kwargs["pk"])
        context["page_title"] = _("Supprimer « %(name)s »") % {"name": context["object"]}
        context["cancel_url"] = reverse("reference:detail", args=[self.kind.slug, context["object"].pk])
        return context

    def post(self, request, *args, **kwargs):
        obj = get_object_or_404(self.kind.model, pk=kwargs["pk"])
        try:
            record_delete(instance=obj, by=request.user)
        except RecordInUse as exc:
            messages.error(request, str(exc))
            return redirect("reference:detail", self.kind.slug, obj.pk)
        messages.success(request, _("« %(name)s » est supprimé.") % {"name": obj})
        return redirect("reference:list", self.kind.slug)
