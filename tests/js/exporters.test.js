import assert from "node:assert/strict";
import { test } from "node:test";

import { calendarEvents, csvExport, icsExport, jsonExport } from "../../site/static/exporters.js";
import { answers, speak } from "./catalog.js";

function state() {
  return {
    schema: 1,
    current: "t1",
    travellers: [
      {
        id: "t1",
        name: "Anna",
        nationality: "RU",
        destination: "KZ",
        plan: { entry: "2023-09-01" },
        stays: [
          { id: "s1", entry: "2023-02-01", exit: "2023-04-01", ongoing: false, country: "KZ", basis: "visa-free", note: "first, with a comma" },
          { id: "s2", entry: "2023-04-10", exit: "", ongoing: true, country: "KZ", basis: "visa-free", note: "=SUM(A1)" },
          { id: "s3", entry: "2023-06-01", exit: "", ongoing: false, country: "KZ", basis: "visa-free", note: "not finished" },
        ],
      },
    ],
  };
}

test("the table has one line per trip typed, complete trips' days counted, formulas defused", () => {
  const lines = csvExport(state(), "2023-05-09").split("\r\n");
  assert.deepEqual(lines, [
    "traveller,nationality,destination,entry,exit,country,basis,days,note",
    'Anna,RU,KZ,2023-02-01,2023-04-01,KZ,visa-free,60,"first, with a comma"',
    "Anna,RU,KZ,2023-04-10,,KZ,visa-free,30,'=SUM(A1)",
    "Anna,RU,KZ,2023-06-01,,KZ,visa-free,,not finished",
    "",
  ]);
});

test("the JSON export is the file format the CLI and the import read", () => {
  const file = JSON.parse(jsonExport(state()));
  assert.equal(file.format, "staycheck");
  assert.deepEqual(
    file.travellers[0].stays.map((s) => [s.entry, s.exit]),
    [
      ["2023-02-01", "2023-04-01"],
      ["2023-04-10", null],
    ],
  );
});

test("the calendar has the core's dates: the last day, the return, the plan", () => {
  speak("en");
  const [response] = answers([
    {
      destination: "KZ",
      nationality: "RU",
      on: "2023-05-09",
      stays: [
        { entry: "2023-02-01", exit: "2023-04-01" },
        { entry: "2023-04-10", exit: null },
      ],
      plan: { entry: "2023-09-01" },
    },
  ]);
  const traveller = state().travellers[0];
  const events = calendarEvents(traveller, response, "Kazakhstan");
  assert.deepEqual(
    events.map((e) => [e.key, e.date]),
    [
      ["last-day", response.latest_exit.last],
      ["may-return", response.next_entry.first],
      ["full-allowance", response.next_entry.full.first],
      ["plan-last-day", response.plan.last],
    ],
  );
  assert.equal(events[0].summary, "Last day to stay in Kazakhstan (Anna)");
  const ics = icsExport(traveller, events, "20230509T120000Z");
  assert.ok(ics.startsWith("BEGIN:VCALENDAR\r\n") && ics.endsWith("END:VCALENDAR\r\n"));
  assert.ok(ics.includes(`DTSTART;VALUE=DATE:20230509\r\nDTEND;VALUE=DATE:20230510`));
  assert.ok(ics.includes("TRIGGER:-P7D"));
  for (const line of ics.split("\r\n")) assert.ok(new TextEncoder().encode(line).length <= 75, line);
});

test("calendar text is escaped and long lines are folded", () => {
  const traveller = { id: "t", name: "" };
  const event = { key: "k", date: "2024-12-31", summary: "A; b, c\\d", description: "ж".repeat(60), alarmDays: 0 };
  const ics = icsExport(traveller, [event], "20240101T000000Z");
  assert.ok(ics.includes("SUMMARY:A\\; b\\, c\\\\d"));
  assert.ok(ics.includes("DTEND;VALUE=DATE:20250101"));
  assert.ok(ics.includes("\r\n ж"));
  assert.ok(!ics.includes("VALARM"));
});

test("a line break of any kind in a name or a note cannot start a calendar property", () => {
  const traveller = { id: "t", name: "" };
  const crafted = "Anna\rATTACH:http://example.com/x\nX-A:1\r\nX-B:2\u0000";
  const event = { key: "k", date: "2024-12-31", summary: crafted, description: crafted, alarmDays: 3 };
  const ics = icsExport(traveller, [event], "20240101T000000Z");
  const lines = ics.split("\r\n");
  assert.ok(!/\r(?!\n)|(?<!\r)\n/.test(ics), "only CRLF ends a line");
  assert.ok(!lines.some((line) => /^(ATTACH|X-A|X-B)/.test(line)), ics);
  assert.ok(ics.includes("SUMMARY:Anna\\nATTACH:http://example.com/x\\nX-A:1\\nX-B:2"));
  for (const line of lines) assert.ok(new TextEncoder().encode(line).length <= 75, line);
});

test("a separator of either kind is quoted in the table, and no cell can start a formula", () => {
  const base = state();
  base.travellers[0].stays[0].note = 'x;=HYPERLINK("http://example.com")';
  base.travellers[0].name = " =cmd";
  const [, first] = csvExport(base, "2023-05-09").split("\r\n");
  assert.ok(first.startsWith("' =cmd,"), first);
  assert.ok(first.endsWith(',"x;=HYPERLINK(""http://example.com"")"'), first);
  // Read as a ";"-separated table (Excel in ru-RU, kk-KZ, de-DE), no cell starts with "=".
  const cells = [];
  let quoted = false;
  let cell = "";
  for (const char of first) {
    if (char === '"') quoted = !quoted;
    else if (char === ";" && !quoted) {
      cells.push(cell);
      cell = "";
    } else cell += char;
  }
  cells.push(cell);
  assert.ok(
    cells.every((c) => !/^\s*[=+\-@]/.test(c)),
    JSON.stringify(cells),
  );
});
