"""Pages of the people area: the register of people trained (list, page with the training history, form with the
duplicate check, probable duplicates and their merge, registration of committee members), the EAC/EAQ teams (list,
page with the composition warning and training status, members joining and leaving) and their support requests
(list, page with the next steps as small forms).

Views stay thin: reads in training.people_selectors, writes in training.services.people; a refusal is shown in
French next to its field (or above the form) and what was typed is kept.
"""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from das import exports
from das.exports import Column
from das.filters import yes_no_filter
from das.forms import add_service_error
from das.models import Commune
from das.views.base import DasViewMixin, ExportableListView, history_url, posted_pk, refusal_text, resolve_crumbs
from training import people_forms as forms
from training import people_selectors as selectors
from training import permissions
from training.models import ActorType, AgeGroup, Person, Sex, SupportRequest, Team, TeamMember
from training.services import people as services

READ = permissions.ACCESS
MANAGE = permissions.MANAGE_ACTORS
SPACE_CRUMB = (gettext_lazy("Formation"), "training:index")
REGISTER_CRUMB = (gettext_lazy("Registre des personnes formées"), "training:person_list")
TEAMS_CRUMB = (gettext_lazy("Équipes d'animation"), "training:team_list")
REQUESTS_CRUMB = (gettext_lazy("Demandes d'appui"), "training:support_request_list")
Status = SupportRequest.Status
STATUS_STYLES = {
    Status.OPEN: "secondary",
    Status.IN_PROGRESS: "primary",
    Status.ANSWERED: "info",
    Status.CLOSED: "success",
}
TRAINING_STYLES = {
    selectors.TrainingStatus.TRAINED: "success",
    selectors.TrainingStatus.PARTIAL: "warning",
    selectors.TrainingStatus.UNTRAINED: "secondary",
}


def url_exists(name: str) -> bool:
    """Whether another area's page is installed (the session's page comes with the sessions area)."""
    try:
        reverse(name, args=[1])
    except NoReverseMatch:
        return False
    return True


def crumbs(*tail):
    return resolve_crumbs([SPACE_CRUMB, *tail])


def can_manage(user) -> bool:
    return bool(permissions.can_manage_actors(user))


def organisation_label(person) -> str:
    """A person's organisation as the register shows it: the partner, else the committee seat, else the free text."""
    return person.organisation_display


def training_status_label(team) -> str:
    return str(selectors.TrainingStatus.LABELS[team.training_status])


def composition_label(team) -> str:
    return _("Conforme") if team.composition_ok else _("Non conforme")


# --- The register ----------------------------------------------------------------------------------------------------


class PersonFilter(django_filters.FilterSet):
    STATES = (("actives", gettext_lazy("Fiches actives")), ("fusionnees", gettext_lazy("Fiches fusionnées")))

    q = django_filters.CharFilter(label=gettext_lazy("Nom, CIN ou téléphone"), method="search")
    commune = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Commune"), queryset=Commune.objects.order_by("name_fr")
    )
    actor_type = django_filters.ChoiceFilter(label=gettext_lazy("Type d'acteur"), choices=ActorType.choices)
    sex = django_filters.ChoiceFilter(label=gettext_lazy("Sexe"), choices=Sex.choices)
    age_group = django_filters.ChoiceFilter(label=gettext_lazy("Tranche d'âge"), choices=AgeGroup.choices)
    organisation = django_filters.CharFilter(label=gettext_lazy("Organisation"), method="by_organisation")
    trained = yes_no_filter(gettext_lazy("Formée"), method="by_trained")
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("Fiches"), choices=STATES, method="by_state", empty_label=gettext_lazy("Actives")
    )
    o = django_filters.OrderingFilter(
        fields=[
            ("full_name", "full_name"),
            ("commune__name_fr", "commune"),
            ("actor_type", "actor_type"),
            ("sessions_attended", "sessions_attended"),
        ]
    )

    class Meta:
        model = Person
        fields = ["q", "commune", "actor_type", "sex", "age_group", "organisation", "trained", "state"]

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.is_valid() or not self.form.cleaned_data.get("state"):
            queryset = queryset.filter(is_active=True)  # merged records stay out of the register unless asked
        return queryset

    def search(self, queryset, _name, value):
        words = value.split()
        cleaned = selectors.normalize_phone(value)
        match = Q(cin__iexact=value.strip()) | (Q(phone__contains=cleaned) if len(cleaned) >= 4 else Q(pk__in=[]))
        by_name = Q()
        for word in words:
            by_name &= Q(full_name__icontains=word) | Q(full_name_ar__icontains=word)
        return queryset.filter(match | by_name)

    def by_organisation(self, queryset, _name, value):
        return queryset.filter(
            Q(organisation__icontains=value)
            | Q(partner__name__icontains=value)
            | Q(partner__acronym__icontains=value)
            | Q(committee_member__committee__name__icontains=value)
        )

    def by_trained(self, queryset, _name, value):
        return queryset.filter(is_trained=value)

    def by_state(self, queryset, _name, value):
        return queryset.filter(is_active=value != "fusionnees")


