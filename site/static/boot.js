// The calculator worker: start-worker.js, inline in the page, started it while the page
// was parsed and kept what it said since; this module hands it to app.js (calculator.js)
// and starts a new one when asked (a crash). The page also loads this module with
// `async`, so that without the inline start (a page that lacks it) the worker still
// begins before the page's other scripts have arrived.

// In a frame (frame-check.js says so) nothing of the calculator runs: every part of it
// imports this module, which stops here.
if (document.documentElement.dataset.framed !== undefined) {
  throw new Error("Staycheck does not run in a frame");
}

/** A new calculator worker (calculator.js starts another when one crashed). */
export const startWorker = () => new Worker(new URL("./worker.js", import.meta.url), { type: "module" });

const started = globalThis.staycheckStarted ?? keepEarly(startWorker());
export const worker = started.worker;

/** The worker with its messages and errors kept until app.js listens. */
function keepEarly(worker) {
  const early = [];
  const keep = (event) => early.push(event);
  worker.addEventListener("message", keep);
  worker.addEventListener("error", keep);
  return { worker, early, keep };
}

export function listen(handler) {
  worker.removeEventListener("message", started.keep);
  worker.removeEventListener("error", started.keep);
  worker.addEventListener("message", handler);
  worker.addEventListener("error", handler);
  for (const event of started.early.splice(0)) handler(event);
}
