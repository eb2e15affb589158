// pieces.mjs - a page's pieces put back into its plaintext, as
// unlock.js does in the browser, but read from the site's folder
// (site-templates/payload.md says how).  For open.mjs and sealed.mjs.
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { inflateRawSync } from "node:zlib";
import sodium from "../../site-templates/node_modules/libsodium-wrappers-sumo/dist/modules-sumo-esm/libsodium-wrappers.mjs";

export const VERSION = 6;	// site-templates/payload.md

// The text of a plaintext as sealed: its first byte 0 (as it is) or 1
// (raw DEFLATE), inflated here by Node's zlib, not by unlock.js's.
export function plain(bytes) {
	const rest = Buffer.from(bytes.subarray(1));
	if (bytes[0] === 0)
		return rest.toString("utf8");
	if (bytes[0] !== 1)
		throw new Error(`plaintext encoding ${bytes[0]}`);
	return inflateRawSync(rest).toString("utf8");
}

// Piece id of the page at file (ad its associated data), decrypted:
// its group's name, then its runs and spans, "\0" between each.
export function piece(file, id, ad, key) {
	const bytes = new Uint8Array(readFileSync(dirname(file) + "/" + id + ".bin"));
	const pad = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null,
	    bytes.subarray(24), new Uint8Array([...ad, 0, ...sodium.from_string(id)]),
	    bytes.subarray(0, 24), key);
	return plain(sodium.unpad(pad, pad.length)).split("\0");
}

// The page file's plaintext: html is the decrypted shell's, file the
// page's path (its pieces are beside it), ad the page's associated data.
export function withPieces(html, p, file, ad, key) {
	const runs = new Map();
	for (const id of p.pieces) {
		const [, ...parts] = piece(file, id, ad, key);
		for (let i = 0; i + 1 < parts.length; i += 2)
			runs.set(parts[i], (runs.get(parts[i]) || "") + parts[i + 1]);
	}
	// spans hold the marks of the spans in them: a pass a level
	for (let depth = 0, was = ""; html !== was && depth <= 4; depth++) {
		was = html;
		html = html.replace(/<!--cox:@([a-z0-9.-]+)-->/g, (mark, run) => {
			if (!runs.has(run))
				throw new Error(`no piece has spans for ${mark}`);
			const spans = runs.get(run);
			runs.delete(run);
			return spans;
		});
	}
	if (runs.size !== 0)
		throw new Error(`no mark for the runs ${[...runs.keys()]}`);
	return html;
}
