// The calculator: Pyodide running the rule core, in a module worker.
// The messages it takes and sends are described in protocol.js.

import { REPLY, REQUEST } from "./protocol.js";
import { indexURL, loadPyodide } from "./runtime.js";

const started = performance.now();
const elapsed = () => Math.round(performance.now() - started);

function report(stage) {
  postMessage({ type: REPLY.STAGE, stage, elapsed: elapsed() });
}

// Fetch the core while the runtime downloads and compiles.
const coreArchive = fetch(new URL("../core.zip", import.meta.url)).then((response) => {
  if (!response.ok) throw new Error(`core.zip: HTTP ${response.status}`);
  return response.arrayBuffer();
});

async function start() {
  report("runtime");
  const pyodide = await loadPyodide({ indexURL });
  report("core");
  const sitePackages = pyodide.pyimport("sysconfig").get_path("purelib");
  pyodide.unpackArchive(await coreArchive, "zip", { extractDir: sitePackages });
  pyodide.pyimport("importlib").invalidate_caches();
  const handle = pyodide.pyimport("core.api.handle");
  report("ready");
  return handle;
}

const ready = start();
ready.catch((error) => {
  postMessage({ type: REPLY.FATAL, error: { code: "start_failed", message: String(error) } });
});

async function answer(message) {
  try {
    const handle = await ready;
    if (message.type !== REQUEST.COMPUTE) {
      throw new Error(`unknown request type ${JSON.stringify(message.type)}`);
    }
    const response = JSON.parse(handle(JSON.stringify(message.request)));
    postMessage({ type: REPLY.RESULT, id: message.id, response });
  } catch (error) {
    postMessage({
      type: REPLY.ERROR,
      id: message.id,
      error: { code: "worker_failed", message: String(error) },
    });
  }
}

// Requests are answered in the order they arrive.
let queue = Promise.resolve();
addEventListener("message", (event) => {
  queue = queue.then(() => answer(event.data));
});
