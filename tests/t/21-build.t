# cox build: what goes into pages (the blind rule), incremental builds,
# byte-identical output, removed athletes.
. "$(dirname "$0")/lib.sh"
plan 30

W=$T/ws
workspace "$W"
"$COX" -C "$W" metric add technique --name Technique >/dev/null
"$COX" -C "$W" metric add fitness --name Fitness >/dev/null
"$COX" -C "$W" roster add --name "Ann Athlete" --handle ann >/dev/null
"$COX" -C "$W" roster add --name "Bob Athlete" --handle bob >/dev/null
"$COX" -C "$W" roster add --name "Cat Coach" --handle cat --role head_coach >/dev/null

rate "$W/cox.db" ann technique coach 4 "Keep the hands LEVELCOMMENT" 100
cox -C "$W" build
is "$rc" 0 "cox build exits 0"
like "$out" "built .*: [0-9]+ files written" "it says what it wrote"
ann=$(page_file "$W" @ann)
[ -f "$ann" ] && pass "the athlete page exists at a random path" || fail "the athlete page exists" "$ann"
like "$(cat "$W/site/robots.txt")" "Disallow: /a/" "robots.txt keeps private pages out of search engines"

# The blind rule decides the plaintext.
page=$(plaintext "$W" @ann)
unlike "$page" "LEVELCOMMENT" "an unanswered coach comment is not in the athlete page"
like "$page" "hidden until you rate" "the page says the score is hidden"
like "$page" "in this order: <strong>technique 1-5</strong>" "and gives the text to send, with the scale"
dash=$(part_plaintext "$W" @cat "Team overview")
like "$dash" "Ann Athlete</a></th><td>[0-9]+ [A-Z][a-z]{2} 20[0-9]{2}</td><td>4 / <em" "the coach sees their own score and a waiting mark"

rate "$W/cox.db" bob fitness self 5 "" 100
"$COX" -C "$W" build >/dev/null
dash=$(part_plaintext "$W" @cat "Team overview")
unlike "$(printf '%s\n' "$dash" | grep 'Bob Athlete</a>')" ">5<|/ 5" "a self-rating no coach rating asked for stays hidden from the coach"

rate "$W/cox.db" ann technique self 2 "" 200
cox -C "$W" build
like "$out" "2 files written" "one athlete's change rewrites their page and the dashboard only"
page=$(plaintext "$W" @ann)
like "$page" "LEVELCOMMENT" "once the athlete has answered, the comment is in their page"
like "$page" "<dt>Coach</dt><dd>4</dd>" "and the coach's score"
like "$page" "<dt>Difference</dt><dd>-2</dd>" "with the gap"
dash=$(part_plaintext "$W" @cat "Team overview")
like "$dash" "<td>4 / 2 <b class=\"under\">▼" "the dashboard shows the pair and the gap with a symbol"

# Nothing new: nothing written, bytes identical.
sums=$(cd "$W/site" && find . -path ./.git -prune -o -type f -print | sort | xargs md5sum)
cox -C "$W" build
like "$out" " 0 files written" "a build with nothing new writes no file"
cox -C "$W" build --force
like "$out" " 0 files written" "even --force rewrites nothing when no plaintext changed"
is "$(cd "$W/site" && find . -path ./.git -prune -o -type f -print | sort | xargs md5sum)" "$sums" \
	"every file is byte-identical"

bob=$(page_file "$W" @bob)
bob_sum=$(md5sum <"$bob")
rate "$W/cox.db" ann fitness coach 3 "" 300
"$COX" -C "$W" build >/dev/null
is "$(md5sum <"$bob")" "$bob_sum" "another athlete's page is untouched"

# Removed athletes disappear.
"$COX" -C "$W" roster remove @bob >/dev/null
cox -C "$W" build
like "$out" "1 removed" "a removed athlete's page is deleted"
[ ! -e "$bob" ] && pass "and its file is gone" || fail "and its file is gone"
unlike "$(part_plaintext "$W" @cat "Team overview")" "Bob Athlete" "and they leave the dashboard"

