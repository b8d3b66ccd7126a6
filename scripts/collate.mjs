// Lists in the reader's order: names sorted with the language's collation (Intl.Collator),
// not by character code, so that Kazakh "Қазақстан" comes after "Каз…", before "Л", and
// English "Åland" beside "Albania". build.py writes the pages' country lists in this
// order (`node scripts/collate.mjs <Intl locale>`: a JSON list of names on stdin, the
// same names sorted on stdout), so the page has nothing to sort as it starts (sorting its
// three lists of 250 countries took 6-64 ms of a cold visit before DOMContentLoaded,
// issue 13). byName is pure: tests/js/collate.test.js.

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

/** `items` sorted by `name(item)` with the collation of `locale` (a new array). */
export function byName(items, locale, name = (item) => item) {
  const collator = new Intl.Collator(locale, { sensitivity: "base", numeric: true });
  return [...items].sort((a, b) => collator.compare(name(a), name(b)));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [locale] = process.argv.slice(2);
  if (!locale) {
    console.error("usage: node scripts/collate.mjs <Intl locale>  (names as JSON on stdin)");
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(byName(JSON.parse(readFileSync(0, "utf8")), locale)));
}
