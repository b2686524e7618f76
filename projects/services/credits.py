"""Credits: notifications, the versioned répartition by programme and budget line, and its way to the DBM.

The rule that must always hold: for each programme, what a version of the répartition gives out is at most what was
notified for it that year. Notified credits and the lines of a version change only here, each time under the fiscal
year's row lock (``select_for_update``): two people editing the grid, or an agent editing it while another records
a correction, are served one after the other, and the second one is checked against what the first saved.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees import permissions as committee_perms
from das import permissions
from das.formatting import format_money
from das.models import BudgetLine, FiscalYear, Programme
from das.services.audit import actor_context
from das.services.numbering import next_reference
from das.workflow import Transition, TransitionRefused, Workflow
from projects import permissions as project_perms
from projects.credit_selectors import allocated_by_programme, notified_by_programme
from projects.models import AllocationLine, CreditAllocation, CreditNotification

ZERO = Decimal("0")
TRANSMITTAL_NUMBER_LOCK = 7_400_060  # advisory lock key: numbering of the bordereaux d'envoi to the DBM
Status = CreditAllocation.Status


def _programme_names(ids) -> dict[int, str]:
    return {p.pk: str(p) for p in Programme.objects.filter(pk__in=list(ids))}


def ceiling_problems(fiscal_year: FiscalYear, allocated: dict[int, Decimal]) -> list[str]:
    """One French sentence per programme whose allocation exceeds what was notified for it."""
    notified = notified_by_programme(fiscal_year)
    over = {pk: amount for pk, amount in allocated.items() if amount > notified.get(pk, ZERO)}
    if not over:
        return []
    names = _programme_names(over)
    return [
        _("%(programme)s : %(allocated)s répartis pour %(notified)s notifiés (dépassement de %(excess)s).")
        % {
            "programme": names[pk],
            "allocated": format_money(amount),
            "notified": format_money(notified.get(pk, ZERO)),
            "excess": format_money(amount - notified.get(pk, ZERO)),
        }
        for pk, amount in sorted(over.items(), key=lambda item: names[item[0]])
    ]


def _lock_year(fiscal_year: FiscalYear) -> FiscalYear:
    """The credits of a year change one writer at a time; a closed year does not change at all."""
    locked = FiscalYear.objects.select_for_update().get(pk=fiscal_year.pk)
    if locked.is_closed:
        raise TransitionRefused(
            _("L'exercice %(year)s est clôturé : ses crédits ne changent plus.") % {"year": locked.year}
        )
    return locked


def _money_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


# --- notifications ----------------------------------------------------------------------------------------------
def notification_record(
    *,
    by,
    fiscal_year: FiscalYear,
    programme: Programme,
    amount: Decimal,
    reference: str,
    notified_on: dt.date,
    source: str = CreditNotification.Source.FUND,
    partner=None,
    note: str = "",
) -> CreditNotification:
    permissions.demand(by, project_perms.MANAGE_CREDITS, _("Votre rôle ne permet pas de saisir des crédits."))
    if amount is None or amount <= 0:
        raise _money_error("amount", _("Le montant notifié doit être positif ; une baisse se saisit en correction."))
    _check_notified_on(notified_on, fiscal_year)
    with transaction.atomic(), actor_context(by):
        locked = _lock_year(fiscal_year)
        notification = CreditNotification(
            fiscal_year=locked,
            programme=programme,
            amount=amount,
            reference=reference.strip(),
            notified_on=notified_on,
            source=source,
            partner=partner if source == CreditNotification.Source.PARTNER else None,
            note=note.strip(),
            recorded_by=by,
        )
        notification.full_clean()
        notification.save()
    return notification


def _check_notified_on(notified_on, fiscal_year: FiscalYear) -> None:
    if notified_on is None:
        raise _money_error("notified_on", _("Indiquez la date de la notification."))
    if notified_on > timezone.localdate():
        raise _money_error("notified_on", _("La date de notification ne peut pas être dans le futur."))
    if notified_on.year < fiscal_year.year - 1:
        raise _money_error(
            "notified_on",
            _("Une notification de l'exercice %(year)s ne peut pas dater d'avant %(earliest)s.")
            % {"year": fiscal_year.year, "earliest": fiscal_year.year - 1},
        )


def notification_correct(
    *,
    by,
    notification: CreditNotification,
    amount: Decimal,
    reference: str,
    notified_on: dt.date,
    note: str,
) -> CreditNotification:
    """A correction is a new entry with a signed amount: the original stays as it was notified."""
    permissions.demand(by, project_perms.MANAGE_CREDITS, _("Votre rôle ne permet pas de corriger des crédits."))
    if amount is None or amount == 0:
        raise _money_error("amount", _("Indiquez le montant de la correction (négatif pour une baisse)."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Indiquez le motif de la correction.")})
    _check_notified_on(notified_on, notification.fiscal_year)
    with transaction.atomic(), actor_context(by):
        locked = _lock_year(notification.fiscal_year)
        if notification.corrects_id is not None:
            raise TransitionRefused(_("Une correction se rattache à la notification d'origine, pas à une correction."))
        programme = notification.programme
        notified = notified_by_programme(locked).get(programme.pk, ZERO) + amount
        if notified < 0:
            raise _money_error(
                "amount",
                _("Après cette correction, le programme %(programme)s aurait %(total)s notifiés : c'est impossible.")
                % {"programme": programme, "total": format_money(notified)},
            )
        for allocation in _binding_versions(locked):
            allocated = allocated_by_programme(allocation).get(programme.pk, ZERO)
            if allocated > notified:
                raise _money_error(
                    "amount",
                    _(
                        "La version %(number)s de la répartition (%(status)s) donne %(allocated)s au programme "
                        "%(programme)s, plus que les %(notified)s qui resteraient notifiés : préparez d'abord une "
                        "version qui réduit ce programme."
                    )
                    % {
                        "number": allocation.number,
                        "status": allocation.get_status_display(),
                        "allocated": format_money(allocated),
                        "programme": programme,
                        "notified": format_money(notified),
                    },
                )
        correction = CreditNotification(
            fiscal_year=locked,
            programme=programme,
            amount=amount,
            reference=reference.strip(),
            notified_on=notified_on,
            source=notification.source,
            partner=notification.partner,
            corrects=notification,
            note=note.strip(),
            recorded_by=by,
        )
        correction.full_clean()
        correction.save()
    return correction


def _binding_versions(fiscal_year: FiscalYear) -> list[CreditAllocation]:
    """The versions the ceiling binds: the one being prepared and the last one sent to the DBM."""
    versions = []
    open_version = CreditAllocation.objects.filter(fiscal_year=fiscal_year, status__in=CreditAllocation.OPEN).first()
    if open_version:
        versions.append(open_version)
    sent = (
        CreditAllocation.objects.filter(fiscal_year=fiscal_year, status__in=CreditAllocation.SENT)
        .order_by("-number")
        .first()
    )
    if sent:
        versions.append(sent)
    return versions


# --- the répartition --------------------------------------------------------------------------------------------
def allocation_start(*, by, fiscal_year: FiscalYear, note: str = "") -> CreditAllocation:
    """A new version: the first of the year starts empty, the next ones start from the last version sent."""
    permissions.demand(by, project_perms.MANAGE_CREDITS, _("Votre rôle ne permet pas de préparer la répartition."))
    with transaction.atomic(), actor_context(by):
        locked = _lock_year(fiscal_year)
        versions = CreditAllocation.objects.filter(fiscal_year=locked)
        open_version = versions.filter(status__in=CreditAllocation.OPEN).first()
        if open_version:
            raise TransitionRefused(
                _("La version %(number)s de la répartition %(year)s est encore en préparation (%(status)s).")
                % {"number": open_version.number, "year": locked.year, "status": open_version.get_status_display()}
            )
        previous = versions.order_by("-number").first()
        allocation = CreditAllocation.objects.create(
            fiscal_year=locked,
            number=(previous.number + 1) if previous else 1,
            previous=previous,
            note=note.strip(),
            created_by=by,
        )
        if previous:
            AllocationLine.objects.bulk_create(
                AllocationLine(
                    allocation=allocation,
                    programme_id=line.programme_id,
                    budget_line_id=line.budget_line_id,
                    amount=line.amount,
                )
                for line in previous.lines.all()
            )
    return allocation


def allocation_save_grid(
    *,
    allocation: CreditAllocation,
    by,
    cells: dict[tuple[int, int], Decimal],
    note: str | None = None,
    expected_stamp: dt.datetime | None = None,
) -> CreditAllocation:
    """Set the given cells (programme id, budget line id) → amount of a draft version; other cells stay as they are.

    ``expected_stamp`` is the version's ``updated_at`` when the grid was opened: if someone saved in between, the
    save is refused rather than silently overwriting their figures.
    """
    permissions.demand(by, project_perms.MANAGE_CREDITS, _("Votre rôle ne permet pas de modifier la répartition."))
    if any(amount is None or amount < 0 for amount in cells.values()):
        raise ValidationError(_("Le montant d'une case ne peut pas être négatif."))
    with transaction.atomic(), actor_context(by):
        year = _lock_year(allocation.fiscal_year)
        locked = CreditAllocation.objects.select_for_update().get(pk=allocation.pk)
        if locked.status != Status.DRAFT:
            raise TransitionRefused(
                _("La version %(number)s est « %(status)s » : seule une version en brouillon se modifie.")
                % {"number": locked.number, "status": locked.get_status_display()}
            )
        if expected_stamp is not None and locked.updated_at != expected_stamp:
            raise TransitionRefused(
                _(
                    "La grille a été enregistrée par quelqu'un d'autre depuis que vous l'avez ouverte : "
                    "rechargez-la pour voir ses chiffres avant de la modifier."
                )
            )
        existing = {(line.programme_id, line.budget_line_id): line for line in locked.lines.all()}
        _check_cells_refer_to_live_reference(cells, existing)
        for key, amount in cells.items():
            line = existing.get(key)
            if amount == 0:
                if line is not None:
                    line.delete()
                    existing.pop(key)
            elif line is None:
                existing[key] = AllocationLine.objects.create(
                    allocation=locked, programme_id=key[0], budget_line_id=key[1], amount=amount
                )
            elif line.amount != amount:
                line.amount = amount
                line.save(update_fields=["amount"])
        totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for (programme_id, _budget_line_id), line in existing.items():
            totals[programme_id] += line.amount
        problems = ceiling_problems(year, totals)
        if problems:
            raise ValidationError(problems)  # rolls the whole save back: nothing half-saved
        if note is not None:
            locked.note = note.strip()
        locked.save()  # the new stamp tells the next editor the grid changed
    return locked


def _check_cells_refer_to_live_reference(cells, existing) -> None:
    """Every cell names a programme and a rubrique that exist; one no longer active keeps what a version copied
    from the previous one gave it, and may be lowered or emptied, but receives nothing more."""
    programme_ids = {programme_id for programme_id, _line in cells}
    line_ids = {line_id for _programme, line_id in cells}
    programmes = Programme.objects.in_bulk(programme_ids)
    lines = BudgetLine.objects.in_bulk(line_ids)
    if programme_ids - set(programmes) or line_ids - set(lines):
        raise ValidationError(_("La grille cite un programme ou une rubrique qui n'existe plus : rechargez-la."))
    retired = set()
    for (programme_id, line_id), amount in cells.items():
        line = existing.get((programme_id, line_id))
        if amount <= (line.amount if line is not None else ZERO):
            continue
        retired.update(ref for ref in (programmes[programme_id], lines[line_id]) if not ref.is_active)
    if retired:
        raise ValidationError(
            [
                _("« %(name)s » n'est plus en usage : ses montants peuvent baisser ou être retirés, pas augmenter.")
                % {"name": ref}
                for ref in sorted(retired, key=str)
            ]
        )


def _fits_guard(allocation, **_kwargs) -> list[str]:
    if not allocation.lines.exists():
        return [_("La grille est vide : répartissez les crédits avant de la valider.")]
    return ceiling_problems(allocation.fiscal_year, allocated_by_programme(allocation))


def _transmit_guard(allocation, *, on=None, **kwargs) -> list[str]:
    reasons = _fits_guard(allocation)
    if on is None:
        reasons.append(_("Indiquez la date de transmission."))
    elif on > timezone.localdate():
        reasons.append(_("La date de transmission ne peut pas être dans le futur."))
    elif allocation.validated_at and on < timezone.localdate(allocation.validated_at):
        reasons.append(_("La date de transmission ne peut pas précéder la validation."))
    decision = allocation.cpdh_decision
    if decision is not None and decision.outcome == decision.Outcome.REJECTED:
        reasons.append(
            _(
                "Le CPDH a rejeté cette version : une fois retravaillée et validée de nouveau, elle repasse devant "
                "le CPDH, dont l'approbation permet la transmission."
            )
        )
    return reasons


def rejected_since_validation(allocation) -> bool:
    """Whether the CPDH rejected the version as the head last validated it. A rejection sends the version back to
    the draft (allocation_record_cpdh_decision); reworked and validated again, it goes back on a CPDH agenda
    (projects.agenda), and only the CPDH's new decision lets it go to the DBM."""
    decision = allocation.cpdh_decision
    if decision is None or decision.outcome != decision.Outcome.REJECTED:
        return False
    return allocation.validated_at is None or allocation.validated_at <= decision.recorded_at


