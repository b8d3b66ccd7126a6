// The location-history import, in its own module worker, so that a 500 MB file never
// touches the page: the file is read in slices (CHUNK bytes, decoded as a stream), each
// slice's points are placed in countries (borders.js) and counted per local day (days.js),
// and only those few numbers per day are kept. The page then asks the calculator's Python
// for the trips of those days (the core's derive_trips, core/staycheck/history_trips.py,
// the very code the command line runs): no second Python is started for the import.
//
// Page -> worker: {type: "open"} (load the borders: the import was opened),
// {type: "import", file, id}.
// Worker -> page: {type: "progress", id, done, total}, {type: "result", id, result} with
// result {ok: true, format, points, in_flight, at_sea, days} (days as derive_trips takes
// them) or {ok: false, error: {code, params}}, {type: "ready"}.

import { Borders } from "./borders.js";
import { DayCountries } from "./days.js";
import { HistoryError, readerFor } from "./formats.js";

const CHUNK = 4 * 1024 * 1024;

let borders = null;

async function loadBorders() {
  const response = await fetch(new URL("./borders.json", import.meta.url));
  if (!response.ok) throw new Error(`borders.json: HTTP ${response.status}`);
  return new Borders(await response.json());
}

function open() {
  borders ??= loadBorders();
  return borders;
}

async function read(file, id) {
  const places = await borders;
  const sink = new DayCountries(places);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let reader = null;
  let head = "";
  for (let offset = 0; offset < file.size; offset += CHUNK) {
    const bytes = new Uint8Array(await file.slice(offset, offset + CHUNK).arrayBuffer());
    let text;
    try {
      text = decoder.decode(bytes, { stream: offset + CHUNK < file.size });
    } catch {
      throw new HistoryError("not_text");
    }
    if (offset === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (reader === null) {
      head += text;
      if (!head.trim()) continue;
      text = head;
      reader = readerFor(text, sink);
    }
    reader.feed(text);
    postMessage({ type: "progress", id, done: Math.min(file.size, offset + CHUNK), total: file.size });
  }
  if (reader === null) throw new HistoryError("not_history");
  reader.finish();
  sink.finish();
  if (sink.points === 0) throw new HistoryError("no_points");
  return { ok: true, format: reader.format, points: sink.points, in_flight: sink.inFlight, at_sea: sink.atSea, days: sink.toJSON() };
}

addEventListener("message", async (event) => {
  const message = event.data;
  if (message.type === "open") {
    try {
      await open();
      postMessage({ type: "ready" });
    } catch (error) {
      postMessage({ type: "failed", error: String(error) });
    }
    return;
  }
  if (message.type !== "import") return;
  const started = performance.now();
  let result;
  try {
    open();
    result = await read(message.file, message.id);
  } catch (error) {
    if (!(error instanceof HistoryError)) {
      postMessage({ type: "failed", id: message.id, error: String(error) });
      return;
    }
    result = { ok: false, error: { code: error.code, params: error.params } };
  }
  postMessage({ type: "result", id: message.id, result, elapsed: performance.now() - started });
});
