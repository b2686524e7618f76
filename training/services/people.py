"""Writes of the people area: the register of people trained (with duplicate detection and merging), the registration
of committee members, the EAC/EAQ teams and their members, the teams' support requests and their lifecycle.

Only the training service (training.manage_actors) writes. Every write runs in one transaction under the actor's
name (das.services.audit.actor_context): the models are audited by triggers, so each change is journaled with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from das import permissions
from das.models import Locality
from das.services.audit import actor_context
from das.services.numbering import next_reference
from das.workflow import Transition, TransitionRefused, Workflow
from training import people_selectors as selectors
from training.models import Participant, Person, SupportRequest, Team, TeamMember
from training.permissions import MANAGE_ACTORS

SUPPORT_REQUEST_LOCK = 7_400_080
Status = SupportRequest.Status
PERSON_FIELDS = (
    "full_name",
    "full_name_ar",
    "cin",
    "sex",
    "age_group",
    "actor_type",
    "partner",
    "committee_member",
    "organisation",
    "function",
    "commune",
    "phone",
    "email",
    "notes",
)
# What, when changed, may make a person look like another one: the duplicate check runs again.
IDENTITY_FIELDS = ("full_name", "commune", "phone", "cin")
TEAM_FIELDS = ("kind", "name", "commune", "locality", "formed_on", "is_active", "notes")
REQUEST_FIELDS = ("team", "domain", "subject", "request", "received_on")


def _require(by) -> None:
    permissions.demand(
        by, MANAGE_ACTORS, _("Votre rôle ne permet pas de tenir le registre des personnes formées ni les équipes.")
    )


class PossibleDuplicates(ValidationError):
    """People of the register who may be this one: saving needs the agent's confirmation that it is another one."""

    def __init__(self, duplicates):
        super().__init__(
            {
                "confirm_not_duplicate": _(
                    "Des personnes semblables sont déjà inscrites : vérifiez-les, puis cochez « Il s'agit d'une autre "
                    "personne » pour enregistrer."
                )
            }
        )
        self.duplicates = duplicates


# --- The register ----------------------------------------------------------------------------------------------------


def _cin_taken_message(other: Person) -> str:
    return _("Une personne du registre porte déjà ce numéro de CIN : %(name)s.") % {"name": other.full_name}


def _save_person(person: Person, *, confirmed_not_duplicate: bool, check_duplicates: bool) -> Person:
    person.full_name = " ".join((person.full_name or "").split())
    person.full_name_ar = " ".join((person.full_name_ar or "").split())
    person.cin = selectors.normalize_cin(person.cin)
    person.phone = selectors.normalize_phone(person.phone)
    person.email = (person.email or "").strip()
    if not person.full_name:
        raise ValidationError({"full_name": _("Indiquez le nom et le prénom.")})
    if person.cin:
        other = Person.objects.filter(cin=person.cin).exclude(pk=person.pk).first()
        if other is not None:  # a CIN is one person's: refused outright, whatever is confirmed
            raise ValidationError({"cin": _cin_taken_message(other)})
    if person.committee_member_id:
        other = Person.objects.filter(committee_member_id=person.committee_member_id).exclude(pk=person.pk).first()
        if other is not None:
            raise ValidationError(
                {
                    "committee_member": _("Ce membre de comité est déjà inscrit au registre : %(name)s.")
                    % {"name": other.full_name}
                }
            )
    if check_duplicates:
        duplicates = selectors.person_duplicates(
            full_name=person.full_name,
            commune=person.commune_id,
            phone=person.phone,
            cin=person.cin,
            exclude_pk=person.pk,
        )
        if duplicates and not confirmed_not_duplicate:
            raise PossibleDuplicates(duplicates)
    person.full_clean(validate_unique=False, validate_constraints=False)
    try:
        # The checks above run without a lock: the unique indexes refuse what was saved meanwhile; the savepoint
        # keeps the transaction usable to say so in French.
        with transaction.atomic():
            person.save()
    except IntegrityError:
        if person.cin and Person.objects.filter(cin=person.cin).exclude(pk=person.pk).exists():
            raise ValidationError({"cin": _cin_taken_message(Person.objects.get(cin=person.cin))}) from None
        raise ValidationError({"committee_member": _("Ce membre de comité est déjà inscrit au registre.")}) from None
    return person


