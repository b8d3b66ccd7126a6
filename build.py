"""Build the static site into a folder: `python build.py [OUTPUT]` (default: dist/).

The output is a plain static folder (all links relative, so it works under any path,
such as https://<user>.github.io/<repo>/):

    index.html, rules.html      pages rendered from site/*.html with Jinja
    v-<digest>/                 everything the pages load that changes from build to build,
                                in one folder named from its content (see version_assets):
      static/                   the page's styles and icons, copied from site/static/, its
                                scripts and the workers' bundled with esbuild (see
                                scripts/bundle.mjs), and runtime.js, which tells the worker
                                where Pyodide is
      i18n/<locale>.json        message catalogs for the scripts (see write_catalogs)
      core.zip                  the rule core with its rule data, unpacked by the worker
                                when it cannot start from the snapshot
      snapshot/                 the memory snapshot the worker starts from and its decoder
                                (see make_snapshot)
      fragments/<locale>.html   every regime's description for the calculator's rule panel,
                                fetched after the first answer (see render_regime_fragments)
    pyodide/<version>/          the four Pyodide runtime files, from the pinned npm package
                                (named by its version already, and kept where it is so the
                                browser's HTTP cache keeps its compiled WebAssembly)
    manifest.webmanifest        the web app manifest
    sw.js                       the service worker, with the list of files it caches and
                                a cache name derived from their content

A page refers to its assets in its own build's folder only, so a page load never mixes
two builds, whatever caches the host sets (GitHub Pages: `max-age=600` on everything).

Every user-facing string goes through gettext: `_()` in the templates (Jinja's i18n
extension) and `_()` / `_n()` in the scripts, whose messages are extracted with Babel
(scripts/catalogs.sh). English is the source text; every other language is a catalog
site/locale/<locale>/LC_MESSAGES/messages.po, read here directly (no compiled .mo is
kept), whose pages are rendered into <locale>/ and its script catalog into
i18n/<locale>.json.
"""

from __future__ import annotations

import argparse
import base64
import gettext
import hashlib
import io
import json
import lzma
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from babel import Locale
from babel.dates import format_date
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from staycheck import words

