// The page's wiring: the stored travellers (store.js), the form (form.js) and the data
// panel (data-panel.js) edit them; on every change the calculator worker
// (calculator.js) is asked again, and its latest answer is shown (answer-view.js) or
// its error (problems.js). The words of an answer are in wording.js.

import * as view from "./answer-view.js";
import { connect } from "./calculator.js";
import { listenToCountryFinders } from "./country-lists.js";
import { listenToDataPanel } from "./data-panel.js";
import { todayISO } from "./dates.js";
import { createForm, dateValue, showDate, travellerLabel } from "./form.js";
import { loadCatalog, nameOf, pageLanguage } from "./i18n.js";
import { showFailure, showProgress, showRestarting, showStage, showStale, showStorageProblem } from "./loading.js";
import { clearProblems, showCalculatorFailure, showProblem } from "./problems.js";
import * as store from "./store.js";
import * as sync from "./sync.js";

const catalogLoaded = loadCatalog(pageLanguage(document.documentElement));
const $ = (id) => document.getElementById(id);

const storage = store.openStorage();
const loaded = store.load(storage);
let state = loaded.state;
let storageProblem = loaded.problem; // see store.load; "full" once a write did not fit
let saved = sync.snapshot(state); // what this tab last saved or read, to stamp its changes
let written = null; // the text this tab last wrote to the storage
let latest = null; // {travellerId, response} for the answer on screen
let controlDay = ""; // the day the answer is for, "" for today (not stored: a visit later starts on its own day)
let timer = 0;
let calculatorDown = false; // crashed and starting again, or failed to start: no answer is coming soon
let today = todayISO(); // the day the page last asked about as today
// Nothing stored and nothing entered yet: a new visitor is invited to enter their trips,
// not shown an answer for the preset passport and destination.
let pristine = loaded.problem === null && !storedSomething();

function storedSomething() {
  try {
    return storage?.getItem(store.KEY) != null;
  } catch {
    return false;
  }
}

const current = () => state.travellers.find((t) => t.id === state.current) || state.travellers[0];

/** The document the other tabs stored, or null (none, or one this tab must not merge). */
function storedByOthers() {
  try {
    const raw = storage.getItem(store.KEY);
    // What this tab wrote last, unchanged: nothing to merge. Reading and checking a
    // document of 2,000 trips at every edit was a good part of an edit's time (issue 10).
    if (raw === written) return null;
    return raw === null ? null : store.repair(JSON.parse(raw)).state;
  } catch {
    return null;
  }
}

/** `next` on screen: the form drawn again if the trips changed under it. */
function adopt(next) {
  const redraw = next !== state && !sync.sameContent(state, next);
  if (!next.travellers.length) next.travellers.push(store.newTraveller());
  if (!next.travellers.some((t) => t.id === next.current)) next.current = next.travellers[0].id;
  state = next;
  saved = sync.snapshot(state);
  return redraw;
}

// Every edit is stamped and merged with what other tabs stored since (sync.js), then
// written; a write that does not fit keeps the edit on screen and says so.
function persist() {
  pristine = false;
  if (storageProblem === "newer" || storageProblem === "blocked") return; // never overwrite a newer version's data
  sync.stampChanges(saved, state);
  const others = storedByOthers();
  const redraw = adopt(others ? sync.merge(state, others) : state);
  try {
    written = store.save(state, storage);
    if (storageProblem === "full") setStorageProblem(null);
  } catch (error) {
    setStorageProblem(store.isQuotaError(error) ? "full" : "blocked");
  }
  if (redraw) renderAll();
}

function setStorageProblem(problem) {
  storageProblem = problem;
  if (problem) showStorageProblem(problem, loaded);
  else $("storage-problem").hidden = true;
}

// body[data-pending] is set from an edit until its answer is shown (tests wait on it).
function setPending(pending) {
  if (pending) document.body.dataset.pending = "";
  else delete document.body.dataset.pending;
}

// Typing waits for a pause; a finished change (a date set, a list chosen) is asked at once.
function schedule({ now = false } = {}) {
  clearTimeout(timer);
  setPending(true);
  if (calculatorDown) showStale(true); // the answer on screen is for the trips before this edit
  timer = setTimeout(compute, now ? 0 : 60);
}

