# cox build holds no write lock while it renders: a text that comes in
# during a build is stored and answered at once, not spooled until the
# build ends; the mark it sets survives the build that was rendering
# that athlete from an older view, so the next build renders them
# again; a page whose keys were dropped meanwhile is left to the next
# build; two builds at once take turns.  The build is stopped at a
# point (COX_TEST_BUILD_PAUSE, in the sanitizer build only) so the
# text surely comes while it runs; then the same without the stop.
. "$(dirname "$0")/lib.sh"
plan 26

W=$T/ws
demo_sms "$W" https://sms.riverside.example twilio-test-token
db=$W/cox.db
# 600 more athletes with 20 rounds of ratings: a build that takes a
# while, and notes more than one of its writes holds
{ echo "Full name,Email"; for i in $(seq 600); do echo "Rower $i,r$i@example.org"; done; } >"$T/team.csv"
"$COX" -C "$W" roster import "$T/team.csv" >/dev/null
sql "$db" "WITH RECURSIVE w(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM w WHERE n < 20)
	INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at)
	SELECT p.id, m.id, s.src, 1 + (p.id * 7 + m.id * 3 + w.n) % 5, '', '2026-10-01',
	       1000 * w.n + (s.src = 'self') * 10
	FROM person p, metric m, (SELECT 'coach' AS src UNION ALL SELECT 'self') s, w
	WHERE p.role = 'athlete' AND p.email LIKE 'r%@example.org'"
"$COX" -C "$W" build >/dev/null 2>"$T/build0.err" ||
	{ echo "Bail out! cox build failed: $(tail -3 "$T/build0.err")"; exit 1; }
sms_start "$W"

