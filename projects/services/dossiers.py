"""Dossiers: registration, completeness, eligibility, scoring and preselection.

Every status change is a named transition of DOSSIER_WORKFLOW (guarded, journaled); scores and totals are
computed here, never typed.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from das import permissions
from das.formatting import format_money, format_number
from das.services.audit import actor_context
from das.workflow import Transition, TransitionRefused, Workflow
from projects import permissions as project_perms
from projects.models import (
    CallForProjects,
    Dossier,
    DossierPiece,
    EligibilityCheck,
    Evaluation,
    PartnerContribution,
    Preselection,
    Score,
)

Status = Dossier.Status
CENT = Decimal("0.01")


def missing_pieces(dossier) -> list:
    return [piece.document for piece in dossier.pieces.all() if piece.document.is_required and not piece.is_provided]


def _admissible_guard(dossier, **_kwargs):
    reasons = []
    call = dossier.call
    if call.eligible_holder_types and dossier.holder.kind not in call.eligible_holder_types:
        reasons.append(
            _("Ce type de porteur (%(kind)s) n'est pas admis par l'appel.")
            % {"kind": dossier.holder.get_kind_display()}
        )
    targeted = {c.pk for c in call.communes.all()}
    if targeted and dossier.commune_id not in targeted:
        reasons.append(_("La commune %(commune)s n'est pas ciblée par l'appel.") % {"commune": dossier.commune})
    if dossier.is_late and not dossier.late_override_reason:
        reasons.append(_("Dossier hors délai : la dérogation motivée du chef de division est requise."))
    missing = missing_pieces(dossier)
    if missing:
        reasons.append(_("Pièces manquantes : %(pieces)s.") % {"pieces": ", ".join(d.label_fr for d in missing)})
    return reasons


def _incomplete_guard(dossier, **_kwargs):
    return [] if missing_pieces(dossier) else [_("Toutes les pièces exigées sont fournies : le dossier est complet.")]


def _reason_guard(_dossier, *, reason="", **_kwargs):
    return [] if reason.strip() else [_("Indiquez le motif.")]


def _eligible_guard(dossier, **_kwargs):
    checks = {c.criterion_id: c for c in dossier.eligibility_checks.all()}
    criteria = list(dossier.call.eligibility_criteria.all())
    unchecked = [c.label_fr for c in criteria if c.pk not in checks]
    if unchecked:
        return [_("Critères non vérifiés : %(list)s.") % {"list": ", ".join(unchecked)}]
    failed = [c.label_fr for c in criteria if not checks[c.pk].is_met]
    return [_("Critères non satisfaits : %(list)s.") % {"list": ", ".join(failed)}] if failed else []


def _ineligible_guard(dossier, *, reason="", **_kwargs):
    if not reason.strip():
        return [_("Indiquez le motif.")]
    if not dossier.eligibility_checks.filter(is_met=False).exists():
        return [_("Aucun critère d'éligibilité n'est marqué comme non satisfait.")]
    return []


def _scored_guard(dossier, **_kwargs):
    evaluations = list(dossier.evaluations.all())
    if not evaluations:
        return [_("Aucun évaluateur n'est affecté à ce dossier.")]
    pending = [str(e.evaluator) for e in evaluations if e.submitted_at is None]
    return [_("Notes attendues de : %(names)s.") % {"names": ", ".join(pending)}] if pending else []


OPEN_CALL = {CallForProjects.Status.PUBLISHED, CallForProjects.Status.CLOSED}


def _while_call_open(guard):
    """Every dossier transition also needs its call still published or closed (not evaluated, archived, cancelled)."""

    def guarded(dossier, **kwargs):
        if dossier.call.status not in OPEN_CALL:
            return [
                _("L'appel de ce dossier est « %(state)s » : le dossier ne change plus.")
                % {"state": dossier.call.get_status_display()}
            ]
        return guard(dossier, **kwargs) if guard else []

    return guarded


MANAGE = project_perms.MANAGE_DOSSIERS
DOSSIER_WORKFLOW = Workflow(
    Dossier,
    [
        Transition(
            "declare_admissible",
            frozenset({Status.RECEIVED, Status.INCOMPLETE}),
            Status.ADMISSIBLE,
            gettext_lazy("Déclarer recevable"),
            MANAGE,
            _while_call_open(_admissible_guard),
            "success",
        ),
        Transition(
            "declare_incomplete",
            frozenset({Status.RECEIVED}),
            Status.INCOMPLETE,
            gettext_lazy("Déclarer incomplet"),
            MANAGE,
            _while_call_open(_incomplete_guard),
            "warning",
        ),
        Transition(
            "declare_inadmissible",
            frozenset({Status.RECEIVED, Status.INCOMPLETE}),
            Status.INADMISSIBLE,
            gettext_lazy("Déclarer irrecevable"),
            MANAGE,
            _while_call_open(_reason_guard),
            "danger",
        ),
        Transition(
            "declare_eligible",
            frozenset({Status.ADMISSIBLE}),
            Status.ELIGIBLE,
            gettext_lazy("Déclarer éligible"),
            MANAGE,
            _while_call_open(_eligible_guard),
            "success",
        ),
        Transition(
            "declare_ineligible",
            frozenset({Status.ADMISSIBLE}),
            Status.INELIGIBLE,
            gettext_lazy("Déclarer non éligible"),
            MANAGE,
            _while_call_open(_ineligible_guard),
            "danger",
        ),
        Transition(
            "mark_scored",
            frozenset({Status.ELIGIBLE}),
            Status.SCORED,
            gettext_lazy("Clore l'évaluation"),
            project_perms.EVALUATE,
            _while_call_open(_scored_guard),
        ),
    ],
)


def check_financing_plan(*, call, estimated_cost, indh_share, holder_contribution, contributions) -> dict:
    """The plan must add up to the cost; the INDH share stays within the call's bounds. Errors by field."""
    errors = {}
    if any(Decimal(amount) != Decimal(amount).quantize(CENT) for _partner, amount in contributions) or any(
        Decimal(value) != Decimal(value).quantize(CENT) for value in (estimated_cost, indh_share, holder_contribution)
    ):
        errors["estimated_cost"] = _("Les montants s'expriment au centime près.")
        return errors
    total = indh_share + holder_contribution + sum((amount for _partner, amount in contributions), Decimal("0"))
    if total != estimated_cost:
        errors["estimated_cost"] = _(
            "Le plan de financement totalise %(total)s pour un coût de %(cost)s : il doit être égal au coût."
        ) % {"total": format_money(total), "cost": format_money(estimated_cost)}
    ceiling = (estimated_cost * call.max_indh_share / 100).quantize(CENT, ROUND_HALF_UP)
    if indh_share > ceiling:
        errors["indh_share"] = _("La part INDH dépasse %(share)s %% du coût (%(ceiling)s au plus).") % {
            "share": format_number(call.max_indh_share),
            "ceiling": ceiling,
        }
    elif not call.min_amount <= indh_share <= call.max_amount:
        errors["indh_share"] = _("La part INDH doit être comprise entre %(min)s et %(max)s.") % {
            "min": format_money(call.min_amount),
            "max": format_money(call.max_amount),
        }
    return errors


