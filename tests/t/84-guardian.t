# Guardians: a minor's coach-written texts (a coach's send) also go to
# their guardian, by text, or by email when the guardian gave only an
# address, saying whose message it is; an adult's copy no one, and
# automated prompts stay with the athlete unless [team] guardian_copies
# is all.  A birth date that makes an athlete an adult today stops the
# copies.  The roster takes guardians from the sheet, with a bad one's
# line, and the dashboard says who is a minor and whether a guardian is
# copied.  A guardian's own number is known: STOP, START and HELP work
# for the copies to it, and anything else reaches the coaches as a note
# from that athlete's guardian, which a coach answers by replying.
. "$(dirname "$0")/lib.sh"
plan 47

W=$T/ws
ACC=AC0123456789abcdef0123456789abcdef
port=$(free_port)
pub=http://127.0.0.1:$(free_port)	# where Twilio posts texts (signed for it)
demo_sms "$W" "$pub" tok-123 "account_sid=$ACC" \
	from=+15005550006 "api_url=http://127.0.0.1:$port" api_timeout=2
fake_twilio $port $ACC tok-123
smtp_sink "$W"
conf_set "$W/cox.conf" mail coaches "head.coach@example.org"
conf_set "$W/cox.conf" mail authserv_id mx.club.example
db=$W/cox.db
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out'"
out_to() {	# out_to PEER: the texts and emails queued to PEER, kind and body
	sql "$db" "SELECT kind || ' ' || body FROM message WHERE direction = 'out' AND peer = '$1'
		AND status = 'queued' ORDER BY id"
}

cox -C "$W" roster edit @jdoe --minor yes --guardian-name "Mary Doe" --guardian-phone "+44 7700 900150"
is "$rc" 0 "roster edit gives Jane a guardian"
# [privacy] consent = required (cox init's): a minor is texted once the
# guardian's consent is on record too (91-consent.t)
"$COX" -C "$W" roster consent @jdoe --guardian --channel paper >/dev/null
cox -C "$W" roster list --json
is "$(printf '%s' "$out" | jq -r '.[] | select(.handle == "jdoe") | .guardian | "\(.name) \(.phone) \(.minor)"')" \
	"Mary Doe +447700900150 true" "the roster lists her guardian, the number made E.164, and that she is a minor"
cox -C "$W" roster edit @jdoe --guardian-phone "0207 946 0000"
like "$err" "guardian's phone '0207 946 0000' .*landline" "a guardian's landline is refused, as an athlete's is"

email 'send @jdoe: Training moved to 7am'
like "$(out_to +447700900150)" "^guardian Copy of a message to Jane Doe: Alex Carter: Training moved to 7am$" \
	"a coach's text to Jane, a minor, also goes to her guardian, saying whose it is"
jane=$(sql "$db" "SELECT e164 FROM phone p JOIN person q ON q.id = p.person_id WHERE q.handle = 'jdoe' LIMIT 1")
like "$(out_to "$jane")" "^coach Alex Carter: Training moved to 7am$" "and to Jane herself"
email 'send @soneill: See you at 6'
is "$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'guardian' AND body LIKE '%See you at 6%'")" 0 \
	"Sam, an adult, copies no one"

# automated texts: the athlete's alone, unless guardian_copies = all
cox -C "$W" sms send --to @jdoe "Regatta entries close Friday"
is "$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'guardian'")" 2 \
	"an operator's cox sms send to her is copied too (a person wrote it)"
before=$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'guardian'")
conf_set "$W/cox.conf" reminders check_in "daily 07:30"
COX_NOW=$(date -u -d "tomorrow 07:31" +%s) run "$COX" -C "$W" remind run
is "$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'check-in' AND peer = '$jane' AND status = 'queued'")" 1 \
	"(Jane's check-in prompt is queued)"
is "$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'guardian'")" "$before" \
	"and, automated, it does not go to her guardian"
conf_set "$W/cox.conf" team guardian_copies all
COX_NOW=$(($(date -u -d "tomorrow 07:31" +%s) + 86400)) run "$COX" -C "$W" remind run
is "$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'guardian' AND body LIKE 'Copy of a message to Jane Doe: %'")" \
	"$((before + 1))" "with guardian_copies = all, her next check-in prompt goes to her guardian too"
conf_set "$W/cox.conf" team guardian_copies human

