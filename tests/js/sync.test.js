import assert from "node:assert/strict";
import { test } from "node:test";

import * as store from "../../site/static/store.js";
import * as sync from "../../site/static/sync.js";

/** A tab as app.js runs one: its state, its snapshot, stamping and merging on each save. */
function tab(shared) {
  const self = {
    state: store.repair(JSON.parse(shared.value)).state,
    saved: null,
    save() {
      sync.stampChanges(self.saved, self.state);
      const stored = shared.value ? store.repair(JSON.parse(shared.value)).state : null;
      self.adopt(stored ? sync.merge(self.state, stored) : self.state);
      shared.value = JSON.stringify(self.state);
    },
    hear() {
      const stored = store.repair(JSON.parse(shared.value)).state;
      const merged = sync.merge(self.state, stored);
      self.adopt(merged);
      if (!sync.sameContent(merged, stored)) shared.value = JSON.stringify(self.state);
    },
    adopt(next) {
      self.state = next;
      if (!next.travellers.length) next.travellers.push(store.newTraveller());
      self.saved = sync.snapshot(next);
    },
    trips: () => self.state.travellers.flatMap((t) => t.stays.map((s) => s.note)).sort(),
  };
  self.saved = sync.snapshot(self.state);
  return self;
}

function start() {
  const first = store.newTraveller();
  return { value: JSON.stringify({ schema: store.SCHEMA, current: first.id, travellers: [first] }) };
}

function addTrip(t, note) {
  const traveller = t.state.travellers[0];
  traveller.stays.push({ ...store.newStay(traveller), entry: "2024-01-01", exit: "2024-01-02", note });
  t.save();
}

test("a trip added in each of two stale tabs survives in both", () => {
  const shared = start();
  const a = tab(shared);
  const b = tab(shared);
  addTrip(a, "from A");
  // B has not heard of A's write and edits only its traveller's name.
  b.state.travellers[0].name = "Anna";
  addTrip(b, "from B");
  a.hear();
  assert.deepEqual(a.trips(), ["from A", "from B"]);
  assert.deepEqual(b.trips(), ["from A", "from B"]);
  assert.equal(a.state.travellers[0].name, "Anna");
});

test("two tabs that merged the same trips in another order stop writing back", () => {
  const shared = start();
  const a = tab(shared);
  const b = tab(shared);
  addTrip(a, "from A");
  addTrip(b, "from B"); // B merges A's trip after its own: B's order is B's trip, then A's
  let writes = 0;
  for (let round = 0; round < 10; round += 1) {
    for (const t of [a, b]) {
      const before = shared.value;
      t.hear();
      if (shared.value !== before) writes += 1;
    }
  }
  // What B wrote holds all A has: neither has anything to write back, whatever the order.
  assert.equal(writes, 0);
  assert.deepEqual(a.trips(), ["from A", "from B"]);
  assert.deepEqual(b.trips(), ["from A", "from B"]);
  assert.notDeepEqual(
    a.state.travellers[0].stays.map((s) => s.note),
    b.state.travellers[0].stays.map((s) => s.note),
  ); // the orders do differ: the test is about them
});

test("sameContent: the same travellers, trips and deletions in any order", () => {
  const one = {
    travellers: [
      {
        id: "t1",
        name: "",
        stays: [
          { id: "s1", note: "x" },
          { id: "s2", note: "y" },
        ],
      },
      { id: "t2", stays: [] },
    ],
    deleted: { d1: 1, d2: 2 },
  };
  const reordered = { travellers: [one.travellers[1], { ...one.travellers[0], stays: [...one.travellers[0].stays].reverse() }], deleted: { d2: 2, d1: 1 } };
  assert.ok(sync.sameContent(one, reordered));
  const edited = {
    ...reordered,
    travellers: [
      reordered.travellers[0],
      {
        ...reordered.travellers[1],
        stays: [
          { id: "s2", note: "y" },
          { id: "s1", note: "z" },
        ],
      },
    ],
  };
  assert.ok(!sync.sameContent(one, edited));
  assert.ok(!sync.sameContent(one, { ...one, deleted: { d1: 1 } }));
  assert.ok(!sync.sameContent(one, { ...one, erased: 5 }));
});

test("erase in one tab is not undone by a stale edit in the other; later trips are kept", () => {
  const shared = start();
  const a = tab(shared);
  const b = tab(shared);
  addTrip(a, "old");
  b.hear();
  a.adopt(sync.erased(a.state, store.newTraveller()));
  a.save();
  // B has not heard of the erase: it renames its traveller and adds a trip after it.
  b.state.travellers[0].name = "stale";
  addTrip(b, "after the erase");
  a.hear();
  assert.deepEqual(a.trips(), ["after the erase"]);
  assert.deepEqual(b.trips(), ["after the erase"]);
});

test("two tabs, random edits heard late or never until the end: exactly what was not deleted", () => {
  let seed = 12;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const shared = start();
  const tabs = [tab(shared), tab(shared)];
  const alive = new Set();
  for (let step = 0; step < 400; step += 1) {
    const t = tabs[step % 2];
    if (random() < 0.5) t.hear();
    const roll = random();
    const visible = t.state.travellers.flatMap((traveller) => traveller.stays);
    if (roll < 0.6 || !visible.length) {
      addTrip(t, `trip ${step}`);
      alive.add(`trip ${step}`);
    } else if (roll < 0.97) {
      const victim = visible[Math.floor(random() * visible.length)];
      for (const traveller of t.state.travellers) traveller.stays = traveller.stays.filter((s) => s !== victim);
      t.save();
      alive.delete(victim.note);
    } else {
      t.adopt(sync.erased(t.state, store.newTraveller()));
      t.save();
      alive.clear();
    }
  }
  for (const t of tabs) t.hear();
  for (const t of tabs) t.hear();
  const expected = [...alive].sort();
  assert.deepEqual(tabs[0].trips(), expected);
  assert.deepEqual(tabs[1].trips(), expected);
  assert.deepEqual(tab(shared).trips(), expected);
});
