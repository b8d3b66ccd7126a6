"""Translations for the command line, and the rule data's part in the message catalogs.

The catalogs are gettext `.po` files in site/locale/ (one per language, kept with Babel:
see README). The command line reads them compiled, as `.mo` files in core/staycheck/locale/, which
`scripts/catalogs.sh compile` writes (scripts/setup.sh runs it); they are build output.
Standard library only: the core also runs in Pyodide.
"""

from __future__ import annotations

import gettext
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
SOURCE_LOCALE = "en"


class MissingCatalogError(LookupError):
    """No compiled catalog for a language the user asked for."""


class SourceTranslations(gettext.NullTranslations):
    """English, the language the messages are written in: no catalog needed."""


def translations(locale: str) -> gettext.NullTranslations:
    """The compiled catalog for `locale`; English (the source text) needs none."""
    if locale == SOURCE_LOCALE:
        return SourceTranslations()
    try:
        return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[locale])
    except FileNotFoundError:
        raise MissingCatalogError(locale) from None


def available_locales() -> list[str]:
    """English and every language with a compiled catalog, sorted."""
    compiled = {p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")}
    return sorted(compiled | {SOURCE_LOCALE})


def extract_regime_texts(
    fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """A Babel extractor (babel.cfg) for a regime file: its title and its notes, and each
    version's notes and disputed readings, are messages, so the pages show the rule data
    in their language."""
    text = fileobj.read().decode("utf-8")
    data = tomllib.loads(text)
    lines = text.splitlines()
    where = [f"regime {data.get('id')}"]
    texts = [data.get("title"), *data.get("notes", [])]
    texts += [note for version in data.get("versions", [])
              for note in (*version.get("notes", []),
                           *(d if isinstance(d, str) else d.get("text")
                             for d in version.get("disputed", [])))]
    for message in texts:
        if isinstance(message, str):
            yield line_of(lines, message), "_", message, where


def line_of(lines: list[str], message: str) -> int:
    """The line a message starts on, for the catalog's reference (1 if not found as is)."""
    start = message[:40]
    return next((i for i, line in enumerate(lines, 1) if start in line), 1)
