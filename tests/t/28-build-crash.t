# kill -9 at random moments while cox build writes a 1,000-athlete site
# on every processor, then build once more: the site is byte for byte
# the one an uninterrupted build made, and nothing half-written is left.
. "$(dirname "$0")/lib.sh"
plan 4

export COX_NOW=1793000000	# the same "today" for both sites
V=$T/team
workspace "$V"
for m in technique fitness rhythm; do "$COX" -C "$V" metric add "$m" --name "$m" >/dev/null; done
{ echo "Full name,Email"; for i in $(seq 1000); do echo "Rower $i,r$i@example.org"; done; } >"$T/team.csv"
"$COX" -C "$V" roster import "$T/team.csv" >/dev/null
sql "$V/cox.db" "WITH RECURSIVE w(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM w WHERE n < 20)
	INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at)
	SELECT p.id, m.id, s.src, 1 + (p.id * 7 + m.id * 3 + w.n) % 5,
	       CASE WHEN s.src = 'coach' AND w.n % 3 = 0 THEN 'Round ' || w.n || ' *note* ' || p.id ELSE '' END,
	       '2026-10-01', 1000 * w.n + (s.src = 'self') * 10
	FROM person p, metric m, (SELECT 'coach' AS src UNION ALL SELECT 'self') s, w
	WHERE p.role = 'athlete'"
# the reference; it also makes every page key, which the copy shares
"$COX" -C "$V" build >/dev/null || { echo "Bail out! cox build failed"; exit 1; }

C=$T/crash
cp -R "$V" "$C"
rm -rf "$C/site/a" "$C/site/coach"
sql "$C/cox.db" "DELETE FROM manifest; DELETE FROM fragment"
kills=0
for round in $(seq 1 20); do
	COX_BUILD_THREADS=2 "$COX" -C "$C" build --force >/dev/null 2>>"$T/build.log" &
	pid=$!
	sleep "$((RANDOM % 50))e-2"
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
	[ "$kills" -ge 8 ] && break
done
COX_BUILD_THREADS=2 run "$COX" -C "$C" build --force
[ "$kills" -ge 4 ] && pass "cox build was killed with SIGKILL $kills times" \
	|| fail "cox build was killed often enough" "only $kills kills"
is "$rc" 0 "the build after them exits 0"
is "$(cd "$C/site" && find . -name '*.tmp.*' | wc -l)" 0 "no unfinished file is left"
is "$(diff -r "$V/site" "$C/site" 2>&1 | head -5)" "" \
	"the site is byte for byte the one an uninterrupted build made"

done_testing
