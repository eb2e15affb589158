# No text lost to a locked database: while another process holds the
# write lock, cox sms serve spools each signed text (on disk before the
# 200) and answers within seconds; once the lock goes it stores them,
# in order, each once.  What a stopped daemon left spooled is stored
# when it starts.  A spool that cannot be stored says so (/healthz,
# cox status); one over 64 MiB drains, a kill -9 midway losing nothing.
. "$(dirname "$0")/lib.sh"
plan 20

W=$T/ws
demo_sms "$W" https://sms.example tok
sms_start "$W"
sid() { printf 'SMfeed%028x' "$1"; }
sid_text() {	# sid_text N BODY: a signed text with MessageSid number N
	run timeout 20 /usr/bin/python3 "$COX_DATADIR/tests/twilio-post.py" \
		"$SMS_URL/twilio/sms" https://sms.example/twilio/sms tok \
		From=+447700900101 To=+15005550006 "MessageSid=$(sid "$1")" "Body=$2" \
		AccountSid=AC00000000000000000000000000000000 NumMedia=0
}
stored() { sql "$W/cox.db" "SELECT count(*) FROM message WHERE direction = 'in' AND sid LIKE 'SMfeed%'"; }
spooled() { stat -c %s "$W/spool/sms.spool"; }
# drained N: waits up to 10 s for N stored and the spool empty; the
# daemon empties it after the rows are committed and the mark of what
# is stored is synced, so the rows alone come first
drained() {
	local _
	for _ in $(seq 100); do [ "$(stored):$(spooled)" = "$1:0" ] && return; sleep 0.1; done
}

# another process holds the write lock for 16 seconds (waiting its turn:
# the daemon just started may be writing, and a lock not had is no test)
(echo ".timeout 10000"; echo "BEGIN IMMEDIATE;"; sleep 16; echo "COMMIT;") | sqlite3 "$W/cox.db" &
locker=$!
at_exit 'kill $locker 2>/dev/null'
locked() { ! sqlite3 "$W/cox.db" "BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null; }
wait_for 10 locked
codes=
slowest=0
for i in 1 2 3 4 5; do
	t0=$(date +%s%N)
	sid_text $i "sleep $i stress 3"
	t=$((($(date +%s%N) - t0) / 1000000))
	[ $t -gt $slowest ] && slowest=$t
	codes="$codes $(printf '%s\n' "$out" | head -1)"
	[ $i = 1 ] && first=$out
done
is "$codes" " 200 200 200 200 200" "five texts during the lock are each answered 200"
# the last again, twice, as Twilio retries (or a replay would): answered,
# and spooled once
again=
for k in 1 2; do (sid_text 5 "sleep 5 stress 3"; printf '%s\n' "$out" | head -1 >"$T/again$k") & again="$again $!"; done
wait $again
is "$(cat "$T/again1" "$T/again2" | tr '\n' ' ')" "200 200 " "a text sent again while spooled is answered 200"
[ $slowest -lt 5000 ] && pass "within 5 s each (the slowest ${slowest} ms)" \
	|| fail "within 5 s each" "the slowest took ${slowest} ms"
like "$first" "Got it\. Saving it takes a moment longer" "saying it is received, not yet what it said"
wait $locker
drained 5
is "$(stored):$(spooled)" "5:0" \
	"once the lock goes, all five are stored and the spool is empty"
is "$(grep -o 'stored [0-9]* texts and callbacks from the spool' "$T/sms.log")" \
	"stored 5 texts and callbacks from the spool" "the one sent again was spooled once, not three times"
is "$(sql "$W/cox.db" "SELECT group_concat(w.sleep, ' ') FROM wellness w JOIN message m ON m.id = w.message_id WHERE m.sid LIKE 'SMfeed%' ORDER BY w.id")" \
	"1 2 3 4 5" "in the order they came, each once"

# what a stopped daemon left in the spool is stored when it starts
sms_stop
printf '{"job":"sms","sid":"%s","from":"+447700900101","body":"sleep 6 stress 2"}\n{"job":"sms","sid":"%s","from":"+447700900101","body":"sleep 6 stress 2"}\n' \
	"$(sid 6)" "$(sid 6)" >>"$W/spool/sms.spool"
sms_start "$W"
for _ in $(seq 100); do [ "$(stored)" = 6 ] && break; sleep 0.1; done
is "$(stored)" 6 "a spooled text is stored at start-up, once though spooled twice"
sid_text 6 "sleep 6 stress 2"
like "$out" "^200" "and Twilio's retry of it is answered from what was stored"

# a text whose own write fails (as on a full disk) is spooled too, and
# what cannot be stored yet holds up no other text
sql "$W/cox.db" "CREATE TRIGGER full_disk BEFORE INSERT ON message
	WHEN NEW.body LIKE '%full disk%' BEGIN SELECT RAISE(ABORT, 'disk full'); END"
sid_text 8 "note full disk"
like "$out" "Got it\. Saving" "a text that cannot be written is spooled and answered 200"
sid_text 9 "sleep 3"
like "$out" "Wellness saved" "the next text is stored while the first waits in the spool"
sql "$W/cox.db" "DROP TRIGGER full_disk"
drained 8
is "$(stored):$(spooled)" "8:0" "once it can be written, it is stored and the spool emptied"

# the webhook URL in Twilio's console carries its retry settings: the
# signature Twilio computes over it is accepted
sms_stop
conf_set "$W/cox.conf" sms retry_fragment "rc=3&rp=all&rt=15000"
sms_start "$W"
run /usr/bin/python3 "$COX_DATADIR/tests/twilio-post.py" "$SMS_URL/twilio/sms" \
	"https://sms.example/twilio/sms#rc=3&rp=all&rt=15000" tok From=+447700900101 \
	To=+15005550006 "MessageSid=$(sid 7)" "Body=sleep 2" \
	AccountSid=AC00000000000000000000000000000000 NumMedia=0
like "$out" "^200" "a text signed over the URL with its retry fragment is accepted"

# what cannot be stored says so: /healthz answers 503 with how many
# wait, and cox status no longer promises they will be stored
sms_stop
sql "$W/cox.db" "CREATE TRIGGER stuck BEFORE INSERT ON message
	WHEN NEW.body LIKE '%stuck spool%' BEGIN SELECT RAISE(ABORT, 'disk full'); END"
for i in 1 2; do
	printf '{"job":"sms","sid":"SMstuck%027x","from":"+447700900101","body":"sleep 5 stuck spool"}\n' "$i"
done >>"$W/spool/sms.spool"
sms_start "$W"
for _ in $(seq 100); do
	health=$(curl -s -m 2 -w ' %{http_code}' "$SMS_URL/healthz")
	case $health in *503) break ;; esac
	sleep 0.1
