// inflate.js - raw DEFLATE (RFC 1951) read in the browser, for those
// without DecompressionStream("deflate-raw") (before 2023), and the
// limit on what a page may inflate to in any browser.  unlock.js opens
// a compressed page (payload.md) with it; gen/deflate.c writes them.
//
// Stored blocks, and blocks of the fixed codes or of codes of their
// own, are read; codes a bit at a time, canonical code by canonical
// code.  A payload is authenticated, so only a key holder could make
// one that inflates past INFLATE_MAX or is malformed, but neither may
// make a tab run out of memory or loop: every bad input throws.

export const INFLATE_MAX = 64 * 1024 * 1024;

const LEN = [], DIST = [];
for (let i = 0, base = 3; i < 29; i++) {
	const extra = i < 8 || i === 28 ? 0 : (i - 4) >> 2;
	LEN.push([i === 28 ? 258 : base, extra]);
	base += 1 << extra;
}
for (let i = 0, base = 1; i < 30; i++) {
	const extra = i < 4 ? 0 : (i - 2) >> 1;
	DIST.push([base, extra]);
	base += 1 << extra;
}
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

const bad = (why) => new Error("inflate: " + why);

// A canonical code from its lengths: counts by length, symbols in
// order.  Lengths that claim more codes than there are bits for (an
// over-subscribed set) are no code.
function code(lengths) {
	const count = new Array(16).fill(0), symbols = [];
	for (const l of lengths)
		count[l]++;
	for (let l = 1, left = 1; l < 16; l++) {
		left = (left << 1) - count[l];
		if (left < 0)
			throw bad("over-subscribed code");
	}
	for (let l = 1; l < 16; l++)
		lengths.forEach((x, s) => x === l && symbols.push(s));
	return { count, symbols };
}

const FIXED = [code([...new Array(288)].map((_, s) =>
    s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8)), code(new Array(30).fill(5))];

// The bytes src (a Uint8Array) inflates to, at most max of them.
export function inflate(src, max = INFLATE_MAX) {
	let at = 0, bit = 0, n = 0;
	let out = new Uint8Array(Math.min(max, src.length * 4 + 64));
	const bits = (count) => {	// first bit first
		let v = 0;
		for (let i = 0; i < count; i++) {
			if (at >= src.length)
				throw bad("ends early");
			v |= ((src[at] >> bit) & 1) << i;
			if (++bit === 8) {
				bit = 0;
				at++;
			}
		}
		return v;
	};
	const symbol = (h) => {
		let c = 0, first = 0, index = 0;
		for (let l = 1; l < 16; l++) {
			c |= bits(1);
			if (c - first < h.count[l])
				return h.symbols[index + c - first];
			index += h.count[l];
			first = (first + h.count[l]) << 1;
			c <<= 1;
		}
		throw bad("no such code");
	};
	const put = (b) => {
		if (n === out.length) {
			if (n >= max)
				throw bad("larger than " + max + " bytes");
			const more = new Uint8Array(Math.min(max, out.length * 2));
			more.set(out);
			out = more;
		}
		out[n++] = b;
	};
	for (let last = 0; !last; ) {
		last = bits(1);
		const type = bits(2);
		let lit, dist;
		if (type === 0) {
			// stored: from the next byte, its length, the length's
			// complement, then the bytes as they are
			if (bit > 0) {
				bit = 0;
				at++;
			}
			if (at + 4 > src.length)
				throw bad("ends early");
			const len = src[at] | src[at + 1] << 8;
			if ((len ^ (src[at + 2] | src[at + 3] << 8)) !== 0xffff)
				throw bad("stored length");
			if (at + 4 + len > src.length)
				throw bad("ends early");
			for (let i = 0; i < len; i++)
				put(src[at + 4 + i]);
			at += 4 + len;
			continue;
		}
		if (type === 1) {
			[lit, dist] = FIXED;
		} else if (type === 2) {
			const hlit = bits(5) + 257, hdist = bits(5) + 1;
			const hclen = bits(4) + 4, cl = new Array(19).fill(0);
			for (let i = 0; i < hclen; i++)
				cl[CL_ORDER[i]] = bits(3);
			const clc = code(cl), lens = [];
			while (lens.length < hlit + hdist) {
				const s = symbol(clc);
				if (s < 16)
					lens.push(s);
				else if (s === 16 && lens.length)
					lens.push(...new Array(3 + bits(2)).fill(lens[lens.length - 1]));
				else if (s === 17)
					lens.push(...new Array(3 + bits(3)).fill(0));
				else if (s === 18)
					lens.push(...new Array(11 + bits(7)).fill(0));
				else
					throw bad("repeat of nothing");
			}
			if (lens.length !== hlit + hdist)
				throw bad("code lengths overrun");
			lit = code(lens.slice(0, hlit));
			dist = code(lens.slice(hlit));
		} else
			throw bad("block type 3");
		for (;;) {
			const sym = symbol(lit);
			if (sym < 256) {
				put(sym);
				continue;
			}
			if (sym === 256)
				break;
			if (sym > 285)
				throw bad("length symbol " + sym);
			const [lbase, lextra] = LEN[sym - 257];
			const len = lbase + bits(lextra), d = symbol(dist);
			if (d > 29)
				throw bad("distance symbol " + d);
			const back = DIST[d][0] + bits(DIST[d][1]);
			if (back > n)
				throw bad("distance before the start");
			for (let i = 0; i < len; i++)
				put(out[n - back]);
		}
	}
	return out.subarray(0, n);
}

// The bytes a ReadableStream of chunks gives, at most max of them.
export async function gather(stream, max = INFLATE_MAX) {
	const reader = stream.getReader(), parts = [];
	let n = 0;
	try {
		for (let r; !(r = await reader.read()).done; ) {
			if ((n += r.value.length) > max)
				throw bad("larger than " + max + " bytes");
			parts.push(r.value);
		}
	} catch (err) {
		reader.cancel().catch(() => {});
		throw err;
	}
	return new Uint8Array(await new Blob(parts).arrayBuffer());
}
