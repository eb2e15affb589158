# The daemons under systemd: cox sms serve and cox mail --watch say when
# they are ready and when they stop on the notify socket, ping the
# watchdog while they get on and not while the database thread is stuck
# with texts waiting; on the journal's stream a line carries its
# priority and no second timestamp, a hook does not inherit the socket.
. "$(dirname "$0")/lib.sh"
plan 13

W=$T/ws
demo_sms "$W" https://sms.riverside.example twilio-test-token
conf_set "$W/cox.conf" mail coaches "head.coach@example.org, priya.coach@example.org"
conf_set "$W/cox.conf" mail authserv_id mx.club.example
mkdir -p "$W/hooks"
printf '#!/bin/sh\necho "socket=${NOTIFY_SOCKET:-none} usec=${WATCHDOG_USEC:-none}" >>"%s/hook.env"\n' "$T" \
	>"$W/hooks/post-ingest"
chmod +x "$W/hooks/post-ingest"
P=https://sms.riverside.example/twilio/sms
/usr/bin/python3 "$COX_DATADIR/tests/notify-listen.py" "$T/notify.sock" "$T/notify.log" &
listener=$!
at_exit "kill $listener"
wait_for 5 test -S "$T/notify.sock"

: >"$T/sms.log"
JOURNAL_STREAM=$(stat -c '%d:%i' "$T/sms.log") NOTIFY_SOCKET=$T/notify.sock \
	WATCHDOG_USEC=1000000 sms_start "$W"
wait_for 5 grep -q "READY=1" "$T/notify.log"
like "$(cat "$T/notify.log")" "READY=1\|STATUS=answering texts" "cox sms serve tells systemd it is ready"
sleep 1.6
pings=$(grep -c "WATCHDOG=1" "$T/notify.log")
[ "$pings" -ge 2 ] && pass "an idle daemon pings the watchdog at half its interval ($pings in 1.6 s)" ||
	fail "an idle daemon pings the watchdog at half its interval ($pings in 1.6 s)"
like "$(head -1 "$T/sms.log")" "^<6>cox sms: " "on the journal's stream a line starts with its priority"
unlike "$(cat "$T/sms.log")" "[0-9]{4}-[0-9]{2}-[0-9]{2}T" "and carries no timestamp of its own"

# The database locked by another writer for 4 s: the text taken waits,
# the next queues behind it, and the watchdog hears nothing meanwhile.
(echo "BEGIN EXCLUSIVE;"; sleep 4; echo "COMMIT;") | sqlite3 -batch "$W/cox.db" &
locker=$!
sleep 0.3
sms_text "$P" twilio-test-token +447700900101 SYS1 "sleep 2" >/dev/null &
one=$!
sleep 0.3
sms_text "$P" twilio-test-token +447700900102 SYS2 "sleep 3" >/dev/null &
two=$!
sleep 2.5
during=$(grep -c "WATCHDOG=1" "$T/notify.log")
# the gap read once the lock is gone and a ping came again, so that it
# spans all the time the thread was stuck, however late a loaded
# machine delivered the texts that stuck it
wait "$locker"
sleep 0.6
gap=$(awk '/WATCHDOG=1/ { if (last != "" && $1 - last > g) g = $1 - last; last = $1 }
	END { printf "%.1f", g }' "$T/notify.log")
like "$gap" "^([2-9]|1\.[5-9])" "no ping for 1.5 s and more while the database thread is stuck with texts waiting (longest gap $gap s; idle 0.5)"
like "$(cat "$T/sms.log")" "<3>cox sms: error: the database thread has stored nothing" \
	"and the log says why, as an error"
wait "$one" "$two"
sleep 1.2
after=$(grep -c "WATCHDOG=1" "$T/notify.log")
[ "$after" -gt "$during" ] && pass "pings come again once it got on" || fail "pings come again once it got on"
sms_stop
hooks_quiet
is "$(sort -u "$T/hook.env")" "socket=none usec=none" "the texts' post-ingest runs do not inherit it either"
wait_for 5 grep -q "STOPPING=1" "$T/notify.log"
like "$(tail -1 "$T/notify.log")" "STOPPING=1" "SIGTERM: it tells systemd it is stopping"

# cox mail --watch: ready and pinging; no hook (the texts' runs above
# nor this one's) sees systemd's socket
: >"$T/notify.log"
rm -f "$T/hook.env"
mkdir "$T/mroot"	# the watcher makes the Maildir it is told to watch
NOTIFY_SOCKET=$T/notify.sock WATCHDOG_USEC=1000000 \
	"$COX" -C "$W" mail --maildir "$T/mroot/Maildir" --watch >"$T/mail.log" 2>&1 &
mail=$!
wait_for 5 grep -q "READY=1" "$T/notify.log"
like "$(cat "$T/notify.log")" "READY=1\|STATUS=watching for mail" "cox mail --watch tells systemd it is ready"
is "$(cd "$T/mroot/Maildir" 2>/dev/null && stat -c '%n %a' . new cur tmp | tr '\n' ' ')" ". 700 new 700 cur 700 tmp 700 " \
	"a Maildir that is not there yet is made, the user's only, not restarted on"
cp "$COX_DATADIR/tests/data/mail/thunderbird-qp-1252.eml" "$T/mroot/Maildir/new/1.eml"
wait_for 10 test -s "$T/hook.env"
is "$(sort -u "$T/hook.env")" "socket=none usec=none" "the post-ingest hook does not inherit the daemon's notify socket"
sleep 1.2
[ "$(grep -c "WATCHDOG=1" "$T/notify.log")" -ge 2 ] && pass "the watcher pings the watchdog" ||
	fail "the watcher pings the watchdog"
kill -TERM "$mail"; wait "$mail"
done_testing
