# Texts go out through Twilio's Messages API (a fake on loopback that
# checks credentials and can refuse): once each, retried on 429 and
# 500, not resent after a timeout, 21610 opts the person out, status
# callbacks recorded, cox sms send honours opt-outs; cox sms serve sends
# what is queued by itself, and never twice beside cox outbox run.
. "$(dirname "$0")/lib.sh"
plan 31

W=$T/ws
ACC=AC0123456789abcdef0123456789abcdef	# the team's Twilio account
port=$(free_port)
SMS_PORT=$(free_port)
demo_sms "$W" "http://127.0.0.1:$SMS_PORT" tok-123 "account_sid=$ACC" \
	from=+15005550006 "api_url=http://127.0.0.1:$port" api_timeout=2
db=$W/cox.db
# the demo's own queue is not this test's
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out'"
fake() { fake_twilio $port $ACC tok-123 "$@"; }	# fake MODE...: (re)start the fake Twilio
sent() { wc -l <"$T/messages" 2>/dev/null || echo 0; }

fake
cox -C "$W" sms send --squad "Junior Women" "Training moved to 7am tomorrow"
like "$out" "^7 texts queued" "cox sms send queues one text per squad member (coaches too)"
"$COX" -C "$W" roster edit @ejones --opt-out >/dev/null
cox -C "$W" sms send --to @ejones "hello"
like "$out" "^0 texts queued .* 1 skipped" "an opted-out person is skipped"
cox -C "$W" outbox run
is "$rc" 0 "outbox run exits 0"
is "$(sent)" 6 "Twilio got each text once, but not the one for who opted out since"
like "$(head -1 "$T/messages")" "\"from\": \"\+15005550006\".*\"body\": \"Training moved to 7am tomorrow\".*\"callback\": \"http://127.0.0.1:$SMS_PORT/twilio/status\"" \
	"from the configured number, with the status callback URL"
is "$(sql "$db" "SELECT group_concat(status, ' ') FROM (SELECT DISTINCT status FROM message WHERE kind = 'broadcast' ORDER BY status)")" \
	"sent suppressed" "each is marked sent with Twilio's SID, the opted-out one suppressed"
cox -C "$W" outbox run
is "$(sent)" 6 "a second run sends nothing again"

# an email queued with no [smtp]: the run says why it waits
sql "$db" "INSERT INTO message (direction, channel, peer, body, status, created_at) VALUES ('out', 'email', 'coach@example.org', 'waits', 'queued', strftime('%s'))"
cox -C "$W" outbox run
like "$out" "^0 emails sent, 0 texts sent" "a run with only [sms] sends no email"
like "$err" "1 email waits: \[smtp\] url is not set in .*cox.conf, so it cannot go out" \
	"and says the email waits for [smtp] url"
sql "$db" "UPDATE message SET status = 'sent' WHERE body = 'waits'"

# 429 then 500: queued again with a later attempt, then sent
fake 429 500
"$COX" -C "$W" sms send --to @glee "retry me" >/dev/null
"$COX" -C "$W" outbox run >/dev/null 2>&1
like "$(sql "$db" "SELECT status || ' ' || attempts || ' ' || error FROM message WHERE body = 'retry me'")" \
	"^queued 1 Twilio said 429" "a 429 is queued again"
sql "$db" "UPDATE message SET next_attempt_at = 0 WHERE body = 'retry me'"
"$COX" -C "$W" outbox run >/dev/null 2>&1
sql "$db" "UPDATE message SET next_attempt_at = 0 WHERE body = 'retry me'"
"$COX" -C "$W" outbox run >/dev/null 2>&1
is "$(sql "$db" "SELECT status || ' ' || attempts FROM message WHERE body = 'retry me'")" "sent 3" \
	"and sent on the third attempt, after a 500"

# a timeout after Twilio got it: not sent again
fake slow
"$COX" -C "$W" sms send --to @glee "slow one" >/dev/null
"$COX" -C "$W" outbox run >/dev/null 2>&1
like "$(sql "$db" "SELECT status || ' ' || error FROM message WHERE body = 'slow one'")" \
	"^sending .*not sent again in case Twilio took it" "a timeout leaves it unsent-again, and says why"

