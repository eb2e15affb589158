// accounts.mjs - real Chromium, fresh profiles, through invitations,
// registration and password unlock.  Prints TAP; run by
// tests/t/27-accounts.t, which sets up the workspace, cox preview (the
// site) and cox sms serve (/register, rebuilding through its hook):
//   BASE        http://127.0.0.1:PORT/ (the site)
//   JANE_REG    register/#t=...&k=... (an athlete's invitation)
//   JANE_PAGE   a/SLUG/
//   JANE_NAME   the name that page shows
//   COACH_REG   register/#t=...&k=... (a coach's invitation)
//   COACH_PAGE  a/SLUG/ (that coach's own page)
//   SQUAD       a squad of theirs, with Jane in it
//   EXPIRED_REG an invitation past its expiry
//   RESET_CMD   a shell command that invites Jane again and prints the
//               new register/#... link
//   SITE_DIR    the directory the site is served from
// Writes the secret keys the browsers made to $SECRETS_OUT, one per
// line, so the test can look for them where they must not be.
import { execSync } from "node:child_process";
import { appendFileSync, existsSync, renameSync, unlinkSync, writeFileSync }
    from "node:fs";
import { finish, fresh, note, ok } from "./tap.mjs";

const env = process.env;
const JANE_PW = "otter-lantern-gravel-7";
const JANE_PW2 = "quiet-harbour-mosaic-42";
const COACH_PW = "coach-umbrella-tandem-9";

// The payload of a built page as served now.
async function payloadOf(page, path) {
	const r = await page.request.get(env.BASE + path);
	const m = (await r.text()).match(/id="payload">([^<]*)</);
	return m ? m[1] : "";
}

// Waits for the hook's rebuild to give path a new payload with test().
async function rebuilt(page, path, before, test) {
	for (let i = 0; i < 300; i++) {
		const p = await payloadOf(page, path);
		if (p !== before && test(JSON.parse(p)))
			return true;
		await page.waitForTimeout(100);
	}
	return false;
}

// Registers on a fresh profile; returns the status text or "done".
async function registerWith(link, password, again, consent = []) {
	const { context, page, problems } = await fresh();
	await page.goto(env.BASE + link);
	const consentShown = await page.locator("fieldset.consent").isVisible();
	await page.fill("#password", password);
	await page.fill("#again", again ?? password);
	for (const k of consent)
		await page.check("#consent-" + k);
	await page.click("#register button[type=submit]");
	await page.waitForFunction(() => !document.getElementById("done").hidden ||
	    (document.getElementById("status").textContent !== "" &&
	    !document.getElementById("status").classList.contains("busy")),
	    null, { timeout: 120000 }).catch(() => {});
	const done = await page.evaluate(() => !document.getElementById("done").hidden);
	const said = await page.locator("#status").textContent();
	const secrets = await page.evaluate(() => Object.keys(sessionStorage)
	    .filter((k) => k.includes(":sk:")).map((k) => sessionStorage.getItem(k)));
	if (env.SECRETS_OUT)
		for (const s of secrets)
			appendFileSync(env.SECRETS_OUT, s + "\n");
	const url = page.url();
	const openHref = done && await page.locator("#open").isVisible() ?
	    await page.locator("#open").getAttribute("href") : null;
	await context.close();
	return { done, said, url, openHref, problems, consentShown };
}

