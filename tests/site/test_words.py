"""Every code the core can answer with has its words, in every language, on the page (the
scripts' catalog JSON that build.py writes) and on the command line (staycheck.words
through the compiled catalogs), and those words live in staycheck/words.py alone."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from staycheck import i18n, words
from staycheck.model import LIMIT_KINDS

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "core" / "staycheck"
sys.path.insert(0, str(ROOT))

import build  # noqa: E402


def core_codes() -> dict[str, set[str]]:
    """What the core can emit, read from its sources: error and warning codes, limit kinds,
    and the reasons a stay stops (`limited_by.reason`)."""
    api = (CORE / "api.py").read_text(encoding="utf-8")
    engine = (CORE / "engine.py").read_text(encoding="utf-8")
    errors = set(re.findall(r'RequestError\(\s*"(\w+)"', api)) | {"internal_error"}
    warnings = set(re.findall(r'warning\(\s*"(\w+)"', api))
    kinds = set(LIMIT_KINDS)
    reasons = kinds | set(re.findall(r'return "(\w+)", ', engine))
    reasons |= set(re.findall(r'Breach\(\w+, "(\w+)"', engine))
    assert len(errors) > 15 and len(warnings) >= 3 and len(kinds) >= 4
    assert {"later_stay", "next_trip", "no_rule"} <= reasons
    return {"errors": errors, "warnings": warnings, "kinds": kinds, "reasons": reasons}


# Which codes each table the page reads must cover, and each table the command line reads.
PAGE_TABLES = [("errors", "errors"), ("warnings", "warnings"), ("limits", "kinds"),
               ("stops", "reasons"), ("overstays", "kinds")]
CLI_TABLES = [("errors", "errors"), ("warnings", "warnings"), ("limits", "kinds"),
              ("reason_names", "reasons")]


def texts(entry) -> list[str]:
    """Every text of a catalog JSON entry: a string, {"count", "forms"}, or a list of them."""
    entries = entry if isinstance(entry, list) else [entry]
    return [t for e in entries for t in ([e] if isinstance(e, str) else e["forms"].values())]


@pytest.fixture(scope="module")
def page_catalogs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    target = tmp_path_factory.mktemp("i18n") / "i18n"
    translations = {locale: build.load_translations(locale) for locale in build.LOCALES}
    build.write_catalogs(target, translations, {locale: {} for locale in build.LOCALES})
    return {locale: json.loads((target / f"{locale}.json").read_text(encoding="utf-8"))
            for locale in build.LOCALES}


@pytest.mark.parametrize(("table", "codes"), PAGE_TABLES)
def test_every_code_has_words_in_every_language_on_the_page(page_catalogs, table,
                                                             codes) -> None:
    wanted = core_codes()[codes]
    english = page_catalogs[build.DEFAULT_LOCALE]["words"][table]
    for locale, catalog in page_catalogs.items():
        shown = catalog["words"][table]
        assert sorted(wanted - set(shown)) == [], f"{locale}: {table} without words"
        if locale == build.DEFAULT_LOCALE:
            continue
        untranslated = [code for code in wanted
                        if set(texts(shown[code])) & set(texts(english[code]))]
        assert untranslated == [], f"{locale}: {table} still in English"


@pytest.mark.parametrize(("table", "codes"), CLI_TABLES)
@pytest.mark.parametrize("locale", build.LOCALES)
def test_every_code_has_words_in_every_language_on_the_command_line(table, codes,
                                                                   locale) -> None:
    translations = i18n.translations(locale)  # the compiled catalog the CLI reads
    source = words.TABLES[table]
    missing, untranslated = [], []
    for code in sorted(core_codes()[codes]):
        if code not in source:
            missing.append(code)
            continue
        entry = source[code]
        for option in entry if isinstance(entry, list) else [entry]:
            if isinstance(option, words.Plural):
                shown = {translations.ngettext(option.singular, option.plural, n)
                         for n in (1, 2, 5)}
                english = {option.singular, option.plural}
            else:
                shown, english = {translations.gettext(option)}, {option}
            if locale != i18n.SOURCE_LOCALE and shown & english:
                untranslated.append(code)
    assert missing == []
    assert untranslated == []


def test_the_words_live_in_one_place() -> None:
    """No other table of codes: not in the command line, the templates or the scripts."""
    cli = (CORE / "cli.py").read_text(encoding="utf-8")
    assert "N_(" not in cli
    codes = set().union(*core_codes().values())
    tables = []
    for path in (ROOT / "site" / "static").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        tables += [(path.name, code) for code in codes
                   if re.search(rf'(^|[\s{{,])"?{code}"?\s*:|case "{code}"', text, re.M)]
    for path in (ROOT / "site").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        tables += [(path.name, code) for code in codes if f'"{code}"' in text]
    assert tables == []


def test_a_phrasing_is_chosen_by_the_params_it_needs_and_filled() -> None:
    english = i18n.translations(i18n.SOURCE_LOCALE)
    assert words.limit_text(english, {"kind": "per_entry", "months": 3}) == (
        "at most 3 months per entry")
    assert words.limit_text(english, {"kind": "per_entry", "days": 1}) == "at most 1 day per entry"
    assert words.limit_text(english, {"kind": "unknown", "text": "as the core says"}) == (
        "as the core says")
    assert words.say(english, words.ERRORS, "no_rule", {}) == "No rule is known for this date."
    assert words.say(english, words.ERRORS, "no_such_code", {}) is None
