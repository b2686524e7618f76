"""Pages of the human-development indicators: the hub, the catalogue (list, form, page), the entry grid, the Excel
import (template, upload, rejection report), and the analyses — trends per territory, comparison between communes
(PDF / Excel) and the communes flagged as worse off than the province while receiving less INDH money per inhabitant.

The rules are in projects.services.territorial and the figures in projects.territorial_selectors (whose docstring
is the pages' legend); these pages only offer what is allowed and show the services' refusals where they belong.
"""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from das import exports
from das.exports import Column
from das.models import Commune
from das.views.base import DasViewMixin, ExportableListView, history_url, refusal_text, resolve_crumbs
from das.workflow import TransitionRefused
from projects import permissions
from projects import territorial_documents as documents
from projects import territorial_forms as forms
from projects import territorial_selectors as selectors
from projects.models import TerritorialIndicator
from projects.services import territorial as services

READ = permissions.VIEW_DASHBOARDS
MANAGE = permissions.MANAGE_TERRITORIAL_INDICATORS
HUB_CRUMB = (gettext_lazy("Indicateurs de développement humain"), "projects:territorial_index")
CATALOGUE_CRUMB = (gettext_lazy("Catalogue"), "projects:territorial_indicator_list")
REPORT_SESSION_KEY = "territorial_import_report"
REPORT_SESSION_ROWS = 5000


def crumbs(*tail):
    return resolve_crumbs([HUB_CRUMB, *tail])


def default_year() -> int:
    """The most recent year with values, else last year (the statistics of a year come after it)."""
    years = selectors.value_years()
    return years[0] if years else services.last_year() - 1


def year_choices() -> list[int]:
    years = set(selectors.value_years()) | {services.last_year(), services.last_year() - 1}
    return sorted(years, reverse=True)


class TerritorialIndexView(DasViewMixin, View):
    """The hub: where the dashboard readers find the catalogue and the analyses, and the agent the grid and import."""

    das_permission = READ

    def get(self, request):
        counts = TerritorialIndicator.objects.aggregate(total=Count("pk"), active=Count("pk", filter=Q(is_active=True)))
        last = TerritorialIndicator.objects.aggregate(year=Max("values__year"))["year"]
        context = {
            "page_title": HUB_CRUMB[0],
            "breadcrumbs": crumbs(),
            "counts": counts,
            "last_year": last,
            "can_manage": request.user.has_perm(MANAGE),
        }
        return TemplateResponse(request, "projects/territorial/index.html", context)


# --- Catalogue -------------------------------------------------------------------------------------------------------


class IndicatorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Recherche (code, intitulé, source)"), method="search")
    direction = django_filters.ChoiceFilter(label=gettext_lazy("Sens"), choices=TerritorialIndicator.Direction.choices)
    is_active = django_filters.BooleanFilter(label=gettext_lazy("Actif"))
    o = django_filters.OrderingFilter(fields=[("code", "code"), ("name_fr", "name_fr")])

    class Meta:
        model = TerritorialIndicator
        fields = ["q", "direction", "is_active"]

    def search(self, queryset, _name, value):
        return queryset.filter(
            Q(code__icontains=value)
            | Q(name_fr__icontains=value)
            | Q(name_ar__icontains=value)
            | Q(source__icontains=value)
        )


class IndicatorListView(ExportableListView):
    das_permission = READ
    filterset_class = IndicatorFilter
    page_title = gettext_lazy("Catalogue des indicateurs de développement humain")
    create_label = gettext_lazy("Nouvel indicateur")
    create_permission = MANAGE
    export_columns = [
        Column(gettext_lazy("Code"), "code", order_by="code", width=14, code=True, link=True),
        Column(gettext_lazy("Intitulé"), "name_fr", order_by="name_fr", width=40),
        Column(gettext_lazy("Intitulé (arabe)"), "name_ar", width=30),
        Column(gettext_lazy("Unité"), "unit", width=10),
        Column(gettext_lazy("Sens"), "get_direction_display", width=30),
        Column(gettext_lazy("Source"), "source", width=24),
        Column(gettext_lazy("Valeurs"), "value_count", exports.INTEGER, width=10),
        Column(gettext_lazy("Actif"), "is_active", exports.BOOLEAN, width=8),
    ]

    def get_breadcrumbs(self):
        return [HUB_CRUMB, (CATALOGUE_CRUMB[0], None)]

    def get_queryset(self):
        return TerritorialIndicator.objects.annotate(value_count=Count("values")).order_by("code")

    def get_context_data(self, **kwargs):
        self.create_url = reverse("projects:territorial_indicator_create")
        return super().get_context_data(**kwargs)


