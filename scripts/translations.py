#!/usr/bin/env python3
"""Translation catalogues of DAS (locale/<lang>/LC_MESSAGES/django.po), standard library only.

The source strings of the code and templates are in French, so the French catalogue translates every
message to itself; Arabic and English are translated by hand in their .po files.

    python3 scripts/translations.py extract   makemessages for fr, ar and en, then fills the French catalogue
    python3 scripts/translations.py compile   compilemessages (the .mo files are committed: no gettext tools needed
                                              to run the project, only to extract and compile)
    python3 scripts/translations.py check     lists empty, fuzzy or placeholder-breaking entries and .mo files that
                                              do not match their .po; exits 1 if there is any

Adding strings later: run `extract` (msgmerge keeps the existing translations, new entries come out empty or
fuzzy in ar/en), translate what `check` lists in locale/ar and locale/en, remove the `#, fuzzy` flags, run
`compile`, then `check`.
"""

from __future__ import annotations

import argparse
import gettext
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
SOURCE_LANGUAGE = "fr"
LANGUAGES = ("fr", "ar", "en")
DOMAIN = "django"
DEFAULT_ENV = {"DEBUG": "1", "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres"}
MAKEMESSAGES_IGNORES = (".venv", ".pgdata", "staticfiles", "tests", "scripts", "media", "static", "*.egg-info")
COMPILEMESSAGES_IGNORES = (".venv", ".pgdata", "staticfiles", "media")
WRAP_WIDTH = 79  # what msgmerge/xgettext use, so a re-run of makemessages rewraps nothing

# Python %-placeholders: %(name)s, %s, %d, %.2f … (%% is a literal percent sign).
PLACEHOLDER_RE = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<type>[diouxXeEfFgGcrsa%])"
)

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_FIELD_RE = re.compile(r'^(?P<key>msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(?P<rest>".*)$')


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


# --------------------------------------------------------------------------------------------------------------------
# A small .po reader/writer that keeps every line it does not need to change, so the files stay as gettext wrote them.
# --------------------------------------------------------------------------------------------------------------------


def unquote(literal: str) -> str:
    """The value of one quoted .po string literal, e.g. '"a\\n"' → 'a\n'."""
    literal = literal.strip()
    if len(literal) < 2 or literal[0] != '"' or literal[-1] != '"':
        raise ValueError(f"Not a quoted string: {literal!r}")
    body, out, i = literal[1:-1], [], 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    return '"' + escaped.replace("\n", "\\n") + '"'


def format_field(keyword: str, value: str, width: int = WRAP_WIDTH) -> list[str]:
    """The lines of `keyword "value"` wrapped the way gettext does: after each \\n and at spaces."""
    single = f"{keyword} {quote(value)}"
    if len(single) <= width and "\n" not in value[:-1]:
        return [single]
    lines = [f'{keyword} ""']
    for piece in re.findall(r"[^\n]*\n|[^\n]+", value):
        current = ""
        for token in re.findall(r"[^ ]* *", piece):
            if not token:
                continue
            if current and len(quote(current + token)) > width:
                lines.append(quote(current))
                current = token
            else:
                current += token
        if current:
            lines.append(quote(current))
    return lines


