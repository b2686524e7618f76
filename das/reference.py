"""The reference-data catalogue: one entry per kind, driving the generic list, form, detail and export pages."""

from __future__ import annotations

from dataclasses import dataclass, field

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from das import exports, models
from das.exports import Column
from das.fields import money_formfield
from das.filters import BOOLEAN_OVERRIDES


@dataclass
class ReferenceKind:
    slug: str
    model: type
    title: object
    fields: list[str]
    columns: list[Column]
    filters: list[str] = field(default_factory=list)
    select_related: list[str] = field(default_factory=list)
    prefetch_related: list[str] = field(default_factory=list)
    search: list[str] = field(default_factory=lambda: ["name_fr", "name_ar"])
    ordering: list[str] | None = None

    def queryset(self):
        qs = self.model.objects.select_related(*self.select_related).prefetch_related(*self.prefetch_related)
        return qs.order_by(*self.ordering) if self.ordering else qs

    def form_class(self):
        widgets = {
            name: forms.CheckboxSelectMultiple for name in self.fields if self.model._meta.get_field(name).many_to_many
        }
        return forms.modelform_factory(
            self.model, fields=self.fields, widgets=widgets, formfield_callback=money_formfield
        )

    def filterset_class(self):
        search_fields = self.search

        def search(queryset, _name, value):
            condition = Q()
            for name in search_fields:
                condition |= Q(**{f"{name}__icontains": value})
            return queryset.filter(condition)

        ordering_fields = [(c.order_by, c.order_by) for c in self.columns if c.order_by]
        attrs = {
            "q": django_filters.CharFilter(label=_("Recherche"), method=search),
            "o": django_filters.OrderingFilter(fields=ordering_fields),
        }
        meta = type("Meta", (), {"model": self.model, "fields": self.filters, "filter_overrides": BOOLEAN_OVERRIDES})
        attrs["Meta"] = meta
        return type(f"{self.model.__name__}Filter", (django_filters.FilterSet,), attrs)


def phases_of(obj):
    return ", ".join(p.code for p in obj.target_phases.all())


NAME_COLUMNS = [
    Column(_("Nom"), "name_fr", order_by="name_fr", width=34, link=True),
    Column(_("Nom (arabe)"), "name_ar", width=30),
]

