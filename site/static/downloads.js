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

const fileName = (url) => decodeURIComponent(new URL(url).pathname.split("/").pop());

function report(force) {
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
async function count(url, response) {
  received.set(url, 0);
  const reader = response.clone().body.getReader();
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
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
  globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input, location.href).href;
    let response;
    try {
      response = await fetchOriginal(input, init);
    } catch (error) {
      failures.push({ file: fileName(url), detail: error?.message || "network error" });
      throw error;
    }
    if (!response.ok) failures.push({ file: fileName(url), detail: `HTTP ${response.status}` });
    else if (sizes[url] && response.body) count(url, response);
    return response;
  };
  const instantiateStreaming = WebAssembly.instantiateStreaming;
  // Pyodide's own instantiateWasm only logs a failure and never settles: start-up would
  // wait forever. Here the failure ends the start (see runtimeFailure).
  WebAssembly.instantiateStreaming = (source, imports) => {
    const instantiating = instantiateStreaming.call(WebAssembly, source, imports);
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
  };
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
