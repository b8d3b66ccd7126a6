// The wording of an answer: the core's response in, the page's sentences out. Pure: no
// DOM, no date arithmetic (every date and number is the core's), so it runs under
// `node --test` (tests/js/wording.test.js).
//
// `trips` says how the page numbers the request's stays: {number(index) -> the trip's
// number on the page, entry(index) -> its entry date, or null}.

import { formatDate, formatRange, isISODate } from "./dates.js";
import { _, _n, disputedText, nameOf, say } from "./i18n.js";

export const MAX_WARNINGS = 5;

/** The regime's title in the page's language. */
export function regimeTitle(regime) {
  return nameOf("regimes", regime.id, regime.title);
}

function limitOf(response, kind) {
  return response.regime.version.limits.find((limit) => limit.kind === kind) || {};
}

// Where the days used were counted: the window, the year or this stay.
function countedWhere(on) {
  if (on.limit_kind === "calendar_year" && on.window) return _("in {year}", { year: on.window.first.slice(0, 4) });
  if (on.limit_kind !== "per_entry" && on.window) return formatRange(on.window.first, on.window.last);
  return _("in this stay");
}

/** Why a stay cannot last longer (`limited_by` of the latest exit, the next entry or the plan). */
export function stopText(limitedBy, response, trips) {
  if (!limitedBy) return "";
  const { reason, stay } = limitedBy;
  if (stay !== null && stay !== undefined) {
    const entry = trips.entry(stay);
    return entry ? say("stops", reason, { date: formatDate(entry, "long") }) || "" : "";
  }
  return say("stops", reason, limitOf(response, reason)) || "";
}

function fullAllowance(next, today, first) {
  const full = next.full;
  if (full && full.first > today && full.days > next.days) {
    const then = _n("The full {n} day is available from {date}.", "The full {n} days are available from {date}.", full.days, {
      date: formatDate(full.first, "long"),
    });
    return `${first} ${then}`;
  }
  return first;
}

/** Whether the answer is for another day than `today` (the control-date mode). */
export function isOtherDay(response, today) {
  return Boolean(today) && response.on.date !== today;
}

/** The first overstay of a booked trip (entering after the control day), or null. */
export function bookedOverstay(response) {
  return response.violations.find((violation) => violation.booked) || null;
}

function badgeText(response, over, otherDay) {
  const date = formatDate(response.on.date, "long");
  if (over) return otherDay ? _("Over the limit on {date}", { date }) : _("Over the limit");
  const earlier = response.violations.some((violation) => violation.first <= response.on.date);
  const booked = bookedOverstay(response);
  if (otherDay) {
    if (booked) return _("Within the limit on {date} · a booked trip would overstay", { date });
    return earlier ? _("Within the limit on {date} · earlier overstays below", { date }) : _("Within the limit on {date}", { date });
  }
  if (booked) return _("Within the limit today · a booked trip would overstay");
  return earlier ? _("Within the limit today · earlier overstays below") : _("Within the limit");
}

// A booked trip that would overstay: by how much, and how long it may be instead.
function bookedVerdict(violation, response, trips) {
  const booked = violation.booked;
  const entry = formatDate(booked.first, "long");
  const headline = _n("Your trip from {entry} would overstay by {n} day", "Your trip from {entry} would overstay by {n} days", violation.days, {
    entry,
  });
  const subline =
    booked.days > 0
      ? _n("It may last until {last}: {n} day in all.", "It may last until {last}: {n} days in all.", booked.days, {
          last: formatDate(booked.last, "long"),
        })
      : _("You may not enter on {date}.", { date: entry });
  return { headline, subline, reason: stopText(booked.limited_by, response, trips) };
}

/**
 * The verdict: {over, badge, headline, subline, reason, when}. `today` is the real date:
 * an answer for another day (the control-date mode) says so in `when` and in its words.
 */