jane=$(sql "$db" "SELECT id FROM person WHERE handle = 'jdoe'")
selfs() { sql "$db" "SELECT count(*) FROM rating WHERE athlete_id = $jane AND source = 'self'"; }
marks() { sql "$db" "SELECT (SELECT count(*) FROM dirty_taken WHERE person_id = $jane) || ' ' ||
	(SELECT count(*) FROM dirty WHERE person_id = $jane)"; }
# a score Jane's page does not show yet
old=$(sql "$db" "SELECT r.score FROM rating r JOIN metric m ON m.id = r.metric_id
	WHERE athlete_id = $jane AND m.slug = 'technique' AND source = 'self' ORDER BY r.id DESC LIMIT 1")
new=$(( ${old:-0} == 2 ? 3 : 2 ))

# paused_build NAME POINT [ARGS]: cox build in the background, stopped
# at POINT; sets BUILD_PID once it is there, and PAUSE to the file to
# remove to let it go on.  Its output goes to $T/NAME.out and .err.
paused_build() {
	PAUSE=$T/$1.paused
	COX_TEST_BUILD_PAUSE=$2:$PAUSE "$COX" -C "$W" build "${@:3}" >"$T/$1.out" 2>"$T/$1.err" &
	BUILD_PID=$!
	at_exit "rm -f '$PAUSE'; kill $BUILD_PID 2>/dev/null"
	for _ in $(seq 600); do
		[ -e "$PAUSE" ] && return
		kill -0 "$BUILD_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "Bail out! cox build never got to $2: $(tail -3 "$T/$1.err")"
	exit 1
}

# A whole build, stopped after its first write: every athlete is being
# rendered from the view it took, Jane included.
paused_build force noted --force
s0=$(selfs)
text +447700900101 SMlock01 "technique $new"
[ -e "$W/.build-running" ] && running=yes || running=no
like "$out" "^200" "a text during the build is answered 200"
like "$out" "<Message>Saved technique $new\." "with its own reply, not the spool's"
is "$running" yes "before the build's last write (its mark is still there)"
is "$(selfs)" "$((s0 + 1))" "it is in the database before the build ends"
unlike "$(cat "$T/sms.log")" "spooled" "the daemon spooled nothing"
is "$(marks)" "1 1" "Jane is being rendered, and is marked again for the text"
rm -f "$PAUSE"
wait "$BUILD_PID"
is "$?" 0 "the build then ends well"
like "$(cat "$T/force.out")" "built .*: [0-9]+ files written" "and says what it wrote"
is "$(sql "$db" "SELECT count(*) FROM dirty_taken")" 0 "it let go of every mark it took"
is "$(marks)" "0 1" "but Jane's new mark, set while it ran, is kept"
is "$(selfs)" "$((s0 + 1))" "and so is her text"

before=$(plaintext "$W" @jdoe)
unlike "$before" "<dt>You</dt><dd>$new</dd>" "her page, rendered from the older view, lacks the new score"
cox -C "$W" build
like "$out" "built .*: [1-9][0-9]* files written" "the next build writes her page again"
like "$(plaintext "$W" @jdoe)" "<dt>You</dt><dd>$new</dd>" "which shows the score she texted"
is "$(marks)" "0 0" "and her mark is gone"

# Jane's page keys dropped (as revoking her keys does) after the build
# made the missing ones: it does not seal her page with a key it has
# not stored, and leaves her to the next build, which makes new ones.
page=$(page_file "$W" @jdoe)
sum=$(md5sum <"$page")
paused_build dropped claimed --force
sql "$db" "DELETE FROM page_key WHERE person_id = $jane"
rm -f "$PAUSE"
wait "$BUILD_PID"
is "$?" 0 "a build whose view lacks a page's keys ends well"
like "$(cat "$T/dropped.err")" "keys were dropped while the build ran; the next build makes it" \
	"and says it leaves that page to the next build"
is "$(md5sum <"$page") $(marks)" "$sum 0 1" "her page is untouched, and she is marked again"
cox -C "$W" build
like "$(plaintext "$W" @jdoe)" "<dt>You</dt><dd>$new</dd>" "the next build seals her page with new keys her link opens"

# A build that fails part-way (a file where a page's folder goes)
# keeps the marks it took: the next one, without --force, renders them.
rower=$(sql "$db" "SELECT handle FROM person WHERE email = 'r50@example.org'")
bad=$(page_file "$W" "@$rower")
rm -r "${bad%/index.html}" && echo in-the-way >"${bad%/index.html}"
cox -C "$W" build --force
[ "$rc" -ne 0 ] && pass "a build that cannot write a page fails ($rc)" || fail "a build that cannot write a page fails"
is "$(sql "$db" "SELECT (SELECT count(*) FROM dirty_taken WHERE person_id IN (SELECT id FROM person WHERE handle = '$rower'))
	|| ' ' || ((SELECT count(*) FROM dirty_taken) > (SELECT count(*) FROM person WHERE active = 1))")" "1 1" \
	"and every mark it took (everyone's, and the dashboard's) stays taken"
rm "${bad%/index.html}"
cox -C "$W" build
is "$rc $(sql "$db" "SELECT count(*) FROM dirty_taken")" "0 0" "the next build ends well and takes them all"
[ -f "$bad" ] && pass "writing the page it could not" || fail "the page is written at last" "$bad"

# A second build waits for the one under way, and starts once it ends.
paused_build first claimed
first=$BUILD_PID
"$COX" -C "$W" build >"$T/second.out" 2>"$T/second.err" &
second=$!
at_exit "kill $second 2>/dev/null"
for _ in $(seq 100); do grep -qs "waits for it to end" "$T/second.err" && break; sleep 0.1; done
kill -0 "$second" 2>/dev/null && still=yes || still=no
like "$(cat "$T/second.err") $still" "another cox command holds this workspace \(pid $first: cox .*build\); cox build waits for it to end.* yes$" \
	"a second build says it waits for the first, naming it, and does"
rm -f "$PAUSE"
wait "$first"; rc1=$?
wait "$second"; rc2=$?
is "$rc1 $rc2 $(sql "$db" "SELECT count(*) FROM dirty_taken")" "0 0 0" \
	"both end well, one after the other, with no mark left taken"

# No stop: texts sent one after another while a whole build runs are
# each stored and answered with their own reply.  Those that count are
# answered while the build's mark is there: it goes after its last
# write (a build holding the write lock throughout would let a text
# in only after that).
"$COX" -C "$W" build --force >"$T/free.out" 2>"$T/free.err" &
bp=$!
at_exit "kill $bp 2>/dev/null"
during=0 answered=0 i=0
while kill -0 "$bp" 2>/dev/null && [ "$i" -lt 50 ]; do
	i=$((i + 1))
	text +447700900101 "SMfree$i" "sleep 3 stress 3 fatigue 3 sore 3"
	[ -e "$W/.build-running" ] || continue
	during=$((during + 1))
	case $out in 200*"<Message>Wellness saved."*) answered=$((answered + 1));; esac
done
wait "$bp"
rc=$?
if [ "$during" -ge 1 ] && [ "$answered" -eq "$during" ] && [ "$rc" -eq 0 ]; then
	pass "$during texts sent during a whole build were all answered with their own reply"
else
	fail "texts during a whole build are answered with their own reply" \
		"$answered of $during texts answered while the build ran; it exited $rc" "$(tail -3 "$T/free.err")"
fi

done_testing
