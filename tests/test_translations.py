"""The translation catalogues are complete and their committed .mo files match them.

When a test here fails after French strings were added to the code:
    python3 scripts/translations.py extract   # then translate what is empty or fuzzy in locale/ar and locale/en
    python3 scripts/translations.py compile
    python3 scripts/translations.py check
"""

import gettext
import importlib.util
import sys
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["fr", "ar", "en"]
NPLURALS = {"fr": 2, "ar": 6, "en": 2}


def _load_script():
    name = "das_scripts_translations"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "translations.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the class is built
        spec.loader.exec_module(module)
    return sys.modules[name]


tr = _load_script()


def catalogue(language):
    return tr.Catalogue.load(tr.po_path(language))


@pytest.fixture(params=LANGUAGES)
def language(request):
    return request.param


def test_every_language_of_the_settings_has_a_catalogue(settings):
    assert sorted(code for code, _name in settings.LANGUAGES) == sorted(LANGUAGES)
    for code in LANGUAGES:
        assert tr.po_path(code).exists(), f"{tr.po_path(code)} is missing: run scripts/translations.py extract"


def test_catalogue_has_messages(language):
    assert len(catalogue(language).messages()) > 100


def test_header_is_usable(language):
    po = catalogue(language)
    header = po.header
    assert header is not None
    assert not header.fuzzy, "a fuzzy header is ignored by msgfmt, and its Plural-Forms with it"
    fields = po.header_fields()
    assert "charset=UTF-8" in fields["Content-Type"]
    assert po.nplurals() == NPLURALS[language], fields.get("Plural-Forms")


def test_no_entry_is_empty(language):
    empty = [tr.entry_label(entry) for entry in catalogue(language).messages() if entry.untranslated()]
    assert not empty, f"{language}: {len(empty)} untranslated entries, e.g. {empty[:5]}"


def test_no_entry_is_fuzzy(language):
    fuzzy = [tr.entry_label(entry) for entry in catalogue(language).messages() if entry.fuzzy]
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy entries, e.g. {fuzzy[:5]}"


def test_plural_entries_fill_every_form(language):
    po = catalogue(language)
    expected = [f"msgstr[{index}]" for index in range(po.nplurals())]
    plurals = [entry for entry in po.messages() if entry.msgid_plural is not None]
    assert plurals, "the templates use {% blocktranslate count %}"
    for entry in plurals:
        assert sorted(entry.msgstrs()) == expected, tr.entry_label(entry)
        assert all(entry.msgstrs().values()), tr.entry_label(entry)


def test_placeholders_are_kept(language):
    problems = []
    for entry in catalogue(language).messages():
        wanted = tr.placeholders(entry.msgid) | tr.placeholders(entry.msgid_plural or "")
        for key, value in entry.msgstrs().items():
            found = tr.placeholders(value)
            if found != wanted:
                problems.append(f"{tr.entry_label(entry)} {key}: {sorted(found)} instead of {sorted(wanted)}")
    assert not problems, "\n".join(problems)


def test_all_catalogue_checks_pass(language):
    assert tr.catalogue_problems(catalogue(language)) == []


def test_source_catalogue_translates_french_to_itself():
    for entry in catalogue("fr").messages():
        if entry.msgid_plural is None:
            assert entry.values["msgstr"] == entry.msgid, tr.entry_label(entry)
        else:
            assert entry.values["msgstr[0]"] == entry.msgid, tr.entry_label(entry)
            assert entry.values["msgstr[1]"] == entry.msgid_plural, tr.entry_label(entry)


def test_arabic_and_english_are_translated_not_copied():
    for language in ("ar", "en"):
        messages = catalogue(language).messages()
        copied = [entry for entry in messages if entry.msgid_plural is None and entry.values["msgstr"] == entry.msgid]
        # Some words are the same in English (Description, Code, PDF…), never most of them.
        assert len(copied) < len(messages) / 5, language
    arabic = [entry.values["msgstr"] for entry in catalogue("ar").messages() if entry.msgid_plural is None]
    letters = [value for value in arabic if any("\u0600" <= char <= "\u06ff" for char in value)]
    assert len(letters) > 0.95 * len(arabic)


