// The playbook's service worker: after a first visit, the pages of the reader's language
// stay readable with no network. The build writes it to the site's top as
// offline-worker.js, preceded by `const KEEP = {...}` (macros/site/offline_worker.py):
// KEEP.version, a hash of the published files; KEEP.shared, the files every page needs;
// KEEP.languages, each language's folder and files. A new deploy changes the version, so
// the browser installs the new worker, which keeps the same languages again in a new cache
// and then drops the old one.
const SITE = new URL("./", self.location.href);
const NAME = "playbook-";
const cacheFor = (version, lang) => `${NAME}${version}-${lang}`;

// The language whose folder holds `address` (the longest folder that does), or the default.
function languageOf(address) {
  const path = new URL(address, SITE).href.slice(SITE.href.length);
  const holding = Object.entries(KEEP.languages).filter(([, { folder }]) => folder && path.startsWith(folder));
  holding.sort(([, a], [, b]) => b.folder.length - a.folder.length);
  return holding.length ? holding[0][0] : KEEP.default;
}

// Every file of `lang` (and the shared ones) in this version's cache, all or none: cache.addAll
// stores nothing unless every file arrived, so a cache that holds the first file holds them all.
async function keep(lang) {
  const files = [...KEEP.languages[lang].files, ...KEEP.shared].map((file) => new URL(file, SITE).href);
  const cache = await caches.open(cacheFor(KEEP.version, lang));
  if (!(await cache.match(files[0]))) {
    await cache.addAll(files.map((file) => new Request(file, { cache: "reload" })));
  }
}

// The languages an earlier version kept, read from its caches' names.
async function keptBefore() {
  const names = await caches.keys();
  return [...new Set(names.filter((name) => name.startsWith(NAME))
    .map((name) => name.slice(NAME.length).split("-").slice(1).join("-"))
    .filter((lang) => lang in KEEP.languages))];
}

self.addEventListener("install", (event) => {
  event.waitUntil(keptBefore().then((langs) => Promise.all(langs.map(keep))).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  const current = `${NAME}${KEEP.version}-`;
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith(NAME) && !name.startsWith(current))
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

// A page says where it is; its language is kept.
self.addEventListener("message", (event) => {
  if (event.data && typeof event.data.keep === "string") {
    event.waitUntil(keep(languageOf(event.data.keep)).then(
      () => event.source && event.source.postMessage({ kept: languageOf(event.data.keep) })));
  }
});

// The network first, so that a reader online always reads the published pages; the kept
// copy when the network fails.
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SITE.href)) {
    return;
  }
  event.respondWith(fetch(request).catch(async () => {
    const kept = await caches.match(request, { ignoreSearch: true });
    if (kept) {
      // A fresh response, with no address of its own: a worker script takes its address
      // from the response, and the search worker reads its settings from the query
      // (?lang=…) that the kept copy's address lacks.
      return new Response(await kept.blob(), { status: kept.status, statusText: kept.statusText, headers: kept.headers });
    }
    throw new TypeError(`not kept for offline reading: ${request.url}`);
  }));
});
