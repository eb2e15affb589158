// account.js - what the unlock and register scripts share: a person's
// secret key wrapped under Argon2id(password), and where an unwrapped
// key is kept for the rest of the session.
//
// Wrapped secret ("w" in a page's entries, and what /register stores):
//   {alg: "argon2id13", ops, mem, salt, n, c}, c being the secret key
//   encrypted with XChaCha20-Poly1305 under Argon2id(password, salt),
//   the associated data binding the public key it belongs to.

import sodium from "./sodium.mjs";
import words from "./words.js";

export const OPS = 7;			// passes: a guess costs more CPU than StatiCrypt's (make bench)
export const MEM = 64 * 1024 * 1024;	// bytes
export const PREFIX = "cox:";

// The page scripts' words (lib/words/, "js." entries), which the build
// writes as assets/words.js: t(name, a, b) is the entry with each %s
// replaced by the next argument.
export function t(name, ...args) {
	let i = 0;
	return (words[name] || name).replace(/%s/g, () => String(args[i++] ?? ""));
}

export const b64 = (s) => sodium.from_base64(s, sodium.base64_variants.ORIGINAL);
export const to64 = (u) => sodium.to_base64(u, sodium.base64_variants.ORIGINAL);

// Argon2id in a worker; resolves to the 32-byte key.
export function derive(password, salt, ops, mem) {
	return new Promise((resolve, reject) => {
		const w = new Worker(new URL("./pwhash.js", import.meta.url),
		    { type: "module" });
		w.onmessage = (ev) => {
			w.terminate();
			if (ev.data.error)
				reject(new Error(ev.data.error));
			else
				resolve(ev.data.key);
		};
		w.onerror = (ev) => {
			w.terminate();
			reject(new Error(t("js.pw_worker", ev.message || "")));
		};
		w.postMessage({ password: password.normalize("NFC"), salt, ops, mem });
	});
}

// Associated data: a tag, then the public key the secret belongs to.
function tagged(tag, pk) {
	const t = sodium.from_string(tag);
	const out = new Uint8Array(t.length + pk.length);
	out.set(t);
	out.set(pk, t.length);
	return out;
}

const wrapAD = (pk) => tagged("coxwrap1", pk);
const locatedAD = (pk) => tagged("coxloc1", pk);

export async function wrap(password, pk, sk) {
	const salt = sodium.randombytes_buf(sodium.crypto_pwhash_SALTBYTES);
	const key = await derive(password, salt, OPS, MEM);
	const n = sodium.randombytes_buf(
	    sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	const c = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(sk,
	    wrapAD(pk), null, n, key);
	sodium.memzero(key);
	return { alg: "argon2id13", ops: OPS, mem: MEM, salt: to64(salt),
	    n: to64(n), c: to64(c) };
}

// The secret key, or null when the password is not this one's.
export async function unwrap(password, pk, w) {
	if (w.alg !== "argon2id13")
		return null;
	const key = await derive(password, b64(w.salt), w.ops, w.mem);
	try {
		return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null,
		    b64(w.c), wrapAD(pk), b64(w.n), key);
	} catch (err) {
		return null;
	} finally {
		sodium.memzero(key);
	}
}

// "Open my page": a handle as people type it ("@JDoe " -> "jdoe").
export function normalHandle(h) {
	return h.trim().replace(/^@/, "").toLowerCase();
}

// Where a person's entry for "Open my page" is (name: the file under
// l/) and the key that opens it, both from one Argon2id of the password
// salted with the site and the handle, so that nothing published names
// anyone and only the password finds the page.  A guess costs what a
// guess at a wrapped key costs, so the locator follows OPS: version 2
// is OPS passes (what register makes), version 1 the 6 passes of the
// entries made before, which "Open my page" still looks for.
export const LOCATORS = [2, 1];
const LOCATOR_OPS = { 1: 6, 2: OPS };

export async function locate(site, handle, password, version = LOCATORS[0]) {
	const salt = sodium.crypto_generichash(sodium.crypto_pwhash_SALTBYTES,
	    sodium.from_string("cox locator " + version + "\0" + site + "\0" +
	    normalHandle(handle)));
	const k = await derive(password, salt, LOCATOR_OPS[version], MEM);
	const name = sodium.to_hex(sodium.crypto_generichash(32,
	    sodium.from_string("cox locator name"), k));
	const key = sodium.crypto_generichash(32,
	    sodium.from_string("cox locator key"), k);
	sodium.memzero(k);
	return { name, key };
}

// The secret key sk encrypted for the entry (what /register keeps as
// "located"), and back.
export function lockLocated(key, pk, sk) {
	const n = sodium.randombytes_buf(
	    sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	return { n: to64(n), c: to64(sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
	    sk, locatedAD(pk), null, n, key)) };
}

export function openLocated(key, pk, e) {
	return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, b64(e.c),
	    locatedAD(pk), b64(e.n), key);
}

function secretName(site, pk) {
	return PREFIX + site + ":sk:" + to64(pk);
}

// Unwrapped secret keys live as long as the tab (or, asked for, the
// device), so a coach opens every page after typing once.
export function keepSecret(site, pk, sk, persist) {
	(persist ? localStorage : sessionStorage).setItem(secretName(site, pk),
	    sodium.to_hex(sk));
}

export function keptSecret(site, pk) {
	const k = secretName(site, pk);
	const hex = sessionStorage.getItem(k) || localStorage.getItem(k);
	return hex ? sodium.from_hex(hex) : null;
}

// Runs job (a form's work) with its button off; job shows progress
// with busy(text).  An error it throws is shown in status, for screen
// readers too (role=alert).
export async function working(button, status, job) {
	const busy = (text) => {
		status.classList.add("busy");
		status.textContent = text;
	};
	button.disabled = true;
	try {
		await job(busy);
	} catch (err) {
		status.classList.remove("busy");
		status.textContent = err.message;
	} finally {
		status.classList.remove("busy");
		button.disabled = false;
	}
}

export function forgetAll() {
	for (const store of [sessionStorage, localStorage]) {
		for (const k of Object.keys(store))
			if (k.startsWith(PREFIX))
				store.removeItem(k);
	}
}
