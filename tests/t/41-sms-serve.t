# cox sms serve: signed texts from Twilio stored and answered in TwiML,
# retries answered the same without storing twice, unknown numbers told
# nothing, a burst of texts causing one post-ingest run, concurrent texts
# and retries committed together (group commit) each exactly once, SIGTERM.
. "$(dirname "$0")/lib.sh"
plan 65

W=$T/ws
demo_sms "$W" https://sms.riverside.example twilio-test-token
db=$W/cox.db
# a team whose date is not UTC's right now: check-ins are dated by its day
if [ "$(date -u +%H)" -ge 10 ]; then zone=Pacific/Kiritimati; else zone=Pacific/Pago_Pago; fi
conf_set "$W/cox.conf" team timezone "$zone"
P=https://sms.riverside.example/twilio/sms
post() { run /usr/bin/python3 "$COX_DATADIR/tests/twilio-post.py" "$SMS_URL/twilio/sms" "$P" "$@"; }
mkdir -p "$W/hooks"
printf '#!/bin/sh\necho run >>"%s/hook.runs"\n' "$T" >"$W/hooks/post-ingest"
chmod +x "$W/hooks/post-ingest"

COX_DEBUG=1 sms_start "$W"
run /usr/bin/python3 "$COX_DATADIR/tests/twilio-post.py" --get "$SMS_URL/healthz"
is "$out" "200
ok" "GET /healthz answers ok"
# an operator's top -H or ps -T says which thread is which (the
# outbox's runs with something to send or to remind of: sessions'
# reminders, [avail] remind_hours, are on unless set to 0)
is "$(cat /proc/"$SMS_PID"/task/*/comm | grep '^cox-' | sort | tr '\n' ' ')" \
	"cox-checkpoint cox-db cox-outbox cox-sync " "the daemon's threads are named for what they do"
