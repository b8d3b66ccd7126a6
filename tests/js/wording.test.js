import assert from "node:assert/strict";
import { test } from "node:test";

import * as wording from "../../site/static/wording.js";
import { answers, speak } from "./catalog.js";

// The core's answers to the requests the sentences below are about (one Python call).
const REQUESTS = {
  bookedTrip: {
    destination: "KZ",
    nationality: "RU",
    on: "2026-11-28",
    stays: [
      { entry: "2026-10-01", exit: null },
      { entry: "2027-02-01", exit: "2027-02-20" },
    ],
    plan: { entry: "2027-03-01" },
  },
  overstayer: {
    destination: "KZ",
    nationality: "RU",
    on: "2026-11-28",
    stays: [
      { entry: "2026-03-01", exit: "2026-05-28" },
      { entry: "2026-05-29", exit: "2026-05-29", country: "KG" },
      { entry: "2026-05-30", exit: null },
    ],
  },
  enterToday: {
    destination: "FR",
    nationality: "US",
    on: "2024-06-01",
    stays: [
      { entry: "2024-01-01", exit: "2024-02-29" },
      { entry: "2024-07-01", exit: "2024-07-20" },
    ],
  },
  enterLater: { destination: "FR", nationality: "US", on: "2024-04-01", stays: [{ entry: "2024-01-01", exit: "2024-03-30" }], plan: { entry: "2024-04-01" } },
  overlap: {
    destination: "KZ",
    nationality: "RU",
    on: "2023-05-10",
    stays: [
      { entry: "2023-02-01", exit: "2023-03-01" },
      { entry: "2023-02-01", exit: "2023-04-01" },
    ],
  },
  // Issue 10's scenarios: an overstay whose earliest return is short, a booked trip that
  // would overstay, a whole planned trip, and a per-entry rule.
  shortReturn: {
    destination: "KZ",
    nationality: "RU",
    on: "2026-09-05",
    stays: [
      { entry: "2026-03-01", exit: "2026-04-30" },
      { entry: "2026-06-20", exit: null },
    ],
  },
  booked: {
    destination: "KZ",
    nationality: "RU",
    on: "2027-01-10",
    stays: [
      { entry: "2026-12-01", exit: "2027-01-05" },
      { entry: "2027-03-01", exit: "2027-07-01" },
    ],
  },
  wholePlan: { destination: "KZ", nationality: "RU", on: "2027-01-10", stays: [], plan: { entry: "2027-05-01", exit: "2027-09-01" } },
  fittingPlan: { destination: "KZ", nationality: "RU", on: "2027-01-10", stays: [], plan: { entry: "2027-05-01", exit: "2027-05-30" } },
  outOfRange: { destination: "KZ", nationality: "RU", on: "2023-05-10", stays: [{ entry: "1800-01-01", exit: null }] },
};
const names = Object.keys(REQUESTS);
const got = Object.fromEntries(answers(Object.values(REQUESTS)).map((response, i) => [names[i], response]));

// Trips numbered as a page with these entries numbers them: the request's order, from 1.
function trips(request, numbers = null) {
  return {
    number: (index) => (numbers ? numbers[index] : index + 1),
    entry: (index) => request.stays[index]?.entry ?? null,
  };
}

test("staying on: until when, how many more days, and the booked trip that stops it", () => {
  speak("en");
  const said = wording.verdict(got.bookedTrip, trips(REQUESTS.bookedTrip));
  assert.deepEqual(said, {
    over: false,
    badge: "Within the limit",
    headline: "You may stay until 9 December 2026",
    subline: "That is 12 more days, today included.",
    reason: "What limits it: your trip recorded from 1 February 2027. Staying longer would put that trip over the limit.",
    when: "",
  });
  assert.deepEqual(wording.facts(got.bookedTrip), [
    ["Days used", "59 / 90", "2 Jun 2026 – 28 Nov 2026"],
    ["Days left", "31", "in today's window"],
    ["This stay", "59", "since 1 Oct 2026"],
  ]);
  assert.deepEqual(wording.planText(got.bookedTrip, trips(REQUESTS.bookedTrip)), {
    answer: "If you enter on 1 March 2027, you may stay until 11 March 2027 (11 days).",
    reason: "What limits it: at most 90 days in any period of 180 days.",
    bad: false,
    assumes: "This assumes you leave on 28 November 2026: your current trip has no exit date yet.",
  });
});

