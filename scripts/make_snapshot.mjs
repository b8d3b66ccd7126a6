// Makes the memory snapshot the worker starts from (run by build.py:
// `node scripts/make_snapshot.mjs <core.zip> <output>`): boots the pinned Pyodide once,
// writes the core where the worker would, imports it, answers sample requests so the rule
// data is loaded and every lazily imported module is in memory, and saves the WebAssembly
// heap (less its docstrings and line tables: snapshot_trim.py, run around the warm-up).
// Restoring it in the browser skips CPython's and Pyodide's start-up.
//
// What it writes is the heap made small for the wire, in the form site/static/snapshot.js
// describes and reads (the runtime's data segments XOR-ed out, only the non-zero pages
// kept) into <output>, and into <output>.json the heap's size and the digest of the
// segments XOR-ed with. build.py compresses <output> with xz.
//
// makeMemorySnapshot and the _makeSnapshot / _loadSnapshot options are Pyodide's private
// API: package.json pins the exact version, and the snapshot carries Pyodide's build id,
// which loadPyodide checks when restoring.

import nodeCrypto, { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { loadPyodide } from "../node_modules/pyodide/pyodide.mjs";
import { imageDigest } from "../site/static/snapshot.js";

const PAGE = 4096;
const realClock = Date.now;
const RUNTIME = new URL("../node_modules/pyodide/", import.meta.url);

const [archive, output] = process.argv.slice(2);
if (!output) {
  console.error("usage: node scripts/make_snapshot.mjs <core.zip> <output>");
  process.exit(2);
}
// The same sources must give the same bytes (else every build would be a new version of
// the site for the service worker): a fixed hash seed, a fixed clock and a fixed stream
// of "random" bytes while Python boots. None of it is a secret: the core draws no random
// numbers, and os.urandom in the browser asks the browser's generator each time.
// The clocks stand still at values earlier than any the browser will give.
Date.now = () => Date.UTC(2020, 0, 1);
performance.now = () => 0;
let seed = 0x2545f491;
nodeCrypto.randomFillSync = (view) => {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  for (let i = 0; i < bytes.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    bytes[i] = seed >>> 24;
  }
  return view;
};
const pyodide = await loadPyodide({ _makeSnapshot: true, env: { PYTHONHASHSEED: "0" } });
// site, not sysconfig, which would load the 1,100 build variables into the heap.
const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
const core = new Uint8Array(readFileSync(archive));
// Written file by file from JavaScript: Pyodide's unpackArchive would import zipfile,
// shutil, tempfile, bz2, lzma and zstd into the heap (the browser never needs them).
for (const [name, data] of zipEntries(core)) {
  const path = `${sitePackages}/${name}`;
  pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
  pyodide.FS.writeFile(path, data);
}
// In a namespace of its own, so that none of its own functions stay in the heap: it trims
// the modules the warm-up imports as they are imported, then (finish) the rest.
const scope = pyodide.globals.get("dict")();
pyodide.runPython(readFileSync(new URL("./snapshot_trim.py", import.meta.url), "utf8"), {
  globals: scope,
});
pyodide.runPython(readFileSync(new URL("./snapshot_warmup.py", import.meta.url), "utf8"));
pyodide.runPython("finish()", { globals: scope });
scope.destroy();
pyodide.runPython("import gc; gc.collect()");
// Which core.zip the heap holds: the worker compares it with the one it was built with.
pyodide.globals.set("STAYCHECK_CORE", createHash("sha256").update(core).digest("hex"));
zeroFreeMemory(pyodide._module);
zeroDeadStack(pyodide._module);
const snapshot = pyodide.makeMemorySnapshot();

const { ranges, image } = await unchangedSegments(snapshot);
const memory = snapshot.subarray(new Uint32Array(snapshot.buffer, snapshot.byteOffset, 2)[1]);
for (const [start, end] of ranges) {
  for (let i = start; i < end; i++) memory[i] ^= image[i];
}
writeFileSync(output, Buffer.concat([segmentTable(ranges), sparsePages(snapshot)]));
const layout = { size: snapshot.length, image: { digest: imageDigest(image, ranges) } };
writeFileSync(`${output}.json`, JSON.stringify(layout));

// Memory that start-up used and freed still holds its old bytes, which the compressor
// must keep: take every free block malloc has below the heap's top, zero it and give it
// back. This makes the gzipped snapshot about 15% smaller (~1 MB).
function zeroFreeMemory(module) {
  const top = module.HEAPU32[module._emscripten_get_sbrk_ptr() >>> 2];
  const taken = [];
  for (let size = 1 << 20; size >= 16; size >>= 1) {
    for (let block = module._malloc(size); block; block = module._malloc(size)) {
      if (block + size > top) {
        module._free(block); // fresh memory from beyond the top: zeros already
        break;
      }
      module.HEAPU8.fill(0, block, block + size);
      taken.push(block);
    }
  }
  for (const block of taken) module._free(block);
}

// The C stack below its current top holds the frames of start-up's deepest calls: dead.
function zeroDeadStack(module) {
  module.HEAPU8.fill(0, module._emscripten_stack_get_end(), module._emscripten_stack_get_current());
}

// The data segments of pyodide.asm.wasm that a freshly instantiated runtime still holds
// as the binary wrote them when the worker gets it, before any snapshot is applied: as
// [start, end) pairs, with that memory. Checked against two real instantiations (the
// memory captured just before Pyodide would restore the heap), one with this script's
// fixed clock, one with the real clock in another time zone: a segment that start-up
// code changed in either is left out.
async function unchangedSegments(heap) {
  const segments = dataSegments(readFileSync(new URL("pyodide.asm.wasm", RUNTIME)));
  const first = await instantiatedMemory(heap);
  const [clock, zone] = [Date.now, process.env.TZ];
  [Date.now, process.env.TZ] = [realClock, "Asia/Almaty"];
  const second = await instantiatedMemory(heap);
  Date.now = clock;
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
  const ranges = [];
  for (const [start, bytes] of segments) {
    const end = start + bytes.length;
    if (bytes.equals(first.subarray(start, end)) && bytes.equals(second.subarray(start, end))) {
      ranges.push([start, end]);
    }
  }
  return { ranges, image: first };
}

async function instantiatedMemory(heap) {
  const factory = (await import(new URL("pyodide.asm.mjs", RUNTIME))).default;
  let memory = null;
  const captured = new Error("captured");
  try {
    await loadPyodide({
      _loadSnapshot: heap.slice(),
      createPyodideModule: async (settings) => {
        memory = Buffer.from((await factory(settings)).HEAPU8);
        throw captured;
      },
    });
  } catch (error) {
    if (error !== captured) throw error;
  }
  return memory;
}

// The segments as site/static/snapshot.js reads them: the table's length, then for each
// its distance from the end of the one before and its length, as LEB128 numbers.
function segmentTable(ranges) {
  const bytes = [];
  const number = (value) => {
    for (; value >= 0x80; value = Math.floor(value / 0x80)) bytes.push((value & 0x7f) | 0x80);
    bytes.push(value);
  };
  let end = 0;
  for (const [start, stop] of ranges) {
    number(start - end);
    number(stop - start);
    end = stop;
  }
  const length = Buffer.alloc(4);
  length.writeUInt32LE(bytes.length);
  return Buffer.concat([length, Buffer.from(bytes)]);
}

// The active data segments of a WebAssembly binary: [memory offset, bytes] pairs.
function dataSegments(wasm) {
  let at = 8;
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = wasm[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  const segments = [];
  while (at < wasm.length) {
    const id = wasm[at++];
    const size = leb();
    const end = at + size;
    if (id === 11) {
      for (let count = leb(); count > 0; count--) {
        const flags = leb();
        if (flags !== 0 || wasm[at++] !== 0x41) throw new Error("unexpected data segment form");
        const offset = leb(); // an i32.const of a non-negative offset
        if (wasm[at++] !== 0x0b) throw new Error("unexpected data segment offset");
        const length = leb();
        segments.push([offset, Buffer.from(wasm.buffer, wasm.byteOffset + at, length)]);
        at += length;
      }
    }
    at = end;
  }
  return segments;
}

// A bitmap of the non-zero pages, then those pages (the last one only as long as the heap).
function sparsePages(heap) {
  const pages = Math.ceil(heap.length / PAGE);
  const bitmap = new Uint8Array(Math.ceil(pages / 8));
  const kept = [];
  for (let page = 0; page < pages; page++) {
    const bytes = heap.subarray(page * PAGE, (page + 1) * PAGE);
    if (bytes.some((b) => b)) {
      bitmap[page >> 3] |= 1 << (page & 7);
      kept.push(bytes);
    }
  }
  return Buffer.concat([bitmap, ...kept]);
}

// The files of a zip archive (stored or deflated): [name, bytes] pairs.
function zipEntries(zip) {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  const entries = [];
  let at = view.getUint32(end + 16, true);
  for (let count = view.getUint16(end + 10, true); count > 0; count--) {
    const method = view.getUint16(at + 10, true);
    const packed = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = zip.subarray(start, start + packed);
    if (!name.endsWith("/")) entries.push([name, method === 8 ? inflateRawSync(data) : data]);
    at += 46 + skip;
  }
  return entries;
}
