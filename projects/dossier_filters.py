import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from das.models import Commune, Partner, Programme
from projects.models import CallForProjects, Dossier, Evaluation


def evaluators(_request=None):
    return get_user_model().objects.filter(evaluations__isnull=False).distinct().order_by("full_name", "username")


class DossierFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Recherche (référence, intitulé, porteur)"), method="search")
    call = django_filters.ModelChoiceFilter(
        label=_("Appel"), queryset=CallForProjects.objects.order_by("-year", "title_fr")
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        field_name="call__programme",
        queryset=Programme.objects.select_related("phase").order_by("phase__start_year", "code"),
    )
    commune = django_filters.ModelChoiceFilter(label=_("Commune"), queryset=Commune.objects.order_by("name_fr"))
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=Dossier.Status.choices)
    holder_kind = django_filters.ChoiceFilter(
        label=_("Type de porteur"), field_name="holder__kind", choices=Partner.Kind.choices
    )
    evaluator = django_filters.ModelChoiceFilter(label=_("Évaluateur"), queryset=evaluators, method="by_evaluator")
    o = django_filters.OrderingFilter(
        fields=[
            ("reference", "reference"),
            ("call__title_fr", "call"),
            ("holder__name", "holder"),
            ("commune__name_fr", "commune"),
            ("title", "title"),
            ("indh_share", "indh_share"),
            ("estimated_cost", "estimated_cost"),
            ("received_at", "received_at"),
            ("status", "status"),
            ("average_score", "average_score"),
        ]
    )

    class Meta:
        model = Dossier
        fields = ["q", "call", "programme", "commune", "status", "holder_kind", "evaluator"]

    def search(self, queryset, _name, value):
        return queryset.filter(
            Q(reference__icontains=value) | Q(title__icontains=value) | Q(holder__name__icontains=value)
        )

    def by_evaluator(self, queryset, _name, value):
        return queryset.filter(pk__in=Evaluation.objects.filter(evaluator=value).values("dossier"))
