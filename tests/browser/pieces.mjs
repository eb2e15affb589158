// pieces.mjs - a page's pieces put back into its plaintext, as
// unlock.js does in the browser, but read from the site's folder
// (site-templates/payload.md says how).  For open.mjs and sealed.mjs.
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import sodium from "../../site-templates/node_modules/libsodium-wrappers-sumo/dist/modules-sumo-esm/libsodium-wrappers.mjs";

export const VERSION = 4;	// site-templates/payload.md

// The page file's plaintext: html is the decrypted shell's, file the
// page's path (its pieces are beside it), ad the page's associated data.
export function withPieces(html, p, file, ad, key) {
	const runs = new Map();
	for (const id of p.pieces) {
		const bytes = new Uint8Array(readFileSync(dirname(file) + "/" + id + ".bin"));
		const pad = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null,
		    bytes.subarray(24), new Uint8Array([...ad, 0, ...sodium.from_string(id)]),
		    bytes.subarray(0, 24), key);
		const [, ...parts] = sodium.to_string(sodium.unpad(pad, pad.length)).split("\0");
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
