"""Start-up and the calculator worker when things go wrong (issue 12, items 7 to 11): a
runtime that does not download or compile, a worker that crashes or hangs, a failure
named by its cause, progress on a slow link, and "today" moving on in an open tab."""

from __future__ import annotations

from pathlib import Path

import pytest
from calculator import BOOT_TIMEOUT_MS, Calculator
from conftest import Server, assets_of
from playwright.sync_api import Page, Route, expect

WASM = "**/pyodide.asm.wasm"
SETTLED_TIMEOUT_MS = 60_000


def runtime_file(site: Path) -> Path:
    (path,) = (site / "pyodide").glob("*/pyodide.asm.wasm")
    return path


def failure_of(page: Page, code: str) -> None:
    """Waits until the loading box says the calculator could not start, with `code`."""
    expect(page.locator("#loading.failed")).to_be_visible(timeout=BOOT_TIMEOUT_MS)
    expect(page.locator("#loading")).to_have_attribute("data-failure", code)
    expect(page.locator("#loading-retry")).to_be_visible()
    expect(page.locator("body")).not_to_have_attribute("data-pending", "")


def type_trip(page: Page, entry: str, exit: str | None = None) -> None:
    """Adds a trip by hand, without waiting for an answer."""
    page.click("#add-trip")
    trip = page.locator("#trip-list .trip").last
    trip.locator('[name="entry"]').fill(entry)
    if exit is None:
        trip.locator('[name="ongoing"]').check()
    else:
        trip.locator('[name="exit"]').fill(exit)


# --- 7. A failed runtime download ------------------------------------------------------


