import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
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
    [exportFile(Array.from({ length: store.MAX_TRAVELLERS + 1 }, () => ({ name: "", nationality: "RU", destination: "KZ", stays: [] }))), /more travellers/],
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

// --- Robustness (issue 12) ---------------------------------------------------------------

const PYTHON = process.env.PYTHON || new URL("../../.venv/bin/python", import.meta.url).pathname;

test("the page's limits are the core's: stays per request and the days it counts", () => {
  const core = JSON.parse(
    execFileSync(
      PYTHON,
      [
        "-c",
        "import json; from staycheck import api, dates; print(json.dumps([api.MAX_STAYS, dates.FIRST_SUPPORTED.isoformat(), dates.LAST_SUPPORTED.isoformat()]))",
      ],
      { encoding: "utf8" },
    ),
  );
  assert.deepEqual([store.MAX_STAYS, store.FIRST_DAY, store.LAST_DAY], core);
});

function longHistory(count) {
  const traveller = store.newTraveller({ nationality: "RU", destination: "KZ" });
  traveller.name = "Frontier worker";
  let day = Date.UTC(2000, 0, 1);
  for (let i = 0; i < count; i += 1) {
    const iso = new Date(day).toISOString().slice(0, 10);
    traveller.stays.push({ ...store.newStay(traveller), entry: iso, exit: iso, note: `crossing ${i}` });
    day += 86400000;
  }
  return { schema: store.SCHEMA, current: traveller.id, travellers: [traveller] };
}

test("the page's own export of a long history imports back: 2,500, 7,300 and 50,000 trips", () => {
  for (const count of [2500, 7300, 50000]) {
    const state = longHistory(count);
    const text = `${JSON.stringify(store.exportDocument(state), null, 2)}\n`;
    const [traveller] = store.parseImport(text, COUNTRIES);
    assert.equal(traveller.stays.length, count, `${count} trips`);
    assert.equal(traveller.stays.at(-1).entry, state.travellers[0].stays.at(-1).entry);
  }
});

test("an export holds every trip typed, incomplete ones too, and they import back as typed", () => {
  const traveller = store.newTraveller({ nationality: "RU", destination: "KZ" });
  const stay = (fields) => ({ ...store.newStay(traveller), ...fields });
  traveller.stays = [
    stay({ entry: "2024-01-01", exit: "2024-01-10" }),
    stay({ entry: "2024-02-01", note: "no exit yet" }),
    stay({ exit: "2024-03-09", note: "no entry" }),
    stay({ entry: "2024-04-10", exit: "2024-04-01", note: "exit before entry" }),
    stay({ entry: "1900-01-01", ongoing: true }),
  ];
  traveller.plan = { entry: "2024-06-01", exit: "2024-06-20" };
  const state = { schema: store.SCHEMA, current: traveller.id, travellers: [traveller] };
  const file = store.exportDocument(state);
  assert.equal(file.travellers[0].stays.length, 1);
  assert.equal(file.travellers[0].drafts.length, 4);
  const [back] = store.parseImport(JSON.stringify(file), COUNTRIES);
  const shape = (s) => [s.entry, s.exit, s.ongoing, s.note];
  assert.deepEqual(back.stays.map(shape), traveller.stays.map(shape));
  assert.deepEqual(back.plan, { entry: "2024-06-01", exit: "2024-06-20" });
});

test("imports follow the core's rules: a number is not a text, any case of a code, names kept apart", () => {
  speak("en");
  const one = (stays, extra = {}) => exportFile([{ name: "A", nationality: "RU", destination: "KZ", stays, ...extra }]);
  assert.throws(
    () => store.parseImport(one([{ entry: "2024-02-01", exit: null, note: 42 }]), COUNTRIES),
    (error) => /stay 1: not a text/.test(error.message),
  );
  assert.throws(
    () => store.parseImport(one([], { name: 7 }), COUNTRIES),
    (error) => /Traveller 1 in the file: not a text/.test(error.message),
  );
  assert.throws(
    () => store.parseImport(one([{ entry: "1949-12-31", exit: null }]), COUNTRIES),
    (error) => /outside the days/.test(error.message),
  );
  const [lower] = store.parseImport(one([{ entry: "2024-02-01", exit: null, country: "kz" }], { nationality: "ru", destination: "kz" }), COUNTRIES);
  assert.deepEqual([lower.nationality, lower.destination, lower.stays[0].country], ["RU", "KZ", "KZ"]);
  const twice = exportFile([
    { name: "Anna", nationality: "RU", destination: "KZ", stays: [] },
    { name: "Anna", nationality: "RU", destination: "KZ", stays: [] },
    { name: "Anna (2)", nationality: "RU", destination: "KZ", stays: [] },
  ]);
  const { travellers, renamed } = store.readImport(twice, COUNTRIES);
  assert.deepEqual(
    travellers.map((t) => t.name),
    ["Anna", "Anna (3)", "Anna (2)"],
  );
  assert.deepEqual(renamed, [{ from: "Anna", to: "Anna (3)" }]);
});

