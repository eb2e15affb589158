# kill -9 at random moments while cox mail works through a 1,000-message
# Maildir, then restart it until it is done: nothing lost, nothing
# stored twice, every message answered once.
. "$(dirname "$0")/lib.sh"
plan 7

N=${MAIL_CRASH_MESSAGES:-1000}
W=$T/ws
demo_workspace "$W"
conf_set "$W/cox.conf" mail coaches head.coach@example.org
db=$W/cox.db
before=$(sql "$db" "SELECT count(*) FROM rating")
replies=$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'out' AND kind = 'reply'")
stored=$(sql "$db" "SELECT count(*) FROM ingest WHERE outcome = 'stored'")
md=$T/Maildir; mkdir -p "$md/new" "$md/cur" "$md/tmp"
# each message rates its own day: a later email for the same athlete,
# metric and day would be a correction of the earlier one
athletes=(@jdoe @soneill @tokafor @lgarcia @mchen @obrown @hwilson @cmartin @akhan @ejones @glee @znovak)
for i in $(seq 1 "$N"); do
	printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org\nFrom: Alex Carter <head.coach@example.org>\nSubject: r%d\nMessage-ID: <crash-%d@example.org>\nContent-Type: text/plain\n\ndate: %04d-%02d-%02d\n%s:\n  technique %d  note-%d\n' \
		"$i" "$i" $((2020 + i / 336)) $((i / 28 % 12 + 1)) $((i % 28 + 1)) "${athletes[$((i % 12))]}" $((i % 5 + 1)) "$i" >"$md/tmp/$i.host"
	mv "$md/tmp/$i.host" "$md/new/$i.host"
done

kills=0
for round in $(seq 1 60); do
	[ -z "$(ls "$md/new")" ] && break
	"$COX" -C "$W" mail --maildir "$md" --watch >/dev/null 2>>"$T/mail.log" &
	pid=$!
	sleep "0.0$((RANDOM % 9 + 1))"
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
done
"$COX" -C "$W" mail --maildir "$md" >/dev/null 2>>"$T/mail.log"
[ "$kills" -ge 3 ] && pass "cox mail was killed with SIGKILL $kills times" \
	|| fail "cox mail was killed often enough" "only $kills kills"

is "$(ls "$md/new" | wc -l)" 0 "new/ is empty in the end"
is "$(ls "$md/cur" | wc -l)" "$N" "every message reached cur/ exactly once"
is "$(sql "$db" "SELECT count(*) - $before FROM rating")" "$N" "one rating per message: none lost, none twice"
is "$(sql "$db" "SELECT count(DISTINCT comment) FROM rating WHERE comment LIKE 'note-%'")" "$N" \
	"and each message's own"
is "$(sql "$db" "SELECT count(*) - $replies FROM message WHERE direction = 'out' AND kind = 'reply'")" "$N" \
	"exactly one reply queued per message"
is "$(sql "$db" "SELECT count(*) - $stored FROM ingest WHERE outcome = 'stored'")" "$N" "the ledger has each once, stored"

done_testing
