// The page's side of the calculator worker (boot.js starts it; protocol.js is the
// messages): sends requests and hands back only the answer to the latest one, with what
// the page noted when it sent it.

import { listen, worker } from "./boot.js";
import { REPLY, REQUEST } from "./protocol.js";

/**
 * Listens to the worker. `on` receives {stage(stage, message), answer(id, response, note),
 * failed(id, error, note), fatal(error)}; `answer` and `failed` only for the latest request.
 * `ready` (a promise) is awaited before any message is handed on: the catalog, so that
 * everything is said in the page's language. Returns `send(request, note) -> id`.
 */
export function connect(on, ready) {
  let latestId = 0;
  const notes = new Map(); // request id -> what the page noted when it sent it

  function take(id) {
    const note = notes.get(id);
    notes.delete(id);
    return id === latestId ? note : undefined;
  }

  listen(async (event) => {
    const message = event.data;
    await ready;
    switch (message.type) {
      case REPLY.STAGE:
        on.stage(message.stage, message);
        break;
      case REPLY.RESULT: {
        const note = take(message.id);
        if (note) on.answer(message.id, message.response, note);
        break;
      }
      case REPLY.ERROR: {
        const note = take(message.id);
        if (note) on.failed(message.id, message.error, note);
        break;
      }
      case REPLY.FATAL:
        on.fatal(message.error);
        break;
      default:
        break;
    }
  });

  return function send(request, note) {
    latestId += 1;
    notes.set(latestId, note);
    worker.postMessage({ type: REQUEST.COMPUTE, id: latestId, request });
    return latestId;
  };
}

// A question apart from the stay limit's (the days in every country, history/import.js):
// its own ids, so it never displaces the latest answer `connect` waits for.
let asked = 0;
const questions = new Map(); // id -> {resolve, reject}
worker.addEventListener("message", (event) => {
  const { id, type } = event.data;
  const question = questions.get(id);
  if (!question || (type !== REPLY.RESULT && type !== REPLY.ERROR)) return;
  questions.delete(id);
  if (type === REPLY.RESULT) question.resolve(event.data.response);
  else question.reject(new Error(event.data.error.message));
});

/** Sends `request` to the core; resolves with its response (ok or not). */
export function ask(request) {
  asked += 1;
  const id = `ask-${asked}`;
  return new Promise((resolve, reject) => {
    questions.set(id, { resolve, reject });
    worker.postMessage({ type: REQUEST.COMPUTE, id, request });
  });
}
