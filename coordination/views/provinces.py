"""Pages of the provinces area: counterparts and their contacts, joint projects and their shares, coordination
meetings with their minutes and actions, the actions list; each list exports to Excel and PDF, the joint project
sheet and the minutes print in French and Arabic.

Views stay thin: reads in coordination.provinces_selectors, writes in coordination.services.provinces; a refusal is
shown in French next to its field (or above the form) and what was typed is kept.
"""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from coordination import permissions
from coordination import provinces_documents as documents
from coordination import provinces_forms as forms
from coordination import provinces_selectors as selectors
from coordination.models import (
    CoordinationAction,
    CoordinationMeeting,
    Counterpart,
    CounterpartContact,
    JointProject,
    JointProjectShare,
)
from coordination.provinces_workflows import JOINT_PROJECT_WORKFLOW, MEETING_WORKFLOW
from coordination.services import provinces as services
from das import exports
from das.exports import Column
from das.filters import yes_no_filter
from das.models import Programme, Province
from das.selectors import attachments_of
from das.views.base import (
    DasViewMixin,
    ExportableListView,
    PdfView,
    RecordFormPage,
    TransitionView,
    history_url,
    refusal_text,
    resolve_crumbs,
)
from projects import permissions as project_permissions

READ = permissions.ACCESS
MANAGE = permissions.MANAGE_PROVINCES
SPACE_CRUMB = (gettext_lazy("Coordination inter-provinciale"), "coordination:index")
COUNTERPARTS_CRUMB = (gettext_lazy("Préfectures et provinces partenaires"), "coordination:counterpart_list")
PROJECTS_CRUMB = (gettext_lazy("Projets communs"), "coordination:joint_project_list")
MEETINGS_CRUMB = (gettext_lazy("Réunions de coordination"), "coordination:meeting_list")
ACTIONS_CRUMB = (gettext_lazy("Actions de coordination"), "coordination:coordination_action_list")
ProjectStatus = JointProject.Status
MeetingStatus = CoordinationMeeting.Status
PROJECT_STYLES = {
    ProjectStatus.PREPARATION: "secondary",
    ProjectStatus.AGREED: "info",
    ProjectStatus.IN_PROGRESS: "primary",
    ProjectStatus.COMPLETED: "success",
    ProjectStatus.ABANDONED: "dark",
}
MEETING_STYLES = {MeetingStatus.PLANNED: "info", MeetingStatus.HELD: "success", MeetingStatus.CANCELLED: "dark"}
PROJECT_BUTTONS = {
    "agree": services.joint_project_agree,
    "start": services.joint_project_start,
    "complete": services.joint_project_complete,
}


def crumbs(*tail):
    return resolve_crumbs([SPACE_CRUMB, *tail])


def can_manage(user) -> bool:
    return bool(permissions.can_manage_provinces(user))


def load(selector, pk):
    try:
        return selector(pk)
    except (JointProject.DoesNotExist, Counterpart.DoesNotExist, CoordinationMeeting.DoesNotExist) as exc:
        raise Http404 from exc
    except CoordinationAction.DoesNotExist as exc:
        raise Http404 from exc


def get_or_404(model, pk):
    try:
        return model.objects.get(pk=pk)
    except model.DoesNotExist as exc:
        raise Http404 from exc


def meeting_years():
    return [(str(d.year), str(d.year)) for d in CoordinationMeeting.objects.dates("date", "year", order="DESC")]


def provinces_queryset():
    return Province.objects.order_by("name_fr")


class FormPage(RecordFormPage):
    """A create-or-update page: ``pk`` is optional (a parent's or the record's, as each subclass says)."""

    das_permission = MANAGE
    template_name = "coordination/provinces/form.html"

    def setup(self, request, *args, **kwargs):
        View.setup(self, request, *args, **kwargs)
        self.load(kwargs.get("pk"))

    def crumb_tail(self) -> list:
        return []

    def context(self, title):
        return {
            "page_title": title,
            "breadcrumbs": crumbs(*self.crumb_tail(), (title, None)),
            "back_url": self.back_url(),
            "subject": self.subject(),
        }

    def back_url(self):
        return self.done_url()

    def subject(self):
        return ""


