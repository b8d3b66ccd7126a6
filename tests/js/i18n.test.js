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

test("numbers are written from the catalog's CLDR data as Intl writes them, in every language", () => {
  // Node's Intl has every language's data (Debian's Chromium lacks Kazakh's). Every whole
  // number to 1,000, the groups of larger ones, every tie at one decimal below 1,000
  // (0.05, 0.15, ... 999.95: Intl rounds 0.95 up, toFixed down), and some others.
  const whole = Array.from({ length: 1001 }, (_, n) => n);
  const large = [1234, 12345, 123456, 1234567, 9_999_999, 12_345_678_901, 2 ** 53];
  const ties = Array.from({ length: 20_000 }, (_, k) => k / 20);
  const others = [0.04, 0.0005, 0.9996, 1.99999, 2.5, 5.4321, 9.96, 123.45, 999.94, 999.96, 1234.5, 1234.5678, 6_272_012 / 1e6, 1e-7, 1e21];
  for (const { code, intl } of languages()) {
    speak(code);
    const format = (options) => new Intl.NumberFormat(intl, options);
    const [plain, one, two] = [
      format(),
      format({ minimumFractionDigits: 1, maximumFractionDigits: 1 }),
      format({ minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    ];
    for (const n of [...whole, ...large, ...others]) assert.equal(fill("{n}", { n }), plain.format(n), `${code}: ${n}`);
    for (const n of [...ties, ...large, ...others]) {
      assert.equal(formatNumber(n, 1), one.format(n), `${code}: ${n}`);
      assert.equal(formatNumber(n / 10, 2), two.format(n / 10), `${code}: ${n / 10}`);
    }
  }
  useCatalog(null, "ru-RU"); // no catalog: Intl's
  assert.equal(formatNumber(5.5, 1), "5,5");
  assert.equal(formatNumber(12345), "12\u00a0345");
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