@transaction.atomic
def person_create(*, by, confirmed_not_duplicate: bool = False, **fields) -> Person:
    """Register a person. Refused with PossibleDuplicates (listing them) when someone of the same name in the same
    commune, or with the same phone or CIN, is already registered, unless ``confirmed_not_duplicate``; refused
    outright when the CIN is already someone's."""
    _require(by)
    person = Person(**{name: value for name, value in fields.items() if name in PERSON_FIELDS})
    with actor_context(by):
        return _save_person(person, confirmed_not_duplicate=confirmed_not_duplicate, check_duplicates=True)


@transaction.atomic
def person_update(*, person: Person, by, confirmed_not_duplicate: bool = False, **fields) -> Person:
    """Correct a person; the duplicate check runs again when the name, commune, phone or CIN changes."""
    _require(by)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if not locked.is_active:
        raise TransitionRefused(_("Cette fiche a été fusionnée dans une autre : elle ne se modifie plus."))
    before = {name: getattr(locked, name if name != "commune" else "commune_id") for name in IDENTITY_FIELDS}
    for name, value in fields.items():
        if name in PERSON_FIELDS:
            setattr(locked, name, value)
    normalized = {
        "full_name": " ".join((locked.full_name or "").split()),
        "commune": locked.commune_id,
        "phone": selectors.normalize_phone(locked.phone),
        "cin": selectors.normalize_cin(locked.cin),
    }
    changed = any(normalized[name] != before[name] for name in IDENTITY_FIELDS)
    with actor_context(by):
        return _save_person(locked, confirmed_not_duplicate=confirmed_not_duplicate, check_duplicates=changed)


MERGE_FILLED = ("full_name_ar", "cin", "phone", "email", "partner", "organisation", "function", "commune")


@transaction.atomic
def person_merge(*, kept: Person, merged: Person, by) -> Person:
    """Merge a duplicate into the person kept: its team memberships and session participations move to the kept
    person, the kept person's empty fields take the duplicate's values (CIN, phone, Arabic name…), its committee
    seat moves when the kept person has none, and the duplicate is deactivated (never deleted), with a note saying
    where it went. Refused when both took part in the same session or sit together in the same team."""
    _require(by)
    if kept.pk == merged.pk:
        raise ValidationError({"merged": _("Choisissez une autre personne que celle conservée.")})
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[kept.pk, merged.pk]).order_by("pk")}
    kept, merged = locked[kept.pk], locked[merged.pk]
    if not kept.is_active or not merged.is_active:
        raise TransitionRefused(_("Une fiche déjà fusionnée ne peut plus l'être."))
    shared_sessions = list(
        Participant.objects.filter(person=merged, session__participants__person=kept)
        .select_related("session")
        .values_list("session__reference", flat=True)
        .distinct()
    )
    if shared_sessions:
        raise TransitionRefused(
            _(
                "Les deux personnes ont participé à la même session (%(sessions)s) : ce sont deux personnes "
                "différentes, elles ne se fusionnent pas."
            )
            % {"sessions": ", ".join(sorted(shared_sessions))}
        )
    shared_teams = list(
        TeamMember.objects.filter(person=merged, left_on__isnull=True)
        .filter(team__members__person=kept, team__members__left_on__isnull=True)
        .values_list("team__name", flat=True)
        .distinct()
    )
    if shared_teams:
        raise TransitionRefused(
            _(
                "Les deux personnes sont membres actifs de la même équipe (%(teams)s) : enregistrez d'abord la sortie "
                "de la fiche en double."
            )
            % {"teams": ", ".join(sorted(shared_teams))}
        )
    with actor_context(by):
        TeamMember.objects.filter(person=merged).update(person=kept)
        Participant.objects.filter(person=merged).update(person=kept)
        seat = merged.committee_member_id if not kept.committee_member_id else None
        cin = merged.cin if not kept.cin else ""
        merged.is_active = False
        if seat:
            merged.committee_member = None
        if cin:
            merged.cin = ""
        note = _("Fusionnée le %(date)s dans la fiche de %(name)s (n° %(pk)s).") % {
            "date": date_format(timezone.localdate(), "DATE_FORMAT"),
            "name": kept.full_name,
            "pk": kept.pk,
        }
        merged.notes = f"{merged.notes}\n{note}".strip()
        merged.save()
        for name in MERGE_FILLED:
            attribute = f"{name}_id" if name in ("partner", "commune") else name
            if not getattr(kept, attribute) and getattr(merged, attribute):
                setattr(kept, attribute, getattr(merged, attribute))
        if cin:
            kept.cin = cin
        if seat:
            kept.committee_member_id = seat
        kept.full_clean(validate_unique=False, validate_constraints=False)
        kept.save()
    return kept


