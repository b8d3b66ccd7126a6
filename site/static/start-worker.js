// Starts the calculator worker while the page is still being parsed: a classic script
// that build.py writes into the calculator page's <head> (the CSP allows it by its hash),
// right after frame-check.js. As a module (boot.js, async), the worker began only when
// the parser and the first layout let the module run: 250-350 ms into a cold visit
// (issue 13). Messages and errors that arrive before app.js listens are kept, in order;
// boot.js hands the worker and them over.

(() => {
  if (document.documentElement.dataset.framed !== undefined) return; // frame-check.js
  const url = document.currentScript.dataset.worker;
  const worker = new Worker(url, { type: "module" });
  const early = [];
  const keep = (event) => early.push(event);
  worker.addEventListener("message", keep);
  worker.addEventListener("error", keep);
  window.staycheckStarted = { worker, early, keep };
})();
