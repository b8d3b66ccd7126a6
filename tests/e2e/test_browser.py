"""The site as a browser treats it: private (no request leaves the origin, none while
computing), offline after a first visit, on a phone, printed, and with the keyboard."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from calculator import Calculator
from conftest import Server, assets_of
from playwright.sync_api import Browser, BrowserContext, Page, expect

ROOT = Path(__file__).resolve().parents[2]
# Kept after the run for a person to look at (build/ is ignored by git).
SCREENSHOTS = ROOT / "build" / "screenshots"
# The calculator worker's cache of the decoded snapshot (site/static/snapshot-copy.js),
# kept across builds: not one of the service worker's.
SNAPSHOT_COPY = "staycheck-snapshot-copy"


def wait_for_offline_copy(page: Page) -> None:
    """The service worker has cached the site and controls the page."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)


def enter_kazakhstan_history(calculator: Calculator) -> None:
    calculator.open("2023-05-10").choose("RU", "KZ")
    calculator.add_trip("2023-02-01", "2023-04-01", note="Almaty, work")
    calculator.add_trip("2023-04-10", note="Astana")
    calculator.plan("2023-09-01")


def browser_command_lines() -> list[list[str]]:
    """The arguments of every Chromium browser process running that Playwright drives
    (over a pipe); not the processes it starts, which have a --type."""
    lines = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue  # ended meanwhile
        if "--remote-debugging-pipe" in args and not any(a.startswith("--type=") for a in args):
            lines.append(args)
    return lines


def test_chromium_starts_without_every_feature_playwright_turns_off(browser: Browser) -> None:
    """Chromium keeps only the last --disable-features: local_site.py's must repeat every
    feature Playwright's own list (given before it) turns off, or they come back on."""
    lines = browser_command_lines()
    assert lines, "no Chromium browser process found"
    for args in lines:
        lists = [arg.partition("=")[2].split(",") for arg in args
                 if arg.startswith("--disable-features=")]
        assert len(lists) >= 2, lists  # Playwright's and local_site.py's
        lost = set().union(*lists[:-1]) - set(lists[-1])
        assert not lost, lost
        assert "WebUIOmniboxPopup" in lists[-1]


def test_every_request_stays_on_the_site_and_computing_makes_none(
    sw_context: BrowserContext, own_server: Server
) -> None:
    seen: list[str] = []
    sw_context.on("request", lambda request: seen.append(request.url))
    page = sw_context.new_page()
    calculator = Calculator(page, own_server.url)
    calculator.open("2023-04-20")
    wait_for_offline_copy(page)

    # The page, the worker (runtime, snapshot) and the service worker all asked the origin.
    paths = [path for path, _host in own_server.requests]
    assets = f"/{assets_of(own_server.root)}"
    assert {"/", f"{assets}static/app.js", f"{assets}static/worker.js", "/sw.js"} <= set(paths)
    assert any(path.endswith("/pyodide.asm.wasm") for path in paths)
    assert any(path.endswith(".bin.xz") for path in paths)
    assert all(url.startswith(own_server.url) for url in seen), seen
    assert {host for _path, host in own_server.requests} == {own_server.url[7:-1]}

    before_browser, before_server = len(seen), len(own_server.requests)
    calculator.choose("RU", "KZ")
    calculator.add_trip("2023-02-01", "2023-04-01", note="a note")
    calculator.add_trip("2023-04-10")
    calculator.plan("2023-09-01")
    calculator.add_traveller("Boris")
    calculator.add_trip("2023-01-05", "2023-01-20")
    calculator.switch_to("Traveller 1")
    assert calculator.headline == "You may stay until 9 May 2023"
    assert seen[before_browser:] == []
    assert own_server.requests[before_server:] == []
    # Nothing of the user's in the address either.
    assert page.url == own_server.url


