# cox export person: everything the database holds about one person, a
# CSV file per table and person.json, counted table by table against the
# database (but for the coach scores the blind rule keeps from them); no secret in it; a folder and files only the owner can open;
# a removed person exported too, an unknown one refused.
. "$(dirname "$0")/lib.sh"
plan 48

W=$T/ws
demo_workspace "$W"
db=$W/cox.db
# the demo's invented sessions out: this test's own are counted by hand
sql "$db" "DELETE FROM session_rpe"
id=$(sql "$db" "SELECT id FROM person WHERE handle = 'jdoe'")
number=$(sql "$db" "SELECT e164 FROM phone WHERE person_id = $id LIMIT 1")
# What the demo has none of for Jane: a registered key (its secret
# wrapped, and located for "Open my page"), an invitation, sessions, a
# guess, a correction, a delivery report, a text from her number stored
# before it was on the roster, and a note a spreadsheet would misread.
sql "$db" "
INSERT INTO person_key (person_id, public_key, wrapped_secret, created_at,
  locator, located) VALUES ($id, randomblob(32), 'WRAPPED-SECRET-of-jane',
  1700000000, 'locator-of-jane', 'LOCATED-SECRET-of-jane');
INSERT INTO invite (person_id, token_hash, expires_at, created_at)
  VALUES ($id, randomblob(32), 1700600000, 1700000000);
INSERT INTO session_rpe (athlete_id, day, slot, rpe, minutes, created_at)
  VALUES ($id, '2026-11-20', 'am', 7, 60, 1700000000),
  ($id, '2026-11-21', NULL, 5, NULL, 1700000000);
INSERT INTO guess (rating_id, athlete_id, score, created_at)
  SELECT id, athlete_id, 3, 1700000000 FROM rating
  WHERE athlete_id = $id AND source = 'coach' LIMIT 1;
INSERT INTO rating_change (message_id, rating_id, score, comment, rater_id)
  SELECT (SELECT max(id) FROM message), id, 2, 'was: =1+1', rater_id
  FROM rating WHERE athlete_id = $id AND source = 'coach' LIMIT 1;
INSERT INTO message_status (message_id, status, at)
  SELECT id, 'delivered', 1700000000 FROM message WHERE person_id = $id
  AND direction = 'out' LIMIT 1;
INSERT INTO message (direction, channel, person_id, peer, body, status,
  created_at) VALUES ('in', 'sms', NULL, '$number', 'hello?', 'stored',
  1600000000);
INSERT INTO ingest (source, source_key, content_hash, outcome, message_id,
  created_at, updated_at) SELECT 'twilio', 'SMdemo-x', 'h', 'stored', max(id),
  1600000000, 1600000000 FROM message;
