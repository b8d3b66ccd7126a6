// The start-up as the page shows it: the calculator's stages and download progress, a
// failure to start (with a retry), a crashed calculator starting again, an answer that
// no longer matches the trips, and saved trips that could not be used.

import { _, _n, formatNumber } from "./i18n.js";
import { STAGES } from "./protocol.js";

const $ = (id) => document.getElementById(id);

const STAGE_TEXT = {
  runtime: () => _("Starting the calculator: loading Python…"),
  core: () => _("Loading the rules…"),
  ready: () => _("Ready"),
};

/** The loading box back to its normal look (after a failure, when starting again). */
function unfail(loading) {
  loading.classList.remove("failed");
  loading.setAttribute("role", "status");
  $("loading-retry").hidden = true;
  $("loading-detail").hidden = true;
}

export function showStage(stage, message) {
  performance.mark(`staycheck:${stage}`, { detail: message });
  const loading = $("loading");
  unfail(loading);
  $("loading-text").textContent = STAGE_TEXT[stage]();
  for (const step of loading.querySelectorAll("[data-stage]")) {
    const position = STAGES.indexOf(step.dataset.stage);
    step.classList.toggle("done", position < STAGES.indexOf(stage));
    step.classList.toggle("active", position === STAGES.indexOf(stage));
  }
  loading.hidden = stage === "ready";
  if (stage === "ready") loading.dataset.from = message.from; // for tests and support
}

const megabytes = (bytes) => formatNumber(bytes / 1e6, 1);

/** Bytes of start-up's downloads received so far, of `total` (see protocol.js). */
export function showProgress({ received, total }) {
  const bar = $("loading-progress");
  if (!total) return;
  bar.hidden = false;
  bar.max = total;
  bar.value = received;
  bar.dataset.received = received; // for tests: the bar's value is a float
  const text = $("loading-bytes");
  text.hidden = false;
  text.textContent =
    received < total
      ? _("Downloading: {received} of {total} MB", { received: megabytes(received), total: megabytes(total) })
      : _("Downloaded: {total} MB", { total: megabytes(total) });
}

const FAILURE_TEXT = {
  download_failed: (error) => _("A file the calculator needs could not be downloaded ({message}). Check your connection, then try again.", error),
  runtime_damaged: (error) =>
    _("The calculator’s Python runtime arrived damaged or incomplete ({message}). Try again; if it fails again, check your connection.", error),
  worker_crashed: (error) => _("The calculator stopped working and could not be started again ({message}).", error),
  worker_timeout: () => _("The calculator stopped answering and could not be started again."),
  start_failed: (error) => _("The calculator could not start ({message}).", error),
};

/** The calculator cannot answer: `error` is {code, message} (protocol.js, calculator.js);
 * `retry()` starts it again. The form stays usable meanwhile. */
export function showFailure(error, retry) {
  const loading = $("loading");
  loading.hidden = false;
  loading.classList.add("failed");
  loading.setAttribute("role", "alert");
  loading.dataset.failure = error.code;
  $("loading-text").textContent = (FAILURE_TEXT[error.code] || FAILURE_TEXT.start_failed)(error);
  const detail = $("loading-detail");
  detail.hidden = false;
  detail.textContent = _("You can go on entering your trips: they are answered once the calculator runs.");
  for (const id of ["loading-progress", "loading-bytes"]) $(id).hidden = true;
  const button = $("loading-retry");
  button.hidden = false;
  button.onclick = () => {
    unfail(loading);
    $("loading-text").textContent = STAGE_TEXT.runtime();
    retry();
  };
}

/** The calculator crashed (`error` {code, message}, see calculator.js) and starts again. */
export function showRestarting(error) {
  const loading = $("loading");
  unfail(loading);
  loading.hidden = false;
  $("loading-text").textContent =
    error.code === "worker_timeout"
      ? _("The calculator stopped answering; starting it again…")
      : _("The calculator stopped ({message}); starting it again…", error);
}

/** Marks the answer on screen as out of date (it is for trips as they were before the
 * latest change), or current again. */
export function showStale(stale) {
  if (stale) document.body.dataset.stale = "";
  else delete document.body.dataset.stale;
  $("answer-stale").hidden = !stale || $("verdict").hidden;
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
