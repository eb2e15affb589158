# cox roster erase, while cox sms serve runs, leaves no byte of the
# person behind: cox.db and the log the daemon keeps hold neither their
# name, handle, address, number nor what they wrote, not even in free
# pages a library without secure_delete left; nor does a backup made
# after; and the daemon goes on storing texts.  The lines
# of others' texts that named them (a coach's block of their scores, a
# teammate's note and the answer it was given, the reply that listed
# them) read [erased], and the
# rest of those texts stays.  What cox prune deletes is gone from the
# files too.
. "$(dirname "$0")/lib.sh"
plan 29

W=$T/ws
db=$W/cox.db
P=https://sms.riverside.example/twilio/sms
demo_sms "$W" "${P%/twilio/sms}" tok-erase
sms_start "$W"
zoe=$(sql "$db" "SELECT id FROM person WHERE handle = 'znovak'")
slug=$(sql "$db" "SELECT slug FROM person WHERE id = $zoe")
mei=$(sql "$db" "SELECT id FROM person WHERE handle = 'mchen'")

# What names her: a coach's email with a block of her scores (by handle,
# a comment giving her number as people write it) beside Mei's; a
# teammate's note and one of her own, texted; a number she had once,
# deleted by a library built without secure_delete (bytes left in a
# free page).
coach_email "$W" "date: 2026-11-20\n\n@znovak:\n  technique 3  text me on 07700 900206 before Friday\n  fitness 4\n\nMei Chen:\n  technique 4  steady pressure\n"
is "$rc" 0 "the coach's email naming her is stored"
coach_msg=$(sql "$db" "SELECT max(id) FROM message WHERE direction = 'in' AND channel = 'email'")
text +447700900106 mei1 "note ZOE NOVAK took my seat, ask her"
text +447700900206 zoe1 "note quokka-lantern knee again"
is "$(sql "$db" "SELECT count(*) FROM message WHERE body IN ('note ZOE NOVAK took my seat, ask her',
  'note quokka-lantern knee again')")" 2 \
	"the daemon stores both notes"
# an answer that quotes what it answers names her as the text does
sql "$db" "UPDATE message SET answer = answer || ' (note ZOE NOVAK took my seat)'
  WHERE body = 'note ZOE NOVAK took my seat, ask her'" >/dev/null
sqlite3 "$db" "PRAGMA secure_delete = OFF;
  INSERT INTO phone (person_id, e164) VALUES ($zoe, '+447700900299');
  DELETE FROM phone WHERE e164 = '+447700900299';" >/dev/null ||
	{ echo "Bail out! cannot leave a deleted number in a free page"; exit 1; }

# traces FILE...: how many of her marks the files hold, as bytes
traces() {
	local f n=0
	for f in "$@"; do
		[ -f "$f" ] || continue
		n=$((n + $(grep -a -c -i -e 'zoe novak' -e znovak -e zoe.novak@example.org \
			-e 7700900206 -e '07700 900206' -e 7700900299 -e quokka-lantern -e "$slug" "$f")))
	done
	echo "$n"
}
[ -s "$db-wal" ] || { echo "Bail out! the daemon keeps no log"; exit 1; }
isnt "$(traces "$db-wal")" 0 "before: the daemon's log holds her"
isnt "$(traces "$db")" 0 "and so does cox.db"
isnt "$(cat "$db" "$db-wal" | grep -a -c 7700900299)" 0 \
	"and the number deleted without secure_delete is still in them"

cox -C "$W" roster erase @znovak
like "$out" "and in others' texts .*each line that names them" "the dry run says others' texts that name her change"
is "$(sql "$db" "SELECT count(*) FROM message WHERE body LIKE '%Zoe Novak%'")" 4 "and changes none"

