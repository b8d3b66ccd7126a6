"""Translations for the command line, and the rule data's part in the message catalogs.

The catalogs are gettext `.po` files in site/locale/ (one per language, kept with Babel:
see README). The command line reads them compiled, as `.mo` files in core/locale/, which
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


def extract_regime_titles(
    fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """A Babel extractor (babel.cfg) for a regime file: its title is a message.

    The title names the rule on the pages and in the CLI, so it is translated with
    everything else; the long notes stay in the rule data's language (English)."""
    data = tomllib.loads(fileobj.read().decode("utf-8"))
    if isinstance(data.get("title"), str):
        line = next(i for i, text in enumerate(data_lines(fileobj), 1) if text.startswith("title"))
        yield line, "_", data["title"], [f"regime {data.get('id')}"]


def data_lines(fileobj: BinaryIO) -> list[str]:
    fileobj.seek(0)
    return fileobj.read().decode("utf-8").splitlines()
