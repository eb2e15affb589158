# kill -9 cox sms serve during a burst of texts, restart it, while the
# sender retries each text until it gets a 200 (as Twilio does): every
# text is stored exactly once and answered.  Then SIGTERM during a
# burst: the daemon finishes what it holds and exits 0, every time.
. "$(dirname "$0")/lib.sh"
plan 6

N=${SMS_CRASH_TEXTS:-2000}
W=$T/ws
demo_sms "$W" https://sms.example tok
db=$W/cox.db
port=$(free_port)
at_exit 'kill $pid $burst 2>/dev/null'

start() { "$COX" -C "$W" sms serve --listen "127.0.0.1:$port" 2>>"$T/serve.log" & pid=$!; }
start
/usr/bin/python3 "$COX_DATADIR/tests/sms-burst.py" "http://127.0.0.1:$port/twilio/sms" \
	"https://sms.example/twilio/sms" tok +447700900101 "$N" SMc1 >"$T/burst.out" 2>&1 &
burst=$!
kills=0
while kill -0 $burst 2>/dev/null && [ $kills -lt 15 ]; do
	sleep "0.0$((RANDOM % 9 + 1))"
	kill -9 $pid 2>/dev/null && kills=$((kills + 1))
	wait $pid 2>/dev/null
	start
done
wait $burst
[ $kills -ge 3 ] && pass "the daemon was killed $kills times during the burst" \
	|| fail "the daemon was killed during the burst" "only $kills times"
is "$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'in' AND sid LIKE 'SMc1%'")" "$N" \
	"every text is stored exactly once"
is "$(sql "$db" "SELECT count(*) FROM wellness w JOIN message m ON m.id = w.message_id WHERE m.sid LIKE 'SMc1%'")" "$N" \
	"with exactly one check-in each"
is "$(sql "$db" "SELECT count(answer) FROM message WHERE direction = 'in' AND sid LIKE 'SMc1%'")" "$N" \
	"and its reply kept with each"

# SIGTERM in the middle of a burst: a clean stop each time, nothing lost
kill $pid 2>/dev/null
wait $pid 2>/dev/null
start
/usr/bin/python3 "$COX_DATADIR/tests/sms-burst.py" "http://127.0.0.1:$port/twilio/sms" \
	"https://sms.example/twilio/sms" tok +447700900101 3000 SMc2 >"$T/burst2.out" 2>&1 &
burst=$!
terms=0 clean=0 codes=
listening() { for _ in $(seq 100); do [ "$(grep -c 'listening on' "$T/serve.log")" -gt "$1" ] && return; sleep 0.02; done; }
while kill -0 $burst 2>/dev/null && [ $terms -lt 8 ]; do
	listening "$(grep -c 'listening on' "$T/serve.log")"	# not during start-up
	sleep "0.$((RANDOM % 2))$((RANDOM % 10))"
	kill -TERM $pid 2>/dev/null && terms=$((terms + 1))
	wait $pid
	st=$?
	codes="$codes $st"
	[ $st = 0 ] && clean=$((clean + 1))
	start
done
wait $burst
[ "$terms" -ge 3 ] && [ "$clean" = "$terms" ] && pass "SIGTERM during a burst, $terms times: the daemon exits 0 every time" ||
	fail "SIGTERM during a burst: the daemon exits 0 every time" "exit statuses:$codes" "$(grep -v 'text\|stored' "$T/serve.log" | tail -5)"
is "$(sql "$db" "SELECT count(*), count(DISTINCT sid) FROM message WHERE direction = 'in' AND sid LIKE 'SMc2%'")" \
	"3000|3000" "and every text of that burst is stored exactly once"
kill $pid 2>/dev/null

done_testing