const send = connect(
  {
    stage(stage, message) {
      if (stage === "ready") calculatorDown = false;
      showStage(stage, message);
    },
    progress: showProgress,
    restarting(error) {
      calculatorDown = true;
      showRestarting(error);
      if (document.body.dataset.pending !== undefined) showStale(true);
    },
    fatal(error, retry) {
      calculatorDown = true;
      showFailure(error, () => {
        setPending(true); // the latest request is sent again
        retry();
      });
      if (document.body.dataset.pending !== undefined) showStale(true);
      setPending(false); // no answer is coming until the retry
    },
    answer: receive,
    failed(_id, error) {
      setPending(false);
      view.hideAnswer();
      showCalculatorFailure(error);
    },
  },
  catalogLoaded,
);

function compute() {
  clearTimeout(timer);
  timer = 0;
  followToday();
  const traveller = current();
  const { request, stayIds } = store.requestFor(traveller, controlDay || todayISO(), todayISO());
  request.overview = true; // every regime the trips touch, one row each (answer-view.js)
  setPending(true);
  performance.mark("staycheck:sent"); // benchmarks/edit_latency.py: the worker's share
  const sent = send(request, { travellerId: traveller.id, stayIds, trips: store.tripNumbering(traveller, stayIds) });
  if (!sent) setPending(false); // the calculator is down: the request is kept for its retry
}

function chosenNames(traveller = current()) {
  return { passport: nameOf("countries", traveller.nationality, ""), destination: nameOf("countries", traveller.destination, "") };
}

function receive(id, response, sent) {
  if (sent.travellerId !== state.current) return; // outdated
  performance.mark("staycheck:received");
  clearProblems();
  showStale(false);
  const traveller = current();
  if (response.ok && pristine && !traveller.stays.length && !traveller.plan) {
    latest = null;
    view.showInvitation();
  } else if (response.ok) {
    latest = { travellerId: sent.travellerId, response };
    // The trips over a limit, also those in a year not drawn yet (form.js).
    form.markOver(new Set(response.violations.flatMap((violation) => (violation.stays || []).map((index) => sent.stayIds[index]))));
    const today = response.on.date;
    const stays = traveller.stays.filter(store.isComplete).map((stay) => ({ ...stay, days: store.tripDays(stay, today) }));
    const printed = { name: travellerLabel(traveller, state.travellers.indexOf(traveller)), passport: chosenNames().passport || traveller.nationality, stays };
    view.showAnswer(response, { trips: sent.trips, stayIds: sent.stayIds, chosen: chosenNames(), printed, today: todayISO() });
  } else {
    latest = null;
    view.hideAnswer();
    view.showNoRule(response.error, chosenNames());
    // The trip the error names is drawn, its year opened, to show the error at its field.
    const named = /^stays\[(\d+)\]/.exec(response.error.path || "");
    if (named) form.revealTrip(sent.stayIds[Number(named[1])]);
    showProblem(response.error, sent);
  }
  if (!document.body.dataset.answer) {
    performance.mark("staycheck:first-answer");
    // Its download of the offline copy waits for the first answer, and so does its module.
    import("./offline.js").then(({ registerServiceWorker }) => registerServiceWorker());
    view.loadRegimes(); // whichever the answer, so that fetching them says nothing of it
  }
  document.body.dataset.answer = String(id);
  if (!timer) setPending(false);
  performance.mark("staycheck:shown");
}

// A trip's default basis in `country`: what the rule data says for this passport (a visa
// for Kazakhs in the Schengen area), from the answer on screen; null before one.
function defaultBasis(country) {
  const response = latest?.travellerId === current().id ? latest.response : null;
  if (!response?.visa_destinations) return null;
  return response.visa_destinations.includes(country) ? "visa" : "visa-free";
}
const form = createForm({ state: () => state, current, changed, persist, schedule, defaultBasis });

function renderAll() {
  const focused = document.activeElement;
  const trip = focused?.closest?.(".trip")?.dataset.id;
  const field = focused?.name || focused?.id;
  form.renderTravellers();
  form.renderTrips();
  form.renderPlan();
  latest = null;
  clearProblems();
  view.hideAnswer();
  // Drawn again under the user's hands (another tab's change): the focus stays where it was.
  if (trip && field) document.querySelector(`.trip[data-id="${trip}"] [name="${field}"]`)?.focus();
  else if (field && !focused.isConnected) document.getElementById(field)?.focus();
}

function changed({ structure = false, now = false } = {}) {
  persist();
  if (structure) renderAll();
  schedule({ now });
}

