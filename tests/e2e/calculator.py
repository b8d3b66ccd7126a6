"""The calculator page as a user sees it: what they click, type and read."""

from __future__ import annotations

import json
from datetime import datetime

from playwright.sync_api import Locator, Page, expect

BOOT_TIMEOUT_MS = 60_000
SETTLED = "body[data-answer]:not([data-pending])"


class Calculator:
    def __init__(self, page: Page, url: str) -> None:
        self.page = page
        self.url = url

    # --- Getting there ---------------------------------------------------------------

    def open(self, today: str | None = None) -> Calculator:
        """Load the page with the browser's clock on `today` (noon, local time)."""
        if today:
            self.page.clock.set_fixed_time(datetime.fromisoformat(f"{today}T12:00:00"))
        self.page.goto(self.url)
        return self.settle()

    def reload(self) -> Calculator:
        self.page.reload()
        return self.settle()

    def settle(self) -> Calculator:
        """Wait until Python is ready and the latest edit has its answer on screen."""
        expect(self.page.locator("#loading")).to_be_hidden(timeout=BOOT_TIMEOUT_MS)
        self.page.wait_for_selector(SETTLED, state="attached", timeout=BOOT_TIMEOUT_MS)
        return self

    # --- Entering things -------------------------------------------------------------

    def choose(self, passport: str, destination: str) -> Calculator:
        self.select_country("#nationality", passport)
        self.select_country("#destination", destination)
        return self.settle()

    def select_country(self, field: str, code: str) -> None:
        """Pick from the passport or destination list as a user does: the list is used
        (focused) first, which draws all its countries (it holds only the chosen one)."""
        self.page.focus(field)
        self.page.select_option(field, code)

    def add_trip(
        self,
        entry: str,
        exit: str | None = None,
        *,
        country: str | None = None,
        basis: str | None = None,
        note: str | None = None,
    ) -> Locator:
        """Add a trip; no `exit` means the traveller is still there."""
        self.page.click("#add-trip")
        trip = self.trips.last
        trip.locator('[name="entry"]').fill(entry)
        if exit is None:
            trip.locator('[name="ongoing"]').check()
        else:
            trip.locator('[name="exit"]').fill(exit)
        if country:
            trip.locator('[name="country"]').select_option(country)
        if basis:
            trip.locator('[name="basis"]').select_option(basis)
        if note is not None:
            trip.locator('[name="note"]').fill(note)
        self.settle()
        return trip

    def plan(self, entry: str) -> Calculator:
        self.page.fill("#plan-entry", entry)
        return self.settle()

    def add_traveller(self, name: str) -> Calculator:
        self.page.click("#add-traveller")
        self.page.fill("#traveller-name", name)
        return self.settle()

    def switch_to(self, name: str) -> Calculator:
        self.page.locator("#traveller-tabs button", has_text=name).click()
        return self.settle()

    # --- Reading -----------------------------------------------------------------------

    @property
    def trips(self) -> Locator:
        return self.page.locator("#trip-list .trip")

    def text(self, selector: str) -> str:
        return " ".join(self.page.locator(selector).inner_text().split())

    @property
    def headline(self) -> str:
        return self.text("#verdict-headline")

    @property
    def badge(self) -> str:
        return self.text("#verdict-badge")

    @property
    def facts(self) -> dict[str, str]:
        """The figures under the answer: {"Days left": "19 in today's window", ...}."""
        return self.page.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll('#facts > div')].map(
                (fact) => [fact.querySelector('dt').textContent,
                           [...fact.querySelector('dd').children].map((part) => part.textContent)
                               .join(' ')]))"""
        )

    @property
    def plan_answer(self) -> str:
        return self.text("#plan-answer") + " " + self.text("#plan-reason")

    @property
    def overstays(self) -> list[str]:
        items = self.page.locator("#violation-list li").all_inner_texts()
        return [" ".join(text.split()) for text in items]

    @staticmethod
    def date(field: Locator) -> str:
        """The ISO date a date field holds ("" if none); its text is the page's, "05/11/2026"."""
        return field.get_attribute("data-iso") or ""

    def trip_dates(self) -> list[tuple[str, str, bool]]:
        return [
            (
                self.date(trip.locator('[name="entry"]')),
                self.date(trip.locator('[name="exit"]')),
                trip.locator('[name="ongoing"]').is_checked(),
            )
            for trip in self.trips.all()
        ]

    def stored(self) -> dict | None:
        raw = self.page.evaluate("localStorage.getItem('staycheck')")
        return json.loads(raw) if raw else None
