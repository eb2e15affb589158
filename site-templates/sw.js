// sw.js - the service worker: a page opened once opens again with the
// network off (on a bus, at a regatta).  cox build writes it at the
// site's top with VERSION and ASSETS (the hashed assets, relative to
// the top) before this code; unlock.js registers it once a page opened,
// with the site's top as its scope, and names the files to keep.
//
// What it keeps is what the host serves, byte for byte: the shells of
// gated pages (ciphertext in a page that names no one), their pieces
// (ciphertext), and the assets.  No key, secret or plaintext passes
// through here; keys stay where unlock.js keeps them.
//
// Assets are named by their bytes, so they are served from the cache
// first and fetched once; a new ASSETS list makes a new cache and drops
// the older.  Pages and pieces come from the network first, so a new
// publish is seen at once, and from the cache when the network fails.

const SCOPE = self.registration.scope;
const NAME = "cox " + SCOPE + " ";	// sites may share an origin
const ASSET_CACHE = NAME + "assets " + VERSION;
const PAGE_CACHE = NAME + "pages";
const HASHED = new Set(ASSETS);

// What a URL is to this worker: "asset", "page" (a gated page's shell
// or one of its pieces), or null (left to the browser).
function kind(url) {
	if (!url.startsWith(SCOPE))
		return null;
	const path = new URL(url).pathname.slice(new URL(SCOPE).pathname.length);
	if (HASHED.has(path))
		return "asset";
	if (/^(a|coach)\/([A-Za-z0-9_-]+\/)*([0-9a-f]{32}\.bin|index\.html)?$/
	    .test(path))
		return "page";
	return null;
}

self.addEventListener("install", (ev) => {
	ev.waitUntil(caches.open(ASSET_CACHE)
	    .then((c) => c.addAll(ASSETS.map((a) => new URL(a, SCOPE).href)))
	    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (ev) => {
	ev.waitUntil((async () => {
		for (const name of await caches.keys())
			if (name.startsWith(NAME + "assets ") &&
			    name !== ASSET_CACHE)
				await caches.delete(name);
		await self.clients.claim();
	})());
});

async function cacheFirst(req) {
	const cache = await caches.open(ASSET_CACHE);
	const hit = await cache.match(req);
	if (hit)
		return hit;
	const res = await fetch(req);
	if (res.ok)
		await cache.put(req, res.clone());
	return res;
}

// A page or piece: the network's answer, kept for later when it is the
// file itself (and forgotten when the host no longer has it); the kept
// copy when the network fails.
async function networkFirst(req, key = req) {
	const cache = await caches.open(PAGE_CACHE);
	let res;
	try {
		res = await fetch(req);
	} catch (err) {
		const hit = await cache.match(key, { ignoreSearch: true });
		if (hit)
			return hit;
		throw err;
	}
	if (res.ok && res.type === "basic" && !res.redirected)
		await cache.put(key, res.clone());
	else if (res.status === 404 || res.status === 410)
		await cache.delete(key, { ignoreSearch: true });
	return res;
}

self.addEventListener("fetch", (ev) => {
	const req = ev.request;
	if (req.method !== "GET")
		return;
	const k = kind(req.url);
	if (k === "asset")
		ev.respondWith(cacheFirst(req));
	else if (k === "page")
		ev.respondWith(networkFirst(req));
});

// A page that just opened names its shell and pieces (paths under the
// scope), fetched before this worker was in charge of it: kept now.
self.addEventListener("message", (ev) => {
	const keep = ev.data && Array.isArray(ev.data.keep) ? ev.data.keep : [];
	const urls = keep.map((p) => new URL(String(p), SCOPE).href)
	    .filter((u) => kind(u) === "page");
	ev.waitUntil(Promise.all(urls.map((u) =>
	    caches.open(PAGE_CACHE).then((c) => c.match(u)).then((hit) =>
	    hit || networkFirst(new Request(u), u)).catch(() => null))));
});