class PersonListView(ExportableListView):
    das_permission = READ
    filterset_class = PersonFilter
    template_name = "training/people/person_list.html"
    page_title = gettext_lazy("Registre des personnes formées")
    create_label = gettext_lazy("Inscrire une personne")
    create_permission = MANAGE
    export_columns = [
        Column(gettext_lazy("Nom et prénom"), "full_name", order_by="full_name", width=28, link=True),
        Column(gettext_lazy("Nom (arabe)"), "full_name_ar", width=22),
        Column(gettext_lazy("Sexe"), "get_sex_display", width=8),
        Column(gettext_lazy("Tranche d'âge"), "get_age_group_display", width=16),
        Column(gettext_lazy("Type d'acteur"), "get_actor_type_display", order_by="actor_type", width=18),
        Column(gettext_lazy("Commune"), "commune", order_by="commune", width=14),
        Column(gettext_lazy("Organisation"), organisation_label, width=26),
        Column(gettext_lazy("Fonction"), "function", width=20),
        Column(gettext_lazy("Téléphone"), "phone", width=14, code=True),
        Column(gettext_lazy("Sessions suivies"), "sessions_attended", exports.INTEGER, order_by="sessions_attended"),
    ]
    breadcrumbs = [SPACE_CRUMB, (REGISTER_CRUMB[0], None)]

    def get_queryset(self):
        return selectors.person_list()

    def get_context_data(self, **kwargs):
        self.create_url = reverse("training:person_create")
        context = super().get_context_data(**kwargs)
        context["row_url"] = "training:person_detail"
        context["extra_links"] = [(_("Doublons probables"), reverse("training:person_duplicates"))]
        if can_manage(self.request.user):
            context["extra_links"].append(
                (_("Inscrire des membres de comités"), reverse("training:committee_members_register"))
            )
        return context


class PersonDetailView(DasViewMixin, View):
    das_permission = READ

    def get(self, request, pk):
        try:
            person = selectors.person_detail(pk)
        except Person.DoesNotExist as exc:
            raise Http404 from exc
        history = selectors.training_history(person)
        context = {
            "person": person,
            "organisation": organisation_label(person),
            "history": history,
            "totals": selectors.history_totals(history),
            "sessions_linked": url_exists("training:session_detail"),
            "memberships": selectors.person_memberships(person),
            "can_manage": can_manage(request.user),
            "history_url": history_url(request.user, person),
            "page_title": person.full_name,
            "breadcrumbs": crumbs(REGISTER_CRUMB, (person.full_name, None)),
        }
        return TemplateResponse(request, "training/people/person_detail.html", context)


class PersonFormView(DasViewMixin, View):
    das_permission = MANAGE
    template_name = "training/people/person_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        pk = kwargs.get("pk")
        self.person = get_object_or_404(Person, pk=pk) if pk else None

    def render(self, form):
        heading = self.person.full_name if self.person else _("Inscrire une personne au registre")
        tail = [(self.person.full_name, self.person.get_absolute_url())] if self.person else []
        context = {
            "form": form,
            "person": self.person,
            "heading": heading,
            "page_title": heading,
            "history_url": history_url(self.request.user, self.person) if self.person else "",
            "cancel_url": self.person.get_absolute_url() if self.person else reverse("training:person_list"),
            "breadcrumbs": crumbs(REGISTER_CRUMB, *tail, (_("Modifier") if self.person else _("Nouvelle"), None)),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk=None):
        if self.person and not self.person.is_active:
            messages.warning(request, _("Cette fiche a été fusionnée dans une autre : elle ne se modifie plus."))
            return redirect(self.person.get_absolute_url())
        return self.render(forms.PersonForm(instance=self.person))

    def post(self, request, pk=None):
        form = forms.PersonForm(request.POST, instance=self.person or Person())
        if not form.is_valid():
            return self.render(form)
        confirmed = form.cleaned_data.get("confirm_not_duplicate", False)
        try:
            if self.person:
                saved = services.person_update(
                    person=self.person, by=request.user, confirmed_not_duplicate=confirmed, **form.person_fields()
                )
            else:
                saved = services.person_create(
                    by=request.user, confirmed_not_duplicate=confirmed, **form.person_fields()
                )
        except services.PossibleDuplicates as exc:
            form.duplicates = exc.duplicates
            add_service_error(form, exc)
            return self.render(form)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, _("Fiche de %(name)s enregistrée.") % {"name": saved.full_name})
        return redirect(saved.get_absolute_url())