ROOT = Path(__file__).resolve().parent
SITE = ROOT / "site"
PYODIDE_PACKAGE = ROOT / "node_modules" / "pyodide"
# xz-embedded compiled to WebAssembly, which the worker decodes the snapshot with: the npm
# package carries it inside its script, as a data: URL.
XZ_PACKAGE_SCRIPT = ROOT / "node_modules" / "xz-decompress" / "dist/package/xz-decompress.js"
# What pure Python needs from the Pyodide distribution; nothing else is published (the
# lock file only lists optional packages: the worker is given its header instead).
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
)
SNAPSHOT = "snapshot"
# The versioned folder is written under this name, then renamed after its content.
STAGING = "v-staging"
VERSIONED = re.compile(r"v-[0-9a-f]{12}")
LOCALE_DIR = SITE / "locale"
DEFAULT_LOCALE = "en"
# English, then every language with a catalog in site/locale/.
LOCALES = (
    DEFAULT_LOCALE,
    *sorted(p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po")),
)
# The locale each language writes dates and numbers in (Intl in the scripts, Babel here).
INTL_LOCALES = {"en": "en-GB", "ru": "ru-RU", "kk": "kk-KZ"}
# The gettext keywords the scripts use: _("text") and _n("one day", "{n} days", n).
JS_KEYWORDS = {"_": None, "_n": (1, 2)}
# The content types the built files need: a module worker and WebAssembly are refused
# without exact ones, whatever the machine's /etc/mime.types says. For the local servers
# (scripts/serve.sh, the end-to-end tests, benchmarks/page.py); GitHub Pages knows them.
CONTENT_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".zip": "application/zip",
    ".gz": "application/gzip",
    ".xz": "application/x-xz",
}
# A zip written with a fixed timestamp is byte-for-byte the same for the same sources,
# so the service worker's cache name only changes when something really changed.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)
# What the browser never imports: the command line, its catalog reader, the check list.
# (staycheck.words is read here, at build time, and by the command line.)
COMMAND_LINE_ONLY = {"__main__.py", "cli.py", "i18n.py", "versions.py", "words.py"}
HISTORY_BORDERS = "static/history/borders.json"
# The scripts written into the pages' <head> (see inline_script).
INLINE_SCRIPTS = ("frame-check.js", "start-worker.js")
# In the versioned folder, one per language: the rule panel's regime descriptions (a
# fragment, not a page: in a folder of its own).
REGIMES = "fragments/{locale}.html"
# The environment variable that gives the site's public address when --base-url does not.
BASE_URL_VARIABLE = "STAYCHECK_BASE_URL"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out: Path = args.output.resolve()
    if args.catalogs_only:
        reset_folder(out)
        translations = {locale: load_translations(locale) for locale in LOCALES}
        write_catalogs(out / "i18n", translations, catalog_names(site_context(), translations))
        return 0

    reset_folder(out)
    runtime = f"pyodide/{pyodide_version()}/"
    copy_pyodide(out / runtime)
    staging = out / STAGING
    staging.mkdir()
    pack_core(staging / "core.zip")
    snapshot = make_snapshot(staging)
    shutil.copytree(SITE / "static", staging / "static")
    copy_borders(staging / HISTORY_BORDERS)

    context = {**site_context(), "base_url": site_address(args.base_url)}
    translations = {locale: load_translations(locale) for locale in LOCALES}
    write_catalogs(staging / "i18n", translations, catalog_names(context, translations))
    env = make_environment(translations[DEFAULT_LOCALE], context["country_names"])
    # The sizes of what start-up downloads, for the worker's progress bar (issue 12), by
    # their address from runtime.js (in static/ of the versioned folder).
    sizes = {f"../../{runtime}{name}": (out / runtime / name).stat().st_size
             for name in ("pyodide.asm.wasm", "python_stdlib.zip")}
    for name in ["core.zip", *([snapshot["url"]] if snapshot else [])]:
        sizes[f"../{name}"] = (staging / name).stat().st_size
    runtime_context = {
        "runtime": f"../../{runtime}", "snapshot": snapshot, "lockfile": pyodide_lock_info(),
        "sizes": sizes,
    }
    render_template(env, "runtime.js", runtime_context, staging / "static" / "runtime.js")
    bundle_scripts(staging / "static")
    context["page_modules"] = page_modules(staging / "static", "app.js")
    languages = language_links(translations)
    pages = []
    for locale in LOCALES:
        local = localized_context(context, locale, translations[locale])
        env = make_environment(translations[locale], local["country_names"], locale)
        env.globals["in_language"] = lambda code, text: translations[code].gettext(text)
        folder, root = (out, "") if locale == DEFAULT_LOCALE else (out / locale, "../")
        local = {**local, "locale": locale, "root": root, "languages": languages}
        # Before the folder is named: the descriptions change with the rule data.
        render_regime_fragments(env, local, staging / REGIMES.format(locale=locale))
        pages.append((env, local, folder))
    assets = version_assets(staging)

    context["version"] = {"build": assets.removeprefix("v-"), "date": rule_data_day(context)}
    for env, local, folder in pages:
        root = local["root"]
        page_context = {
            **local, "version": context["version"], "assets": f"{root}{assets}/",
            "regimes_file": f"{root}{assets}/{REGIMES.format(locale=local['locale'])}",
        }
        render_pages(env, page_context, folder)

    env = make_environment(translations[DEFAULT_LOCALE], context["country_names"])
    manifest = {**context, "locale": DEFAULT_LOCALE, "assets": f"{assets}/"}
    render_template(env, "manifest.webmanifest", manifest, out / "manifest.webmanifest")
    write_service_worker(env, out, runtime, assets)

    print(f"built {sum(1 for p in out.rglob('*') if p.is_file())} files into {out}")
    return 0


