import assert from "node:assert/strict";
import { test } from "node:test";

import { _, _n, countryCodes, fill, nameOf, say, useCatalog } from "../../site/static/i18n.js";
import { speak } from "./catalog.js";

test("fill puts params in, numbers the reader's way, and never doubles a full stop", () => {
  useCatalog(null, "ru-RU");
  assert.equal(fill("{n} дней", { n: 12345 }), "12\u00a0345 дней");
  assert.equal(fill("до {date}.", { date: "9 дек. 2026 г." }), "до 9 дек. 2026 г.");
  assert.equal(fill("{a} and {b}", { a: 1 }), "1 and {b}");
  assert.equal(fill("{a}", { a: null }), "{a}");
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
