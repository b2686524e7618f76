"""Dossiers: registration on receipt, list, page, completeness and eligibility decisions, receipt and letter PDFs.

Views stay thin: every write is a service of projects.services.dossiers; a refusal (ValidationError,
TransitionRefused, PermissionDenied) is shown in French next to its field or as a message, and what was typed is kept.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from committees import permissions as committee_permissions
from das import exports
from das import permissions as das_permissions
from das.exports import Column
from das.forms import add_service_error
from das.selectors import attachments_of
from das.services.partners import PossibleDuplicates, partner_save
from das.views.base import DasViewMixin, ExportableListView, RecordFormPage, TransitionView, history_url, refusal_text
from projects import financing, permissions, selectors
from projects.dossier_filters import DossierFilter
from projects.dossier_forms import (
    HOLDER_ERROR_FIELDS,
    ContributionFormSet,
    DossierForm,
    EligibilityForm,
    LateOverrideForm,
    PiecesForm,
    ReasonForm,
)
from projects.models import CallForProjects, Dossier, DossierPiece, EligibilityCheck, PartnerContribution
from projects.scope import ScopedListMixin, commune_scope, get_in_scope, scope_projects
from projects.services import dossiers as services
from projects.views.calls import CALLS_CRUMB, SPACE_CRUMB, get_call
from projects.views.projects import dossier_cpdh

Status = Dossier.Status
DOSSIERS_CRUMB = (gettext_lazy("Dossiers de candidature"), "projects:dossier_list")
STATUS_STYLES = {
    Status.RECEIVED: "secondary",
    Status.INCOMPLETE: "warning",
    Status.ADMISSIBLE: "primary",
    Status.INADMISSIBLE: "danger",
    Status.ELIGIBLE: "info",
    Status.INELIGIBLE: "danger",
    Status.SCORED: "info",
    Status.PRESELECTED: "success",
    Status.NOT_RETAINED: "dark",
    Status.VALIDATED: "success",
    Status.REJECTED: "danger",
}
# Transitions run by a button (no input) and those that need a written reason.
BUTTON_SERVICES = {
    "declare_admissible": services.dossier_declare_admissible,
    "declare_incomplete": services.dossier_declare_incomplete,
    "declare_eligible": services.dossier_declare_eligible,
}
REASON_SERVICES = {
    "declare_inadmissible": services.dossier_declare_inadmissible,
    "declare_ineligible": services.dossier_declare_ineligible,
}
HIDDEN_TRANSITIONS = {"mark_scored"}  # run by the scoring itself
LANGUAGES = {"fr", "ar"}


def dossier_page_queryset():
    return Dossier.objects.select_related(
        "call__programme", "holder__commune", "commune", "locality", "sector", "late_override_by"
    ).prefetch_related(
        Prefetch("pieces", queryset=DossierPiece.objects.select_related("document")),
        Prefetch("contributions", queryset=PartnerContribution.objects.select_related("partner").order_by("pk")),
        Prefetch("eligibility_checks", queryset=EligibilityCheck.objects.select_related("checked_by")),
        "call__eligibility_criteria",
        "call__documents",
    )


def get_dossier(request, pk, queryset=None) -> Dossier:
    """The dossier of a page, within the user's communes (404 otherwise)."""
    return get_in_scope(request, queryset if queryset is not None else Dossier.objects.select_related("call"), pk=pk)


def financing_rows(dossier) -> list[dict]:
    """The dossier's plan as the page shows it: INDH, holder, each partner, with their share of the cost."""
    return financing.financing_rows(
        cost=dossier.estimated_cost,
        indh_share=dossier.indh_share,
        holder=dossier.holder,
        holder_contribution=dossier.holder_contribution,
        partners=[(c.partner, c.amount) for c in dossier.contributions.all()],
    )


def average_score(dossier):
    """The list's average of the submitted weighted totals, to the hundredth (the database gives more digits)."""
    value = getattr(dossier, "average_score", None)
    return None if value is None else Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)


