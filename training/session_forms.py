"""Forms of the sessions area: what was typed, with French labels; the rules are in training.services.sessions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from das.fields import MoneyField
from das.models import Commune, Partner
from training import session_selectors as selectors
from training.models import ActorType, SessionEvaluation, Team

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SessionForm(forms.Form):
    action = forms.ModelChoiceField(
        label=_("Action du plan"),
        queryset=selectors.schedulable_actions(),
        help_text=_("Seules les actions d'un plan en exécution peuvent recevoir une session."),
    )
    start_date = forms.DateField(label=_("Du"), widget=DATE)
    end_date = forms.DateField(label=_("Au"), widget=DATE)
    place = forms.CharField(label=_("Lieu"), max_length=255)
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Commune.objects.order_by("name_fr"), required=False)
    trainer = forms.CharField(label=_("Formateur"), max_length=200)
    provider_partner = forms.ModelChoiceField(
        label=_("Organisme formateur"),
        queryset=Partner.objects.order_by("name"),
        required=False,
        help_text=_("Obligatoire quand l'action est confiée à un organisme externe."),
    )

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        if session is not None:  # the action of a session is fixed once scheduled
            del self.fields["action"]


class DayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.CharField(label=_("Heures"), max_length=5)


class InviteSearchForm(forms.Form):
    q = forms.CharField(label=_("Nom ou CIN"), required=False)
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Commune.objects.order_by("name_fr"), required=False)
    actor_type = forms.ChoiceField(
        label=_("Type d'acteur"), choices=[("", "---------"), *ActorType.choices], required=False
    )


class TeamInviteForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("Équipe d'animation"),
        queryset=Team.objects.filter(is_active=True).select_related("commune").order_by("commune__name_fr", "name"),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Motif de l'annulation"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    trainer_report = forms.CharField(
        label=_("Rapport du formateur"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    actual_cost = MoneyField(label=_("Coût réel (DH)"), required=False)
    file = forms.FileField(label=_("Rapport signé ou annexes (fichier)"), required=False)


class ScanForm(forms.Form):
    file = forms.FileField(
        label=_("Feuille de présence signée (PDF, JPEG ou PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


SCORES = [(n, str(n)) for n in range(1, 6)]


class EvaluationForm(forms.Form):
    participant = forms.ModelChoiceField(
        label=_("Participant"),
        queryset=None,
        required=False,
        empty_label=_("Grille anonyme"),
        help_text=_("Laissez « Grille anonyme » quand la grille n'est pas signée."),
    )
    content = forms.TypedChoiceField(label=_("Contenu"), choices=SCORES, coerce=int, widget=forms.RadioSelect)
    trainer = forms.TypedChoiceField(
        label=_("Animation du formateur"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    organisation = forms.TypedChoiceField(
        label=_("Organisation et logistique"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    materials = forms.TypedChoiceField(label=_("Supports"), choices=SCORES, coerce=int, widget=forms.RadioSelect)
    usefulness = forms.TypedChoiceField(
        label=_("Utilité pour la fonction"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Commentaire"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = (
            session.participants.filter(presences__isnull=False, evaluations__isnull=True)
            .select_related("person")
            .distinct()
            .order_by("person__full_name")
        )
        for name in SessionEvaluation.CRITERIA:
            self.fields[name].widget.attrs["class"] = "d-flex gap-3"

    def scores(self):
        return {name: self.cleaned_data[name] for name in SessionEvaluation.CRITERIA}
