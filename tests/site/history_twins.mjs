// For tests/site/test_history_twins.py: runs the page's per-point code (site/static/history/
// borders.js, formats.js, days.js) in Node, as the import's worker does, and prints JSON:
//   node history_twins.mjs points SEED N   -> [[lat, lon, page's code, country-coder's code]]
//   node history_twins.mjs days FILE...    -> {file: {days, points, in_flight, at_sea} | {error}}
import { readFileSync } from "node:fs";
import * as coder from "@rapideditor/country-coder";
import { Borders } from "../../site/static/history/borders.js";
import { DayCountries } from "../../site/static/history/days.js";
import { HistoryError, readerFor } from "../../site/static/history/formats.js";

const borders = new Borders(JSON.parse(readFileSync(new URL("../../core/staycheck/history/borders.json", import.meta.url))));
const [mode, ...args] = process.argv.slice(2);

if (mode === "points") {
  let seed = Number(args[0]);
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const out = [];
  for (let i = 0; i < Number(args[1]); i++) {
    // Half anywhere, half in Europe and Central Asia, where borders are dense.
    const lat = i % 2 ? 35 + random() * 25 : -60 + random() * 140;
    const lon = i % 2 ? -10 + random() * 90 : -180 + random() * 360;
    out.push([lat, lon, borders.codeAt(lat, lon), coder.iso1A2Code([lon, lat], { level: "territory" })]);
  }
  console.log(JSON.stringify(out));
} else {
  const out = {};
  for (const file of args) {
    const text = readFileSync(file, "utf8").replace(/^\ufeff/, "");
    const sink = new DayCountries(borders);
    try {
      const reader = readerFor(text, sink);
      // Slices of 97 characters: the chunk boundaries fall anywhere.
      for (let i = 0; i < text.length; i += 97) reader.feed(text.slice(i, i + 97));
      reader.finish();
      sink.finish();
      if (sink.points === 0) throw new HistoryError("no_points");
      out[file] = { days: sink.toJSON(), points: sink.points, in_flight: sink.inFlight, at_sea: sink.atSea };
    } catch (error) {
      if (!(error instanceof HistoryError)) throw error;
      out[file] = { error: error.code };
    }
  }
  console.log(JSON.stringify(out));
}
