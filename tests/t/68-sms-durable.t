# A text answered 200 survives a power cut.  cox sms serve runs with
# tests/powercut.c preloaded, a disk that keeps only what was synced
# (each sync slowed down to 20 ms); under a stream of texts, retried as
# Twilio retries until each gets a 200, the daemon is killed at random
# moments and the database put back as a power cut would leave it.
# Every text answered 200 is then still stored, and no retry stores a
# text twice.  The writer commits without syncing: had a batch been
# answered before the syncer synced the log, the cut would lose texts
# that had their 200.  And when the disk fails to sync the log, the
# text is answered 503 (Twilio retries it) and the failure logged; the
# retry is answered 200 and stores the text once.
. "$(dirname "$0")/lib.sh"
plan 11

N=${SMS_DURABLE_TEXTS:-1500}
CUT=${COX_POWERCUT:-$COX_DATADIR/build/asan/powercut.so}
W=$T/ws
demo_sms "$W" https://sms.example tok
db=$W/cox.db
port=$(free_port)
at_exit 'kill $pid $burst 2>/dev/null'
[ -f "$CUT" ] || { echo "Bail out! no $CUT (make build/asan/powercut.so)"; exit 1; }

# what the disk holds to begin with: the workspace as cox demo left it
for f in "$db" "$db-wal"; do
	rm -f "$f.synced"
	[ ! -e "$f" ] || cp "$f" "$f.synced"
done
starts=0
start() {
	starts=$((starts + 1))
	LD_PRELOAD=$CUT POWERCUT_DB=$db POWERCUT_DELAY_MS=20 \
	ASAN_OPTIONS=${ASAN_OPTIONS:-}:verify_asan_link_order=0 \
		"$COX" -C "$W" sms serve --listen "127.0.0.1:$port" 2>>"$T/serve.log" & pid=$!
}
# the files as they are after the power comes back
power_cut() {
	local f
	for f in "$db" "$db-wal"; do
		if [ -e "$f.synced" ]; then cp "$f.synced" "$f"; else rm -f "$f"; fi
	done
	rm -f "$db-shm"
}

# waits until the daemon started last listens (10 s at most): each
# start logs one "listening on", also those nobody waited for
listening() {
	for _ in $(seq 100); do
		[ "$(grep -c 'listening on' "$T/serve.log")" -ge $starts ] && break
		sleep 0.1
	done
}

start
/usr/bin/python3 "$COX_DATADIR/tests/sms-burst.py" "http://127.0.0.1:$port/twilio/sms" \
	"https://sms.example/twilio/sms" tok +447700900101 "$N" SMd1 >"$T/burst.out" 2>&1 &
burst=$!
kills=0
while kill -0 $burst 2>/dev/null && [ $kills -lt 12 ]; do
	listening	# a cut while it starts up would prove little
	sleep "0.$((RANDOM % 4))$((RANDOM % 10))"
	kill -9 $pid 2>/dev/null && kills=$((kills + 1))
	wait $pid 2>/dev/null
	power_cut
	start
done
wait $burst
burst_rc=$?
[ $kills -ge 3 ] && pass "the power was cut $kills times during the stream of texts" \
	|| fail "the power was cut during the stream of texts" "only $kills times"
is "$burst_rc" 0 "every text got a 200 in the end"
kill $pid 2>/dev/null
wait $pid
is "$(sql "$db" "SELECT count(*), count(DISTINCT sid) FROM message WHERE direction = 'in' AND sid LIKE 'SMd1%'")" \
	"$N|$N" "every text answered 200 is stored, exactly once"
is "$(sql "$db" "SELECT count(*) FROM wellness w JOIN message m ON m.id = w.message_id WHERE m.sid LIKE 'SMd1%'")" "$N" \
	"with exactly one check-in each"
is "$(sql "$db" "PRAGMA integrity_check")" ok "the database is sound after every cut"

# a disk that fails the log's sync for a while
sid_text() {	# sid_text N: a signed text with MessageSid number N; its status
	/usr/bin/python3 "$COX_DATADIR/tests/twilio-post.py" "http://127.0.0.1:$port/twilio/sms" \
		https://sms.example/twilio/sms tok From=+447700900101 To=+15005550006 \
		"MessageSid=$(printf 'SMd2%030x' "$1")" "Body=sleep 4 stress 2" \
		AccountSid=AC00000000000000000000000000000000 NumMedia=0 | sed -n 1p
}
start
listening
codes="$(sid_text 1)"	# the log is started, and its header synced
touch "$db.fail"
codes="$codes $(sid_text 2)"
rm "$db.fail"
codes="$codes $(sid_text 2)"
is "$codes" "200 503 200" "a text whose commit could not be synced is answered 503, its retry 200"
like "$(cat "$T/serve.log")" "syncing the log: Input/output error" "the failing sync is logged"
like "$(cat "$T/serve.log")" "1 request answered 503" "and the answer it caused"
is "$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'in' AND sid = '$(printf 'SMd2%030x' 2)'")" 1 \
	"the text answered 503 and its retry are stored once"
kill $pid 2>/dev/null
wait $pid

# a stream of texts with no cut: the log is copied into the database
# and starts over (its header's checkpoint count goes up), rather than
# growing for as long as the stream lasts; this build copies it in past
# 32 pages and starts it over past 128 (lib/db.c)
wal_restarts() {
	if [ -s "$db-wal" ]; then od -An -tu4 --endian=big -j12 -N4 "$db-wal" | tr -d ' '
	else echo 0; fi
}
start
listening
restarts=$(wal_restarts)
/usr/bin/python3 "$COX_DATADIR/tests/sms-burst.py" "http://127.0.0.1:$port/twilio/sms" \
	"https://sms.example/twilio/sms" tok +447700900101 "$N" SMd3 >"$T/burst3.out" 2>&1 &
burst=$!
most=0
while kill -0 $burst 2>/dev/null; do
	size=$(stat -c %s "$db-wal")
	[ "$size" -le "$most" ] || most=$size
	sleep 0.05
done
wait $burst
[ "$(wal_restarts)" -gt "$restarts" ] && pass "the log started over during the stream" \
	|| fail "the log started over during the stream" "checkpoint count $restarts, then $(wal_restarts)"
[ "$most" -lt 2000000 ] && pass "and stayed short ($most bytes at most)" \
	|| fail "the log stayed short" "$most bytes"
echo "# the log: $most bytes at most, started over $(($(wal_restarts) - restarts)) times"
kill $pid 2>/dev/null
wait $pid

done_testing
