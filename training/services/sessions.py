"""Training sessions: scheduling (days and hours), invitations, attendance per day, the named transitions
(planifiée → tenue → clôturée, or annulée), evaluations, the trainer's report and the attestations de participation.

Only the training service (training.manage_sessions) writes here. Every write runs in one transaction under the
actor's name (das.services.audit.actor_context: the pghistory triggers journal it). A session is scheduled only for
an action of a plan « en exécution ». A participant is present on a day when a Presence row links them to it; an
attestation is issued only to a participant present on every day of a held session, numbered ATT-<year>-<nnnn> at
first issue under the attestations' advisory lock and never renumbered.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from das import permissions
from das.services.audit import actor_context
from das.services.numbering import next_reference
from das.workflow import Transition, TransitionRefused, Workflow
from training import permissions as training_perms
from training import session_selectors as selectors
from training.models import (
    Participant,
    Person,
    PlanAction,
    Presence,
    SessionDay,
    SessionEvaluation,
    Team,
    TrainingPlan,
    TrainingSession,
)

SESSION_LOCK = 7_400_081
ATTESTATION_LOCK = 7_400_082
MAX_DAYS = 31  # a session lasts days, not months: a longer range is a typing mistake
Status = TrainingSession.Status
OPEN_STATES = frozenset(TrainingSession.OPEN_STATUSES)


def _demand(by) -> None:
    permissions.demand(
        by, training_perms.MANAGE_SESSIONS, _("Votre rôle ne permet pas d'organiser les sessions de formation.")
    )


def _lock(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update().select_related("action__module").get(pk=session.pk)


def _require_open(session: TrainingSession) -> None:
    if session.status not in OPEN_STATES:
        raise TransitionRefused(
            _("La session est « %(status)s » : elle ne se modifie plus.") % {"status": session.get_status_display()}
        )


# --- Scheduling ------------------------------------------------------------------------------------------------------


def default_hours(module_hours: Decimal, day_count: int) -> Decimal:
    """The module's duration shared between the days, to the tenth of an hour, within the bounds of a day."""
    hours = (Decimal(module_hours) / max(day_count, 1)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return min(max(hours, Decimal("0.5")), Decimal("12"))


def _date_errors(start_date, end_date) -> dict:
    errors = {}
    if start_date is None:
        errors["start_date"] = _("Indiquez la date de début.")
    if end_date is None:
        errors["end_date"] = _("Indiquez la date de fin.")
    if start_date and end_date:
        if end_date < start_date:
            errors["end_date"] = _("La date de fin précède la date de début.")
        elif (end_date - start_date).days + 1 > MAX_DAYS:
            errors["end_date"] = _("Une session dure au plus %(max)s jours.") % {"max": MAX_DAYS}
    return errors


def _dates(start_date, end_date) -> list[datetime.date]:
    return [start_date + datetime.timedelta(days=n) for n in range((end_date - start_date).days + 1)]


def _check_fields(*, action: PlanAction, start_date, end_date, place, trainer, provider_partner) -> None:
    errors = _date_errors(start_date, end_date)
    if not (place or "").strip():
        errors["place"] = _("Indiquez le lieu de la session.")
    if not (trainer or "").strip():
        errors["trainer"] = _("Indiquez le formateur.")
    if action.provider == PlanAction.Provider.EXTERNAL and provider_partner is None:
        errors["provider_partner"] = _("L'action est confiée à un organisme externe : indiquez lequel.")
    if errors:
        raise ValidationError(errors)


def session_create(
    *,
    by,
    action: PlanAction,
    start_date,
    end_date,
    place: str,
    trainer: str,
    commune=None,
    provider_partner=None,
) -> TrainingSession:
    """Schedule a session of a plan action, with one day per date of the range; each day gets the module's
    duration divided by the number of days (changed afterwards per day)."""
    _demand(by)
    if provider_partner is None and action.provider == PlanAction.Provider.EXTERNAL:
        provider_partner = action.provider_partner
    _check_fields(
        action=action,
        start_date=start_date,
        end_date=end_date,
        place=place,
        trainer=trainer,
        provider_partner=provider_partner,
    )
    with transaction.atomic(), actor_context(by):
        # The plan is locked so that it cannot be closed while a session of it is being scheduled.
        plan = TrainingPlan.objects.select_for_update().get(pk=action.plan_id)
        if plan.status != TrainingPlan.Status.IN_PROGRESS:
            raise TransitionRefused(
                _(
                    "Le plan de formation %(year)s est « %(status)s » : les sessions se programment seulement "
                    "quand le plan est en exécution."
                )
                % {"year": plan.year, "status": plan.get_status_display()}
            )
        module = action.module
        reference = next_reference(TrainingSession, "reference", f"SF-{start_date.year}-", SESSION_LOCK)
        session = TrainingSession(
            action=action,
            reference=reference,
            start_date=start_date,
            end_date=end_date,
            place=place.strip(),
            commune=commune,
            trainer=trainer.strip(),
            provider_partner=provider_partner,
            created_by=by,
        )
        session.full_clean(exclude=["reference"])
        session.save()
        dates = _dates(start_date, end_date)
        hours = default_hours(module.duration_hours, len(dates))
        SessionDay.objects.bulk_create([SessionDay(session=session, date=date, hours=hours) for date in dates])
    return session


def session_update(
    *,
    by,
    session: TrainingSession,
    start_date,
    end_date,
    place: str,
    trainer: str,
    commune=None,
    provider_partner=None,
) -> TrainingSession:
    """Change the session's dates, place and trainer. Days left outside the new range are removed — refused if
    anyone was present on them; dates new to the range get a day with the default hours."""
    _demand(by)
    _check_fields(
        action=session.action,
        start_date=start_date,
        end_date=end_date,
        place=place,
        trainer=trainer,
        provider_partner=provider_partner,
    )
    with transaction.atomic(), actor_context(by):
        locked = _lock(session)
        _require_open(locked)
        days = list(locked.days.select_for_update())
        leaving = [day for day in days if not start_date <= day.date <= end_date]
        attended = sorted(
            day.date for day in leaving if Presence.objects.filter(day=day).exists()
        )  # few days: a query each is fine
        if attended:
            raise ValidationError(
                {
                    "start_date": _(
                        "Des présences sont enregistrées le %(dates)s : ces journées ne peuvent pas sortir de la "
                        "session. Retirez d'abord les présences."
                    )
                    % {"dates": ", ".join(date.strftime("%d/%m/%Y") for date in attended)}
                }
            )
        for day in leaving:
            day.delete()
        kept = {day.date for day in days if day not in leaving}
        old_range = set(_dates(locked.start_date, locked.end_date))
        new_dates = [date for date in _dates(start_date, end_date) if date not in kept and date not in old_range]
        if not kept and not new_dates:
            new_dates = _dates(start_date, end_date)
        hours = default_hours(locked.action.module.duration_hours, len(_dates(start_date, end_date)))
        SessionDay.objects.bulk_create([SessionDay(session=locked, date=date, hours=hours) for date in new_dates])
        locked.start_date, locked.end_date = start_date, end_date
        locked.place, locked.trainer = place.strip(), trainer.strip()
        locked.commune, locked.provider_partner = commune, provider_partner
        locked.full_clean()
        locked.save()
    return locked


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value).replace(",", ".").strip())
    except Exception:  # noqa: BLE001 (any unreadable input is the same refusal)
        raise ValidationError({"hours": _("Indiquez un nombre d'heures, par exemple 6 ou 3,5.")}) from None
    if not hours.is_finite() or not Decimal("0.5") <= hours <= Decimal("12"):
        raise ValidationError({"hours": _("Une journée compte de 0,5 à 12 heures de formation.")})
    if hours != hours.quantize(Decimal("0.1")):
        raise ValidationError({"hours": _("Une décimale au plus (par exemple 3,5).")})
    return hours


