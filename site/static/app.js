// The page: keeps the travellers' trips (store.js), asks the calculator worker
// (protocol.js) for an answer whenever something changes, and shows it.

import { listen, worker } from "./boot.js";
import { REPLY, REQUEST, STAGES } from "./protocol.js";
import { _, _n, loadCatalog } from "./i18n.js";
import { addDays, daysInclusive, formatDate, formatRange, isISODate, todayISO } from "./dates.js";
import * as store from "./store.js";
import { drawChart } from "./chart.js";
import * as exporters from "./exporters.js";
import { initHistory } from "./history/import.js";

const catalogLoaded = loadCatalog();

const $ = (id) => document.getElementById(id);

let { state, problem: storageProblem } = store.load();
let latestId = 0; // the id of the latest request: only its answer is shown
const sent = new Map(); // request id -> {travellerId, stayIds}
let latest = null; // {travellerId, response} for the answer on screen
let timer = 0;

function current() {
  return state.travellers.find((t) => t.id === state.current) || state.travellers[0];
}

function persist() {
  if (storageProblem === "newer") return; // never overwrite what a newer version wrote
  store.save(state);
}

// --- Talking to the calculator ----------------------------------------------------

const STAGE_TEXT = {
  runtime: () => _("Starting the calculator: loading Python…"),
  core: () => _("Loading the rules…"),
  ready: () => _("Ready"),
};

listen(async (event) => {
  const message = event.data;
  await catalogLoaded;
  switch (message.type) {
    case REPLY.STAGE:
      performance.mark(`staycheck:${message.stage}`, { detail: message });
      showStage(message.stage);
      if (message.stage === "ready") $("loading").dataset.from = message.from; // for tests and support
      break;
    case REPLY.RESULT:
      receive(message.id, message.response);
      break;
    case REPLY.ERROR:
      if (sent.delete(message.id) && message.id === latestId) {
        setPending(false);
        showProblem({ code: message.error.code, message: _("The calculator failed: {message}", { message: message.error.message }) }, null);
      }
      break;
    case REPLY.FATAL:
      showFailure(message.error.message);
      break;
    default:
      break;
  }
});

function showStage(stage) {
  const loading = $("loading");
  $("loading-text").textContent = STAGE_TEXT[stage]();
  for (const step of loading.querySelectorAll("[data-stage]")) {
    const position = STAGES.indexOf(step.dataset.stage);
    step.classList.toggle("done", position < STAGES.indexOf(stage));
    step.classList.toggle("active", position === STAGES.indexOf(stage));
  }
  loading.hidden = stage === "ready";
}