class DuplicatesView(DasViewMixin, View):
    das_permission = READ

    def get(self, request):
        context = {
            "groups": selectors.duplicate_groups(),
            "can_manage": can_manage(request.user),
            "page_title": _("Doublons probables du registre"),
            "breadcrumbs": crumbs(REGISTER_CRUMB, (_("Doublons probables"), None)),
        }
        return TemplateResponse(request, "training/people/duplicates.html", context)


class MergeView(DasViewMixin, View):
    das_permission = MANAGE
    template_name = "training/people/merge.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.kept = get_object_or_404(Person, pk=kwargs["pk"])

    def render(self, form):
        title = _("Fusionner une fiche en double dans celle de %(name)s") % {"name": self.kept.full_name}
        context = {
            "form": form,
            "kept": self.kept,
            "page_title": title,
            "breadcrumbs": crumbs(
                REGISTER_CRUMB, (self.kept.full_name, self.kept.get_absolute_url()), (_("Fusionner"), None)
            ),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk):
        if not self.kept.is_active:
            messages.warning(request, _("Une fiche déjà fusionnée ne peut plus l'être."))
            return redirect(self.kept.get_absolute_url())
        initial = {}
        other = posted_pk(request.GET.get("doublon"))
        if other:
            initial["merged"] = other
        return self.render(forms.MergeForm(initial=initial, kept=self.kept))

    def post(self, request, pk):
        form = forms.MergeForm(request.POST, kept=self.kept)
        if not form.is_valid():
            return self.render(form)
        merged = form.cleaned_data["merged"]
        try:
            services.person_merge(kept=self.kept, merged=merged, by=request.user)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(
            request,
            _("La fiche de %(merged)s (n° %(pk)s) est fusionnée dans celle-ci et désactivée.")
            % {"merged": merged.full_name, "pk": merged.pk},
        )
        return redirect(self.kept.get_absolute_url())


class CommitteeMembersView(DasViewMixin, View):
    """« Inscrire des membres de comités »: the CLDH / CPDH members not in the register, registered in one step."""

    das_permission = MANAGE
    template_name = "training/people/committee_members.html"

    def committee(self, request):
        value = request.GET.get("comite", "")
        committees = list(selectors.committee_choices())
        chosen = next((c for c in committees if str(c.pk) == value), None)
        return committees, chosen

    def render(self, request, form=None, result=None):
        committees, chosen = self.committee(request)
        candidates = selectors.committee_members_to_register(committee=chosen)
        context = {
            "candidates": candidates,
            "committees": committees,
            "chosen": chosen,
            "form": form,
            "result": result,
            "page_title": _("Inscrire des membres de comités"),
            "breadcrumbs": crumbs(REGISTER_CRUMB, (_("Membres de comités"), None)),
        }
        return TemplateResponse(request, self.template_name, context)

    def get(self, request):
        return self.render(request)

    def post(self, request):
        form = forms.CommitteeImportForm(request.POST)
        if not form.is_valid():
            return self.render(request, form=form)
        try:
            result = services.register_committee_members(by=request.user, members=form.cleaned_data["members"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
            return self.render(request, form=form)
        messages.success(
            request,
            _("%(created)s personne(s) inscrite(s), %(linked)s fiche(s) existante(s) rattachée(s) à leur siège.")
            % {"created": len(result.created), "linked": len(result.linked)},
        )
        if result.skipped:
            return self.render(request, result=result)
        return redirect(request.get_full_path())


# --- Teams -----------------------------------------------------------------------------------------------------------


class TeamFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Nom"), field_name="name", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Type"), choices=Team.Kind.choices)
    commune = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Commune"), queryset=Commune.objects.order_by("name_fr")
    )
    composition_ok = yes_no_filter(gettext_lazy("Composition conforme"))
    training_status = django_filters.ChoiceFilter(
        label=gettext_lazy("Formation"), choices=selectors.TrainingStatus.choices
    )
    is_active = yes_no_filter(gettext_lazy("Active"))
    o = django_filters.OrderingFilter(
        fields=[("name", "name"), ("commune__name_fr", "commune"), ("active_count", "active_count")]
    )

    class Meta:
        model = Team
        fields = ["q", "kind", "commune", "composition_ok", "training_status", "is_active"]


