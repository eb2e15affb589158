# kill -9 cox sms serve during a burst of texts, restart it, while the
# sender retries each text until it gets a 200 (as Twilio does): every
# text is stored exactly once and answered.
. "$(dirname "$0")/lib.sh"
plan 4

N=${SMS_CRASH_TEXTS:-2000}
W=$T/ws
"$COX" demo "$W" >/dev/null 2>&1 || { echo "Bail out! cox demo failed"; exit 1; }
db=$W/cox.db
printf 'tok\n' >"$T/token"
# this test's own Twilio settings replace the demo's
sed -i '/^\(public_url\|auth_token_file\|from\) = /d' "$W/cox.conf"
sed -i "s|^\[sms\]\$|[sms]\npublic_url = https://sms.example\nauth_token_file = $T/token|" "$W/cox.conf"
port=$(free_port)
trap 'kill $pid $burst 2>/dev/null; rm -rf "$T"' EXIT

start() { "$COX" -C "$W" sms serve --listen "127.0.0.1:$port" 2>>"$T/serve.log" & pid=$!; }
start
/usr/bin/python3 "$COX_DATADIR/tests/sms-burst.py" "http://127.0.0.1:$port/twilio/sms" \
	"https://sms.example/twilio/sms" tok +447700900101 "$N" SMcrash >"$T/burst.out" 2>&1 &
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
is "$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'in' AND provider_id LIKE 'SMcrash%'")" "$N" \
	"every text is stored exactly once"
is "$(sql "$db" "SELECT count(*) FROM wellness w JOIN message m ON m.id = w.message_id WHERE m.provider_id LIKE 'SMcrash%'")" "$N" \
	"with exactly one check-in each"
is "$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'out' AND provider_id LIKE 'reply:SMcrash%'")" "$N" \
	"and exactly one stored reply each"
kill $pid 2>/dev/null

done_testing