@pytest.mark.parametrize(
    ("breakage", "code", "words"),
    [
        ("missing", "download_failed", "pyodide.asm.wasm: HTTP 404"),
        ("truncated", "runtime_damaged", "CompileError"),
    ],
)
def test_a_runtime_that_fails_to_download_is_named_the_form_works_and_a_retry_starts_it(
    breakage: str, code: str, words: str, page: Page, server: Server, site_dir: Path
) -> None:
    """Without the fix the page said "loading Python…" forever (Pyodide only logs the
    CompileError). Now it says what failed, trips typed meanwhile are stored, and "Try
    again" (once the file downloads) answers them."""
    wasm = runtime_file(site_dir).read_bytes()

    def broken(route: Route) -> None:
        if breakage == "missing":
            route.fulfill(status=404, body="not found")
        else:
            route.fulfill(status=200, body=wasm[: len(wasm) // 3], content_type="application/wasm")

    page.route(WASM, broken)
    page.clock.set_fixed_time("2023-05-10T12:00:00")
    page.goto(server.url)
    failure_of(page, code)
    text = " ".join(page.inner_text("#loading").split())
    assert words in text
    assert "[object Object]" not in text
    assert "loading Python" not in text

    calculator = Calculator(page, server.url)
    calculator.select_country("#nationality", "RU")
    calculator.select_country("#destination", "KZ")
    type_trip(page, "2023-02-01", "2023-04-01")
    type_trip(page, "2023-04-10")
    stored = calculator.stored()
    assert stored is not None
    entries = [stay["entry"] for stay in stored["travellers"][0]["stays"]]
    assert entries == ["2023-02-01", "2023-04-10"]
    expect(page.locator("body")).not_to_have_attribute("data-pending", "")

    page.unroute(WASM)
    page.click("#loading-retry")
    calculator.settle()
    assert calculator.headline == "You have overstayed by 1 day"


def test_the_failure_is_said_in_the_page_language(page: Page, server: Server) -> None:
    page.route(WASM, lambda route: route.fulfill(status=404, body="not found"))
    page.goto(f"{server.url}ru/")
    failure_of(page, "download_failed")
    text = page.inner_text("#loading")
    assert "pyodide.asm.wasm: HTTP 404" in text
    assert "Не удалось загрузить" in text
    assert page.inner_text("#loading-retry") == "Попробовать снова"


# --- 9. The cause, named ------------------------------------------------------------------


def test_a_failed_start_names_its_cause_not_object_object(page: Page, server: Server) -> None:
    """No snapshot and no standard library: Python exits at start-up and Emscripten throws
    an ExitStatus, which the page used to show as "[object Object]"."""
    page.route("**/*.bin.xz", lambda route: route.fulfill(status=404, body="not found"))
    page.route("**/python_stdlib.zip", lambda route: route.fulfill(status=404, body="not found"))
    page.goto(server.url)
    failure_of(page, "download_failed")
    text = page.inner_text("#loading")
    assert "python_stdlib.zip: HTTP 404" in text
    assert "[object Object]" not in text


# --- 8. A crashed worker ----------------------------------------------------------------


RECORD_LOADING_TEXT = """
window.loadingSaid = [];
new MutationObserver(() => {
  const text = document.getElementById("loading-text")?.textContent;
  if (text && window.loadingSaid.at(-1) !== text) window.loadingSaid.push(text);
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


def test_a_worker_that_dies_with_an_error_is_started_again_and_answers(
    page: Page, server: Server
) -> None:
    """The worker throws and closes: without the fix edits changed nothing and
    data-pending never cleared."""
    started: list[str] = []
    page.on("worker", lambda worker: started.append(worker.url))
    page.add_init_script(RECORD_LOADING_TEXT)
    calculator = Calculator(page, server.url).open("2023-05-10").choose("RU", "KZ")
    calculator.add_trip("2023-02-01", "2023-04-01")
    assert len(started) == 1
    page.workers[-1].evaluate("() => setTimeout(() => { close(); throw new Error('crash test'); })")
    calculator.add_trip("2023-04-10")
    said = page.evaluate("window.loadingSaid")
    assert "The calculator stopped (Uncaught Error: crash test); starting it again…" in said
    assert calculator.headline == "You have overstayed by 1 day"
    assert len(started) == 2
    expect(page.locator("body")).not_to_have_attribute("data-stale", "")


def test_a_worker_whose_python_fails_after_it_was_ready_is_started_again_and_answers(
    page: Page, server: Server
) -> None:
    """Python fails while answering (worker.js replies "worker_failed"): without the fix
    the page took it for a failed answer, hid the answer and kept the broken worker."""
    started: list[str] = []
    page.on("worker", lambda worker: started.append(worker.url))
    page.add_init_script(RECORD_LOADING_TEXT)
    calculator = Calculator(page, server.url).open("2023-05-10").choose("RU", "KZ")
    calculator.add_trip("2023-02-01", "2023-04-01")
    assert len(started) == 1
    # A capturing listener runs before the worker's own: the next request fails as
    # worker.js says a failure of Python's.
    page.workers[-1].evaluate(
        """() => addEventListener('message', (event) => {
          event.stopImmediatePropagation();
          postMessage({ type: 'error', id: event.data.id,
                        error: { code: 'worker_failed', message: 'RuntimeError: test' } });
        }, { capture: true })"""
    )
    calculator.add_trip("2023-04-10")
    said = page.evaluate("window.loadingSaid")
    assert "The calculator stopped (RuntimeError: test); starting it again…" in said
    assert calculator.headline == "You have overstayed by 1 day"
    assert len(started) == 2
    expect(page.locator("body")).not_to_have_attribute("data-stale", "")
    expect(page.locator("#verdict")).to_be_visible()


def test_a_worker_that_stops_answering_is_detected_and_the_old_answer_marked_stale(
    page: Page, server: Server
) -> None:
    """The worker hangs (no reply): after the timeout the page starts it again; here that
    fails (the runtime is gone), so the answer on screen, for the trips before the edit,
    is marked as out of date, data-pending clears, and "Try again" answers the edit."""
    page.clock.install(time="2023-05-10T12:00:00")
    calculator = Calculator(page, server.url)
    page.goto(server.url)
    calculator.settle().choose("RU", "KZ")
    calculator.add_trip("2023-02-01", "2023-04-01")
    before = calculator.headline

    # A capturing listener runs before the worker's own: the request is never answered.
    page.workers[-1].evaluate(
        "() => addEventListener('message', () => { for (;;); }, { capture: true })"
    )
    page.route(WASM, lambda route: route.fulfill(status=404, body="not found"))
    type_trip(page, "2023-04-10")
    expect(page.locator("body")).to_have_attribute("data-pending", "")
    page.clock.fast_forward("02:00")  # past protocol.js's replyTimeout
    failure_of(page, "download_failed")
    expect(page.locator("body")).to_have_attribute("data-stale", "")
    expect(page.locator("#answer-stale")).to_be_visible()
    assert calculator.headline == before  # still there, but marked as out of date

    page.unroute(WASM)
    page.click("#loading-retry")
    calculator.settle()
    assert calculator.headline == "You have overstayed by 1 day"
    expect(page.locator("body")).not_to_have_attribute("data-stale", "")
    expect(page.locator("#answer-stale")).to_be_hidden()


# --- 10. Progress on a slow link --------------------------------------------------------

RECORD_PROGRESS = """
window.progressSeen = [];
new MutationObserver(() => {
  const bar = document.getElementById("loading-progress");
  window.progressSeen.push([Number(bar.dataset.received), bar.max,
                            document.getElementById("loading-bytes").textContent]);
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-received"] });
"""


def test_on_a_slow_link_the_bytes_received_of_the_runtime_and_snapshot_are_shown(
    page: Page, server: Server, site_dir: Path
) -> None:
    """At 3 MB/s (Chromium's own throttling, which the worker's downloads obey too) the
    bar moves up to the runtime's and the snapshot's size, and says it in megabytes."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": 3_000_000, "uploadThroughput": -1},
    )
    page.add_init_script(RECORD_PROGRESS)
    page.goto(server.url, wait_until="domcontentloaded")
    expect(page.locator("#loading-bytes")).to_contain_text("Downloading:", timeout=20_000)
    Calculator(page, server.url).settle()
    seen = page.evaluate("window.progressSeen")
    (snapshot,) = (site_dir / assets_of(site_dir) / "snapshot").glob("*.bin.xz")
    total = runtime_file(site_dir).stat().st_size + snapshot.stat().st_size
    received = [value for value, _max, _text in seen]
    assert {maximum for _value, maximum, _text in seen} == {total}
    assert received == sorted(received)
    assert len(set(received)) >= 10, received
    assert received[-1] == total
    assert seen[-1][2] == f"Downloaded: {total / 1e6:.1f} MB"
    print(f"progress: {len(seen)} updates up to {total} bytes")


# --- 11. "Today" in an open tab -----------------------------------------------------------


def answer_id(page: Page) -> str | None:
    return page.get_attribute("body", "data-answer")


def wait_for_new_answer(page: Page, before: str | None) -> None:
    page.wait_for_function(
        "(before) => document.body.dataset.answer !== before"
        " && !('pending' in document.body.dataset)",
        arg=before,
        timeout=SETTLED_TIMEOUT_MS,
    )


def test_at_local_midnight_the_answer_moves_to_the_new_day(page: Page, server: Server) -> None:
    """Still in Kazakhstan since 10 Apr: 31 days used on 10 May, 32 once midnight passes."""
    page.clock.install(time="2023-05-10T23:59:00")
    calculator = Calculator(page, server.url)
    page.goto(server.url)
    calculator.settle().choose("RU", "KZ")
    calculator.add_trip("2023-04-10")
    assert calculator.facts["Days used"].startswith("31 / 90")
    assert Calculator.date(page.locator("#on-date")) == "2023-05-10"
    before = answer_id(page)
    page.clock.fast_forward("02:00")
    wait_for_new_answer(page, before)
    assert Calculator.date(page.locator("#on-date")) == "2023-05-11"
    assert calculator.facts["Days used"].startswith("32 / 90")


def test_a_tab_shown_again_on_another_day_answers_for_that_day(page: Page, server: Server) -> None:
    page.clock.install(time="2023-05-10T12:00:00")
    calculator = Calculator(page, server.url)
    page.goto(server.url)
    calculator.settle().choose("RU", "KZ")
    calculator.add_trip("2023-04-10")
    assert calculator.facts["Days used"].startswith("31 / 90")
    before = answer_id(page)
    page.clock.set_system_time("2023-05-12T09:00:00")  # no timer fires: the computer slept
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    wait_for_new_answer(page, before)
    assert Calculator.date(page.locator("#on-date")) == "2023-05-12"
    assert calculator.facts["Days used"].startswith("33 / 90")
