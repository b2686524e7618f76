"""International cooperation's pages: partners, programmes (with their activities, supported projects, follow-up and
reports due to the partner), activities, the reports list and the programme's sheet (PDF, Excel). The rules live in
coordination.services.cooperation, the reads in coordination.cooperation_selectors."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import IntegerField
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from coordination import cooperation_documents as documents
from coordination import cooperation_forms as forms
from coordination import cooperation_selectors as selectors
from coordination import permissions
from coordination.cooperation_workflows import ACTIVITY_WORKFLOW, PROGRAMME_WORKFLOW, closing_blockers
from coordination.models import (
    ActivityProject,
    CooperationActivity,
    CooperationPartner,
    CooperationProgramme,
    PartnerReport,
)
from coordination.services import cooperation as services
from das import exports
from das.exports import Column
from das.selectors import attachments_of
from das.views.base import DasViewMixin, ExportableListView, PdfView, RecordFormPage, TransitionView, history_url
from projects.views.credit_picture import workbook_response

Status = CooperationProgramme.Status
ActivityStatus = CooperationActivity.Status
STATUS_STYLES = {
    Status.PREPARATION: "secondary",
    Status.IN_PROGRESS: "success",
    Status.CLOSED: "dark",
    Status.SUSPENDED: "warning",
}
ACTIVITY_STYLES = {
    ActivityStatus.PLANNED: "secondary",
    ActivityStatus.IN_PROGRESS: "primary",
    ActivityStatus.COMPLETED: "success",
    ActivityStatus.CANCELLED: "dark",
}
PROGRAMME_BUTTONS = {"start": services.programme_start, "close": services.programme_close}
PROGRAMME_REASONS = {"suspend": services.programme_suspend, "resume": services.programme_resume}
ACTIVITY_BUTTONS = {"start": services.activity_start, "complete": services.activity_complete}


def crumbs(*tail):
    return [
        (_("Coordination inter-provinciale"), reverse("coordination:index")),
        (_("Coopération internationale"), reverse("coordination:cooperation_programme_list")),
        *tail,
    ]


def _load(loader, pk, model):
    try:
        return loader(pk)
    except model.DoesNotExist as exc:
        raise Http404 from exc


def load_programme(pk) -> CooperationProgramme:
    return _load(selectors.programme_for_page, pk, CooperationProgramme)


def load_activity(pk) -> CooperationActivity:
    return _load(selectors.activity_for_page, pk, CooperationActivity)


def load_partner(pk) -> CooperationPartner:
    return _load(lambda key: CooperationPartner.objects.get(pk=key), pk, CooperationPartner)


def can_manage(user) -> bool:
    return bool(permissions.can_manage_cooperation(user))


# --- Partners -------------------------------------------------------------------------------------------------------
class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Nom ou sigle"), method="search")
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Type"), choices=CooperationPartner.Kind.choices)
    country = django_filters.CharFilter(label=gettext_lazy("Pays"), lookup_expr="icontains")
    o = django_filters.OrderingFilter(fields=[("name", "name"), ("amount_total", "amount_total")])

    class Meta:
        model = CooperationPartner
        fields = ["kind", "country"]

    def search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(name__icontains=value) | Q(acronym__icontains=value))


class PartnerListView(ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = PartnerFilter
    page_title = gettext_lazy("Partenaires de la coopération internationale")
    breadcrumbs = [
        (gettext_lazy("Coordination inter-provinciale"), "coordination:index"),
        (gettext_lazy("Partenaires de coopération"), None),
    ]
    create_url = reverse_lazy("coordination:cooperation_partner_create")
    create_label = gettext_lazy("Nouveau partenaire")
    create_permission = permissions.MANAGE_COOPERATION
    export_columns = [
        Column(gettext_lazy("Partenaire"), "name", order_by="name", width=40, link=True),
        Column(gettext_lazy("Sigle"), "acronym", width=12),
        Column(gettext_lazy("Type"), "get_kind_display", width=28),
        Column(gettext_lazy("Pays"), "country", width=16),
        Column(gettext_lazy("Programmes"), "programme_count", exports.INTEGER, width=12),
        Column(
            gettext_lazy("Montant des programmes"), "amount_total", exports.MONEY, order_by="amount_total", width=20
        ),
        Column(gettext_lazy("Contribution du partenaire"), "contribution_total", exports.MONEY, width=20),
    ]

    def get_queryset(self):
        return selectors.partners_with_totals().order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "coordination:cooperation_partner_detail"
        context["extra_links"] = [
            (_("Programmes"), reverse("coordination:cooperation_programme_list")),
            (_("Rapports dus aux partenaires"), reverse("coordination:cooperation_report_list")),
        ]
        return context


class PartnerDetailView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "coordination/cooperation/partner_detail.html"

    def get(self, request, pk):
        partner = load_partner(pk)
        context = {
            "partner": partner,
            "programmes": list(selectors.partner_programmes(partner)),
            "status_styles": STATUS_STYLES,
            "can_manage": can_manage(request.user),
            "history_url": history_url(request.user, partner),
            "attachments": attachments_of(partner),
            "page_title": str(partner),
            "breadcrumbs": crumbs(
                (_("Partenaires"), reverse("coordination:cooperation_partner_list")), (partner.name, None)
            ),
        }
        return TemplateResponse(request, self.template_name, context)


class FormPage(RecordFormPage):
    """The area's create-or-update pages on the shared RecordFormPage: ``pk`` is optional (a parent's or the
    record's, as each subclass says), ``run`` keeps the saved record in ``self.record`` for ``done_url``, and the
    uploaded files reach the form."""

    das_permission = permissions.MANAGE_COOPERATION
    template_name = "coordination/cooperation/form.html"
    multipart = False
    record = None

    def setup(self, request, *args, **kwargs):
        View.setup(self, request, *args, **kwargs)
        self.load(kwargs.get("pk"))

    def load(self, pk):
        pass

    def context(self, title):
        return {
            "page_title": title,
            "subject": self.subject(),
            "multipart": self.multipart,
            "breadcrumbs": crumbs(*self.crumbs(), (title, None)),
            "back_url": self.back_url(),
        }

    def subject(self):
        return None

    def crumbs(self):
        return []


class PartnerCreateView(FormPage):
    def title(self):
        return _("Nouveau partenaire de coopération")

    def back_url(self):
        return reverse("coordination:cooperation_partner_list")

    def make_form(self, data=None):
        return forms.PartnerForm(data)

    def run(self, form):
        partner = services.partner_create(by=self.request.user, **form.cleaned_data)
        self.record = partner
        return _("Partenaire « %(name)s » enregistré.") % {"name": partner.name}

    def done_url(self):
        return self.record.get_absolute_url()


class PartnerUpdateView(PartnerCreateView):
    def load(self, pk):
        self.partner = load_partner(pk)

    def title(self):
        return _("Modifier le partenaire %(name)s") % {"name": self.partner.name}

    def back_url(self):
        return self.partner.get_absolute_url()

    def make_form(self, data=None):
        return forms.PartnerForm(data, partner=self.partner)

    def run(self, form):
        services.partner_update(partner=self.partner, by=self.request.user, **form.cleaned_data)
        return _("Partenaire enregistré.")

    def done_url(self):
        return self.partner.get_absolute_url()


# --- Programmes -----------------------------------------------------------------------------------------------------
class YearFilter(django_filters.NumberFilter):
    field_class = IntegerField


class ProgrammeFilter(django_filters.FilterSet):
    partner = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Partenaire"), queryset=CooperationPartner.objects.order_by("name")
    )
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=Status.choices)
    # Bounded like the app's other year fields: a typed 99999 is a filter error, not a date lookup out of range.
    year = YearFilter(label=gettext_lazy("Année"), method="in_year", min_value=2000, max_value=2100)
    o = django_filters.OrderingFilter(
        fields=[("reference", "reference"), ("start_on", "start_on"), ("amount", "amount")]
    )

    class Meta:
        model = CooperationProgramme
        fields = ["partner", "status"]

    def in_year(self, queryset, name, value):
        """Programmes running during that year."""
        return queryset.filter(start_on__year__lte=value, end_on__year__gte=value)


class ProgrammeListView(ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = ProgrammeFilter
    page_title = gettext_lazy("Programmes de coopération internationale")
    breadcrumbs = [
        (gettext_lazy("Coordination inter-provinciale"), "coordination:index"),
        (gettext_lazy("Programmes de coopération"), None),
    ]
    create_url = reverse_lazy("coordination:cooperation_programme_create")
    create_label = gettext_lazy("Nouveau programme")
    create_permission = permissions.MANAGE_COOPERATION
    export_columns = [
        Column(gettext_lazy("Référence"), "reference", order_by="reference", width=16, link=True, code=True),
        Column(gettext_lazy("Intitulé"), "title", width=40),
        Column(gettext_lazy("Partenaire"), lambda p: p.partner.acronym or p.partner.name, width=30),
        Column(gettext_lazy("Début"), "start_on", exports.DATE, order_by="start_on", width=12),
        Column(gettext_lazy("Fin"), "end_on", exports.DATE, width=12),
        Column(gettext_lazy("Statut"), "get_status_display", width=14),
        Column(gettext_lazy("Montant global"), "amount", exports.MONEY, order_by="amount", width=18),
        Column(gettext_lazy("Contribution du partenaire"), "partner_contribution", exports.MONEY, width=18),
        Column(gettext_lazy("Activités"), "activity_count", exports.INTEGER, width=10),
        Column(gettext_lazy("Total des activités"), "activities_total", exports.MONEY, width=18),
        Column(gettext_lazy("Rapports en retard"), "late_reports", exports.INTEGER, width=12),
    ]

    def get_queryset(self):
        return selectors.programmes_with_totals().order_by("-start_on", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "coordination:cooperation_programme_detail"
        context["extra_links"] = [
            (_("Partenaires"), reverse("coordination:cooperation_partner_list")),
            (_("Rapports dus aux partenaires"), reverse("coordination:cooperation_report_list")),
        ]
        return context


def document_links(programme) -> list[tuple[str, str]]:
    return [
        (_("Fiche (PDF, français)"), reverse("coordination:cooperation_programme_pdf", args=[programme.pk, "fr"])),
        (_("Fiche (PDF, arabe)"), reverse("coordination:cooperation_programme_pdf", args=[programme.pk, "ar"])),
        (_("Fiche (Excel)"), reverse("coordination:cooperation_programme_xlsx", args=[programme.pk])),
    ]


def programme_crumb(programme):
    return (programme.reference, programme.get_absolute_url())


class ProgrammeDetailView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "coordination/cooperation/programme_detail.html"

    def get(self, request, pk):
        programme = load_programme(pk)
        user = request.user
        summary = selectors.programme_summary(programme)
        available = PROGRAMME_WORKFLOW.available(programme, user)
        blockers = closing_blockers(summary.open_activities, summary.pending_reports)
        manage = can_manage(user) and programme.status != Status.CLOSED
        context = {
            "programme": programme,
            "summary": summary,
            "status_style": STATUS_STYLES.get(programme.status, "secondary"),
            "activity_styles": ACTIVITY_STYLES,
            "buttons": [(t, blockers if t.name == "close" else []) for t in available if t.name in PROGRAMME_BUTTONS],
            "pages": [
                (t, reverse("coordination:cooperation_programme_reason", args=[programme.pk, t.name]))
                for t in available
                if t.name in PROGRAMME_REASONS
            ],
            "can_edit": manage,
            "can_add_activity": manage and programme.status != Status.SUSPENDED,
            "documents": document_links(programme),
            "history_url": history_url(user, programme),
            "attachments": attachments_of(programme),
            "can_attach": can_manage(user),
            "project_links": user.has_perm("projects.access"),  # the coordination role does not open project pages
            "page_title": str(programme),
            "breadcrumbs": crumbs((programme.reference, None)),
        }
        return TemplateResponse(request, self.template_name, context)


class ProgrammeCreateView(FormPage):
    def load(self, pk):
        partner = None
        pk = self.request.GET.get("partner")
        if pk:
            from das.views.base import posted_pk

            partner = CooperationPartner.objects.filter(pk=posted_pk(pk)).first()
        self.partner = partner

    def title(self):
        return _("Nouveau programme de coopération")

    def back_url(self):
        return reverse("coordination:cooperation_programme_list")

    def make_form(self, data=None):
        return forms.ProgrammeForm(data, partner=self.partner)

    def run(self, form):
        programme = services.programme_create(by=self.request.user, **form.cleaned_data)
        self.record = programme
        return _("Programme %(reference)s créé en préparation.") % {"reference": programme.reference}

    def done_url(self):
        return self.record.get_absolute_url()


class ProgrammeUpdateView(FormPage):
    def load(self, pk):
        self.programme = load_programme(pk)

    def title(self):
        return _("Modifier le programme %(reference)s") % {"reference": self.programme.reference}

    def crumbs(self):
        return [programme_crumb(self.programme)]

    def back_url(self):
        return self.programme.get_absolute_url()

    def make_form(self, data=None):
        return forms.ProgrammeForm(data, programme=self.programme)

    def run(self, form):
        services.programme_update(programme=self.programme, by=self.request.user, **form.cleaned_data)
        return _("Programme enregistré.")

    def done_url(self):
        return self.programme.get_absolute_url()


class ProgrammeTransitionView(TransitionView):
    das_permission = permissions.ACCESS  # each service checks its own permission
    workflow = PROGRAMME_WORKFLOW
    transition_services = PROGRAMME_BUTTONS
    record_argument = "programme"
    detail_url_name = "coordination:cooperation_programme_detail"
    done_message = gettext_lazy("Le programme est maintenant « %(status)s ».")

    def get_record(self, pk):
        return load_programme(pk)


class ProgrammeReasonView(RecordFormPage):
    """Suspend or resume a programme, with the reason."""

    das_permission = permissions.MANAGE_COOPERATION
    template_name = "coordination/cooperation/form.html"

    def setup(self, request, *args, **kwargs):
        if kwargs.get("transition") not in PROGRAMME_REASONS:
            raise Http404
        self.transition = kwargs["transition"]
        super().setup(request, *args, **kwargs)

    def load(self, pk):
        self.programme = load_programme(pk)

    def title(self):
        return f"{PROGRAMME_WORKFLOW.by_name[self.transition].label} {self.programme.reference}"

    def make_form(self, data=None):
        return forms.ReasonForm(data)

    def unavailable(self):
        decision = PROGRAMME_WORKFLOW.decide(self.programme, self.transition, self.request.user)
        return "" if decision else decision.reason

    def run(self, form):
        programme = PROGRAMME_REASONS[self.transition](
            programme=self.programme, by=self.request.user, reason=form.cleaned_data["reason"]
        )
        return _("Le programme est maintenant « %(status)s ».") % {"status": programme.get_status_display()}

    def done_url(self):
        return self.programme.get_absolute_url()

    def context(self, title):
        return {
            "subject": self.programme,
            "page_title": title,
            "breadcrumbs": crumbs(programme_crumb(self.programme), (title, None)),
            "back_url": self.done_url(),
            "submit_label": PROGRAMME_WORKFLOW.by_name[self.transition].label,
        }


class ProgrammePdfView(PdfView):
    das_permission = permissions.ACCESS

    def get_record(self, pk):
        return load_programme(pk)

    def render_pdf(self, programme, language):
        return documents.render_programme_pdf(programme, language)

    def file_name(self, programme, language):
        return f"{documents.file_stem(programme)}-{language}.pdf"


class ProgrammeXlsxView(DasViewMixin, View):
    das_permission = permissions.ACCESS

    def get(self, request, pk):
        programme = load_programme(pk)
        workbook = documents.programme_workbook(programme, request.user)
        return workbook_response(request, workbook, f"{documents.file_stem(programme)}.xlsx")


# --- Activities -----------------------------------------------------------------------------------------------------
def activity_crumbs(activity):
    return [programme_crumb(activity.programme), (activity.title, activity.get_absolute_url())]


class ActivityCreateView(FormPage):
    def load(self, pk):
        self.programme = load_programme(pk)

    def title(self):
        return _("Nouvelle activité du programme %(reference)s") % {"reference": self.programme.reference}

    def crumbs(self):
        return [programme_crumb(self.programme)]

    def subject(self):
        return self.programme

    def back_url(self):
        return self.programme.get_absolute_url()

    def make_form(self, data=None):
        return forms.ActivityForm(data)

    def run(self, form):
        activity = services.activity_create(programme=self.programme, by=self.request.user, **form.cleaned_data)
        self.record = activity
        return _("Activité « %(title)s » ajoutée au programme.") % {"title": activity.title}

    def done_url(self):
        return self.record.get_absolute_url()


class ActivityUpdateView(FormPage):
    def load(self, pk):
        self.activity = load_activity(pk)

    def title(self):
        return _("Modifier l'activité")

    def subject(self):
        return self.activity

    def crumbs(self):
        return activity_crumbs(self.activity)

    def back_url(self):
        return self.activity.get_absolute_url()

    def make_form(self, data=None):
        return forms.ActivityForm(data, activity=self.activity)

    def run(self, form):
        services.activity_update(activity=self.activity, by=self.request.user, **form.cleaned_data)
        return _("Activité enregistrée.")

    def done_url(self):
        return self.activity.get_absolute_url()


class ActivityDetailView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "coordination/cooperation/activity_detail.html"

    def get(self, request, pk):
        activity = load_activity(pk)
        user = request.user
        supported = list(activity.supported.all())
        supported_total = sum((row.amount for row in supported), selectors.ZERO)
        open_programme = activity.programme.status != Status.CLOSED
        editable = (
            can_manage(user)
            and open_programme
            and activity.status in (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS)
        )
        available = ACTIVITY_WORKFLOW.available(activity, user) if open_programme else []
        context = {
            "activity": activity,
            "programme": activity.programme,
            "supported": supported,
            "supported_total": supported_total,
            "supported_left": activity.amount - supported_total,
            "follow_ups": list(activity.follow_ups.all()),
            "activity_styles": ACTIVITY_STYLES,
            "status_style": ACTIVITY_STYLES.get(activity.status, "secondary"),
            "buttons": [t for t in available if t.name in ACTIVITY_BUTTONS],
            "cancel": next((t for t in available if t.name == "cancel"), None),
            "can_edit": editable,
            "can_follow": can_manage(user) and open_programme and activity.status != ActivityStatus.CANCELLED,
            "history_url": history_url(user, activity),
            "attachments": attachments_of(activity),
            "can_attach": can_manage(user),
            "project_links": user.has_perm("projects.access"),
            "page_title": activity.title,
            "breadcrumbs": crumbs(programme_crumb(activity.programme), (activity.title, None)),
        }
        return TemplateResponse(request, self.template_name, context)


class ActivityTransitionView(TransitionView):
    das_permission = permissions.ACCESS
    workflow = ACTIVITY_WORKFLOW
    transition_services = ACTIVITY_BUTTONS
    record_argument = "activity"
    detail_url_name = "coordination:cooperation_activity_detail"
    done_message = gettext_lazy("L'activité est maintenant « %(status)s ».")

    def get_record(self, pk):
        return load_activity(pk)


class ActivityCancelView(RecordFormPage):
    das_permission = permissions.MANAGE_COOPERATION
    template_name = "coordination/cooperation/form.html"

    def load(self, pk):
        self.activity = load_activity(pk)

    def title(self):
        return _("Annuler l'activité « %(title)s »") % {"title": self.activity.title}

    def make_form(self, data=None):
        return forms.ReasonForm(data)

    def unavailable(self):
        decision = ACTIVITY_WORKFLOW.decide(self.activity, "cancel", self.request.user)
        return "" if decision else decision.reason

    def run(self, form):
        services.activity_cancel(activity=self.activity, by=self.request.user, reason=form.cleaned_data["reason"])
        return _("L'activité est annulée.")

    def done_url(self):
        return self.activity.get_absolute_url()

    def context(self, title):
        return {
            "subject": self.activity,
            "page_title": title,
            "breadcrumbs": crumbs(*activity_crumbs(self.activity), (title, None)),
            "back_url": self.done_url(),
            "submit_label": ACTIVITY_WORKFLOW.by_name["cancel"].label,
        }


# --- Supported projects and follow-up -------------------------------------------------------------------------------
class SupportAddView(FormPage):
    def load(self, pk):
        self.activity = load_activity(pk)

    def title(self):
        return _("Ajouter un projet soutenu")

    def subject(self):
        return self.activity

    def crumbs(self):
        return activity_crumbs(self.activity)

    def back_url(self):
        return self.activity.get_absolute_url()

    def make_form(self, data=None):
        return forms.SupportForm(data)

    def run(self, form):
        support = services.support_add(activity=self.activity, by=self.request.user, **form.cleaned_data)
        return _("Projet %(code)s ajouté aux projets soutenus.") % {"code": support.project.code}

    def done_url(self):
        return self.activity.get_absolute_url() + "#supported"


class SupportUpdateView(SupportAddView):
    def load(self, pk):
        self.support = _load(selectors.support_for_page, pk, ActivityProject)
        self.activity = self.support.activity

    def title(self):
        return _("Modifier l'apport au projet %(code)s") % {"code": self.support.project.code}

    def make_form(self, data=None):
        return forms.SupportForm(data, support=self.support)

    def run(self, form):
        services.support_update(support=self.support, by=self.request.user, **form.cleaned_data)
        return _("Apport enregistré.")


class SupportRemoveView(DasViewMixin, View):
    das_permission = permissions.MANAGE_COOPERATION
    http_method_names = ["post"]

    def post(self, request, pk):
        from das.views.base import refusal_text

        support = _load(selectors.support_for_page, pk, ActivityProject)
        try:
            services.support_remove(support=support, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(
                request, _("Projet %(code)s retiré des projets soutenus.") % {"code": support.project.code}
            )
        return redirect(reverse("coordination:cooperation_activity_detail", args=[support.activity_id]) + "#supported")


class FollowUpAddView(SupportAddView):
    def title(self):
        return _("Nouveau point de suivi")

    def make_form(self, data=None):
        return forms.FollowUpForm(data, initial={"on": timezone.localdate(), "spent": self.activity.spent})

    def run(self, form):
        services.followup_add(activity=self.activity, by=self.request.user, **form.cleaned_data)
        return _("Point de suivi enregistré.")

    def done_url(self):
        return self.activity.get_absolute_url() + "#follow-up"


# --- Reports due to the partner -------------------------------------------------------------------------------------
class ReportAddView(FormPage):
    def load(self, pk):
        self.programme = load_programme(pk)

    def title(self):
        return _("Nouveau rapport dû au partenaire")

    def subject(self):
        return self.programme

    def crumbs(self):
        return [programme_crumb(self.programme)]

    def back_url(self):
        return self.programme.get_absolute_url() + "#reports"

    def make_form(self, data=None):
        return forms.ReportForm(data)

    def run(self, form):
        report = services.report_add(programme=self.programme, by=self.request.user, **form.cleaned_data)
        return _("Rapport « %(title)s » ajouté.") % {"title": report.title}

    def done_url(self):
        return self.back_url()


class ReportSubmitView(FormPage):
    multipart = True

    def load(self, pk):
        self.report = _load(selectors.report_for_page, pk, PartnerReport)
        self.programme = self.report.programme

    def title(self):
        return _("Remise du rapport « %(title)s »") % {"title": self.report.title}

    def subject(self):
        return self.programme

    def crumbs(self):
        return [programme_crumb(self.programme)]

    def back_url(self):
        return self.programme.get_absolute_url() + "#reports"

    def make_form(self, data=None):
        files = self.request.FILES if data is not None else None
        return forms.ReportSubmitForm(data, files, initial={"submitted_on": timezone.localdate()})

    def run(self, form):
        data = form.cleaned_data
        services.report_submit(
            report=self.report,
            by=self.request.user,
            submitted_on=data["submitted_on"],
            uploaded=data["file"],
            note=data["note"],
        )
        return _("Remise du rapport enregistrée.")

    def done_url(self):
        return self.back_url()


class ReportFilter(django_filters.FilterSet):
    partner = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Partenaire"),
        field_name="programme__partner",
        queryset=CooperationPartner.objects.order_by("name"),
    )
    late = django_filters.BooleanFilter(label=gettext_lazy("En retard"), field_name="is_late")
    submitted = django_filters.BooleanFilter(
        label=gettext_lazy("Remis"), field_name="submitted_on", lookup_expr="isnull", exclude=True
    )
    o = django_filters.OrderingFilter(fields=[("due_on", "due_on")])

    class Meta:
        model = PartnerReport
        fields = ["partner"]


def _report_state(report) -> str:
    if report.submitted_on:
        return _("Remis")
    return _("En retard") if report.is_late else _("À remettre")


class ReportListView(ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = ReportFilter
    template_name = "coordination/cooperation/report_list.html"
    page_title = gettext_lazy("Rapports dus aux partenaires")
    breadcrumbs = [
        (gettext_lazy("Coordination inter-provinciale"), "coordination:index"),
        (gettext_lazy("Rapports dus aux partenaires"), None),
    ]
    export_columns = [
        Column(gettext_lazy("Dû le"), "due_on", exports.DATE, order_by="due_on", width=12),
        Column(gettext_lazy("Rapport"), "title", width=40, href=lambda report: report.get_absolute_url()),
        Column(gettext_lazy("Type"), "get_kind_display", width=18),
        Column(gettext_lazy("Programme"), "programme.reference", width=16, code=True),
        Column(gettext_lazy("Partenaire"), "programme.partner.name", width=30),
        Column(gettext_lazy("État"), _report_state, width=12),
        Column(gettext_lazy("Remis le"), "submitted_on", exports.DATE, width=12),
    ]

    def get_queryset(self):
        return selectors.reports_due().order_by("due_on", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["extra_links"] = [
            (_("Programmes"), reverse("coordination:cooperation_programme_list")),
            (_("Partenaires"), reverse("coordination:cooperation_partner_list")),
        ]
        return context
