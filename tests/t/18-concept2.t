# The Concept2 Logbook, against a fake Logbook on loopback
# (tests/concept2-server.py, in the documented JSON shapes): an athlete
# texts "erg link" and gets a link that, followed, goes through the
# Logbook's authorisation page (PKCE, a state bound to her and good
# once) and back to cox sms serve, which keeps her tokens (followed in
# Chromium on a phone too, allowed and refused, the page she sees in
# her language); cox erg
# sync fetches each linked athlete's results page by page, keeps a 2k,
# a 6k and a 30-minute piece as the measured values of the team's erg
# metrics (with the stroke rate and drag factor) and an unrelated row
# as a session of its minutes, each once by its id; a token past its
# end is refreshed first; a revoked one asks the athlete to link again
# and loses nothing; an athlete who withdrew consent is not fetched;
# "erg unlink" deletes the tokens; erasure takes the link and the
# results.
. "$(dirname "$0")/lib.sh"
plan 45

W=$T/ws
SMS_PORT=$(free_port)
# texts go to a Twilio that is not there: what was queued is read here
demo_sms "$W" "http://127.0.0.1:$SMS_PORT" twilio-test-token account_sid=AC00000000000000000000000000000000 \
	from=+15005550006 "api_url=http://127.0.0.1:$(free_port)" api_timeout=1
db=$W/cox.db
cox -C "$W" metric add erg2k --name "Erg 2k" --time 5:30-8:00 --erg 2k
cox -C "$W" metric add erg6k --name "Erg 6k" --time 18:00-26:00 --erg 6k
cox -C "$W" metric add ergthirty --name "Erg 30 min" --time 1:30-2:30 --erg 30min

# the Logbook
L=$T/logbook
mkdir -p "$L"
lport=$(free_port)
/usr/bin/python3 "$COX_DATADIR/tests/concept2-server.py" "$lport" "$L" >"$T/logbook.log" 2>&1 &
lpid=$!
at_exit 'kill $lpid 2>/dev/null'
wait_for 10 grep -q ready "$T/logbook.log" || { echo "Bail out! the fake Logbook did not start"; exit 1; }
LURL=http://127.0.0.1:$lport
control() { curl -s -X POST "$LURL/control?do=$1" >/dev/null; }
# allow LINK: LINK followed to the Logbook's page, its Allow pressed as
# a browser would (the form posted back, the redirects followed): the
# page the athlete ends on in $T/linked, "STATUS ADDRESS" in $out
allow() {
	local page
	page=$(curl -s -L -o /dev/null -w '%{url_effective}' "$1")
	run curl -s -L -d decision=allow -o "$T/linked" -w '%{http_code} %{url_effective}' "$page"
}
# result ID DATE DISTANCE TIME [RATE DRAG]: one result as the Logbook lists it
result() {
	printf '{"id": %d, "user_id": 1, "date": "%s 07:30:00", "timezone": "Europe/London", "date_utc": "%s 07:30:00", "distance": %d, "type": "rower", "time": %d, "time_formatted": "", "workout_type": "FixedDistanceSplits", "source": "ErgData", "weight_class": "H", "verified": true, "ranked": false, "comments": null, "privacy": "private"%s}' \
		"$1" "$2" "$2" "$3" "$4" "${5:+, \"stroke_rate\": $5, \"drag_factor\": $6}"
}
# the results, newest first: an unrelated 5000 m row of 20:00.0, a
# 30:00 piece of 8000 m (a 1:52.5 split), a 6k of 22:30.0, a 2k of 6:30.0
printf '[%s,\n%s,\n%s,\n%s]\n' "$(result 904 2026-11-20 5000 12000 20 110)" \
	"$(result 903 2026-11-18 8000 18000 20 118)" "$(result 902 2026-11-12 6000 13500 24 120)" \
	"$(result 901 2026-11-05 2000 3900 31 125)" >"$L/results.json"

mkdir -m 700 "$W/private"
printf 'cox-club-secret\n' >"$W/private/concept2-secret"
conf_set "$W/cox.conf" concept2 client_id cox-club
conf_set "$W/cox.conf" concept2 client_secret_file "$W/private/concept2-secret"
conf_set "$W/cox.conf" concept2 base_url "$LURL"

