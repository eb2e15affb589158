# Twilio as clubs run it: texts sent through a Messaging Service (its
# sender pool picks the number: MessagingServiceSid, no From), with no
# [sms] from needed; a SID not shaped as a service's is refused by the
# outbox and named by cox doctor.  Texts refused for a US registration
# (30034, 30032) are named with what to do by cox status and cox doctor,
# and cox status lists who blocked the team on WhatsApp.  A stop or
# start word the service's Advanced Opt-Out heard (OptOutType), in a
# language cox does not know, opts the athlete out or in, answered by
# Twilio alone; a text spooled while the database is locked keeps its
# OptOutType.  A number whose last 3 texts failed for good (30006 here)
# gets no more ([sms] suppress_after), cox status says so and what to
# do, and a text from it lifts that.
. "$(dirname "$0")/lib.sh"
plan 22

W=$T/ws
ACC=AC0123456789abcdef0123456789abcdef
MG=MG0123456789abcdef0123456789abcdef
port=$(free_port)
SMS_PORT=$(free_port)
demo_sms "$W" "http://127.0.0.1:$SMS_PORT" tok-123 "account_sid=$ACC" \
	"messaging_service_sid=$MG" "api_url=http://127.0.0.1:$port" api_timeout=2
db=$W/cox.db
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out'"
fake_twilio $port $ACC tok-123

is "$(grep -c '^from' "$W/cox.conf")" 0 "(no [sms] from in this team)"
cox -C "$W" sms send --to @glee "Training at 7"
cox -C "$W" outbox run
is "$rc" 0 "the outbox sends through the Messaging Service"
rec=$(grep '"Training at 7"' "$T/messages")
like "$rec" "\"service\": \"$MG\"" "Twilio gets MessagingServiceSid"
like "$rec" "\"from_given\": false" "and no From: the service's pool picks the number"

conf_set "$W/cox.conf" sms messaging_service_sid MG123
cox -C "$W" sms send --to @glee "again"
cox -C "$W" outbox run
like "$err" "\[sms\] messaging_service_sid is not a Messaging Service SID" \
	"a SID not shaped as a service's is refused, named"
cox -C "$W" doctor
like "$out" "problem: \[sms\] messaging_service_sid 'MG123' is not a Messaging Service SID" \
	"and cox doctor names it"

conf_set "$W/cox.conf" sms messaging_service_sid "$MG"

# a text Twilio refused: the number is not registered for A2P 10DLC
glee=$(sql "$db" "SELECT id FROM person WHERE handle = 'glee'")
sql "$db" "INSERT INTO message (direction, channel, person_id, peer, body, kind, status, created_at)
	VALUES ('out', 'sms', $glee, '+15005550009', 'x', 'broadcast', 'undelivered', strftime('%s'))"
mid=$(sql "$db" "SELECT max(id) FROM message")
sql "$db" "INSERT INTO message_status (message_id, status, error_code, at)
	VALUES ($mid, 'undelivered', '30034', strftime('%s'))"
cox -C "$W" status
like "$out" "error 30034.*
    what to do: the US number is not registered for A2P 10DLC" "cox status names 30034 and what to do"
cox -C "$W" doctor
like "$out" "problem: 1 text failed with Twilio's 30034 in the last week: the US number is not registered" \
	"cox doctor too, as a problem"
sql "$db" "UPDATE message_status SET error_code = '30032' WHERE message_id = $mid"
cox -C "$W" doctor
like "$out" "problem: 1 text failed with Twilio's 30032 in the last week: the US toll-free number is not verified" \
	"and 30032, an unverified toll-free number"

# who blocked the team on WhatsApp
sql "$db" "UPDATE person SET whatsapp_blocked_at = strftime('%s') - 7200 WHERE id = $glee"
cox -C "$W" status
like "$out" "blocked the team on WhatsApp 2 h ago: Grace Lee \(@glee\)
    what to do: they blocked the team on WhatsApp" "cox status lists who blocked the team on WhatsApp"
cox -C "$W" status --json
is "$(printf '%s' "$out" | jq -r '.whatsapp_blocked[0].handle')" glee "and so does its JSON"

