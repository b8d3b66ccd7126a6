// Where the Pyodide runtime is: written by build.py from the pinned npm package's version.
export { loadPyodide } from "../{{ runtime }}pyodide.mjs";
export const indexURL = new URL("../{{ runtime }}", import.meta.url).href;
