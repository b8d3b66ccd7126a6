// The page side of the location-history import (site/_history.html): opening it starts
// the import's worker (history/worker.js: the borders load only then), a chosen file is
// read there with a progress bar, the calculator's Python derives the trips from the days
// the worker counted (`"question": "history_trips"`), and they are shown for review. Nothing changes until the user confirms; one click undoes the addition. Also
// the days-in-every-country table, chart and CSV, from the current traveller's trips.
//
// app.js owns the travellers: initHistory({state, changed}) gets a function returning the
// page's state (store.js's shape) and one to call after the trips were changed.

import { ask } from "../calculator.js";
import { formatDate, todayISO } from "../dates.js";
import { download } from "../download.js";
import { countryOptions, dateValue, showDate } from "../form.js";
import { _, _n } from "../i18n.js";
import { newId } from "../store.js";
import { presenceCSV, presenceRequest } from "./presence.js";

const $ = (id) => document.getElementById(id);

// The core's error messages (core/staycheck/history/errors.py), the same text: one
// translation for the page and the command line.
const ERRORS = {
  not_history: () => _("This is not a location history Staycheck reads (Google Maps Timeline, Takeout Records.json or Semantic Location History, or GPX)."),
  bad_json: (p) => _("The file is not valid JSON: it goes wrong near character {offset}.", p),
  bad_xml: (p) => _("The file is not valid XML: it goes wrong on line {line}.", p),
  truncated: () => _("The file ends in the middle: it was cut short (download or copy it again)."),
  no_points: () => _("The file has no location points."),
  bad_coordinates: (p) => _("A point has coordinates out of range: latitude {lat}, longitude {lon} (item {item}).", p),
  bad_time: (p) => _("A point has a time Staycheck cannot read: {value} (item {item}).", p),
  unsupported_version: (p) => _("This is {format}, a version of the format Staycheck does not read yet.", p),
  not_text: () => _("The file is not UTF-8 text."),
};
const FLAGS = {
  gap_before: () => _("no point in the days before the entry"),
  gap_after: () => _("no point in the days after the exit"),
  border_entry: () => _("entry day: a single point here"),
  border_exit: () => _("exit day: a single point here"),
};

let app = null;
let worker = null;
let importId = 0;
let review = null; // {trips: [{entry, exit, country, points, flags, include, match}], file}
let lastAdded = null; // {travellerId, stayIds}

const countryNames = () => new Map(countryOptions().map((o) => [o.value, o.textContent]));

export function initHistory(page) {
  app = page;
  $("history-import").addEventListener("toggle", () => {
    if ($("history-import").open) openWorker();
  });
  $("history-file").addEventListener("change", onFile);
  $("history-trips").addEventListener("change", onReviewEdit);
  $("history-trips").addEventListener("click", onMerge);
  $("history-traveller").addEventListener("change", () => {
    markMatches();
    renderReview();
  });
  $("history-confirm").addEventListener("click", confirm);
  $("history-cancel").addEventListener("click", () => closeReview(_("Nothing was imported.")));
  $("history-undo").addEventListener("click", undo);
  $("history-days").addEventListener("toggle", () => {
    if ($("history-days").open) renderPresence();
  });
  $("history-window-end").addEventListener("change", renderPresence);
  // The calculator answers again after every edit of the trips: ask again with it.
  new MutationObserver(() => {
    if ($("history-days").open) renderPresence();
  }).observe(document.body, { attributeFilter: ["data-answer"] });
  $("history-csv").addEventListener("click", exportPresence);
}

function openWorker() {
  if (worker) return;
  worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  worker.addEventListener("message", onWorkerMessage);
  worker.postMessage({ type: "open" });
}

function onFile(event) {
  const input = event.target;
  const file = input.files && input.files[0];
  input.value = "";
  if (!file) return;
  openWorker();
  importId += 1;
  review = null;
  $("history-review").hidden = true;
  $("history-error").hidden = true;
  $("history-progress").value = 0;
  $("history-progress-box").hidden = false;
  $("history-message").textContent = _("Reading {file}…", { file: file.name });
  worker.postMessage({ type: "import", id: importId, file });
  $("history-import").dataset.state = "reading";
}

function onWorkerMessage(event) {
  const message = event.data;
  if (message.id !== undefined && message.id !== importId) return;
  if (message.type === "ready") {
    $("history-import").dataset.ready = "true"; // for tests and benchmarks/history.py
  } else if (message.type === "progress") {
    $("history-progress").value = Math.round((100 * message.done) / message.total);
  } else if (message.type === "result") {
    if (message.result.ok) deriveTrips(message.id, message.result, performance.now() - message.elapsed);
    else {
      $("history-progress-box").hidden = true;
      showError(ERRORS[message.result.error.code](message.result.error.params));
    }
  } else if (message.type === "failed" && message.id !== undefined) {
    $("history-progress-box").hidden = true;
    showError(_("The import failed: {message}", { message: message.error }));
  }
}