# OptOutType: Advanced Opt-Out heard a stop word cox does not know
gphone=$(sql "$db" "SELECT e164 FROM phone WHERE person_id = $glee ORDER BY position LIMIT 1")
sms_start "$W"
optout() {	# optout LABEL BODY TYPE
	run /usr/bin/python3 "$COX_DATADIR/tests/twilio-post.py" "$SMS_URL/twilio/sms" \
		"http://127.0.0.1:$SMS_PORT/twilio/sms" tok-123 "From=$gphone" "To=+15005550006" \
		"MessageSid=SM$(printf %s "$1" | md5sum | cut -c1-32)" "Body=$2" "AccountSid=$ACC" \
		"NumMedia=0" "OptOutType=$3"
}
optout OPT1 "lopeta" STOP
is "$(sql "$db" "SELECT opted_out FROM person WHERE id = $glee")" 1 \
	"OptOutType=STOP with a word cox does not know opts her out"
unlike "$out" "<Message>" "and cox adds no answer: Twilio's service sent its own"
is "$(sql "$db" "SELECT kind FROM message WHERE body = 'lopeta'")" command "the text is kept, as the stop it was"
optout OPT2 "aloita" START
is "$(sql "$db" "SELECT opted_out FROM person WHERE id = $glee")" 0 "OptOutType=START opts her back in"
optout OPT3 "hola que" NOPE
is "$(sql "$db" "SELECT opted_out FROM person WHERE id = $glee")" 0 "an OptOutType Twilio does not send is ignored"
# the database locked: the stop is spooled with its OptOutType, and
# stored as a stop once the lock goes
(echo "BEGIN IMMEDIATE;"; sleep 4; echo "COMMIT;") | sqlite3 "$db" &
locker=$!
at_exit 'kill $locker 2>/dev/null'
for _ in $(seq 50); do ! sqlite3 "$db" "BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null && break; sleep 0.1; done
optout OPT4 "lopeta nyt" STOP
like "$(cat "$W/spool/sms.spool" 2>/dev/null)" '"optout": ?"STOP"' "a spooled text keeps its OptOutType"
wait $locker
wait_for 20 sh -c "[ \"\$(sqlite3 '$db' 'SELECT opted_out FROM person WHERE id = $glee')\" = 1 ]"
is "$(sql "$db" "SELECT opted_out FROM person WHERE id = $glee")" 1 "and, stored after the lock, opts her out"
sms_stop

# three texts to Grace's number failed: a landline (30006)
sql "$db" "UPDATE person SET opted_out = 0 WHERE id = $glee"
for k in 1 2 3; do
	sql "$db" "INSERT INTO message (direction, channel, person_id, peer, body, kind, status, created_at)
		VALUES ('out', 'sms', $glee, '$gphone', 'f$k', 'broadcast', 'undelivered', strftime('%s'))"
	sql "$db" "INSERT INTO message_status (message_id, status, error_code, at)
		VALUES ((SELECT max(id) FROM message), 'undelivered', '30006', strftime('%s'))"
done
n0=$(wc -l <"$T/messages")
cox -C "$W" sms send --to @glee "Held for the number"
cox -C "$W" outbox run
is "$(sql "$db" "SELECT status || ' ' || error FROM message WHERE body = 'Held for the number'")" \
	"suppressed number failing: 30006" "the fourth text to a number that failed three times is held"
is "$(wc -l <"$T/messages")" "$n0" "and Twilio gets nothing"
cox -C "$W" status
like "$out" "texts held .*: Grace Lee \(@glee\) at \\$gphone failed again and again; 1 not sent
    what to do: check the number with them, then cox roster edit @glee --phone NUMBER" \
	"cox status names the number and what to do"
sms_start "$W"
optout OPT5 "help" HELP
sms_stop
cox -C "$W" sms send --to @glee "After she texted"
cox -C "$W" outbox run
is "$(sql "$db" "SELECT status FROM message WHERE body = 'After she texted'")" sent \
	"a text from the number lifts it"

done_testing
