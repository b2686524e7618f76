"""Avenants of a signed convention: drafting the proposal (cost, duration, contributions, tranche schedule), the
signature path shared with conventions, and the application of the changes at the signature.

brouillon → validé (chef) → transmis au Cabinet → signé (date + scan) or back to brouillon with observations;
a draft may be abandoned. One avenant under way per convention.

The signature applies the avenant under the convention's row lock (the lock every payment takes), in the same
transaction: the parties' contributions, hence the INDH contribution (the payments' ceiling), the tranches, and the
project's cost plan (cost, INDH share, holder's and partners' contributions, duration) all follow, so the rule
"parties = the project's cost plan" of the conventions keeps holding after an avenant. What changed is frozen on the
avenant (before → after). Lock order everywhere: convention, then avenant, then project.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from das import permissions
from das.formatting import format_money
from das.services.audit import actor_context
from das.services.documents import attachment_add
from das.workflow import Transition, TransitionRefused, Workflow
from projects import permissions as project_perms
from projects.models import (
    Amendment,
    AmendmentParty,
    AmendmentReturn,
    AmendmentTranche,
    Convention,
    ConventionParty,
    Payment,
    Project,
    ProjectFunding,
    Tranche,
)
from projects.services import conventions as convention_services
from projects.services.tranches import PAYABLE, ZERO, TrancheLine, check_lines

Status = Amendment.Status
Kind = ConventionParty.Kind


# --- Who may ------------------------------------------------------------------------------------------------------


def open_amendment(convention: Convention) -> Amendment | None:
    return convention.amendments.filter(status__in=[Status.DRAFT, Status.VALIDATED, Status.TRANSMITTED]).first()


def may_amend(convention: Convention, user, *, has_open: bool | None = None) -> bool:
    """The agent drafts an avenant on a signed or executing convention without another avenant under way."""
    if not permissions.require(user, project_perms.MANAGE_DOSSIERS) or convention.status not in PAYABLE:
        return False
    return not (open_amendment(convention) is not None if has_open is None else has_open)


def may_edit(amendment: Amendment, user) -> bool:
    return amendment.status == Status.DRAFT and bool(permissions.require(user, project_perms.MANAGE_DOSSIERS))


# --- What is paid -------------------------------------------------------------------------------------------------


def paid_by_tranche(convention: Convention) -> dict[int, Decimal]:
    """What was paid on each tranche of the convention, by tranche number."""
    rows = (
        Payment.objects.filter(tranche__convention=convention)
        .values("tranche__number")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row["tranche__number"]: row["total"] for row in rows}


def released_numbers(convention: Convention) -> set[int]:
    """The numbers of the convention's tranches the head has released."""
    return set(convention.tranches.filter(released=True).values_list("number", flat=True))


# --- The proposal and its checks ----------------------------------------------------------------------------------


def proposed_parties(amendment: Amendment) -> list[AmendmentParty]:
    return list(amendment.parties.select_related("party__partner").order_by("party__position", "party_id"))


def proposed_indh(parties: list[AmendmentParty]) -> Decimal:
    return next((p.contribution for p in parties if p.party.kind == Kind.GOVERNOR), ZERO)


def proposed_lines(amendment: Amendment) -> list[TrancheLine]:
    return [
        TrancheLine(t.amount, t.conditions, t.due_on, t.progress_threshold)
        for t in amendment.tranches.order_by("number")
    ]


def check_terms(*, cost, duration_months, contributions: dict, paid: Decimal) -> dict[str, list[str]]:
    """Reasons to refuse the avenant's cost, duration and contributions, keyed by form field
    (``cost``, ``duration_months``, ``party_<pk>``); ``contributions`` maps each ConventionParty to its amount."""
    errors: dict[str, list[str]] = {}
    if cost is None or cost <= 0:
        errors.setdefault("cost", []).append(_("Le coût du projet doit être positif."))
    if duration_months is None or duration_months < 1:
        errors.setdefault("duration_months", []).append(_("La durée est d'au moins un mois."))
    for party, amount in contributions.items():
        if amount is None or amount < 0:
            errors.setdefault(f"party_{party.pk}", []).append(_("Une contribution ne peut être négative."))
    if errors:
        return errors
    total = sum(contributions.values(), ZERO)
    if total != cost:
        # The conventions' rule: the parties bring exactly the project's cost.
        errors.setdefault("cost", []).append(
            _("Le total des contributions des parties (%(total)s) doit égaler le coût du projet (%(cost)s).")
            % {"total": format_money(total), "cost": format_money(cost)}
        )
    governor = next((p for p in contributions if p.kind == Kind.GOVERNOR), None)
    if governor is not None and contributions[governor] < paid:
        errors.setdefault(f"party_{governor.pk}", []).append(
            _("La contribution INDH (%(indh)s) ne peut être inférieure à ce qui est déjà payé (%(paid)s).")
            % {"indh": format_money(contributions[governor]), "paid": format_money(paid)}
        )
    return errors


