// The service worker: keeps the app's shell (styles, scripts, icons and an offline page) so that the
// home-screen app opens without a connection and says it is offline. Pages and data always come from
// the server: they hold the user's network, and a stale copy would show follow-ups already done.
const SHELL = "innercircle-shell-v1";
const OFFLINE = "/static/offline.html";
const FILES = [
  "/static/style.css",
  "/static/app.js",
  "/static/htmx.min.js",
  "/static/icons.svg",
  "/static/favicon.svg",
  "/static/icon.svg",
  "/static/icon-192.png",
  OFFLINE,
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
    return;
  }
  if (FILES.includes(url.pathname)) {
    // the network first, so a newer version of the app brings its own files; the kept copy offline
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(SHELL).then((cache) => cache.put(request, copy));
          }
          return response;
        })
        .catch(() => caches.match(request)),
    );
  }
});