@transaction.atomic
def dossier_register(
    *,
    call: CallForProjects,
    by,
    holder,
    title,
    commune,
    estimated_cost,
    indh_share,
    holder_contribution,
    duration_months,
    received_at=None,
    contributions=(),
    provided=(),
    **fields,
) -> Dossier:
    """Register a dossier as received: its number and reference, the hors-délai flag, its pieces."""
    permissions.demand(by, MANAGE, _("Votre rôle ne permet pas d'enregistrer les dossiers."))
    locked_call = CallForProjects.objects.select_for_update().get(pk=call.pk)
    if locked_call.status not in OPEN_CALL:
        raise TransitionRefused(
            _("Cet appel ne reçoit pas de dossiers (état « %(state)s »).") % {"state": locked_call.get_status_display()}
        )
    errors = check_financing_plan(
        call=locked_call,
        estimated_cost=estimated_cost,
        indh_share=indh_share,
        holder_contribution=holder_contribution,
        contributions=contributions,
    )
    if errors:
        raise ValidationError(errors)
    received_at = received_at or timezone.now()
    if received_at < locked_call.opens_at:
        raise ValidationError({"received_at": _("La date de réception précède l'ouverture du dépôt.")})
    number = (locked_call.dossiers.aggregate(last=Max("number"))["last"] or 0) + 1
    dossier = Dossier(
        call=locked_call,
        number=number,
        reference=locked_call.reference_pattern.format(
            year=locked_call.year, programme=locked_call.programme.code, number=number
        ),
        holder=holder,
        title=title,
        commune=commune,
        estimated_cost=estimated_cost,
        indh_share=indh_share,
        holder_contribution=holder_contribution,
        duration_months=duration_months,
        received_at=received_at,
        is_late=received_at > locked_call.closes_at,
        **fields,
    )
    with actor_context(by):
        dossier.full_clean()
        dossier.save()
        for partner, amount in contributions:
            contribution = PartnerContribution(dossier=dossier, partner=partner, amount=amount)
            contribution.full_clean()
            contribution.save()
        provided_ids = {getattr(d, "pk", d) for d in provided}
        DossierPiece.objects.bulk_create(
            DossierPiece(dossier=dossier, document=document, is_provided=document.pk in provided_ids)
            for document in locked_call.documents.all()
        )
    return dossier