# --- Committee members -----------------------------------------------------------------------------------------------


@dataclass
class RegistrationResult:
    created: list = field(default_factory=list)
    linked: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (member, reason)


@transaction.atomic
def register_committee_members(*, by, members) -> RegistrationResult:
    """Register CLDH / CPDH members as people trained: linked to their seat, with their name, sex, age group, the
    actor type of their committee and its commune. A person of the same name already in the register (in the
    committee's commune when it has one) is linked to the seat instead of registering the member twice; when
    several bear that name, or that person already holds another seat, the member is left for the agent to settle."""
    from committees.models import Member

    _require(by)
    result = RegistrationResult()
    ids = sorted({getattr(m, "pk", m) for m in members})
    locked = list(Member.objects.select_for_update(of=("self",)).filter(pk__in=ids).select_related("committee"))
    taken = set(Person.objects.filter(committee_member__in=ids).values_list("committee_member_id", flat=True))
    with actor_context(by):
        for member in sorted(locked, key=lambda m: m.full_name):
            committee = member.committee
            if committee.kind not in selectors.COMMITTEE_ACTOR_TYPES:
                result.skipped.append((member, _("Seuls les membres des CLDH et du CPDH s'inscrivent ici.")))
                continue
            if member.pk in taken:
                result.skipped.append((member, _("Déjà inscrit au registre.")))
                continue
            from training.matching import name_key

            same = Person.objects.select_for_update(of=("self",)).filter(
                is_active=True, name_key=name_key(member.full_name)
            )
            if committee.commune_id:
                same = same.filter(commune_id=committee.commune_id)
            same = list(same.select_related("committee_member__committee"))
            if len(same) > 1:
                result.skipped.append(
                    (member, _("Plusieurs personnes du registre portent ce nom : rattachez la bonne à la main."))
                )
                continue
            if same:
                person = same[0]
                if person.committee_member_id:
                    result.skipped.append(
                        (
                            member,
                            _("%(name)s est déjà inscrite au titre d'un autre siège (%(committee)s).")
                            % {"name": person.full_name, "committee": person.committee_member.committee},
                        )
                    )
                    continue
                person.committee_member = member
                person.save()
                result.linked.append(person)
                continue
            person = Person(
                committee_member=member,
                full_name=member.full_name,
                full_name_ar=member.full_name_ar,
                sex=member.sex,
                age_group=member.age_group,
                actor_type=selectors.COMMITTEE_ACTOR_TYPES[committee.kind],
                commune_id=committee.commune_id,
                function=member.title or member.get_function_display(),
                phone=selectors.normalize_phone(member.phone),
                email=member.email,
            )
            person.full_clean(validate_unique=False, validate_constraints=False)
            person.save()
            result.created.append(person)
    return result


