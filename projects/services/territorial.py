"""Human-development indicators: the catalogue, the values entered on a grid, and the values imported from an Excel
sheet. Only the monitoring service (projects.manage_territorial_indicators) writes them.

Every write of values (grid or import) locks the rows of the indicators it touches (``select_for_update``, in id
order): two agents saving grids, or a grid and an import, are served one after the other, so the unique index on
(indicator, commune, quartier / douar, year) is never what refuses a save. The value rows are audited (pghistory
triggers), under the name of whoever saved them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from das import permissions
from das.models import Commune, Locality
from das.services.audit import actor_context
from das.workflow import TransitionRefused
from projects import permissions as project_perms
from projects.models import TerritorialIndicator, TerritorialIndicatorValue
from projects.territorial_selectors import cell_name, grid_stamp, grid_values

FIRST_YEAR = 2000
MAX_DIGITS = 14  # numeric(16, 2): 14 digits before the decimal point
SPACES = re.compile(r"[\s\u00a0\u202f]")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _demand(by) -> None:
    permissions.demand(
        by,
        project_perms.MANAGE_TERRITORIAL_INDICATORS,
        _("Votre rôle ne permet pas de tenir les indicateurs de développement humain."),
    )


def last_year() -> int:
    """Values are observed: the current year at the latest."""
    return timezone.localdate().year


# --- Catalogue -------------------------------------------------------------------------------------------------------


@transaction.atomic
def indicator_save(
    *,
    by,
    indicator: TerritorialIndicator | None = None,
    code: str,
    name_fr: str,
    name_ar: str = "",
    unit: str,
    source: str = "",
    direction: str,
    description: str = "",
    is_active: bool = True,
) -> TerritorialIndicator:
    """Create or change a catalogue entry. Codes are stored upper-cased and unique whatever the case typed."""
    _demand(by)
    code = (code or "").strip().upper()
    errors = {}
    if not code:
        errors["code"] = _("Indiquez le code.")
    elif _code_taken(code, indicator):
        errors["code"] = _code_taken_message(code)
    if not (name_fr or "").strip():
        errors["name_fr"] = _("Indiquez l'intitulé.")
    if not (unit or "").strip():
        errors["unit"] = _("Indiquez l'unité.")
    if direction not in TerritorialIndicator.Direction.values:
        errors["direction"] = _("Indiquez si une valeur plus élevée est meilleure ou moins bonne.")
    if errors:
        raise ValidationError(errors)
    target = (
        TerritorialIndicator.objects.select_for_update().get(pk=indicator.pk) if indicator else TerritorialIndicator()
    )
    target.code, target.name_fr, target.name_ar = code, name_fr.strip(), (name_ar or "").strip()
    target.unit, target.source, target.direction = unit.strip(), (source or "").strip(), direction
    target.description, target.is_active = (description or "").strip(), is_active
    with actor_context(by):
        target.full_clean(validate_unique=False)
        try:
            # The check above runs without a lock: someone may have saved the same code meanwhile, which the
            # unique index refuses; the savepoint keeps this transaction usable to say so in French.
            with transaction.atomic():
                target.save()
        except IntegrityError:
            if not _code_taken(code, indicator):
                raise
            raise ValidationError({"code": _code_taken_message(code)}) from None
    return target


def _code_taken(code: str, indicator: TerritorialIndicator | None) -> bool:
    others = TerritorialIndicator.objects.filter(code__iexact=code)
    return others.exclude(pk=indicator.pk if indicator else None).exists()


def _code_taken_message(code: str) -> str:
    return _("Un indicateur de développement humain porte déjà le code « %(code)s ».") % {"code": code}


# --- One value as typed ----------------------------------------------------------------------------------------------


def bounds(indicator: TerritorialIndicator) -> tuple[Decimal | None, Decimal | None]:
    """What a value of this indicator may be. A rate in % is a share of a population: 0 to 100; in ‰, 0 to 1000.
    Any other unit (élèves, km, DH, habitants par médecin…) counts or measures something: 0 or more. No indicator
    of the catalogue is signed; one that would be (a growth rate) is better entered as two positive indicators or
    with another unit."""
    unit = indicator.unit.strip().lower()
    if unit.startswith("%") or unit in {"pourcent", "pour cent", "pourcentage"}:
        return Decimal("0"), Decimal("100")
    if unit.startswith("‰") or unit in {"pour mille", "pour-mille"}:
        return Decimal("0"), Decimal("1000")
    return Decimal("0"), None


def parse_value(raw, indicator: TerritorialIndicator) -> tuple[Decimal | None, str]:
    """(value, "") or (None, the reason in French). ``raw`` is what was typed (``12,5``, ``1 250``) or what a
    spreadsheet cell holds (a number). At most two decimals, as stored: 12,345 is refused rather than rounded, since
    a third decimal is usually a typing mistake (a thousands separator typed as a comma)."""
    if isinstance(raw, bool):
        return None, _("« %(value)s » n'est pas un nombre.") % {"value": raw}
    if isinstance(raw, int | float | Decimal):
        text = format(Decimal(str(raw)), "f")
    else:
        text = SPACES.sub("", str(raw or "")).replace(",", ".")
    if not NUMBER.match(text):
        return None, _("« %(value)s » n'est pas un nombre (par exemple 12,5).") % {"value": str(raw).strip()}
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover (the pattern above only lets numbers through)
        return None, _("« %(value)s » n'est pas un nombre (par exemple 12,5).") % {"value": raw}
    if value != value.quantize(Decimal("0.01")):
        return None, _("Deux décimales au plus.")
    if abs(value) >= Decimal(10) ** MAX_DIGITS:
        return None, _("Valeur trop grande.")
    low, high = bounds(indicator)
    if low is not None and value < low:
        return None, _("La valeur ne peut pas être négative.")
    if high is not None and value > high:
        return None, _("Un taux en %(unit)s ne peut pas dépasser %(max)s.") % {"unit": indicator.unit, "max": high}
    return value.quantize(Decimal("0.01")), ""


def year_problem(year) -> str:
    if year is None:
        return _("Indiquez l'année.")
    if not FIRST_YEAR <= year <= last_year():
        return _("L'année doit être comprise entre %(first)s et %(last)s.") % {"first": FIRST_YEAR, "last": last_year()}
    return ""


def _lock_indicators(ids) -> dict[int, TerritorialIndicator]:
    return {i.pk: i for i in TerritorialIndicator.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


# --- The grid --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveCounts:
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0


def grid_save(
    *,
    by,
    year: int,
    cells: dict[tuple[int, int, int | None], str],
    expected_stamp: str,
    commune: Commune | None = None,
) -> SaveCounts:
    """Save one year's grid: ``cells`` maps (indicator id, commune id, quartier / douar id or None) to what was
    typed. An empty cell removes the value; any other must be a number within the indicator's bounds (``bounds``,
    ``parse_value``). Every cell is checked before anything is written: one bad cell refuses the whole grid, with
    a ValidationError naming each bad cell (territorial_selectors.cell_name) so the page shows the reason next to
    it. ``expected_stamp`` is the grid's fingerprint when it was opened (territorial_selectors.grid_stamp): if a
    value of the grid was added, changed or removed since, the save is refused rather than overwriting it.
    ``commune`` says which grid: None for the communes' own values, a commune for its quartiers / douars."""
    _demand(by)
    problem = year_problem(year)
    if problem:
        raise ValidationError({"year": problem})
    indicator_ids = sorted({key[0] for key in cells})
    with transaction.atomic(), actor_context(by):
        locked = _lock_indicators(indicator_ids)
        _check_places(cells, commune)
        errors, parsed = {}, {}
        for key, raw in cells.items():
            indicator = locked.get(key[0])
            if indicator is None or not indicator.is_active:
                errors[cell_name(*key)] = _("Cet indicateur n'est plus proposé à la saisie : rechargez la grille.")
                continue
            if str(raw or "").strip() == "":
                parsed[key] = None
                continue
            value, reason = parse_value(raw, indicator)
            if reason:
                errors[cell_name(*key)] = reason
            parsed[key] = value
        if errors:
            raise ValidationError(errors)
        current = list(grid_values(year, indicator_ids, commune).select_for_update())
        if grid_stamp(current) != expected_stamp:
            raise TransitionRefused(
                _(
                    "La grille a été enregistrée par quelqu'un d'autre depuis que vous l'avez ouverte : "
                    "rechargez-la pour voir ses valeurs avant de la modifier."
                )
            )
        existing = {(v.indicator_id, v.commune_id, v.locality_id): v for v in current}
        counts = {"created": 0, "updated": 0, "removed": 0, "unchanged": 0}
        for key, value in parsed.items():
            row = existing.get(key)
            if value is None:
                if row is not None:
                    row.delete()
                    counts["removed"] += 1
            elif row is None:
                TerritorialIndicatorValue.objects.create(
                    indicator_id=key[0], commune_id=key[1], locality_id=key[2], year=year, value=value, recorded_by=by
                )
                counts["created"] += 1
            elif row.value != value:
                row.value, row.recorded_by = value, by
                row.save(update_fields=["value", "recorded_by", "updated_at"])
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    return SaveCounts(**counts)


