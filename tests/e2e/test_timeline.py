"""The timeline: the whole history and any range of it, overstays that cannot be missed at
any zoom, the rule changes marked, and counts of different kinds never on one axis; on a
phone, with the keyboard alone, in every language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from calculator import Calculator
from conftest import Server
from playwright.sync_api import Page, expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
LANGUAGES = pytest.mark.parametrize("language", ["", "ru/", "kk/"], ids=["en", "ru", "kk"])
# The smallest width an overstay is drawn at (chart.js MIN_OVERSTAY_PX).
MIN_OVERSTAY_PX = 8
WORDS = {
    "": {"all": "Whole history", "3y": "3 years", "earlier": "Earlier", "rule": "New rule",
         "overstay": "Overstay"},
    "ru/": {"all": "Вся история", "3y": "3 года", "earlier": "Раньше", "rule": "Новое правило",
            "overstay": "Превышение"},
    "kk/": {"all": "Бүкіл тарих", "3y": "3 жыл", "earlier": "Ертерек", "rule": "Жаңа ереже",
            "overstay": "Мерзімнен асу"},
}


def history(calculator: Calculator) -> Calculator:
    """Russians in Kazakhstan: a stay across the rule change of 27 Jan 2023 (counted per
    entry), a 95-day stay in 2024 (a 5-day overstay, two and a half years before today)
    and a stay under way."""
    calculator.open("2026-12-02").choose("RU", "KZ")
    calculator.add_trip("2022-12-01", "2023-02-10")
    calculator.add_trip("2024-03-01", "2024-06-03")
    calculator.add_trip("2026-11-01")
    return calculator


def overstay(page: Page):
    return page.locator('#chart .overstay[data-first="2024-05-30"]')


@LANGUAGES
def test_an_overstay_two_years_ago_is_marked_in_the_whole_history(
    page: Page, server: Server, page_errors, language: str
) -> None:
    history(Calculator(page, server.url + language))
    words = WORDS[language]
    expect(page.locator("#chart svg")).to_be_visible()
    expect(overstay(page)).to_have_count(0)  # the first view: the last 18 months
    page.get_by_role("button", name=words["all"]).click()
    expect(page.get_by_role("button", name=words["all"])).to_have_attribute("aria-pressed", "true")
    expect(overstay(page)).to_have_count(1)
    expect(overstay(page).locator(".overstay-label")).to_contain_text(words["overstay"])
    marker = overstay(page).locator(".overstay-marker").bounding_box()
    assert marker["width"] >= MIN_OVERSTAY_PX
    shown = page.locator("#chart-shown").inner_text()
    assert "2022" in shown and "2027" in shown, shown
    label = page.locator("#chart svg").get_attribute("aria-label")
    assert "1" in label and "2022" in label, label
    # The rule change of 27 Jan 2023 is marked with words, not only a line.
    change = page.locator('#chart .rule-change[data-date="2023-01-27"]')
    expect(change).to_have_count(1)
    expect(change.locator("text")).to_contain_text(re.compile(words["rule"], re.IGNORECASE))
    # Days per entry before, days in 180 after: each drawn against its own limit.
    expect(page.locator("#chart svg.shared")).to_have_count(1)
    expect(page.locator("#chart .limit-label")).to_have_text("100%")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = language.strip("/") or "en"
    page.locator("#timeline").screenshot(path=SCREENSHOTS / f"timeline-all-{name}.png")


@LANGUAGES
def test_on_a_phone_a_5_day_overstay_is_wide_enough_to_see_at_every_range(
    page: Page, server: Server, page_errors, language: str
) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    history(Calculator(page, server.url + language))
    words = WORDS[language]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for name in (words["3y"], words["all"]):
        page.get_by_role("button", name=name).click()
        marker = overstay(page).locator(".overstay-marker").bounding_box()
        assert marker["width"] >= MIN_OVERSTAY_PX, name
        assert marker["x"] >= 0 and marker["x"] + marker["width"] <= 375, name
        band = overstay(page).locator(".overstay-band").bounding_box()
        assert band["height"] > 100  # across the whole chart, not a sliver at the top
    assert page.locator("#chart svg").bounding_box()["width"] <= 375
    controls = page.locator("#timeline .chart-controls").bounding_box()
    assert controls["x"] + controls["width"] <= 375
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = language.strip("/") or "en"
    page.locator("#timeline").screenshot(path=SCREENSHOTS / f"timeline-375-{name}.png")


def rows(page: Page, selector: str) -> list[int]:
    """The distinct tops (px) of the elements `selector` in the timeline."""
    return sorted({round(box["y"]) for box in (
        element.bounding_box() for element in page.locator(f"#timeline {selector}").all())})


@LANGUAGES
def test_on_a_phone_the_ranges_take_one_row_and_the_arrows_frame_the_days_shown(
    page: Page, server: Server, page_errors, language: str
) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    history(Calculator(page, server.url + language))
    words = WORDS[language]
    assert len(rows(page, "[data-range]")) == 1, "the ranges wrap"
    assert len(rows(page, "[data-pan]")) == 1, "the arrows wrap"
    earlier, later = (page.locator(f'[data-pan="{d}"]').bounding_box() for d in ("-1", "1"))
    shown = page.locator("#chart-shown").bounding_box()
    assert earlier["x"] + earlier["width"] <= shown["x"] < shown["x"] + shown["width"] <= later["x"]
    assert later["x"] + later["width"] <= 375
    # The ranges and the pager: two rows, no more (three rows of buttons before).
    assert len(rows(page, ".chart-controls > *")) == 2
    for box in (earlier, later):  # a finger's width to tap
        assert box["width"] >= 44 and box["height"] >= 44
    # Their names are words, in the page's language, for a screen reader.
    expect(page.get_by_role("button", name=words["earlier"])).to_have_count(1)
    page.get_by_role("button", name=words["all"]).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name=words["all"])).to_have_attribute("aria-pressed", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = language.strip("/") or "en"
    page.locator("#timeline").screenshot(path=SCREENSHOTS / f"timeline-controls-375-{name}.png")


def test_the_range_is_chosen_and_moved_with_the_keyboard_alone(
    page: Page, server: Server, page_errors
) -> None:
    history(Calculator(page, server.url))
    first_range = page.locator("#timeline [data-range]").first
    first_range.focus()
    shown = page.locator("#chart-shown").inner_text()
    page.keyboard.press("Tab")  # 3 years
    page.keyboard.press("Enter")
    expect(page.locator('[data-range="3y"]')).to_have_attribute("aria-pressed", "true")
    expect(page.locator('[data-range="18m"]')).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#chart-shown")).not_to_have_text(shown)
    three_years = page.locator("#chart-shown").inner_text()
    page.keyboard.press("Tab")  # whole history
    page.keyboard.press("Tab")  # earlier
    assert page.evaluate("document.activeElement.dataset.pan") == "-1"
    page.keyboard.press("Enter")
    expect(page.locator("#chart-shown")).not_to_have_text(three_years)
    # Earlier again until the start of the history: the button says it can go no further
    # and keeps the focus.
    for _ in range(6):
        page.keyboard.press(" ")
    earlier = page.locator('[data-pan="-1"]')
    expect(earlier).to_have_attribute("aria-disabled", "true")
    assert page.evaluate("document.activeElement.dataset.pan") == "-1"
    expect(page.locator("#chart-shown")).to_contain_text("1 Dec 2022")
    expect(overstay(page)).to_have_count(1)  # 2024 is in the first three years
    page.keyboard.press("Tab")  # later
    page.keyboard.press("Enter")
    expect(earlier).to_have_attribute("aria-disabled", "false")
    expect(page.locator("#chart-shown")).not_to_contain_text("1 Dec 2022")


def test_a_history_under_one_rule_keeps_days_on_the_axis(
    page: Page, server: Server, page_errors
) -> None:
    calculator = Calculator(page, server.url).open("2026-12-02").choose("RU", "KZ")
    calculator.add_trip("2026-06-01", "2026-07-10")
    expect(page.locator("#chart svg")).to_be_visible()
    expect(page.locator("#chart svg.shared")).to_have_count(0)
    expect(page.locator("#chart .limit-label")).to_have_text("90")
    expect(page.locator("#chart .rule-change")).to_have_count(0)
    expect(page.locator("#chart .overstay")).to_have_count(0)
