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
//
// open.mjs --serve SOCKET - the same for a whole make check run, over
// HTTP on a Unix socket (tests/t/lib.sh's open_mjs is its client): a
// request's body is, each ended by a NUL, the caller's folder, its
// OPEN_SHELL, OPEN_PIECES and OPEN_OUT, then the arguments; the answer
// 200 with what would be printed, or 500 with the error.  Starting node
// and libsodium.js for each of some 250 pages cost 0.13 s of processor
// time each.
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { resolve } from "node:path";
import { VERSION, piece, plain, withPieces } from "./pieces.mjs";
import sodium from "../../site-templates/node_modules/libsodium-wrappers-sumo/dist/modules-sumo-esm/libsodium-wrappers.mjs";

const args = process.argv.slice(2);
await sodium.ready;
const b64 = (s) => sodium.from_base64(s, sodium.base64_variants.ORIGINAL);
const enc = (s) => sodium.from_string(s);

function open(file, link, env) {
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
	if (env.OPEN_PIECES)
		return p.pieces.map((id) => `${id} ${piece(file, id, ad, key)[0]}\n`).join("");
	return env.OPEN_SHELL ? live : withPieces(live, p, file, ad, key);
}

// What the command prints for args (files relative to cwd), or writes
// into env.OPEN_OUT; throws when a page does not open.
function run(args, env, cwd) {
	if (!env.OPEN_OUT)
		return open(resolve(cwd, args[0]), args[1], env);
	for (let i = 0; i < args.length; i += 2)
		writeFileSync(resolve(cwd, env.OPEN_OUT, String(i / 2)),
		    open(resolve(cwd, args[i]), args[i + 1], env));
	return "";
}

if (args[0] !== "--serve")
	process.stdout.write(run(args, process.env, process.cwd()));
else if (Buffer.byteLength(args[1] || "") > 107) {
	// longer than a socket's address holds: node would cut it short
	console.error(`open.mjs --serve: ${args[1]} is too long a socket path: each test starts a node of its own`);
	process.exit(1);
} else
	createServer((req, res) => {
		const body = [];
		req.on("data", (b) => body.push(b));
		req.on("end", () => {
			const [cwd, OPEN_SHELL, OPEN_PIECES, OPEN_OUT, ...rest] =
			    Buffer.concat(body).toString("utf8").split("\0");
			let out, code = 200;
			try {
				out = run(rest.slice(0, -1), { OPEN_SHELL, OPEN_PIECES, OPEN_OUT }, cwd);
			} catch (e) {
				out = String(e && e.stack || e) + "\n";
				code = 500;
			}
			res.writeHead(code, { "Content-Type": "text/plain; charset=utf-8" });
			res.end(out);
		});
	}).on("error", (e) => {
		// a socket's path too long, say: each test starts a node of its own
		console.error(`open.mjs --serve ${args[1]}: ${e.message}`);
		process.exit(1);
	}).listen(args[1]);
