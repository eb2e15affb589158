# Upgrades: a workspace made by the release before schema 6 (its cox.db
# in tests/data/v5-workspace) is migrated on first use and works: the
# data is kept, the link that release printed opens the rebuilt page,
# and new ratings are stored.
. "$(dirname "$0")/lib.sh"
plan 10

V=$DATA/v5-workspace
W=$T/club
mkdir -p "$W"
sqlite3 "$W/cox.db" <"$V/cox.sql"
cp "$V/cox.conf" "$W/cox.conf"
is "$(sql "$W/cox.db" "PRAGMA user_version")" 5 "the old database is at schema 5"
"$COX" init "$T/new" >/dev/null
want=$(sql "$T/new/cox.db" "PRAGMA user_version")

cox -C "$W" roster list
like "$out" "Jane Doe" "cox roster list reads it"
is "$(sql "$W/cox.db" "PRAGMA user_version")" "$want" "and migrates it to the current schema ($want)"
is "$(sql "$W/cox.db" "SELECT name FROM sqlite_schema WHERE name = 'attempt'")" attempt \
	"with the tables the new schema adds"
cox init "$W"
cox -C "$W" build
is "$rc" 0 "the migrated workspace builds"
link=$(cat "$V/jdoe.link")
file=${link#x/}
like "$(node "$COX_DATADIR/tests/browser/open.mjs" "$W/site/${file%%#*}index.html" "$link")" \
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

done_testing