def test_the_second_visit_works_with_the_server_gone(
    sw_context: BrowserContext, own_server: Server
) -> None:
    first = Calculator(sw_context.new_page(), own_server.url)
    enter_kazakhstan_history(first)
    headline = first.headline
    wait_for_offline_copy(first.page)
    first.page.close()
    own_server.stop()

    second = Calculator(sw_context.new_page(), own_server.url).open("2023-05-10")
    assert second.headline == headline == "You have overstayed by 1 day"
    assert second.trip_dates() == [("2023-02-01", "2023-04-01", False), ("2023-04-10", "", True)]


def test_a_new_deployment_replaces_the_offline_copy_cleanly(
    sw_context: BrowserContext, site_dir: Path, tmp_path: Path
) -> None:
    """A reload brings the new version at once, and its service worker takes over; the
    cache of the build before is kept (a tab may still be open on it), older ones go.
    The trips survive. (tests/e2e/test_updates.py deploys a whole second build.)"""
    sys.path.insert(0, str(ROOT))
    import build

    deployed = tmp_path / "deployed"
    shutil.copytree(site_dir, deployed)
    server = Server(deployed)

    def deploy(title: str) -> None:
        """A changed page, and the service worker that lists it."""
        index = deployed / "index.html"
        index.write_text(re.sub(r"<h1>[^<]*</h1>", f"<h1>{title}</h1>", index.read_text()))
        build.write_service_worker(
            build.make_environment(build.load_translations("en"), {}),
            deployed,
            f"pyodide/{build.pyodide_version()}/",
            assets_of(deployed).rstrip("/"),
        )

    def caches_after() -> set[str]:
        """The caches once the service worker of the latest deployment has taken over
        (asked to check for it, as the browser does now and then)."""
        cache = re.search(r'const CACHE = "([^"]+)"', (deployed / "sw.js").read_text())[1]
        settled = """async ([cache, copy]) => {
          const registration = await navigator.serviceWorker.getRegistration();
          const names = (await caches.keys()).filter((name) => name !== copy);
          if (!names.includes(cache)) registration.update().catch(() => {});
          return names.includes(cache) && names.length <= 2
            && !registration.installing && !registration.waiting
            && registration.active?.state === "activated";
        }"""
        for _ in range(60):  # wait_for_function would not wait for an async predicate
            if page.evaluate(settled, [cache, SNAPSHOT_COPY]):
                break
            page.wait_for_timeout(1000)
        return builds_cached()

    def builds_cached() -> set[str]:
        """The builds' caches, not the worker's decoded snapshot (snapshot-copy.js)."""
        return set(page.evaluate("caches.keys()")) - {SNAPSHOT_COPY}

    try:
        calculator = Calculator(sw_context.new_page(), server.url)
        page = calculator.page
        calculator.open("2023-04-20")
        calculator.add_trip("2023-04-01", "2023-04-05")
        wait_for_offline_copy(page)
        (first,) = builds_cached()

        deploy("Version two")
        calculator.reload()
        expect(page.locator("h1")).to_have_text("Version two")
        assert calculator.trip_dates() == [("2023-04-01", "2023-04-05", False)]
        kept = caches_after()
        assert first in kept  # a tab may still be open on the first build
        (second,) = kept - {first}

        deploy("Version three")
        calculator.reload()
        expect(page.locator("h1")).to_have_text("Version three")
        kept = caches_after()
        assert second in kept and first not in kept  # the build before is kept, older ones go
        assert calculator.trip_dates() == [("2023-04-01", "2023-04-05", False)]
    finally:
        server.stop()


# Elements whose content is wider than their own box (text spilling out of a card), form
# fields aside: their text scrolls inside them.
SPILLING = """() => [...document.querySelectorAll('body *')]
    .filter((el) => el.getClientRects().length && !el.closest('svg, input, select, textarea'))
    .filter((el) => getComputedStyle(el).overflowX === 'visible')
    .filter((el) => el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
    .map((el) => `${el.tagName}.${el.className}: ${el.textContent.trim().slice(0, 40)}`)"""