# --- Counterparts ---------------------------------------------------------------------------------------------------
class CounterpartFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Province, service ou contact"), method="search")
    is_active = yes_no_filter(gettext_lazy("Active"))

    class Meta:
        model = Counterpart
        fields = ["q", "is_active"]

    def search(self, queryset, _name, value):
        from django.db.models import Q

        return queryset.filter(
            Q(province__name_fr__icontains=value)
            | Q(province__name_ar__icontains=value)
            | Q(division_name__icontains=value)
            | Q(contacts__full_name__icontains=value)
        ).distinct()


class CounterpartListView(ExportableListView):
    das_permission = READ
    filterset_class = CounterpartFilter
    page_title = gettext_lazy("Préfectures et provinces partenaires")
    breadcrumbs = [SPACE_CRUMB, (COUNTERPARTS_CRUMB[0], None)]
    create_url = reverse_lazy("coordination:counterpart_create")
    create_label = gettext_lazy("Nouvelle province partenaire")
    create_permission = MANAGE
    export_columns = [
        Column(gettext_lazy("Préfecture / province"), "province", width=28, link=True),
        Column(gettext_lazy("Service interlocuteur"), "division_name", width=26),
        Column(gettext_lazy("Interlocuteur principal"), "main_name", width=24),
        Column(gettext_lazy("Téléphone"), "main_phone", width=14, code=True),
        Column(gettext_lazy("E-mail"), "main_email", width=24, code=True),
        Column(gettext_lazy("Projets communs"), "joint_project_count", exports.INTEGER, width=10),
        Column(gettext_lazy("Dernière réunion"), "last_meeting_on", exports.DATE, width=12),
    ]

    def get_queryset(self):
        return selectors.counterpart_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "coordination:counterpart_detail"
        return context


class CounterpartDetailView(DasViewMixin, View):
    das_permission = READ

    def get(self, request, pk):
        counterpart = load(selectors.counterpart_for_page, pk)
        user = request.user
        context = {
            "counterpart": counterpart,
            "contacts": list(counterpart.contacts.all()),
            "projects": selectors.counterpart_projects(counterpart),
            "meetings": selectors.counterpart_meetings(counterpart),
            "project_styles": PROJECT_STYLES,
            "meeting_styles": MEETING_STYLES,
            "can_manage": can_manage(user),
            "history_url": history_url(user, counterpart),
            "attachments": attachments_of(counterpart),
            "page_title": str(counterpart),
            "breadcrumbs": crumbs(COUNTERPARTS_CRUMB, (str(counterpart), None)),
        }
        return TemplateResponse(request, "coordination/provinces/counterpart_detail.html", context)


class CounterpartFormView(FormPage):
    def load(self, pk):
        self.counterpart = get_or_404(Counterpart, pk) if pk else None

    def title(self):
        if self.counterpart:
            return _("Modifier %(province)s") % {"province": self.counterpart}
        return _("Nouvelle préfecture ou province partenaire")

    def crumb_tail(self):
        tail = [COUNTERPARTS_CRUMB]
        if self.counterpart:
            tail.append((str(self.counterpart), self.counterpart.get_absolute_url()))
        return tail

    def make_form(self, data=None):
        return forms.CounterpartForm(data, instance=self.counterpart)

    def extra_context(self):
        return {"new_province_fields": not self.counterpart, "history_url": self.history()}

    def history(self):
        return history_url(self.request.user, self.counterpart) if self.counterpart else ""

    def run(self, form):
        if self.counterpart:
            self.saved = services.counterpart_update(
                counterpart=self.counterpart, by=self.request.user, **form.values()
            )
        else:
            self.saved = services.counterpart_create(
                by=self.request.user,
                province=form.cleaned_data.get("province"),
                new_province=form.new_province(),
                **form.values(),
            )
        return _("%(province)s enregistrée.") % {"province": self.saved.province}

    def done_url(self):
        saved = getattr(self, "saved", None) or self.counterpart
        return saved.get_absolute_url() if saved else reverse("coordination:counterpart_list")