test("an overstayer is told by how many days, to leave, and when to come back", () => {
  speak("en");
  const said = wording.verdict(got.overstayer, trips(REQUESTS.overstayer));
  assert.equal(said.badge, "Over the limit");
  assert.equal(said.headline, "You have overstayed by 182 days");
  assert.equal(
    said.subline,
    "Leave as soon as you can: every further day adds to the overstay. If you leave today, you may come back from 27 February 2027 for up to 90 days.",
  );
  const [run] = wording.violationTexts(got.overstayer);
  assert.equal(run.when, "31 May 2026 – 28 Nov 2026");
  assert.equal(run.what, " · 182 days over the limit · up to 180 days counted against a limit of 90 days");
  assert.match(run.why, /^More than 90 days in the window\. Leaving and coming back does not reset this count/);
});

test("away: enter today for as long as the next recorded trip allows", () => {
  speak("en");
  const said = wording.verdict(got.enterToday, trips(REQUESTS.enterToday));
  assert.equal(said.headline, "You may enter today and stay 30 days");
  assert.match(said.subline, /^Until 30 June 2024\./);
  assert.equal(said.reason, "What limits it: your next recorded trip begins on 1 July 2024.");
});

test("away with the days used up: the day one may enter again, and a plan that cannot start", () => {
  speak("en");
  const said = wording.verdict(got.enterLater, trips(REQUESTS.enterLater));
  assert.match(said.headline, /^You may enter again from \d+ \w+ 2024$/);
  assert.match(said.subline, /^Then you may stay up to \d+ days?\./);
  const plan = wording.planText(got.enterLater, trips(REQUESTS.enterLater));
  assert.equal(plan.answer, "You may not enter on 1 April 2024.");
  assert.ok(plan.bad);
});

test("warnings number the trips as the page does; errors write their dates the page's way", () => {
  speak("en");
  assert.deepEqual(wording.warningTexts(got.overlap, trips(REQUESTS.overlap, [3, 1])), ["Trips 1, 3 overlap; their days are counted once."]);
  const many = { ...got.overlap, warnings: Array(8).fill(got.overlap.warnings[0]) };
  const texts = wording.warningTexts(many, trips(REQUESTS.overlap));
  assert.equal(texts.length, wording.MAX_WARNINGS + 1);
  assert.equal(texts.at(-1), "…and 3 more warnings like these.");
  assert.equal(got.outOfRange.error.code, "date_out_of_range");
  assert.equal(wording.errorText(got.outOfRange.error), "This date is outside the years Staycheck covers (1 Jan 1950 to 31 Dec 2099).");
  assert.equal(wording.errorText({ code: "unheard_of", message: "something odd", params: {} }), "Something odd");
});

test("the answer is worded in Russian from the same response", () => {
  speak("ru");
  const said = wording.verdict(got.bookedTrip, trips(REQUESTS.bookedTrip));
  assert.match(said.headline, /9 декабря 2026/);
  assert.match(said.subline, /12/);
  assert.match(wording.regimeTitle(got.bookedTrip.regime), /Казахстан/);
});

test("disputed readings of the rule in force are shown beside the answer, and their absence is fine", () => {
  speak("en");
  // Kazakhstan's rule in force has one disputed reading, about Kyrgyz citizens only: the
  // core leaves it out of a Russian's answer (the rule data says whom it concerns).
  assert.equal(REQUESTS.bookedTrip.nationality, "RU");
  assert.deepEqual(got.bookedTrip.regime.version.disputed, []);
  assert.deepEqual(wording.disputed(got.bookedTrip), []);
  const none = { ...got.bookedTrip.regime.version, disputed: [] };
  assert.deepEqual(wording.disputed({ ...got.bookedTrip, regime: { ...got.bookedTrip.regime, version: none } }), []);
  const version = { ...got.bookedTrip.regime.version, disputed: ["The start date is read as 28 Oct 2023; another source gives 21 Oct."] };
  const response = { ...got.bookedTrip, regime: { ...got.bookedTrip.regime, version } };
  assert.deepEqual(wording.disputed(response), ["The start date is read as 28 Oct 2023; another source gives 21 Oct."]);
  const { disputed, ...older } = version;
  assert.deepEqual(wording.disputed({ ...response, regime: { ...response.regime, version: older } }), []);
});

