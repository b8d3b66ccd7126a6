// Offline and updates: the service worker (sw.js) keeps a copy of the site; a new
// version waiting is offered with a reload button.

const $ = (id) => document.getElementById(id);

export function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker
    // The worker at the top of the site, whichever language's folder this page is in.
    .register(new URL("../sw.js", import.meta.url))
    .then((registration) => {
      const offer = () => {
        if (registration.waiting && navigator.serviceWorker.controller) $("update").hidden = false;
      };
      offer();
      registration.addEventListener("updatefound", () => {
        registration.installing?.addEventListener("statechange", offer);
      });
      $("update-reload").addEventListener("click", () => {
        if (!registration.waiting) return location.reload();
        navigator.serviceWorker.addEventListener("controllerchange", () => location.reload(), { once: true });
        registration.waiting.postMessage({ type: "skip-waiting" });
      });
    })
    .catch(() => {
      // Without a service worker the site still works; it just needs the network.
    });
}
