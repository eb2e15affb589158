# Upgrades: a workspace made by the release before schema 6 (its cox.db
# in tests/data/v5-workspace) is migrated on first use and works: the
# data is kept, the link that release printed opens the rebuilt page,
# and new ratings are stored.  Before migrating, cox waits for another
# program holding cox.db (an older cox's daemon) and refuses, saying
# what to stop, while it still does; then it copies cox.db beside it,
# named for its schema, and says what it migrated from and to; the
# database records the migration and the cox that last opened it.
. "$(dirname "$0")/lib.sh"
plan 22

V=$DATA/v5-workspace
W=$T/club
mkdir -p "$W"
sqlite3 "$W/cox.db" <"$V/cox.sql"
cp "$V/cox.conf" "$W/cox.conf"
is "$(sql "$W/cox.db" "PRAGMA user_version")" 5 "the old database is at schema 5"
"$COX" init "$T/new" >/dev/null
want=$(sql "$T/new/cox.db" "PRAGMA user_version")

is "$("$COX" --version | head -1)" "cox $(cat "$COX_DATADIR/VERSION")" "cox --version says VERSION's"
is "$(cat "$COX_DATADIR/VERSION")" "0.2.0" "this release is 0.2.0"

# an older cox's daemon holds cox.db open (a connection keeps a lock on
# its -shm): the upgrade waits, then refuses and changes nothing
python3 -c '
import sqlite3, sys, time, os
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA journal_mode = WAL").fetchall()
c.execute("SELECT count(*) FROM person").fetchall()
open(sys.argv[2], "w").close()
while not os.path.exists(sys.argv[3]):
	time.sleep(0.05)' "$W/cox.db" "$T/held" "$T/release" &
holder=$!
at_exit 'touch $T/release'
wait_for 60 test -e "$T/held"
cox -C "$W" roster list
like "$rc:$err" "^75:.*open in pid $holder \(.*python3.*\), a program other than this cox.*waiting" \
	"a migration waits for an older program holding cox.db"
like "$err" "is at schema 5 \(cox 0\.1\.0 or before\) and open in pid $holder.*stop it \(systemctl stop 'cox-\*@TEAM'\), then run this cox [0-9.]+ again to migrate it; nothing was changed" \
	"and refuses while it holds it, saying what to do"
is "$(sql "$W/cox.db" "PRAGMA user_version"):$(ls "$W" | grep -c '\.bak$')" "5:0" "nothing was migrated or copied"
touch "$T/release"
wait "$holder"

cox -C "$W" roster list
like "$out" "Jane Doe" "cox roster list reads it"
is "$err" "cox: migrated from schema 5 (cox 0.1.0 or before) to $want (cox $(cat "$COX_DATADIR/VERSION")), backup at $W/cox.db.v5.bak" \
	"the migration is said: from, to and where the copy is"
is "$(sql "$W/cox.db.v5.bak" "PRAGMA user_version"):$(sql "$W/cox.db.v5.bak" "SELECT count(*) FROM person WHERE name = 'Jane Doe'"):$(stat -c %a "$W/cox.db.v5.bak")" \
	"5:1:600" "the copy is the old database, whole, and the team's only"
is "$(sql "$W/cox.db" "SELECT from_schema || ' ' || to_schema || ' ' || from_cox || ' ' || to_cox || ' ' || backup FROM upgrade")" \
	"5 $want  $(cat "$COX_DATADIR/VERSION") $W/cox.db.v5.bak" "the database records the migration"
is "$(sql "$W/cox.db" "SELECT value FROM meta WHERE key = 'cox_version'")" "$(cat "$COX_DATADIR/VERSION")" \
	"and the cox that last opened it"
cox -C "$W" roster list
is "$err" "" "the next command migrates nothing and says nothing"
cox -C "$W" status
like "$out" "cox $(cat "$COX_DATADIR/VERSION"), schema $want; migrated from schema 5 \(cox 0\.1\.0 or before\) [0-9]+ s ago, copy before it at $W/cox\.db\.v5\.bak" \
	"cox status says which cox and schema, and the last migration"
is "$(sql "$W/cox.db" "PRAGMA user_version")" "$want" "and migrates it to the current schema ($want)"
is "$(sql "$W/cox.db" "SELECT name FROM sqlite_schema WHERE name = 'attempt'")" attempt \
	"with the tables the new schema adds"
cox init "$W"
cox -C "$W" build
is "$rc" 0 "the migrated workspace builds"
link=$(cat "$V/jdoe.link")
file=${link#x/}
like "$(open_mjs "$W/site/${file%%#*}index.html" "$link")" \
	"<h1[^>]*>Jane Doe</h1>" "the link the old release printed opens the new page"
is "$("$COX" -C "$W" link --base x/ @jdoe | cut -f2)" "$link" "and cox link still gives that link"
# the old release believed From alone; the new one quarantines a coach's
# email until the mail server is named, and says so
printf 'From: Sam Coach <coach@club.example>\nTo: team@club.example\nSubject: ratings\nMessage-ID: <v6-0@club.example>\nContent-Type: text/plain\n\ndate: 2026-11-29\nJane Doe:\n  technique 2\n' |
	"$COX" -C "$W" mail --stdin 2>"$T/mail.err"
like "$(sql "$W/cox.db" "SELECT outcome || ': ' || reason FROM ingest ORDER BY id DESC LIMIT 1")" \
	"^quarantined: not authenticated: \[mail\] authserv_id is not set" \
	"after the upgrade, a coach's email no server vouched for is quarantined"
like "$(cat "$T/mail.err")" "authserv_id is not set: every coach email is quarantined until it is" \
	"and cox mail says why on every run"
conf_set "$W/cox.conf" mail authserv_id mx.club.example
printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=club.example\nFrom: Sam Coach <coach@club.example>\nTo: team@club.example\nSubject: ratings\nMessage-ID: <v6-1@club.example>\nContent-Type: text/plain\n\ndate: 2026-11-29\nJane Doe:\n  technique 5\n' |
	"$COX" -C "$W" mail --stdin 2>/dev/null
is "$(sql "$W/cox.db" "SELECT group_concat(score) FROM rating WHERE source = 'coach' ORDER BY id")" "4,5" \
	"a new rating is stored beside the old one"

# a cox older than the one that last opened it is warned of
sql "$W/cox.db" "UPDATE meta SET value = '9.0.0' WHERE key = 'cox_version'"
cox -C "$W" roster list
like "$err" "cox.db was last opened by cox 9\.0\.0, newer than this one" "a downgrade is said"

done_testing
