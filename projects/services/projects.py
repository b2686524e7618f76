"""Projects born from CPDH decisions, and the dossier transitions those decisions make.

The committees app records the decision; carrying it out on the dossier is this app's business, so the agenda kind
"dossier" (projects/agenda.py) calls these services.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees import permissions as committee_perms
from das import permissions
from das.services.audit import actor_context
from das.workflow import Transition, TransitionRefused, Workflow
from projects.codes import next_project_code
from projects.models import CallForProjects, Dossier, Project, ProjectFunding

Status = Dossier.Status


def _awaiting_cpdh(dossier, **_kwargs):
    if dossier.call.status != CallForProjects.Status.EVALUATED:
        return [_("La présélection de l'appel de ce dossier n'est pas validée : le CPDH ne peut en décider.")]
    return []


def _rejection_guard(dossier, *, reason="", **_kwargs):
    reasons = _awaiting_cpdh(dossier)
    if not (reason or "").strip():
        reasons.append(_("Indiquez le motif du rejet."))
    return reasons


# Not offered on the dossier's page: these transitions happen only through a CPDH decision.
CPDH_DECISION_WORKFLOW = Workflow(
    Dossier,
    [
        Transition(
            "cpdh_validate",
            frozenset({Status.PRESELECTED}),
            Status.VALIDATED,
            gettext_lazy("Valider (décision du CPDH)"),
            committee_perms.MANAGE_MEETINGS,
            _awaiting_cpdh,
        ),
        Transition(
            "cpdh_reject",
            frozenset({Status.PRESELECTED}),
            Status.REJECTED,
            gettext_lazy("Rejeter (décision du CPDH)"),
            committee_perms.MANAGE_MEETINGS,
            _rejection_guard,
        ),
    ],
)


def _require_rectify(by):
    permissions.demand(by, committee_perms.RECTIFY, _("Votre rôle ne permet pas de rectifier une décision du CPDH."))


def check_cpdh_amount(dossier: Dossier, amount) -> list[str]:
    if amount is None:
        return []
    if amount <= 0:
        return [_("Le montant INDH retenu doit être positif.")]
    if amount > dossier.indh_share:
        return [
            _("Le montant retenu ne peut dépasser la part INDH demandée (%(asked)s DH).")
            % {"asked": dossier.indh_share}
        ]
    return []


@transaction.atomic
def dossier_cpdh_approve(*, dossier: Dossier, by, decided_on, indh_share: Decimal | None = None, reserves: str = ""):
    """The CPDH approved the dossier: it becomes « validé par le CPDH » and its project is created, once."""
    errors = check_cpdh_amount(dossier, indh_share)
    if errors:
        raise ValidationError({"amended_amount": errors})
    locked = CPDH_DECISION_WORKFLOW.run(dossier, "cpdh_validate", by=by)
    if Project.objects.filter(dossier=locked).exists():
        raise TransitionRefused(_("Un projet existe déjà pour ce dossier."))
    share = indh_share if indh_share is not None else locked.indh_share
    # A reduced INDH share reduces the cost: the other parties' contributions stay as the dossier stated them.
    cost = locked.estimated_cost - (locked.indh_share - share)
    project = Project(
        code=next_project_code(
            year=decided_on.year, programme=locked.call.programme, phase=locked.call.phase, commune=locked.commune
        ),
        title=locked.title,
        dossier=locked,
        phase=locked.call.phase,
        programme=locked.call.programme,
        holder=locked.holder,
        commune=locked.commune,
        locality=locked.locality,
        sector=locked.sector,
        axis=locked.call.axis,
        summary=locked.summary,
        estimated_cost=cost,
        indh_share=share,
        holder_contribution=locked.holder_contribution,
        beneficiaries_total=locked.beneficiaries_total,
        beneficiaries_women=locked.beneficiaries_women,
        beneficiaries_youth=locked.beneficiaries_youth,
        beneficiaries_disabled=locked.beneficiaries_disabled,
        duration_months=locked.duration_months,
        validated_on=decided_on,
        reserves=reserves,
    )
    with actor_context(by):
        project.full_clean()
        project.save()
        for contribution in locked.contributions.all():
            ProjectFunding.objects.create(project=project, partner=contribution.partner, amount=contribution.amount)
    return project


@transaction.atomic
def dossier_cpdh_reject(*, dossier: Dossier, by, reason: str) -> Dossier:
    def apply(locked):
        locked.status_reason = reason.strip()

    return CPDH_DECISION_WORKFLOW.run(dossier, "cpdh_reject", by=by, apply=apply, reason=reason)


@transaction.atomic
def dossier_cpdh_rectify_reason(*, dossier: Dossier, by, reason: str) -> Dossier:
    """A rectified rejection: the dossier shows the corrected reason (its state stays « rejeté par le CPDH »)."""
    _require_rectify(by)
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.status != Status.REJECTED:
        raise TransitionRefused(_("Ce dossier n'est pas rejeté par le CPDH."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Indiquez le motif du rejet.")})
    locked.status_reason = reason.strip()
    with actor_context(by):
        locked.save(update_fields=["status_reason", "updated_at"])
    return locked


@transaction.atomic
def project_amend_cpdh_amount(*, project: Project, by, indh_share: Decimal, reserves: str) -> Project:
    """A rectified decision changes the amount or the reserves of the project it created."""
    _require_rectify(by)
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.status != Project.Status.VALIDATED:
        raise TransitionRefused(_("Le projet a avancé depuis la décision : passez par un avenant."))
    dossier = locked.dossier
    errors = check_cpdh_amount(dossier, indh_share) if dossier else []
    if errors:
        raise ValidationError({"amended_amount": errors})
    locked.estimated_cost = locked.estimated_cost - (locked.indh_share - indh_share)
    locked.indh_share = indh_share
    locked.reserves = reserves
    with actor_context(by):
        locked.full_clean()
        locked.save()
    return locked
