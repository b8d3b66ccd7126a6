// Translation for the scripts. Every user-facing string in the scripts is written as
// _("English text", {name: value}) or _n("one day", "{n} days", n); build.py extracts
// them with Babel and emits i18n/<locale>.json with their translations, the code tables
// of staycheck/words.py translated (`words`: what an error, a warning or a limit kind is
// in words) and the names the page shows (`names`: countries, bases, regimes).
//
// No DOM here: the page passes its language in (pageLanguage), the tests a catalog.

let messages = {};
let words = {};
let names = {};
let dates = null; // CLDR's date patterns and month names for the page's language
let intlLocale = "en";
// Numbers are written the reader's way (Russian: "12 345", "5,5") from the catalog's
// CLDR data, not Intl: the browser's Intl may lack the language (Debian's Chromium writes
// Kazakh numbers as English ones), and a page's first Intl.NumberFormat costs 13-21 ms
// (30-50 ms on a cold visit's main thread, where the form's first drawing and the
// download's progress waited for it: issue 13). Intl only without a catalog. Plural
// rules cost 0.2-0.5 ms to make: made when first needed.
let numbers = null; // CLDR's decimal and group signs, grouping and decimals (build.py)
let plurals = null;
const numberFormats = new Map(); // decimals ("" for Intl's own) -> Intl.NumberFormat

/** Use `catalog` (the parsed i18n/<locale>.json) for a page in `locale`. */
export function useCatalog(catalog, locale) {
  ({ messages = {}, words = {}, names = {}, dates = null, numbers = null } = catalog || {});
  intlLocale = locale;
  plurals = null;
  numberFormats.clear();
}

/** The page's language and Intl locale, as build.py writes them on <html>: lang="ru" data-intl="ru-RU". */
export function pageLanguage(root) {
  const lang = root.lang || "en";
  return { lang, intl: root.dataset.intl || lang };
}

/** Fetches the catalog of `lang` (relative to the scripts) and uses it. */
export async function loadCatalog({ lang, intl }) {
  useCatalog(null, intl);
  const url = new URL(`../i18n/${lang}.json`, import.meta.url);
  try {
    const response = await fetch(url);
    if (response.ok) useCatalog(await response.json(), intl);
  } catch {
    // The English text in the scripts is the fallback.
  }
}

/** `value` as the reader writes numbers, with exactly `decimals` decimals if given. */
export function formatNumber(value, decimals) {
  const written = numbers && value >= 0 ? cldrNumber(value, decimals) : null;
  if (written !== null) return written;
  const key = decimals ?? "";
  if (!numberFormats.has(key)) {
    const options = decimals === undefined ? {} : { minimumFractionDigits: decimals, maximumFractionDigits: decimals };
    numberFormats.set(key, new Intl.NumberFormat(intlLocale, options));
  }
  return numberFormats.get(key).format(value);
}

// `value` (not negative) as CLDR writes it, or null if its digits are not written out
// ("1e+21"). Rounded as Intl rounds: the shortest decimal that reads back as `value`
// ("0.95", where toFixed sees 0.9499...), half away from zero.
function cldrNumber(value, decimals) {
  const text = String(value);
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const [least, most] = decimals === undefined ? numbers.fraction : [decimals, decimals];
  let [whole, fraction = ""] = text.split(".");
  if (fraction.length > most) {
    const digits = whole + fraction.slice(0, most);
    const rounded = fraction[most] >= "5" ? String(BigInt(digits) + 1n).padStart(digits.length, "0") : digits;
    [whole, fraction] = [rounded.slice(0, rounded.length - most), rounded.slice(rounded.length - most)];
  }
  fraction = fraction.padEnd(least, "0");
  while (fraction.length > least && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  const [first, other] = numbers.grouping;
  const groups = [];
  for (let end = whole.length, size = first; end > 0; end -= size, size = other) {
    groups.unshift(whole.slice(Math.max(0, end - size), end));
  }
  return groups.join(numbers.group) + (fraction ? numbers.decimal + fraction : "");
}

export function currentLocale() {
  return intlLocale;
}

/** The catalog's CLDR date patterns and month and day names (build.py's cldr_dates), which
 * the page writes every date with; null without a catalog (Intl then). Not Intl first: a
 * page's first Intl.DateTimeFormat costs 40-50 ms (the locale's ICU data), which held up
 * DOMContentLoaded (issue 13), and some builds lack a language's names (Debian's Chromium
 * claims Kazakh yet writes January as "M01"). */
export function catalogDates() {
  return dates;
}

// A value that ends in a full stop ends the sentence too: Russian and Kazakh dates end
// in an abbreviation ("9 декабря 2026 г."), and "{date}." must not print "г..".
export function fill(text, params) {
  if (!params) return text;
  const show = (value) => (typeof value === "number" ? formatNumber(value) : String(value));
  return text.replace(/\{(\w+)\}(\.?)/g, (whole, key, stop) => {
    if (!(key in params) || params[key] === null || params[key] === undefined) return whole;
    const value = show(params[key]);
    return stop && value.endsWith(".") ? value : value + stop;
  });
}

function pick(forms, n) {
  plurals ??= new Intl.PluralRules(intlLocale);
  return forms[plurals.select(n)] || forms.other;
}

export function _(message, params) {
  const translated = messages[message];
  return fill(typeof translated === "string" && translated ? translated : message, params);
}

export function _n(singular, plural, n, params) {
  const forms = messages[singular];
  let text = forms && typeof forms === "object" ? pick(forms, n) : null;
  if (!text) text = n === 1 ? singular : plural;
  return fill(text, { n, ...params });
}

const PLACEHOLDER = /\{(\w+)\}/g;

function given(params, name) {
  return params[name] !== null && params[name] !== undefined;
}

/**
 * The words for `code` in one of staycheck/words.py's tables ("errors", "warnings",
 * "limits", "stops", "overstays", "reason_names", "no_rule_why", "bases"), filled from
 * `params`; null if the table has no words for it. Of several phrasings, the first whose
 * placeholders the params all give.
 */
export function say(table, code, params = {}) {
  const entry = words[table]?.[code];
  if (entry === undefined) return null;
  const options = Array.isArray(entry) ? entry : [entry];
  const usable = (option) => {
    const texts = typeof option === "string" ? [option] : Object.values(option.forms);
    if (typeof option !== "string" && !given(params, option.count)) return false;
    return texts.every((text) => [...text.matchAll(PLACEHOLDER)].every(([, name]) => name === "n" || given(params, name)));
  };
  const option = options.find(usable) || options[options.length - 1];
  const text = typeof option === "string" ? option : pick(option.forms, Number(params[option.count]));
  return fill(text, params);
}

/** A name the page shows: of a country, a basis of stay or a regime (by id), in the page's
 * language; `fallback` if the catalog has none. */
export function nameOf(kind, code, fallback = code) {
  return names[kind]?.[code] || fallback;
}

/** Every country code the catalog names. */
export function countryCodes() {
  return new Set(Object.keys(names.countries || {}));
}

/** A text of the rule data shown beside an answer (a disputed reading), translated. */
export function disputedText(text) {
  return names.disputed?.[text] || text;
}
