import assert from "node:assert/strict";
import { test } from "node:test";

import { _, _n, countryCodes, fill, formatNumber, nameOf, say, useCatalog } from "../../site/static/i18n.js";
import { languages, speak } from "./catalog.js";

test("fill puts params in, numbers the reader's way, and never doubles a full stop", () => {
  useCatalog(null, "ru-RU");
  assert.equal(fill("{n} дней", { n: 12345 }), "12\u00a0345 дней");
  assert.equal(fill("до {date}.", { date: "9 дек. 2026 г." }), "до 9 дек. 2026 г.");
  assert.equal(fill("{a} and {b}", { a: 1 }), "1 and {b}");
  assert.equal(fill("{a}", { a: null }), "{a}");
});

test("numbers below 1,000, written without Intl, read as Intl writes them in every language", () => {
  const whole = Array.from({ length: 1000 }, (_, n) => n);
  // Every tie at one decimal (0.05, 0.15, ... 999.95: Intl rounds 0.95 up, toFixed down),
  // a spread of other values, the runtime's size in MB, and some past 1,000.
  const ties = Array.from({ length: 20_000 }, (_, k) => k / 20);
  const tenths = [...ties, 0.04, 5.4321, 9.96, 123.45, 999.94, 999.96, 1234.5, 6_272_012 / 1e6, 1e-7];
  for (const { code, intl } of languages()) {
    speak(code);
    const numbers = new Intl.NumberFormat(intl);
    for (const n of [...whole, 1000, 12345, 2.5]) assert.equal(fill("{n}", { n }), numbers.format(n), `${code}: ${n}`);
    const oneDecimal = new Intl.NumberFormat(intl, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const twoDecimals = new Intl.NumberFormat(intl, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    for (const n of tenths) {
      assert.equal(formatNumber(n, 1), oneDecimal.format(n), `${code}: ${n}`);
      assert.equal(formatNumber(n / 10, 2), twoDecimals.format(n / 10), `${code}: ${n / 10}`);
    }
  }
  useCatalog(null, "ru-RU"); // no catalog, no decimal sign: Intl's
  assert.equal(formatNumber(5.5, 1), "5,5");
});

test("messages come from the catalog, with the plural form of the language", () => {
  speak("ru");
  assert.equal(_("Ready"), "Готово");
  assert.deepEqual(
    [1, 2, 5, 21].map((n) => _n("{n} day", "{n} days", n)),
    ["1 день", "2 дня", "5 дней", "21 день"],
  );
  speak("en");
  assert.equal(_n("{n} day", "{n} days", 1), "1 day");
  assert.equal(_("Not in any catalog {x}", { x: "at all" }), "Not in any catalog at all");
});

test("say looks a code up in the words of staycheck/words.py", () => {
  speak("en");
  assert.equal(say("errors", "plan_in_past"), "Choose today or a later day.");
  assert.equal(say("errors", "no_such_code"), null);
  // Of several phrasings, the first whose params are all given.
  assert.equal(say("limits", "per_entry", { kind: "per_entry", months: 6 }), "at most 6 months per entry");
  assert.equal(say("limits", "per_entry", { kind: "per_entry", days: 1 }), "at most 1 day per entry");
  assert.equal(say("errors", "no_rule", {}), "No rule is known for this date.");
  assert.equal(say("errors", "no_rule", { covered_from: "1 Jan 2015" }), "No rule is known for this date: the rule's data starts on 1 Jan 2015.");
  speak("ru");
  assert.equal(say("limits", "rolling", { days: 90, period: 180 }), "не более 90 дней в течение каждого периода в 180 дней");
  assert.equal(say("limits", "calendar_year", { days: 1 }), "не более 1 дня в каждом календарном году");
});

test("names come from the catalog, in the page's language", () => {
  speak("ru");
  assert.equal(nameOf("countries", "KZ"), "Казахстан");
  assert.equal(nameOf("bases", "visa"), "По визе");
  assert.match(nameOf("regimes", "schengen"), /Шенген/);
  assert.equal(nameOf("countries", "XX", "?"), "?");
  assert.ok(countryCodes().has("RU") && countryCodes().size > 200);
});
