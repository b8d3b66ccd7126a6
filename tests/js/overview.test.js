import assert from "node:assert/strict";
import { test } from "node:test";

import { calendarEvents } from "../../site/static/exporters.js";
import { incompleteTripHint, overviewRows } from "../../site/static/wording.js";
import { answers, speak } from "./catalog.js";

const [travels, overstayer, schengen] = answers([
  {
    destination: "DE",
    nationality: "KZ",
    on: "2026-11-28",
    overview: true,
    stays: [
      { entry: "2026-06-01", exit: "2026-07-20", country: "FR", basis: "visa" },
      { entry: "2026-08-01", exit: "2026-08-20", country: "TR" },
      { entry: "2026-11-01", exit: null, country: "GE" },
    ],
  },
  { destination: "KZ", nationality: "RU", on: "2026-09-05", stays: [{ entry: "2026-05-01", exit: null }] },
  { destination: "DE", nationality: "US", on: "2026-11-28", stays: [{ entry: "2026-11-01", exit: null, country: "FR" }] },
]);

test("every regime the trips touch gets a row of the core's figures, the chosen one first", () => {
  speak("en");
  const rows = overviewRows(travels);
  assert.deepEqual(
    rows.map((row) => [row.destination, row.chosen]),
    [
      ["DE", true],
      ["GE", false],
      ["TR", false],
    ],
  );
  assert.deepEqual(rows[1].figures, [
    "28 of 365 days used in this stay",
    "337 days left",
    "last day 31 Oct 2027",
    "next full stay of 365 days from 29 Nov 2026",
  ]);
  assert.deepEqual(rows[2].figures, ["20 of 90 days used", "70 days left", "a full stay of 90 days from today"]);
  speak("ru");
  assert.equal(overviewRows(travels)[0].figures[1], "остался 41 день");
  speak("kk");
  assert.equal(overviewRows(travels)[2].figures[0], "90 күннің 20 күні пайдаланылды");
});

test("no rows without the core's overview", () => {
  assert.deepEqual(overviewRows(overstayer), []);
});

test("an overstayer's calendar has no last day, which is past; the Schengen area's is named after it", () => {
  speak("en");
  const keys = calendarEvents({ name: "" }, overstayer, "Kazakhstan").map((event) => event.key);
  assert.deepEqual(keys, ["may-return"]);
  const [last] = calendarEvents({ name: "" }, schengen, "Germany");
  assert.equal(last.summary, "Last day to stay in the Schengen area");
  speak("ru");
  assert.equal(calendarEvents({ name: "" }, schengen, "Германия")[0].summary, "Последний день пребывания: Шенгенская зона");
});

test("a date with a five-digit year is named as the trip's problem", () => {
  speak("en");
  assert.match(incompleteTripHint({ entry: "20266-05-01", exit: "", ongoing: false }), /^Check the entry date/);
  assert.match(incompleteTripHint({ entry: "2026-05-01", exit: "20266-05-09", ongoing: false }), /^Check the exit date/);
  assert.match(incompleteTripHint({ entry: "", exit: "", ongoing: false }), /^Enter the entry date/);
  assert.match(incompleteTripHint({ entry: "2026-05-01", exit: "", ongoing: false }), /^Enter the exit date/);
});