class ContactFormView(FormPage):
    """pk: the counterpart (add) or the contact (edit), as the URL name says."""

    def load(self, pk):
        if self.request.resolver_match.url_name == "counterpart_contact_update":
            self.contact = get_or_404(CounterpartContact, pk)
            self.counterpart = self.contact.counterpart
        else:
            self.contact = None
            self.counterpart = get_or_404(Counterpart, pk)

    def title(self):
        if self.contact:
            return _("Modifier le contact %(name)s") % {"name": self.contact.full_name}
        return _("Nouveau contact de %(province)s") % {"province": self.counterpart}

    def subject(self):
        return str(self.counterpart)

    def crumb_tail(self):
        return [COUNTERPARTS_CRUMB, (str(self.counterpart), self.counterpart.get_absolute_url())]

    def make_form(self, data=None):
        return forms.ContactForm(data, instance=self.contact)

    def run(self, form):
        if self.contact:
            services.contact_update(contact=self.contact, by=self.request.user, **form.values())
        else:
            services.contact_add(counterpart=self.counterpart, by=self.request.user, **form.values())
        return _("Contact enregistré.")

    def done_url(self):
        return self.counterpart.get_absolute_url() + "#contacts"


class ContactDeleteView(DasViewMixin, View):
    das_permission = MANAGE
    http_method_names = ["post"]

    def post(self, request, pk):
        contact = get_or_404(CounterpartContact, pk)
        try:
            services.contact_remove(contact=contact, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, _("Contact %(name)s retiré.") % {"name": contact.full_name})
        return redirect(reverse("coordination:counterpart_detail", args=[contact.counterpart_id]) + "#contacts")


# --- Joint projects -------------------------------------------------------------------------------------------------
class JointProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Référence ou intitulé"), method="search")
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=ProjectStatus.choices)
    programme = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Programme"), queryset=Programme.objects.order_by("name_fr")
    )
    province = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Province"), queryset=provinces_queryset(), method="with_province"
    )
    o = django_filters.OrderingFilter(fields=[("reference", "reference"), ("total_cost", "total_cost")])

    class Meta:
        model = JointProject
        fields = ["q", "status", "programme", "province"]

    def search(self, queryset, _name, value):
        from django.db.models import Q

        return queryset.filter(Q(reference__icontains=value) | Q(title__icontains=value))

    def with_province(self, queryset, _name, value):
        from django.db.models import Exists, OuterRef

        return queryset.filter(Exists(JointProjectShare.objects.filter(joint_project=OuterRef("pk"), province=value)))


class JointProjectListView(ExportableListView):
    das_permission = READ
    filterset_class = JointProjectFilter
    page_title = gettext_lazy("Projets communs à plusieurs provinces")
    breadcrumbs = [SPACE_CRUMB, (PROJECTS_CRUMB[0], None)]
    create_url = reverse_lazy("coordination:joint_project_create")
    create_label = gettext_lazy("Nouveau projet commun")
    create_permission = MANAGE
    export_columns = [
        Column(gettext_lazy("Référence"), "reference", order_by="reference", width=13, link=True, code=True),
        Column(gettext_lazy("Intitulé"), "title", width=36),
        Column(gettext_lazy("Programme"), "programme", width=22),
        Column(gettext_lazy("Chef de file"), "lead_province", width=22),
        Column(gettext_lazy("Provinces"), "province_count", exports.INTEGER, width=9),
        Column(gettext_lazy("Coût global"), "total_cost", exports.MONEY, order_by="total_cost", width=16),
        Column(gettext_lazy("Parts réparties"), "shares_total", exports.MONEY, width=16),
        Column(gettext_lazy("Notre part"), "our_share", exports.MONEY, width=16),
        Column(gettext_lazy("Statut"), "get_status_display", width=16),
    ]

    def get_queryset(self):
        return selectors.joint_project_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "coordination:joint_project_detail"
        return context


def project_document_links(project) -> list:
    return [
        (_("Fiche (PDF, français)"), reverse("coordination:joint_project_pdf", args=[project.pk, "fr"])),
        (_("Fiche (PDF, arabe)"), reverse("coordination:joint_project_pdf", args=[project.pk, "ar"])),
    ]


