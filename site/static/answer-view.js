// The answer on the page: puts the wording of a response (wording.js) into the verdict,
// the figures, the timeline, the plan, the overstays, the rule panel and the printed
// summary. Reads nothing back from the page: names come from the catalog.

import { chartDate, drawChart, panned, viewOf } from "./chart.js";
import { formatDate } from "./dates.js";
import { chooseCountry } from "./form.js";
import { _, nameOf } from "./i18n.js";
import * as wording from "./wording.js";

const $ = (id) => document.getElementById(id);

function item(text) {
  const li = document.createElement("li");
  li.textContent = text;
  return li;
}

/** Hides every part of the answer (a new traveller, an error, no answer yet). */
export function hideAnswer() {
  $("invitation").hidden = true;
  $("verdict").hidden = true;
  $("overview").hidden = true;
  $("timeline").hidden = true;
  $("overstays").hidden = true;
  $("plan-answer").textContent = "";
  $("plan-reason").textContent = "";
  $("plan-assumes").textContent = "";
}

/** A new visitor who has entered nothing: an invitation, not an answer for the preset
 * passport and destination. */
export function showInvitation() {
  hideAnswer();
  $("invitation").hidden = false;
}

/**
 * Shows `response`. `trips` numbers the request's stays as the page does (see
 * wording.js), `stayIds` are the page's ids of the request's stays, in order, `chosen`
 * the passport's and destination's names, and `printed` what the printed summary lists:
 * {name, passport, stays: [{entry, exit, ongoing, country, basis, days, note}]}.
 */
export function showAnswer(response, { trips, stayIds, chosen, printed, today }) {
  $("invitation").hidden = true;
  const said = wording.verdict(response, trips, today);
  $("verdict-when").textContent = said.when;
  $("verdict-when").hidden = !said.when;
  $("verdict").classList.toggle("other-day", Boolean(said.when));
  const badge = $("verdict-badge");
  badge.className = `badge ${said.over ? "bad" : wording.bookedOverstay(response) ? "warn" : "good"}`;
  badge.textContent = said.badge;
  $("verdict-headline").textContent = said.headline;
  $("verdict-subline").textContent = said.subline;
  $("verdict-reason").textContent = said.reason;
  $("verdict-reason").hidden = !said.reason;
  showFacts(wording.facts(response, today));
  const on = response.on;
  const share = on.limit ? Math.min(1, on.days_used / on.limit) : 0;
  $("meter-fill").style.width = `${(share * 100).toFixed(1)}%`;
  $("meter").classList.toggle("over", said.over);
  $("warnings").replaceChildren(...wording.warningTexts(response, trips).map(item));
  const disputed = wording.disputed(response);
  $("disputed-list").replaceChildren(...disputed.map(item));
  $("disputed").hidden = disputed.length === 0;
  $("verdict").hidden = false;
  showOverview(response, said);

  showTimeline(response);
  showPlan(response, trips);
  showViolations(response, stayIds);
  showRule(response, chosen);
  showPrintSummary(response, printed);
}

function showFacts(facts) {
  $("facts").replaceChildren(
    ...facts.map(([term, value, detail]) => {
      const wrapper = document.createElement("div");
      const dt = document.createElement("dt");
      dt.textContent = term;
      const dd = document.createElement("dd");
      const strong = document.createElement("strong");
      strong.textContent = value;
      const small = document.createElement("span");
      small.className = "fact-detail";
      small.textContent = detail;
      dd.append(strong, small);
      wrapper.append(dt, dd);
      return wrapper;
    }),
  );
}

let focusChosen = false; // a row was activated: its answer, once shown, takes the focus

// Every regime the trips touch, one row each; the chosen one expanded with the verdict's
// headline, the others buttons that make their destination the chosen one.
function showOverview(response, said) {
  const rows = wording.overviewRows(response);
  const section = $("overview");
  section.hidden = rows.length < 2; // one regime: the answer above says it all
  if (section.hidden) return;
  $("overview-list").replaceChildren(
    ...rows.map((row) => {
      const li = document.createElement("li");
      li.className = row.chosen ? "overview-row chosen" : "overview-row";
      const box = document.createElement(row.chosen ? "div" : "button");
      const title = document.createElement("span");
      title.className = "overview-title";
      title.textContent = row.title;
      const figures = document.createElement("span");
      figures.className = "overview-figures";
      figures.textContent = row.figures.join(" · ");
      box.append(title, figures);
      if (row.chosen) {
        box.className = "overview-box";
        box.tabIndex = -1;
        box.setAttribute("aria-current", "true");
        const headline = document.createElement("span");
        headline.className = "overview-headline";
        headline.textContent = said.headline;
        box.append(headline);
      } else {
        box.type = "button";
        box.className = "overview-box";
        box.dataset.destination = row.destination;
      }
      li.append(box);
      return li;
    }),
  );
  if (focusChosen) {
    focusChosen = false;
    section.querySelector(".chosen .overview-box").focus();
  }
}