def _check_places(cells, commune: Commune | None) -> None:
    """Every row of the grid is a commune (commune grid) or a quartier / douar of ``commune``."""
    commune_ids = {key[1] for key in cells}
    locality_ids = {key[2] for key in cells if key[2] is not None}
    if commune is None:
        ok = not locality_ids and Commune.objects.filter(pk__in=commune_ids).count() == len(commune_ids)
    else:
        ok = (
            commune_ids <= {commune.pk}
            and all(key[2] is not None for key in cells)
            and Locality.objects.filter(pk__in=locality_ids, commune=commune).count() == len(locality_ids)
        )
    if not ok:
        raise ValidationError(
            _("La grille cite un territoire qui n'existe plus ou n'en fait pas partie : rechargez-la.")
        )


# --- Excel import ----------------------------------------------------------------------------------------------------

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
COLUMNS = (
    ("indicator", "code indicateur"),
    ("commune", "code commune"),
    ("locality", "quartier/douar"),
    ("year", "année"),
    ("value", "valeur"),
    ("note", "observation"),
)
LETTERS = "ABCDEF"


def column_label(index: int) -> str:
    return f"{LETTERS[index]} ({COLUMNS[index][1]})"


@dataclass(frozen=True)
class ReportRow:
    """One reason a row was rejected: its row number in the sheet, the column, what the cell held, why."""

    row: int
    column: str
    value: str
    reason: str