// "Open my page" on the home page: handle and password; the page it
// ends on ("opened" and its h1) or what it said.
async function openMyPage(handle, password) {
	const { context, page, problems } = await fresh({ viewport: { width: 390, height: 844 } });
	await page.goto(env.BASE);
	await page.fill("#handle", handle);
	await page.fill("#open-password", password);
	await page.click("#open-page button[type=submit]");
	// on the way to the page, the wait for a message dies with the
	// home page: only the wait for the address may end it then.  The
	// wait for a message goes on in each document the tab loads, so it
	// asks for the home page's status line itself: on the page, which
	// has none, it would hold before the page's load event did, and
	// read as "no page opened" (seen under load)
	const left = await Promise.race([
	    page.waitForURL(/\/a\//, { timeout: 120000 }).then(() => true, () => false),
	    page.waitForFunction(() => {
		const s = document.getElementById("open-status");
		return s !== null && /^[^\u2026]+$/.test(s.textContent) &&
		    !s.classList.contains("busy");
	    }, null, { timeout: 120000 }).then(() => false, () => new Promise(() => {}))]);
	if (left)
		await page.waitForFunction(() => document.getElementById("unlock") === null,
		    null, { timeout: 60000 }).catch(() => {});
	const opened = left && await page.evaluate(() =>
	    document.getElementById("unlock") === null);
	const res = { opened, path: new URL(page.url()).pathname, problems,
	    h1: opened ? await page.locator("h1").first().textContent() : "",
	    title: await page.title(),
	    said: opened ? "" : left ? "landed on " + page.url() + ", locked: " +
	    await page.locator("#status").textContent() :
	    await page.locator("#open-status").textContent({ timeout: 5000 }).catch(() =>
	    // neither the page loaded nor the home page said why within the
	    // waits: where it is, for the failure to tell
	    page.evaluate(() => `no answer: at ${location.href}, ${document.readyState}`)
	    .catch((e) => "no answer: " + e.message)) };
	await context.close();
	return res;
}

// Opens path on a fresh profile with a password; "opened" or the error.
async function unlockWith(page, path, password) {
	await page.goto(env.BASE + path);
	await page.waitForSelector("#unlock");
	await page.fill("#password", password);
	const t0 = Date.now();
	await page.click("#unlock button[type=submit]");
	await page.waitForFunction(() => document.getElementById("unlock") === null ||
	    (document.getElementById("status").textContent !== "" &&
	    !document.getElementById("status").classList.contains("busy")),
	    null, { timeout: 120000 }).catch(() => {});
	const opened = await page.evaluate(() => document.getElementById("unlock") === null);
	return { opened, ms: Date.now() - t0,
	    said: opened ? "" : await page.locator("#status").textContent() };
}

try {
	const probe = (await fresh());
	const before = await payloadOf(probe.page, env.JANE_PAGE);
	ok(!/"w":/.test(before), "before registering, Jane's page has no password entry");

	// 1. Weak and mismatched passwords are refused in the page.
	let r = await registerWith(env.JANE_REG, "short1");
	ok(!r.done && /at least 10 characters/.test(r.said), "a short password is refused", r.said);
	r = await registerWith(env.JANE_REG, "password1234");
	ok(!r.done && /most common/.test(r.said), "a common password is refused", r.said);
	r = await registerWith(env.JANE_REG, JANE_PW, JANE_PW + "x");
	ok(!r.done && /not the same/.test(r.said), "two different passwords are refused", r.said);

	// 2. The invitation sets a password.
	r = await registerWith(env.JANE_REG, JANE_PW, undefined, ["texts", "wellness"]);
	ok(r.done, "an invitation link sets a password (Jane ticks both consents)", r.said + r.problems.join("\n"));
	ok(r.consentShown, "an athlete's register page asks her consents");
	ok(!/#t=/.test(r.url), "the token leaves the address bar", r.url);
	ok(r.openHref && r.openHref.includes(env.JANE_PAGE + "#k="),
	    "and the page offers to open Jane's page at once", r.openHref);
	ok(r.problems.length === 0, "no script or policy errors while registering", r.problems.join("\n"));
	const firstLink = r.openHref;
	ok(await rebuilt(probe.page, env.JANE_PAGE, before,
	    (p) => p.keys.some((e) => e.wrapped)), "the hook rebuilds Jane's page with her password entry");

	// 3. A second fresh profile opens it by password only.
	let { context, page, problems } = await fresh();
	let u = await unlockWith(page, env.JANE_PAGE, "not-her-password-at-all");
	ok(!u.opened && /does not open this page/.test(u.said), "a wrong password is refused", u.said);
	u = await unlockWith(page, env.JANE_PAGE, JANE_PW);
	ok(u.opened, "her password opens her page on another device", u.said);
	const w = JSON.parse(await payloadOf(probe.page, env.JANE_PAGE)).keys.find((e) => e.wrapped).wrapped;
	note(`unlocking by password took ${u.ms} ms (Argon2id, ${w.ops} passes, ${w.mem >> 20} MiB)`);
	ok((await page.locator("h1").first().textContent()) === env.JANE_NAME,
	    "showing her name");
	ok(!(await page.locator(".as-reader").isVisible()),
	    "her own page does not tell her she reads it as someone else");
	ok(problems.length === 0, "no script or policy errors while unlocking", problems.join("\n"));
	await page.locator("#logout").click();
	await page.waitForSelector("#unlock");
	const left = await page.evaluate(() => Object.keys(sessionStorage)
	    .concat(Object.keys(localStorage)).filter((k) => k.startsWith("cox:")).length);
	ok(left === 0, "log out forgets her keys", `${left} left`);
	await page.goto(env.BASE + env.JANE_PAGE);
	await page.waitForTimeout(300);
	ok(await page.locator("#unlock").isVisible(), "and the page asks again");
	await context.close();

	// 3b. On yet another device, the home page's "Open my page" finds
	//     it by handle and password, as people type the handle.
	let o = await openMyPage("@JDoe ", JANE_PW);
	ok(o.opened && o.h1 === env.JANE_NAME && o.path.endsWith(env.JANE_PAGE),
	    "\"Open my page\" on the home page opens her page by handle and password",
	    JSON.stringify(o));
	ok(o.title === env.JANE_NAME, "titled with her name once open", o.title);
	ok(o.problems.length === 0, "no script or policy errors opening it", o.problems.join("\n"));
	o = await openMyPage("jdoe", "not-her-password-at-all");
	ok(!o.opened && /No page opens/.test(o.said) && /Text LINK to \+[0-9]+ for a new link/.test(o.said),
	    "a wrong password opens nothing, and says to text LINK", o.said);
	o = await openMyPage("glee", JANE_PW);
	ok(!o.opened && /No page opens/.test(o.said),
	    "nor does her password with another handle", o.said);

	// 3c. An entry made before the locator's current version (6
	//     passes, "cox locator 1") is still found: Jane's entry made
	//     again the old way, in place of hers, opens her page.
	({ context, page, problems } = await fresh());
	await page.goto(env.BASE);
	const made = await page.evaluate(async (pw) => {
		// the page's own lazy.js, by its fingerprinted name
		const lazy = Object.keys(JSON.parse(document.querySelector(
		    "script[type=importmap]").textContent).integrity)
		    .find((k) => /^assets\/lazy\.[0-9a-f]+\.js$/.test(k));
		const { load } = await import(new URL(lazy, location.href).href);
		const a = await load();
		const site = document.body.dataset.site;
		const now = await a.locate(site, "jdoe", pw);
		const old = await a.locate(site, "jdoe", pw, 1);
		// each version as payload.md says, apart from account.js: a
		// slip in version 1 would lose every entry made before 2
		const spec = (v, ops) => {
			const s = a.sodium;
			const salt = s.crypto_generichash(s.crypto_pwhash_SALTBYTES,
			    s.from_string("cox locator " + v + "\0" + site + "\0jdoe"));
			const k = s.crypto_pwhash(32, pw, salt, ops, 64 * 1024 * 1024,
			    s.crypto_pwhash_ALG_ARGON2ID13);
			return s.to_hex(s.crypto_generichash(32,
			    s.from_string("cox locator name"), k));
		};
		const e = await (await fetch("l/" + now.name + ".json")).json();
		const pk = a.b64(e.public_key);
		const sk = a.openLocated(now.key, pk, e);
		return { now: now.name, old: old.name, ops: a.OPS,
		    specNow: spec(2, a.OPS), specOld: spec(1, 6),
		    entry: { ...e, ...a.lockLocated(old.key, pk, sk) } };
	}, JANE_PW);
	await context.close();
	const lDir = env.SITE_DIR + "/l/";
	ok(made.ops === 7 && made.now === made.specNow && made.old === made.specOld,
	    "locators 2 (7 passes) and 1 (6 passes) are payload.md's",
	    JSON.stringify([made.ops, made.now, made.specNow, made.old, made.specOld]));
	ok(made.now !== made.old && existsSync(lDir + made.now + ".json") &&
	    !existsSync(lDir + made.old + ".json"),
	    "her entry was made with the current locator, not the old one");
	renameSync(lDir + made.now + ".json", lDir + made.now + ".away");
	writeFileSync(lDir + made.old + ".json", JSON.stringify(made.entry));
	try {
		o = await openMyPage("jdoe", JANE_PW);
		ok(o.opened && o.h1 === env.JANE_NAME,
		    "\"Open my page\" finds an entry made with the old locator", o.said);
		o = await openMyPage("jdoe", "not-her-password-at-all");
		ok(!o.opened && /No page opens/.test(o.said),
		    "and a wrong password still finds nothing", o.said);
	} finally {
		unlinkSync(lDir + made.old + ".json");
		renameSync(lDir + made.now + ".away", lDir + made.now + ".json");
	}

	// 4. A used or expired invitation is refused.
	r = await registerWith(env.JANE_REG, JANE_PW2);
	ok(!r.done && /used already/.test(r.said), "a used invitation is refused", r.said);
	r = await registerWith(env.EXPIRED_REG, JANE_PW2);
	ok(!r.done && /expired/.test(r.said), "an expired invitation is refused", r.said);

	// 5. The coach registers, unlocks their page, opens a squad's
	//    dashboard and Jane's page without typing.
	const dash = await payloadOf(probe.page, env.COACH_PAGE);
	r = await registerWith(env.COACH_REG, COACH_PW);
	ok(r.done, "the coach registers the same way", r.said);
	ok(!r.consentShown, "without the boxes of an athlete's consents");
	ok(await rebuilt(probe.page, env.COACH_PAGE, dash, (p) => p.keys.some((e) => e.wrapped)) &&
	    await rebuilt(probe.page, env.JANE_PAGE, "", (p) =>
	    p.keys.filter((e) => e.wrapped).length === 2),
	    "every page is sealed again, to the coach's key too");
	({ context, page, problems } = await fresh());
	u = await unlockWith(page, env.COACH_PAGE, COACH_PW);
	ok(u.opened && await page.locator("ul.parts a").count() > 0,
	    "the coach's password opens their page, which lists the dashboards", u.said);
	await page.locator("ul.parts a", { hasText: env.SQUAD }).click();
	await page.waitForFunction(() => document.getElementById("unlock") === null,
	    null, { timeout: 60000 }).catch(() => {});
	ok(await page.locator("table.matrix").count() > 0,
	    "and their squad's dashboard without typing again");
	await page.goto(env.BASE + env.JANE_PAGE);
	await page.waitForFunction(() => document.getElementById("unlock") === null,
	    null, { timeout: 60000 }).catch(() => {});
	ok((await page.locator("h1").first().textContent()) === env.JANE_NAME,
	    "and then Jane's page without typing again");
	const asReader = await page.locator(".as-reader");
	ok(await asReader.isVisible() &&
	    (await asReader.textContent()).includes(`reading ${env.JANE_NAME}'s page as one of their coaches`),
	    "which tells the coach its \"you\" is Jane", await asReader.textContent());
	await page.reload();
	await page.waitForFunction(() => document.getElementById("unlock") === null,
	    null, { timeout: 60000 }).catch(() => {});
	ok(await page.locator(".as-reader").isVisible(),
	    "and still does when it opens again from the key this tab kept");
	await page.locator("#logout").click();
	await page.waitForSelector("#unlock");
	await page.goto(env.BASE + env.COACH_PAGE);
	await page.waitForTimeout(300);
	ok(await page.locator("#unlock").isVisible(), "log out there locks the coach's page too");
	ok(problems.length === 0, "no script or policy errors for the coach", problems.join("\n"));
	await context.close();

	// 6. A reset: a new invitation, a new password; the old one no
	//    longer opens the new build.
	const resetLink = execSync(env.RESET_CMD, { encoding: "utf8" }).trim();
	const old = await payloadOf(probe.page, env.JANE_PAGE);
	r = await registerWith(resetLink, JANE_PW2);
	ok(r.done && !r.openHref, "a new invitation sets a new password",
	    r.said + " " + r.openHref + " " + r.problems.join("\n"));
	ok(await rebuilt(probe.page, env.JANE_PAGE, old, (p) =>
	    p.keys.filter((e) => e.wrapped).length === 2), "her page is rebuilt under new keys");
	({ context, page, problems } = await fresh());
	u = await unlockWith(page, env.JANE_PAGE, JANE_PW);
	ok(!u.opened, "the old password no longer opens it", u.said);
	u = await unlockWith(page, env.JANE_PAGE, JANE_PW2);
	ok(u.opened, "the new one does", u.said);
	await context.close();
	o = await openMyPage("jdoe", JANE_PW);
	ok(!o.opened, "\"Open my page\" no longer finds it with the old password", o.said);
	o = await openMyPage("jdoe", JANE_PW2);
	ok(o.opened && o.h1 === env.JANE_NAME, "and finds it with the new one", o.said);
	({ context, page, problems } = await fresh());
	await page.goto(firstLink);
	await page.waitForFunction(() => document.getElementById("status")?.textContent !== "" ||
	    document.getElementById("unlock") === null, null, { timeout: 60000 }).catch(() => {});
	ok(await page.locator("#unlock").count() === 1 &&
	    /does not open this page/.test(await page.locator("#status").textContent()),
	    "nor does the link from her first invitation");
	await context.close();
	await probe.context.close();
} catch (e) {
	ok(false, "the browser run finished", e.stack);
}
await finish();