export function verdict(response, trips, today = response.on.date) {
  const on = response.on;
  const day = on.date;
  const otherDay = isOtherDay(response, today);
  const dayLong = formatDate(day, "long");
  const over = !on.within_limits;
  const next = response.next_entry;
  const booked = bookedOverstay(response);
  const said = { over, badge: badgeText(response, over, otherDay), headline: "", subline: "", reason: "", when: "" };
  if (otherDay) {
    said.when =
      day < today
        ? _("Answer for {date}, a day in the past, not today.", { date: dayLong })
        : _("Answer for {date}, a day ahead, not today.", { date: dayLong });
  }
  if (response.present && over) {
    // The days of presence over the limit so far, as the list of overstays counts them
    // (not how far today's count is over: that is in the figures below).
    const days = on.overstay ? on.overstay.days : on.over;
    said.headline = otherDay
      ? _n("By {date}: overstayed by {n} day", "By {date}: overstayed by {n} days", days, { date: dayLong })
      : _n("You have overstayed by {n} day", "You have overstayed by {n} days", days);
    const leave = _("Leave as soon as you can: every further day adds to the overstay.");
    let comeBack = "";
    if (next?.assumes_exit) {
      const params = { date: formatDate(next.first, "long"), day: dayLong };
      comeBack = otherDay
        ? _n(
            "Leaving on {day}, you may come back from {date} for up to {n} day.",
            "Leaving on {day}, you may come back from {date} for up to {n} days.",
            next.days,
            params,
          )
        : _n(
            "If you leave today, you may come back from {date} for up to {n} day.",
            "If you leave today, you may come back from {date} for up to {n} days.",
            next.days,
            params,
          );
      // The earliest return may be short; when a full stay is possible again matters as much.
      if (next.full && (next.full.first !== next.first || next.full.days !== next.days)) {
        const full = _n("From {date} you may stay the full {n} day again.", "From {date} you may stay the full {n} days again.", next.full.days, {
          date: formatDate(next.full.first, "long"),
        });
        comeBack = `${comeBack} ${full}`;
      }
    }
    said.subline = [leave, comeBack].filter(Boolean).join(" ");
  } else if (booked) {
    Object.assign(said, bookedVerdict(booked, response, trips));
  } else if (response.present && response.latest_exit) {
    const latest = response.latest_exit;
    said.headline = _("You may stay until {date}", { date: formatDate(latest.last, "long") });
    said.subline = otherDay
      ? _n("That is {n} more day, {date} included.", "That is {n} more days, {date} included.", latest.days, { date: dayLong })
      : _n("That is {n} more day, today included.", "That is {n} more days, today included.", latest.days);
    said.reason = stopText(latest.limited_by, response, trips);
  } else if (next && next.first <= day) {
    said.headline = otherDay
      ? _n("You may enter on {date} and stay {n} day", "You may enter on {date} and stay {n} days", next.days, { date: dayLong })
      : _n("You may enter today and stay {n} day", "You may enter today and stay {n} days", next.days);
    said.subline = fullAllowance(next, day, _("Until {date}.", { date: formatDate(next.last, "long") }));
    said.reason = stopText(next.limited_by, response, trips);
  } else if (next) {
    said.headline = _("You may enter again from {date}", { date: formatDate(next.first, "long") });
    said.subline = fullAllowance(next, day, _n("Then you may stay up to {n} day.", "Then you may stay up to {n} days.", next.days));
    said.reason = stopText(next.limited_by, response, trips);
  } else {
    said.headline = _("No limit stops you within the period Staycheck looks ahead.");
  }
  return said;
}

