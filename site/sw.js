// The service worker: keeps the whole site, the Python runtime included, in one cache
// named after the build, so the calculator opens and works offline after a first visit.
// A new deployment ships a new sw.js (its cache name changes with any file): the new
// worker fills its own cache, waits until the page asks it to take over (or until every
// tab of the old version is closed), then deletes the caches of older builds.

const CACHE = {{ cache_name|tojson }};
const FILES = {{ files|tojson }};

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

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const cached = await cache.match(request, { ignoreSearch: true });
      if (cached) return cached;
      if (request.mode === "navigate") {
        const page = await cache.match("./");
        if (page && new URL(request.url).pathname.endsWith("/")) return page;
      }
      return fetch(request);
    }),
  );
});