/** The trips of the days the worker counted, from the core, then the review. */
async function deriveTrips(id, read, started) {
  let answer;
  try {
    answer = await ask({ question: "history_trips", days: read.days });
  } catch (error) {
    answer = { ok: false, error: { message: error.message } };
  }
  if (id !== importId) return; // another file was chosen meanwhile
  $("history-progress-box").hidden = true;
  if (!answer.ok) {
    showError(_("The import failed: {message}", { message: answer.error.message }));
    return;
  }
  $("history-import").dataset.elapsed = String(Math.round(performance.now() - started));
  startReview({ ...read, days: answer.days, trips: answer.trips, gaps: answer.gaps });
}

function showError(text) {
  $("history-message").textContent = "";
  const box = $("history-error");
  box.hidden = false;
  box.textContent = `${_("Nothing was imported.")} ${text}`;
  $("history-import").dataset.state = "error";
}

function startReview(result) {
  const known = countryNames();
  review = {
    result,
    trips: result.trips.map((trip) => ({ ...trip, include: known.has(trip.country), known: known.has(trip.country) })),
  };
  const select = $("history-traveller");
  const state = app.state();
  select.replaceChildren(...state.travellers.map((t, i) => new Option(t.name.trim() || _("Traveller {n}", { n: i + 1 }), t.id)));
  select.value = state.current;
  markMatches();
  $("history-summary").textContent = [
    _n("{n} point read", "{n} points read", result.points),
    _n("{n} in flight, left out", "{n} in flight, left out", result.in_flight),
    _n("{n} day with a place", "{n} days with a place", result.days),
    _n("{n} gap", "{n} gaps", result.gaps.length),
  ].join(" · ");
  $("history-message").textContent = _n("{n} trip found.", "{n} trips found.", result.trips.length);
  $("history-review").hidden = false;
  $("history-import").dataset.state = "review";
  renderReview();
  $("history-review").querySelector("input, button")?.focus();
}

function chosenTraveller() {
  const state = app.state();
  return state.travellers.find((t) => t.id === $("history-traveller").value) || state.travellers[0];
}

// A trip already recorded (same country, same days) is not added again; one that
// overlaps a recorded trip in that country is left out unless the user ticks it.
function markMatches() {
  const stays = chosenTraveller().stays;
  for (const trip of review.trips) {
    const same = stays.find((s) => s.country === trip.country && s.entry === trip.entry && s.exit === trip.exit);
    const overlap = stays.find((s) => s.country === trip.country && s.entry && s.entry <= trip.exit && (s.ongoing || (s.exit && s.exit >= trip.entry)));
    const before = trip.match;
    trip.match = same ? "recorded" : overlap ? "overlap" : null;
    if (trip.match) trip.include = false;
    else if (before) trip.include = trip.known; // another traveller: no longer recorded
  }
}

function renderReview() {
  const names = countryNames();
  const headings = [...document.querySelectorAll(".history-trips thead th")].map((th, i) => ([2, 3, 4].includes(i) ? th.textContent : ""));
  const rows = review.trips.map((trip, index) => {
    const row = document.createElement("tr");
    row.dataset.index = String(index);
    row.dataset.country = trip.country;
    if (trip.flags.length || trip.match || !trip.known) row.classList.add("history-flagged");
    const notes = trip.flags.map((flag) => FLAGS[flag]());
    if (trip.match === "recorded") notes.push(_("already recorded"));
    if (trip.match === "overlap") notes.push(_("overlaps a recorded trip"));
    if (!trip.known) notes.push(_("not a country Staycheck knows"));
    if (trip.bridged_days) notes.push(_n("{n} day without a point, bridged", "{n} days without a point, bridged", trip.bridged_days));
    const name = names.get(trip.country) || trip.country;
    const label = _("{country}, {entry} to {exit}", { country: name, entry: formatDate(trip.entry), exit: formatDate(trip.exit) });
    row.innerHTML = `
      <td><input type="checkbox" name="include"></td>
      <td class="history-country"></td>
      <td>${dateField("entry")}</td>
      <td>${dateField("exit")}</td>
      <td class="history-points"></td>
      <td class="history-notes"></td>
      <td><button type="button" class="button link" data-action="merge"></button></td>`;
    const include = row.querySelector("[name=include]");
    include.checked = trip.include;
    include.disabled = !trip.known;
    include.setAttribute("aria-label", _("Add {trip}", { trip: label }));
    row.querySelector(".history-country").textContent = name;
    for (const field of ["entry", "exit"]) {
      const input = row.querySelector(`[name=${field}]`);
      input.setAttribute("aria-label", `${field === "entry" ? _("Entry") : _("Exit")}: ${name}`);
      const words = row.querySelector(`[data-words="${field}"]`);
      words.id = `history-trip-${index}-${field}-words`;
      input.setAttribute("aria-describedby", words.id);
      showDate(input, trip[field]);
    }
    row.querySelector(".history-points").textContent = String(trip.points);
    // The column's heading beside each cell, for the phone's layout (one block per trip).
    for (const [i, td] of [...row.cells].entries()) if (headings[i]) td.dataset.label = headings[i];
    row.querySelector(".history-notes").textContent = notes.join("; ");
    const merge = row.querySelector("[data-action=merge]");
    const next = nextSameCountry(index);
    merge.hidden = next < 0;
    merge.textContent = _("Merge with the next");
    merge.setAttribute("aria-label", _("Merge {trip} with the next trip there", { trip: label }));
    return row;
  });
  $("history-trips").replaceChildren(...rows);
  updateConfirm();
}

