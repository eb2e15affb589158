// pwguess.mjs which N - the cost of one password guess under Node, as
// a browser pays it: "sodium" runs Argon2id in libsodium.js (the
// parameters of site-templates/account.js); "staticrypt" runs
// StatiCrypt's own password hashing (PBKDF2, 600,000 iterations in
// all).  One warm-up guess is not counted (libsodium.js grows its wasm
// memory once and reuses it after; Node compiles and warms up), then N.
// Prints "base_kib K" (peak RSS once loaded, before any guess), then
// per guess "guess USER_MS SYS_MS WALL_MS", then "peak_kib K"; CPU is
// the whole process's, so PBKDF2 on Node's worker threads counts.
import { readFileSync } from "node:fs";

// the parameters the register page uses, from its own source
const src = readFileSync(new URL("../../site-templates/account.js", import.meta.url), "utf8");
const OPS = Number(src.match(/export const OPS = (\d+);/)[1]);
const MEM = Number(eval(src.match(/export const MEM = ([\d *]+);/)[1]));

const [which, count] = process.argv.slice(2);
const n = Number(count || 5);
let guess;
if (which === "sodium") {
	const { default: sodium } = await import("../../site-templates/node_modules/libsodium-wrappers-sumo/dist/modules-sumo-esm/libsodium-wrappers.mjs");
	await sodium.ready;
	const salt = new Uint8Array(sodium.crypto_pwhash_SALTBYTES);
	guess = async () => sodium.crypto_pwhash(32, "correct horse", salt, OPS, MEM,
	    sodium.crypto_pwhash_ALG_ARGON2ID13);
} else if (which === "staticrypt") {
	const { default: ce } = await import("./node_modules/staticrypt/lib/cryptoEngine.js");
	const salt = "0123456789abcdef0123456789abcdef";
	guess = () => ce.hashPassword("correct horse", salt);
} else {
	console.error("usage: pwguess.mjs sodium|staticrypt N");
	process.exit(2);
}
console.log(`base_kib ${process.resourceUsage().maxRSS}`);
for (let i = 0; i <= n; i++) {
	const c0 = process.cpuUsage(), t0 = process.hrtime.bigint();
	await guess();
	const t1 = process.hrtime.bigint(), c = process.cpuUsage(c0);
	if (i > 0)
		console.log(`guess ${(c.user / 1e3).toFixed(1)} ${(c.system / 1e3).toFixed(1)} ` +
		    `${(Number(t1 - t0) / 1e6).toFixed(1)}`);
}
console.log(`peak_kib ${process.resourceUsage().maxRSS}`);
