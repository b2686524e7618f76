"""Pages of the needs area: themes, needs (list, page, form, deletion), the yearly needs analysis (page, Excel,
PDF), the catalogue of modules (list, page, form, « fiche module » PDF) and the curricula (list, page with the
ordered modules, form, PDF).

The rules are in training.services.needs and the reads in training.needs_selectors; these pages only offer what
the user may do and show the services' refusals next to the fields they concern.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from das import exports, records
from das.exports import Column
from das.forms import add_service_error
from das.views.base import DasViewMixin, ExportableListView, history_url, refusal_text, resolve_crumbs
from projects.views.credit_picture import workbook_response
from training import needs_forms as forms
from training import needs_selectors as selectors
from training import permissions
from training.models import Curriculum, CurriculumModule, Module, Need, NeedTheme
from training.services import needs as services

READ = permissions.ACCESS
MANAGE = permissions.MANAGE_NEEDS
LANGUAGES = {"fr", "ar"}
SPACE = (gettext_lazy("Formation"), "training:index")
THEMES = (gettext_lazy("Thèmes de formation"), "training:theme_list")
NEEDS = (gettext_lazy("Besoins de formation"), "training:need_list")
MODULES = (gettext_lazy("Catalogue des modules"), "training:module_list")
CURRICULA = (gettext_lazy("Parcours de formation"), "training:curriculum_list")


def crumbs(*tail):
    return resolve_crumbs([SPACE, *tail])


def _get(queryset_or_callable, pk):
    try:
        return queryset_or_callable(pk)
    except (Need.DoesNotExist, Module.DoesNotExist, Curriculum.DoesNotExist, NeedTheme.DoesNotExist) as exc:
        raise Http404 from exc


def _with_urls(actions):
    """Plan actions link to their page when the plans area serves one."""
    for action in actions:
        try:
            action.url = action.get_absolute_url()
        except NoReverseMatch:
            action.url = ""
    return actions


def _pdf_language(language: str) -> str:
    if language not in LANGUAGES:
        raise Http404
    return language


def _join(values) -> str:
    return ", ".join(str(value) for value in values)


class FormPage(DasViewMixin, View):
    """Create or change one record through its service: GET shows the form, POST calls ``save`` and goes to the
    record's page; a refusal comes back next to its field, keeping what was typed."""

    das_permission = MANAGE
    model = None
    form_class = None
    list_crumb = None
    new_title = ""
    template_name = "training/needs/form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        pk = kwargs.get("pk")
        self.object = get_object_or_404(self.model, pk=pk) if pk else None

    def make_form(self, data=None):
        return self.form_class(data, instance=self.object)

    def render(self, form):
        heading = str(self.object) if self.object else str(self.new_title)
        tail = [(str(self.object), records.page_of(self.object))] if self.object else []
        cancel = records.page_of(self.object) if self.object else reverse(self.list_crumb[1])
        context = {
            "form": form,
            "object": self.object,
            "heading": heading,
            "page_title": heading,
            "cancel_url": cancel,
            "history_url": history_url(self.request.user, self.object) if self.object else "",
            "breadcrumbs": crumbs(self.list_crumb, *tail, (_("Modifier") if self.object else _("Nouveau"), None)),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk=None):
        return self.render(self.make_form())

    def post(self, request, pk=None):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            saved = self.save(form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, _("Fiche enregistrée."))
        return redirect(records.page_of(saved))

    def save(self, data):
        raise NotImplementedError


# --- Themes ----------------------------------------------------------------------------------------------------------


class ThemeListView(ExportableListView):
    das_permission = READ
    filterset_class = forms.ThemeFilter
    page_title = gettext_lazy("Thèmes de formation")
    create_label = gettext_lazy("Nouveau thème")
    create_permission = MANAGE
    export_columns = [
        Column(gettext_lazy("Code"), "code", order_by="code", width=10, code=True, link=True),
        Column(gettext_lazy("Nom"), "name_fr", order_by="name_fr", width=40),
        Column(gettext_lazy("Nom (arabe)"), "name_ar", width=34),
        Column(gettext_lazy("Besoins"), "need_count", exports.INTEGER, width=10),
        Column(gettext_lazy("Modules"), "module_count", exports.INTEGER, width=10),
        Column(gettext_lazy("Actif"), "is_active", exports.BOOLEAN, width=8),
    ]

    def get_breadcrumbs(self):
        return [SPACE, (THEMES[0], None)]

    def get_queryset(self):
        return selectors.themes_list()

    def get_context_data(self, **kwargs):
        self.create_url = reverse("training:theme_create")
        context = super().get_context_data(**kwargs)
        context["row_url"] = "training:theme_detail"
        return context


