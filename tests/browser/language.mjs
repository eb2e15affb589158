// language.mjs - a gated page in its reader's language, in Chromium at
// 390x844: opens BASE + PAGE (a path with its magic link) and prints,
// for tests/t/88-page-language.t, "opened" (true or false), "lang" (the
// page's <html lang>), "h1" (its title), "button" (the label the page's
// scripts give "Download this page's data", from the words they
// import), then
// "problem TEXT" for anything that went wrong in the page (a module
// refused for its integrity among them).
import { PHONE, browser, fresh, opened } from "./tap.mjs";

const env = process.env;
const { context, page, problems } = await fresh(PHONE);
const say = (what, v) => console.log(`${what} ${v}`);
try {
	await page.goto(env.BASE + env.PAGE);
	const open = await opened(page);
	say("opened", open);
	say("lang", await page.evaluate(() => document.documentElement.lang));
	say("h2", await page.locator("article h2").first().textContent());
	const button = page.locator("#mydata");
	await button.first().waitFor({ timeout: 10000 }).catch(() => {});
	say("button", (await button.first().textContent().catch(() => "")).trim());
} catch (e) {
	say("error", e.message.split("\n")[0]);
}
for (const p of problems)
	say("problem", p);
await context.close();
await browser.close();
