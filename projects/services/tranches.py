"""Tranches and payments of a convention: the schedule of the INDH contribution, the release of each tranche by
the head of division once its conditions are met, and the payments recorded against released tranches.

Every change locks the convention's row first (``select_for_update``), so two people recording payments at once
are served one after the other and the second sees what the first paid: the INDH contribution is never exceeded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from das import permissions
from das.formatting import format_money, format_number
from das.services.audit import actor_context
from das.validators import normalize_rib, validate_rib
from das.workflow import TransitionRefused
from projects import permissions as project_perms
from projects.models import Amendment, Convention, ConventionParty, Payment, Tranche
from projects.models.amendments import OPEN_STATUSES

Status = Convention.Status
SCHEDULE_CLOSED = {Status.CLOSED, Status.TERMINATED}
PAYABLE = {Status.SIGNED, Status.EXECUTING}
ZERO = Decimal("0")


CENT = Decimal("0.01")


@dataclass
class TrancheLine:
    amount: Decimal
    conditions: str = ""
    due_on: dt.date | None = None
    progress_threshold: int | None = None  # % of physical progress the release waits for


def amounts_from_percentages(total: Decimal, percentages: list[Decimal]) -> list[Decimal]:
    """Percentages of ``total`` as amounts to the centime; the last line takes the rounding remainder so the
    amounts add up to ``total`` exactly. Refused unless the percentages add up to 100."""
    if any(p is None or p <= 0 for p in percentages):
        raise ValidationError(_("Chaque pourcentage doit être positif."))
    if sum(percentages, ZERO) != 100:
        raise ValidationError(
            _("Les pourcentages totalisent %(total)s %% au lieu de 100 %%.")
            % {"total": format_number(sum(percentages, ZERO))}
        )
    amounts = [(total * p / 100).quantize(CENT, rounding=ROUND_HALF_UP) for p in percentages[:-1]]
    return [*amounts, total - sum(amounts, ZERO)]


def indh_contribution(convention: Convention) -> Decimal:
    """What the Governor (INDH) brings to the convention: the ceiling of the tranches and of the payments."""
    party = convention.parties.filter(kind=ConventionParty.Kind.GOVERNOR).first()
    return party.contribution if party else ZERO


def paid_total(convention: Convention) -> Decimal:
    return Payment.objects.filter(tranche__convention=convention).aggregate(total=Sum("amount"))["total"] or ZERO


def tranche_paid(tranche: Tranche) -> Decimal:
    return tranche.payments.aggregate(total=Sum("amount"))["total"] or ZERO


def tranches_with_totals(convention: Convention):
    """The convention's tranches, each annotated with ``paid_total`` (read by ``Tranche.paid``)."""
    return convention.tranches.annotate(paid_total=Sum("payments__amount")).order_by("number")


def _lock(convention: Convention) -> Convention:
    return Convention.objects.select_for_update().get(pk=convention.pk)


# --- Permissions the pages ask ----------------------------------------------------------------------------------


def schedule_blocker(convention: Convention, *, amendments: list[Amendment] | None = None) -> str:
    """Why the convention's schedule cannot be edited now, or "": closed, or an avenant under way (the avenant
    carries its own schedule, applied at its signature; editing the convention's meanwhile would be overwritten).
    ``amendments``: the convention's avenants when the page has them already (no query)."""
    if convention.status in SCHEDULE_CLOSED:
        return _("L'échéancier d'une convention « %(state)s » ne se modifie plus.") % {
            "state": convention.get_status_display()
        }
    if amendments is None:
        amendment = Amendment.objects.filter(convention=convention, status__in=OPEN_STATUSES).first()
    else:
        amendment = next((a for a in amendments if a.is_open), None)
    if amendment is not None:
        return _(
            "Un avenant est en cours sur cette convention (%(ref)s) : le calendrier des tranches change par l'avenant."
        ) % {"ref": amendment.reference}
    return ""


def may_schedule(convention: Convention, user, *, amendments: list[Amendment] | None = None) -> bool:
    return permissions.require(user, project_perms.MANAGE_DOSSIERS).allowed and not schedule_blocker(
        convention, amendments=amendments
    )


def may_release(tranche: Tranche, user) -> bool:
    return (
        permissions.require(user, project_perms.APPROVE).allowed
        and not tranche.released
        and tranche.convention.status in PAYABLE
    )


def may_pay(tranche: Tranche, user) -> bool:
    return (
        permissions.require(user, project_perms.MANAGE_DOSSIERS).allowed
        and tranche.released
        and tranche.convention.status in PAYABLE
    )


