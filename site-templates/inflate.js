// inflate.js - what a compressed page inflates to (raw DEFLATE, RFC
// 1951: payload.md; gen/seal.c writes them with libdeflate), in every
// browser, and the limit on it.  unlock.js opens pages with it.
//
// The browser reads raw DEFLATE itself, DecompressionStream("deflate-
// raw"), since Chromium 103, Firefox 113 and Safari 16.4 (2022-2023).
// A browser before those (an iPhone left on iOS 15 or 16.3) gets pako's
// inflater instead (site-templates/node_modules/pako, pinned by the
// lock file), which a page imports only then (the service worker keeps
// it with the other assets, for such a browser offline).  A payload is
// authenticated, so only a key holder could make one that inflates past
// INFLATE_MAX or is damaged, but neither may make a tab run out of
// memory: either way, in either reader, it throws an Error whose
// message starts "inflate: ".

export const INFLATE_MAX = 64 * 1024 * 1024;

const bad = (why) => new Error("inflate: " + why);

// Whether this browser reads raw DEFLATE itself.
function native() {
	try {
		new DecompressionStream("deflate-raw");
		return true;
	} catch (err) {
		return false;
	}
}

// The chunks as one Uint8Array.
async function join(parts) {
	return new Uint8Array(await new Blob(parts).arrayBuffer());
}

// The bytes a ReadableStream of chunks gives, at most max of them.
async function gather(stream, max) {
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
	return join(parts);
}

// pako's inflater hands out what it inflated 64 KiB at a time: counted
// as it comes, so that it stops at the limit.
async function byPako(src, max) {
	const { Inflate } = await import("./pako-inflate.mjs");
	const z = new Inflate({ raw: true }), parts = [];
	let n = 0;
	z.onData = (chunk) => {
		if ((n += chunk.length) > max)
			throw bad("larger than " + max + " bytes");
		parts.push(chunk);
	};
	if (!z.push(src, true))
		throw bad(z.msg || "damaged (" + z.err + ")");
	return join(parts);
}

// The bytes src (a Uint8Array of raw DEFLATE) inflates to, at most max
// of them; throws "inflate: ..." when there would be more, or src is
// damaged.
export async function inflate(src, max = INFLATE_MAX) {
	try {
		if (!native())
			return await byPako(src, max);
		return await gather(new Blob([src]).stream().pipeThrough(new
		    DecompressionStream("deflate-raw")), max);
	} catch (err) {
		throw /^inflate: /.test(err && err.message) ? err :
		    bad(String(err && err.message || err));
	}
}