@dataclass
class Entry:
    comments: list[str] = field(default_factory=list)  # every '#' line before the fields, in order
    fields: list[tuple[str, list[str]]] = field(default_factory=list)  # (keyword, raw lines) in file order
    values: dict[str, str] = field(default_factory=dict)  # keyword → value ("msgid", "msgstr[0]", …)
    obsolete: bool = False
    lineno: int = 0
    changed: bool = False

    @property
    def msgid(self) -> str:
        return self.values.get("msgid", "")

    @property
    def msgid_plural(self) -> str | None:
        return self.values.get("msgid_plural")

    @property
    def msgctxt(self) -> str | None:
        return self.values.get("msgctxt")

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None and not self.obsolete

    @property
    def flags(self) -> list[str]:
        found = []
        for line in self.comments:
            if line.startswith("#,"):
                found.extend(flag.strip() for flag in line[2:].split(",") if flag.strip())
        return found

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def msgstr_keys(self) -> list[str]:
        return [key for key, _ in self.fields if key.startswith("msgstr")]

    def msgstrs(self) -> dict[str, str]:
        """msgstr keyword → value: {"msgstr": …} or {"msgstr[0]": …, "msgstr[1]": …}."""
        return {key: self.values[key] for key in self.msgstr_keys()}

    def untranslated(self) -> bool:
        return any(value == "" for value in self.msgstrs().values()) or not self.msgstrs()

    def set_msgstr(self, key: str, value: str) -> None:
        if self.values.get(key) == value:
            return
        self.values[key] = value
        lines = format_field(key, value)
        if self.obsolete:
            lines = ["#~ " + line for line in lines]
        for index, (keyword, _) in enumerate(self.fields):
            if keyword == key:
                self.fields[index] = (key, lines)
                break
        else:
            self.fields.append((key, lines))
        self.changed = True

    def clear_fuzzy(self) -> None:
        """Drops the fuzzy flag and the '#|' previous-msgid lines that msgmerge adds to fuzzy entries."""
        if not self.fuzzy:
            return
        comments = []
        for line in self.comments:
            if line.startswith("#|"):
                continue
            if line.startswith("#,"):
                kept = [flag for flag in self.flags if flag != "fuzzy"]
                if not kept:
                    continue
                line = "#, " + ", ".join(kept)
            comments.append(line)
        self.comments = comments
        self.changed = True

    def render(self) -> list[str]:
        return self.comments + [line for _, lines in self.fields for line in lines]


@dataclass
class Catalogue:
    path: Path
    entries: list[Entry]

    @classmethod
    def load(cls, path: Path) -> Catalogue:
        return cls(path, parse_po(path.read_text(encoding="utf-8")))

    @property
    def header(self) -> Entry | None:
        return next((entry for entry in self.entries if entry.is_header), None)

    def messages(self) -> list[Entry]:
        """The live entries: no header, no obsolete (#~) ones."""
        return [entry for entry in self.entries if not entry.is_header and not entry.obsolete]

    def header_fields(self) -> dict[str, str]:
        header = self.header
        if header is None:
            return {}
        pairs = (line.split(":", 1) for line in header.values.get("msgstr", "").splitlines() if ":" in line)
        return {name.strip(): value.strip() for name, value in pairs}

    def nplurals(self) -> int:
        match = re.search(r"nplurals\s*=\s*(\d+)", self.header_fields().get("Plural-Forms", ""))
        return int(match.group(1)) if match else 2

    def text(self) -> str:
        return "\n\n".join("\n".join(entry.render()) for entry in self.entries) + "\n"

    def save(self) -> None:
        self.path.write_text(self.text(), encoding="utf-8")


def parse_po(text: str) -> list[Entry]:
    entries: list[Entry] = []
    entry = Entry()
    current_key: str | None = None

    def finish() -> None:
        nonlocal entry, current_key
        if entry.fields or entry.comments:
            entries.append(entry)
        entry, current_key = Entry(), None

    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            finish()
            continue
        obsolete = stripped.startswith("#~") and not stripped.startswith("#~|")
        body = stripped[2:].strip() if obsolete else stripped
        if stripped.startswith("#") and not obsolete:
            if entry.fields:  # a comment after the fields starts the next entry
                finish()
            entry.comments.append(line)
            entry.lineno = entry.lineno or lineno
            continue
        match = _FIELD_RE.match(body)
        if match:
            key = match.group("key")
            if key in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k, _ in entry.fields):
                finish()
            entry.obsolete = entry.obsolete or obsolete
            entry.lineno = entry.lineno or lineno
            entry.fields.append((key, [line]))
            entry.values[key] = unquote(match.group("rest"))
            current_key = key
        elif body.startswith('"') and current_key is not None:
            entry.fields[-1][1].append(line)
            entry.values[current_key] += unquote(body)
        else:
            raise ValueError(f"line {lineno}: cannot parse {line!r}")
    finish()
    return entries


