"""Calls for projects: creation, changes, amendments, duplication and the lifecycle transitions."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from das import permissions
from das.formatting import format_money, format_number
from das.services.audit import actor_context
from das.services.records import record_save
from das.workflow import Transition, TransitionRefused, Workflow
from projects import permissions as project_perms
from projects.models import (
    CallAmendment,
    CallDocument,
    CallForProjects,
    Dossier,
    EligibilityCriterion,
    SelectionCriterion,
)

Status = CallForProjects.Status

# What a published call may change only through a journaled amendment.
AMENDABLE_FIELDS = [
    "title_fr",
    "title_ar",
    "description_fr",
    "description_ar",
    "envelope",
    "min_amount",
    "max_amount",
    "max_indh_share",
    "opens_at",
    "closes_at",
]


def _publish_guard(call, **_kwargs) -> list[str]:
    reasons = []
    criteria = list(call.selection_criteria.all())
    if not criteria:
        reasons.append(_("Ajoutez au moins un critère de sélection."))
    total = sum((c.weight for c in criteria), Decimal("0"))
    if criteria and total != Decimal("100"):
        reasons.append(
            _("Les pondérations des critères de sélection totalisent %(total)s %% au lieu de 100 %%.")
            % {"total": format_number(total)}
        )
    if not call.documents.exists():
        reasons.append(_("Ajoutez la liste des pièces exigées."))
    if not call.eligible_holder_types:
        reasons.append(_("Indiquez les types de porteurs éligibles."))
    return reasons


def _evaluated_guard_except_scored(call) -> list[str]:
    """Dossiers still being examined (received, incomplete, admissible, eligible) hold the call's evaluation."""
    from projects.models import Dossier

    S = Dossier.Status
    pending = call.dossiers.filter(status__in=[S.RECEIVED, S.INCOMPLETE, S.ADMISSIBLE, S.ELIGIBLE])
    references = list(pending.values_list("reference", flat=True)[:10])
    if references:
        return [_("Dossiers encore en instruction : %(list)s.") % {"list": ", ".join(references)}]
    return []


def _evaluated_guard(call, **_kwargs) -> list[str]:
    """Without preselection, a call is evaluated only when no dossier is waiting for one."""
    from projects.models import Dossier

    waiting = call.dossiers.exclude(
        status__in=[Dossier.Status.INADMISSIBLE, Dossier.Status.INELIGIBLE, Dossier.Status.NOT_RETAINED]
    ).exists()
    return [_("Des dossiers attendent la présélection : faites-la valider par le chef de division.")] if waiting else []


def _preselection_guard(call, **_kwargs) -> list[str]:
    from projects.models import Preselection

    preselection = Preselection.objects.filter(call=call).first()
    if preselection is None:
        return [_("Aucune présélection n'a été proposée pour cet appel.")]
    if preselection.validated_at:
        return [_("Cette présélection est déjà validée.")]
    reasons = []
    proposed = sum((d.indh_share for d in preselection.dossiers.all()), Decimal("0"))
    if proposed > call.envelope:  # the envelope may have been amended since the proposal
        reasons.append(
            _("Les parts INDH proposées (%(total)s) dépassent l'enveloppe (%(envelope)s).")
            % {"total": format_money(proposed), "envelope": format_money(call.envelope)}
        )
    reasons += _evaluated_guard_except_scored(call)
    return reasons


def _cancel_guard(call, *, reason="", **_kwargs) -> list[str]:
    return [] if reason.strip() else [_("Indiquez le motif de l'annulation.")]


def _archive_guard(call, **_kwargs):
    """Preselected dossiers still wait for the CPDH: archiving would take them out of its agendas."""
    waiting = call.dossiers.filter(status=Dossier.Status.PRESELECTED).count()
    if waiting:
        return [_("%(count)s dossier(s) présélectionné(s) attendent encore la décision du CPDH.") % {"count": waiting}]
    return []