class DossierCreateView(DasViewMixin, View):
    """Register a dossier when it is received, from a published or closed call."""

    das_permission = permissions.MANAGE_DOSSIERS
    template_name = "projects/dossier_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.call = get_call(kwargs["pk"], CallForProjects.objects.select_related("programme"))
        if self.call.status not in {CallForProjects.Status.PUBLISHED, CallForProjects.Status.CLOSED}:
            messages.warning(
                request,
                _("Cet appel ne reçoit pas de dossiers (état « %(state)s »).")
                % {"state": self.call.get_status_display()},
            )
            return redirect("projects:call_detail", self.call.pk)
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        scope = das_permissions.user_commune_scope(self.request.user, das_permissions.MANAGE_PARTNERS)
        form = DossierForm(data, call=self.call, holder_communes=scope, communes=commune_scope(self.request.user))
        return form, ContributionFormSet(data, prefix="contributions")

    def render(self, form, formset, status=200):
        title = _("Enregistrer un dossier")
        context = {
            "call": self.call,
            "form": form,
            "formset": formset,
            "page_title": f"{title} — {self.call}",
            "breadcrumbs": [
                (SPACE_CRUMB[0], reverse(SPACE_CRUMB[1])),
                (CALLS_CRUMB[0], reverse(CALLS_CRUMB[1])),
                (str(self.call), self.call.get_absolute_url()),
                (title, None),
            ],
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render(*self.forms())

    def post(self, request, *args, **kwargs):
        form, formset = self.forms(request.POST)
        if not (form.is_valid() and formset.is_valid()):
            return self.render(form, formset)
        holder = form.new_holder()
        try:
            with transaction.atomic():
                if holder is not None:
                    partner_save(
                        partner=holder,
                        by=request.user,
                        confirmed_not_duplicate=form.cleaned_data.get("confirm_not_duplicate", False),
                    )
                dossier = services.dossier_register(
                    call=self.call,
                    by=request.user,
                    holder=holder or form.cleaned_data["holder"],
                    contributions=formset.contributions(),
                    provided=form.cleaned_data["provided"],
                    **form.dossier_fields(),
                )
        except PossibleDuplicates as exc:
            form.duplicates = [p for p in exc.duplicates if das_permissions.can_view_partner(request.user, p)]
            form.hidden_duplicates = len(exc.duplicates) - len(form.duplicates)
            form.add_error(
                "confirm_not_duplicate",
                _("Des partenaires semblables existent déjà : vérifiez la liste, puis confirmez pour enregistrer."),
            )
            return self.render(form, formset)
        except ValidationError as exc:
            holder_refused = holder is not None and holder.pk is None
            if holder is not None:
                holder.pk = None  # rolled back with the dossier: the next try creates it again
            if holder_refused and hasattr(exc, "error_dict"):
                exc = ValidationError(
                    {HOLDER_ERROR_FIELDS.get(name, name): errors for name, errors in exc.error_dict.items()}
                )
            add_service_error(form, exc)
            return self.render(form, formset)
        except PermissionDenied as exc:
            if holder is not None:
                holder.pk = None
            form.add_error(None, refusal_text(exc))
            return self.render(form, formset)
        messages.success(
            request,
            _("Le dossier %(reference)s est enregistré : remettez au porteur son accusé de réception.")
            % {"reference": dossier.reference},
        )
        if dossier.is_late:
            messages.warning(request, _("Dossier reçu après la clôture : il est marqué hors délai."))
        return redirect("projects:dossier_detail", dossier.pk)


class DossierListView(ScopedListMixin, ExportableListView):
    das_permission = permissions.ACCESS
    filterset_class = DossierFilter
    template_name = "projects/dossier_list.html"
    page_title = gettext_lazy("Dossiers de candidature")
    breadcrumbs = [SPACE_CRUMB, (gettext_lazy("Dossiers de candidature"), None)]
    export_columns = [
        Column(gettext_lazy("Référence"), "reference", order_by="reference", width=22, link=True, code=True),
        Column(gettext_lazy("Appel"), "call", order_by="call", width=30),
        Column(gettext_lazy("Porteur"), "holder", order_by="holder", width=30),
        Column(gettext_lazy("Commune"), "commune", order_by="commune", width=18),
        Column(gettext_lazy("Intitulé"), "title", order_by="title", width=40),
        Column(gettext_lazy("Part INDH"), "indh_share", exports.MONEY, order_by="indh_share", width=18),
        Column(gettext_lazy("Coût"), "estimated_cost", exports.MONEY, order_by="estimated_cost", width=18),
        Column(gettext_lazy("Reçu le"), "received_at", exports.DATETIME, order_by="received_at", width=18),
        Column(gettext_lazy("Hors délai"), "is_late", exports.BOOLEAN, width=10),
        Column(gettext_lazy("Statut"), "get_status_display", order_by="status", width=18),
        Column(gettext_lazy("Note moyenne"), average_score, exports.DECIMAL, order_by="average_score", width=12),
    ]

    def get_queryset(self):
        return selectors.dossier_list(self.request.user).order_by("-received_at", "-pk")  # the latest received first

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["row_url"] = "projects:dossier_detail"
        context["can_manage"] = self.request.user.has_perm(permissions.MANAGE_DOSSIERS)
        return context


class DossierBatchAdmissibleView(DasViewMixin, View):
    """« Déclarer recevables » on the rows ticked in the list: each dossier through its service, each answer shown."""

    das_permission = permissions.MANAGE_DOSSIERS
    http_method_names = ["post"]

    def post(self, request):
        ids = [value for value in request.POST.getlist("dossiers") if value.isdecimal()]
        back = request.POST.get("next", "")
        target = back if back.startswith(reverse("projects:dossier_list")) else reverse("projects:dossier_list")
        if not ids:
            messages.warning(request, _("Cochez les dossiers à déclarer recevables."))
            return redirect(target)
        done, refused = [], []
        for dossier in scope_projects(Dossier.objects.filter(pk__in=ids), request.user).order_by("reference"):
            try:
                services.dossier_declare_admissible(dossier=dossier, by=request.user)
            except (ValidationError, PermissionDenied) as exc:
                refused.append((dossier.reference, refusal_text(exc)))
            else:
                done.append(dossier.reference)
        if done:
            messages.success(request, _("Déclarés recevables : %(list)s.") % {"list": ", ".join(done)})
        for reference, reason in refused:
            messages.error(
                request,
                _("%(reference)s refusé : %(reason)s") % {"reference": reference, "reason": reason},
            )
        return redirect(target)


class DossierDetailView(DasViewMixin, View):
    das_permission = permissions.ACCESS
    template_name = "projects/dossier_detail.html"

    def get(self, request, pk):
        dossier = get_dossier(request, pk, dossier_page_queryset())
        user = request.user
        pieces = list(dossier.pieces.all())
        checks = {c.criterion_id: c for c in dossier.eligibility_checks.all()}
        evaluations = list(selectors.evaluations_visible_to(user, dossier))
        submitted = [e.weighted_total for e in evaluations if e.submitted_at and e.weighted_total is not None]
        average = (sum(submitted, Decimal("0")) / len(submitted)).quantize(Decimal("0.01")) if submitted else None
        transitions = [
            t for t in services.DOSSIER_WORKFLOW.available(dossier, user) if t.name not in HIDDEN_TRANSITIONS
        ]
        can_manage = user.has_perm(permissions.MANAGE_DOSSIERS)
        missing = [p for p in pieces if p.document.is_required and not p.is_provided]
        context = {
            "dossier": dossier,
            "page_title": str(dossier),
            "breadcrumbs": [
                (SPACE_CRUMB[0], reverse(SPACE_CRUMB[1])),
                (DOSSIERS_CRUMB[0], reverse(DOSSIERS_CRUMB[1])),
                (dossier.reference, None),
            ],
            "status_style": STATUS_STYLES.get(dossier.status, "secondary"),
            "financing": financing_rows(dossier),
            "pieces": pieces,
            "missing": missing,
            "criteria": [(c, checks.get(c.pk)) for c in dossier.call.eligibility_criteria.all()],
            "evaluations": evaluations,
            "average": average,
            "button_transitions": [t for t in transitions if t.name in BUTTON_SERVICES],
            "reason_transitions": [t for t in transitions if t.name in REASON_SERVICES],
            "can_edit_pieces": can_manage and dossier.status in {Status.RECEIVED, Status.INCOMPLETE},
            "pieces_form": PiecesForm(dossier=dossier),
            "can_check_eligibility": can_manage and dossier.status == Status.ADMISSIBLE,
            "can_override_late": dossier.is_late
            and not dossier.late_override_reason
            and user.has_perm(permissions.APPROVE),
            "history_url": history_url(user, dossier),
            # The scanned pieces themselves: attached through the shared, permission-checked attachments.
            "attachments": attachments_of(dossier),
            "can_attach": can_manage,
            # The CPDH's decisions on the dossier, the meeting it waits for, the project it became.
            "cpdh": dossier_cpdh(dossier),
            "can_see_meetings": user.has_perm(committee_permissions.ACCESS),
        }
        return TemplateResponse(request, self.template_name, context)


class DossierPiecesView(DasViewMixin, View):
    das_permission = permissions.MANAGE_DOSSIERS
    http_method_names = ["post"]

    def post(self, request, pk):
        dossier = get_dossier(request, pk, Dossier.objects.select_related("call").prefetch_related("pieces"))
        form = PiecesForm(request.POST, dossier=dossier)
        if not form.is_valid():
            messages.error(request, _("Pièces non reconnues : rechargez la page."))
            return redirect("projects:dossier_detail", pk)
        try:
            services.dossier_set_pieces(dossier=dossier, by=request.user, provided=form.cleaned_data["provided"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _("Pièces non enregistrées : %(reason)s") % {"reason": refusal_text(exc)})
        else:
            messages.success(request, _("Les pièces du dossier sont enregistrées."))
        return redirect("projects:dossier_detail", pk)


class DossierTransitionView(TransitionView):
    """Admissible, incomplete, eligible: the transitions that need no reason, one POST each."""

    das_permission = permissions.MANAGE_DOSSIERS
    workflow = services.DOSSIER_WORKFLOW
    transition_services = BUTTON_SERVICES
    record_argument = "dossier"
    detail_url_name = "projects:dossier_detail"
    done_message = gettext_lazy("Le dossier est maintenant « %(status)s ».")

    def get_record(self, pk):
        return get_dossier(self.request, pk)


class DossierFormPage(RecordFormPage):
    """A small page with one form about a dossier (see das.views.base.RecordFormPage)."""

    template_name = "projects/dossier_decide.html"

    def load(self, pk):
        self.dossier = get_dossier(self.request, pk, Dossier.objects.select_related("call", "holder"))

    def done_url(self):
        return reverse("projects:dossier_detail", args=[self.dossier.pk])

    def context(self, title):
        return {
            "dossier": self.dossier,
            "page_title": f"{title} — {self.dossier.reference}",
            "breadcrumbs": [
                (SPACE_CRUMB[0], reverse(SPACE_CRUMB[1])),
                (DOSSIERS_CRUMB[0], reverse(DOSSIERS_CRUMB[1])),
                (self.dossier.reference, self.dossier.get_absolute_url()),
                (title, None),
            ],
        }


class DossierDecideView(DossierFormPage):
    """Irrecevable / non éligible, with the written reason."""

    das_permission = permissions.MANAGE_DOSSIERS

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.transition = kwargs["transition"]

    def dispatch(self, request, *args, **kwargs):
        if self.transition not in REASON_SERVICES:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def title(self):
        return str(services.DOSSIER_WORKFLOW.by_name[self.transition].label)

    def extra_context(self):
        return {"decision": services.DOSSIER_WORKFLOW.decide(self.dossier, self.transition, self.request.user)}

    def make_form(self, data=None):
        return ReasonForm(data)

    def run(self, form):
        dossier = REASON_SERVICES[self.transition](
            dossier=self.dossier, by=self.request.user, reason=form.cleaned_data["reason"]
        )
        return _("Le dossier est maintenant « %(status)s ».") % {"status": dossier.get_status_display()}


class DossierLateOverrideView(DossierFormPage):
    """The head allows a dossier filed after the closing time to be examined, with a written reason."""

    das_permission = permissions.APPROVE

    def title(self):
        return _("Dérogation pour un dossier hors délai")

    def make_form(self, data=None):
        return LateOverrideForm(data)

    def run(self, form):
        services.dossier_override_late(dossier=self.dossier, by=self.request.user, reason=form.cleaned_data["reason"])
        return _("La dérogation est accordée : le dossier peut être déclaré recevable.")


class DossierEligibilityView(DossierFormPage):
    """The call's eligibility checklist for this dossier: each criterion met or not, with a comment."""

    das_permission = permissions.MANAGE_DOSSIERS
    template_name = "projects/dossier_eligibility.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.criteria = list(self.dossier.call.eligibility_criteria.all())
        self.checks = {c.criterion_id: c for c in self.dossier.eligibility_checks.all()}

    def title(self):
        return _("Vérification de l'éligibilité")

    def make_form(self, data=None):
        return EligibilityForm(data, criteria=self.criteria, checks=self.checks)

    def run(self, form):
        services.dossier_check_eligibility(dossier=self.dossier, by=self.request.user, results=form.results())
        return _("La vérification de l'éligibilité est enregistrée.")


class DossierDocumentView(DasViewMixin, View):
    das_permission = permissions.ACCESS

    def get(self, request, pk, language):
        if language not in LANGUAGES:
            raise Http404
        from projects import documents

        dossier = get_dossier(request, pk, dossier_page_queryset())
        return self.respond(request, dossier, language, documents)


class DossierReceiptView(DossierDocumentView):
    def respond(self, request, dossier, language, documents):
        content = documents.render_receipt(dossier, language)
        return exports.pdf_response(
            request, content, f"accuse-{dossier.reference}-{language}.pdf", kind="accusé de réception"
        )


class DossierMissingPiecesView(DossierDocumentView):
    def respond(self, request, dossier, language, documents):
        try:
            content = documents.render_missing_pieces_letter(dossier, language)
        except ValueError:
            messages.warning(request, _("Aucune pièce obligatoire ne manque : il n'y a pas de lettre à envoyer."))
            return redirect("projects:dossier_detail", dossier.pk)
        return exports.pdf_response(
            request,
            content,
            f"pieces-manquantes-{dossier.reference}-{language}.pdf",
            kind="lettre de pièces manquantes",
        )