# nice (the 19th field of a thread's stat) ten more than the daemon's
# for the copy into the database, which may wait (19 at most); the
# threads a text waits on as the daemon started
nice_of() { for t in /proc/"$SMS_PID"/task/*; do
	[ "$(cat "$t/comm")" = "$1" ] && sed 's/^.*) //' "$t/stat" | cut -d' ' -f17; done; }
base=$(sed 's/^.*) //' /proc/"$SMS_PID"/stat | cut -d' ' -f17)	# a nice'd run's
is "$(nice_of cox-checkpoint) $(nice_of cox-db) $(nice_of cox-sync)" \
	"$((base + 10 > 19 ? 19 : base + 10)) $base $base" \
	"the checkpointer yields to the threads a text waits on"

msgs() { sql "$db" "SELECT count(*) FROM message WHERE channel = 'sms' AND direction = 'in'"; }
before=$(msgs)
post bad:twilio-test-token From=+447700900101 MessageSid=SMbad Body=hi
like "$out" "^403" "a wrong signature is refused with 403"
post - From=+447700900101 MessageSid=SMnone Body=hi
like "$out" "^403" "a missing signature is refused with 403"
is "$(msgs)" "$before" "and nothing is stored"

# A captured signed text cut again into another: MessageSid=SM...&NumMedia=0
# signs exactly as MessageSid=SM...NumMedia0, which would be a new text
sid=SM0123456789abcdef0123456789abcdef
post twilio-test-token From=+447700900101 To=+15005550006 "MessageSid=${sid}NumMedia0" \
	Body=link AccountSid=AC00000000000000000000000000000000
like "$out" "^403" "a signed request whose MessageSid is not Twilio's shape is refused"
post twilio-test-token From=+447700900101 To=+15005550006 "MessageSid=$sid" Body=link
like "$out" "^403" "so is one without the AccountSid Twilio always sends"
is "$(msgs)" "$before" "and neither is stored"
# the same with anything after a %00: signed as the value up to it
post nul:twilio-test-token From=+447700900101 To=+15005550006 \
	"MessageSid=$sid" "Body=sleep 3%00 note pwn" AccountSid=AC00000000000000000000000000000000
like "$out" "^403" "a value holding a NUL is refused, whatever follows it"
# a flood of forged requests: each refused, not each logged
for i in $(seq 30); do curl -s -o /dev/null -d "From=%2B447700900101&Body=x$i" "$SMS_URL/twilio/sms"; done
is "$(curl -s -o /dev/null -w '%{http_code}' -d 'Body=y' "$SMS_URL/twilio/sms")" 403 "a flood of forged requests is refused"
like "$(grep -c 'refused /twilio/sms' "$T/sms.log")" "^(1[0-9]|2[0-2])$" "but at most ten a minute are logged one by one"
like "$(cat "$T/sms.log")" "more than 10 refused requests this minute: the rest are counted, not logged" \
	"and the log says the rest are counted"

jane=$(sql "$db" "SELECT id FROM person WHERE handle = 'jdoe'")
coach_tech=$(sql "$db" "SELECT score FROM rating r JOIN metric m ON m.id = r.metric_id
	WHERE athlete_id = $jane AND m.slug = 'technique' AND source = 'coach' ORDER BY r.id DESC LIMIT 1")
selfs() { sql "$db" "SELECT count(*) FROM rating WHERE athlete_id = $jane AND source = 'self'"; }
s0=$(selfs)
text +447700900101 SM001 "Technique 4, fit 3"
like "$out" "^200" "a signed text is answered 200"
like "$out" "<Response><Message>Saved technique 4, fitness 3\. Coach: technique $coach_tech, fitness [0-9]+\.</Message></Response>" \
	"the TwiML reply confirms and reveals the coach's scores"
is "$(selfs)" "$((s0 + 2))" "two self-ratings are stored"
first=$out
text +447700900101 SM001 "Technique 4, fit 3"
is "$out" "$first" "Twilio's retry of the same MessageSid gets the same answer"
is "$(selfs)" "$((s0 + 2))" "and stores nothing twice"
# the same request an hour later is no retry of Twilio's: a replay of a
# captured request, which reads the coach's scores no more
sid1=SM$(printf %s SM001 | md5sum | cut -c1-32)
sql "$db" "UPDATE message SET created_at = created_at - 3600 WHERE sid = '$sid1'"
text +447700900101 SM001 "Technique 4, fit 3"
like "$out" "^200" "a replay an hour later is answered 200"
like "$out" "<Response></Response>$" "with nothing said: the coach's scores stay unread"
is "$(selfs)" "$((s0 + 2))" "and nothing is stored"
like "$(cat "$T/sms.log")" "MessageSid $sid1 came again 60 minutes after its text, past Twilio's retries" \
	"the log says why"

# A signature holds no time: a request captured once is valid forever.
# Once cox prune has deleted the text, its replay stores nothing again.
text +447700900101 SMold "note Back on Monday"
sql "$db" "UPDATE message SET created_at = 1000 WHERE id >= (SELECT id FROM message WHERE body = 'note Back on Monday')"
conf_set "$W/cox.conf" privacy keep_months 1
"$COX" -C "$W" prune >/dev/null 2>&1
is "$(sql "$db" "SELECT count(*) FROM message WHERE body = 'note Back on Monday'")" 0 "cox prune deleted the old text"
m0=$(msgs)
text +447700900101 SMold "note Back on Monday"
like "$out" "^200" "its replay is answered 200, as a retry is"
like "$out" "<Response></Response>$" "with nothing said"
is "$(msgs):$(sql "$db" "SELECT count(*) FROM message WHERE body = 'note Back on Monday'")" "$m0:0" \
	"and nothing stored: the text does not come back"
conf_del "$W/cox.conf" privacy keep_months

text +447700900777 SM002 "technique 5"
like "$out" "not on a team list" "an unknown number is told only that"
unlike "$out" "Jane|Riverside|technique" "and learns nothing about the team"

text +447700900101 SM003 "sleep 2 stress 3 fatigue 3 sore 2"
like "$out" "Wellness saved\." "wellness is saved"
is "$(sql "$db" "SELECT sleep + stress + fatigue + soreness FROM wellness WHERE athlete_id = $jane ORDER BY id DESC LIMIT 1")" 10 \
	"with all four items"
is "$(sql "$db" "SELECT day FROM wellness WHERE athlete_id = $jane ORDER BY id DESC LIMIT 1")" "$(TZ=$zone date +%F)" \
	"dated by the team's day ($zone), not UTC's"
# an emoji reads as a space; the text is kept as sent
thumbs=$(printf '\360\237\221\215')
text +447700900101 SM003e "sleep 1 stress 1 fatigue 1 sore 1 $thumbs"
like "$out" "Wellness saved\." "a check-in ending in an emoji is saved"
is "$(sql "$db" "SELECT sleep + stress + fatigue + soreness FROM wellness WHERE athlete_id = $jane ORDER BY id DESC LIMIT 1")" 4 \
	"with the scores it says"
is "$(sql "$db" "SELECT body FROM message WHERE direction = 'in' AND channel = 'sms' AND person_id = $jane ORDER BY id DESC LIMIT 1")" \
	"sleep 1 stress 1 fatigue 1 sore 1 $thumbs" "and its text is stored with the emoji"
text +447700900101 SM004 "tecnique 3"
like "$out" "I don&#39;t know &#39;tecnique&#39;; did you mean technique\?" \
	"a misspelt metric gets a suggestion (XML-escaped)"
text +447700900101 SM005 "help"
like "$out" "sleep 2 stress 3 fatigue 3 sore 2" "help explains the formats"
text +447700900101 SM006 "STOP"
is "$(sql "$db" "SELECT opted_out FROM person WHERE id = $jane")" 1 "STOP opts out"
text +447700900101 SM007 "start"
is "$(sql "$db" "SELECT opted_out FROM person WHERE id = $jane")" 0 "START opts back in"

# link: never a secret in the HTTP answer; with no way to send texts
# (no [sms] account_sid here: 42-sms-outbox.t has one) none is queued
text +447700900101 SMlink1 "link"
like "$out" "<Message>Ask your coach for your page link\.</Message>" \
	"LINK with no way to send texts says to ask the coach"
unlike "$out" "register|#t=|#k=" "and the answer holds no link"
is "$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'invite' AND channel = 'sms' AND status = 'queued'")" 0 \
	"and nothing is queued that could never be sent"

# one metric waiting: a bare score answers it
sam=$(sql "$db" "SELECT id FROM person WHERE handle = 'soneill'")
sql "$db" "INSERT INTO rating (athlete_id, metric_id, source, score, rated_on, created_at)
	SELECT $sam, id, 'coach', 5, '2026-11-21', strftime('%s') + 3600 FROM metric WHERE slug = 'rhythm'"
text +447700900102 SM008 "4"
like "$out" "Saved rhythm 4\. Coach: rhythm 5\." "a bare score answers the only metric waiting"

# 40 texts at once, then quiet: the hook runs once for all of them
hook_idle() { flock -n "$W/.hook-lock" true; }
wait_for 60 hook_idle
runs=$(cat "$T/hook.runs" 2>/dev/null | wc -l)
/usr/bin/python3 "$COX_DATADIR/tests/sms-burst.py" "$SMS_URL/twilio/sms" "$P" twilio-test-token +447700900104 40 SMb0 >/dev/null
ran() { [ "$(cat "$T/hook.runs" 2>/dev/null | wc -l)" -gt "$runs" ] && hook_idle; }
wait_for 60 ran
is "$(($(cat "$T/hook.runs" 2>/dev/null | wc -l) - runs))" 1 "a burst of texts causes one post-ingest run"
# the same 40 again (retries, or a captured request replayed): each is
# answered as before, nothing is stored, and no build is asked for
runs=$(cat "$T/hook.runs" | wc -l)
/usr/bin/python3 "$COX_DATADIR/tests/sms-burst.py" "$SMS_URL/twilio/sms" "$P" twilio-test-token +447700900104 40 SMb0 >/dev/null
sleep 2	# four times the hook's quiet
wait_for 60 hook_idle
is "$(($(cat "$T/hook.runs" | wc -l) - runs))" 0 "texts sent again cause no post-ingest run"
text +447700900104 SMb1new "sleep 3"
wait_for 60 ran
is "$(($(cat "$T/hook.runs" | wc -l) - runs))" 1 "and a new text after them does"

is "$(sql "$db" "SELECT count(*) FROM message WHERE length(answer) > 160")" 0 \
	"every reply fits in one 160-character SMS"

# 16 senders at once, and each text sent twice at the same time, as
# Twilio's retries can overlap: one transaction serves many requests,
# and each text is stored once, with its reply
burst() { /usr/bin/python3 "$COX_DATADIR/tests/sms-burst.py" "$SMS_URL/twilio/sms" "$P" twilio-test-token +447700900103 "$1" SMa1; }
burst 300 >"$T/burst1" & b1=$!
burst 300 >"$T/burst2" & b2=$!
wait $b1 $b2
is "$(cat "$T/burst1") $(cat "$T/burst2")" "0 0" "300 texts sent twice at once: every request answered 200 at the first try"
is "$(sql "$db" "SELECT count(*), count(DISTINCT sid) FROM message WHERE direction = 'in' AND sid LIKE 'SMa1%'")" \
	"300|300" "each text is stored once"
is "$(sql "$db" "SELECT count(*), count(answer) FROM message WHERE direction = 'in' AND sid LIKE 'SMa1%'")" \
	"300|300" "with its reply"
like "$(grep -o 'batch of [0-9]* requests' "$T/sms.log" | sort -t' ' -k3 -n | tail -1)" \
	"batch of ([2-9]|[1-9][0-9]+) requests" "requests arriving together share one commit"

sms_stop
is "$?" 0 "SIGTERM stops the daemon cleanly"
like "$(cat "$T/sms.log")" "stopping: finishing requests in flight" "and it says so in its log"

# cox sms try: a text's answer without Twilio, nothing kept unless asked
s1=$(selfs)
cox -C "$W" sms try @jdoe Technique 2, fit 5
like "$out" "^Kept as your latest view: technique 2, fitness 5\. " "cox sms try answers as the webhook would, the words as operands"
like "$out" "nothing kept: --keep stores it as received" "and says nothing was kept"
is "$(selfs)" "$s1" "nor was it"
cox -C "$W" sms try +447700900101 "Technique 2, fit 5" --keep
like "$out" "stored as a text from \+447700900101, MessageSid SM[0-9a-f]{32}" "--keep stores it, under a MessageSid of its own"
is "$(selfs)" "$((s1 + 2))" "with its ratings"
cox -C "$W" sms try @nobody hi
is "$rc" 65 "a handle of nobody is refused"
like "$err" "@nobody: nobody of that handle with a phone" "and says why"
cox -C "$W" sms try @jdoe "$(printf 'bad \377 bytes')"
like "$rc:$err" "^64:cox: error: the text must be 1 to [0-9]+ characters of UTF-8" "a text no phone sends is refused, as cox sms send refuses it"

# The texts kept are known by their MessageSid in memory (schema v34:
# in no index on disk): read when the daemon starts, and as texts come
m0=$(msgs)
sms_start "$W"
like "$(cat "$T/sms.log")" "[0-9]+ texts known by their MessageSid \([0-9]+ KiB in memory\)" \
	"the daemon says at its start how many texts it knows"
text +447700900101 SM003 "sleep 2 stress 3 fatigue 3 sore 2"
like "$out" "Wellness saved\." "a retry of a text kept before a restart gets its answer again"
is "$(msgs)" "$m0" "and stores nothing"
sql "$db" "INSERT INTO message (direction, channel, person_id, peer, body, kind, sid, status, created_at, answer)
	VALUES ('in', 'sms', $jane, '+447700900101', 'sleep 1', 'scores',
	'SM$(printf %s SMhand | md5sum | cut -c1-32)', 'stored', strftime('%s'), 'Kept by hand.')"
text +447700900101 SMhand "sleep 1"
like "$out" "<Response><Message>Kept by hand\.</Message></Response>" \
	"a text another process stored while the daemon runs is known too"
is "$(msgs)" "$((m0 + 1))" "and not stored again"
sms_stop

done_testing
