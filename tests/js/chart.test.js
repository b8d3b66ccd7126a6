import assert from "node:assert/strict";
import { test } from "node:test";

import { chartDate, panned, viewOf } from "../../site/static/chart.js";

// The answer's timeline gives its first day and how many days it holds, not a date a day.
const chart = { first: "2023-12-01", days: 1000, today: 700 };

test("a day of the timeline is dated from its first day", () => {
  assert.equal(chartDate(chart, 0), "2023-12-01");
  assert.equal(chartDate(chart, 31), "2024-01-01");
  assert.equal(chartDate(chart, 90), "2024-02-29");
});

test("a view starts where it was moved to, or puts today two thirds along", () => {
  assert.deepEqual(viewOf(chart, "18m", null), { first: 700 - 365, last: 700 - 365 + 547 });
  assert.deepEqual(viewOf(chart, "18m", "2024-01-01"), { first: 31, last: 31 + 547 });
  // A start outside the chart (an older answer's) falls back to the range's own place.
  assert.deepEqual(viewOf(chart, "18m", "2020-01-01"), viewOf(chart, "18m", null));
  assert.deepEqual(viewOf(chart, "all", null), { first: 0, last: 999 });
  const moved = panned(chart, viewOf(chart, "18m", null), 1);
  assert.deepEqual(moved, { first: 1000 - 548, last: 999 });
  assert.equal(chartDate(chart, moved.first), "2025-02-25");
});