# --- Teams -----------------------------------------------------------------------------------------------------------


def _check_team(team: Team) -> None:
    team.name = " ".join((team.name or "").split())
    errors = {}
    if team.kind == Team.Kind.EAQ:
        if not team.locality_id:
            errors["locality"] = _("Une EAQ est rattachée à un quartier de sa commune : choisissez-le.")
        elif team.commune_id and Locality.objects.get(pk=team.locality_id).commune_id != team.commune_id:
            errors["locality"] = _("Ce quartier n'appartient pas à la commune de l'équipe.")
    elif team.locality_id:
        errors["locality"] = _("Une EAC couvre toute sa commune : laissez le quartier vide.")
    if team.formed_on and team.formed_on > timezone.localdate():
        errors["formed_on"] = _("La date de constitution est dans le futur.")
    if team.name and team.commune_id:
        same = Team.objects.filter(commune_id=team.commune_id, name__iexact=team.name).exclude(pk=team.pk)
        if same.exists():
            errors["name"] = _("Une équipe de cette commune porte déjà ce nom.")
    if errors:
        raise ValidationError(errors)


def _save_team(team: Team) -> Team:
    _check_team(team)
    team.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError:
        raise ValidationError({"name": _("Une équipe de cette commune porte déjà ce nom.")}) from None
    return team


@transaction.atomic
def team_create(*, by, **fields) -> Team:
    """Constitute an EAC (a commune) or an EAQ (a quartier of the commune)."""
    _require(by)
    team = Team(**{name: value for name, value in fields.items() if name in TEAM_FIELDS})
    with actor_context(by):
        return _save_team(team)


@transaction.atomic
def team_update(*, team: Team, by, **fields) -> Team:
    _require(by)
    locked = Team.objects.select_for_update().get(pk=team.pk)
    moved = "commune" in fields and getattr(fields["commune"], "pk", fields["commune"]) != locked.commune_id
    if moved and (locked.members.exists() or locked.support_requests.exists()):
        raise ValidationError(
            {"commune": _("L'équipe a déjà des membres ou des demandes : sa commune ne change plus.")}
        )
    for name, value in fields.items():
        if name in TEAM_FIELDS:
            setattr(locked, name, value)
    with actor_context(by):
        return _save_team(locked)


