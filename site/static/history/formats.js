// The location-history formats, read chunk by chunk: the page's twin of
// core/staycheck/history/formats.py (see it for the formats), feeding the same kind of sink
// (days.js). Kept step for step alike: tests/e2e/test_history.py checks that the page and
// the command line derive the same trips from every fixture.

export class HistoryError extends Error {
  constructor(code, params = {}) {
    super(code);
    this.code = code;
    this.params = params;
  }
}

const MAX_ITEM = 8 * 1024 * 1024;
const ARRAY_KEYS = { semanticSegments: "timeline", locations: "records", timelineObjects: "semantic" };
const ARRAY_START = /"(semanticSegments|locations|timelineObjects)"\s*:\s*\[/;
// The iPhone's Timeline: the file is the list of segments.
const BARE_ARRAY = /^[\ufeff\s]*\[/;
const DECIMAL = /^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** [seconds since the epoch, the UTC offset in minutes the text gives or null]. */
export function parseTime(value, item) {
  if (typeof value === "string" && value.includes("T")) {
    const m = ISO.exec(value);
    if (!m) throw new HistoryError("bad_time", { value: JSON.stringify(value), item });
    const [, y, mo, d, h, mi, s = "0", frac = ""] = m;
    let offset = 0;
    if (m[8] !== "Z") {
      const sign = m[8][0] === "-" ? -1 : 1;
      const digits = m[8].slice(1).replace(":", "");
      offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    }
    const local = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) / 1000 + (frac ? Number(frac) : 0);
    return [local - offset * 60, m[8] === "Z" ? null : offset];
  }
  if ((typeof value === "string" && /^-?\d+$/.test(value.trim())) || Number.isInteger(value)) {
    return [Number(value) / 1000.0, null];
  }
  throw new HistoryError("bad_time", { value: JSON.stringify(value), item });
}

const isNumber = (v) => typeof v === "number" && Number.isFinite(v);

export function checkPoint(lat, lon, item) {
  if (!(isNumber(lat) && isNumber(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
    throw new HistoryError("bad_coordinates", { lat, lon, item });
  }
  return [lat, lon];
}

export function parseLatLng(text, item) {
  const parts = String(text).replace(/^geo:/, "").replaceAll("°", "").split(",");
  const numbers = parts.map((p) => (/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(p) ? Number(p) : NaN));
  if (parts.length !== 2 || numbers.some(Number.isNaN)) {
    throw new HistoryError("bad_coordinates", { lat: text, lon: "", item });
  }
  return checkPoint(numbers[0], numbers[1], item);
}

function e7Point(location, item, latKey = "latitudeE7", lonKey = "longitudeE7") {
  if (!location || typeof location !== "object" || Array.isArray(location) || !(latKey in location)) return null;
  const lat = location[latKey];
  const lon = location[lonKey];
  if (!Number.isInteger(lat) || !Number.isInteger(lon)) {
    throw new HistoryError("bad_coordinates", { lat, lon, item });
  }
  return checkPoint(lat / 1e7, lon / 1e7, item);
}

const get = (object, key, fallback) => (object && key in object ? object[key] : fallback);
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function duration(value) {
  if (!isObject(value)) return [];
  const start = get(value, "startTimestamp", value.startTimestampMs);
  const end = get(value, "endTimestamp", value.endTimestampMs);
  return [start, end].filter(Boolean);
}

// The end of the JSON value that starts at `start` (an object or array), or -1 if the
// text ends first. Strings are skipped whole, escapes included.
function valueEnd(text, start) {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // a string: its closing quote is the next one not escaped (an odd run of backslashes)
      for (;;) {
        i = text.indexOf('"', i + 1);
        if (i < 0) return -1;
        let slashes = 0;
        while (text.charCodeAt(i - 1 - slashes) === 92) slashes++;
        if (slashes % 2 === 0) break;
      }
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return i + 1;
    } else if (depth === 0) {
      // a bare value (number, literal): up to the next delimiter
      let j = i;
      while (j < text.length && !",]} \t\r\n".includes(text[j])) j++;
      return j < text.length ? j : -1;
    }
  }
  return -1;
}

/** A Timeline place: {latLng: "48.85°, 2.35°"} (Android) or "geo:48.85,2.35" (the iPhone);
 * null where the segment has none. */
function placePoint(place, item) {
  const text = isObject(place) ? place.latLng : place;
  return typeof text === "string" ? parseLatLng(text, item) : null;
}

/** A path point's minutes from its segment's start: "10" or 10. */
function minutes(value, item) {
  if (typeof value === "string" && DECIMAL.test(value)) return Number(value);
  if (typeof value === "number" && Number.isFinite(value)) return value;
  throw new HistoryError("bad_time", { value: JSON.stringify(value), item });
}

// `bare`: the file is the array (the iPhone's Timeline).
export class JsonHistory {
  constructor(sink, bare = false) {
    this.sink = sink;
    this.bare = bare;
    this.buffer = "";
    this.format = null;
    this.done = false;
    this.items = 0;
    this.offset = 0;
  }

  feed(text) {
    this.buffer += text;
    if (this.format === null && !this.findArray()) return;
    this.decodeItems();
  }

  findArray() {
    const match = (this.bare ? BARE_ARRAY : ARRAY_START).exec(this.buffer);
    if (!match) {
      const keep = this.buffer.slice(-64);
      this.offset += this.buffer.length - keep.length;
      this.buffer = keep;
      return false;
    }
    this.format = this.bare ? "timeline" : ARRAY_KEYS[match[1]];
    this.sink.buffered = this.format !== "records";
    const end = match.index + match[0].length;
    this.offset += end;
    this.buffer = this.buffer.slice(end);
    return true;
  }

  decodeItems() {
    const buffer = this.buffer;
    const length = buffer.length;
    let pos = 0;
    while (!this.done) {
      while (pos < length && " \t\r\n,".includes(buffer[pos])) pos++;
      if (pos === length) break;
      if (buffer[pos] === "]") {
        this.done = true;
        pos++;
        break;
      }
      const end = valueEnd(buffer, pos);
      if (end < 0) {
        if (length - pos > MAX_ITEM) throw new HistoryError("bad_json", { reason: "an item too long", offset: this.offset + pos });
        break;
      }
      let item;
      try {
        item = JSON.parse(buffer.slice(pos, end));
      } catch (error) {
        throw new HistoryError("bad_json", { reason: error.message, offset: this.offset + pos });
      }
      this.items += 1;
      if (isObject(item)) this[this.format](item, this.items);
      pos = end;
    }
    this.offset += pos;
    this.buffer = buffer.slice(pos);
  }

  finish() {
    if (this.format === null) throw new HistoryError("not_history");
    if (!this.done) throw new HistoryError("truncated");
  }

  records(item, number) {
    const point = e7Point(item, number);
    if (point === null) return;
    const stamp = get(item, "timestamp", item.timestampMs);
    if (stamp === undefined || stamp === null) return;
    const [t, offset] = parseTime(stamp, number);
    this.sink.point(t, offset, point[0], point[1], number);
  }

  timeline(item, number) {
    const start = item.startTime;
    const end = item.endTime;
    if ("visit" in item) {
      const place = placePoint(get(get(item.visit, "topCandidate", {}), "placeLocation"), number);
      if (place !== null && start && end) {
        for (const stamp of [start, end]) {
          const [t, offset] = parseTime(stamp, number);
          this.sink.point(t, offset, place[0], place[1], number);
        }
      }
    }
    if ("activity" in item && start && end) {
      const activity = item.activity;
      if (String(get(get(activity, "topCandidate", {}), "type")).toUpperCase() === "FLYING") {
        this.sink.flight(parseTime(start, number)[0], parseTime(end, number)[0]);
      }
      for (const [key, stamp] of [
        ["start", start],
        ["end", end],
      ]) {
        const place = placePoint(get(activity, key), number);
        if (place !== null) {
          const [t, offset] = parseTime(stamp, number);
          this.sink.point(t, offset, place[0], place[1], number);
        }
      }
    }
    for (const step of item.timelinePath || []) {
      const [lat, lon] = parseLatLng(step.point, number);
      let [t, offset] = [0, null];
      if ("time" in step || !("durationMinutesOffsetFromStartTime" in step)) {
        [t, offset] = parseTime(step.time, number);
      } else {
        // The iPhone's: minutes from the segment's start, in its offset.
        [t, offset] = parseTime(start, number);
        t += 60 * minutes(step.durationMinutesOffsetFromStartTime, number);
      }
      this.sink.point(t, offset, lat, lon, number);
    }
  }

  semantic(item, number) {
    if ("placeVisit" in item) {
      const visit = item.placeVisit;
      const point = e7Point(get(visit, "location"), number);
      for (const stamp of duration(get(visit, "duration"))) {
        if (point !== null) {
          const [t, offset] = parseTime(stamp, number);
          this.sink.point(t, offset, point[0], point[1], number);
        }
      }
    }
    if ("activitySegment" in item) {
      const segment = item.activitySegment;
      const times = duration(get(segment, "duration"));
      const [start, end] = times.length ? times : [null, null];
      const kind = get(segment, "activityType") || (get(segment, "activities", []).find(() => true) || {}).activityType || null;
      if (kind === "FLYING" && start && end) {
        this.sink.flight(parseTime(start, number)[0], parseTime(end, number)[0]);
      }
      for (const [key, stamp] of [
        ["startLocation", start],
        ["endLocation", end],
      ]) {
        const point = e7Point(get(segment, key), number);
        if (point !== null && stamp) {
          const [t, offset] = parseTime(stamp, number);
          this.sink.point(t, offset, point[0], point[1], number);
        }
      }
      for (const step of get(get(segment, "simplePath") || {}, "points", [])) {
        const point = e7Point(step, number, "latE7", "lngE7");
        const stamp = get(step, "timestamp", step.timestampMs);
        if (point !== null && stamp) {
          const [t, offset] = parseTime(stamp, number);
          this.sink.point(t, offset, point[0], point[1], number);
        }
      }
    }
  }
}

// GPX: the same elements Python's XMLPullParser hands on (trkpt and wpt with a time).
const GPX_POINT = /<(?:[\w.-]+:)?(trkpt|wpt)\b([^>]*?)(\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?\1\s*>)/g;
const GPX_TIME = /<(?:[\w.-]+:)?time\s*>([^<]*)<\/(?:[\w.-]+:)?time\s*>/;
const attribute = (attrs, name) => {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? (m[1] ?? m[2]) : null;
};

export class GpxHistory {
  constructor(sink) {
    this.sink = sink;
    this.format = "gpx";
    this.buffer = "";
    this.items = 0;
    this.checked = false;
    this.closed = false;
  }

  feed(text) {
    this.buffer += text;
    if (!this.checked) {
      const root = /<([\w.:-]+)([^>]*)>/.exec(this.buffer.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<![^>]*>/g, ""));
      if (!root) return;
      this.checked = true;
      if (root[1].split(":").pop() !== "gpx") throw new HistoryError("not_history");
      const version = attribute(root[2], "version");
      if (version !== "1.0" && version !== "1.1") {
        throw new HistoryError("unsupported_version", { format: `GPX ${version ?? "None"}` });
      }
    }
    let last = 0;
    GPX_POINT.lastIndex = 0;
    for (let m = GPX_POINT.exec(this.buffer); m; m = GPX_POINT.exec(this.buffer)) {
      this.items += 1;
      this.point(m[2], m[4] || "");
      last = GPX_POINT.lastIndex;
    }
    if (/<\/(?:[\w.-]+:)?gpx\s*>/.test(this.buffer.slice(last))) this.closed = true;
    // Keep what may be the start of an unfinished point.
    const open = this.buffer.slice(last).search(/<(?:[\w.-]+:)?(trkpt|wpt)\b/);
    this.buffer = open < 0 ? this.buffer.slice(Math.max(last, this.buffer.length - 64)) : this.buffer.slice(last + open);
  }

  point(attrs, body) {
    const time = GPX_TIME.exec(body);
    if (!time || !time[1]) return;
    const lat = Number(attribute(attrs, "lat") ?? NaN);
    const lon = Number(attribute(attrs, "lon") ?? NaN);
    if (Number.isNaN(lat) || Number.isNaN(lon)) {
      throw new HistoryError("bad_coordinates", { lat: attribute(attrs, "lat"), lon: attribute(attrs, "lon"), item: this.items });
    }
    checkPoint(lat, lon, this.items);
    const [t, offset] = parseTime(time[1].trim(), this.items);
    this.sink.point(t, offset, lat, lon, this.items);
  }

  finish() {
    if (!this.closed) throw new HistoryError("truncated");
  }
}

export function readerFor(head, sink) {
  const text = head.replace(/^[\ufeff \t\r\n]+/, "");
  if (text.startsWith("<")) {
    if (!text.slice(0, 4096).includes("<gpx")) throw new HistoryError("not_history");
    return new GpxHistory(sink);
  }
  if (text.startsWith("[")) {
    if (!text.slice(0, 4096).includes('"startTime"')) throw new HistoryError("not_history");
    return new JsonHistory(sink, true);
  }
  if (text.startsWith("{")) {
    if (text.slice(0, 200).includes('"format"') && text.slice(0, 200).includes('"staycheck"')) {
      throw new HistoryError("not_history");
    }
    return new JsonHistory(sink);
  }
  throw new HistoryError("not_history");
}