def test_compiled_catalogue_exists_and_matches(language):
    mo = tr.mo_path(language)
    assert mo.exists(), f"{mo} is missing: run scripts/translations.py compile"
    assert tr.mo_mismatches(language) == [], "the .mo is out of date: run scripts/translations.py compile"


def test_compiled_catalogue_translates_with_gettext(language):
    with tr.mo_path(language).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    samples = 0
    for entry in catalogue(language).messages():
        if entry.msgctxt is not None:
            continue
        if entry.msgid_plural is None:
            assert compiled.gettext(entry.msgid) == entry.values["msgstr"], tr.entry_label(entry)
        else:
            for count, form in ((1, 1 if language == "ar" else 0), (5, 3 if language == "ar" else 1)):
                got = compiled.ngettext(entry.msgid, entry.msgid_plural, count)
                assert got == entry.values[f"msgstr[{form}]"], tr.entry_label(entry)
        samples += 1
    assert samples > 100


@pytest.mark.parametrize(("language", "expected"), [("fr", "Partenaires"), ("ar", "الشركاء"), ("en", "Partners")])
def test_django_uses_the_project_catalogues(language, expected):
    with translation.override(language):
        assert translation.gettext("Partenaires") == expected


def test_django_arabic_plural_forms():
    with translation.override("ar"):
        forms = [
            translation.ngettext("%(counter)s résultat", "%(counter)s résultats", n) for n in (0, 1, 2, 5, 11, 100)
        ]
    assert len(set(forms)) > 2, forms
    assert all("%(counter)s" in form for form in forms)


# The .po reader and writer of scripts/translations.py


SAMPLE = r"""# Header comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"

#: a.py:1
msgid "Partenaires"
msgstr ""

#: a.py:2
#, fuzzy, python-format
#| msgid "Bonjour %(nom)s"
msgid "Bonjour %(name)s"
msgstr "Bonjour %(nom)s"

#: b.html:3
#, python-format
msgid "%(counter)s résultat"
msgid_plural "%(counter)s résultats"
msgstr[0] ""
msgstr[1] ""

#: c.py:4
msgid ""
"Une phrase assez longue pour que gettext la coupe sur plusieurs lignes, avec "
"un \"guillemet\" et un retour\n"
"à la ligne."
msgstr ""

#~ msgid "Ancien"
#~ msgstr "Ancien"
"""


def test_reader_keeps_the_file_as_written():
    entries = tr.parse_po(SAMPLE)
    assert [entry.msgid for entry in entries][:3] == ["", "Partenaires", "Bonjour %(name)s"]
    assert entries[3].msgid_plural == "%(counter)s résultats"
    assert entries[4].msgid.endswith('"guillemet" et un retour\nà la ligne.')
    assert entries[5].obsolete
    assert tr.Catalogue(Path("x.po"), entries).text() == SAMPLE


def test_fill_source_catalogue(tmp_path):
    path = tmp_path / "django.po"
    path.write_text(SAMPLE, encoding="utf-8")
    assert tr.fill_source_catalogue(tr.Catalogue.load(path)) == 4
    po = tr.Catalogue.load(path)
    assert tr.catalogue_problems(po) == []
    hello = po.messages()[1]
    assert hello.values["msgstr"] == "Bonjour %(name)s"
    assert not any(line.startswith("#|") for line in hello.comments)
    assert "#, python-format" in hello.comments
    assert po.messages()[2].msgstrs() == {"msgstr[0]": "%(counter)s résultat", "msgstr[1]": "%(counter)s résultats"}
    assert po.messages()[3].values["msgstr"] == po.messages()[3].msgid
    # Lines wrapped as gettext does: the copied msgstr has the same lines as the msgid.
    text = path.read_text(encoding="utf-8")
    assert '\nmsgstr ""\n"Une phrase assez longue pour que gettext' in text


def test_format_field_wraps_like_gettext():
    assert tr.format_field("msgstr", "court") == ['msgstr "court"']
    lines = tr.format_field("msgstr", "mot " * 30)
    assert lines[0] == 'msgstr ""'
    assert all(len(line) <= 79 for line in lines)
    assert "".join(tr.unquote(line) for line in lines[1:]) == "mot " * 30
