// The snapshot as it is once decoded, kept gzip-compressed in Cache Storage by the worker
// (worker.js), so that its next start reads it instead of the xz file: the browser
// decompresses gzip natively in tens of milliseconds, where decoding the xz file in
// WebAssembly costs 500-800 ms of the worker's time on every start, warm or cold.
//
// One copy is kept: it is named after the snapshot file's name (its content's digest,
// the same across builds that did not change it), and making one deletes any other. The
// cache is the worker's own, not one of the service worker's builds (sw.js deletes those
// and leaves this one, by its name): a start without the copy, or with a copy it cannot
// read, decodes the xz file as before. Storage that fails (a private window, a full disk) only means there
// is no copy; Cache Storage writes an entry only once its whole body has arrived.

const CACHE = "staycheck-snapshot-copy";

// Where the copy of the snapshot file at `url` is kept: a key only, never fetched, at the
// top of the site (where the service worker's own .build-order is).
const keyOf = (url) => new URL(`../../.snapshot-copy/${url.split("/").pop()}.gz`, url).href;

const open = () => caches.open(CACHE);

/** The decoded snapshot's bytes kept for the file at `url` (a ReadableStream), or null. */
export async function keptCopy(url) {
  try {
    // Not open(): that would make the cache on every first visit.
    const response = await caches.match(keyOf(url), { cacheName: CACHE });
    return response ? response.body.pipeThrough(new DecompressionStream("gzip")) : null;
  } catch {
    return null; // no Cache Storage here (or not now): no copy
  }
}

/** Deletes the copy kept for `url` (one that could not be read). */
export async function forgetCopy(url) {
  try {
    await (await open()).delete(keyOf(url));
  } catch {
    // nothing to delete, or nothing deletable: the next start tries the copy, and fails, again
  }
}

/**
 * Keeps the decoded snapshot of the file at `url`, as `decode(write)` gives it to `write`
 * piece by piece (each a view it may reuse once `write`'s promise settles), in place of
 * any other copy. Rejects if it could not; then no copy of it is kept.
 */
export async function keepCopy(url, decode) {
  const cache = await open();
  for (const request of await cache.keys()) {
    if (request.url !== keyOf(url)) await cache.delete(request);
  }
  const gzip = new CompressionStream("gzip");
  const writer = gzip.writable.getWriter();
  const stored = cache.put(keyOf(url), new Response(gzip.readable));
  try {
    // Written one piece at a time, each after the one before was taken: the compressed
    // copy streams to disk and is never whole in memory.
    await decode(async (bytes) => {
      await writer.ready;
      await writer.write(bytes.slice());
    });
    await writer.close();
  } catch (error) {
    writer.abort(error).catch(() => {});
    await stored.catch(() => {});
    throw error;
  }
  await stored;
}