def day_add(*, by, session: TrainingSession, date, hours) -> SessionDay:
    _demand(by)
    hours = _hours(hours)
    with transaction.atomic(), actor_context(by):
        locked = _lock(session)
        _require_open(locked)
        if date is None or not locked.start_date <= date <= locked.end_date:
            raise ValidationError(
                {
                    "date": _("La journée doit être comprise entre le %(start)s et le %(end)s.")
                    % {"start": locked.start_date.strftime("%d/%m/%Y"), "end": locked.end_date.strftime("%d/%m/%Y")}
                }
            )
        if locked.days.filter(date=date).exists():
            raise ValidationError({"date": _("Cette journée fait déjà partie de la session.")})
        return SessionDay.objects.create(session=locked, date=date, hours=hours)


def day_update(*, by, day: SessionDay, hours) -> SessionDay:
    _demand(by)
    hours = _hours(hours)
    with transaction.atomic(), actor_context(by):
        _require_open(_lock(day.session))
        locked = SessionDay.objects.select_for_update().get(pk=day.pk)
        if locked.hours != hours:
            locked.hours = hours
            locked.save(update_fields=["hours"])
        return locked


def day_remove(*, by, day: SessionDay) -> None:
    _demand(by)
    with transaction.atomic(), actor_context(by):
        session = _lock(day.session)
        _require_open(session)
        if Presence.objects.filter(day_id=day.pk).exists():
            raise TransitionRefused(
                _("Des présences sont enregistrées le %(date)s : retirez-les avant de retirer la journée.")
                % {"date": day.date.strftime("%d/%m/%Y")}
            )
        if session.days.count() <= 1:
            raise TransitionRefused(_("Une session compte au moins une journée."))
        SessionDay.objects.filter(pk=day.pk).delete()


