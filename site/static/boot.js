// Starts the calculator worker as early as possible: index.html loads this module with
// `async`, so it runs as soon as it arrives, not after the page is parsed and painted,
// and Python's download begins while the rest of the page's scripts arrive.
// app.js imports the same module instance and talks to the worker (see protocol.js).

// In a frame (frame-check.js says so) nothing of the calculator runs: every part of it
// imports this module, which stops here.
if (document.documentElement.dataset.framed !== undefined) {
  throw new Error("Staycheck does not run in a frame");
}

/** A new calculator worker (calculator.js starts another when one crashed). */
export const startWorker = () => new Worker(new URL("./worker.js", import.meta.url), { type: "module" });

export const worker = startWorker();

// Messages and errors that arrive before app.js listens are kept and handed over in order.
const early = [];
const keep = (event) => early.push(event);
worker.addEventListener("message", keep);
worker.addEventListener("error", keep);

export function listen(handler) {
  worker.removeEventListener("message", keep);
  worker.removeEventListener("error", keep);
  worker.addEventListener("message", handler);
  worker.addEventListener("error", handler);
  for (const event of early.splice(0)) handler(event);
}
