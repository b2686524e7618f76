"""Indicators: the catalogue (kept by the head or the monitoring agent), the indicators chosen for a project with
their target and periodicity, and their values per period (year + quarter, semester or whole year)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from das import permissions
from das.services.audit import actor_context
from das.workflow import TransitionRefused
from projects import permissions as project_perms
from projects.models import Indicator, IndicatorValue, Project, ProjectIndicator
from projects.models.execution import PERIODS

# Indicators are followed from the convention until the project is closed, and after: a closed project's school
# or cooperative keeps reporting (pérennité); only abandoned projects and projects not yet conventionné are left out.
FOLLOWED_STATUSES = frozenset(
    {
        Project.Status.CONVENTIONED,
        Project.Status.IN_PROGRESS,
        Project.Status.SUSPENDED,
        Project.Status.COMPLETED,
        Project.Status.CLOSED,
    }
)


def may_edit_catalogue(user) -> bool:
    return bool(
        permissions.require(user, project_perms.APPROVE) or permissions.require(user, project_perms.MANAGE_DOSSIERS)
    )


def may_follow(project: Project, user) -> bool:
    return bool(permissions.require(user, project_perms.MANAGE_DOSSIERS)) and project.status in FOLLOWED_STATUSES


@transaction.atomic
def indicator_save(
    *,
    by,
    indicator: Indicator | None = None,
    code: str,
    name: str,
    name_ar: str = "",
    unit: str,
    description: str = "",
    is_active: bool = True,
) -> Indicator:
    """Create or change a catalogue entry; its code names it in exports and stays unique."""
    if not may_edit_catalogue(by):
        raise PermissionDenied(_("Seuls le chef de division et le suivi-évaluation tiennent le catalogue."))
    code = (code or "").strip().upper()
    errors = {}
    if not code:
        errors["code"] = _("Indiquez le code.")
    elif _code_taken(code, indicator):
        errors["code"] = _code_taken_message(code)
    if not (name or "").strip():
        errors["name"] = _("Indiquez l'intitulé.")
    if not (unit or "").strip():
        errors["unit"] = _("Indiquez l'unité.")
    if errors:
        raise ValidationError(errors)
    target = Indicator.objects.select_for_update().get(pk=indicator.pk) if indicator else Indicator()
    target.code, target.name, target.name_ar = code, name.strip(), (name_ar or "").strip()
    target.unit, target.description, target.is_active = unit.strip(), (description or "").strip(), is_active
    with actor_context(by):
        target.full_clean()
        try:
            # The check above runs without a lock: someone may have saved the same code meanwhile, which the
            # unique index on the code refuses; the savepoint keeps this transaction usable to say so.
            with transaction.atomic():
                target.save()
        except IntegrityError:
            if not _code_taken(code, indicator):
                raise
            raise ValidationError({"code": _code_taken_message(code)}) from None
    return target


def _code_taken(code: str, indicator: Indicator | None) -> bool:
    """Codes are stored upper-cased, so the index on the code is unique whatever the case typed."""
    return Indicator.objects.filter(code__iexact=code).exclude(pk=indicator.pk if indicator else None).exists()


def _code_taken_message(code: str) -> str:
    return _("Un indicateur porte déjà le code « %(code)s ».") % {"code": code}


@transaction.atomic
def project_indicator_add(
    *, project: Project, by, indicator: Indicator, target: Decimal | None, periodicity: str
) -> ProjectIndicator:
    permissions.demand(by, project_perms.MANAGE_DOSSIERS, _("Votre rôle ne permet pas de suivre les indicateurs."))
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.status not in FOLLOWED_STATUSES:
        raise TransitionRefused(
            _("Les indicateurs se suivent à partir de la convention (état du projet : « %(state)s »).")
            % {"state": locked.get_status_display()}
        )
    errors = {}
    if indicator is None or not indicator.is_active:
        errors["indicator"] = _("Choisissez un indicateur actif du catalogue.")
    elif locked.indicators.filter(indicator=indicator).exists():
        errors["indicator"] = _("Cet indicateur est déjà suivi pour ce projet.")
    if target is not None and target < 0:
        errors["target"] = _("La cible ne peut être négative.")
    if periodicity not in ProjectIndicator.Periodicity.values:
        errors["periodicity"] = _("Choisissez la périodicité.")
    if errors:
        raise ValidationError(errors)
    chosen = ProjectIndicator(project=locked, indicator=indicator, target=target, periodicity=periodicity)
    with actor_context(by):
        chosen.full_clean()
        chosen.save()
    return chosen


@transaction.atomic
def indicator_value_set(
    *, project_indicator: ProjectIndicator, by, year: int | None, period: str, value: Decimal | None, comment: str = ""
) -> IndicatorValue:
    """Record (or correct) the value of one period; a period not ended yet cannot be reported."""
    permissions.demand(by, project_perms.MANAGE_DOSSIERS, _("Votre rôle ne permet pas de saisir les indicateurs."))
    locked = ProjectIndicator.objects.select_for_update().select_related("project").get(pk=project_indicator.pk)
    if locked.project.status not in FOLLOWED_STATUSES:
        raise TransitionRefused(_("Les indicateurs de ce projet ne se saisissent plus."))
    errors = {}
    today = timezone.localdate()
    if year is None or not 2005 <= year <= today.year:
        errors["year"] = _("Indiquez une année entre 2005 et l'année en cours.")
    if period not in PERIODS[locked.periodicity]:
        errors["period"] = _("Cet indicateur se mesure par période « %(periodicity)s ».") % {
            "periodicity": locked.get_periodicity_display().lower()
        }
    elif year == today.year and _period_start_month(period) > today.month:
        errors["period"] = _("Cette période n'a pas encore commencé.")
    if value is None or value < 0:
        errors["value"] = _("Indiquez une valeur positive ou nulle.")
    if errors:
        raise ValidationError(errors)
    row = IndicatorValue.objects.filter(project_indicator=locked, year=year, period=period).first()
    row = row or IndicatorValue(project_indicator=locked, year=year, period=period)
    row.value, row.comment, row.recorded_by = value, (comment or "").strip(), by
    with actor_context(by):
        row.full_clean()
        row.save()
    return row


def _period_start_month(period: str) -> int:
    return {"T1": 1, "T2": 4, "T3": 7, "T4": 10, "S1": 1, "S2": 7, "A": 1}[period]