class ThemeDetailView(DasViewMixin, View):
    das_permission = READ

    def get(self, request, pk):
        theme, years, modules = _get(selectors.theme_detail, pk)
        context = {
            "theme": theme,
            "years": years,
            "modules": modules,
            "history_url": history_url(request.user, theme),
            "can_manage": bool(permissions.can_manage_needs(request.user)),
            "page_title": str(theme),
            "breadcrumbs": crumbs(THEMES, (theme.code, None)),
        }
        return TemplateResponse(request, "training/needs/theme_detail.html", context)


class ThemeFormView(FormPage):
    model = NeedTheme
    form_class = forms.ThemeForm
    list_crumb = THEMES
    new_title = gettext_lazy("Nouveau thème de formation")

    def save(self, data):
        return services.theme_save(by=self.request.user, theme=self.object, **data)


# --- Needs -----------------------------------------------------------------------------------------------------------


def _origin(need) -> str:
    return str(need.team or need.committee or "")


NEED_COLUMNS = [
    Column(gettext_lazy("Année"), "year", order_by="year", width=8, code=True),
    Column(gettext_lazy("Thème"), "theme", order_by="theme", width=30),
    Column(gettext_lazy("Besoin exprimé"), "description", width=44, link=True),
    Column(gettext_lazy("Source"), "get_source_display", width=14),
    Column(gettext_lazy("Équipe ou comité"), _origin, width=24),
    Column(gettext_lazy("Public cible"), "get_target_group_display", width=18),
    Column(gettext_lazy("Commune"), "commune", width=18),
    Column(gettext_lazy("Personnes"), "people_count", exports.INTEGER, order_by="people_count", width=10),
    Column(gettext_lazy("Priorité"), "get_priority_display", order_by="priority", width=10),
    Column(gettext_lazy("Exprimé le"), "expressed_on", exports.DATE, order_by="expressed_on", width=12),
    Column(gettext_lazy("Statut"), lambda need: selectors.status_label(need.status), width=10),
]


class NeedListView(ExportableListView):
    das_permission = READ
    filterset_class = forms.NeedFilter
    page_title = gettext_lazy("Besoins de formation")
    create_label = gettext_lazy("Nouveau besoin")
    create_permission = MANAGE
    export_columns = NEED_COLUMNS

    def get_breadcrumbs(self):
        return [SPACE, (NEEDS[0], None)]

    def get_queryset(self):
        return selectors.needs_list()

    def get_context_data(self, **kwargs):
        self.create_url = reverse("training:need_create")
        context = super().get_context_data(**kwargs)
        context["row_url"] = "training:need_detail"
        context["extra_links"] = [
            (_("Analyse des besoins"), reverse("training:need_analysis")),
            (_("Thèmes"), reverse("training:theme_list")),
        ]
        return context


class NeedDetailView(DasViewMixin, View):
    das_permission = READ

    def get(self, request, pk):
        need, actions = _get(selectors.need_detail, pk)
        delete = permissions.can_delete_need(request.user, need, answered=bool(actions))
        context = {
            "need": need,
            "actions": _with_urls(actions),
            "status_label": selectors.status_label(need.status),
            "status_badge": selectors.STATUS_BADGES[need.status],
            "history_url": history_url(request.user, need),
            "can_manage": bool(permissions.can_manage_needs(request.user)),
            "can_delete": delete.allowed,
            "delete_reason": delete.reason if permissions.can_manage_needs(request.user) else "",
            "page_title": _("Besoin de formation"),
            "breadcrumbs": crumbs(NEEDS, (str(need), None)),
        }
        return TemplateResponse(request, "training/needs/need_detail.html", context)


class NeedFormView(FormPage):
    model = Need
    form_class = forms.NeedForm
    list_crumb = NEEDS
    new_title = gettext_lazy("Nouveau besoin de formation")

    def save(self, data):
        return services.need_save(by=self.request.user, need=self.object, **data)


