# Accounts in real Chromium: invitations sent through the outbox, a
# password set on the register page (POST /register on cox sms serve,
# CORS, rate limits), the rebuild by the post-ingest hook, unlock by
# password on fresh profiles, the coach's key, used and expired
# invitations, a reset; then no password, secret key or token in clear
# in the daemon's log, the database or the site.
. "$(dirname "$0")/lib.sh"

need_browser

plan 32

W=$T/ws
db=$W/cox.db
web_workspace "$W" tok-accounts
conf_set "$W/cox.conf" sms from +441234567890
mkdir -p "$W/hooks"
printf '#!/bin/sh\nexec "$COX" -C "$COX_WORKSPACE" build >>"%s/hook.log" 2>&1\n' "$T" >"$W/hooks/post-ingest"
chmod +x "$W/hooks/post-ingest"
"$COX" -C "$W" build >/dev/null || { echo "Bail out! cox build failed"; exit 1; }

preview_start "$W"
sms_start "$W"

# link_to ADDRESS: the register link in the newest email to ADDRESS
link_to() { /usr/bin/python3 "$COX_DATADIR/tests/register-link.py" "$T/inbox" "$1"; }

cox -C "$W" invite @jdoe @acarter @glee
like "$out" "^3 invitations queued" "cox invite queues one invitation each"
mail_received 3
is "$(ls "$T/inbox" | grep -c eml)" 3 "cox sms serve sends them by email"
jane_reg=$(link_to jane.doe@example.org)
coach_reg=$(link_to head.coach@example.org)
expired_reg=$(link_to grace.lee@example.org)
sql "$db" "UPDATE invite SET expires_at = 1 WHERE person_id = (SELECT id FROM person WHERE handle = 'glee')"

# CORS and limits on /register, before the browser
R=$SMS_URL/register
hdr() { curl -s -o /dev/null -w '%{http_code} %header{access-control-allow-origin}' "$@"; }
is "$(hdr -X OPTIONS -H "Origin: http://127.0.0.1:$PREVIEW_PORT" -H 'Access-Control-Request-Method: POST' "$R")" \
	"204 http://127.0.0.1:$PREVIEW_PORT" "the site's origin may post to /register"
is "$(hdr -X POST -H 'Origin: https://evil.example' -H 'Content-Type: application/json' -d '{}' "$R")" \
	"403 " "another origin may not"
is "$(hdr -X POST -H "Origin: http://127.0.0.1:$PREVIEW_PORT" -H 'Content-Type: application/json' --data-binary "@$COX_DATADIR/tests/data/big-register.json" "$R")" \
	"413 " "a body over 8 KiB is refused"
run curl -s -X POST -H "Origin: http://127.0.0.1:$PREVIEW_PORT" -H 'Content-Type: application/json' \
	-d '{"token":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","public_key":"x","wrapped":{}}' "$R"
like "$out" '"error":"the request is malformed"' "a malformed registration says so, in JSON"
b64() { head -c "$1" /dev/urandom | base64 -w0; }
w="{\"alg\":\"argon2id13\",\"ops\":6,\"mem\":67108864,\"salt\":\"$(b64 16)\",\"n\":\"$(b64 24)\",\"c\":\"$(b64 48)\"}"
run curl -s -X POST -H "Origin: http://127.0.0.1:$PREVIEW_PORT" -H 'Content-Type: application/json' \
	-d "{\"token\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\",\"public_key\":\"$(b64 32)\",\"wrapped\":$w,\"locator\":\"../../etc\",\"located\":{\"n\":\"$(b64 24)\",\"c\":\"$(b64 48)\"}}" "$R"
like "$out" '"error":"the page locator is malformed"' "a locator that is not 64 hex digits is refused (it names a file)"

