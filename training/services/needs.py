"""Training needs and the training architecture: themes, needs, the catalogue of modules and the curricula.

Only the training service (training.manage_needs) writes them. Every write checks its rules here and says what is
wrong in French, next to the field it concerns; the rows are audited (pghistory triggers) under the writer's name.
Writes to the module graph (prerequisites) and to a curriculum's order take a lock first, so two agents saving at
the same time cannot build a prerequisite cycle or two steps at the same rank.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from das import permissions
from das.services.audit import actor_context
from training import permissions as training_perms
from training.models import ActorType, Curriculum, CurriculumModule, Module, Need, NeedTheme, Team

# Serialises the writes that change the prerequisite graph (cycle checks read the whole graph).
CATALOGUE_LOCK = 7_400_083
FIRST_YEAR = 2005
MAX_HOURS_PER_DAY = 12
TEAM_SOURCES = {Need.Source.EAC: Team.Kind.EAC, Need.Source.EAQ: Team.Kind.EAQ}
COMMITTEE_SOURCES = {Need.Source.CLDH: "cldh", Need.Source.CPDH: "cpdh"}


def _demand(by) -> None:
    permissions.demand(
        by,
        training_perms.MANAGE_NEEDS,
        _("Votre rôle ne permet pas de recenser les besoins ni de tenir le catalogue des formations."),
    )


def _text(value) -> str:
    return (value or "").strip()


def _save(target, errors_on_integrity: dict | None = None):
    """full_clean then save; a unique index hit under concurrency comes back as the French message given."""
    target.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError:
        if errors_on_integrity:
            raise ValidationError(errors_on_integrity) from None
        raise


def _code(value) -> str:
    return _text(value).upper()


# --- Themes ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def theme_save(
    *,
    by,
    theme: NeedTheme | None = None,
    code: str,
    name_fr: str,
    name_ar: str = "",
    description: str = "",
    is_active: bool = True,
) -> NeedTheme:
    """Create or change a theme. Codes are stored upper-cased and unique whatever the case typed."""
    _demand(by)
    code = _code(code)
    errors = {}
    taken = _("Un thème de formation porte déjà le code « %(code)s ».") % {"code": code}
    if not code:
        errors["code"] = _("Indiquez le code du thème.")
    elif NeedTheme.objects.filter(code__iexact=code).exclude(pk=theme.pk if theme else None).exists():
        errors["code"] = taken
    if not _text(name_fr):
        errors["name_fr"] = _("Indiquez le nom du thème en français.")
    if errors:
        raise ValidationError(errors)
    target = NeedTheme.objects.select_for_update().get(pk=theme.pk) if theme else NeedTheme()
    target.code, target.name_fr, target.name_ar = code, _text(name_fr), _text(name_ar)
    target.description, target.is_active = _text(description), bool(is_active)
    with actor_context(by):
        _save(target, {"code": taken})
    return target


# --- Needs -----------------------------------------------------------------------------------------------------------


def _need_errors(*, need, year, source, team, committee, theme, target_group, commune, people_count, expressed_on):
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if not year or year < FIRST_YEAR or year > today.year + 5:
        errors["year"] = _("L'année doit être comprise entre %(first)s et %(last)s.") % {
            "first": FIRST_YEAR,
            "last": today.year + 5,
        }
    if source not in Need.Source.values:
        errors["source"] = _("Indiquez la source du besoin.")
    if source in TEAM_SOURCES:
        kind = TEAM_SOURCES[source]
        if team is None:
            errors["team"] = _("Un besoin exprimé par une %(kind)s indique l'équipe qui l'a exprimé.") % {
                "kind": Need.Source(source).label
            }
        elif team.kind != kind:
            errors["team"] = _("L'équipe « %(team)s » n'est pas une %(kind)s : choisissez une %(kind)s.") % {
                "team": team,
                "kind": Need.Source(source).label,
            }
    elif team is not None:
        errors["team"] = _("Seul un besoin exprimé par une EAC ou une EAQ se rattache à une équipe.")
    if source in COMMITTEE_SOURCES:
        kind = COMMITTEE_SOURCES[source]
        if committee is None:
            errors["committee"] = _("Un besoin exprimé par un %(kind)s indique le comité qui l'a exprimé.") % {
                "kind": Need.Source(source).label
            }
        elif committee.kind != kind:
            errors["committee"] = _("Le comité « %(committee)s » n'est pas un %(kind)s.") % {
                "committee": committee,
                "kind": Need.Source(source).label,
            }
    elif committee is not None:
        errors["committee"] = _("Seul un besoin exprimé par un CLDH ou le CPDH se rattache à un comité.")
    origin = team or committee
    origin_commune = getattr(origin, "commune_id", None)
    if commune is not None and origin_commune and commune.pk != origin_commune and "team" not in errors:
        errors["commune"] = _("La commune du besoin n'est pas celle de « %(origin)s ».") % {"origin": origin}
    if theme is None:
        errors["theme"] = _("Indiquez le thème du besoin.")
    elif not theme.is_active and (need is None or need.theme_id != theme.pk):
        errors["theme"] = _("Le thème « %(theme)s » n'est plus actif.") % {"theme": theme}
    if target_group not in ActorType.values:
        errors["target_group"] = _("Indiquez le public cible.")
    if people_count is None or people_count < 1:
        errors["people_count"] = _("Le nombre de personnes concernées est d'au moins 1.")
    if expressed_on is None:
        errors["expressed_on"] = _("Indiquez la date à laquelle le besoin a été exprimé.")
    elif expressed_on > today:
        errors["expressed_on"] = _("La date d'expression du besoin ne peut pas être dans le futur.")
    elif year and expressed_on.year > year:
        errors["expressed_on"] = _("Un besoin de l'année %(year)s ne peut pas avoir été exprimé après cette année.") % {
            "year": year
        }
    return errors


@transaction.atomic
def need_save(
    *,
    by,
    need: Need | None = None,
    year: int,
    source: str,
    theme: NeedTheme | None,
    description: str,
    target_group: str,
    people_count: int | None,
    expressed_on: datetime.date | None,
    priority: str = Need.Priority.MEDIUM,
    team: Team | None = None,
    committee=None,
    commune=None,
) -> Need:
    """Record or change a need. An EAC / EAQ need names its team (of that kind), a CLDH / CPDH need its committee
    (of that kind); without a commune typed, the need takes its team's or committee's."""
    _demand(by)
    errors = _need_errors(
        need=need,
        year=year,
        source=source,
        team=team,
        committee=committee,
        theme=theme,
        target_group=target_group,
        commune=commune,
        people_count=people_count,
        expressed_on=expressed_on,
    )
    if not _text(description):
        errors["description"] = _("Décrivez le besoin exprimé.")
    if priority not in Need.Priority.values:
        errors["priority"] = _("Indiquez la priorité.")
    if errors:
        raise ValidationError(errors)
    if commune is None:
        commune = getattr(team or committee, "commune", None)
    target = Need.objects.select_for_update().get(pk=need.pk) if need else Need(recorded_by=by)
    target.year, target.source, target.team, target.committee = year, source, team, committee
    target.theme, target.description, target.target_group = theme, _text(description), target_group
    target.commune, target.people_count, target.priority, target.expressed_on = (
        commune,
        people_count,
        priority,
        expressed_on,
    )
    with actor_context(by):
        _save(target)
    return target


@transaction.atomic
def need_delete(*, by, need: Need) -> None:
    """Delete a need recorded by mistake, while no plan action answers it (after that, it is part of the plan's
    history). The lock on the need makes a plan action linking it at the same time wait."""
    _demand(by)
    locked = Need.objects.select_for_update().get(pk=need.pk)
    if locked.plan_actions.exists():
        raise ValidationError(
            _("Une action du plan répond à ce besoin : il ne peut plus être supprimé.")
        )
    with actor_context(by):
        locked.delete()


# --- Modules ---------------------------------------------------------------------------------------------------------


def _lock_catalogue():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CATALOGUE_LOCK])


def _reaches(start_ids: set[int], goal: int) -> bool:
    """Whether ``goal`` is among the prerequisites (direct or not) of the modules ``start_ids``: one query for the
    whole graph, then a walk in memory (a catalogue has tens of modules, not thousands)."""
    edges: dict[int, set[int]] = {}
    for source, target in Module.prerequisites.through.objects.values_list("from_module_id", "to_module_id"):
        edges.setdefault(source, set()).add(target)
    seen, todo = set(), list(start_ids)
    while todo:
        current = todo.pop()
        if current == goal:
            return True
        if current in seen:
            continue
        seen.add(current)
        todo.extend(edges.get(current, ()))
    return False


@transaction.atomic
def module_save(
    *,
    by,
    module: Module | None = None,
    code: str,
    title_fr: str,
    objectives: str,
    content: str,
    duration_hours: Decimal | None,
    duration_days: int | None,
    title_ar: str = "",
    themes=(),
    target_groups=(),
    prerequisites=(),
    prerequisites_note: str = "",
    is_active: bool = True,
) -> Module:
    """Create or change a catalogue module. A module is not its own prerequisite, and its prerequisites may not
    (directly or through theirs) require it: the catalogue stays an order one can follow."""
    _demand(by)
    _lock_catalogue()
    code = _code(code)
    prerequisites = list(prerequisites)
    errors: dict[str, str] = {}
    taken = _("Un module porte déjà le code « %(code)s ».") % {"code": code}
    if not code:
        errors["code"] = _("Indiquez le code du module.")
    elif Module.objects.filter(code__iexact=code).exclude(pk=module.pk if module else None).exists():
        errors["code"] = taken
    if not _text(title_fr):
        errors["title_fr"] = _("Indiquez l'intitulé du module.")
    if not _text(objectives):
        errors["objectives"] = _("Indiquez les objectifs pédagogiques.")
    if not _text(content):
        errors["content"] = _("Indiquez le contenu du module.")
    if duration_days is None or duration_days < 1:
        errors["duration_days"] = _("La durée est d'au moins un jour.")
    if duration_hours is None or duration_hours < Decimal("0.5"):
        errors["duration_hours"] = _("La durée est d'au moins une demi-heure.")
    elif duration_days and duration_hours > duration_days * MAX_HOURS_PER_DAY:
        errors["duration_hours"] = _("%(hours)s heures en %(days)s jour(s) : au plus %(max)s heures par jour.") % {
            "hours": duration_hours,
            "days": duration_days,
            "max": MAX_HOURS_PER_DAY,
        }
    unknown = [group for group in target_groups if group not in ActorType.values]
    if unknown:
        errors["target_groups"] = _("Public cible inconnu : %(groups)s.") % {"groups": ", ".join(unknown)}
    elif not target_groups:
        errors["target_groups"] = _("Indiquez au moins un public cible.")
    if module is not None and any(other.pk == module.pk for other in prerequisites):
        errors["prerequisites"] = _("Un module ne peut pas être son propre prérequis.")
    elif module is not None and _reaches({other.pk for other in prerequisites}, module.pk):
        cycle = [str(other.code) for other in prerequisites if _reaches({other.pk}, module.pk)]
        errors["prerequisites"] = _(
            "Prérequis circulaire : %(modules)s demande(nt) déjà, directement ou non, le module %(code)s."
        ) % {"modules": ", ".join(cycle), "code": module.code}
    if errors:
        raise ValidationError(errors)
    target = Module.objects.select_for_update().get(pk=module.pk) if module else Module()
    target.code, target.title_fr, target.title_ar = code, _text(title_fr), _text(title_ar)
    target.objectives, target.content = _text(objectives), _text(content)
    target.duration_hours, target.duration_days = duration_hours, duration_days
    target.target_groups = [group for group in ActorType.values if group in set(target_groups)]
    target.prerequisites_note, target.is_active = _text(prerequisites_note), bool(is_active)
    with actor_context(by):
        _save(target, {"code": taken})
        target.themes.set(list(themes))
        target.prerequisites.set(prerequisites)
    return target


# --- Curricula -------------------------------------------------------------------------------------------------------


@transaction.atomic
def curriculum_save(
    *,
    by,
    curriculum: Curriculum | None = None,
    code: str,
    title_fr: str,
    target_group: str,
    title_ar: str = "",
    description: str = "",
    is_active: bool = True,
) -> Curriculum:
    _demand(by)
    code = _code(code)
    errors = {}
    taken = _("Un parcours de formation porte déjà le code « %(code)s ».") % {"code": code}
    if not code:
        errors["code"] = _("Indiquez le code du parcours.")
    elif Curriculum.objects.filter(code__iexact=code).exclude(pk=curriculum.pk if curriculum else None).exists():
        errors["code"] = taken
    if not _text(title_fr):
        errors["title_fr"] = _("Indiquez l'intitulé du parcours.")
    if target_group not in ActorType.values:
        errors["target_group"] = _("Indiquez le public cible.")
    if errors:
        raise ValidationError(errors)
    target = Curriculum.objects.select_for_update().get(pk=curriculum.pk) if curriculum else Curriculum()
    target.code, target.title_fr, target.title_ar = code, _text(title_fr), _text(title_ar)
    target.target_group, target.description, target.is_active = target_group, _text(description), bool(is_active)
    with actor_context(by):
        _save(target, {"code": taken})
    return target


def _lock_curriculum(curriculum: Curriculum) -> Curriculum:
    return Curriculum.objects.select_for_update().get(pk=curriculum.pk)


@transaction.atomic
def curriculum_add_module(*, by, curriculum: Curriculum, module: Module) -> CurriculumModule:
    """Add a module at the end of the curriculum."""
    _demand(by)
    curriculum = _lock_curriculum(curriculum)
    if module is None:
        raise ValidationError({"module": _("Choisissez le module à ajouter.")})
    if not module.is_active:
        raise ValidationError({"module": _("Le module %(code)s n'est plus actif.") % {"code": module.code}})
    if curriculum.steps.filter(module=module).exists():
        raise ValidationError(
            {"module": _("Le module %(code)s fait déjà partie de ce parcours.") % {"code": module.code}}
        )
    last = curriculum.steps.aggregate(last=Max("position"))["last"] or 0
    with actor_context(by):
        return CurriculumModule.objects.create(curriculum=curriculum, module=module, position=last + 1)


def _renumber(curriculum: Curriculum, ordered: list[CurriculumModule]) -> None:
    """Give the steps the ranks 1…n in the order given. The ranks are first moved out of the way, since the unique
    index on (curriculum, rank) is checked row by row."""
    curriculum.steps.update(position=F("position") + 1000)
    for position, step in enumerate(ordered, start=1):
        CurriculumModule.objects.filter(pk=step.pk).update(position=position)


@transaction.atomic
def curriculum_remove_module(*, by, curriculum: Curriculum, step: CurriculumModule) -> None:
    _demand(by)
    curriculum = _lock_curriculum(curriculum)
    if step.curriculum_id != curriculum.pk:
        raise ValidationError(_("Ce module ne fait pas partie de ce parcours."))
    with actor_context(by):
        CurriculumModule.objects.filter(pk=step.pk).delete()
        _renumber(curriculum, list(curriculum.steps.order_by("position")))


@transaction.atomic
def curriculum_move_module(*, by, curriculum: Curriculum, step: CurriculumModule, direction: str) -> None:
    """Move a module one rank up (``"up"``) or down (``"down"``)."""
    _demand(by)
    curriculum = _lock_curriculum(curriculum)
    steps = list(curriculum.steps.order_by("position"))
    index = next((i for i, other in enumerate(steps) if other.pk == step.pk), None)
    if index is None:
        raise ValidationError(_("Ce module ne fait pas partie de ce parcours."))
    other = index - 1 if direction == "up" else index + 1 if direction == "down" else None
    if other is None:
        raise ValidationError(_("Sens de déplacement inconnu."))
    if not 0 <= other < len(steps):
        raise ValidationError(
            _("Ce module est déjà le premier du parcours.")
            if direction == "up"
            else _("Ce module est déjà le dernier du parcours.")
        )
    steps[index], steps[other] = steps[other], steps[index]
    with actor_context(by):
        _renumber(curriculum, steps)
