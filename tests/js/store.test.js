import assert from "node:assert/strict";
import { test } from "node:test";

import * as store from "../../site/static/store.js";
import { speak } from "./catalog.js";

/** A localStorage for the tests: a Map behind the same four methods. */
function memoryStorage(initial = {}) {
  const items = new Map(Object.entries(initial));
  return {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
    keys: () => [...items.keys()],
  };
}

const COUNTRIES = new Set(["RU", "KZ", "FR", "US"]);

function exportFile(travellers, extra = {}) {
  return JSON.stringify({ format: "staycheck", version: 1, travellers, ...extra });
}

test("a first visit starts with one empty traveller, and what is saved loads back", () => {
  const storage = memoryStorage();
  const { state, problem } = store.load(storage);
  assert.equal(problem, null);
  assert.equal(state.travellers.length, 1);
  state.travellers[0].name = "Anna";
  store.save(state, storage);
  assert.equal(store.load(storage).state.travellers[0].name, "Anna");
  store.erase(storage);
  assert.equal(store.load(storage).state.travellers[0].name, "");
});

test("an unreadable document is kept under a backup key and the page starts afresh", () => {
  const storage = memoryStorage({ staycheck: "{not json" });
  const { state, problem } = store.load(storage);
  assert.equal(problem, "broken");
  assert.equal(state.travellers.length, 1);
  const backups = storage.keys().filter((key) => key.startsWith("staycheck-unreadable-"));
  assert.equal(backups.length, 1);
  assert.equal(storage.getItem(backups[0]), "{not json");
});

test("a document of a newer schema is left untouched", () => {
  const newer = JSON.stringify({ schema: store.SCHEMA + 1, travellers: [] });
  const storage = memoryStorage({ staycheck: newer });
  assert.equal(store.load(storage).problem, "newer");
  assert.equal(storage.getItem("staycheck"), newer);
});

test("an older document is migrated step by step, and a missing step is refused", () => {
  const steps = {
    1: (doc) => ({ ...doc, schema: 2, travellers: doc.people }),
    2: (doc) => ({ ...doc, schema: 3, current: doc.travellers[0].id }),
  };
  const migrated = store.migrate({ schema: 1, people: [{ id: "a" }] }, steps, 3);
  assert.deepEqual(migrated, { schema: 3, people: [{ id: "a" }], travellers: [{ id: "a" }], current: "a" });
  assert.throws(() => store.migrate({ schema: 0 }, steps, 3), /no migration from schema 0/);
  assert.deepEqual(store.migrate({ schema: store.SCHEMA, x: 1 }), { schema: store.SCHEMA, x: 1 });
});

test("a stored document whose current traveller is gone shows the first one", () => {
  const doc = { schema: store.SCHEMA, current: "gone", travellers: [store.newTraveller()] };
  const { state } = store.load(memoryStorage({ staycheck: JSON.stringify(doc) }));
  assert.equal(state.current, doc.travellers[0].id);
});

test("an export file is read completely into the stored shape", () => {
  speak("en");
  const [anna] = store.parseImport(
    exportFile([
      {
        name: "Anna",
        nationality: "RU",
        destination: "KZ",
        stays: [
          { entry: "2024-01-01", exit: "2024-01-10", country: "KZ", basis: "visa", note: "Almaty" },
          { entry: "2024-02-01", exit: null },
        ],
      },
    ]),
    COUNTRIES,
  );
  assert.equal(anna.name, "Anna");
  assert.deepEqual(
    anna.stays.map(({ id, ...stay }) => stay),
    [
      { entry: "2024-01-01", exit: "2024-01-10", ongoing: false, country: "KZ", basis: "visa", note: "Almaty" },
      { entry: "2024-02-01", exit: "", ongoing: true, country: "KZ", basis: "visa-free", note: "" },
    ],
  );
});