CALL_WORKFLOW = Workflow(
    CallForProjects,
    [
        Transition(
            "publish",
            frozenset({Status.DRAFT}),
            Status.PUBLISHED,
            gettext_lazy("Publier"),
            project_perms.MANAGE_CALLS,
            _publish_guard,
            "success",
        ),
        Transition(
            "close",
            frozenset({Status.PUBLISHED}),
            Status.CLOSED,
            gettext_lazy("Clôturer le dépôt"),
            project_perms.MANAGE_CALLS,
            None,
            "warning",
        ),
        Transition(
            "mark_evaluated",
            frozenset({Status.CLOSED}),
            Status.EVALUATED,
            gettext_lazy("Marquer évalué"),
            project_perms.MANAGE_CALLS,
            _evaluated_guard,
        ),
        Transition(
            "validate_preselection",
            frozenset({Status.CLOSED}),
            Status.EVALUATED,
            gettext_lazy("Valider la présélection"),
            project_perms.APPROVE,
            _preselection_guard,
            "success",
        ),
        Transition(
            "archive",
            frozenset({Status.EVALUATED, Status.CANCELLED}),
            Status.ARCHIVED,
            gettext_lazy("Archiver"),
            project_perms.MANAGE_CALLS,
            _archive_guard,
            "secondary",
        ),
        Transition(
            "cancel",
            frozenset({Status.DRAFT, Status.PUBLISHED, Status.CLOSED}),
            Status.CANCELLED,
            gettext_lazy("Annuler l'appel"),
            project_perms.MANAGE_CALLS,
            _cancel_guard,
            "danger",
        ),
    ],
)


def _check_manager(by):
    if not permissions.require(by, project_perms.MANAGE_CALLS):
        raise PermissionDenied(_("Votre rôle ne permet pas de préparer les appels à projets."))


def call_save(*, call: CallForProjects, by, communes=None, localities=None) -> CallForProjects:
    """Create a call, or change a draft one (a published call changes only through call_amend)."""
    _check_manager(by)
    if call.pk and CallForProjects.objects.get(pk=call.pk).status != Status.DRAFT:
        raise TransitionRefused(_("Un appel publié ne se modifie que par un avenant motivé."))
    links = {}
    if communes is not None:
        links["communes"] = communes
    if localities is not None:
        links["localities"] = localities
    return record_save(instance=call, by=by, many_to_many=links)


@transaction.atomic
def call_set_items(*, call: CallForProjects, by, documents=None, eligibility=None, selection=None) -> None:
    """Replace a draft call's lists: documents [(label_fr, label_ar, required)], eligibility [(fr, ar)],
    selection [(fr, ar, weight)]."""
    _check_manager(by)
    locked = CallForProjects.objects.select_for_update().get(pk=call.pk)
    if locked.status != Status.DRAFT:
        raise TransitionRefused(_("Les pièces et critères d'un appel publié ne changent plus."))
    with actor_context(by):
        if documents is not None:
            locked.documents.all().delete()
            for position, (label_fr, label_ar, required) in enumerate(documents):
                CallDocument.objects.create(
                    call=locked, label_fr=label_fr, label_ar=label_ar, is_required=required, position=position
                )
        if eligibility is not None:
            locked.eligibility_criteria.all().delete()
            for position, (label_fr, label_ar) in enumerate(eligibility):
                EligibilityCriterion.objects.create(
                    call=locked, label_fr=label_fr, label_ar=label_ar, position=position
                )
        if selection is not None:
            locked.selection_criteria.all().delete()
            for position, (label_fr, label_ar, weight) in enumerate(selection):
                criterion = SelectionCriterion(
                    call=locked, label_fr=label_fr, label_ar=label_ar, weight=Decimal(weight), position=position
                )
                criterion.full_clean()
                criterion.save()