# A build killed while writing leaves NAME.tmp.PID files and its mark;
# the next build sweeps them, and only them.
ann=$(page_file "$W" @ann)
printf 'partial' >"$ann.tmp.424242"
printf 'partial' >"$W/site/robots.txt.tmp.7"
printf 'mine' >"$W/site/notes.tmp.txt"
: >"$W/.build-running"
cox -C "$W" build
like "$err" "removed 2 unfinished files of a build that was stopped" "the next build says it swept a killed build's files"
[ ! -e "$ann.tmp.424242" ] && [ ! -e "$W/site/robots.txt.tmp.7" ] && [ -e "$W/site/notes.tmp.txt" ] &&
	pass "they are gone, and a file merely named like them stays" ||
	fail "the unfinished files are swept, nothing else" "$(cd "$W/site" && find . -name '*.tmp*')"
[ ! -e "$W/.build-running" ] && pass "a finished build leaves no mark" || fail "a finished build leaves no mark"
rm -f "$W/site/notes.tmp.txt"

# Padding: the payload grows in steps, the shell stays small.
size=$(stat -c %s "$ann")
plain=$(plaintext "$W" @ann | wc -c)
[ "$size" -lt $((plain * 3 / 2 + 8192)) ] && pass "a gated page is under 1.5x its plaintext + 8 KB ($size for $plain)" \
	|| fail "a gated page is under 1.5x its plaintext + 8 KB" "$size for $plain"

# Markdown in comments is safe.
rate "$W/cox.db" ann technique coach 3 '<b>raw</b> [x](javascript:alert(1))' 400
"$COX" -C "$W" build >/dev/null
rate "$W/cox.db" ann technique self 3 "" 500
"$COX" -C "$W" build >/dev/null
page=$(plaintext "$W" @ann)
unlike "$page" "<b>raw</b>|javascript:" "raw HTML and javascript: links in comments never pass through"

# A team big enough for the build's threads: they render from their own
# read-only view, and must make exactly the pages the main thread makes.
V=$T/team
workspace "$V"
"$COX" -C "$V" metric add technique --name Technique >/dev/null
"$COX" -C "$V" metric add fitness --name Fitness >/dev/null
{ echo "Full name,Email"; for i in $(seq 40); do echo "Rower $i,r$i@example.org"; done; } >"$T/team.csv"
"$COX" -C "$V" roster import "$T/team.csv" >/dev/null
sql "$V/cox.db" "INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at)
	SELECT p.id, m.id, s.src, 1 + (p.id * 7 + m.id * 3 + w.n + length(s.src)) % 5,
	       CASE WHEN s.src = 'coach' AND w.n % 3 = 0 THEN 'Round ' || w.n || ' *note* ' || p.id ELSE '' END,
	       '2026-10-0' || w.n, 1000 * w.n + (s.src = 'self') * 10 + p.id
	FROM person p, metric m, (SELECT 'coach' AS src UNION ALL SELECT 'self') s,
	     (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) w
	WHERE p.role = 'athlete' AND NOT (s.src = 'self' AND w.n = 4 AND p.id % 2 = 0)"
COX_BUILD_THREADS=0 "$COX" -C "$V" build >/dev/null
cp -R "$V" "$T/team2"
rm -rf "$T/team2/site/a" "$T/team2/site/coach"
sql "$T/team2/cox.db" "DELETE FROM manifest; DELETE FROM fragment"
COX_BUILD_THREADS=3 run "$COX" -C "$T/team2" build --force
like "$out" "^built .*: 4[0-9] files written" "three threads write every page again"
manifest="SELECT path, hex(hash) FROM manifest ORDER BY path"
[ "$(sql "$V/cox.db" "$manifest" | wc -l)" -ge 41 ] &&
	is "$(sql "$T/team2/cox.db" "$manifest")" "$(sql "$V/cox.db" "$manifest")" \
	"each page's plaintext fingerprint is the one the main thread alone made" ||
	fail "the manifest lists every page" "$(sql "$V/cox.db" "$manifest" | wc -l)"
fragments="SELECT person_id, part, body FROM fragment ORDER BY person_id, part"
is "$(sql "$T/team2/cox.db" "$fragments" | md5sum)" "$(sql "$V/cox.db" "$fragments" | md5sum)" \
	"and each dashboard row is the same"
like "$(plaintext "$T/team2" @r7)" "Round 3 <em>note</em>" "a threaded page opens to its comments"

done_testing
