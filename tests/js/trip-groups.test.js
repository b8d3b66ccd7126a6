import assert from "node:assert/strict";
import { test } from "node:test";
import * as groups from "../../site/static/trip-groups.js";

const stay = (id, entry, exit = entry, extra = {}) => ({ id, entry, exit, ongoing: false, country: "KZ", basis: "visa-free", note: "", ...extra });

test("trips are grouped by the year they began, oldest first, undated last, numbered as in the list", () => {
  const stays = [stay("a", "2024-03-01"), stay("b", "", ""), stay("c", "2019-12-30", "2020-01-05"), stay("d", "2024-01-01")];
  const byYear = groups.groupByYear(stays);
  assert.deepEqual(
    byYear.map((group) => [group.key, group.stays.map(({ stay, number }) => `${stay.id}${number}`)]),
    [
      ["2019", ["c3"]],
      ["2024", ["a1", "d4"]],
      [groups.UNDATED, ["b2"]],
    ],
  );
});

test("the current year, the latest year and years with a trip to finish start open", () => {
  const context = { thisYear: "2026", latestKey: "2024", flagged: new Set(["x"]) };
  const group = (key, ids) => ({ key, stays: ids.map((id) => ({ stay: stay(id, `${key}-01-01`), number: 1 })) });
  assert.equal(groups.startsOpen(group("2020", ["a"]), context), false);
  assert.equal(groups.startsOpen(group("2020", ["a", "x"]), context), true);
  assert.equal(groups.startsOpen(group("2024", ["b"]), context), true);
  assert.equal(groups.startsOpen(group("2026", ["c"]), context), true);
  assert.equal(groups.startsOpen(group(groups.UNDATED, ["d"]), context), true);
});

test("a year shows its latest trips and every trip asked for", () => {
  const group = { key: "2020", stays: ["a", "b", "c", "d", "e"].map((id, index) => ({ stay: stay(id, "2020-01-01"), number: index + 1 })) };
  assert.deepEqual(
    groups.visibleStays(group, 2, new Set(["a"])).map(({ stay }) => stay.id),
    ["a", "d", "e"],
  );
});

test("a search finds trips by date, country, note and a day inside them", () => {
  const context = { describe: (s) => (s.country === "KZ" ? "Kazakhstan 1 Mar 2024" : "France"), locale: "en", today: "2026-01-01" };
  const trip = stay("a", "2024-03-01", "2024-03-20", { note: "Conference in Almaty" });
  const find = (query) => groups.matches(trip, groups.queryWords(query, "en"), context);
  assert.ok(find("almaty"));
  assert.ok(find("kazakhstan 2024"));
  assert.ok(find("2024-03"));
  assert.ok(find("2024-03-10")); // a day within the trip
  assert.ok(find("mar 2024"));
  assert.ok(!find("2024-03-21"));
  assert.ok(!find("france"));
  assert.ok(!find("almaty 2023"));
  assert.ok(find("   "));
  const ongoing = stay("b", "2025-12-01", "", { ongoing: true });
  assert.ok(groups.matches(ongoing, ["2025-12-31"], context));
});
