// Lists in the reader's order: names sorted with the language's collation (Intl.Collator),
// not by character code, so that Kazakh "Қазақстан" comes after "Каз…", before "Л", and
// English "Åland" beside "Albania". Pure: runs under `node --test` (tests/js/collate.test.js).

/** `items` sorted by `name(item)` with the collation of `locale` (a new array). */
export function byName(items, locale, name = (item) => item) {
  const collator = new Intl.Collator(locale, { sensitivity: "base", numeric: true });
  return [...items].sort((a, b) => collator.compare(name(a), name(b)));
}