class JointProjectDetailView(DasViewMixin, View):
    das_permission = READ

    def get(self, request, pk):
        project = load(selectors.joint_project_for_page, pk)
        user = request.user
        summary = selectors.shares_summary(project)
        available = JOINT_PROJECT_WORKFLOW.available(project, user)
        manager = can_manage(user)
        home = selectors.home_province()
        context = {
            "project": project,
            "summary": summary,
            "home": home,
            "status_style": PROJECT_STYLES.get(project.status, "secondary"),
            "meeting_styles": MEETING_STYLES,
            "buttons": [t for t in available if t.name in PROJECT_BUTTONS],
            "can_abandon": any(t.name == "abandon" for t in available),
            "can_edit": manager and project.status in selectors.OPEN_PROJECT_STATUSES,
            "can_edit_shares": manager and project.status == ProjectStatus.PREPARATION,
            # Our project's page is the projects app's: linked only for who may open it.
            "can_open_projects": user.has_perm(project_permissions.ACCESS),
            "documents": project_document_links(project),
            "history_url": history_url(user, project),
            "attachments": attachments_of(project),
            "can_attach": manager,
            "page_title": str(project),
            "breadcrumbs": crumbs(PROJECTS_CRUMB, (project.reference, None)),
        }
        return TemplateResponse(request, "coordination/provinces/joint_project_detail.html", context)


class JointProjectFormView(FormPage):
    def load(self, pk):
        self.project = get_or_404(JointProject, pk) if pk else None

    def title(self):
        if self.project:
            return _("Modifier le projet commun %(reference)s") % {"reference": self.project.reference}
        return _("Nouveau projet commun")

    def crumb_tail(self):
        tail = [PROJECTS_CRUMB]
        if self.project:
            tail.append((self.project.reference, self.project.get_absolute_url()))
        return tail

    def unavailable(self):
        if self.project and self.project.status not in selectors.OPEN_PROJECT_STATUSES:
            return _("Un projet achevé ou abandonné ne se modifie plus.")
        return ""

    def make_form(self, data=None):
        return forms.JointProjectForm(data, instance=self.project)

    def run(self, form):
        if self.project:
            self.saved = services.joint_project_update(project=self.project, by=self.request.user, **form.values())
        else:
            self.saved = services.joint_project_create(by=self.request.user, **form.values())
        return _("Projet commun %(reference)s enregistré.") % {"reference": self.saved.reference}

    def done_url(self):
        saved = getattr(self, "saved", None) or self.project
        return saved.get_absolute_url() if saved else reverse("coordination:joint_project_list")


class ShareFormView(FormPage):
    """pk: the joint project (add) or the share (edit)."""

    def load(self, pk):
        if self.request.resolver_match.url_name == "joint_project_share_update":
            self.share = get_or_404(JointProjectShare, pk)
            self.project = self.share.joint_project
        else:
            self.share = None
            self.project = get_or_404(JointProject, pk)

    def title(self):
        if self.share:
            return _("Modifier la part de %(province)s") % {"province": self.share.province}
        return _("Nouvelle part d'une province")

    def subject(self):
        return str(self.project)

    def crumb_tail(self):
        return [PROJECTS_CRUMB, (self.project.reference, self.project.get_absolute_url())]

    def unavailable(self):
        if self.project.status != ProjectStatus.PREPARATION:
            return _("Les parts ne changent qu'en préparation ; le projet est « %(status)s ».") % {
                "status": self.project.get_status_display()
            }
        return ""

    def extra_context(self):
        summary = selectors.shares_summary(self.project)
        remaining = summary.remaining + (self.share.amount if self.share else 0)
        return {"remaining": remaining, "total_cost": self.project.total_cost}

    def make_form(self, data=None):
        return forms.ShareForm(data, instance=self.share)

    def run(self, form):
        if self.share:
            services.share_update(share=self.share, by=self.request.user, **form.values())
        else:
            services.share_add(joint_project=self.project, by=self.request.user, **form.values())
        return _("Part enregistrée.")

    def done_url(self):
        return self.project.get_absolute_url() + "#shares"


class ShareDeleteView(DasViewMixin, View):
    das_permission = MANAGE
    http_method_names = ["post"]

    def post(self, request, pk):
        share = get_or_404(JointProjectShare, pk)
        try:
            services.share_remove(share=share, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, _("Part de %(province)s retirée.") % {"province": share.province})
        return redirect(reverse("coordination:joint_project_detail", args=[share.joint_project_id]) + "#shares")


class JointProjectTransitionView(TransitionView):
    das_permission = MANAGE
    workflow = JOINT_PROJECT_WORKFLOW
    transition_services = PROJECT_BUTTONS
    record_argument = "project"
    detail_url_name = "coordination:joint_project_detail"
    done_message = gettext_lazy("Le projet commun est maintenant « %(status)s ».")

    def get_record(self, pk):
        return get_or_404(JointProject, pk)


