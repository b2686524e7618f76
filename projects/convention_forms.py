"""Forms of the conventions: input and its French messages only; the writes are in projects.services.conventions."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from das.fields import MoneyField, MoneyInput
from das.models import Partner
from projects.models import ConventionParty

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ArticleForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    number = forms.IntegerField(label=_("N°"), min_value=1, max_value=999)
    title_fr = forms.CharField(label=_("Titre (français)"), max_length=200)
    title_ar = forms.CharField(
        label=_("Titre (arabe)"), max_length=200, required=False, widget=forms.TextInput(attrs={"dir": "rtl"})
    )
    body_fr = forms.CharField(label=_("Texte (français)"), widget=forms.Textarea(attrs={"rows": 4}))
    body_ar = forms.CharField(
        label=_("Texte (arabe)"), required=False, widget=forms.Textarea(attrs={"rows": 4, "dir": "rtl"})
    )


ArticleFormSet = forms.formset_factory(ArticleForm, extra=1, can_delete=True)


def article_initial(articles) -> list[dict]:
    return [
        {
            "id": a.pk,
            "number": a.number,
            "title_fr": a.title_fr,
            "title_ar": a.title_ar,
            "body_fr": a.body_fr,
            "body_ar": a.body_ar,
        }
        for a in articles
    ]


def article_rows(formset) -> list[dict]:
    """What the services take: the filled forms, with their delete flag (blank extra forms are left out)."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() and not form.cleaned_data.get("id"):
            continue
        data = dict(form.cleaned_data)
        data["delete"] = bool(data.pop("DELETE", False))
        rows.append(data)
    return rows


class TitleForm(forms.Form):
    title = forms.CharField(label=_("Objet de la convention"), max_length=255)


class PartyForm(forms.Form):
    # A blank first choice: the page's spare line, left untouched, is then unchanged and ignored (with the first
    # quality preselected, the browser posted it and the spare line failed on its missing contribution).
    kind = forms.ChoiceField(label=_("Qualité"), choices=[("", "---------"), *ConventionParty.Kind.choices])
    partner = forms.ModelChoiceField(label=_("Partenaire"), queryset=Partner.objects.order_by("name"), required=False)
    contribution = MoneyField(label=_("Contribution (DH)"), widget=MoneyInput)

    def clean(self):
        data = super().clean()
        if data.get("kind") and data["kind"] != ConventionParty.Kind.GOVERNOR and not data.get("partner"):
            self.add_error("partner", _("Choisissez le partenaire."))
        if data.get("kind") == ConventionParty.Kind.GOVERNOR:
            data["partner"] = None
        return data


PartyFormSet = forms.formset_factory(PartyForm, extra=1, can_delete=True)


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Date de signature"), widget=DATE)
    scan = forms.FileField(label=_("Scan de la convention signée (PDF ou image)"))


class ReturnForm(forms.Form):
    observations = forms.CharField(label=_("Observations du Cabinet"), widget=forms.Textarea(attrs={"rows": 5}))


class DateForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)


class TerminateForm(DateForm):
    reason = forms.CharField(label=_("Motif de la résiliation"), widget=forms.Textarea(attrs={"rows": 4}))
