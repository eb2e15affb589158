// axe.mjs - axe-core (pinned in package.json) on the pages people see,
// at a phone's size: no serious or critical accessibility violation.
// Prints TAP; run by tests/t/53-a11y.t with BASE and PAGES, a JSON list
// of {name, path, opens}: opens says the page is gated and the path's
// magic link opens it first.  Policies are bypassed only so axe's own
// script can be put in the page.
import { createRequire } from "node:module";
import { PHONE, finish, fresh, ok } from "./tap.mjs";

const axe = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const env = process.env;

for (const p of JSON.parse(env.PAGES)) {
	const { context, page } = await fresh({ ...PHONE, bypassCSP: true });
	try {
		await page.goto(env.BASE + p.path);
		if (p.opens)
			await page.waitForFunction(() =>
			    document.getElementById("unlock") === null, null,
			    { timeout: 60000 });
		else
			await page.waitForLoadState("load");
		await page.addScriptTag({ path: axe });
		const found = await page.evaluate(async () => {
			const r = await window.axe.run(document, { resultTypes: ["violations"] });
			return r.violations.map((v) => ({ id: v.id, impact: v.impact,
			    help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
		});
		const bad = found.filter((v) => v.impact === "serious" || v.impact === "critical");
		ok(bad.length === 0, `${p.name}: no serious or critical violation (axe-core)`,
		    bad.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.join(", ")}`).join("\n"));
		const minor = found.filter((v) => !bad.includes(v));
		if (minor.length)
			console.log(`# ${p.name}: ${minor.map((v) => `${v.impact} ${v.id}`).join(", ")}`);
	} catch (e) {
		ok(false, `${p.name}: axe-core ran`, e.message);
	}
	await context.close();
}
await finish();
