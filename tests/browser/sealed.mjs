// sealed.mjs keypair | pk SK_HEX | open FILE SK_HEX | openall SITE SK_HEX
//   keypair: prints "PUBLIC_HEX SECRET_HEX" of a new crypto_box key pair
//   pk: prints the base64 of the public key of secret key SK_HEX
//   open: opens FILE's payload with the secret key through its person
//         entry (a crypto_box from the payload's sender key) and
//         prints the plaintext HTML.
//   openall: every gated page under SITE the key opens: "=== PATH"
//         then its plaintext, for each.
// Cross-checks libsodium in C (which seals at build time) against
// libsodium.js (which opens in the browser).
import { readFileSync, readdirSync } from "node:fs";
import { VERSION, plain, withPieces } from "./pieces.mjs";
import sodium from "../../site-templates/node_modules/libsodium-wrappers-sumo/dist/modules-sumo-esm/libsodium-wrappers.mjs";

await sodium.ready;
const [cmd, file, skHex] = process.argv.slice(2);
if (cmd === "pk") {	// pk SK_HEX: the public key's base64
	console.log(sodium.to_base64(sodium.crypto_scalarmult_base(
	    sodium.from_hex(file)), sodium.base64_variants.ORIGINAL));
	process.exit(0);
}
if (cmd === "keypair") {
	const kp = sodium.crypto_box_keypair();
	console.log(sodium.to_hex(kp.publicKey), sodium.to_hex(kp.privateKey));
	process.exit(0);
}
const b64 = (s) => sodium.from_base64(s, sodium.base64_variants.ORIGINAL);
const enc = (s) => sodium.from_string(s);

// The plaintext of the gated page in html, or null when sk opens none
// of its entries.
function open(file, html, sk) {
	const p = JSON.parse(html.match(/id="payload">([^<]*)</)[1]);
	const path = html.match(/data-path="([^"]*)"/)[1];
	if (p.version !== VERSION)
		throw new Error(`payload version ${p.version}, not ${VERSION}`);
	const ad = new Uint8Array([...enc("cox" + p.version), 0, ...enc(p.site), 0, ...enc(path)]);
	let key = null;
	for (const e of p.keys.filter((e) => e.type === "person")) {
		try {
			const box = b64(e.box);
			key = sodium.crypto_box_open_easy(box.subarray(24),
			    box.subarray(0, 24), b64(p.sender), sk);
			break;
		} catch (err) {
			// someone else's entry
		}
	}
	if (!key)
		return null;
	const padded = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null,
	    b64(p.ciphertext), new Uint8Array([...ad, 0, ...sodium.from_string(p.pieces.join(","))]), b64(p.nonce), key);
	return withPieces(plain(sodium.unpad(padded, p.block)), p,
	    file, ad, key);
}

const sk = sodium.from_hex(skHex);
if (cmd === "openall") {
	for (const f of readdirSync(file, { recursive: true })) {
		if (!f.endsWith("index.html"))
			continue;
		const html = readFileSync(file + "/" + f, "utf8");
		if (!html.includes('id="payload"'))
			continue;
		const text = open(file + "/" + f, html, sk);
		if (text !== null)
			process.stdout.write(`=== ${f}\n${text}\n`);
	}
	process.exit(0);
}
const text = open(file, readFileSync(file, "utf8"), sk);
if (text === null) {
	console.error("no entry opens with this key");
	process.exit(1);
}
process.stdout.write(text);