# "erg link": a link by text, followed to the Logbook and back
jane=$(sql "$db" "SELECT id FROM person WHERE handle = 'jdoe'")
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out'"
sms_start "$W"
text +447700900101 c2link "erg link"
like "$out" "A link to your Concept2 Logbook is on its way in a text of its own" "erg link is answered"
body=$(sql "$db" "SELECT body FROM message WHERE direction = 'out' AND person_id = $jane AND kind = 'concept2' ORDER BY id DESC LIMIT 1")
link=$(printf '%s' "$body" | grep -oE 'http://[^ ]+')
like "$link" "^$SMS_URL/concept2/start\?s=[A-Za-z0-9_-]{43}\$" "the link comes by text, short, to the daemon"
allow "$link"
like "$out" "^200 $SMS_URL/concept2/callback\?code=" "following it goes to the Logbook and back to the callback"
like "$(cat "$T/linked")" "Your Concept2 Logbook is linked" "which says she is linked"
like "$(sql "$db" "SELECT access_token || ' ' || refresh_token FROM concept2_link WHERE person_id = $jane")" "^at-1-.* rt-1-" \
	"her tokens are kept, exchanged with the PKCE verifier"
is "$(curl -s -o /dev/null -w '%{http_code}' "$link")" 400 "the link is good once"
like "$(grep -o 'code_challenge=[^&]*&code_challenge_method=S256' "$L/requests" | head -1)" "code_challenge=[A-Za-z0-9_-]{43}&" \
	"the Logbook was asked with an S256 challenge"
is "$(curl -s -o /dev/null -w '%{http_code}' "$SMS_URL/concept2/callback?code=x&state=made-up")" 400 \
	"a state never made links nobody"
