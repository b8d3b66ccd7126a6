"""The page holds still while it loads (issue 10, "a page that scores full marks"): on a
first visit nothing on it moves, whatever comes when (the tabs, the loading line's stages
and download, the first answer, the offer of another language), at Lighthouse's phone
size with its CPU slowed down, in every language; and the offer of another language
covers nothing of the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Server
from playwright.sync_api import Browser, Page, expect
from text_fit import OVERFLOW

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
LANGUAGES = pytest.mark.parametrize("language", ["", "ru/", "kk/"], ids=["en", "ru", "kk"])

# Every layout shift not caused by input, with what moved (PerformanceObserver, buffered:
# from the first frame on).
RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    const moved = (entry.sources || []).map((source) => {
      const node = source.node;
      const name = node ? node.id || node.className || node.nodeName : "?";
      return `${name} ${Math.round(source.previousRect.y)}->${Math.round(source.currentRect.y)}`;
    });
    window.__shifts.push({ at: Math.round(entry.startTime), value: entry.value, moved });
  }
}).observe({ type: "layout-shift", buffered: true });
"""


def first_visit(browser: Browser, server: Server, language: str, *, width: int, height: int,
                slowdown: float = 1) -> Page:
    """A first visit from a browser that prefers English, at `width` x `height` as a phone,
    the CPU `slowdown` times slower (Lighthouse's mobile run: 412 x 823, 4 times)."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=1.75, is_mobile=True,
        has_touch=True, locale="en-US", service_workers="block",
    )
    page = context.new_page()
    if slowdown > 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    page.add_init_script(RECORD_SHIFTS)
    page.goto(server.url + language)
    page.wait_for_selector("body[data-answer]", state="attached", timeout=90_000)
    page.wait_for_timeout(1_000)  # a late shift after the answer would count too
    return page


@LANGUAGES
def test_nothing_moves_while_a_first_visit_loads_on_a_slow_phone(
    browser: Browser, server: Server, language: str
) -> None:
    page = first_visit(browser, server, language, width=412, height=823, slowdown=4)
    try:
        shifts = page.evaluate("window.__shifts")
        total = sum(shift["value"] for shift in shifts)
        # Lighthouse's goal is 0.05; a page that reserves the room of what comes moves by
        # nothing a reader sees (a tick mark of the loading stages: 0.0001).
        assert total < 0.005, shifts
        expect(page.locator("#invitation")).to_be_visible()  # a first visit's answer
        if language:  # an English browser on the Russian or Kazakh page: the offer too
            expect(page.locator("#language-offer [data-offer='en']")).to_be_visible()
    finally:
        page.context.close()


SEEN = "main h1, main h2, main p, main button, main input, main select, main label, .site-footer p"


def boxes_under(page: Page, selector: str) -> list[str]:
    """The boxes of the page's visible text and controls in the viewport that the element
    `selector` overlaps, with their text, for the message."""
    return page.evaluate(
        """([selector, seen]) => {
          const cover = document.querySelector(selector).getBoundingClientRect();
          const hit = [];
          for (const el of document.querySelectorAll(seen)) {
            if (el.closest(selector) || !el.checkVisibility({ visibilityProperty: true })) continue;
            const box = el.getBoundingClientRect();
            if (!box.width || !box.height || box.bottom <= 0 || box.top >= innerHeight) continue;
            const across = box.left < cover.right && box.right > cover.left;
            if (across && box.top < cover.bottom && box.bottom > cover.top)
              hit.push(`${el.tagName}#${el.id} ${el.textContent.trim().slice(0, 40)}`);
          }
          return hit;
        }""",
        [selector, SEEN],
    )


@pytest.mark.parametrize("language", ["ru/", "kk/"], ids=["ru", "kk"])
def test_the_offer_of_english_covers_nothing_on_a_phone(
    browser: Browser, server: Server, language: str
) -> None:
    page = first_visit(browser, server, language, width=375, height=812)
    try:
        offer = page.locator("#language-offer [data-offer='en']")
        expect(offer).to_be_visible()
        assert boxes_under(page, "#language-offer") == []
        headline = page.locator("h1").bounding_box()
        assert page.locator("#language-offer").bounding_box()["y"] + 1 < headline["y"]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = language.strip("/")
        page.screenshot(path=SCREENSHOTS / f"offer-375-{name}.png")
        # Wherever the page is scrolled to, it covers nothing either: not over the page.
        for part in ("#answer", "#rule", ".site-footer"):
            page.locator(part).scroll_into_view_if_needed()
            assert boxes_under(page, "#language-offer") == [], part
        # Declined from the keyboard, it is gone, and the focus goes on to the page.
        page.evaluate("scrollTo(0, 0)")
        offer.get_by_role("button").focus()
        page.keyboard.press("Enter")
        expect(page.locator("#language-offer")).to_be_hidden()
        assert page.evaluate("document.activeElement.id") == "main"
    finally:
        page.context.close()


@LANGUAGES
def test_every_placeholder_fits_its_field_on_a_phone(
    page: Page, server: Server, language: str
) -> None:
    """What an empty field shows ("Type to find…", a date's format, "Traveller") is all
    there at 360 and 375 px: the country finders said "Начните ввод" and "Іздеу үшін ата"."""
    page.goto(server.url + language)
    page.wait_for_selector("body[data-answer]", state="attached")
    page.click("#add-trip")
    for width in (360, 375):
        page.set_viewport_size({"width": width, "height": 800})
        fields = page.locator("main input[placeholder]:visible")
        assert fields.count() >= 8
        for field in fields.all():
            cut = field.evaluate(OVERFLOW)["placeholder"]
            assert cut <= 0, (width, field.get_attribute("placeholder"), round(cut))