def version_assets(staging: Path) -> str:
    """Rename the staging folder to `v-<digest>`, the digest of every file in it (names
    and bytes), and return that name. A page refers to this folder only: a deploy that
    changes any script, catalog, core or snapshot gives the next page load a new folder,
    never a mix of the cached old files and the new (and one that changes nothing keeps
    the name, so the browser keeps its copies)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        digest.update(path.relative_to(staging).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    name = f"v-{digest.hexdigest()[:12]}"
    staging.rename(staging.parent / name)
    return name


def assets_folder(out: Path) -> Path:
    """The built site's versioned folder (see version_assets)."""
    (folder,) = (p for p in out.iterdir() if p.is_dir() and VERSIONED.fullmatch(p.name))
    return folder


def rule_data_day(context: dict) -> date:
    """The day of the rule data: the latest day any of its versions was checked against
    its sources, else the build day (the page says it with the build's id)."""
    from staycheck.versions import build_day

    checked = [v.verified_on for r in context["regimes"] for v in r.versions if v.verified_on]
    return max(checked, default=build_day())


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", type=Path, default=ROOT / "dist")
    parser.add_argument(
        "--base-url",
        help="the site's public address, such as https://user.github.io/staycheck/ "
        f"(default: ${BASE_URL_VARIABLE}): the hreflang links and the manifest's start_url, "
        "scope and id are absolute from it; without it they are relative",
    )
    parser.add_argument(
        "--catalogs-only",
        action="store_true",
        help="write only i18n/<locale>.json (what the scripts' unit tests read, tests/js/)",
    )
    return parser.parse_args(argv)


def site_address(given: str | None) -> str:
    """The site's public address ending in "/", or "" for none (relative links, a site
    that can be served from anywhere): the --base-url option, else $STAYCHECK_BASE_URL.
    Search engines want hreflang links absolute, and an installed app's manifest is read
    apart from the page (GitHub Pages gives the workflow its address)."""
    value = (os.environ.get(BASE_URL_VARIABLE, "") if given is None else given).strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SystemExit(f"--base-url: {value!r} is not an http(s) address of a folder")
    return value if value.endswith("/") else value + "/"


def reset_folder(out: Path) -> None:
    """Delete the output folder and make it again: nothing stale survives a build."""
    if out in (ROOT, SITE) or out in ROOT.parents:
        raise SystemExit(f"refusing to delete {out}")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)


def copy_borders(target: Path) -> None:
    """The location-history import's borders (scripts/export_borders.mjs made them from
    the pinned country-coder): fetched by the import's worker only when it is opened."""
    source = ROOT / "core" / "staycheck" / "history" / "borders.json"
    if not source.is_file():
        raise SystemExit(f"{source} is missing: run `bash scripts/setup.sh`")
    shutil.copyfile(source, target)


def pyodide_version() -> str:
    """The installed npm package's version, which names the runtime's folder: a file's
    URL then always means the same bytes, whichever cache serves it."""
    manifest = PYODIDE_PACKAGE / "package.json"
    if not manifest.is_file():
        raise SystemExit("node_modules/pyodide is missing: run `npm ci` (scripts/setup.sh does)")
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]


def copy_pyodide(target: Path) -> None:
    target.mkdir(parents=True)
    for name in PYODIDE_FILES:
        shutil.copy2(PYODIDE_PACKAGE / name, target / name)


def pyodide_lock_info() -> dict:
    """The lock file's header, which Pyodide checks against its ABI before it starts."""
    lock = json.loads((PYODIDE_PACKAGE / "pyodide-lock.json").read_text(encoding="utf-8"))
    return lock["info"]