test("what stops a stay, for every reason the core gives", () => {
  speak("en");
  const response = got.bookedTrip;
  const stop = (reason, stay = null) => wording.stopText({ reason, stay }, response, trips(REQUESTS.bookedTrip));
  assert.equal(stop("rolling"), "What limits it: at most 90 days in any period of 180 days.");
  assert.equal(stop("per_entry"), "What limits it: the longest single stay allowed.");
  assert.equal(stop("no_rule"), "What limits it: no rule is known for the days after it.");
  assert.equal(stop("next_trip", 1), "What limits it: your next recorded trip begins on 1 February 2027.");
  assert.match(stop("accumulating"), /^What limits it: /);
  assert.match(stop("fixed_period"), /^What limits it: /);
  assert.equal(wording.stopText(null, response, trips(REQUESTS.bookedTrip)), "");
});

test("an overstayer reads the earliest return and when a full stay is possible again", () => {
  speak("en");
  const response = got.shortReturn;
  assert.ok(response.next_entry.full.first > response.next_entry.first, "the scenario has a short first return");
  const said = wording.verdict(response, trips(REQUESTS.shortReturn));
  assert.match(
    said.subline,
    /If you leave today, you may come back from 16 October 2026 for up to 12 days\. From 5 December 2026 you may stay the full 90 days again\.$/,
  );
});

test("a booked trip that would overstay: by how much, and how long it may be", () => {
  speak("en");
  const said = wording.verdict(got.booked, trips(REQUESTS.booked));
  assert.equal(said.badge, "Within the limit today · a booked trip would overstay");
  assert.equal(said.headline, "Your trip from 1 March 2027 would overstay by 69 days");
  assert.equal(said.subline, "It may last until 23 April 2027: 54 days in all.");
  assert.notEqual(wording.bookedOverstay(got.booked), null);
});

test("another day than today is said to be one, in the badge, the note and the figures", () => {
  speak("en");
  const said = wording.verdict(got.booked, trips(REQUESTS.booked), "2027-02-01");
  assert.equal(said.when, "Answer for 10 January 2027, a day in the past, not today.");
  assert.equal(said.badge, "Within the limit on 10 January 2027 · a booked trip would overstay");
  const ahead = wording.verdict(got.bookedTrip, trips(REQUESTS.bookedTrip), "2026-11-01");
  assert.equal(ahead.when, "Answer for 28 November 2026, a day ahead, not today.");
  assert.equal(ahead.subline, "That is 12 more days, 28 November 2026 included.");
  assert.deepEqual(wording.facts(got.bookedTrip, "2026-11-01")[1], ["Days left", "31", "in the window ending 28 Nov 2026"]);
});

test("a whole planned trip: it fits, or by how many days to shorten it", () => {
  speak("en");
  const tooLong = wording.planText(got.wholePlan, trips(REQUESTS.wholePlan));
  assert.equal(tooLong.answer, "Your trip is 34 days too long. Entering on 1 May 2027, leave by 29 July 2027: 90 days in all.");
  assert.ok(tooLong.bad);
  assert.equal(tooLong.assumes, "");
  const fits = wording.planText(got.fittingPlan, trips(REQUESTS.fittingPlan));
  assert.equal(fits.answer, "Your trip fits: 30 days, 1 May 2027 to 30 May 2027. You could stay until 29 July 2027.");
  assert.ok(!fits.bad);
  speak("ru");
  assert.equal(wording.planText(got.wholePlan, trips(REQUESTS.wholePlan)).answer.split(".")[0], "Поездка длиннее допустимого на 34 дня");
  speak("kk");
  assert.match(wording.planText(got.wholePlan, trips(REQUESTS.wholePlan)).answer, /34 күнге ұзақ/);
});
