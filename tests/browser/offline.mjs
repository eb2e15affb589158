// offline.mjs - a site for phones, in real Chromium against pages built
// by cox build and served by cox preview.  Prints TAP; run by
// tests/t/77-offline.t, which passes in the environment:
//   BASE          http://127.0.0.1:PORT/
//   PREVIEW_PID   the cox preview serving it (stopped here: offline)
//   ATHLETE_LINK  a/SLUG/#k=...      (magic link of an athlete page)
//   ATHLETE_NAME  the name that page shows
//   NOJS          what a gated page says with JavaScript off
import { PHONE, browser, finish, fresh, ok, opened, statusOf } from "./tap.mjs";

const env = process.env;
const sodium = (url) => /sodium/.test(url);

// The URLs page asks for while it loads url and settles.
async function requests(page, url) {
	const urls = [];
	page.on("request", (r) => urls.push(r.url()));
	await page.goto(url, { waitUntil: "networkidle" });
	return urls;
}

// Whether the service worker keeps this page's shell (and what it
// keeps of it: the host's bytes).
function kept(page) {
	return page.evaluate(async () => {
		for (const name of await caches.keys()) {
			const hit = name.endsWith(" pages") &&
			    await (await caches.open(name)).match(location.href);
			if (hit)
				return await hit.text();
		}
		return null;
	});
}

// Whether the host still answers.
async function up() {
	return fetch(env.BASE, { signal: AbortSignal.timeout(2000) })
	    .then(() => true, () => false);
}

try {
	// 1. The home page, and a page not yet opened: no libsodium.
	let { context, page } = await fresh(PHONE);
	let urls = await requests(page, env.BASE + "index.html");
	ok(urls.length > 1 && !urls.some(sodium) &&
	    await page.locator("#open-page").isVisible(),
	    "the home page shows its form and downloads no libsodium", urls.join(" "));
	urls = await requests(page, env.BASE + env.ATHLETE_LINK.replace(/#.*/, ""));
	ok(!urls.some(sodium) && await page.locator("#unlock").isVisible(),
	    "nor does a gated page before the reader asks to open it", urls.join(" "));
	await context.close();

	// 2. Opened once by its link, then again with the host gone.
	let problems;
	({ context, page, problems } = await fresh(PHONE));
	const asked = [];
	page.on("request", (r) => asked.push(r.url()));
	await page.goto(env.BASE + env.ATHLETE_LINK);
	ok(await opened(page), "the magic link opens the page", await statusOf(page));
	ok(asked.some(sodium) && !asked.some((u) => /pako/.test(u)),
	    "a browser that inflates pages itself does not download pako's inflater",
	    asked.join(" "));
	let shell = null;
	for (let i = 0; i < 600 && shell === null; i++) {
		await new Promise((r) => setTimeout(r, 100));
		shell = await kept(page);
	}
	ok(shell !== null && shell.includes('id="payload"') &&
	    !shell.includes(env.ATHLETE_NAME),
	    "the service worker keeps the page as the host serves it, ciphertext only",
	    String(shell).slice(0, 200));
	process.kill(Number(env.PREVIEW_PID), "SIGTERM");
	for (let i = 0; i < 100 && await up(); i++)
		await new Promise((r) => setTimeout(r, 100));
	ok(!await up(), "the host is gone");
	await page.reload();
	ok(await opened(page) &&
	    (await page.locator("h1").first().textContent()) === env.ATHLETE_NAME,
	    "the page opens again offline", await statusOf(page));
	ok(await page.locator("section.metric .scores dd").count() > 0 &&
	    await page.locator("section.metric svg.chart").count() > 0,
	    "with its ratings and charts (its pieces kept too)");
	ok(problems.length === 0, "and nothing went wrong in the page",
	    problems.join("\n"));

	// 3. Printed: details open, controls gone, a metric on one sheet.
	await page.emulateMedia({ media: "print" });
	// A4's width less the margins (style.css: 14 mm each side), at 96 px
	// to the inch; its height less 16 mm above and below
	const mm = 96 / 25.4, sheet = (297 - 32) * mm, letter = (279.4 - 32) * mm;
	await page.setViewportSize({ width: Math.floor((210 - 28) * mm), height: 1000 });
	const print = await page.evaluate(() => {
		const shown = (el) => el.checkVisibility();
		const metrics = [...document.querySelectorAll("section.metric")];
		return {
			heights: metrics.map((m) => m.getBoundingClientRect().height),
			together: metrics.every((m) =>
			    getComputedStyle(m).breakInside === "avoid"),
			tables: metrics.every((m) => [...m.querySelectorAll(
			    "details table")].every(shown)),
			controls: [...document.querySelectorAll(
			    ".bar, .pending, button, a.button")].filter(shown).length,
			others: document.querySelectorAll(
			    "article section:not(.metric)").length,
			season: [...document.querySelectorAll(
			    "#season .keep-together")].map((t) => ({
				together: getComputedStyle(t).breakInside ===
				    "avoid",
				height: t.getBoundingClientRect().height })),
			margins: document.adoptedStyleSheets.map((s) =>
			    [...s.cssRules].map((r) => r.cssText).join("")).join(""),
		};
	});
	ok(print.heights.length > 0 && print.together &&
	    print.heights.every((h) => h > 0 && h < sheet),
	    "printed, each metric is kept on one A4 sheet",
	    JSON.stringify(print.heights) + " < " + sheet);
	ok(print.tables, "with its tables out of their <details>");
	ok(print.controls === 0, "and no controls: bar, texting, buttons",
	    String(print.controls));
	ok(print.margins.includes(env.ATHLETE_NAME) &&
	    /Last updated \d{1,2} [A-Z][a-z]{2} \d{4}/.test(print.margins) &&
	    /\d{1,2} [A-Z][a-z]{2} \d{4} to \d{1,2} [A-Z][a-z]{2} \d{4}/
	    .test(print.margins),
	    "every sheet's margins name the page, the period and the day it was built",
	    print.margins);
	ok(print.season.length === 2 && print.season.every((t) => t.together &&
	    t.height > 0 && t.height < letter),
	    "the season's two tables are each kept on one sheet, A4 or Letter",
	    JSON.stringify(print.season));
	for (const format of ["A4", "Letter"]) {
		const pdf = await page.pdf({ format });
		const sheets = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
		// a sheet at most for each metric and each other section
		ok(sheets >= 1 && sheets <= print.heights.length + print.others,
		    "it prints to a PDF, " + format, String(sheets) + " sheets, " +
		    print.heights.length + " metrics and " + print.others +
		    " other sections");
	}
	await context.close();

	// 4. JavaScript off: said plainly, no form that cannot work.
	context = await browser.newContext({ javaScriptEnabled: false });
	page = await context.newPage();
	// the host is gone: the file itself, as the host served it
	await page.route("**/*", (r) => r.fulfill({ body: shell,
	    contentType: "text/html; charset=utf-8" }));
	await page.goto(env.BASE + env.ATHLETE_LINK);
	const said = await page.locator("main").innerText();
	ok(said.trim() === env.NOJS && !await page.locator("#unlock").isVisible(),
	    "with JavaScript off a gated page says so instead of showing its form",
	    said + "\n" + env.NOJS);
	await context.close();
} catch (err) {
	ok(false, "the browser test ran to its end", err.stack);
}
await finish();