# --- Participants ----------------------------------------------------------------------------------------------------


def _require_invitable(session: TrainingSession) -> None:
    if session.status not in OPEN_STATES:
        raise TransitionRefused(
            _("La session est « %(status)s » : on n'y invite plus personne.") % {"status": session.get_status_display()}
        )


def target_warning(session: TrainingSession, person: Person) -> str:
    """Not a refusal: a person outside the action's target group may still be invited."""
    if person.actor_type == session.action.target_group:
        return ""
    return _(
        "%(person)s est « %(type)s » alors que l'action vise « %(target)s » : invitation enregistrée quand même."
    ) % {
        "person": person,
        "type": person.get_actor_type_display(),
        "target": session.action.get_target_group_display(),
    }


def participant_invite(*, by, session: TrainingSession, person: Person) -> tuple[Participant, str]:
    """Invite one person of the register; the second value is the warning to show (target group), or ""."""
    _demand(by)
    with transaction.atomic(), actor_context(by):
        locked = _lock(session)
        _require_invitable(locked)
        if not person.is_active:
            raise ValidationError({"person": _("%(person)s n'est plus actif au registre.") % {"person": person}})
        if locked.participants.filter(person=person).exists():
            raise ValidationError({"person": _("%(person)s est déjà invité à la session.") % {"person": person}})
        participant = Participant.objects.create(session=locked, person=person, invited_on=timezone.localdate())
    return participant, target_warning(locked, person)


@dataclass(frozen=True)
class TeamInvitation:
    invited: list[Participant]
    already: int
    warnings: list[str]


def team_invite(*, by, session: TrainingSession, team: Team) -> TeamInvitation:
    """Invite in one step the active members of a team (those who have not left it); members already invited are
    skipped, not refused."""
    _demand(by)
    with transaction.atomic(), actor_context(by):
        locked = _lock(session)
        _require_invitable(locked)
        members = [
            member.person
            for member in team.members.filter(left_on__isnull=True, person__is_active=True).select_related("person")
        ]
        if not members:
            raise ValidationError({"team": _("L'équipe %(team)s n'a aucun membre actif.") % {"team": team}})
        present = set(locked.participants.values_list("person_id", flat=True))
        today = timezone.localdate()
        newcomers = [person for person in members if person.pk not in present]
        invited = Participant.objects.bulk_create(
            [Participant(session=locked, person=person, invited_on=today) for person in newcomers]
        )
        warnings = [w for w in (target_warning(locked, p) for p in newcomers) if w]
    return TeamInvitation(invited=invited, already=len(members) - len(invited), warnings=warnings)


def participant_remove(*, by, participant: Participant) -> None:
    _demand(by)
    with transaction.atomic(), actor_context(by):
        session = _lock(participant.session)
        _require_invitable(session)
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        if locked.presences.exists():
            raise TransitionRefused(
                _("%(person)s a des présences enregistrées : son invitation ne se retire plus.")
                % {"person": locked.person}
            )
        if locked.evaluations.exists():
            raise TransitionRefused(_("%(person)s a rempli une grille d'évaluation.") % {"person": locked.person})
        locked.delete()


# --- Attendance ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceCounts:
    added: int
    removed: int