function showFailure(message) {
  const loading = $("loading");
  loading.hidden = false;
  loading.classList.add("failed");
  loading.setAttribute("role", "alert");
  $("loading-text").textContent = _("The calculator could not start ({message}). Reload the page to try again.", { message });
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

function compute() {
  clearTimeout(timer);
  timer = 0;
  const traveller = current();
  const complete = traveller.stays.filter(store.isComplete);
  const request = {
    destination: traveller.destination,
    nationality: traveller.nationality,
    on: todayISO(),
    stays: complete.map((stay) => ({
      entry: stay.entry,
      exit: stay.ongoing ? null : stay.exit,
      country: stay.country,
      basis: stay.basis,
    })),
  };
  if (traveller.plan && isISODate(traveller.plan.entry)) request.plan = { entry: traveller.plan.entry };
  latestId += 1;
  setPending(true);
  sent.set(latestId, { travellerId: traveller.id, stayIds: complete.map((stay) => stay.id) });
  worker.postMessage({ type: REQUEST.COMPUTE, id: latestId, request });
}

function receive(id, response) {
  const meta = sent.get(id);
  sent.delete(id);
  if (id !== latestId || !meta || meta.travellerId !== state.current) return; // outdated
  clearProblems();
  if (response.ok) {
    latest = { travellerId: meta.travellerId, response };
    showAnswer(response, meta);
  } else {
    latest = null;
    showProblem(response.error, meta);
  }
  if (!document.body.dataset.answer) {
    performance.mark("staycheck:first-answer");
    registerServiceWorker(); // its download of the offline copy waits for the first answer
  }
  document.body.dataset.answer = String(id);
  if (!timer) setPending(false);
}

// --- Rendering the form -----------------------------------------------------------

function travellerLabel(traveller, index) {
  return traveller.name.trim() || _("Traveller {n}", { n: index + 1 });
}

function renderTravellers() {
  const tabs = $("traveller-tabs");
  tabs.replaceChildren(
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
  const traveller = current();
  $("traveller-name").value = traveller.name;
  $("traveller-name").placeholder = travellerLabel({ name: "" }, state.travellers.indexOf(traveller));
  $("nationality").value = traveller.nationality;
  $("destination").value = traveller.destination;
  $("remove-traveller").hidden = state.travellers.length < 2;
}

function renderTrips() {
  const traveller = current();
  const template = $("trip-template");
  const items = traveller.stays.map((stay, index) => {
    const item = template.content.firstElementChild.cloneNode(true);
    item.dataset.id = stay.id;
    const fields = item.querySelector("fieldset");
    fields.elements.entry.value = stay.entry;
    fields.elements.exit.value = stay.ongoing ? "" : stay.exit;
    fields.elements.exit.disabled = stay.ongoing;
    fields.elements.ongoing.checked = stay.ongoing;
    fields.elements.country.value = stay.country;
    fields.elements.basis.value = stay.basis;
    fields.elements.note.value = stay.note;
    item.querySelector(".trip-title").textContent = _("Trip {n}", { n: index + 1 });
    for (const error of item.querySelectorAll("[data-error]")) {
      error.id = `trip-${stay.id}-${error.dataset.error}-error`;
      fields.elements[error.dataset.error].setAttribute("aria-describedby", error.id);
    }
    updateTripSummary(item, stay);
    return item;
  });
  $("trip-list").replaceChildren(...items);
  $("no-trips").hidden = traveller.stays.length > 0;
}

function updateTripSummary(item, stay) {
  const days = item.querySelector(".trip-days");
  const hint = item.querySelector("[data-hint]");
  const today = todayISO();
  if (store.isComplete(stay)) {
    const last = stay.ongoing ? today : stay.exit;
    days.textContent = last >= stay.entry ? "· " + _n("{n} day", "{n} days", daysInclusive(stay.entry, last)) : "";
    hint.hidden = true;
  } else {
    days.textContent = "";
    hint.hidden = false;
    hint.textContent = isISODate(stay.entry)
      ? _("Enter the exit date, or tick “Still here”. Until then this trip is not counted.")
      : _("Enter the entry date. Until then this trip is not counted.");
  }
}

function renderPlan() {
  const plan = current().plan;
  $("plan-entry").value = plan ? plan.entry : "";
}

function renderAll() {
  renderTravellers();
  renderTrips();
  renderPlan();
  hideAnswer();
}

function hideAnswer() {
  latest = null;
  clearProblems();
  $("verdict").hidden = true;
  $("timeline").hidden = true;
  $("overstays").hidden = true;
  $("plan-answer").textContent = "";
  $("plan-reason").textContent = "";
}

// --- Rendering the answer ---------------------------------------------------------

// Every error code of staycheck/api.py, in the page's words (tests/site checks none is missing).
const ERROR_TEXT = {
  own_country: () => _("Citizens have no stay limit in their own country."),
  exempt: () => _("Citizens of this country are exempt from this rule: no stay limit applies to them here."),
  no_regime: () => _("Staycheck knows no rule for this passport in this country yet."),
  no_rule: (params) =>
    params.covered_from
      ? _("No rule is known for this date: the rule's data starts on {date}.", { date: formatDate(params.covered_from) })
      : _("No rule is known for this date."),
  exit_before_entry: () => _("The exit is before the entry."),
  ongoing_in_future: () => _("A trip you are still on cannot begin after today."),
  several_ongoing: () => _("Only one trip can still be going on: give the earlier one its exit date."),
  invalid_date: () => _("This is not a valid date."),
  date_out_of_range: (params) =>
    _("This date is outside the years Staycheck covers ({first} to {last}).", {
      first: params.first ? formatDate(params.first) : "",
      last: params.last ? formatDate(params.last) : "",
    }),
  plan_in_past: () => _("Choose today or a later day."),
  plan_overlaps_stay: () => _("You are already there on this day, on a trip you recorded. Choose a day after it."),
  too_many_stays: () => _("There are more trips than Staycheck can count at once."),
  missing_field: () => _("This field is required."),
  unknown_country: () => _("This is not a country Staycheck knows."),
  unknown_basis: () => _("This is not a basis of stay Staycheck knows."),
  unknown_regime: () => _("Staycheck knows no such rule."),
  regime_mismatch: () => _("This rule does not cover this country."),
  invalid_json: () => _("The calculator could not read the question (a bug in Staycheck)."),
  invalid_type: () => _("The calculator could not read the question (a bug in Staycheck)."),
  invalid_range: () => _("The calculator could not read the question (a bug in Staycheck)."),
  internal_error: () => _("The calculator ran into a bug. Reload the page and try again."),
};

function clearProblems() {
  for (const error of document.querySelectorAll(".field-error")) {
    error.hidden = true;
    error.textContent = "";
  }
  for (const field of document.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
  $("answer-problem").hidden = true;
}

function fieldForPath(path, meta) {
  if (!meta) return null;
  const match = /^stays\[(\d+)\](?:\.(\w+))?/.exec(path || "");
  if (match) {
    const item = document.querySelector(`.trip[data-id="${meta.stayIds[Number(match[1])]}"]`);
    if (!item) return null;
    const name = ["entry", "exit", "country"].includes(match[2]) ? match[2] : "entry";
    return { input: item.querySelector(`[name="${name}"]`), error: item.querySelector(`[data-error="${name}"]`) };
  }
  if (path === "plan" || path === "plan.entry") return { input: $("plan-entry"), error: $("plan-entry-error") };
  if (path === "nationality" || path === "destination") return { input: $(path), error: $(`${path}-error`) };
  return null;
}

function showProblem(error, meta) {
  const text = ERROR_TEXT[error.code]
    ? ERROR_TEXT[error.code](error.params || {})
    : error.message.charAt(0).toUpperCase() + error.message.slice(1);
  const field = fieldForPath(error.path, meta);
  showNoRule(error);
  $("verdict").hidden = true;
  $("timeline").hidden = true;
  $("overstays").hidden = true;
  $("plan-answer").textContent = "";
  $("plan-reason").textContent = "";
  const problem = $("answer-problem");
  problem.hidden = false;
  if (field) {
    field.input.setAttribute("aria-invalid", "true");
    field.error.textContent = text;
    field.error.hidden = false;
    const trip = field.input.closest(".trip");
    const where = trip ? trip.querySelector(".trip-title").textContent : "";
    const go = document.createElement("button");
    go.type = "button";
    go.className = "button link";
    go.textContent = _("Go to the field");
    go.addEventListener("click", () => field.input.focus());
    problem.replaceChildren(
      where ? _("{trip}: {problem}", { trip: where, problem: text }) : text,
      " ",
      go,
    );
  } else {
    problem.textContent = text;
  }
}

// The regime's title as the page's rule section shows it: in the page's language.
function regimeTitle(regime) {
  const heading = document.querySelector(`#rule [data-regime="${regime.id}"] h3`);
  return heading ? heading.textContent.trim() : regime.title;
}

function limitOf(response, kind) {
  return response.regime.version.limits.find((limit) => limit.kind === kind) || {};
}

function countedWhere(on) {
  switch (on.limit_kind) {
    case "rolling":
      return formatRange(on.window.first, on.window.last);
    case "calendar_year":
      return _("in {year}", { year: on.date.slice(0, 4) });
    default:
      return _("in this stay");
  }
}

function showAnswer(response, meta) {
  const today = response.on.date;
  const on = response.on;
  const badge = $("verdict-badge");
  const headline = $("verdict-headline");
  const subline = $("verdict-subline");
  const over = on.overstay > 0;
  const daysLeft = on.days_left ?? Math.max(0, on.limit - on.days_used);
  badge.className = `badge ${over ? "bad" : "good"}`;
  badge.textContent = over
    ? _("Over the limit")
    : response.violations.length
      ? _("Within the limit today · earlier overstays below")
      : _("Within the limit");

  const next = response.next_entry;
  let reason = "";
  if (response.present && over) {
    // The days of presence over the limit so far, as the list of overstays counts them
    // (not how far today's count is over: that is in the figures below).
    const run = response.violations.find((v) => v.first <= today && today <= v.last);
    const days = run ? run.days : on.overstay;
    headline.textContent = _n("You have overstayed by {n} day", "You have overstayed by {n} days", days);
    const leave = _("Leave as soon as you can: every further day adds to the overstay.");
    const comeBack = next && next.assumes_exit
      ? _n(
          "If you leave today, you may come back from {date} for up to {n} day.",
          "If you leave today, you may come back from {date} for up to {n} days.",
          next.max_days,
          { date: formatDate(next.earliest, "long") },
        )
      : "";
    subline.textContent = [leave, comeBack].filter(Boolean).join(" ");
  } else if (response.present && response.latest_exit) {
    headline.textContent = _("You may stay until {date}", { date: formatDate(response.latest_exit, "long") });
    subline.textContent = _n(
      "That is {n} more day, today included.",
      "That is {n} more days, today included.",
      daysInclusive(today, response.latest_exit),
    );
    const limit = response.latest_exit_limit;
    reason = limit ? limitReason(limit.limited_by, limit.later_stay, response, meta) : "";
  } else if (next && next.earliest <= today) {
    headline.textContent = _n("You may enter today and stay {n} day", "You may enter today and stay {n} days", next.max_days);
    subline.textContent = fullAllowance(next, today, _("Until {date}.", { date: formatDate(addDays(today, next.max_days - 1), "long") }));
    reason = limitReason(next.limited_by, next.later_stay, response, meta);
  } else if (next) {
    headline.textContent = _("You may enter again from {date}", { date: formatDate(next.earliest, "long") });
    subline.textContent = fullAllowance(next, today, _n("Then you may stay up to {n} day.", "Then you may stay up to {n} days.", next.max_days));
    reason = limitReason(next.limited_by, next.later_stay, response, meta);
  } else {
    headline.textContent = _("No limit stops you within the period Staycheck looks ahead.");
    subline.textContent = "";
  }
  $("verdict-reason").textContent = reason;
  $("verdict-reason").hidden = !reason;

  const facts = [
    [_("Days used"), `${on.days_used} / ${on.limit}`, countedWhere(on)],
    // Not how long one may stay (days drop out of the window as new ones come in: the
    // headline says that), but what today's window has room for.
    [_("Days left"), String(daysLeft), _("in today's window")],
  ];
  if (response.current_stay) {
    // A cap per entry beside the main limit (Russia: 90 a year, and 90 at a time).
    const perEntry = (on.checks || []).find((check) => check.kind === "per_entry" && on.limit_kind !== "per_entry");
    facts.push([
      _("This stay"),
      perEntry ? `${response.current_stay.days} / ${perEntry.limit}` : String(response.current_stay.days),
      _("since {date}", { date: formatDate(response.current_stay.entry) }),
    ]);
  }
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
  const share = on.limit ? Math.min(1, on.days_used / on.limit) : 0;
  $("meter-fill").style.width = `${(share * 100).toFixed(1)}%`;
  $("meter").classList.toggle("over", over);

  // A few warnings are read; hundreds (an import with every trip twice) bury the answer.
  const warnings = response.warnings.slice(0, MAX_WARNINGS).map((warning) => warningText(warning, meta));
  const more = response.warnings.length - warnings.length;
  if (more > 0) warnings.push(_n("…and {n} more warning like these.", "…and {n} more warnings like these.", more));
  $("warnings").replaceChildren(
    ...warnings.map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    }),
  );
  $("verdict").hidden = false;

  showTimeline(response, today);
  showPlan(response, meta);
  showViolations(response, meta);
  showRule(response);
  showPrintSummary(response);
}

const MAX_WARNINGS = 5;

// The core's warnings in the page's words, with the trips numbered as on the page.
function warningText(warning, meta) {
  const params = warning.params || {};
  switch (warning.code) {
    case "overlap": {
      const stays = current().stays;
      const numbers = (params.stays || []).map((index) => stays.findIndex((s) => s.id === meta.stayIds[index]) + 1);
      numbers.sort((a, b) => a - b);
      return _("Trips {trips} overlap; their days are counted once.", { trips: numbers.join(", ") });
    }
    case "unchecked_days":
      return _("The days from {first} to {last} count toward later limits, but no rule is known to check them against.", {
        first: formatDate(params.first),
        last: formatDate(params.last),
      });
    case "nationality_not_covered":
      return _("This rule does not list your passport; the answer applies it anyway. Check that it is the right rule for you.");
    default:
      return warning.message;
  }
}

function fullAllowance(next, today, first) {
  if (next.full && next.full > today && next.full_days > next.max_days) {
    const full = _n("The full {n} day is available from {date}.", "The full {n} days are available from {date}.", next.full_days, { date: formatDate(next.full, "long") });
    return `${first} ${full}`;
  }
  return first;
}

function showTimeline(response, today) {
  const section = $("timeline");
  section.hidden = !response.chart.present.some((day) => day > 0); // nothing to draw yet
  if (section.hidden) return;
  drawChart($("chart"), response.chart, today);
  $("timeline-caption").textContent = _("Each day: how many days count in the window that ends that day. Today is marked.");
}

const LIMIT_REASON = {
  rolling: (response) => {
    const limit = limitOf(response, "rolling");
    return _n("What limits it: at most {n} day in any period of {period} days.", "What limits it: at most {n} days in any period of {period} days.", limit.days, { period: limit.period });
  },
  calendar_year: (response) => {
    const days = limitOf(response, "calendar_year").days;
    return _n("What limits it: at most {n} day in each calendar year.", "What limits it: at most {n} days in each calendar year.", days);
  },
  per_entry: () => _("What limits it: the longest single stay allowed."),
  break: () => _("What limits it: the break required after a long stay."),
  no_rule: () => _("What limits it: no rule is known for the days after it."),
};

// Why a stay cannot last longer: the core's `limited_by` and `later_stay` (the index of a
// recorded trip) for the plan, the latest exit and the next entry, in the page's words.
function limitReason(limitedBy, laterStay, response, meta) {
  if (limitedBy === "later_stay" || limitedBy === "next_trip") {
    const later = current().stays.find((stay) => stay.id === meta.stayIds[laterStay]);
    if (!later) return _("What limits it: a later trip you recorded.");
    const date = formatDate(later.entry, "long");
    return limitedBy === "later_stay"
      ? _("What limits it: your trip recorded from {date}. Staying longer would put that trip over the limit.", { date })
      : _("What limits it: your next recorded trip begins on {date}.", { date });
  }
  return LIMIT_REASON[limitedBy] ? LIMIT_REASON[limitedBy](response) : "";
}

function showPlan(response, meta) {
  const plan = response.plan;
  const answer = $("plan-answer");
  const reason = $("plan-reason");
  answer.classList.remove("bad");
  if (!plan) {
    answer.textContent = "";
    reason.textContent = _("Pick a day to see how long you could stay if you entered then.");
    return;
  }
  if (plan.max_days <= 0) {
    answer.textContent = _("You may not enter on {date}.", { date: formatDate(plan.entry, "long") });
    answer.classList.add("bad");
  } else {
    answer.textContent = _n(
      "If you enter on {entry}, you may stay until {last} ({n} day).",
      "If you enter on {entry}, you may stay until {last} ({n} days).",
      plan.max_days,
      { entry: formatDate(plan.entry, "long"), last: formatDate(plan.last_day, "long") },
    );
  }
  reason.textContent = limitReason(plan.limited_by, plan.later_stay, response, meta);
}

const VIOLATION_WHY = {
  rolling: (v) => _n("More than {n} day in the window. Leaving and coming back does not reset this count: only days that drop out of the window do.", "More than {n} days in the window. Leaving and coming back does not reset this count: only days that drop out of the window do.", v.limit),
  per_entry: (v) => _n("A single stay longer than {n} day. Under this rule each new entry starts a new count, so leaving and coming back (a “visa run”) resets it, but staying on does not.", "A single stay longer than {n} days. Under this rule each new entry starts a new count, so leaving and coming back (a “visa run”) resets it, but staying on does not.", v.limit),
  calendar_year: (v) => _n("More than {n} day in one calendar year. The count restarts on 1 January, not when you leave.", "More than {n} days in one calendar year. The count restarts on 1 January, not when you leave.", v.limit),
  break: () => _("Came back before the required break was over."),
};

function showViolations(response, meta) {
  const over = new Set(response.violations.flatMap((violation) => (violation.stays || []).map((index) => meta.stayIds[index])));
  for (const item of document.querySelectorAll(".trip")) {
    item.classList.toggle("over", over.has(item.dataset.id));
    item.querySelector(".trip-over").hidden = !over.has(item.dataset.id);
  }
  const list = $("violation-list");
  list.replaceChildren(
    ...response.violations.map((violation) => {
      const item = document.createElement("li");
      const when = document.createElement("strong");
      when.textContent = formatRange(violation.first, violation.last);
      const what = document.createElement("span");
      const over = _n("{n} day over the limit", "{n} days over the limit", violation.days);
      const peak = _n("up to {peak} days counted against a limit of {n} day", "up to {peak} days counted against a limit of {n} days", violation.limit, { peak: violation.peak });
      what.textContent = ` · ${over} · ${peak}`;
      const why = document.createElement("p");
      why.className = "hint";
      why.textContent = VIOLATION_WHY[violation.limit_kind] ? VIOLATION_WHY[violation.limit_kind](violation) : "";
      item.append(when, what, why);
      return item;
    }),
  );
  $("no-violations").hidden = response.violations.length > 0;
  $("overstays").classList.toggle("none", response.violations.length === 0);
  $("overstays").hidden = false;
}

function showRule(response) {
  const regime = response.regime;
  const { passport, destination } = chosenNames();
  $("rule-why").textContent = _("For a passport of {passport} going to {destination}, this rule applies: {title}.", {
    passport,
    destination,
    title: regimeTitle(regime),
  });
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

// Where no rule applies (at home, exempt, or no rule known), the rule panel says why and
// shows the destination's rules instead of the last answer's.
const NO_RULE_WHY = {
  own_country: () => _("{destination} is the country of your passport: no stay limit applies.", chosenNames()),
  exempt: () => _("Citizens of {passport} are exempt from this rule in {destination}:", chosenNames()),
  no_regime: () => _("Staycheck knows these rules for {destination}, none of them for a passport of {passport}:", chosenNames()),
};

function showNoRule(error) {
  const why = NO_RULE_WHY[error.code];
  if (!why) return;
  $("rule-why").textContent = why();
  showRegimes(error.code === "own_country" ? [] : error.params.regimes || []);
}

function chosenNames() {
  return {
    passport: $("nationality").selectedOptions[0]?.textContent || "",
    destination: $("destination").selectedOptions[0]?.textContent || "",
  };
}

function showRegimes(ids) {
  for (const article of document.querySelectorAll("#rule .regime")) {
    article.hidden = !ids.includes(article.dataset.regime);
  }
}

function showPrintSummary(response) {
  const traveller = current();
  const today = response.on.date;
  const rows = traveller.stays.filter(store.isComplete).map((stay) => {
    const row = document.createElement("tr");
    const last = stay.ongoing ? today : stay.exit;
    const cells = [
      formatDate(stay.entry),
      stay.ongoing ? _("still there") : formatDate(stay.exit),
      $("destination").querySelector(`option[value="${stay.country}"]`)?.textContent || stay.country,
      $("trip-template").content.querySelector(`[name="basis"] option[value="${stay.basis}"]`)?.textContent || stay.basis,
      last >= stay.entry ? String(daysInclusive(stay.entry, last)) : "",
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
  $("print-meta").textContent = _("{name} · passport: {passport} · calculated by Staycheck on {date} under “{rule}”, in force from {effective}.", {
    name: travellerLabel(traveller, state.travellers.indexOf(traveller)),
    passport: chosenNames().passport || traveller.nationality,
    date: formatDate(today, "long"),
    rule: regimeTitle(response.regime),
    effective: formatDate(response.regime.version.effective_from, "long"),
  });
}

// --- Editing ----------------------------------------------------------------------

function changed({ structure = false } = {}) {
  persist();
  if (structure) renderAll();
  schedule();
}

$("traveller-tabs").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-id]");
  if (!button || button.dataset.id === state.current) return;
  state.current = button.dataset.id;
  changed({ structure: true });
  document.querySelector(`#traveller-tabs [data-id="${state.current}"]`)?.focus();
});

$("add-traveller").addEventListener("click", () => {
  const traveller = store.newTraveller(current());
  state.travellers.push(traveller);
  state.current = traveller.id;
  changed({ structure: true });
  $("traveller-name").focus();
});

$("remove-traveller").addEventListener("click", () => {
  const traveller = current();
  const label = travellerLabel(traveller, state.travellers.indexOf(traveller));
  if (!window.confirm(_("Remove {name} and all their trips from this device?", { name: label }))) return;
  state.travellers = state.travellers.filter((t) => t.id !== traveller.id);
  state.current = state.travellers[0].id;
  changed({ structure: true });
});

$("traveller-name").addEventListener("input", (event) => {
  current().name = event.target.value;
  persist();
  const index = state.travellers.indexOf(current());
  const tab = document.querySelector(`#traveller-tabs [data-id="${state.current}"]`);
  if (tab) tab.textContent = travellerLabel(current(), index);
});

for (const field of ["nationality", "destination"]) {
  $(field).addEventListener("change", (event) => {
    current()[field] = event.target.value;
    changed();
  });
}

$("add-trip").addEventListener("click", () => {
  const traveller = current();
  const stay = store.newStay(traveller);
  traveller.stays.push(stay);
  persist();
  renderTrips();
  document.querySelector(`.trip[data-id="${stay.id}"] [name="entry"]`).focus();
});

function onTripEdit(event) {
  const item = event.target.closest(".trip");
  const name = event.target.name;
  if (!item || !name) return;
  const stay = current().stays.find((s) => s.id === item.dataset.id);
  if (!stay) return;
  if (name === "ongoing") {
    stay.ongoing = event.target.checked;
    const exit = item.querySelector('[name="exit"]');
    exit.disabled = stay.ongoing;
    exit.value = stay.ongoing ? "" : stay.exit;
  } else {
    stay[name] = event.target.value;
  }
  updateTripSummary(item, stay);
  changed();
}
$("trip-list").addEventListener("input", onTripEdit);
$("trip-list").addEventListener("change", onTripEdit);

$("trip-list").addEventListener("click", (event) => {
  const button = event.target.closest('[data-action="delete-trip"]');
  if (!button) return;
  const item = button.closest(".trip");
  const traveller = current();
  const index = traveller.stays.findIndex((s) => s.id === item.dataset.id);
  traveller.stays.splice(index, 1);
  persist();
  renderTrips();
  schedule();
  const next = document.querySelectorAll('.trip [data-action="delete-trip"]')[Math.min(index, traveller.stays.length - 1)];
  (next || $("add-trip")).focus();
});

$("plan-entry").addEventListener("change", (event) => {
  current().plan = event.target.value ? { entry: event.target.value } : null;
  changed();
});

// --- Your data --------------------------------------------------------------------

function tell(text, { error = false } = {}) {
  const message = $("data-message");
  message.textContent = text;
  message.classList.toggle("error", error);
}

$("export-json").addEventListener("click", () => {
  const name = `staycheck-${todayISO()}.json`;
  exporters.download(name, "application/json", exporters.jsonExport(state));
  tell(_("Saved {file}. Keep it somewhere safe: it holds all your trips.", { file: name }));
});

$("export-csv").addEventListener("click", () => {
  const name = `staycheck-${todayISO()}.csv`;
  exporters.download(name, "text/csv", exporters.csvExport(state, todayISO()));
  tell(_("Saved {file}.", { file: name }));
});

$("export-ics").addEventListener("click", () => {
  const traveller = current();
  if (!latest || latest.travellerId !== traveller.id) {
    tell(_("There is no answer yet to take dates from."), { error: true });
    return;
  }
  const destination = chosenNames().destination || traveller.destination;
  const events = exporters.calendarEvents(traveller, latest.response, destination);
  if (!events.length) {
    tell(_("There is no date to add to a calendar right now."), { error: true });
    return;
  }
  const stamp = `${new Date().toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`;
  const name = `staycheck-${todayISO()}.ics`;
  exporters.download(name, "text/calendar", exporters.icsExport(traveller, events, stamp));
  tell(_n("Saved {file} with {n} date. Open it to add it to your calendar.", "Saved {file} with {n} dates. Open it to add them to your calendar.", events.length, { file: name }));
});

$("import-file").addEventListener("change", async (event) => {
  const input = event.target;
  const file = input.files && input.files[0];
  input.value = "";
  if (!file) return;
  try {
    if (file.size > store.MAX_IMPORT_BYTES) {
      throw new store.ImportError(_("This file is too large to be a Staycheck export."));
    }
    const countries = new Set([...$("nationality").options].map((option) => option.value));
    const travellers = store.parseImport(await file.text(), countries);
    // An imported traveller replaces the one of the same name: never without asking.
    const replaced = store
      .replacedBy(state, travellers)
      .map((traveller) => travellerLabel(traveller, state.travellers.indexOf(traveller)));
    const question = _("Replace the trips of {names} with those in {file}?", { names: replaced.join(", "), file: file.name });
    if (replaced.length && !window.confirm(question)) {
      tell(_("Nothing was imported."));
      return;
    }
    state = store.mergeTravellers(state, travellers);
    changed({ structure: true });
    tell(_n("Imported {n} traveller from {file}.", "Imported {n} travellers from {file}.", travellers.length, { file: file.name }));
  } catch (error) {
    if (!(error instanceof store.ImportError)) throw error;
    const nothing = _("Nothing was imported.");
    tell(`${nothing} ${error.message}`, { error: true });
  }
});

$("print").addEventListener("click", () => window.print());

$("rule").addEventListener("click", (event) => {
  const button = event.target.closest("[data-action='show-versions']");
  if (!button) return;
  const versions = button.closest(".regime").querySelector(".versions");
  versions.classList.toggle("show-all");
  button.setAttribute("aria-expanded", String(versions.classList.contains("show-all")));
});

$("erase").addEventListener("click", () => {
  if (!window.confirm(_("Erase every traveller and trip from this device? This cannot be undone."))) return;
  store.erase();
  storageProblem = null;
  $("storage-problem").hidden = true;
  state = store.load().state;
  persist();
  changed({ structure: true });
  tell(_("Everything was erased from this device."));
});

// --- Offline and updates ----------------------------------------------------------

function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker
    // The worker at the top of the site, whichever language's folder this page is in.
    .register(new URL("../sw.js", import.meta.url))
    .then((registration) => {
      const offer = () => {
        if (registration.waiting && navigator.serviceWorker.controller) $("update").hidden = false;
      };
      offer();
      registration.addEventListener("updatefound", () => {
        registration.installing?.addEventListener("statechange", offer);
      });
      $("update-reload").addEventListener("click", () => {
        if (!registration.waiting) return location.reload();
        navigator.serviceWorker.addEventListener("controllerchange", () => location.reload(), { once: true });
        registration.waiting.postMessage({ type: "skip-waiting" });
      });
    })
    .catch(() => {
      // Without a service worker the site still works; it just needs the network.
    });
}

let resizeTimer = 0;
addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (latest && !$("timeline").hidden) drawChart($("chart"), latest.response.chart, latest.response.on.date);
  }, 150);
});

// --- Start ------------------------------------------------------------------------

initHistory({ state: () => state, changed: () => changed({ structure: true }) });
renderAll();
compute(); // queued by the worker until Python is ready: no round trip lost then
catalogLoaded.then(() => {
  if (storageProblem) {
    const note = $("storage-problem");
    note.hidden = false;
    note.textContent =
      storageProblem === "newer"
        ? _("Your saved trips were written by a newer version of Staycheck. Reload the page to update; until then, changes made here are not saved.")
        : _("Your saved trips could not be read. A copy was kept in this browser’s storage, and you start afresh.");
  }
  // The parts drawn before the catalog arrived, again in the page's language.
  renderTravellers();
  renderTrips();
});