export BASE=$PREVIEW_URL JANE_REG=$jane_reg COACH_REG=$coach_reg EXPIRED_REG=$expired_reg
export JANE_PAGE="a/$(sql "$db" "SELECT slug FROM person WHERE handle = 'jdoe'")/" JANE_NAME="Jane Doe"
export COACH_PAGE="a/$(sql "$db" "SELECT slug FROM person WHERE handle = 'acarter'")/" SQUAD="Senior Men"
cat >"$T/reset" <<RESET
"$COX" -C "$W" invite --again @jdoe >/dev/null
n=\$(ls "$T/inbox" | grep -c eml)
for _ in \$(seq 100); do [ -f "$T/inbox/\$((n + 1)).eml" ] && break; sleep 0.1; done
/usr/bin/python3 "$COX_DATADIR/tests/register-link.py" "$T/inbox" jane.doe@example.org
RESET
export RESET_CMD="sh $T/reset"
export SITE_DIR=$W/site
export SECRETS_OUT=$T/secrets
export COX
(cd "$COX_DATADIR/tests/browser" && node accounts.mjs) >"$T/browser.tap" 2>"$T/browser.err"
brc=$?
sed -n '/^ok\|^not ok\|^#/p' "$T/browser.tap" | while IFS= read -r line; do
	case $line in
	"#"*) echo "$line" ;;
	*) ;;
	esac
done
browser_ok=$(grep -c '^ok' "$T/browser.tap")
browser_notok=$(grep -c '^not ok' "$T/browser.tap")
[ "$brc" = 0 ] && [ "$browser_notok" = 0 ] && [ "$browser_ok" -ge 45 ] &&
	pass "Chromium: $browser_ok checks of registration and password unlock pass" ||
	fail "Chromium: registration and password unlock" "$(grep -A3 '^not ok' "$T/browser.tap")" "$(tail -5 "$T/browser.err")"

# After the flow: nothing secret in clear in the log, the database or the site.
sqlite3 "$db" .dump >"$T/db.dump"
cat "$T/sms.log" "$T/preview.log" "$T/hook.log" 2>/dev/null >"$T/logs"
# seen TEXT...: whether any TEXT is anywhere in them; a grep that fails
# (a token can start with '-') counts as seen, so it cannot pass quietly
seen() {
	local args=() x
	for x; do args+=(-e "$x"); done
	grep -rqiF "${args[@]}" "$T/logs" "$T/db.dump" "$W/site"
	[ $? -ne 1 ]
}
leaks=
for s in otter-lantern-gravel-7 quiet-harbour-mosaic-42 coach-umbrella-tandem-9; do
	seen "$s" && leaks="$leaks password:$s"
done
for s in $(cat "$T/secrets" 2>/dev/null); do
	b=$(/usr/bin/python3 -c 'import base64,sys; print(base64.b64encode(bytes.fromhex(sys.argv[1])).decode())' "$s")
	seen "$s" "$b" && leaks="$leaks secret-key"
done
[ -s "$T/secrets" ] || leaks="$leaks (no secret keys were captured to look for)"
is "${leaks:-none}" none "no password or secret key in the logs, the database or the site"
leaks=
tokens=$(/usr/bin/python3 "$COX_DATADIR/tests/register-link.py" "$T/inbox")
for t in $tokens; do
	seen "$t" && leaks="$leaks $t"
done
[ -n "$tokens" ] || leaks="(no tokens were captured to look for)"
is "${leaks:-none}" none "no invitation token in the logs, the database or the site"
is "$(sql "$db" "SELECT count(*) FROM invite WHERE used_at IS NOT NULL")" 3 \
	"three invitations were used: Jane's, the coach's, Jane's reset"
is "$(sql "$db" "SELECT count(*) FROM person_key WHERE revoked_at IS NOT NULL")" 1 \
	"the reset revoked Jane's first key"
is "$(sql "$db" "SELECT group_concat(p.handle || ' ' || c.kind || ' ' || c.channel || ' ' || c.version, ', ')
	FROM consent c JOIN person p ON p.id = c.person_id WHERE c.channel = 'web' ORDER BY p.handle, c.kind")" \
	"jdoe texts web register page, jdoe wellness web register page" \
	"the boxes Jane ticked are her consents, from the web; the coach ticked none and has none"
cox -C "$W" invite @jdoe
like "$out" "^0 invitations queued .*; 1 skipped as registered" "cox invite skips who has registered, unless --again"

