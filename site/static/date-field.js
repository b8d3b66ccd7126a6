// A typed date, read the way the page's language writes dates: day, month, year on /,
// /ru/ and /kk/ ("05.11.2026", "5/11/2026", "05112026"), and ISO ("2026-11-05") in every
// language. Pure: no DOM and no catalog, so node --test reads it as the page does.
//
// A date field's text is one of:
//   {kind: "empty"}                          nothing typed
//   {kind: "date", iso}                      a day of the calendar
//   {kind: "partial"}                        a date being typed ("05.11.20"): nothing to say yet
//   {kind: "no-such-day", days}              "30.02.2026": that month has `days` days
//   {kind: "no-such-month", month}           "05.13.2026"
//   {kind: "year-digits"}                    a year of other than four digits ("05.11.20266")
//   {kind: "unreadable"}                     anything else

// How each language writes a date in figures: the order of its parts and what separates
// them. A table, not Intl: a browser without the language's data (Debian's Chromium has
// no Kazakh) would answer with its own locale's order, and "05.11.2026" would be 11 May.
const NUMERIC = {
  en: { order: "dmy", separator: "/" },
  ru: { order: "dmy", separator: "." },
  kk: { order: "dmy", separator: "." },
};

/** The order ("dmy", "mdy" or "ymd") and the separator of a date in figures in `locale`. */
export function numericStyle(locale) {
  const known = NUMERIC[String(locale).toLowerCase().split("-")[0]];
  if (known) return known;
  try {
    const parts = new Intl.DateTimeFormat(locale, { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" }).formatToParts(Date.UTC(2026, 10, 5));
    const order = parts
      .filter((part) => ["day", "month", "year"].includes(part.type))
      .map((part) => part.type[0])
      .join("");
    const separator = parts.find((part) => part.type === "literal")?.value.trim() || "/";
    if (order.length === 3) return { order, separator };
  } catch {
    // An unknown locale: day, month, year.
  }
  return { order: "dmy", separator: "/" };
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The days of `month` (1-12) in `year`. */
export function daysInMonth(year, month) {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1];
}

const pad = (n, width = 2) => String(n).padStart(width, "0");

/** Checks a day, month and year given as digit strings; the year must have four digits. */
function dated(day, month, year) {
  if (year.length !== 4 || year[0] === "0") return { kind: "year-digits" };
  const d = Number(day);
  const m = Number(month);
  const y = Number(year);
  if (m < 1 || m > 12) return { kind: "no-such-month", month: m };
  const days = daysInMonth(y, m);
  if (d < 1 || d > days) return { kind: "no-such-day", days };
  return { kind: "date", iso: `${y}-${pad(m)}-${pad(d)}` };
}

/** What `text`, typed into a date field of a page in `locale`, says (see the top). A
 * result with `typing: true` may still become a date as more is typed ("05.11.20"). */
export function readDate(text, locale) {
  const typed = String(text ?? "").trim();
  if (!typed) return { kind: "empty" };
  const { order } = numericStyle(locale);
  // ISO, in every language: a year of four figures or more first.
  if (/^\d{3,}-/.test(typed)) {
    const [year, month = "", day = "", ...rest] = typed.split("-");
    if (rest.length || !/^\d*$/.test(month + day) || month.length > 2 || day.length > 2) return { kind: "unreadable" };
    if (year.length > 4) return { kind: "year-digits" };
    if (!day) return { kind: "partial", typing: true };
    return dated(day, month, year);
  }
  // Figures only: two for the day, two for the month, four for the year, in the page's order.
  if (/^\d+$/.test(typed)) {
    if (typed.length < 8) return { kind: "partial", typing: true };
    if (order === "ymd") return typed.length > 8 ? { kind: "year-digits" } : dated(typed.slice(6), typed.slice(4, 6), typed.slice(0, 4));
    const [first, second, year] = [typed.slice(0, 2), typed.slice(2, 4), typed.slice(4)];
    return order === "mdy" ? dated(second, first, year) : dated(first, second, year);
  }
  // Parts separated by a full stop, a slash, a hyphen or spaces.
  const parts = typed.split(/\s*[./-]\s*|\s+/);
  if (parts.length > 3 || parts.some((part) => !/^\d*$/.test(part))) return { kind: "unreadable" };
  const [a, b = "", c = ""] = parts;
  if (order === "ymd") {
    if (a.length > 4) return { kind: "year-digits" };
    return c ? dated(c, b, a) : { kind: "partial", typing: true };
  }
  if (!a || a.length > 2 || b.length > 2) return { kind: "unreadable" };
  if (c.length > 4) return { kind: "year-digits" };
  if (parts.length < 3 || !b || !c) return { kind: "partial", typing: true };
  if (c.length < 4) return { kind: "year-digits", typing: true };
  return order === "mdy" ? dated(b, a, c) : dated(a, b, c);
}

/** Whether a result is a problem to say while the field is still being typed in: a day or
 * a month that does not exist, a year of more than four figures. The other problems of an
 * unfinished date are said when the field is left. */
export function sayNow(result) {
  return ["no-such-day", "no-such-month", "year-digits", "unreadable"].includes(result.kind) && !result.typing;
}

/** `iso` written in figures the page's way: "05/11/2026" (en), "05.11.2026" (ru, kk). */
export function writeDate(iso, locale) {
  if (!iso) return "";
  const { order, separator } = numericStyle(locale);
  const [year, month, day] = iso.split("-");
  const parts = { d: day, m: month, y: year };
  return [...order].map((part) => parts[part]).join(separator);
}

/** The ISO date `days` after `iso` (before it if negative). */
export function addDays(iso, days) {
  const [year, month, day] = iso.split("-").map(Number);
  const moved = new Date(Date.UTC(year, month - 1, day + days));
  return `${pad(moved.getUTCFullYear(), 4)}-${pad(moved.getUTCMonth() + 1)}-${pad(moved.getUTCDate())}`;
}
