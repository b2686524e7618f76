"""The register of remontées: list, page with the next steps as small forms, registration and correction.

Views stay thin: every write is a service of committees.services.feedback; a refusal is shown in French next to its
field (or above the form), and what was typed is kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View

from committees import permissions, selectors
from committees.filters import OPEN_FEEDBACK, FeedbackFilter
from committees.forms import FeedbackAnswerForm, FeedbackForm, FeedbackRouteForm, FeedbackSentForm
from committees.models import Feedback
from committees.services import feedback as services
from committees.views.committees import SPACE_CRUMB
from das import exports
from das.exports import Column
from das.forms import add_service_error
from das.views.base import DasViewMixin, ExportableListView, history_url, refusal_text
from projects import permissions as projects_permissions

Status = Feedback.Status
FEEDBACK_CRUMB = (gettext_lazy("Remontées"), "committees:feedback_list")
STATUS_STYLES = {
    Status.RECEIVED: "secondary",
    Status.ROUTED: "primary",
    Status.ANSWERED: "info",
    Status.SENT: "success",
}
LETTER_LANGUAGES = ("fr", "ar")


def with_lateness(queryset):
    late = Q(status__in=OPEN_FEEDBACK, answer_due_on__lt=timezone.localdate())
    return queryset.annotate(is_late=ExpressionWrapper(late, output_field=BooleanField()))


def get_feedback(pk) -> Feedback:
    return get_object_or_404(with_lateness(selectors.feedback_list()), pk=pk)


def run_route(feedback, by, data):
    return services.feedback_route(feedback=feedback, by=by, service=data["service"])


def run_answer(feedback, by, data):
    return services.feedback_answer(feedback=feedback, by=by, answer=data["answer"], answered_on=data["answered_on"])


def run_mark_sent(feedback, by, data):
    return services.feedback_mark_sent(feedback=feedback, by=by, sent_on=data["sent_on"])


# transition name → (form, service, the URL that posts it)
TRANSITIONS = {
    "route": (FeedbackRouteForm, run_route, "committees:feedback_route"),
    "answer": (FeedbackAnswerForm, run_answer, "committees:feedback_answer"),
    "mark_sent": (FeedbackSentForm, run_mark_sent, "committees:feedback_mark_sent"),
}


def make_form(name, feedback, data=None):
    form_class = TRANSITIONS[name][0]
    if form_class is FeedbackRouteForm:
        return form_class(data, prefix=name, initial={"service": feedback.routed_to})
    return form_class(data, prefix=name, feedback=feedback)


def project_url(user, project) -> str:
    if project is None or not user.has_perm(projects_permissions.ACCESS):
        return ""
    return project.get_absolute_url()


def detail_context(request, feedback, bound=None) -> dict:
    """The page of a remontée; ``bound`` is the transition form just posted and refused, shown with its errors."""
    user = request.user
    steps = []
    for transition in services.FEEDBACK_WORKFLOW.available(feedback, user):
        form = bound if bound is not None and bound.prefix == transition.name else make_form(transition.name, feedback)
        steps.append(
            {
                "transition": transition,
                "form": form,
                "url": reverse(TRANSITIONS[transition.name][2], args=[feedback.pk]),
            }
        )
    letters = []
    if feedback.status in (Status.ANSWERED, Status.SENT):
        for language, label in (
            (LETTER_LANGUAGES[0], _("Lettre de réponse (PDF, français)")),
            (LETTER_LANGUAGES[1], _("Lettre de réponse (PDF, arabe)")),
        ):
            url = reverse("committees:feedback_letter_pdf", args=[feedback.pk, language])
            if url:
                letters.append((label, url))
    return {
        "feedback": feedback,
        "page_title": str(feedback),
        "breadcrumbs": [
            (SPACE_CRUMB[0], reverse(SPACE_CRUMB[1])),
            (FEEDBACK_CRUMB[0], reverse(FEEDBACK_CRUMB[1])),
            (feedback.reference, None),
        ],
        "status_style": STATUS_STYLES.get(feedback.status, "secondary"),
        "steps": steps,
        "can_edit": user.has_perm(permissions.MANAGE_FEEDBACK) and feedback.status in OPEN_FEEDBACK,
        "letters": letters,
        "project_url": project_url(user, feedback.project),
        "history_url": history_url(user, feedback),
    }


class FeedbackListView(ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = FeedbackFilter
    template_name = "committees/feedback_list.html"
    page_title = gettext_lazy("Registre des remontées")
    breadcrumbs = [SPACE_CRUMB, (gettext_lazy("Remontées"), None)]
    create_permission = permissions.MANAGE_FEEDBACK
    create_label = gettext_lazy("Nouvelle remontée")
    export_columns = [
        Column(gettext_lazy("Référence"), "reference", order_by="reference", width=16, link=True, code=True),
        Column(gettext_lazy("Reçue le"), "received_on", exports.DATE, order_by="received_on", width=12),
        Column(gettext_lazy("Nature"), "get_kind_display", order_by="kind", width=18),
        Column(gettext_lazy("Origine"), "get_source_display", order_by="source", width=16),
        Column(gettext_lazy("Émetteur"), "source_name", width=26),
        Column(gettext_lazy("Commune"), "commune", order_by="commune", width=18),
        Column(gettext_lazy("Objet"), "subject", order_by="subject", width=40),
        Column(gettext_lazy("Service chargé"), "get_routed_to_display", width=22),
        Column(gettext_lazy("Réponse attendue le"), "answer_due_on", exports.DATE, order_by="answer_due_on", width=12),
        Column(gettext_lazy("Statut"), "get_status_display", order_by="status", width=18),
        Column(gettext_lazy("En retard"), "is_late", exports.BOOLEAN, width=10),
    ]

    @property
    def create_url(self):
        return reverse("committees:feedback_create")

    def get_queryset(self):
        return with_lateness(selectors.feedback_list()).order_by("-received_on", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "committees:feedback_detail"
        return context


class FeedbackDetailView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "committees/feedback_detail.html"

    def get(self, request, pk):
        return TemplateResponse(request, self.template_name, detail_context(request, get_feedback(pk)))


class FeedbackTransitionView(DasViewMixin, View):
    """Route, answer, mark sent: the small form of the page posts here; refused, the page shows why."""

    das_permission = permissions.MANAGE_FEEDBACK
    http_method_names = ["post"]
    template_name = "committees/feedback_detail.html"
    transition = ""

    def post(self, request, pk):
        if self.transition not in TRANSITIONS:
            raise Http404
        feedback = get_feedback(pk)
        form = make_form(self.transition, feedback, request.POST)
        if form.is_valid():
            try:
                updated = TRANSITIONS[self.transition][1](feedback, request.user, form.cleaned_data)
            except ValidationError as exc:
                add_service_error(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, refusal_text(exc))
            else:
                messages.success(
                    request,
                    _("La remontée %(reference)s est maintenant « %(status)s ».")
                    % {"reference": updated.reference, "status": updated.get_status_display()},
                )
                return redirect("committees:feedback_detail", pk)
        context = detail_context(request, feedback, bound=form)
        if not any(step["form"] is form for step in context["steps"]):
            # The transition is no longer offered (another user went first): say why above the page.
            messages.error(request, " ".join(str(e) for e in form.non_field_errors()) or _("Action impossible."))
            return redirect("committees:feedback_detail", pk)
        return TemplateResponse(request, self.template_name, context)


class FeedbackFormView(DasViewMixin, FormView):
    """Register a remontée as it is received, or correct it while it is not answered."""

    das_permission = permissions.MANAGE_FEEDBACK
    template_name = "committees/feedback_form.html"
    form_class = FeedbackForm

    def dispatch(self, request, *args, **kwargs):
        self.feedback = get_feedback(kwargs["pk"]) if "pk" in kwargs else None
        if self.feedback and self.feedback.status not in OPEN_FEEDBACK:
            messages.warning(request, _("Une remontée répondue ne se modifie plus."))
            return redirect("committees:feedback_detail", self.feedback.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        if self.feedback:
            return _("Modifier la remontée %(reference)s") % {"reference": self.feedback.reference}
        return _("Nouvelle remontée")

    def get_breadcrumbs(self):
        crumbs = [SPACE_CRUMB, FEEDBACK_CRUMB]
        if self.feedback:
            return [*crumbs, (self.feedback.reference, self.feedback.get_absolute_url()), (_("Modifier"), None)]
        return [*crumbs, (self.get_page_title(), None)]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.feedback
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = (
            self.feedback.get_absolute_url() if self.feedback else reverse("committees:feedback_list")
        )
        return context

    def form_valid(self, form):
        fields = form.service_fields()
        try:
            if self.feedback:
                feedback = services.feedback_update(feedback=self.feedback, by=self.request.user, **fields)
            else:
                feedback = services.feedback_register(by=self.request.user, **fields)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.form_invalid(form)
        if self.feedback:
            messages.success(
                self.request, _("La remontée %(reference)s est enregistrée.") % {"reference": feedback.reference}
            )
        else:
            messages.success(
                self.request,
                _("Remontée enregistrée sous la référence %(reference)s : transmettez-la au service qui répondra.")
                % {"reference": feedback.reference},
            )
        return redirect("committees:feedback_detail", feedback.pk)
