/**
 * The messages between the page (app.js) and the calculator worker (worker.js).
 * This file is the one place they are written down; both sides import it.
 *
 * Every message is a plain object with a `type` field.
 *
 * Page -> worker (requests; each carries an `id` chosen by the page, unique per page):
 *
 *   {type: "compute", id, request}
 *       `request` is the object staycheck.api.handle takes (destination, nationality, on,
 *       stays, optional plan). The worker sends it to Python as JSON text.
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
 * Worker -> page (not replies, no `id`):
 *
 *   {type: "stage", stage, elapsed}
 *       How far start-up has got, in order: "runtime" (downloading and compiling the
 *       Python runtime), "core" (loading the rule core), "ready" (requests are answered
 *       at once from now on). `elapsed` is milliseconds since the worker started.
 *       Requests sent before "ready" are queued and answered after it. The "ready"
 *       message also says how Python started: `from` is "snapshot" (restored from the
 *       memory snapshot build.py made) or "boot" (started from scratch, the fallback).
 *   {type: "fatal", error: {code, message}}
 *       Start-up failed; every queued and later request gets an "error" reply.
 */

export const STAGES = Object.freeze(["runtime", "core", "ready"]);

export const REQUEST = Object.freeze({ COMPUTE: "compute" });

export const REPLY = Object.freeze({
  RESULT: "result",
  ERROR: "error",
  STAGE: "stage",
  FATAL: "fatal",
});
