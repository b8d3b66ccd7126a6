// Days of presence in each country, from a traveller's trips (typed or imported): every
// day from entry to exit counts for the trip's country, each day once per country however
// many trips cover it, and a trip still under way runs to `today`.

import { addDays, isISODate } from "../dates.js";

export const RESIDENCE_MARK = 183;

function tripDays(stays, today) {
  const days = new Map(); // country -> Set of ISO days
  for (const stay of stays) {
    if (!isISODate(stay.entry) || !stay.country) continue;
    const last = stay.ongoing ? today : stay.exit;
    if (!isISODate(last) || last < stay.entry) continue;
    let set = days.get(stay.country);
    if (!set) {
      set = new Set();
      days.set(stay.country, set);
    }
    for (let day = stay.entry; day <= last; day = addDays(day, 1)) set.add(day);
  }
  return days;
}

/** {countries: [code], years: [year], byYear: {code: {year: n}}, window: {first, last,
 * days: {code: n}}} for the 12 months ending on `windowEnd`. */
export function presence(stays, { today, windowEnd }) {
  const days = tripDays(stays, today);
  // A year before the window's end (28 February for 29 February), plus a day.
  const prior = `${Number(windowEnd.slice(0, 4)) - 1}${windowEnd.slice(4)}`;
  const first = addDays(isISODate(prior) ? prior : `${prior.slice(0, 4)}-02-28`, 1);
  const byYear = {};
  const windowDays = {};
  const years = new Set();
  for (const [code, set] of days) {
    byYear[code] = {};
    windowDays[code] = 0;
    for (const day of set) {
      const year = day.slice(0, 4);
      years.add(year);
      byYear[code][year] = (byYear[code][year] || 0) + 1;
      if (day >= first && day <= windowEnd) windowDays[code] += 1;
    }
  }
  const countries = [...days.keys()].sort((a, b) => windowDays[b] - windowDays[a] || (a < b ? -1 : 1));
  return { countries, years: [...years].sort(), byYear, window: { first, last: windowEnd, days: windowDays } };
}

export function presenceCSV(table, names) {
  const quote = (text) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const header = ["country", "name", `${table.window.first}..${table.window.last}`, ...table.years];
  const rows = table.countries.map((code) => [
    code,
    names.get(code) || code,
    String(table.window.days[code]),
    ...table.years.map((year) => String(table.byYear[code][year] || 0)),
  ]);
  return [header, ...rows].map((row) => row.map(quote).join(",")).join("\n") + "\n";
}
