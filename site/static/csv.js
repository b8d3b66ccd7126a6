// CSV text read as the page's export writes it (exporters.js) and as the command line reads
// it (Python's csv module): fields separated by commas, quoted with " where they hold a
// comma, a quote or a line break, a quote inside doubled; CR LF or LF ends a record. Pure.

/** A cell the export guarded against spreadsheet formulas ('=x), as it was typed (=x). */
export function unguard(cell) {
  return /^'(\s*[=+\-@]|[\t\r\n])/.test(cell) ? cell.slice(1) : cell;
}

/**
 * The records of a CSV text: [{line, cells}], `line` the line (from 1) the record starts
 * on, as an error names it. Throws {line} (an Error) on a quote left open.
 */
export function parseCsv(text) {
  const records = [];
  let cells = [];
  let cell = "";
  let line = 1;
  let start = 1;
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte order mark, as Excel writes
  const endRecord = () => {
    cells.push(cell);
    records.push({ line: start, cells });
    cells = [];
    cell = "";
  };
  while (i < text.length) {
    const char = text[i];
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (char === "\n") line += 1;
        cell += char;
      }
    } else if (char === '"' && cell === "") {
      quoted = true;
    } else if (char === ",") {
      cells.push(cell);
      cell = "";
    } else if (char === "\r" || char === "\n") {
      if (char === "\r" && text[i + 1] === "\n") i += 1;
      endRecord();
      line += 1;
      start = line;
    } else {
      cell += char;
    }
    i += 1;
  }
  if (quoted) throw Object.assign(new Error("a quote is not closed"), { line: start });
  if (cell !== "" || cells.length) endRecord();
  return records;
}