# a guardian with an address only: by email
cox -C "$W" roster edit @jdoe --guardian-phone "" --guardian-email mary.doe@example.net
email 'send @jdoe: Bring your kit'
like "$(sql "$db" "SELECT channel || ' ' || subject || '|' || body FROM message WHERE kind = 'guardian' AND peer = 'mary.doe@example.net'" | tr '\n' ' ')" \
	"^email A message to Jane Doe\|You are named as the guardian of Jane Doe.*Alex Carter: Bring your kit" \
	"a guardian with an address only gets the copy by email"

# a birth date, not a flag: an adult today copies no one
cox -C "$W" roster edit @jdoe --minor no --birth-date 1989-06-15
is "$rc:$(sql "$db" "SELECT birth_date FROM person WHERE handle = 'jdoe'")" "0:1989-06-15" \
	"a birth date of last century is taken"
before=$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'guardian'")
email 'send @jdoe: Well done today'
is "$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'guardian'")" "$before" \
	"born 1989, she is an adult: no copy"
cox -C "$W" roster edit @jdoe --birth-date "$(date -u -d '-15 years' +%F)"
email 'send @jdoe: Well done again'
is "$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'guardian'")" "$((before + 1))" \
	"fifteen years old by her birth date: copied"

# with every text copied, a correction's copy goes as the correction
# does: cancelled with it when the score is put back, or undone
conf_set "$W/cox.conf" team guardian_copies all
jday=2026-11-02
answered() { sql "$db" "INSERT INTO rating (athlete_id, metric_id, source, score, rated_on, created_at)
	SELECT r.athlete_id, r.metric_id, 'self', 4, r.rated_on, r.created_at FROM rating r
	JOIN person p ON p.id = r.athlete_id WHERE p.handle = 'jdoe' AND r.source = 'coach' AND r.rated_on = '$jday'"; }
copies() { sql "$db" "SELECT group_concat(status, ',') FROM (SELECT status FROM message WHERE kind = 'guardian'
	AND body LIKE '%corrected technique%' ORDER BY id)"; }
email "date: $jday\nJane Doe:\n  technique 3"
answered
email "date: $jday\nJane Doe:\n  technique 5"
is "$(copies)" "queued" "(a correction of a score she answered is copied to her guardian)"
email "date: $jday\nJane Doe:\n  technique 3"
is "$(copies)" "cancelled" "put back the same evening, the guardian's copy is cancelled with her text"
email "date: $jday\nJane Doe:\n  technique 2"
sql "$db" "UPDATE message SET provider_id = 'conf-g@club.example' WHERE kind = 'reply'
	AND about = (SELECT id FROM message WHERE provider_id = 'c$COACH_EMAILS@example.org')"
printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org
From: Alex Carter <head.coach@example.org>
To: coxswain@club.example
Subject: Re: ratings
Message-ID: <undo-g@example.org>
In-Reply-To: <conf-g@club.example>
Content-Type: text/plain

undo\n' >"$T/undo.eml"
mail "$T/undo.eml"
is "$(copies)" "cancelled,cancelled" "an undo of the email cancels the guardian's copy with her text"
conf_set "$W/cox.conf" team guardian_copies human

# a guardian's text that failed is sent again to the guardian, not to
# her, at the number the guardian has now
cox -C "$W" roster edit @jdoe --guardian-phone "+44 7700 900152"
email 'send @jdoe: Boat at 6'
sql "$db" "UPDATE message SET status = 'failed' WHERE kind = 'guardian' AND body LIKE '%Boat at 6'"
cox -C "$W" roster edit @jdoe --guardian-phone "+44 7700 900153"
email "resend"
is "$(sql "$db" "SELECT group_concat(peer, ' ') FROM message WHERE status = 'queued' AND body LIKE 'Copy of %Boat at 6'")" \
	"+447700900153" "resend sends a guardian's failed copy to the guardian's number now"
cox -C "$W" roster edit @jdoe --guardian-phone ""

# the roster sheet: guardians, and a bad one's line
printf 'Name,Email,Mobile,Squad,Guardian name,Guardian phone,Date of birth\nTom Okafor,tom.okafor@example.org,+447700900104,Senior Men,Ada Okafor,+447700900151,2012-03-04\nKim Bad,,+447700900160,Senior Men,Bo Bad,not a number,2012-01-01\n' >"$T/roster.csv"
cox -C "$W" roster import --dry-run "$T/roster.csv"
like "$err" "line 3: guardian's phone 'not a number'" "a bad guardian's phone is refused with its line"
printf 'Name,Email,Mobile,Squad,Guardian name,Guardian phone,Date of birth,Consent guardian\nTom Okafor,tom.okafor@example.org,+447700900104,Senior Men,Ada Okafor,+447700900151,2012-03-04,2026-09-01\n' >"$T/roster.csv"
cox -C "$W" roster import "$T/roster.csv"
is "$(sql "$db" "SELECT guardian_name || ' ' || guardian_phone || ' ' || birth_date FROM person WHERE handle = 'tokafor'")" \
	"Ada Okafor +447700900151 2012-03-04" "the sheet's guardian columns are imported"

# birth dates as a European sheet exports them, the day first; where the
# team's country reads a day both ways, or the other way, it is refused
# with its line and the form to write
printf 'Name,Email,Mobile,Date of birth\nTom Okafor,tom.okafor@example.org,+447700900104,05.03.2012\nIda Berg,ida.berg@example.org,+447700900170,30/04/2011\n' >"$T/dmy.csv"
COX_TEAM_DEFAULT_COUNTRY=US run "$COX" -C "$W" roster import "$T/dmy.csv"
like "$err" "line 2: birth date '05\.03\.2012' may be read day first or month first: write it YYYY-MM-DD$" \
	"a US team's day with dots is ambiguous: refused with its line, saying to write YYYY-MM-DD"
like "$err" "line 3: birth date '30/04/2011' has the day first, where the team's country writes the month first: write it YYYY-MM-DD or MM/DD/YYYY" \
	"a day first with slashes is not read the other way round"
cox -C "$W" roster import "$T/dmy.csv"
is "$rc:$(sql "$db" "SELECT group_concat(birth_date, ' ') FROM (SELECT birth_date FROM person
	WHERE handle IN ('tokafor', 'iberg') ORDER BY handle)")" "0:2011-04-30 2012-03-05" \
	"a British team reads 30/04/2011 and 05.03.2012 day first"
cox -C "$W" roster edit @iberg --birth-date 01.05.2011
is "$rc:$(sql "$db" "SELECT birth_date FROM person WHERE handle = 'iberg'")" "0:2011-05-01" \
	"and so does roster edit --birth-date"

# what was queued goes out: the guardian's copies to Twilio and by mail
cox -C "$W" outbox run
like "$(grep '"to": "+447700900150"' "$T/messages")" '"body": "Copy of a message to Jane Doe: Alex Carter: Training moved to 7am"' \
	"the guardian's copy reaches Twilio, to the guardian's number"
mail_received 1 || true
like "$(grep -l 'mary.doe@example.net' "$T"/inbox/*.eml 2>/dev/null | xargs cat 2>/dev/null | tr -d '=\r\n')" "Bring your kit" \
	"and the email guardian's copy reaches the mail server"

cox -C "$W" build
like "$(part_plaintext "$W" acarter "Senior Men")" "Tom Okafor.*; a minor: their guardian gets a copy of what coaches write" \
	"the dashboard's roster says Tom is a minor whose guardian is copied"

# A guardian's number is known: STOP, HELP and START are theirs, for the
# copies to their number, Jane's own texts as they were; anything else
# goes to her coaches as a note from her guardian, and a coach's reply
# to it goes back to the guardian.
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out' AND status = 'queued'"
cox -C "$W" roster edit @jdoe --guardian-phone "+44 7700 900150"
P=$pub/twilio/sms
mary=+447700900150
# text_from FROM LABEL BODY: a text to the team, signed, of this account
text_from() {
	run /usr/bin/python3 "$COX_DATADIR/tests/twilio-post.py" "$SMS_URL/twilio/sms" "$P" tok-123 \
		"From=$1" "To=+15005550006" "MessageSid=SM$(printf %s "$2" | md5sum | cut -c1-32)" \
		"Body=$3" "AccountSid=$ACC" "NumMedia=0" "FromCity="
}
from_mary() { text_from "$mary" "$@"; }	# from_mary LABEL BODY
gstate() { sql "$db" "SELECT guardian_opted_out || ' ' || opted_out FROM person WHERE handle = 'jdoe'"; }
email 'send @jdoe: Before the stop'
copy=$(sql "$db" "SELECT id FROM message WHERE kind = 'guardian' AND body LIKE '%Before the stop'")
sms_start "$W"
from_mary g1 "STOP"
like "$out" "no more copies of the team(&#39;|')s texts to Jane Doe\. Text START" \
	"a guardian's STOP is answered as the guardian's, naming whose copies stop"
unlike "$out" "not on a team list" "not as a stranger's"
is "$(gstate)" "1 0" "her guardian is opted out, Jane is not"
is "$(sql "$db" "SELECT kind || ' ' || coalesce(person_id, 0) FROM message WHERE direction = 'in' AND peer = '$mary'")" \
	"guardian $(sql "$db" "SELECT id FROM person WHERE handle = 'jdoe'")" "the text is kept as her guardian's, under her"
email 'send @jdoe: After the stop'
like "$(out_to "$jane")" "coach Alex Carter: After the stop" "a coach's text still goes to Jane"
is "$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'guardian' AND body LIKE '%After the stop'")" 0 \
	"and no copy of it to her guardian"
