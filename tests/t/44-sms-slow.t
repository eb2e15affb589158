# Slow clients cannot take every connection of cox sms serve: each
# address gets [sms] connections_per_address at once, so 300 slowloris
# connections from one address leave room for Twilio's texts; on
# loopback, behind a proxy, the default leaves the proxy's one address
# the daemon's every connection, and headers still coming 15 s after a
# connection opened are cut off, so slow clients let go of them.
. "$(dirname "$0")/lib.sh"
plan 7

W=$T/ws
demo_sms "$W" https://sms.example tok connections_per_address=20
sms_start "$W"
/usr/bin/python3 "$COX_DATADIR/tests/slow-clients.py" 127.0.0.1 "$SMS_PORT" 300 >"$T/slow.out" 2>&1 &
slow=$!
at_exit 'kill $slow 2>/dev/null'
for _ in $(seq 200); do grep -q open "$T/slow.out" && break; sleep 0.1; done
kept=$(sed -n 's/^open //p' "$T/slow.out")
[ "${kept:-999}" -le 20 ] && pass "one address keeps at most 20 connections ($kept of 300)" \
	|| fail "one address keeps at most 20 connections" "kept: ${kept:-none}"
sid=SM$(printf %032x 44)
run timeout 10 /usr/bin/python3 "$COX_DATADIR/tests/twilio-post.py" --source 127.0.0.2 \
	"$SMS_URL/twilio/sms" https://sms.example/twilio/sms tok From=+447700900101 \
	To=+15005550006 "MessageSid=$sid" "Body=sleep 2 stress 3" \
	AccountSid=AC00000000000000000000000000000000 NumMedia=0
like "$out" "^200" "a text from another address is answered while they hold on"
is "$(sql "$W/cox.db" "SELECT count(*) FROM message WHERE sid = '$sid'")" 1 "and stored"
kill $slow 2>/dev/null; wait $slow 2>/dev/null

# without the setting, on loopback: behind a proxy every request comes
# from its one address, which a cap of 64 would hold to 64 in all
sms_stop
conf_del "$W/cox.conf" sms connections_per_address
sms_start "$W"
/usr/bin/python3 "$COX_DATADIR/tests/slow-clients.py" 127.0.0.1 "$SMS_PORT" 100 >"$T/slow2.out" 2>&1 &
slow=$!
for _ in $(seq 200); do grep -q open "$T/slow2.out" && break; sleep 0.1; done
is "$(sed -n 's/^open //p' "$T/slow2.out")" 100 "listening on loopback, one address may hold 100 connections"
t0=$(date +%s)
for _ in $(seq 300); do grep -q "^alive 0$" "$T/slow2.out" && break; sleep 0.1; done
waited=$(($(date +%s) - t0))
like "$(tail -1 "$T/slow2.out")" "^alive 0$" "but headers a byte a second lose each within seconds of 15"
[ "$waited" -ge 12 ] && pass "not before ($waited s after they were all open)" \
	|| fail "not before" "closed after $waited s"
like "$(cat "$T/sms.log")" "closed [0-9]+ connections? \(from 127\.0\.0\.1.*\) whose request's headers took over 15 s" \
	"the log says how many and from where"

done_testing
