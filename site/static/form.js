// The form: the travellers' tabs, the passport and destination, the trips and the plan,
// drawn from the stored state and written back to it on every edit.
//
// `page` is what app.js shares: {state() -> the stored state, current() -> the traveller
// shown, changed({structure}) -> save, redraw if the structure changed, and ask again,
// persist(), schedule()}.

import { addDays, readDate, sayNow, writeDate } from "./date-field.js";
import { dateInWords, formatDate, isISODate, todayISO } from "./dates.js";
import { _, _n, currentLocale, nameOf } from "./i18n.js";
import * as store from "./store.js";
import * as groups from "./trip-groups.js";
import { incompleteTripHint } from "./wording.js";

const $ = (id) => document.getElementById(id);

export function travellerLabel(traveller, index) {
  return traveller.name.trim() || _("Traveller {n}", { n: index + 1 });
}

// A long country list holds only its chosen country until it is used (focus, a click or
// a tap), then all of them. A trip's (about 250 options): cloned into each of thousands of
// trips, they were most of the first answer's time (issue 12). The passport and
// destination lists: their options, styled and laid out in the page's first frame, held
// up DOMContentLoaded (issue 13); the page keeps them in <template id="{list}-options">.
const listOptions = (select) => $(`${select.id}-options`).content;

/** The passport or destination list showing `code` (still short, if it was). */
export function chooseCountry(select, code) {
  if ("short" in select.dataset) {
    const option = listOptions(select).querySelector(`option[value="${code}"]`);
    if (option) select.replaceChildren(option.cloneNode(true));
  }
  select.value = code;
}

/** Every country of the passport list, as <option>s (its value, its name). */
export function countryOptions() {
  return [...listOptions($("nationality")).querySelectorAll("option")];
}

let allCountries = null;
function showCountry(select, code) {
  allCountries ??= [...select.options].map((option) => option.cloneNode(true));
  const chosen = allCountries.find((option) => option.value === code) || allCountries[0];
  select.replaceChildren(chosen.cloneNode(true));
  select.value = chosen.value;
  select.dataset.short = "";
}

/** A short list given all its entries (a trip's: its countries; else its template's). */
function fillCountries(select, entries = allCountries) {
  if (!("short" in select.dataset)) return;
  const value = select.value;
  select.replaceChildren(...entries.map((entry) => entry.cloneNode(true)));
  select.value = value;
  delete select.dataset.short;
}

// --- Date fields -------------------------------------------------------------------
// A date is typed the page's way (date-field.js reads it): the date in words beside the
// field as it is typed, or what is wrong with it. Text that is not a date is not stored,
// and stays on screen (a draft) across re-renders until it is corrected.

const drafts = new Map(); // the field's key -> its text that is not a date (yet)

function fieldKey(input) {
  const trip = input.closest(".trip");
  if (trip) return `${trip.dataset.id} ${input.name}`;
  const row = input.closest("tr[data-index]"); // a trip of the location-history review
  return row ? `history ${row.dataset.index} ${input.name}` : input.id;
}

const readField = (input) => readDate(input.value, currentLocale());

/** The ISO date a date field holds, or "" (empty, unfinished or not a day). */
export function dateValue(input) {
  const read = readField(input);
  return read.kind === "date" ? read.iso : "";
}

/** Shows `iso` in a date field; with "" what was typed there that is not a date, if anything. */
export function showDate(input, iso) {
  const key = fieldKey(input);
  if (iso || !drafts.has(key)) {
    drafts.delete(key);
    if (!iso || dateValue(input) !== iso) input.value = writeDate(iso, currentLocale());
  } else {
    input.value = drafts.get(key);
  }
  input.dataset.iso = iso;
  describeDate(input, document.activeElement !== input);
}

/** A date field and its calendar button, usable or not. */
export function enableDate(input, enabled) {
  input.disabled = !enabled;
  const button = input.parentElement.querySelector('[data-action="pick-date"]');
  if (button) button.disabled = !enabled;
}

function problemText(read) {
  switch (read.kind) {
    case "no-such-day":
      return _n("This day does not exist: that month has {n} day.", "This day does not exist: that month has {n} days.", read.days);
    case "no-such-month":
      return _("There is no month {month}: the months go from 1 to 12.", { month: read.month });
    case "year-digits":
      return _("Type the year with four figures.");
    default: {
      // Not nested in the call below: Babel's extractor would miss it.
      const pattern = _("DD/MM/YYYY");
      return _("Type the date as {pattern}, for example {example}.", { pattern, example: writeDate("2026-11-05", currentLocale()) });
    }
  }
}

