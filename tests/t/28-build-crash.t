# kill -9 at random moments while cox build writes a 1,000-athlete site
# on every processor, then build once more: the site is byte for byte
# the one an uninterrupted build made, and nothing half-written is left.
# Then kill -9 at each point between the build's short writes
# (COX_TEST_BUILD_PAUSE), with ratings stored while it ran, and build
# once more without --force: no mark is lost, so the site is the one a
# whole build of the same data makes.
. "$(dirname "$0")/lib.sh"
plan 13

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

# rated WS EMAIL SCORE TIME: a coach rating of technique, as cox mail stores them.
rated() {
	sql "$1/cox.db" "INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at)
		SELECT p.id, m.id, 'coach', $3, 'Late $4', '2026-10-02', $4 FROM person p, metric m
		WHERE p.email = '$2' AND m.slug = 'technique'"
}
# points: after the marks are taken and keys made; after the first of
# the writes while pages render; before the last write
for point in claimed noted finishing; do
	K=$T/kill-$point
	cp -R "$V" "$K"
	# waiting for this build: one athlete rated again meanwhile, one not
	rated "$K" r5@example.org 2 30000
	rated "$K" r7@example.org 5 30000
	pause=$T/$point.paused
	COX_TEST_BUILD_PAUSE=$point:$pause COX_BUILD_THREADS=2 "$COX" -C "$K" build --force \
		>/dev/null 2>>"$T/build.log" &
	pid=$!
	for _ in $(seq 600); do
		[ -e "$pause" ] || ! kill -0 "$pid" 2>/dev/null && break
		sleep 0.1
	done
	# stored while the build runs: one athlete it renders, one it does not
	rated "$K" r5@example.org 4 30001
	rated "$K" r900@example.org 1 30002
	[ -e "$pause" ] && kill -9 "$pid" 2>/dev/null && killed=yes || killed=no
	wait "$pid" 2>/dev/null
	rm -f "$pause"
	COX_BUILD_THREADS=2 run "$COX" -C "$K" build
	is "$killed $rc" "yes 0" "killed at '$point', then a build without --force exits 0"
	# the same data built whole from nothing: each point stores the
	# same ratings at the same times, so one such build is the site
	# every point's must be
	R=$T/whole
	if [ ! -d "$R" ]; then
		cp -R "$K" "$R"
		rm -rf "$R/site/a" "$R/site/coach"
		sql "$R/cox.db" "DELETE FROM manifest; DELETE FROM fragment"
		COX_BUILD_THREADS=2 "$COX" -C "$R" build --force >/dev/null 2>>"$T/build.log"
	fi
	is "$(diff -rq "$R/site" "$K/site" 2>&1 | head -5)" "" \
		"after '$point': the site of a whole build of the same data, the later ratings in it"
	is "$(sql "$K/cox.db" "SELECT (SELECT count(*) FROM dirty) + (SELECT count(*) FROM dirty_taken)") $(cd "$K/site" && find . -name '*.tmp.*' | wc -l)" \
		"0 0" "after '$point': no mark left, no unfinished file"
done

done_testing