def pack_core(target: Path) -> None:
    """Zip the `staycheck` package as the worker unpacks it: the modules the worker imports
    (not the command line's), the rule data, and their bytecode compiled by Pyodide's own
    Python (compile_for_pyodide)."""
    package = ROOT / "core" / "staycheck"
    with tempfile.TemporaryDirectory() as folder:
        staged = Path(folder) / "staycheck"
        for path in package.rglob("*"):
            if (
                path.is_file()
                and path.suffix in {".py", ".toml"}
                and "__pycache__" not in path.parts
                and path.name not in COMMAND_LINE_ONLY
            ):
                copy = staged / path.relative_to(package)
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, copy)
        compile_for_pyodide(Path(folder))
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(p for p in staged.rglob("*") if p.is_file()):
                name = f"staycheck/{path.relative_to(staged).as_posix()}"
                info = zipfile.ZipInfo(name, ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())


def compile_for_pyodide(folder: Path) -> None:
    """Add staycheck/__pycache__/*.cpython-3XX.pyc, compiled in Node by the same Pyodide the
    site ships: importing bytecode instead of sources saves ~100 ms before the first
    answer. Without Node the site still works, from the sources."""
    node = shutil.which("node")
    if node is None:
        print("note: node not found; core.zip holds sources only (slower first answer)")
        return
    subprocess.run([node, str(ROOT / "scripts" / "compile_core.mjs"), str(folder)], check=True)


def make_snapshot(out: Path) -> dict | None:
    """Boot Pyodide in Node with the built core.zip imported and its rule data loaded, and
    save the WebAssembly heap (scripts/make_snapshot.mjs), xz-compressed, under a name
    from its content. The worker restores it instead of starting CPython, which takes
    seconds. What runtime.js is told: the file and the decoder the worker unpacks it
    with, its size unpacked, which of its pages were XOR-ed with the runtime's initial
    memory, the digest of the core.zip inside it, and the standard library to give the
    restored Python: an empty zip, as every module it uses is already in the heap. None
    without Node: the worker then boots as before."""
    node = shutil.which("node")
    if node is None:
        print("note: node not found; no memory snapshot (slower first answer)")
        return None
    folder = out / SNAPSHOT
    folder.mkdir()
    pages = folder / "pages.bin"
    script = ROOT / "scripts" / "make_snapshot.mjs"
    subprocess.run([node, str(script), str(out / "core.zip"), str(pages)], check=True)
    data = pages.read_bytes()
    layout = json.loads(Path(f"{pages}.json").read_text(encoding="utf-8"))
    pages.unlink()
    Path(f"{pages}.json").unlink()
    packed = compress_xz(data)
    name = f"{SNAPSHOT}/{hashlib.sha256(packed).hexdigest()[:16]}.bin.xz"
    (out / name).write_bytes(packed)
    (folder / "unxz.wasm").write_bytes(xz_decoder())
    write_empty_zip(folder / "stdlib.zip")
    return {
        "url": name,
        "decoder": f"{SNAPSHOT}/unxz.wasm",
        "size": layout["size"],
        "image": layout["image"],
        "core": hashlib.sha256((out / "core.zip").read_bytes()).hexdigest(),
        "stdlib": f"{SNAPSHOT}/stdlib.zip",
    }


