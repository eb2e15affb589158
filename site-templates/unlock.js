// unlock.js - opens a coxswain page in the browser.
//
// The page holds an encrypted payload (site-templates/payload.md is its
// schema, which gen/seal.c follows too): the HTML,
// encrypted with the page's content key, and "entries" that each wrap
// that key: one under the secret in a magic link (#k=...), one sealed
// to each registered person's public key, carrying their secret key
// wrapped under Argon2id(password).  Everything happens here, in the
// browser: no key, link secret or password is ever sent anywhere.
//
// Keys of opened pages, and secret keys unwrapped by a password, are
// kept in sessionStorage (this tab's session) or, on request,
// localStorage ("remember on this device"), under "cox:<site>:...";
// "Log out" forgets all of them.
//
// libsodium (and account.js, which needs it) is loaded on the first
// need: a key this tab or device kept, a #k= link, or the first
// password typed.  A page that only asks has downloaded none of it.
// Once a page opened, the service worker (sw.js) keeps it, its pieces
// and the scripts, so that it opens again with no network.

import { inflate } from "./inflate.js";
import { load as lazy } from "./lazy.js";

const PREFIX = "cox:";	// account.js's, known before it is loaded
let sodium, b64, forgetAll, keepSecret, keptSecret, t, unwrap, working;

const body = document.body;
const page = document.getElementById("page");
const form = document.getElementById("unlock");
const status = document.getElementById("status");
const logout = document.getElementById("logout");
const keep = document.getElementById("keep");

const PAYLOAD_VERSION = 6;	// site-templates/payload.md
// The public key (base64, as in the payload) of whoever opened the
// page with their secret key; null for its magic link, its person's.
let openedBy = null;

function say(text) {
	status.textContent = text;
}

// libsodium and account.js, and the library checked, once.
async function load() {
	if (sodium)
		return;
	({ sodium, b64, forgetAll, keepSecret, keptSecret, t, unwrap,
	    working } = await lazy());
	selfTest();
}

// Whether this page may open with no question: a link's secret in the
// address, or a key this tab or device kept (this page's, or a secret
// key sealed to it), looked up without libsodium.
function keyAtHand(payload, path) {
	const has = (k) => sessionStorage.getItem(k) !== null ||
	    localStorage.getItem(k) !== null;
	return /(?:^#|&)k=/.test(location.hash) ||
	    has(storageKey(payload, path)) ||
	    payload.keys.some((e) => e.type === "person" &&
	    has(PREFIX + payload.site + ":sk:" + e.public_key));
}

// Known answers, checked before the library is trusted with anything
// (the same values come out of the C library at build time).
function selfTest() {
	const h = sodium.to_hex(sodium.crypto_generichash(32,
	    sodium.from_string("abc")));
	const c = sodium.to_hex(sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
	    sodium.from_string("coxswain"), sodium.from_string("ad"), null,
	    new Uint8Array(24).fill(2), new Uint8Array(32).fill(1)));
	if (h !== "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319" ||
	    c !== "af094e9cdd1695238bb9f60137bc22ab0bd1c92e5f827ae0")
		throw new Error(t("js.selftest"));
}

// This page's path under the site root ("a/SLUG/"), from its own URL,
// so that a payload moved to another page does not open.
function pagePath() {
	const base = new URL(body.dataset.root, location.href).pathname;
	let p = location.pathname;
	if (p.endsWith("/index.html"))
		p = p.slice(0, -"index.html".length);
	return p.startsWith(base) ? p.slice(base.length) : p;
}

function additionalData(payload, path) {
	const parts = [sodium.from_string("cox" + payload.version),
	    new Uint8Array(1), sodium.from_string(payload.site), new Uint8Array(1),
	    sodium.from_string(path)];
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

function storageKey(payload, path) {
	return PREFIX + payload.site + ":" + path;
}

// The text of a plaintext as sealed (payload.md): its first byte says
// how the rest is written, 0 as it is, 1 raw DEFLATE (inflate.js).
async function plaintext(bytes) {
	const rest = bytes.subarray(1);
	if (bytes[0] === 0)
		return sodium.to_string(rest);
	if (bytes[0] !== 1)
		throw new Error(t("js.format_unknown"));
	try {
		return new TextDecoder().decode(await inflate(rest));
	} catch (err) {
		throw new Error(t("js.format_unknown"));
	}
}

// Its padded plaintext, or a throw when key is not the page's.
function openPage(payload, ad, key) {
	if (!payload.pieces.every((id) => /^[0-9a-f]{32}$/.test(id)))
		throw new Error(t("js.format_unknown"));
	return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null,
	    b64(payload.ciphertext), new Uint8Array([...ad, 0,
	    ...sodium.from_string(payload.pieces.join(","))]),
	    b64(payload.nonce), key);
}