test("a whole planned trip, entry and exit, is kept when the stored document is read", () => {
  const plan = { entry: "2024-06-01", exit: "2024-06-20" };
  const stored = { schema: store.SCHEMA, current: "t1", travellers: [{ id: "t1", name: "", nationality: "RU", destination: "KZ", plan, stays: [] }] };
  const loaded = store.load(memoryStorage({ staycheck: JSON.stringify(stored) }));
  assert.equal(loaded.problem, null);
  assert.deepEqual(loaded.state.travellers[0].plan, plan);
});

test("damaged stored documents: a copy is kept aside and what validates is recovered", () => {
  const good = { id: "s1", entry: "2024-01-01", exit: "2024-01-05", ongoing: false, country: "KZ", basis: "visa-free", note: "" };
  const traveller = (extra) => ({ id: "t1", name: "Anna", nationality: "RU", destination: "KZ", plan: null, stays: [good], ...extra });
  const cases = [
    // [document, problem, trips recovered]
    [{ schema: 1, current: "t1", travellers: [traveller({ stays: undefined })] }, "damaged", 0],
    [{ schema: 1, current: "t1", travellers: [null, traveller()] }, "damaged", 1],
    [{ schema: 1, current: "t1", travellers: { a: traveller() } }, "damaged", 1],
    [{ schema: 1, current: "t1", travellers: [traveller({ stays: [good, { entry: 5 }, null] })] }, "damaged", 1],
    [{ schema: 0, travellers: [traveller()] }, "broken", 0],
    [{ schema: 1, travellers: [null] }, "broken", 0],
    [{ schema: 1, travellers: "x" }, "broken", 0],
  ];
  for (const [document, problem, trips] of cases) {
    const raw = JSON.stringify(document);
    const storage = memoryStorage({ staycheck: raw });
    const loaded = store.load(storage);
    assert.equal(loaded.problem, problem, raw);
    const copies = storage.keys().filter((key) => key.startsWith("staycheck-"));
    assert.equal(copies.length, 1, raw);
    assert.equal(storage.getItem(copies[0]), raw);
    const stays = loaded.state.travellers.flatMap((t) => t.stays);
    assert.equal(problem === "broken" ? 0 : stays.length, trips, raw);
    if (problem === "damaged") assert.equal(loaded.state.travellers[0].name, "Anna");
  }
  // A valid document is not copied.
  const storage = memoryStorage({ staycheck: JSON.stringify({ schema: 1, current: "t1", travellers: [traveller()] }) });
  assert.equal(store.load(storage).problem, null);
  assert.deepEqual(storage.keys(), ["staycheck"]);
});

