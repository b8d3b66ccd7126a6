// The form: the travellers' tabs, the passport and destination, the trips and the plan,
// drawn from the stored state and written back to it on every edit.
//
// `page` is what app.js shares: {state() -> the stored state, current() -> the traveller
// shown, changed({structure}) -> save, redraw if the structure changed, and ask again,
// persist(), schedule()}.

import { todayISO } from "./dates.js";
import { _, _n } from "./i18n.js";
import * as store from "./store.js";
import { incompleteTripHint } from "./wording.js";

const $ = (id) => document.getElementById(id);

export function travellerLabel(traveller, index) {
  return traveller.name.trim() || _("Traveller {n}", { n: index + 1 });
}

// A trip's country list has every country (about 250 options): cloned into each of
// thousands of trips it was most of the first answer's time (issue 12). A trip's list
// holds only its own country until it is used (focus, a click or a tap), then all of them.
let allCountries = null;
function showCountry(select, code) {
  allCountries ??= [...select.options].map((option) => option.cloneNode(true));
  const chosen = allCountries.find((option) => option.value === code) || allCountries[0];
  select.replaceChildren(chosen.cloneNode(true));
  select.value = chosen.value;
  select.dataset.short = "";
}

function fillCountries(select) {
  if (!("short" in select.dataset)) return;
  const value = select.value;
  select.replaceChildren(...allCountries.map((option) => option.cloneNode(true)));
  select.value = value;
  delete select.dataset.short;
}

