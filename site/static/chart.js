// The timeline: days counted in the window on each day against the limit, the trips
// drawn under it, the overstays and the rule changes marked, today marked. Everything
// drawn comes from the answer's `chart` (the core's days, versions and overstays): the
// page counts nothing. An inline SVG built with DOM calls (no markup strings, no inline
// styles: the page's Content-Security-Policy forbids them).

import { addDays, daysInclusive, formatDate } from "./dates.js";
import { _, _n, say } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";
const HEIGHT = 280;
const MARGIN = { top: 40, right: 14, bottom: 52, left: 40 };
const TRIP_BAND = 12;
// An overstay is never narrower than this, at any zoom: a 5-day one in twenty years
// would otherwise be a fraction of a pixel.
export const MIN_OVERSTAY_PX = 8;
// The ranges the user can choose, in days (null: the whole history); the first is the
// default. A view puts today two thirds of the way along when it can.
export const RANGES = { "18m": 548, "3y": 1096, all: null };

function node(name, attributes = {}, parent = null) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (parent) parent.append(element);
  return element;
}

function runs(values, wanted, from = 0, to = values.length - 1) {
  const found = [];
  let start = -1;
  for (let index = from; index <= to; index += 1) {
    const value = wanted(values[index]);
    if (value && start < 0) start = index;
    if (!value && start >= 0) {
      found.push([start, index - 1]);
      start = -1;
    }
  }
  if (start >= 0) found.push([start, to]);
  return found;
}

/** The date of the chart's day `index`: the answer gives the first day and a value a day,
 * not a date a day (7,300 dates would be a third of a long history's answer). */
export function chartDate(chart, index) {
  return addDays(chart.first, index);
}

/**
 * The days shown: `range` a key of RANGES, `start` the first date shown (null: the
 * range's default place). Returns {first, last} indexes into the chart's days.
 */
export function viewOf(chart, range, start) {
  const days = chart.days;
  const length = RANGES[range] ?? days;
  if (length >= days) return { first: 0, last: days - 1 };
  let first = start ? daysInclusive(chart.first, start) - 1 : -1;
  if (first < 0 || first >= days) {
    const anchor = chart.today ?? days - 1;
    first = anchor - Math.round((length * 2) / 3);
  }
  first = Math.min(Math.max(0, first), days - length);
  return { first, last: first + length - 1 };
}

/** The view moved by half its length, earlier (-1) or later (+1), within the chart. */
export function panned(chart, view, direction) {
  const length = view.last - view.first + 1;
  const first = Math.min(Math.max(0, view.first + direction * Math.round(length / 2)), chart.days - length);
  return { first, last: first + length - 1 };
}

/** The primary limit's kind of each rule version that governs a day of the chart. */
function kindsOf(chart) {
  const kinds = new Set();
  for (const segment of chart.segments || []) {
    const version = segment.version === null ? null : chart.versions[segment.version];
    if (version?.limit_kind) kinds.add(version.limit_kind);
  }
  return kinds;
}

/**
 * Draws the days `view` ({first, last} indexes) of the answer's `chart` ({first, last,
 * days, today, counts, limits, present, versions, segments, overstays}) into
 * `container`. Where the rules count differently over the chart (days per entry, then in
 * a rolling window), each day's count is drawn as a share of that day's own limit, so no
 * two kinds of count share an axis. Returns a description for screen readers.
 */
