"""The build: what build.py puts in the output folder, checked without a browser."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import lzma
import posixpath
import re
import struct
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import pytest
from babel import Locale
from markupsafe import escape

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import build  # noqa: E402
import local_site  # noqa: E402

# {inline}: the hashes of the scripts written into the pages (build.inline_script).
CSP = (
    "default-src 'self'; script-src 'self' {inline} 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self'; font-src 'self'; connect-src 'self'; worker-src 'self'; "
    "manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "dist"
    assert build.main([str(out)]) == 0
    return out


def assets(site: Path) -> Path:
    """The build's versioned folder, v-<digest>/ (see build.version_assets)."""
    return build.assets_folder(site)


class Page(HTMLParser):
    """Collects what the checks below look at in one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.csp: list[str] = []
        self.inline_scripts: list[str] = []
        self.style_elements = 0
        self.style_attributes = 0
        self.event_attributes: list[str] = []
        self.links: list[tuple[str, str, dict]] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("http-equiv") == "Content-Security-Policy":
            self.csp.append(values["content"])
        if tag == "script" and "src" not in values:
            self.inline_scripts.append("")
            self._in_script = True
        if tag == "style":
            self.style_elements += 1
        self.style_attributes += "style" in values
        self.event_attributes += [name for name in values if name.startswith("on")]
        for name in ("href", "src"):
            if values.get(name):
                self.links.append((tag, values[name], values))


    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.inline_scripts[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False


def script_hash(name: str) -> str:
    code = (ROOT / "site/static" / name).read_bytes()
    return base64.b64encode(hashlib.sha256(code).digest()).decode()


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_the_output_has_the_pages_the_runtime_and_the_core(site: Path) -> None:
    runtime = site / "pyodide" / build.pyodide_version()
    assert sorted(p.name for p in runtime.iterdir()) == sorted(build.PYODIDE_FILES)
    assert [p.name for p in (site / "pyodide").iterdir()] == [runtime.name]
    runtime_js = (assets(site) / "static/runtime.js").read_text()
    assert f'"../../pyodide/{runtime.name}/pyodide.mjs"' in runtime_js
    for name in ("index.html", "rules.html", "sw.js", "manifest.webmanifest"):
        assert (site / name).is_file(), name
    for name in (
        "core.zip",
        "snapshot/stdlib.zip",
        "snapshot/unxz.wasm",
        "i18n/en.json",
        "static/app.js",
        "static/worker.js",
        "static/history/worker.js",
    ):
        assert (assets(site) / name).is_file(), name
    # Nothing else at the top: every asset that changes between builds is in the folder.
    top = {p.name for p in site.iterdir()}
    assert top == {"index.html", "rules.html", "sw.js", "manifest.webmanifest", "pyodide",
                   *build.LOCALES[1:], assets(site).name}
    assert not list(site.rglob("*.map")), "no source maps of the runtime are published"


def test_a_rebuild_starts_from_scratch_and_is_byte_for_byte_the_same(
    site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "again"
    out.mkdir()
    (out / "stale.txt").write_text("left over from an earlier build")
    build.main([str(out)])
    assert not (out / "stale.txt").exists()
    assert (out / "sw.js").read_text() == (site / "sw.js").read_text()
    assert (assets(out) / "core.zip").read_bytes() == (assets(site) / "core.zip").read_bytes()
    (again, *recorded), (first, *expected) = built_snapshot(out), built_snapshot(site)
    assert (again.name, recorded) == (first.name, expected)
    assert again.read_bytes() == first.read_bytes()


def test_every_page_has_the_content_security_policy_and_no_inline_code(site: Path) -> None:
    for path in site.glob("*.html"):
        page = parse(path)
        # The inline scripts are the frame check, then on the calculator the worker's
        # start, each allowed by its hash, and nothing else.
        names = ["frame-check.js", "start-worker.js"][: 2 if path.name == "index.html" else 1]
        assert page.inline_scripts == [(ROOT / "site/static" / name).read_text(encoding="utf-8")
                                       for name in names], path.name
        hashes = " ".join(f"'sha256-{script_hash(name)}'"
                          for name in ("frame-check.js", "start-worker.js"))
        assert page.csp == [CSP.format(inline=hashes)], path.name
        assert page.style_elements == 0, path.name
        assert page.style_attributes == 0, path.name
        assert page.event_attributes == [], path.name


def test_links_within_the_site_are_relative_and_point_at_built_files(site: Path) -> None:
    for path in site.glob("*.html"):
        for tag, target, attributes in parse(path).links:
            if target.startswith("https://"):
                # Only the rule data's sources point elsewhere, and open as plain links.
                assert tag == "a" and "noreferrer" in attributes.get("rel", ""), target
                continue
            assert not target.startswith(("/", "http:", "//")), (path.name, target)
            assert (site / target.split("#")[0]).exists() or target == "./", target


def test_the_service_worker_caches_every_built_file_under_a_content_named_cache(
    site: Path,
) -> None:
    text = (site / "sw.js").read_text()
    files = json.loads(re.search(r"const FILES = (\[.*?\]);", text).group(1))
    on_demand = json.loads(re.search(r"const ON_DEMAND = (\[.*?\])\.map", text).group(1))
    built = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    # What only booting without the snapshot needs, and the location-history import's
    # borders (fetched only when the import is opened), are cached when first asked for.
    runtime = f"pyodide/{build.pyodide_version()}/"
    folder = assets(site).name
    assert on_demand == [
        f"{runtime}python_stdlib.zip", f"{folder}/core.zip", f"{folder}/{build.HISTORY_BORDERS}"
    ]
    assert sorted(files + on_demand) == sorted(["./", *[n for n in built if n != "sw.js"]])
    assert len(set(files)) == len(files)
    assert re.search(r'const CACHE = "staycheck-[0-9a-f]{16}";', text)


def test_the_packed_core_imports_and_answers_on_its_own(site: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(assets(site) / "core.zip") as archive:
        names = archive.namelist()
        archive.extractall(tmp_path)
    assert "staycheck/api.py" in names
    assert any(name.startswith("staycheck/regimes/") and name.endswith(".toml") for name in names)
    # Bytecode for Pyodide's Python, one file per module, and for no other version.
    tag = "cpython-" + "".join(build.pyodide_lock_info()["python"].split(".")[:2])
    sources = [PurePosixPath(n) for n in names if n.endswith(".py")]
    expected = sorted(str(p.parent / "__pycache__" / f"{p.stem}.{tag}.pyc") for p in sources)
    assert sorted(n for n in names if "__pycache__" in n) == expected
    request = {
        "destination": "KZ",
        "nationality": "RU",
        "on": "2023-03-01",
        "stays": [{"entry": "2023-01-27", "exit": None}],
    }
    script = "import sys, staycheck.api; print(staycheck.api.handle(sys.argv[1]))"
    result = subprocess.run(
        [sys.executable, "-I", "-c", script, json.dumps(request)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    answer = json.loads(result.stdout)
    assert answer["ok"] and answer["latest_exit"]["last"] == "2023-04-26"


def built_snapshot(site: Path) -> tuple[Path, int, str]:
    """The snapshot file runtime.js names, its recorded size unpacked and core digest."""
    text = (assets(site) / "static" / "runtime.js").read_text()
    name = re.search(r'new URL\("\.\./(snapshot/[0-9a-f]{16}\.bin\.xz)"', text).group(1)
    size = int(re.search(r"size: (\d+),", text).group(1))
    core = re.search(r'core: "([0-9a-f]{64})"', text).group(1)
    return assets(site) / name, size, core


def stored_pages(packed: bytes, size: int) -> tuple[list[int], bytes]:
    """The pages a snapshot file stores (as site/static/snapshot.js reads it): the page
    numbers its bitmap marks, and their bytes (the first with Pyodide's header)."""
    data = lzma.decompress(packed)
    (table,) = struct.unpack_from("<I", data)  # the segment table's length, then the table
    data = data[4 + table :]
    pages = -(-size // 4096)
    bitmap, stored = data[: -(-pages // 8)], data[-(-pages // 8) :]
    marked = [page for page in range(pages) if bitmap[page // 8] >> (page % 8) & 1]
    assert len(stored) == sum(min(4096, size - page * 4096) for page in marked)
    return marked, stored


def test_the_snapshot_is_of_this_pyodide_build_and_named_after_its_content(site: Path) -> None:
    path, size, _core = built_snapshot(site)
    packed = path.read_bytes()
    assert path.name == f"{hashlib.sha256(packed).hexdigest()[:16]}.bin.xz"
    assert len(packed) < size / 8, "the heap is mostly zeros or the runtime's own image"
    marked, stored = stored_pages(packed, size)
    assert marked[0] == 0  # the header is never XOR-ed
    # Pyodide's snapshot header: magic number, then its build id as 8 little-endian words.
    assert struct.unpack_from("<I", stored)[0] == 1886286592
    build_id = "".join(f"{word:08x}" for word in struct.unpack_from("<8I", stored, 16))
    package = (build.PYODIDE_PACKAGE / "pyodide.mjs").read_text()
    assert build_id == re.search(r'BUILD_ID:"([0-9a-f]{64})"', package).group(1)
    with zipfile.ZipFile(assets(site) / "snapshot" / "stdlib.zip") as stdlib:
        assert stdlib.namelist() == []  # the restored Python imports nothing more
    assert not list((site / "pyodide").rglob("pyodide-lock.json"))
    assert (assets(site) / "snapshot" / "unxz.wasm").read_bytes()[:4] == b"\0asm"


def on_the_wire(path: Path) -> int:
    """The bytes a file takes on the wire from GitHub Pages (gzip -6 for the types it
    compresses, as local_site.py serves them for the benchmark)."""
    data = path.read_bytes()
    if local_site.content_type(path).startswith(local_site.COMPRESSED_TYPES):
        return len(gzip.compress(data, compresslevel=6, mtime=0))
    return len(data)


def test_a_first_visit_sends_no_more_bytes_before_the_answer_than_bare_pyodide(
    site: Path,
) -> None:
    """Counted from the built files, on the generous side: every file the English page
    could fetch before its first answer (all but the other languages' pages and
    catalogs, the rules page, the service worker and what only the fallback start
    needs, and the history import's worker, started when the import is opened), against
    the four files a bare loadPyodide() fetches (its own page not counted)."""
    runtime = f"pyodide/{build.pyodide_version()}/"
    # The history import's own worker, started only when the import is opened, and what
    # only it fetches (its modules, the 200 kB of borders).
    folder = assets(site).name
    static = assets(site) / "static"
    opened = {
        name for entry in ("history/worker.js", "history/import.js")
        for name in (entry, *build.page_modules(static, entry))
    }
    history = opened - set(build.page_modules(static, "app.js"))
    history_only = {f"{folder}/static/{name}" for name in history}
    history_only.add(f"{folder}/{build.HISTORY_BORDERS}")
    left_out = {*build.fallback_only(site, runtime, folder), "rules.html", "sw.js", *history_only}
    other_languages = tuple(f"{code}/" for code in build.LOCALES[1:])
    other_catalogs = {f"{folder}/i18n/{code}.json" for code in build.LOCALES[1:]}
    other_catalogs |= {f"{folder}/{build.REGIMES.format(locale=code)}"
                       for code in build.LOCALES[1:]}
    counted = [
        path
        for path in site.rglob("*")
        if path.is_file()
        and (name := path.relative_to(site).as_posix()) not in left_out | other_catalogs
        and not name.startswith(other_languages)
    ]
    staycheck = sum(on_the_wire(path) for path in counted)
    bare_files = (*build.PYODIDE_FILES, "pyodide-lock.json")
    bare = sum(on_the_wire(build.PYODIDE_PACKAGE / name) for name in bare_files)
    assert staycheck <= bare, f"{staycheck:,} bytes before the first answer, bare {bare:,}"


RESTORED_REQUEST = json.dumps(
    {
        "destination": "DE",
        "nationality": "US",
        "on": "2024-06-01",
        "stays": [{"entry": "2024-01-10", "exit": "2024-03-20", "country": "FR"}],
        "plan": {"entry": "2024-07-01"},
    }
)


@pytest.fixture(scope="module")
def restored(site: Path) -> dict:
    """What the built snapshot, restored in Node as the worker restores it, says."""
    script = ROOT / "tests" / "site" / "restore_snapshot.mjs"
    result = subprocess.run(
        ["node", str(script), str(assets(site)), RESTORED_REQUEST],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_the_snapshot_holds_the_current_core_and_answers_as_it_does(
    site: Path, restored: dict, tmp_path: Path
) -> None:
    """A snapshot made from an older core.zip (or for another Pyodide) fails here."""
    build.pack_core(tmp_path / "core.zip")
    current = hashlib.sha256((tmp_path / "core.zip").read_bytes()).hexdigest()
    _path, _size, recorded = built_snapshot(site)
    assert recorded == current
    assert restored["core"] == current

    from staycheck.api import handle

    assert json.loads(restored["answer"]) == json.loads(handle(RESTORED_REQUEST))
    assert json.loads(restored["answer"])["ok"]


def test_the_snapshots_core_has_its_calls_specialized(restored: dict) -> None:
    """handle calls parse_json and answer, the core's own functions: in the restored
    snapshot, once it has run, both calls are specialized (CALL_PY_EXACT_ARGS). Had the
    snapshot's trimming (scripts/snapshot_trim.py) set their `__code__` after they were
    made, CPython would have cleared their versions and left both calls generic (CALL):
    the core answered 7,300 stays 25-50% slower so."""
    assert restored["calls"].count("CALL_PY_EXACT_ARGS") == 2, restored["calls"]


def test_every_script_message_is_in_the_catalog(site: Path) -> None:
    catalog = json.loads((assets(site) / "i18n" / "en.json").read_text())["messages"]
    calls = 0
    for script in (build.SITE / "static").glob("*.js"):
        lines = script.read_text().splitlines()
        text = "\n".join(line for line in lines if not line.lstrip().startswith(("//", "*")))
        for match in re.finditer(r'\b_n?\(\s*"((?:[^"\\]|\\.)*)"', text):
            calls += 1
            assert json.loads(f'"{match.group(1)}"') in catalog, (script.name, match.group(1))
    assert calls > 50
    assert catalog["{n} day"] == {"one": "{n} day", "other": "{n} days"}


def test_a_typo_in_a_template_fails_the_build() -> None:
    env = build.make_environment(build.load_translations("en"), {})
    with pytest.raises(Exception, match="undefined"):
        env.from_string("{{ no_such_value }}").render()
    assert env.from_string("{{ value }}").render(value="<b>") == "&lt;b&gt;"
    # The code words (staycheck.words) are escaped like any other value.
    assert env.from_string("{{ basis_name(value) }}").render(value="<b>") == "&lt;b&gt;"


def test_each_regime_is_described_from_the_rule_data(site: Path) -> None:
    from staycheck.rules import load_regimes

    rules = (site / "rules.html").read_text()
    for regime in load_regimes():
        assert f'id="regime-{regime.id}"' in rules
        for version in regime.versions:
            for source in version.sources:
                assert source.url.replace("&", "&amp;") in rules


@pytest.mark.parametrize("locale", ["", "ru/", "kk/"])
def test_the_calculator_fetches_the_regimes_descriptions_apart(site: Path, locale: str) -> None:
    """The rule panel's descriptions are one fragment in the versioned folder (so a page
    never gets another build's), in the page's language, fetched after the first answer
    (answer-view.js): the page no longer carries every regime (150 of its 186 kB, parsed
    on every visit)."""
    from staycheck.rules import load_regimes

    index = (site / locale / "index.html").read_text()
    assert 'class="regime"' not in index
    fragment = re.search(r'<div id="rule-regimes" data-from="([^"]+)"></div>', index).group(1)
    language = locale.rstrip("/") or build.DEFAULT_LOCALE
    root = "../" if locale else ""
    assert fragment == f"{root}{assets(site).name}/{build.REGIMES.format(locale=language)}"
    text = (site / locale / fragment).read_text()
    assert "<html" not in text and "<script" not in text
    article = r'<article class="regime" id="regime-([^"]+)" data-regime="\1" hidden>'
    articles = re.findall(article, text)
    assert sorted(articles) == sorted(regime.id for regime in load_regimes())
    for regime_id in articles:
        assert f'href="rules.html#regime-{regime_id}"' in text  # the page's own folder
    assert len(index.encode()) < 60_000, len(index.encode())


def test_the_manifest_names_icons_that_exist(site: Path) -> None:
    manifest = json.loads((site / "manifest.webmanifest").read_text())
    assert manifest["start_url"] == manifest["scope"] == manifest["id"] == "./"
    for icon in manifest["icons"]:
        assert (site / icon["src"]).is_file()


@pytest.mark.parametrize("locale", ["ru", "kk"])
def test_each_language_has_its_pages_with_lang_hreflang_and_a_switch(
    site: Path, locale: str
) -> None:
    assert set(build.LOCALES) >= {"en", "ru", "kk"}
    for name in ("index.html", "rules.html"):
        page = site / locale / name
        text = page.read_text()
        assert f'<html lang="{locale}" data-intl="{build.INTL_LOCALES[locale]}">' in text
        alternates = {
            attributes["hreflang"]: target
            for tag, target, attributes in parse(page).links
            if tag == "link" and attributes.get("rel") == "alternate"
        }
        assert alternates == {
            "en": f"../{name}", "ru": f"../ru/{name}", "kk": f"../kk/{name}",
            "x-default": f"../{name}",
        }
        switch = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+" data-language', text)
        assert {code for _target, code in switch} == {"en", "ru", "kk"}, name
        for tag, target, _attributes in parse(page).links:
            if tag != "a" or not target.startswith(("https://", "#")):
                assert (page.parent / target.split("#")[0]).resolve().exists(), target


def test_the_english_page_links_to_the_others_and_offers_them_in_their_language(
    site: Path,
) -> None:
    text = (site / "index.html").read_text()
    assert '<link rel="alternate" hreflang="ru" href="ru/index.html">' in text
    assert '<p data-offer="ru" lang="ru" hidden>' in text
    assert "Staycheck есть и на русском языке." in text
    assert "Staycheck қазақ тілінде де бар." in text


def test_the_russian_page_speaks_russian_down_to_the_rule_data(site: Path) -> None:
    index = (site / "ru" / "index.html").read_text()
    rules = (site / "ru" / "rules.html").read_text()
    assert "<title>Staycheck: сколько вам можно находиться в стране?</title>" in index
    assert '<option value="KZ">Казахстан</option>' in index  # CLDR's name, through Babel
    assert "<h3>Казахстан: граждане государств Евразийского экономического союза</h3>" in rules
    assert "не более 90 дней в течение каждого периода в 180 дней" in rules
    assert "С 27 янв. 2023\N{NARROW NO-BREAK SPACE}г." in rules  # CLDR, through Babel
    assert "Where:" not in rules and not re.search(r"<h4>\s*From", rules)
    kazakh = (site / "kk" / "rules.html").read_text()
    assert "әрбір 180 күн ішінде 90 күнтізбелік күннен аспайды" in kazakh


@pytest.mark.parametrize("locale", ["ru", "kk"])
def test_the_rule_data_s_notes_are_shown_translated(site: Path, locale: str) -> None:
    from staycheck.rules import load_regimes

    rules = (site / locale / "rules.html").read_text()
    notes = {n for r in load_regimes() for n in r.notes}
    notes |= {n for r in load_regimes() for v in r.versions for n in v.notes}
    assert len(notes) > 100
    assert [text for text in notes if escape(text) in rules] == []  # none left in English
    translated = build.load_translations(locale)
    assert all(escape(translated.gettext(text)) in rules for text in notes)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("ru", {1: "1 день", 2: "2 дня", 5: "5 дней", 11: "11 дней", 21: "21 день", 22: "22 дня"}),
        ("kk", {1: "1 күн", 2: "2 күн", 5: "5 күн", 11: "11 күн", 21: "21 күн", 22: "22 күн"}),
        ("en", {1: "1 day", 2: "2 days", 5: "5 days", 11: "11 days", 21: "21 days", 22: "22 days"}),
    ],
)
def test_the_script_catalog_has_every_plural_form_by_cldr_category(
    site: Path, locale: str, expected: dict[int, str]
) -> None:
    """The scripts pick a form by Intl.PluralRules' category; Babel's CLDR rules give the
    same category, so this is what the page shows for n days."""
    catalog = json.loads((assets(site) / "i18n" / f"{locale}.json").read_text())
    forms = catalog["messages"]["{n} day"]
    rule = Locale.parse(locale).plural_form
    assert set(forms) == {*rule.tags, "other"}
    shown = {n: forms[rule(n)].replace("{n}", str(n)) for n in expected}
    assert shown == expected


@pytest.mark.parametrize("locale", ["ru", "kk"])
def test_the_script_catalog_agrees_with_the_gettext_plural_for_any_count(
    site: Path, locale: str
) -> None:
    """The category -> form table gives, for every whole number, the form the catalog's
    own Plural-Forms expression picks."""
    catalog = json.loads((assets(site) / "i18n" / f"{locale}.json").read_text())["messages"]
    translations = build.load_translations(locale)
    rule = Locale.parse(locale).plural_form
    plurals = [m for m in build.extract_script_messages() if isinstance(m, tuple)]
    assert len(plurals) > 10
    for singular, plural in plurals:
        for n in range(0, 250):
            assert catalog[singular][rule(n)] == translations.ngettext(singular, plural, n), (
                singular,
                n,
            )


def test_the_page_preloads_every_module_it_waits_for_before_it_is_usable(site: Path) -> None:
    """DOMContentLoaded waits for app.js and everything it imports: a module found only
    when its importer arrives costs a round trip per level."""
    page = (site / "index.html").read_text(encoding="utf-8")
    prefix = f"{assets(site).name}/static/"
    preloaded = set(re.findall(rf'<link rel="modulepreload" href="{prefix}([^"]+)"', page))
    imported, pending = set(), ["app.js"]
    while pending:
        name = pending.pop()
        if name in imported:
            continue
        imported.add(name)
        text = (assets(site) / "static" / name).read_text(encoding="utf-8")
        for spec in re.findall(r'\bimport\s*(?:[^"();]*?\bfrom\s*)?"(\.{1,2}/[^"]+)"', text):
            pending.append(posixpath.normpath(f"{PurePosixPath(name).parent}/{spec}"))
    imported.remove("app.js")
    assert imported, "app.js imports the chunks it shares with the history import"
    assert imported <= preloaded, sorted(imported - preloaded)
    assert all((assets(site) / "static" / name).is_file() for name in preloaded)


def test_the_scripts_are_bundled_the_page_waits_for_few_files(site: Path) -> None:
    """Bundled (scripts/bundle.mjs), the page asks for a handful of scripts before it is
    usable, not one per module, and the calculator worker for one before the runtime:
    each module was a request queued behind the others on HTTP/1.1's six connections."""
    static = assets(site) / "static"
    page = (site / "index.html").read_text(encoding="utf-8")
    before_usable = {"app.js", *build.page_modules(static, "app.js")}
    assert len(before_usable) <= 4, sorted(before_usable)
    # The worker imports nothing before it runs (loadPyodide is bundled in it) and then
    # the runtime's files by their version.
    worker = (static / "worker.js").read_text(encoding="utf-8")
    assert not re.findall(r'\bimport\s*(?:[^"();]*?\bfrom\s*)?"([^"]+)"', worker)
    assert f'"../../pyodide/{build.pyodide_version()}/"' in worker
    # No source module is left to be precached or fetched: every script is an entry,
    # a chunk, or one of the two loaded as they are (frame-check.js is in the pages).
    scripts = {p.relative_to(static).as_posix() for p in static.rglob("*.js")}
    entries = {"app.js", "offline.js", "worker.js", "history/import.js",
               "history/worker.js", "language.js", "runtime.js"}
    chunks = scripts - entries
    assert all(re.fullmatch(r"chunk-\w+\.js", name) for name in chunks), sorted(chunks)
    assert 'static/app.js"' in page
    # The history import is loaded when opened: app.js does not import it statically.
    assert "history/import.js" not in before_usable


@pytest.fixture(scope="module")
def addressed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pages and the manifest built with a public address (the core and the snapshot
    are left out: they do not depend on it; the runtime is copied, since the page names
    its downloads' sizes)."""
    out = tmp_path_factory.mktemp("addressed") / "dist"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build, "pack_core", lambda target: target.write_bytes(b""))
        patch.setattr(build, "make_snapshot", lambda out: None)
        patch.setenv(build.BASE_URL_VARIABLE, "https://ignored.example/")
        assert build.main([str(out), "--base-url", "https://user.github.io/staycheck"]) == 0
    return out


@pytest.mark.parametrize("locale", ["", "ru/", "kk/"])
def test_a_public_address_makes_hreflang_links_absolute(addressed_site: Path, locale: str) -> None:
    site = "https://user.github.io/staycheck/"
    for name in ("index.html", "rules.html"):
        alternates = {
            attributes["hreflang"]: target
            for tag, target, attributes in parse(addressed_site / locale / name).links
            if tag == "link" and attributes.get("rel") == "alternate"
        }
        assert alternates == {
            "en": f"{site}{name}", "ru": f"{site}ru/{name}", "kk": f"{site}kk/{name}",
            "x-default": f"{site}{name}",
        }


def test_a_public_address_makes_the_manifest_absolute(addressed_site: Path) -> None:
    manifest = json.loads((addressed_site / "manifest.webmanifest").read_text())
    site = "https://user.github.io/staycheck/"
    assert (manifest["id"], manifest["start_url"], manifest["scope"]) == (site, site, site)
    for icon in manifest["icons"]:  # relative to the manifest, which is at the top
        assert (addressed_site / icon["src"]).is_file()


def test_the_public_address_can_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(build.BASE_URL_VARIABLE, "https://example.org/app")
    assert build.site_address(None) == "https://example.org/app/"
    assert build.site_address("") == ""  # an empty --base-url: relative links
    monkeypatch.delenv(build.BASE_URL_VARIABLE)
    assert build.site_address(None) == ""
    with pytest.raises(SystemExit):
        build.site_address("user.github.io/staycheck")
