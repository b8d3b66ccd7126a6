// The calculator: Pyodide running the rule core, in a module worker.
// The messages it takes and sends are described in protocol.js.
//
// It starts from the memory snapshot build.py made (Python already started, the core
// imported, the rules loaded), which takes a fraction of the time CPython needs to start.
// If that fails for any reason (no snapshot, a download or decoding error, a snapshot of
// another Pyodide, runtime or core), it boots Python and unpacks core.zip instead.
// After its first answer, a start from the snapshot's xz file keeps the snapshot decoded
// (snapshot-copy.js), gzip, which the next start reads instead of decoding xz, and then
// does warm-up.js's work, so that the next start finds the runtime compiled.

import { runtimeFailure, watchDownloads } from "./downloads.js";
import { describeError, REPLY, REQUEST } from "./protocol.js";
import { indexURL, loadPyodide, lockfile, sizes, snapshot } from "./runtime.js";
import { allocatorTop, applyRuntimeImage, decodeXz, pause, release, releasePages, unpackDecoded, unpackSnapshot } from "./snapshot.js";
import { forgetCopy, keepCopy, keptCopy } from "./snapshot-copy.js";
import { WARM_UP_ANSWERS, warmUpRequests, warmUpSources } from "./warm-up.js";

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

// A stream's chunks (not every browser iterates a ReadableStream).
async function* chunks(stream) {
  const reader = stream.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    yield chunk.value;
  }
}

// The xz decoder, compiled (when first needed: a start from the copy does not need it).
let decoderModule = null;
const xzDecoder = (url) => {
  decoderModule ??= download(url).then((response) => WebAssembly.compileStreaming(response));
  return decoderModule;
};

// How Python started ("snapshot" or "boot"), and whether from the decoded copy of the
// snapshot kept (snapshot-copy.js) rather than from the xz file.
let startedFrom = null;
let fromCopy = false;

// The heap's pages, decoded as they arrive and kept until the runtime's memory exists
// (see snapshot.js): only the 13 MB of pages that are not zeros, never the 30 MB heap.
// From the decoded copy if one is kept and it reads whole, else from the xz file.
async function unpack({ url, decoder, size }) {
  // The xz file is asked for while Cache Storage is asked for the copy, not after: its
  // first use costs a cold start 15-40 ms. A copy found leaves the xz file unread.
  let response = download(url);
  response.catch(() => {}); // a failure is handled where it is awaited
  const copy = await keptCopy(url);
  if (copy) {
    response.then(
      (unread) => unread.body?.cancel(),
      () => {},
    );
    // The runtime compiles while the copy is read and the runtime's script is fetched
    // and run (250-650 ms), not after. Not while the xz file is decoded: both at once
    // took 20-60 MB more memory at the peak, and the start was no faster (cold visits,
    // benchmarks/page.py on two busy cores).
    downloads.compileAhead(runtimeWasm);
    downloads.expect([runtimeWasm]); // what the progress waits for: not the xz file
    try {
      const unpacked = await unpackDecoded(chunks(copy), size);
      fromCopy = true;
      return unpacked;
    } catch (error) {
      console.warn(`Staycheck: the decoded snapshot kept is unusable: ${describeError(error)}`);
      forgetCopy(url);
      downloads.expect([runtimeWasm, url]);
      response = download(url);
    }
  }
  const decoding = xzDecoder(decoder);
  return unpackSnapshot(chunks((await response).body), await decoding, size);
}

// Keeps the decoded snapshot for the next start (once this start has answered): the xz
// file read and decoded again, a little at a time between the requests. Whether it did.
async function keepDecodedCopy({ url, decoder }) {
  try {
    const wasm = await xzDecoder(decoder);
    const response = await download(url);
    await keepCopy(url, (write) => decodeXz(chunks(response.body), wasm, write, { pauses: true }));
    return true;
  } catch (error) {
    console.warn(`Staycheck: the decoded snapshot is not kept: ${describeError(error)}`);
    return false;
  }
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
  return { python: pyodide, handle: pyodide.pyimport("staycheck.api.handle") };
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
  return { python: pyodide, handle: pyodide.pyimport("staycheck.api.handle") };
}

async function start() {
  report("runtime");
  let started = null; // {python, handle}
  if (snapshot) {
    try {
      started = await restore();
    } catch (error) {
      console.warn(`Staycheck: starting Python without the snapshot: ${describeError(error)}`);
    }
  }
  startedFrom = started ? "snapshot" : "boot";
  started ??= await boot();
  downloads.stop();
  report("ready", { from: startedFrom, copy: fromCopy });
  return started;
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
    const { handle } = await ready;
    if (message.type !== REQUEST.COMPUTE) {
      throw new Error(`unknown request type ${JSON.stringify(message.type)}`);
    }
    const response = JSON.parse(handle(message.json));
    postMessage({ type: REPLY.RESULT, id: message.id, response });
    copyAfterFirstAnswer();
  } catch (error) {
    postMessage({
      type: REPLY.ERROR,
      id: message.id,
      error: { code: "worker_failed", message: describeError(error) },
    });
  }
}

// After the first answer, a start from the xz file keeps the decoded copy for the next,
// then warms up. A start from the copy does neither: an earlier one did both. Nor does a
// start whose copy could not be kept (no Cache Storage): it would warm up every time.
let copying = false;
function copyAfterFirstAnswer() {
  if (copying) return;
  copying = true;
  if (startedFrom !== "snapshot" || fromCopy) return;
  keepDecodedCopy(snapshot).then((kept) => kept && warmUp());
}

// Requests are answered in the order they arrive.
let queue = Promise.resolve();
const enqueue = (work) => {
  const done = queue.then(work);
  queue = done.catch(() => {}); // what failed does not hold up the rest
  return done;
};
let lastRequest = 0; // performance.now() when the page's latest request came
addEventListener("message", (event) => {
  lastRequest = performance.now();
  enqueue(() => answer(event.data));
});

// How long the page has sent nothing before the warm-up goes on: it gives way while
// someone types or picks dates.
const QUIET_MS = 500;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Does what warm-up.js lists and drops what it gives: each piece in a task of its own,
// queued after the page's requests that have come in, so that one arriving meanwhile
// waits for one piece at most (2-100 ms here).
async function warmUp() {
  const { python, handle } = await ready;
  const compile = python.pyimport("builtins").compile;
  const requests = warmUpRequests();
  const pieces = [
    ...Array.from({ length: WARM_UP_ANSWERS }, (_, i) => () => handle(requests[i % requests.length])),
    ...warmUpSources().map((source) => () => compile(source, "<warm-up>", "exec").destroy()),
  ];
  try {
    for (const piece of pieces) {
      for (let quiet = performance.now() - lastRequest; quiet < QUIET_MS; quiet = performance.now() - lastRequest) {
        await sleep(QUIET_MS - quiet);
      }
      await pause(); // the page's messages that came in are queued first
      await enqueue(piece);
    }
  } catch (error) {
    console.warn(`Staycheck: warming up stopped: ${describeError(error)}`);
    return;
  } finally {
    compile.destroy();
  }
  postMessage({ type: REPLY.WARMED, pieces: pieces.length });
}