/** The overview's rows: activating one (click, Enter or Space) makes its destination the
 * chosen one, through the destination list as if it had been picked there. */
export function listenToOverview() {
  $("overview-list").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-destination]");
    if (!button) return;
    const select = $("destination");
    chooseCountry(select, button.dataset.destination);
    focusChosen = true;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  });
}

let shownChart = null;
let chartRange = "18m"; // a key of RANGES
let chartStart = null; // the first date shown after a move, null: the range's own place

function showTimeline(response) {
  const section = $("timeline");
  section.hidden = !response.chart.present.some((day) => day > 0); // nothing to draw yet
  shownChart = section.hidden ? null : response.chart;
  if (section.hidden) return;
  if (!section.dataset.listening) {
    section.dataset.listening = "yes";
    section.addEventListener("click", chooseRange);
  }
  $("timeline-caption").textContent = _("Each day: how many days count in the window that ends that day. Today is marked.");
  drawTimeline();
}

function drawTimeline() {
  const view = viewOf(shownChart, chartRange, chartStart);
  drawChart($("chart"), shownChart, view);
  $("chart-shown").textContent = _("Shown: {first} – {last}", {
    first: formatDate(chartDate(shownChart, view.first)),
    last: formatDate(chartDate(shownChart, view.last)),
  });
  for (const button of document.querySelectorAll("#timeline [data-range]")) {
    button.setAttribute("aria-pressed", String(button.dataset.range === chartRange));
  }
  // At an end the button stays focusable (a keyboard user keeps their place) but says so.
  const atEnd = { "-1": view.first === 0, 1: view.last === shownChart.days - 1 };
  for (const button of document.querySelectorAll("#timeline [data-pan]")) {
    button.setAttribute("aria-disabled", String(atEnd[button.dataset.pan]));
  }
}

function chooseRange(event) {
  const button = event.target.closest("[data-range], [data-pan]");
  if (!button || !shownChart) return;
  if (button.dataset.range) {
    chartRange = button.dataset.range;
    chartStart = null;
  } else if (button.getAttribute("aria-disabled") !== "true") {
    const view = panned(shownChart, viewOf(shownChart, chartRange, chartStart), Number(button.dataset.pan));
    chartStart = chartDate(shownChart, view.first);
  }
  drawTimeline();
}

/** Draws the timeline again at the page's new width. */
export function redrawChart() {
  if (shownChart && !$("timeline").hidden) drawTimeline();
}

function showPlan(response, trips) {
  const plan = wording.planText(response, trips);
  const answer = $("plan-answer");
  answer.textContent = plan.answer;
  answer.classList.toggle("bad", plan.bad);
  $("plan-reason").textContent = plan.reason;
  $("plan-assumes").textContent = plan.assumes;
}

function showViolations(response, stayIds) {
  const over = new Set(response.violations.flatMap((violation) => (violation.stays || []).map((index) => stayIds[index])));
  for (const trip of document.querySelectorAll(".trip")) {
    trip.classList.toggle("over", over.has(trip.dataset.id));
    trip.querySelector(".trip-over").hidden = !over.has(trip.dataset.id);
  }
  $("violation-list").replaceChildren(
    ...wording.violationTexts(response).map(({ when, what, why }) => {
      const li = document.createElement("li");
      const strong = document.createElement("strong");
      strong.textContent = when;
      const span = document.createElement("span");
      span.textContent = what;
      const hint = document.createElement("p");
      hint.className = "hint";
      hint.textContent = why;
      li.append(strong, span, hint);
      return li;
    }),
  );
  $("no-violations").hidden = response.violations.length > 0;
  $("overstays").classList.toggle("none", response.violations.length === 0);
  $("overstays").hidden = false;
}

