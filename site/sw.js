// The service worker: keeps the whole site, the Python runtime included, in one cache
// named after the build, so the calculator opens and works offline after a first visit.
//
// Updates: a page is always asked of the server first (revalidated: a reload or a link
// brings the latest deployment), and the copy kept here is used when the server does not
// answer in time. A page only refers to the assets of its own build, in the folder named
// after their content (v-<digest>/, see build.py), so whichever way a page came, its
// scripts, catalogs, core and snapshot are of one build. A new deployment ships a new
// sw.js (its cache name changes with any file): the new worker fills its own cache and
// takes over at once; it keeps the cache of the build before it, whose pages may still be
// open in other tabs (they are offered a reload by offline.js) and load their files from
// it, and deletes older ones.
//
// What only the worker's fallback start needs (when it cannot use the memory snapshot)
// is not downloaded at install: it is cached the first time it is asked for, so a
// browser that restores the snapshot never downloads it.
//
// Everything but pages is answered from the cache, with one exception for speed: while
// the site's server answers, the Pyodide runtime (whose folder is named after its version,
// so its URLs always mean the same bytes) is left to the browser's own HTTP cache. Chromium
// keeps the compiled WebAssembly next to an HTTP-cached file but not next to one a
// service worker hands over, and compiling the runtime again costs seconds on each visit.

const CACHE = {{ cache_name|tojson }};
// The build's versioned folder, which its pages load everything from (offline.js asks).
const BUILD = {{ build|tojson }};
const FILES = {{ files|tojson }};
const ON_DEMAND = {{ on_demand|tojson }}.map((file) => new URL(file, self.location).href);
const RUNTIME = new URL({{ runtime|tojson }}, self.location).href;
// How long a page waits for the server before the copy kept here is shown instead.
const PAGE_TIMEOUT_MS = 4000;

// Whether the server answered the latest page load.
let serverAnswers = false;

// Each build's cache holds its place in the order the builds were installed here (not a
// file of the site): the build before this one is the one installed last before it.
const ORDER = new URL("./.build-order", self.location).href;

// Not a build's: the calculator worker's decoded copy of the snapshot, named after its
// content (site/static/snapshot-copy.js), which the worker replaces itself when a build
// brings another snapshot; deleted with the builds, a new build whose snapshot did not
// change would decode it again.
const SNAPSHOT_COPY = "staycheck-snapshot-copy";

const olderCaches = async () =>
  (await caches.keys()).filter((name) => name.startsWith("staycheck-") && ![CACHE, SNAPSHOT_COPY].includes(name));

async function placeOf(name) {
  const place = await (await caches.open(name)).match(ORDER);
  return place ? Number(await place.text()) : 0;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const places = await Promise.all((await olderCaches()).map(placeOf));
      const cache = await caches.open(CACHE);
      // "no-cache": revalidate with the server, so no stale copy of an older build
      // from the HTTP cache ends up in the new cache.
      await cache.addAll(FILES.map((file) => new Request(file, { cache: "no-cache" })));
      await cache.put(ORDER, new Response(String(Math.max(0, ...places) + 1)));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const older = await olderCaches();
      const places = await Promise.all(older.map(placeOf));
      // The build just before this one may still be open in a tab: keep its files.
      const before = older[places.indexOf(Math.max(...places))];
      await Promise.all(older.filter((name) => name !== before).map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data?.type === "build") event.ports[0]?.postMessage({ build: BUILD });
});

/** The page from the server (revalidated), or the copy kept here if it does not answer. */
async function page(request) {
  // A navigation's own request with init becomes "same-origin": its redirects stay the
  // browser's to follow (an opaque redirect), as a navigation must have them.
  const network = fetch(request, { cache: "no-cache" });
  let timer = 0;
  const late = new Promise((resolve) => {
    timer = setTimeout(resolve, PAGE_TIMEOUT_MS);
  });
  try {
    const response = await Promise.race([network, late]);
    serverAnswers = Boolean(response?.ok);
    if (response && (response.ok || response.type === "opaqueredirect")) return response;
  } catch {
    serverAnswers = false; // offline: the copy kept here
  } finally {
    clearTimeout(timer);
  }
  network.catch(() => {});
  return (await kept(request)) ?? network;
}

/** The file from this build's cache, else from the build's before it (a tab still open
 * on it loads its own files). */
async function kept(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  if (request.mode === "navigate" && new URL(request.url).pathname.endsWith("/")) {
    const index = await cache.match(new URL("index.html", request.url));
    if (index) return index;
  }
  return caches.match(request, { ignoreSearch: true });
}

async function fromCache(request) {
  const cached = await kept(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && ON_DEMAND.includes(request.url)) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
    return;
  }
  if (serverAnswers && request.url.startsWith(RUNTIME) && !ON_DEMAND.includes(request.url)) {
    return; // the browser's HTTP cache, with its compiled code
  }
  event.respondWith(fromCache(request));
});
