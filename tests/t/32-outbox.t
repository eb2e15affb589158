# cox outbox run: queued replies reach a real SMTP server on loopback,
# once, with safe headers; temporary refusals are retried, permanent
# ones are not; opted-out people get nothing.
. "$(dirname "$0")/lib.sh"
plan 13

W=$T/ws
demo_workspace "$W"
conf_set "$W/cox.conf" mail coaches head.coach@example.org
db=$W/cox.db
# the demo's own queue is not this test's
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out'"
port=$(free_port)
sink() { sink_start "$port" "$1" "$1.log" ${2:-}; }	# sink DIR [MODE]
conf_set "$W/cox.conf" smtp url "smtp://127.0.0.1:$port"
conf_set "$W/cox.conf" smtp from coxswain@club.example
conf_set "$W/cox.conf" smtp tls off

printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org\nFrom: Alex Carter <head.coach@example.org>\nSubject: =?UTF-8?Q?R=C3=A9sum=C3=A9?=\nMessage-ID: <o1@example.org>\nContent-Type: text/plain\n\nJane Doe:\n  technique 4 Good\n' |
	"$COX" -C "$W" mail --stdin 2>/dev/null
sink "$T/inbox"
cox -C "$W" outbox run
is "$rc" 0 "outbox run exits 0"
like "$out" "^1 email sent, 0 texts sent$" "it sends the queued reply"
is "$(cat "$T/inbox/1.env")" "coxswain@club.example
head.coach@example.org" "to the coach, from the configured address"
eml=$(cat "$T/inbox/1.eml")
like "$eml" "Subject: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=" "a non-ASCII subject is encoded"
like "$(printf '%s\n' "$eml" | tr -d '\r')" "Stored 1 rating for" "the body says what was stored"
is "$(sql "$db" "SELECT status FROM message WHERE kind = 'reply' ORDER BY id DESC LIMIT 1")" "sent" "the message is marked sent"
cox -C "$W" outbox run
like "$out" "^0 emails sent, 0 texts sent$" "a second run sends nothing again"
kill $SINK_PID; wait $SINK_PID 2>/dev/null

# Header injection through the subject is neutralised
sql "$db" "INSERT INTO message (direction, channel, peer, subject, body, kind, status, created_at)
	VALUES ('out', 'email', 'head.coach@example.org', 'Hi' || char(13, 10) || 'Bcc: victim@example.net', 'x', 'reply', 'queued', 1)"
sink "$T/inbox2"
"$COX" -C "$W" outbox run >/dev/null 2>&1
unlike "$(tr -d '\r' <"$T/inbox2/1.eml")" "^Bcc:" "a CR LF in the subject cannot add a header"
is "$(cat "$T/inbox2/1.env" | wc -l)" 2 "and the envelope has one recipient"
kill $SINK_PID; wait $SINK_PID 2>/dev/null

# 451 is retried later, 550 is final
sql "$db" "INSERT INTO message (direction, channel, peer, subject, body, kind, status, created_at)
	VALUES ('out', 'email', 'head.coach@example.org', 'retry me', 'x', 'reply', 'queued', 1)"
sink "$T/inbox3" tempfail
"$COX" -C "$W" outbox run >/dev/null 2>&1
like "$(sql "$db" "SELECT status || ' ' || attempts || ' ' || (next_attempt_at > strftime('%s')) FROM message WHERE subject = 'retry me'")" \
	"^queued 1 1$" "a temporary refusal is queued again with a later attempt time"
kill $SINK_PID; wait $SINK_PID 2>/dev/null
sql "$db" "INSERT INTO message (direction, channel, peer, subject, body, kind, status, created_at)
	VALUES ('out', 'email', 'head.coach@example.org', 'refuse me', 'x', 'reply', 'queued', 1)"
sink "$T/inbox4" reject
"$COX" -C "$W" outbox run >/dev/null 2>&1
like "$(sql "$db" "SELECT status || ' ' || error FROM message WHERE subject = 'refuse me'")" "^failed .*550" \
	"a permanent refusal fails the message with the server's code"
kill $SINK_PID; wait $SINK_PID 2>/dev/null

# No server at all: the error says so and names the server, without a
# reply code it never got
sql "$db" "INSERT INTO message (direction, channel, peer, subject, body, kind, status, created_at)
	VALUES ('out', 'email', 'head.coach@example.org', 'nobody there', 'x', 'reply', 'queued', 1)"
"$COX" -C "$W" outbox run >/dev/null 2>&1
is "$(sql "$db" "SELECT error FROM message WHERE subject = 'nobody there'")" \
	"smtp://127.0.0.1:$port: Couldn't connect to server" "no server: the server and curl's reason alone, no made-up reply code"

# Opted out: never sent
"$COX" -C "$W" roster edit head.coach@example.org --opt-out >/dev/null
sql "$db" "INSERT INTO message (direction, channel, person_id, peer, subject, body, kind, status, created_at)
	SELECT 'out', 'email', id, email, 'not for you', 'x', 'reply', 'queued', 1 FROM person WHERE email = 'head.coach@example.org'"
"$COX" -C "$W" outbox run >/dev/null 2>&1
is "$(sql "$db" "SELECT status FROM message WHERE subject = 'not for you'")" "suppressed" \
	"an opted-out person is never sent anything"

done_testing
