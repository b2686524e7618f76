"""The province's dossier for a CRDH meeting: created for one CRDH meeting of the committees app, its header and its
requests written while it is a draft, its lifecycle (coordination.crdh_workflows.CRDH_WORKFLOW), and the CRDH's
decision on each request, recorded through the committees app (coordination.agenda) and kept on the request.

Every write locks the dossier's row: a request cannot slip into a dossier the chef is validating. Requests are
numbered 1, 2, 3… in the dossier (their order of presentation); removing or moving one renumbers the others.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination import permissions
from coordination.crdh_workflows import CRDH_WORKFLOW
from coordination.models import CrdhDossier, CrdhRequest
from das import permissions as das_permissions
from das.services.audit import actor_context
from das.services.documents import attachment_add
from das.services.numbering import next_reference
from das.services.records import assign_fields
from das.workflow import TransitionRefused

Status = CrdhDossier.Status
Kind = CrdhRequest.Kind
REFERENCE_LOCK = 7_400_100
DOSSIER_FIELDS = ("year", "title", "introduction")
REQUEST_FIELDS = ("kind", "subject", "justification", "amount", "programme")


def _demand_manage(by) -> None:
    das_permissions.demand(by, permissions.MANAGE_CRDH, _("Votre rôle ne permet pas de préparer le dossier du CRDH."))


def meeting_choices():
    """The CRDH meetings a new dossier may be prepared for: of a CRDH committee, neither cancelled nor closed, without
    a dossier yet."""
    from committees.models import Committee, Meeting

    return (
        Meeting.objects.filter(
            committee__kind=Committee.Kind.CRDH,
            status__in=[Meeting.Status.PLANNED, Meeting.Status.CONVENED],
            crdh_dossier__isnull=True,
        )
        .select_related("committee")
        .order_by("date", "pk")
    )


def _check_header(year, title) -> dict:
    errors = {}
    if year is None or not 2005 <= year <= 2100:
        errors["year"] = _("Indiquez une année entre 2005 et 2100.")
    if not (title or "").strip():
        errors["title"] = _("Indiquez l'intitulé du dossier.")
    return errors


def dossier_create(*, by, meeting, year: int, title: str, introduction: str = "") -> CrdhDossier:
    """A draft dossier for a CRDH meeting still to be held that has none yet, referenced CRDH-<year>-<n>."""
    from committees.models import Committee, Meeting

    _demand_manage(by)
    errors = _check_header(year, title)
    if meeting is None:
        errors["meeting"] = _("Choisissez la réunion du CRDH.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), actor_context(by):
        locked = Meeting.objects.select_related("committee").select_for_update(of=("self",)).get(pk=meeting.pk)
        if locked.committee.kind != Committee.Kind.CRDH:
            raise ValidationError({"meeting": _("Cette réunion n'est pas une réunion du CRDH.")})
        if locked.status in (Meeting.Status.CANCELLED, Meeting.Status.CLOSED):
            raise ValidationError(
                {
                    "meeting": _("Cette réunion est « %(status)s » : choisissez une réunion à venir.")
                    % {"status": locked.get_status_display()}
                }
            )
        if CrdhDossier.objects.filter(meeting=locked).exists():
            raise ValidationError({"meeting": _("Cette réunion du CRDH a déjà son dossier.")})
        dossier = CrdhDossier(
            meeting=locked,
            year=year,
            title=title.strip(),
            introduction=(introduction or "").strip(),
            prepared_by=by,
            reference=next_reference(CrdhDossier, "reference", f"CRDH-{year}-", REFERENCE_LOCK, width=3),
        )
        dossier.full_clean(validate_unique=False)
        dossier.save()
    return dossier


def _lock_draft(dossier: CrdhDossier) -> CrdhDossier:
    locked = CrdhDossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.status != Status.DRAFT:
        raise TransitionRefused(
            _("Le dossier %(ref)s est « %(status)s » : il ne se modifie qu'en brouillon.")
            % {"ref": locked.reference, "status": locked.get_status_display()}
        )
    return locked


def dossier_update(*, dossier: CrdhDossier, by, year: int, title: str, introduction: str = "") -> CrdhDossier:
    """The dossier's year, title and presentation note, while it is a draft (its reference stays)."""
    _demand_manage(by)
    errors = _check_header(year, title)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), actor_context(by):
        locked = _lock_draft(dossier)
        locked.year = year
        locked.title = title.strip()
        locked.introduction = (introduction or "").strip()
        locked.full_clean(validate_unique=False)
        locked.save()
    return locked


