// The days-in-every-country question for the core (core/staycheck/presence.py, asked as
// `"question": "presence"` through the calculator), and its answer as CSV: the page only
// formats the core's numbers, it counts no days itself.

import { requestFor } from "../store.js";

/** The core's request: the traveller's complete trips (one still under way runs to
 * `today`) and the 12 months ending on `windowEnd`. */
export function presenceRequest(traveller, { today, windowEnd }) {
  const { stays, destination } = requestFor(traveller, today).request;
  return { question: "presence", on: today, window_end: windowEnd, destination: destination || undefined, stays };
}

/** The answer's `presence` as CSV: code, name, the 12 months, then each calendar year. */
export function presenceCSV(presence, names) {
  const quote = (text) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const header = ["country", "name", `${presence.window.first}..${presence.window.last}`, ...presence.years.map(String)];
  const rows = presence.countries.map((row) => [
    row.country,
    names.get(row.country) || row.country,
    String(row.window.days),
    ...row.years.map((cell) => String(cell.days)),
  ]);
  return `${[header, ...rows].map((row) => row.map(quote).join(",")).join("\n")}\n`;
}
