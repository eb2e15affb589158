# "Download this page's data" on an opened athlete page, in real
# Chromium at 390x844, as the athlete and as her coach find it: the
# file is made in the browser from what the page shows
# (tests/browser/mydata.mjs checks it against the page's tables and
# that nothing was asked of a server); here it is checked against the
# database: the athlete's check-ins of the page's 28 days, her coach's
# notes the page shows, a coach score she may not see yet left out, and
# nothing of another athlete.
. "$(dirname "$0")/lib.sh"

need_browser

W=$T/ws
db=$W/cox.db
demo_workspace "$W"
jane=$(sql "$db" "SELECT id FROM person WHERE handle = 'jdoe'")
# A coach score Jane has not answered yet, with its note: blind
sql "$db" "INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at)
	SELECT $jane, id, 'coach', 2, 'NOT-YET-FOR-JANE', date('now'), strftime('%s','now')
	FROM metric ORDER BY id LIMIT 1"
"$COX" -C "$W" build >/dev/null || { echo "Bail out! cox build failed"; exit 1; }
preview_start "$W"
link=$("$COX" -C "$W" link --base "$PREVIEW_URL" @jdoe | cut -f2 | sed "s|^$PREVIEW_URL||")
slug=$(sql "$db" "SELECT slug FROM person WHERE id = $jane")

part=$(part_link "$W" @acarter "Senior Men")

OUT=$T/download.json
(cd "$COX_DATADIR/tests/browser" && BASE=$PREVIEW_URL ATHLETE_LINK=$link SLUG=$slug \
	ATHLETE_NAME="Jane Doe" COACH_PART=$part OUT=$OUT TAP_FROM=0 node mydata.mjs) >"$T/tap" 2>&1
browser_rc=$?
grep -v '^1\.\.' "$T/tap"
tap_n=$(grep -c '^\(not \)\?ok ' "$T/tap")
[ "$browser_rc" = 0 ] || tap_failed=1

# the check-ins of the page's 28 days, as the database holds them
wellness() { sql "$db" "SELECT day || '|' || sleep || '|' || stress || '|' || fatigue || '|' || soreness
	FROM wellness WHERE athlete_id = $jane AND sleep IS NOT NULL AND day > date('now', '-28 days') ORDER BY day"; }
saved() { /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for w in sorted(d["wellness"], key=lambda w: w["day"]):
    print("|".join(str(w[k]) for k in ("day", "sleep", "stress", "fatigue", "soreness")))' "$OUT"; }
is "$(saved)" "$(wellness)" "the file's check-ins are hers in the database, day by day"
like "$(wellness | wc -l)" "^[1-9]" "and she has some"
is "$(/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(all({"sleep", "stress", "fatigue", "soreness"} <= set(w) and "total" not in w
    for w in d["wellness"]))' "$OUT")" True \
	"each check-in item by item, with no total of the four"
notes=$(sql "$db" "SELECT count(*) FROM rating WHERE athlete_id = $jane AND source = 'coach' AND comment != ''
	AND comment != 'NOT-YET-FOR-JANE'")
is "$(/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(len({r["note"] for m in d["metrics"] for r in m["rounds"] if r.get("note")} |
    {c["text"] for m in d["metrics"] for c in m["comments"]}) > 0)' "$OUT")" True \
	"her coach's notes the page shows are in it ($notes in the database)"
unlike "$(cat "$OUT")" "NOT-YET-FOR-JANE" "a coach score she has not answered is not, nor its note"
others=$(sql "$db" "SELECT name FROM person WHERE id != $jane AND role = 'athlete'")
found=$(printf '%s\n' "$others" | while read -r n; do grep -qF -- "$n" "$OUT" && echo "$n"; done)
is "$found" "" "no other athlete's name is in it"
unlike "$(cat "$OUT")" "@example\.org|\+44" "nor any address or number"
echo "1..$tap_n"
done_testing
