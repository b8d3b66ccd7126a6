// Files the user can save: the JSON export (see store.js), a CSV table of the trips and
// an iCalendar file with the dates that matter. Nothing here touches the network.

import { _, _n } from "./i18n.js";
import { addDays, compactDate, daysInclusive, formatDate } from "./dates.js";
import { exportDocument, isComplete } from "./store.js";

export function download(filename, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function jsonExport(state) {
  return `${JSON.stringify(exportDocument(state), null, 2)}\n`;
}

// A cell that starts like a formula is prefixed, so a spreadsheet shows it as text.
function csvCell(value) {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  const quote = '"';
  const needsQuotes = text.includes(quote) || text.includes(",") || /[\n\r]/.test(text);
  return needsQuotes ? quote + text.replaceAll(quote, quote + quote) + quote : text;
}

export function csvExport(state, today) {
  const rows = [["traveller", "nationality", "destination", "entry", "exit", "country", "basis", "days", "note"]];
  for (const traveller of state.travellers) {
    for (const stay of traveller.stays.filter(isComplete)) {
      const last = stay.ongoing ? today : stay.exit;
      rows.push([
        traveller.name,
        traveller.nationality,
        traveller.destination,
        stay.entry,
        stay.ongoing ? "" : stay.exit,
        stay.country,
        stay.basis,
        last >= stay.entry ? daysInclusive(stay.entry, last) : "",
        stay.note,
      ]);
    }
  }
  return `${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

// --- iCalendar (RFC 5545) ------------------------------------------------------------

function icsText(text) {
  return text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, "\\n");
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
export function calendarEvents(traveller, response, destinationName) {
  const who = traveller.name ? ` (${traveller.name})` : "";
  const events = [];
  if (response.present && response.latest_exit) {
    events.push({
      key: "last-day",
      date: response.latest_exit,
      summary: _("Last day to stay in {country}", { country: destinationName }) + who,
      description: _("Leave by the end of this day to stay within the limit."),
      alarmDays: 7,
    });
  }
  const next = response.next_entry;
  if (next && next.earliest && next.earliest > response.on.date) {
    events.push({
      key: "may-return",
      date: next.earliest,
      summary: (next.assumes_exit
        ? _("May enter {country} again, if you leave on {date}", { country: destinationName, date: formatDate(next.assumes_exit) })
        : _("May enter {country} again", { country: destinationName })) + who,
      description: _n("From this day you may stay up to {n} day.", "From this day you may stay up to {n} days.", next.max_days),
      alarmDays: 0,
    });
  }
  if (next && next.full && next.full > response.on.date && next.full !== next.earliest) {
    events.push({
      key: "full-allowance",
      date: next.full,
      summary: _n("Full {n} day available again in {country}", "Full {n} days available again in {country}", next.full_days, { country: destinationName }) + who,
      description: _("From this day the whole allowance is available again."),
      alarmDays: 0,
    });
  }
  if (response.plan && response.plan.max_days > 0) {
    events.push({
      key: "plan-last-day",
      date: response.plan.last_day,
      summary: _("Planned trip: last day in {country}", { country: destinationName }) + who,
      description: _("If you enter on {date}.", { date: formatDate(response.plan.entry) }),
      alarmDays: 7,
    });
  }
  return events;
}

export function icsExport(traveller, events, stamp) {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Staycheck//Stay limits//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
  for (const event of events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${traveller.id}-${event.key}-${compactDate(event.date)}@staycheck`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compactDate(event.date)}`,
      `DTEND;VALUE=DATE:${compactDate(addDays(event.date, 1))}`,
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