class NeedDeleteView(DasViewMixin, View):
    das_permission = MANAGE
    http_method_names = ["post"]

    def post(self, request, pk):
        need = get_object_or_404(Need, pk=pk)
        try:
            services.need_delete(by=request.user, need=need)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _("Suppression refusée : %(reason)s") % {"reason": refusal_text(exc)})
            return redirect(need.get_absolute_url())
        messages.success(request, _("Besoin supprimé."))
        return redirect("training:need_list")


# --- Analysis --------------------------------------------------------------------------------------------------------


class NeedAnalysisView(DasViewMixin, View):
    """The year's needs grouped by theme, the page the service plans from; Excel (a sheet per grouping, totals as
    formulas) and PDF (French or Arabic)."""

    das_permission = READ

    def get(self, request):
        form = forms.AnalysisYearForm(request.GET or None)
        year = form.cleaned_data["annee"] if form.is_bound and form.is_valid() else None
        year = year or timezone.localdate().year
        analysis = selectors.analysis(year)
        export = request.GET.get("export")
        if export == "xlsx":
            return analysis_xlsx(request, analysis)
        if export == "pdf":
            language = request.GET.get("langue", "fr")
            return analysis_pdf(request, analysis, _pdf_language(language))
        if not form.is_bound:
            form = forms.AnalysisYearForm({"annee": year})
        context = {
            "form": form,
            "analysis": analysis,
            "dimensions": dimensions(analysis),
            "list_url": reverse("training:need_list"),
            "page_title": _("Analyse des besoins de formation"),
            "breadcrumbs": crumbs(NEEDS, (_("Analyse des besoins"), None)),
        }
        return TemplateResponse(request, "training/needs/analysis.html", context)


def dimensions(analysis):
    """The four groupings shown under the summary: (title, list-filter name, columns, rows, totals)."""
    return [
        (
            _("Par priorité"),
            "priority",
            analysis.priorities,
            analysis.rows("priorities"),
            analysis.totals("priorities"),
        ),
        (_("Par source"), "source", analysis.sources, analysis.rows("sources"), analysis.totals("sources")),
        (_("Par public cible"), "target_group", analysis.targets, analysis.rows("targets"), analysis.totals("targets")),
    ]


def _sheet_header(sheet, title, user, year):
    from openpyxl.styles import Font

    lines = [
        str(_("Royaume du Maroc — Ministère de l'Intérieur")),
        str(_("Division de l'Action Sociale")),
        str(title),
        _("Année %(year)s") % {"year": year},
        _("Édité le %(date)s par %(user)s") % {"date": timezone.localtime().strftime("%d/%m/%Y %H:%M"), "user": user},
    ]
    for number, line in enumerate(lines, start=1):
        sheet.cell(row=number, column=1, value=line).font = Font(bold=number == 3, size=14 if number == 3 else 10)
    return len(lines) + 2


