// lazy.js - libsodium and account.js (which needs it), loaded once, on
// the first need: the pages that may not need them (the home page, a
// private page not yet opened) import only this, and download neither
// until a reader asks.
let loading = null;

// Resolves to account.js's exports and `sodium`, ready to use.
export function load() {
	loading ??= Promise.all([import("./sodium.mjs"), import("./account.js")])
	    .then(async ([lib, account]) => {
		await lib.default.ready;
		return { ...account, sodium: lib.default };
	});
	return loading;
}
