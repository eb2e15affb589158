// pieces.mjs - a page's pieces put back into its plaintext, as
// unlock.js does in the browser, but read from the site's folder
// (site-templates/payload.md says how).  For open.mjs and sealed.mjs.
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import sodium from "../../site-templates/node_modules/libsodium-wrappers-sumo/dist/modules-sumo-esm/libsodium-wrappers.mjs";

export const VERSION = 3;	// site-templates/payload.md

// The page file's plaintext: html is the decrypted shell's, file the
// page's path (its pieces are beside it), ad the page's associated data.
export function withPieces(html, p, file, ad, key) {
	for (const id of p.pieces) {
		const bytes = new Uint8Array(readFileSync(dirname(file) + "/" + id + ".bin"));
		const pad = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null,
		    bytes.subarray(24), new Uint8Array([...ad, 0, ...sodium.from_string(id)]),
		    bytes.subarray(0, 24), key);
		const [name, ...spans] = sodium.to_string(sodium.unpad(pad, pad.length)).split("\0");
		const parts = html.split(`<!--cox:${name}-->`);
		if (parts.length !== spans.length + 1)
			throw new Error(`piece ${name}: ${spans.length} spans for ${parts.length - 1} marks`);
		html = parts.reduce((a, b, i) => a + spans[i - 1] + b);
	}
	return html;
}