def attendance_save(
    *, by, session: TrainingSession, present: set[tuple[int, int]], expected_stamp: str
) -> AttendanceCounts:
    """Save the grid: ``present`` holds the (participant id, day id) boxes ticked; every other box of a day already
    passed is unticked. Days still to come are left alone (nobody is present in the future). Refused when the session
    is closed or cancelled, or when someone saved the grid since it was opened (``expected_stamp``)."""
    _demand(by)
    today = timezone.localdate()
    with transaction.atomic(), actor_context(by):
        locked = _lock(session)
        if locked.status not in OPEN_STATES:
            raise TransitionRefused(
                _("La session est « %(status)s » : ses présences ne se modifient plus.")
                % {"status": locked.get_status_display()}
            )
        days = {day.pk: day for day in locked.days.all()}
        participants = set(locked.participants.values_list("pk", flat=True))
        for participant_id, day_id in present:
            if participant_id not in participants or day_id not in days:
                raise ValidationError(_("La grille cite un participant ou une journée qui n'en fait plus partie."))
            if days[day_id].date > today:
                raise ValidationError(
                    _("On ne peut pas marquer présent pour le %(date)s : cette journée n'a pas encore eu lieu.")
                    % {"date": days[day_id].date.strftime("%d/%m/%Y")}
                )
        current = list(Presence.objects.select_for_update().filter(day__session=locked))
        if selectors.presence_stamp((p.participant_id, p.day_id) for p in current) != expected_stamp:
            raise TransitionRefused(
                _(
                    "Les présences ont été enregistrées par quelqu'un d'autre depuis que vous avez ouvert la grille : "
                    "rechargez-la avant de la modifier."
                )
            )
        existing = {(p.participant_id, p.day_id): p for p in current}
        past = {pk for pk, day in days.items() if day.date <= today}
        removed = [p.pk for key, p in existing.items() if key not in present and key[1] in past]
        added = [Presence(participant_id=key[0], day_id=key[1]) for key in present if key not in existing]
        Presence.objects.filter(pk__in=removed).delete()
        Presence.objects.bulk_create(added)
    return AttendanceCounts(added=len(added), removed=len(removed))


# --- Transitions -----------------------------------------------------------------------------------------------------


def _hold_guard(session, **_kwargs) -> list[str]:
    if not Presence.objects.filter(day__session=session).exists():
        return [_("Aucune présence n'est enregistrée : saisissez d'abord les présences.")]
    return []


def _close_guard(session, **_kwargs) -> list[str]:
    reasons = []
    if not session.trainer_report.strip():
        reasons.append(_("Le rapport du formateur n'est pas saisi."))
    if session.actual_cost is None:
        reasons.append(_("Le coût réel de la session n'est pas saisi."))
    return reasons


def _cancel_guard(session, *, reason="", **_kwargs) -> list[str]:
    reasons = []
    if not (reason or "").strip():
        reasons.append(_("Indiquez le motif de l'annulation."))
    if Presence.objects.filter(day__session=session).exists():
        reasons.append(_("Des présences sont enregistrées : une session qui a eu lieu ne s'annule pas."))
    return reasons


SESSION_WORKFLOW = Workflow(
    TrainingSession,
    [
        Transition(
            "hold",
            frozenset({Status.PLANNED}),
            Status.HELD,
            gettext_lazy("Marquer comme tenue"),
            training_perms.MANAGE_SESSIONS,
            _hold_guard,
            "primary",
        ),
        Transition(
            "close",
            frozenset({Status.HELD}),
            Status.CLOSED,
            gettext_lazy("Clôturer"),
            training_perms.MANAGE_SESSIONS,
            _close_guard,
            "success",
        ),
        Transition(
            "cancel",
            frozenset({Status.PLANNED}),
            Status.CANCELLED,
            gettext_lazy("Annuler la session"),
            training_perms.MANAGE_SESSIONS,
            _cancel_guard,
            "danger",
        ),
    ],
)


def session_hold(*, session: TrainingSession, by) -> TrainingSession:
    return SESSION_WORKFLOW.run(session, "hold", by=by)


def session_close(*, session: TrainingSession, by) -> TrainingSession:
    return SESSION_WORKFLOW.run(session, "close", by=by)


def session_cancel(*, session: TrainingSession, by, reason: str) -> TrainingSession:
    def apply(locked):
        locked.cancel_reason = reason.strip()

    return SESSION_WORKFLOW.run(session, "cancel", by=by, apply=apply, reason=reason)


# --- Report, cost, evaluations ---------------------------------------------------------------------------------------


def report_save(
    *, by, session: TrainingSession, trainer_report: str, actual_cost: Decimal | None, uploaded=None
) -> TrainingSession:
    """The trainer's report and the session's actual cost (both needed to close it), with the report's file if any.
    Written while the session is planned or held; a closed session keeps what it was closed with."""
    from das.services.documents import attachment_add

    _demand(by)
    if actual_cost is not None and actual_cost < 0:
        raise ValidationError({"actual_cost": _("Le coût ne peut pas être négatif.")})
    with transaction.atomic(), actor_context(by):
        locked = _lock(session)
        _require_open(locked)
        text = (trainer_report or "").strip()
        if text != locked.trainer_report:
            locked.report_recorded_at = timezone.now() if text else None
        locked.trainer_report, locked.actual_cost = text, actual_cost
        locked.full_clean()
        locked.save()
        if uploaded is not None:
            attachment_add(parent=locked, uploaded=uploaded, by=by, description=str(REPORT_FILE))
    return locked