class IndicatorDetailView(DasViewMixin, View):
    das_permission = READ

    def get(self, request, pk):
        indicator = get_object_or_404(TerritorialIndicator, pk=pk)
        years = (
            indicator.values.order_by("-year")
            .values("year")
            .annotate(communes=Count("pk", filter=Q(locality__isnull=True)), localities=Count("locality"))
        )
        context = {
            "indicator": indicator,
            "years": list(years),
            "history_url": history_url(request.user, indicator),
            "can_manage": request.user.has_perm(MANAGE),
            "page_title": str(indicator),
            "breadcrumbs": crumbs(CATALOGUE_CRUMB, (indicator.code, None)),
        }
        return TemplateResponse(request, "projects/territorial/indicator_detail.html", context)


class IndicatorFormView(DasViewMixin, View):
    das_permission = MANAGE

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        pk = kwargs.get("pk")
        self.indicator = get_object_or_404(TerritorialIndicator, pk=pk) if pk else None

    def render(self, form):
        heading = str(self.indicator) if self.indicator else _("Nouvel indicateur de développement humain")
        tail = [(self.indicator.code, self.indicator.get_absolute_url())] if self.indicator else []
        context = {
            "form": form,
            "indicator": self.indicator,
            "heading": heading,
            "page_title": heading,
            "history_url": history_url(self.request.user, self.indicator) if self.indicator else "",
            "breadcrumbs": crumbs(CATALOGUE_CRUMB, *tail, (_("Modifier") if self.indicator else _("Nouveau"), None)),
        }
        return TemplateResponse(self.request, "projects/territorial/indicator_form.html", context)

    def get(self, request, pk=None):
        return self.render(forms.TerritorialIndicatorForm(instance=self.indicator))

    def post(self, request, pk=None):
        from das.forms import add_service_error

        form = forms.TerritorialIndicatorForm(request.POST, instance=self.indicator or TerritorialIndicator())
        if not form.is_valid():
            return self.render(form)
        try:
            saved = services.indicator_save(by=request.user, indicator=self.indicator, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        messages.success(request, _("Indicateur enregistré."))
        return redirect(saved.get_absolute_url())


# --- Grid ------------------------------------------------------------------------------------------------------------


def _typed_text(value) -> str:
    return "" if value is None else format(value, "f").replace(".", ",")


class GridView(DasViewMixin, View):
    """One year's values: active indicators as columns, communes (or one commune's quartiers / douars) as rows."""

    das_permission = MANAGE
    template_name = "projects/territorial/grid.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        source = request.POST if request.method == "POST" else request.GET
        try:
            self.year = int(source.get("annee") or default_year())
        except ValueError:
            self.year = default_year()
        commune = source.get("commune") or ""
        self.commune = get_object_or_404(Commune, pk=commune) if commune.isdigit() else None

    def render(self, grid, *, typed=None, cell_errors=None, errors=(), stamp=None):
        typed, cell_errors = typed or {}, cell_errors or {}
        rows = []
        for row in grid.rows:
            cells = []
            for cell in row.cells:
                text = typed[cell["name"]] if cell["name"] in typed else _typed_text(cell["value"])
                cells.append({**cell, "text": text, "error": cell_errors.get(cell["name"], "")})
            rows.append({"row": row, "cells": cells})
        title = _("Saisie des indicateurs %(year)s") % {"year": self.year}
        if self.commune is not None:
            title += " — " + _("quartiers et douars de %(commune)s") % {"commune": self.commune.name}
        context = {
            "grid": grid,
            "rows": rows,
            "errors": list(errors),
            "stamp": stamp or grid.stamp,
            "year": self.year,
            "years": year_choices(),
            "commune": self.commune,
            "communes": selectors.communes(),
            "page_title": title,
            "breadcrumbs": crumbs((_("Saisie"), None)),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request):
        return self.render(selectors.grid(self.year, self.commune))

    def post(self, request):
        grid = selectors.grid(self.year, self.commune)
        typed = {cell["name"]: request.POST.get(cell["name"], "").strip() for row in grid.rows for cell in row.cells}
        cells = {cell["key"]: typed[cell["name"]] for row in grid.rows for cell in row.cells}
        stamp = request.POST.get("stamp", "")
        try:
            counts = services.grid_save(
                by=request.user, year=self.year, cells=cells, expected_stamp=stamp, commune=self.commune
            )
        except ValidationError as exc:
            cell_errors = {}
            problems = []
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    if name in typed:
                        cell_errors[name] = " ".join(errors)
                    else:
                        problems.extend(errors)
            else:
                problems = exc.messages
            if cell_errors:
                problems.insert(0, _("Corrigez les cases signalées dans la grille."))
            return self.render(grid, typed=typed, cell_errors=cell_errors, errors=problems, stamp=stamp)
        except (TransitionRefused, PermissionDenied) as exc:
            return self.render(grid, typed=typed, errors=[refusal_text(exc)], stamp=stamp)
        messages.success(
            request,
            _("Grille enregistrée : %(created)s valeur(s) ajoutée(s), %(updated)s modifiée(s), %(removed)s retirée(s).")
            % {"created": counts.created, "updated": counts.updated, "removed": counts.removed},
        )
        query = f"?annee={self.year}" + (f"&commune={self.commune.pk}" if self.commune else "")
        return redirect(reverse("projects:territorial_grid") + query)


# --- Import ----------------------------------------------------------------------------------------------------------


class ImportView(DasViewMixin, View):
    das_permission = MANAGE
    template_name = "projects/territorial/import.html"

    def render(self, form, report=None, file_name=""):
        context = {
            "form": form,
            "report": report,
            "file_name": file_name,
            "max_size": services.MAX_IMPORT_BYTES,
            "page_title": _("Import des valeurs depuis Excel"),
            "breadcrumbs": crumbs((_("Import"), None)),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request):
        return self.render(forms.ImportForm())

    def post(self, request):
        form = forms.ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form)
        upload = form.cleaned_data["file"]
        try:
            result = services.import_values(by=request.user, upload=upload)
        except ValidationError as exc:
            form.add_error("file", exc.messages)
            return self.render(form)
        except services.ImportRefused as exc:
            request.session[REPORT_SESSION_KEY] = {
                "file": upload.name,
                "rows": [row.__dict__ for row in exc.report[:REPORT_SESSION_ROWS]],
            }
            return self.render(forms.ImportForm(), report=exc.report, file_name=upload.name)
        request.session.pop(REPORT_SESSION_KEY, None)
        messages.success(
            request,
            _(
                "« %(name)s » importé : %(rows)s ligne(s), %(created)s valeur(s) créée(s), %(updated)s mise(s) à jour, "
                "%(unchanged)s inchangée(s)."
            )
            % {
                "name": upload.name,
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
        return redirect("projects:territorial_import")


class ImportTemplateView(DasViewMixin, View):
    das_permission = MANAGE

    def get(self, request):
        name = "modele-import-indicateurs-developpement-humain.xlsx"
        exports.journal_download(request, kind="xlsx", file_name=name)
        response = HttpResponse(documents.import_template(), content_type=documents.XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ImportReportView(DasViewMixin, View):
    """The last refused import's report, as Excel (kept in the session of whoever tried it)."""

    das_permission = MANAGE

    def get(self, request):
        saved = request.session.get(REPORT_SESSION_KEY)
        if not saved:
            messages.warning(request, _("Aucun rapport d'import à télécharger : importez d'abord un fichier."))
            return ImportView.as_view()(request)
        return exports.respond(request, documents.report_table(saved["rows"], saved["file"]), "xlsx")


# --- Analyses --------------------------------------------------------------------------------------------------------


class AnalysisView(DasViewMixin, View):
    das_permission = READ
    template_name = ""
    fields: tuple[str, ...] = ()
    title = ""

    def filters(self, request):
        years = year_choices()
        data = {"annee": str(default_year()), **request.GET.dict()}
        if "indicateur" not in request.GET:
            first = selectors.indicators(active_only=True).first() or selectors.indicators().first()
            data["indicateur"] = str(first.pk) if first else ""
        return forms.AnalysisForm(data, years=years, fields=self.fields)

    def figures(self, form) -> dict:
        raise NotImplementedError

    def get(self, request):
        form = self.filters(request)
        figures = self.figures(form.cleaned_data) if form.is_valid() else {}
        response = self.export(request, figures)
        if response is not None:
            return response
        context = {
            "form": form,
            "page_title": self.title,
            "breadcrumbs": crumbs((self.title, None)),
            "querystring": request.GET.urlencode(),
            "can_open_projects": permissions.can_open_projects(request.user),
            **figures,
        }
        return TemplateResponse(request, self.template_name, context)

    def export(self, request, figures):
        return None


class TrendView(AnalysisView):
    template_name = "projects/territorial/trend.html"
    fields = ("indicateur", "commune")
    title = gettext_lazy("Évolution d'un indicateur")

    def figures(self, data) -> dict:
        points = selectors.trend(data["indicateur"], data.get("commune"))
        return {
            "indicator": data["indicateur"],
            "commune": data.get("commune"),
            "points": points,
            "chart": documents.trend_chart(data["indicateur"], data.get("commune"), points),
        }


class ComparisonView(AnalysisView):
    template_name = "projects/territorial/comparison.html"
    fields = ("indicateur", "annee")
    title = gettext_lazy("Comparaison des communes")

    def figures(self, data) -> dict:
        comparison = selectors.comparison(data["indicateur"], data["annee"])
        return {"comparison": comparison, "charts": documents.comparison_charts(comparison)}

    def export(self, request, figures):
        export_format = request.GET.get("export")
        if export_format not in exports.FORMATS or "comparison" not in figures:
            return None
        return exports.respond(request, documents.comparison_table(figures["comparison"]), export_format)


class FlagsView(AnalysisView):
    template_name = "projects/territorial/flags.html"
    fields = ("annee",)
    title = gettext_lazy("Communes signalées")

    def figures(self, data) -> dict:
        found, money, judged = selectors.flags(data["annee"])
        return {"flags": found, "money": money, "judged": judged, "year": data["annee"]}
