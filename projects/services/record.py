"""The project record: direct registration by the head of division, the record's edits (description, territories,
beneficiaries, jobs, AGR, GPS point, maître d'ouvrage, and the cost plan while no convention is signed), and the
ILDH with their animation teams.

Who: registering a project is the head's (APPROVE); editing a record is the monitoring agent's (MANAGE_DOSSIERS) or
the head's. Once a convention is signed, its money is the convention's: only an avenant changes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from das import permissions
from das.services.audit import actor_context
from das.services.numbering import next_reference
from projects import permissions as project_perms
from projects.codes import next_project_code
from projects.models import (
    ILDH,
    Convention,
    ILDHMember,
    Project,
    ProjectBeneficiaries,
    ProjectFunding,
    ProjectTerritory,
)

HUNDRED = Decimal("100")
ILDH_LOCK = 7_400_021  # advisory lock key: numbering of ILDH references
# Changed only while no convention of the project is signed; afterwards an avenant carries any change of money.
COST_PLAN_FIELDS = ("phase", "programme", "holder", "estimated_cost", "indh_share", "holder_contribution")
# What the record's edit page changes besides the cost plan.
RECORD_FIELDS = (
    "title",
    "summary",
    "axis",
    # The rubrique of the fund the INDH share is committed on: a classification for the credits' money picture,
    # not a term of the convention, so it stays editable after the signature (older projects get theirs later).
    "budget_line",
    "sector",
    "ildh",
    "commune",
    "locality",
    "delegated_owner",
    "latitude",
    "longitude",
    "beneficiaries_total",
    "beneficiaries_women",
    "beneficiaries_youth",
    "beneficiaries_disabled",
    "jobs_planned",
    "jobs_created",
    "is_agr",
    "agr_feasibility_done",
    "agr_feasibility_on",
    "agr_personal_contribution",
    "agr_microcredit_amount",
    "agr_microcredit_institution",
    "duration_months",
)
# Registration also sets the dates of the plan (later, the lifecycle's pages change them).
REGISTER_FIELDS = (*COST_PLAN_FIELDS, *RECORD_FIELDS, "validated_on", "planned_start", "planned_end", "reserves")


@dataclass(frozen=True)
class TerritoryLine:
    commune: object  # das.Commune
    share: Decimal
    locality: object = None  # das.Locality of that commune, or None for the whole commune


@dataclass(frozen=True)
class BeneficiaryLine:
    kind: str  # ProjectBeneficiaries.Kind
    sex: str
    age_group: str
    count: int


@dataclass(frozen=True)
class FundingLine:
    partner: object  # das.Partner
    amount: Decimal


def may_edit(user) -> bool:
    return bool(
        permissions.require(user, project_perms.MANAGE_DOSSIERS) or permissions.require(user, project_perms.APPROVE)
    )


def _require_edit(by, message):
    if not may_edit(by):
        raise PermissionDenied(message)


def convention_signed(project: Project) -> bool:
    """Whether a convention of the project was ever signed: from then on its money is the convention's."""
    return Convention.objects.filter(project=project, signed_on__isnull=False).exists()


# --- Checks across lines (the model's clean() holds what one row must satisfy) -----------------------------------


def _territory_errors(project: Project, territories: list[TerritoryLine]) -> list[str]:
    if not territories:
        return []
    errors, seen = [], set()
    for line in territories:
        key = (line.commune.pk, getattr(line.locality, "pk", None))
        if key in seen:
            errors.append(
                _("Le territoire « %(place)s » est saisi deux fois.") % {"place": line.locality or line.commune}
            )
        seen.add(key)
        if line.locality is not None and line.locality.commune_id != line.commune.pk:
            errors.append(
                _("« %(locality)s » n'est pas un quartier ou douar de %(commune)s.")
                % {"locality": line.locality, "commune": line.commune}
            )
        if line.share is None or not Decimal("0") < line.share <= HUNDRED:
            errors.append(_("La part d'un territoire est un pourcentage supérieur à 0 et au plus 100."))
    total = sum((line.share or Decimal("0") for line in territories), Decimal("0"))
    if total != HUNDRED:
        errors.append(
            _("Les parts des territoires doivent faire 100 %% au total (elles font %(total)s %%).") % {"total": total}
        )
    if project.commune_id not in {line.commune.pk for line in territories}:
        errors.append(_("La commune principale du projet doit figurer parmi ses territoires."))
    return errors


