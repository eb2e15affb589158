# Pages are sealed to registered public keys: a key pair made by
# libsodium.js, the page sealed by cox build (libsodium in C), opened
# again by libsodium.js.  A coach's key opens every athlete page; an
# athlete's key opens only their own; a coach removed from the roster
# has their key revoked and opens nothing built afterwards.  A stored
# key no box can be sealed to (all zeros) is named by cox build, which
# seals and writes everything else and then fails.
. "$(dirname "$0")/lib.sh"
plan 12

W=$T/ws
workspace "$W"
"$COX" -C "$W" metric add technique --name Technique >/dev/null
"$COX" -C "$W" roster add --name "Ann Athlete" --handle ann >/dev/null
"$COX" -C "$W" roster add --name "Bob Athlete" --handle bob >/dev/null
"$COX" -C "$W" roster add --name "Cat Coach" --handle cat --role coach >/dev/null
S=$COX_DATADIR/tests/browser/sealed.mjs
read -r coach_pk coach_sk < <(node "$S" keypair)
read -r ann_pk ann_sk < <(node "$S" keypair)
sql "$W/cox.db" "INSERT INTO person_key (person_id, public_key, wrapped_secret, created_at)
	SELECT id, X'$coach_pk', '{}', 1 FROM person WHERE handle = 'cat';
	INSERT INTO person_key (person_id, public_key, wrapped_secret, created_at)
	SELECT id, X'$ann_pk', '{}', 1 FROM person WHERE handle = 'ann';"
"$COX" -C "$W" build >/dev/null || { echo "Bail out! build failed"; exit 1; }

run node "$S" open "$(page_file "$W" @ann)" "$ann_sk"
like "$out" "<h1>Ann Athlete</h1>" "an athlete's key opens their page"
run node "$S" open "$(page_file "$W" @bob)" "$ann_sk"
is "$rc" 1 "but not another athlete's"
run node "$S" open "$(page_file "$W" @bob)" "$coach_sk"
like "$out" "<h1>Bob Athlete</h1>" "a coach's key opens every athlete page"
run node "$S" open "$W/site/coach/index.html" "$coach_sk"
like "$out" "dashboard" "and the dashboard"
run node "$S" open "$W/site/coach/index.html" "$ann_sk"
is "$rc" 1 "an athlete's key does not open the dashboard"

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

done_testing
