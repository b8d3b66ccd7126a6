// The page's wiring: the stored travellers (store.js), the form (form.js) and the data
// panel (data-panel.js) edit them; on every change the calculator worker
// (calculator.js) is asked again, and its latest answer is shown (answer-view.js) or
// its error (problems.js). The words of an answer are in wording.js.

import * as view from "./answer-view.js";
import { connect } from "./calculator.js";
import { sortCountryLists } from "./country-lists.js";
import { listenToDataPanel } from "./data-panel.js";
import { todayISO } from "./dates.js";
import { createForm, travellerLabel } from "./form.js";
import { initHistory } from "./history/import.js";
import { loadCatalog, nameOf, pageLanguage } from "./i18n.js";
import { showFailure, showStage, showStorageProblem } from "./loading.js";
import { registerServiceWorker } from "./offline.js";
import { clearProblems, showCalculatorFailure, showProblem } from "./problems.js";
import * as store from "./store.js";

const catalogLoaded = loadCatalog(pageLanguage(document.documentElement));
const $ = (id) => document.getElementById(id);

let { state, problem: storageProblem } = store.load();
let latest = null; // {travellerId, response} for the answer on screen
let controlDay = ""; // the day the answer is for, "" for today (not stored: a visit later starts on its own day)
let timer = 0;

const current = () => state.travellers.find((t) => t.id === state.current) || state.travellers[0];

function persist() {
  if (storageProblem === "newer") return; // never overwrite what a newer version wrote
  store.save(state);
}

// body[data-pending] is set from an edit until its answer is shown (tests wait on it).
function setPending(pending) {
  if (pending) document.body.dataset.pending = "";
  else delete document.body.dataset.pending;
}

function schedule() {
  clearTimeout(timer);
  setPending(true);
  timer = setTimeout(compute, 60);
}

const send = connect(
  {
    stage: showStage,
    fatal: (error) => showFailure(error.message),
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
  const traveller = current();
  const { request, stayIds } = store.requestFor(traveller, controlDay || todayISO(), todayISO());
  setPending(true);
  send(request, { travellerId: traveller.id, stayIds, trips: store.tripNumbering(traveller, stayIds) });
}

function chosenNames(traveller = current()) {
  return { passport: nameOf("countries", traveller.nationality, ""), destination: nameOf("countries", traveller.destination, "") };
}

function receive(id, response, sent) {
  if (sent.travellerId !== state.current) return; // outdated
  clearProblems();
  const traveller = current();
  if (response.ok) {
    latest = { travellerId: sent.travellerId, response };
    const today = response.on.date;
    const stays = traveller.stays.filter(store.isComplete).map((stay) => ({ ...stay, days: store.tripDays(stay, today) }));
    const printed = { name: travellerLabel(traveller, state.travellers.indexOf(traveller)), passport: chosenNames().passport || traveller.nationality, stays };
    view.showAnswer(response, { trips: sent.trips, stayIds: sent.stayIds, chosen: chosenNames(), printed, today: todayISO() });
  } else {
    latest = null;
    view.hideAnswer();
    view.showNoRule(response.error, chosenNames());
    showProblem(response.error, sent);
  }
  if (!document.body.dataset.answer) {
    performance.mark("staycheck:first-answer");
    registerServiceWorker(); // its download of the offline copy waits for the first answer
  }
  document.body.dataset.answer = String(id);
  if (!timer) setPending(false);
}

const form = createForm({ state: () => state, current, changed, persist, schedule });

function renderAll() {
  form.renderTravellers();
  form.renderTrips();
  form.renderPlan();
  latest = null;
  clearProblems();
  view.hideAnswer();
}

function changed({ structure = false } = {}) {
  persist();
  if (structure) renderAll();
  schedule();
}

form.listen();
// The control-date mode: the answer for another day, past or future.
function setControlDay(day) {
  controlDay = day === todayISO() ? "" : day;
  $("on-date").value = controlDay || todayISO();
  $("on-today").hidden = !controlDay;
  schedule();
}
$("on-date").value = todayISO();
$("on-date").addEventListener("change", (event) => setControlDay(event.target.value || ""));
$("on-today").addEventListener("click", () => {
  setControlDay("");
  $("on-date").focus();
});
view.listenToRulePanel();
listenToDataPanel({
  state: () => state,
  current,
  changed,
  replaceState(next) {
    state = next;
  },
  latestAnswer: () => (latest && latest.travellerId === current().id ? latest.response : null),
  erase() {
    store.erase();
    storageProblem = null;
    $("storage-problem").hidden = true;
    state = store.load().state;
    persist();
    changed({ structure: true });
  },
});

let resizeTimer = 0;
addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(view.redrawChart, 150);
});

// --- Start ------------------------------------------------------------------------

sortCountryLists(pageLanguage(document.documentElement).intl);
initHistory({ state: () => state, changed: () => changed({ structure: true }) });
renderAll();
compute(); // queued by the worker until Python is ready: no round trip lost then
catalogLoaded.then(() => {
  if (storageProblem) showStorageProblem(storageProblem);
  // The parts drawn before the catalog arrived, again in the page's language.
  form.renderTravellers();
  form.renderTrips();
});
