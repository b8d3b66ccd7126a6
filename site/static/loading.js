// The start-up as the page shows it: the calculator's stages, a failure to start, and
// saved trips that could not be used.

import { _, _n } from "./i18n.js";
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

const STORAGE_TEXT = {
  newer: () => _("Your saved trips were written by a newer version of Staycheck. Reload the page to update; until then, changes made here are not saved."),
  broken: () => _("Your saved trips could not be read. A copy was kept in this browser’s storage, and you start afresh."),
  damaged: ({ lost }) =>
    _n(
      "Part of your saved trips could not be read: {n} damaged entry was left out, the rest is here. A copy of what was stored was kept in this browser’s storage.",
      "Part of your saved trips could not be read: {n} damaged entries were left out, the rest is here. A copy of what was stored was kept in this browser’s storage.",
      lost,
    ),
  blocked: () =>
    _(
      "This browser does not let the page keep data, so nothing you enter is saved: it is gone when you close the page. The calculator works all the same; export your trips to keep them.",
    ),
  full: () =>
    _(
      "This browser’s storage is full, so your last change was not saved: it is on screen, but a reload would lose it. Export your trips to keep them, then free some space.",
    ),
};

/**
 * The stored trips could not be used or kept: `problem` is one of store.load's ("newer",
 * "broken", "damaged", "blocked") or "full" (a write did not fit); `details` is what
 * store.load returned. Where trips may be lost, the notice offers the export.
 */
export function showStorageProblem(problem, details = {}) {
  const note = $("storage-problem");
  note.hidden = false;
  note.dataset.problem = problem;
  $("storage-problem-text").textContent = STORAGE_TEXT[problem](details);
  $("storage-export").hidden = !["blocked", "full", "damaged"].includes(problem);
}