// A review row's date field, as site/_date_field.html writes the page's (form.js reads it),
// with the page's calendar icon.
function dateField(name) {
  const icon = document.querySelector(".date-pick svg")?.outerHTML || "";
  const pick = _("Choose from a calendar");
  return `<span class="date-input"><input type="text" name="${name}" required inputmode="numeric" autocomplete="off" spellcheck="false" data-date placeholder="${_("DD/MM/YYYY")}"><button type="button" class="button subtle date-pick" data-action="pick-date" aria-label="${pick}" title="${pick}">${icon}</button></span><span class="date-words" data-words="${name}" aria-live="polite"></span>`;
}

function nextSameCountry(index) {
  const trip = review.trips[index];
  return review.trips.findIndex((t, i) => i > index && t.country === trip.country);
}

function updateConfirm() {
  const count = review.trips.filter((t) => t.include).length;
  const button = $("history-confirm");
  button.textContent = _n("Add {n} trip", "Add {n} trips", count);
  button.disabled = count === 0 || review.trips.some((t) => t.include && !(t.entry && t.exit && t.exit >= t.entry));
}

function onReviewEdit(event) {
  const row = event.target.closest("tr[data-index]");
  if (!row) return;
  const trip = review.trips[Number(row.dataset.index)];
  const { name } = event.target;
  if (name === "include") trip.include = event.target.checked;
  if (name === "entry" || name === "exit") {
    trip[name] = dateValue(event.target);
    event.target.setCustomValidity(trip.entry && trip.exit && trip.exit < trip.entry ? _("The exit is before the entry.") : "");
  }
  updateConfirm();
}

function onMerge(event) {
  const button = event.target.closest("[data-action=merge]");
  if (!button) return;
  const index = Number(button.closest("tr").dataset.index);
  const next = nextSameCountry(index);
  if (next < 0) return;
  const [a, b] = [review.trips[index], review.trips[next]];
  const merged = {
    ...a,
    entry: a.entry < b.entry ? a.entry : b.entry,
    exit: a.exit > b.exit ? a.exit : b.exit,
    points: a.points + b.points,
    bridged_days: 0,
    flags: [
      ...new Set([
        ...a.flags.filter((f) => f.endsWith("before") || f === "border_entry"),
        ...b.flags.filter((f) => f.endsWith("after") || f === "border_exit"),
      ]),
    ],
    include: a.include || b.include,
  };
  review.trips.splice(next, 1);
  review.trips[index] = merged;
  markMatches();
  renderReview();
  $("history-trips").querySelector(`tr[data-index="${index}"] [name=include]`)?.focus();
}

function confirm() {
  const traveller = chosenTraveller();
  const chosen = review.trips.filter((t) => t.include);
  const stays = chosen.map((trip) => ({
    id: newId(),
    entry: trip.entry,
    exit: trip.exit,
    ongoing: false,
    country: trip.country,
    basis: "visa-free",
    note: _n("From the location history: {n} point", "From the location history: {n} points", trip.points),
  }));
  traveller.stays.push(...stays);
  lastAdded = { travellerId: traveller.id, stayIds: new Set(stays.map((s) => s.id)) };
  app.changed();
  const name = traveller.name.trim() || _("Traveller {n}", { n: app.state().travellers.indexOf(traveller) + 1 });
  closeReview("");
  $("history-added-text").textContent = _n("Added {n} trip to {name}.", "Added {n} trips to {name}.", stays.length, { name });
  $("history-added").hidden = false;
  $("history-import").dataset.state = "added";
  $("history-undo").focus();
  if ($("history-days").open) renderPresence();
}