def check_schedule_against_paid(
    lines: list[TrancheLine], paid: dict[int, Decimal], indh: Decimal, *, released: set[int] = frozenset()
) -> list[str]:
    """A schedule for the convention after the avenant: it totals the new INDH contribution, no tranche is
    removed or brought below what was already paid on it, and no released tranche (``released``: their numbers) is
    removed: the signature would delete it and undo the head's release. A released tranche's amount may change (the
    signed avenant says so), never below what is paid on it."""
    reasons = check_lines(lines, indh)
    for number in sorted(released):
        if number > len(lines) and number not in paid:
            reasons.append(
                _("La tranche %(number)s est déjà débloquée : l'avenant ne peut la supprimer.") % {"number": number}
            )
    for number, amount in sorted(paid.items()):
        if number > len(lines):
            reasons.append(
                _("La tranche %(number)s a déjà reçu %(paid)s de paiements : elle ne peut être supprimée.")
                % {"number": number, "paid": format_money(amount)}
            )
        elif lines[number - 1].amount is not None and lines[number - 1].amount < amount:
            reasons.append(
                _("La tranche %(number)s ne peut descendre sous ce qui y est déjà payé (%(paid)s).")
                % {"number": number, "paid": format_money(amount)}
            )
    return reasons


def check_proposal(amendment: Amendment, convention: Convention) -> list[str]:
    """Everything that must hold for the avenant to be validated or signed, against what is paid and released
    now."""
    parties = proposed_parties(amendment)
    paid = paid_by_tranche(convention)
    errors = check_terms(
        cost=amendment.cost,
        duration_months=amendment.duration_months,
        contributions={p.party: p.contribution for p in parties},
        paid=sum(paid.values(), ZERO),
    )
    reasons = [message for messages in errors.values() for message in messages]
    lines = proposed_lines(amendment)
    indh = proposed_indh(parties)
    if lines or convention.tranches.exists():
        reasons += check_schedule_against_paid(lines, paid, indh, released=released_numbers(convention))
    if not reasons and not pending_changes(amendment, convention):
        reasons.append(_("L'avenant ne modifie rien à la convention."))
    return reasons


# --- Before → after -----------------------------------------------------------------------------------------------


def _money(value) -> str | None:
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def _terms(conditions, due_on, threshold) -> dict:
    return {"conditions": conditions or "", "due_on": due_on.isoformat() if due_on else None, "threshold": threshold}


def pending_changes(amendment: Amendment, convention: Convention) -> list[dict]:
    """What the avenant would change on the convention now (the list frozen on it at the signature)."""
    project = convention.project
    changes = []
    if amendment.cost != project.estimated_cost:
        changes.append({"item": "cost", "before": _money(project.estimated_cost), "after": _money(amendment.cost)})
    if amendment.duration_months != project.duration_months:
        changes.append({"item": "duration", "before": project.duration_months, "after": amendment.duration_months})
    for proposed in proposed_parties(amendment):
        party = proposed.party
        if proposed.contribution != party.contribution:
            changes.append(
                {
                    "item": "party",
                    "kind": party.kind,
                    "name": str(party.partner) if party.partner_id else "",
                    "before": _money(party.contribution),
                    "after": _money(proposed.contribution),
                }
            )
    current = {t.number: t for t in convention.tranches.all()}
    proposed_tranches = {t.number: t for t in amendment.tranches.all()}
    for number in sorted(set(current) | set(proposed_tranches)):
        before, after = current.get(number), proposed_tranches.get(number)
        if before is None or after is None or before.amount != after.amount:
            changes.append(
                {
                    "item": "tranche",
                    "number": number,
                    "before": _money(before.amount) if before else None,
                    "after": _money(after.amount) if after else None,
                }
            )
        if before is not None and after is not None:
            old = _terms(before.conditions, before.due_on, before.progress_threshold)
            new = _terms(after.conditions, after.due_on, after.progress_threshold)
            if old != new:
                changes.append({"item": "tranche_terms", "number": number, "before": old, "after": new})
    return changes


def _terms_text(terms: dict | None) -> str:
    if not terms:
        return "—"
    parts = [terms["conditions"]] if terms.get("conditions") else []
    if terms.get("due_on"):
        parts.append(_("échéance %(date)s") % {"date": date_format(dt.date.fromisoformat(terms["due_on"]), "d/m/Y")})
    if terms.get("threshold") is not None:
        parts.append(_("seuil %(threshold)s %%") % {"threshold": terms["threshold"]})
    return " ; ".join(parts) or "—"


