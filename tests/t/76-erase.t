# cox roster erase: a dry run that counts and changes nothing, then an
# athlete gone from every table, from every commit of the site's history
# here and, after a forced push, on the bare remote; their old magic
# link opens nothing in any commit, other pages still open.  A coach
# erased leaves their squad's part and athletes' pages with new keys, as
# a coach removed does; her address left on [mail] coaches is named for
# the operator to take off, and its mail acts on nothing.  cox prune:
# [privacy] keep_months deletes what is older, keeps ratings.
. "$(dirname "$0")/lib.sh"
plan 37

W=$T/ws
S=$W/site
R=$T/remote.git
db=$W/cox.db
demo_workspace "$W"
git init -q --bare "$R"
conf_set "$W/cox.conf" site remote "$R"
id=$(sql "$db" "SELECT id FROM person WHERE handle = 'jdoe'")
slug=$(sql "$db" "SELECT slug FROM person WHERE id = $id")
"$COX" -C "$W" publish --push >/dev/null 2>&1 ||
	{ echo "Bail out! the first publish failed"; exit 1; }
# a season of commits: scores, a check-in, a session, texts and a key
for n in 1 2 3; do
	rate "$db" jdoe technique coach $((n + 1)) "week $n"
	sql "$db" "INSERT INTO wellness (athlete_id, day, sleep, created_at)
	    VALUES ($id, '2026-11-1$n', $n, strftime('%s', 'now'));
	  INSERT INTO session_rpe (athlete_id, day, rpe, minutes, created_at)
	    VALUES ($id, '2026-11-1$n', 5, 60, strftime('%s', 'now'));
	  INSERT INTO message (direction, channel, person_id, peer, body, kind,
	    status, created_at) VALUES ('in', 'sms', $id, '+15550100', 'note $n',
	    'note', 'stored', strftime('%s', 'now'))"
	"$COX" -C "$W" build >/dev/null 2>&1 && "$COX" -C "$W" publish --push >/dev/null 2>&1 ||
		{ echo "Bail out! publish $n failed"; exit 1; }
done
sql "$db" "INSERT INTO person_key (person_id, public_key, wrapped_secret,
  created_at) VALUES ($id, randomblob(32), 'w', 1700000000);
INSERT INTO invite (person_id, token_hash, expires_at, created_at)
  VALUES ($id, randomblob(32), 1700600000, 1700000000);"
link=$("$COX" -C "$W" link --base x/ @jdoe | cut -f2)

# opened REPO LINK: the files of any commit of REPO that LINK opens
opened() {
	local c
	for c in $(git --git-dir="$1" rev-list --all); do
		rm -rf "$T/tree" && mkdir "$T/tree"
		git --git-dir="$1" archive "$c" | tar -x -C "$T/tree"
		node --input-type=module -e '
const [dir, link, lib] = process.argv.slice(1);
const { readFileSync, readdirSync } = await import("node:fs");
const sodium = (await import(lib)).default;
await sodium.ready;
const b64 = (s) => sodium.from_base64(s, sodium.base64_variants.ORIGINAL);
const secret = sodium.from_base64(link.replace(/.*#k=/, ""),
    sodium.base64_variants.URLSAFE_NO_PADDING);
for (const f of readdirSync(dir, { recursive: true })) {
	if (!f.endsWith(".html")) continue;
	const html = readFileSync(dir + "/" + f, "utf8");
	const m = html.match(/id="payload">([^<]*)</);
	if (!m) continue;
	const p = JSON.parse(m[1]), path = html.match(/data-path="([^"]*)"/)[1];
	const ad = new Uint8Array([...sodium.from_string("cox" + p.version), 0,
	    ...sodium.from_string(p.site), 0, ...sodium.from_string(path)]);
	for (const e of p.keys.filter((k) => k.type === "link"))
		try {
			sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null,
			    b64(e.ciphertext), ad, b64(e.nonce), secret);
			console.log(f);
		} catch (x) { }
}' "$T/tree" "$2" "$COX_DATADIR/site-templates/node_modules/libsodium-wrappers-sumo/dist/modules-sumo-esm/libsodium-wrappers.mjs"
	done | sort -u
}
# holding REPO: how many commits of REPO hold a file of jdoe's page
holding() {
	local c
	for c in $(git --git-dir="$1" rev-list --all); do
		git --git-dir="$1" ls-tree -r --name-only "$c" | grep -q "^a/$slug/" && echo "$c"
	done | wc -l
}
like "$(opened "$S/.git" "$link")" "a/$slug/index.html" "before: the magic link opens their page"
is "$(holding "$S/.git")" 4 "and every commit holds it"

