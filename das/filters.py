import datetime as dt

import django_filters
from django import forms
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from das.models import Commune, Partner, Role, User


class DateInput(forms.DateInput):
    """The browser's date picker (it submits aaaa-mm-jj, which the date formats accept)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class AllYesNoWidget(django_filters.widgets.BooleanWidget):
    """« Tous / Oui / Non » rather than django-filter's « Inconnu »."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", _("Tous")), ("true", _("Oui")), ("false", _("Non")))


def yes_no_filter(label, **kwargs):
    return django_filters.BooleanFilter(label=label, widget=AllYesNoWidget, **kwargs)


BOOLEAN_OVERRIDES = {
    models.BooleanField: {"filter_class": django_filters.BooleanFilter, "extra": lambda f: {"widget": AllYesNoWidget}}
}


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Recherche"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=Partner.Kind.choices)
    commune = django_filters.ModelChoiceFilter(label=_("Commune"), queryset=Commune.objects.order_by("name_fr"))
    has_rib = yes_no_filter(_("RIB renseigné"), method="filter_has_rib")
    is_active = yes_no_filter(_("Actif"))
    o = django_filters.OrderingFilter(
        fields=[("name", "name"), ("kind", "kind"), ("commune__name_fr", "commune"), ("created_at", "created_at")]
    )

    class Meta:
        model = Partner
        fields = ["q", "kind", "commune", "has_rib", "is_active"]

    def search(self, queryset, _name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(name_ar__icontains=value)
            | Q(acronym__icontains=value)
            | Q(ice=value)
            | Q(receipt_number__icontains=value)
            | Q(representative_name__icontains=value)
        )

    def filter_has_rib(self, queryset, _name, value):
        return queryset.exclude(rib="") if value else queryset.filter(rib="")


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Recherche"), method="search")
    service = django_filters.ChoiceFilter(label=_("Service"), choices=User.Service.choices)
    role = django_filters.ModelChoiceFilter(
        label=_("Rôle"), queryset=Role.objects.order_by("name_fr"), field_name="role_assignments__role"
    )
    is_active = yes_no_filter(_("Actif"))
    o = django_filters.OrderingFilter(
        fields=[("full_name", "full_name"), ("username", "username"), ("last_login", "last_login")]
    )

    class Meta:
        model = User
        fields = ["q", "service", "role", "is_active"]

    def search(self, queryset, _name, value):
        return queryset.filter(Q(full_name__icontains=value) | Q(username__icontains=value) | Q(email__icontains=value))


class JournalFilter(django_filters.FilterSet):
    LABELS = [("insert", _("Création")), ("update", _("Modification")), ("delete", _("Suppression"))]

    pgh_obj_model = django_filters.ChoiceFilter(label=_("Type de fiche"), choices=[])
    pgh_label = django_filters.ChoiceFilter(label=_("Opération"), choices=LABELS)
    user = django_filters.ModelChoiceFilter(label=_("Utilisateur"), queryset=User.objects.order_by("full_name"))
    since = django_filters.DateFilter(label=_("Depuis le"), method="filter_since", widget=DateInput)
    until = django_filters.DateFilter(label=_("Jusqu'au"), method="filter_until", widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from das.audit import chained_event_models

        # Every audited model is a choice (pghistory stores the label with its case, e.g. das.Partner).
        tracked = {m.pgh_tracked_model for m in chained_event_models() if m.pgh_tracked_model is not None}
        choices = [(model._meta.label, str(model._meta.verbose_name)) for model in tracked]
        self.filters["pgh_obj_model"].extra["choices"] = sorted(choices, key=lambda c: c[1])

    # Days as ranges of moments (local midnight to midnight), so the date index serves them.
    @staticmethod
    def _midnight(day):
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

    def filter_since(self, queryset, name, value):
        return queryset.filter(pgh_created_at__gte=self._midnight(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(pgh_created_at__lt=self._midnight(value + dt.timedelta(days=1)))