export function drawChart(container, chart, view = { first: 0, last: chart.days - 1 }) {
  container.replaceChildren();
  const WIDTH = Math.max(300, Math.round(container.clientWidth || 760));
  if (!chart.counts.length) return "";
  const { first: v0, last: v1 } = view;
  const shown = v1 - v0 + 1;
  const limits = chart.limits;
  const shared = kindsOf(chart).size > 1; // normalise: 1 is each day's own limit
  const value = (index, count) => (shared ? count / limits[index] : count);
  const known = limits.filter((limit) => typeof limit === "number");
  const mainLimit = known.length ? Math.max(...known) : 0;
  const peak = Math.max(1, ...chart.counts.slice(v0, v1 + 1).map((count, i) => (count === null || limits[v0 + i] === null ? 0 : value(v0 + i, count))));
  const top = Math.max(shared ? 1 : mainLimit, peak, shared ? 0 : 1) * 1.08;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom - TRIP_BAND - 8;
  const perDay = plotWidth / shown;
  const x = (index) => MARGIN.left + (index - v0) * perDay;
  const y = (amount) => MARGIN.top + plotHeight - (amount / top) * plotHeight;
  const inView = (index) => index >= v0 && index <= v1;

  const overstays = (chart.overstays || []).filter((o) => o.last >= v0 && o.first <= v1);
  const changes = (chart.versions || []).filter((v) => v.index !== null && v.index > 0 && inView(v.index));
  const summary = describe(chart, view, mainLimit, shared, overstays, changes);

  const svg = node("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: "img",
    "aria-label": summary,
    class: shared ? "chart-svg shared" : "chart-svg",
    width: WIDTH,
    height: HEIGHT,
  });
  node("title", {}, svg).textContent = summary;
  const hatch = node(
    "pattern",
    { id: "chart-hatch", patternUnits: "userSpaceOnUse", width: 6, height: 6, patternTransform: "rotate(45)" },
    node("defs", {}, svg),
  );
  node("rect", { width: 3, height: 6, class: "hatch-stripe" }, hatch);

  // Grid lines and labels: 0 and half the limit (half of each limit where shared).
  const grid = node("g", { class: "grid" }, svg);
  for (const level of shared ? [0, 0.5] : [0, Math.round(mainLimit / 2)]) {
    node("line", { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(level), y2: y(level) }, grid);
    const label = node("text", { x: MARGIN.left - 6, y: y(level) + 4, class: "axis-label end" }, grid);
    label.textContent = shared ? `${Math.round(level * 100)}%` : String(level);
  }

  const axisY = MARGIN.top + plotHeight;
  drawTimeAxis(svg, chart, view, { x, axisY, perDay });

  // Days counted: an area, drawn as steps; a day without a rule breaks it.
  const area = node("g", { class: "used" }, svg);
  for (const [a, b] of runs(chart.counts, (count) => count !== null, v0, v1)) {
    const points = [`M ${x(a)} ${y(0)}`];
    for (let index = a; index <= b; index += 1) {
      const amount = value(index, chart.counts[index]);
      points.push(`L ${x(index)} ${y(amount)}`, `L ${x(index + 1)} ${y(amount)}`);
    }
    points.push(`L ${x(b + 1)} ${y(0)} Z`);
    node("path", { d: points.join(" "), class: "used-area" }, area);
  }

  // The limit, as steps where it changes (a flat line at 100% where shared).
  const limitPath = [];
  let drawing = false;
  for (let index = v0; index <= v1; index += 1) {
    if (typeof limits[index] !== "number") {
      drawing = false;
      continue;
    }
    const level = shared ? 1 : limits[index];
    limitPath.push(`${drawing ? "L" : "M"} ${x(index)} ${y(level)}`, `L ${x(index + 1)} ${y(level)}`);
    drawing = true;
  }
  if (limitPath.length) node("path", { d: limitPath.join(" "), class: "limit-line" }, svg);
  if (mainLimit) {
    const limitLabel = node("text", { x: MARGIN.left - 6, y: y(shared ? 1 : mainLimit) + 4, class: "axis-label end limit-label" }, svg);
    limitLabel.textContent = shared ? "100%" : String(mainLimit);
  }
  if (shared) drawRuleNames(svg, chart, view, { x, y });

  // Trips: a band under the axis.
  const bandY = axisY + 8;
  const trips = node("g", { class: "trips" }, svg);
  for (const [a, b] of runs(chart.present, (present) => present > 0, v0, v1)) {
    const rect = node("rect", { x: x(a), y: bandY, width: Math.max(2, x(b + 1) - x(a)), height: TRIP_BAND, rx: 3 }, trips);
    node("title", {}, rect).textContent = `${formatDate(chartDate(chart, a))} – ${formatDate(chartDate(chart, b))}`;
  }

  // After today: what the count will be if no other trip is made.
  const todayIndex = chart.today;
  if (todayIndex !== null && todayIndex < v1) {
    const from = Math.max(todayIndex + 1, v0);
    node("rect", { x: x(from), y: MARGIN.top - 4, width: x(v1 + 1) - x(from), height: axisY - MARGIN.top + 4, class: "future" }, svg);
    if (x(v1 + 1) - x(from) > 120) {
      const label = node("text", { x: x(v1 + 1) - 4, y: axisY - 6, class: "future-label end" }, svg);
      label.textContent = chart.present[todayIndex] ? _("if you leave today") : _("with no new trip");
    }
  }

  drawRuleChanges(svg, changes, { x, bandY, right: WIDTH - MARGIN.right });
  drawOverstays(svg, chart, overstays, view, { x, y, value, bandY, right: WIDTH - MARGIN.right });

  // Today.
  if (todayIndex !== null && inView(todayIndex)) {
    const todayCount = chart.counts[todayIndex];
    const marker = node("g", { class: "today" }, svg);
    node("line", { x1: x(todayIndex + 0.5), x2: x(todayIndex + 0.5), y1: MARGIN.top - 4, y2: bandY + TRIP_BAND }, marker);
    if (todayCount !== null && limits[todayIndex] !== null) node("circle", { cx: x(todayIndex + 0.5), cy: y(value(todayIndex, todayCount)), r: 4.5 }, marker);
    const nearRight = x(todayIndex) > WIDTH - 100;
    const label = node(
      "text",
      { x: x(todayIndex + 0.5) + (nearRight ? -7 : 7), y: MARGIN.top + 10, class: nearRight ? "today-label end" : "today-label" },
      marker,
    );
    label.textContent = _("Today: {count}", { count: todayCount ?? 0 });
  }

  container.append(svg);
  return summary;
}

