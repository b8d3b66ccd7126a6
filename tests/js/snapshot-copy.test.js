import assert from "node:assert/strict";
import { afterEach, test } from "node:test";

import { forgetCopy, keepCopy, keptCopy } from "../../site/static/snapshot-copy.js";

const SNAPSHOT = "https://example.org/site/v-0123456789ab/snapshot/d734b2c6baf1c430.bin.xz";
const CACHE = "staycheck-snapshot-copy";
const OTHER = "https://example.org/site/v-ba9876543210/snapshot/0000000000000000.bin.xz";

/** Cache Storage as the worker sees it, in memory: an entry is there once its body is read. */
function fakeCaches({ failPut = false } = {}) {
  const entries = new Map();
  const url = (request) => request.url ?? request; // a Request or a URL
  const cache = {
    async keys() {
      return [...entries.keys()].map((url) => ({ url }));
    },
    async match(request) {
      const body = entries.get(url(request));
      return body && new Response(body);
    },
    async put(request, response) {
      const body = await response.arrayBuffer();
      if (failPut) throw new DOMException("quota exceeded", "QuotaExceededError");
      entries.set(url(request), body);
    },
    async delete(request) {
      return entries.delete(url(request));
    },
  };
  const match = (request, { cacheName }) => (cacheName === CACHE ? cache.match(request) : undefined);
  return { entries, open: async () => cache, match: async (...args) => match(...args) };
}

async function read(stream) {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// What decoding gives, in pieces, as decodeXz does: views into one buffer it reuses.
const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251);
const decode = async (write) => {
  const buffer = new Uint8Array(65_536);
  for (let at = 0; at < bytes.length; at += buffer.length) {
    const piece = bytes.subarray(at, at + buffer.length);
    buffer.set(piece);
    await write(buffer.subarray(0, piece.length));
    buffer.fill(0); // reused: what was written must have been taken already
  }
};

afterEach(() => {
  delete globalThis.caches;
});

test("the copy kept gives back the decoded bytes, compressed on disk", async () => {
  globalThis.caches = fakeCaches();
  await keepCopy(SNAPSHOT, decode);
  const [stored] = globalThis.caches.entries.values();
  assert.ok(stored.byteLength < bytes.length / 2, `${stored.byteLength} bytes kept`);
  assert.deepEqual(await read(await keptCopy(SNAPSHOT)), bytes);
});

test("keeping a copy deletes the copy of any other snapshot", async () => {
  globalThis.caches = fakeCaches();
  await keepCopy(OTHER, decode);
  await keepCopy(SNAPSHOT, decode);
  assert.equal(globalThis.caches.entries.size, 1);
  assert.equal(await keptCopy(OTHER), null);
  assert.notEqual(await keptCopy(SNAPSHOT), null);
});

test("a copy that was forgotten, or never kept, is not there", async () => {
  globalThis.caches = fakeCaches();
  assert.equal(await keptCopy(SNAPSHOT), null);
  await keepCopy(SNAPSHOT, decode);
  await forgetCopy(SNAPSHOT);
  assert.equal(await keptCopy(SNAPSHOT), null);
});

test("without Cache Storage, or with one that refuses, there is no copy and no error", async () => {
  assert.equal(await keptCopy(SNAPSHOT), null); // Node has no Cache Storage
  await forgetCopy(SNAPSHOT);
  const denied = () => Promise.reject(new DOMException("denied", "SecurityError"));
  globalThis.caches = { open: denied, match: denied };
  assert.equal(await keptCopy(SNAPSHOT), null);
  await assert.rejects(keepCopy(SNAPSHOT, decode), { name: "SecurityError" });
});

test("a copy that could not be stored, or decoded, is not kept", async () => {
  globalThis.caches = fakeCaches({ failPut: true });
  await assert.rejects(keepCopy(SNAPSHOT, decode), { name: "QuotaExceededError" });
  assert.equal(globalThis.caches.entries.size, 0);
  globalThis.caches = fakeCaches();
  const failing = async (write) => {
    await write(bytes.subarray(0, 1000));
    throw new Error("snapshot: xz error 7");
  };
  await assert.rejects(keepCopy(SNAPSHOT, failing), /xz error 7/);
  assert.equal(globalThis.caches.entries.size, 0);
});
