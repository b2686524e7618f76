"""Forms: input and its French error messages only; the writes are in das.services."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from das import permissions
from das.models import Commune, Partner, PartnerContact, Role, User
from das.validators import normalize_rib


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Identifiant ou mot de passe incorrect. Après 5 échecs, le compte est bloqué 15 minutes."),
        "inactive": _("Ce compte est désactivé : adressez-vous à l'administrateur."),
    }


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Also reaches accounts that never had a password: new accounts set theirs through this link."""

    def get_users(self, email):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(email__iexact=email, is_active=True)


class PartnerForm(forms.ModelForm):
    # Longer than the 24 stored digits: people type a RIB with spaces, which clean_rib removes.
    rib = forms.CharField(
        label=_("RIB"),
        required=False,
        max_length=40,
        help_text=_("24 chiffres : code banque, code ville, numéro de compte et clé (espaces acceptés)."),
    )
    confirm_not_duplicate = forms.BooleanField(
        required=False,
        label=_("Je confirme qu'il s'agit d'un partenaire différent de ceux signalés ci-dessus"),
    )

    class Meta:
        model = Partner
        fields = [
            "kind",
            "name",
            "name_ar",
            "acronym",
            "receipt_number",
            "ice",
            "trade_register",
            "tax_id",
            "address",
            "commune",
            "representative_name",
            "representative_title",
            "phone",
            "email",
            "bank_name",
            "rib",
            "notes",
            "is_active",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "name_ar": forms.TextInput(attrs={"dir": "rtl"})}

    def __init__(self, *args, communes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates = []  # filled by the view; the template shows the confirmation only then
        self.hidden_duplicates = 0
        self.fields["commune"].queryset = Commune.objects.order_by("name_fr")
        if communes is not None:  # a scoped agent files partners of its own communes only
            self.fields["commune"].queryset = self.fields["commune"].queryset.filter(pk__in=communes)
            self.fields["commune"].required = True

    def clean_rib(self):
        return normalize_rib(self.cleaned_data.get("rib", ""))


class PartnerContactForm(forms.ModelForm):
    class Meta:
        model = PartnerContact
        fields = ["full_name", "title", "phone", "email"]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Fichier"))
    description = forms.CharField(label=_("Description"), max_length=255, required=False)


class UserForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "email", "phone", "service", "preferred_language"]


class UserRolesForm(forms.Form):
    """One checkbox per role, each with its optional commune scope."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = {}
        if user is not None:
            for assignment in user.role_assignments.all():
                current[assignment.role_id] = [c.pk for c in assignment.communes.all()]
        self.role_rows = []
        communes = Commune.objects.order_by("name_fr")
        # One list of communes for every role's scope: the page reads them once, not once per role.
        commune_choices = [(commune.pk, str(commune)) for commune in communes]
        for role in Role.objects.order_by("name_fr"):
            held = f"role_{role.pk}"
            scope = f"scope_{role.pk}"
            self.fields[held] = forms.BooleanField(required=False, label=role.name, initial=role.pk in current)
            self.fields[scope] = forms.ModelMultipleChoiceField(
                queryset=communes,
                required=False,
                label=_("Limité aux communes"),
                initial=current.get(role.pk, []),
                widget=forms.SelectMultiple(attrs={"size": 4}),
                help_text=_("Ctrl + clic pour en choisir plusieurs ; aucune = toute la province."),
            )
            self.fields[scope].widget.choices = commune_choices
            self.role_rows.append((role, held, scope))

    def roles_with_scope(self):
        return {
            role: list(self.cleaned_data[scope]) for role, held, scope in self.role_rows if self.cleaned_data.get(held)
        }

    def rows(self):
        return [(role, self[held], self[scope]) for role, held, scope in self.role_rows]


class RoleForm(forms.ModelForm):
    permissions = forms.MultipleChoiceField(
        label=_("Permissions"), required=False, widget=forms.CheckboxSelectMultiple, choices=permissions.choices
    )

    class Meta:
        model = Role
        fields = ["code", "name_fr", "name_ar", "name_en", "description", "permissions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # the code names the role in the journal: fixed once created
            del self.fields["code"]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=[("fr", "Français"), ("ar", "العربية"), ("en", "English")])
    next = forms.CharField(required=False)


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's refusal next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
