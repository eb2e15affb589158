// concept2.mjs - an athlete's "erg link" followed in a phone's browser:
// the short link from her text, the Logbook's authorisation page (the
// tests' fake, tests/concept2-server.py), her answer on it, and the
// page cox sms serve shows her when the Logbook sends her back.
// Prints TAP; run by tests/t/18-concept2.t with LINK (the link as
// texted), DECISION (Allow or Deny, the button she presses), CALLBACK
// (the address the Logbook must send her back to), LANG and SAYS (the
// language and the start of the sentence her page must have).
import { PHONE, finish, fresh, note, ok } from "./tap.mjs";

const env = process.env;
const { context, page, problems } = await fresh(PHONE);
// neither server has an icon: the browser's asking is not the page's error
await context.route("**/favicon.ico", (r) => r.fulfill({ status: 204 }));
try {
	await page.goto(env.LINK);
	// the Logbook's page, reached through cox's redirect
	const button = page.getByRole("button", { name: env.DECISION });
	await button.waitFor();
	ok(new URL(page.url()).pathname === "/oauth/authorize",
	    "the texted link opens the Logbook's authorisation page", page.url());
	await Promise.all([
		page.waitForURL((u) => u.href.startsWith(env.CALLBACK)),
		button.click(),
	]);
	const back = new URL(page.url());
	note(`back at ${back.pathname} with ${[...back.searchParams.keys()].join(", ")}`);
	ok(back.searchParams.has(env.DECISION === "Allow" ? "code" : "error"),
	    `${env.DECISION} sends her back to cox's callback`, page.url());
	const seen = await page.evaluate(() => ({
		lang: document.documentElement.lang,
		text: document.body.innerText.trim(),
		wide: document.documentElement.scrollWidth > window.innerWidth,
	}));
	note(`she reads: ${seen.text}`);
	ok(seen.lang === env.LANG && seen.text.startsWith(env.SAYS),
	    `the page she sees says, in her language (${env.LANG}), "${env.SAYS}..."`,
	    `lang="${seen.lang}": ${seen.text}`);
	ok(!seen.wide, "and fits the phone's screen");
	ok(problems.length === 0, "no script errors", problems.join("\n"));
} catch (e) {
	ok(false, `erg link followed in the browser (${env.DECISION})`, e.message);
}
await context.close();
await finish();
