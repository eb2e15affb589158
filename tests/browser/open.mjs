// open.mjs FILE LINK [FILE LINK...] - decrypts a page cox build wrote,
// the way unlock.js does but without a browser, and prints its
// plaintext HTML; with $OPEN_OUT set, each page's (the Nth from 0) goes
// into the file N of that folder, so that one node does them all.
// LINK is the page's magic link (only the #k=... part is used); the
// page's pieces are read from beside FILE (with OPEN_SHELL=1 in the
// environment, they are not: the shell's own part is printed; with
// OPEN_PIECES=1, each piece's file and group).  Used
// by the golden and leak tests, and as a cross-check that payloads made
// by the C library open with libsodium.js.
import { readFileSync, writeFileSync } from "node:fs";
import { VERSION, piece, plain, withPieces } from "./pieces.mjs";
import sodium from "../../site-templates/node_modules/libsodium-wrappers-sumo/dist/modules-sumo-esm/libsodium-wrappers.mjs";

const args = process.argv.slice(2);
await sodium.ready;
const b64 = (s) => sodium.from_base64(s, sodium.base64_variants.ORIGINAL);
const enc = (s) => sodium.from_string(s);

function open(file, link) {
	const html = readFileSync(file, "utf8");
	const json = html.match(/<script type="application\/json" id="payload">([^<]*)<\/script>/)[1];
	const path = html.match(/data-path="([^"]*)"/)[1];
	const p = JSON.parse(json);
	if (p.version !== VERSION)
		throw new Error(`payload version ${p.version}, not ${VERSION}`);
	const ad = new Uint8Array([...enc("cox" + p.version), 0, ...enc(p.site), 0, ...enc(path)]);
	const secret = sodium.from_base64(link.replace(/.*#k=/, ""),
	    sodium.base64_variants.URLSAFE_NO_PADDING);
	const entry = p.keys.find((e) => e.type === "link");
	const key = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null,
	    b64(entry.ciphertext), ad, b64(entry.nonce), secret);
	const padded = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null,
	    b64(p.ciphertext), new Uint8Array([...ad, 0, ...sodium.from_string(p.pieces.join(","))]), b64(p.nonce), key);
	const live = plain(sodium.unpad(padded, p.block));
	// OPEN_SHELL=1: the shell's own part only, its runs' marks in place;
	// OPEN_PIECES=1: a line a piece, its file's id and its group's name
	if (process.env.OPEN_PIECES)
		return p.pieces.map((id) => `${id} ${piece(file, id, ad, key)[0]}\n`).join("");
	return process.env.OPEN_SHELL ? live : withPieces(live, p, file, ad, key);
}

if (!process.env.OPEN_OUT)
	process.stdout.write(open(args[0], args[1]));
else
	for (let i = 0; i < args.length; i += 2)
		writeFileSync(`${process.env.OPEN_OUT}/${i / 2}`, open(args[i], args[i + 1]));