class TeamListView(ExportableListView):
    das_permission = READ
    filterset_class = TeamFilter
    template_name = "training/people/team_list.html"
    page_title = gettext_lazy("Équipes d'animation (EAC / EAQ)")
    create_label = gettext_lazy("Nouvelle équipe")
    create_permission = MANAGE
    breadcrumbs = [SPACE_CRUMB, (TEAMS_CRUMB[0], None)]
    export_columns = [
        Column(gettext_lazy("Équipe"), "name", order_by="name", width=24, link=True),
        Column(gettext_lazy("Type"), lambda t: t.get_kind_display().split(" ")[0], width=8),
        Column(gettext_lazy("Commune"), "commune", order_by="commune", width=16),
        Column(gettext_lazy("Quartier / douar"), "locality", width=18),
        Column(gettext_lazy("Membres actifs"), "active_count", exports.INTEGER, order_by="active_count", width=10),
        Column(gettext_lazy("dont femmes"), "women_count", exports.INTEGER, width=10),
        Column(gettext_lazy("Membres formés"), "trained_count", exports.INTEGER, width=10),
        Column(gettext_lazy("Formation"), training_status_label, width=18),
        Column(gettext_lazy("Composition"), composition_label, width=14),
        Column(gettext_lazy("Demandes en cours"), "open_requests", exports.INTEGER, width=10),
    ]

    def get_queryset(self):
        return selectors.team_list()

    def get_context_data(self, **kwargs):
        self.create_url = reverse("training:team_create")
        context = super().get_context_data(**kwargs)
        context["row_url"] = "training:team_detail"
        context["extra_links"] = [(_("Demandes d'appui"), reverse("training:support_request_list"))]
        return context


def get_team(pk) -> Team:
    return get_object_or_404(selectors.team_list(), pk=pk)


class TeamDetailView(DasViewMixin, View):
    das_permission = READ

    def get(self, request, pk):
        team = get_team(pk)
        members = list(selectors.team_members(team))
        context = {
            "team": team,
            "active_members": [m for m in members if m.left_on is None],
            "former_members": [m for m in members if m.left_on is not None],
            "problems": selectors.composition_problems(team),
            "training_label": selectors.TrainingStatus.LABELS[team.training_status],
            "training_style": TRAINING_STYLES[team.training_status],
            "requests": selectors.support_request_list().filter(team=team),
            "status_styles": STATUS_STYLES,
            "can_manage": can_manage(request.user),
            "history_url": history_url(request.user, team),
            "page_title": str(team),
            "breadcrumbs": crumbs(TEAMS_CRUMB, (str(team), None)),
        }
        return TemplateResponse(request, "training/people/team_detail.html", context)


class TeamFormView(DasViewMixin, View):
    das_permission = MANAGE
    template_name = "training/people/team_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        pk = kwargs.get("pk")
        self.team = get_object_or_404(Team, pk=pk) if pk else None

    def render(self, form):
        heading = str(self.team) if self.team else _("Nouvelle équipe d'animation")
        tail = [(str(self.team), self.team.get_absolute_url())] if self.team else []
        context = {
            "form": form,
            "team": self.team,
            "heading": heading,
            "page_title": heading,
            "history_url": history_url(self.request.user, self.team) if self.team else "",
            "cancel_url": self.team.get_absolute_url() if self.team else reverse("training:team_list"),
            "breadcrumbs": crumbs(TEAMS_CRUMB, *tail, (_("Modifier") if self.team else _("Nouvelle"), None)),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk=None):
        return self.render(forms.TeamForm(instance=self.team))

    def post(self, request, pk=None):
        form = forms.TeamForm(request.POST, instance=self.team or Team())
        if not form.is_valid():
            return self.render(form)
        try:
            if self.team:
                saved = services.team_update(team=self.team, by=request.user, **form.team_fields())
            else:
                saved = services.team_create(by=request.user, **form.team_fields())
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, _("Équipe « %(team)s » enregistrée.") % {"team": saved})
        return redirect(saved.get_absolute_url())