function describe(chart, view, mainLimit, shared, overstays, changes) {
  const parts = [
    _("Chart of the days counted in the window on each day from {first} to {last}, against the limit of {limit}.", {
      first: formatDate(chartDate(chart, view.first)),
      last: formatDate(chartDate(chart, view.last)),
      limit: mainLimit,
    }),
  ];
  if (shared) parts.push(_("The rules counted differently over these years: each day is drawn as a share of its own limit."));
  if (overstays.length) parts.push(_n("{n} overstay is marked.", "{n} overstays are marked.", overstays.length));
  for (const version of changes) parts.push(_("New rule from {date}", { date: formatDate(version.effective_from) }));
  return parts.join(" ");
}

/** [index, date] of each day from `first` to `last` (indexes) that is the 1st of a month:
 * a month at a time, not a date made for every day. */
function monthStarts(chart, first, last) {
  const found = [];
  let index = first;
  let date = chartDate(chart, first);
  if (!date.endsWith("-01")) [index, date] = nextMonth(index, date);
  while (index <= last) {
    found.push([index, date]);
    [index, date] = nextMonth(index, date);
  }
  return found;
}

/** The index and date of the 1st of the month after day `index`, dated `date`. */
function nextMonth(index, date) {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`;
  return [index + daysInclusive(date, next) - 1, next];
}

/** Month ticks along the bottom; years alone, and only every 2nd, 5th or 10th, where
 * months would not fit. */
function drawTimeAxis(svg, chart, view, { x, axisY, perDay }) {
  const axis = node("g", { class: "axis" }, svg);
  node("line", { x1: x(view.first), x2: x(view.last + 1), y1: axisY, y2: axisY, class: "baseline" }, axis);
  const monthWidth = perDay * 30.4;
  const monthEvery = [1, 2, 3, 4, 6].find((step) => step * monthWidth >= 36);
  const yearEvery = [1, 2, 5, 10, 20].find((step) => step * monthWidth * 12 >= 36) || 20;
  for (const [index, date] of monthStarts(chart, view.first, view.last)) {
    const month = Number(date.slice(5, 7)) - 1;
    const year = Number(date.slice(0, 4));
    const labelled = monthEvery ? month % monthEvery === 0 : month === 0 && year % yearEvery === 0;
    if (!monthEvery && month !== 0) continue; // no month ticks at all when years barely fit
    node("line", { x1: x(index), x2: x(index), y1: axisY, y2: axisY + (month === 0 ? 6 : 4), class: "tick" }, axis);
    if (!labelled) continue;
    const label = node("text", { x: x(index) + 2, y: axisY + TRIP_BAND + 30, class: month === 0 ? "axis-label year" : "axis-label" }, axis);
    label.textContent = month === 0 ? String(year) : formatDate(date, "month");
  }
}

/** Where the rule changed: a dashed line across the chart and its date at the top. */
function drawRuleChanges(svg, changes, { x, bandY, right }) {
  const group = node("g", { class: "rule-changes" }, svg);
  let freeFrom = -Infinity;
  for (const version of changes) {
    const at = x(version.index);
    const mark = node("g", { class: "rule-change", "data-date": version.effective_from }, group);
    node("line", { x1: at, x2: at, y1: 4, y2: bandY + TRIP_BAND }, mark);
    node("title", {}, mark).textContent = _("New rule from {date}", { date: formatDate(version.effective_from) });
    const long = _("New rule from {date}", { date: formatDate(version.effective_from) });
    const text = at + 4 + long.length * 6.2 < right ? long : _("New rule");
    const end = at > right - text.length * 6.2 - 4;
    if ((end ? at - text.length * 6.2 : at) < freeFrom) continue; // no room beside the last one
    const label = node("text", { x: end ? at - 4 : at + 4, y: 12, class: end ? "rule-label end" : "rule-label" }, mark);
    label.textContent = text;
    freeFrom = end ? at + 4 : at + 8 + text.length * 6.2;
  }
}

/** Where each rule counts differently, which limit 100% stands for (shared axis only). */
function drawRuleNames(svg, chart, view, { x, y }) {
  const group = node("g", { class: "rule-names" }, svg);
  for (const segment of chart.segments) {
    if (segment.version === null || segment.last < view.first || segment.first > view.last) continue;
    const kind = chart.versions[segment.version].limit_kind;
    const a = Math.max(segment.first, view.first);
    const b = Math.min(segment.last, view.last);
    const name = say("reason_names", kind);
    if (!name || x(b + 1) - x(a) < name.length * 6 + 50) continue;
    const label = node("text", { x: x(a) + 4, y: y(1) - 5, class: "rule-name" }, group);
    label.textContent = `100% = ${name}`;
  }
}

/** The overstays: hatched and red across the chart, at least MIN_OVERSTAY_PX wide, with a
 * marker and the words at the top, never colour alone. */
function drawOverstays(svg, chart, overstays, view, { x, y, value, bandY, right }) {
  const group = node("g", { class: "overstays" }, svg);
  let freeFrom = -Infinity;
  for (const overstay of overstays) {
    const a = Math.max(overstay.first, view.first);
    const b = Math.min(overstay.last, view.last);
    const width = Math.max(MIN_OVERSTAY_PX, x(b + 1) - x(a));
    const left = Math.min(Math.max(x(a) - (width - (x(b + 1) - x(a))) / 2, MARGIN.left), right - width);
    const mark = node("g", { class: "overstay", "data-first": chartDate(chart, overstay.first), "data-last": chartDate(chart, overstay.last) }, group);
    const what = _n("Overstay: {n} day", "Overstay: {n} days", overstay.days);
    node("title", {}, mark).textContent = `${what} (${formatDate(chartDate(chart, overstay.first))} – ${formatDate(chartDate(chart, overstay.last))})`;
    node("rect", { x: left, y: MARGIN.top - 4, width, height: bandY + TRIP_BAND - MARGIN.top + 4, class: "overstay-band" }, mark);
    // The days over the limit, solid, where they are wide enough to see.
    for (let index = a; index <= b; index += 1) {
      const count = chart.counts[index];
      if (count === null || chart.limits[index] === null || count <= chart.limits[index]) continue;
      const level = value(index, chart.limits[index]);
      node(
        "rect",
        {
          x: x(index),
          y: y(value(index, count)),
          width: Math.max(x(index + 1) - x(index), 0.5),
          height: y(level) - y(value(index, count)),
          class: "over-area",
        },
        mark,
      );
    }
    node("rect", { x: left, y: 20, width, height: 10, class: "overstay-marker" }, mark);
    const text = width > 60 || overstays.length === 1 ? what : _("Overstay");
    const end = left + width + 4 + text.length * 6.2 > right;
    const start = end ? left - 4 - text.length * 6.2 : left;
    if (start < freeFrom) continue;
    const label = node("text", { x: end ? left - 4 : left + width + 4, y: 29, class: end ? "overstay-label end" : "overstay-label" }, mark);
    label.textContent = text;
    freeFrom = end ? left + width + 4 : left + width + 8 + text.length * 6.2;
  }
}
