// register.js - the register page: sets a password from an invitation
// link (/register/#t=TOKEN&k=LINK).
//
// A key pair is made here; the secret key is wrapped under
// Argon2id(password) and only the public key, the wrapped secret and
// the one-time token are posted to the team's server.  The password
// and the secret key never leave the browser.

import sodium from "./sodium.mjs";
import { keepSecret, locate, lockLocated, t, to64, working, wrap } from "./account.js";

const MIN_LENGTH = 10;
const body = document.body;
const form = document.getElementById("register");
const status = document.getElementById("status");

function say(text) {
	status.textContent = text;
}

// The invitation in the address bar, which then leaves it (and history).
function invitation() {
	const h = new URLSearchParams(location.hash.slice(1));
	history.replaceState(null, "", location.pathname + location.search);
	const tok = h.get("t"), k = h.get("k"), who = h.get("h");
	return {
		// 22 characters; 43 in links sent before they were shortened
		token: /^([A-Za-z0-9_-]{22}|[A-Za-z0-9_-]{43})$/.test(tok || "") ?
		    tok : null,
		link: /^[A-Za-z0-9_-]{43}$/.test(k || "") ? k : null,
		handle: /^[A-Za-z0-9_.]{1,40}$/.test(who || "") ? who : null,
		// a coach's: an athlete's consents (texts about check-ins,
		// check-ins kept) are not asked of them
		coach: h.has("c"),
	};
}

let common = null;

// Refuses short passwords and those on a list of common ones
// (@zxcvbn-ts/language-common, the entries the length rule lets by).
async function weakness(password) {
	if ([...password].length < MIN_LENGTH)
		return t("js.pw_short", MIN_LENGTH);
	if (common === null) {
		const r = await fetch(new URL("assets/common-passwords.json",
		    new URL(body.dataset.root, location.href)));
		if (!r.ok)
			throw new Error(t("js.pw_check_failed"));
		common = new Set(await r.json());
	}
	if (common.has(password.toLowerCase()))
		return t("js.pw_common");
	return null;
}

async function register(inv, password) {
	const kp = sodium.crypto_box_keypair();
	const wrapped = await wrap(password, kp.publicKey, kp.privateKey);
	const post = { token: inv.token, public_key: to64(kp.publicKey), wrapped };
	// what the person agreed to, in their own hand: recorded with the
	// day and "web" (a box left empty takes nothing back)
	const consent = inv.coach ? [] : ["texts", "wellness"].filter((k) =>
	    document.getElementById("consent-" + k)?.checked);
	if (consent.length > 0)
		post.consent = consent;
	// with the handle, the password alone opens the page from the
	// team's home page ("Open my page")
	if (inv.handle) {
		const { name, key } = await locate(body.dataset.site, inv.handle,
		    password);
		post.locator = name;
		post.located = lockLocated(key, kp.publicKey, kp.privateKey);
		sodium.memzero(key);
	}
	let r;
	try {
		r = await fetch(body.dataset.register, {
			method: "POST",
			headers: { "Content-Type": "application/json" },
			body: JSON.stringify(post),
			credentials: "omit",
			cache: "no-store",
		});
	} catch (err) {
		throw new Error(t("js.server_unreachable"));
	}
	let answer = {};
	try {
		answer = await r.json();
	} catch (err) {
		// not JSON: a proxy's error page
	}
	if (!r.ok)
		throw new Error(answer.error ? answer.error.charAt(0).toUpperCase() +
		    answer.error.slice(1) + "." : t("js.server_said", r.status));
	keepSecret(body.dataset.site, kp.publicKey, kp.privateKey, false);
	return answer;
}

function done(inv, answer) {
	say("");
	form.hidden = true;
	document.getElementById("done").hidden = false;
	document.getElementById("done-text").textContent = answer.again ?
	    t("js.registered_again") : t("js.registered");
	if (inv.handle)
		document.getElementById("done-text").textContent +=
		    t("js.registered_handle", inv.handle);
	if (!answer.again && inv.link && /^a\/[A-Za-z0-9_-]+\/$/.test(answer.page)) {
		const a = document.getElementById("open");
		a.href = new URL(answer.page, new URL(body.dataset.root,
		    location.href)).href + "#k=" + inv.link;
		a.hidden = false;
	}
	const h1 = document.querySelector("#done h1");
	h1.tabIndex = -1;
	h1.focus();
}

async function main() {
	await sodium.ready;
	const inv = invitation();
	const button = form.querySelector("button[type=submit]");
	const consent = form.querySelector("fieldset.consent");
	if (consent && inv.coach)
		consent.hidden = true;
	if (!inv.token) {
		say(t("js.register_no_link"));
		button.disabled = true;
		return;
	}
	if (!body.dataset.register) {
		say(t("js.register_off"));
		button.disabled = true;
		return;
	}
	form.addEventListener("submit", (ev) => {
		ev.preventDefault();
		const pw = document.getElementById("password").value;
		if (pw !== document.getElementById("again").value) {
			say(t("js.pw_differ"));
			return;
		}
		working(button, status, async (busy) => {
			const weak = await weakness(pw);
			if (weak)
				throw new Error(weak);
			busy(t("js.pw_setting"));
			done(inv, await register(inv, pw));
		});
	});
}

main().catch((err) => say(err.message));