def compress_xz(data: bytes) -> bytes:
    """xz at its strongest preset with a CRC32 check (what xz-embedded verifies) and an
    8 MiB dictionary (the decoder allocates all of it: 16 MiB would save 1 kB of the
    2.3 MB)."""
    lzma2 = {"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME, "dict_size": 8 << 20}
    return lzma.compress(data, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32, filters=[lzma2])


def xz_decoder() -> bytes:
    """The xz decoder's WebAssembly binary (13 kB), taken out of the pinned npm package."""
    if not XZ_PACKAGE_SCRIPT.is_file():
        raise SystemExit("node_modules/xz-decompress is missing: run `npm ci`")
    text = XZ_PACKAGE_SCRIPT.read_text(encoding="utf-8")
    (encoded,) = re.findall(r"data:application/wasm;base64,([A-Za-z0-9+/=]+)", text)
    return base64.b64decode(encoded)


def write_empty_zip(target: Path) -> None:
    """Pyodide fetches a standard library zip even when it restores a snapshot: the
    restored Python imports nothing more, so it gets an empty one (22 bytes, not 2.5 MB)."""
    with zipfile.ZipFile(target, "w"):
        pass


def fallback_only(out: Path, runtime: str, assets: str) -> list[str]:
    """What only booting Python without the snapshot reads (none without a snapshot:
    then every start boots), from the top of the site."""
    has_snapshot = (out / assets / SNAPSHOT).is_dir()
    return [f"{runtime}python_stdlib.zip", f"{assets}/core.zip"] if has_snapshot else []


def load_translations(locale: str) -> gettext.NullTranslations:
    """The locale's catalog, compiled in memory from its .po file (fuzzy entries left out,
    as gettext does), so the pages can never use a stale compiled copy."""
    if locale == DEFAULT_LOCALE:
        return gettext.NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(locale))
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def read_catalog(locale: str):
    path = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        return read_po(f, locale=locale)


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    name: str  # in the language itself: "Русский"
    folder: str  # where its pages are, from the top of the site: "" or "ru/"


def language_links(translations: dict[str, gettext.NullTranslations]) -> list[Language]:
    """Every language of the site, for the language switch and the hreflang links."""
    return [
        Language(
            code,
            Locale.parse(code).get_display_name(code).capitalize(),
            "" if code == DEFAULT_LOCALE else f"{code}/",
        )
        for code in translations
    ]