test("a bad export file is refused with the place and the reason", () => {
  speak("en");
  const traveller = (stays, extra = {}) => exportFile([{ name: "A", nationality: "RU", destination: "KZ", stays, ...extra }]);
  const cases = [
    ["{", /not JSON/],
    [JSON.stringify({ format: "other" }), /not a Staycheck file/],
    [exportFile([], { version: 2 }), /newer version/],
    [exportFile([], { version: 0 }), /no valid version/],
    [exportFile([]), /no travellers/],
    [traveller([], { nationality: "XX" }), /Traveller 1 in the file: unknown country code in “nationality”/],
    [traveller([{ entry: "2024-02-30", exit: null }]), /stay 1: the entry is not a date/],
    [traveller([{ entry: "2024-02-03", exit: "2024-02-01" }]), /stay 1: the exit is before the entry/],
    [traveller([{ entry: "2024-02-01", exit: null, basis: "tourist" }]), /unknown basis of stay/],
    [traveller([{ entry: "2024-02-01", exit: null, note: "x".repeat(501) }]), /a text is too long/],
    [exportFile(Array.from({ length: 51 }, () => ({ name: "", nationality: "RU", destination: "KZ", stays: [] }))), /more travellers/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => store.parseImport(text, COUNTRIES),
      (error) => error instanceof store.ImportError && message.test(error.message),
      String(message),
    );
  }
});

test("imported travellers replace those of the same name; blank ones are dropped", () => {
  const kept = { ...store.newTraveller(), name: "Ivan", stays: [store.newStay({ destination: "KZ" })] };
  const blank = store.newTraveller();
  const anna = { ...store.newTraveller(), name: "Anna", stays: [store.newStay({ destination: "KZ" })] };
  const state = { schema: store.SCHEMA, current: kept.id, travellers: [blank, kept, anna] };
  const imported = [{ ...store.newTraveller(), name: "Anna" }];
  assert.deepEqual(store.replacedBy(state, imported), [anna]);
  const merged = store.mergeTravellers(state, imported);
  assert.deepEqual(merged.travellers, [kept, imported[0]]);
  assert.equal(merged.current, imported[0].id);
});

test("the request carries the complete trips only, and says which trips they are", () => {
  const traveller = store.newTraveller({ nationality: "RU", destination: "KZ" });
  const done = { ...store.newStay(traveller), entry: "2024-01-01", exit: "2024-01-10" };
  const unfinished = { ...store.newStay(traveller), entry: "2024-02-01" };
  const here = { ...store.newStay(traveller), entry: "2024-03-01", ongoing: true };
  traveller.stays = [done, unfinished, here];
  traveller.plan = { entry: "2024-05-01" };
  const { request, stayIds } = store.requestFor(traveller, "2024-03-05");
  assert.deepEqual(request, {
    destination: "KZ",
    nationality: "RU",
    on: "2024-03-05",
    stays: [
      { entry: "2024-01-01", exit: "2024-01-10", country: "KZ", basis: "visa-free" },
      { entry: "2024-03-01", exit: null, country: "KZ", basis: "visa-free" },
    ],
    plan: { entry: "2024-05-01" },
  });
  assert.deepEqual(stayIds, [done.id, here.id]);
  assert.equal(store.tripDays(done, "2024-03-05"), 10);
  assert.equal(store.tripDays(here, "2024-03-05"), 5);
  assert.equal(store.tripDays(unfinished, "2024-03-05"), null);
  // The answer's stay 1 is the page's trip 3, entered on 1 March.
  const trips = store.tripNumbering(traveller, stayIds);
  assert.deepEqual([trips.number(0), trips.number(1), trips.entry(1), trips.entry(7)], [1, 3, "2024-03-01", null]);
});

test("a past control day: a trip still going on that began after it lasts at least until today", () => {
  const traveller = {
    destination: "KZ",
    nationality: "RU",
    plan: { entry: "2023-06-01", exit: "2023-06-10" },
    stays: [
      { id: "a", entry: "2023-02-01", exit: "2023-04-01", ongoing: false, country: "KZ", basis: "visa-free" },
      { id: "b", entry: "2023-04-10", exit: "", ongoing: true, country: "KZ", basis: "visa-free" },
    ],
  };
  const past = store.requestFor(traveller, "2023-03-15", "2023-04-20").request;
  assert.equal(past.on, "2023-03-15");
  assert.deepEqual(
    past.stays.map((stay) => stay.exit),
    ["2023-04-01", "2023-04-20"],
  );
  assert.equal(store.requestFor(traveller, "2023-04-20").request.stays[1].exit, null);
  assert.deepEqual(past.plan, { entry: "2023-06-01", exit: "2023-06-10" });
});
