# A full disk loses no text: cox sms serve keeps room for its spool
# before the disk fills, so a text the database cannot take (its
# commit's log found no room) is spooled and answered 200, not 503,
# and stored once room comes back.  On a small file system of its own
# (tmpfs, in a private mount namespace: run as root).
if [ -z "${COX_FULL_NS:-}" ]; then
	if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null &&
	    unshare -m true 2>/dev/null; then
		COX_FULL_NS=1 exec unshare -m bash "$0" "$@"
	fi
	echo "1..0 # SKIP needs root and unshare -m, for a small file system of its own"
	exit 0
fi
. "$(dirname "$0")/lib.sh"
plan 9

F=$T/full
mkdir "$F"
mount -t tmpfs -o size=16m tmpfs "$F" || { echo "Bail out! cannot mount a tmpfs"; exit 1; }
at_exit 'umount -l "$F" 2>/dev/null'
W=$F/ws
demo_sms "$W" https://sms.example tok
sms_start "$W"
blocks=$(stat -c %b "$W/spool/sms.spool")
[ "$((blocks * $(stat -c %B "$W/spool/sms.spool")))" -ge 1048576 ] && pass "the spool keeps 1 MiB of room while empty" \
	|| fail "the spool keeps 1 MiB of room while empty" "$blocks blocks of $(stat -c %B "$W/spool/sms.spool") bytes"

sid() { printf 'SMd15c%028x' "$1"; }
sid_text() {	# sid_text N: a signed check-in with MessageSid number N
	run timeout 20 /usr/bin/python3 "$COX_DATADIR/tests/twilio-post.py" \
		"$SMS_URL/twilio/sms" https://sms.example/twilio/sms tok \
		From=+447700900101 To=+15005550006 "MessageSid=$(sid "$1")" \
		"Body=note the disk is full $1 $(printf 'x%.0s' $(seq 200))" \
		AccountSid=AC00000000000000000000000000000000 NumMedia=0
}
stored() { sql "$W/cox.db" "SELECT count(DISTINCT sid) || ':' || count(*) FROM message WHERE direction = 'in' AND sid LIKE 'SMd15c%'"; }

# fill it to the last block
dd if=/dev/zero of="$F/filler" bs=64k >/dev/null 2>&1
dd if=/dev/zero of="$F/filler2" bs=4k >/dev/null 2>&1
is "$(df --output=avail "$F" | tail -1 | tr -d ' ')" 0 "the file system is full"
codes=
for i in 1 2 3 4 5; do
	sid_text "$i"
	codes="$codes $(printf %s "$out" | head -1)"
done
is "$codes" " 200 200 200 200 200" "every text is answered 200 on a full disk"
like "$(cat "$T/sms.log")" "spooled, answered 200" "the log says they were spooled"
rm -f "$F/filler" "$F/filler2"
done5() { [ "$(stored)" = "5:5" ]; }
wait_for 20 done5
is "$(stored)" "5:5" "with room again, each is stored once"
is "$(curl -s -m 2 "$SMS_URL/healthz")" ok "and the daemon is healthy"

# Texts that arrive together share a batch, and its commit: rolled back
# together, spooled, then stored from the spool under the ids the
# rolled-back rows had taken.  Twilio sending one again must still find
# it kept, however far the daemon had read while the batch lasted.
burst() {	# burst FIRST LAST: those texts, posted at the same moment
	/usr/bin/python3 - "$SMS_URL/twilio/sms" "$1" "$2" <<'PY'
import base64, hashlib, hmac, sys, threading, urllib.parse, urllib.request
url, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
go = threading.Barrier(last - first + 1)
codes = {}
def post(n):
    form = {"From": "+447700900101", "To": "+15005550006",
            "MessageSid": "SMd15c%028x" % n, "NumMedia": "0",
            "AccountSid": "AC00000000000000000000000000000000",
            "Body": "note the disk is full again %d %s" % (n, "x" * 200)}
    data = "https://sms.example/twilio/sms" + "".join(
        k + v for k, v in sorted(form.items()))
    sig = base64.b64encode(hmac.new(b"tok", data.encode(),
                                    hashlib.sha1).digest()).decode()
    rq = urllib.request.Request(url, urllib.parse.urlencode(form).encode(),
                                {"X-Twilio-Signature": sig})
    go.wait()
    with urllib.request.urlopen(rq, timeout=20) as r:
        codes[n] = r.status
threads = [threading.Thread(target=post, args=(n,))
           for n in range(first, last + 1)]
for t in threads: t.start()
for t in threads: t.join()
print(" ".join(str(codes.get(n, "none")) for n in range(first, last + 1)))
PY
}
dd if=/dev/zero of="$F/filler" bs=64k >/dev/null 2>&1
dd if=/dev/zero of="$F/filler2" bs=4k >/dev/null 2>&1
is "$(burst 6 13)" "200 200 200 200 200 200 200 200" \
	"eight texts at once on a full disk: each answered 200"
rm -f "$F/filler" "$F/filler2"
done13() { [ "$(stored)" = "13:13" ]; }
wait_for 20 done13
is "$(stored)" "13:13" "with room again, each of them is stored once"
again=
for i in $(seq 1 13); do
	sid_text "$i"
	again="$again $(printf %s "$out" | head -1)"
done
is "$(stored):$again" "13:13: 200 200 200 200 200 200 200 200 200 200 200 200 200" \
	"Twilio sending each again stores none of them twice"

done_testing