@transaction.atomic
def dossier_set_pieces(*, dossier: Dossier, by, provided) -> None:
    """Record which pieces are now in the dossier (a completed dossier gets its missing pieces)."""
    permissions.demand(by, MANAGE, _("Votre rôle ne permet pas d'instruire les dossiers."))
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.status not in {Status.RECEIVED, Status.INCOMPLETE}:
        raise TransitionRefused(_("Les pièces ne changent plus une fois la recevabilité décidée."))
    provided_ids = {getattr(d, "pk", d) for d in provided}
    with actor_context(by):
        for piece in locked.pieces.all():
            if piece.is_provided != (piece.document_id in provided_ids):
                piece.is_provided = piece.document_id in provided_ids
                piece.save(update_fields=["is_provided"])


@transaction.atomic
def dossier_override_late(*, dossier: Dossier, by, reason: str) -> Dossier:
    """The head allows a dossier filed after the closing time to be examined, with a written reason."""
    permissions.demand(
        by, project_perms.APPROVE, _("Seul le chef de division accorde une dérogation pour un dossier hors délai.")
    )
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if not locked.is_late:
        raise TransitionRefused(_("Ce dossier a été déposé dans les délais."))
    if not reason.strip():
        raise ValidationError({"late_override_reason": _("Le motif de la dérogation est obligatoire.")})
    locked.late_override_reason = reason.strip()
    locked.late_override_by = by
    with actor_context(by):
        locked.save(update_fields=["late_override_reason", "late_override_by", "updated_at"])
    return locked


def _with_reason(reason):
    def apply(locked):
        locked.status_reason = reason.strip()

    return apply


def dossier_declare_admissible(*, dossier, by):
    return DOSSIER_WORKFLOW.run(dossier, "declare_admissible", by=by)


def dossier_declare_incomplete(*, dossier, by):
    return DOSSIER_WORKFLOW.run(dossier, "declare_incomplete", by=by)


def dossier_declare_inadmissible(*, dossier, by, reason):
    return DOSSIER_WORKFLOW.run(dossier, "declare_inadmissible", by=by, apply=_with_reason(reason), reason=reason)