/** The figures under the verdict: [[term, value, detail]]. */
export function facts(response, today = response.on.date) {
  const on = response.on;
  // Not how long one may stay (days drop out of the window as new ones come in: the
  // headline says that), but what the control day's window (or this stay) has room for.
  let room = _("in today's window");
  if (on.limit_kind === "per_entry" || !on.window) room = _("in this stay");
  else if (isOtherDay(response, today)) room = _("in the window ending {date}", { date: formatDate(on.date) });
  const list = [
    [_("Days used"), `${on.days_used} / ${on.limit}`, countedWhere(on)],
    [_("Days left"), String(on.days_left), room],
  ];
  const stay = response.current_stay;
  if (stay) {
    // A cap per entry beside the main limit (Russia: 90 a year, and 90 at a time).
    const perEntry = on.checks.find((check) => check.limit_kind === "per_entry" && on.limit_kind !== "per_entry");
    list.push([_("This stay"), perEntry ? `${stay.days} / ${perEntry.limit}` : String(stay.days), _("since {date}", { date: formatDate(stay.entry) })]);
  }
  return list;
}

// Dates in a code's params are written the page's way.
function readable(params) {
  const out = {};
  for (const [key, value] of Object.entries(params || {})) out[key] = isISODate(value) ? formatDate(value) : value;
  return out;
}

/** A core warning in the page's words, with the trips numbered as on the page. */
export function warningText(warning, trips) {
  const params = readable(warning.params);
  if (warning.code === "overlap") {
    const numbers = (warning.params.stays || []).map((index) => trips.number(index)).sort((a, b) => a - b);
    params.trips = numbers.join(", ");
  }
  return say("warnings", warning.code, params) || warning.message;
}

/** The warnings to show: a few are read; hundreds (an import with every trip twice) bury the answer. */
export function warningTexts(response, trips) {
  const texts = response.warnings.slice(0, MAX_WARNINGS).map((warning) => warningText(warning, trips));
  const more = response.warnings.length - texts.length;
  if (more > 0) texts.push(_n("…and {n} more warning like these.", "…and {n} more warnings like these.", more));
  return texts;
}

/** Where the sources disagree on the rule in force: which reading the answer takes. */
export function disputed(response) {
  return (response.regime.version.disputed || []).map(disputedText);
}

/** The plan's answer: {answer, reason, bad, assumes}. With a planned exit, whether the whole
 * trip fits and, if not, by how many days to shorten it. */
export function planText(response, trips) {
  const plan = response.plan;
  if (!plan) return { answer: "", reason: _("Pick a day to see how long you could stay if you entered then."), bad: false, assumes: "" };
  const reason = stopText(plan.limited_by, response, trips);
  const assumes = assumption(response);
  const entry = formatDate(plan.first, "long");
  if (plan.days <= 0) return { answer: _("You may not enter on {date}.", { date: entry }), reason, bad: true, assumes };
  const last = formatDate(plan.last, "long");
  if (plan.trip && plan.fits) {
    const answer = _n(
      "Your trip fits: {n} day, {entry} to {exit}. You could stay until {last}.",
      "Your trip fits: {n} days, {entry} to {exit}. You could stay until {last}.",
      plan.trip.days,
      { entry, exit: formatDate(plan.trip.last, "long"), last },
    );
    return { answer, reason, bad: false, assumes };
  }
  if (plan.trip) {
    const tooLong = _n("Your trip is {n} day too long.", "Your trip is {n} days too long.", plan.shorten_by);
    const instead = _n("Entering on {entry}, leave by {last}: {n} day in all.", "Entering on {entry}, leave by {last}: {n} days in all.", plan.days, {
      entry,
      last,
    });
    return { answer: `${tooLong} ${instead}`, reason, bad: true, assumes };
  }
  const answer = _n(
    "If you enter on {entry}, you may stay until {last} ({n} day).",
    "If you enter on {entry}, you may stay until {last} ({n} days).",
    plan.days,
    { entry, last },
  );
  return { answer, reason, bad: false, assumes };
}

// A plan made during a stay counts that stay up to the exit it assumes.
function assumption(response) {
  const exit = response.plan.assumes_exit;
  if (!exit) return "";
  const date = formatDate(exit, "long");
  return response.current_stay && response.current_stay.exit === null
    ? _("This assumes you leave on {date}: your current trip has no exit date yet.", { date })
    : _("This assumes you leave on {date}, as recorded.", { date });
}

