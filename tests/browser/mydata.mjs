// mydata.mjs - "Download this page's data" in real Chromium on a
// phone's screen: opens BASE + ATHLETE_LINK, clicks the button, saves
// the file it makes as OUT (for tests/t/90-mydata-page.t to check
// against the database), and checks it against what the page shows:
// every round of every metric's table, every wellness row, nothing
// asked of the network.  Then opens the page as her coach does, from
// the squad's part at BASE + COACH_PART, and reads the button there.
// Prints TAP.
import { PHONE, finish, fresh, ok, opened, statusOf } from "./tap.mjs";
import { readFile, writeFile } from "node:fs/promises";

const env = process.env;
// The one label for every reader of the page (lib/words/en.txt)
const LABEL = "Download this page's data";

try {
	const { context, page, problems } = await fresh({ ...PHONE,
	    acceptDownloads: true });
	await page.goto(env.BASE + env.ATHLETE_LINK);
	ok(await opened(page), "the magic link opens the athlete page",
	    await statusOf(page));
	const button = page.locator("#mydata");
	await button.waitFor({ state: "visible", timeout: 30000 }).catch(() => {});
	ok(await button.isVisible() && (await button.textContent()) === LABEL,
	    `the opened page offers "${LABEL}"`,
	    await button.textContent().catch((e) => e.message));
	const asked = [];
	page.on("request", (r) => asked.push(r.url()));
	const [download] = await Promise.all([page.waitForEvent("download"),
	    button.click()]);
	const name = download.suggestedFilename();
	const text = await readFile(await download.path(), "utf8");
	await writeFile(env.OUT, text);
	ok(new RegExp("^coxswain-" + env.SLUG + "-\\d{4}-\\d{2}-\\d{2}\\.json$")
	    .test(name), "the file is named coxswain-SLUG-DAY.json", name);
	ok(asked.filter((u) => !u.startsWith("blob:")).length === 0,
	    "making it asked nothing of any server", asked.join(" "));
	const data = JSON.parse(text);
	ok(data.name === env.ATHLETE_NAME, "it is the athlete's", data.name);

	// what the page's tables show, read here apart from mydata.js
	const shown = await page.evaluate(() => {
		const cells = (tr) => [...tr.querySelectorAll("td")]
		    .map((td) => td.textContent.trim());
		return {
			rounds: [...document.querySelectorAll("section.metric")]
			    .flatMap((s) => [...s.querySelectorAll("details.as-table tbody tr")]
			    .map((tr) => [s.id.slice(2), tr.dataset.day, ...cells(tr)])),
			wellness: [...document.querySelectorAll(
			    "section[aria-labelledby='well-h'] tbody tr")]
			    .map((tr) => [tr.dataset.day, ...cells(tr)]),
		};
	});
	const str = (v) => v === null ? "" : String(v);
	const saved = data.metrics.flatMap((m) => m.rounds.map((r) =>
	    [m.metric, r.day, str(r.coach), ...("guess" in r ? [str(r.guess)] : []),
	    str(r.self), str(r.note)].join("|")));
	const missing = shown.rounds.map((r) => r.join("|"))
	    .filter((r) => !saved.includes(r));
	ok(shown.rounds.length > 0 && missing.length === 0 &&
	    saved.length === shown.rounds.length,
	    `every round of the page's ${shown.rounds.length} in the metrics' tables is in the file, and no other`,
	    "missing: " + missing.join("; ") + " saved: " + saved.length);
	const well = data.wellness.map((w) => [w.day, str(w.sleep), str(w.stress),
	    str(w.fatigue), str(w.soreness)].join("|"));
	ok(shown.wellness.length > 0 && shown.wellness.every((w) =>
	    well.includes(w.join("|"))) && well.length === shown.wellness.length,
	    `every wellness row of the page's ${shown.wellness.length} is in the file`,
	    JSON.stringify(shown.wellness) + " " + JSON.stringify(well));
	ok(problems.length === 0, "no script error on the page", problems.join("\n"));
	await context.close();

	// Her coach opens the same page from the squad's part: one
	// plaintext for both, so its button speaks for neither of them.
	const coach = await fresh(PHONE);
	await coach.page.goto(env.BASE + env.COACH_PART);
	ok(await opened(coach.page), "the coach's squad part opens",
	    await statusOf(coach.page));
	await Promise.all([coach.page.waitForURL(/\/a\/[A-Za-z0-9_-]+\/$/),
	    coach.page.locator("#matrix-rows a", { hasText: env.ATHLETE_NAME })
	    .first().click()]);
	ok(await opened(coach.page), "and from it, the athlete's page",
	    await statusOf(coach.page));
	const theirs = coach.page.locator("#mydata");
	await theirs.waitFor({ state: "visible", timeout: 30000 }).catch(() => {});
	const label = await theirs.textContent().catch((e) => e.message);
	ok(label === LABEL && !/\bmy\b/i.test(label),
	    "opened by her coach, the button does not speak as the athlete",
	    label);
	await coach.context.close();
} catch (e) {
	ok(false, "the browser test ran to its end", e.stack);
}
await finish();