done
is "$health" "2 texts and status callbacks in the spool cannot be stored; see the log
 503" "/healthz answers 503 when spooled texts cannot be stored, saying how many"
run "$COX" -C "$W" status
like "$out" "spool: 2 texts and status callbacks cannot be stored, tried since" \
	"cox status says so too, instead of promising they will be"
sql "$W/cox.db" "DROP TRIGGER stuck"
for _ in $(seq 100); do sms_healthy && break; sleep 0.1; done
is "$(curl -s -m 2 "$SMS_URL/healthz"):$(spooled)" "ok:0" \
	"once they can be stored, /healthz is ok again and the spool empty"

# a spool over 64 MiB (texts padded to 16 KB, so that 4,200 make it) is
# read back in pieces; a kill -9 midway loses nothing and stores
# nothing twice
sms_stop
/usr/bin/python3 - "$W/spool/sms.spool" <<'PY'
import json, sys
with open(sys.argv[1], "a") as f:
    for i in range(4200):
        f.write(json.dumps({"job": "sms", "sid": "SMbig%029x" % i,
            "from": "+447700900101", "body": "sleep 7 stress 2 note " +
            "long " * 3200}, separators=(",", ":")) + "\n")
PY
size=$(spooled)
[ "$size" -gt $((64 * 1024 * 1024)) ] && pass "a spool of $size bytes" ||
	fail "a spool over 64 MiB" "$size bytes"
run "$COX" -C "$W" status
like "$out" "spool: 4200 texts and status callbacks waiting to be stored" \
	"cox status counts what waits in it"
big() { sql "$W/cox.db" "SELECT count(*) || ':' || count(DISTINCT sid) FROM message WHERE direction = 'in' AND sid LIKE 'SMbig%'"; }
# waits while the count of stored texts grows, 20 s without progress at
# most; with a count to reach, looks often, so as to stop near it
drain() {
	local last= still=0 now step=1 limit=20
	[ -z "${1:-}" ] || { step=0.05; limit=400; }
	while [ "$(spooled)" != 0 ] && [ $still -lt $limit ]; do
		sleep $step
		now=$(big)
		[ "$now" = "$last" ] && still=$((still + 1)) || still=0
		last=$now
		[ -n "${1:-}" ] && [ "${now%%:*}" -ge "$1" ] && return
	done
}
sms_start "$W"
drain 1000
kill -9 "$SMS_PID" && wait "$SMS_PID" 2>/dev/null
SMS_PID=
stored_then=$(big)
sms_start "$W"
drain
is "$(big):$(spooled)" "4200:4200:0" \
	"all of it is stored, each text once, and the spool emptied (killed at ${stored_then%%:*})"
[ "${stored_then%%:*}" -lt 4200 ] && pass "the kill came midway" ||
	fail "the kill came midway" "$stored_then"

done_testing
