"""The board of the actions that execute the committees' decisions: who does what by when, what is late; marking an
action done (with its report) or reopening it.

Views stay thin: the writes are committees.services.meetings.action_complete / action_reopen.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from committees import permissions, selectors
from committees.filters import ActionFilter
from committees.forms import ActionCompleteForm, ActionReopenForm
from committees.models import DecisionAction
from committees.services.meetings import action_complete, action_reopen
from committees.views.committees import SPACE_CRUMB
from das import exports
from das.exports import Column
from das.forms import add_service_error
from das.views.base import DasViewMixin, ExportableListView, refusal_text, refuse

ActionStatus = DecisionAction.Status
ACTIONS_CRUMB = (gettext_lazy("Exécution des décisions"), "committees:action_list")


def late_condition():
    return Q(status=ActionStatus.OPEN, due_on__lt=timezone.localdate())


def with_lateness(queryset):
    return queryset.annotate(is_late=ExpressionWrapper(late_condition(), output_field=BooleanField()))


def action_counts() -> dict:
    """Open, done and late actions of the whole board, in one query."""
    return DecisionAction.objects.aggregate(
        open=Count("pk", filter=Q(status=ActionStatus.OPEN)),
        done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        late=Count("pk", filter=late_condition()),
    )


def meeting_label(action) -> str:
    meeting = action.decision.item.meeting
    return _("Réunion n° %(number)s du %(date)s") % {
        "number": meeting.number,
        "date": date_format(meeting.date, "SHORT_DATE_FORMAT"),
    }


def meeting_href(action) -> str:
    return reverse("committees:meeting_detail", args=[action.decision.item.meeting_id])


def point_label(action) -> str:
    item = action.decision.item
    return f"{item.position}. {item.title}"


class ActionListView(ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = ActionFilter
    template_name = "committees/action_list.html"
    page_title = gettext_lazy("Exécution des décisions")
    breadcrumbs = [SPACE_CRUMB, (gettext_lazy("Exécution des décisions"), None)]
    export_columns = [
        Column(gettext_lazy("Réunion"), meeting_label, order_by="meeting", width=24, href=meeting_href),
        Column(gettext_lazy("Comité"), "decision.item.meeting.committee", order_by="committee", width=30),
        Column(gettext_lazy("Point"), point_label, width=35),
        Column(gettext_lazy("Action à mener"), "description", width=45),
        Column(gettext_lazy("Service chargé"), "get_service_display", order_by="service", width=24),
        Column(gettext_lazy("Échéance"), "due_on", exports.DATE, order_by="due_on", width=12),
        Column(gettext_lazy("Statut"), "get_status_display", order_by="status", width=12),
        Column(gettext_lazy("En retard"), "is_late", exports.BOOLEAN, width=10),
        Column(gettext_lazy("Réalisée le"), "done_on", exports.DATE, order_by="done_on", width=12),
    ]

    def get_queryset(self):
        return with_lateness(selectors.action_list()).order_by("status", "due_on", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = action_counts()
        url = reverse("committees:action_list")
        context["counts"] = [
            {"label": _("En cours"), "value": counts["open"], "url": f"{url}?state=en_cours", "tone": "primary"},
            {
                "label": _("En retard"),
                "value": counts["late"],
                "url": f"{url}?state=en_retard",
                "tone": "danger" if counts["late"] else "success",
            },
            {"label": _("Réalisées"), "value": counts["done"], "url": f"{url}?state=realisees", "tone": "success"},
        ]
        user = self.request.user
        context["can_follow"] = user.has_perm(permissions.FOLLOW_ACTIONS)
        # The services whose actions this person reports on (all of them for the secretariat and the head).
        context["followed_services"] = (
            [value for value, _label in DecisionAction.Service.choices]
            if user.has_perm(permissions.FOLLOW_ALL_ACTIONS)
            else [user.service]
        )
        context["back"] = self.request.get_full_path()
        return context


class ActionFormView(DasViewMixin, FormView):
    """One action, one small form; refused, the reason is shown next to its field and what was typed is kept."""

    das_permission = permissions.FOLLOW_ACTIONS
    template_name = "committees/action_form.html"
    wanted_status = ""

    def dispatch(self, request, *args, **kwargs):
        self.action = get_object_or_404(with_lateness(selectors.action_list()), pk=kwargs["pk"])
        decision = permissions.can_follow_action(request.user, self.action)
        if not decision:
            refuse(request, decision)
        if self.action.status != self.wanted_status:
            messages.warning(request, self.wrong_status_message())
            return redirect(self.next_url())
        return super().dispatch(request, *args, **kwargs)

    def next_url(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        # Only a path of this site: a bare word would be taken by redirect() for a URL name.
        if (
            target.startswith("/")
            and not target.startswith("//")
            and url_has_allowed_host_and_scheme(
                target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
            )
        ):
            return target
        return reverse("committees:action_list")

    def get_breadcrumbs(self):
        return [SPACE_CRUMB, ACTIONS_CRUMB, (self.get_page_title(), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "action": self.action,
                "meeting": self.action.decision.item.meeting,
                "meeting_label": meeting_label(self.action),
                "meeting_url": meeting_href(self.action),
                "point": point_label(self.action),
                "next": self.next_url(),
                "submit_label": self.submit_label,
            }
        )
        return context

    def form_valid(self, form):
        try:
            self.run(form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.form_invalid(form)
        messages.success(self.request, self.done_message)
        return redirect(self.next_url())


class ActionCompleteView(ActionFormView):
    form_class = ActionCompleteForm
    wanted_status = ActionStatus.OPEN
    page_title = gettext_lazy("Marquer l'action réalisée")
    submit_label = gettext_lazy("Marquer réalisée")
    done_message = gettext_lazy("L'action est marquée réalisée.")

    def wrong_status_message(self):
        return _("Cette action est déjà réalisée.")

    def run(self, data):
        action_complete(action=self.action, by=self.request.user, done_on=data["done_on"], note=data["done_note"])


class ActionReopenView(ActionFormView):
    form_class = ActionReopenForm
    wanted_status = ActionStatus.DONE
    page_title = gettext_lazy("Rouvrir l'action")
    submit_label = gettext_lazy("Rouvrir")
    done_message = gettext_lazy("L'action est rouverte : elle figure de nouveau parmi les actions en cours.")

    def wrong_status_message(self):
        return _("Cette action est encore en cours.")

    def run(self, data):
        action_reopen(action=self.action, by=self.request.user, reason=data["reason"])
