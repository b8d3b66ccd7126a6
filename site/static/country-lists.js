// The page's country lists (passport, destination and its groups, a trip's country) put
// in the page's language's order; build.py writes them in character-code order. A native
// <select> then finds a country as its first letters are typed.

import { byName } from "./collate.js";

function sortOptions(parent, locale) {
  const options = [...parent.children].filter((child) => child.tagName === "OPTION");
  const sorted = byName(options, locale, (option) => option.textContent);
  const groups = [...parent.children].filter((child) => child.tagName === "OPTGROUP");
  parent.replaceChildren(...sorted, ...byName(groups, locale, (group) => group.label));
  for (const group of groups) sortOptions(group, locale);
}

/** Sorts every country list of the page (and of the trip template) for `locale`. */
export function sortCountryLists(locale) {
  const lists = [
    document.getElementById("nationality"),
    document.getElementById("destination"),
    document.getElementById("trip-template")?.content.querySelector('[name="country"]'),
  ];
  for (const list of lists) {
    if (!list) continue;
    const value = list.value;
    sortOptions(list, locale);
    list.value = value; // the choice is kept
  }
}
