// Restores a built snapshot in Node the way the worker does in the browser, and prints
// what the restored Python says: `node restore_snapshot.mjs <site> <request JSON>`.
// Used by test_build.py to check that the snapshot is of the current core and Pyodide.

import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { loadPyodide } from "../../node_modules/pyodide/pyodide.mjs";

const [site, request] = process.argv.slice(2);
const runtime = readFileSync(`${site}/static/runtime.js`, "utf8");
const file = runtime.match(/new URL\("\.\.\/(snapshot\/[0-9a-f]+\.bin\.gz)"/)[1];
const pyodide = await loadPyodide({
  _loadSnapshot: new Uint8Array(gunzipSync(readFileSync(`${site}/${file}`))),
  stdLibURL: `${site}/snapshot/stdlib.zip`,
});
const handle = pyodide.pyimport("staycheck.api.handle");
console.log(
  JSON.stringify({
    core: pyodide.globals.get("STAYCHECK_CORE"),
    modules: pyodide.runPython("import sys; len(sys.modules)"),
    answer: handle(request),
  }),
);