class JointProjectAbandonView(FormPage):
    def load(self, pk):
        self.project = get_or_404(JointProject, pk)

    def title(self):
        return _("Abandonner le projet commun %(reference)s") % {"reference": self.project.reference}

    def subject(self):
        return str(self.project)

    def crumb_tail(self):
        return [PROJECTS_CRUMB, (self.project.reference, self.project.get_absolute_url())]

    def unavailable(self):
        return JOINT_PROJECT_WORKFLOW.decide(self.project, "abandon", self.request.user).reason

    def make_form(self, data=None):
        return forms.ReasonForm(data)

    def run(self, form):
        services.joint_project_abandon(project=self.project, by=self.request.user, reason=form.cleaned_data["reason"])
        return _("Le projet commun est abandonné.")

    def done_url(self):
        return self.project.get_absolute_url()


class JointProjectPdfView(PdfView):
    das_permission = READ

    def get_record(self, pk):
        return load(selectors.joint_project_for_page, pk)

    def render_pdf(self, project, language):
        return documents.render_joint_project_pdf(project, language)

    def file_name(self, project, language):
        return f"fiche-{project.reference}-{language}.pdf"


# --- Meetings -------------------------------------------------------------------------------------------------------
class MeetingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Référence ou objet"), method="search")
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=MeetingStatus.choices)
    province = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Province"), queryset=provinces_queryset(), method="with_province"
    )
    year = django_filters.ChoiceFilter(
        label=gettext_lazy("Année"), field_name="date", lookup_expr="year", choices=meeting_years
    )
    o = django_filters.OrderingFilter(fields=[("reference", "reference"), ("date", "date")])

    class Meta:
        model = CoordinationMeeting
        fields = ["q", "status", "province", "year"]

    def search(self, queryset, _name, value):
        from django.db.models import Q

        return queryset.filter(Q(reference__icontains=value) | Q(subject__icontains=value))

    def with_province(self, queryset, _name, value):
        from django.db.models import Exists, OuterRef

        through = CoordinationMeeting.provinces.through
        return queryset.filter(
            Exists(through.objects.filter(coordinationmeeting_id=OuterRef("pk"), province_id=value.pk))
        )


class MeetingListView(ExportableListView):
    das_permission = READ
    filterset_class = MeetingFilter
    template_name = "coordination/provinces/meeting_list.html"
    page_title = gettext_lazy("Réunions de coordination")
    breadcrumbs = [SPACE_CRUMB, (MEETINGS_CRUMB[0], None)]
    create_url = reverse_lazy("coordination:meeting_create")
    create_label = gettext_lazy("Nouvelle réunion")
    create_permission = MANAGE
    export_columns = [
        Column(gettext_lazy("Référence"), "reference", order_by="reference", width=12, link=True, code=True),
        Column(gettext_lazy("Date"), "date", exports.DATE, order_by="date", width=11),
        Column(gettext_lazy("Objet"), "subject", width=36),
        Column(gettext_lazy("Lieu"), "place", width=20),
        Column(gettext_lazy("Province hôte"), "host_province", width=20),
        Column(gettext_lazy("Statut"), "get_status_display", width=18),
        Column(gettext_lazy("Actions"), "action_count", exports.INTEGER, width=8),
        Column(gettext_lazy("Actions en retard"), "late_actions", exports.INTEGER, width=9),
        Column(gettext_lazy("PV à établir"), "minutes_due", exports.BOOLEAN, width=9),
    ]

    def get_queryset(self):
        return selectors.meeting_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "coordination:meeting_detail"
        return context


def meeting_document_links(meeting) -> list:
    return [
        (_("Procès-verbal (PDF, français)"), reverse("coordination:meeting_pdf", args=[meeting.pk, "fr"])),
        (_("Procès-verbal (PDF, arabe)"), reverse("coordination:meeting_pdf", args=[meeting.pk, "ar"])),
    ]


