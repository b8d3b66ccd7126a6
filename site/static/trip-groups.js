// A long list of trips made readable: the trips grouped by the year they began, which years
// start open, and the trips a search finds. Pure: form.js draws what this decides.
//
// Issue 10: 1,500 trips drawn as 1,500 edit cards made a page 370,000 px tall. A list
// longer than GROUP_FROM is shown by year, the old years collapsed; a year shows at most
// PAGE_SIZE cards until asked for more.

import { isISODate } from "./dates.js";

export const GROUP_FROM = 20; // a shorter list is shown whole, as one list
export const PAGE_SIZE = 50;
export const UNDATED = "undated"; // the group of trips with no entry date yet

/** The year a trip is filed under: the year it began, or UNDATED. */
export function yearOf(stay) {
  return isISODate(stay.entry) ? stay.entry.slice(0, 4) : UNDATED;
}

/**
 * The trips by year, oldest year first, the undated ones last; within a year in the order
 * of the list. Returns [{key, stays: [{stay, number}]}], `number` the trip's place in the
 * whole list from 1 (as "Trip {n}" and the answer's wording number it).
 */
export function groupByYear(stays) {
  const groups = new Map();
  stays.forEach((stay, index) => {
    const key = yearOf(stay);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push({ stay, number: index + 1 });
  });
  const keys = [...groups.keys()].sort((a, b) => (a === UNDATED ? 1 : b === UNDATED ? -1 : a.localeCompare(b)));
  return keys.map((key) => ({ key, stays: groups.get(key) }));
}

/**
 * Whether a year starts open: the current year and later, the latest year with trips,
 * the undated trips and any year holding a trip that needs attention (`flagged`: ids).
 */
export function startsOpen(group, { thisYear, latestKey, flagged }) {
  if (group.key === UNDATED || group.key >= thisYear || group.key === latestKey) return true;
  return group.stays.some(({ stay }) => flagged.has(stay.id));
}

/**
 * The cards a group shows: its last `shown` trips (the latest are the ones edited), and
 * every trip in `always` (needing attention, or asked for) wherever it is.
 */
export function visibleStays(group, shown, always) {
  const from = Math.max(0, group.stays.length - shown);
  return group.stays.filter((entry, index) => index >= from || always.has(entry.stay.id));
}

/** A query's words, lower-cased in the page's language. */
export function queryWords(query, locale) {
  return query.trim().toLocaleLowerCase(locale).split(/\s+/).filter(Boolean);
}

/**
 * Whether a trip matches every word of a search: a word is found in the trip's dates
 * (as stored, 2024-03-15, and as the page writes them, `formatDate`), its country (code
 * and name) or its note; a whole date (2024-03-15) also finds the trip that day fell in.
 * `words` from queryWords; `describe(stay)` the dates and the country's name in words.
 */
export function matches(stay, words, { describe, locale, today }) {
  if (!words.length) return true;
  const text = [stay.entry, stay.ongoing ? "" : stay.exit, stay.country, stay.note, describe(stay)].join(" ").toLocaleLowerCase(locale);
  const last = stay.ongoing ? today : stay.exit;
  return words.every((word) => {
    if (text.includes(word)) return true;
    return isISODate(word) && isISODate(stay.entry) && isISODate(last) && stay.entry <= word && word <= last;
  });
}
