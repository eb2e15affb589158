// phone.mjs - a part of the dashboard (or a coach's own page) on a
// phone's screen, as a coach at the side of the river has it: how tall
// it is in screens before anything is expanded, its actions, and that
// nothing on it, nor a table's column, is wider than the screen; with
// ATHLETE set, an athlete's page, which has no actions.
// Prints TAP; run by tests/t/65-phone.t with BASE, PAGE (a path with
// its magic link), ADDRESS (the team's), MAX_SCREENS, and optionally
// SHOT (PNGs of it, one a screen) and LINKS (a folder: each action
// link's subject and body, decoded, in N.subject and N.body, for the
// test to send back as email); HEALTH, ids of sections whose table
// must fit the screen as it is (the part's episodes and prevalence).
// Then, printed on A4, that nothing is cut at the sheet's edges.
import { mkdirSync, writeFileSync } from "node:fs";
import { PHONE, finish, fresh, note, ok } from "./tap.mjs";

const env = process.env;
const { context, page, problems } = await fresh(PHONE);
try {
	await page.goto(env.BASE + env.PAGE);
	await page.waitForFunction(() => document.getElementById("unlock") === null,
	    null, { timeout: 60000 });
	const screens = await page.evaluate(() =>
	    document.documentElement.scrollHeight / window.innerHeight);
	note(`${env.PAGE.replace(/#.*/, "")}: ${screens.toFixed(2)} screens of 844 px`);
	ok(screens <= Number(env.MAX_SCREENS),
	    `the page is at most ${env.MAX_SCREENS} screens tall at 390x844`,
	    `${screens.toFixed(2)} screens`);
	// SHOT-1.png, SHOT-2.png...: one a screen, to look at
	for (let i = 0; env.SHOT && i < Math.ceil(screens); i++)
		await page.screenshot({ path: `${env.SHOT}-${i + 1}.png`, fullPage: true,
		    scale: "css", clip: { x: 0, y: i * 844, width: 390, height: 844 } });
	const seen = await page.evaluate(() => {
		// the text a person reads, outside small print and folds
		const shell = [];
		const walk = document.createTreeWalker(document.querySelector("main") ??
		    document.body, NodeFilter.SHOW_TEXT);
		for (let n; (n = walk.nextNode());)
			if (/\bcox (sms|inbox|roster|invite|remind|mail)\b/.test(n.data) &&
			    n.parentElement.closest("small") === null)
				shell.push(n.data.trim());
		// past the screen's edge with everything opened, and in no
		// box that scrolls sideways: the screen's, for a phone widens
		// the page (innerWidth) to hold what is wider, and shrinks it
		for (const d of document.querySelectorAll("main details"))
			d.open = true;
		const scrolls = (e) => {
			for (let p = e.parentElement; p !== null; p = p.parentElement)
				if (/auto|scroll/.test(getComputedStyle(p).overflowX))
					return true;
			return false;
		};
		const wide = [...document.querySelectorAll("body *")].filter((e) =>
		    e.getBoundingClientRect().right > screen.width + 1 &&
		    !scrolls(e)).map((e) => e.tagName + "." + e.className);
		if (window.innerWidth > screen.width)	// text past its box too
			wide.unshift(`the page, widened to ${window.innerWidth} px`);
		// a column wider than the screen, even in a box that scrolls,
		// cannot be read whole without scrolling along each line
		const cells = [...document.querySelectorAll("main td, main th")]
		    .filter((e) => e.getBoundingClientRect().width > screen.width)
		    .map((e) => `${e.tagName} of ${Math.round(e.getBoundingClientRect().width)} px: ` +
			e.textContent.trim().slice(0, 60));
		const links = [...document.querySelectorAll('a[href^="mailto:"]')]
		    .filter((a) => a.href.includes("subject=cox"))
		    .map((a) => ({ text: a.textContent.trim(), href: a.href }));
		return { shell, wide, cells, links };
	});
	// a name that opens an entry is followed by its words, with no gap
	// an action link's thumb room would leave
	const gaps = await page.evaluate(() => [...document.querySelectorAll(
	    "#act li > a:first-child")].filter((a) =>
	    parseFloat(getComputedStyle(a).marginRight) > 0).map((a) => a.textContent));
	ok(gaps.length === 0, "a name opening an entry to act on is not spaced off its words",
	    gaps.join(", "));
	ok(seen.shell.length === 0, "no shell command outside small print",
	    seen.shell.join("\n"));
	ok(seen.wide.length === 0, "nothing is wider than the screen",
	    seen.wide.slice(0, 5).join("\n"));
	ok(seen.cells.length === 0, "no table's column is wider than the screen",
	    seen.cells.slice(0, 5).join("\n"));
	// an athlete answers by text: their page has no actions
	if (!env.ATHLETE) {
		ok(seen.links.length > 0, "its actions are mailto: links");
		const out = seen.links.map((l) => {
			const u = new URL(l.href);
			return { text: l.text, to: decodeURIComponent(u.pathname),
			    subject: u.searchParams.get("subject") ?? "",
			    body: (u.searchParams.get("body") ?? "").replace(/\r\n/g, "\n") };
		});
		const bad = out.filter((l) => !l.subject.startsWith("cox: ") ||
		    l.body === "" || l.to !== env.ADDRESS);
		ok(bad.length === 0, `each is to ${env.ADDRESS}, its subject "cox: ..." and a body`,
		    bad.map((l) => JSON.stringify(l)).join("\n"));
		if (env.LINKS) {
			mkdirSync(env.LINKS, { recursive: true });
			out.forEach((l, i) => {
				writeFileSync(`${env.LINKS}/${i + 1}.subject`, l.subject);
				writeFileSync(`${env.LINKS}/${i + 1}.body`, l.body);
			});
		}
	}
	// HEALTH: the injured and ill and the weeks' prevalence, read on
	// the screen as they are, with nothing to scroll sideways for
	if (env.HEALTH) {
		const boxes = await page.evaluate((ids) => ids.split(" ").map((id) => {
			const s = document.getElementById(id);
			const t = s?.querySelector("table");
			const box = t?.closest(".scroll") ?? t;
			return { id, there: t != null, width: t ? t.getBoundingClientRect().width : 0,
			    room: box ? box.clientWidth : 0,
			    right: s ? s.getBoundingClientRect().right : 0,
			    // each row's date a <time>, on one line: broken over two, it reads as two things
			    broken: t ? [...t.querySelectorAll("tbody tr")].filter((tr) => {
				const e = tr.querySelector("time");
				return e === null || e.getClientRects().length > 1;
			    }).length : 0 };
		}), env.HEALTH);
		for (const b of boxes)
			ok(b.there && b.width <= b.room + 1 && b.right <= 390 && b.broken === 0,
			    `#${b.id}: its table fits 390 px, no sideways scroll, each date on one line`,
			    JSON.stringify(b));
	}
	// Printed on A4: each section's tables and charts inside the sheet's
	// width (210 mm less 14 mm each side, at 96 px to the inch), none
	// cut at either edge, and no row header pushed off the paper.
	await page.emulateMedia({ media: "print" });
	await page.setViewportSize({ width: Math.floor((210 - 28) * 96 / 25.4), height: 1000 });
	const cut = await page.evaluate(() => {
		const w = document.documentElement.clientWidth;
		return [...document.querySelectorAll("main section")].filter((s) =>
		    s.checkVisibility()).flatMap((s) => [...s.querySelectorAll(
		    "table, svg.chart, th[scope=row]")].filter((e) => e.checkVisibility())
		    .map((e) => ({ e, r: e.getBoundingClientRect() }))
		    .filter(({ r }) => r.width > 0 && (r.left < -1 || r.right > w + 1))
		    .map(({ e, r }) => `#${s.id || s.className} ${e.tagName}` +
			` ${Math.round(r.left)}..${Math.round(r.right)} of ${w}`));
	});
	ok(cut.length === 0, "printed on A4, no table, chart or row name is cut at the sheet's edges",
	    [...new Set(cut)].slice(0, 6).join("\n"));
	ok(problems.length === 0, "no script errors", problems.join("\n"));
} catch (e) {
	ok(false, "the page opens on a phone", e.message);
}
await context.close();
await finish();
