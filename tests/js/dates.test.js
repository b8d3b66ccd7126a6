import assert from "node:assert/strict";
import { test } from "node:test";

import { addDays, compactDate, daysInclusive, formatDate, formatRange, isISODate, todayISO } from "../../site/static/dates.js";
import { useCatalog } from "../../site/static/i18n.js";
import { catalog, speak } from "./catalog.js";

test("a date is a real day of the calendar written YYYY-MM-DD", () => {
  assert.ok(isISODate("2024-02-29"));
  assert.ok(!isISODate("2023-02-29"));
  assert.ok(!isISODate("2024-2-9"));
  assert.ok(!isISODate(20240229));
  assert.equal(todayISO(new Date(2026, 11, 1, 23, 59)), "2026-12-01");
  assert.equal(compactDate("2026-12-01"), "20261201");
});

test("a trip's days count its entry and its exit", () => {
  assert.equal(daysInclusive("2024-01-01", "2024-01-01"), 1);
  assert.equal(daysInclusive("2024-02-28", "2024-03-01"), 3);
  assert.equal(daysInclusive("2023-10-28", "2023-10-30"), 3); // across a clock change
});

test("a date some days on is a day of the calendar, across a leap day, a year's end and a clock change", () => {
  assert.equal(addDays("2024-02-28", 1), "2024-02-29");
  assert.equal(addDays("2023-02-28", 1), "2023-03-01");
  assert.equal(addDays("2033-12-31", 1), "2034-01-01");
  assert.equal(addDays("2023-10-28", 2), "2023-10-30");
  assert.equal(addDays("2024-03-01", -1), "2024-02-29");
  assert.equal(addDays("2014-01-01", 7299), "2033-12-26");
  assert.equal(daysInclusive("2014-01-01", addDays("2014-01-01", 7299)), 7300);
});

test("dates are written the page's way", () => {
  speak("en");
  assert.equal(formatDate("2023-03-12"), "12 Mar 2023");
  assert.equal(formatDate("2023-03-12", "long"), "12 March 2023");
  assert.equal(formatRange("2023-05-10", "2023-05-11"), "10 May 2023 – 11 May 2023");
  // "Sep" as the rule data writes it (British CLDR says "Sept"), the full name untouched.
  assert.equal(formatDate("2026-09-05"), "5 Sep 2026");
  assert.equal(formatDate("2026-09-05", "long"), "5 September 2026");
  assert.equal(formatDate("2026-09-05", "month"), "Sep");
});

test("without a catalog (it failed to load) Intl writes the date, in English", () => {
  useCatalog(null, "en-GB");
  assert.equal(formatDate("2026-09-05"), "5 Sep 2026");
  assert.equal(formatDate("2026-09-05", "long"), "5 September 2026");
});

test("the catalog's CLDR names write the date, not Intl's", () => {
  // A catalog whose month names Intl does not have: the scripts must use them (not
  // Intl: its first use costs 40-50 ms, and Debian's Chromium has no Kazakh names).
  const kk = catalog("kk");
  const months = kk.dates.M.wide.map((name) => `«${name}»`);
  const dates = { ...kk.dates, M: { ...kk.dates.M, wide: months }, L: { ...kk.dates.L, wide: months } };
  useCatalog({ ...kk, dates }, "kk-KZ");
  assert.match(formatDate("2024-01-15", "long"), /15/);
  assert.match(formatDate("2024-01-15", "long"), /«/);
  assert.match(formatDate("2024-01-15", "long"), /2024/);
});
