// Files the user can save: the JSON export (see store.js), a CSV table of the trips and
// an iCalendar file with the dates that matter. Pure: the text of each file (the data
// panel, data-panel.js, saves it). Nothing here touches the network.

import { compactDate, formatDate } from "./dates.js";
import { _, _n, say } from "./i18n.js";
import { exportDocument, tripDays } from "./store.js";

export function jsonExport(state) {
  return `${JSON.stringify(exportDocument(state), null, 2)}\n`;
}

// A cell that starts like a formula (after blanks too) is prefixed, so a spreadsheet shows
// it as text. A cell holding a separator of either kind is quoted: a spreadsheet set to
// ";" as its list separator (ru-RU, kk-KZ, de-DE) splits an unquoted "x;=f()" into a
// second cell that is a formula.
function csvCell(value) {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^\s*[=+\-@]|^[\t\r\n]/.test(text)) text = `'${text}`;
  const quote = '"';
  const needsQuotes = /[",;\n\r\t]/.test(text);
  return needsQuotes ? quote + text.replaceAll(quote, quote + quote) + quote : text;
}

export function csvExport(state, today) {
  const rows = [["traveller", "nationality", "destination", "entry", "exit", "country", "basis", "days", "note"]];
  for (const traveller of state.travellers) {
    // Every trip typed, complete or not: an empty entry or exit is a date not typed yet.
    for (const stay of traveller.stays) {
      rows.push([
        traveller.name,
        traveller.nationality,
        traveller.destination,
        stay.entry,
        stay.ongoing ? "" : stay.exit,
        stay.country,
        stay.basis,
        tripDays(stay, today) ?? "",
        stay.note,
      ]);
    }
  }
  return `${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

// --- iCalendar (RFC 5545) ------------------------------------------------------------

// TEXT values (RFC 5545, 3.3.11): backslash, semicolon and comma escaped, every line break
// (CR LF, a lone CR or a lone LF) written \n, and no other control character, so that no
// name or note can end a line and start a property of its own.
function icsText(text) {
  return (
    String(text)
      .replace(/[\\;,]/g, (c) => `\\${c}`)
      .replace(/\r\n|\r|\n|\u2028|\u2029/g, "\\n")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
  );
}

// Lines longer than 75 octets are folded: CRLF and a space.
function fold(line) {
  const bytes = new TextEncoder().encode(line);
  if (bytes.length <= 75) return line;
  const parts = [];
  let current = "";
  let size = 0;
  for (const char of line) {
    const length = new TextEncoder().encode(char).length;
    if (size + length > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = "";
      size = 0;
    }
    current += char;
    size += length;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/** The events worth a reminder, from the calculator's answer for one traveller. */
export function calendarEvents(traveller, response, countryName) {
  const who = traveller.name ? ` (${traveller.name})` : "";
  // A rule of several countries (the Schengen area) is named after its area, not the one
  // country chosen as the destination.
  const destinationName = (response.regime.destinations.length > 1 && say("areas", response.regime.id)) || countryName;
  const events = [];
  // Someone already over the limit has no last day ahead (the core gives the one passed).
  if (response.present && response.latest_exit && response.latest_exit.days > 0) {
    events.push({
      key: "last-day",
      date: response.latest_exit.last,
      summary: _("Last day to stay in {country}", { country: destinationName }) + who,
      description: _("Leave by the end of this day to stay within the limit."),
      alarmDays: 7,
    });
  }
  const next = response.next_entry;
  if (next && next.first > response.on.date) {
    events.push({
      key: "may-return",
      date: next.first,
      summary:
        (next.assumes_exit
          ? _("May enter {country} again, if you leave on {date}", { country: destinationName, date: formatDate(next.assumes_exit) })
          : _("May enter {country} again", { country: destinationName })) + who,
      description: _n("From this day you may stay up to {n} day.", "From this day you may stay up to {n} days.", next.days),
      alarmDays: 0,
    });
  }
  const full = next?.full;
  if (full && full.first > response.on.date && full.first !== next.first) {
    events.push({
      key: "full-allowance",
      date: full.first,
      summary: _n("Full {n} day available again in {country}", "Full {n} days available again in {country}", full.days, { country: destinationName }) + who,
      description: _("From this day the whole allowance is available again."),
      alarmDays: 0,
    });
  }
  if (response.plan && response.plan.days > 0) {
    events.push({
      key: "plan-last-day",
      date: response.plan.last,
      summary: _("Planned trip: last day in {country}", { country: destinationName }) + who,
      description: _("If you enter on {date}.", { date: formatDate(response.plan.first) }),
      alarmDays: 7,
    });
  }
  return events;
}

// An all-day event ends (exclusively) on the next day (RFC 5545, 3.6.1): calendar
// encoding of a date the core gave, not a calculation on the answer.
function dayAfter(iso) {
  const day = new Date(`${iso}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

export function icsExport(traveller, events, stamp) {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Staycheck//Stay limits//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
  for (const event of events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${traveller.id}-${event.key}-${compactDate(event.date)}@staycheck`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compactDate(event.date)}`,
      `DTEND;VALUE=DATE:${compactDate(dayAfter(event.date))}`,
      `SUMMARY:${icsText(event.summary)}`,
      `DESCRIPTION:${icsText(event.description)}`,
      "TRANSP:TRANSPARENT",
    );
    if (event.alarmDays > 0) {
      lines.push("BEGIN:VALARM", "ACTION:DISPLAY", `TRIGGER:-P${event.alarmDays}D`, `DESCRIPTION:${icsText(event.summary)}`, "END:VALARM");
    }
    lines.push("END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(fold).join("\r\n")}\r\n`;
}
