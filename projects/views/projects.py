"""Projects born from CPDH decisions: the list (filters, Excel and PDF export) and the project's page.

Read-only pages: a project is created by the CPDH's decision on a dossier (projects.services.projects); the projects
issue adds conventions, execution and follow-up on top of it.
"""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django.db.models import Prefetch, Q, Sum
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import View

from committees import permissions as committee_permissions
from das import exports
from das import permissions as das_permissions
from das.exports import Column
from das.filters import yes_no_filter
from das.models import Axis, Partner, Sector
from das.views.base import DasViewMixin, ExportableListView, history_url
from projects import permissions, project_sections, record_selectors, selectors
from projects.filters import commune_filter, programme_filter
from projects.financing import financing_rows, percent_of
from projects.models import ILDH, Convention, Dossier, Project, ProjectFunding
from projects.scope import ScopedListMixin, get_in_scope
from projects.views.calls import SPACE_CRUMB
from projects.views.project_lifecycle import lifecycle_context

PROJECTS_CRUMB = (gettext_lazy("Projets"), "projects:project_list")
STATUS_STYLES = {
    Project.Status.VALIDATED: "success",
    Project.Status.CONVENTIONED: "info",
    Project.Status.IN_PROGRESS: "primary",
    Project.Status.COMPLETED: "success",
    Project.Status.CLOSED: "dark",
    Project.Status.SUSPENDED: "warning",
    Project.Status.ABANDONED: "danger",
}
# A dossier's page shows its CPDH block from the preselection on.
CPDH_STATUSES = {Dossier.Status.PRESELECTED, Dossier.Status.VALIDATED, Dossier.Status.REJECTED}
OUTCOME_STYLES = {"approuve": "success", "approuve_reserves": "success", "rejete": "danger", "ajourne": "warning"}


def project_years():
    years = Project.objects.dates("validated_on", "year", order="DESC")
    return [(str(day.year), str(day.year)) for day in years]


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Recherche (code, intitulé, porteur)"), method="search")
    programme = programme_filter()
    commune = commune_filter()
    year = django_filters.ChoiceFilter(
        label=gettext_lazy("Année de validation"), field_name="validated_on", lookup_expr="year", choices=project_years
    )
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=Project.Status.choices)
    holder = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Porteur"),
        queryset=Partner.objects.filter(projects__isnull=False).distinct().order_by("name"),
    )
    axis = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Axe"), queryset=Axis.objects.select_related("programme").order_by("programme__code", "code")
    )
    sector = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Secteur"), queryset=Sector.objects.order_by("name_fr")
    )
    ildh = django_filters.ModelChoiceFilter(
        label=gettext_lazy("ILDH"), queryset=ILDH.objects.order_by("-start_year", "reference")
    )
    # Home alerts link here with ?retard=1 and ?sans_avancement=1: lateness is defined once in the selectors.
    retard = yes_no_filter(gettext_lazy("En retard sur le planning"), method="filter_late")
    sans_avancement = yes_no_filter(gettext_lazy("Sans avancement récent"), method="filter_stale")
    o = django_filters.OrderingFilter(
        fields=[
            ("code", "code"),
            ("title", "title"),
            ("programme__code", "programme"),
            ("commune__name_fr", "commune"),
            ("holder__name", "holder"),
            ("indh_share", "indh_share"),
            ("estimated_cost", "estimated_cost"),
            ("validated_on", "validated_on"),
            ("status", "status"),
            ("physical_progress", "physical_progress"),
            ("paid", "paid"),
        ]
    )

    class Meta:
        model = Project
        fields = [
            "q",
            "programme",
            "axis",
            "sector",
            "commune",
            "holder",
            "ildh",
            "year",
            "status",
            "retard",
            "sans_avancement",
        ]

    def search(self, queryset, _name, value):
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value) | Q(holder__name__icontains=value))

    def filter_late(self, queryset, _name, value):
        if value is None:
            return queryset
        late = selectors.late_projects_q()
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_stale(self, queryset, _name, value):
        if value is None:
            return queryset
        stale = selectors.stale_progress_q()
        return queryset.filter(stale) if value else queryset.exclude(stale)


def cost_plan(project: Project) -> dict:
    """The cost plan as the page shows it: INDH, holder, each partner, their share of the cost, and the leverage
    (effet de levier): the part of the cost the holder and the partners bring, in %."""
    cost = project.estimated_cost
    fundings = list(project.fundings.all())
    rows = financing_rows(
        cost=cost,
        indh_share=project.indh_share,
        holder=project.holder,
        holder_contribution=project.holder_contribution,
        partners=[(f.partner, f.amount) for f in fundings],
    )
    others = project.holder_contribution + sum((f.amount for f in fundings), Decimal("0"))
    total = project.indh_share + others
    return {
        "rows": rows,
        "cost": cost,
        "total": total,
        "gap": cost - total,
        "others": others,
        "leverage": percent_of(others, cost),
    }


def cpdh_decision(project: Project):
    """The CPDH decision that created the project (with its meeting and rectifications), or None."""
    if project.dossier_id is None:
        return None
    from committees.models import Decision, Rectification

    return (
        Decision.objects.filter(
            item__kind="dossier",
            item__object_id=project.dossier_id,
            outcome__in=[Decision.Outcome.APPROVED, Decision.Outcome.APPROVED_WITH_RESERVES],
        )
        .select_related("item__meeting__committee")
        .prefetch_related(Prefetch("rectifications", queryset=Rectification.objects.select_related("made_by")))
        .order_by("-recorded_at")
        .first()
    )


