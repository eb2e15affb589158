// pwhash.js - Argon2id in a Web Worker, so that the page stays
// responsive while a password is stretched (about half a second and
// 64 MiB).  Message in: {password, salt, ops, mem}; out: {key} or
// {error}.
import sodium from "./sodium.mjs";

onmessage = async (ev) => {
	try {
		await sodium.ready;
		const { password, salt, ops, mem } = ev.data;
		const key = sodium.crypto_pwhash(32, password, salt, ops, mem,
		    sodium.crypto_pwhash_ALG_ARGON2ID13);
		postMessage({ key });
	} catch (err) {
		postMessage({ error: String(err && err.message || err) });
	}
};
