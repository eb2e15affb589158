// restore.mjs - real Chromium on fresh profiles, for tests/t/47-backup.t.
// With REG set: registers PW through the register page at BASE + REG.
// Otherwise: opens PAGE by its magic link LINK, and by the password PW,
// each on a fresh profile, and expects NAME in the page's heading.
// Prints TAP.
import { finish, fresh, ok, statusOf } from "./tap.mjs";

const env = process.env;

// Waits until the form has gone (unlocked), or registering is done, or
// the status line says something other than "busy".
async function settled(page, form) {
	await page.waitForFunction((f) => (f === "unlock" &&
	    document.getElementById("unlock") === null) ||
	    (f === "register" && !document.getElementById("done").hidden) ||
	    (document.getElementById("status").textContent !== "" &&
	    !document.getElementById("status").classList.contains("busy")),
	    form, { timeout: 120000 }).catch(() => {});
}

try {
	if (env.REG) {
		const { context, page, problems } = await fresh();
		await page.goto(env.BASE + env.REG);
		await page.fill("#password", env.PW);
		await page.fill("#again", env.PW);
		await page.click("#register button[type=submit]");
		await settled(page, "register");
		ok(await page.evaluate(() => !document.getElementById("done").hidden),
		    "the invitation sets a password",
		    await statusOf(page) + problems.join("\n"));
		await context.close();
	} else {
		let { context, page, problems } = await fresh();
		await page.goto(env.BASE + env.LINK);
		await settled(page, "unlock");
		ok(await page.evaluate(() => document.getElementById("unlock") === null),
		    "the magic link made before the backup opens the page",
		    await statusOf(page));
		const h1 = await page.evaluate(() =>
		    document.querySelector("h1")?.textContent);
		ok(h1 === env.NAME, "showing the athlete's name", h1);
		ok(problems.length === 0, "no script or policy errors", problems.join("\n"));
		await context.close();

		({ context, page, problems } = await fresh());
		await page.goto(env.BASE + env.PAGE);
		await page.waitForSelector("#unlock");
		await page.fill("#password", env.PW + "-not");
		await page.click("#unlock button[type=submit]");
		await settled(page, "unlock");
		ok(await page.evaluate(() => document.getElementById("unlock") !== null),
		    "a wrong password does not open it");
		await page.fill("#password", env.PW);
		await page.click("#unlock button[type=submit]");
		await settled(page, "unlock");
		ok(await page.evaluate(() => document.getElementById("unlock") === null),
		    "the password set before the backup opens it on a fresh profile",
		    await statusOf(page));
		ok(await page.evaluate(() => document.querySelector("h1")?.textContent)
		    === env.NAME, "showing the athlete's name");
		await context.close();
	}
} catch (e) {
	ok(false, "the browser steps ran", e.stack);
}
await finish();
