"""Evaluation of a call's eligible dossiers: evaluators, scoring, ranking, evaluation sheets and preselection.

Views stay thin: every write is a service of projects.services.dossiers, every read a selector of
projects.selectors; a refusal is shown in French (next to its field or as a message) and what was typed is kept.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from das import exports
from das.exports import Column
from das.forms import add_service_error
from das.permissions import Decision
from das.views.base import DasViewMixin, refuse
from projects import permissions
from projects.evaluation_forms import EvaluatorsAssignForm, NoConflictForm, PreselectionForm, ScoresForm
from projects.models import CallForProjects, Dossier, Evaluation, Preselection
from projects.scope import get_in_scope
from projects.selectors import evaluations_visible_to, ranking
from projects.services.dossiers import (
    evaluation_declare_no_conflict,
    evaluation_save_scores,
    evaluation_submit,
    evaluators_assign,
    preselection_propose,
    preselection_validate,
)
from projects.views.calls import CALLS_CRUMB, SPACE_CRUMB, get_call, refusal_text

Status = Dossier.Status
PDF_LANGUAGES = {"fr", "ar"}
MY_EVALUATIONS_CRUMB = (gettext_lazy("Mes évaluations"), "projects:my_evaluations")


def dossier_url(dossier) -> str | None:
    """The dossier's page, once the dossier pages exist."""
    try:
        return reverse("projects:dossier_detail", args=[dossier.pk])
    except NoReverseMatch:
        return None


def call_crumbs(call, label):
    return [SPACE_CRUMB, CALLS_CRUMB, (str(call), call.get_absolute_url()), (label, None)]


def current_preselection(call):
    return (
        Preselection.objects.filter(call=call)
        .select_related("proposed_by", "validated_by")
        .prefetch_related(Prefetch("dossiers", queryset=Dossier.objects.order_by("number")))
        .first()
    )


RANKING_COLUMNS = [
    Column(gettext_lazy("Rang"), "rank", exports.INTEGER, width=7),
    Column(gettext_lazy("Référence"), "dossier.reference", width=22, code=True),
    Column(gettext_lazy("Intitulé"), "dossier.title", width=40),
    Column(gettext_lazy("Porteur"), "dossier.holder.name", width=30),
    Column(gettext_lazy("Commune"), "dossier.commune.name_fr", width=20),
    Column(gettext_lazy("Note moyenne (sur 100)"), "average_score", exports.DECIMAL, width=12),
    Column(gettext_lazy("Part INDH"), "dossier.indh_share", exports.MONEY, width=18),
    Column(gettext_lazy("Cumul INDH"), "cumulative_indh", exports.MONEY, width=18),
    Column(gettext_lazy("Dans l'enveloppe"), "within_envelope", exports.BOOLEAN, width=12),
    Column(gettext_lazy("Statut"), "dossier.get_status_display", width=18),
]


