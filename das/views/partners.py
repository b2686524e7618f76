from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, View

from das import exports, permissions, selectors
from das.exports import Column
from das.filters import PartnerFilter
from das.forms import AttachmentForm, PartnerContactForm, PartnerForm
from das.models import Partner, PartnerContact
from das.services.partners import PossibleDuplicates, partner_save
from das.services.records import record_delete, record_save
from das.views.base import DasViewMixin, ExportableListView, refuse

PARTNERS_CRUMB = (gettext_lazy("Partenaires"), "partners:list")


def get_visible_partner(request, pk, *, for_edit=False):
    partner = get_object_or_404(Partner.objects.select_related("commune"), pk=pk)
    decision = (permissions.can_edit_partner if for_edit else permissions.can_view_partner)(request.user, partner)
    if not decision:
        refuse(request, decision)
    return partner


class PartnerListView(ExportableListView):
    das_permission = permissions.VIEW_PARTNERS
    filterset_class = PartnerFilter
    page_title = gettext_lazy("Partenaires et porteurs de projet")
    breadcrumbs = [(gettext_lazy("Partenaires"), None)]
    create_permission = permissions.MANAGE_PARTNERS
    export_columns = [
        Column(gettext_lazy("Nom"), str, order_by="name", width=40, link=True),
        Column(gettext_lazy("Sigle"), "acronym", width=12),
        Column(gettext_lazy("Type"), "get_kind_display", order_by="kind", width=22),
        Column(gettext_lazy("Commune"), "commune", order_by="commune", width=20),
        Column(gettext_lazy("Représentant légal"), "representative_name", width=26),
        Column(gettext_lazy("Téléphone"), "phone", width=16, code=True),
        Column(gettext_lazy("ICE"), "ice", width=18, code=True),
        Column(gettext_lazy("RIB"), "rib", width=28, code=True),
        Column(gettext_lazy("Actif"), "is_active", exports.BOOLEAN, width=8),
        Column(gettext_lazy("Créé le"), "created_at", exports.DATETIME, order_by="created_at", width=18),
    ]

    @property
    def create_url(self):
        return reverse("partners:create")

    def get_queryset(self):
        return selectors.partner_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "partners:detail"
        return context


class PartnerDetailView(DasViewMixin, DetailView):
    das_permission = permissions.VIEW_PARTNERS
    template_name = "das/partner_detail.html"
    context_object_name = "partner"

    def get_object(self, queryset=None):
        return get_visible_partner(self.request, self.kwargs["pk"])

    def get_breadcrumbs(self):
        return [PARTNERS_CRUMB, (str(self.object), None)]

    def get_page_title(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = permissions.can_edit_partner(self.request.user, self.object)
        context["contacts"] = self.object.contacts.all()
        context["attachments"] = selectors.attachments_of(self.object)
        context["contact_form"] = PartnerContactForm()
        context["attachment_form"] = AttachmentForm()
        return context


class PartnerFormView(DasViewMixin, FormView):
    das_permission = permissions.MANAGE_PARTNERS
    template_name = "das/partner_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.partner = get_visible_partner(request, kwargs["pk"], for_edit=True) if "pk" in kwargs else None
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        if self.partner:
            return _("Modifier « %(name)s »") % {"name": self.partner}
        return _("Nouveau partenaire")

    def get_breadcrumbs(self):
        return [PARTNERS_CRUMB, (self.get_page_title(), None)]

    form_class = PartnerForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.partner
        kwargs["communes"] = permissions.user_commune_scope(self.request.user, permissions.MANAGE_PARTNERS)
        return kwargs

    def form_valid(self, form):
        partner = form.save(commit=False)
        try:
            partner_save(
                partner=partner,
                by=self.request.user,
                confirmed_not_duplicate=form.cleaned_data.get("confirm_not_duplicate", False),
            )
        except PossibleDuplicates as exc:
            # Partners outside the agent's communes are only counted: their details stay hidden.
            form.duplicates = [p for p in exc.duplicates if permissions.can_view_partner(self.request.user, p)]
            form.hidden_duplicates = len(exc.duplicates) - len(form.duplicates)
            form.add_error(
                "confirm_not_duplicate",
                _("Des partenaires semblables existent déjà : vérifiez la liste, puis confirmez pour enregistrer."),
            )
            return self.form_invalid(form)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error("commune", str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Le partenaire « %(name)s » est enregistré.") % {"name": partner})
        return redirect("partners:detail", partner.pk)


class PartnerContactAddView(DasViewMixin, FormView):
    das_permission = permissions.MANAGE_PARTNERS
    form_class = PartnerContactForm
    template_name = "das/form.html"
    page_title = gettext_lazy("Ajouter un contact")

    def dispatch(self, request, *args, **kwargs):
        self.partner = get_visible_partner(request, kwargs["pk"], for_edit=True)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        contact = form.save(commit=False)
        contact.partner = self.partner
        record_save(instance=contact, by=self.request.user)
        messages.success(self.request, _("Contact ajouté."))
        return redirect("partners:detail", self.partner.pk)


class PartnerContactDeleteView(DasViewMixin, View):
    das_permission = permissions.MANAGE_PARTNERS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        partner = get_visible_partner(request, kwargs["pk"], for_edit=True)
        contact = get_object_or_404(PartnerContact, pk=kwargs["contact_pk"], partner=partner)
        record_delete(instance=contact, by=request.user)
        messages.success(request, _("Contact supprimé."))
        return redirect("partners:detail", partner.pk)