/** Each run of days over a limit: {when, what, why}. */
export function violationTexts(response) {
  return response.violations.map((violation) => {
    const over = _n("{n} day over the limit", "{n} days over the limit", violation.days);
    const peak = _n("up to {peak} days counted against a limit of {n} day", "up to {peak} days counted against a limit of {n} days", violation.limit, {
      peak: violation.peak,
    });
    return {
      when: formatRange(violation.first, violation.last),
      what: ` · ${over} · ${peak}`,
      why: say("overstays", violation.limit_kind, violation) || "",
    };
  });
}

/** A core error in the page's words (its own message, capitalised, for a code without words). */
export function errorText(error) {
  return say("errors", error.code, readable(error.params)) || error.message.charAt(0).toUpperCase() + error.message.slice(1);
}

/** Why the rule panel shows what it shows: the rule, or why none applies (null: no words). */
export function ruleWhy(response, chosen) {
  return _("For a passport of {passport} going to {destination}, this rule applies: {title}.", { ...chosen, title: regimeTitle(response.regime) });
}

export function noRuleWhy(error, chosen) {
  return say("no_rule_why", error.code, chosen);
}

/** The line above the printed trips. */
export function printMeta(response, { name, passport }) {
  return _("{name} · passport: {passport} · calculated by Staycheck on {date} under “{rule}”, in force from {effective}.", {
    name,
    passport,
    date: formatDate(response.on.date, "long"),
    rule: regimeTitle(response.regime),
    effective: formatDate(response.regime.version.effective_from, "long"),
  });
}

/**
 * Every regime the trips touch, one row each (the core's `overview`): [{destination,
 * chosen, title, figures: [text]}], the chosen one first. The figures are the days used,
 * the days left, the last day (staying on, or the overstay) and the next full stay.
 */
export function overviewRows(response) {
  return (response.overview || []).map((row) => ({
    destination: row.destination,
    chosen: row.chosen,
    title: nameOf("regimes", row.regime.id, row.regime.title),
    figures: overviewFigures(row, response.on.date).filter(Boolean),
  }));
}

function overviewFigures(row, day) {
  const used =
    row.limit_kind === "per_entry"
      ? _("{used} of {limit} days used in this stay", { used: row.days_used, limit: row.limit })
      : _("{used} of {limit} days used", { used: row.days_used, limit: row.limit });
  const left = row.within_limits ? _n("{n} day left", "{n} days left", row.days_left) : "";
  let last = "";
  if (row.overstay) last = _n("over the limit by {n} day", "over the limit by {n} days", row.overstay.days);
  else if (row.present && row.latest_exit) last = _("last day {date}", { date: formatDate(row.latest_exit.last) });
  const full = row.next_entry?.full;
  let next = "";
  if (full && !row.present) {
    const params = { date: formatDate(full.first) };
    next =
      full.first <= day
        ? _n("a full stay of {n} day from today", "a full stay of {n} days from today", full.days, params)
        : _n("a full stay of {n} day from {date}", "a full stay of {n} days from {date}", full.days, params);
  } else if (full && row.present) {
    next = _n("next full stay of {n} day from {date}", "next full stay of {n} days from {date}", full.days, { date: formatDate(full.first) });
  }
  return [used, left, last, next];
}

/** Why a trip the page cannot count yet is not counted, and what to enter. A year of five
 * digits or more leaves a date in the field that is no date of the calendar here. */
export function incompleteTripHint(stay) {
  if (stay.entry && !isISODate(stay.entry)) return _("Check the entry date: its year has more than four digits. Until then this trip is not counted.");
  if (!stay.ongoing && stay.exit && !isISODate(stay.exit))
    return _("Check the exit date: its year has more than four digits. Until then this trip is not counted.");
  return isISODate(stay.entry)
    ? _("Enter the exit date, or tick “Still here”. Until then this trip is not counted.")
    : _("Enter the entry date. Until then this trip is not counted.");
}
