// The service worker: keeps the whole site, the Python runtime included, in one cache
// named after the build, so the calculator opens and works offline after a first visit.
// A new deployment ships a new sw.js (its cache name changes with any file): the new
// worker fills its own cache, waits until the page asks it to take over (or until every
// tab of the old version is closed), then deletes the caches of older builds.
//
// What only the worker's fallback start needs (when it cannot use the memory snapshot)
// is not downloaded at install: it is cached the first time it is asked for, so a
// browser that restores the snapshot never downloads it.
//
// Everything is answered from the cache, with one exception for speed: while the site's
// server answers, the Pyodide runtime (whose folder is named after its version, so its
// URLs always mean the same bytes) is left to the browser's own HTTP cache. Chromium
// keeps the compiled WebAssembly next to an HTTP-cached file but not next to one a
// service worker hands over, and compiling the runtime again costs seconds on each visit.

const CACHE = {{ cache_name|tojson }};
const FILES = {{ files|tojson }};
const ON_DEMAND = {{ on_demand|tojson }}.map((file) => new URL(file, self.location).href);
const RUNTIME = new URL({{ runtime|tojson }}, self.location).href;

// Whether the server answered the probe made at the latest page load.
let serverAnswers = false;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // "no-cache": revalidate with the server, so no stale copy of an older build
      // from the HTTP cache ends up in the new cache.
      cache.addAll(FILES.map((file) => new Request(file, { cache: "no-cache" }))),
    ),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("staycheck-") && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "skip-waiting") self.skipWaiting();
});

function probeServer() {
  return fetch(new Request("./", { cache: "no-cache" }))
    .then((response) => {
      serverAnswers = response.ok;
    })
    .catch(() => {
      serverAnswers = false;
    });
}

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  if (request.mode === "navigate" && new URL(request.url).pathname.endsWith("/")) {
    const page = await cache.match(new URL("index.html", request.url));
    if (page) return page;
  }
  const response = await fetch(request);
  if (response.ok && ON_DEMAND.includes(request.url)) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    serverAnswers = false;
    event.waitUntil(probeServer());
  } else if (serverAnswers && request.url.startsWith(RUNTIME) && !ON_DEMAND.includes(request.url)) {
    return; // the browser's HTTP cache, with its compiled code
  }
  event.respondWith(fromCache(request));
});