@transaction.atomic
def dossier_check_eligibility(*, dossier: Dossier, by, results: dict) -> None:
    """results: {criterion: (is_met, comment)} for the call's eligibility checklist."""
    permissions.demand(by, MANAGE, _("Votre rôle ne permet pas d'instruire les dossiers."))
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.status != Status.ADMISSIBLE:
        raise TransitionRefused(_("L'éligibilité se vérifie sur un dossier recevable."))
    with actor_context(by):
        for criterion, (is_met, comment) in results.items():
            EligibilityCheck.objects.update_or_create(
                dossier=locked,
                criterion=criterion,
                defaults={"is_met": is_met, "comment": comment, "checked_by": by},
            )


def dossier_declare_eligible(*, dossier, by):
    return DOSSIER_WORKFLOW.run(dossier, "declare_eligible", by=by)


def dossier_declare_ineligible(*, dossier, by, reason):
    return DOSSIER_WORKFLOW.run(dossier, "declare_ineligible", by=by, apply=_with_reason(reason), reason=reason)


@transaction.atomic
def evaluators_assign(*, dossiers, evaluators, by) -> int:
    """Give eligible dossiers to evaluators (batch); returns how many assignments were created."""
    permissions.demand(by, MANAGE, _("Votre rôle ne permet pas d'affecter les évaluateurs."))
    created = 0
    for evaluator in evaluators:
        if not evaluator.has_perm(project_perms.EVALUATE):
            raise ValidationError(_("%(name)s n'a pas le rôle d'évaluateur.") % {"name": evaluator})
    for dossier in Dossier.objects.select_for_update().select_related("call").filter(pk__in=[d.pk for d in dossiers]):
        if dossier.call.status not in OPEN_CALL:
            raise TransitionRefused(_("L'appel du dossier %(ref)s n'est plus en cours.") % {"ref": dossier.reference})
        if dossier.status != Status.ELIGIBLE:
            raise TransitionRefused(_("Le dossier %(ref)s n'est pas en évaluation.") % {"ref": dossier.reference})
        with actor_context(by):
            for evaluator in evaluators:
                _evaluation, was_created = Evaluation.objects.get_or_create(dossier=dossier, evaluator=evaluator)
                created += was_created
    return created


def _own_open_evaluation(evaluation, by):
    locked = Evaluation.objects.select_for_update().select_related("dossier__call").get(pk=evaluation.pk)
    if locked.evaluator_id != by.pk:
        raise PermissionDenied(_("Seul l'évaluateur désigné note ce dossier."))
    if locked.submitted_at is not None:
        raise TransitionRefused(_("Vos notes sont déjà remises : elles ne changent plus."))
    if locked.dossier.status != Status.ELIGIBLE or locked.dossier.call.status not in OPEN_CALL:
        raise TransitionRefused(_("Ce dossier n'est plus en évaluation."))
    return locked


@transaction.atomic
def evaluation_declare_no_conflict(*, evaluation: Evaluation, by) -> Evaluation:
    locked = _own_open_evaluation(evaluation, by)
    locked.no_conflict_declared_at = timezone.now()
    with actor_context(by):
        locked.save(update_fields=["no_conflict_declared_at"])
    return locked


@transaction.atomic
def evaluation_save_scores(*, evaluation: Evaluation, by, scores: dict) -> None:
    """scores: {criterion: (value, comment)}; values on the call's scale. Saved as a draft until submitted."""
    locked = _own_open_evaluation(evaluation, by)
    if locked.no_conflict_declared_at is None:
        raise TransitionRefused(_("Déclarez d'abord l'absence de conflit d'intérêts."))
    scale = locked.dossier.call.scoring_scale
    errors = [criterion.label_fr for criterion, (value, _c) in scores.items() if not 0 <= Decimal(value) <= scale]
    if errors:
        raise ValidationError(
            _("Notes hors barème (0 à %(scale)s) : %(list)s.") % {"scale": scale, "list": ", ".join(errors)}
        )
    with actor_context(by):
        for criterion, (value, comment) in scores.items():
            if criterion.call_id != locked.dossier.call_id:
                raise ValidationError(_("Ce critère n'appartient pas à l'appel du dossier."))
            Score.objects.update_or_create(
                evaluation=locked, criterion=criterion, defaults={"value": Decimal(value), "comment": comment}
            )


