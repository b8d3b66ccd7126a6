// The calculator's start-up as the page shows it: the stages, and a failure to start.

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
