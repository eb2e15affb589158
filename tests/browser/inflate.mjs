// inflate.mjs - site-templates/inflate.js, the reader of compressed
// pages in browsers without DecompressionStream("deflate-raw"), against
// what zlib writes: stored, fixed and dynamic blocks, long repeats, a
// stream that inflates past its limit, and damaged streams, which must
// throw rather than hang or give what was not sealed.  Node alone, no
// browser; prints TAP.  Run by tests/t/96-inflate.t.
import { deflateRawSync, constants } from "node:zlib";
import { randomBytes } from "node:crypto";
import { gather, inflate } from "../../site-templates/inflate.js";

let n = 0, failed = 0;
function ok(cond, name, detail) {
	n++;
	if (!cond)
		failed++;
	console.log(`${cond ? "ok" : "not ok"} ${n} - ${name}` +
	    (cond || detail === undefined ? "" : `\n#   ${detail}`));
}
const same = (a, b) => a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
function throws(f) {
	try {
		f();
		return false;
	} catch (err) {
		return /^inflate: /.test(err.message);
	}
}

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

for (const [what, data] of Object.entries(inputs)) {
	const ways = {
		stored: deflateRawSync(data, { level: 0 }),
		fixed: deflateRawSync(data, { strategy: constants.Z_FIXED }),
		"dynamic, level 9": deflateRawSync(data, { level: 9 }),
		"dynamic, level 1": deflateRawSync(data, { level: 1 }),
	};
	for (const [way, z] of Object.entries(ways)) {
		let out;
		try {
			out = inflate(z);
		} catch (err) {
			out = err.message;
		}
		ok(typeof out !== "string" && same(out, data), `${what}, ${way} blocks, inflates as written`,
		    typeof out === "string" ? out : `${out.length} bytes for ${data.length}`);
	}
}

// a stream over its limit stops at the limit, in both readers
{
	const bomb = deflateRawSync(Buffer.alloc(2 * 1024 * 1024), { level: 9 });
	ok(throws(() => inflate(bomb, 1024 * 1024)), "a stream past the limit throws",
	    `${bomb.length} bytes to 2 MiB`);
	ok(same(inflate(bomb, 2 * 1024 * 1024), Buffer.alloc(2 * 1024 * 1024)),
	    "and a stream of exactly the limit inflates");
	const stream = () => new Blob([bomb]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
	let said = "";
	try {
		await gather(stream(), 1024 * 1024);
	} catch (err) {
		said = err.message;
	}
	ok(/^inflate: larger/.test(said), "DecompressionStream's bytes past the limit throw too", said);
	ok(same(await gather(stream()), Buffer.alloc(2 * 1024 * 1024)),
	    "and under it they are gathered whole");
}

// damaged streams throw; none hangs
{
	const z = deflateRawSync(html, { level: 9 });
	ok(throws(() => inflate(z.subarray(0, z.length - 3))), "a cut stream throws");
	ok(throws(() => inflate(Uint8Array.of(0x07))), "block type 3 throws");
	// a stored block whose length's complement is wrong
	ok(throws(() => inflate(Uint8Array.of(0x01, 0x05, 0x00, 0xfb, 0xff, 1, 2, 3, 4, 5))),
	    "a stored block with a bad length throws");
	// a dynamic block whose code-length code gives 19 codes of length 1
	let said = "";
	try {
		inflate(bitstream([[1, 1], [2, 2], [0, 5], [0, 5], [15, 4],
		    ...new Array(19).fill([1, 3]), [0, 300]]));
	} catch (err) {
		said = err.message;
	}
	ok(said === "inflate: over-subscribed code", "an over-subscribed code throws", said);
	// a repeat reaching before the first byte: a last block of the
	// fixed codes, the literal 'a', then 3 bytes from 2 back
	ok(throws(() => inflate(bitstream([[1, 1], [1, 2], [0x91, 8, 1],
	    [1, 7, 1], [1, 5, 1], [0, 7, 1]]))), "a distance before the start throws");
	let wrong = 0, threw = 0;
	for (let i = 0; i < 3000; i++) {
		const bent = Uint8Array.from(z);
		bent[i % bent.length] ^= 1 << (i % 8);
		try {
			if (!same(inflate(bent), html))
				wrong++;
		} catch (err) {
			if (!/^inflate: /.test(err.message))
				wrong += 1000000;	// a TypeError, a RangeError
			threw++;
		}
	}
	ok(wrong < 1000000, "3,000 streams with a bit flipped each throw its own error or inflate",
	    `${threw} threw, ${wrong} other`);
}

console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
