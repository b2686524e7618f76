"""The committees' part of the home page: what the secretariat and the services executing decisions must see."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from committees import permissions
from committees.models import DecisionAction, Feedback, Meeting
from das.views.home import card, register_home_section


@register_home_section
def committees_section(user):
    if not user.has_perm(permissions.ACCESS):
        return None
    from projects.selectors import dossiers_awaiting_cpdh

    today = timezone.localdate()
    open_meetings = [Meeting.Status.PLANNED, Meeting.Status.CONVENED]
    meetings = Meeting.objects.filter(status__in=open_meetings, date__gte=today).count()
    actions = DecisionAction.objects.aggregate(
        open=Count("pk", filter=Q(status=DecisionAction.Status.OPEN)),
        late=Count("pk", filter=Q(status=DecisionAction.Status.OPEN, due_on__lt=today)),
    )
    awaiting = dossiers_awaiting_cpdh().count()
    cards = [
        card(gettext_lazy("Réunions à venir"), meetings, reverse("committees:meeting_list")),
        card(
            gettext_lazy("Dossiers en attente de décision du CPDH"),
            awaiting,
            reverse("committees:index"),
            "warning" if awaiting else "success",
        ),
        card(
            gettext_lazy("Actions d'exécution en retard"),
            actions["late"],
            reverse("committees:action_list") + "?state=en_retard",
            "danger" if actions["late"] else "success",
            gettext_lazy("sur %(open)s en cours") % {"open": actions["open"]},
        ),
    ]
    if user.has_perm(permissions.MANAGE_FEEDBACK):
        late = Feedback.objects.filter(
            status__in=[Feedback.Status.RECEIVED, Feedback.Status.ROUTED], answer_due_on__lt=today
        ).count()
        cards.append(
            card(
                gettext_lazy("Remontées sans réponse dans le délai"),
                late,
                reverse("committees:feedback_list") + "?late=true",
                "danger" if late else "success",
            )
        )
    return (gettext_lazy("Comités"), cards)