# 21610: the number replied STOP to Twilio
fake 21610
"$COX" -C "$W" sms send --to @znovak "are you there" >/dev/null
"$COX" -C "$W" outbox run >/dev/null 2>&1
is "$(sql "$db" "SELECT status || ' ' || opted_out FROM message m JOIN person p ON p.id = m.person_id WHERE body = 'are you there'")" \
	"failed 1" "error 21610 fails the text and opts the person out"
cox -C "$W" status
like "$out" "failed [0-9]+ s ago: sms to Zoe Novak: error 21610, Twilio said 400 \(error 21610\)" \
	"cox status shows the failed text with Twilio's code"
like "$out" "what to do: they texted STOP: nothing goes to them until they text START" "and what to do"

# status callbacks, signed as Twilio signs them
sms_start "$W"
like "$(cat /proc/"$SMS_PID"/task/*/comm)" "^cox-outbox\$" \
	"with a way to send, the daemon has a thread named for its outbox"
sid=$(sql "$db" "SELECT provider_id FROM message WHERE body = 'retry me'")
cb() { run /usr/bin/python3 "$COX_DATADIR/tests/twilio-post.py" "http://127.0.0.1:$SMS_PORT/twilio/status" \
	"http://127.0.0.1:$SMS_PORT/twilio/status" "$@"; }
cb tok-123 "MessageSid=$sid" MessageStatus=delivered "AccountSid=$ACC"
like "$out" "^200" "a signed status callback is accepted"
is "$(sql "$db" "SELECT status FROM message WHERE provider_id = '$sid'")" "delivered" "and recorded on the message"
cb tok-123 "MessageSid=$sid" MessageStatus=undelivered ErrorCode=30003 "AccountSid=$ACC"
is "$(sql "$db" "SELECT group_concat(s.status || ':' || coalesce(s.error_code, ''), ' ') FROM message_status s JOIN message m ON m.id = s.message_id WHERE m.provider_id = '$sid'")" \
	"sending: queued:Twilio said 429 (error 20429) sending: queued:Twilio said 500 (error 20500) sending: sent: delivered: undelivered:30003" \
	"its history keeps every attempt and status, with error codes"
# a captured callback replayed: 21610 opted her out; she opted in again
# since (as START does), and the old callback changes nothing now
hist() { sql "$db" "SELECT count(*) FROM message_status s JOIN message m ON m.id = s.message_id WHERE m.provider_id = '$sid'"; }
cb tok-123 "MessageSid=$sid" MessageStatus=failed ErrorCode=21610 "AccountSid=$ACC"
is "$(sql "$db" "SELECT opted_out FROM person WHERE handle = 'glee'")" 1 "a 21610 callback opts her out"
sql "$db" "UPDATE person SET opted_out = 0 WHERE handle = 'glee'; UPDATE message SET status = 'delivered' WHERE provider_id = '$sid'"
h0=$(hist)
cb tok-123 "MessageSid=$sid" MessageStatus=failed ErrorCode=21610 "AccountSid=$ACC"
like "$out" "^200" "the same callback again is answered 200"
is "$(sql "$db" "SELECT opted_out FROM person WHERE handle = 'glee'"):$(sql "$db" "SELECT status FROM message WHERE provider_id = '$sid'"):$(hist)" \
	"0:delivered:$h0" "but opts nobody out again, rewrites no status and adds no row"
# a Messaging Service's text goes accepted -> queued -> sending in
# Twilio, each with a callback: none of them is cox's own queue
n0=$(sent)
for st in accepted queued sending; do
	cb tok-123 "MessageSid=$sid" "MessageStatus=$st" "AccountSid=$ACC"