def dossier_cpdh(dossier: Dossier) -> dict:
    """What a dossier's page shows of the CPDH: the decisions taken on it, the meeting it waits for, its project.

    A fixed number of queries, whatever the number of meetings the dossier went through."""
    from committees.models import AgendaItem, Meeting

    items = list(
        AgendaItem.objects.filter(kind="dossier", object_id=dossier.pk)
        .select_related("meeting__committee", "decision")
        .order_by("meeting__date", "meeting__time", "pk")
    )
    decided, pending = [], []
    for item in items:
        decision = item.decision if hasattr(item, "decision") else None  # a reverse one-to-one: absent → None
        if decision is not None:
            style = OUTCOME_STYLES.get(decision.outcome, "secondary")
            decided.append({"meeting": item.meeting, "decision": decision, "style": style})
        elif item.meeting.status in {Meeting.Status.PLANNED, Meeting.Status.CONVENED}:
            pending.append(item.meeting)
    project = Project.objects.filter(dossier=dossier).only("pk", "code", "title").first()
    awaiting = dossier.status == Dossier.Status.PRESELECTED and not pending
    return {
        "shown": bool(items or project) or dossier.status in CPDH_STATUSES,
        "decisions": decided,
        "pending": pending,
        "awaiting": awaiting,
        "project": project,
    }


class ProjectListView(ScopedListMixin, ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = ProjectFilter
    template_name = "projects/project_list.html"
    page_title = gettext_lazy("Projets")
    breadcrumbs = [SPACE_CRUMB, (gettext_lazy("Projets"), None)]
    export_columns = [
        Column(gettext_lazy("Code"), "code", order_by="code", width=16, link=True, code=True),
        Column(gettext_lazy("Intitulé"), "title", order_by="title", width=40),
        Column(gettext_lazy("Programme"), "programme", order_by="programme", width=28),
        Column(gettext_lazy("Commune"), "commune", order_by="commune", width=18),
        Column(gettext_lazy("Porteur"), "holder", order_by="holder", width=30),
        Column(gettext_lazy("Part INDH"), "indh_share", exports.MONEY, order_by="indh_share", width=18),
        Column(gettext_lazy("Coût"), "estimated_cost", exports.MONEY, order_by="estimated_cost", width=18),
        Column(gettext_lazy("Validé le"), "validated_on", exports.DATE, order_by="validated_on", width=12),
        Column(gettext_lazy("Statut"), "get_status_display", order_by="status", width=12),
        Column(
            gettext_lazy("Avancement physique (%)"),
            "physical_progress",
            exports.INTEGER,
            order_by="physical_progress",
            width=12,
        ),
        Column(gettext_lazy("Payé"), "paid", exports.MONEY, order_by="paid", width=18),
        Column(
            gettext_lazy("Avancement financier (%)"), record_selectors.financial_progress, exports.DECIMAL, width=12
        ),
    ]

    def get_queryset(self):
        return record_selectors.with_progress(selectors.project_list()).order_by("-validated_on", "-code")

    def get_context_data(self, **kwargs):
        if self.request.user.has_perm(permissions.APPROVE):
            self.create_url = reverse("projects:project_register")
        context = super().get_context_data(**kwargs)
        context["create_label"] = gettext_lazy("Enregistrer un projet sans dossier")
        context["row_url"] = "projects:project_detail"
        totals = context["filter"].qs.order_by().aggregate(indh=Sum("indh_share"), cost=Sum("estimated_cost"))
        context["totals"] = {"indh": totals["indh"] or Decimal("0"), "cost": totals["cost"] or Decimal("0")}
        return context


class ProjectDetailView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "projects/project_detail.html"

    def get(self, request, pk):
        queryset = (
            selectors.project_list()
            .select_related("holder__commune", "dossier__call")
            .prefetch_related(
                Prefetch("fundings", queryset=ProjectFunding.objects.select_related("partner").order_by("pk"))
            )
        )
        project = get_in_scope(request, queryset, pk=pk)
        user = request.user
        context = {
            "project": project,
            "page_title": str(project),
            "breadcrumbs": [
                (SPACE_CRUMB[0], reverse(SPACE_CRUMB[1])),
                (PROJECTS_CRUMB[0], reverse(PROJECTS_CRUMB[1])),
                (project.code, None),
            ],
            "status_style": STATUS_STYLES.get(project.status, "secondary"),
            "plan": cost_plan(project),
            "decision": cpdh_decision(project),
            "history_url": history_url(user, project),
            "can_see_meetings": user.has_perm(committee_permissions.ACCESS),
            "can_see_partners": user.has_perm(das_permissions.VIEW_PARTNERS),
            "convention": project.conventions.exclude(status=Convention.Status.TERMINATED).first(),
            "can_draft_convention": user.has_perm(permissions.MANAGE_DOSSIERS),
            **lifecycle_context(project, user),
            "sections": project_sections.sections_for(project, user),
        }
        return TemplateResponse(request, self.template_name, context)