# --- Schedule ---------------------------------------------------------------------------------------------------


def check_lines(lines: list[TrancheLine], indh: Decimal) -> list[str]:
    """A schedule on its own: at least one tranche, each positive, thresholds within 0–100, totalling ``indh``."""
    reasons = []
    if not lines:
        return [_("L'échéancier compte au moins une tranche.")]
    for number, line in enumerate(lines, start=1):
        if line.amount is None or line.amount <= 0:
            reasons.append(_("Tranche %(number)s : le montant doit être positif.") % {"number": number})
        if line.progress_threshold is not None and not 0 <= line.progress_threshold <= 100:
            reasons.append(
                _("Tranche %(number)s : le seuil d'avancement est un pourcentage (0 à 100).") % {"number": number}
            )
    total = sum((line.amount or ZERO for line in lines), ZERO)
    if total != indh:
        reasons.append(
            _("La somme des tranches (%(total)s) doit égaler la contribution INDH de la convention (%(indh)s).")
            % {"total": format_money(total), "indh": format_money(indh)}
        )
    return reasons


def check_schedule(convention: Convention, lines: list[TrancheLine]) -> list[str]:
    """Reasons to refuse a schedule: no tranche, an amount not positive, a sum other than the INDH contribution,
    or a tranche already released that would change."""
    reasons = check_lines(lines, indh_contribution(convention))
    for tranche in convention.tranches.filter(released=True):
        line = lines[tranche.number - 1] if tranche.number <= len(lines) else None
        if line is None or line.amount != tranche.amount or line.conditions.strip() != tranche.conditions:
            reasons.append(
                _("La tranche %(number)s est déjà débloquée : elle ne se modifie plus.") % {"number": tranche.number}
            )
    return reasons


def tranche_schedule_set(*, convention: Convention, by, lines: list[TrancheLine]) -> list[Tranche]:
    """Replace the convention's schedule (tranches numbered in order); released tranches stay as they are."""
    permissions.demand(
        by, project_perms.MANAGE_DOSSIERS, _("Votre rôle ne permet pas d'établir l'échéancier des tranches.")
    )
    with transaction.atomic():
        locked = _lock(convention)  # the lock amendment_create takes too: no avenant opens while this runs
        blocker = schedule_blocker(locked)
        if blocker:
            raise TransitionRefused(blocker)
        reasons = check_schedule(locked, lines)
        if reasons:
            raise TransitionRefused(reasons)
        existing = {t.number: t for t in locked.tranches.all()}
        with actor_context(by):
            for number, tranche in existing.items():
                if number > len(lines):
                    tranche.delete()
            for number, line in enumerate(lines, start=1):
                tranche = existing.get(number) or Tranche(convention=locked, number=number)
                if tranche.released:
                    continue
                tranche.amount = line.amount
                tranche.conditions = line.conditions.strip()
                tranche.due_on = line.due_on
                tranche.progress_threshold = line.progress_threshold
                tranche.full_clean()
                tranche.save()
    return list(tranches_with_totals(convention))


# --- Release ----------------------------------------------------------------------------------------------------


def progress_reasons(tranche: Tranche, progress: int) -> list[str]:
    """The tranche waits for the project's physical progress to reach its threshold."""
    threshold = tranche.progress_threshold
    if threshold is None or progress >= threshold:
        return []
    return [
        _(
            "L'avancement physique du projet (%(progress)s %%) n'atteint pas le seuil fixé pour la tranche "
            "%(number)s (%(threshold)s %%)."
        )
        % {"progress": progress, "number": tranche.number, "threshold": threshold}
    ]


def release_blockers(tranches: list[Tranche], project) -> dict[int, list[str]]:
    """Per tranche number, why it cannot be released now (previous tranche, threshold), from tranches annotated
    by ``tranches_with_totals`` and in order: no query, for the convention's page."""
    blockers, previous = {}, None
    for tranche in tranches:
        reasons = []
        if previous is not None and (not previous.released or previous.paid < previous.amount):
            reasons.append(
                _("La tranche %(previous)s doit être débloquée et entièrement payée avant la tranche %(number)s.")
                % {"previous": previous.number, "number": tranche.number}
            )
        blockers[tranche.number] = reasons + progress_reasons(tranche, project.physical_progress)
        previous = tranche
    return blockers