@transaction.atomic
def call_amend(*, call: CallForProjects, by, reason: str, changes: dict) -> CallAmendment:
    """Change a published call's dates, amounts or texts: kept as an amendment with its reason."""
    _check_manager(by)
    locked = CallForProjects.objects.select_for_update().get(pk=call.pk)
    if locked.status not in {Status.PUBLISHED, Status.CLOSED}:
        raise TransitionRefused(_("Seul un appel publié ou clôturé fait l'objet d'un avenant."))
    if not reason.strip():
        raise ValidationError({"reason": _("Le motif de l'avenant est obligatoire.")})
    unknown = set(changes) - set(AMENDABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("Ces champs ne se modifient pas par avenant : %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    has_dossiers = locked.dossiers.exists()
    frozen = {"min_amount", "max_amount", "max_indh_share"} & {
        name for name, value in changes.items() if getattr(locked, name) != value
    }
    if has_dossiers and frozen:
        raise ValidationError(
            _("Des dossiers sont déjà reçus : les montants par projet et la part INDH maximale ne changent plus.")
        )
    recorded = {}
    for name, value in changes.items():
        old = getattr(locked, name)
        if old != value:
            recorded[name] = [str(old), str(value)]
            setattr(locked, name, value)
    if not recorded:
        raise ValidationError(_("L'avenant ne change rien."))
    with actor_context(by):
        locked.full_clean()
        locked.save()
        amendment = CallAmendment.objects.create(call=locked, reason=reason, changes=recorded, made_by=by)
        if "closes_at" in recorded and has_dossiers:
            # A moved deadline changes which dossiers not yet examined were filed late.
            from projects.models import Dossier

            waiting = locked.dossiers.filter(status__in=[Dossier.Status.RECEIVED, Dossier.Status.INCOMPLETE])
            waiting.filter(received_at__gt=locked.closes_at).update(is_late=True)
            waiting.filter(received_at__lte=locked.closes_at).update(is_late=False)
    return amendment


def call_publish(*, call, by):
    return CALL_WORKFLOW.run(call, "publish", by=by)


def call_close(*, call, by):
    return CALL_WORKFLOW.run(call, "close", by=by)


def call_mark_evaluated(*, call, by):
    return CALL_WORKFLOW.run(call, "mark_evaluated", by=by)


def call_archive(*, call, by):
    return CALL_WORKFLOW.run(call, "archive", by=by)


def call_cancel(*, call, by, reason: str):
    def record_reason(locked):
        locked.cancel_reason = reason.strip()

    return CALL_WORKFLOW.run(call, "cancel", by=by, apply=record_reason, reason=reason)


TRANSITION_SERVICES = {
    "publish": call_publish,
    "close": call_close,
    "mark_evaluated": call_mark_evaluated,
    "archive": call_archive,
}


@transaction.atomic
def call_duplicate(*, call: CallForProjects, by, year: int | None = None) -> CallForProjects:
    """Next year's draft: same programme, texts, territories, documents and criteria; dates moved by the years."""
    _check_manager(by)
    year = year or call.year + 1
    years = year - call.year
    copy = CallForProjects(
        phase=call.phase,
        programme=call.programme,
        axis=call.axis,
        year=year,
        title_fr=call.title_fr,
        title_ar=call.title_ar,
        description_fr=call.description_fr,
        description_ar=call.description_ar,
        envelope=call.envelope,
        min_amount=call.min_amount,
        max_amount=call.max_amount,
        max_indh_share=call.max_indh_share,
        eligible_holder_types=list(call.eligible_holder_types),
        opens_at=_shift_years(call.opens_at, years),
        closes_at=_shift_years(call.closes_at, years),
        scoring_scale=call.scoring_scale,
        reference_pattern=call.reference_pattern,
        duplicated_from=call,
    )
    record_save(
        instance=copy,
        by=by,
        many_to_many={"communes": list(call.communes.all()), "localities": list(call.localities.all())},
    )
    call_set_items(
        call=copy,
        by=by,
        documents=[(d.label_fr, d.label_ar, d.is_required) for d in call.documents.all()],
        eligibility=[(c.label_fr, c.label_ar) for c in call.eligibility_criteria.all()],
        selection=[(c.label_fr, c.label_ar, c.weight) for c in call.selection_criteria.all()],
    )
    return copy


def _shift_years(moment, years):
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February into a common year
        return moment.replace(year=moment.year + years, day=28)


def selection_weight_total(call) -> Decimal:
    return call.selection_criteria.aggregate(total=Sum("weight"))["total"] or Decimal("0")