kept() { sql "$db" "SELECT e.result_id || ':' || coalesce(m.slug, '-') || ':' || coalesce(e.value, '-') || ':' ||
	coalesce(e.minutes, '-') || ':' || coalesce(e.stroke_rate, '-') || ':' || coalesce(e.drag_factor, '-')
	FROM erg_result e LEFT JOIN metric m ON m.id = e.metric_id ORDER BY e.result_id" | tr '\n' ' '; }

cox -C "$W" erg sync
is "$rc:$out" "0:1 athlete asked: 3 new tests, 1 new session, 0 to link again" "cox erg sync fetches Jane's results"
is "$(kept)" "901:erg2k:3900:-:31:125 902:erg6k:13500:-:24:120 903:ergthirty:1125:-:20:118 904:-:-:20:20:110 " \
	"the 2k, 6k and 30:00 piece are her erg metrics' values (the 30:00 as its split), the row a session of 20 minutes"
is "$(grep -c 'GET /api/users/me/results?page=' "$L/requests")" 2 "both pages of three were asked for"
cox -C "$W" erg sync
is "$out" "1 athlete asked: 0 new tests, 0 new sessions, 0 to link again" "a second sync keeps nothing twice"
cox -C "$W" build --force
page=$(plaintext "$W" @jdoe)
like "$page" "Latest test 6:30\.0: 377\.6 W of power on the erg .* Measured on the Concept2 Logbook, $(en_date 2026-11-05), at a stroke rate of 31 with a drag factor of 125\." \
	"her page shows the Logbook's 2k with its watts, stroke rate and drag factor"
like "$page" "Latest test 1:52\.5: 245\.8 W" "and the 30:00 piece at its split in watts"
like "$(part_plaintext "$W" @acarter "Senior Men")" "22:30\.0: 245\.8 W of power" "the squad's part shows the 6k, outside the blind pair"
cox -C "$W" export ergs --since 2026-11-01
like "$(printf '%s' "$out" | grep 'Jane Doe')" ",Erg 2k,2000,6:30\.0,6:30\.0,377\.6,,31,125,,901" \
	"cox export ergs has her 2k with its watts, rate and drag factor"
like "$(printf '%s' "$out" | grep ',904')" ",,5000,20:00\.0,,,,20,110,20,904" "and the row as 20 minutes"
is "$(sql "$db" "SELECT count(*) FROM erg_result")" 4 "each result is kept once by its id"

# a token past its end is refreshed before the results are asked for
sql "$db" "UPDATE concept2_link SET expires_at = 0"
jq --argjson r "$(result 905 2026-11-26 2000 3880 32 125)" '[$r] + .' "$L/results.json" >"$L/new.json"
mv "$L/new.json" "$L/results.json"
cox -C "$W" erg sync
is "$out" "1 athlete asked: 1 new test, 0 new sessions, 0 to link again" "after a refresh the new 2k comes in"
is "$(tail -1 "$L/grants")" refresh_token "the refresh token was traded for new tokens"
like "$(sql "$db" "SELECT access_token || ' ' || refresh_token FROM concept2_link")" "^at-2-.* rt-2-" \
	"and the new pair is kept in place of the old"

# revoked from her Concept2 account: asked to link again, nothing lost
control revoke
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out'"
cox -C "$W" erg sync
is "$rc:$out" "0:1 athlete asked: 0 new tests, 0 new sessions, 1 to link again" "a revoked token is said"
is "$(sql "$db" "SELECT relink FROM concept2_link")" 1 "the link is marked to be made again"
like "$(sql "$db" "SELECT body FROM message WHERE direction = 'out' AND person_id = $jane AND kind = 'concept2'")" \
	"Text ERG LINK to link it again" "Jane is asked by text to link again"
is "$(sql "$db" "SELECT count(*) FROM erg_result")" 5 "and what came before is kept"
cox -C "$W" erg sync
is "$out" "0 athletes asked: 0 new tests, 0 new sessions, 0 to link again" "she is not asked again until she links"

# "erg unlink": the tokens go, what came stays
text +447700900101 c2unlink "erg unlink"
like "$out" "Your Concept2 Logbook is unlinked" "erg unlink is answered"
is "$(sql "$db" "SELECT count(*) FROM concept2_link"):$(sql "$db" "SELECT count(*) FROM erg_result")" 0:5 \
	"her tokens are deleted, her results kept"

# linked again; then consent withdrawn: not fetched, though linked
text +447700900101 c2relink "erg link"
link=$(sql "$db" "SELECT body FROM message WHERE direction = 'out' AND person_id = $jane AND kind = 'concept2' ORDER BY id DESC LIMIT 1" | grep -oE 'http://[^ ]+')
allow "$link"
is "$(sql "$db" "SELECT count(*) FROM concept2_link WHERE relink = 0")" 1 "a new link after erg unlink"
cox -C "$W" roster consent @jdoe --wellness --withdraw
n=$(grep -c 'results?page' "$L/requests")
cox -C "$W" erg sync
is "$out:$(grep -c 'results?page' "$L/requests")" "0 athletes asked: 0 new tests, 0 new sessions, 0 to link again:$n" \
	"nothing is fetched for an athlete who withdrew consent"

# erasure takes the link and the results with the person
cox -C "$W" roster erase @jdoe --yes
is "$(sql "$db" "SELECT count(*) FROM concept2_link") $(sql "$db" "SELECT count(*) FROM erg_result")" "0 0" \
	"erasure deletes the tokens and the results"

# In Chromium on a phone, as Luis has it, in Spanish: the link from his
# text, the Logbook's page, Deny, then (texted again) Allow
luis=$(sql "$db" "SELECT person_id FROM phone WHERE e164 = '+447700900105'")
sql "$db" "UPDATE person SET language = 'es' WHERE id = $luis"
# c2_browser DECISION SAYS: Luis texts "erg enlace" and presses DECISION
# on the page his link opens; his page must begin with SAYS
c2_browser() {
	text +447700900105 "c2$1" "erg enlace"
	LINK=$(sql "$db" "SELECT body FROM message WHERE direction = 'out' AND person_id = $luis
		AND kind = 'concept2' ORDER BY id DESC LIMIT 1" | grep -oE 'http://[^ ]+') \
		DECISION=$1 CALLBACK=$SMS_URL/concept2/callback LANG=es SAYS=$2 browser_tap "$1" concept2.mjs
}
if have_browser; then
	c2_browser Deny "No permitiste al equipo leer tus resultados de Concept2"
	is "$(sql "$db" "SELECT count(*) FROM concept2_link WHERE person_id = $luis"):$(sql "$db" \
		"SELECT count(*) FROM concept2_state WHERE person_id = $luis"):$(tail -1 "$L/decisions")" 0:0:deny \
		"refused: nothing is stored for him, and his link is spent"
	c2_browser Allow "Tu Logbook de Concept2 está enlazado"
	like "$(sql "$db" "SELECT access_token FROM concept2_link WHERE person_id = $luis AND relink = 0")" "^at-[0-9]+-" \
		"allowed: his tokens are kept"
else
	for _ in $(seq 12); do pass "# SKIP needs chromium and npm ci in tests/browser"; done
fi

# the address must be https, or http to this machine only
conf_set "$W/cox.conf" concept2 base_url http://logbook.example.org
cox -C "$W" erg sync
is "$rc" 78 "a plain-http Logbook elsewhere is refused"
like "$err" "base_url.*https://" "saying an https address is needed"
done_testing
