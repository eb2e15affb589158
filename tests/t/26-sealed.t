# Pages are sealed to registered public keys: a key pair made by
# libsodium.js, the page sealed by cox build (libsodium in C), opened
# again by libsodium.js.  An athlete's key opens only their own page; a
# coach's, their squad's athletes and part of the dashboard, and
# nothing that names anyone of another squad; a head coach's, all of
# it.  Every box is from the site's one sender key, kept in cox.db until
# a content key is dropped (a coach leaves a squad), which drops it too:
# the next build boxes what it seals from a new one, and the pages
# sealed before still open.  A coach removed from the roster has their key revoked and opens
# nothing built afterwards.  A stored
# key no box can be sealed to (all zeros) is named by cox build, which
# seals and writes everything else and then fails.
. "$(dirname "$0")/lib.sh"
plan 40

W=$T/ws
workspace "$W"
"$COX" -C "$W" metric add technique --name Technique >/dev/null
"$COX" -C "$W" roster add --name "Ann Athlete" --handle ann --squad Juniors >/dev/null
"$COX" -C "$W" roster add --name "Bob Athlete" --handle bob --squad Juniors >/dev/null
"$COX" -C "$W" roster add --name "Eve Senior" --handle eve --squad Seniors >/dev/null
"$COX" -C "$W" roster add --name "Fin Loner" --handle fin >/dev/null
"$COX" -C "$W" roster add --name "Cat Coach" --handle cat --role coach --squad Juniors >/dev/null
"$COX" -C "$W" roster add --name "Hal Head" --handle hal --role head_coach >/dev/null
S=$COX_DATADIR/tests/browser/sealed.mjs
read -r coach_pk coach_sk < <(node "$S" keypair)
read -r head_pk head_sk < <(node "$S" keypair)
read -r ann_pk ann_sk < <(node "$S" keypair)
key_for() {
	sql "$W/cox.db" "INSERT INTO person_key (person_id, public_key, wrapped_secret, created_at)
		SELECT id, X'$2', '{}', 1 FROM person WHERE handle = '$1'"
}
key_for cat "$coach_pk"
key_for hal "$head_pk"
key_for ann "$ann_pk"
sql "$W/cox.db" "INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at)
	SELECT p.id, m.id, 'coach', 4, 'eve-secret-comment', '2026-11-01', 2 FROM person p, metric m
	WHERE p.handle = 'eve';
	INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at)
	SELECT p.id, m.id, 'self', 3, '', '2026-11-01', 3 FROM person p, metric m
	WHERE p.handle = 'eve'"
"$COX" -C "$W" build >/dev/null || { echo "Bail out! build failed"; exit 1; }

run node "$S" open "$(page_file "$W" @ann)" "$ann_sk"
like "$out" "<h1>Ann Athlete</h1>" "an athlete's key opens their page"
# the base64 of the sender key cox.db keeps, and those the pages name
sender() { node "$S" pk "$(sql "$W/cox.db" "SELECT value FROM meta WHERE key = 'sender_key'")"; }
senders() { grep -rho '"sender":"[^"]*"' --include=index.html "$W/site" | sed 's/.*:"//; s/"$//' | sort -u; }
first=$(sender)
is "$(senders)|${#first}" "$first|44" "every page's boxes are from one sender key, the one cox.db keeps"
run node "$S" open "$(page_file "$W" @bob)" "$ann_sk"
is "$rc" 1 "but not another athlete's"
run node "$S" open "$W/site/coach/team/index.html" "$ann_sk"
is "$rc" 1 "an athlete's key opens no part of the dashboard"

# Cat coaches Juniors: what her key opens is Ann's, Bob's, the Juniors'
# part and her own page, and nothing in any of it names a Senior
run node "$S" openall "$W/site" "$coach_sk"
cat_sees=$out
opened=$(printf '%s\n' "$cat_sees" | grep -c '^=== ')
is "$opened" 4 "a coach's key opens four pages: two athletes', one part, her own"
like "$cat_sees" "<h1>Bob Athlete</h1>" "her squad's athletes' pages"
like "$cat_sees" "My Club: Juniors</h1>" "and her squad's part of the dashboard"
like "$cat_sees" "<h1>Cat Coach</h1>" "and her own page, which lists it"
unlike "$cat_sees" "Eve Senior" "nothing she can open names an athlete of another squad"
unlike "$cat_sees" "eve-secret-comment" "or their coach's comments"
unlike "$cat_sees" "Fin Loner" "or anyone in no squad"
unlike "$cat_sees" "Seniors" "or even names the other squad"