@pytest.mark.parametrize("language", ["", "ru/", "kk/"], ids=["en", "ru", "kk"])
def test_on_a_375_pixel_wide_phone_nothing_overflows(
    page: Page, server: Server, page_errors: list[str], language: str
) -> None:
    calculator = Calculator(page, server.url + language)
    page.set_viewport_size({"width": 375, "height": 812})
    enter_kazakhstan_history(calculator)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = f"calculator-375{'-' + language.strip('/') if language else ''}"
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-top.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter((el) => el.getClientRects().length)
            .filter((el) => el.getBoundingClientRect().right > 375.5)
            .map((el) => el.tagName + '#' + el.id + '.' + el.className)"""
    )
    assert too_wide == []
    assert page.evaluate(SPILLING) == []
    expect(page.locator("#chart svg")).to_be_visible()
    assert page.locator("#chart svg").bounding_box()["width"] <= 375
    page.goto(calculator.url + "rules.html")  # long notes and bare URLs
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.evaluate(SPILLING) == []


def test_the_printed_summary_fits_on_one_page(calculator: Calculator) -> None:
    page = calculator.page
    enter_kazakhstan_history(calculator)
    page.emulate_media(media="print")
    expect(page.locator("#add-trip")).to_be_hidden()
    expect(page.locator("#verdict-headline")).to_be_visible()
    expect(page.locator("#print-trips tbody tr")).to_have_count(2)
    expect(page.locator("#print-meta")).to_contain_text("Kazakhstan")
    shown_rule = page.locator("#rule .regime:not([hidden])")
    expect(shown_rule.locator(".version.current")).to_be_visible()
    expect(shown_rule.locator(".regime-more")).to_be_hidden()  # no buttons on paper
    pdf = page.pdf(format="A4")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "summary.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_a_trip_can_be_entered_with_the_keyboard_alone(calculator: Calculator) -> None:
    page = calculator.page
    calculator.open("2023-04-20")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "add-trip":
            break
    expect(page.locator("#add-trip")).to_be_focused()
    page.keyboard.press("Enter")
    entry = calculator.trips.last.locator('[name="entry"]')
    expect(entry).to_be_focused()
    page.keyboard.type("01042023")  # the page's order: day, month, year
    for _ in range(8):  # past entry, exit and their calendar buttons
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "ongoing":
            break
    expect(calculator.trips.last.locator('[name="ongoing"]')).to_be_focused()
    page.keyboard.press("Space")
    calculator.settle()
    assert Calculator.date(entry) == "2023-04-01"
    assert calculator.headline == "You may stay until 29 June 2023"


def test_every_control_has_a_name_and_ids_are_unique(calculator: Calculator) -> None:
    calculator.open("2023-04-20")
    calculator.add_trip("2023-04-01", "2023-04-05")
    unnamed = calculator.page.evaluate(
        """() => [...document.querySelectorAll('input, select, button, a[href]')]
            .filter((el) => !(el.labels && el.labels.length)
                && !el.getAttribute('aria-label') && !el.textContent.trim())
            .map((el) => el.outerHTML)"""
    )
    assert unnamed == []
    duplicates = calculator.page.evaluate(
        """() => { const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
                   return ids.filter((id, i) => ids.indexOf(id) !== i); }"""
    )
    assert duplicates == []


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def test_an_accessibility_checker_finds_nothing_to_fix(calculator: Calculator) -> None:
    """axe-core (WCAG 2.1 A and AA: contrast, labels, names, structure) on the calculator
    with a history, an overstay, a plan and a field error, on a desktop and on a phone,
    and on the rules page."""
    page = calculator.page
    enter_kazakhstan_history(calculator)
    calculator.add_trip("2023-03-10", "2023-03-01")  # exit before entry: a field error
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated by the test, not the page's CSP
    check = """async () => {
        const result = await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
        });
        return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
    }"""
    assert page.evaluate(check) == []
    calculator.trips.last.locator("[data-action='delete-trip']").click()
    calculator.settle()
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate(check) == []
    page.goto(calculator.url + "rules.html")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    assert page.evaluate(check) == []
