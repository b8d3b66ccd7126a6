import assert from "node:assert/strict";
import { test } from "node:test";

import { addDays, daysInMonth, numericStyle, readDate, sayNow, writeDate } from "../../site/static/date-field.js";
import { dateInWords } from "../../site/static/dates.js";
import { useCatalog } from "../../site/static/i18n.js";
import { catalog, speak } from "./catalog.js";

const LOCALES = ["en-GB", "ru-RU", "kk-KZ"];
const date = (iso) => ({ kind: "date", iso });

test("the fifth of November is read however a day-month-year reader writes it", () => {
  for (const locale of LOCALES) {
    for (const typed of ["05112026", "5.11.2026", "05.11.2026", "5/11/2026", "05-11-2026", "5 11 2026", " 05.11.2026 ", "2026-11-05", "2026-11-5"]) {
      assert.deepEqual(readDate(typed, locale), date("2026-11-05"), `${typed} in ${locale}`);
    }
  }
});

test("a day the month does not have is said, with the month's days", () => {
  assert.deepEqual(readDate("30.02.2026", "ru-RU"), { kind: "no-such-day", days: 28 });
  assert.deepEqual(readDate("30022024", "kk-KZ"), { kind: "no-such-day", days: 29 });
  assert.deepEqual(readDate("29/02/2024", "en-GB"), date("2024-02-29"));
  assert.deepEqual(readDate("29/02/2100", "en-GB"), { kind: "no-such-day", days: 28 });
  assert.deepEqual(readDate("31.04.2026", "ru-RU"), { kind: "no-such-day", days: 30 });
  assert.deepEqual(readDate("00.04.2026", "ru-RU"), { kind: "no-such-day", days: 30 });
  assert.deepEqual(readDate("2026-02-30", "en-GB"), { kind: "no-such-day", days: 28 });
  assert.deepEqual(readDate("05.13.2026", "ru-RU"), { kind: "no-such-month", month: 13 });
  assert.ok(sayNow(readDate("30.02.2026", "ru-RU")));
});

test("a year is four figures: more are refused at once, fewer once the field is left", () => {
  for (const typed of ["05.11.202600", "05112026000", "051120266", "202600-11-05", "05/11/0999"]) {
    const read = readDate(typed, "en-GB");
    assert.equal(read.kind, "year-digits", typed);
    assert.ok(sayNow(read), typed);
  }
  const short = readDate("05.11.26", "ru-RU");
  assert.equal(short.kind, "year-digits");
  assert.ok(!sayNow(short)); // "05.11.2026" is on its way
});

test("a date being typed is not a problem yet; text that is no date is", () => {
  for (const typed of ["0", "05", "0511", "0511202", "05.", "05.11", "05.11.", "2026-", "2026-11", "2026-11-"]) {
    const read = readDate(typed, "ru-RU");
    assert.equal(read.kind, "partial", typed);
    assert.ok(!sayNow(read), typed);
  }
  assert.deepEqual(readDate("", "ru-RU"), { kind: "empty" });
  assert.deepEqual(readDate("   ", "ru-RU"), { kind: "empty" });
  for (const typed of ["tomorrow", "5 ноября 2026", "05.11.2026.1", "123.11.2026"]) assert.equal(readDate(typed, "ru-RU").kind, "unreadable", typed);
});

test("the page's language decides the order, not the browser's", () => {
  assert.deepEqual(numericStyle("ru-RU"), { order: "dmy", separator: "." });
  assert.deepEqual(numericStyle("kk-KZ"), { order: "dmy", separator: "." });
  assert.deepEqual(numericStyle("en-GB"), { order: "dmy", separator: "/" });
  assert.equal(numericStyle("ja-JP").order, "ymd"); // a language the page does not speak: Intl's
  assert.equal(writeDate("2026-11-05", "ru-RU"), "05.11.2026");
  assert.equal(writeDate("2026-11-05", "kk-KZ"), "05.11.2026");
  assert.equal(writeDate("2026-11-05", "en-GB"), "05/11/2026");
  assert.equal(writeDate("", "en-GB"), "");
  for (const locale of LOCALES) assert.deepEqual(readDate(writeDate("2024-02-29", locale), locale), date("2024-02-29"));
});

test("the arrow keys' day after and day before", () => {
  assert.equal(addDays("2026-12-31", 1), "2027-01-01");
  assert.equal(addDays("2024-03-01", -1), "2024-02-29");
  assert.equal(addDays("2026-11-05", -1), "2026-11-04");
  assert.equal(daysInMonth(2024, 2), 29);
  assert.equal(daysInMonth(2023, 2), 28);
});

test("the date in words is the page's language's, the day of the week too", () => {
  speak("en");
  assert.equal(dateInWords("2026-11-05"), "5 November 2026, Thursday");
  // CLDR's Russian and Kazakh patterns hold a narrow no-break space ("2026\u202fг.").
  const spaces = (text) => text.replace(/\s/g, " ");
  speak("ru");
  assert.equal(spaces(dateInWords("2026-11-05")), "5 ноября 2026 г., четверг");
  speak("kk");
  assert.equal(spaces(dateInWords("2026-11-05")), "2026 ж. 5 қараша, бейсенбі");
  // The names are the catalog's (CLDR's), not Intl's.
  const kk = catalog("kk");
  const weekdays = kk.dates.weekdays.map((name) => `«${name}»`);
  const months = kk.dates.M.wide.map((name) => `«${name}»`);
  useCatalog({ ...kk, dates: { ...kk.dates, weekdays, M: { ...kk.dates.M, wide: months }, L: { ...kk.dates.L, wide: months } } }, "kk-KZ");
  assert.equal(spaces(dateInWords("2026-11-05")), "2026 ж. 5 «қараша», «бейсенбі»");
});
