"""Forms of the execution area: input and its French messages only; the rules are in
communication.services.execution."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from communication.models import Audience, PressCoverage
from communication.services.execution import AttendanceLine, PressLine
from das.fields import MoneyField, MoneyInput
from das.models import Commune, Partner
from projects.execution_forms import MultipleImageField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SMALL_NUMBER = forms.NumberInput(attrs={"class": "form-control form-control-sm", "min": 0})
SMALL_TEXT = {"class": "form-control form-control-sm"}


class RealisationForm(forms.Form):
    carried_out_on = forms.DateField(label=_("Date de réalisation"), widget=DATE)
    place = forms.CharField(label=_("Lieu"), max_length=255)
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.none(),
        required=False,
        empty_label=_("— Toute la préfecture —"),
    )
    reach = forms.IntegerField(
        label=_("Portée estimée (personnes)"),
        min_value=0,
        required=False,
        help_text=_(
            "Personnes atteintes au-delà des participants comptés (auditeurs, lecteurs, vues) : une estimation. "
            "Obligatoire quand aucun participant n'est compté."
        ),
    )
    actual_cost = MoneyField(
        label=_("Coût réel (DH)"),
        widget=MoneyInput(),
        error_messages={"min_value": _("Un coût ne peut pas être négatif.")},
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partenaires associés"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Maintenez Ctrl (ou Cmd) pour en choisir plusieurs."),
    )
    summary = forms.CharField(
        label=_("Déroulement et résultats"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    photos = MultipleImageField(
        label=_("Ajouter des photos"),
        help_text=_("JPEG ou PNG, 8 Mo au plus chacune ; 12 photos au plus par réalisation."),
    )
    photo_caption = forms.CharField(label=_("Légende des photos ajoutées"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.order_by("name_fr")
        self.fields["partners"].queryset = Partner.objects.filter(is_active=True).order_by("name")


class AttendanceForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Type de participants"),
        choices=[("", "—"), *Audience.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    women = forms.IntegerField(label=_("Femmes"), min_value=0, required=False, widget=SMALL_NUMBER)
    men = forms.IntegerField(label=_("Hommes"), min_value=0, required=False, widget=SMALL_NUMBER)

    def clean(self):
        data = super().clean()
        counted = (data.get("women") or 0) + (data.get("men") or 0)
        if counted and not data.get("audience") and "audience" not in self.errors:
            self.add_error("audience", _("Choisissez le type de ces participants."))
        return data


class BaseAttendanceFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            audience = form.cleaned_data.get("audience")
            if not audience:
                continue
            if audience in seen:
                form.add_error("audience", _("Ce type de participants figure déjà plus haut."))
            seen.add(audience)

    def lines(self) -> list[AttendanceLine]:
        return [
            AttendanceLine(
                form.cleaned_data["audience"], form.cleaned_data.get("women") or 0, form.cleaned_data.get("men") or 0
            )
            for form in self.forms
            if form.cleaned_data and form.cleaned_data.get("audience")
        ]


class PressForm(forms.Form):
    medium = forms.ChoiceField(label=_("Support"), choices=[("", "—"), *PressCoverage.Medium.choices], required=False)
    outlet = forms.CharField(label=_("Média"), max_length=160, required=False)
    title = forms.CharField(label=_("Titre ou sujet"), max_length=255, required=False)
    published_on = forms.DateField(label=_("Paru le"), widget=DATE, required=False)
    link = forms.URLField(
        label=_("Lien"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Saisissez une adresse web complète (https://…).")},
    )

    def clean(self):
        data = super().clean()
        filled = any(data.get(name) for name in ("outlet", "title", "published_on", "link"))
        if filled or data.get("medium"):
            if not data.get("medium") and "medium" not in self.errors:
                self.add_error("medium", _("Choisissez le support."))
            if not (data.get("outlet") or "").strip() and "outlet" not in self.errors:
                self.add_error("outlet", _("Nommez le média (journal, radio, site, page…)."))
        return data


class BasePressFormSet(forms.BaseFormSet):
    def lines(self) -> list[PressLine]:
        return [
            PressLine(
                medium=form.cleaned_data["medium"],
                outlet=form.cleaned_data["outlet"],
                title=form.cleaned_data.get("title") or "",
                published_on=form.cleaned_data.get("published_on"),
                link=form.cleaned_data.get("link") or "",
            )
            for form in self.forms
            if form.cleaned_data and form.cleaned_data.get("medium")
        ]


AttendanceFormSet = forms.formset_factory(AttendanceForm, formset=BaseAttendanceFormSet, extra=3, max_num=len(Audience))
PressFormSet = forms.formset_factory(PressForm, formset=BasePressFormSet, extra=2, max_num=30)


def realisation_initial(action, realisation) -> dict:
    if realisation is None:
        return {"place": "", "commune": action.commune_id, "carried_out_on": action.planned_on, "reach": 0}
    return {
        "carried_out_on": realisation.carried_out_on,
        "place": realisation.place,
        "commune": realisation.commune_id,
        "reach": realisation.reach,
        "actual_cost": realisation.actual_cost,
        "partners": [partner.pk for partner in realisation.partners.all()],
        "summary": realisation.summary,
    }


def attendance_initial(action, realisation) -> list[dict]:
    if realisation is None:
        return [{"audience": action.audience}]
    return [{"audience": row.audience, "women": row.women, "men": row.men} for row in realisation.attendance.all()]


def press_initial(realisation) -> list[dict]:
    if realisation is None:
        return []
    return [
        {
            "medium": item.medium,
            "outlet": item.outlet,
            "title": item.title,
            "published_on": item.published_on,
            "link": item.link,
        }
        for item in realisation.press.all()
    ]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif d'annulation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Indiquez pourquoi l'action est annulée.")},
    )