# --- Requests ---------------------------------------------------------------------------------------------------------
def _check_request(data: dict) -> None:
    errors: dict[str, list[str]] = {}

    def refuse(name, message):
        errors.setdefault(name, []).append(message)

    if data.get("kind") not in Kind.values:
        refuse("kind", _("Choisissez la nature de la demande."))
    if not (data.get("subject") or "").strip():
        refuse("subject", _("Indiquez l'objet de la demande."))
    if not (data.get("justification") or "").strip():
        refuse("justification", _("Justifiez la demande."))
    amount = data.get("amount")
    if amount is not None and (not isinstance(amount, Decimal) or amount < 0):
        refuse("amount", _("Le montant demandé ne peut pas être négatif."))
    if data.get("kind") in (Kind.CREDITS, Kind.REALLOCATION) and amount is None:
        refuse("amount", _("Une demande de crédits ou de réaffectation indique son montant."))
    if errors:
        raise ValidationError(errors)


def _write_request(request: CrdhRequest, data: dict, projects) -> CrdhRequest:
    assign_fields(request, data, REQUEST_FIELDS)
    request.full_clean(exclude=["dossier", "decision"], validate_unique=False)
    request.save()
    if projects is not None:
        request.projects.set(projects)
    return request


def request_add(*, dossier: CrdhDossier, by, projects=None, **data) -> CrdhRequest:
    """A new request at the end of a draft dossier."""
    _demand_manage(by)
    _check_request(data)
    with transaction.atomic(), actor_context(by):
        locked = _lock_draft(dossier)
        last = locked.requests.aggregate(last=Max("position"))["last"] or 0
        return _write_request(CrdhRequest(dossier=locked, position=last + 1), data, projects or [])


def request_update(*, request: CrdhRequest, by, projects=None, **data) -> CrdhRequest:
    _demand_manage(by)
    _check_request(data)
    with transaction.atomic(), actor_context(by):
        _lock_draft(request.dossier)
        locked = CrdhRequest.objects.select_for_update().get(pk=request.pk)
        return _write_request(locked, data, projects)


def request_remove(*, request: CrdhRequest, by) -> None:
    """A request taken out of a draft dossier; the following ones move up one rank."""
    _demand_manage(by)
    with transaction.atomic(), actor_context(by):
        dossier = _lock_draft(request.dossier)
        locked = CrdhRequest.objects.select_for_update().filter(pk=request.pk).first()
        if locked is None:
            return
        position = locked.position
        locked.projects.clear()
        locked.delete()
        # One by one in rank order: the (dossier, position) constraint is checked row by row.
        for following in dossier.requests.filter(position__gt=position).order_by("position"):
            following.position -= 1
            following.save(update_fields=["position", "updated_at"])


def request_move(*, request: CrdhRequest, by, offset: int) -> CrdhRequest:
    """A request moved one rank up (offset -1) or down (+1) in a draft dossier."""
    _demand_manage(by)
    if offset not in (-1, 1):
        raise ValidationError(_("Déplacement invalide."))
    with transaction.atomic(), actor_context(by):
        dossier = _lock_draft(request.dossier)
        locked = CrdhRequest.objects.select_for_update().get(pk=request.pk)
        other = dossier.requests.select_for_update().filter(position=locked.position + offset).first()
        if other is None:
            raise TransitionRefused(_("Cette demande est déjà à ce bout de la liste."))
        old = locked.position
        locked.position = 0  # a free rank while the two swap
        locked.save(update_fields=["position", "updated_at"])
        other.position = old
        other.save(update_fields=["position", "updated_at"])
        locked.position = old + offset
        locked.save(update_fields=["position", "updated_at"])
    return locked


# --- The lifecycle ----------------------------------------------------------------------------------------------------
def dossier_validate(*, dossier: CrdhDossier, by) -> CrdhDossier:
    """The chef validates the draft, for a CRDH meeting still to be held (a dossier without requests may be validated:
    the page warns)."""

    def apply(locked):
        locked.validated_by = by
        locked.validated_at = timezone.now()
        locked.reopen_reason = ""

    return CRDH_WORKFLOW.run(dossier, "validate", by=by, apply=apply)