function closeReview(message) {
  review = null;
  $("history-review").hidden = true;
  $("history-trips").replaceChildren();
  $("history-message").textContent = message;
}

function undo() {
  if (!lastAdded) return;
  const traveller = app.state().travellers.find((t) => t.id === lastAdded.travellerId);
  if (traveller) traveller.stays = traveller.stays.filter((s) => !lastAdded.stayIds.has(s.id));
  const count = lastAdded.stayIds.size;
  lastAdded = null;
  app.changed();
  $("history-added").hidden = true;
  $("history-message").textContent = _n("Removed the {n} trip just added.", "Removed the {n} trips just added.", count);
  $("history-import").dataset.state = "undone";
  $("history-file").focus();
  if ($("history-days").open) renderPresence();
}

// --- Days in every country ---------------------------------------------------------

function currentTraveller() {
  const state = app.state();
  return state.travellers.find((t) => t.id === state.current) || state.travellers[0];
}

// The core counts the days (core/staycheck/presence.py, through the calculator's worker);
// the page shows its latest answer. `data-asking` is set while a question is on its way,
// `data-answered` is the number of the question last answered.
let presenceAsked = 0;
let presenceShown = null;

async function askPresence() {
  const today = todayISO();
  const input = $("history-window-end");
  if (!input.value.trim()) showDate(input, today);
  presenceAsked += 1;
  const asked = presenceAsked;
  $("history-days").dataset.asking = "true";
  let response;
  try {
    response = await ask(presenceRequest(currentTraveller(), { today, windowEnd: dateValue(input) || today }));
  } catch {
    response = { ok: false };
  }
  if (asked !== presenceAsked) return null;
  delete $("history-days").dataset.asking;
  return response;
}

async function renderPresence() {
  const response = await askPresence();
  if (!response) return;
  const problem = $("history-days-problem");
  problem.hidden = response.ok;
  presenceShown = response.ok ? response.presence : null;
  const table = presenceShown || { countries: [], years: [], window: { last: dateValue($("history-window-end")) } };
  const names = countryNames();
  const element = $("history-presence");
  $("history-no-days").hidden = !response.ok || table.countries.length > 0;
  element.hidden = table.countries.length === 0;
  $("history-chart").hidden = table.countries.length === 0;
  $("history-csv").disabled = table.countries.length === 0;
  if (!response.ok) {
    $("history-chart").replaceChildren();
    $("history-days").dataset.answered = String(presenceAsked);
    return;
  }
  const windowLabel = _("12 months to {date}", { date: formatDate(table.window.last) });
  const head = document.createElement("tr");
  for (const text of [_("Country"), windowLabel, ...table.years.map(String)]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = text;
    head.append(th);
  }
  element.tHead.replaceChildren(head);
  const cell = ({ days, reaches_mark }) => {
    const td = document.createElement("td");
    td.textContent = String(days);
    if (reaches_mark) {
      td.classList.add("history-mark");
      td.title = _("183 days or more");
    }
    return td;
  };
  element.tBodies[0].replaceChildren(
    ...table.countries.map((country) => {
      const row = document.createElement("tr");
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = names.get(country.country) || country.country;
      row.append(th, cell(country.window), ...country.years.map(cell));
      row.dataset.country = country.country;
      return row;
    }),
  );
  renderChart(table, names);
  $("history-days").dataset.answered = String(presenceAsked); // for tests
}

// Bars of the 12-month window, on a scale that always shows the mark (183 days).
function renderChart(table, names) {
  const chart = $("history-chart");
  const top = Math.max(table.mark + 20, ...table.countries.map((c) => c.window.days));
  const bars = table.countries.map((country) => {
    const { days, reaches_mark } = country.window;
    const row = document.createElement("div");
    row.className = "history-bar";
    row.innerHTML =
      '<span class="history-bar-label"></span><span class="history-bar-track"><span class="history-bar-fill"></span><span class="history-bar-mark"></span></span><span class="history-bar-days"></span>';
    row.querySelector(".history-bar-label").textContent = names.get(country.country) || country.country;
    const fill = row.querySelector(".history-bar-fill");
    fill.style.width = `${(100 * days) / top}%`;
    if (reaches_mark) fill.classList.add("history-mark");
    row.querySelector(".history-bar-mark").style.left = `${(100 * table.mark) / top}%`;
    row.querySelector(".history-bar-days").textContent = String(days);
    return row;
  });
  chart.replaceChildren(...bars);
}

function exportPresence() {
  if (!presenceShown) return;
  download(`staycheck-days-${presenceShown.window.last}.csv`, "text/csv", presenceCSV(presenceShown, countryNames()));
  $("history-message").textContent = "";
}
