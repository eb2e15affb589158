# WhatsApp through Twilio beside SMS: a signed WhatsApp text stored and
# answered (its rows saying via whatsapp), a retry stored once, a bad
# signature or a mixed or foreign sender refused; texts cox starts go
# free-form inside the 24-hour window and as the configured template
# outside it (with its variables), fall back to SMS for 'both', fail
# with the reason for 'whatsapp' alone; 63016 and 63014 from Twilio,
# at once or in a status callback, send the text the next way.
. "$(dirname "$0")/lib.sh"
plan 36

W=$T/ws
ACC=AC0123456789abcdef0123456789abcdef
WA=+14155238886			# the team's WhatsApp sender
port=$(free_port)
SMS_PORT=$(free_port)
PUB=https://sms.riverside.example
demo_sms "$W" "$PUB" tok-wa "account_sid=$ACC" from=+15005550006 \
	"api_url=http://127.0.0.1:$port" api_timeout=2
conf_set "$W/cox.conf" whatsapp from "$WA"
conf_set "$W/cox.conf" whatsapp template.prompt HX00000000000000000000000000000001
conf_set "$W/cox.conf" whatsapp template.reminder HX00000000000000000000000000000002
db=$W/cox.db
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out'"
club=$(sed -n 's/^name *= *//p' "$W/cox.conf" | head -1)
jane=$(sql "$db" "SELECT person_id FROM phone WHERE e164 = '+447700900101'")
tom=$(sql "$db" "SELECT person_id FROM phone WHERE e164 = '+447700900104'")
luis=$(sql "$db" "SELECT person_id FROM phone WHERE e164 = '+447700900105'")

fake() { fake_twilio $port $ACC tok-wa "$@"; }	# fake MODE...: (re)start the fake Twilio
last() { tail -1 "$T/messages" 2>/dev/null; }
sent() { wc -l <"$T/messages" 2>/dev/null || echo 0; }
wa() {	# wa SIGNTOKEN FROM TO LABEL BODY: a WhatsApp text as Twilio posts it
	run /usr/bin/python3 "$COX_DATADIR/tests/twilio-post.py" "$SMS_URL/twilio/sms" \
		"$PUB/twilio/sms" "$1" "From=$2" "To=$3" \
		"MessageSid=SM$(printf %s "$4" | md5sum | cut -c1-32)" "Body=$5" \
		"AccountSid=$ACC" NumMedia=0 ProfileName=Someone "WaId=${2#whatsapp:+}"
}
queue() {	# queue PERSON KIND BODY: a text cox starts, as its callers queue it
	sql "$db" "INSERT INTO message (direction, channel, person_id, peer, body, kind,
		status, created_at) SELECT 'out', 'sms', $1, e164, '$3', '$2', 'queued',
		strftime('%s', 'now') FROM phone WHERE person_id = $1 ORDER BY position LIMIT 1"
}
row() { sql "$db" "SELECT status || '|' || coalesce(via, '') || '|' || coalesce(error, '') FROM message WHERE body = '$1'"; }

# the roster: a person's channel
cox -C "$W" roster edit +447700900101 --channel whatsapp
is "$rc" 0 "roster edit --channel whatsapp"
cox -C "$W" roster edit +447700900104 --channel carrier-pigeon
is "$rc" 65 "a channel that is none is refused (EX_DATAERR)"
like "$err" "not sms, whatsapp, both or default" "with what to write"
printf 'Name,Mobile,Channel\nLuis García,07700 900105,Both\n' >"$T/r.csv"
cox -C "$W" roster import "$T/r.csv"
is "$(sql "$db" "SELECT channel FROM person WHERE id = $luis")" both "the roster's channel column is imported"
cox -C "$W" roster list --json
like "$out" '"channel": "whatsapp"' "and roster list --json shows it"

# in: a signed WhatsApp text
sms_start "$W"
wa tok-wa whatsapp:+447700900101 "whatsapp:$WA" wa1 "fitness 4"
like "$out" "^200" "a signed WhatsApp text is answered 200"
like "$out" "<Message>" "in TwiML, as a text is"
is "$(sql "$db" "SELECT count(*) || ' ' || via || ' ' || peer FROM message WHERE sid = 'SM$(printf wa1 | md5sum | cut -c1-32)'")" \
	"1 whatsapp +447700900101" "it is stored once, for the number, via whatsapp"
kept=$(sql "$db" "SELECT substr(answer, 1, 10) FROM message WHERE sid = 'SM$(printf wa1 | md5sum | cut -c1-32)'")
like "$out" "<Message>${kept:-(no answer kept)}" "with the answer it was given kept"
first=$out
wa tok-wa whatsapp:+447700900101 "whatsapp:$WA" wa1 "fitness 4"
is "$out" "$first" "Twilio's retry gets the same answer"
is "$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'in' AND via = 'whatsapp'")" 1 \
	"and stores nothing twice"
wa bad:tok-wa whatsapp:+447700900101 "whatsapp:$WA" wa2 "fitness 5"
like "$out" "^403" "a bad signature is refused"
wa tok-wa whatsapp:+447700900101 +15005550006 wa3 "fitness 5"
like "$out" "^403" "so is a WhatsApp sender writing to the SMS number"
wa tok-wa whatsapp:+447700900101 whatsapp:+14155550000 wa4 "fitness 5"
like "$out" "^403" "or to a WhatsApp number not the team's"
is "$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'in' AND via = 'whatsapp'")" 1 \
	"none of them stored"
