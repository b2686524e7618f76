"""The financing-progress dashboard (page, PDF in French or Arabic, Excel) and its drill-down: the projects behind a
figure, with a totals row over all of them equal to the figure (exports in PDF and Excel, journaled)."""

from __future__ import annotations

from types import SimpleNamespace

from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from das import exports
from das.views.base import DasViewMixin
from projects import dashboard as documents
from projects import permissions
from projects.dashboard_selectors import DRILLABLE, drill_figures, drill_projects, totals_of, with_figures
from projects.models import Project, ProjectBeneficiaries
from projects.views.credit_picture import workbook_response

LANGUAGES = {"fr", "ar"}

DRILL_TITLES = {
    "projets": gettext_lazy("Projets"),
    "engage": gettext_lazy("Projets avec un engagement"),
    "paye": gettext_lazy("Projets avec un paiement"),
    "retard": gettext_lazy("Projets en retard"),
    "emplois": gettext_lazy("Projets ayant créé des emplois"),
    "beneficiaires": gettext_lazy("Projets avec des bénéficiaires"),
}


class DashboardView(DasViewMixin, TemplateView):
    das_permission = permissions.VIEW_DASHBOARDS
    template_name = "projects/dashboard/dashboard.html"

    def get(self, request, *args, **kwargs):
        self.form = documents.DashboardFilterForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return _("Tableau de bord")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(documents.dashboard_context(self.form, self.request.user))
        context["page_title"] = context["dashboard_title"]
        context["querystring"] = context["dashboard_filters"].querystring()
        context["can_open_projects"] = permissions.can_open_projects(self.request.user)
        return context


class DashboardPdfView(DasViewMixin, View):
    das_permission = permissions.VIEW_DASHBOARDS

    def get(self, request, language):
        if language not in LANGUAGES:
            raise Http404
        with translation.override(language):
            form = documents.DashboardFilterForm(request.GET or None)
            content = documents.render_dashboard_pdf(form, request.user, request)
            stem = f"tableau-de-bord-{form.filters().year or 'toutes-annees'}-{form.filters().date.isoformat()}"
        return exports.pdf_response(request, content, f"{stem}-{language}.pdf")


class DashboardXlsxView(DasViewMixin, View):
    das_permission = permissions.VIEW_DASHBOARDS

    def get(self, request):
        form = documents.DashboardFilterForm(request.GET or None)
        workbook = documents.dashboard_workbook(form, request.user)
        filters = form.filters()
        stem = f"tableau-de-bord-{filters.year or 'toutes-annees'}-{filters.date.isoformat()}"
        return workbook_response(request, workbook, f"{stem}.xlsx")


# --- Drill-down -----------------------------------------------------------------------------------------------------


def _beneficiaries(kind):
    lines = ProjectBeneficiaries.objects.filter(project=OuterRef("pk"), kind=kind).order_by()
    return Subquery(lines.values("project").annotate(total=Sum("count")).values("total"))


