// The answer on the page: puts the wording of a response (wording.js) into the verdict,
// the figures, the timeline, the plan, the overstays, the rule panel and the printed
// summary. Reads nothing back from the page: names come from the catalog.

import { drawChart } from "./chart.js";
import { formatDate } from "./dates.js";
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
  $("verdict").hidden = true;
  $("timeline").hidden = true;
  $("overstays").hidden = true;
  $("plan-answer").textContent = "";
  $("plan-reason").textContent = "";
  $("plan-assumes").textContent = "";
}

/**
 * Shows `response`. `trips` numbers the request's stays as the page does (see
 * wording.js), `stayIds` are the page's ids of the request's stays, in order, `chosen`
 * the passport's and destination's names, and `printed` what the printed summary lists:
 * {name, passport, stays: [{entry, exit, ongoing, country, basis, days, note}]}.
 */
export function showAnswer(response, { trips, stayIds, chosen, printed, today }) {
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

let shownChart = null;

function showTimeline(response) {
  const section = $("timeline");
  section.hidden = !response.chart.present.some((day) => day > 0); // nothing to draw yet
  shownChart = section.hidden ? null : response.chart;
  if (section.hidden) return;
  drawChart($("chart"), response.chart);
  $("timeline-caption").textContent = _("Each day: how many days count in the window that ends that day. Today is marked.");
}

/** Draws the timeline again at the page's new width. */
export function redrawChart() {
  if (shownChart && !$("timeline").hidden) drawChart($("chart"), shownChart);
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
  showRegimes([regime.id]);
  const article = document.querySelector(`#rule [data-regime="${regime.id}"]`);
  if (!article) return;
  article.querySelector(".versions").classList.remove("show-all");
  for (const version of article.querySelectorAll(".version")) {
    const inForce = version.dataset.effective === regime.version.effective_from;
    version.classList.toggle("current", inForce);
    version.querySelector(".in-force").hidden = !inForce;
  }
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

function showRegimes(ids) {
  for (const article of document.querySelectorAll("#rule .regime")) {
    article.hidden = !ids.includes(article.dataset.regime);
  }
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
