// pwguess.mjs which N - the cost of one password guess under Node, as
// a browser pays it: "sodium" runs Argon2id in libsodium.js (the
// parameters of site-templates/account.js); "staticrypt" runs
// StatiCrypt's own password hashing (PBKDF2, 600,000 iterations in
// all).  Prints the median wall and CPU milliseconds and peak memory.
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
} else {
	const { default: ce } = await import("./node_modules/staticrypt/lib/cryptoEngine.js");
	const salt = "0123456789abcdef0123456789abcdef";
	guess = () => ce.hashPassword("correct horse", salt);
}
const wall = [], cpu = [];
for (let i = 0; i < n; i++) {
	const c0 = process.cpuUsage(), t0 = process.hrtime.bigint();
	await guess();
	const t1 = process.hrtime.bigint(), c1 = process.cpuUsage(c0);
	wall.push(Number(t1 - t0) / 1e6);
	cpu.push((c1.user + c1.system) / 1e3);
}
const med = (v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
console.log(`wall=${med(wall).toFixed(1)} cpu=${med(cpu).toFixed(1)} ` +
    `peak_mib=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}`);
