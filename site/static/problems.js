// Problems: a core error shown at the field it names (`stays[3].exit`, `plan.entry`), or
// above the answer when it names none, and the calculator's own failures.

import { _ } from "./i18n.js";
import { errorText } from "./wording.js";

const $ = (id) => document.getElementById(id);

export function clearProblems() {
  for (const error of document.querySelectorAll(".field-error")) {
    error.hidden = true;
    error.textContent = "";
  }
  // A date field's own problem (form.js: "this day does not exist") stays until it is corrected.
  for (const field of document.querySelectorAll("[aria-invalid]:not([data-typed-problem])")) field.removeAttribute("aria-invalid");
  $("answer-problem").hidden = true;
}

/** The input, the error line and the trip's number for an error's `path`; `sent` is the
 * request's {stayIds, trips} (see app.js). */
function fieldForPath(path, sent) {
  if (!sent) return null;
  const match = /^stays\[(\d+)\](?:\.(\w+))?/.exec(path || "");
  if (match) {
    const index = Number(match[1]);
    const trip = document.querySelector(`.trip[data-id="${sent.stayIds[index]}"]`);
    if (!trip) return null;
    const name = ["entry", "exit", "country"].includes(match[2]) ? match[2] : "entry";
    return { input: trip.querySelector(`[name="${name}"]`), error: trip.querySelector(`[data-error="${name}"]`), trip: sent.trips.number(index) };
  }
  if (path === "plan" || path === "plan.entry") return { input: $("plan-entry"), error: $("plan-entry-error") };
  if (path === "plan.exit") return { input: $("plan-exit"), error: $("plan-exit-error") };
  if (path === "on") return { input: $("on-date"), error: $("on-error") };
  if (path === "nationality" || path === "destination") return { input: $(path), error: $(`${path}-error`) };
  return null;
}

/** Shows a core error (`{code, message, path, params}`); `sent` null for one without a request. */
export function showProblem(error, sent) {
  const text = errorText(error);
  const field = fieldForPath(error.path, sent);
  const problem = $("answer-problem");
  problem.hidden = false;
  if (!field) {
    problem.textContent = text;
    return;
  }
  field.input.setAttribute("aria-invalid", "true");
  field.error.textContent = text;
  field.error.hidden = false;
  const where = field.trip ? _("Trip {n}", { n: field.trip }) : "";
  const go = document.createElement("button");
  go.type = "button";
  go.className = "button link";
  go.textContent = _("Go to the field");
  go.addEventListener("click", () => field.input.focus());
  problem.replaceChildren(where ? _("{trip}: {problem}", { trip: where, problem: text }) : text, " ", go);
}

/** The worker could not answer a request at all. */
export function showCalculatorFailure(error) {
  showProblem({ code: error.code, message: _("The calculator failed: {message}", { message: error.message }) }, null);
}