# a copy queued before the STOP that the outbox comes to after it
sms_stop
sql "$db" "UPDATE message SET status = 'queued', next_attempt_at = NULL WHERE id = $copy"
cox -C "$W" outbox run
is "$(sql "$db" "SELECT status || ' ' || error FROM message WHERE id = $copy")" \
	"suppressed opted out" "a copy queued before the STOP is held when the outbox comes to it"
is "$(sql "$db" "SELECT status FROM message WHERE kind = 'coach' AND peer = '$jane' AND body LIKE '%After the stop'")" \
	"sent" "while Jane's own text goes"
sms_start "$W"
from_mary g2 "help"
like "$out" "copies of what coaches write to Jane Doe\. Text STOP" "HELP tells the guardian what the number gets and how to stop it"
from_mary g3 "START"
like "$out" "copies of the team(&#39;|')s texts to Jane Doe again" "START is answered"
is "$(gstate)" "0 0" "and copies start again"
email 'send @jdoe: After the start'
like "$(out_to "$mary")" "Copy of a message to Jane Doe: Alex Carter: After the start" "the next coach's text is copied again"

# anything else: a note from her guardian, to her coaches
from_mary g4 "Can Jane get a lift home on Saturday?"
like "$out" "Thanks, your message is with the coaches of Jane Doe\." "a guardian's note is answered"
note=$(sql "$db" "SELECT id FROM message WHERE direction = 'in' AND peer = '$mary' AND body LIKE 'Can Jane%'")
fwd=$(sql "$db" "SELECT subject || '|' || replace(body, char(10), ' ') FROM message WHERE kind = 'forward' AND about = $note AND peer = 'head.coach@example.org'")
like "$fwd" "^Note from the guardian of Jane Doe\|Mary Doe, the guardian of Jane Doe, texted: +Can Jane get a lift home on Saturday\? .*goes to the guardian of Jane Doe as a text" \
	"it reaches her coach by email, as a note from her guardian"