# Hal, head coach, opens everything: every athlete, every part
run node "$S" openall "$W/site" "$head_sk"
heads=$(printf '%s\n' "$out" | grep -c '^=== ')
like "$out" "eve-secret-comment" "a head coach opens every squad's athletes, comments and all"
like "$out" "My Club: Seniors</h1>" "and every squad's part"
like "$out" "My Club: team overview</h1>" "and the team's, with who is in no squad"
like "$(printf '%s' "$out" | sed -n '/^=== coach\/team\//,/^=== /p')" "Fin Loner" \
	"which shows who is in no squad"

# one athlete's new score rewrites their page and their squad's part;
# the other squad's part, and the team's, keep their bytes
juniors=$W/site/$(printf '%s\n' "$cat_sees" | sed -n 's#^=== \(coach/.*\)#\1#p')
before=$(sha256sum "$juniors" "$W/site/coach/team/index.html")
sql "$W/cox.db" "INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at)
	SELECT p.id, m.id, 'coach', 2, '', '2026-11-02', 4 FROM person p, metric m WHERE p.handle = 'eve'"
cox -C "$W" build
like "$out" " 2 files written" "a new score for a Senior rewrites two files: her page and her squad's part"
is "$(sha256sum "$juniors" "$W/site/coach/team/index.html")" "$before" \
	"and not the Juniors' part, nor the team's"

# Cat moves to the Seniors: the Juniors' part gets a new key and link,
# so what she kept of it opens nothing built afterwards
part_key() { sql "$W/cox.db" "SELECT hex(content_key) || hex(link_secret) FROM page_key WHERE page = 'coach/' || (SELECT slug FROM squad WHERE name = '$1') || '/'"; }
jk=$(part_key Juniors); sk=$(part_key Seniors)
"$COX" -C "$W" roster edit @cat --squad Seniors >/dev/null
is "$(sql "$W/cox.db" "SELECT count(*) FROM meta WHERE key = 'sender_key'")" 0 \
	"the dropped keys took the sender key with them"
"$COX" -C "$W" build >/dev/null
second=$(sender)
is "$([ -n "$second" ] && [ "$second" != "$first" ] && echo new)" new "the build made a new one"
is "$(senders | wc -l)" 2 "which boxes what it sealed; the pages it left keep the old one"
is "$(node "$S" openall "$W/site" "$head_sk" | grep -c '^=== ')" "$heads" \
	"and the head coach's key still opens every page it did, from either"
cox -C "$W" build --force
like "$out" " 0 files written" "a page left under the old sender key is not sealed again for that alone"
run node "$S" openall "$W/site" "$coach_sk"
like "$out" "My Club: Seniors</h1>" "a coach moved to another squad opens its part"
unlike "$out" "My Club: Juniors</h1>" "and not her old squad's"
isnt_same=$([ -n "$jk" ] && [ "$jk" != "$(part_key Juniors)" ] && echo new || echo same)
is "$isnt_same" new "whose key and link are new, so a copy she kept opens nothing"
is "$(part_key Seniors)" "$sk" "the part she joins keeps its key"
"$COX" -C "$W" roster edit @cat --squad Juniors >/dev/null

# a damaged sender key stops the build with what to do
"$COX" -C "$W" build >/dev/null
good=$(sql "$W/cox.db" "SELECT value FROM meta WHERE key = 'sender_key'")
sql "$W/cox.db" "UPDATE meta SET value = 'zz' WHERE key = 'sender_key'"
cox -C "$W" build --force
like "$rc $err" "^70 .*sender key in the database is damaged" "a damaged sender key fails the build, saying so"
sql "$W/cox.db" "UPDATE meta SET value = '$good' WHERE key = 'sender_key'"

"$COX" -C "$W" roster remove @cat >/dev/null
is "$(sql "$W/cox.db" "SELECT count(*) FROM person_key WHERE revoked_at IS NOT NULL")" 1 \
	"cox roster remove revokes the person's keys"
