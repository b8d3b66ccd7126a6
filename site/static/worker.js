// The calculator: Pyodide running the rule core, in a module worker.
// The messages it takes and sends are described in protocol.js.
//
// It starts from the memory snapshot build.py made (Python already started, the core
// imported, the rules loaded), which takes a fraction of the time CPython needs to start.
// If that fails for any reason (no snapshot, a download or decoding error, a snapshot of
// another Pyodide, runtime or core), it boots Python and unpacks core.zip instead.

import { runtimeFailure, watchDownloads } from "./downloads.js";
import { describeError, REPLY, REQUEST } from "./protocol.js";
import { indexURL, loadPyodide, lockfile, sizes, snapshot } from "./runtime.js";
import { allocatorTop, applyRuntimeImage, release, releasePages, unpackSnapshot } from "./snapshot.js";

const started = performance.now();
const elapsed = () => Math.round(performance.now() - started);

function report(stage, details = {}) {
  postMessage({ type: REPLY.STAGE, stage, elapsed: elapsed(), ...details });
}

// The bytes received of what start-up downloads, and what failed (see downloads.js).
const downloads = watchDownloads(sizes, (progress) => postMessage({ type: REPLY.PROGRESS, ...progress }));
const runtimeWasm = `${indexURL}pyodide.asm.wasm`;
downloads.expect(snapshot ? [runtimeWasm, snapshot.url] : [runtimeWasm]);
// The runtime, instantiated by Pyodide, which never settles if it does not compile.
const instantiate = async (settings) => {
  const created = (await import(`${indexURL}pyodide.asm.mjs`)).default(settings);
  return Promise.race([created, runtimeFailure()]);
};

async function download(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

// The body of a response, chunk by chunk (not every browser iterates a ReadableStream).
async function* chunks(response) {
  const reader = response.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    yield chunk.value;
  }
}

// The heap's pages, decoded as they arrive and kept until the runtime's memory exists
// (see snapshot.js): only the 13 MB of pages that are not zeros, never the 30 MB heap.
async function unpack({ url, decoder, size }) {
  const decoding = download(decoder).then((response) => WebAssembly.compileStreaming(response));
  const response = await download(url);
  return unpackSnapshot(chunks(response), await decoding, size);
}

// Started at once: the snapshot downloads and decodes while the runtime downloads and
// compiles (in restore()).
const unpacked = snapshot && unpack(snapshot);
// What Pyodide is given instead of the heap: zeros of its length, which it reads only the
// length of before instantiating; applyRuntimeImage writes the heap into the runtime's
// memory itself and leaves in the stand-in the header Pyodide reads after. Pyodide keeps
// its options, the stand-in among them, for the life of the worker: it is freed after.
const standIn = snapshot && new Uint8Array(snapshot.size);
const runtimeModule = snapshot && import(`${indexURL}pyodide.asm.mjs`);
// A failure of either is handled where it is awaited, in restore().
unpacked?.catch(() => {});
runtimeModule?.catch(() => {});

// Pyodide (314.0.7, pinned) only reads the snapshot's length before it compiles and
// instantiates the runtime, and its contents after: given the buffer at once, and a
// runtime module that is only handed over once the buffer is full, it compiles the
// runtime while the snapshot still downloads, instead of after.
async function restore() {
  let pyodide;
  try {
    pyodide = await loadPyodide({
      indexURL,
      lockFileContents: lockfile,
      stdLibURL: snapshot.stdlib,
      _loadSnapshot: standIn,
      createPyodideModule: async (settings) => {
        const module = await Promise.race([(await runtimeModule).default(settings), runtimeFailure()]);
        // The runtime's memory is still as instantiated: the heap goes into it, each slab
        // of pages freed once moved.
        applyRuntimeImage(await unpacked, module.HEAPU8, snapshot.image.digest, standIn, allocatorTop(module));
        return module;
      },
    });
  } finally {
    unpacked.then(releasePages, () => {}); // the pages a failed restore did not move
    release(standIn);
  }
  report("core");
  const core = pyodide.globals.get("STAYCHECK_CORE");
  if (core !== snapshot.core) throw new Error(`snapshot of another core.zip (${core})`);
  return pyodide.pyimport("staycheck.api.handle");
}

async function boot() {
  const coreZip = new URL("../core.zip", import.meta.url).href;
  downloads.forget(); // what failed before is not why booting fails
  downloads.expect([runtimeWasm, `${indexURL}python_stdlib.zip`, coreZip]);
  const archive = download(coreZip).then((r) => r.arrayBuffer());
  const pyodide = await loadPyodide({ indexURL, lockFileContents: lockfile, createPyodideModule: instantiate });
  report("core");
  const sitePackages = pyodide.pyimport("sysconfig").get_path("purelib");
  pyodide.unpackArchive(await archive, "zip", { extractDir: sitePackages });
  pyodide.pyimport("importlib").invalidate_caches();
  return pyodide.pyimport("staycheck.api.handle");
}

async function start() {
  report("runtime");
  let handle = null;
  if (snapshot) {
    try {
      handle = await restore();
    } catch (error) {
      console.warn(`Staycheck: starting Python without the snapshot: ${describeError(error)}`);
    }
  }
  const from = handle ? "snapshot" : "boot";
  handle ??= await boot();
  report("ready", { from });
  return handle;
}

// Why start-up failed, named: a download that failed is the cause of what followed.
function startFailure(error) {
  const failed = downloads.lastFailure();
  if (failed) return { code: "download_failed", file: failed.file, message: `${failed.file}: ${failed.detail}` };
  const code = error instanceof WebAssembly.CompileError ? "runtime_damaged" : "start_failed";
  return { code, message: describeError(error) };
}

const ready = start();
ready.catch((error) => {
  postMessage({ type: REPLY.FATAL, error: startFailure(error) });
});

async function answer(message) {
  try {
    const handle = await ready;
    if (message.type !== REQUEST.COMPUTE) {
      throw new Error(`unknown request type ${JSON.stringify(message.type)}`);
    }
    const response = JSON.parse(handle(message.json));
    postMessage({ type: REPLY.RESULT, id: message.id, response });
  } catch (error) {
    postMessage({
      type: REPLY.ERROR,
      id: message.id,
      error: { code: "worker_failed", message: describeError(error) },
    });
  }
}

// Requests are answered in the order they arrive.
let queue = Promise.resolve();
addEventListener("message", (event) => {
  queue = queue.then(() => answer(event.data));
});
