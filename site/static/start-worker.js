// Starts the calculator worker while the page is still being parsed, on a return visit:
// a classic script that build.py writes into the calculator page's <head> (the CSP allows
// it by its hash), right after frame-check.js. Messages and errors that arrive before
// app.js listens are kept, in order; boot.js hands the worker and them over. Where it does
// not start the worker (a first visit, a refused script), boot.js does, as app.js runs.

(() => {
  if (document.documentElement.dataset.framed !== undefined) return; // frame-check.js
  // Only when the service worker serves the page from its cache. On a first visit the
  // worker's 6 MB of downloads would share the network with the page's own scripts:
  // started as app.js runs instead, the form was usable 25-50 ms sooner and the first
  // answer came as soon (cold visits, BENCHMARKS.md, issue 13, tenth pass). A return visit
  // started so answered 70 ms later: there the inline start stays.
  if (!navigator.serviceWorker?.controller) return;
  const url = document.currentScript.dataset.worker;
  const worker = new Worker(url, { type: "module" });
  const early = [];
  const keep = (event) => early.push(event);
  worker.addEventListener("message", keep);
  worker.addEventListener("error", keep);
  window.staycheckStarted = { worker, early, keep };
})();
