"""The Russian and Kazakh pages, end to end: answers, errors, plurals and dates in the
page's language, and the language offer on a first visit."""

from __future__ import annotations

from calculator import Calculator
from conftest import Server
from playwright.sync_api import Browser, Page, expect


def test_the_russian_page_answers_in_russian(page: Page, server: Server, page_errors) -> None:
    """As the English test: 60 days, a visa run, back on 10 Apr: the last day is 9 May."""
    calculator = Calculator(page, server.url + "ru/").open("2023-04-20").choose("RU", "KZ")
    calculator.add_trip("2023-02-01", "2023-04-01")
    trip = calculator.add_trip("2023-04-10")
    assert calculator.badge == "В пределах срока"
    # Drawn before the catalog arrived, drawn again in Russian.
    expect(page.locator("#traveller-tabs button")).to_have_text(["Путешественник 1"])
    assert calculator.headline == "Можно оставаться до 9 мая 2023 г."  # Intl, ru-RU
    assert calculator.facts["Учтено дней"].startswith("71 / 90")
    assert calculator.facts["Осталось дней"] == "19 в текущем периоде"
    expect(trip.locator(".trip-days")).to_have_text("· 11 дней")
    rule = page.locator("#rule .regime:visible")
    expect(rule.locator("h3")).to_have_text(
        "Казахстан: граждане государств Евразийского экономического союза"
    )
    expect(page.locator("#rule-why")).to_contain_text("Паспорт: Россия; страна поездки: Казахстан")
    expect(rule.locator(".version.current .limits")).to_contain_text(
        "не более 90 дней в течение каждого периода в 180 дней"
    )
    # A long Russian date ends in its own full stop: the sentence after it must not double it.
    calculator.add_trip("2023-11-01", "2023-12-30")  # 60 days booked
    calculator.plan("2023-10-01")
    assert calculator.plan_answer.startswith(
        "При въезде 1 октября 2023 г. можно оставаться до 30 октября 2023 г. (30 дней)."
    )
    assert "ваша внесённая поездка с 1 ноября 2023 г. Если остаться" in calculator.plan_answer
    assert ".." not in page.inner_text("main")


def test_an_error_of_the_core_is_shown_in_russian(
    page: Page, server: Server, page_errors
) -> None:
    calculator = Calculator(page, server.url + "ru/").open("2023-04-20").choose("RU", "KZ")
    trip = calculator.add_trip("2023-03-10", "2023-03-01")
    expect(trip.locator('[data-error="exit"]')).to_have_text("Дата выезда раньше даты въезда.")
    problem = page.locator("#answer-problem")
    expect(problem).to_contain_text("Поездка 1: Дата выезда раньше даты въезда.")
    expect(problem.get_by_role("button", name="Перейти к полю")).to_be_visible()
    calculator.select_country("#nationality", "KZ")
    calculator.settle()
    expect(page.locator("#nationality-error")).to_have_text(
        "Для граждан в собственной стране срок пребывания не ограничен."
    )


def test_trip_lengths_take_the_right_russian_plural(
    page: Page, server: Server, page_errors
) -> None:
    """1 день, 2 дня, 5 дней, 11 дней, 21 день, 22 дня: Intl.PluralRules picks the form."""
    calculator = Calculator(page, server.url + "ru/").open("2023-12-20").choose("RU", "KZ")
    lengths = {1: "1 день", 2: "2 дня", 5: "5 дней", 11: "11 дней", 21: "21 день", 22: "22 дня"}
    for month, days in enumerate(lengths, start=1):
        calculator.add_trip(f"2023-{month:02}-01", f"2023-{month:02}-{days:02}")
    shown = calculator.trips.locator(".trip-days").all_inner_texts()
    assert shown == [f"· {text}" for text in lengths.values()]


def test_the_kazakh_page_answers_in_kazakh(page: Page, server: Server, page_errors) -> None:
    calculator = Calculator(page, server.url + "kk/").open("2023-04-20").choose("RU", "KZ")
    calculator.add_trip("2023-02-01", "2023-04-01")
    calculator.add_trip("2023-04-10")
    assert calculator.badge == "Мерзім ішінде"
    # CLDR's kk-KZ long date, written from the catalog where Chromium's Intl lacks it.
    assert calculator.headline == "Болуға болатын соңғы күн: 2023 ж. 9 мамыр"
    assert calculator.facts["Қалған күндер"] == "19 ағымдағы кезеңде"
    trip = calculator.add_trip("2023-05-10", "2023-05-01")
    expect(trip.locator('[data-error="exit"]')).to_have_text("Шығу күні кіру күнінен бұрын.")


def test_numbers_are_written_the_kazakh_way_where_the_browser_cannot(
    page: Page, server: Server, page_errors
) -> None:
    """1 234 with a no-break space, not 1,234: Debian's Chromium has no Kazakh number data
    in Intl (it writes 1,234.5 for kk-KZ), so the page writes numbers from CLDR's, in the
    catalog (i18n.js formatNumber), as it writes dates."""
    calculator = Calculator(page, server.url + "kk/").open("2024-06-01").choose("RU", "KZ")
    trip = calculator.add_trip("2020-01-01", "2023-05-18")  # 1,234 days
    days = trip.locator(".trip-days")
    expect(days).to_contain_text("234")
    assert days.text_content() == "· 1\u00a0234 күн"


def test_a_russian_browser_is_offered_the_russian_page_once(
    browser: Browser, server: Server
) -> None:
    context = browser.new_context(locale="ru-RU", service_workers="block")
    page = context.new_page()
    page.goto(server.url + "rules.html")
    offer = page.locator("#language-offer [data-offer='ru']")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("Staycheck есть и на русском языке.")
    offer.get_by_role("button", name="Нет, спасибо").click()
    expect(offer).to_be_hidden()
    page.reload()
    expect(page.locator("#language-offer")).to_be_hidden()  # remembered: not offered again

    page.locator(".languages [data-language='ru']").click()
    expect(page).to_have_url(server.url + "ru/rules.html")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("#language-offer")).to_be_hidden()
    page.goto(server.url + "rules.html")  # the choice now is Russian: offered again
    expect(page.locator("#language-offer [data-offer='ru']")).to_be_visible()
    assert page.evaluate("localStorage.getItem('staycheck:language')") == "ru"
    context.close()