class MemberAddView(DasViewMixin, View):
    """Add a member: a person already in the register, or a new one registered in the same step (with the
    register's duplicate check)."""

    das_permission = MANAGE
    template_name = "training/people/member_add.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.team = get_object_or_404(Team.objects.select_related("commune"), pk=kwargs["pk"])

    def render(self, existing=None, person=None, role=None, mode="existing"):
        title = _("Ajouter un membre à %(team)s") % {"team": self.team}
        context = {
            "team": self.team,
            "existing": existing or forms.MemberAddForm(team=self.team, prefix="existing"),
            "person_form": person
            or forms.MemberPersonForm(
                prefix="new", initial={"commune": self.team.commune_id, "actor_type": self.team.kind}
            ),
            "role_form": role or forms.MemberRoleForm(prefix="role"),
            "mode": mode,
            "page_title": title,
            "breadcrumbs": crumbs(TEAMS_CRUMB, (str(self.team), self.team.get_absolute_url()), (_("Ajouter"), None)),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk):
        if not self.team.is_active:
            messages.warning(request, _("Cette équipe n'est plus active : elle ne reçoit plus de membres."))
            return redirect(self.team.get_absolute_url())
        return self.render()

    def post(self, request, pk):
        if request.POST.get("mode") == "new":
            return self.post_new(request)
        form = forms.MemberAddForm(request.POST, team=self.team, prefix="existing")
        if not form.is_valid():
            return self.render(existing=form)
        data = form.cleaned_data
        try:
            member = services.member_add(
                team=self.team, person=data["person"], by=request.user, role=data["role"], joined_on=data["joined_on"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(existing=form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(existing=form)
        return self.done(member)

    def post_new(self, request):
        person = forms.MemberPersonForm(request.POST, prefix="new", instance=Person())
        role = forms.MemberRoleForm(request.POST, prefix="role")
        if not (person.is_valid() & role.is_valid()):
            return self.render(person=person, role=role, mode="new")
        try:
            member = services.member_add_new_person(
                team=self.team,
                by=request.user,
                role=role.cleaned_data["role"],
                joined_on=role.cleaned_data["joined_on"],
                confirmed_not_duplicate=person.cleaned_data.get("confirm_not_duplicate", False),
                **person.person_fields(),
            )
        except services.PossibleDuplicates as exc:
            person.duplicates = exc.duplicates
            add_service_error(person, exc)
            return self.render(person=person, role=role, mode="new")
        except ValidationError as exc:
            # The joining's refusals name the role or the date; the person's name its fields.
            joining = {"role", "joined_on"}
            if hasattr(exc, "error_dict") and set(exc.error_dict) & joining:
                add_service_error(role, exc)
            else:
                add_service_error(person, exc)
            return self.render(person=person, role=role, mode="new")
        except PermissionDenied as exc:
            person.add_error(None, refusal_text(exc))
            return self.render(person=person, role=role, mode="new")
        return self.done(member)

    def done(self, member):
        messages.success(
            self.request,
            _("%(name)s est membre de l'équipe (%(role)s).")
            % {"name": member.person.full_name, "role": member.get_role_display()},
        )
        return redirect(self.team.get_absolute_url())


class MemberLeaveView(DasViewMixin, View):
    das_permission = MANAGE
    template_name = "das/form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.member = get_object_or_404(
            TeamMember.objects.select_related("team", "person"), pk=kwargs["member_pk"], team_id=kwargs["pk"]
        )

    def render(self, form):
        team = self.member.team
        title = _("Sortie de %(name)s de l'équipe %(team)s") % {"name": self.member.person.full_name, "team": team}
        context = {
            "form": form,
            "page_title": title,
            "cancel_url": team.get_absolute_url(),
            "breadcrumbs": crumbs(TEAMS_CRUMB, (str(team), team.get_absolute_url()), (_("Sortie"), None)),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, pk, member_pk):
        if self.member.left_on:
            messages.warning(request, _("Ce membre a déjà quitté l'équipe."))
            return redirect(self.member.team.get_absolute_url())
        return self.render(forms.MemberLeaveForm())

    def post(self, request, pk, member_pk):
        form = forms.MemberLeaveForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            services.member_leave(member=self.member, by=request.user, left_on=form.cleaned_data["left_on"])
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, _("La sortie de %(name)s est enregistrée.") % {"name": self.member.person.full_name})
        return redirect(self.member.team.get_absolute_url())


# --- Support requests ------------------------------------------------------------------------------------------------


def assignee_label(support) -> str:
    user = support.assigned_to
    return (user.full_name or user.username) if user else ""


class SupportRequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Référence ou objet"), method="search")
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=Status.choices)
    domain = django_filters.ChoiceFilter(label=gettext_lazy("Domaine"), choices=SupportRequest.Domain.choices)
    team = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Équipe"), queryset=Team.objects.select_related("commune").order_by("name")
    )
    commune = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Commune"), field_name="team__commune", queryset=Commune.objects.order_by("name_fr")
    )
    is_late = yes_no_filter(gettext_lazy("Ouverte depuis plus de 30 jours"))
    o = django_filters.OrderingFilter(
        fields=[("reference", "reference"), ("received_on", "received_on"), ("status", "status")]
    )

    class Meta:
        model = SupportRequest
        fields = ["q", "status", "domain", "team", "commune", "is_late"]

    def search(self, queryset, _name, value):
        return queryset.filter(Q(reference__icontains=value) | Q(subject__icontains=value))