async function decryptPage(payload, ad, key) {
	return plaintext(sodium.unpad(openPage(payload, ad, key),
	    payload.block));
}

// A piece of the page (payload.md): the file ID.bin beside it, the
// nonce then the ciphertext, whose plaintext is the piece's name, then
// for each of its spans a 0 byte, the run it goes in, a 0 byte and the
// span.  Returns [run, span] pairs.
async function openPiece(id, ad, key) {
	const r = await fetch(id + ".bin");
	if (!r.ok)
		throw new Error(t("js.piece_missing"));
	const bytes = new Uint8Array(await r.arrayBuffer());
	const pad = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null,
	    bytes.subarray(24), new Uint8Array([...ad, 0,
	    ...sodium.from_string(id)]), bytes.subarray(0, 24), key);
	const [, ...parts] = (await plaintext(sodium.unpad(pad, pad.length)))
	    .split("\0");
	const pairs = [];
	for (let i = 0; i + 1 < parts.length; i += 2)
		pairs.push([parts[i], parts[i + 1]]);
	return pairs;
}

// The page with its pieces' spans put back, each run's where its mark
// <!--cox:@RUN--> is, in the order the pieces are listed.  A shell kept
// from before the last publish may name pieces gone since: then the
// page as served now is read once more.
async function withPieces(html, payload, ad, key, again = true) {
	let pieces;
	try {
		pieces = await Promise.all(payload.pieces.map((id) =>
		    openPiece(id, ad, key)));
	} catch (err) {
		const r = again && await fetch(location.pathname,
		    { cache: "no-cache" }).catch(() => null);
		const m = r && r.ok && (await r.text()).match(/id="payload">([^<]*)</);
		if (!m)
			throw err;
		const fresh = JSON.parse(m[1]);
		return withPieces(await decryptPage(fresh, ad, key), fresh, ad,
		    key, false);
	}
	const runs = new Map();
	for (const [run, span] of pieces.flat())
		runs.set(run, (runs.get(run) || "") + span);
	// spans hold the marks of the spans in them: a pass a level
	for (let depth = 0, was = ""; html !== was && depth <= 4; depth++) {
		was = html;
		html = html.replace(/<!--cox:@([a-z0-9.-]+)-->/g, (mark, run) => {
			if (!runs.has(run))
				throw new Error(t("js.piece_missing"));
			const spans = runs.get(run);
			runs.delete(run);
			return spans;
		});
	}
	if (runs.size !== 0)
		throw new Error(t("js.piece_missing"));
	return html;
}

// The order of a dashboard's athletes: by name, biggest gap first, or
// longest waiting first (those not waiting last); ties by name.
function byKey(key) {
	const name = (a, b) => a.dataset.name.localeCompare(b.dataset.name);
	if (key === "gaps")
		return (a, b) => Number(b.dataset.gaps) - Number(a.dataset.gaps) ||
		    name(a, b);
	if (key === "since")
		return (a, b) => (a.dataset.since || "9999").localeCompare(
		    b.dataset.since || "9999") || name(a, b);
	return name;
}

// What the static page cannot say, as it is not rebuilt every day: how
// many days ago a date was, and sorting buttons over its lists.
function enhance(root) {
	const today = Date.UTC(new Date().getUTCFullYear(),
	    new Date().getUTCMonth(), new Date().getUTCDate());
	for (const el of root.querySelectorAll("time.ago[datetime]")) {
		const days = Math.round((today - Date.parse(el.dateTime)) / 864e5);
		if (days >= 0)
			el.after(days === 0 ? t("js.ago_today") : days === 1 ?
			    t("js.ago_day") : t("js.ago_days", days));
	}
	for (const group of root.querySelectorAll(".sort[data-sort]")) {
		const lists = group.dataset.sort.split(" ")
		    .map((id) => document.getElementById(id)).filter(Boolean);
		for (const button of group.querySelectorAll("button[data-key]"))
			button.addEventListener("click", () => {
				for (const b of group.querySelectorAll("button"))
					b.setAttribute("aria-pressed", String(b === button));
				for (const list of lists)
					list.append(...[...list.children]
					    .filter((el) => el.dataset.name !== undefined)
					    .sort(byKey(button.dataset.key)));
			});
	}
}

