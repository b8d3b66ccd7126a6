// Where the Pyodide runtime is: written by build.py from the pinned npm package's version.
// This file is in static/ of the build's versioned folder; the runtime, named by its
// version, is at the top of the site.
export { loadPyodide } from "{{ runtime }}pyodide.mjs";
export const indexURL = new URL("{{ runtime }}", import.meta.url).href;

// The header of Pyodide's lock file: the site loads no optional package, so the worker
// passes this instead of fetching the whole list.
export const lockfile = { info: {{ lockfile|tojson }}, packages: {} };

// The bytes of each file start-up downloads (as unpacked, which a gzipped body is read
// as): url -> size, for the progress bar.
export const sizes = Object.fromEntries(
  Object.entries({{ sizes|tojson }}).map(([path, size]) => [new URL(path, import.meta.url).href, size]),
);

// The memory snapshot build.py made (null if it could not): its xz file and the decoder
// for it, its size unpacked, the digest of the runtime's initial memory it was XOR-ed
// with (see snapshot.js), the digest of the core.zip it holds, and the (empty) standard library
// zip the restored Python is given.
{% if snapshot %}
export const snapshot = {
  url: new URL("../{{ snapshot.url }}", import.meta.url).href,
  decoder: new URL("../{{ snapshot.decoder }}", import.meta.url).href,
  size: {{ snapshot.size }},
  image: {{ snapshot.image|tojson }},
  core: {{ snapshot.core|tojson }},
  stdlib: new URL("../{{ snapshot.stdlib }}", import.meta.url).href,
};
{% else %}
export const snapshot = null;
{% endif %}