def _acknowledge_guard(allocation, *, on=None, **_kwargs) -> list[str]:
    if on is None:
        return [_("Indiquez la date de réception.")]
    if on > timezone.localdate():
        return [_("La date de réception ne peut pas être dans le futur.")]
    if allocation.transmitted_on and on < allocation.transmitted_on:
        return [_("La date de réception ne peut pas précéder la transmission.")]
    return []


WORKFLOW = Workflow(
    CreditAllocation,
    [
        Transition(
            "validate",
            frozenset({Status.DRAFT}),
            Status.VALIDATED,
            gettext_lazy("Valider la répartition"),
            project_perms.VALIDATE_CREDITS,
            guard=_fits_guard,
            style="success",
        ),
        Transition(
            "reopen",
            frozenset({Status.VALIDATED}),
            Status.DRAFT,
            gettext_lazy("Renvoyer en brouillon"),
            project_perms.VALIDATE_CREDITS,
            style="outline-secondary",
        ),
        Transition(
            "transmit",
            frozenset({Status.VALIDATED}),
            Status.TRANSMITTED,
            gettext_lazy("Transmettre à la DBM"),
            project_perms.MANAGE_CREDITS,
            guard=_transmit_guard,
        ),
        Transition(
            "acknowledge",
            frozenset({Status.TRANSMITTED}),
            Status.ACKNOWLEDGED,
            gettext_lazy("Accuser réception"),
            project_perms.ACKNOWLEDGE_CREDITS,
            guard=_acknowledge_guard,
            style="success",
        ),
    ],
)