def placeholders(text: str) -> set[str]:
    """The %-placeholders of a python-format string: {'%(name)s', '%s', …} without '%%'."""
    found = set()
    for match in PLACEHOLDER_RE.finditer(text):
        if match.group("type") != "%":
            found.add(match.group(0))
    return found


# --------------------------------------------------------------------------------------------------------------------
# Checks shared with tests/test_translations.py
# --------------------------------------------------------------------------------------------------------------------


def entry_label(entry: Entry) -> str:
    context = f"[{entry.msgctxt}] " if entry.msgctxt is not None else ""
    return f"line {entry.lineno}: {context}{entry.msgid!r}"


def catalogue_problems(catalogue: Catalogue) -> list[str]:
    """Empty or fuzzy msgstr, wrong number of plural forms, placeholders lost or invented."""
    problems = []
    header = catalogue.header
    if header is None:
        problems.append("no header entry")
    elif header.fuzzy:
        problems.append("the header is fuzzy (msgfmt would ignore its Plural-Forms)")
    elif "Plural-Forms" not in catalogue.header_fields():
        problems.append("the header has no Plural-Forms")
    nplurals = catalogue.nplurals()
    for entry in catalogue.messages():
        label = entry_label(entry)
        if entry.fuzzy:
            problems.append(f"{label} is fuzzy")
        if entry.untranslated():
            problems.append(f"{label} has an empty msgstr")
        if entry.msgid_plural is not None and len(entry.msgstrs()) != nplurals:
            problems.append(f"{label} has {len(entry.msgstrs())} plural forms instead of {nplurals}")
        source = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
        for key, value in entry.msgstrs().items():
            if not value:
                continue
            missing, extra = source - placeholders(value), placeholders(value) - source
            if missing:
                problems.append(f"{label}: {key} lacks {', '.join(sorted(missing))}")
            if extra:
                problems.append(f"{label}: {key} has unknown {', '.join(sorted(extra))}")
    return problems


def expected_catalog(catalogue: Catalogue) -> dict[object, str]:
    """What gettext.GNUTranslations should hold once the .po is compiled (msgfmt leaves fuzzy entries out)."""
    expected: dict[object, str] = {}
    for entry in catalogue.messages():
        if entry.fuzzy or entry.untranslated():
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected[key] = entry.values["msgstr"]
        else:
            for name, value in entry.msgstrs().items():
                expected[(key, int(name[7:-1]))] = value
    return expected


def mo_mismatches(language: str) -> list[str]:
    """Differences between locale/<language>/…/django.mo and what its .po compiles to; [] when up to date."""
    po, mo = po_path(language), mo_path(language)
    if not mo.exists():
        return [f"{mo.relative_to(ROOT)} is missing"]
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # the only way to list its messages
    compiled = {key: value for key, value in compiled.items() if key != ""}
    expected = expected_catalog(Catalogue.load(po))
    problems = []
    for key, value in expected.items():
        if key not in compiled:
            problems.append(f"{key!r} is not in the .mo")
        elif compiled[key] != value:
            problems.append(f"{key!r} has another translation in the .mo")
    problems.extend(f"{key!r} is in the .mo but not in the .po" for key in compiled.keys() - expected.keys())
    return problems


# --------------------------------------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------------------------------------


