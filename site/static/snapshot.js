// Unpacks the memory snapshot build.py made (scripts/make_snapshot.mjs writes it) and puts
// it into the memory of the runtime the worker has just instantiated. Used by worker.js,
// and in Node by the build's tests.
//
// The file is xz, decoded by xz-embedded compiled to WebAssembly (snapshot/unxz.wasm,
// 13 kB): xz makes the heap 30% smaller than gzip, and no browser decodes it natively.
// What it holds is not the heap itself but what is left of it once two things every
// browser already has are taken out:
// - the runtime's own initial memory, the data segments of pyodide.asm.wasm (3.2 MB,
//   which Python's start-up leaves mostly as they were): the heap's bytes there were
//   XOR-ed with the segments, so what did not change is zeros. The worker XORs them
//   back with the memory of the runtime it has just instantiated (applyRuntimeImage),
//   only within the segments (start-up code writes the bytes between them, differently
//   in each browser) and after checking that they hold what the build XOR-ed with;
// - the pages that are all zeros.
// In order: the length of the segment table (4 bytes, little-endian), the table (for
// each segment, its distance from the end of the previous one and its length, as
// LEB128 numbers), a bitmap of the heap's 4 kB pages, then each page it marks (the
// heap's last page only as long as the heap).

const PAGE = 4096;
// The pages stored are kept as they are decoded (while the runtime still compiles) in
// slabs of this many, each a buffer of its own, and each slab is freed as soon as its
// pages are in the runtime's memory: so the 13 MB of pages and the memory they go into
// are never both whole at once. 1 MiB: above the size from which Chromium's allocator
// maps a buffer apart, and unmaps it when it is freed.
const SLAB_PAGES = 256;

// How long decoding runs, when asked to pause, before it lets the worker's other tasks
// run: the runtime's script is evaluated in tasks of its own, and requests are answered.
const SLICE_MS = 10;

/** Lets the tasks waiting run: a message to itself, which no timer clamping delays. */
export const pause = () =>
  new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });

// A function to call between pieces of work: it pauses once SLICE_MS have passed since
// it last did.
function slicer() {
  let end = performance.now() + SLICE_MS;
  return async () => {
    if (performance.now() < end) return;
    await pause();
    end = performance.now() + SLICE_MS;
  };
}

/**
 * Decodes an xz stream from `chunks` (an async iterable of Uint8Array) and gives each
 * piece of output to `write` (a view into the decoder's memory, which it may reuse once
 * what `write` returns settles); `wasm` is the compiled decoder. With `pauses`, it lets
 * other tasks run every SLICE_MS. Without, nothing else runs in the worker until it is
 * done (a start from the xz file: the runtime then compiles after it, and their memory
 * is never needed at once).
 */
export async function decodeXz(chunks, wasm, write, { pauses = false } = {}) {
  const { exports } = await WebAssembly.instantiate(wasm);
  const context = exports.create_context();
  // The decoder's state: buffer size, input pointer, input position and size, output
  // pointer and position (the layout xz-decompress's own glue reads). An empty input
  // tells it the stream is over (it decodes concatenated streams).
  const state = () => new Uint32Array(exports.memory.buffer, context, 6);
  const bufferSize = state()[0];
  const input = chunks[Symbol.asyncIterator]();
  let pending = new Uint8Array(0);
  let ended = false;
  let outputWasFull = false;
  const slice = pauses ? slicer() : () => {};
  try {
    for (;;) {
      await slice();
      let s = state();
      if (s[2] === s[3] && !outputWasFull && !ended) {
        while (pending.length === 0 && !ended) {
          const next = await input.next();
          if (next.done) ended = true;
          else pending = next.value;
        }
        const length = Math.min(bufferSize, pending.length);
        new Uint8Array(exports.memory.buffer, s[1], length).set(pending.subarray(0, length));
        pending = pending.subarray(length);
        exports.supply_input(context, length);
      }
      const result = exports.get_next_output(context);
      if (result !== 0 && result !== 1) throw new Error(`snapshot: xz error ${result}`);
      s = state();
      await write(new Uint8Array(exports.memory.buffer, s[4], s[5]));
      outputWasFull = s[5] === bufferSize;
      s[5] = 0;
      if (result === 1) return;
      if (ended && !outputWasFull) throw new Error("snapshot: the xz stream ends early");
    }
  } finally {
    exports.destroy_context(context);
  }
}