done
"$COX" -C "$W" outbox run >/dev/null 2>&1
is "$(sql "$db" "SELECT status FROM message WHERE provider_id = '$sid'"):$(hist):$(sent)" "delivered:$h0:$n0" \
	"Twilio's own steps (accepted, queued, sending) put no text back in the outbox, nor in its history"
# the same failure on a new attempt (the outbox logs 'sending' for each)
sql "$db" "INSERT INTO message_status (message_id, status, at) SELECT id, 'sending', strftime('%s') FROM message WHERE provider_id = '$sid'"
cb tok-123 "MessageSid=$sid" MessageStatus=failed ErrorCode=21610 "AccountSid=$ACC"
is "$(sql "$db" "SELECT opted_out FROM person WHERE handle = 'glee'")" 1 "the same failure of a new attempt counts again"
sql "$db" "UPDATE person SET opted_out = 0 WHERE handle = 'glee'"

# the daemon's own sender: no cox outbox run needed
n0=$(sent)
"$COX" -C "$W" sms send --to @glee "sent by the daemon" >/dev/null
for _ in $(seq 100); do [ "$(sent)" -gt "$n0" ] && break; sleep 0.1; done
like "$(tail -1 "$T/messages")" "sent by the daemon" "cox sms serve sends a queued text within seconds, by itself"
like "$(cat "$T/sms.log")" "text [0-9]+ to \+[0-9]{2}\*+[0-9]{3}: accepted by Twilio" \
	"and logs it, the number masked"
glee_e164=$(sql "$db" "SELECT e164 FROM phone p JOIN person q ON q.id = p.person_id WHERE q.handle = 'glee' ORDER BY position LIMIT 1")
unlike "$(cat "$T/sms.log")" "${glee_e164#+}" "no log line holds a recipient's number in clear"

# LINK: the invitation goes out through the Messages API, never in the
# webhook's answer, which whoever replays or reads the request sees
glee=$(sql "$db" "SELECT e164 FROM phone p JOIN person q ON q.id = p.person_id WHERE q.handle = 'glee' ORDER BY position LIMIT 1")
n0=$(sent)
run /usr/bin/python3 "$COX_DATADIR/tests/twilio-post.py" "http://127.0.0.1:$SMS_PORT/twilio/sms" \
	"http://127.0.0.1:$SMS_PORT/twilio/sms" tok-123 "From=$glee" To=+15005550006 \
	MessageSid=SM00000000000000000000000000001111 Body=link AccountSid=$ACC NumMedia=0
like "$out" "<Message>A link to set your password is on its way, in a text of its own\.</Message>" \
	"LINK is answered that a link is on its way"
unlike "$out" "register|#t=|#k=" "and the answer holds no secret"
for _ in $(seq 100); do [ "$(sent)" -gt "$n0" ] && break; sleep 0.1; done
like "$(tail -1 "$T/messages")" "\"to\": \"\\$glee\".*register/#t=[A-Za-z0-9_-]{22}&k=[A-Za-z0-9_-]{43}" \
	"the link reaches the number on file through the Messages API"

# three runners at once (the daemon and two cox outbox run): each text once
n0=$(sent)
"$COX" -C "$W" sms send --squad "Junior Women" "one of many" >/dev/null
# counted whatever their state: the daemon's sender may take some at once
queued=$(sql "$db" "SELECT count(*) FROM message WHERE body = 'one of many' AND direction = 'out'")
"$COX" -C "$W" outbox run >/dev/null 2>&1 & r1=$!
"$COX" -C "$W" outbox run >/dev/null 2>&1 & r2=$!
wait $r1 $r2
for _ in $(seq 100); do
	[ "$(sql "$db" "SELECT count(*) FROM message WHERE body = 'one of many' AND status = 'queued'")" = 0 ] && break
	sleep 0.1
done
arrived() { [ "$(grep -c "one of many" "$T/messages")" -ge "$queued" ]; }
wait_for 60 arrived
is "$(grep -c "one of many" "$T/messages") of $queued" "$queued of $queued" \
	"with the daemon and two outbox runs at once, every text reaches Twilio exactly once"

done_testing
