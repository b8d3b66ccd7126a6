// The start-up as the page shows it: the calculator's stages, a failure to start, and
// saved trips that could not be used.

import { _ } from "./i18n.js";
import { STAGES } from "./protocol.js";

const $ = (id) => document.getElementById(id);

const STAGE_TEXT = {
  runtime: () => _("Starting the calculator: loading Python…"),
  core: () => _("Loading the rules…"),
  ready: () => _("Ready"),
};

export function showStage(stage, message) {
  performance.mark(`staycheck:${stage}`, { detail: message });
  const loading = $("loading");
  $("loading-text").textContent = STAGE_TEXT[stage]();
  for (const step of loading.querySelectorAll("[data-stage]")) {
    const position = STAGES.indexOf(step.dataset.stage);
    step.classList.toggle("done", position < STAGES.indexOf(stage));
    step.classList.toggle("active", position === STAGES.indexOf(stage));
  }
  loading.hidden = stage === "ready";
  if (stage === "ready") loading.dataset.from = message.from; // for tests and support
}

export function showFailure(message) {
  const loading = $("loading");
  loading.hidden = false;
  loading.classList.add("failed");
  loading.setAttribute("role", "alert");
  $("loading-text").textContent = _("The calculator could not start ({message}). Reload the page to try again.", { message });
}

/** The stored trips could not be used: `problem` "newer" or "broken" (see store.load). */
export function showStorageProblem(problem) {
  const note = $("storage-problem");
  note.hidden = false;
  note.textContent =
    problem === "newer"
      ? _("Your saved trips were written by a newer version of Staycheck. Reload the page to update; until then, changes made here are not saved.")
      : _("Your saved trips could not be read. A copy was kept in this browser’s storage, and you start afresh.");
}
