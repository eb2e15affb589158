# kill -9 at random moments while cox mail --imap works through 300
# messages in a real Dovecot mailbox, then run it until it is done:
# nothing lost, nothing stored twice, every message answered once and
# flagged \Seen in the end.
. "$(dirname "$0")/lib.sh"

. "$COX_DATADIR/tests/imap-server.sh"
imap_require
plan 6

N=${IMAP_CRASH_MESSAGES:-300}
W=$T/ws
demo_workspace "$W"
db=$W/cox.db
port=$(free_port)
imap_start "$T/dovecot" "$port" || { echo "Bail out! dovecot did not start"; exit 1; }
at_exit imap_stop
conf_set "$W/cox.conf" mail imap_ca_file "$IMAP_DIR/ca.pem"
export COX_MAIL_IMAP_PASSWORD=$IMAP_PASSWORD
URL=imaps://coach@127.0.0.1:$port/INBOX
before=$(sql "$db" "SELECT count(*) FROM rating")
replies=$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'out' AND kind = 'reply'")
# each message rates its own day: a later email for the same athlete,
# metric and day would be a correction of the earlier one
athletes=(@jdoe @soneill @tokafor @lgarcia @mchen @obrown @hwilson @cmartin @akhan @ejones @glee @znovak)
for i in $(seq 1 "$N"); do
	printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org\nFrom: Alex Carter <head.coach@example.org>\nSubject: r%d\nMessage-ID: <icrash-%d@example.org>\nContent-Type: text/plain\n\ndate: %04d-%02d-%02d\n%s:\n  technique %d  inote-%d\n' \
		"$i" "$i" $((2020 + i / 336)) $((i / 28 % 12 + 1)) $((i % 28 + 1)) "${athletes[$((i % 12))]}" $((i % 5 + 1)) "$i" | imap_deliver "$i.host"
done

# A whole run takes about half a second; each is killed within 0.3 s
# of its start, so the work spans several runs (kills land before,
# during and after a batch's commit) instead of the first doing it all.
kills=0
for round in $(seq 1 60); do
	[ "$(sql "$db" "SELECT count(*) FROM ingest WHERE source = 'imap'")" -ge "$N" ] && break
	"$COX" -C "$W" mail --imap "$URL" >/dev/null 2>>"$T/mail.log" &
	pid=$!
	sleep "$((RANDOM % 30))e-2"
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
	echo "run $round: $kills kills, $(sql "$db" "SELECT count(*) FROM ingest WHERE source = 'imap'") stored" >>"$T/runs"
done
"$COX" -C "$W" mail --imap "$URL" >/dev/null 2>>"$T/mail.log"
"$COX" -C "$W" mail --imap "$URL" >/dev/null 2>>"$T/mail.log"	# flags what a kill left
[ "$kills" -ge 3 ] && pass "cox mail --imap was killed with SIGKILL $kills times" \
	|| fail "cox mail --imap was killed often enough" "only $kills kills: $(cat "$T/runs")"
is "$(sql "$db" "SELECT count(*) - $before FROM rating")" "$N" "one rating per message: none lost, none twice"
is "$(sql "$db" "SELECT count(DISTINCT comment) FROM rating WHERE comment LIKE 'inote-%'")" "$N" \
	"and each message's own"
is "$(sql "$db" "SELECT count(*) - $replies FROM message WHERE direction = 'out' AND kind = 'reply'")" "$N" \
	"exactly one reply queued per message"
is "$(sql "$db" "SELECT count(*) FROM ingest WHERE source = 'imap' AND outcome = 'stored'")" "$N" \
	"the ledger has each once, stored"
is "$(ls "$IMAP_MAILDIR/cur" | grep -c ':2,S$')" "$N" "and in the end every message is flagged \\Seen"

done_testing
