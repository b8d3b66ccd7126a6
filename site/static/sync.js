// Several tabs, one stored document: each tab merges what the others wrote into its own
// state, trip by trip, so that no change is lost and nothing deleted comes back. Pure.
//
// Every traveller and trip carries `stamp`, the time of its last change (a clock that only
// goes forward in each tab); the document keeps `deleted` ({id: stamp of the deletion})
// and `erased` (the stamp of the last "erase everything"). merge() is commutative and
// idempotent, so the tabs agree whatever order their writes arrive in:
// - an item is kept in the version with the later stamp;
// - an item is gone if deleted at or after its last change, or changed before the erase.

let clock = 0;
/** A stamp later than every stamp this tab made or saw. */
export function tick(seen = 0) {
  clock = Math.max(Date.now(), clock + 1, seen + 1);
  return clock;
}

const travellerFields = (t) => JSON.stringify([t.name, t.nationality, t.destination, t.plan]);
const stayFields = (s) => JSON.stringify([s.entry, s.exit, s.ongoing, s.country, s.basis, s.note]);

/** What `state` holds, item by item, to find the next changes (see stampChanges). */
export function snapshot(state) {
  const items = new Map();
  for (const traveller of state.travellers) {
    items.set(traveller.id, travellerFields(traveller));
    for (const stay of traveller.stays) items.set(stay.id, stayFields(stay));
  }
  return items;
}

/**
 * Stamps what changed in `state` since `before` (a snapshot): new or edited travellers and
 * trips get a new stamp, those gone are recorded in `deleted`. Changes `state` in place.
 */
export function stampChanges(before, state) {
  const now = tick(latestStamp(state));
  const present = new Set();
  for (const traveller of state.travellers) {
    present.add(traveller.id);
    if (before.get(traveller.id) !== travellerFields(traveller) || traveller.stamp === undefined) traveller.stamp = now;
    for (const stay of traveller.stays) {
      present.add(stay.id);
      if (before.get(stay.id) !== stayFields(stay) || stay.stamp === undefined) stay.stamp = now;
    }
  }
  state.deleted = { ...(state.deleted || {}) };
  for (const id of before.keys()) if (!present.has(id)) state.deleted[id] = now;
  return state;
}

function latestStamp(state) {
  let latest = state.erased || 0;
  for (const traveller of state.travellers) {
    latest = Math.max(latest, traveller.stamp || 0);
    for (const stay of traveller.stays) latest = Math.max(latest, stay.stamp || 0);
  }
  return latest;
}

/** A document in which everything before now is erased, and one blank traveller. */
export function erased(state, blankTraveller) {
  const at = tick(latestStamp(state));
  const traveller = { ...blankTraveller, stamp: tick(at) };
  return { schema: state.schema, current: traveller.id, travellers: [traveller], deleted: {}, erased: at };
}

function alive(item, deleted, erasedAt) {
  const stamp = item.stamp || 0;
  return (erasedAt === 0 || stamp > erasedAt) && !(deleted[item.id] >= stamp);
}

function byId(lists) {
  const found = new Map();
  for (const list of lists) {
    for (const item of list) {
      const known = found.get(item.id);
      if (!known || (item.stamp || 0) > (known.stamp || 0)) found.set(item.id, item);
    }
  }
  return found;
}

/** The union of two documents, item by item (see the top of this file). Keeps `ours`'s
 * current traveller and order, with what only `theirs` has after it. */
export function merge(ours, theirs) {
  const erasedAt = Math.max(ours.erased || 0, theirs.erased || 0);
  const deleted = {};
  for (const source of [ours.deleted || {}, theirs.deleted || {}]) {
    for (const [id, stamp] of Object.entries(source)) if (stamp > erasedAt) deleted[id] = Math.max(deleted[id] || 0, stamp);
  }
  const travellers = byId([ours.travellers, theirs.travellers]);
  const merged = [];
  for (const traveller of travellers.values()) {
    const versions = [ours, theirs].map((doc) => doc.travellers.find((t) => t.id === traveller.id)?.stays || []);
    const stays = [...byId(versions).values()].filter((stay) => alive(stay, deleted, erasedAt));
    // A trip added (in a stale tab) after its traveller was deleted or erased keeps it.
    const gone = Math.max(erasedAt, deleted[traveller.id] || 0);
    if (!alive(traveller, deleted, erasedAt) && !stays.some((stay) => stay.stamp > gone)) continue;
    merged.push({ ...traveller, stays });
  }
  const current = merged.some((t) => t.id === ours.current) ? ours.current : merged[0]?.id;
  return { schema: ours.schema, current, travellers: merged, deleted, erased: erasedAt };
}

/** Whether two documents hold the same travellers and trips, in whatever order (and
 * current aside): two tabs that merged the same edits in another order agree, and do
 * not write their orders back at each other for ever. */
export function sameContent(a, b) {
  return content(a) === content(b);
}

const byKey = (x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0);
function content(doc) {
  const travellers = doc.travellers.map((t) => [t.id, t.stamp, travellerFields(t), t.stays.map((s) => [s.id, s.stamp, stayFields(s)]).sort(byKey)]);
  return JSON.stringify([travellers.sort(byKey), Object.entries(doc.deleted || {}).sort(byKey), doc.erased || 0]);
}