KINDS = [
    ReferenceKind(
        "regions",
        models.Region,
        _("Régions"),
        ["code", "name_fr", "name_ar"],
        [Column(_("Code"), "code", order_by="code", width=10), *NAME_COLUMNS],
        search=["name_fr", "name_ar", "code"],
    ),
    ReferenceKind(
        "provinces",
        models.Province,
        _("Préfectures et provinces"),
        ["region", "code", "kind", "name_fr", "name_ar"],
        [
            Column(_("Code"), "code", order_by="code", width=10),
            *NAME_COLUMNS,
            Column(_("Type"), "get_kind_display"),
            Column(_("Région"), "region", order_by="region__name_fr"),
        ],
        filters=["region", "kind"],
        select_related=["region"],
        search=["name_fr", "name_ar", "code"],
    ),
    ReferenceKind(
        "communes",
        models.Commune,
        _("Communes"),
        [
            "province",
            "code",
            "name_fr",
            "name_ar",
            "kind",
            "cercle",
            "caidat",
            "population",
            "households",
            "target_phases",
        ],
        [
            Column(_("Code"), "code", order_by="code", width=10),
            *NAME_COLUMNS,
            Column(_("Type"), "get_kind_display", order_by="kind", width=10),
            Column(_("Cercle"), "cercle"),
            Column(_("Caïdat"), "caidat"),
            Column(_("Population"), "population", exports.INTEGER, order_by="population", width=12),
            Column(_("Ménages"), "households", exports.INTEGER, order_by="households", width=12),
            Column(_("Cible INDH (phases)"), phases_of, width=14),
        ],
        filters=["province", "kind", "target_phases"],
        select_related=["province"],
        prefetch_related=["target_phases"],
        search=["name_fr", "name_ar", "code", "cercle", "caidat"],
    ),
    ReferenceKind(
        "arrondissements",
        models.Arrondissement,
        _("Arrondissements"),
        ["commune", "name_fr", "name_ar", "population", "households"],
        [
            *NAME_COLUMNS,
            Column(_("Commune"), "commune", order_by="commune__name_fr"),
            Column(_("Population"), "population", exports.INTEGER, order_by="population", width=12),
        ],
        filters=["commune"],
        select_related=["commune"],
    ),
    ReferenceKind(
        "localites",
        models.Locality,
        _("Quartiers et douars"),
        ["commune", "arrondissement", "kind", "name_fr", "name_ar", "population", "households", "target_phases"],
        [
            *NAME_COLUMNS,
            Column(_("Type"), "get_kind_display", order_by="kind", width=10),
            Column(_("Commune"), "commune", order_by="commune__name_fr"),
            Column(_("Population"), "population", exports.INTEGER, order_by="population", width=12),
            Column(_("Ménages"), "households", exports.INTEGER, order_by="households", width=12),
            Column(_("Cible INDH (phases)"), phases_of, width=14),
        ],
        filters=["commune", "kind", "target_phases"],
        select_related=["commune"],
        prefetch_related=["target_phases"],
    ),
    ReferenceKind(
        "phases",
        models.Phase,
        _("Phases INDH"),
        ["code", "name_fr", "name_ar", "name_en", "start_year", "end_year", "budget"],
        [
            Column(_("Code"), "code", order_by="code", width=8),
            *NAME_COLUMNS,
            Column(_("Début"), "start_year", exports.INTEGER, order_by="start_year", width=8),
            Column(_("Fin"), "end_year", exports.INTEGER, order_by="end_year", width=8),
            Column(_("Enveloppe nationale"), "budget", exports.MONEY, width=22),
        ],
        search=["name_fr", "name_ar", "code"],
    ),
    ReferenceKind(
        "programmes",
        models.Programme,
        _("Programmes"),
        ["phase", "code", "name_fr", "name_ar", "description", "is_active"],
        [
            Column(_("Phase"), "phase.code", order_by="phase__start_year", width=8),
            Column(_("Code"), "code", order_by="code", width=8),
            *NAME_COLUMNS,
            Column(_("Actif"), "is_active", exports.BOOLEAN, width=8),
        ],
        filters=["phase", "is_active"],
        select_related=["phase"],
        search=["name_fr", "name_ar", "code"],
    ),
    ReferenceKind(
        "axes",
        models.Axis,
        _("Axes"),
        ["programme", "code", "name_fr", "name_ar"],
        [
            Column(_("Programme"), "programme", order_by="programme__code"),
            Column(_("Code"), "code", order_by="code", width=8),
            *NAME_COLUMNS,
        ],
        filters=["programme"],
        select_related=["programme__phase"],
        search=["name_fr", "name_ar", "code"],
    ),
    ReferenceKind(
        "secteurs",
        models.Sector,
        _("Secteurs"),
        ["code", "name_fr", "name_ar"],
        [Column(_("Code"), "code", order_by="code", width=10), *NAME_COLUMNS],
        search=["name_fr", "name_ar", "code"],
    ),
    ReferenceKind(
        "categories-cibles",
        models.TargetCategory,
        _("Catégories cibles"),
        ["programme", "code", "name_fr", "name_ar"],
        [
            Column(_("Programme"), "programme", order_by="programme__code"),
            Column(_("Code"), "code", order_by="code", width=8),
            *NAME_COLUMNS,
        ],
        filters=["programme"],
        select_related=["programme__phase"],
        search=["name_fr", "name_ar", "code"],
    ),
    ReferenceKind(
        "rubriques",
        models.BudgetLine,
        _("Rubriques budgétaires"),
        ["code", "name_fr", "name_ar", "is_active"],
        [
            Column(_("Code"), "code", order_by="code", width=10),
            *NAME_COLUMNS,
            Column(_("Active"), "is_active", exports.BOOLEAN, width=8),
        ],
        filters=["is_active"],
        search=["name_fr", "name_ar", "code"],
    ),
    ReferenceKind(
        "exercices",
        models.FiscalYear,
        _("Exercices budgétaires"),
        ["year"],  # closing and reopening are the head's decisions (das.services.reference)
        [
            Column(_("Année"), "year", exports.INTEGER, order_by="year", width=10, link=True),
            Column(_("Clôturé"), "is_closed", exports.BOOLEAN, width=10),
        ],
        filters=["is_closed"],
        search=[],
    ),
]
BY_SLUG = {kind.slug: kind for kind in KINDS}
BY_MODEL = {kind.model: kind for kind in KINDS}
