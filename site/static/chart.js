// The timeline: days counted in the window on each day against the limit, the trips
// drawn under it and today marked. An inline SVG built with DOM calls (no markup
// strings, no inline styles: the page's Content-Security-Policy forbids them).

import { formatDate } from "./dates.js";
import { _ } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";
const HEIGHT = 260;
const MARGIN = { top: 18, right: 14, bottom: 52, left: 36 };
const TRIP_BAND = 12;

function node(name, attributes = {}, parent = null) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (parent) parent.append(element);
  return element;
}

function runs(values, wanted) {
  const found = [];
  let start = -1;
  values.forEach((value, index) => {
    if (wanted(value) && start < 0) start = index;
    if (!wanted(value) && start >= 0) {
      found.push([start, index - 1]);
      start = -1;
    }
  });
  if (start >= 0) found.push([start, values.length - 1]);
  return found;
}

/**
 * Draws the answer's `chart` ({first, last, dates, today, counts, limits, present}: the
 * core's days, with `today` the index of the control day or null) into `container`.
 * Returns a one-sentence description for screen readers.
 */
export function drawChart(container, chart) {
  container.replaceChildren();
  const WIDTH = Math.max(300, Math.round(container.clientWidth || 760));
  const days = chart.counts.length;
  if (!days) return "";
  // The limit on each day (it changes when the rules change); null where none applies.
  const limits = chart.limits;
  const known = limits.filter((value) => typeof value === "number");
  const mainLimit = known.length ? Math.max(...known) : 0;
  const top = Math.max(mainLimit, ...chart.counts, 1) * 1.08;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom - TRIP_BAND - 8;
  const x = (index) => MARGIN.left + (index / days) * plotWidth;
  const y = (count) => MARGIN.top + plotHeight - (count / top) * plotHeight;

  const todayIndex = chart.today;
  const todayCount = todayIndex === null ? null : chart.counts[todayIndex];
  const summary = _("Chart of the days counted in the window on each day from {first} to {last}, against the limit of {limit}.", {
    first: formatDate(chart.first),
    last: formatDate(chart.last),
    limit: mainLimit,
  });

  const svg = node("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: "img",
    "aria-label": summary,
    class: "chart-svg",
    width: WIDTH,
    height: HEIGHT,
  });
  node("title", {}, svg).textContent = summary;

  // Grid lines and labels: 0, half the limit, the limit.
  const grid = node("g", { class: "grid" }, svg);
  for (const value of [0, Math.round(mainLimit / 2)]) {
    node("line", { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value), y2: y(value) }, grid);
    const label = node("text", { x: MARGIN.left - 6, y: y(value) + 4, class: "axis-label end" }, grid);
    label.textContent = String(value);
  }

  // Month ticks along the bottom.
  const axis = node("g", { class: "axis" }, svg);
  const axisY = MARGIN.top + plotHeight;
  node("line", { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: axisY, y2: axisY, class: "baseline" }, axis);
  // Label every month, or every 2nd, 3rd, 4th or 6th counted from January (a year's
  // number stands for January), as many as fit.
  const wanted = Math.ceil(36 / ((plotWidth * 30.4) / days));
  const monthEvery = [1, 2, 3, 4, 6, 12].find((step) => step >= wanted) || 12;
  for (let index = 0; index < days; index += 1) {
    const date = chart.dates[index];
    if (!date.endsWith("-01")) continue;
    node("line", { x1: x(index), x2: x(index), y1: axisY, y2: axisY + 4, class: "tick" }, axis);
    const month = Number(date.slice(5, 7)) - 1;
    if (month % monthEvery !== 0) continue;
    const isYear = month === 0;
    const label = node("text", { x: x(index) + 2, y: HEIGHT - 14, class: isYear ? "axis-label year" : "axis-label" }, axis);
    label.textContent = isYear ? date.slice(0, 4) : formatDate(date, "month");
  }

  // Days counted: an area, drawn as steps, red where above the limit.
  const points = [`M ${x(0)} ${y(0)}`];
  chart.counts.forEach((count, index) => {
    points.push(`L ${x(index)} ${y(count)}`, `L ${x(index + 1)} ${y(count)}`);
  });
  points.push(`L ${x(days)} ${y(0)} Z`);
  node("path", { d: points.join(" "), class: "used-area" }, svg);

  // Days of presence over the limit, in red.
  const isOver = (count, i) => chart.present[i] > 0 && typeof limits[i] === "number" && count > limits[i];
  const over = node("g", { class: "over" }, svg);
  for (const [first, lastIndex] of runs(chart.counts.map(isOver), Boolean)) {
    const parts = [];
    for (let index = first; index <= lastIndex; index += 1) {
      parts.push(
        `M ${x(index)} ${y(limits[index])} L ${x(index)} ${y(chart.counts[index])} L ${x(index + 1)} ${y(chart.counts[index])} L ${x(index + 1)} ${y(limits[index])} Z`,
      );
    }
    node("path", { d: parts.join(" "), class: "over-area" }, over);
  }

  // The limit, as steps where it changes.
  const limitPath = [];
  let drawing = false;
  limits.forEach((value, index) => {
    if (typeof value !== "number") {
      drawing = false;
      return;
    }
    limitPath.push(`${drawing ? "L" : "M"} ${x(index)} ${y(value)}`, `L ${x(index + 1)} ${y(value)}`);
    drawing = true;
  });
  if (limitPath.length) node("path", { d: limitPath.join(" "), class: "limit-line" }, svg);
  if (mainLimit) {
    const limitLabel = node("text", { x: MARGIN.left - 6, y: y(mainLimit) + 4, class: "axis-label end limit-label" }, svg);
    limitLabel.textContent = String(mainLimit);
  }

  // Trips: a band under the axis.
  const bandY = axisY + 8;
  const trips = node("g", { class: "trips" }, svg);
  for (const [first, lastIndex] of runs(chart.present, (value) => value > 0)) {
    const rect = node("rect", { x: x(first), y: bandY, width: Math.max(2, x(lastIndex + 1) - x(first)), height: TRIP_BAND, rx: 3 }, trips);
    node("title", {}, rect).textContent = `${formatDate(chart.dates[first])} – ${formatDate(chart.dates[lastIndex])}`;
  }

  // After today: what the count will be if no other trip is made.
  if (todayCount !== null && todayIndex < days - 1) {
    node("rect", { x: x(todayIndex + 1), y: MARGIN.top - 6, width: x(days) - x(todayIndex + 1), height: axisY - MARGIN.top + 6, class: "future" }, svg);
    if (x(days) - x(todayIndex + 1) > 120) {
      const label = node("text", { x: x(days) - 4, y: axisY - 6, class: "future-label end" }, svg);
      label.textContent = chart.present[todayIndex] ? _("if you leave today") : _("with no new trip");
    }
  }

  // Today.
  if (todayCount !== null) {
    const marker = node("g", { class: "today" }, svg);
    node("line", { x1: x(todayIndex + 0.5), x2: x(todayIndex + 0.5), y1: MARGIN.top - 6, y2: bandY + TRIP_BAND }, marker);
    node("circle", { cx: x(todayIndex + 0.5), cy: y(todayCount), r: 4.5 }, marker);
    const nearRight = x(todayIndex) > WIDTH - 100;
    const label = node(
      "text",
      { x: x(todayIndex + 0.5) + (nearRight ? -7 : 7), y: MARGIN.top + 2, class: nearRight ? "today-label end" : "today-label" },
      marker,
    );
    label.textContent = _("Today: {count}", { count: todayCount });
  }

  container.append(svg);
  return summary;
}
