// The language switch, and on a first visit the offer of this page in the language the
// browser prefers. The choice is kept in this browser's localStorage and sent nowhere.
// The page loads this script render-blocking (_base.html): the offer, in the page's flow,
// is there from the first paint, so it moves nothing when it comes.

const KEY = "staycheck:language";
const here = document.documentElement.lang;

function chosen() {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null; // storage blocked: offer again next time, nothing breaks
  }
}

function remember(code) {
  try {
    localStorage.setItem(KEY, code);
  } catch {
    // As above.
  }
}

/** The first of the browser's languages the site has, or null. */
function preferred(available) {
  for (const tag of navigator.languages || [navigator.language]) {
    const code = String(tag).toLowerCase().split("-")[0];
    if (available.includes(code)) return code;
  }
  return null;
}

function offer() {
  const box = document.getElementById("language-offer");
  if (!box) return;
  const available = [here, ...[...box.querySelectorAll("[data-offer]")].map((p) => p.dataset.offer)];
  const wanted = chosen() || preferred(available);
  const choice = wanted && wanted !== here ? box.querySelector(`[data-offer="${wanted}"]`) : null;
  if (!choice) return;
  choice.hidden = false;
  box.hidden = false;
}

// The same place on the page in the other language (#rule, a trip's anchor): every
// language link carries the page's anchor, however it is followed (a click, Enter, a new
// tab, a copied link), and follows it as it changes.
function carryAnchor() {
  for (const link of document.querySelectorAll("a[data-language]")) {
    link.href = link.href.split("#")[0] + location.hash;
  }
}
carryAnchor();
addEventListener("hashchange", carryAnchor);

document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-language]");
  if (link) {
    remember(link.dataset.language);
    carryAnchor();
  }
  const stay = event.target.closest("[data-stay]");
  if (stay) {
    remember(stay.dataset.stay);
    document.getElementById("language-offer").hidden = true;
    document.getElementById("main")?.focus({ preventScroll: true }); // the page goes on from its start
  }
});

offer();