def describe_changes(changes: list[dict]) -> list[tuple[str, str, str]]:
    """(what, before, after) lines in the current language, for pages and the PDF."""
    kinds = dict(ConventionParty.Kind.choices)
    rows = []
    for change in changes:
        item = change["item"]
        if item == "cost":
            rows.append((_("Coût du projet"), format_money(change["before"]), format_money(change["after"])))
        elif item == "duration":

            def months(count):
                return ngettext("%(months)s mois", "%(months)s mois", count) % {"months": count}

            rows.append((_("Durée"), months(change["before"]), months(change["after"])))
        elif item == "party":
            label = str(kinds.get(change["kind"], change["kind"]))
            if change.get("name"):
                label = f"{label} : {change['name']}"
            rows.append(
                (
                    _("Contribution — %(party)s") % {"party": label},
                    format_money(change["before"]),
                    format_money(change["after"]),
                )
            )
        elif item == "tranche":
            rows.append(
                (
                    _("Tranche %(number)s") % {"number": change["number"]},
                    format_money(change["before"]) if change["before"] else _("(absente)"),
                    format_money(change["after"]) if change["after"] else _("(supprimée)"),
                )
            )
        elif item == "tranche_terms":
            rows.append(
                (
                    _("Tranche %(number)s : conditions") % {"number": change["number"]},
                    _terms_text(change["before"]),
                    _terms_text(change["after"]),
                )
            )
    return rows


# --- Drafting -----------------------------------------------------------------------------------------------------