def weighted_total(scores, scale) -> Decimal:
    """Sum over criteria of (score ÷ scale × weight): a note out of 100, to the centime."""
    total = sum((Decimal(s.value) / Decimal(scale) * s.criterion.weight for s in scores), Decimal("0"))
    return total.quantize(CENT, ROUND_HALF_UP)


@transaction.atomic
def evaluation_submit(*, evaluation: Evaluation, by) -> Evaluation:
    locked = _own_open_evaluation(evaluation, by)
    call = locked.dossier.call
    scores = list(locked.scores.select_related("criterion"))
    missing = [c.label_fr for c in call.selection_criteria.all() if c.pk not in {s.criterion_id for s in scores}]
    if missing:
        raise TransitionRefused(_("Critères non notés : %(list)s.") % {"list": ", ".join(missing)})
    locked.weighted_total = weighted_total(scores, call.scoring_scale)
    locked.submitted_at = timezone.now()
    with actor_context(by):
        locked.save(update_fields=["weighted_total", "submitted_at"])
    if not locked.dossier.evaluations.filter(submitted_at__isnull=True).exists():
        DOSSIER_WORKFLOW.run(locked.dossier, "mark_scored", by=by)
    return locked


@transaction.atomic
def preselection_propose(*, call: CallForProjects, dossiers, by, not_retained_reason: str) -> Preselection:
    """The service's proposal: evaluated dossiers whose INDH shares fit within the envelope."""
    permissions.demand(by, MANAGE, _("Votre rôle ne permet pas de proposer la présélection."))
    locked = CallForProjects.objects.select_for_update().get(pk=call.pk)
    if locked.status != CallForProjects.Status.CLOSED:
        raise TransitionRefused(_("La présélection se propose sur un appel clôturé."))
    if hasattr(locked, "preselection") and locked.preselection.validated_at:
        raise TransitionRefused(_("La présélection de cet appel est déjà validée."))
    chosen = list(Dossier.objects.filter(pk__in=[d.pk for d in dossiers], call=locked))
    wrong = [d.reference for d in chosen if d.status != Status.SCORED]
    if wrong:
        raise TransitionRefused(_("Dossiers non évalués : %(list)s.") % {"list": ", ".join(wrong)})
    requested = sum((d.indh_share for d in chosen), Decimal("0"))
    if requested > locked.envelope:
        raise TransitionRefused(
            _("Les parts INDH proposées (%(total)s) dépassent l'enveloppe (%(envelope)s).")
            % {"total": format_money(requested), "envelope": format_money(locked.envelope)}
        )
    if not not_retained_reason.strip():
        raise ValidationError({"not_retained_reason": _("Indiquez le motif pour les dossiers non retenus.")})
    with actor_context(by):
        Preselection.objects.filter(call=locked).delete()
        preselection = Preselection.objects.create(
            call=locked, proposed_by=by, not_retained_reason=not_retained_reason.strip()
        )
        preselection.dossiers.set(chosen)
    return preselection


def preselection_validate(*, call: CallForProjects, by):
    """The head validates: proposed dossiers are preselected, the other evaluated ones not retained; the call is
    then evaluated (its transition validate_preselection)."""
    from projects.services.calls import CALL_WORKFLOW

    def apply(locked_call):
        preselection = Preselection.objects.select_for_update().get(call=locked_call)
        chosen = {d.pk for d in preselection.dossiers.all()}
        with actor_context(by):
            for dossier in Dossier.objects.select_for_update().filter(call=locked_call, status=Status.SCORED):
                dossier.status = Status.PRESELECTED if dossier.pk in chosen else Status.NOT_RETAINED
                dossier.status_reason = "" if dossier.pk in chosen else preselection.not_retained_reason
                dossier.save(update_fields=["status", "status_reason", "updated_at"])
            preselection.validated_by = by
            preselection.validated_at = timezone.now()
            preselection.save(update_fields=["validated_by", "validated_at"])

    return CALL_WORKFLOW.run(call, "validate_preselection", by=by, apply=apply)