// Keeps the decoded stream of a heap of `size` bytes: `snapshot()` then gives the segment
// table as [start, end) pairs of memory addresses, the heap offset of each page stored,
// and those pages, in slabs.
function snapshotWriter(size) {
  const pages = Math.ceil(size / PAGE);
  const tableLength = new Uint8Array(4);
  const bitmap = new Uint8Array(Math.ceil(pages / 8));
  let table = null;
  const parts = [tableLength]; // what comes before the pages, filled in turn
  let filled = 0; // bytes of parts[0] received
  const marked = []; // the heap offsets of the pages stored
  const slabs = [];
  let index = 0; // the page being received
  let within = 0; // and how much of it
  const write = (bytes) => {
    let at = 0;
    while (parts.length > 0 && at < bytes.length) {
      const part = parts[0];
      const length = Math.min(part.length - filled, bytes.length - at);
      part.set(bytes.subarray(at, at + length), filled);
      [at, filled] = [at + length, filled + length];
      if (filled < part.length) return;
      filled = 0;
      parts.shift();
      if (part === tableLength) {
        table = new Uint8Array(new DataView(tableLength.buffer).getUint32(0, true));
        parts.push(table, bitmap);
      } else if (part === bitmap) {
        for (let page = 0; page < pages; page++) {
          if (bitmap[page >> 3] & (1 << (page & 7))) marked.push(page * PAGE);
        }
      }
    }
    while (at < bytes.length) {
      if (index >= marked.length) throw new Error("snapshot: more pages than its bitmap marks");
      const slot = index % SLAB_PAGES;
      if (slot === 0 && within === 0) {
        slabs.push(new Uint8Array(Math.min(SLAB_PAGES, marked.length - index) * PAGE));
      }
      const length = Math.min(Math.min(PAGE, size - marked[index]) - within, bytes.length - at);
      slabs.at(-1).set(bytes.subarray(at, at + length), slot * PAGE + within);
      [at, within] = [at + length, within + length];
      if (within === Math.min(PAGE, size - marked[index])) [index, within] = [index + 1, 0];
    }
  };
  const snapshot = () => {
    if (parts.length > 0 || index < marked.length) {
      throw new Error("snapshot: fewer pages than its bitmap marks");
    }
    const ranges = [];
    let [position, end] = [0, 0];
    const number = () => {
      let value = 0;
      for (let shift = 0; ; shift += 7) {
        const byte = table[position++];
        value += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) return value;
      }
    };
    while (position < table.length) {
      const start = end + number();
      end = start + number();
      ranges.push([start, end]);
    }
    return { size, ranges, pages: marked, slabs };
  };
  return { write, snapshot };
}

// Decodes the snapshot file's body (an async iterable of Uint8Array) of a heap of `size`
// bytes: what applyRuntimeImage puts into the runtime (the segments XOR-ed, the offsets
// of the pages stored, the pages) and releasePages frees if it cannot.
export async function unpackSnapshot(chunks, wasm, size) {
  const writer = snapshotWriter(size);
  await decodeXz(chunks, wasm, writer.write);
  return writer.snapshot();
}

/**
 * The same from the stream already decoded (snapshot-copy.js keeps it so), pausing every
 * SLICE_MS: the runtime's script runs meanwhile, so that it is instantiated as soon as
 * its module, compiled ahead (worker.js), is.
 */
export async function unpackDecoded(chunks, size) {
  const writer = snapshotWriter(size);
  const slice = slicer();
  for await (const bytes of chunks) {
    writer.write(bytes);
    // Each piece is a buffer of its own (DecompressionStream's), copied now: freed at
    // once, not at a garbage collection that may come after 13 MB of them.
    if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) release(bytes);
    await slice();
  }
  return writer.snapshot();
}

/** Frees `bytes`' buffer now rather than at the next garbage collection. */
export function release(bytes) {
  if (bytes.buffer.detached || bytes.buffer.byteLength === 0) return; // released already
  if (bytes.buffer.transfer) bytes.buffer.transfer(0);
  else structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
}

/** Frees the pages of what unpackSnapshot gave that are not in a runtime yet. */
export function releasePages(snapshot) {
  for (const slab of snapshot.slabs) release(slab);
}

// The top of the heap a freshly instantiated runtime (an Emscripten module) has allocated
// up to: what its start-up wrote is below it.
export function allocatorTop(module) {
  const pointer = module._emscripten_get_sbrk_ptr?.();
  return pointer ? module.HEAPU32[pointer >>> 2] : module.HEAPU8.length;
}

// A 32-bit FNV-1a hash of the memory in `ranges` ([start, end) pairs), byte by byte
// (make_snapshot.mjs computes the same over the segments it XOR-ed with).
export function imageDigest(memory, ranges) {
  let hash = 0x811c9dc5;
  for (const [start, end] of ranges) {
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ memory[i], 16777619);
  }
  return hash >>> 0;
}

// Whether bytes[start, end) are all zeros, read a word at a time (`words` is a
// Uint32Array over the same buffer from offset 0). Made once per restore: a typed array
// made per page, over 14,000 pieces, cost more than the reading.
function allZeros(bytes, words, start, end) {
  let i = start;
  for (; i < end && i % 4; i++) if (bytes[i]) return false;
  const last = (end >> 2) << 2;
  for (; i < last; i += 4) if (words[i >> 2]) return false;
  for (; i < end; i++) if (bytes[i]) return false;
  return true;
}

