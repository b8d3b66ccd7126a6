// Unpacks the memory snapshot build.py made (scripts/make_snapshot.mjs writes it) into the
// heap the worker hands to Pyodide. Used by worker.js, and in Node by the build's tests.
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

// Decodes an xz stream from `chunks` (an async iterable of Uint8Array) and gives each
// piece of output to `write`; `wasm` is the compiled decoder.
async function decodeXz(chunks, wasm, write) {
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
  try {
    for (;;) {
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
      write(new Uint8Array(exports.memory.buffer, s[4], s[5]));
      outputWasFull = s[5] === bufferSize;
      s[5] = 0;
      if (result === 1) return;
      if (ended && !outputWasFull) throw new Error("snapshot: the xz stream ends early");
    }
  } finally {
    exports.destroy_context(context);
  }
}

// Writes the decoded stream into `heap` (all zeros to start with); `ranges()` then gives
// the segment table as [start, end) pairs of memory addresses.
function snapshotWriter(heap) {
  const pages = Math.ceil(heap.length / PAGE);
  const tableLength = new Uint8Array(4);
  const bitmap = new Uint8Array(Math.ceil(pages / 8));
  let table = null;
  const parts = [tableLength]; // what comes before the pages, filled in turn
  let filled = 0; // bytes of parts[0] received
  const marked = []; // the heap offsets of the pages stored
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
      const start = marked[index];
      const size = Math.min(PAGE, heap.length - start);
      const length = Math.min(size - within, bytes.length - at);
      heap.set(bytes.subarray(at, at + length), start + within);
      [at, within] = [at + length, within + length];
      if (within === size) [index, within] = [index + 1, 0];
    }
  };
  const ranges = () => {
    if (parts.length > 0 || index < marked.length) {
      throw new Error("snapshot: fewer pages than its bitmap marks");
    }
    const pairs = [];
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
      pairs.push([start, end]);
    }
    return pairs;
  };
  return { write, ranges, pages: () => marked };
}

// Fills `heap` from the snapshot file's body (an async iterable of Uint8Array); returns
// where it lies, for applyRuntimeImage: the segments XOR-ed and the pages stored.
export async function unpackSnapshot(chunks, wasm, heap) {
  const writer = snapshotWriter(heap);
  await decodeXz(chunks, wasm, writer.write);
  return { ranges: writer.ranges(), pages: writer.pages() };
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

// bytes[start, end) ^= heap[header + start, header + end), a word at a time (`words`
// and `heapWords` as above; header is a multiple of 16, so both are aligned together).
function xorInto(bytes, words, heap, heapWords, header, start, end) {
  let i = start;
  for (; i < end && i % 4; i++) bytes[i] ^= heap[header + i];
  const last = (end >> 2) << 2;
  const shift = header >> 2;
  for (; i < last; i += 4) words[i >> 2] ^= heapWords[(i >> 2) + shift];
  for (; i < end; i++) bytes[i] ^= heap[header + i];
}

// Puts the heap into `memory`, the runtime's just instantiated, in place: the segments
// XOR-ed back, the stored pages copied, every other byte made zero (start-up may have
// written some, all below `top`, its allocator's top: above it memory was never written,
// and reading it would cost a page fault a page). Pages stored as zeros are not written,
// so the runtime's memory holds only what the heap really has.
function moveIntoRuntime(heap, memory, header, { ranges, pages }, top) {
  const size = heap.length - header;
  const stored = new Set(pages);
  const outside = []; // the gaps between the segments, as [start, end) pairs
  let previous = 0;
  const words = new Uint32Array(memory.buffer, 0, memory.buffer.byteLength >> 2);
  const heapWords = new Uint32Array(heap.buffer, 0, heap.buffer.byteLength >> 2);
  for (const [start, end] of ranges) {
    xorInto(memory, words, heap, heapWords, header, start, end);
    if (start > previous) outside.push([previous, start]);
    previous = end;
  }
  if (size > previous) outside.push([previous, size]);
  for (const [start, end] of outside) {
    // The heap's pages are counted from the start of the snapshot, its header included.
    for (let page = Math.floor((start + header) / PAGE) * PAGE; page < end + header; page += PAGE) {
      const from = Math.max(start, page - header);
      const to = Math.min(end, page + PAGE - header);
      if (stored.has(page)) memory.set(heap.subarray(header + from, header + to), from);
      else if (from < top && !allZeros(memory, words, from, to)) memory.fill(0, from, to);
    }
  }
}

// Puts the heap into `memory` (the freshly instantiated runtime's) and the snapshot's
// header into `standIn` (zeros of the heap's length, what Pyodide was given: it reads
// only that length before instantiating), after checking that `memory` holds within the
// segments what the build XOR-ed with (its digest, recorded in runtime.js). `layout` is
// what unpackSnapshot returned, `top` the runtime's allocator's top (memory above it was
// never written; the whole memory if unknown). The header's second word, where the memory starts, is
// made the stand-in's length: Pyodide (314.0.7, pinned) then copies nothing from it into
// memory. So the heap can be freed before Python starts, no second 30 MB is written, and
// the stand-in, never written past its header, holds no memory.
export function applyRuntimeImage(heap, memory, layout, digest, standIn, top = memory.length) {
  const found = imageDigest(memory, layout.ranges);
  if (found !== digest) throw new Error(`snapshot: another runtime image (${found})`);
  const header = new Uint32Array(heap.buffer, heap.byteOffset, 2)[1]; // where memory starts
  const whole = memory.byteOffset === 0 && heap.byteOffset === 0 && header % 16 === 0;
  if (!whole || memory.length < heap.length - header || standIn.length !== heap.length) {
    throw new Error("snapshot: the runtime's memory is not the heap's size");
  }
  moveIntoRuntime(heap, memory, header, layout, top);
  standIn.set(heap.subarray(0, header));
  new Uint32Array(standIn.buffer, standIn.byteOffset, 2)[1] = standIn.length;
}
