// The page's country lists (passport, destination and its groups, a trip's country) come
// in the page's language's order: build.py writes them so (scripts/collate.mjs). A native
// <select> then finds a country as its first letters are typed.

// --- Type to find ------------------------------------------------------------------
// Beside each country list, a search field: typing part of a name picks the first country
// in the list's order whose name begins with it (else contains it), compared as the
// language compares letters (case and accents aside: "aland" finds Åland). Its datalist
// offers the names as suggestions. Works with the keyboard alone and in every browser;
// a native <select> finds by first letters only, and not from every keyboard layout.

function optionsOf(select) {
  // A long list is filled only when used (form.js, on focus): ask it to fill itself.
  if (select.options.length <= 1) select.dispatchEvent(new FocusEvent("focusin", { bubbles: true }));
  return [...select.options];
}

/** The first of `options` whose name begins with `text`, else contains it, or null. */
export function findOption(options, text, locale) {
  const wanted = text.trim();
  if (!wanted) return null;
  const collator = new Intl.Collator(locale, { sensitivity: "base", usage: "search" });
  const same = (part) => collator.compare(part, wanted) === 0;
  const starts = options.find((option) => same(option.textContent.slice(0, wanted.length)));
  if (starts) return starts;
  return (
    options.find((option) => {
      const name = option.textContent;
      for (let i = 1; i + wanted.length <= name.length; i += 1) if (same(name.slice(i, i + wanted.length))) return true;
      return false;
    }) || null
  );
}

function listFor(select, finder) {
  const id = `${finder.dataset.finds === "[name=country]" ? "trip-country" : select.id}-names`;
  let list = document.getElementById(id);
  if (!list) {
    list = document.createElement("datalist");
    list.id = id;
    const names = [...new Set(optionsOf(select).map((option) => option.textContent))];
    list.replaceChildren(...names.map((name) => Object.assign(document.createElement("option"), { value: name })));
    document.body.append(list);
  }
  finder.setAttribute("list", id);
}

function selectFor(finder) {
  const scope = finder.closest(".trip") || document;
  return scope.querySelector(finder.dataset.finds);
}

/** Every country search field of the page, the trips' included (by delegation). */
export function listenToCountryFinders(locale) {
  document.addEventListener("focusin", (event) => {
    const finder = event.target.closest?.(".country-find");
    const select = finder && selectFor(finder);
    if (select) listFor(select, finder);
  });
  document.addEventListener("input", (event) => {
    const finder = event.target.closest?.(".country-find");
    const select = finder && selectFor(finder);
    if (!select) return;
    const found = findOption(optionsOf(select), finder.value, locale);
    finder.classList.toggle("no-match", Boolean(finder.value.trim()) && !found);
    if (!found || found.value === select.value) return;
    select.value = found.value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  });
  document.addEventListener("keydown", (event) => {
    // Enter in a search field: the choice is made, on to the list that shows it.
    const finder = event.target.closest?.(".country-find");
    if (finder && event.key === "Enter") {
      event.preventDefault();
      selectFor(finder)?.focus();
    }
  });
}