class SupportRequestListView(ExportableListView):
    das_permission = READ
    filterset_class = SupportRequestFilter
    template_name = "training/people/support_request_list.html"
    page_title = gettext_lazy("Demandes d'appui des équipes d'animation")
    create_label = gettext_lazy("Nouvelle demande")
    create_permission = MANAGE
    breadcrumbs = [SPACE_CRUMB, (REQUESTS_CRUMB[0], None)]
    export_columns = [
        Column(gettext_lazy("Référence"), "reference", order_by="reference", width=14, link=True, code=True),
        Column(gettext_lazy("Reçue le"), "received_on", exports.DATE, order_by="received_on", width=11),
        Column(gettext_lazy("Équipe"), "team", width=20),
        Column(gettext_lazy("Commune"), "team.commune", width=14),
        Column(gettext_lazy("Domaine"), "get_domain_display", width=13),
        Column(gettext_lazy("Objet"), "subject", width=34),
        Column(gettext_lazy("Statut"), "get_status_display", order_by="status", width=16),
        Column(gettext_lazy("Suivie par"), assignee_label, width=16),
        Column(gettext_lazy("Plus de 30 jours"), "is_late", exports.BOOLEAN, width=9),
    ]

    def get_queryset(self):
        return selectors.support_request_list()

    def get_context_data(self, **kwargs):
        self.create_url = reverse("training:support_request_create")
        context = super().get_context_data(**kwargs)
        context["row_url"] = "training:support_request_detail"
        context["extra_links"] = [(_("Équipes d'animation"), reverse("training:team_list"))]
        return context


def get_request(pk) -> SupportRequest:
    return get_object_or_404(selectors.support_request_list(), pk=pk)


def run_take_charge(support, by, data):
    return services.support_request_take_charge(support_request=support, by=by, assigned_to=data["assigned_to"])


def run_answer(support, by, data):
    return services.support_request_answer(
        support_request=support, by=by, answer=data["answer"], answered_on=data["answered_on"]
    )


def run_close(support, by, data):
    return services.support_request_close(support_request=support, by=by, closing_note=data["closing_note"])


def run_reopen(support, by, data):
    return services.support_request_reopen(support_request=support, by=by, reason=data["reason"])


# transition name → (form, service, the URL that posts it)
TRANSITIONS = {
    "take_charge": (forms.TakeChargeForm, run_take_charge, "training:support_request_take_charge"),
    "answer": (forms.AnswerForm, run_answer, "training:support_request_answer"),
    "close": (forms.CloseForm, run_close, "training:support_request_close"),
    "reopen": (forms.ReopenForm, run_reopen, "training:support_request_reopen"),
}


def make_step_form(name, user, data=None):
    form_class = TRANSITIONS[name][0]
    if form_class is forms.TakeChargeForm:
        return form_class(data, prefix=name, user=user)
    return form_class(data, prefix=name)


