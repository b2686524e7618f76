"""Committees and their members: list, page (règlement intérieur, composition and its check, meetings), forms.

Views stay thin: every write is a service of committees.services.committees; a refusal is shown in French next to
its field, and what was typed is kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from committees import permissions, selectors
from committees.filters import CommitteeFilter, MemberFilter
from committees.forms import CommitteeForm, MemberForm
from committees.models import Committee, Member
from committees.services.committees import committee_save, member_save
from committees.wording import rules_in_words
from das import exports
from das.exports import Column
from das.forms import add_service_error
from das.views.base import DasViewMixin, ExportableListView, history_url, refusal_text

SPACE_CRUMB = (gettext_lazy("Comités"), "committees:index")
COMMITTEES_CRUMB = (gettext_lazy("Comités et commissions"), "committees:committee_list")
FUNCTION_ORDER = {
    Member.Function.CHAIR: 0,
    Member.Function.SECRETARY: 1,
    Member.Function.MEMBER: 2,
    Member.Function.OBSERVER: 3,
}
MEETING_STATUS_STYLES = {"planifiee": "secondary", "convoquee": "primary", "cloturee": "success", "annulee": "danger"}


def meeting_create_url(committee=None) -> str:
    """The new-meeting page, with the committee chosen when there is one."""
    url = reverse("committees:meeting_create")
    return f"{url}?committee={committee.pk}" if committee is not None else url


def get_committee(pk) -> Committee:
    return get_object_or_404(Committee.objects.select_related("commune"), pk=pk)


def members_in_order(queryset):
    """President, secretary, members, observers; then by name."""
    rank = Case(
        *(When(function=function, then=Value(order)) for function, order in FUNCTION_ORDER.items()),
        default=Value(9),
        output_field=IntegerField(),
    )
    return queryset.annotate(function_rank=rank).order_by("function_rank", "full_name", "pk")


class CommitteeListView(ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = CommitteeFilter
    template_name = "committees/committee_list.html"
    page_title = gettext_lazy("Comités et commissions")
    breadcrumbs = [SPACE_CRUMB, (gettext_lazy("Comités et commissions"), None)]
    create_permission = permissions.MANAGE_COMMITTEES
    create_label = gettext_lazy("Nouveau comité")
    export_columns = [
        Column(gettext_lazy("Type"), "get_kind_display", order_by="kind", width=40),
        Column(gettext_lazy("Nom"), "name", order_by="name", width=45, link=True),
        Column(gettext_lazy("Commune"), "commune", order_by="commune", width=22),
        Column(gettext_lazy("Membres en mandat"), "sitting_count", exports.INTEGER, order_by="sitting_count", width=12),
        Column(gettext_lazy("Réunions"), "meeting_count", exports.INTEGER, order_by="meeting_count", width=10),
        Column(gettext_lazy("Actif"), "is_active", exports.BOOLEAN, width=8),
    ]

    @property
    def create_url(self):
        return reverse("committees:committee_create")

    def get_queryset(self):
        return selectors.committee_list().order_by("kind", "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "committees:committee_detail"
        return context


class CommitteeDetailView(DasViewMixin, TemplateView):
    das_permission = permissions.ACCESS
    template_name = "committees/committee_detail.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.committee = get_committee(kwargs["pk"])

    def get_page_title(self):
        return str(self.committee)

    def get_breadcrumbs(self):
        return [SPACE_CRUMB, COMMITTEES_CRUMB, (str(self.committee), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        committee, user = self.committee, self.request.user
        today = timezone.localdate()
        members = list(members_in_order(committee.members.all()))
        check = selectors.composition(committee, members, today)
        can_manage = user.has_perm(permissions.MANAGE_COMMITTEES)
        meetings = list(selectors.meeting_list().filter(committee=committee).order_by("-date", "-time"))
        for meeting in meetings:
            meeting.url = reverse("committees:meeting_detail", args=[meeting.pk])
            meeting.status_style = MEETING_STATUS_STYLES.get(meeting.status, "secondary")
        has_rules = any(
            value is not None
            for value in (committee.max_members, committee.min_women_percent, committee.min_youth_percent)
        )
        context.update(
            {
                "committee": committee,
                "sitting": [m for m in members if m.sits_on(today)],
                "upcoming": [m for m in members if m.term_start > today],
                "former": [m for m in members if m.term_end is not None and m.term_end < today],
                "composition": check,
                "has_rules": has_rules,
                "rules": rules_in_words(committee, check.voting),
                "meetings": meetings,
                "can_manage": can_manage,
                "can_plan_meeting": user.has_perm(permissions.MANAGE_MEETINGS) and committee.is_active,
                "meeting_create_url": meeting_create_url(committee),
                "history_url": history_url(user, committee),
            }
        )
        return context


class CommitteeFormView(DasViewMixin, FormView):
    """Create a committee or change it, its règlement intérieur and its composition rules included."""

    das_permission = permissions.MANAGE_COMMITTEES
    template_name = "committees/committee_form.html"
    form_class = CommitteeForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.committee = get_committee(kwargs["pk"]) if "pk" in kwargs else None

    def get_page_title(self):
        if self.committee:
            return _("Modifier « %(name)s »") % {"name": self.committee}
        return _("Nouveau comité")

    def get_breadcrumbs(self):
        crumbs = [SPACE_CRUMB, COMMITTEES_CRUMB]
        if self.committee:
            return [*crumbs, (str(self.committee), self.committee.get_absolute_url()), (_("Modifier"), None)]
        return [*crumbs, (self.get_page_title(), None)]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.committee
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = (
            self.committee.get_absolute_url() if self.committee else reverse("committees:committee_list")
        )
        return context

    def form_valid(self, form):
        committee = form.save(commit=False)
        creating = committee.pk is None
        try:
            committee_save(committee=committee, by=self.request.user)
        except ValidationError as exc:
            if creating:
                committee.pk = None
            add_service_error(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.form_invalid(form)
        if creating:
            messages.success(
                self.request, _("Le comité « %(name)s » est créé : ajoutez ses membres.") % {"name": committee}
            )
        else:
            messages.success(self.request, _("Le comité « %(name)s » est enregistré.") % {"name": committee})
        return redirect("committees:committee_detail", committee.pk)


class CommitteeMembersView(ExportableListView):
    """The members of one committee, to print or export (composition table)."""

    das_permission = permissions.ACCESS
    filterset_class = MemberFilter
    create_permission = permissions.MANAGE_COMMITTEES
    create_label = gettext_lazy("Ajouter un membre")
    export_columns = [
        Column(gettext_lazy("Nom et prénom"), "full_name", order_by="full_name", width=30, link=True),
        Column(gettext_lazy("Qualité"), "title", width=35),
        Column(gettext_lazy("Institution"), "institution", width=30),
        Column(gettext_lazy("Collège"), "get_college_display", order_by="college", width=22),
        Column(gettext_lazy("Fonction"), "get_function_display", width=14),
        Column(
            gettext_lazy("Voix"),
            lambda m: _("délibérative") if m.is_voting else _("consultative"),
            width=12,
        ),
        Column(gettext_lazy("Sexe"), "get_sex_display", width=8),
        Column(gettext_lazy("Tranche d'âge"), "get_age_group_display", width=18),
        Column(gettext_lazy("Début du mandat"), "term_start", exports.DATE, order_by="term_start", width=12),
        Column(gettext_lazy("Fin du mandat"), "term_end", exports.DATE, order_by="term_end", width=12),
        Column(gettext_lazy("E-mail"), "email", width=26, code=True),
        Column(gettext_lazy("Téléphone"), "phone", width=16, code=True),
    ]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.committee = get_committee(kwargs["pk"])

    def get_page_title(self):
        return _("Membres — %(name)s") % {"name": self.committee}

    def get_breadcrumbs(self):
        return [
            SPACE_CRUMB,
            COMMITTEES_CRUMB,
            (str(self.committee), self.committee.get_absolute_url()),
            (_("Membres"), None),
        ]

    @property
    def create_url(self):
        return reverse("committees:member_create", args=[self.committee.pk])

    def get_queryset(self):
        return members_in_order(selectors.member_list().filter(committee=self.committee))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm(permissions.MANAGE_COMMITTEES):
            context["row_url"] = "committees:member_update"
        context["extra_links"] = [(_("Page du comité"), self.committee.get_absolute_url())]
        return context


class MemberFormView(DasViewMixin, FormView):
    """Add a member to a committee, or change one (ending the term is setting its end date)."""

    das_permission = permissions.MANAGE_COMMITTEES
    template_name = "committees/member_form.html"
    form_class = MemberForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if "committee_pk" in kwargs:
            self.member = None
            self.committee = get_committee(kwargs["committee_pk"])
        else:
            self.member = get_object_or_404(Member.objects.select_related("committee__commune"), pk=kwargs["pk"])
            self.committee = self.member.committee

    def get_page_title(self):
        if self.member:
            return _("Modifier le membre « %(name)s »") % {"name": self.member}
        return _("Nouveau membre — %(committee)s") % {"committee": self.committee}

    def get_breadcrumbs(self):
        return [
            SPACE_CRUMB,
            COMMITTEES_CRUMB,
            (str(self.committee), self.committee.get_absolute_url()),
            (_("Modifier un membre") if self.member else _("Nouveau membre"), None),
        ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.member or Member(committee=self.committee)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["committee"] = self.committee
        context["member"] = self.member
        context["cancel_url"] = self.committee.get_absolute_url()
        return context

    def form_valid(self, form):
        member = form.save(commit=False)
        creating = member.pk is None
        try:
            member_save(member=member, by=self.request.user)
        except ValidationError as exc:
            if creating:
                member.pk = None
            add_service_error(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.form_invalid(form)
        if member.term_end and member.term_end < timezone.localdate():
            text = _("Le mandat de %(name)s a pris fin : il figure parmi les anciens membres.")
        elif creating:
            text = _("%(name)s est ajouté(e) au comité.")
        else:
            text = _("La fiche de %(name)s est enregistrée.")
        messages.success(self.request, text % {"name": member})
        return redirect("committees:committee_detail", self.committee.pk)