# the dry run
sum() { sqlite3 "$db" .dump | md5sum; git -C "$S" rev-parse HEAD; find "$S" -path "$S/.git" -prune -o -type f -print | sort | md5sum; }
before=$(sum)
cox -C "$W" roster erase @jdoe
is "$rc" 0 "a dry run exits 0"
like "$out" "would erase @jdoe \(Jane Doe, athlete\)" "it names who"
like "$out" "  $(sql "$db" "SELECT count(*) FROM rating WHERE athlete_id = $id") rows of rating_received" "counts their ratings"
like "$out" "  $(sql "$db" "SELECT count(*) FROM wellness WHERE athlete_id = $id") rows of wellness" "their check-ins"
like "$out" "4 of its 4 commits hold a file of theirs" "and the commits that hold their page"
like "$out" "dry run: nothing was changed" "says it changed nothing"
is "$(sum)" "$before" "and changed nothing, in cox.db nor in site/"

sids=$(sql "$db" "SELECT group_concat(s, ' ') FROM (SELECT coalesce(sid, provider_id) AS s FROM message WHERE person_id = $id AND channel = 'sms' AND direction = 'in' AND s IS NOT NULL ORDER BY s)")
cox -C "$W" roster erase @jdoe --yes
is "$rc" 0 "erase --yes exits 0"
[ -n "$sids" ] || echo "Bail out! jdoe texted nothing with a MessageSid: the next test means nothing"
is "$(sql "$db" "SELECT group_concat(sid, ' ') FROM (SELECT sid FROM sms_spent WHERE sid IN ('$(printf %s "$sids" | sed "s/ /','/g")') ORDER BY sid)")" "$sids" \
	"their texts' MessageSids alone are kept, so that a replay of one stores nothing"
like "$out" "0 of its [0-9]+ commits now hold a file of theirs" "no commit holds them"
like "$out" "cox publish --push \(forced" "and says to push"
rows=$(sql "$db" "SELECT (SELECT count(*) FROM person WHERE id = $id) +
  (SELECT count(*) FROM phone WHERE person_id = $id) +
  (SELECT count(*) FROM membership WHERE person_id = $id) +
  (SELECT count(*) FROM rating WHERE athlete_id = $id OR rater_id = $id) +
  (SELECT count(*) FROM wellness WHERE athlete_id = $id) +
  (SELECT count(*) FROM session_rpe WHERE athlete_id = $id) +
  (SELECT count(*) FROM guess WHERE athlete_id = $id) +
  (SELECT count(*) FROM message WHERE person_id = $id OR body LIKE 'note %') +
  (SELECT count(*) FROM page_key WHERE person_id = $id) +
  (SELECT count(*) FROM person_key WHERE person_id = $id) +
  (SELECT count(*) FROM invite WHERE person_id = $id) +
  (SELECT count(*) FROM fragment WHERE person_id = $id) +
  (SELECT count(*) FROM manifest WHERE path LIKE 'a/$slug/%')")
is "$rows" 0 "no row of theirs is left in any table"
is "$(sql "$db" "PRAGMA foreign_key_check" | wc -l)" 0 "and no row points at one that went"
is "$(holding "$S/.git")" 0 "no commit of site/ holds their page"
is "$(git -C "$S" fsck 2>&1)" "" "site/.git is whole"
is "$(opened "$S/.git" "$link")" "" "their old magic link opens nothing in any commit"
is "$(uncommitted "$S")" "" "the work tree is the last commit"

cox -C "$W" publish --push
like "$out" "pushed to $R" "the next publish --push pushes"
is "$(holding "$R")" 0 "forced: no commit of the remote holds their page"
git --git-dir="$R" fsck --no-dangling >/dev/null 2>&1
is "$?" 0 "the remote is whole (what no branch holds waits for its gc)"
is "$(opened "$R" "$link")" "" "nor opens with their link"
like "$(plaintext "$W" @mchen)" "Mei Chen" "another athlete's page still opens"

# a coach erased: the keys of what her browser may have kept are new
key_of() { sql "$db" "SELECT hex(content_key) FROM page_key WHERE page = '$1'"; }
part="coach/$(sql "$db" "SELECT slug FROM squad WHERE name = 'Junior Women'")/"
theirs="a/$(sql "$db" "SELECT slug FROM person WHERE handle = 'ejones'")/"
mine="a/$(sql "$db" "SELECT slug FROM person WHERE handle = 'mchen'")/"
pk=$(key_of "$part") ak=$(key_of "$theirs") mk=$(key_of "$mine")
cox -C "$W" roster erase @pshah --yes
like "$out" "erased @pshah \(Priya Shah, coach\)" "a coach is erased"
like "$out" "^cox.conf: \[mail\] coaches still lists their address, priya.coach@example.org: take it off" \
	"and told to take her address off [mail] coaches"
is "$([ -n "$pk" ] && [ -n "$(key_of "$part")" ] && [ "$(key_of "$part")" != "$pk" ] &&
	[ -n "$ak" ] && [ "$(key_of "$theirs")" != "$ak" ] && echo new)" new \
	"her squad's part and its athletes' pages have new content keys"