def make_environment(
    translations: gettext.NullTranslations, names: dict[str, str], locale: str = DEFAULT_LOCALE
) -> Environment:
    env = Environment(
        loader=FileSystemLoader(SITE),
        autoescape=select_autoescape(("html", "xml", "svg")),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(translations, newstyle=True)
    date_locale = cldr_locale(locale)
    # "Sep", not British CLDR's "Sept": as the rule data and the page's dates (dates.js).
    env.filters["long_date"] = lambda value: format_date(value, "medium",
                                                         locale=date_locale).replace("Sept", "Sep")
    env.filters["country_name"] = names.__getitem__
    # Text from the rule data (regime titles and notes), put in the catalogs by babel.cfg.
    env.filters["translated"] = translations.gettext
    # Codes in words, from the one table of them (staycheck.words).
    env.globals["limit_text"] = lambda limit: words.limit_text(translations, limit)
    env.globals["limit_how"] = lambda limit: words.limit_how(translations, limit)
    env.globals["basis_name"] = lambda basis: words.say(translations, words.BASES, basis) or basis
    env.globals["intl_locale"] = INTL_LOCALES.get(locale, locale)
    env.globals["icon"] = inline_icon
    from staycheck.versions import build_day, check_status

    today = build_day()  # a rule last checked over a year before it is marked on the page
    env.globals["check_status"] = lambda version: check_status(version, today)
    return env


def inline_icon(name: str, size: int) -> Markup:
    """static/icons/<name>, an SVG, written into the page at `size` px and hidden from
    screen readers (the text beside it says it all): an <img> of an SVG is a document of
    its own, whose set-up took 15-45 ms of the main thread before the form was usable."""
    svg = (SITE / "static" / "icons" / name).read_text(encoding="utf-8").strip()
    tag, rest = svg.split(">", 1)
    tag = re.sub(r'\s(width|height)="[^"]*"', "", tag)
    hidden = 'aria-hidden="true" focusable="false"'
    return Markup(f'{tag} width="{size}" height="{size}" {hidden}>{rest}')


# --- What the templates are given -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Destination:
    code: str
    name: str
    regime_title: str
    area: bool  # several countries share the regime (Schengen): say so in the label


# A static import in esbuild's output (`import{a as b}from"./chunk-X.js";`, always at
# the top of the file) or in a source module.
STATIC_IMPORT = re.compile(r'\bimport\s*(?:[\w$*{}\s,]+?\bfrom\s*)?"(\.{1,2}/[^"]+)"')


def node_script(name: str, *args: str, **run) -> subprocess.CompletedProcess:
    """Runs scripts/<name> with Node (which bundles the scripts and sorts the lists)."""
    node = shutil.which("node")
    if node is None:
        raise SystemExit(f"node is needed to run scripts/{name} (scripts/setup.sh installs it)")
    return subprocess.run([node, str(ROOT / "scripts" / name), *args], check=True, **run)


def bundle_scripts(static: Path) -> None:
    """The page's and the workers' modules bundled in place (scripts/bundle.mjs)."""
    node_script("bundle.mjs", str(static))


def page_modules(static: Path, entry: str) -> list[str]:
    """What `entry` imports statically, at any depth, as paths under `static` (the built
    folder): the page waits for all of it before DOMContentLoaded, so each is preloaded
    at once rather than found import by import."""
    found, pending = set(), [entry]
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found.add(name)
        text = (static / name).read_text(encoding="utf-8")
        pending += [posixpath.normpath(posixpath.join(posixpath.dirname(name), spec))
                    for spec in STATIC_IMPORT.findall(text)]
    return sorted(found - {entry})


@dataclass(frozen=True, slots=True)
class InlineScript:
    code: str
    hash: str  # the CSP source that allows exactly this code: 'sha256-<base64>'


def inline_script(name: str) -> InlineScript:
    """site/static/<name>, to be written into the pages: frame-check.js, which must run
    before anything else, and start-worker.js, which starts the calculator worker while
    the page is parsed on a return visit. As files, the first held the parser for a
    request and the second ran only when the parser let a module run (issue 13); inline,
    the CSP allows each by its hash, and nothing else inline."""
    code = (SITE / "static" / name).read_text(encoding="utf-8")
    if "</script" in code.lower():
        raise SystemExit(f"{name} cannot be written into a page: it contains </script")
    digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
    return InlineScript(code, f"'sha256-{digest}'")


def site_context() -> dict:
    from staycheck.rules import country_names, load_regimes

    names = country_names()
    regimes = load_regimes()
    destinations = {}
    for regime in regimes:
        several = len(regime.destinations) > 1
        for code in regime.destinations:
            destinations.setdefault(code, Destination(code, names[code], regime.title, several))
    return {
        "regimes": regimes,
        "countries": sorted(names.items(), key=lambda item: item[1]),
        "country_names": names,
        "destinations": sorted(destinations.values(), key=lambda d: d.name),
        "bases": core_bases(),
        "inline": {name.removesuffix(".js").replace("-", "_"): inline_script(name)
                   for name in INLINE_SCRIPTS},
    }


def localized_context(context: dict, locale: str, translations) -> dict:
    """The country names in `locale` (CLDR's, through Babel; the rule data's English names
    for the default locale and any code CLDR lacks), and the lists sorted by them in the
    language's collation (see collation_ranks)."""
    names = dict(context["country_names"])
    if locale != DEFAULT_LOCALE:
        territories = Locale.parse(locale).territories
        names = {code: territories.get(code, name) for code, name in names.items()}

    destinations = [
        Destination(d.code, names[d.code], translations.gettext(d.regime_title), d.area)
        for d in context["destinations"]
    ]
    titles = [translations.gettext(r.title) for r in context["regimes"]]
    key = collation_ranks([*names.values(), *titles], INTL_LOCALES.get(locale, locale)).__getitem__
    return {
        **context,
        "country_names": names,
        "countries": sorted(names.items(), key=lambda item: key(item[1])),
        "destinations": sorted(destinations, key=lambda d: key(d.name)),
        "regimes": sorted(context["regimes"], key=lambda r: key(translations.gettext(r.title))),
    }


def collation_ranks(names: list[str], intl_locale: str) -> dict[str, int]:
    """Each of `names` -> its place in the order of `intl_locale`'s collation, as the
    browser's Intl.Collator has it (Node's, through scripts/collate.mjs): the page shows
    its lists in this order and sorts nothing itself."""
    done = node_script("collate.mjs", intl_locale, input=json.dumps(sorted(set(names))),
                       capture_output=True, text=True)
    return {name: place for place, name in enumerate(json.loads(done.stdout))}


def core_bases() -> tuple[str, ...]:
    from staycheck.model import BASES

    return BASES


def render_pages(env: Environment, context: dict, out: Path) -> None:
    """Every template not starting with `_` in site/ becomes a page of the same name.

    The default locale's pages are at the top of the site, another locale's in a folder
    of its name (ru/index.html); `root` leads from a page back to the top, and `page`
    names the page for the links to it in the other languages."""
    out.mkdir(exist_ok=True)
    for template in sorted(SITE.glob("*.html")):
        if not template.name.startswith("_"):
            page = {**context, "page": template.name}
            render_template(env, template.name, page, out / template.name)


def render_regime_fragments(env: Environment, context: dict, target: Path) -> None:
    """Every regime's description for the calculator's rule panel, as one fragment of HTML
    in the versioned folder (its links are the page's), which answer-view.js fetches once the
    first answer is on screen and takes each regime from as an answer names it. Written
    into the page itself they were 150 of its 186 kB, parsed on every visit before the
    form was usable. One file for all: a request per regime would tell the server which
    rule the traveller's answer is under."""
    fragment = env.get_template("_regime.html")
    articles = [
        fragment.render({**context, "regime": regime, "hidden": True})
        for regime in context["regimes"]
    ]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("".join(articles), encoding="utf-8")


def render_template(env: Environment, name: str, context: dict, target: Path) -> None:
    target.write_text(env.get_template(name).render(context), encoding="utf-8")


def catalog_names(context: dict, translations: dict[str, gettext.NullTranslations]) -> dict:
    """script_names for every locale."""
    return {
        locale: script_names(localized_context(context, locale, catalog), catalog)
        for locale, catalog in translations.items()
    }


def script_names(local: dict, translations: gettext.NullTranslations) -> dict:
    """What the scripts show by name, in the page's language: countries (the passport and
    destination lists' names), bases of stay, regime titles, and the rule data's disputed
    readings (shown beside an answer), keyed by their English text."""
    disputed = {
        doubt.text: translations.gettext(doubt.text)
        for regime in local["regimes"]
        for version in regime.versions
        for doubt in version.disputed
    }
    return {
        "countries": dict(local["country_names"]),
        "bases": {basis: words.say(translations, words.BASES, basis) for basis in local["bases"]},
        "regimes": {regime.id: translations.gettext(regime.title) for regime in local["regimes"]},
        "disputed": disputed,
    }


def write_catalogs(
    target: Path, translations: dict[str, gettext.NullTranslations], names: dict[str, dict]
) -> None:
    """One JSON catalog per locale for the scripts: {"messages": {msgid: translation},
    "words": the code tables of staycheck.words, translated, "names": script_names, and
    "dates"}.

    A plural message is keyed by its singular msgid and maps CLDR plural categories
    (what `Intl.PluralRules` returns: one, few, many, other) to forms, so the scripts
    never evaluate a gettext plural expression.
    """
    target.mkdir()
    messages = extract_script_messages()
    for locale, catalog_translations in translations.items():
        samples = plural_samples(locale)
        catalog = {}
        for message in messages:
            if isinstance(message, tuple):
                singular, plural = message
                catalog[singular] = {
                    category: catalog_translations.ngettext(singular, plural, n)
                    for category, n in samples.items()
                }
            else:
                catalog[message] = catalog_translations.gettext(message)
        document = {
            "locale": locale,
            "messages": catalog,
            "words": words.catalog_words(catalog_translations, samples),
            "names": names[locale],
            "dates": cldr_dates(locale),
            "numbers": cldr_numbers(locale),
        }
        text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True)
        (target / f"{locale}.json").write_text(text + "\n", encoding="utf-8")


