"""How the calculator starts: from the memory snapshot build.py made, fetching nothing it
does not use, and booting Python from scratch whenever the snapshot cannot be used."""

from __future__ import annotations

import lzma
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from calculator import BOOT_TIMEOUT_MS, Calculator
from conftest import Server, assets_of
from playwright.sync_api import BrowserContext, Page, Playwright, Request, expect

from local_site import CHROMIUM, CHROMIUM_ARGS, COMPILED_MODULE_BYTES, compiled_module_bytes


def started_from(page: Page) -> str | None:
    """"snapshot" or "boot", as the worker said when it was ready."""
    return page.get_attribute("#loading", "data-from")


def snapshot_file(site: Path) -> Path:
    (path,) = (site / assets_of(site) / "snapshot").glob("*.bin.xz")
    return path


def check_answers(calculator: Calculator) -> None:
    calculator.open("2023-05-10").choose("RU", "KZ")
    calculator.add_trip("2023-02-01", "2023-04-01")
    calculator.add_trip("2023-04-10")
    assert calculator.headline == "You have overstayed by 1 day"


def test_the_worker_starts_from_the_snapshot_and_fetches_only_what_it_uses(
    calculator: Calculator, server: Server
) -> None:
    before = len(server.requests)
    check_answers(calculator)
    assert started_from(calculator.page) == "snapshot"
    paths = {path for path, _host in server.requests[before:]}
    snapshot = f"/{assets_of(server.root)}snapshot/"
    assert {f"{snapshot}{snapshot_file(server.root).name}", f"{snapshot}stdlib.zip"} <= paths
    assert any(path.endswith("/pyodide.asm.wasm") for path in paths)
    # What only booting from scratch needs, and the lock file no path needs.
    unused = [p for p in paths if re.search(r"python_stdlib\.zip|core\.zip|pyodide-lock", p)]
    assert unused == []


def corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # the xz checksum no longer matches
    path.write_bytes(bytes(data))