def tranche_release(*, tranche: Tranche, by, on: dt.date | None = None) -> Tranche:
    """The head of division ticks the tranche's conditions: it is released, once the previous one is fully paid."""
    permissions.demand(
        by, project_perms.APPROVE, _("Seul le chef de division constate les conditions et débloque une tranche.")
    )
    on = on or timezone.localdate()
    with transaction.atomic():
        convention = _lock(tranche.convention)
        locked = Tranche.objects.select_for_update().get(pk=tranche.pk)
        reasons = []
        if convention.status not in PAYABLE:
            reasons.append(
                _("Une tranche se débloque sur une convention signée ou en exécution (état : « %(state)s »).")
                % {"state": convention.get_status_display()}
            )
        if locked.released:
            reasons.append(_("La tranche %(number)s est déjà débloquée.") % {"number": locked.number})
        if on > timezone.localdate():
            reasons.append(_("La date de déblocage ne peut pas être dans le futur."))
        previous = convention.tranches.filter(number__lt=locked.number).order_by("-number").first()
        if previous is not None and (not previous.released or tranche_paid(previous) < previous.amount):
            reasons.append(
                _("La tranche %(previous)s doit être débloquée et entièrement payée avant la tranche %(number)s.")
                % {"previous": previous.number, "number": locked.number}
            )
        reasons += progress_reasons(locked, convention.project.physical_progress)
        if reasons:
            raise TransitionRefused(reasons)
        locked.released = True
        locked.released_on = on
        locked.conditions_met_on = on
        locked.conditions_met_by = by
        with actor_context(by):
            locked.full_clean()
            locked.save()
    return locked


# --- Payments ---------------------------------------------------------------------------------------------------


def payment_record(
    *, tranche: Tranche, by, paid_on: dt.date | None, amount: Decimal | None, payment_order: str, rib: str
) -> Payment:
    """Record a payment on a released tranche; never beyond the tranche nor the convention's INDH contribution."""
    permissions.demand(by, project_perms.MANAGE_DOSSIERS, _("Votre rôle ne permet pas d'enregistrer les paiements."))
    with transaction.atomic():
        convention = _lock(tranche.convention)  # serialises every payment of this convention
        locked = Tranche.objects.get(pk=tranche.pk)
        reasons = []
        if convention.status not in PAYABLE:
            reasons.append(
                _("Un paiement s'enregistre sur une convention signée ou en exécution (état : « %(state)s »).")
                % {"state": convention.get_status_display()}
            )
        if not locked.released:
            reasons.append(_("La tranche %(number)s n'est pas débloquée.") % {"number": locked.number})
        if amount is None or amount <= 0:
            reasons.append(_("Le montant du paiement doit être positif."))
        if paid_on is None:
            reasons.append(_("La date du paiement est obligatoire."))
        elif paid_on > timezone.localdate():
            reasons.append(_("La date du paiement ne peut pas être dans le futur."))
        payment_order = (payment_order or "").strip()
        if not payment_order:
            reasons.append(_("La référence de l'ordre de paiement est obligatoire."))
        elif Payment.objects.filter(payment_order__iexact=payment_order).exists():
            reasons.append(_("L'ordre de paiement « %(ref)s » est déjà enregistré.") % {"ref": payment_order})
        rib = normalize_rib(rib)
        try:
            validate_rib(rib)
        except ValidationError as exc:
            reasons.extend(exc.messages)
        if amount is not None and amount > 0:
            indh, paid = indh_contribution(convention), paid_total(convention)
            if paid + amount > indh:
                reasons.append(
                    _(
                        "Ce paiement porterait le total payé à %(total)s, au-delà de la contribution INDH de la "
                        "convention (%(indh)s) ; reste à payer : %(left)s."
                    )
                    % {
                        "total": format_money(paid + amount),
                        "indh": format_money(indh),
                        "left": format_money(max(indh - paid, ZERO)),
                    }
                )
            on_tranche = tranche_paid(locked)
            if on_tranche + amount > locked.amount:
                reasons.append(
                    _("Ce paiement dépasse la tranche %(number)s ; reste à payer sur cette tranche : %(left)s.")
                    % {"number": locked.number, "left": format_money(max(locked.amount - on_tranche, ZERO))}
                )
        if reasons:
            raise TransitionRefused(reasons)
        payment = Payment(
            tranche=locked, paid_on=paid_on, amount=amount, payment_order=payment_order, rib=rib, recorded_by=by
        )
        with actor_context(by):
            payment.full_clean()
            payment.save()
    return payment
