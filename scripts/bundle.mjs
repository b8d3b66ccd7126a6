// Bundles the page's and the workers' modules with esbuild, in place (run by build.py:
// `node scripts/bundle.mjs <static folder>`, the versioned folder's copy of site/static
// with runtime.js already rendered). A page of 21 modules waited for all of them before
// DOMContentLoaded, over six HTTP/1.1 connections that the calculator worker's own
// downloads then queued behind (issue 13); bundled, the page asks for a handful of files
// and the worker for one before the runtime.
//
// Each entry is written where its source was, so what a script finds from its own
// address (new URL("./worker.js", import.meta.url), ../i18n/, ../core.zip) is where it
// was; the code the page's entries share goes into chunks beside them in static/ (never
// a subfolder: a chunk's import.meta.url is its own). Every other module is then
// removed: nothing imports it any more.

import { readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";

// What the page loads: app.js, and what it imports when needed (the history import when
// opened, offline.js after the first answer).
const PAGE = ["app.js", "offline.js", "history/import.js"];
// Each worker is one file: it shares no module instance with the page.
const WORKERS = ["worker.js", "history/worker.js"];
// Loaded by the pages as they are: language.js is render-blocking and imports nothing;
// runtime.js, which the worker bundles, is kept as the build's record of the runtime and
// the snapshot (tests/site reads it; the benchmark's bare page imports it). frame-check.js
// and start-worker.js are written into the pages (build.py).
const KEPT = new Set(["language.js", "runtime.js"]);

const folder = process.argv[2];
if (!folder) {
  console.error("usage: node scripts/bundle.mjs <static folder>");
  process.exit(2);
}
const out = `${folder}.bundled`;

// pyodide.mjs (18 kB, loadPyodide) is bundled into the worker, which then asks for the
// runtime's big files as soon as it runs, a round trip sooner; what it imports only
// under Node is left out.
const NODE_ONLY = ["node:*", "ws"];

const common = {
  absWorkingDir: folder,
  bundle: true,
  format: "esm",
  target: "es2022",
  platform: "browser",
  minify: true,
  legalComments: "none",
  outbase: ".",
  outdir: out,
  entryNames: "[dir]/[name]",
  chunkNames: "[name]-[hash]",
  external: NODE_ONLY,
  logLevel: "warning",
};

await build({ ...common, entryPoints: PAGE, splitting: true });
for (const entry of WORKERS) await build({ ...common, entryPoints: [entry] });

async function scripts(root, sub = "") {
  const found = [];
  for (const entry of await readdir(join(root, sub), { withFileTypes: true })) {
    const name = sub ? `${sub}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await scripts(root, name)));
    else if (name.endsWith(".js")) found.push(name);
  }
  return found;
}

for (const name of await scripts(folder)) {
  if (!KEPT.has(name)) await rm(join(folder, name));
}
for (const name of await scripts(out)) await rename(join(out, name), join(folder, name));
await rm(out, { recursive: true });
