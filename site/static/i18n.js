// Translation for the scripts. Every user-facing string in the scripts is written as
// _("English text", {name: value}) or _n("one day", "{n} days", n); build.py extracts
// them with Babel and emits i18n/<locale>.json with their translations.

// The page's language, and the Intl locale its dates and numbers are written in (build.py
// writes both on <html>: lang="ru" data-intl="ru-RU").
let messages = {};
let dates = null; // CLDR's date patterns and month names for the page's language
const locale = document.documentElement.lang || "en";
const intlLocale = document.documentElement.dataset.intl || locale;
const plurals = new Intl.PluralRules(intlLocale);

export async function loadCatalog() {
  const url = new URL(`../i18n/${locale}.json`, import.meta.url);
  try {
    const response = await fetch(url);
    if (response.ok) ({ messages, dates = null } = await response.json());
  } catch {
    // The English text in the scripts is the fallback.
  }
}

export function currentLocale() {
  return intlLocale;
}

/** The catalog's CLDR date data, if the browser's Intl lacks the page's month names: some
 * builds (Debian's Chromium, for Kazakh) claim the locale yet write January as "M01". */
export function fallbackDates() {
  if (!dates) return null;
  const january = new Intl.DateTimeFormat(intlLocale, { month: "long", timeZone: "UTC" }).format(Date.UTC(2000, 0, 15));
  return january === dates.L.wide[0] ? null : dates;
}

// Numbers in a message are written the reader's way (Russian groups thousands with a space).
const numbers = new Intl.NumberFormat(intlLocale);

// A value that ends in a full stop ends the sentence too: Russian and Kazakh dates end
// in an abbreviation ("9 декабря 2026 г."), and "{date}." must not print "г..".
function fill(text, params) {
  if (!params) return text;
  const show = (value) => (typeof value === "number" ? numbers.format(value) : String(value));
  return text.replace(/\{(\w+)\}(\.?)/g, (whole, key, stop) => {
    if (!(key in params)) return whole;
    const value = show(params[key]);
    return stop && value.endsWith(".") ? value : value + stop;
  });
}

export function _(message, params) {
  const translated = messages[message];
  return fill(typeof translated === "string" && translated ? translated : message, params);
}

export function _n(singular, plural, n, params) {
  const forms = messages[singular];
  const category = plurals.select(n);
  let text = forms && typeof forms === "object" ? forms[category] || forms.other : null;
  if (!text) text = n === 1 ? singular : plural;
  return fill(text, { n, ...params });
}
