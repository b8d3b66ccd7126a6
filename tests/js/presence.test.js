import assert from "node:assert/strict";
import { test } from "node:test";

import { presenceCSV, presenceRequest } from "../../site/static/history/presence.js";
import { answers } from "./catalog.js";

const traveller = {
  id: "t1",
  name: "Anna",
  nationality: "RU",
  destination: "KZ",
  plan: null,
  stays: [
    { id: "s1", entry: "2023-12-30", exit: "2024-03-04", ongoing: false, country: "KZ", basis: "visa-free", note: "" },
    { id: "s2", entry: "2024-03-04", exit: "", ongoing: true, country: "DE", basis: "visa-free", note: "" },
    { id: "s3", entry: "2024-05-01", exit: "", ongoing: false, country: "FR", basis: "visa-free", note: "not finished" },
  ],
};

test("the request sends the complete trips, one under way running to today", () => {
  const request = presenceRequest(traveller, { today: "2024-04-01", windowEnd: "2024-12-31" });
  assert.deepEqual(request, {
    question: "presence",
    on: "2024-04-01",
    window_end: "2024-12-31",
    destination: "KZ",
    stays: [
      { entry: "2023-12-30", exit: "2024-03-04", country: "KZ", basis: "visa-free" },
      { entry: "2024-03-04", exit: null, country: "DE", basis: "visa-free" },
    ],
  });
});

test("the CSV writes the core's numbers, names quoted where they need it", () => {
  const [answer] = answers([presenceRequest(traveller, { today: "2024-04-01", windowEnd: "2024-12-31" })]);
  assert.equal(answer.ok, true);
  const names = new Map([
    ["KZ", "Kazakhstan"],
    ["DE", 'Germany, "DE"'],
  ]);
  assert.deepEqual(presenceCSV(answer.presence, names).split("\n"), [
    "country,name,2024-01-01..2024-12-31,2023,2024",
    "KZ,Kazakhstan,64,2,64",
    'DE,"Germany, ""DE""",29,0,29',
    "",
  ]);
});
