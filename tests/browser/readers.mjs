// readers.mjs - the end of a gated page on a phone's screen: opens
// BASE + PAGE (a path with its magic link) in Chromium at 390x844 and
// prints what "Who can open this page" shows, for tests/t/74-readers.t
// to check: "opened", "visible" (on screen once scrolled to), "last"
// (the page's last section), "fits" (nothing runs off the screen's
// width), each true or false, then "item TEXT" for each line it lists.
import { PHONE, browser, fresh, opened } from "./tap.mjs";

const env = process.env;
const { context, page, problems } = await fresh(PHONE);
const say = (what, v) => console.log(`${what} ${v}`);
try {
	await page.goto(env.BASE + env.PAGE);
	const open = await opened(page);
	say("opened", open && problems.length === 0);
	const section = page.locator("section.readers");
	await section.scrollIntoViewIfNeeded();
	say("visible", await section.isVisible() && await section.evaluate((s) => {
		const r = s.getBoundingClientRect();
		return r.top < window.innerHeight && r.bottom > 0 && r.height > 0;
	}));
	say("last", await page.evaluate(() => [...document.querySelectorAll(
	    "article section")].pop()?.classList.contains("readers") === true));
	say("fits", await page.evaluate(() =>
	    document.documentElement.scrollWidth <= window.innerWidth));
	for (const text of await section.locator("li").allTextContents())
		say("item", text);
} catch (e) {
	say("error", e.message.split("\n")[0]);
}
for (const p of problems)
	say("problem", p);
await context.close();
await browser.close();
