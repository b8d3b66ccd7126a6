// Restores a built snapshot in Node the way the worker does in the browser (the same
// decoding code, site/static/snapshot.js, which the built worker.js bundles; the snapshot
// and runtime.js from the built site), and prints what the restored Python says: `node restore_snapshot.mjs <site>/v-<digest> <request JSON>`.
// Used by test_build.py to check that the snapshot is of the current core and Pyodide,
// and that handle's calls of the core's own functions are specialized once it has run.

import { readFileSync } from "node:fs";
import { loadPyodide } from "../../node_modules/pyodide/pyodide.mjs";

const [site, request] = process.argv.slice(2);
const { allocatorTop, applyRuntimeImage, unpackSnapshot } = await import("../../site/static/snapshot.js");
const runtime = readFileSync(`${site}/static/runtime.js`, "utf8");
const file = runtime.match(/new URL\("\.\.\/(snapshot\/[0-9a-f]+\.bin\.xz)"/)[1];
const size = Number(runtime.match(/size: (\d+),/)[1]);
const image = JSON.parse(runtime.match(/image: (\{.*\}),/)[1]);
const standIn = new Uint8Array(size); // what Pyodide is given, as in the worker
const decoder = await WebAssembly.compile(readFileSync(`${site}/snapshot/unxz.wasm`));
const body = readFileSync(`${site}/${file}`);
const unpacked = await unpackSnapshot(
  (async function* () {
    yield body;
  })(),
  decoder,
  size,
);
const factory = (await import("../../node_modules/pyodide/pyodide.asm.mjs")).default;
const pyodide = await loadPyodide({
  _loadSnapshot: standIn,
  stdLibURL: `${site}/snapshot/stdlib.zip`,
  createPyodideModule: async (settings) => {
    const module = await factory(settings);
    applyRuntimeImage(unpacked, module.HEAPU8, image.digest, standIn, allocatorTop(module));
    return module;
  },
});
const handle = pyodide.pyimport("staycheck.api.handle");
const answer = handle(request);
handle(request);
handle(request);
// How the interpreter specialized handle's calls once it ran three times (the names of
// its CALL instructions, as dis shows them adaptive): the calls of the core's own
// functions are CALL_PY_EXACT_ARGS unless their code was replaced after they were made.
const calls = pyodide.runPython(`
import dis, staycheck.api
[i.opname for i in dis.get_instructions(staycheck.api.handle, adaptive=True)
 if i.opname.startswith("CALL")]`);
console.log(
  JSON.stringify({
    core: pyodide.globals.get("STAYCHECK_CORE"),
    modules: pyodide.runPython("import sys; len(sys.modules)"),
    answer,
    calls: calls.toJs(),
  }),
);