# the key the browser wrapped opens with libsodium in C too
jane=$(sql "$db" "SELECT id FROM person WHERE handle = 'jdoe'")
run "${COX_UNWRAP:-$(dirname "$COX")/unwrap}" quiet-harbour-mosaic-42 \
	"$(sql "$db" "SELECT wrapped_secret FROM person_key WHERE person_id = $jane AND revoked_at IS NULL")" \
	"$(sql "$db" "SELECT hex(public_key) FROM person_key WHERE person_id = $jane AND revoked_at IS NULL")"
is "$out" ok "a secret key wrapped by libsodium.js in Chromium opens with libsodium in C, and is the public key's"

# two invitations out for one person: registering with one ends both
n=$(ls "$T/inbox" | grep -c eml)
"$COX" -C "$W" invite @soneill >/dev/null && "$COX" -C "$W" invite @soneill >/dev/null
mail_received $((n + 2))
set -- $(/usr/bin/python3 "$COX_DATADIR/tests/register-link.py" "$T/inbox" | tail -2)
reg() {	# reg TOKEN [ADDRESS]: a well-formed registration, as the register page
	# sends it, from ADDRESS as a proxy on loopback reports it
	/usr/bin/python3 - "$1" <<'PY' | curl -s -w ' %{http_code}' -X POST -H "Origin: http://127.0.0.1:$PREVIEW_PORT" \
		-H 'Content-Type: application/json' -H "X-Real-IP: ${2:-127.0.0.1}" --data-binary @- "$R"
import base64, json, os, sys
b = lambda n: base64.b64encode(os.urandom(n)).decode()
d = {"token": sys.argv[1], "public_key": b(32), "wrapped": {"alg": "argon2id13",
      "ops": 6, "mem": 67108864, "salt": b(16), "n": b(24), "c": b(48)}}
if os.environ.get("CONSENT"):
    d["consent"] = json.loads(os.environ["CONSENT"])
print(json.dumps(d))
PY
}
like "$(CONSENT='["texts", "marketing"]' reg "$1")" 'malformed.* 400$' \
	"a consent the page never offers is refused"
like "$(reg "$1")" '"page":"a/[A-Za-z0-9_-]+/".* 200$' "one of two invitations registers"
like "$(reg "$2")" 'used already.* 403$' "and the other one is used up with it"

# keys no page can be sealed to are refused, and spend no invitation
n=$(ls "$T/inbox" | grep -c eml)
"$COX" -C "$W" invite --again @soneill >/dev/null
mail_received $((n + 1))
tok=$(/usr/bin/python3 "$COX_DATADIR/tests/register-link.py" "$T/inbox" | tail -1)
regkey() {	# regkey TOKEN KEY-HEX: a registration with that public key
	/usr/bin/python3 - "$1" "$2" <<'PY' | curl -s -w ' %{http_code}' -X POST -H "Origin: http://127.0.0.1:$PREVIEW_PORT" \
		-H 'Content-Type: application/json' -H "X-Real-IP: 198.51.100.9" --data-binary @- "$R"
import base64, json, os, sys
b = lambda n: base64.b64encode(os.urandom(n)).decode()
print(json.dumps({"token": sys.argv[1], "public_key": base64.b64encode(bytes.fromhex(sys.argv[2])).decode(),
      "wrapped": {"alg": "argon2id13", "ops": 6, "mem": 67108864, "salt": b(16), "n": b(24), "c": b(48)}}))
PY
}
like "$(regkey "$tok" "$(printf '0%.0s' $(seq 64))")" 'not a usable X25519 key.* 400$' \
	"an all-zero public key is refused"
like "$(regkey "$tok" e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800)" \
	'not a usable X25519 key.* 400$' "so is a point of order 8"
like "$(regkey "$tok" 0100000000000000000000000000000000000000000000000000000000000000)" \
	'not a usable X25519 key.* 400$' "and the point of order 4"
like "$(reg "$tok" 198.51.100.9)" '"page":"a/[A-Za-z0-9_-]+/".* 200$' \
	"the invitation still registers a good key"