REPORT_FILE = gettext_lazy("Rapport du formateur")
SIGNED_SHEET = gettext_lazy("Feuille de présence signée")
SCAN_TYPES = {"application/pdf", "image/jpeg", "image/png"}


def signed_sheet_add(*, by, session: TrainingSession, uploaded):
    """The scan of the signed attendance sheet: a PDF or an image only (the type read from the file's bytes)."""
    from das.services.documents import attachment_add, detect_type

    _demand(by)
    try:
        mime = detect_type(uploaded)
    except ValidationError:
        mime = ""
    if mime not in SCAN_TYPES:
        raise ValidationError({"file": _("La feuille scannée doit être un PDF ou une image JPEG ou PNG.")})
    with transaction.atomic():
        locked = _lock(session)
        if locked.status == Status.CANCELLED:
            raise TransitionRefused(_("La session est annulée."))
        return attachment_add(parent=locked, uploaded=uploaded, by=by, description=str(SIGNED_SHEET))


def evaluation_add(
    *, by, session: TrainingSession, participant: Participant | None, scores: dict[str, int], comment: str = ""
) -> SessionEvaluation:
    """One satisfaction grid (the five criteria scored 1 to 5), a participant's or anonymous. Entered once the
    session has been held; a participant's grid once, and only if they attended."""
    _demand(by)
    errors = {}
    for field in SessionEvaluation.CRITERIA:
        value = scores.get(field)
        if value is None or not 1 <= int(value) <= 5:
            errors[field] = _("Une note de 1 à 5.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), actor_context(by):
        locked = _lock(session)
        if not locked.is_held:
            raise TransitionRefused(_("Les évaluations se saisissent une fois la session tenue."))
        if participant is not None:
            if participant.session_id != locked.pk:
                raise ValidationError({"participant": _("Cette personne n'est pas invitée à la session.")})
            if not Presence.objects.filter(participant_id=participant.pk).exists():
                raise ValidationError({"participant": _("Ce participant n'a été présent aucun jour.")})
            if locked.evaluations.filter(participant=participant).exists():
                raise ValidationError({"participant": _("Ce participant a déjà rempli sa grille.")})
        evaluation = SessionEvaluation(
            session=locked,
            participant=participant,
            comment=(comment or "").strip(),
            recorded_by=by,
            **{field: int(scores[field]) for field in SessionEvaluation.CRITERIA},
        )
        evaluation.full_clean(validate_unique=False)
        evaluation.save()
    return evaluation


# --- Attestations ----------------------------------------------------------------------------------------------------


def certificate_refusal(participant: Participant) -> str:
    """Why this participant may not receive an attestation now ("" when they may)."""
    session = participant.session
    if not session.is_held:
        return _("La session n'a pas été tenue.")
    days = session.days.count()
    if not session.certificate_eligible(participant.presences.count(), days):
        return _("%(person)s n'a pas été présent(e) tous les jours de la session.") % {"person": participant.person}
    return ""


def certificate_issue(*, by, participant: Participant) -> Participant:
    """Number the participant's attestation at first issue (ATT-<year of the session>-<nnnn>); an attestation
    already issued keeps its number and date."""
    _demand(by)
    for attempt in range(3):
        try:
            with transaction.atomic(), actor_context(by):
                locked = (
                    Participant.objects.select_for_update().select_related("session", "person").get(pk=participant.pk)
                )
                if locked.certificate_number:
                    return locked
                reason = certificate_refusal(locked)
                if reason:
                    raise TransitionRefused(reason)
                year = locked.session.start_date.year
                locked.certificate_number = next_reference(
                    Participant, "certificate_number", f"ATT-{year}-", ATTESTATION_LOCK
                )
                locked.certificate_issued_at = timezone.now()
                locked.save(update_fields=["certificate_number", "certificate_issued_at"])
                return locked
        except IntegrityError:  # pragma: no cover (the advisory lock serialises the numbering)
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def certificates_issue_all(*, by, session: TrainingSession) -> list[Participant]:
    """Issue the attestations of every eligible participant not numbered yet; returns those newly numbered."""
    _demand(by)
    session = TrainingSession.objects.get(pk=session.pk)  # its current status, not the caller's copy
    issued = []
    for participant in selectors.eligible_participants(session):
        if not participant.certificate_number:
            issued.append(certificate_issue(by=by, participant=participant))
    return issued
