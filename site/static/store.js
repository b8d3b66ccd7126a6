// The travellers and their trips, kept in localStorage under a versioned schema, and the
// export file format the CLI reads too.
//
// Stored under KEY as {"schema": SCHEMA, "current": id, "travellers": [traveller]} with
//   traveller = {id, name, nationality, destination, plan: {entry, exit?} | null,
//                stays: [{id, entry, exit, ongoing, country, basis, note}]}
// where entry and exit are "YYYY-MM-DD" or "" while not filled in, and ongoing (still
// there) means the exit is not known yet. A newer schema is migrated up step by step
// (MIGRATIONS); a document from a newer version of the site is left untouched.
//
// The export file: {"format": "staycheck", "version": 1, "travellers": [{name,
// nationality, destination, stays: [{entry, exit, country, basis, note}]}]}, exit null
// while still there.

import { daysInclusive, isISODate } from "./dates.js";
import { _ } from "./i18n.js";

export const KEY = "staycheck";
export const SCHEMA = 1;
export const FILE_FORMAT = "staycheck";
export const FILE_VERSION = 1;
export const MAX_IMPORT_BYTES = 1_000_000;
const MAX_TRAVELLERS = 50;
const MAX_STAYS = 2000;
const MAX_TEXT = 500;
export const BASES = ["visa-free", "visa", "residence"];

// Each function turns a document of schema N into schema N + 1.
const MIGRATIONS = {};

/** A stored document brought up to schema `to`, one step at a time. */
export function migrate(document, steps = MIGRATIONS, to = SCHEMA) {
  let current = document;
  while (current.schema < to) {
    if (!steps[current.schema]) throw new Error(`no migration from schema ${current.schema}`);
    current = steps[current.schema](current);
  }
  return current;
}

