// tap.mjs - what the Chromium tests share: TAP output and fresh
// browser profiles.
import { createRequire } from "node:module";

// playwright-core by require: imported as a module, node first scans its
// CommonJS bundle for the names it exports, a third of the 0.6 s of
// processor time that loading it takes, in every browser test.
const { chromium } = createRequire(import.meta.url)("playwright-core");

// TAP_FROM: how many tests the calling script printed before these
let n = Number(process.env.TAP_FROM || 0), failed = 0;
const results = [];

export function ok(cond, name, detail) {
	n++;
	if (!cond)
		failed++;
	results.push(`${cond ? "ok" : "not ok"} ${n} - ${name}` +
	    (cond || !detail ? "" : `\n#   ${String(detail).split("\n").join("\n#   ")}`));
}

export function note(text) {
	results.push("# " + text);
}

export const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
	args: ["--no-sandbox", "--disable-gpu", "--disable-quic",
	    "--no-first-run", "--disable-background-networking",
	    "--disable-component-update", "--disable-sync"],
});

// A fresh profile each time: nothing carried over between contexts.
// options go to newContext (a phone's viewport, say).
// Waits are on conditions, with limits generous enough for a machine
// busy with other work (Argon2id at 64 MiB is slow there).
export async function fresh(options) {
	const context = await browser.newContext(options);
	context.setDefaultTimeout(120000);
	const page = await context.newPage();
	const problems = [];
	page.on("pageerror", (e) => problems.push("pageerror: " + e.message));
	page.on("console", (m) => {
		if (m.type() === "error")
			problems.push("console: " + m.text());
	});
	return { context, page, problems };
}

// What the page's status line says now, "" when it has none (an opened
// page has dropped it): never waits, as a locator would, 30 s for it.
export function statusOf(page) {
	return page.evaluate(() => document.getElementById("status")?.textContent ?? "");
}

// Whether page opened (its form gone), once it did or said why not.
export async function opened(page) {
	await page.waitForFunction(() =>
	    document.getElementById("unlock") === null ||
	    document.getElementById("status")?.textContent !== "",
	    null, { timeout: 60000 }).catch(() => {});
	return page.evaluate(() => document.getElementById("unlock") === null);
}

// A phone's screen, as the athlete on a bus has it.
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true,
	hasTouch: true, deviceScaleFactor: 3 };

// Closes the browser, prints the plan and results, exits 1 on failure.
export async function finish() {
	await browser.close();
	// after a calling script's own, the plan comes last
	if (!process.env.TAP_FROM)
		console.log(`1..${n}`);
	console.log(results.join("\n"));
	if (process.env.TAP_FROM)
		console.log(`1..${n}`);
	process.exit(failed ? 1 : 0);
}
