// sealed.mjs keypair | open FILE SK_HEX
//   keypair: prints "PUBLIC_HEX SECRET_HEX" of a new crypto_box key pair
//   open: opens FILE's payload with the secret key through its sealed
//         (crypto_box_seal) entry and prints the plaintext HTML.
// Cross-checks libsodium in C (which seals at build time) against
// libsodium.js (which opens in the browser).
import { readFileSync } from "node:fs";
import sodium from "../../site-templates/node_modules/libsodium-wrappers-sumo/dist/modules-sumo-esm/libsodium-wrappers.mjs";

await sodium.ready;
const [cmd, file, skHex] = process.argv.slice(2);
if (cmd === "keypair") {
	const kp = sodium.crypto_box_keypair();
	console.log(sodium.to_hex(kp.publicKey), sodium.to_hex(kp.privateKey));
	process.exit(0);
}
const html = readFileSync(file, "utf8");
const p = JSON.parse(html.match(/id="payload">([^<]*)</)[1]);
const path = html.match(/data-path="([^"]*)"/)[1];
if (p.version !== 2)	// site-templates/payload.md
	throw new Error(`payload version ${p.version}, not 2`);
const b64 = (s) => sodium.from_base64(s, sodium.base64_variants.ORIGINAL);
const enc = (s) => sodium.from_string(s);
const ad = new Uint8Array([...enc("cox" + p.version), 0, ...enc(p.site), 0, ...enc(path)]);
const sk = sodium.from_hex(skHex);
const pk = sodium.crypto_scalarmult_base(sk);
let key = null;
for (const e of p.keys.filter((e) => e.type === "person")) {
	try {
		key = sodium.crypto_box_seal_open(b64(e.sealed), pk, sk);
		break;
	} catch (err) {
		// someone else's entry
	}
}
if (!key) {
	console.error("no entry opens with this key");
	process.exit(1);
}
const padded = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null,
    b64(p.ciphertext), ad, b64(p.nonce), key);
process.stdout.write(sodium.to_string(sodium.unpad(padded, p.block)));
