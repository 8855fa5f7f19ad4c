// Small behaviours of the pages, kept in a file of their own: the pages allow no inline scripts.
document.addEventListener("click", (e) => {
  const back = e.target.closest("a[data-back]");
  if (back && history.length > 1) {
    e.preventDefault();
    history.back();
  }
  if (e.target.closest("[data-reload]")) {
    location.reload();
  }
  // the "More" menu closes on a tap anywhere else, as a menu does
  for (const menu of document.querySelectorAll("details.more[open]")) {
    if (!menu.contains(e.target)) menu.open = false;
  }
});

document.addEventListener("keydown", (e) => {
  if (e.key === "Escape") {
    for (const menu of document.querySelectorAll("details.more[open]")) menu.open = false;
  }
});

// A form's error shows where the form is: its slot ([data-form-error] inside it, else one made just
// before it). htmx leaves 4xx and 5xx answers unswapped by default, which kept the last success on
// screen as if the rejected entry had been stored.
function formOf(detail) {
  const elt = (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
  return elt ? elt.closest("form") || elt : null;
}

function errorSlot(form, make) {
  let slot = form.querySelector("[data-form-error]");
  const before = form.previousElementSibling;
  if (!slot && before && before.hasAttribute("data-form-error")) slot = before;
  if (!slot && make) {
    slot = document.createElement("div");
    slot.setAttribute("data-form-error", "");
    slot.setAttribute("aria-live", "assertive");
    form.before(slot);
  }
  return slot;
}

document.addEventListener("htmx:beforeRequest", (e) => {
  // only a submission starts afresh: a lookup as the user types (a GET) leaves the last answer shown
  const config = e.detail.requestConfig;
  if (config && config.verb === "get") return;
  const form = formOf(e.detail);
  if (!form) return;
  const slot = errorSlot(form, false);
  if (slot) slot.replaceChildren();
  // the previous answer's "Logged …" must not outlive the next attempt
  const region = e.detail.target || form.parentElement;
  if (region && region.querySelectorAll) {
    region.querySelectorAll(".flash[role=status]").forEach((f) => f.remove());
  }
});

document.addEventListener("htmx:beforeSwap", (e) => {
  const d = e.detail;
  if (!d.xhr || d.xhr.status < 400) return;
  const form = formOf(d);
  if (!form) return;
  d.target = errorSlot(form, true);
  d.shouldSwap = true;
  d.isError = false;
  d.swapOverride = "innerHTML";
  d.selectOverride = "unset";
});

// The offline notice: shown while the browser has no connection, so nobody types into a form that
// cannot be saved.
function showConnection() {
  const note = document.getElementById("offline-note");
  if (note) note.hidden = navigator.onLine;
}
window.addEventListener("online", showConnection);
window.addEventListener("offline", showConnection);
document.addEventListener("DOMContentLoaded", showConnection);

// The service worker keeps the app's shell for the home-screen app. Browsers allow one only in a
// secure context (https, or this machine's own address); elsewhere the app works as plain pages.
if ("serviceWorker" in navigator && window.isSecureContext) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  });
}