def request_context(request, support, bound=None) -> dict:
    user = request.user
    steps = []
    for transition in services.SUPPORT_WORKFLOW.available(support, user):
        form = bound if bound is not None and bound.prefix == transition.name else make_step_form(transition.name, user)
        steps.append(
            {"transition": transition, "form": form, "url": reverse(TRANSITIONS[transition.name][2], args=[support.pk])}
        )
    return {
        "support": support,
        "status_style": STATUS_STYLES.get(support.status, "secondary"),
        "steps": steps,
        "can_edit": can_manage(user) and support.status in selectors.OPEN_REQUESTS,
        "history_url": history_url(user, support),
        "late_days": selectors.LATE_AFTER_DAYS,
        "page_title": str(support),
        "breadcrumbs": crumbs(REQUESTS_CRUMB, (support.reference, None)),
    }


class SupportRequestDetailView(DasViewMixin, View):
    das_permission = READ

    def get(self, request, pk):
        return TemplateResponse(
            request, "training/people/support_request_detail.html", request_context(request, get_request(pk))
        )


class SupportRequestTransitionView(DasViewMixin, View):
    """Take in charge, answer, close, reopen: the small form of the page posts here; refused, the page says why."""

    das_permission = MANAGE
    http_method_names = ["post"]
    transition = ""

    def post(self, request, pk):
        if self.transition not in TRANSITIONS:
            raise Http404
        support = get_request(pk)
        form = make_step_form(self.transition, request.user, request.POST)
        if form.is_valid():
            try:
                updated = TRANSITIONS[self.transition][1](support, request.user, form.cleaned_data)
            except ValidationError as exc:
                add_service_error(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, refusal_text(exc))
            else:
                messages.success(
                    request,
                    _("La demande %(reference)s est maintenant « %(status)s ».")
                    % {"reference": updated.reference, "status": updated.get_status_display()},
                )
                return redirect("training:support_request_detail", pk)
        context = request_context(request, support, bound=form)
        if not any(step["form"] is form for step in context["steps"]):
            # No longer offered (someone went first): say why above the page.
            messages.error(request, " ".join(str(e) for e in form.non_field_errors()) or _("Action impossible."))
            return redirect("training:support_request_detail", pk)
        return TemplateResponse(request, "training/people/support_request_detail.html", context)


class SupportRequestFormView(DasViewMixin, View):
    das_permission = MANAGE
    template_name = "training/people/support_request_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        pk = kwargs.get("pk")
        self.support = get_object_or_404(SupportRequest.objects.select_related("team"), pk=pk) if pk else None
        team_pk = kwargs.get("team_pk")
        self.team = get_object_or_404(Team, pk=team_pk) if team_pk else None

    def render(self, form):
        if self.support:
            heading = _("Modifier la demande %(reference)s") % {"reference": self.support.reference}
            tail = [(self.support.reference, self.support.get_absolute_url()), (_("Modifier"), None)]
            cancel = self.support.get_absolute_url()
        elif self.team:
            heading = _("Nouvelle demande d'appui de %(team)s") % {"team": self.team}
            tail = [(_("Nouvelle"), None)]
            cancel = self.team.get_absolute_url()
        else:
            heading = _("Nouvelle demande d'appui")
            tail = [(_("Nouvelle"), None)]
            cancel = reverse("training:support_request_list")
        context = {
            "form": form,
            "heading": heading,
            "page_title": heading,
            "cancel_url": cancel,
            "history_url": history_url(self.request.user, self.support) if self.support else "",
            "breadcrumbs": crumbs(REQUESTS_CRUMB, *tail),
        }
        return TemplateResponse(self.request, self.template_name, context)

    def make_form(self, data=None):
        return forms.SupportRequestForm(data, instance=self.support, fixed_team=self.team)

    def get(self, request, pk=None, team_pk=None):
        if self.support and self.support.status not in selectors.OPEN_REQUESTS:
            messages.warning(request, _("Une demande répondue ou clôturée ne se modifie plus."))
            return redirect(self.support.get_absolute_url())
        return self.render(self.make_form())

    def post(self, request, pk=None, team_pk=None):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render(form)
        fields = form.request_fields()
        try:
            if self.support:
                saved = services.support_request_update(support_request=self.support, by=request.user, **fields)
            else:
                fields["team"] = self.team or fields.get("team")
                saved = services.support_request_create(by=request.user, **fields)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, _("Demande d'appui %(reference)s enregistrée.") % {"reference": saved.reference})
        return redirect(saved.get_absolute_url())