def _check_joining(team: Team, person: Person, role: str, joined_on) -> None:
    errors = {}
    if not team.is_active:
        raise TransitionRefused(_("Cette équipe n'est plus active : elle ne reçoit plus de membres."))
    if person.pk is None:
        pass  # a person registered in the same step: nothing to check yet
    elif not person.is_active:
        errors["person"] = _("Cette fiche a été fusionnée dans une autre : choisissez la fiche conservée.")
    elif TeamMember.objects.filter(team=team, person=person, left_on__isnull=True).exists():
        errors["person"] = _("Cette personne est déjà membre de l'équipe.")
    if joined_on is None:
        errors["joined_on"] = _("Indiquez la date d'entrée dans l'équipe.")
    elif joined_on > timezone.localdate():
        errors["joined_on"] = _("La date d'entrée est dans le futur.")
    elif team.formed_on and joined_on < team.formed_on:
        errors["joined_on"] = _("L'équipe a été constituée le %(date)s : l'entrée ne peut la précéder.") % {
            "date": date_format(team.formed_on, "DATE_FORMAT")
        }
    if role not in TeamMember.Role.values:
        errors["role"] = _("Choisissez le rôle dans l'équipe.")
    elif role == TeamMember.Role.COORDINATOR:
        current = TeamMember.objects.filter(team=team, role=role, left_on__isnull=True).select_related("person")
        current = current.first()
        if current is not None:
            errors["role"] = _("%(name)s est déjà coordinateur local de l'équipe : enregistrez d'abord sa sortie.") % {
                "name": current.person.full_name
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def member_add(*, team: Team, person: Person, by, role: str = TeamMember.Role.ANIMATOR, joined_on=None) -> TeamMember:
    """A person of the register joins the team (one coordinator at a time; once at a time)."""
    _require(by)
    team = Team.objects.select_for_update().get(pk=team.pk)
    person = Person.objects.get(pk=person.pk)
    _check_joining(team, person, role, joined_on)
    member = TeamMember(team=team, person=person, role=role, joined_on=joined_on)
    with actor_context(by):
        member.full_clean(validate_unique=False, validate_constraints=False)
        member.save()
    return member


@transaction.atomic
def member_add_new_person(
    *, team: Team, by, role: str, joined_on, confirmed_not_duplicate: bool = False, **person_fields
) -> TeamMember:
    """Register a person (with the duplicate check of person_create) and make them a member, all or nothing."""
    _require(by)
    locked = Team.objects.select_for_update().get(pk=team.pk)
    probe = Person(full_name=person_fields.get("full_name", ""))
    _check_joining(locked, probe, role, joined_on)
    person_fields.setdefault("commune", locked.commune)
    person = person_create(by=by, confirmed_not_duplicate=confirmed_not_duplicate, **person_fields)
    return member_add(team=locked, person=person, by=by, role=role, joined_on=joined_on)


@transaction.atomic
def member_leave(*, member: TeamMember, by, left_on) -> TeamMember:
    """The member leaves the team on ``left_on``; the membership stays in the team's history."""
    _require(by)
    locked = TeamMember.objects.select_for_update().get(pk=member.pk)
    if locked.left_on:
        raise TransitionRefused(_("Ce membre a déjà quitté l'équipe."))
    if left_on is None:
        raise ValidationError({"left_on": _("Indiquez la date de sortie.")})
    if left_on > timezone.localdate():
        raise ValidationError({"left_on": _("La date de sortie est dans le futur.")})
    if left_on < locked.joined_on:
        raise ValidationError(
            {
                "left_on": _("La sortie ne peut précéder l'entrée dans l'équipe (%(date)s).")
                % {"date": date_format(locked.joined_on, "DATE_FORMAT")}
            }
        )
    locked.left_on = left_on
    with actor_context(by):
        locked.save(update_fields=["left_on"])
    return locked


# --- Support requests ------------------------------------------------------------------------------------------------


def _check_request(support: SupportRequest) -> None:
    errors = {}
    if not (support.subject or "").strip():
        errors["subject"] = _("Indiquez l'objet de la demande.")
    if not (support.request or "").strip():
        errors["request"] = _("Décrivez la demande de l'équipe.")
    if support.received_on and support.received_on > timezone.localdate():
        errors["received_on"] = _("La date de réception est dans le futur.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def support_request_create(*, by, team: Team, domain: str, subject: str, request: str, received_on=None):
    """Record a team's request for support, numbered DA-<year>-<nnnn> in the year it was received."""
    _require(by)
    received_on = received_on or timezone.localdate()
    support = SupportRequest(
        team=team,
        domain=domain,
        subject=(subject or "").strip(),
        request=(request or "").strip(),
        received_on=received_on,
    )
    _check_request(support)
    support.reference = next_reference(SupportRequest, "reference", f"DA-{received_on.year}-", SUPPORT_REQUEST_LOCK)
    with actor_context(by):
        support.full_clean()
        support.save()
    return support


@transaction.atomic
def support_request_update(*, support_request: SupportRequest, by, **fields) -> SupportRequest:
    """Correct a request while it is not answered (its reference stays)."""
    _require(by)
    locked = SupportRequest.objects.select_for_update().get(pk=support_request.pk)
    if locked.status not in SupportRequest.IN_PROGRESS_STATUSES:
        raise TransitionRefused(_("Une demande répondue ou clôturée ne se modifie plus."))
    for name, value in fields.items():
        if name in REQUEST_FIELDS and name != "team":
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
    _check_request(locked)
    with actor_context(by):
        locked.full_clean()
        locked.save()
    return locked


def _take_charge_guard(support, *, assigned_to=None, **_kwargs):
    if assigned_to is None:
        return [_("Indiquez qui suit la demande.")]
    if not assigned_to.is_active:
        return [_("Ce compte est désactivé : choisissez un agent en activité.")]
    return []


def _answer_guard(support, *, answer="", answered_on=None, **_kwargs):
    reasons = []
    if not (answer or "").strip():
        reasons.append(_("Rédigez la réponse apportée à l'équipe."))
    if answered_on is None:
        reasons.append(_("Indiquez la date de la réponse."))
    elif answered_on > timezone.localdate() or answered_on < support.received_on:
        reasons.append(_("La date de réponse doit être entre la réception de la demande et aujourd'hui."))
    return reasons


def _close_guard(support, *, closing_note="", **_kwargs):
    if not (closing_note or "").strip():
        return [_("Indiquez les observations de clôture (suite donnée, satisfaction de l'équipe).")]
    return []


def _reopen_guard(support, *, reason="", **_kwargs):
    if not (reason or "").strip():
        return [_("Indiquez pourquoi l'équipe revient vers la division.")]
    return []


SUPPORT_WORKFLOW = Workflow(
    SupportRequest,
    [
        Transition(
            "take_charge",
            frozenset({Status.OPEN}),
            Status.IN_PROGRESS,
            gettext_lazy("Prendre en charge"),
            MANAGE_ACTORS,
            _take_charge_guard,
        ),
        Transition(
            "answer",
            frozenset({Status.IN_PROGRESS}),
            Status.ANSWERED,
            gettext_lazy("Enregistrer la réponse"),
            MANAGE_ACTORS,
            _answer_guard,
            "success",
        ),
        Transition(
            "close",
            frozenset({Status.ANSWERED}),
            Status.CLOSED,
            gettext_lazy("Clôturer la demande"),
            MANAGE_ACTORS,
            _close_guard,
            "success",
        ),
        Transition(
            "reopen",
            frozenset({Status.ANSWERED}),
            Status.IN_PROGRESS,
            gettext_lazy("Rouvrir (l'équipe revient)"),
            MANAGE_ACTORS,
            _reopen_guard,
            "outline-warning",
        ),
    ],
)


def support_request_take_charge(*, support_request, by, assigned_to=None):
    """ouverte → en cours: someone of the service follows it (whoever takes it in charge by default)."""
    assigned_to = assigned_to or by
    return SUPPORT_WORKFLOW.run(
        support_request,
        "take_charge",
        by=by,
        apply=lambda s: setattr(s, "assigned_to", assigned_to),
        assigned_to=assigned_to,
    )


def support_request_answer(*, support_request, by, answer, answered_on):
    """en cours → répondue: the answer given to the team and its date."""

    def apply(locked):
        locked.answer = answer.strip()
        locked.answered_on = answered_on

    return SUPPORT_WORKFLOW.run(support_request, "answer", by=by, apply=apply, answer=answer, answered_on=answered_on)


def support_request_close(*, support_request, by, closing_note):
    """répondue → clôturée, with the closing observations; closed today."""

    def apply(locked):
        locked.closing_note = closing_note.strip()
        locked.closed_on = timezone.localdate()

    return SUPPORT_WORKFLOW.run(support_request, "close", by=by, apply=apply, closing_note=closing_note)


def support_request_reopen(*, support_request, by, reason):
    """répondue → en cours when the team comes back: the reason is added to the request, the previous answer stays
    in the history and a new one will be recorded."""

    def apply(locked):
        stamp = date_format(timezone.localdate(), "DATE_FORMAT")
        addition = _("Relance de l'équipe le %(date)s : %(reason)s") % {"date": stamp, "reason": reason.strip()}
        locked.request = f"{locked.request}\n\n{addition}"
        locked.answered_on = None

    return SUPPORT_WORKFLOW.run(support_request, "reopen", by=by, apply=apply, reason=reason)
