// The data panel: export (JSON, CSV table, calendar), import (JSON or CSV), print and erase.
//
// `page` is what app.js shares: {state(), current(), replaceState(state), latestAnswer()
// -> the response on screen for the current traveller or null, changed({structure}),
// erase()}.

import { todayISO } from "./dates.js";
import { download } from "./download.js";
import * as exporters from "./exporters.js";
import { travellerLabel } from "./form.js";
import { _, _n, countryCodes, nameOf } from "./i18n.js";
import * as store from "./store.js";

const $ = (id) => document.getElementById(id);

function tell(text, { error = false } = {}) {
  const message = $("data-message");
  message.textContent = text;
  message.classList.toggle("error", error);
}

export function listenToDataPanel(page) {
  $("export-json").addEventListener("click", () => {
    const name = `staycheck-${todayISO()}.json`;
    download(name, "application/json", exporters.jsonExport(page.state()));
    tell(_("Saved {file}. Keep it somewhere safe: it holds all your trips.", { file: name }));
  });

  $("export-csv").addEventListener("click", () => {
    const name = `staycheck-${todayISO()}.csv`;
    download(name, "text/csv", exporters.csvExport(page.state(), todayISO()));
    tell(_("Saved {file}.", { file: name }));
  });

  $("export-ics").addEventListener("click", () => {
    const traveller = page.current();
    const response = page.latestAnswer();
    if (!response) {
      tell(_("There is no answer yet to take dates from."), { error: true });
      return;
    }
    const destination = nameOf("countries", traveller.destination);
    const events = exporters.calendarEvents(traveller, response, destination);
    if (!events.length) {
      tell(_("There is no date to add to a calendar right now."), { error: true });
      return;
    }
    const stamp = `${new Date().toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`;
    const name = `staycheck-${todayISO()}.ics`;
    download(name, "text/calendar", exporters.icsExport(traveller, events, stamp));
    tell(
      _n(
        "Saved {file} with {n} date. Open it to add it to your calendar.",
        "Saved {file} with {n} dates. Open it to add them to your calendar.",
        events.length,
        { file: name },
      ),
    );
  });

  $("import-file").addEventListener("change", async (event) => {
    const input = event.target;
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    try {
      if (file.size > store.MAX_IMPORT_BYTES) {
        throw new store.ImportError(_("This file is too large to be a Staycheck export."));
      }
      // A table without a traveller column (the command line's) is one traveller, named
      // after the file, with the passport and destination chosen now.
      const chosen = page.current();
      const table = { name: file.name.replace(/\.[^.]*$/, ""), nationality: chosen.nationality, destination: chosen.destination };
      const { travellers, renamed } = store.readImport(await file.text(), countryCodes(), table);
      // An imported traveller replaces the one of the same name: never without asking.
      const state = page.state();
      const replaced = store.replacedBy(state, travellers).map((traveller) => travellerLabel(traveller, state.travellers.indexOf(traveller)));
      const question = _("Replace the trips of {names} with those in {file}?", { names: replaced.join(", "), file: file.name });
      if (replaced.length && !window.confirm(question)) {
        tell(_("Nothing was imported."));
        return;
      }
      page.replaceState(store.mergeTravellers(state, travellers));
      page.changed({ structure: true });
      const done = _n("Imported {n} traveller from {file}.", "Imported {n} travellers from {file}.", travellers.length, { file: file.name });
      // Two travellers of one name would later be taken for one: the page says how it told them apart.
      const names = renamed.map(({ from, to }) => _("Two travellers in the file are named {name}: the second is now {renamed}.", { name: from, renamed: to }));
      tell([done, ...names].join(" "));
    } catch (error) {
      if (!(error instanceof store.ImportError)) throw error;
      const nothing = _("Nothing was imported.");
      tell(`${nothing} ${error.message}`, { error: true });
    }
  });

  // The storage notice's button (storage full or blocked, damaged data): the same export.
  $("storage-export").addEventListener("click", () => $("export-json").click());

  $("print").addEventListener("click", () => window.print());

  $("erase").addEventListener("click", () => {
    if (!window.confirm(_("Erase every traveller and trip from this device? This cannot be undone."))) return;
    page.erase();
    tell(_("Everything was erased from this device."));
  });
}