INSERT INTO wellness (athlete_id, day, sleep, note, created_at)
  VALUES ($id, '2026-11-22', 3, 'said \"fine\", then; a
new line', 1700000000);"

cox -C "$W" export person @jdoe --out "$T/jane"
is "$rc" 0 "cox export person exits 0"
like "$out" "^wrote [0-9]+ rows about @jdoe to $T/jane/\$" "and says where it wrote how much"
# the coach scores she has not answered yet (the blind rule): left out
waiting=$(sql "$db" "SELECT count(*) FROM rating r WHERE r.athlete_id = $id AND r.source = 'coach'
	AND NOT EXISTS (SELECT 1 FROM rating s WHERE s.athlete_id = $id AND s.metric_id = r.metric_id
	AND s.source = 'self' AND (s.created_at, s.id) > (r.created_at, r.id))")
like "$waiting:$out" "^[1-9][0-9]*:.*
^left out: $waiting coach scores @jdoe has not answered with their own yet" \
	"and how many coach scores waiting for her own it left out"

# rows NAME: "CSV-rows JSON-rows" of table NAME of export $X, after
# checking that the two hold the same values (a CSV text a spreadsheet
# would run as a formula starts with an apostrophe, person.json's not).
rows() { /usr/bin/python3 -c '
import csv, json, sys
d, name = sys.argv[1], sys.argv[2]
data = open(d + "/" + name + ".csv", "rb").read()
assert data.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
recs = list(csv.reader(data[3:].decode("utf-8").splitlines(True)))
j = json.load(open(d + "/person.json"))["tables"][name]
head = recs[0]
for rec, obj in zip(recs[1:], j):
    assert list(obj) == head, (head, list(obj))
    for cell, v in zip(rec, obj.values()):
        want = "" if v is None else str(v)
        if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
            want = "\x27" + want
        assert cell == want, (name, cell, want)
print(len(recs) - 1, len(j))' "$X" "$1"; }

X=$T/jane
while IFS='|' read -r name query; do
	n=$(sql "$db" "$query")
	is "$(rows "$name" 2>&1)" "$n $n" "$name: $n rows, in the CSV file and in person.json"
done < <(export_counts "$id")
is "$(ls "$X" | sort | tr '\n' ' ')" "$(export_counts "$id" | cut -d'|' -f1 | sed 's/$/.csv/' | { cat; echo person.json; } | sort | tr '\n' ' ')" \
	"one CSV file per table and person.json, nothing else"
is "$(for t in rating_received wellness message message_status ingest person_key session_rpe guess invite rating_change; do [ "$(sql "$db" "$(export_counts "$id" | grep "^$t|" | cut -d'|' -f2)")" -gt 0 ] || echo "$t"; done)" "" \
	"Jane has rows in the tables that matter (the counts above are not all 0)"

# No secret: not the page keys, link secrets, invitation hashes, wrapped
# or located secret keys, nor even the public key itself.
secrets=$(sql "$db" "SELECT hex(content_key) FROM page_key UNION ALL
	SELECT hex(link_secret) FROM page_key UNION ALL
	SELECT hex(token_hash) FROM invite UNION ALL
	SELECT wrapped_secret FROM person_key UNION ALL
	SELECT located FROM person_key UNION ALL
	SELECT hex(public_key) FROM person_key")
found=$(printf '%s\n' "$secrets" | while read -r s; do
	grep -rqiF -- "$s" "$X" && echo "$s"
	grep -rqiF -- "${s:0:16}" "$X" && echo "start of $s"; done)
is "$found" "" "no key, secret or hash of one is in the export"
fp=$(/usr/bin/python3 -c '
import hashlib, sqlite3, sys
k = sqlite3.connect(sys.argv[1]).execute("SELECT public_key FROM person_key WHERE person_id = ?", (int(sys.argv[2]),)).fetchone()[0]
print(hashlib.blake2b(k, digest_size=16).hexdigest()[:16])' "$db" "$id")
like "$(cat "$X/person_key.csv")" ",$fp,1," "a key is there by its fingerprint (BLAKE2b), and whether it opens \"Open my page\""

is "$(stat -c %a "$X")" 700 "the folder only its owner can open"
is "$(stat -c %a "$X"/* | sort -u)" 600 "every file only its owner can read"
is "$(/usr/bin/python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
p = j["tables"]["person"][0]
print(p["handle"], p["may_text"], j["tables"]["session_rpe"][0]["load"], j["exported_at"][:2])' "$X/person.json")" \
	"jdoe yes 420 20" "person.json parses: who, whether they may be texted, a session's load, when"

# A coach's export holds the scores they gave, and their choices.
coach=$(sql "$db" "SELECT id FROM person WHERE role = 'head_coach' LIMIT 1")
chandle=$(sql "$db" "SELECT handle FROM person WHERE id = $coach")
sql "$db" "INSERT OR REPLACE INTO coach_pref (person_id, digest, digest_at)
  VALUES ($coach, 1, '07:30');
INSERT INTO digest_sent (person_id, day, sent_at) VALUES ($coach, '2026-11-20', 1700000000);
INSERT INTO planned_session (squad_id, day, minutes, intended_rpe, description, coach_id, created_at)
  SELECT id, '2026-11-24', 90, 4, 'steady state', $coach, 1700000000 FROM squad ORDER BY id LIMIT 1;"
cox -C "$W" export person "@$chandle" --out "$T/coach"
X=$T/coach
n=$(sql "$db" "SELECT count(*) FROM rating WHERE rater_id = $coach AND source = 'coach'")
is "$rc:$(rows rating_given 2>&1)" "0:$n $n" "a coach's export has the $n scores they gave"
got= want=
while IFS='|' read -r name query; do
	n=$(sql "$db" "$query")
	got="$got $name:$(rows "$name" 2>&1)" want="$want $name:$n $n"
done < <(export_counts "$coach")
is "$got" "$want" "and every other table of theirs, counted the same"

# Removed from the roster: still theirs to ask for.
cox -C "$W" roster remove @soneill
cox -C "$W" export person @soneill --out "$T/removed"
is "$rc" 0 "a removed person can be exported"
is "$(/usr/bin/python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))["tables"]["person"][0]
print(p["active"], p["removed_at"] is not None, p["may_text"])' "$T/removed/person.json")" \
	"0 True removed" "and the export says they were removed"
(cd "$W" && "$COX" export person @tokafor >/dev/null 2>&1)
is "$(stat -c %a "$W/export-tokafor" 2>&1)" 700 "without --out, export-HANDLE in the current folder"

cox -C "$W" export person @nobody --out "$T/nobody"
like "$rc:$err" "^66:.*nobody on the roster matches '@nobody'" "an unknown handle is refused, named"
is "$(ls -d "$T/nobody" 2>/dev/null)" "" "and no folder is made for it"
cox -C "$W" export person @jdoe --out "$T/jane"
like "$rc:$err" "^73:.*File exists.*new folder" "an existing folder is not written into"
cox -C "$W" export person
like "$rc:$err" "^64:.*export person takes who" "who is needed"
cox -C "$W" export ratings --out "$T/x.csv"
like "$rc:$out" "^0:wrote [0-9]+ ratings rows to $T/x.csv" "export ratings --out is still short for --output"

done_testing
