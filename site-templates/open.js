// open.js - "Open my page" on the team's home page: a handle and a
// password find that person's page on any device, without a link and
// without the site publishing who is on the team.
//
// locate() (account.js) turns the site, the handle and the password
// into the name of a file under l/ and the key that opens it; the file
// holds the page's path, the person's public key and their secret key
// encrypted under that key.  The secret key is kept for this tab (or,
// on request, this device) and the page opens with it as with a
// password.  Nothing typed here is sent anywhere: the only request is
// for l/NAME.json, a name no one can make without the password.
//
// libsodium and account.js are loaded when the form is first sent: the
// home page itself downloads neither.

import { load as lazy } from "./lazy.js";

let sodium, b64, keepSecret, locate, LOCATORS, openLocated, t, working;

const body = document.body;
const form = document.getElementById("open-page");
const status = document.getElementById("open-status");
const root = new URL(body.dataset.root || "./", location.href);

function notFound() {
	const sms = body.dataset.sms;
	return sms ? t("js.open_not_found_sms", sms) : t("js.open_not_found");
}

// The entry of handle and password, the newest kind of locator first
// (an entry made before the current kind is found by the kind it was
// made with): { e, key }, the key to be zeroed by the caller.
async function find(handle, password) {
	for (const version of LOCATORS) {
		const { name, key } = await locate(body.dataset.site, handle,
		    password, version);
		let r;
		try {
			r = await fetch(new URL("l/" + name + ".json", root),
			    { cache: "no-store", credentials: "omit" });
		} catch (err) {
			sodium.memzero(key);
			throw new Error(t("js.site_unreachable"));
		}
		if (r.ok) {
			try {
				return { e: await r.json(), key };
			} catch (err) {
				sodium.memzero(key);
				throw new Error(t("js.site_unreachable"));
			}
		}
		sodium.memzero(key);
		if (r.status !== 404)
			throw new Error(t("js.site_answered", r.status));
	}
	throw new Error(notFound());
}

async function openPage(handle, password, persist) {
	const { e, key } = await find(handle, password);
	if (e === null || typeof e !== "object" || e.version !== 1 ||
	    !/^a\/[A-Za-z0-9_-]+\/$/.test(e.page)) {
		sodium.memzero(key);
		throw new Error(t("js.site_newer"));
	}
	let pk, sk;
	try {
		pk = b64(e.public_key);
		sk = openLocated(key, pk, e);
	} catch (err) {
		throw new Error(notFound());
	} finally {
		sodium.memzero(key);
	}
	keepSecret(body.dataset.site, pk, sk, persist);
	sodium.memzero(sk);
	status.textContent = t("js.opening");
	location.assign(new URL(e.page, root).href);
}

async function load() {
	({ sodium, b64, keepSecret, locate, LOCATORS, openLocated, t,
	    working } = await lazy());
}

// The form, shown only now: without JavaScript the page says it
// cannot work instead.
function main() {
	const button = form.querySelector("button[type=submit]");
	form.hidden = false;
	form.addEventListener("submit", async (ev) => {
		ev.preventDefault();
		button.disabled = true;
		try {
			await load();
		} catch (err) {
			status.textContent = err.message;
			return;
		} finally {
			button.disabled = false;
		}
		const handle = document.getElementById("handle");
		const password = document.getElementById("open-password");
		const persist = document.getElementById("open-remember").checked;
		working(button, status, async (busy) => {
			busy(t("js.finding"));
			await openPage(handle.value, password.value, persist);
			password.value = "";
		});
	});
}

main();