cox -C "$W" roster erase --yes @znovak
is "$rc" 0 "erase --yes exits 0"
# the two coach emails, the replies that listed her, Mei's note
like "$out" "  5 texts, notes and comments of others named them: those lines now read \[erased\]" "says how many texts of others named her"
like "$out" "cox.db: rewritten without its free pages and its log emptied" "and that cox.db was compacted"
is "$(traces "$db" "$db-wal")" 0 "after: no byte of cox.db or its log names her"

body=$(sql "$db" "SELECT body FROM message WHERE id = $coach_msg")
is "$(printf '%s\n' "$body" | grep -c '^\[erased\]$')" 3 "her block in the coach's email reads [erased], line by line"
like "$body" "Mei Chen:
  technique 4  steady pressure" "Mei's block is as the coach wrote it"
is "$(sql "$db" "SELECT count(*) FROM rating r JOIN message m ON m.id = r.message_id
  WHERE m.id = $coach_msg AND r.athlete_id = $mei")" 1 "and her rating still points at it"
is "$(sql "$db" "SELECT body || '|' || answer FROM message WHERE person_id = $mei AND kind = 'note'")" \
	"[erased]|[erased]" "the teammate's note that named her reads [erased], and so does its answer"
text +447700900106 mei2 "note erg at 7 tomorrow"
is "$(sql "$db" "SELECT count(*) FROM message WHERE body = 'note erg at 7 tomorrow'")" 1 \
	"the daemon goes on storing texts"
sms_stop
is "$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'reply' AND body LIKE '%[erased]%'")" 2 \
	"the replies that listed her scores say [erased] where they did"
is "$(sql "$db" "PRAGMA foreign_key_check" | wc -l)" 0 "no row points at one that went"
is "$(sql "$db" "PRAGMA integrity_check")" ok "cox.db is whole"

# the dashboard, built again, names her nowhere
cox -C "$W" build
is "$rc" 0 "the site builds after"
is "$(grep -r -l -i 'zoe novak' "$W/site" --exclude-dir=.git | wc -l)" 0 "and no file of it names her in clear"

# a backup made after holds nothing of her either
printf 'wharf-lantern-copper-88\n' >"$T/pass"
chmod 600 "$T/pass"
conf_set "$W/cox.conf" backup passphrase_file "$T/pass"
cox -C "$W" backup "$T/after.coxbak" </dev/null
is "$rc" 0 "a backup after the erasure"
run "$COX" restore --passphrase-file "$T/pass" "$T/after.coxbak" "$T/restored" </dev/null
is "$rc" 0 "restores"
is "$(traces "$T/restored/cox.db")" 0 "and its cox.db holds no byte naming her"

# --compact does the compaction alone, and names nobody
cox -C "$W" roster erase --compact
like "$rc:$out" "^0:cox.db: rewritten without its free pages and its log emptied" \
	"roster erase --compact compacts"
cox -C "$W" roster erase --compact @mchen
is "$rc" 64 "and takes nobody"
# another process writing all along (past the busy timeout, until
# killed):
# said, with what to run, and exit 75 (try again later)
/usr/bin/python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(60)' "$db" "$T/locked" &
holder=$!
wait_for 5 test -e "$T/locked"
cox -C "$W" roster erase --compact
like "$rc:$(printf '%s\n' "$err" | tail -1)" \
	"^75:.*another process was writing cox.db all along.*--compact once it is done" \
	"a compaction that cannot have cox.db says so and exits 75"
kill "$holder"
wait "$holder" 2>/dev/null

# cox prune: a check-in note past keep_months goes from the files too
sql "$db" "INSERT INTO wellness (athlete_id, day, sleep, note, created_at)
  VALUES ($mei, date('now', '-90 days'), 3, 'tapir-velvet shin splints', strftime('%s', 'now', '-90 days'))"
conf_set "$W/cox.conf" privacy keep_months 1
cox -C "$W" prune
like "$rc:$out" "^0:deleted [1-9][0-9]* check-ins" "cox prune deletes the old check-ins"
is "$(cat "$db" "$db-wal" 2>/dev/null | grep -a -c tapir-velvet)" 0 "and no byte of cox.db or its log holds the old note"