let counter = 0;
export function newId() {
  counter += 1;
  return `${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export function newTraveller(template = {}) {
  return {
    id: newId(),
    name: "",
    nationality: template.nationality || "RU",
    destination: template.destination || "KZ",
    plan: null,
    stays: [],
  };
}

export function newStay(traveller) {
  return {
    id: newId(),
    entry: "",
    exit: "",
    ongoing: false,
    country: traveller.destination,
    basis: "visa-free",
    note: "",
  };
}

function freshState() {
  const traveller = newTraveller();
  return { schema: SCHEMA, current: traveller.id, travellers: [traveller] };
}

/**
 * Reads the stored document. Returns {state, problem}: problem is null, "newer" (written
 * by a newer version of the site: shown, never overwritten) or "broken" (unreadable: kept
 * under a backup key, and a fresh start).
 */
export function load(storage = localStorage) {
  const raw = storage.getItem(KEY);
  if (raw === null) return { state: freshState(), problem: null };
  let document;
  try {
    document = JSON.parse(raw);
    if (!document || typeof document.schema !== "number") throw new Error("no schema");
  } catch {
    storage.setItem(`${KEY}-unreadable-${Date.now()}`, raw);
    storage.removeItem(KEY);
    return { state: freshState(), problem: "broken" };
  }
  if (document.schema > SCHEMA) return { state: freshState(), problem: "newer" };
  document = migrate(document);
  if (!Array.isArray(document.travellers) || document.travellers.length === 0) {
    return { state: freshState(), problem: null };
  }
  if (!document.travellers.some((t) => t.id === document.current)) {
    document.current = document.travellers[0].id;
  }
  return { state: document, problem: null };
}

export function save(state, storage = localStorage) {
  storage.setItem(KEY, JSON.stringify(state));
}

export function erase(storage = localStorage) {
  storage.removeItem(KEY);
}

/** A stay is sent to the calculator only once its dates are filled in. */
export function isComplete(stay) {
  return isISODate(stay.entry) && (stay.ongoing || isISODate(stay.exit));
}

/** The days of a recorded trip (entry and exit both count; a trip still going on counts to
 * `today`), or null if it has none yet. The trip as entered, not an answer of the core. */
export function tripDays(stay, today) {
  const last = stay.ongoing ? today : stay.exit;
  return isComplete(stay) && last >= stay.entry ? daysInclusive(stay.entry, last) : null;
}

/** The calculator's request for `traveller` on the control day `on`, and the ids of the
 * stays it sends, in order: an answer's stay indexes are indexes into that list. A trip
 * still going on that began after a past control day lasts at least until `today`. */
export function requestFor(traveller, on, today = on) {
  const complete = traveller.stays.filter(isComplete);
  const exitOf = (stay) => (!stay.ongoing ? stay.exit : stay.entry > on && stay.entry <= today ? today : null);
  const request = {
    destination: traveller.destination,
    nationality: traveller.nationality,
    on,
    stays: complete.map((stay) => ({
      entry: stay.entry,
      exit: exitOf(stay),
      country: stay.country,
      basis: stay.basis,
    })),
  };
  if (traveller.plan && isISODate(traveller.plan.entry)) {
    request.plan = { entry: traveller.plan.entry };
    if (isISODate(traveller.plan.exit)) request.plan.exit = traveller.plan.exit;
  }
  return { request, stayIds: complete.map((stay) => stay.id) };
}

/** How the page numbers the request's stays (`stayIds`, see requestFor): by their place in
 * the traveller's list, from 1; and their entry dates, for the answer's wording. */
export function tripNumbering(traveller, stayIds) {
  const stayOf = (index) => traveller.stays.find((stay) => stay.id === stayIds[index]);
  return {
    number: (index) => traveller.stays.indexOf(stayOf(index)) + 1,
    entry: (index) => stayOf(index)?.entry ?? null,
  };
}

// --- Export and import -------------------------------------------------------------

export function exportDocument(state) {
  return {
    format: FILE_FORMAT,
    version: FILE_VERSION,
    travellers: state.travellers.map((traveller) => ({
      name: traveller.name,
      nationality: traveller.nationality,
      destination: traveller.destination,
      stays: traveller.stays.filter(isComplete).map((stay) => ({
        entry: stay.entry,
        exit: stay.ongoing ? null : stay.exit,
        country: stay.country,
        basis: stay.basis,
        note: stay.note,
      })),
    })),
  };
}

export class ImportError extends Error {}

/**
 * Checks a file's text completely and returns the travellers in it, in the stored shape.
 * Throws ImportError with a message for the user; changes nothing.
 * `countries` is the set of known country codes.
 */
export function parseImport(text, countries) {
  if (text.length > MAX_IMPORT_BYTES) {
    throw new ImportError(_("This file is too large to be a Staycheck export."));
  }
  let document;
  try {
    document = JSON.parse(text);
  } catch {
    throw new ImportError(_("This is not a Staycheck file: it is not JSON."));
  }
  if (!document || typeof document !== "object" || document.format !== FILE_FORMAT) {
    throw new ImportError(_("This is not a Staycheck file."));
  }
  if (!Number.isInteger(document.version) || document.version < 1) {
    throw new ImportError(_("This Staycheck file has no valid version number."));
  }
  if (document.version > FILE_VERSION) {
    throw new ImportError(_("This file was made by a newer version of Staycheck. Reload the page to update, then import it again."));
  }
  const travellers = document.travellers;
  if (!Array.isArray(travellers) || travellers.length === 0) {
    throw new ImportError(_("This Staycheck file has no travellers in it."));
  }
  if (travellers.length > MAX_TRAVELLERS) {
    throw new ImportError(_("This file has more travellers than Staycheck keeps."));
  }
  return travellers.map((raw, index) => parseTraveller(raw, index + 1, countries));
}

function parseTraveller(raw, number, countries) {
  const problem = (detail) => new ImportError(_("Traveller {number} in the file: {detail}", { number, detail }));
  if (!raw || typeof raw !== "object") throw problem(_("not a traveller"));
  const name = optionalText(raw.name, problem);
  for (const field of ["nationality", "destination"]) {
    if (!countries.has(raw[field])) throw problem(_("unknown country code in “{field}”", { field }));
  }
  if (!Array.isArray(raw.stays) || raw.stays.length > MAX_STAYS) {
    throw problem(_("the list of stays is missing or too long"));
  }
  const traveller = newTraveller(raw);
  traveller.name = name;
  traveller.stays = raw.stays.map((stay, index) => {
    const where = (detail) => problem(_("stay {number}: {detail}", { number: index + 1, detail }));
    if (!stay || typeof stay !== "object") throw where(_("not a stay"));
    if (!isISODate(stay.entry)) throw where(_("the entry is not a date"));
    if (stay.exit !== null && stay.exit !== undefined && !isISODate(stay.exit)) {
      throw where(_("the exit is not a date"));
    }
    if (stay.exit && stay.exit < stay.entry) throw where(_("the exit is before the entry"));
    const country = stay.country ?? raw.destination;
    if (!countries.has(country)) throw where(_("unknown country code"));
    const basis = stay.basis ?? "visa-free";
    if (!BASES.includes(basis)) throw where(_("unknown basis of stay"));
    return {
      id: newId(),
      entry: stay.entry,
      exit: stay.exit ?? "",
      ongoing: stay.exit === null || stay.exit === undefined,
      country,
      basis,
      note: optionalText(stay.note, where),
    };
  });
  return traveller;
}

function optionalText(value, problem) {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string" || value.length > MAX_TEXT) throw problem(_("a text is too long"));
  return value;
}

/** Imported travellers replace those of the same name and are added after the others. */
export function mergeTravellers(state, imported) {
  const names = new Set(imported.map((t) => t.name));
  const kept = state.travellers.filter((t) => !isBlank(t) && !names.has(t.name));
  const travellers = [...kept, ...imported];
  return { schema: SCHEMA, current: imported[0].id, travellers };
}

/** The travellers with trips that an import would replace (same name). */
export function replacedBy(state, imported) {
  const names = new Set(imported.map((t) => t.name));
  return state.travellers.filter((t) => names.has(t.name) && t.stays.length > 0);
}

function isBlank(traveller) {
  return traveller.stays.length === 0 && !traveller.name;
}
