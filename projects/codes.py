"""Project codes from the configurable pattern DAS_PROJECT_CODE_PATTERN.

The pattern is a Python format string with these placeholders: {year} (year of validation or registration),
{programme} and {phase} (their codes), {commune} (the main commune's code) and {number}, the sequence, required,
counted separately for each distinct text around it (so "PRJ-{year}-{number:04d}" restarts every year). The default
reproduces the codes given before the pattern existed.
"""

from __future__ import annotations

import re
import string

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

DEFAULT_PATTERN = "PRJ-{year}-{number:04d}"
PLACEHOLDERS = ("year", "programme", "phase", "commune", "number")
CODE_LOCK = 7_400_001  # advisory lock key: numbering of project codes (the one dossier_cpdh_approve used)
MAX_LENGTH = 40  # Project.code


def pattern_errors(pattern) -> list[str]:
    """What is wrong with a pattern, in words an administrator can act on (empty when it is usable)."""
    if not isinstance(pattern, str) or not pattern.strip():
        return ["DAS_PROJECT_CODE_PATTERN est vide : par exemple « PRJ-{year}-{number:04d} »."]
    try:
        fields = [(name, spec, conversion) for _text, name, spec, conversion in string.Formatter().parse(pattern)]
    except ValueError as exc:
        return [f"DAS_PROJECT_CODE_PATTERN « {pattern} » est mal formé ({exc}) : accolades non fermées ?"]
    errors = []
    names = [name for name, _spec, _conversion in fields if name is not None]
    unknown = sorted({name for name in names if name not in PLACEHOLDERS})
    if unknown:
        errors.append(
            f"DAS_PROJECT_CODE_PATTERN : champ(s) inconnu(s) {', '.join('{' + n + '}' for n in unknown)} ; "
            f"champs permis : {', '.join('{' + n + '}' for n in PLACEHOLDERS)}."
        )
    if names.count("number") != 1:
        errors.append("DAS_PROJECT_CODE_PATTERN doit contenir {number} exactement une fois (le numéro d'ordre).")
    for name, spec, conversion in fields:
        if name == "number" and (conversion or (spec and not re.fullmatch(r"0?\d*d", spec))):
            errors.append("DAS_PROJECT_CODE_PATTERN : {number} n'accepte qu'une largeur, par exemple {number:04d}.")
    if not errors:
        try:
            sample = render(pattern, year=2026, programme="P3", phase="III", commune="C001", number=1)
        except (ValueError, KeyError, IndexError) as exc:
            return [f"DAS_PROJECT_CODE_PATTERN « {pattern} » ne s'applique pas ({exc})."]
        if len(sample) > MAX_LENGTH - 4:
            errors.append(f"DAS_PROJECT_CODE_PATTERN donne des codes trop longs (au plus {MAX_LENGTH} caractères).")
    return errors


def current_pattern() -> str:
    pattern = getattr(settings, "DAS_PROJECT_CODE_PATTERN", DEFAULT_PATTERN)
    errors = pattern_errors(pattern)
    if errors:
        raise ImproperlyConfigured(" ".join(errors))
    return pattern


def render(pattern: str, **values) -> str:
    return pattern.format(**values)


def _parts(pattern: str, values: dict) -> tuple[str, str, str]:
    """The text before {number}, the number's format spec and the text after, with the other fields filled in."""
    before, spec, after, seen = [], "", [], False
    for text, name, field_spec, _conversion in string.Formatter().parse(pattern):
        (after if seen else before).append(text)
        if name is None:
            continue
        if name == "number":
            spec, seen = field_spec or "d", True
        else:
            (after if seen else before).append(format(values[name], field_spec or ""))
    return "".join(before), spec, "".join(after)


def next_project_code(*, year: int, programme, phase, commune) -> str:
    """The next free code for a project with these facts. The transaction-scoped advisory lock makes two writers
    wait for each other instead of taking the same number (the caller runs in a transaction)."""
    from projects.models import Project

    values = {
        "year": year,
        "programme": getattr(programme, "code", programme or ""),
        "phase": getattr(phase, "code", phase or ""),
        "commune": getattr(commune, "code", commune or ""),
    }
    prefix, spec, suffix = _parts(current_pattern(), values)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CODE_LOCK])
    # Codes of taken-over projects may share the prefix without being numbers: only codes of the pattern's shape
    # count.
    shape = f"^{re.escape(prefix)}[0-9]+{re.escape(suffix)}$"
    taken = Project.objects.filter(code__regex=shape).values_list("code", flat=True)
    numbers = [int(code[len(prefix) : len(code) - len(suffix)]) for code in taken]
    return f"{prefix}{format(max(numbers, default=0) + 1, spec)}{suffix}"