// A CSS string holding text (for the printed page's margins).
function cssString(text) {
	return '"' + text.replace(/[\\"\n\r]/g,
	    (c) => "\\" + c.charCodeAt(0).toString(16) + " ") + '"';
}

// A printed page says on every sheet whose it is, the period it covers
// (an element of class "period", when the page has one) and the day it
// was built: the page's own words, in the margins of @page (style.css
// numbers the sheets).  A stylesheet made here, as the CSP forbids
// inline ones.
function printLines() {
	const text = (sel) => page.querySelector(sel)?.textContent.trim() || "";
	const margins = { "top-left": text("h1"), "top-right": text(".period"),
	    "bottom-left": text(".updated") };
	try {
		const sheet = new CSSStyleSheet({ media: "print" });
		sheet.replaceSync("@page{" + Object.entries(margins).map(
		    ([box, words]) => "@" + box + "{content:" +
		    cssString(words) + "}").join("") + "}");
		document.adoptedStyleSheets = [sheet];
	} catch (err) {
		// an older browser prints without them
	}
}

// Printing opens every <details> (the tables beside the charts, the
// rubrics), and closes again those the reader had closed.
function printOpen() {
	let opened = [];
	addEventListener("beforeprint", () => {
		opened = [...page.querySelectorAll("details:not([open])")];
		for (const d of opened)
			d.open = true;
	});
	addEventListener("afterprint", () => {
		for (const d of opened)
			d.open = false;
		opened = [];
	});
}

// Asks the service worker (sw.js, at the site's top and in charge of
// all of it) to keep this page's shell and pieces as the host serves
// them, ciphertext only, so the page opens again offline.  Browsers
// without service workers, or pages not served over https or from
// localhost, just do not.
function keepOffline(payload) {
	if (!("serviceWorker" in navigator))
		return;
	const root = new URL(body.dataset.root, location.href);
	const files = [location.pathname, ...payload.pieces.map((id) =>
	    new URL(id + ".bin", location.href).pathname)];
	navigator.serviceWorker.register(new URL("sw.js", root),
	    { scope: root.pathname })
	    .then(() => navigator.serviceWorker.ready)
	    .then((reg) => reg.active.postMessage({ keep: files }))
	    .catch(() => {});
}

// Shows the decrypted page; only now do the title and the bar say whose
// it is (the shell, before, names nobody).  An athlete's page offers
// its data as a file (mydata.js, loaded only then).
function show(html, payload) {
	page.innerHTML = html;
	enhance(page);
	printLines();
	keepOffline(payload);
	const article = page.querySelector("article.athlete");
	if (article)
		import("./mydata.js").then((m) => m.offer(article, pagePath()))
		    .catch(() => {});
	logout.hidden = false;
	// an athlete's page says "you" to its athlete: whoever else opens
	// it (a coach) is told so
	const reader = page.querySelector(".as-reader");
	if (reader && openedBy &&
	    !reader.dataset.own.split(" ").includes(openedBy))
		reader.hidden = false;
	const h1 = page.querySelector("h1");
	if (h1) {
		h1.tabIndex = -1;
		h1.focus();
		const name = h1.textContent.trim();
		document.title = name;
		const brand = document.querySelector(".bar .brand");
		if (brand)
			brand.textContent = name;
	}
}

// After any unlock (link, password, or a key this tab holds): offers to
// keep this page's key, and the secret keys this tab unwrapped, on the
// device, so that a bookmark or the next visit opens without the link.
function offerKeep(payload, path, key) {
	if (localStorage.getItem(storageKey(payload, path)))
		return;
	keep.hidden = false;
	keep.addEventListener("click", () => {
		remember(payload, path, key, true);
		for (const k of Object.keys(sessionStorage))
			if (k.startsWith(PREFIX))
				localStorage.setItem(k, sessionStorage.getItem(k));
		keep.textContent = t("js.remembered");
		keep.disabled = true;
	}, { once: true });
}

function remember(payload, path, key, persist) {
	const hex = sodium.to_hex(key);
	const store = persist ? localStorage : sessionStorage;
	store.setItem(storageKey(payload, path), hex);
	if (openedBy)
		store.setItem(storageKey(payload, path) + ":by", openedBy);
	else
		store.removeItem(storageKey(payload, path) + ":by");
}

// The content key from the magic link in the address bar, if any.
function keyFromLink(payload, ad) {
	const m = location.hash.match(/(?:^#|&)k=([A-Za-z0-9_-]{43})(?:&|$)/);
	if (!m)
		return null;
	// The secret leaves the address bar (and history) at once.
	history.replaceState(null, "", location.pathname + location.search);
	const secret = sodium.from_base64(m[1],
	    sodium.base64_variants.URLSAFE_NO_PADDING);
	for (const e of payload.keys.filter((e) => e.type === "link")) {
		try {
			return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
			    null, b64(e.ciphertext), ad, b64(e.nonce), secret);
		} catch (err) {
			// not this entry
		}
	}
	throw new Error(t("js.link_dead"));
}

function keyFromStorage(payload, path) {
	const k = storageKey(payload, path);
	const store = sessionStorage.getItem(k) ? sessionStorage :
	    localStorage;
	const hex = store.getItem(k);
	if (!hex)
		return null;
	openedBy = store.getItem(k + ":by");	// who kept it, with it
	return sodium.from_hex(hex);
}

// The content key in person entry e's box (payload.md), from the
// site's sender key to e's public key, whose secret is sk.
function boxOpen(payload, e, sk) {
	const box = b64(e.box);
	return sodium.crypto_box_open_easy(box.subarray(24), box.subarray(0, 24),
	    b64(payload.sender), sk);
}

// The content key from a secret key this session already holds (a
// coach who opened the dashboard opens athlete pages without typing).
function keyFromSecret(payload) {
	for (const e of payload.keys.filter((e) => e.type === "person")) {
		const pk = b64(e.public_key);
		const sk = keptSecret(payload.site, pk);
		if (!sk)
			continue;
		try {
			const key = boxOpen(payload, e, sk);
			openedBy = e.public_key;
			return key;
		} catch (err) {
			// a key from before a rotation
		}
	}
	return null;
}

// The content key from a password: each person's entry in turn (the
// page's own person first), Argon2id in a worker for each.
async function keyFromPassword(payload, password, persist) {
	for (const e of payload.keys.filter((e) => e.type === "person" && e.wrapped)) {
		const pk = b64(e.public_key);
		const sk = await unwrap(password, pk, e.wrapped);
		if (!sk)
			continue;
		const key = boxOpen(payload, e, sk);
		keepSecret(payload.site, pk, sk, persist);
		openedBy = e.public_key;
		return key;
	}
	return null;
}

// The content key at hand (link, kept key, kept secret key) opens the
// page at once; returns whether it did.
async function openAtHand(payload, path, ad) {
	const fromLink = keyFromLink(payload, ad);
	openedBy = null;
	const key = fromLink || keyFromStorage(payload, path) ||
	    keyFromSecret(payload);
	if (!key)
		return false;
	let padded;
	try {
		padded = openPage(payload, ad, key);
	} catch (err) {
		// a stale stored key (the page was re-keyed): ask again; a
		// page that opens and then cannot be read keeps the key
		for (const store of [sessionStorage, localStorage]) {
			store.removeItem(storageKey(payload, path));
			store.removeItem(storageKey(payload, path) + ":by");
		}
		return false;
	}
	const html = await plaintext(sodium.unpad(padded, payload.block));
	show(await withPieces(html, payload, ad, key), payload);
	if (fromLink)
		remember(payload, path, key, false);
	offerKeep(payload, path, key);
	return true;
}

// The password form, shown only now (without JavaScript the page says
// it cannot open instead); libsodium is loaded on its first use.
function ask(payload, path) {
	const button = form.querySelector("button[type=submit]");
	form.hidden = false;
	form.addEventListener("submit", async (ev) => {
		ev.preventDefault();
		button.disabled = true;
		try {
			await load();
		} catch (err) {
			say(err.message);
			return;
		} finally {
			button.disabled = false;
		}
		if (!payload.keys.some((e) => e.type === "person" && e.wrapped)) {
			say(t("js.no_password"));
			return;
		}
		const ad = additionalData(payload, path);
		const input = document.getElementById("password");
		const persist = document.getElementById("remember").checked;
		working(button, status, async (busy) => {
			busy(t("js.pw_checking"));
			const key = await keyFromPassword(payload, input.value,
			    persist);
			if (!key) {
				input.select();
				throw new Error(t("js.pw_wrong"));
			}
			input.value = "";
			show(await withPieces(await decryptPage(payload, ad,
			    key), payload, ad, key), payload);
			remember(payload, path, key, persist);
			offerKeep(payload, path, key);
		});
	});
}

async function main() {
	printOpen();
	logout.addEventListener("click", () => {
		forgetAll();
		location.reload();
	});
	const payload = JSON.parse(document.getElementById("payload").textContent);
	if (payload.version !== PAYLOAD_VERSION) {
		await load();
		throw new Error(t("js.format_unknown"));
	}
	const path = pagePath();
	if (keyAtHand(payload, path)) {
		await load();
		if (await openAtHand(payload, path, additionalData(payload, path)))
			return;
	}
	ask(payload, path);
}

main().catch((err) => {
	form.hidden = false;
	say(err.message);
});
