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
// nationality, destination, plan: {entry, exit?} | null, stays: [{entry, exit, country, basis,
// note}], drafts: [{entry, exit, ongoing, country, basis, note}]}]}, exit null while still
// there. `stays` are the complete trips (what the CLI reads); `drafts` the trips not
// filled in yet ("" for a date not typed), so that an export holds everything typed.
//
// The import reads that file, and the trips table too (CSV): the page's own (one row a
// trip: traveller, nationality, destination, entry, exit, country, basis, days, note) and
// the command line's (entry, exit, country, basis, note). Both go through checkStay.

import { parseCsv, unguard } from "./csv.js";
import { daysInclusive, isISODate } from "./dates.js";
import { _ } from "./i18n.js";

export const KEY = "staycheck";
export const SCHEMA = 1;
export const FILE_FORMAT = "staycheck";
export const FILE_VERSION = 1;
// The core takes up to 50,000 stays (staycheck.api.MAX_STAYS; tests/js checks they agree);
// a pretty-printed export of that many is about 9 MB. The page lets no one type more than
// these limits, so that its own export always imports back.
export const MAX_STAYS = 50_000;
export const MAX_IMPORT_BYTES = 32_000_000;
export const MAX_TRAVELLERS = 200;
export const MAX_TEXT = 500; // the note field's maxlength; names are 80
// The core's supported days (staycheck.dates.FIRST_SUPPORTED, LAST_SUPPORTED).
export const FIRST_DAY = "1950-01-01";
export const LAST_DAY = "2099-12-31";
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
  // The same id in every tab: two tabs opened on an empty storage share their first traveller.
  const traveller = { ...newTraveller(), id: "first" };
  return { schema: SCHEMA, current: traveller.id, travellers: [traveller] };
}

/**
 * The page's localStorage, or null where it is blocked (site data blocked, some private
 * modes and cross-site frames throw on the mere access, or on the first write).
 */
export function openStorage(scope = globalThis) {
  try {
    const storage = scope.localStorage;
    const probe = `${KEY}-probe`;
    storage.setItem(probe, "1");
    storage.removeItem(probe);
    return storage;
  } catch (error) {
    // A full storage still reads: only refuse what cannot even be written to when empty.
    if (isQuotaError(error)) {
      try {
        return scope.localStorage;
      } catch {
        return null;
      }
    }
    return null;
  }
}

export function isQuotaError(error) {
  return error?.name === "QuotaExceededError" || error?.code === 22 || error?.name === "NS_ERROR_DOM_QUOTA_REACHED";
}

