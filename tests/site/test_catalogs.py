"""The message catalogs (site/locale/<locale>/LC_MESSAGES/messages.po): complete, current,
and faithful to the placeholders; and every code the core answers with has its text."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import build  # noqa: E402

TRANSLATED = [locale for locale in build.LOCALES if locale != build.DEFAULT_LOCALE]
# The keywords scripts/catalogs.sh gives `pybabel extract` besides Babel's defaults.
KEYWORDS = {
    "_": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_n": (1, 2),
    "Nn_": (1, 2),
    "in_language": (2,),
}
PLACEHOLDER = re.compile(r"\{\w+(?:![rsa])?\}|%\(\w+\)[sd]")


def catalog(locale: str):
    return build.read_catalog(locale)


def messages(locale: str) -> list:
    return [message for message in catalog(locale) if message.id]


def source_messages() -> set[str]:
    """Every msgid the sources have now, extracted as `pybabel extract -F babel.cfg` does."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_there_are_russian_and_kazakh_catalogs() -> None:
    assert {"ru", "kk"} <= set(TRANSLATED)


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_message_is_translated_and_not_fuzzy(locale: str) -> None:
    untranslated = [
        message.id
        for message in messages(locale)
        if message.fuzzy
        or not (all(message.string) if isinstance(message.string, tuple) else message.string)
    ]
    assert untranslated == [], f"{locale}: translate these (and clear any fuzzy flag)"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_the_catalog_has_every_message_of_the_sources_and_no_other(locale: str) -> None:
    """A message added to a template or script without `bash scripts/catalogs.sh update`
    fails here, by name; so does one the sources no longer have."""
    in_catalog = {m.id[0] if isinstance(m.id, tuple) else m.id for m in messages(locale)}
    sources = source_messages()
    assert len(sources) > 200
    assert sorted(sources - in_catalog) == [], "missing: run bash scripts/catalogs.sh update"
    assert sorted(in_catalog - sources) == [], "obsolete: run bash scripts/catalogs.sh update"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_translations_keep_every_placeholder(locale: str) -> None:
    wrong = []
    for message in messages(locale):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(PLACEHOLDER.findall(text) for text in ids))
        wrong += [(message.id, s) for s in strings if set(PLACEHOLDER.findall(s)) != expected]
    assert wrong == []
    assert [problem for problem in catalog(locale).check()] == []


@pytest.mark.parametrize(
    ("locale", "forms"), [("ru", ("1 день", "2 дня", "5 дней", "11 дней", "21 день", "22 дня"))]
)
def test_the_russian_plural_forms_follow_the_catalogs_rule(locale: str, forms: tuple) -> None:
    translations = build.load_translations(locale)
    shown = tuple(
        translations.ngettext("{n} day", "{n} days", n).replace("{n}", str(n))
        for n in (1, 2, 5, 11, 21, 22)
    )
    assert shown == forms
    assert catalog(locale).num_plurals == 3


def test_every_message_written_in_the_scripts_is_extracted() -> None:
    """Babel's JavaScript extractor skips calls it cannot see (inside a template literal's
    `${...}`): such a message would stay English on every page."""
    written = set()
    for script in (ROOT / "site" / "static").glob("*.js"):
        lines = script.read_text(encoding="utf-8").splitlines()
        text = "\n".join(line for line in lines if not line.lstrip().startswith(("//", "*")))
        written.update(re.findall(r'\b_n?\(\s*"((?:[^"\\]|\\.)*)"', text))
    missing = sorted(message for message in written if message not in source_messages())
    assert missing == []