# A locator already published (another person's "Open my page" file)
# is refused with 400 and counts as a refused try, never a 503.
taken=$(sql "$db" "SELECT k.locator FROM person_key k JOIN person p ON p.id = k.person_id
	WHERE p.handle = 'jdoe' AND k.locator IS NOT NULL AND k.revoked_at IS NULL")
n=$(ls "$T/inbox" | grep -c eml)
"$COX" -C "$W" invite --again @soneill >/dev/null
mail_received $((n + 1))
tok=$(/usr/bin/python3 "$COX_DATADIR/tests/register-link.py" "$T/inbox" | tail -1)
tries=$(sql "$db" "SELECT coalesce(sum(count), 0) FROM attempt")
got=$(/usr/bin/python3 - "$tok" "$taken" <<'PY' | curl -s -w ' %{http_code}' -X POST -H "Origin: http://127.0.0.1:$PREVIEW_PORT" \
	-H 'Content-Type: application/json' -H "X-Real-IP: 198.51.100.10" --data-binary @- "$R"
import base64, json, os, sys
b = lambda n: base64.b64encode(os.urandom(n)).decode()
print(json.dumps({"token": sys.argv[1], "public_key": b(32),
      "wrapped": {"alg": "argon2id13", "ops": 6, "mem": 67108864, "salt": b(16), "n": b(24), "c": b(48)},
      "locator": sys.argv[2], "located": {"n": b(24), "c": b(48)}}))
PY
)
like "$taken:$got" '^[0-9a-f]{64}:.*choose another password.* 400$' "a locator someone else's key has is refused with 400, not 503"
is "$(( $(sql "$db" "SELECT coalesce(sum(count), 0) FROM attempt") > tries ))" 1 "and counted as a refused try"

# A new handle: "Open my page" with the old one opens nothing, and the
# person is invited to set a password again (which makes the new one's).
cox -C "$W" roster edit @jdoe --handle janed
like "$out" 'with @jdoe opens nothing now; an invitation to set a password again is queued' \
	"changing a registered person's handle says what it does"
is "$(sql "$db" "SELECT count(*) FROM person_key k JOIN person p ON p.id = k.person_id WHERE p.handle = 'janed' AND k.locator IS NOT NULL")" 0 \
	"their old locator is forgotten"
"$COX" -C "$W" build >/dev/null 2>&1
is "$(ls "$W/site/l/$taken.json" 2>/dev/null)" "" "and its file is gone from the site at the next build"
cox -C "$W" roster edit @janed --handle jdoe

# rate limits: 5 tries of one token, 20 tries from one address, then 429
tok=CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC
codes=$(for i in 1 2 3 4 5 6; do reg "$tok" 198.51.100.7 | grep -o '[0-9]*$'; done | tr '\n' ' ')
is "$codes" "403 403 403 403 403 429 " "a sixth try of one token within ten minutes gets 429"
codes=$(for i in $(seq 1 21); do reg "$(printf 'B%.0s' $(seq 42))$((i % 10))" 198.51.100.8 | grep -o '[0-9]*$'; done | sort | uniq -c | tr -s ' ' | tr '\n' ';')
is "$codes" " 20 403; 1 429;" "and so does a twenty-first try from one address"

# 520 refused tries from other addresses and tokens flush nothing out
/usr/bin/python3 - "$R" "http://127.0.0.1:$PREVIEW_PORT" <<'PY' >"$T/flood"
import http.client, json, sys, urllib.parse
u = urllib.parse.urlsplit(sys.argv[1])
c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
codes = {}
for i in range(520):
    body = json.dumps({"token": "F%042d" % i, "public_key": "x", "wrapped": {}})
    c.request("POST", u.path, body, {"Origin": sys.argv[2], "Content-Type": "application/json",
              "X-Real-IP": "203.0.113.%d" % (i % 250), "Connection": "keep-alive"})
    r = c.getresponse(); r.read()
    codes[r.status] = codes.get(r.status, 0) + 1
print(sorted(codes))
PY
like "$(reg "$tok" 198.51.100.7)" '429$' "after 520 tries with other keys, the spent token still gets 429"
# and a restart forgets nothing
sms_stop
sms_start "$W"
like "$(reg "$(printf 'B%.0s' $(seq 42))7" 198.51.100.8)" '429$' "after a restart the address is still refused"
is "$(sql "$db" "SELECT count(*) FROM attempt WHERE typeof(key) != 'blob' OR length(key) != 16
	OR instr(key, CAST('198.51.100.8' AS BLOB)) > 0")" 0 \
	"and no address or token is kept in clear, only 16-byte hashes"

done_testing