def _beneficiary_errors(lines: list[BeneficiaryLine]) -> list[str]:
    errors, seen = [], set()
    for line in lines:
        if line.count is None or line.count < 1:
            errors.append(_("Un nombre de bénéficiaires doit être au moins 1."))
        key = (line.kind, line.sex, line.age_group)
        if key in seen:
            errors.append(_("Une ligne de bénéficiaires (visés ou atteints, sexe, âge) est saisie deux fois."))
        seen.add(key)
    return errors


def _funding_errors(project: Project, fundings: list[FundingLine]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    partners = [line.partner.pk for line in fundings]
    if len(partners) != len(set(partners)):
        errors.setdefault("fundings", []).append(_("Un partenaire figure deux fois au plan de financement."))
    if project.holder_id in partners:
        errors.setdefault("fundings", []).append(
            _("Le porteur a déjà sa contribution : ne le saisissez pas aussi comme partenaire.")
        )
    if any(line.amount is None or line.amount <= 0 for line in fundings):
        errors.setdefault("fundings", []).append(_("La contribution d'un partenaire doit être positive."))
    total = (
        (project.indh_share or Decimal("0"))
        + (project.holder_contribution or Decimal("0"))
        + sum((line.amount or Decimal("0") for line in fundings), Decimal("0"))
    )
    if project.estimated_cost is not None and total != project.estimated_cost:
        errors.setdefault("estimated_cost", []).append(
            _(
                "Le coût global (%(cost)s DH) doit être égal à la somme des contributions : INDH, porteur et "
                "partenaires (%(total)s DH)."
            )
            % {"cost": project.estimated_cost, "total": total}
        )
    return errors


def _apply_beneficiary_totals(project: Project, lines: list[BeneficiaryLine]) -> None:
    """Targeted lines, when given, are the detail of the targeted totals: the totals follow them so that lists and
    conventions (which read the totals) say the same as the detail. People with a disability are not a line's
    dimension and stay as typed."""
    targeted = [line for line in lines if line.kind == ProjectBeneficiaries.Kind.TARGETED]
    if not targeted:
        return
    project.beneficiaries_total = sum(line.count for line in targeted)
    project.beneficiaries_women = sum(line.count for line in targeted if line.sex == ProjectBeneficiaries.Sex.FEMALE)
    project.beneficiaries_youth = sum(
        line.count for line in targeted if line.age_group == ProjectBeneficiaries.AgeGroup.YOUTH
    )


def _raise(errors: dict[str, list[str]]):
    if errors:
        raise ValidationError(errors)


def _validate(project: Project, *, territories, beneficiaries, fundings=None, exclude=(), kept_budget_line=None):
    """Every rule at once, so the page shows all that is wrong in one go. A rubrique no longer active is refused,
    except ``kept_budget_line``, the one the project already had."""
    if not project.is_agr:
        project.clear_agr_fields()
    _apply_beneficiary_totals(project, beneficiaries)
    errors: dict[str, list[str]] = {}
    try:
        project.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if fundings is not None:
        for field, messages in _funding_errors(project, fundings).items():
            errors.setdefault(field, []).extend(messages)
    if project.budget_line_id and project.budget_line_id != kept_budget_line and not project.budget_line.is_active:
        errors.setdefault("budget_line", []).append(
            _("La rubrique « %(line)s » n'est plus utilisée : choisissez une rubrique active.")
            % {"line": project.budget_line}
        )
    if project.ildh_id and project.commune_id and project.ildh.commune_id != project.commune_id:
        errors.setdefault("ildh", []).append(
            _("Cette ILDH est celle de %(commune)s : le projet doit avoir cette commune pour commune principale.")
            % {"commune": project.ildh.commune}
        )
    territory_errors = _territory_errors(project, territories)
    if territory_errors:
        errors.setdefault("territories", []).extend(territory_errors)
    beneficiary_errors = _beneficiary_errors(beneficiaries)
    if beneficiary_errors:
        errors.setdefault("beneficiaries", []).extend(beneficiary_errors)
    _raise(errors)


def _write_lines(project: Project, *, territories, beneficiaries, fundings=None):
    project.territories.all().delete()
    ProjectTerritory.objects.bulk_create(
        ProjectTerritory(project=project, commune=line.commune, locality=line.locality, share=line.share)
        for line in territories
    )
    project.beneficiary_lines.all().delete()
    ProjectBeneficiaries.objects.bulk_create(
        ProjectBeneficiaries(project=project, kind=line.kind, sex=line.sex, age_group=line.age_group, count=line.count)
        for line in beneficiaries
    )
    if fundings is not None:
        project.fundings.all().delete()
        ProjectFunding.objects.bulk_create(
            ProjectFunding(project=project, partner=line.partner, amount=line.amount) for line in fundings
        )


# --- Direct registration ------------------------------------------------------------------------------------------


@transaction.atomic
def project_register(
    *,
    by,
    taken_over: bool = False,
    code: str = "",
    fundings=(),
    territories=(),
    beneficiaries=(),
    **fields,
) -> Project:
    """The head registers a project without a dossier: a programme run without a call, or (``taken_over``) a project
    from before the system, which may keep its former code if no other project has it."""
    permissions.demand(
        by, project_perms.APPROVE, _("Seul le chef de division enregistre un projet sans dossier de candidature.")
    )
    unknown = set(fields) - set(REGISTER_FIELDS)
    if unknown:
        raise TypeError(f"project_register: unexpected fields {sorted(unknown)}")
    fundings, territories, beneficiaries = list(fundings), list(territories), list(beneficiaries)
    fields.setdefault("validated_on", timezone.localdate())
    project = Project(origin=Project.Origin.TAKEN_OVER if taken_over else Project.Origin.DIRECT, **fields)
    code = (code or "").strip()
    if code and not taken_over:
        raise ValidationError({"code": _("Seul un projet repris d'avant le système garde son ancien code.")})
    errors: dict[str, list[str]] = {}
    if code and Project.objects.filter(code__iexact=code).exists():
        errors["code"] = [_("Le code « %(code)s » est déjà celui d'un autre projet.") % {"code": code}]
    try:
        _validate(project, territories=territories, beneficiaries=beneficiaries, fundings=fundings, exclude=["code"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    _raise(errors)
    project.code = code or next_project_code(
        year=project.validated_on.year, programme=project.programme, phase=project.phase, commune=project.commune
    )
    with actor_context(by):
        project.full_clean()
        project.save()
        _write_lines(project, territories=territories, beneficiaries=beneficiaries, fundings=fundings)
    return project


# --- The record's edits -----------------------------------------------------------------------------------------


def _cost_plan_changed(locked: Project, fields: dict, fundings) -> bool:
    for name in COST_PLAN_FIELDS:
        if name in fields:
            current = (
                getattr(locked, f"{name}_id") if name in {"phase", "programme", "holder"} else getattr(locked, name)
            )
            new = getattr(fields[name], "pk", fields[name])
            if current != new:
                return True
    if fundings is None:
        return False
    current = sorted((f.partner_id, f.amount) for f in locked.fundings.all())
    return current != sorted((line.partner.pk, line.amount) for line in fundings)


@transaction.atomic
def project_update_record(
    *, project: Project, by, territories=(), beneficiaries=(), fundings=None, **fields
) -> Project:
    """Change the project's record. The cost plan (programme, holder, amounts, partners: ``fundings`` None leaves
    the partners as they are) changes only while no convention is signed."""
    _require_edit(by, _("Votre rôle ne permet pas de modifier la fiche du projet."))
    unknown = set(fields) - set(RECORD_FIELDS) - set(COST_PLAN_FIELDS)
    if unknown:
        raise TypeError(f"project_update_record: unexpected fields {sorted(unknown)}")
    locked = Project.objects.select_for_update().get(pk=project.pk)
    territories, beneficiaries = list(territories), list(beneficiaries)
    fundings = list(fundings) if fundings is not None else None
    money_changes = _cost_plan_changed(locked, fields, fundings)
    if money_changes and convention_signed(locked):
        raise ValidationError(
            {
                "estimated_cost": _(
                    "La convention de ce projet est signée : son plan de financement (programme, porteur, montants, "
                    "partenaires) ne change plus que par un avenant."
                )
            }
        )
    # The duration is a term of the signed convention as well: an avenant changes it (and keeps what it was).
    new_duration = fields.get("duration_months", locked.duration_months)
    if new_duration != locked.duration_months and convention_signed(locked):
        message = _("La convention de ce projet est signée : sa durée ne change plus que par un avenant.")
        raise ValidationError({"duration_months": message})
    kept_budget_line = locked.budget_line_id
    for name, value in fields.items():
        setattr(locked, name, value)
    check_fundings = fundings if fundings is not None else (list_fundings(locked) if money_changes else None)
    _validate(
        locked,
        territories=territories,
        beneficiaries=beneficiaries,
        fundings=check_fundings,
        kept_budget_line=kept_budget_line,
    )
    with actor_context(by):
        locked.save()
        _write_lines(
            locked,
            territories=territories,
            beneficiaries=beneficiaries,
            fundings=fundings if money_changes else None,
        )
    return locked


def list_fundings(project: Project) -> list[FundingLine]:
    return [FundingLine(f.partner, f.amount) for f in project.fundings.select_related("partner")]


# --- ILDH ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberLine:
    name: str
    sex: str
    function: str
    organisation: str = ""


ILDH_FIELDS = ("title", "commune", "locality", "start_year", "end_year", "diagnostic_summary")


def _write_members(ildh: ILDH, members: list[MemberLine]):
    ildh.members.all().delete()
    for line in members:
        member = ILDHMember(
            ildh=ildh,
            name=line.name.strip(),
            sex=line.sex,
            function=line.function.strip(),
            organisation=(line.organisation or "").strip(),
        )
        member.full_clean(exclude=["ildh"])
        member.save()


def _member_errors(members: list[MemberLine]) -> list[str]:
    errors = []
    if any(not line.name.strip() or not line.function.strip() or not line.sex for line in members):
        errors.append(_("Chaque membre de l'équipe d'animation a un nom, un sexe et une fonction."))
    return errors


@transaction.atomic
def ildh_create(*, by, members=(), **fields) -> ILDH:
    """Record an ILDH with its animation team; it takes the next reference of its first year (ILDH-2011-0001)."""
    _require_edit(by, _("Votre rôle ne permet pas d'enregistrer une ILDH."))
    members = list(members)
    ildh = ILDH(**{name: value for name, value in fields.items() if name in ILDH_FIELDS})
    errors: dict[str, list[str]] = {}
    try:
        ildh.full_clean(exclude=["reference"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if _member_errors(members):
        errors["members"] = _member_errors(members)
    _raise(errors)
    with actor_context(by):
        ildh.reference = next_reference(ILDH, "reference", f"ILDH-{ildh.start_year}-", ILDH_LOCK)
        ildh.save()
        _write_members(ildh, members)
    return ildh


@transaction.atomic
def ildh_update(*, ildh: ILDH, by, members=(), **fields) -> ILDH:
    _require_edit(by, _("Votre rôle ne permet pas de modifier une ILDH."))
    locked = ILDH.objects.select_for_update().get(pk=ildh.pk)
    members = list(members)
    for name, value in fields.items():
        if name in ILDH_FIELDS:
            setattr(locked, name, value)
    errors: dict[str, list[str]] = {}
    try:
        locked.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if _member_errors(members):
        errors["members"] = _member_errors(members)
    outside = locked.projects.exclude(commune=locked.commune).exists() if locked.commune_id else False
    if outside:
        errors.setdefault("commune", []).append(
            _("Des projets rattachés à cette ILDH sont dans une autre commune : détachez-les d'abord.")
        )
    _raise(errors)
    with actor_context(by):
        locked.save()
        _write_members(locked, members)
    return locked
