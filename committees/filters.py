import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Committee, DecisionAction, Feedback, Member
from das.filters import yes_no_filter
from das.models import Commune

OPEN_FEEDBACK = [Feedback.Status.RECEIVED, Feedback.Status.ROUTED]


def sitting_q(today) -> Q:
    return Q(term_start__lte=today) & (Q(term_end__isnull=True) | Q(term_end__gte=today))


class CommitteeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Recherche dans le nom"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=Committee.Kind.choices)
    commune = django_filters.ModelChoiceFilter(label=_("Commune"), queryset=Commune.objects.order_by("name_fr"))
    is_active = yes_no_filter(_("Actif"))
    o = django_filters.OrderingFilter(
        fields=[
            ("kind", "kind"),
            ("name", "name"),
            ("commune__name_fr", "commune"),
            ("sitting_count", "sitting_count"),
            ("meeting_count", "meeting_count"),
        ]
    )

    class Meta:
        model = Committee
        fields = ["q", "kind", "commune", "is_active"]

    def search(self, queryset, _name, value):
        return queryset.filter(Q(name__icontains=value) | Q(name_ar__icontains=value))


class MemberFilter(django_filters.FilterSet):
    TERM_CHOICES = (("en_mandat", _("En mandat")), ("anciens", _("Anciens membres")), ("a_venir", _("À venir")))

    term = django_filters.ChoiceFilter(label=_("Mandat"), choices=TERM_CHOICES, method="by_term")
    college = django_filters.ChoiceFilter(label=_("Collège"), choices=Member.College.choices)
    sex = django_filters.ChoiceFilter(label=_("Sexe"), choices=Member.Sex.choices)
    is_voting = yes_no_filter(_("Voix délibérative"))
    o = django_filters.OrderingFilter(
        fields=[
            ("full_name", "full_name"),
            ("college", "college"),
            ("term_start", "term_start"),
            ("term_end", "term_end"),
        ]
    )

    class Meta:
        model = Member
        fields = ["term", "college", "sex", "is_voting"]

    def by_term(self, queryset, _name, value):
        today = timezone.localdate()
        if value == "en_mandat":
            return queryset.filter(sitting_q(today))
        if value == "anciens":
            return queryset.filter(term_end__lt=today)
        if value == "a_venir":
            return queryset.filter(term_start__gt=today)
        return queryset


class FeedbackFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Recherche (référence, objet, émetteur)"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Nature"), choices=Feedback.Kind.choices)
    source = django_filters.ChoiceFilter(label=_("Origine"), choices=Feedback.Source.choices)
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=Feedback.Status.choices)
    commune = django_filters.ModelChoiceFilter(label=_("Commune"), queryset=Commune.objects.order_by("name_fr"))
    late = yes_no_filter(_("En retard"), method="by_late")
    o = django_filters.OrderingFilter(
        fields=[
            ("reference", "reference"),
            ("received_on", "received_on"),
            ("kind", "kind"),
            ("source", "source"),
            ("commune__name_fr", "commune"),
            ("subject", "subject"),
            ("answer_due_on", "answer_due_on"),
            ("status", "status"),
        ]
    )

    class Meta:
        model = Feedback
        fields = ["q", "kind", "source", "status", "commune", "late"]

    def search(self, queryset, _name, value):
        return queryset.filter(
            Q(reference__icontains=value) | Q(subject__icontains=value) | Q(source_name__icontains=value)
        )

    def by_late(self, queryset, _name, value):
        late = Q(status__in=OPEN_FEEDBACK, answer_due_on__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class ActionFilter(django_filters.FilterSet):
    STATE_CHOICES = (("en_cours", _("En cours")), ("realisees", _("Réalisées")), ("en_retard", _("En retard")))

    state = django_filters.ChoiceFilter(label=_("État"), choices=STATE_CHOICES, method="by_state")
    service = django_filters.ChoiceFilter(label=_("Service chargé"), choices=DecisionAction.Service.choices)
    committee = django_filters.ModelChoiceFilter(
        label=_("Comité"), field_name="decision__item__meeting__committee", queryset=Committee.objects.order_by("name")
    )
    o = django_filters.OrderingFilter(
        fields=[
            ("decision__item__meeting__date", "meeting"),
            ("decision__item__meeting__committee__name", "committee"),
            ("service", "service"),
            ("due_on", "due_on"),
            ("status", "status"),
            ("done_on", "done_on"),
        ]
    )

    class Meta:
        model = DecisionAction
        fields = ["state", "service", "committee"]

    def by_state(self, queryset, _name, value):
        if value == "en_cours":
            return queryset.filter(status=DecisionAction.Status.OPEN)
        if value == "realisees":
            return queryset.filter(status=DecisionAction.Status.DONE)
        if value == "en_retard":
            return queryset.filter(status=DecisionAction.Status.OPEN, due_on__lt=timezone.localdate())
        return queryset