"$COX" -C "$W" build >/dev/null
run node "$S" open "$(page_file "$W" @bob)" "$coach_sk"
is "$rc" 1 "and the next build no longer opens with the removed coach's key"

# a key of small order, stored by any path: the build names whose, seals
# the rest, and fails
"$COX" -C "$W" roster add --name "Dan Coach" --handle dan --role head_coach >/dev/null
sql "$W/cox.db" "INSERT INTO person_key (person_id, public_key, wrapped_secret, created_at)
	SELECT id, zeroblob(32), '{}', 1 FROM person WHERE handle = 'dan';
	INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at)
	SELECT p.id, m.id, 'coach', 4, '', '2026-11-01', 2 FROM person p, metric m WHERE p.handle = 'ann'"
cox -C "$W" build
is "$rc" 70 "cox build fails when a stored key cannot be sealed to"
like "$err" "Dan Coach \(@dan\): no page can be sealed to their registered key AAAAAAAA" \
	"and names the person and the key"
is "$(printf '%s\n' "$err" | grep -c 'no page can be sealed')" 1 "once, however many pages"
run node "$S" open "$(page_file "$W" @ann)" "$ann_sk"
like "$out" "new scores for you on <strong>Technique</strong>" "everything else was sealed and written: Ann's new round opens with her key"
like "$(plaintext "$W" @bob)" "<h1>Bob Athlete</h1>" "and the other pages open by their links"

# a build of more readers than its first table of them holds (64): one
# key pair for 80 new athletes, each page boxed to it under its own name
sql "$W/cox.db" "DELETE FROM person_key WHERE public_key = zeroblob(32)"
for i in $(seq 80); do echo "Row Athlete $i,row$i@example.org,,Rowers,athlete"; done |
	sed '1i Name,Email,Phone,Squad,Role' >"$T/rows.csv"
"$COX" -C "$W" roster import "$T/rows.csv" >/dev/null
read -r row_pk row_sk < <(node "$S" keypair)
sql "$W/cox.db" "INSERT INTO person_key (person_id, public_key, wrapped_secret, created_at)
	SELECT id, X'$row_pk', '{}', 1 FROM person WHERE email LIKE 'row%@example.org'"
"$COX" -C "$W" build >/dev/null
is "$(node "$S" openall "$W/site" "$row_sk" | grep -c '^=== a/')" 80 \
	"each of 80 readers' pages opens with their key"

# a content key dropped while a build runs (stopped after it read its
# sender: COX_TEST_BUILD_PAUSE): what the build seals is from the sender
# it read, which cox.db no longer holds; the next build makes another
read_at_start=$(sender)
sql "$W/cox.db" "INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at)
	SELECT p.id, m.id, 'coach', 3, '', '2026-11-03', 5 FROM person p, metric m WHERE p.handle = 'ann'"
pause=$T/build.paused
COX_TEST_BUILD_PAUSE=claimed:$pause "$COX" -C "$W" build >"$T/paused.out" 2>&1 &
build_pid=$!
at_exit "rm -f '$pause'; kill $build_pid 2>/dev/null"
for _ in $(seq 600); do [ -e "$pause" ] && break; sleep 0.1; done
# as lib/person.c's page_rekey() drops a key: the page marked too
sql "$W/cox.db" "DELETE FROM page_key WHERE page = (SELECT 'a/' || slug || '/' FROM person WHERE handle = 'fin');
	INSERT OR IGNORE INTO dirty SELECT id FROM person WHERE handle = 'fin'"
rm -f "$pause"
wait "$build_pid"
is "$?:$(sql "$W/cox.db" "SELECT count(*) FROM meta WHERE key = 'sender_key'")" 0:0 \
	"a build that ran while a key was dropped ends well and makes no sender of its own"
ann_page=$(page_file "$W" @ann)
is "$(grep -o '"sender":"[^"]*"' "$ann_page" | sed 's/.*:"//; s/"$//')" "$read_at_start" \
	"what it sealed is from the sender it read at its start"
like "$(node "$S" open "$ann_page" "$ann_sk")" "<h1>Ann Athlete</h1>" "and opens with its reader's key"
"$COX" -C "$W" build >/dev/null
is "$(grep -o '"sender":"[^"]*"' "$(page_file "$W" @fin)" | sed 's/.*:"//; s/"$//')" "$(sender)" \
	"the next build boxes the page whose key went from a new one"

done_testing
