// Makes the memory snapshot the worker starts from (run by build.py:
// `node scripts/make_snapshot.mjs <core.zip> <snapshot file>`): boots the pinned Pyodide
// once, unpacks the core where the worker would, imports it, answers sample requests so
// the rule data is loaded and every lazily imported module is in memory, and saves the
// WebAssembly heap. Restoring it in the browser skips CPython's and Pyodide's start-up.
//
// makeMemorySnapshot and the _makeSnapshot / _loadSnapshot options are Pyodide's private
// API: package.json pins the exact version, and the snapshot carries Pyodide's build id,
// which loadPyodide checks when restoring.

import nodeCrypto, { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { loadPyodide } from "../node_modules/pyodide/pyodide.mjs";

const [archive, output] = process.argv.slice(2);
if (!output) {
  console.error("usage: node scripts/make_snapshot.mjs <core.zip> <snapshot file>");
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
const sitePackages = pyodide.pyimport("sysconfig").get_path("purelib");
const core = new Uint8Array(readFileSync(archive));
pyodide.unpackArchive(core, "zip", { extractDir: sitePackages });
pyodide.runPython(readFileSync(new URL("./snapshot_warmup.py", import.meta.url), "utf8"));
// Which core.zip the heap holds: the worker compares it with the one it was built with.
pyodide.globals.set("STAYCHECK_CORE", createHash("sha256").update(core).digest("hex"));
zeroFreeMemory(pyodide._module);
writeFileSync(output, pyodide.makeMemorySnapshot());

// Memory that start-up used and freed still holds its old bytes, which gzip must keep:
// take every free block malloc has below the heap's top, zero it and give it back.
// This makes the gzipped snapshot about 15% smaller (~1 MB).
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