is "$(key_of "$mine")" "$mk" "another squad's athlete keeps theirs"
# her address left on [mail] coaches is nobody's now: it commands no
# one (not another squad's athlete, nor everyone), is sent no sheet,
# and is answered nothing
conf_set "$W/cox.conf" mail authserv_id mx.club.example
printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org
From: Priya Shah <priya.coach@example.org>
To: coxswain@club.example
Subject: team
Message-ID: <erased-coach@example.org>
Content-Type: text/plain

pause @mchen
send all: Training is cancelled
sheet
Mei Chen: technique 1
' >"$T/priya.eml"
last=$(sql "$db" "SELECT max(id) FROM message") rated=$(sql "$db" "SELECT count(*) FROM rating")
cox -C "$W" mail --stdin <"$T/priya.eml"
is "$rc:$(sql "$db" "SELECT outcome FROM ingest ORDER BY id DESC LIMIT 1")" "0:quarantined" \
	"an erased coach's mail is quarantined"
like "$(sql "$db" "SELECT reason FROM ingest ORDER BY id DESC LIMIT 1")" \
	"no one on the roster has that address.*cox roster add" "saying why, and what to do"
is "$(sql "$db" "SELECT count(*) FROM message WHERE id > $last"):$(sql "$db" \
	"SELECT paused FROM person WHERE handle = 'mchen'"):$(sql "$db" "SELECT count(*) FROM rating")" "0:0:$rated" \
	"and acts on nothing: no text, no pause, no rating, no reply"

# retention: what is older than keep_months goes, ratings stay
conf_set "$W/cox.conf" privacy keep_months 1
m=$(sql "$db" "SELECT id FROM person WHERE handle = 'mchen'")
sql "$db" "INSERT INTO wellness (athlete_id, day, sleep, created_at) VALUES
  ($m, '2026-01-02', 4, 1767312000), ($m, '2026-02-20', 5, 1771545600);
INSERT INTO message (direction, channel, person_id, peer, body, kind, status,
  created_at) VALUES ('in', 'sms', $m, '+15550101', 'old note', 'note',
  'stored', 1767312000), ('in', 'sms', $m, '+15550101', 'new note', 'note',
  'stored', 1771545600);
INSERT INTO planned_session (squad_id, day, minutes, intended_rpe, created_at)
  SELECT id, '2026-01-02', 60, 3, 1767312000 FROM squad ORDER BY id LIMIT 1;
INSERT INTO planned_session (squad_id, day, minutes, intended_rpe, created_at)
  SELECT id, '2026-02-20', 90, 5, 1771545600 FROM squad ORDER BY id LIMIT 1;"
rate "$db" mchen technique coach 3 "old" 1767312000
ratings=$(sql "$db" "SELECT count(*) FROM rating")
COX_NOW=1771718400 cox -C "$W" prune
is "$rc" 0 "cox prune exits 0"
is "$(sql "$db" "SELECT group_concat(day) FROM wellness WHERE athlete_id = $m AND day LIKE '2026-0%'")" \
	"2026-02-20" "a check-in older than keep_months is deleted, a newer one kept"
is "$(sql "$db" "SELECT group_concat(body) FROM message WHERE body LIKE '% note'")" \
	"new note" "so are messages"
is "$(sql "$db" "SELECT group_concat(day) FROM planned_session WHERE day LIKE '2026-0%'")" \
	"2026-02-20" "and planned sessions"
is "$(sql "$db" "SELECT count(*) FROM rating")" "$ratings" "ratings are kept without keep_ratings_months"
is "$(git -C "$S" log --format=%ct | awk '$1 < 1769040000' | wc -l)" 0 \
	"and the site's history keeps no commit older than the cut"

done_testing
