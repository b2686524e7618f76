"""The administrator's pages: accounts, their roles and scopes, and the roles' permissions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView, View

from das import exports, permissions, selectors
from das.exports import Column
from das.filters import UserFilter
from das.forms import RoleForm, UserForm, UserRolesForm
from das.models import Role, User
from das.services import users as user_services
from das.views.base import DasViewMixin, ExportableListView

USERS_CRUMB = (gettext_lazy("Utilisateurs"), "users:list")


def roles_label(user):
    return ", ".join(
        str(a.role) + (f" ({', '.join(c.name_fr for c in a.communes.all())})" if a.communes.all() else "")
        for a in user.role_assignments.all()
    )


class UserListView(ExportableListView):
    das_permission = permissions.VIEW_USERS
    create_permission = permissions.MANAGE_USERS
    filterset_class = UserFilter
    page_title = gettext_lazy("Utilisateurs")
    breadcrumbs = [(gettext_lazy("Utilisateurs"), None)]
    export_columns = [
        Column(gettext_lazy("Nom complet"), "full_name", order_by="full_name", width=28, link=True),
        Column(gettext_lazy("Identifiant"), "username", order_by="username", width=16),
        Column(gettext_lazy("E-mail"), "email", width=28),
        Column(gettext_lazy("Service"), "get_service_display", width=30),
        Column(gettext_lazy("Rôles"), roles_label, width=40),
        Column(gettext_lazy("Actif"), "is_active", exports.BOOLEAN, width=8),
        Column(gettext_lazy("Dernière connexion"), "last_login", exports.DATETIME, order_by="last_login", width=18),
    ]
    create_label = gettext_lazy("Nouvel utilisateur")

    @property
    def create_url(self):
        return reverse("users:create")

    def get_queryset(self):
        return selectors.user_list().distinct()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "users:detail"
        context["extra_links"] = [(gettext_lazy("Rôles et permissions"), reverse("users:roles"))]
        return context


class UserDetailView(DasViewMixin, DetailView):
    das_permission = permissions.VIEW_USERS
    template_name = "das/user_detail.html"
    context_object_name = "account"

    def get_queryset(self):
        return selectors.user_list()

    def get_breadcrumbs(self):
        return [USERS_CRUMB, (str(self.object), None)]

    def get_page_title(self):
        return str(self.object)


class UserFormView(DasViewMixin, FormView):
    """Create or edit an account and its roles in one form, one transaction."""

    das_permission = permissions.MANAGE_USERS
    template_name = "das/user_form.html"
    form_class = UserForm

    def dispatch(self, request, *args, **kwargs):
        self.account = get_object_or_404(User, pk=kwargs["pk"]) if "pk" in kwargs else None
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Modifier « %(name)s »") % {"name": self.account} if self.account else _("Nouvel utilisateur")

    def get_breadcrumbs(self):
        return [USERS_CRUMB, (self.get_page_title(), None)]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.account
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("roles_form", UserRolesForm(user=self.account))
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        roles_form = UserRolesForm(request.POST, user=self.account)
        if not (form.is_valid() and roles_form.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, roles_form=roles_form))
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            with transaction.atomic():
                if self.account:
                    account = user_services.user_update(by=request.user, user=self.account, **fields)
                else:
                    account = user_services.user_create(by=request.user, **fields)
                user_services.user_set_roles(
                    by=request.user, user=account, roles_with_scope=roles_form.roles_with_scope()
                )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(form=form, roles_form=roles_form))
        if not self.account:
            user_services.user_invite(user=account, domain=request.get_host(), use_https=request.is_secure())
            messages.success(
                request,
                _("Compte créé. Un e-mail a été envoyé à %(email)s pour choisir le mot de passe.")
                % {"email": account.email},
            )
        else:
            messages.success(request, _("Compte enregistré."))
        return redirect("users:detail", account.pk)


class UserActivationView(DasViewMixin, View):
    das_permission = permissions.MANAGE_USERS
    http_method_names = ["post"]

    def post(self, request, pk, action):
        if action not in {"activer", "desactiver"}:
            raise Http404
        account = get_object_or_404(User, pk=pk)
        service = user_services.user_activate if action == "activer" else user_services.user_deactivate
        try:
            service(by=request.user, user=account)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Compte activé.") if action == "activer" else _("Compte désactivé."))
        return redirect("users:detail", pk)


class RoleListView(DasViewMixin, ListView):
    das_permission = permissions.VIEW_USERS
    template_name = "das/role_list.html"
    page_title = gettext_lazy("Rôles et permissions")
    breadcrumbs = [USERS_CRUMB, (gettext_lazy("Rôles"), None)]

    def get_queryset(self):
        return selectors.role_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["labels"] = {code: p.label for code, p in permissions.REGISTRY.items()}
        if self.request.user.has_perm(permissions.MANAGE_USERS):
            context["create_url"] = reverse("users:role_create")
        return context


class RoleFormView(DasViewMixin, FormView):
    das_permission = permissions.MANAGE_USERS
    template_name = "das/form.html"
    form_class = RoleForm

    def dispatch(self, request, *args, **kwargs):
        self.role = get_object_or_404(Role, pk=kwargs["pk"]) if "pk" in kwargs else None
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Rôle « %(name)s »") % {"name": self.role} if self.role else _("Nouveau rôle")

    def get_breadcrumbs(self):
        return [USERS_CRUMB, (gettext_lazy("Rôles"), "users:roles"), (self.get_page_title(), None)]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.role
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            with transaction.atomic():  # a refused permission set leaves no half-made role
                role = self.role or user_services.role_create(
                    by=self.request.user, code=data["code"], name_fr=data["name_fr"]
                )
                user_services.role_update_permissions(
                    by=self.request.user,
                    role=role,
                    codes=data["permissions"],
                    name_fr=data["name_fr"],
                    name_ar=data["name_ar"],
                    name_en=data["name_en"],
                    description=data["description"],
                )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Rôle enregistré."))
        return redirect("users:roles")