class MeetingDetailView(DasViewMixin, View):
    das_permission = READ

    def get(self, request, pk):
        meeting = load(selectors.meeting_for_page, pk)
        user = request.user
        manager = can_manage(user)
        available = {t.name: t for t in MEETING_WORKFLOW.available(meeting, user)}
        held = meeting.status == MeetingStatus.HELD
        context = {
            "meeting": meeting,
            "actions": list(meeting.actions.all()),
            "status_style": MEETING_STYLES.get(meeting.status, "secondary"),
            "minutes_transition": available.get("minutes"),
            "cancel_transition": available.get("cancel"),
            "can_edit": manager and meeting.status == MeetingStatus.PLANNED,
            "can_act": manager and held,
            "documents": meeting_document_links(meeting),
            "history_url": history_url(user, meeting),
            "attachments": attachments_of(meeting),
            "can_attach": manager,
            "page_title": str(meeting),
            "breadcrumbs": crumbs(MEETINGS_CRUMB, (meeting.reference, None)),
        }
        return TemplateResponse(request, "coordination/provinces/meeting_detail.html", context)


class MeetingFormView(FormPage):
    template_name = "coordination/provinces/form.html"

    def load(self, pk):
        self.meeting = get_or_404(CoordinationMeeting, pk) if pk else None

    def title(self):
        if self.meeting:
            return _("Modifier la réunion %(reference)s") % {"reference": self.meeting.reference}
        return _("Nouvelle réunion de coordination")

    def crumb_tail(self):
        tail = [MEETINGS_CRUMB]
        if self.meeting:
            tail.append((self.meeting.reference, self.meeting.get_absolute_url()))
        return tail

    def unavailable(self):
        if self.meeting and self.meeting.status != MeetingStatus.PLANNED:
            return _("Seule une réunion planifiée se modifie ; celle-ci est « %(status)s ».") % {
                "status": self.meeting.get_status_display()
            }
        return ""

    def make_form(self, data=None):
        return forms.MeetingForm(data, instance=self.meeting)

    def run(self, form):
        if self.meeting:
            self.saved = services.meeting_update(meeting=self.meeting, by=self.request.user, **form.values())
        else:
            self.saved = services.meeting_create(by=self.request.user, **form.values())
        return _("Réunion %(reference)s enregistrée.") % {"reference": self.saved.reference}

    def done_url(self):
        saved = getattr(self, "saved", None) or self.meeting
        return saved.get_absolute_url() if saved else reverse("coordination:meeting_list")


class MeetingStepPage(FormPage):
    transition = ""

    def load(self, pk):
        self.meeting = get_or_404(CoordinationMeeting, pk)

    def subject(self):
        return str(self.meeting)

    def crumb_tail(self):
        return [MEETINGS_CRUMB, (self.meeting.reference, self.meeting.get_absolute_url())]

    def unavailable(self):
        return MEETING_WORKFLOW.decide(self.meeting, self.transition, self.request.user).reason

    def done_url(self):
        return self.meeting.get_absolute_url()


class MeetingMinutesView(MeetingStepPage):
    transition = "minutes"

    def title(self):
        return _("Procès-verbal de la réunion %(reference)s") % {"reference": self.meeting.reference}

    def make_form(self, data=None):
        form = forms.MinutesForm(data)
        if data is None:
            form.initial.update(
                {"date": self.meeting.date, "attendees": self.meeting.attendees, "minutes": self.meeting.minutes}
            )
        return form

    def run(self, form):
        data = form.cleaned_data
        services.meeting_record_minutes(
            meeting=self.meeting,
            by=self.request.user,
            minutes=data["minutes"],
            attendees=data["attendees"],
            date=data["date"],
        )
        return _("Procès-verbal enregistré : la réunion est tenue.")


class MeetingCancelView(MeetingStepPage):
    transition = "cancel"

    def title(self):
        return _("Annuler la réunion %(reference)s") % {"reference": self.meeting.reference}

    def make_form(self, data=None):
        return forms.ReasonForm(data)

    def run(self, form):
        services.meeting_cancel(meeting=self.meeting, by=self.request.user, reason=form.cleaned_data["reason"])
        return _("La réunion est annulée.")


class MeetingPdfView(PdfView):
    das_permission = READ

    def get_record(self, pk):
        return load(selectors.meeting_for_page, pk)

    def render_pdf(self, meeting, language):
        return documents.render_minutes_pdf(meeting, language)

    def file_name(self, meeting, language):
        return f"pv-{meeting.reference}-{language}.pdf"


