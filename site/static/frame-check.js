// Refuses to run inside a frame: another site could frame the page and see or steer the
// clicks on it (clickjacking), and a meta CSP cannot say `frame-ancestors`, nor can GitHub
// Pages send the header. A classic script at the top of <head>, so it runs before anything
// else: a framed page is hidden at once, boot.js (which every part of the calculator
// imports) refuses to start, and the page's content is replaced by why, with a link that
// opens the page on its own. (Who framed it cannot be told when that is another origin, so
// every frame is refused.)

(() => {
  if (window.top === window.self) return;
  const root = document.documentElement;
  root.dataset.framed = ""; // read by boot.js
  root.style.display = "none"; // nothing of the page is shown or takes a click
  const script = document.currentScript;
  document.addEventListener("DOMContentLoaded", () => {
    const text = document.createElement("p");
    text.textContent = script.dataset.message;
    const open = document.createElement("a");
    open.href = location.href;
    open.target = "_blank"; // a new tab works even where the frame may not navigate the top
    open.rel = "noopener";
    open.textContent = script.dataset.open;
    const main = document.createElement("main");
    main.append(text, open);
    document.body.replaceChildren(main);
    root.style.display = "";
  });
})();