/** Keeps `raw` aside under a key of its own; false if even that could not be written. */
function keepCopy(storage, raw, why) {
  try {
    storage.setItem(`${KEY}-${why}-${Date.now()}`, raw);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads the stored document. Returns {state, problem, recovered}: problem is null,
 * "blocked" (no storage: nothing is kept), "newer" (written by a newer version of the
 * site: shown, never overwritten), "damaged" (it did not validate: a copy was kept aside
 * and what could be read is used; `recovered` counts the trips kept and `lost` those
 * dropped) or "broken" (nothing in it could be used: a copy was kept, a fresh start).
 */
export function load(storage) {
  if (!storage) return { state: freshState(), problem: "blocked" };
  const raw = storage.getItem(KEY);
  if (raw === null) return { state: freshState(), problem: null };
  let document;
  try {
    document = JSON.parse(raw);
  } catch {
    document = undefined;
  }
  if (document && typeof document === "object" && typeof document.schema === "number" && document.schema > SCHEMA) {
    return { state: freshState(), problem: "newer" };
  }
  let result = null;
  try {
    result = repair(migrate(document));
  } catch {
    result = null;
  }
  if (result && result.lost === 0 && !result.changed) return { state: result.state, problem: null };
  const kept = keepCopy(storage, raw, result ? "damaged" : "unreadable");
  if (!result || result.recovered === 0) {
    if (kept) storage.removeItem(KEY);
    return { state: freshState(), problem: "broken", copyKept: kept };
  }
  return { state: result.state, problem: "damaged", recovered: result.recovered, lost: result.lost, copyKept: kept };
}

/**
 * A stored document checked field by field with the import's rules (checkStay): what is
 * valid is kept, what is not is dropped or put right. Throws if it is not a document.
 * Returns {state, recovered (trips kept), lost (trips or travellers dropped), changed}.
 */
export function repair(document, countries = null) {
  if (!document || typeof document !== "object" || document.schema !== SCHEMA) throw new Error("not a document");
  let list = document.travellers;
  let changed = false;
  if (list && typeof list === "object" && !Array.isArray(list)) {
    list = Object.values(list);
    changed = true;
  }
  if (!Array.isArray(list)) throw new Error("no travellers");
  const anyCountry = { has: (code) => typeof code === "string" && /^[A-Z]{2}$/.test(code) };
  const known = countries || anyCountry;
  let recovered = 0;
  let lost = 0;
  const travellers = [];
  for (const raw of list) {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
      lost += 1;
      continue;
    }
    const traveller = newTraveller({
      nationality: countryCode(raw.nationality, known) || undefined,
      destination: countryCode(raw.destination, known) || undefined,
    });
    if (typeof raw.id === "string" && raw.id) traveller.id = raw.id;
    else changed = true;
    traveller.name = typeof raw.name === "string" ? raw.name.slice(0, 80) : "";
    if (traveller.name !== raw.name || traveller.nationality !== raw.nationality || traveller.destination !== raw.destination) changed = true;
    traveller.plan = readPlan(raw.plan);
    if (raw.plan !== null && !samePlan(traveller.plan, raw.plan)) changed = true;
    if (typeof raw.stamp === "number") traveller.stamp = raw.stamp;
    const stays = Array.isArray(raw.stays) ? raw.stays : [];
    if (!Array.isArray(raw.stays)) changed = true;
    for (const stay of stays) {
      try {
        const checked = checkStay(stay, { draft: true, countries: known, destination: traveller.destination, problem: (detail) => new Error(detail) });
        if (typeof stay.id === "string" && stay.id) checked.id = stay.id;
        if (typeof stay.stamp === "number") checked.stamp = stay.stamp;
        traveller.stays.push(checked);
        recovered += 1;
      } catch {
        lost += 1;
      }
    }
    travellers.push(traveller);
  }
  if (travellers.length === 0) {
    if (list.length === 0 && !changed) return { state: freshState(), recovered: 0, lost: 0, changed: false };
    throw new Error("no traveller could be read");
  }
  const state = { ...document, schema: SCHEMA, travellers };
  const stamps = document.deleted && typeof document.deleted === "object" ? Object.entries(document.deleted) : [];
  state.deleted = Object.fromEntries(stamps.filter(([, stamp]) => typeof stamp === "number"));
  state.erased = typeof document.erased === "number" ? document.erased : 0;
  if (!travellers.some((t) => t.id === document.current)) state.current = travellers[0].id;
  return { state, recovered: recovered || travellers.length, lost, changed };
}

/** Writes `state`; returns the text written (null without storage). */
export function save(state, storage) {
  if (!storage) return null;
  const text = JSON.stringify(state);
  storage.setItem(KEY, text);
  return text;
}

export function erase(storage) {
  storage?.removeItem(KEY);
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
      plan: readPlan(traveller.plan),
      stays: traveller.stays.filter(isExportable).map((stay) => ({
        entry: stay.entry,
        exit: stay.ongoing ? null : stay.exit,
        country: stay.country,
        basis: stay.basis,
        note: stay.note,
      })),
      drafts: traveller.stays
        .filter((stay) => !isExportable(stay))
        .map((stay) => ({ entry: stay.entry, exit: stay.exit, ongoing: stay.ongoing, country: stay.country, basis: stay.basis, note: stay.note })),
    })),
  };
}

export class ImportError extends Error {}

/**
 * Checks a file's text completely and returns the travellers in it, in the stored shape.
 * Throws ImportError with a message for the user; changes nothing.
 * `countries` is the set of known country codes.
 */