def foreign(path: Path) -> None:
    """A well-formed snapshot file (every page stored, all zeros) that is not a snapshot
    of this Pyodide build."""
    runtime = (path.parents[1] / "static" / "runtime.js").read_text()
    size = int(re.search(r"size: (\d+),", runtime)[1])
    pages = -(-size // 4096)
    bitmap = bytes([0xFF] * (pages // 8)) + (bytes([(1 << (pages % 8)) - 1]) if pages % 8 else b"")
    path.write_bytes(lzma.compress(bitmap + bytes(size), check=lzma.CHECK_CRC32))


def edit_worker(site: Path, pattern: str, replacement: str) -> None:
    """Changes what the worker was built with: runtime.js's facts, bundled (and minified)
    into worker.js (scripts/bundle.mjs)."""
    worker = site / assets_of(site) / "static" / "worker.js"
    text, found = re.subn(pattern, replacement, worker.read_text())
    assert found == 1, pattern
    worker.write_text(text)


def other_core(site: Path) -> None:
    """A snapshot of another core.zip than the one the site was built with."""
    edit_worker(site, r'core: ?"[0-9a-f]{64}"', f'core:"{"0" * 64}"')


def other_runtime_image(site: Path) -> None:
    """A snapshot XOR-ed with another initial memory than this runtime's."""
    edit_worker(site, r'"?digest"?: ?\d+', "digest:1")


BREAKAGES: dict[str, Callable[[Path], None]] = {
    "missing": lambda site: snapshot_file(site).unlink(),
    "corrupt": lambda site: corrupt(snapshot_file(site)),
    "foreign": lambda site: foreign(snapshot_file(site)),
    "other core": other_core,
    "other runtime image": other_runtime_image,
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_without_a_usable_snapshot_the_worker_boots_python_and_answers_the_same(
    breakage: str, page: Page, site_dir: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    BREAKAGES[breakage](site)
    server = Server(site)
    try:
        check_answers(Calculator(page, server.url))
        assert started_from(page) == "boot"
        paths = {path for path, _host in server.requests}
        assert any(path.endswith("/python_stdlib.zip") for path in paths)
        assert f"/{assets_of(site)}core.zip" in paths
    finally:
        server.stop()


def test_a_page_whose_inline_start_is_refused_still_starts_the_calculator(
    sw_context: BrowserContext, site_dir: Path, tmp_path: Path
) -> None:
    """start-worker.js runs inline, allowed by its hash: a page altered on the way (its
    code no longer the hash's) has it refused by the CSP, and boot.js starts the worker.
    On a return visit, where the inline start would otherwise start it."""
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    index = site / "index.html"
    text = index.read_text(encoding="utf-8")
    altered = re.sub(r"(<script data-worker=[^>]*>)", r"\1/* altered */", text, count=1)
    assert altered != text
    index.write_text(altered, encoding="utf-8")
    refused: list[str] = []
    server = Server(site)
    try:
        page = sw_context.new_page()
        page.on("console", lambda message: refused.append(message.text)
                if "Content Security Policy" in message.text else None)
        check_answers(Calculator(page, server.url))
        wait_for_offline_copy(page)
        refused.clear()
        visit_again(page, server.url)
        assert page.evaluate("globalThis.staycheckStarted === undefined")
        assert refused, "the altered inline script was not refused"
    finally:
        server.stop()


def test_the_worker_starts_while_the_page_is_parsed_only_on_a_return_visit(
    sw_context: BrowserContext, own_server: Server
) -> None:
    """On a first visit the worker's downloads would share the network with the page's
    own scripts: boot.js starts it when app.js runs. On a return visit, everything served
    from the service worker's cache, the inline start does, while the page is parsed."""
    page = sw_context.new_page()
    check_answers(Calculator(page, own_server.url))
    assert page.evaluate("globalThis.staycheckStarted === undefined")
    wait_for_offline_copy(page)
    visit_again(page, own_server.url)
    assert page.evaluate("globalThis.staycheckStarted?.worker instanceof Worker")


def wait_for_offline_copy(page: Page) -> None:
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)


def visit_again(page: Page, url: str) -> None:
    """A return visit after check_answers: the page served by its service worker, the
    trips kept and answered as before."""
    again = Calculator(page, url).open("2023-05-10")
    assert again.headline == "You have overstayed by 1 day"
    assert page.evaluate("navigator.serviceWorker.controller !== null")


FALLBACK_ONLY = re.compile(r"python_stdlib\.zip|core\.zip")


def test_the_offline_copy_leaves_out_what_only_the_fallback_needs(
    sw_context: BrowserContext, own_server: Server
) -> None:
    calculator = Calculator(sw_context.new_page(), own_server.url)
    check_answers(calculator)
    wait_for_offline_copy(calculator.page)
    calculator.reload()
    assert started_from(calculator.page) == "snapshot"
    cached = calculator.page.evaluate(
        "async () => (await Promise.all((await caches.keys()).map(async (name) =>"
        " (await (await caches.open(name)).keys()).map((r) => r.url)))).flat()"
    )
    assert any(url.endswith(".bin.xz") for url in cached)
    assert [url for url in cached if FALLBACK_ONLY.search(url)] == []
    assert [p for p, _host in own_server.requests if FALLBACK_ONLY.search(p)] == []


def test_the_fallback_works_offline_once_it_has_run_online(
    sw_context: BrowserContext, site_dir: Path, tmp_path: Path
) -> None:
    """A browser that cannot use the snapshot: the service worker keeps what booting
    needs the first time the fallback asks for it through it (the second visit)."""
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    corrupt(snapshot_file(site))
    server = Server(site)
    try:
        first = Calculator(sw_context.new_page(), server.url)
        check_answers(first)
        wait_for_offline_copy(first.page)
        first.reload()
        assert started_from(first.page) == "boot"
    finally:
        server.stop()
    offline = Calculator(sw_context.new_page(), server.url).open("2023-05-10")
    assert offline.headline == "You have overstayed by 1 day"
    assert started_from(offline.page) == "boot"


# The decoded snapshot the worker keeps in Cache Storage (site/static/snapshot-copy.js).
COPIES = """async () => {
  const cache = await caches.open("staycheck-snapshot-copy");
  const copies = {};
  for (const key of await cache.keys()) {
    copies[key.url] = (await (await cache.match(key)).arrayBuffer()).byteLength;
  }
  return copies;
}"""


def kept_copies(page: Page, site: Path) -> dict[str, int]:
    """The decoded copies kept (key -> bytes), once the worker has kept one of the site's
    snapshot, which it does after its first answer."""
    name = snapshot_file(site).name
    copies = {}
    for _ in range(300):
        copies = page.evaluate(COPIES)
        if any(key.endswith(f"/{name}.gz") for key in copies):
            return copies
        page.wait_for_timeout(100)
    raise AssertionError(f"no decoded copy of {name} kept: {copies}")


# The calculator worker's "ready" and "warmed" messages, kept where the test reads them
# (the page's performance marks are not there when the test sets the clock).
KEEP_READY = """(() => {
  const Original = window.Worker;
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", ({ data }) => {
        if (data?.type === "stage" && data.stage === "ready") window.workerReady = data;
        if (data?.type === "warmed") window.workerWarmed = data;
      });
    }
  };
})();"""


def calculator_in(context: BrowserContext, server: Server) -> Calculator:
    page = context.new_page()
    page.add_init_script(KEEP_READY)
    return Calculator(page, server.url)


def started_from_copy(page: Page) -> bool:
    """Whether the worker read the snapshot from the decoded copy it kept."""
    return page.evaluate("window.workerReady.copy")


def test_the_next_start_reads_the_decoded_snapshot_the_worker_kept(
    sw_context: BrowserContext, server: Server
) -> None:
    calculator = calculator_in(sw_context, server)
    check_answers(calculator)
    assert started_from(calculator.page) == "snapshot"
    assert not started_from_copy(calculator.page)
    (size,) = kept_copies(calculator.page, server.root).values()
    # gzip: a quarter of the heap's 13 MB of pages that are not zeros, well over the xz file
    assert 1_000_000 < size < snapshot_file(server.root).stat().st_size * 2
    # Compiled ahead from the download Pyodide started, not downloaded again (issue 13).
    runtime_requests: list[str] = []

    def record(request: Request) -> None:
        if request.url.endswith("/pyodide.asm.wasm"):
            runtime_requests.append(request.url)

    sw_context.on("request", record)
    calculator.reload()
    assert started_from_copy(calculator.page)
    sw_context.remove_listener("request", record)
    assert len(runtime_requests) == 1
    check_answers(calculator)
    assert started_from(calculator.page) == "snapshot"
    assert started_from_copy(calculator.page)


DAMAGES = ("cut short", "corrupt", "not gzip")


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_copy_is_replaced_and_the_worker_starts_from_the_xz_file(
    damage: str, sw_context: BrowserContext, server: Server
) -> None:
    calculator = calculator_in(sw_context, server)
    check_answers(calculator)
    (key, size) = kept_copies(calculator.page, server.root).popitem()
    stale = key.replace(snapshot_file(server.root).name, "0000000000000000.bin.xz")
    calculator.page.evaluate(
        """async ([key, stale, damage]) => {
          const cache = await caches.open("staycheck-snapshot-copy");
          const bytes = new Uint8Array(await (await cache.match(key)).arrayBuffer());
          bytes[bytes.length >> 1] ^= 0xff;
          const damaged = {
            "cut short": bytes.slice(0, bytes.length >> 1),
            corrupt: bytes,
            "not gzip": new TextEncoder().encode("not a snapshot"),
          }[damage];
          await cache.put(key, new Response(damaged));
          await cache.put(stale, new Response("the copy of another build's snapshot"));
        }""",
        [key, stale, damage],
    )
    calculator.reload()
    check_answers(calculator)
    assert started_from(calculator.page) == "snapshot"
    assert not started_from_copy(calculator.page)
    # Made again, and the stale one deleted.
    assert kept_copies(calculator.page, server.root) == {key: size}
    calculator.reload()
    assert started_from_copy(calculator.page)


def test_a_runtime_that_fails_to_compile_on_a_start_from_the_copy_is_named_and_a_retry_answers(
    page: Page, server: Server
) -> None:
    """A start from the decoded copy compiles the runtime ahead (downloads.js compileAhead),
    not through Pyodide: a damaged runtime must still end the start with its cause, not
    leave "loading Python…" forever, and "Try again" must start again once it downloads."""
    calculator = calculator_in(page.context, server)
    check_answers(calculator)
    kept_copies(calculator.page, server.root)
    (runtime,) = (server.root / "pyodide").glob("*/pyodide.asm.wasm")
    wasm = runtime.read_bytes()
    damaged = "**/pyodide.asm.wasm"
    calculator.page.route(
        damaged,
        lambda route: route.fulfill(
            status=200, body=wasm[: len(wasm) // 3], content_type="application/wasm"
        ),
    )
    calculator.page.reload()
    loading = calculator.page.locator("#loading")
    expect(calculator.page.locator("#loading.failed")).to_be_visible(timeout=BOOT_TIMEOUT_MS)
    expect(loading).to_have_attribute("data-failure", "runtime_damaged")
    assert "CompileError" in loading.inner_text()
    calculator.page.unroute(damaged)
    calculator.page.click("#loading-retry")
    calculator.settle()
    assert calculator.headline == "You have overstayed by 1 day"
    assert started_from_copy(calculator.page)


def wait_for_compiled_runtime(profile: Path, page: Page) -> int:
    """The size of the compiled module Chromium keeps in `profile`, once it keeps one."""
    for _ in range(200):
        if (size := compiled_module_bytes(profile)) >= COMPILED_MODULE_BYTES:
            return size
        page.wait_for_timeout(100)
    raise AssertionError(f"Chromium kept no compiled runtime: {compiled_module_bytes(profile)}")


def code_cache_hits(page: Page, action: Callable[[], object]) -> list[str]:
    """The URLs of the WebAssembly modules compiled from Chromium's code cache while
    `action` runs (its trace event v8.wasm.moduleCacheHit)."""
    cdp = page.context.new_cdp_session(page)
    events, done = [], []
    cdp.on("Tracing.dataCollected", lambda message: events.extend(message["value"]))
    cdp.on("Tracing.tracingComplete", lambda _message: done.append(True))
    categories = ["disabled-by-default-devtools.timeline"]
    cdp.send("Tracing.start", {"traceConfig": {"includedCategories": categories},
                               "transferMode": "ReportEvents"})
    action()
    cdp.send("Tracing.end")
    while not done:
        page.wait_for_timeout(50)
    return [e["args"]["url"] for e in events if e["name"] == "v8.wasm.moduleCacheHit"]


def test_a_first_start_warms_up_and_the_next_starts_from_the_compiled_runtime(
    playwright: Playwright, server: Server, tmp_path: Path
) -> None:
    """Chromium keeps a WebAssembly module's compiled code only once V8 has optimised
    1 MB of it, which a start from the snapshot never does: after its first answer a
    start from the xz file warms up (site/static/warm-up.js) until it has, and the next
    start, from the decoded copy, compiles nothing and warms up no more."""
    profile = tmp_path / "profile"
    context = playwright.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
        service_workers="block",
    )
    try:
        calculator = calculator_in(context, server)
        check_answers(calculator)
        assert not started_from_copy(calculator.page)
        calculator.page.wait_for_function("() => window.workerWarmed !== undefined",
                                          timeout=BOOT_TIMEOUT_MS)
        assert calculator.page.evaluate("window.workerWarmed.pieces") > 0
        kept = wait_for_compiled_runtime(profile, calculator.page)
        assert kept < 5_000_000  # optimised code of the hot part, not the whole runtime
        hits = code_cache_hits(calculator.page, lambda: check_answers(calculator))
        assert started_from_copy(calculator.page)
        assert [url.rsplit("/", 1)[-1] for url in hits] == ["pyodide.asm.wasm"]
        calculator.page.wait_for_timeout(3000)  # a warm-up would be over by now
        assert calculator.page.evaluate("window.workerWarmed") is None
    finally:
        context.close()
