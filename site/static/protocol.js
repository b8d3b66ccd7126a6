/**
 * The messages between the page (app.js) and the calculator worker (worker.js).
 * This file is the one place they are written down; both sides import it.
 *
 * Every message is a plain object with a `type` field.
 *
 * Page -> worker (requests; each carries an `id` chosen by the page, unique per page):
 *
 *   {type: "compute", id, json}
 *       `json` is the JSON text of the object staycheck.api.handle takes (destination,
 *       nationality, on, stays, optional plan), made by computeMessage(); the worker hands
 *       it to Python as it is.
 *
 * Worker -> page (exactly one reply per request, with the request's `id`):
 *
 *   {type: "result", id, response}
 *       `response` is what staycheck.api.handle returned, parsed: {ok: true, ...} or
 *       {ok: false, error: {code, message, path, params}}. A rejected request (bad dates)
 *       is a normal result, not an error.
 *   {type: "error", id, error: {code, message}}
 *       The worker could not answer at all (Python failed to start or crashed). The page
 *       shows the message; it never waits for a reply that will not come.
 *
 *   A reply that does not come is a crash too: the page (calculator.js) restarts the
 *   worker when it reports an uncaught `error` event or stays silent longer than
 *   `replyTimeout(request)` after it was ready, and sends the latest request again.
 *
 * Worker -> page (not replies, no `id`):
 *
 *   {type: "stage", stage, elapsed}
 *       How far start-up has got, in order: "runtime" (downloading and compiling the
 *       Python runtime), "core" (loading the rule core), "ready" (requests are answered
 *       at once from now on). `elapsed` is milliseconds since the worker started.
 *       Requests sent before "ready" are queued and answered after it. The "ready"
 *       message also says how Python started: `from` is "snapshot" (restored from the
 *       memory snapshot build.py made) or "boot" (started from scratch, the fallback);
 *       `copy` is true if the snapshot was read from the decoded copy the worker keeps
 *       (snapshot-copy.js), false if from its xz file or not at all.
 *   {type: "progress", received, total}
 *       Bytes of the downloads start-up waits for (the runtime, the snapshot; core.zip and
 *       the standard library when booting) received so far, of `total`; sent as they
 *       arrive, at most about ten times a second.
 *   {type: "warmed", pieces}
 *       The worker has done the `pieces` of work of warm-up.js, once, after its first
 *       answer in a start that read the snapshot's xz file, so that the next start finds
 *       the runtime compiled. The page has nothing to do with it.
 *   {type: "fatal", error: {code, message, file}}
 *       Start-up failed; every queued and later request gets an "error" reply. `code` is
 *       "download_failed" (`file` could not be downloaded: `message` says how),
 *       "runtime_damaged" (the runtime did not compile: a truncated or damaged download)
 *       or "start_failed" (anything else; `message` names it).
 */

export const STAGES = Object.freeze(["runtime", "core", "ready"]);

export const REQUEST = Object.freeze({ COMPUTE: "compute" });

export const REPLY = Object.freeze({
  RESULT: "result",
  ERROR: "error",
  STAGE: "stage",
  FATAL: "fatal",
  PROGRESS: "progress",
  WARMED: "warmed",
});

/**
 * The request for `request`'s answer. Sent as the JSON text Python reads, made once here:
 * a string goes to the worker as it is, where a structured clone of thousands of stays is
 * walked object by object on both sides (7,300 stays: about 9 ms of the round trip, the
 * text 1.3 ms).
 */
export function computeMessage(id, request) {
  return { type: REQUEST.COMPUTE, id, json: requestText(request) };
}

// What Python takes for a stay's basis when the stay does not say it (model.BASES[0]).
const DEFAULT_BASIS = "visa-free";

/**
 * `request` as JSON text, each stay without the fields Python would fill in as they are:
 * the country when it is the request's destination, the basis when it is the default.
 * Most trips of a history are to the destination on that basis, and the text Python reads
 * is then about half as long: for 7,300 trips, `json.loads` 7.5 -> 4.1 ms in Pyodide and
 * the trips' checks 14.4 -> 13.5 ms.
 */
export function requestText(request) {
  if (!Array.isArray(request?.stays)) return JSON.stringify(request);
  const destination = typeof request.destination === "string" && request.destination ? request.destination : null;
  const stays = request.stays.map((stay) => {
    if (stay === null || typeof stay !== "object") return stay;
    const { country, basis, ...rest } = stay;
    if (country !== undefined && country !== destination) rest.country = country;
    if (basis !== undefined && basis !== DEFAULT_BASIS) rest.basis = basis;
    return rest;
  });
  return JSON.stringify({ ...request, stays });
}

/** How long the page waits for a reply once the worker is ready before it counts the worker
 * as crashed: far longer than the slowest honest answer (thousands of trips, a slow phone). */
export function replyTimeout(request) {
  return 30_000 + 10 * (request?.stays?.length ?? 0);
}

/**
 * What went wrong, in a line: the message of an Error (with its kind: "CompileError: ..."),
 * of an error-like object (Emscripten's ExitStatus, an ErrorEvent), or the object itself as
 * JSON. Never "[object Object]".
 */
export function describeError(error) {
  if (error === null || error === undefined) return "unknown error";
  if (typeof error !== "object") return String(error) || "unknown error";
  const message = typeof error.message === "string" ? error.message.trim() : "";
  const name = typeof error.name === "string" && error.name !== "Error" ? error.name : "";
  if (message) return name && !message.startsWith(name) ? `${name}: ${message}` : message;
  if (error.error && error.error !== error) return describeError(error.error); // an ErrorEvent's own error
  let json = "";
  try {
    json = JSON.stringify(error);
  } catch {
    // a cycle: say its kind instead
  }
  if (json && json !== "{}") return json.length > 200 ? `${json.slice(0, 199)}…` : json;
  let text = "";
  try {
    text = String(error);
  } catch {
    // no way to make it a string (an object without a prototype)
  }
  if (text && text !== "[object Object]") return text;
  return name || error.constructor?.name || "unknown error";
}
