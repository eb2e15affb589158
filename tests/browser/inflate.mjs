// inflate.mjs - site-templates/inflate.js, the reader of compressed
// pages, in both its ways: DecompressionStream("deflate-raw") where the
// browser has it, pako's inflater where it has not (DecompressionStream
// taken away here), against what zlib writes: stored, fixed and dynamic
// blocks, long repeats, a stream that inflates past its limit, and
// damaged streams, which must throw rather than hang or give what was
// not sealed.  Node alone, no browser; prints TAP.  Run by
// tests/t/96-inflate.t as "node inflate.mjs DIR PAKO": DIR holds a copy
// of inflate.js alone, and pako's inflater (PAKO) is laid beside it, as
// the site has it, only once DecompressionStream is taken away: until
// then, loading it would fail.
import { deflateRawSync, constants } from "node:zlib";
import { randomBytes } from "node:crypto";
import { copyFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const [dir, pako] = process.argv.slice(2);
const { inflate } = await import(pathToFileURL(join(dir, "inflate.js")));

let n = 0, failed = 0;
function ok(cond, name, detail) {
	n++;
	if (!cond)
		failed++;
	console.log(`${cond ? "ok" : "not ok"} ${n} - ${name}` +
	    (cond || detail === undefined ? "" : `\n#   ${detail}`));
}
const same = (a, b) => a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
// What inflate() of z gives: the bytes, or the message it threw.
async function attempt(z, max) {
	try {
		return await inflate(z, max);
	} catch (err) {
		return String(err.message);
	}
}
const threw = (out) => typeof out === "string" && /^inflate: /.test(out);

// Bytes of [value, bits, code] fields, first bit first; a Huffman code
// (code set) goes in from its top bit, as RFC 1951 writes codes.
function bitstream(fields) {
	const out = [];
	let at = 0;
	for (const [v, bits, huff] of fields)
		for (let i = 0; i < bits; i++, at++) {
			const b = huff ? (v >> (bits - 1 - i)) & 1 : (v >> i) & 1;
			if (at % 8 === 0)
				out.push(0);
			out[out.length - 1] |= b << (at % 8);
		}
	return Uint8Array.from(out);
}

const html = Buffer.from("<section><h2>Technique</h2><p>Catch timing is improving; " +
    "keep the hands level.</p></section>\n".repeat(300));
const inputs = {
	"nothing": Buffer.alloc(0),
	"one byte": Buffer.from("x"),
	"a page of repeated markup": html,
	"random bytes": randomBytes(70000),
	"a run of 300,000 bytes": Buffer.alloc(300000, 0x61),
	"a repeat 32,768 bytes back": (() => {
		const head = randomBytes(32768);
		return Buffer.concat([head, head.subarray(0, 2000)]);
	})(),
};

for (const way of ["DecompressionStream", "pako"]) {
	if (way === "pako") {
		delete globalThis.DecompressionStream;
		await copyFile(pako, join(dir, "pako-inflate.mjs"));
	}
	let wrong = [];
	for (const [what, data] of Object.entries(inputs)) {
		const blocks = {
			stored: deflateRawSync(data, { level: 0 }),
			fixed: deflateRawSync(data, { strategy: constants.Z_FIXED }),
			"dynamic, level 9": deflateRawSync(data, { level: 9 }),
			"dynamic, level 1": deflateRawSync(data, { level: 1 }),
		};
		for (const [kind, z] of Object.entries(blocks)) {
			const out = await attempt(z);
			if (typeof out === "string" || !same(out, data))
				wrong.push(`${what}, ${kind}: ` + (typeof out === "string" ?
				    out : `${out.length} bytes for ${data.length}`));
		}
	}
	ok(wrong.length === 0, `${way}: stored, fixed and dynamic blocks of six inputs inflate as written`,
	    wrong.join("; "));

	// a stream over its limit stops at the limit
	const bomb = deflateRawSync(Buffer.alloc(2 * 1024 * 1024), { level: 9 });
	let out = await attempt(bomb, 1024 * 1024);
	ok(threw(out) && /larger than/.test(out), `${way}: a stream past the limit throws`,
	    typeof out === "string" ? out : `${out.length} bytes`);
	out = await attempt(bomb, 2 * 1024 * 1024);
	ok(!threw(out) && same(out, Buffer.alloc(2 * 1024 * 1024)),
	    `${way}: and a stream of exactly the limit inflates`);

	// damaged streams throw; none hangs
	const z = deflateRawSync(html, { level: 9 });
	const damaged = {
		"a cut stream": z.subarray(0, z.length - 3),
		"block type 3": Uint8Array.of(0x07),
		"a stored block with a bad length":
		    Uint8Array.of(0x01, 0x05, 0x00, 0xfb, 0xff, 1, 2, 3, 4, 5),
		// a code-length code of 19 codes of length 1
		"an over-subscribed code": bitstream([[1, 1], [2, 2], [0, 5], [0, 5], [15, 4],
		    ...new Array(19).fill([1, 3]), [0, 300]]),
		// a last block of the fixed codes, the literal 'a', then 3
		// bytes from 2 back
		"a distance before the start": bitstream([[1, 1], [1, 2], [0x91, 8, 1],
		    [1, 7, 1], [1, 5, 1], [0, 7, 1]]),
	};
	wrong = [];
	for (const [what, bytes] of Object.entries(damaged)) {
		out = await attempt(bytes);
		if (!threw(out))
			wrong.push(`${what}: ` + (typeof out === "string" ? out : `${out.length} bytes`));
	}
	ok(wrong.length === 0, `${way}: ${Object.keys(damaged).join(", ")}: each throws`, wrong.join("; "));
	let other = [], thrown = 0;
	for (let i = 0; i < 1500; i++) {
		const bent = Uint8Array.from(z);
		bent[i % bent.length] ^= 1 << (i % 8);
		out = await attempt(bent);
		if (threw(out))
			thrown++;
		else if (typeof out === "string")
			other.push(out);	// a TypeError, a RangeError
	}
	ok(other.length === 0, `${way}: 1,500 streams with a bit flipped each inflate or throw its own error`,
	    `${thrown} threw; ${other.slice(0, 3).join("; ")}`);
}

console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