def allocation_validate(*, allocation: CreditAllocation, by) -> CreditAllocation:
    def apply(locked):
        locked.validated_at = timezone.now()
        locked.validated_by = by

    with transaction.atomic():
        _lock_year(allocation.fiscal_year)
        return WORKFLOW.run(allocation, "validate", by=by, apply=apply)


def allocation_reopen(*, allocation: CreditAllocation, by) -> CreditAllocation:
    def apply(locked):
        locked.validated_at = None
        locked.validated_by = None

    return WORKFLOW.run(allocation, "reopen", by=by, apply=apply)


def allocation_transmit(*, allocation: CreditAllocation, by, on: dt.date | None) -> CreditAllocation:
    def apply(locked):
        year = locked.fiscal_year.year
        locked.transmittal_number = next_reference(
            CreditAllocation, "transmittal_number", f"BE-{year}-", TRANSMITTAL_NUMBER_LOCK
        )
        locked.transmitted_on = on
        locked.transmitted_by = by

    with transaction.atomic():
        _lock_year(allocation.fiscal_year)
        return WORKFLOW.run(allocation, "transmit", by=by, apply=apply, on=on)


def allocation_acknowledge(*, allocation: CreditAllocation, by, on: dt.date | None, note: str = "") -> CreditAllocation:
    def apply(locked):
        locked.acknowledged_on = on
        locked.acknowledged_by = by
        locked.acknowledgement_note = (note or "").strip()

    return WORKFLOW.run(allocation, "acknowledge", by=by, apply=apply, on=on)


def allocation_record_cpdh_decision(*, allocation: CreditAllocation, decision, by) -> CreditAllocation:
    """The CPDH's decision on a version, carried out from the meeting (projects.agenda, kind « repartition »).

    A rejection sends a validated version back to the draft so the service can rework it; a version already sent
    keeps its status and shows the rejection (the next version answers it). Carried out by who records the
    meeting's decisions, as the decisions on dossiers are, or by the head who rectifies a closed meeting's decision.
    """
    if not (by.has_perm(committee_perms.MANAGE_MEETINGS) or by.has_perm(committee_perms.RECTIFY)):
        raise PermissionDenied(_("Votre rôle ne permet pas d'appliquer une décision du CPDH."))
    with transaction.atomic(), actor_context(by):
        locked = CreditAllocation.objects.select_for_update().get(pk=allocation.pk)
        locked.cpdh_decision = decision
        if decision.outcome == decision.Outcome.REJECTED and locked.status == Status.VALIDATED:
            locked.status = Status.DRAFT
            locked.validated_at = None
            locked.validated_by = None
        locked.save()
    return locked
