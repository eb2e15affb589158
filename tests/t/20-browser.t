# Real Chromium opens pages built by cox build and served by cox preview:
# magic links, no key, logout, the dashboard, hostile text; on a phone,
# the reply by text, dated charts, a sick day with its note.
. "$(dirname "$0")/lib.sh"

need_browser

demo_workspace "$T/ws"
C="-C $T/ws"

# An athlete with hostile text in the name and in a coach comment.
"$COX" $C roster add --name '<img src=x onerror=window.__xss=1>' --phone '07700 900999' >/dev/null
xss_id=$(sql "$T/ws/cox.db" "SELECT person_id FROM phone WHERE e164 = '+447700900999'")
sql "$T/ws/cox.db" "INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at)
	SELECT $xss_id, id, 'coach', 3, '<script>window.__xss=2</script> [x](javascript:window.__xss=3)', '2026-11-01', 1 FROM metric LIMIT 1;
	INSERT INTO rating (athlete_id, metric_id, source, score, rated_on, created_at)
	SELECT $xss_id, id, 'self', 2, '2026-11-02', 2 FROM metric LIMIT 1;"
# Jane is sick today, with a note (as the text "sick fever since last night" stores it).
sql "$T/ws/cox.db" "INSERT INTO wellness (athlete_id, day, illness, note, created_at)
	SELECT id, date('now'), 'sick', 'fever since last night', strftime('%s','now') FROM person WHERE handle = 'jdoe'"
"$COX" $C build >/dev/null || { echo "Bail out! cox build failed"; exit 1; }

preview_start "$T/ws"

base=$PREVIEW_URL
link() { "$COX" $C link --base "$base" "$1" | cut -f2 | sed "s|^$base||"; }
export BASE=$base
export ATHLETE_LINK=$(link @jdoe) ATHLETE_NAME="Jane Doe" SICK_NOTE="fever since last night"
export COACH_LINK=$(link @acarter) COACH_NAME="Alex Carter" SQUAD="Senior Men"
export ASSISTANT_LINK=$(link @pshah) OTHER_SQUAD="Junior Women" OTHER_NAME="Zoe Novak"
export XSS_LINK=$(link "+447700900999")

cd "$COX_DATADIR/tests/browser" && node unlock.mjs