export function createForm(page) {
  function renderTravellers() {
    const state = page.state();
    $("traveller-tabs").replaceChildren(
      ...state.travellers.map((traveller, index) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "tab";
        button.dataset.id = traveller.id;
        button.textContent = travellerLabel(traveller, index);
        button.setAttribute("aria-pressed", String(traveller.id === state.current));
        return button;
      }),
    );
    const traveller = page.current();
    $("traveller-name").value = traveller.name;
    $("traveller-name").placeholder = travellerLabel({ name: "" }, state.travellers.indexOf(traveller));
    $("nationality").value = traveller.nationality;
    $("destination").value = traveller.destination;
    $("remove-traveller").hidden = state.travellers.length < 2;
    // No more than an export can carry back in (store.js's limits).
    $("add-traveller").disabled = state.travellers.length >= store.MAX_TRAVELLERS;
  }

  function renderTrips() {
    const traveller = page.current();
    const template = $("trip-template");
    const items = traveller.stays.map((stay, index) => {
      const item = template.content.firstElementChild.cloneNode(true);
      item.dataset.id = stay.id;
      const fields = item.querySelector("fieldset");
      fields.elements.entry.value = stay.entry;
      fields.elements.exit.value = stay.ongoing ? "" : stay.exit;
      fields.elements.exit.disabled = stay.ongoing;
      fields.elements.ongoing.checked = stay.ongoing;
      showCountry(fields.elements.country, stay.country);
      fields.elements.basis.value = stay.basis;
      fields.elements.note.value = stay.note;
      item.querySelector(".trip-title").textContent = _("Trip {n}", { n: index + 1 });
      for (const error of item.querySelectorAll("[data-error]")) {
        error.id = `trip-${stay.id}-${error.dataset.error}-error`;
        fields.elements[error.dataset.error].setAttribute("aria-describedby", error.id);
      }
      updateTripSummary(item, stay);
      return item;
    });
    $("trip-list").replaceChildren(...items);
    $("no-trips").hidden = traveller.stays.length > 0;
    $("add-trip").disabled = traveller.stays.length >= store.MAX_STAYS;
  }

  function updateTripSummary(item, stay) {
    const days = item.querySelector(".trip-days");
    const hint = item.querySelector("[data-hint]");
    if (store.isComplete(stay)) {
      const count = store.tripDays(stay, todayISO());
      const length = count === null ? "" : _n("{n} day", "{n} days", count);
      days.textContent = length && `· ${length}`;
      hint.hidden = true;
    } else {
      days.textContent = "";
      hint.hidden = false;
      hint.textContent = incompleteTripHint(stay);
    }
  }

  // A trip whose basis is still its country's default gets the new country's default.
  function followDefaultBasis(item, stay, country) {
    const before = page.defaultBasis?.(stay.country);
    const after = page.defaultBasis?.(country);
    if (!before || !after || stay.basis !== before) return;
    stay.basis = after;
    item.querySelector('[name="basis"]').value = after;
  }

  function renderPlan() {
    const plan = page.current().plan;
    $("plan-entry").value = plan ? plan.entry : "";
    $("plan-exit").value = plan?.exit || "";
  }

  function listen() {
    $("traveller-tabs").addEventListener("click", (event) => {
      const button = event.target.closest("button[data-id]");
      const state = page.state();
      if (!button || button.dataset.id === state.current) return;
      state.current = button.dataset.id;
      page.changed({ structure: true });
      document.querySelector(`#traveller-tabs [data-id="${state.current}"]`)?.focus();
    });

    $("add-traveller").addEventListener("click", () => {
      const state = page.state();
      const traveller = store.newTraveller(page.current());
      state.travellers.push(traveller);
      state.current = traveller.id;
      page.changed({ structure: true });
      $("traveller-name").focus();
    });

    $("remove-traveller").addEventListener("click", () => {
      const state = page.state();
      const traveller = page.current();
      const label = travellerLabel(traveller, state.travellers.indexOf(traveller));
      if (!window.confirm(_("Remove {name} and all their trips from this device?", { name: label }))) return;
      state.travellers = state.travellers.filter((t) => t.id !== traveller.id);
      state.current = state.travellers[0].id;
      page.changed({ structure: true });
    });

    $("traveller-name").addEventListener("input", (event) => {
      const state = page.state();
      page.current().name = event.target.value;
      page.persist();
      const tab = document.querySelector(`#traveller-tabs [data-id="${state.current}"]`);
      if (tab) tab.textContent = travellerLabel(page.current(), state.travellers.indexOf(page.current()));
    });

    for (const field of ["nationality", "destination"]) {
      $(field).addEventListener("change", (event) => {
        page.current()[field] = event.target.value;
        page.changed();
      });
    }

    $("add-trip").addEventListener("click", () => {
      const traveller = page.current();
      const stay = store.newStay(traveller);
      stay.basis = page.defaultBasis?.(stay.country) || stay.basis; // the rule data's (app.js)
      traveller.stays.push(stay);
      page.persist();
      renderTrips();
      const item = document.querySelector(`.trip[data-id="${stay.id}"]`);
      fillCountries(item.querySelector('[name="country"]')); // the trip about to be filled in
      item.querySelector('[name="entry"]').focus();
    });

    const onTripEdit = (event) => {
      const item = event.target.closest(".trip");
      const name = event.target.name;
      if (!item || !name) return;
      const stay = page.current().stays.find((s) => s.id === item.dataset.id);
      if (!stay) return;
      if (name === "ongoing") {
        stay.ongoing = event.target.checked;
        const exit = item.querySelector('[name="exit"]');
        exit.disabled = stay.ongoing;
        exit.value = stay.ongoing ? "" : stay.exit;
      } else {
        if (name === "country") followDefaultBasis(item, stay, event.target.value);
        stay[name] = event.target.value;
      }
      updateTripSummary(item, stay);
      page.changed();
    };
    for (const type of ["focusin", "pointerdown", "mousedown"]) {
      $("trip-list").addEventListener(type, (event) => {
        if (event.target.name === "country") fillCountries(event.target);
      });
    }
    $("trip-list").addEventListener("input", onTripEdit);
    $("trip-list").addEventListener("change", onTripEdit);

    $("trip-list").addEventListener("click", (event) => {
      const button = event.target.closest('[data-action="delete-trip"]');
      if (!button) return;
      const item = button.closest(".trip");
      const traveller = page.current();
      const index = traveller.stays.findIndex((s) => s.id === item.dataset.id);
      traveller.stays.splice(index, 1);
      page.persist();
      renderTrips();
      page.schedule();
      const next = document.querySelectorAll('.trip [data-action="delete-trip"]')[Math.min(index, traveller.stays.length - 1)];
      (next || $("add-trip")).focus();
    });

    // The plan: an entry, and optionally an exit (the whole trip is then checked).
    const onPlanEdit = () => {
      const entry = $("plan-entry").value;
      const exit = $("plan-exit").value;
      page.current().plan = entry ? (exit ? { entry, exit } : { entry }) : null;
      page.changed();
    };
    $("plan-entry").addEventListener("change", onPlanEdit);
    $("plan-exit").addEventListener("change", onPlanEdit);
  }

  return { renderTravellers, renderTrips, renderPlan, listen };
}