/** The words beside a date field: its date, or what is wrong with its text (an unfinished
 * date only once the field is `left`). */
function describeDate(input, left) {
  const read = readField(input);
  const problem = read.kind !== "date" && read.kind !== "empty" && (left || sayNow(read));
  const words = input.closest(".field, td")?.querySelector("[data-words]");
  if (words) {
    words.textContent = read.kind === "date" ? dateInWords(read.iso) : problem ? problemText(read) : "";
    words.toggleAttribute("data-problem", problem);
  }
  if (problem) {
    input.setAttribute("aria-invalid", "true");
    input.dataset.typedProblem = "";
  } else if ("typedProblem" in input.dataset) {
    input.removeAttribute("aria-invalid");
    delete input.dataset.typedProblem;
  }
  if (read.kind === "date" || read.kind === "empty") drafts.delete(fieldKey(input));
  else drafts.set(fieldKey(input), input.value);
}

function setTyped(input, iso) {
  input.value = writeDate(iso, currentLocale());
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

let picker = null; // the native calendar the buttons open (one, moved beside the button)
function pickDate(button) {
  const input = button.parentElement.querySelector("input[data-date]");
  if (!input || input.disabled) return;
  if (!picker) {
    picker = document.createElement("input");
    picker.type = "date";
    picker.className = "date-picker";
    picker.tabIndex = -1;
    picker.setAttribute("aria-hidden", "true");
    picker.addEventListener("change", () => {
      const field = picker.parentElement?.querySelector("input[data-date]");
      if (!field || !isISODate(picker.value)) return;
      setTyped(field, picker.value);
      field.dispatchEvent(new Event("change", { bubbles: true }));
      field.focus();
    });
  }
  button.after(picker);
  picker.value = dateValue(input);
  try {
    picker.showPicker();
  } catch {
    picker.focus(); // no showPicker (an older browser): its own keys then pick the day
  }
}

/** Date fields everywhere on the page: words as typed, a change once a date is complete
 * (as a native date field sends), the arrow keys move the day, the calendar button. */
function listenToDateFields() {
  const isDate = (target) => target.matches?.("input[data-date]");
  document.addEventListener("input", (event) => isDate(event.target) && describeDate(event.target, false), true);
  // After every other listener has had the input: a date completed or undone is a change.
  document.addEventListener("input", (event) => {
    const input = event.target;
    if (!isDate(input)) return;
    const iso = dateValue(input);
    if (iso === (input.dataset.iso ?? "")) return;
    input.dataset.iso = iso;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
  // Left: an unfinished date is said, a date is written the page's way.
  document.addEventListener(
    "change",
    (event) => {
      const input = event.target;
      if (!isDate(input) || !event.isTrusted) return;
      const iso = dateValue(input);
      if (iso) input.value = writeDate(iso, currentLocale());
      describeDate(input, true);
    },
    true,
  );
  document.addEventListener("keydown", (event) => {
    const input = event.target;
    const step = { ArrowUp: 1, ArrowDown: -1 }[event.key];
    if (!step || !isDate(input) || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const read = readField(input);
    if (read.kind !== "date" && read.kind !== "empty") return;
    event.preventDefault();
    setTyped(input, read.kind === "date" ? addDays(read.iso, step) : todayISO());
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest?.('[data-action="pick-date"]');
    if (button) pickDate(button);
  });
}

export function createForm(page) {
  function renderTravellers() {
    const state = page.state();
    $("traveller-tabs").replaceChildren(
      ...state.travellers.map((traveller, index) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "tab";
        button.dataset.id = traveller.id;
        button.textContent = travellerLabel(traveller, index);
        button.setAttribute("aria-pressed", String(traveller.id === state.current));
        return button;
      }),
    );
    const traveller = page.current();
    $("traveller-name").value = traveller.name;
    $("traveller-name").placeholder = travellerLabel({ name: "" }, state.travellers.indexOf(traveller));
    chooseCountry($("nationality"), traveller.nationality);
    chooseCountry($("destination"), traveller.destination);
    $("remove-traveller").hidden = state.travellers.length < 2;
    // No more than an export can carry back in (store.js's limits).
    $("add-traveller").disabled = state.travellers.length >= store.MAX_TRAVELLERS;
  }

  // --- The trip list (trip-groups.js decides, this draws) ---------------------------

  const opened = new Map(); // "traveller year" -> open, as the user left it
  const shownIn = new Map(); // "traveller year" -> how many cards the year shows
  const asked = new Set(); // trips drawn whatever their year's state: named by an error
  let over = new Set(); // trips over a limit in the latest answer (page.markOver)
  let resultsShown = groups.PAGE_SIZE;

  function card(stay, number) {
    const item = $("trip-template").content.firstElementChild.cloneNode(true);
    item.dataset.id = stay.id;
    const fields = item.querySelector("fieldset");
    const { entry, exit } = fields.elements;
    if (stay.ongoing) drafts.delete(`${stay.id} exit`);
    enableDate(exit, !stay.ongoing);
    for (const name of ["entry", "exit"]) {
      const words = item.querySelector(`[data-words="${name}"]`);
      words.id = `trip-${stay.id}-${name}-words`;
    }
    fields.elements.ongoing.checked = stay.ongoing;
    showCountry(fields.elements.country, stay.country);
    fields.elements.basis.value = stay.basis;
    fields.elements.note.value = stay.note;
    item.querySelector(".trip-title").textContent = _("Trip {n}", { n: number });
    for (const error of item.querySelectorAll("[data-error]")) {
      error.id = `trip-${stay.id}-${error.dataset.error}-error`;
      const words = item.querySelector(`[data-words="${error.dataset.error}"]`);
      fields.elements[error.dataset.error].setAttribute("aria-describedby", words ? `${words.id} ${error.id}` : error.id);
    }
    showDate(entry, stay.entry);
    showDate(exit, stay.ongoing ? "" : stay.exit);
    item.classList.toggle("over", over.has(stay.id));
    item.querySelector(".trip-over").hidden = !over.has(stay.id);
    updateTripSummary(item, stay);
    return item;
  }

  function list(entries) {
    const ol = document.createElement("ol");
    ol.className = "trip-list";
    ol.replaceChildren(...entries.map(({ stay, number }) => card(stay, number)));
    return ol;
  }

  function moreButton(action, key, text) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button link trip-more";
    button.dataset.action = action;
    if (key) button.dataset.year = key;
    button.textContent = text;
    return button;
  }

  function yearLabel(key) {
    return key === groups.UNDATED ? _("Not dated yet") : key;
  }

  function yearSummary(group) {
    const summary = document.createElement("summary");
    const title = document.createElement("span");
    title.className = "year-title";
    title.textContent = yearLabel(group.key);
    const days = group.stays.reduce((sum, { stay }) => sum + (store.tripDays(stay, todayISO()) || 0), 0);
    const count = document.createElement("span");
    count.className = "year-count";
    const trips = _n("{n} trip", "{n} trips", group.stays.length);
    count.textContent = ["·", trips + ",", _n("{n} day", "{n} days", days)].join(" ");
    const unfinished = group.stays.filter(({ stay }) => !store.isComplete(stay)).length;
    const flags = document.createElement("span");
    flags.className = "year-flags";
    if (unfinished) flags.append(badge("year-unfinished", _n("{n} not counted yet", "{n} not counted yet", unfinished)));
    if (group.stays.some(({ stay }) => over.has(stay.id))) flags.append(badge("year-over", _("over the limit")));
    summary.append(title, " ", count, " ", flags);
    return summary;
  }

  function badge(className, text) {
    const span = document.createElement("span");
    span.className = className;
    span.textContent = text;
    return span;
  }

  /** One year: a <details> whose cards are drawn only once it is open. */
  function yearGroup(group, traveller, context) {
    const key = `${traveller.id} ${group.key}`;
    const details = document.createElement("details");
    details.className = "trip-year";
    details.dataset.year = group.key;
    details.open = opened.get(key) ?? groups.startsOpen(group, context);
    details.append(yearSummary(group));
    if (details.open) fillYear(details, group, traveller);
    return details;
  }

  function fillYear(details, group, traveller) {
    const key = `${traveller.id} ${group.key}`;
    const shown = shownIn.get(key) ?? groups.PAGE_SIZE;
    const always = new Set([...asked, ...group.stays.filter(({ stay }) => !store.isComplete(stay)).map(({ stay }) => stay.id)]);
    const entries = groups.visibleStays(group, shown, always);
    const parts = [];
    const hidden = group.stays.length - entries.length;
    if (hidden > 0)
      parts.push(moreButton("earlier-trips", group.key, _n("Show {n} earlier trip", "Show {n} earlier trips", Math.min(hidden, groups.PAGE_SIZE))));
    parts.push(list(entries));
    // The summary stays in place: moved, it would lose the focus of the key that opened it.
    for (const node of [...details.children]) if (node.localName !== "summary") node.remove();
    details.append(...parts);
    details.dataset.filled = "";
  }

  function findWords() {
    return groups.queryWords($("trip-find").value, currentLocale());
  }

  const described = new Map(); // trip id -> [its dates and country, their words]
  function describe(stay) {
    const key = `${stay.entry} ${stay.exit} ${stay.ongoing} ${stay.country}`;
    if (described.get(stay.id)?.[0] !== key) described.set(stay.id, [key, describeNow(stay)]);
    return described.get(stay.id)[1];
  }

  function describeNow(stay) {
    const dates = [stay.entry, stay.ongoing ? "" : stay.exit].filter(isISODate).flatMap((day) => [formatDate(day), formatDate(day, "long")]);
    return `${dates.join(" ")} ${nameOf("countries", stay.country, "")}`;
  }

  function renderTrips() {
    const traveller = page.current();
    const long = traveller.stays.length > groups.GROUP_FROM;
    $("trip-find-box").hidden = !long;
    const words = long ? findWords() : [];
    let parts;
    if (words.length) {
      const context = { describe, locale: currentLocale(), today: todayISO() };
      const found = [];
      traveller.stays.forEach((stay, index) => {
        if (groups.matches(stay, words, context)) found.push({ stay, number: index + 1 });
      });
      $("trip-find-status").textContent = found.length
        ? _n("{n} trip found", "{n} trips found", found.length)
        : _("No trip matches “{query}”.", { query: $("trip-find").value.trim() });
      parts = [list(found.slice(0, resultsShown))];
      if (found.length > resultsShown)
        parts.push(moreButton("more-found", "", _n("Show {n} more trip", "Show {n} more trips", Math.min(found.length - resultsShown, groups.PAGE_SIZE))));
    } else if (long) {
      $("trip-find-status").textContent = "";
      const byYear = groups.groupByYear(traveller.stays);
      const dated = byYear.filter((group) => group.key !== groups.UNDATED);
      const flagged = new Set([...asked, ...traveller.stays.filter((stay) => !store.isComplete(stay)).map((stay) => stay.id)]);
      const context = { thisYear: todayISO().slice(0, 4), latestKey: dated.at(-1)?.key, flagged };
      parts = byYear.map((group) => yearGroup(group, traveller, context));
    } else {
      parts = [list(traveller.stays.map((stay, index) => ({ stay, number: index + 1 })))];
    }
    $("trip-list").replaceChildren(...parts);
    $("no-trips").hidden = traveller.stays.length > 0;
    $("add-trip").disabled = traveller.stays.length >= store.MAX_STAYS;
  }

  /** The trip drawn and its year opened (an error names it), or null. */
  function revealTrip(id) {
    if (!id) return null;
    const found = () => document.querySelector(`.trip[data-id="${id}"]`);
    if (found()) return found();
    const traveller = page.current();
    const stay = traveller.stays.find((s) => s.id === id);
    if (!stay) return null;
    asked.add(id);
    if (findWords().length) $("trip-find").value = "";
    opened.set(`${traveller.id} ${groups.yearOf(stay)}`, true);
    renderTrips();
    return found();
  }

  /** The trips over a limit in the answer on screen: their cards and their years marked. */
  function markOver(ids) {
    const changed = ids.size !== over.size || [...ids].some((id) => !over.has(id));
    over = ids;
    if (!changed) return;
    const years = document.querySelectorAll("#trip-list .trip-year");
    if (!years.length) return;
    const byKey = new Map(groups.groupByYear(page.current().stays).map((group) => [group.key, group]));
    for (const details of years) {
      const group = byKey.get(details.dataset.year);
      if (group) details.querySelector("summary").replaceWith(yearSummary(group));
    }
  }

  function updateTripSummary(item, stay) {
    const days = item.querySelector(".trip-days");
    const hint = item.querySelector("[data-hint]");
    const typo = ["entry", "exit"].find((name) => "typedProblem" in item.querySelector(`[name="${name}"]`).dataset);
    if (typo) {
      days.textContent = "";
      hint.hidden = false;
      hint.textContent =
        typo === "entry" ? _("Check the entry date. Until then this trip is not counted.") : _("Check the exit date. Until then this trip is not counted.");
    } else if (store.isComplete(stay)) {
      const count = store.tripDays(stay, todayISO());
      const length = count === null ? "" : _n("{n} day", "{n} days", count);
      days.textContent = length && `· ${length}`;
      hint.hidden = true;
    } else {
      days.textContent = "";
      hint.hidden = false;
      hint.textContent = incompleteTripHint(stay);
    }
  }

  // A trip whose basis is still its country's default gets the new country's default.
  function followDefaultBasis(item, stay, country) {
    const before = page.defaultBasis?.(stay.country);
    const after = page.defaultBasis?.(country);
    if (!before || !after || stay.basis !== before) return;
    stay.basis = after;
    item.querySelector('[name="basis"]').value = after;
  }

  function renderPlan() {
    const plan = page.current().plan;
    showDate($("plan-entry"), plan ? plan.entry : "");
    showDate($("plan-exit"), plan?.exit || "");
    // The answer's day too: its words are written again in the page's language once the
    // catalog is in (Intl lacks some languages' names of the days and months).
    describeDate($("on-date"), document.activeElement !== $("on-date"));
  }

  function showMore(button) {
    const traveller = page.current();
    if (button.dataset.action === "more-found") {
      resultsShown += groups.PAGE_SIZE;
      const before = document.querySelectorAll("#trip-list .trip").length;
      renderTrips();
      document.querySelectorAll("#trip-list .trip")[before]?.querySelector('[name="entry"]').focus();
      return;
    }
    const key = `${traveller.id} ${button.dataset.year}`;
    shownIn.set(key, (shownIn.get(key) ?? groups.PAGE_SIZE) + groups.PAGE_SIZE);
    const details = button.closest(".trip-year");
    const first = details.querySelector(".trip")?.dataset.id;
    const group = groups.groupByYear(traveller.stays).find((g) => g.key === button.dataset.year);
    fillYear(details, group, traveller);
    // The focus stays on the button while there are more; else on the first new trip.
    const again = details.querySelector('[data-action="earlier-trips"]');
    const firstNew = details.querySelector(".trip");
    if (again) again.focus();
    else if (firstNew && firstNew.dataset.id !== first) firstNew.querySelector('[name="entry"]').focus();
    else details.querySelector("summary").focus();
  }

  function listen() {
    listenToDateFields();
    $("traveller-tabs").addEventListener("click", (event) => {
      const button = event.target.closest("button[data-id]");
      const state = page.state();
      if (!button || button.dataset.id === state.current) return;
      state.current = button.dataset.id;
      page.changed({ structure: true });
      document.querySelector(`#traveller-tabs [data-id="${state.current}"]`)?.focus();
    });

    $("add-traveller").addEventListener("click", () => {
      const state = page.state();
      const traveller = store.newTraveller(page.current());
      state.travellers.push(traveller);
      state.current = traveller.id;
      page.changed({ structure: true });
      $("traveller-name").focus();
    });

    $("remove-traveller").addEventListener("click", () => {
      const state = page.state();
      const traveller = page.current();
      const label = travellerLabel(traveller, state.travellers.indexOf(traveller));
      if (!window.confirm(_("Remove {name} and all their trips from this device?", { name: label }))) return;
      state.travellers = state.travellers.filter((t) => t.id !== traveller.id);
      state.current = state.travellers[0].id;
      page.changed({ structure: true });
    });

    $("traveller-name").addEventListener("input", (event) => {
      const state = page.state();
      page.current().name = event.target.value;
      page.persist();
      const tab = document.querySelector(`#traveller-tabs [data-id="${state.current}"]`);
      if (tab) tab.textContent = travellerLabel(page.current(), state.travellers.indexOf(page.current()));
    });

    for (const field of ["nationality", "destination"]) {
      $(field).addEventListener("change", (event) => {
        page.current()[field] = event.target.value;
        page.changed();
      });
      const select = $(field);
      for (const type of ["focusin", "pointerdown", "mousedown"]) select.addEventListener(type, () => fillCountries(select, [...listOptions(select).children]));
    }

    $("add-trip").addEventListener("click", () => {
      const traveller = page.current();
      const stay = store.newStay(traveller);
      stay.basis = page.defaultBasis?.(stay.country) || stay.basis; // the rule data's (app.js)
      traveller.stays.push(stay);
      page.persist();
      $("trip-find").value = ""; // the new trip is seen, whatever was searched for
      opened.set(`${traveller.id} ${groups.UNDATED}`, true);
      renderTrips();
      const item = document.querySelector(`.trip[data-id="${stay.id}"]`);
      fillCountries(item.querySelector('[name="country"]')); // the trip about to be filled in
      item.querySelector('[name="entry"]').focus();
    });

    $("trip-find").addEventListener("input", () => {
      resultsShown = groups.PAGE_SIZE;
      renderTrips();
    });

    // A year opened: its cards are drawn now (a closed year has none).
    $("trip-list").addEventListener(
      "toggle",
      (event) => {
        const details = event.target;
        if (!details.matches?.(".trip-year")) return;
        const traveller = page.current();
        opened.set(`${traveller.id} ${details.dataset.year}`, details.open);
        if (!details.open || "filled" in details.dataset) return;
        const group = groups.groupByYear(traveller.stays).find((g) => g.key === details.dataset.year);
        if (group) fillYear(details, group, traveller);
      },
      true, // toggle does not bubble
    );

    const onTripEdit = (event) => {
      const item = event.target.closest(".trip");
      const name = event.target.name;
      if (!item || !name) return;
      const stay = page.current().stays.find((s) => s.id === item.dataset.id);
      if (!stay) return;
      if (name === "ongoing") {
        stay.ongoing = event.target.checked;
        const exit = item.querySelector('[name="exit"]');
        if (stay.ongoing) drafts.delete(`${stay.id} exit`);
        enableDate(exit, !stay.ongoing);
        showDate(exit, stay.ongoing ? "" : stay.exit);
      } else if (name === "entry" || name === "exit") {
        stay[name] = dateValue(event.target);
      } else {
        if (name === "country") followDefaultBasis(item, stay, event.target.value);
        stay[name] = event.target.value;
      }
      updateTripSummary(item, stay);
      page.changed({ now: event.type === "change" });
    };
    for (const type of ["focusin", "pointerdown", "mousedown"]) {
      $("trip-list").addEventListener(type, (event) => {
        if (event.target.name === "country") fillCountries(event.target);
      });
    }
    $("trip-list").addEventListener("input", onTripEdit);
    $("trip-list").addEventListener("change", onTripEdit);

    $("trip-list").addEventListener("click", (event) => {
      const more = event.target.closest('[data-action="earlier-trips"], [data-action="more-found"]');
      if (more) {
        showMore(more);
        return;
      }
      const button = event.target.closest('[data-action="delete-trip"]');
      if (!button) return;
      const item = button.closest(".trip");
      // The focus goes to the next trip on screen, or the one before, or "Add a trip".
      const cards = [...document.querySelectorAll("#trip-list .trip")];
      const place = cards.indexOf(item);
      const next = cards[place + 1]?.dataset.id || cards[place - 1]?.dataset.id;
      const traveller = page.current();
      const index = traveller.stays.findIndex((s) => s.id === item.dataset.id);
      if (index === -1) return; // a card whose trip is gone: splice(-1) would delete another
      traveller.stays.splice(index, 1);
      page.persist();
      renderTrips();
      page.schedule();
      const target = next && document.querySelector(`.trip[data-id="${next}"] [data-action="delete-trip"]`);
      (target || $("add-trip")).focus();
    });

    // The plan: an entry, and optionally an exit (the whole trip is then checked).
    const onPlanEdit = () => {
      const entry = dateValue($("plan-entry"));
      const exit = dateValue($("plan-exit"));
      page.current().plan = entry ? (exit ? { entry, exit } : { entry }) : null;
      page.changed();
    };
    $("plan-entry").addEventListener("change", onPlanEdit);
    $("plan-exit").addEventListener("change", onPlanEdit);
  }

  return { renderTravellers, renderTrips, renderPlan, listen, revealTrip, markOver };
}