def dossier_reopen(*, dossier: CrdhDossier, by, reason: str = "") -> CrdhDossier:
    """The chef sends the validated dossier back to the draft, saying why."""

    def apply(locked):
        locked.validated_by = None
        locked.validated_at = None
        locked.reopen_reason = (reason or "").strip()

    return CRDH_WORKFLOW.run(dossier, "reopen", by=by, apply=apply, reason=reason)


@transaction.atomic
def dossier_send(*, dossier: CrdhDossier, by) -> CrdhDossier:
    """The service sends the validated dossier to the region. Its page, PDF and Excel file are read from the live
    project data, so the dossier as sent is kept: its PDF in French and in Arabic, filed among its attachments."""
    from coordination.crdh_documents import file_stem, render_dossier_pdf

    def apply(locked):
        locked.sent_at = timezone.now()
        locked.sent_by = by

    sent = CRDH_WORKFLOW.run(dossier, "send", by=by, apply=apply)
    day = timezone.localtime(sent.sent_at).strftime("%d/%m/%Y %H:%M")
    for language, label in (("fr", _("français")), ("ar", _("arabe"))):
        pdf = render_dossier_pdf(sent, language)
        name = f"{file_stem(sent)}-transmis-{timezone.localtime(sent.sent_at):%Y%m%d-%H%M}-{language}.pdf"
        attachment_add(
            parent=sent,
            uploaded=SimpleUploadedFile(name, pdf, content_type="application/pdf"),
            by=by,
            description=_("Dossier transmis à la région le %(day)s (PDF, %(language)s)")
            % {"day": day, "language": label},
        )
    return sent


def dossier_withdraw(*, dossier: CrdhDossier, by, reason: str = "") -> CrdhDossier:
    """The service takes the transmitted dossier back to the draft, saying why, while the meeting is not closed."""

    def apply(locked):
        locked.validated_by = None
        locked.validated_at = None
        locked.sent_at = None
        locked.sent_by = None
        locked.reopen_reason = (reason or "").strip()

    return CRDH_WORKFLOW.run(dossier, "withdraw", by=by, apply=apply, reason=reason)


# --- The CRDH's decision ----------------------------------------------------------------------------------------------
def decision_check(request: CrdhRequest, outcome: str, amount) -> list[str]:
    """Why the CRDH's decision on ``request`` cannot be recorded (coordination.agenda's check)."""
    from committees.models import Decision

    reasons = []
    if request.dossier.status != Status.SENT:
        reasons.append(
            _("Le dossier %(ref)s est « %(status)s » : ses demandes n'attendent pas de décision du CRDH.")
            % {"ref": request.dossier.reference, "status": request.dossier.get_status_display()}
        )
    if request.decision_id is not None:
        reasons.append(_("Le CRDH a déjà statué sur cette demande."))
    if amount is not None:
        if outcome != Decision.Outcome.APPROVED_WITH_RESERVES:
            reasons.append(_("Un montant retenu ne s'indique qu'avec une approbation avec réserves."))
        elif request.amount is None:
            reasons.append(_("Cette demande ne porte pas de montant."))
        elif amount > request.amount:
            reasons.append(
                _("Le montant retenu dépasse le montant demandé (%(amount)s DH).") % {"amount": request.amount}
            )
    return reasons


def request_record_decision(*, request: CrdhRequest, decision, by) -> CrdhRequest:
    """The CRDH's decision recorded by the secretariat (committees.services.meetings.decision_record) is kept on the
    request: its outcome, reserves, amended amount and actions are read from it."""
    das_permissions.demand(
        by, "committees.manage_meetings", _("Votre rôle ne permet pas d'enregistrer les décisions du CRDH.")
    )
    with transaction.atomic(), actor_context(by):
        locked = CrdhRequest.objects.select_for_update().select_related("dossier").get(pk=request.pk)
        reasons = decision_check(locked, decision.outcome, decision.amended_amount)
        if reasons:
            raise TransitionRefused(reasons)
        locked.decision = decision
        locked.save(update_fields=["decision", "updated_at"])
    return locked