def manage(*arguments: str) -> None:
    python = ROOT / ".venv" / "bin" / "python"
    env = dict(os.environ)
    for name, value in DEFAULT_ENV.items():
        env.setdefault(name, value)
    command = [str(python if python.exists() else sys.executable), "manage.py", *arguments]
    print("$ " + " ".join(command[1:]), flush=True)
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def prepare_header(catalogue: Catalogue, language: str) -> None:
    """Project name and Language in the header, and no fuzzy flag on it (msgfmt drops a fuzzy header)."""
    header = catalogue.header
    if header is None:
        return
    wanted = {"Project-Id-Version": "DAS", "Language": language}
    lines = header.values.get("msgstr", "").splitlines(keepends=True)
    for name, value in wanted.items():
        for index, line in enumerate(lines):
            if line.split(":", 1)[0].strip() == name:
                lines[index] = f"{name}: {value}\n"
                break
        else:
            lines.append(f"{name}: {value}\n")
    header.set_msgstr("msgstr", "".join(lines))
    header.clear_fuzzy()


def fill_source_catalogue(catalogue: Catalogue) -> int:
    """French is the source language: an empty or fuzzy msgstr becomes the msgid itself. Returns how many changed."""
    count = 0
    for entry in catalogue.messages():
        if not (entry.fuzzy or entry.untranslated()):
            continue
        if entry.msgid_plural is None:
            entry.set_msgstr("msgstr", entry.msgid)
        else:
            for index in range(max(catalogue.nplurals(), 2)):
                entry.set_msgstr(f"msgstr[{index}]", entry.msgid if index == 0 else entry.msgid_plural)
        entry.clear_fuzzy()
        count += 1
    if any(entry.changed for entry in catalogue.entries):
        catalogue.save()
    return count


def command_extract(_arguments: argparse.Namespace) -> int:
    LOCALE_DIR.mkdir(exist_ok=True)
    languages = [argument for language in LANGUAGES for argument in ("-l", language)]
    ignores = [f"--ignore={pattern}" for pattern in MAKEMESSAGES_IGNORES]
    manage("makemessages", *languages, *ignores)
    for language in LANGUAGES:
        catalogue = Catalogue.load(po_path(language))
        prepare_header(catalogue, language)
        if any(entry.changed for entry in catalogue.entries):
            catalogue.save()
    filled = fill_source_catalogue(Catalogue.load(po_path(SOURCE_LANGUAGE)))
    print(f"{SOURCE_LANGUAGE}: {filled} message(s) copied from their msgid")
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        messages = Catalogue.load(po_path(language)).messages()
        todo = [entry for entry in messages if entry.fuzzy or entry.untranslated()]
        print(f"{language}: {len(messages)} message(s), {len(todo)} to translate (empty or fuzzy)")
    return 0


def command_compile(_arguments: argparse.Namespace) -> int:
    for language in LANGUAGES:
        if po_path(language).exists() and mo_path(language).exists() and mo_mismatches(language):
            os.utime(po_path(language))  # compilemessages skips a .po older than its .mo (e.g. after a checkout)
    manage("compilemessages", *(f"--ignore={pattern}" for pattern in COMPILEMESSAGES_IGNORES))
    return 0


def command_check(_arguments: argparse.Namespace) -> int:
    failed = False
    for language in LANGUAGES:
        path = po_path(language)
        if not path.exists():
            print(f"{path.relative_to(ROOT)}: missing")
            failed = True
            continue
        problems = catalogue_problems(Catalogue.load(path))
        stale = mo_mismatches(language)
        if stale:
            problems.append(f"the .mo does not match the .po (run `compile`): {len(stale)} difference(s)")
        for problem in problems:
            print(f"{path.relative_to(ROOT)}: {problem}")
        failed = failed or bool(problems)
    print("Translations incomplete." if failed else "Translations complete.")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("extract", help="makemessages fr/ar/en, then fill the French catalogue").set_defaults(
        run=command_extract
    )
    commands.add_parser("compile", help="compilemessages").set_defaults(run=command_compile)
    commands.add_parser("check", help="empty or fuzzy entries, stale .mo; exits 1 if any").set_defaults(
        run=command_check
    )
    arguments = parser.parse_args(argv)
    return arguments.run(arguments)


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")
    sys.exit(main())