# a stop word on WhatsApp is answered of messages, not of SMS
sql "$db" "UPDATE person SET language = 'fr' WHERE id = (SELECT person_id FROM phone WHERE e164 = '+447700900101')"
wa tok-wa whatsapp:+447700900101 "whatsapp:$WA" wa5 "ARRET"
like "$out" "Tu ne recevras plus de messages de l&#39;équipe" "a French stop on WhatsApp is answered of messages"
wa tok-wa whatsapp:+447700900101 "whatsapp:$WA" wa6 "START"
unlike "$out" "SMS" "and so is the start that undoes it"
sql "$db" "UPDATE person SET language = NULL WHERE id = (SELECT person_id FROM phone WHERE e164 = '+447700900101')"
sms_stop

# out: inside the window free-form, outside it a template
fake "+447700900105=63014"
queue $jane notify "Rate yourself: technique"
cox -C "$W" outbox run
is "$(row 'Rate yourself: technique')" "sent|whatsapp|" "inside the window: sent by WhatsApp"
like "$(last)" "\"to\": \"whatsapp:\+447700900101\", \"from\": \"whatsapp:\+14155238886\", \"body\": \"Rate yourself: technique\"" \
	"free-form, between WhatsApp addresses"
unlike "$(last)" content_sid "with no template"
sql "$db" "UPDATE message SET created_at = created_at - 25 * 3600 WHERE person_id = $jane AND direction = 'in'"
queue $jane notify "Rate yourself: fitness"
cox -C "$W" outbox run
is "$(row 'Rate yourself: fitness')" "sent|whatsapp|" "25 hours on: sent by WhatsApp"
like "$(last)" "\"content_sid\": \"HX00000000000000000000000000000001\", \"variables\": \{\"1\": \"Jane\", \"2\": \"$club\", \"3\": \"Rate yourself: fitness\"\}" \
	"as the prompt's template, with the name, the club and the text"
queue $jane notify "Riverside Club: Rate yourself: rhythm"
cox -C "$W" outbox run
like "$(last)" "\"3\": \"Rate yourself: rhythm\"\}" "the template's text leaves out the short name an SMS opens with: the template names the club"
cox -C "$W" sms send --to +447700900101 "Boats at 6"
cox -C "$W" outbox run
like "$(row 'Boats at 6')" "^failed\|\|outside WhatsApp's 24-hour window, and no template" \
	"no template for it and no SMS: failed, with the reason"

# both: SMS when WhatsApp cannot carry it; 63014 blocks WhatsApp
n=$(sent)
queue $luis reminder "Check in today"
cox -C "$W" outbox run
is "$(row 'Check in today')" "sent|sms|" "63014 for 'both': sent by SMS instead"
like "$(last)" "\"to\": \"\+447700900105\", \"from\": \"\+15005550006\"" "from the SMS number"
is "$(sql "$db" "SELECT whatsapp_blocked_at > 0 FROM person WHERE id = $luis")" 1 \
	"and the person is marked as blocking WhatsApp"
like "$err" "blocked the team on WhatsApp \(error 63014\)" "which the log says"
queue $luis reminder "Check in again"
cox -C "$W" outbox run
is "$(( $(sent) - n ))" 2 "no WhatsApp is tried for them since"

# 63016: free-form refused, sent again as the template
cox -C "$W" roster edit +447700900104 --channel whatsapp
sql "$db" "INSERT INTO message (direction, channel, person_id, peer, body, kind, status,
	created_at, via) VALUES ('in', 'sms', $tom, '+447700900104', 'hi', 'unparsed',
	'stored', strftime('%s', 'now'), 'whatsapp')"
fake "+447700900104=63016"
queue $tom reminder "Tom, your check-in"
cox -C "$W" outbox run
like "$(last)" "\"to\": \"whatsapp:\+447700900104\".*\"content_sid\": \"HX00000000000000000000000000000002\"" \
	"63016: the text goes again as the reminder's template"
is "$(row 'Tom, your check-in')" "sent|whatsapp|" "and is sent once"

# a status callback saying 63016 queues it again, to go as a template
sms_start "$W"
sid=$(sql "$db" "SELECT provider_id FROM message WHERE body = 'Rate yourself: technique'")
run /usr/bin/python3 "$COX_DATADIR/tests/twilio-post.py" "$SMS_URL/twilio/status" \
	"$PUB/twilio/status" tok-wa "MessageSid=$sid" MessageStatus=undelivered \
	ErrorCode=63016 "AccountSid=$ACC" "To=whatsapp:+447700900101" "From=whatsapp:$WA"
like "$out" "^200" "a WhatsApp status callback is taken"
like "$(row 'Rate yourself: technique')" "^queued\|whatsapp\|WhatsApp said 63016" \
	"63016 in a callback queues the text again"
sms_stop

# cox doctor: WhatsApp people need a sender and a prompt template
cox -C "$W" doctor
unlike "$out" "reached by WhatsApp" "doctor: nothing to say when both are set"
conf_del "$W/cox.conf" whatsapp from
sed -i "/^template\.prompt *=/d" "$W/cox.conf"
cox -C "$W" doctor
like "$out" "3 people are reached by WhatsApp but \[whatsapp\] from is not set" \
	"doctor: WhatsApp people and no [whatsapp] from is a finding"
like "$out" "but \[whatsapp\] template.prompt is not set" "and so is no prompt template"