// bytes[start, end) ^= source[start + shift, end + shift), a word at a time (`words` and
// `sourceWords` as above; shift is a multiple of 16, so both are aligned together).
function xorInto(bytes, words, source, sourceWords, shift, start, end) {
  let i = start;
  for (; i < end && i % 4; i++) bytes[i] ^= source[i + shift];
  const last = (end >> 2) << 2;
  const wordShift = shift >> 2;
  for (; i < last; i += 4) words[i >> 2] ^= sourceWords[(i >> 2) + wordShift];
  for (; i < end; i++) bytes[i] ^= source[i + shift];
}

// Puts the heap into `memory`, the runtime's just instantiated, in place, page by page,
// in address order: within the segments the page is XOR-ed back, elsewhere a stored page
// is copied and any other byte made zero (start-up may have written some, all below
// `top`, its allocator's top: above it memory was never written, and reading it would
// cost a page fault a page). The part of the heap before `header`, where the memory
// starts, goes into `standIn`. Pages stored as zeros are not written, so the runtime's
// memory holds only what the heap really has; each slab is freed once moved.
function moveIntoRuntime({ size, ranges, pages, slabs }, memory, header, standIn, top) {
  const words = new Uint32Array(memory.buffer, 0, memory.buffer.byteLength >> 2);
  let segment = 0; // the first of `ranges` not wholly behind the page
  let stored = 0; // the index of the next page stored
  let slabWords = null; // a Uint32Array over the slab being moved
  // memory[start, end), outside the segments: the page's bytes, or zeros.
  const outside = (slab, shift, start, end) => {
    if (start >= end) return;
    if (slab) memory.set(slab.subarray(start + shift, end + shift), start);
    else if (start < top && !allZeros(memory, words, start, end)) memory.fill(0, start, end);
  };
  for (let page = 0; page < size; page += PAGE) {
    const pageEnd = Math.min(page + PAGE, size);
    const slab = pages[stored] === page ? slabs[Math.floor(stored / SLAB_PAGES)] : null;
    const first = (stored % SLAB_PAGES) * PAGE; // where the page is in its slab
    if (slab && first === 0) slabWords = new Uint32Array(slab.buffer);
    if (slab && page < header) {
      standIn.set(slab.subarray(first, first + Math.min(pageEnd, header) - page), page);
    }
    const shift = first - (page - header); // memory address + shift = index in the slab
    const [from, to] = [Math.max(page, header) - header, pageEnd - header];
    while (segment < ranges.length && ranges[segment][1] <= from) segment++;
    let position = from;
    for (let s = segment; s < ranges.length && ranges[s][0] < to; s++) {
      const [start, end] = [Math.max(position, ranges[s][0]), Math.min(to, ranges[s][1])];
      outside(slab, shift, position, start);
      if (slab) xorInto(memory, words, slab, slabWords, shift, start, end);
      position = end;
    }
    outside(slab, shift, position, to);
    if (slab) {
      stored++;
      if (stored % SLAB_PAGES === 0 || stored === pages.length) release(slab);
    }
  }
}

// Puts the heap, as unpackSnapshot gave it, into `memory` (the freshly instantiated
// runtime's) and the snapshot's header into `standIn` (zeros of the heap's length, what
// Pyodide was given: it reads only that length before instantiating), after checking that
// `memory` holds within the segments what the build XOR-ed with (its digest, recorded in
// runtime.js). `top` is the runtime's allocator's top (memory above it was never written;
// the whole memory if unknown). The header's second word, where the memory starts, is
// made the stand-in's length: Pyodide (314.0.7, pinned) then copies nothing from it into
// memory. So the pages are freed before Python starts, no second 30 MB is written, and
// the stand-in, never written past its header, holds no memory.
export function applyRuntimeImage(snapshot, memory, digest, standIn, top = memory.length) {
  const { size, ranges, pages, slabs } = snapshot;
  const found = imageDigest(memory, ranges);
  if (found !== digest) throw new Error(`snapshot: another runtime image (${found})`);
  if (pages[0] !== 0) throw new Error("snapshot: its header is not stored");
  const header = new Uint32Array(slabs[0].buffer, 0, 2)[1]; // where memory starts
  const whole = memory.byteOffset === 0 && header % 16 === 0 && header < size;
  if (!whole || memory.length < size - header || standIn.length !== size) {
    throw new Error("snapshot: the runtime's memory is not the heap's size");
  }
  moveIntoRuntime(snapshot, memory, header, standIn, top);
  new Uint32Array(standIn.buffer, standIn.byteOffset, 2)[1] = standIn.length;
}