is "$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'out' AND status = 'queued' AND peer = '$jane' AND body LIKE '%lift home%'")" 0 \
	"and nothing of it goes to Jane"
sms_stop
sql "$db" "UPDATE message SET provider_id = 'fwd-g@club.example' WHERE kind = 'forward' AND about = $note"
printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org
From: Alex Carter <head.coach@example.org>
To: coxswain@club.example
Subject: Re: Note from the guardian of Jane Doe
Message-ID: <answer-g@example.org>
In-Reply-To: <fwd-g@club.example>
Content-Type: text/plain

Yes, I can drive her.\n' >"$T/answer.eml"
mail "$T/answer.eml"
like "$(out_to "$mary")" "^guardian Alex Carter: Yes, I can drive her\\.$" "the coach's reply goes to the guardian, by text"
is "$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'out' AND peer = '$jane' AND body LIKE '%drive her%'")" 0 \
	"not to Jane"
is "$(sql "$db" "SELECT archived FROM message WHERE id = $note")" 1 "and the note is filed"
is "$(sql "$db" "SELECT answer FROM message WHERE direction = 'in' AND kind = 'guardian'" |
	/usr/bin/python3 "$COX_DATADIR/tests/segments.py" | sort -u | tr '\n' ' ')" "1 " \
	"each answer to the guardian is one SMS segment"

# on the dashboard: a guardian who texted STOP gets no copies
sms_start "$W"
text_from +447700900151 g5 "stop"
sms_stop
cox -C "$W" build
like "$(part_plaintext "$W" acarter "Senior Men")" "Tom Okafor.*; a minor: their guardian texted STOP, so gets no copies" \
	"the dashboard's roster says Tom's guardian asked for no copies"

done_testing
