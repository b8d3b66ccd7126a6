// Offline and updates: the service worker (sw.js) keeps a copy of the site and takes over
// as soon as a new deployment is installed; a page open on an older build is then offered
// a reload (which brings the new build: sw.js asks the server for pages first).

const $ = (id) => document.getElementById(id);

// This page's build: the versioned folder its scripts are in (v-<digest>/static/).
const ownBuild = new URL("..", import.meta.url).pathname.split("/").at(-2);

/** The build a service worker keeps (its versioned folder's name). */
function buildOf(worker) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data?.build);
    worker.postMessage({ type: "build" }, [channel.port2]);
  });
}

export function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  // A worker of another build took over while this page was open: this page is the old one.
  navigator.serviceWorker.addEventListener("controllerchange", async () => {
    const worker = navigator.serviceWorker.controller;
    if (worker) $("update").hidden = (await buildOf(worker)) === ownBuild;
  });
  $("update-reload").addEventListener("click", () => location.reload());
  navigator.serviceWorker
    // The worker at the top of the site, whichever language's folder this page is in.
    .register(new URL("../../sw.js", import.meta.url))
    .catch(() => {
      // Without a service worker the site still works; it just needs the network.
    });
}
