import assert from "node:assert/strict";
import { test } from "node:test";

import { computeMessage, describeError, REQUEST, replyTimeout, requestText } from "../../site/static/protocol.js";

// What Emscripten throws when Python exits (a fatal error at start-up): not an Error.
class ExitStatus {
  constructor(status) {
    this.name = "ExitStatus";
    this.message = `Program terminated with exit(${status})`;
    this.status = status;
  }
}

test("an error is named by its message and kind, never as [object Object]", () => {
  assert.equal(describeError(new ExitStatus(1)), "ExitStatus: Program terminated with exit(1)");
  assert.equal(describeError(new Error("python_stdlib.zip: HTTP 404")), "python_stdlib.zip: HTTP 404");
  assert.equal(describeError(new TypeError("Failed to fetch")), "TypeError: Failed to fetch");
  assert.equal(describeError({ code: "start_failed", status: 7 }), '{"code":"start_failed","status":7}');
  assert.equal(describeError({ error: new RangeError("out of memory") }), "RangeError: out of memory");
  assert.equal(describeError("plain text"), "plain text");
  assert.equal(describeError(undefined), "unknown error");
  const cycle = {};
  cycle.self = cycle;
  assert.equal(describeError(cycle), "Object");
  for (const error of [new ExitStatus(1), {}, Object.create(null), cycle, { message: "" }]) {
    assert.doesNotMatch(describeError(error), /\[object Object\]/);
  }
});

test("the page waits longer for an answer to a longer history", () => {
  assert.ok(replyTimeout({ stays: [] }) >= 30_000);
  const long = { stays: Array.from({ length: 7300 }, () => ({})) };
  assert.ok(replyTimeout(long) > replyTimeout({ stays: [{}] }));
  assert.equal(replyTimeout(undefined), replyTimeout({ stays: [] }));
});

test("a request goes to the worker as the JSON text Python reads", () => {
  const request = { destination: "KZ", nationality: "RU", on: "2023-05-10", stays: [{ entry: "2023-02-01" }] };
  const message = computeMessage(7, request);
  assert.equal(message.type, REQUEST.COMPUTE);
  assert.equal(message.id, 7);
  assert.equal(typeof message.json, "string");
  assert.deepEqual(JSON.parse(message.json), request);
});

test("a stay goes without the country and basis Python would fill in, and with any other", () => {
  const request = {
    destination: "KZ",
    nationality: "RU",
    on: "2023-05-10",
    stays: [
      { entry: "2023-02-01", exit: "2023-02-10", country: "KZ", basis: "visa-free" },
      { entry: "2023-03-01", exit: "2023-03-05", country: "KG", basis: "visa-free" },
      { entry: "2023-04-01", exit: null, country: "KZ", basis: "residence" },
      { entry: "2023-04-20", exit: "2023-04-21", country: "", basis: "" },
    ],
    plan: { entry: "2023-06-01" },
  };
  assert.deepEqual(JSON.parse(computeMessage(3, request).json), {
    ...request,
    stays: [
      { entry: "2023-02-01", exit: "2023-02-10" },
      { entry: "2023-03-01", exit: "2023-03-05", country: "KG" },
      { entry: "2023-04-01", exit: null, basis: "residence" },
      // Not the defaults: Python says what is wrong with them (or reads them as missing).
      { entry: "2023-04-20", exit: "2023-04-21", country: "", basis: "" },
    ],
  });
  assert.equal(request.stays[0].country, "KZ", "the page's own request is left as it was");
});

test("without a destination every stay keeps its country", () => {
  const request = { on: "2023-05-10", stays: [{ entry: "2023-02-01", exit: "2023-02-02", country: "KZ", basis: "visa" }] };
  assert.deepEqual(JSON.parse(requestText(request)), request);
  assert.equal(requestText({ question: "presence" }), JSON.stringify({ question: "presence" }));
});