class EvaluatorsAssignView(DasViewMixin, TemplateView):
    """Give the call's eligible dossiers to evaluators, several at once."""

    das_permission = permissions.MANAGE_DOSSIERS
    template_name = "projects/evaluation_assign.html"

    def dispatch(self, request, *args, **kwargs):
        self.call = get_call(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, status=200):
        label = _("Affecter les évaluateurs")
        dossiers = (
            Dossier.objects.filter(call=self.call, status=Status.ELIGIBLE)
            .select_related("holder", "commune")
            .prefetch_related(Prefetch("evaluations", queryset=Evaluation.objects.select_related("evaluator")))
            .order_by("number")
        )
        context = self.get_context_data(
            call=self.call,
            form=form,
            dossiers=dossiers,
            chosen={str(v) for v in form.data.getlist("dossiers")} if form.is_bound else set(),
            page_title=f"{label} — {self.call}",
        )
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get_breadcrumbs(self):
        return call_crumbs(self.call, _("Évaluateurs"))

    def get(self, request, *args, **kwargs):
        return self.render(EvaluatorsAssignForm(call=self.call))

    def post(self, request, *args, **kwargs):
        form = EvaluatorsAssignForm(request.POST, call=self.call)
        if not form.is_valid():
            return self.render(form)
        try:
            created = evaluators_assign(
                dossiers=list(form.cleaned_data["dossiers"]),
                evaluators=list(form.cleaned_data["evaluators"]),
                by=request.user,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render(form)
        except PermissionDenied as exc:
            form.add_error(None, refusal_text(exc))
            return self.render(form)
        messages.success(request, _("%(count)s affectation(s) enregistrée(s).") % {"count": created})
        return redirect("projects:evaluators_assign", self.call.pk)


class MyEvaluationsView(DasViewMixin, TemplateView):
    das_permission = permissions.EVALUATE
    template_name = "projects/evaluation_list.html"
    page_title = gettext_lazy("Mes évaluations")
    breadcrumbs = [SPACE_CRUMB, (gettext_lazy("Mes évaluations"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["evaluations"] = (
            Evaluation.objects.filter(evaluator=self.request.user)
            .select_related("dossier__call", "dossier__holder")
            .order_by("submitted_at", "-dossier__call__year", "dossier__reference")
        )
        return context


class EvaluationScoreView(DasViewMixin, View):
    """One evaluator's page for one dossier: the declaration, then the notes (a draft until handed in)."""

    das_permission = permissions.EVALUATE
    template_name = "projects/evaluation_score.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.evaluation = get_object_or_404(
            Evaluation.objects.select_related(
                "dossier__call", "dossier__holder", "dossier__commune", "dossier__locality", "evaluator"
            ),
            pk=kwargs["pk"],
        )
        if self.evaluation.evaluator_id != request.user.pk:
            refuse(request, Decision(False, _("Seul l'évaluateur désigné ouvre cette fiche de notation.")))
        self.dossier = self.evaluation.dossier
        self.call = self.dossier.call
        self.criteria = list(self.call.selection_criteria.all())
        return super().dispatch(request, *args, **kwargs)

    def scores_form(self, data=None):
        scores = {s.criterion_id: s for s in self.evaluation.scores.all()}
        return ScoresForm(data, criteria=self.criteria, scale=self.call.scoring_scale, scores=scores)

    def render(self, *, declaration=None, form=None, errors=(), status=200):
        evaluation, dossier = self.evaluation, self.dossier
        visible = list(evaluations_visible_to(self.request.user, dossier))
        others = [e for e in visible if e.pk != evaluation.pk and e.submitted_at]
        submitted = [e.weighted_total for e in visible if e.submitted_at and e.weighted_total is not None]
        average = sum(submitted, Decimal("0")) / len(submitted) if submitted else None
        own_scores = {s.criterion_id: s for s in evaluation.scores.all()}
        title = _("Notation du dossier %(reference)s") % {"reference": dossier.reference}
        context = {
            "evaluation": evaluation,
            "dossier": dossier,
            "call": self.call,
            "dossier_url": dossier_url(dossier),
            "is_submitted": evaluation.submitted_at is not None,
            "is_open": evaluation.submitted_at is None and dossier.status == Status.ELIGIBLE,
            "declared": evaluation.no_conflict_declared_at is not None,
            "declaration": declaration or NoConflictForm(),
            "form": form or self.scores_form(),
            "read_rows": [(c, own_scores.get(c.pk)) for c in self.criteria],
            "others": others,
            "average": average,
            "errors": errors,
            "page_title": title,
            "breadcrumbs": [
                (SPACE_CRUMB[0], reverse(SPACE_CRUMB[1])),
                (MY_EVALUATIONS_CRUMB[0], reverse(MY_EVALUATIONS_CRUMB[1])),
                (dossier.reference, None),
            ],
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render()

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "declare":
            return self.declare()
        if action in {"save", "submit"}:
            return self.save(submit=action == "submit")
        raise Http404

    def declare(self):
        declaration = NoConflictForm(self.request.POST)
        if not declaration.is_valid():
            return self.render(declaration=declaration)
        try:
            evaluation_declare_no_conflict(evaluation=self.evaluation, by=self.request.user)
        except (ValidationError, PermissionDenied) as exc:
            return self.render(declaration=declaration, errors=[refusal_text(exc)])
        messages.success(self.request, _("Déclaration enregistrée : vous pouvez noter le dossier."))
        return redirect("projects:evaluation_score", self.evaluation.pk)

    def save(self, *, submit: bool):
        form = self.scores_form(self.request.POST)
        if not form.is_valid():
            return self.render(form=form, errors=[_("Corrigez les notes signalées ci-dessous.")])
        try:
            evaluation_save_scores(evaluation=self.evaluation, by=self.request.user, scores=form.scores())
            if submit:
                evaluation = evaluation_submit(evaluation=self.evaluation, by=self.request.user)
        except (ValidationError, PermissionDenied) as exc:
            # The notes saved before a refused hand-in stay saved; the form shows what was typed either way.
            return self.render(form=form, errors=[refusal_text(exc)])
        if submit:
            messages.success(
                self.request,
                _("Vos notes sont remises : note pondérée %(total)s / 100.")
                % {"total": number_format(evaluation.weighted_total, 2)},
            )
        else:
            messages.success(self.request, _("Brouillon enregistré : vos notes restent modifiables."))
        return redirect("projects:evaluation_score", self.evaluation.pk)


class CallRankingView(DasViewMixin, TemplateView):
    """The call's evaluated dossiers by average note, against the envelope (``?export=xlsx`` for Excel)."""

    das_permission = permissions.ACCESS
    template_name = "projects/ranking.html"

    def dispatch(self, request, *args, **kwargs):
        self.call = get_call(kwargs["pk"], CallForProjects.objects.select_related("programme"))
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Classement — %(call)s") % {"call": self.call}

    def get_breadcrumbs(self):
        return call_crumbs(self.call, _("Classement"))

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            table = exports.Table(
                title=_("Classement des dossiers — %(call)s") % {"call": self.call.title_fr},
                columns=RANKING_COLUMNS,
                rows=ranking(self.call),
                subtitle=_("Enveloppe : %(envelope)s DH") % {"envelope": self.call.envelope},
            )
            return exports.respond(request, table, "xlsx")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        call, user = self.call, self.request.user
        rows = ranking(call)
        lines, limit_marked = [], False
        for row in rows:
            first_out = not row.within_envelope and not limit_marked
            limit_marked = limit_marked or first_out
            lines.append({"row": row, "url": dossier_url(row.dossier), "first_out": first_out})
        preselection = current_preselection(call)
        is_closed = call.status == CallForProjects.Status.CLOSED
        pending = preselection is not None and preselection.validated_at is None
        context.update(
            {
                "call": call,
                "lines": lines,
                "requested": rows[-1].cumulative_indh if rows else Decimal("0"),
                "over_envelope": bool(rows) and rows[-1].cumulative_indh > call.envelope,
                "preselection": preselection,
                "can_propose": is_closed
                and user.has_perm(permissions.MANAGE_DOSSIERS)
                and (preselection is None or pending),
                "can_validate": is_closed and pending and user.has_perm(permissions.APPROVE),
                "can_assign": user.has_perm(permissions.MANAGE_DOSSIERS),
            }
        )
        return context


class CallRankingPdfView(DasViewMixin, View):
    das_permission = permissions.ACCESS

    def get(self, request, pk, language):
        if language not in PDF_LANGUAGES:
            raise Http404
        from projects.documents import render_ranking

        call = get_call(pk, CallForProjects.objects.select_related("programme", "phase"))
        stem = slugify(call.title_fr)[:50] or "appel"
        return exports.pdf_response(
            request, render_ranking(call, language), f"classement-{call.year}-{stem}-{language}.pdf", kind="classement"
        )


class EvaluationSheetView(DasViewMixin, View):
    """The fiche d'évaluation of a dossier; an evaluator who has not handed in their notes does not read it."""

    das_permission = permissions.ACCESS

    def get(self, request, pk, language):
        if language not in PDF_LANGUAGES:
            raise Http404
        from projects.documents import render_evaluation_sheet

        dossier = get_in_scope(
            request, Dossier.objects.select_related("call__programme", "call__phase", "holder", "commune"), pk=pk
        )
        if Evaluation.objects.filter(dossier=dossier, evaluator=request.user, submitted_at__isnull=True).exists():
            refuse(
                request,
                Decision(
                    False, _("Remettez d'abord vos propres notes : la fiche montre celles des autres évaluateurs.")
                ),
            )
        return exports.pdf_response(
            request,
            render_evaluation_sheet(dossier, language),
            f"fiche-evaluation-{slugify(dossier.reference)}-{language}.pdf",
            kind="fiche d'évaluation",
        )


class PreselectionProposeView(DasViewMixin, TemplateView):
    """The service's proposal: the ranking with the dossiers within the envelope ticked, and the reason."""

    das_permission = permissions.MANAGE_DOSSIERS
    template_name = "projects/ranking_preselection.html"

    def dispatch(self, request, *args, **kwargs):
        self.call = get_call(kwargs["pk"])
        if request.user.is_authenticated and self.call.status != CallForProjects.Status.CLOSED:
            messages.warning(request, _("La présélection se propose sur un appel clôturé."))
            return redirect("projects:call_ranking", self.call.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [
            SPACE_CRUMB,
            CALLS_CRUMB,
            (str(self.call), self.call.get_absolute_url()),
            (_("Classement"), reverse("projects:call_ranking", args=[self.call.pk])),
            (_("Présélection"), None),
        ]

    def get_page_title(self):
        return _("Proposer la présélection — %(call)s") % {"call": self.call}

    def render(self, form, rows, status=200):
        chosen = form.chosen_ids()
        lines = [
            {
                "row": row,
                "url": dossier_url(row.dossier),
                "checked": row.dossier.pk in chosen,
                "selectable": row.dossier.status == Status.SCORED,
            }
            for row in rows
        ]
        context = self.get_context_data(call=self.call, form=form, lines=lines)
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        rows = ranking(self.call)
        preselection = current_preselection(self.call)
        if preselection is not None and preselection.validated_at is None:
            initial = {
                "dossiers": list(preselection.dossiers.all()),
                "not_retained_reason": preselection.not_retained_reason,
            }
        else:
            initial = {"dossiers": [r.dossier for r in rows if r.within_envelope and r.dossier.status == Status.SCORED]}
        return self.render(PreselectionForm(call=self.call, initial=initial), rows)

    def post(self, request, *args, **kwargs):
        form = PreselectionForm(request.POST, call=self.call)
        if form.is_valid():
            try:
                preselection_propose(
                    call=self.call,
                    dossiers=list(form.cleaned_data["dossiers"]),
                    by=request.user,
                    not_retained_reason=form.cleaned_data["not_retained_reason"],
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, refusal_text(exc))
            else:
                messages.success(request, _("Présélection proposée : elle attend la validation du chef de division."))
                return redirect("projects:call_ranking", self.call.pk)
        return self.render(form, ranking(self.call))


class PreselectionValidateView(DasViewMixin, View):
    das_permission = permissions.APPROVE
    http_method_names = ["post"]

    def post(self, request, pk):
        call = get_call(pk)
        try:
            call = preselection_validate(call=call, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _("Validation refusée : %(reasons)s") % {"reasons": refusal_text(exc)})
        else:
            messages.success(
                request,
                _("Présélection validée : l'appel est maintenant « %(status)s ».")
                % {"status": call.get_status_display()},
            )
        return redirect("projects:call_ranking", pk)