test("blocked storage: the page still starts, with nothing kept", () => {
  const blocked = {
    get localStorage() {
      throw new DOMException("The operation is insecure.", "SecurityError");
    },
  };
  assert.equal(store.openStorage(blocked), null);
  const throwing = {
    localStorage: {
      setItem: () => {
        throw new DOMException("denied", "SecurityError");
      },
      getItem: () => null,
      removeItem() {},
    },
  };
  assert.equal(store.openStorage(throwing), null);
  const { state, problem } = store.load(null);
  assert.equal(problem, "blocked");
  assert.equal(state.travellers.length, 1);
  assert.doesNotThrow(() => store.save(state, null));
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

test("the page's CSV export imports back, trips and drafts alike", async () => {
  speak("en");
  const { csvExport } = await import("../../site/static/exporters.js");
  const state = {
    schema: 1,
    current: "t1",
    travellers: [
      {
        id: "t1",
        name: 'Anna, "Ann"',
        nationality: "RU",
        destination: "KZ",
        plan: null,
        stays: [
          { id: "s1", entry: "2023-02-01", exit: "2023-04-01", ongoing: false, country: "KZ", basis: "visa", note: "first,\nsecond line" },
          { id: "s2", entry: "2023-04-10", exit: "", ongoing: true, country: "KZ", basis: "visa-free", note: "=SUM(A1)" },
          { id: "s3", entry: "2023-06-01", exit: "", ongoing: false, country: "KZ", basis: "visa-free", note: "not finished" },
          { id: "s4", entry: "", exit: "", ongoing: false, country: "FR", basis: "visa-free", note: "" },
        ],
      },
      {
        id: "t2",
        name: "Ivan",
        nationality: "KZ",
        destination: "RU",
        plan: null,
        stays: [{ id: "s5", entry: "2022-01-01", exit: "2022-01-02", ongoing: false, country: "RU", basis: "residence", note: "" }],
      },
    ],
  };
  const travellers = store.parseImport(csvExport(state, "2023-05-09"), COUNTRIES);
  const shape = (t) => [t.name, t.nationality, t.destination, t.stays.map(({ id, ...rest }) => rest)];
  assert.deepEqual(
    travellers.map(shape),
    state.travellers.map((t) => [t.name, t.nationality, t.destination, t.stays.map(({ id, ...rest }) => rest)]),
  );
});

test("the command line's trips table imports as one traveller with the chosen countries", () => {
  const text = "\uFEFFentry,exit,country,basis,note\n2024-01-01,2024-01-10,kz,visa,\n\n2024-02-01,,,,still there\n";
  const [traveller, ...others] = store.parseImport(text, COUNTRIES, { name: "trips", nationality: "US", destination: "KZ" });
  assert.equal(others.length, 0);
  assert.deepEqual([traveller.name, traveller.nationality, traveller.destination], ["trips", "US", "KZ"]);
  assert.deepEqual(
    traveller.stays.map(({ id, ...rest }) => rest),
    [
      { entry: "2024-01-01", exit: "2024-01-10", ongoing: false, country: "KZ", basis: "visa", note: "" },
      { entry: "2024-02-01", exit: "", ongoing: true, country: "KZ", basis: "visa-free", note: "still there" },
    ],
  );
});

test("a bad table is refused with the line and the column", () => {
  speak("en");
  const header = "entry,exit,country,basis,note";
  const cases = [
    [`${header}\n2024-01-01,2024-01-10,KZ,visa,\n2024-02-30,,KZ,visa,`, /^Line 3, column “entry”: the entry is not a date$/],
    [`${header}\n2024-01-05,2024-01-01,KZ,visa,`, /^Line 2, column “exit”: the exit is before the entry$/],
    [`${header}\n2024-01-05,2024-01-06,XX,visa,`, /^Line 2, column “country”: unknown country code$/],
    [`${header}\n2024-01-05,2024-01-06,KZ,tourist,`, /^Line 2, column “basis”: unknown basis of stay$/],
    [`${header}\n"a\nb",2024-01-06,KZ,visa,,extra`, /^Line 2: 6 fields, the header has 5$/],
    [`${header}\n2024-01-05,2024-01-06,KZ,visa,"open`, /^Line 2: a quoted field is not closed/],
    [`traveller,nationality,destination,entry,exit\nA,RU,ZZ,2024-01-01,2024-01-02`, /^Line 2, column “destination”: unknown country code$/],
    [`${header}\n\n`, /no trips/],
    ["when,where\n2024-01-01,KZ", /not JSON, nor a table of trips/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => store.parseImport(text, COUNTRIES),
      (error) => error instanceof store.ImportError && message.test(error.message),
      String(message),
    );
  }
});

test("the JSON export carries the planned trip back in", async () => {
  const { jsonExport } = await import("../../site/static/exporters.js");
  const traveller = { ...store.newTraveller(), name: "P", plan: { entry: "2030-05-01", exit: "2030-05-20" } };
  const [back] = store.parseImport(jsonExport({ schema: 1, current: traveller.id, travellers: [traveller] }), COUNTRIES);
  assert.deepEqual(back.plan, { entry: "2030-05-01", exit: "2030-05-20" });
});