class ImportRefused(Exception):
    """The sheet was not imported at all; ``report`` says every row rejected and why."""

    def __init__(self, report: list[ReportRow]):
        super().__init__(_("Rien n'a été importé : %(count)s anomalie(s).") % {"count": len(report)})
        self.report = report


@dataclass(frozen=True)
class ImportResult:
    rows: int
    created: int
    updated: int
    unchanged: int


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def read_sheet(upload) -> list[tuple[int, tuple]]:
    """The rows of the first sheet (row number, six cells), after checking the file and the header. A file that
    is not an .xlsx workbook, is too large, has too many rows or not the template's header is refused with a
    ValidationError (one sentence, shown next to the file field)."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise ValidationError(
            _("Le fichier doit être un classeur Excel (.xlsx), établi à partir du modèle ; « %(name)s » ne l'est pas.")
            % {"name": name}
        )
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("Le fichier pèse %(size)s : la limite est de %(max)s. Importez les valeurs en plusieurs fichiers.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_IMPORT_BYTES)}
        )
    try:
        upload.seek(0)
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ValidationError(
            _("Ce fichier n'est pas un classeur Excel (.xlsx) lisible : enregistrez-le au format .xlsx.")
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = tuple(cells[: len(COLUMNS)]) + (None,) * (len(COLUMNS) - len(cells[: len(COLUMNS)]))
            if number == 1:
                _check_header(cells)
                continue
            if all(_text(c) == "" for c in cells):
                continue
            rows.append((number, cells))
            if len(rows) > MAX_IMPORT_ROWS:
                raise ValidationError(
                    _("Le fichier compte plus de %(max)s lignes : importez-le en plusieurs fichiers.")
                    % {"max": MAX_IMPORT_ROWS}
                )
    finally:
        workbook.close()
    if not rows:
        raise ValidationError(_("La feuille ne contient aucune ligne de valeurs sous l'en-tête."))
    return rows


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", text.lower().replace("é", "e"))


def _check_header(cells) -> None:
    found = [_text(c) for c in cells]
    if [_normal(f) for f in found] != [_normal(label) for _key, label in COLUMNS]:
        expected = ", ".join(f"« {label} »" for _key, label in COLUMNS)
        raise ValidationError(
            _("La première ligne doit être l'en-tête du modèle : %(expected)s (colonnes A à F).")
            % {"expected": expected}
        )


def check_rows(rows) -> tuple[list[dict], list[ReportRow]]:
    """Check EVERY row; the rows as values to save, and the report of what is wrong (empty if nothing is).
    Four queries whatever the number of rows."""
    catalogue = {i.code.upper(): i for i in TerritorialIndicator.objects.all()}
    communes = {c.code.upper(): c for c in Commune.objects.all()}
    mentioned = {_text(cells[1]).upper() for _n, cells in rows}
    localities: dict[int, list[Locality]] = {}
    for locality in Locality.objects.filter(commune__code__in=[c.code for k, c in communes.items() if k in mentioned]):
        localities.setdefault(locality.commune_id, []).append(locality)
    report, good, seen = [], [], {}
    for number, cells in rows:
        problems = []

        def bad(index, reason, number=number, cells=cells, problems=problems):
            problems.append(ReportRow(number, column_label(index), _text(cells[index]), reason))

        code = _text(cells[0]).upper()
        indicator = catalogue.get(code)
        if not code:
            bad(0, _("Cellule obligatoire vide."))
        elif indicator is None:
            bad(0, _("Indicateur inconnu du catalogue."))
        elif not indicator.is_active:
            bad(0, _("Indicateur inactif : il n'est plus proposé à la saisie."))
        commune_code = _text(cells[1]).upper()
        commune = communes.get(commune_code)
        if not commune_code:
            bad(1, _("Cellule obligatoire vide."))
        elif commune is None:
            bad(1, _("Commune inconnue (code de la feuille « Référentiel »)."))
        locality = None
        place = _text(cells[2])
        if place and commune is not None:
            locality = _find_locality(place, localities.get(commune.pk, []))
            if locality is None:
                bad(2, _("Ce quartier / douar n'appartient pas à la commune %(commune)s.") % {"commune": commune.name})
        year = _year(cells[3])
        if _text(cells[3]) == "":
            bad(3, _("Cellule obligatoire vide."))
        elif year is None:
            bad(3, _("L'année doit être un nombre entier (par exemple %(year)s).") % {"year": last_year() - 1})
        elif year_problem(year):
            bad(3, year_problem(year))
        value = None
        if _text(cells[4]) == "":
            bad(4, _("Cellule obligatoire vide."))
        elif indicator is not None:
            value, reason = parse_value(cells[4], indicator)
            if reason:
                bad(4, reason)
        note = _text(cells[5])
        if len(note) > 255:
            bad(5, _("L'observation dépasse 255 caractères."))
        if not problems:
            key = (indicator.pk, commune.pk, locality.pk if locality else None, year)
            if key in seen:
                problems.append(
                    ReportRow(
                        number,
                        _("A à D (indicateur, commune, quartier/douar, année)"),
                        " ; ".join(_text(c) for c in cells[:4]),
                        _("Doublon de la ligne %(row)s : même indicateur, même territoire, même année.")
                        % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = number
                good.append({"key": key, "value": value, "note": note})
        report.extend(problems)
    return good, report


def _find_locality(text: str, candidates: list[Locality]) -> Locality | None:
    wanted = text.strip().lower()
    for locality in candidates:
        if wanted in {str(locality.pk), locality.name_fr.strip().lower(), (locality.name_ar or "").strip().lower()}:
            return locality
    return None


def _year(cell) -> int | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    text = _text(cell)
    return int(text) if text.isdigit() else None


def import_values(*, by, upload) -> ImportResult:
    """Import the values of an Excel sheet made from the template: every row is checked (check_rows) and either
    all are saved — created or updated, in one transaction, audited — or none: ImportRefused carries the report of
    every rejected row. A value already there with the same figure and observation is left unchanged; otherwise the
    sheet's value and observation replace it. A file that cannot be read is refused with a ValidationError."""
    _demand(by)
    rows = read_sheet(upload)
    with transaction.atomic(), actor_context(by):
        # Locked before the rows are checked: an indicator deactivated meanwhile is seen as such.
        _lock_indicators(list(TerritorialIndicator.objects.values_list("pk", flat=True)))
        good, report = check_rows(rows)
        if report:
            raise ImportRefused(report)
        keys = [item["key"] for item in good]
        existing = {
            (v.indicator_id, v.commune_id, v.locality_id, v.year): v
            for v in TerritorialIndicatorValue.objects.select_for_update().filter(
                indicator_id__in={k[0] for k in keys},
                commune_id__in={k[1] for k in keys},
                year__in={k[3] for k in keys},
            )
        }
        new, changed, unchanged = [], [], 0
        now = timezone.now()
        for item in good:
            indicator_id, commune_id, locality_id, year = item["key"]
            row = existing.get(item["key"])
            if row is None:
                new.append(
                    TerritorialIndicatorValue(
                        indicator_id=indicator_id,
                        commune_id=commune_id,
                        locality_id=locality_id,
                        year=year,
                        value=item["value"],
                        note=item["note"],
                        recorded_by=by,
                    )
                )
            elif row.value != item["value"] or row.note != item["note"]:
                row.value, row.note, row.recorded_by, row.updated_at = item["value"], item["note"], by, now
                changed.append(row)
            else:
                unchanged += 1
        TerritorialIndicatorValue.objects.bulk_create(new, batch_size=1000)
        TerritorialIndicatorValue.objects.bulk_update(
            changed, ["value", "note", "recorded_by", "updated_at"], batch_size=1000
        )
    return ImportResult(rows=len(good), created=len(new), updated=len(changed), unchanged=unchanged)