function showRule(response, chosen) {
  const regime = response.regime;
  $("rule-why").textContent = wording.ruleWhy(response, chosen);
  showRegimes([regime.id], ([article]) => {
    if (!article) return;
    article.querySelector(".versions").classList.remove("show-all");
    for (const version of article.querySelectorAll(".version")) {
      const inForce = version.dataset.effective === regime.version.effective_from;
      version.classList.toggle("current", inForce);
      version.querySelector(".in-force").hidden = !inForce;
    }
  });
}

/** Where no rule applies (at home, exempt, or no rule known), the rule panel says why and
 * shows the destination's rules instead of the last answer's. */
export function showNoRule(error, chosen) {
  const why = wording.noRuleWhy(error, chosen);
  if (!why) return;
  $("rule-why").textContent = why;
  showRegimes(error.code === "own_country" ? [] : error.params.regimes || []);
}

/** The rule panel's "show every version" buttons. */
export function listenToRulePanel() {
  $("rule").addEventListener("click", (event) => {
    const button = event.target.closest("[data-action='show-versions']");
    if (!button) return;
    const versions = button.closest(".regime").querySelector(".versions");
    versions.classList.toggle("show-all");
    button.setAttribute("aria-expanded", String(versions.classList.contains("show-all")));
  });
}

// Every regime's description, fetched once after the first answer (build.py writes them
// into one fragment beside the page, which no longer carries them: 150 kB parsed on every
// visit); each is moved onto the page when an answer first names it. One file for all:
// a request per regime would tell the server which rule applies to the traveller.
let regimeLibrary = null; // a promise of the fragment, or of null if it could not be loaded
export function loadRegimes() {
  regimeLibrary ??= fetch(new URL($("rule-regimes").dataset.from, document.baseURI))
    .then((response) => (response.ok ? response.text() : Promise.reject(new Error(`HTTP ${response.status}`))))
    .then((html) => {
      const template = document.createElement("template");
      template.innerHTML = html;
      return template.content;
    })
    .catch((error) => {
      regimeLibrary = null; // asked for again with the next answer
      console.warn(`Staycheck: the rules' descriptions could not be loaded: ${error.message}`);
      return null;
    });
  return regimeLibrary;
}

async function regimeArticle(id) {
  const selector = `.regime[data-regime="${CSS.escape(id)}"]`;
  return $("rule-regimes").querySelector(selector) || (await loadRegimes())?.querySelector(selector) || null;
}

let regimesShown = 0; // the latest showRegimes: an earlier one still loading gives way to it

// Shows the descriptions of the regimes `ids`, in order, and hides every other; `then` is
// given their articles (null for one that could not be loaded) once they are on the page.
async function showRegimes(ids, then = () => {}) {
  const call = ++regimesShown;
  for (const article of document.querySelectorAll("#rule .regime")) {
    article.hidden = !ids.includes(article.dataset.regime);
  }
  const articles = await Promise.all(ids.map(regimeArticle));
  if (call !== regimesShown) return;
  const found = articles.filter(Boolean);
  $("rule-regimes").append(...found);
  for (const article of found) article.hidden = false;
  then(articles);
}

// The printed summary lists every trip: 2,000 rows drawn at each answer were 90 ms of each
// edit (issue 10), so it is drawn once the answer is on screen and the page is idle, or at
// once when a print begins.
let printPending = null;
function showPrintSummary(response, printed) {
  printPending = [response, printed];
  const idle = globalThis.requestIdleCallback || ((callback) => setTimeout(callback, 50));
  idle(drawPrintSummary, { timeout: 1000 });
}
addEventListener("beforeprint", drawPrintSummary);

function drawPrintSummary() {
  if (!printPending) return;
  const [response, printed] = printPending;
  printPending = null;
  const rows = printed.stays.map((stay) => {
    const row = document.createElement("tr");
    const cells = [
      formatDate(stay.entry),
      stay.ongoing ? _("still there") : formatDate(stay.exit),
      nameOf("countries", stay.country),
      nameOf("bases", stay.basis),
      stay.days === null ? "" : String(stay.days),
      stay.note,
    ];
    for (const text of cells) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.append(cell);
    }
    return row;
  });
  document.querySelector("#print-trips tbody").replaceChildren(...rows);
  $("print-meta").textContent = wording.printMeta(response, printed);
}
