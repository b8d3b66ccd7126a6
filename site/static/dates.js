// Plain calendar dates as ISO strings (YYYY-MM-DD), the way the core takes them.
// No time zones: a date is the local date stamped at the border.

import { catalogDates, currentLocale } from "./i18n.js";

const DAY_MS = 86400000;

export function todayISO(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// Checked by arithmetic, not by a Date: the page asks it for every trip at every edit, and
// with 2,000 trips making Date objects took 40 ms of each edit (issue 10).
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export function isISODate(text) {
  if (typeof text !== "string" || text.length !== 10 || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : MONTH_DAYS[month - 1]);
}

function toUTC(iso) {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
}

/** Days from `first` to `last`, both counted: the same day is 1. For the trips as entered
 * (store.tripDays); an answer's days are the core's. */
export function daysInclusive(first, last) {
  return Math.round((toUTC(last) - toUTC(first)) / DAY_MS) + 1;
}

/** The date `days` days after `iso` (before it for a negative number). The answer's
 * timeline gives its first day and a value a day, not a date a day: day i of it is
 * addDays(first, i) (chart.js chartDate). */
export function addDays(iso, days) {
  const date = new Date(toUTC(iso) + days * DAY_MS);
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

// Formatters by locale and style; remade when the catalog changes (the tests change it).
// Intl only without a catalog (it failed to load: the page is in English then).
const formats = {};
function formatter(style) {
  const cldr = catalogDates();
  const key = `${currentLocale()} ${style}`;
  if (formats[key]?.cldr !== cldr) {
    if (cldr) {
      formats[key] = { cldr, format: (date) => cldrFormat(cldr[style] || cldr.medium, date, cldr) };
    } else {
      const options =
        style === "long"
          ? { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }
          : style === "month"
            ? { month: "short", timeZone: "UTC" }
            : { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" };
      const intl = new Intl.DateTimeFormat(currentLocale(), options);
      // "Sep", not British CLDR's "Sept", as build.py writes it (cldr_dates).
      formats[key] = { cldr, format: (date) => intl.format(date).replace(/\bSept\b/, "Sep") };
    }
  }
  return formats[key];
}

/** A date written by a CLDR pattern ("d MMMM y 'г'."): years, months and days, the only
 * fields the page's date styles use; quoted text is copied. */
function cldrFormat(pattern, date, names) {
  return pattern.replace(/'([^']*)'|([a-zA-Z])\2*/g, (token, quoted) => {
    if (quoted !== undefined) return quoted || "'";
    const width = token.length;
    switch (token[0]) {
      case "y":
        return width === 2 ? String(date.getUTCFullYear() % 100).padStart(2, "0") : String(date.getUTCFullYear());
      case "M":
      case "L":
        if (width >= 3) return names[token[0]][width === 3 ? "abbreviated" : "wide"][date.getUTCMonth()];
        return String(date.getUTCMonth() + 1).padStart(width, "0");
      case "d":
        return String(date.getUTCDate()).padStart(width, "0");
      default:
        return token;
    }
  });
}

/** "12 Mar 2023" (style "medium"), "12 March 2023" ("long"), "Mar" ("month"). */
export function formatDate(iso, style = "medium") {
  return formatter(style).format(new Date(toUTC(iso)));
}

let weekdays = null; // {locale, intl}: the days of the week's names, made once per language

/** The date in words beside a date field: "5 November 2026, Thursday", "5 ноября 2026 г.,
 * четверг" (the long style and the day of the week). */
export function dateInWords(iso) {
  const date = new Date(toUTC(iso));
  const cldr = catalogDates();
  if (!cldr?.weekdays && weekdays?.locale !== currentLocale())
    weekdays = { locale: currentLocale(), intl: new Intl.DateTimeFormat(currentLocale(), { weekday: "long", timeZone: "UTC" }) };
  const weekday = cldr?.weekdays ? cldr.weekdays[(date.getUTCDay() + 6) % 7] : weekdays.intl.format(date);
  return `${formatDate(iso, "long")}, ${weekday}`;
}

export function formatRange(first, last) {
  return `${formatDate(first)} – ${formatDate(last)}`;
}

export function compactDate(iso) {
  return iso.replaceAll("-", "");
}
