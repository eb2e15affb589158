// mydata.js - "Download this page's data" on an opened athlete page,
// the athlete's or their coach's: a JSON file of what the page shows,
// made here from the page itself (its tables, whose rows carry their
// day as data-day), so nothing is asked of any server and the file
// holds what the reader may see, no more: a coach score still hidden
// is not in the page, so not in the file.
// unlock.js imports it once an athlete page is open.

import { load } from "./lazy.js";

// A cell's text as the file keeps it: a whole number as a number, an
// empty cell as null, the rest as the words shown.
function value(cell) {
	const text = cell ? cell.textContent.trim() : "";
	if (text === "")
		return null;
	return /^-?[0-9]+$/.test(text) ? Number(text) : text;
}

// The rows of the tables under root, each as an object of keys, in
// the order of the row's cells after its heading (the day in words).
function rows(root, keys) {
	if (!root)
		return [];
	return [...root.querySelectorAll("tbody>tr[data-day]")].map((tr) => {
		const cells = [...tr.querySelectorAll("td")];
		const row = { day: tr.dataset.day };
		if (tr.dataset.slot !== undefined)
			row.slot = tr.dataset.slot || null;	// am, pm
		row.shown_as = value(tr.querySelector("th"));
		keys(cells.length).forEach((k, i) => {
			row[k] = value(cells[i]);
		});
		return row;
	});
}

// Each metric's section: its latest scores as the page words them,
// every round of its table, and the coach's comments it shows.
function metrics(article) {
	return [...article.querySelectorAll("section.metric[id^='m-']")].map((s) => ({
		metric: s.id.slice(2),
		name: s.querySelector("h2")?.firstChild?.textContent.trim() ?? "",
		scale: s.querySelector("h2 .muted")?.textContent.trim()
		    .replace(/^\(|\)$/g, "") ?? "",
		latest: Object.fromEntries([...s.querySelectorAll("dl.scores>div")]
		    .map((d) => [d.querySelector("dt").textContent.trim(),
		    value(d.querySelector("dd"))])),
		rounds: rows(s.querySelector("details.as-table"), (n) =>
		    n >= 4 ? ["coach", "guess", "self", "note"] :
		    ["coach", "self", "note"]),
		comments: [...s.querySelectorAll("blockquote.comment")].map((q) => ({
			by: q.querySelector(".muted")?.textContent.trim() ?? "",
			text: [...q.children].filter((c) => !c.matches(".muted"))
			    .map((c) => c.textContent.trim()).join("\n"),
		})),
	}));
}

// The section of the page a heading id names, or null.
function section(article, heading) {
	return article.querySelector("section[aria-labelledby='" + heading + "']");
}

// What the page shows, as one object.
export function pageData(article, now = new Date()) {
	const well = section(article, "well-h");
	return {
		coxswain: "page data",
		saved_at: now.toISOString(),
		name: article.querySelector("h1")?.textContent.trim() ?? "",
		team: article.querySelector("h1 + .muted")?.textContent.trim() ?? "",
		updated: article.querySelector(".updated")?.textContent.trim() ?? "",
		metrics: metrics(article),
		wellness: rows(well, () => ["sleep", "stress", "fatigue",
		    "soreness"]),
		sick_or_injured: well ? [...well.querySelectorAll("p.ill-day[data-day]")]
		    .map((p) => ({ day: p.dataset.day, text: p.textContent.trim() })) : [],
		load_weeks: rows(section(article, "load-h"), () => ["load",
		    "change", "usual_week"]),
		plan: rows(section(article, "plan-h"), () => ["minutes",
		    "planned", "felt", "what"]),
	};
}

// The file's name: coxswain-SLUG-YYYY-MM-DD.json, SLUG the page's.
function fileName(path, now) {
	const slug = (path.match(/a\/([A-Za-z0-9_-]+)\/?$/) || [])[1] || "page";
	return "coxswain-" + slug + "-" + now.toISOString().slice(0, 10) + ".json";
}

// Puts the button under the athlete page in article, for the page at
// path ("a/SLUG/"); a click saves the file.
export async function offer(article, path) {
	const { t } = await load();
	const p = document.createElement("p");
	p.className = "mydata";
	const button = document.createElement("button");
	button.type = "button";
	button.id = "mydata";
	button.textContent = t("js.mydata_button");
	const how = document.createElement("span");
	how.className = "muted";
	how.textContent = " " + t("js.mydata_how");
	p.append(button, how);
	const updated = article.querySelector(".updated");
	if (updated)
		updated.before(p);
	else
		article.append(p);
	button.addEventListener("click", () => {
		const now = new Date();
		const blob = new Blob([JSON.stringify(pageData(article, now),
		    null, 1) + "\n"], { type: "application/json" });
		const a = document.createElement("a");
		a.href = URL.createObjectURL(blob);
		a.download = fileName(path, now);
		document.body.append(a);
		a.click();
		a.remove();
		setTimeout(() => URL.revokeObjectURL(a.href), 10000);
	});
}