def cldr_locale(locale: str) -> Locale:
    """Babel's locale for the page in `locale`: the one its Intl locale names (en-GB)."""
    return Locale.parse(INTL_LOCALES.get(locale, locale), sep="-")


def cldr_dates(locale: str) -> dict:
    """CLDR's date patterns and month and day names for `locale` (through Babel), which the
    scripts write every date with (dates.js), as the templates do (the `long_date` filter):
    the browser's Intl may lack the locale (Debian's Chromium has no Kazakh), and its first
    use costs 40-50 ms before the form is usable."""
    cldr = cldr_locale(locale)

    def months(context: str, width: str) -> list[str]:
        # "Sep", not British CLDR's "Sept": as the rule data and the `long_date` filter.
        names = [cldr.months[context][width][m] for m in range(1, 13)]
        return ["Sep" if name == "Sept" else name for name in names]

    return {
        "medium": cldr.date_formats["medium"].pattern,
        "long": cldr.date_formats["long"].pattern,
        "month": "LLL",
        "M": {"abbreviated": months("format", "abbreviated"), "wide": months("format", "wide")},
        "L": {
            "abbreviated": months("stand-alone", "abbreviated"),
            "wide": months("stand-alone", "wide"),
        },
        # Monday first, as CLDR numbers them: the date in words beside a date field.
        "weekdays": [cldr.days["format"]["wide"][d] for d in range(7)],
    }


