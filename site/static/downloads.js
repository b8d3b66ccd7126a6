// The worker's downloads, watched (the worker imports this; the page does not): the bytes
// received of the files start-up waits for, for the page's progress bar, the downloads
// that failed, which name the cause when start-up fails, and a runtime that does not
// compile. Pyodide fetches and compiles its runtime itself, so fetch and
// WebAssembly.instantiateStreaming are wrapped in the worker's scope to see them.

const failures = []; // {file, detail}: downloads that failed since forget()
let plan = new Map(); // url -> bytes, the downloads the progress counts
const received = new Map(); // url -> bytes received so far
let onProgress = () => {};
let lastReport = 0;
let onCompileFailure = null;
let watching = true; // until start-up is over
let compiled = null; // the runtime's module, if compiled ahead (compileAhead)
let compiledUrl = null; // and where it came from
const started = new Map(); // url -> the response of its latest download, until stop()

const fileName = (url) => decodeURIComponent(new URL(url).pathname.split("/").pop());

function report(force) {
  if (!watching) return;
  const now = performance.now();
  if (!force && now - lastReport < 100) return;
  lastReport = now;
  let total = 0;
  let got = 0;
  for (const [url, size] of plan) {
    total += size;
    got += Math.min(received.get(url) ?? 0, size);
  }
  onProgress({ received: got, total });
}

// Counts a response's bytes from its clone: the response itself goes on untouched (a
// wrapped body would lose its URL, and with it the browser's cache of compiled code).
// A download the progress no longer waits for (the xz file, once the worker found its
// decoded copy) is left unread: the clone would otherwise read all of it.
async function count(url, response) {
  received.set(url, 0);
  const reader = response.clone().body.getReader();
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      if (!plan.has(url)) {
        received.delete(url); // counted afresh if it is downloaded again
        await reader.cancel();
        return;
      }
      received.set(url, received.get(url) + chunk.value.byteLength);
      report(false);
    }
  } catch {
    return; // the download itself fails too, and is reported where it is read
  }
  report(true);
}

/**
 * Starts watching. `sizes` is url -> bytes of every file worth counting (runtime.js);
 * `progress({received, total})` is called as bytes arrive.
 */
export function watchDownloads(sizes, progress) {
  onProgress = progress;
  const fetchOriginal = globalThis.fetch.bind(globalThis);
  const watched = async (url, input, init) => {
    let response;
    try {
      response = await fetchOriginal(input, init);
    } catch (error) {
      failures.push({ file: fileName(url), detail: error?.message || "network error" });
      throw error;
    }
    if (!response.ok) failures.push({ file: fileName(url), detail: `HTTP ${response.status}` });
    // Counted once: the runtime compiled ahead is fetched again if it failed to compile.
    else if (watching && sizes[url] && !received.has(url) && response.body) count(url, response);
    return response;
  };
  globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input, location.href).href;
    // The runtime is downloaded once: Pyodide asks for it as it starts, which may be
    // before or after compileAhead. Before, compileAhead compiles that download; after,
    // Pyodide is given a stand-in, which instantiateCompiled never reads.
    if (compiled && url === compiledUrl) return Promise.resolve(new Response(null));
    const response = watched(url, input, init);
    if (watching && sizes[url]) started.set(url, response);
    return response;
  };
  const instantiateStreaming = WebAssembly.instantiateStreaming;
  // Pyodide's own instantiateWasm only logs a failure and never settles: start-up would
  // wait forever. Here the failure ends the start (see runtimeFailure).
  WebAssembly.instantiateStreaming = (source, imports) => {
    const streaming = (from) => instantiateStreaming.call(WebAssembly, from, imports);
    // If the module compiled ahead failed, the runtime is downloaded again (`source` is
    // the stand-in): it may have been the first download that broke.
    const again = () => streaming(globalThis.fetch(compiledUrl));
    const instantiating = compiled ? instantiateCompiled(imports, again) : streaming(source);
    instantiating.catch((error) => onCompileFailure?.(error));
    return instantiating;
  };
  return {
    /** The downloads the progress counts from now on (urls with their sizes in `sizes`). */
    expect(urls) {
      plan = new Map(urls.filter((url) => sizes[url]).map((url) => [url, sizes[url]]));
      report(true);
    },
    /** The last download that failed since forget(), or null. */
    lastFailure: () => failures.at(-1) ?? null,
    forget() {
      failures.length = 0;
    },
    /**
     * Compiles the runtime at `url` now, streamed as it downloads (the download Pyodide
     * started, if it has), and has Pyodide's instantiateStreaming (which it calls only
     * for the runtime) take this module: Pyodide starts compiling only once its 1.25 MB
     * script has been fetched and run, 250-650 ms into a warm start (issue 13).
     */
    compileAhead(url) {
      const response = started.get(url) ?? globalThis.fetch(url); // before compiledUrl is set
      compiledUrl = url;
      compiled = WebAssembly.compileStreaming(response);
      compiled.catch(() => {}); // a failure is the instantiation's (instantiateCompiled)
    },
    /** Start-up is over: what is downloaded from now on is not counted. */
    stop() {
      watching = false;
      started.clear();
    },
  };
}

// The runtime compiled ahead, instantiated with `imports`. If it did not compile,
// `again()` downloads and compiles it anew, which fails the same way if the runtime is
// damaged, and may work if the first download broke.
async function instantiateCompiled(imports, again) {
  let module;
  try {
    module = await compiled;
  } catch {
    compiled = null; // what is fetched now is a real download
    return again();
  }
  return { module, instance: await WebAssembly.instantiate(module, imports) };
}

/** A promise rejected with the error of the next runtime that fails to compile. */
export function runtimeFailure() {
  return new Promise((_resolve, reject) => {
    onCompileFailure = (error) => {
      onCompileFailure = null;
      reject(error);
    };
  });
}
