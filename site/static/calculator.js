// The page's side of the calculator worker (boot.js starts it; protocol.js is the
// messages): sends requests and hands back only the answer to the latest one, with what
// the page noted when it sent it. A worker that crashes (an uncaught error, a request it
// failed to answer once ready, or silence past protocol.js's replyTimeout) is started
// again and given the latest request again.

import { worker as firstWorker, listen, startWorker } from "./boot.js";
import { computeMessage, describeError, REPLY, replyTimeout } from "./protocol.js";

// Crashes in a row, with no answer between them, before the page stops starting it again.
const RESTARTS = 2;
// The longest start-up may go without a word (a stage or progress) before it counts as
// hung: downloads report progress all along, compiling takes seconds.
const START_SILENCE_MS = 120_000;

/** An uncaught error in the worker in a line (a module that failed to load has no message). */
function crashMessage(event) {
  if (event.message) return event.message;
  if (event.filename) return `${event.filename}:${event.lineno}`;
  return event.error ? describeError(event.error) : "the worker could not run";
}

/**
 * Listens to the worker. `on` receives {stage(stage, message), progress(message),
 * answer(id, response, note), failed(id, error, note), restarting(error),
 * fatal(error, retry)}; `answer` and `failed` only for the latest request. `restarting`:
 * the worker crashed and starts again (the latest request's answer will come); `fatal`:
 * it cannot start (or crashed again and again), and `retry()` starts it again.
 * `ready` (a promise) is awaited before any message is handed on: the catalog, so that
 * everything is said in the page's language. Returns `send(request, note) -> id`, 0 when
 * the calculator is down (the request is kept and sent by `retry`).
 */
export function connect(on, ready) {
  let worker = firstWorker;
  let state = "starting"; // "ready" once Python is up, "failed" after `fatal`
  let latestId = 0;
  let latest = null; // {id, request}: sent again to a new worker
  let crashes = 0; // in a row, since the last answer
  let watchdog = 0;
  const notes = new Map(); // request id -> what the page noted when it sent it
  const outstanding = new Set(); // ids sent to this worker and not answered yet

  function take(id) {
    const note = notes.get(id);
    notes.delete(id);
    return id === latestId ? note : undefined;
  }

  // Armed again at every word from the worker: it must answer within replyTimeout once
  // ready, and say something within START_SILENCE_MS while starting.
  function arm() {
    clearTimeout(watchdog);
    if (state === "failed" || (state === "ready" && !outstanding.size)) return;
    const wait = state === "ready" ? replyTimeout(latest?.request) : START_SILENCE_MS;
    watchdog = setTimeout(() => crashed({ code: "worker_timeout", message: `no reply in ${wait / 1000} s` }), wait);
  }

  function post(id, request) {
    outstanding.add(id);
    worker.postMessage(computeMessage(id, request));
    arm();
  }

  function start() {
    clearTimeout(watchdog);
    outstanding.clear();
    abandonQuestions(); // the worker that had them is gone
    for (const id of notes.keys()) if (id !== latest?.id) notes.delete(id);
    state = "starting";
    worker = startWorker();
    worker.addEventListener("message", handle);
    worker.addEventListener("error", handle);
    if (latest) post(latest.id, latest.request);
    else arm();
  }

  function fail(error) {
    state = "failed";
    clearTimeout(watchdog);
    worker.terminate();
    outstanding.clear();
    abandonQuestions();
    on.fatal(error, () => {
      crashes = 0;
      start();
    });
  }

  function crashed(error) {
    if (state === "failed") return;
    worker.terminate();
    crashes += 1;
    if (crashes > RESTARTS) {
      fail(error);
      return;
    }
    on.restarting(error);
    start();
  }

  async function handle(event) {
    const from = event.target;
    if (event.type === "error") event.preventDefault(); // handled here: not an error of the page
    await ready;
    if (from !== worker || state === "failed") return; // a worker already replaced or given up
    if (event.type === "error") {
      crashed({ code: "worker_crashed", message: crashMessage(event) });
      return;
    }
    const message = event.data;
    if (settleQuestion(message)) return;
    switch (message.type) {
      case REPLY.STAGE:
        if (message.stage === "ready") state = "ready";
        arm();
        on.stage(message.stage, message);
        break;
      case REPLY.PROGRESS:
        arm();
        on.progress(message);
        break;
      case REPLY.RESULT: {
        outstanding.delete(message.id);
        crashes = 0;
        arm();
        const note = take(message.id);
        if (note) on.answer(message.id, message.response, note);
        break;
      }
      case REPLY.ERROR: {
        outstanding.delete(message.id);
        // Python failed while answering, after it was up: its runtime is not to be trusted
        // any more, so this is a crash (started again, the latest request sent again).
        if (state === "ready" && message.error?.code === "worker_failed") {
          crashed(message.error);
          break;
        }
        arm();
        const note = take(message.id);
        if (note) on.failed(message.id, message.error, note);
        break;
      }
      case REPLY.FATAL:
        fail(message.error);
        break;
      default:
        break;
    }
  }

  listen(handle);
  arm();
  postQuestion = (message) => worker.postMessage(message);

  return function send(request, note) {
    latestId += 1;
    notes.set(latestId, note);
    latest = { id: latestId, request };
    if (state === "failed") return 0;
    post(latestId, request);
    return latestId;
  };
}

// A question apart from the stay limit's (the days in every country, history/import.js):
// its own ids, so it never displaces the latest answer `connect` waits for.
let asked = 0;
const questions = new Map(); // id -> {resolve, reject}
let postQuestion = null; // set by connect: posts to whichever worker is current

/** A reply to one of ask()'s questions: settled here, true; anything else false. */
function settleQuestion(message) {
  const question = questions.get(message.id);
  if (!question || (message.type !== REPLY.RESULT && message.type !== REPLY.ERROR)) return false;
  questions.delete(message.id);
  if (message.type === REPLY.RESULT) question.resolve(message.response);
  else question.reject(new Error(message.error.message));
  return true;
}

/** ask()'s questions to a worker that crashed or gave up: none will be answered. */
function abandonQuestions() {
  for (const question of questions.values()) question.reject(new Error("the calculator stopped"));
  questions.clear();
}

/** Sends `request` to the core; resolves with its response (ok or not). */
export function ask(request) {
  asked += 1;
  const id = `ask-${asked}`;
  return new Promise((resolve, reject) => {
    if (!postQuestion) {
      reject(new Error("the calculator is not connected"));
      return;
    }
    questions.set(id, { resolve, reject });
    postQuestion(computeMessage(id, request));
  });
}