def cldr_numbers(locale: str) -> dict:
    """How CLDR writes a number in `locale` (through Babel), which the scripts write every
    number with (i18n.js formatNumber), as they write dates: the browser's Intl may lack
    the locale (Debian's Chromium writes Kazakh numbers as English ones, 1,234.5 for
    1 234,5), and a page's first Intl.NumberFormat costs 13-21 ms."""
    cldr = cldr_locale(locale)
    symbols = cldr.number_symbols["latn"]
    pattern = cldr.decimal_formats[None]
    return {
        "decimal": symbols["decimal"],
        "group": symbols["group"],
        "grouping": list(pattern.grouping),  # digits in the first group, then in the others
        "fraction": list(pattern.frac_prec),  # least and most decimals a number shows
    }


def plural_samples(locale: str) -> dict[str, int]:
    """A whole number for each CLDR plural category of `locale` (Babel's CLDR rules, the
    same data as the browser's Intl.PluralRules): the form gettext gives that number is
    the category's form. A category only fractions fall in (Russian "other": 1.5 дня)
    borrows the number 2, whose form Russian uses for fractions."""
    rule = Locale.parse(locale).plural_form
    samples: dict[str, int] = {}
    for n in range(200):
        samples.setdefault(rule(n), n)
    for category in (*rule.tags, "other"):
        samples.setdefault(category, 2)
    return dict(sorted(samples.items()))


def extract_script_messages() -> list[str | tuple[str, str]]:
    found: dict[str | tuple[str, str], None] = {}
    for script in sorted((SITE / "static").rglob("*.js")):
        for _lineno, message, _comments, _context in extract_from_file(
            "javascript", script, keywords=JS_KEYWORDS
        ):
            found[message] = None
    return list(found)


def write_service_worker(env: Environment, out: Path, runtime: str, assets: str) -> None:
    """Render sw.js last, with every built file and a cache name from their content.
    What only the worker's fallback start needs is cached on demand, not at install."""
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode())
        digest.update(hashlib.sha256((out / name).read_bytes()).digest())
    on_demand = [*fallback_only(out, runtime, assets), f"{assets}/{HISTORY_BORDERS}"]
    context = {
        "cache_name": f"staycheck-{digest.hexdigest()[:16]}",
        "build": assets,
        "files": ["./", *(name for name in files if name not in on_demand)],
        "on_demand": on_demand,
        "runtime": runtime,
    }
    render_template(env, "sw.js", context, out / "sw.js")


if __name__ == "__main__":
    sys.exit(main())
