# Slow clients cannot take every connection of cox sms serve: each
# address gets [sms] connections_per_address at once, so 300 slowloris
# connections from one address leave room for Twilio's texts.
. "$(dirname "$0")/lib.sh"
plan 3

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
is "$(sql "$W/cox.db" "SELECT count(*) FROM message WHERE provider_id = '$sid'")" 1 "and stored"

done_testing
