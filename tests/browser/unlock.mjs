// unlock.mjs - real Chromium against pages built by cox build and served
// by cox preview.  Prints TAP; run by tests/t/20-browser.t, which builds
// the workspace and passes what to open in the environment:
//   BASE          http://127.0.0.1:PORT/
//   ATHLETE_LINK  a/SLUG/#k=...      (magic link of an athlete page)
//   ATHLETE_NAME  the name that page must show
//   COACH_LINK    coach/#k=...
//   XSS_LINK      a page whose athlete has a hostile name and comment
import { PHONE, finish, fresh, ok, opened, statusOf } from "./tap.mjs";

const env = process.env;

try {
	// 1. The athlete's magic link opens the page, on a phone.
	let { context, page, problems } = await fresh(PHONE);
	await page.goto(env.BASE + env.ATHLETE_LINK);
	ok(await opened(page), "the magic link opens the athlete page",
	    await statusOf(page));
	ok((await page.locator("h1").first().textContent()) === env.ATHLETE_NAME,
	    "the page shows the athlete's name", await page.locator("h1").first().textContent());
	// a browser from before 2023, without DecompressionStream: unlock.js
	// reads the compressed page itself, to the same page
	{
		const old = await fresh(PHONE);
		await old.page.addInitScript(() => { delete window.DecompressionStream; });
		await old.page.goto(env.BASE + env.ATHLETE_LINK);
		const mine = await old.page.evaluate(() => typeof DecompressionStream);
		const both = [await opened(old.page) && await old.page.locator("article").first().innerHTML(),
		    await page.locator("article").first().innerHTML()];
		ok(mine === "undefined" && both[0] && both[0] === both[1] &&
		    both[0].includes("<svg"),
		    "a browser without DecompressionStream opens the same page",
		    `${mine}, ${both[0] && both[0].length} and ${both[1].length} characters`);
		await old.context.close();
	}
	ok(await page.title() === env.ATHLETE_NAME &&
	    await page.locator(".bar .brand").textContent() === env.ATHLETE_NAME,
	    "after opening, the title and the bar name the athlete", await page.title());
	// the reply by text: started in the order the page (and the prompt) give
	const reply = await page.evaluate(() => {
		const a = document.querySelector(".pending a.button[href^='sms:']");
		const order = document.querySelector(".pending strong:last-of-type");
		return a && order ? { href: a.getAttribute("href"),
		    order: document.querySelectorAll(".pending p")[1]
		    .querySelector("strong").textContent } : null;
	});
	const body = reply ? decodeURIComponent(reply.href.split("body=")[1] || "") : "";
	const lines = body.split("\n").filter((l) => l).map((l) => l.replace(/: $/, ""));
	ok(reply && /^sms:\+[0-9]+\?&body=/.test(reply.href) &&
	    lines.join(", ") === reply.order && lines.length > 1,
	    "a Reply by text link to the team's number, started in the order the page gives",
	    JSON.stringify(reply) + " " + JSON.stringify(lines));
	ok(await page.locator(".pending a[href^='sms:']").count() === 2,
	    "and the number itself is a link to text it");
	const dated = await page.evaluate(() => [...document.querySelectorAll(
	    "svg.history text.tick")].some((t) => /^\d{1,2} [A-Z][a-z]{2}$/.test(t.textContent)));
	ok(dated, "history charts carry dates on their time axis");
	ok(await page.locator("details.as-table table").count() > 0,
	    "and every chart has a table beside it");
	const sick = await page.locator(".ill-day").first().textContent().catch(() => "");
	ok(new RegExp("^Sick, \\d{1,2} [A-Z][a-z]{2}: " + env.SICK_NOTE + "$").test(sick),
	    "a sick day shows with its date and note", sick);
	ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 390,
	    "nothing runs off a 390 px wide phone screen",
	    String(await page.evaluate(() => document.documentElement.scrollWidth)));
	ok(await page.locator("#keep").isVisible(),
	    "after opening by link, the page offers to remember it on this device");
	await page.locator("#keep").click();
	ok(await page.evaluate(() => Object.keys(localStorage)
	    .filter((k) => k.startsWith("cox:")).length) > 0, "which keeps its key on the device");
	const bookmark = await context.newPage();
	await bookmark.goto(env.BASE + env.ATHLETE_LINK.replace(/#.*/, ""));
	ok(await opened(bookmark), "so a bookmark of the page opens it there, without the link");
	await bookmark.close();
	ok(!page.url().includes("#k="), "the secret leaves the address bar", page.url());
	ok(await page.locator("svg.chart").count() > 0, "charts are drawn");
	ok(problems.length === 0, "no script or policy errors", problems.join("\n"));

	// 2. Same tab, reload: the key is remembered for the session.
	await page.reload();
	ok(await opened(page), "a reload opens it again without the link");

	// 3. Log out: the form is back and nothing is remembered.
	await page.locator("#logout").click();
	await page.waitForLoadState("load");
	await page.waitForSelector("#unlock");
	const stored = await page.evaluate(() =>
	    Object.keys(sessionStorage).concat(Object.keys(localStorage))
	    .filter((k) => k.startsWith("cox:")).length);
	ok(stored === 0 && await page.locator("#unlock").isVisible(),
	    "log out forgets the key and shows the form", `stored ${stored}`);
	await context.close();

	// 4. Without the key: only the form, no personal data.
	({ context, page, problems } = await fresh());
	await page.goto(env.BASE + env.ATHLETE_LINK.replace(/#.*/, ""));
	await page.waitForTimeout(500);
	const text = await page.locator("body").innerText();
	ok(await page.locator("#unlock").isVisible() &&
	    !text.includes(env.ATHLETE_NAME),
	    "without a key the page shows only the form", text.slice(0, 200));
	ok(await page.title() === "Private page", "and its title names nobody",
	    await page.title());
	await page.fill("#password", "hunter2");
	await page.click("button[type=submit]");
	// libsodium is loaded on this first use: the answer comes after it
	await page.waitForFunction(() =>
	    document.getElementById("status")?.textContent !== "",
	    null, { timeout: 60000 }).catch(() => {});
	ok((await statusOf(page)).length > 0,
	    "a password with no account says what to do, in the page");
	await context.close();

	// 5. A wrong link is refused in the page.
	({ context, page, problems } = await fresh());
	await page.goto(env.BASE + env.ATHLETE_LINK.replace(/#k=.*/,
	    "#k=" + "A".repeat(43)));
	await opened(page);
	ok(/does not open this page/.test(await page.locator("[role=alert]").textContent()),
	    "a wrong link is refused with a message (role=alert)");
	await context.close();

	// 6. The head coach's link opens their own page, which lists every
	//    squad's part of the dashboard; a part opens from it, and
	//    athlete pages from the part, without typing.
	({ context, page, problems } = await fresh({ viewport: { width: 390, height: 844 } }));
	await page.goto(env.BASE + env.COACH_LINK);
	ok(await opened(page) && (await page.title()) === env.COACH_NAME,
	    "the head coach's link opens their own page, titled with their name",
	    await page.title());
	const parts = await page.locator("ul.parts a").allTextContents();
	ok(parts.includes(env.SQUAD) && parts.includes(env.OTHER_SQUAD) &&
	    parts.includes("Team overview"),
	    "which lists the team's and every squad's part", parts.join(", "));
	await page.locator("ul.parts a", { hasText: env.SQUAD }).click();
	await page.waitForLoadState("load");
	ok(await opened(page) &&
	    await page.locator("#matrix table.matrix tbody tr").count() > 0,
	    "a squad's part opens from it, with its ratings matrix");
	const squadPart = new URL(page.url()).pathname;
	ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 390,
	    "the part runs nothing off a 390 px phone screen (the matrix scrolls in its box)",
	    String(await page.evaluate(() => document.documentElement.scrollWidth)));
	ok(await page.locator("#matrix table.matrix tbody th[scope=row]").first()
	    .evaluate((el) => getComputedStyle(el).position) === "sticky",
	    "the athlete's name stays put while the matrix scrolls sideways");
	ok(await page.locator("#roster table.cards td").first()
	    .evaluate((el) => getComputedStyle(el).display) === "grid" &&
	    await page.locator("#roster").evaluate((el) => el.scrollWidth <= el.clientWidth),
	    "the roster is one card per person on a phone, nothing to scroll");
	const rows = (attr) => page.locator("#matrix-rows tr").evaluateAll(
	    (trs, a) => trs.map((tr) => tr.getAttribute(a)), attr);
	await page.getByRole("button", { name: "biggest gap" }).click();
	const gaps = (await rows("data-gaps")).map(Number);
	ok(gaps.length > 1 && gaps.every((g, i) => i === 0 || gaps[i - 1] >= g) &&
	    gaps[0] > gaps[gaps.length - 1],
	    "'biggest gap' puts the largest disagreement first", gaps.join(" "));
	await page.getByRole("button", { name: "longest waiting" }).click();
	const since = (await rows("data-since")).map((d) => d || "9999");
	ok(since.every((d, i) => i === 0 || since[i - 1] <= d) && since[0] !== "9999",
	    "'longest waiting' puts the oldest unanswered first", since.join(" "));
	await page.getByRole("button", { name: "name" }).click();
	const names = await rows("data-name");
	ok(names.every((n, i) => i === 0 || names[i - 1].localeCompare(n) <= 0),
	    "'name' sorts them back by name", names.join(", "));
	ok(/\((today|1 day ago|\d+ days ago)\)/.test(await page.locator("#waiting").textContent()),
	    "'not answered' says how many days each has waited");
	await page.locator("#matrix table.matrix a", { hasText: env.ATHLETE_NAME }).click();
	await page.waitForLoadState("load");
	ok(await opened(page) &&
	    (await page.locator("h1").first().textContent()) === env.ATHLETE_NAME,
	    "an athlete page opens from the dashboard without typing");
	ok(problems.length === 0, "no script or policy errors on the dashboard",
	    problems.join("\n"));
	await context.close();

	// 6b. An assistant coach of the other squad: their page lists their
	//     squad alone; its part names none of the first squad; the
	//     first squad's part does not open for them.
	({ context, page, problems } = await fresh({ viewport: { width: 390, height: 844 } }));
	await page.goto(env.BASE + env.ASSISTANT_LINK);
	await opened(page);
	const mine = await page.locator("ul.parts a").allTextContents();
	ok(mine.length === 1 && mine[0] === env.OTHER_SQUAD,
	    "an assistant coach's page lists their squad only", mine.join(", "));
	await page.locator("ul.parts a").first().click();
	await page.waitForLoadState("load");
	const partText = await opened(page) ? await page.locator("#page").textContent() : "";
	ok(partText.includes(env.OTHER_NAME) && !partText.includes(env.ATHLETE_NAME),
	    "their part shows their athletes and not the other squad's");
	await page.goto(new URL(squadPart, env.BASE).href);
	await page.waitForTimeout(500);
	ok(await page.locator("#unlock").isVisible() &&
	    !(await page.locator("#page").textContent()).includes(env.ATHLETE_NAME),
	    "the other squad's part asks them for a password and shows nothing");
	await context.close();

	// 7. Hostile text renders as text.
	({ context, page, problems } = await fresh());
	await page.goto(env.BASE + env.XSS_LINK);
	ok(await opened(page), "the page with hostile text opens");
	const xss = await page.evaluate(() => window.__xss);
	const h1 = await page.locator("h1").first().textContent();
	ok(xss === undefined && h1.includes("<img"),
	    "markup in names and comments shows as text and never runs",
	    `__xss=${xss} h1=${h1}`);
	ok(await page.locator("article img, article script").count() === 0,
	    "no element was injected");
	await context.close();
} catch (e) {
	ok(false, "the browser run finished", e.stack);
}
await finish();
