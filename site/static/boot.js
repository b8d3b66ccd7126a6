// Starts the calculator worker as early as possible: index.html loads this module with
// `async`, so it runs as soon as it arrives, not after the page is parsed and painted,
// and Python's download begins while the rest of the page's scripts arrive.
// app.js imports the same module instance and talks to the worker (see protocol.js).

export const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });

// Messages that arrive before app.js listens are kept and handed over in order.
const early = [];
const keep = (event) => early.push(event);
worker.addEventListener("message", keep);

export function listen(handler) {
  worker.removeEventListener("message", keep);
  worker.addEventListener("message", handler);
  for (const event of early.splice(0)) handler(event);
}