# --- Actions decided ------------------------------------------------------------------------------------------------
class ActionFormView(FormPage):
    """pk: the meeting (add) or the action (edit)."""

    def load(self, pk):
        if self.request.resolver_match.url_name == "meeting_action_update":
            self.action = get_or_404(CoordinationAction, pk)
            self.meeting = self.action.meeting
        else:
            self.action = None
            self.meeting = get_or_404(CoordinationMeeting, pk)

    def title(self):
        if self.action:
            return _("Modifier l'action décidée")
        return _("Nouvelle action décidée")

    def subject(self):
        return str(self.meeting)

    def crumb_tail(self):
        return [MEETINGS_CRUMB, (self.meeting.reference, self.meeting.get_absolute_url())]

    def unavailable(self):
        if self.meeting.status != MeetingStatus.HELD:
            return _("Les actions se décident dans une réunion tenue ; celle-ci est « %(status)s ».") % {
                "status": self.meeting.get_status_display()
            }
        if self.action and self.action.status != CoordinationAction.Status.OPEN:
            return _("Une action réalisée ne se modifie plus : rouvrez-la d'abord.")
        return ""

    def make_form(self, data=None):
        return forms.ActionForm(data, instance=self.action)

    def run(self, form):
        values = form.values()
        if values.get("progress") is None:
            values["progress"] = self.action.progress if self.action else 0
        if self.action:
            services.action_update(action=self.action, by=self.request.user, **values)
        else:
            services.action_add(meeting=self.meeting, by=self.request.user, **values)
        return _("Action enregistrée.")

    def done_url(self):
        return self.meeting.get_absolute_url() + "#actions"


class ActionDoneView(FormPage):
    def load(self, pk):
        self.action = get_or_404(CoordinationAction, pk)
        self.meeting = self.action.meeting

    def title(self):
        return _("Action réalisée")

    def subject(self):
        return self.action.description

    def crumb_tail(self):
        return [MEETINGS_CRUMB, (self.meeting.reference, self.meeting.get_absolute_url())]

    def unavailable(self):
        if self.action.status != CoordinationAction.Status.OPEN:
            return _("Cette action est déjà réalisée.")
        return ""

    def make_form(self, data=None):
        return forms.DoneForm(data)

    def run(self, form):
        services.action_mark_done(action=self.action, by=self.request.user, **form.cleaned_data)
        return _("Action marquée réalisée.")

    def done_url(self):
        return self.meeting.get_absolute_url() + "#actions"


class ActionReopenView(DasViewMixin, View):
    das_permission = MANAGE
    http_method_names = ["post"]

    def post(self, request, pk):
        action = get_or_404(CoordinationAction, pk)
        try:
            services.action_reopen(action=action, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, _("Action rouverte."))
        return redirect(reverse("coordination:meeting_detail", args=[action.meeting_id]) + "#actions")


class ActionFilter(django_filters.FilterSet):
    responsible_province = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Province chargée"), queryset=provinces_queryset()
    )
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=CoordinationAction.Status.choices)
    is_late = yes_no_filter(gettext_lazy("En retard"))
    o = django_filters.OrderingFilter(fields=[("due_on", "due_on")])

    class Meta:
        model = CoordinationAction
        fields = ["responsible_province", "status", "is_late"]


def action_meeting(action) -> str:
    return action.meeting.reference


class ActionListView(ExportableListView):
    das_permission = READ
    filterset_class = ActionFilter
    template_name = "coordination/provinces/action_list.html"
    page_title = gettext_lazy("Actions de coordination")
    breadcrumbs = [SPACE_CRUMB, (ACTIONS_CRUMB[0], None)]
    export_columns = [
        Column(
            gettext_lazy("Réunion"),
            action_meeting,
            width=12,
            code=True,
            href=lambda a: reverse("coordination:meeting_detail", args=[a.meeting_id]),
        ),
        Column(gettext_lazy("Action à mener"), "description", width=40),
        Column(gettext_lazy("Province chargée"), "responsible_province", width=22),
        Column(gettext_lazy("Responsable"), "responsible", width=18),
        Column(gettext_lazy("Échéance"), "due_on", exports.DATE, order_by="due_on", width=11),
        Column(gettext_lazy("Avancement (%)"), "progress", exports.INTEGER, width=9),
        Column(gettext_lazy("Statut"), "get_status_display", width=11),
        Column(gettext_lazy("Réalisée le"), "done_on", exports.DATE, width=11),
        Column(gettext_lazy("En retard"), "is_late", exports.BOOLEAN, width=8),
    ]

    def get_queryset(self):
        return selectors.action_list()
