// The calculator worker: on a return visit start-worker.js, inline in the page, started it
// while the page was parsed and kept what it said since; this module hands it to app.js
// (calculator.js), starts it on a first visit, and starts a new one when asked (a crash).

// In a frame (frame-check.js says so) nothing of the calculator runs: every part of it
// imports this module, which stops here.
if (document.documentElement.dataset.framed !== undefined) {
  throw new Error("Staycheck does not run in a frame");
}

/** A new calculator worker (calculator.js starts another when one crashed). */
export const startWorker = () => new Worker(new URL("./worker.js", import.meta.url), { type: "module" });

// Without the inline start (a first visit, or a page or browser that did not run it) the
// worker starts here, in the task in which app.js then listens: nothing it says can come
// before that.
const started = globalThis.staycheckStarted ?? { worker: startWorker(), early: [], keep: null };
export const worker = started.worker;

export function listen(handler) {
  worker.removeEventListener("message", started.keep);
  worker.removeEventListener("error", started.keep);
  worker.addEventListener("message", handler);
  worker.addEventListener("error", handler);
  for (const event of started.early.splice(0)) handler(event);
}