def _write_grid(sheet, start, headers, rows):
    """Headers, rows of [label, numbers…], then a total row of SUM formulas per numeric column."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    fill = PatternFill("solid", fgColor="1F4E79")
    for index, header in enumerate(headers, start=1):
        cell = sheet.cell(row=start, column=index, value=str(header))
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), fill
        sheet.column_dimensions[get_column_letter(index)].width = 40 if index == 1 else 14
    for offset, row in enumerate(rows, start=1):
        for index, value in enumerate(row, start=1):
            sheet.cell(row=start + offset, column=index, value=value)
    total_row = start + len(rows) + 1
    sheet.cell(row=total_row, column=1, value=str(_("Total"))).font = Font(bold=True)
    for index in range(2, len(headers) + 1):
        letter = get_column_letter(index)
        formula = f"=SUM({letter}{start + 1}:{letter}{total_row - 1})" if rows else 0
        sheet.cell(row=total_row, column=index, value=formula).font = Font(bold=True)
    sheet.freeze_panes = sheet.cell(row=start + 1, column=2)


def analysis_xlsx(request, analysis):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    title = _("Analyse des besoins de formation")
    summary = workbook.create_sheet(str(_("Par thème"))[:31])
    start = _sheet_header(summary, title, request.user, analysis.year)
    status_labels = [label for _value, label in analysis.statuses]
    _write_grid(
        summary,
        start,
        [_("Thème"), _("Besoins"), _("Personnes concernées"), *status_labels],
        [
            [str(group.theme), group.needs, group.people, *[group.by_status[value] for value, _l in analysis.statuses]]
            for group in analysis.groups
        ],
    )
    for sheet_title, _name, columns, rows, _totals in dimensions(analysis):
        sheet = workbook.create_sheet(str(sheet_title)[:31])
        start = _sheet_header(sheet, f"{title} — {sheet_title}", request.user, analysis.year)
        _write_grid(
            sheet,
            start,
            [_("Thème"), *[label for _value, label in columns]],
            [[str(group.theme), *counts] for group, counts in rows],
        )
    return workbook_response(request, workbook, f"analyse-besoins-{analysis.year}.xlsx")


def analysis_pdf(request, analysis, language):
    with translation.override(language):
        context = exports.pdf_context(
            _("Analyse des besoins de formation"),
            request.user,
            subtitle=_("Année %(year)s") % {"year": analysis.year},
        )
        context.update({"analysis": analysis, "dimensions": dimensions(analysis)})
        content = exports.render_pdf("training/needs/pdf/analysis.html", context)
    return exports.pdf_response(request, content, f"analyse-besoins-{analysis.year}-{language}.pdf")


# --- Modules ---------------------------------------------------------------------------------------------------------


class ModuleListView(ExportableListView):
    das_permission = READ
    filterset_class = forms.ModuleFilter
    page_title = gettext_lazy("Catalogue des modules")
    create_label = gettext_lazy("Nouveau module")
    create_permission = MANAGE
    export_columns = [
        Column(gettext_lazy("Code"), "code", order_by="code", width=8, code=True, link=True),
        Column(gettext_lazy("Intitulé"), "title", order_by="title_fr", width=40),
        Column(gettext_lazy("Thèmes"), lambda m: _join(theme.code for theme in m.themes.all()), width=14),
        Column(gettext_lazy("Publics cibles"), lambda m: _join(selectors.target_labels(m.target_groups)), width=30),
        Column(gettext_lazy("Heures"), "duration_hours", exports.DECIMAL, width=8),
        Column(gettext_lazy("Jours"), "duration_days", exports.INTEGER, width=7),
        Column(gettext_lazy("Prérequis"), "prerequisite_count", exports.INTEGER, width=9),
        Column(gettext_lazy("Parcours"), "curriculum_count", exports.INTEGER, width=9),
        Column(gettext_lazy("Actif"), "is_active", exports.BOOLEAN, width=7),
    ]

    def get_breadcrumbs(self):
        return [SPACE, (MODULES[0], None)]

    def get_queryset(self):
        return selectors.modules_list().order_by("code")

    def get_context_data(self, **kwargs):
        self.create_url = reverse("training:module_create")
        context = super().get_context_data(**kwargs)
        context["row_url"] = "training:module_detail"
        context["extra_links"] = [(_("Parcours de formation"), reverse("training:curriculum_list"))]
        return context


class ModuleDetailView(DasViewMixin, View):
    das_permission = READ

    def get(self, request, pk):
        module, actions = _get(selectors.module_detail, pk)
        context = {
            "module": module,
            "actions": _with_urls(actions),
            "targets": selectors.target_labels(module.target_groups),
            "history_url": history_url(request.user, module),
            "can_manage": bool(permissions.can_manage_needs(request.user)),
            "page_title": str(module),
            "breadcrumbs": crumbs(MODULES, (module.code, None)),
        }
        return TemplateResponse(request, "training/needs/module_detail.html", context)


class ModuleFormView(FormPage):
    model = Module
    form_class = forms.ModuleForm
    list_crumb = MODULES
    new_title = gettext_lazy("Nouveau module de formation")

    def save(self, data):
        return services.module_save(by=self.request.user, module=self.object, **data)


class ModuleSheetView(DasViewMixin, View):
    """The « fiche module »: objectives, content, duration, targets and prerequisites, to print or hand over."""

    das_permission = READ

    def get(self, request, pk, language):
        language = _pdf_language(language)
        module, _actions = _get(selectors.module_detail, pk)
        with translation.override(language):
            context = exports.pdf_context(_("Fiche module"), request.user)
            context.update({"module": module, "targets": selectors.target_labels(module.target_groups)})
            content = exports.render_pdf("training/needs/pdf/module_sheet.html", context)
        name = slugify(module.code) or "module"
        return exports.pdf_response(request, content, f"fiche-module-{name}-{language}.pdf")


# --- Curricula -------------------------------------------------------------------------------------------------------


class CurriculumListView(ExportableListView):
    das_permission = READ
    filterset_class = forms.CurriculumFilter
    page_title = gettext_lazy("Parcours de formation")
    create_label = gettext_lazy("Nouveau parcours")
    create_permission = MANAGE
    export_columns = [
        Column(gettext_lazy("Code"), "code", order_by="code", width=8, code=True, link=True),
        Column(gettext_lazy("Intitulé"), "title", order_by="title_fr", width=40),
        Column(gettext_lazy("Public cible"), "get_target_group_display", width=20),
        Column(gettext_lazy("Modules"), "module_count", exports.INTEGER, width=9),
        Column(gettext_lazy("Heures"), "hours", exports.DECIMAL, width=9),
        Column(gettext_lazy("Actif"), "is_active", exports.BOOLEAN, width=7),
    ]

    def get_breadcrumbs(self):
        return [SPACE, (CURRICULA[0], None)]

    def get_queryset(self):
        return selectors.curricula_list().order_by("code")

    def get_context_data(self, **kwargs):
        self.create_url = reverse("training:curriculum_create")
        context = super().get_context_data(**kwargs)
        context["row_url"] = "training:curriculum_detail"
        context["extra_links"] = [(_("Catalogue des modules"), reverse("training:module_list"))]
        return context


class CurriculumDetailView(DasViewMixin, View):
    das_permission = READ

    def get(self, request, pk, add_form=None):
        view = _get(selectors.curriculum_detail, pk)
        can_manage = bool(permissions.can_manage_needs(request.user))
        context = {
            "view": view,
            "curriculum": view.curriculum,
            "add_form": add_form or (forms.StepAddForm(curriculum=view.curriculum) if can_manage else None),
            "history_url": history_url(request.user, view.curriculum),
            "can_manage": can_manage,
            "page_title": str(view.curriculum),
            "breadcrumbs": crumbs(CURRICULA, (view.curriculum.code, None)),
        }
        return TemplateResponse(request, "training/needs/curriculum_detail.html", context)


class CurriculumFormView(FormPage):
    model = Curriculum
    form_class = forms.CurriculumForm
    list_crumb = CURRICULA
    new_title = gettext_lazy("Nouveau parcours de formation")

    def save(self, data):
        return services.curriculum_save(by=self.request.user, curriculum=self.object, **data)


class CurriculumStepAddView(DasViewMixin, View):
    das_permission = MANAGE
    http_method_names = ["post"]

    def post(self, request, pk):
        curriculum = get_object_or_404(Curriculum, pk=pk)
        form = forms.StepAddForm(request.POST, curriculum=curriculum)
        if form.is_valid():
            try:
                step = services.curriculum_add_module(
                    by=request.user, curriculum=curriculum, module=form.cleaned_data["module"]
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Module %(code)s ajouté au parcours.") % {"code": step.module.code})
                return redirect(curriculum.get_absolute_url())
        return CurriculumDetailView().get(request, pk, add_form=form)


class CurriculumStepView(DasViewMixin, View):
    """Remove a module from the curriculum or move it one rank up or down."""

    das_permission = MANAGE
    http_method_names = ["post"]
    ACTIONS = {"retirer", "monter", "descendre"}

    def post(self, request, pk, step_pk, action):
        if action not in self.ACTIONS:
            raise Http404
        curriculum = get_object_or_404(Curriculum, pk=pk)
        step = get_object_or_404(CurriculumModule, pk=step_pk, curriculum=curriculum)
        try:
            if action == "retirer":
                services.curriculum_remove_module(by=request.user, curriculum=curriculum, step=step)
            else:
                direction = "up" if action == "monter" else "down"
                services.curriculum_move_module(by=request.user, curriculum=curriculum, step=step, direction=direction)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
        return redirect(curriculum.get_absolute_url())


class CurriculumPdfView(DasViewMixin, View):
    das_permission = READ

    def get(self, request, pk, language):
        language = _pdf_language(language)
        view = _get(selectors.curriculum_detail, pk)
        with translation.override(language):
            context = exports.pdf_context(_("Parcours de formation"), request.user)
            context.update(
                {
                    "view": view,
                    "curriculum": view.curriculum,
                    "target": view.curriculum.get_target_group_display(),
                }
            )
            content = exports.render_pdf("training/needs/pdf/curriculum.html", context)
        name = slugify(view.curriculum.code) or "parcours"
        return exports.pdf_response(request, content, f"parcours-{name}-{language}.pdf")
