// Compiles the rule core's modules to bytecode with Pyodide's own Python (run by
// build.py: `node scripts/compile_core.mjs <folder with staycheck/>`), so the browser loads
// .pyc files instead of compiling the sources on every visit. The bytecode is written
// as unchecked-hash .pyc files into staycheck/__pycache__/, next to the sources.

import { loadPyodide } from "../node_modules/pyodide/pyodide.mjs";

const folder = process.argv[2];
if (!folder) {
  console.error("usage: node scripts/compile_core.mjs <folder containing staycheck/>");
  process.exit(2);
}
const pyodide = await loadPyodide();
// Mount where the worker unpacks the core, so tracebacks name the same files.
const target = `${pyodide.pyimport("sysconfig").get_path("purelib")}/staycheck`;
pyodide.mountNodeFS(target, `${folder}/staycheck`);
const compileall = pyodide.pyimport("compileall");
const PycInvalidationMode = pyodide.pyimport("py_compile.PycInvalidationMode");
const ok = compileall.compile_dir.callKwargs(target, {
  quiet: 1,
  invalidation_mode: PycInvalidationMode.UNCHECKED_HASH,
});
if (!ok) {
  console.error("compile_core: some modules did not compile");
  process.exit(1);
}