export function parseImport(text, countries, table = {}) {
  if (text.length > MAX_IMPORT_BYTES) {
    throw new ImportError(_("This file is too large to be a Staycheck export."));
  }
  const start = text.replace(/^\uFEFF/, "").trimStart()[0];
  if (start !== "{" && start !== "[" && looksLikeTable(text)) return parseTable(text, countries, table);
  let document;
  try {
    document = JSON.parse(text);
  } catch {
    throw new ImportError(
      _(
        "This is not a Staycheck file: it is not JSON, nor a table of trips (CSV) whose first line names its columns from {fields} (entry and exit required).",
        {
          fields: TABLE_FIELDS.join(","),
        },
      ),
    );
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

/** parseImport and distinctNames: {travellers, renamed}. */
export function readImport(text, countries, table = {}) {
  const travellers = parseImport(text, countries, table);
  return { travellers, renamed: distinctNames(travellers) };
}

function parseTraveller(raw, number, countries) {
  const problem = (detail) => new ImportError(_("Traveller {number} in the file: {detail}", { number, detail }));
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw problem(_("not a traveller"));
  const name = checkText(raw.name, problem);
  const codes = {};
  for (const field of ["nationality", "destination"]) {
    codes[field] = countryCode(raw[field], countries);
    if (!codes[field]) throw problem(_("unknown country code in “{field}”", { field }));
  }
  const drafts = raw.drafts ?? [];
  if (!Array.isArray(raw.stays) || !Array.isArray(drafts)) throw problem(_("the list of stays is missing"));
  if (raw.stays.length + drafts.length > MAX_STAYS) throw problem(_("more than {n} stays", { n: MAX_STAYS }));
  const traveller = newTraveller(codes);
  traveller.name = name;
  const read = (draft) => (stay, index) => {
    const list = draft ? _("draft {number}", { number: index + 1 }) : _("stay {number}", { number: index + 1 });
    return checkStay(stay, { draft, countries, destination: codes.destination, problem: (detail) => problem(`${list}: ${detail}`) });
  };
  traveller.stays = [...raw.stays.map(read(false)), ...drafts.map(read(true))];
  if (raw.plan !== undefined && raw.plan !== null) {
    traveller.plan = readPlan(raw.plan);
    if (!traveller.plan) throw problem(_("the planned entry is not a date"));
  }
  return traveller;
}

// --- The trips table (CSV) ----------------------------------------------------------

// The command line's columns (staycheck.cli.CSV_FIELDS) and those the page's export adds.
export const TABLE_FIELDS = ["entry", "exit", "country", "basis", "note"];
export const TABLE_EXPORT_FIELDS = ["traveller", "nationality", "destination", "days"];

function tableHeader(records) {
  return (records[0]?.cells || []).map((name) => name.trim().toLowerCase());
}

function looksLikeTable(text) {
  try {
    const header = tableHeader(parseCsv(text.slice(0, text.search(/\r|\n|$/))));
    const known = [...TABLE_FIELDS, ...TABLE_EXPORT_FIELDS];
    return header.includes("entry") && header.includes("exit") && header.every((name) => known.includes(name));
  } catch {
    return false;
  }
}

/**
 * The travellers of a trips table, checked row by row as a JSON file's stays (checkStay):
 * an error names the line and the column. A table without a traveller column is one
 * traveller: `name`, and the `nationality` and `destination` given (the chosen ones).
 * An empty exit means still there, as on the command line, unless the export's `days`
 * column is empty too (a trip still going on has its days so far): an exit not typed yet.
 */
function parseTable(text, countries, { name = "", nationality = "RU", destination = "KZ" }) {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    throw new ImportError(_("Line {line}: a quoted field is not closed.", { line: error.line }));
  }
  const header = tableHeader(records);
  const byName = new Map();
  for (const { line, cells } of records.slice(1)) {
    if (!cells.some((cell) => cell.trim())) continue;
    const problem = (detail, field) =>
      new ImportError(field ? _("Line {line}, column “{field}”: {detail}", { line, field, detail }) : _("Line {line}: {detail}", { line, detail }));
    if (cells.length > header.length) throw problem(_("{count} fields, the header has {header}", { count: cells.length, header: header.length }));
    const row = Object.fromEntries(header.map((field, index) => [field, (cells[index] ?? "").trim()]));
    const who = "traveller" in row ? unguard(row.traveller) : name;
    if (!byName.has(who)) {
      if (byName.size >= MAX_TRAVELLERS) throw new ImportError(_("This file has more travellers than Staycheck keeps."));
      const codes = {};
      for (const [field, fallback] of [
        ["nationality", nationality],
        ["destination", destination],
      ]) {
        codes[field] = countryCode(row[field] || fallback, countries);
        if (!codes[field]) throw problem(_("unknown country code"), field);
      }
      const traveller = newTraveller(codes);
      traveller.name = checkText(who, (detail) => problem(detail, "traveller"));
      byName.set(who, traveller);
    }
    const traveller = byName.get(who);
    if (traveller.stays.length >= MAX_STAYS) throw problem(_("more than {n} stays", { n: MAX_STAYS }));
    const draft = !row.entry || (!row.exit && "days" in row && !row.days);
    const stay = {
      entry: row.entry,
      exit: row.exit || (draft ? "" : null),
      ongoing: false,
      country: row.country || undefined,
      basis: row.basis || undefined,
      note: unguard(row.note ?? ""),
    };
    traveller.stays.push(checkStay(stay, { draft, countries, destination: traveller.destination, problem }));
  }
  if (!byName.size) throw new ImportError(_("This table has no trips in it."));
  return [...byName.values()];
}

/** A planned trip as stored and exported, {entry, exit?}, or null if its entry is not a
 * day the core counts (an exit that is not one is left out: the plan is then an entry). */
export function readPlan(raw) {
  if (!raw || typeof raw !== "object" || !isDayInRange(raw.entry)) return null;
  return isDayInRange(raw.exit) ? { entry: raw.entry, exit: raw.exit } : { entry: raw.entry };
}

function samePlan(plan, raw) {
  return plan !== null && raw.entry === plan.entry && (raw.exit ?? undefined) === plan.exit;
}

/** A country code as the core reads it (any case), or null if it is not a known one. */
export function countryCode(value, countries) {
  const code = typeof value === "string" ? value.toUpperCase() : null;
  return countries.has(code) ? code : null;
}

/** A date the core accepts: a real day written YYYY-MM-DD within its supported range. */
export function isDayInRange(text) {
  return isISODate(text) && text >= FIRST_DAY && text <= LAST_DAY;
}

/**
 * One trip checked by the rules of an import and of a stored document alike: returns it in
 * the stored shape or throws problem(detail, field), `field` the one at fault if any. A complete trip (`draft` false) is written as
 * the CLI reads it (exit null: still there) and must be one the core takes; a draft is a
 * trip as typed: "" for a date not typed yet, any real day, in any order.
 */
export function checkStay(stay, { draft, countries, destination, problem }) {
  if (!stay || typeof stay !== "object" || Array.isArray(stay)) throw problem(_("not a stay"));
  const date = (value, what) => {
    if (draft && (value === "" || value === null || value === undefined)) return "";
    if (!isISODate(value)) throw problem(what === "entry" ? _("the entry is not a date") : _("the exit is not a date"), what);
    if (!draft && !isDayInRange(value)) throw problem(_("{date} is outside the days Staycheck counts", { date: value }), what);
    return value;
  };
  const entry = date(stay.entry, "entry");
  const ongoing = draft ? stay.ongoing === true : stay.exit === null || stay.exit === undefined;
  const exit = ongoing && !draft ? "" : date(stay.exit ?? "", "exit");
  if (!draft && exit && exit < entry) throw problem(_("the exit is before the entry"), "exit");
  const country = countryCode(stay.country ?? destination, countries);
  if (!country) throw problem(_("unknown country code"), "country");
  const basis = stay.basis ?? "visa-free";
  if (!BASES.includes(basis)) throw problem(_("unknown basis of stay"), "basis");
  return { id: newId(), entry, exit, ongoing, country, basis, note: checkText(stay.note, (detail) => problem(detail, "note")) };
}

/** A trip the export writes in `stays`: complete, and one the core and the import take. */
export function isExportable(stay) {
  return isComplete(stay) && isDayInRange(stay.entry) && (stay.ongoing || (isDayInRange(stay.exit) && stay.exit >= stay.entry));
}

function checkText(value, problem) {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") throw problem(_("not a text"));
  if (value.length > MAX_TEXT) throw problem(_("a text is too long"));
  return value;
}

/** Travellers of the same name within one file stay apart: the later ones get a number,
 * and the page says so (a name is how imports find the traveller they replace). */
export function distinctNames(travellers) {
  const seen = new Set(travellers.map((t) => t.name));
  const used = new Set();
  const renamed = [];
  for (const traveller of travellers) {
    if (traveller.name && used.has(traveller.name)) {
      let n = 2;
      while (seen.has(`${traveller.name} (${n})`)) n += 1;
      const name = `${traveller.name} (${n})`;
      renamed.push({ from: traveller.name, to: name });
      traveller.name = name;
      seen.add(name);
    }
    used.add(traveller.name);
  }
  return renamed;
}

/** Imported travellers replace those of the same name and are added after the others. */
export function mergeTravellers(state, imported) {
  const names = new Set(imported.map((t) => t.name));
  const kept = state.travellers.filter((t) => !isBlank(t) && !names.has(t.name));
  const travellers = [...kept, ...imported];
  return { ...state, schema: SCHEMA, current: imported[0].id, travellers };
}

/** The travellers with trips that an import would replace (same name). */
export function replacedBy(state, imported) {
  const names = new Set(imported.map((t) => t.name));
  return state.travellers.filter((t) => names.has(t.name) && t.stays.length > 0);
}

function isBlank(traveller) {
  return traveller.stays.length === 0 && !traveller.name;
}