class DashboardDrillView(DasViewMixin, TemplateView):
    """The projects behind one figure (``figure`` in DRILLABLE, optional ``statut``); the other parameters are the
    dashboard's filters, so a programme or commune bar opens with that programme or commune set."""

    das_permission = permissions.VIEW_DASHBOARDS
    template_name = "projects/dashboard/drill.html"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.figure = request.GET.get("figure", "projets")
        if self.figure not in DRILLABLE:
            raise Http404(_("Chiffre inconnu."))
        self.form = documents.DashboardFilterForm(request.GET or None)
        self.filters = self.form.filters()
        statuses = dict(Project.Status.choices)
        self.status = request.GET.get("statut", "")
        if self.status and self.status not in statuses:
            raise Http404(_("Statut inconnu."))
        self.status_label = statuses.get(self.status, "")
        self.projects = drill_projects(
            self.filters, self.figure, documents.dashboard_base(request.user), status=self.status
        )
        export_format = request.GET.get("export")
        if export_format in exports.FORMATS:
            return self.export(request, export_format)
        return super().get(request, *args, **kwargs)

    def title(self) -> str:
        title = str(DRILL_TITLES[self.figure])
        if self.status_label:
            title += f" — {self.status_label}"
        return title

    def get_page_title(self):
        return self.title()

    def get_breadcrumbs(self):
        dashboard = reverse("projects:dashboard") + "?" + self.filters.querystring()
        return [(_("Tableau de bord"), dashboard), (_("Détail"), None)]

    @cached_property
    def figured(self):
        """Every project of the list with its figures, and their ledger (the page's rows reuse it)."""
        return drill_figures(self.projects, self.filters.date)

    def totals(self) -> dict:
        """The totals over every row of the list (not the page), as the dashboard computes them."""
        totals = totals_of(self.figured[0])
        return {
            "count": totals.count,
            "cost": totals.cost,
            "indh": totals.indh,
            "committed": totals.committed,
            "paid": totals.paid,
            "late": totals.late,
            "jobs": totals.jobs_created,
        }

    def beneficiary_totals(self) -> dict:
        base = self.projects.order_by().values("pk")
        return ProjectBeneficiaries.objects.filter(project__in=base).aggregate(
            targeted=Sum("count", filter=Q(kind=ProjectBeneficiaries.Kind.TARGETED)),
            reached=Sum("count", filter=Q(kind=ProjectBeneficiaries.Kind.REACHED)),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        projects = self.projects
        if self.figure == "beneficiaires":
            projects = projects.annotate(
                targeted=_beneficiaries(ProjectBeneficiaries.Kind.TARGETED),
                reached=_beneficiaries(ProjectBeneficiaries.Kind.REACHED),
            )
        paginator = Paginator(projects, self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        page.object_list = with_figures(list(page.object_list), self.filters.date, book=self.figured[1])
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        totals = self.totals()
        context.update(
            {
                "form": self.form,
                "dashboard_filters": self.filters,
                "figure": self.figure,
                "status_label": self.status_label,
                "page_obj": page,
                "paginator": paginator,
                "is_paginated": page.has_other_pages(),
                "object_list": page.object_list,
                "querystring": query.urlencode(),
                "totals": totals,
                "beneficiaries": self.beneficiary_totals() if self.figure == "beneficiaires" else None,
                "parameters": self.form.describe(self.filters),
                "can_open_projects": permissions.can_open_projects(self.request.user),
                "dashboard_url": reverse("projects:dashboard") + "?" + self.filters.querystring(),
            }
        )
        return context

    def columns(self) -> list[exports.Column]:
        columns = [
            exports.Column(_("Code"), "code", code=True, width=14),
            exports.Column(_("Intitulé"), "title", width=40),
            exports.Column(_("Programme"), lambda p: p.programme.code if p.programme_id else "", width=10),
            exports.Column(_("Commune"), lambda p: str(p.commune) if p.commune_id else "", width=16),
            exports.Column(_("Statut"), lambda p: p.get_status_display() if p.status else "", width=14),
            exports.Column(_("Coût global"), "estimated_cost", exports.MONEY, width=16),
            exports.Column(_("Part INDH"), "indh_share", exports.MONEY, width=16),
            exports.Column(_("Engagé"), "committed", exports.MONEY, width=16),
            exports.Column(_("Payé"), "paid", exports.MONEY, width=16),
            exports.Column(_("Avancement (%)"), "progress", exports.INTEGER, width=10),
            exports.Column(_("En retard"), "is_late", exports.BOOLEAN, width=8),
        ]
        if self.figure == "emplois":
            columns.append(exports.Column(_("Emplois créés"), "jobs_created", exports.INTEGER, width=10))
        return columns

    def export(self, request, export_format):
        totals = self.totals()
        total_row = SimpleNamespace(
            code="",
            title=_("Total (%(count)s projets)") % {"count": totals["count"]},
            programme_id=None,
            commune_id=None,
            status="",
            estimated_cost=totals["cost"],
            indh_share=totals["indh"],
            committed=totals["committed"],
            paid=totals["paid"],
            progress=None,
            is_late=None,
            jobs_created=totals["jobs"],
        )
        table = exports.Table(
            title=f"{_('Tableau de bord')} — {self.title()}",
            columns=self.columns(),
            rows=[*with_figures(self.projects, self.filters.date, book=self.figured[1]), total_row],
            filters=self.form.describe(self.filters),
        )
        return exports.respond(request, table, export_format)