form.listen();
// The control-date mode: the answer for another day, past or future.
function setControlDay(day) {
  controlDay = day === todayISO() ? "" : day;
  showDate($("on-date"), controlDay || todayISO());
  $("on-today").hidden = !controlDay;
  schedule();
}
// "Today" moves on in an open tab: at local midnight, and when the tab is shown again on
// another day (a sleeping computer's timers are late), the answer is asked for again.
function followToday() {
  if (todayISO() === today) return false;
  today = todayISO();
  if (controlDay === today) controlDay = "";
  if (!controlDay) showDate($("on-date"), today);
  $("on-today").hidden = !controlDay;
  return true;
}
function dayMayHaveChanged() {
  if (followToday()) schedule();
}
function atMidnight() {
  const now = new Date();
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  setTimeout(
    () => {
      dayMayHaveChanged();
      atMidnight();
    },
    midnight - now + 500,
  );
}
atMidnight();
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") dayMayHaveChanged();
});
// A day that is not a date (yet) keeps the answer's day: the field says what is wrong.
$("on-date").addEventListener("change", (event) => {
  const day = dateValue(event.target);
  if (day || !event.target.value.trim()) setControlDay(day);
});
$("on-today").addEventListener("click", () => {
  setControlDay("");
  $("on-date").focus();
});
view.listenToRulePanel();
view.listenToOverview();
listenToDataPanel({
  state: () => state,
  current,
  changed,
  replaceState(next) {
    state = next;
  },
  latestAnswer: () => (latest && latest.travellerId === current().id ? latest.response : null),
  erase() {
    // Everything stamped before now is gone, in every tab (sync.js), and kept gone.
    if (storageProblem === "newer") storageProblem = null;
    adopt(sync.erased(state, store.newTraveller()));
    for (const key of storageKeys()) if (key.startsWith(`${store.KEY}-`) && key !== `${store.KEY}:language`) storage.removeItem(key);
    if (storageProblem !== "blocked") setStorageProblem(null);
    changed({ structure: true });
  },
});

let resizeTimer = 0;
addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(view.redrawChart, 150);
});

function storageKeys() {
  try {
    return storage ? Object.keys(storage) : [];
  } catch {
    return [];
  }
}

// Another tab saved: its changes are merged in here, and ours written back if it lacked any.
addEventListener("storage", (event) => {
  if (event.key !== store.KEY || event.storageArea !== storage || storageProblem === "newer" || storageProblem === "blocked") return;
  const others = storedByOthers();
  if (!others) return;
  const merged = sync.merge(state, others);
  const redraw = adopt(merged);
  if (!sync.sameContent(merged, others)) {
    try {
      written = store.save(state, storage);
    } catch (error) {
      setStorageProblem(store.isQuotaError(error) ? "full" : "blocked");
    }
  }
  if (redraw) {
    renderAll();
    schedule();
  }
});

// The location-history import and the days in every country (history/import.js and what
// only it imports) are loaded when either is first opened, not before the form is usable.
function loadHistoryWhenOpened() {
  const panels = [$("history-import"), $("history-days")];
  const load = () => {
    for (const panel of panels) panel.removeEventListener("toggle", load);
    import("./history/import.js")
      .then(({ initHistory }) => {
        initHistory({ state: () => state, changed: () => changed({ structure: true }) });
        // Opened, or a file chosen, before its own listeners were there: they are told now.
        for (const panel of panels) if (panel.open) panel.dispatchEvent(new Event("toggle"));
        if ($("history-file").files?.length) $("history-file").dispatchEvent(new Event("change"));
      })
      .catch(() => {
        for (const panel of panels) panel.addEventListener("toggle", load); // the next opening tries again
      });
  };
  for (const panel of panels) panel.addEventListener("toggle", load);
}

// --- Start ------------------------------------------------------------------------

listenToCountryFinders(pageLanguage(document.documentElement).intl);
loadHistoryWhenOpened();
compute(); // queued by the worker until Python is ready: no round trip lost then
// The form is drawn once, in the page's language, when the catalog is in: with thousands
// of trips each drawing took seconds (issue 12), and the dates drawn before it, with Intl
// (whose first use costs 40-50 ms), held up DOMContentLoaded (issue 13). Until then the
// page's own HTML is the form, its listeners already on.
catalogLoaded.then(() => {
  if (storageProblem) showStorageProblem(storageProblem, loaded);
  showDate($("on-date"), todayISO());
  renderAll();
  performance.mark("staycheck:form-drawn");
});