@transaction.atomic
def amendment_create(*, convention: Convention, by, reason: str) -> Amendment:
    """Draft the convention's next avenant, its proposal copied from the convention as it stands."""
    permissions.demand(by, project_perms.MANAGE_DOSSIERS, _("Votre rôle ne permet pas de préparer les avenants."))
    locked = Convention.objects.select_for_update().select_related("project").get(pk=convention.pk)
    if locked.status not in PAYABLE:
        raise TransitionRefused(
            _("Un avenant se prépare sur une convention signée ou en exécution (état : « %(state)s »).")
            % {"state": locked.get_status_display()}
        )
    current = open_amendment(locked)
    if current is not None:
        raise TransitionRefused(
            _("L'avenant %(ref)s est déjà en cours sur cette convention : un seul avenant à la fois.")
            % {"ref": current.reference}
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Indiquez l'objet et le motif de l'avenant.")})
    number = (locked.amendments.aggregate(last=Max("number"))["last"] or 0) + 1
    project = locked.project
    with actor_context(by):
        amendment = Amendment(
            convention=locked,
            number=number,
            reference=f"{locked.reference}/AV{number}",
            reason=reason.strip(),
            cost=project.estimated_cost,
            duration_months=project.duration_months,
        )
        amendment.full_clean()
        amendment.save()
        AmendmentParty.objects.bulk_create(
            AmendmentParty(amendment=amendment, party=p, contribution=p.contribution) for p in locked.parties.all()
        )
        AmendmentTranche.objects.bulk_create(
            AmendmentTranche(
                amendment=amendment,
                number=t.number,
                amount=t.amount,
                conditions=t.conditions,
                due_on=t.due_on,
                progress_threshold=t.progress_threshold,
            )
            for t in locked.tranches.all()
        )
    return amendment


def _lock_draft(amendment: Amendment, by) -> tuple[Convention, Amendment]:
    permissions.demand(by, project_perms.MANAGE_DOSSIERS, _("Votre rôle ne permet pas de modifier les avenants."))
    convention = Convention.objects.select_for_update().get(pk=amendment.convention_id)
    locked = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if locked.status != Status.DRAFT:
        raise TransitionRefused(_("Seul un avenant en brouillon se modifie."))
    return convention, locked


@transaction.atomic
def amendment_edit(
    *, amendment: Amendment, by, reason: str, cost: Decimal | None, duration_months: int | None, contributions: dict
) -> Amendment:
    """The avenant's object, the project's cost and duration after it, and each party's contribution
    (``contributions``: ConventionParty pk → amount). Refused unless the parties bring the cost and the INDH
    contribution stays at least what is already paid."""
    convention, locked = _lock_draft(amendment, by)
    rows = {p.party_id: p for p in locked.parties.select_related("party")}
    if set(contributions) != set(rows):
        raise ValidationError(_("Indiquez la contribution de chacune des parties de la convention."))
    paid = sum(paid_by_tranche(convention).values(), ZERO)
    errors = check_terms(
        cost=cost,
        duration_months=duration_months,
        contributions={rows[pk].party: amount for pk, amount in contributions.items()},
        paid=paid,
    )
    if not (reason or "").strip():
        errors.setdefault("reason", []).append(_("Indiquez l'objet et le motif de l'avenant."))
    if errors:
        raise ValidationError(errors)
    with actor_context(by):
        for pk, amount in contributions.items():
            if rows[pk].contribution != amount:
                rows[pk].contribution = amount
                rows[pk].save(update_fields=["contribution"])
        locked.reason, locked.cost, locked.duration_months = reason.strip(), cost, duration_months
        locked.full_clean()
        locked.save()
    return locked


@transaction.atomic
def amendment_set_schedule(*, amendment: Amendment, by, lines: list[TrancheLine]) -> Amendment:
    """The tranche schedule after the avenant: it totals the avenant's INDH contribution, keeps at least what
    was paid on each tranche and keeps every released tranche."""
    convention, locked = _lock_draft(amendment, by)
    indh = proposed_indh(proposed_parties(locked))
    reasons = check_schedule_against_paid(
        lines, paid_by_tranche(convention), indh, released=released_numbers(convention)
    )
    if reasons:
        raise TransitionRefused(reasons)
    with actor_context(by):
        locked.tranches.all().delete()
        AmendmentTranche.objects.bulk_create(
            AmendmentTranche(
                amendment=locked,
                number=number,
                amount=line.amount,
                conditions=line.conditions.strip(),
                due_on=line.due_on,
                progress_threshold=line.progress_threshold,
            )
            for number, line in enumerate(lines, start=1)
        )
        locked.save(update_fields=["updated_at"])
    return locked


# --- Lifecycle ----------------------------------------------------------------------------------------------------


def _convention_open(amendment) -> list[str]:
    convention = amendment.convention
    if convention.status not in PAYABLE:
        return [
            _("La convention n'est plus signée ni en exécution (état : « %(state)s »).")
            % {"state": convention.get_status_display()}
        ]
    return []


def _validate_guard(amendment, **_kwargs) -> list[str]:
    return _convention_open(amendment) or check_proposal(amendment, amendment.convention)


def _sign_guard(amendment, **kwargs) -> list[str]:
    # The date and scan as for a convention; then the proposal against what is paid at this very moment.
    return convention_services._sign_guard(amendment, **kwargs) + (
        _convention_open(amendment) or check_proposal(amendment, amendment.convention)
    )


AMENDMENT_WORKFLOW = Workflow(
    Amendment,
    [
        Transition(
            "validate",
            frozenset({Status.DRAFT}),
            Status.VALIDATED,
            gettext_lazy("Valider l'avenant"),
            project_perms.APPROVE,
            _validate_guard,
            "success",
        ),
        Transition(
            "reopen",
            frozenset({Status.VALIDATED}),
            Status.DRAFT,
            gettext_lazy("Remettre en brouillon"),
            project_perms.APPROVE,
            None,
            "secondary",
        ),
        Transition(
            "transmit",
            frozenset({Status.VALIDATED}),
            Status.TRANSMITTED,
            gettext_lazy("Transmettre au Cabinet"),
            project_perms.MANAGE_DOSSIERS,
            None,
            "primary",
        ),
        Transition(
            "sign",
            frozenset({Status.TRANSMITTED}),
            Status.SIGNED,
            gettext_lazy("Enregistrer la signature"),
            project_perms.SIGN_CONVENTIONS,
            _sign_guard,
            "success",
        ),
        Transition(
            "return",
            frozenset({Status.TRANSMITTED}),
            Status.DRAFT,
            gettext_lazy("Retourner avec observations"),
            project_perms.SIGN_CONVENTIONS,
            convention_services._return_guard,
            "warning",
        ),
        Transition(
            "abandon",
            frozenset({Status.DRAFT}),
            Status.ABANDONED,
            gettext_lazy("Abandonner l'avenant"),
            project_perms.MANAGE_DOSSIERS,
            None,
            "outline-danger",
        ),
    ],
)


def blockers(amendment: Amendment, name: str) -> list[str]:
    """Why a transition without input would be refused now (shown next to its disabled button)."""
    if name == "validate":
        return _validate_guard(amendment)
    return []


@transaction.atomic
def amendment_validate(*, amendment: Amendment, by) -> Amendment:
    def apply(locked):
        locked.validated_at = timezone.now()
        locked.validated_by = by

    Convention.objects.select_for_update().get(pk=amendment.convention_id)
    return AMENDMENT_WORKFLOW.run(amendment, "validate", by=by, apply=apply)


@transaction.atomic
def amendment_reopen(*, amendment: Amendment, by) -> Amendment:
    def apply(locked):
        locked.validated_at = None
        locked.validated_by = None

    return AMENDMENT_WORKFLOW.run(amendment, "reopen", by=by, apply=apply)


@transaction.atomic
def amendment_transmit(*, amendment: Amendment, by) -> Amendment:
    def apply(locked):
        locked.transmitted_at = timezone.now()

    return AMENDMENT_WORKFLOW.run(amendment, "transmit", by=by, apply=apply)


@transaction.atomic
def amendment_abandon(*, amendment: Amendment, by) -> Amendment:
    def apply(locked):
        locked.abandoned_at = timezone.now()

    return AMENDMENT_WORKFLOW.run(amendment, "abandon", by=by, apply=apply)


@transaction.atomic
def amendment_return(*, amendment: Amendment, by, observations: str) -> Amendment:
    """The Governor's office sends the avenant back to draft; its observations stay on the record."""

    def apply(locked):
        AmendmentReturn.objects.create(amendment=locked, returned_by=by, observations=observations.strip())
        locked.validated_at = None
        locked.validated_by = None
        locked.transmitted_at = None

    return AMENDMENT_WORKFLOW.run(amendment, "return", by=by, apply=apply, observations=observations)


@transaction.atomic
def amendment_sign(*, amendment: Amendment, by, signed_on: dt.date | None, scan) -> Amendment:
    """The Governor signed the avenant: its changes apply to the convention (and the project's cost plan) in this
    transaction, under the convention's lock, so no payment slips in between the check and the new ceiling."""
    Convention.objects.select_for_update().get(pk=amendment.convention_id)

    def apply(locked):
        convention = Convention.objects.select_related("project").get(pk=locked.convention_id)
        locked.changes = pending_changes(locked, convention)
        _apply(locked, convention)
        locked.signed_on = signed_on
        locked.signed_scan = attachment_add(
            parent=locked, uploaded=scan, by=by, description=_("Avenant signé %(ref)s") % {"ref": locked.reference}
        )

    return AMENDMENT_WORKFLOW.run(amendment, "sign", by=by, apply=apply, signed_on=signed_on, scan=scan)


def _apply(amendment: Amendment, convention: Convention) -> None:
    """Write the avenant's proposal onto the convention, its tranches and the project's cost plan (inside the
    actor's context opened by the workflow)."""
    parties = proposed_parties(amendment)
    for proposed in parties:
        if proposed.party.contribution != proposed.contribution:
            ConventionParty.objects.filter(pk=proposed.party_id).update(contribution=proposed.contribution)
    _apply_schedule(convention, proposed_lines(amendment))
    project = Project.objects.select_for_update().get(pk=convention.project_id)
    project.estimated_cost = amendment.cost
    project.duration_months = amendment.duration_months
    for proposed in parties:
        if proposed.party.kind == Kind.GOVERNOR:
            project.indh_share = proposed.contribution
        elif proposed.party.kind == Kind.HOLDER:
            project.holder_contribution = proposed.contribution
        else:
            ProjectFunding.objects.update_or_create(
                project=project, partner_id=proposed.party.partner_id, defaults={"amount": proposed.contribution}
            )
    project.full_clean()
    project.save()


def _apply_schedule(convention: Convention, lines: list[TrancheLine]) -> None:
    """The tranches after the avenant, by number: amounts and conditions change, a released tranche stays released,
    tranches beyond the new schedule go (the checks, run under the same lock, made sure none is paid or released)."""
    existing = {t.number: t for t in convention.tranches.all()}
    for number, tranche in existing.items():
        if number > len(lines):
            tranche.delete()
    for number, line in enumerate(lines, start=1):
        tranche = existing.get(number) or Tranche(convention=convention, number=number)
        tranche.amount = line.amount
        tranche.conditions = line.conditions
        tranche.due_on = line.due_on
        tranche.progress_threshold = line.progress_threshold
        tranche.full_clean()
        tranche.save()


# --- Selectors ----------------------------------------------------------------------------------------------------


def awaiting_signature():
    """Avenants transmitted to the Cabinet, the longest waiting first."""
    return (
        Amendment.objects.filter(status=Status.TRANSMITTED)
        .select_related("convention__project__holder")
        .order_by("transmitted_at", "pk")
    )


def waiting_days(amendment: Amendment, now=None) -> int:
    if amendment.transmitted_at is None:
        return 0
    return ((now or timezone.now()) - amendment.transmitted_at).days
