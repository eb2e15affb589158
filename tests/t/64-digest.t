# The coaches' morning digest, with the clock fixed by COX_NOW: it goes
# at [digest] at in the team's time zone, not before; it names a flagged
# athlete, a late one, a failed text and a note, each with the command
# that acts on it, and only what is in the coach's squads; it goes once
# a day, not on a quiet day, not to a coach who turned it off; the
# rating sheet comes with it when asked; cox digest --dry-run shows it
# and keeps nothing; the daemon sends it too; a reply of "remind all"
# or "archive" acts (the commands of cox-mail(8)); its gaps write
# times and numbers as replies do, ranked by their share of the range;
# and with [digest] unread = hourly the texts cox could not read come
# in hourly roundups instead, as notes and guardians' texts do with
# [digest] notes = hourly.
. "$(dirname "$0")/lib.sh"
plan 57

W=$T/ws
demo_sms "$W" https://sms.riverside.example twilio-test-token
conf_del "$W/cox.conf" digest off
conf_set "$W/cox.conf" team timezone Europe/London
conf_set "$W/cox.conf" digest at 07:00
conf_set "$W/cox.conf" mail coaches "head.coach@example.org, priya.coach@example.org"
conf_set "$W/cox.conf" mail authserv_id mx.club.example
db=$W/cox.db
# the demo's own queue and inbox are not this test's
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out';
	UPDATE message SET archived = 1 WHERE direction = 'in'"

# Days two months after the demo's, in London's calendar.
d0=$(date -u -d "+60 days" +%F)
day() { date -u -d "$d0 + $1 days" +%F; }
at() { TZ=Europe/London date -d "$(day "$1") $2" +%s; }	# at DAY HH:MM
id() { sql "$db" "SELECT id FROM person WHERE handle = '$1'"; }
remind() { COX_NOW=$1 run "$COX" -C "$W" remind run; }
digests() { sql "$db" "SELECT count(*) FROM message WHERE kind = 'digest' AND peer = '$1'"; }
# body ADDRESS: the last digest to ADDRESS, its lines joined by ~
body() { sql "$db" "SELECT body FROM message WHERE kind = 'digest' AND peer = '$1' ORDER BY id DESC LIMIT 1" | tr '\n' '~'; }
metric=$(sql "$db" "SELECT id FROM metric ORDER BY position LIMIT 1")
slug=$(sql "$db" "SELECT slug FROM metric ORDER BY position LIMIT 1")

# Jane is injured since yesterday; Tom has not answered scores of three
# days ago; a text to Oliver failed; Luis sent a note, and so did Chloé
# of Junior Women; and someone on no roster texted.
sql "$db" "INSERT INTO wellness (athlete_id, day, illness, note, created_at)
	VALUES ($(id jdoe), '$(day -1)', 'injured', 'rib', $(at -1 18:00));
	INSERT INTO rating (athlete_id, metric_id, source, rater_id, score, rated_on, created_at)
	VALUES ($(id tokafor), $metric, 'coach', $(id acarter), 4, '$(day -3)', $(at -3 06:00));
	INSERT INTO message (direction, channel, person_id, peer, body, kind, status, created_at)
	VALUES ('out', 'sms', $(id obrown), '+447700900106', 'Session moved', 'broadcast', 'failed', $(at -1 12:00)),
	('in', 'sms', $(id lgarcia), '+447700900104', 'note Away at a wedding on Saturday', 'note', 'stored', $(at -1 20:00)),
	('in', 'sms', $(id cmartin), '+447700900201', 'note Exams all next week', 'note', 'stored', $(at -1 21:00)),
	('in', 'sms', NULL, '+447700900555', 'Who is this? Your number was on a poster', 'unknown', 'stored', $(at -1 22:00))"
failed=$(sql "$db" "SELECT id FROM message WHERE body = 'Session moved'")
# and a text to Jane went out before this morning's digest, to fail
# after it (below)
sql "$db" "INSERT INTO message (direction, channel, person_id, peer, body, kind, status, created_at)
	VALUES ('out', 'sms', $(id jdoe), '+447700900101', 'Bring a spare top', 'broadcast', 'sent', $(at 0 06:00))"
spare=$(sql "$db" "SELECT id FROM message WHERE body = 'Bring a spare top'")
luis=$(sql "$db" "SELECT id FROM message WHERE body LIKE 'note Away%'")
chloe=$(sql "$db" "SELECT id FROM message WHERE body LIKE 'note Exams%'")
# Priya asks for hers (coaches do not get one unless they ask)
sql "$db" "INSERT INTO coach_pref (person_id, digest) VALUES ($(id pshah), 1)"

remind "$(at 0 06:59)"
is "$rc:$(digests head.coach@example.org)" "0:0" "06:59 in London: no digest yet"
remind "$(at 0 07:01)"
like "$out" "^2 digests queued$" "07:01: the digests are queued"
is "$(digests head.coach@example.org)" 1 "the head coach gets one"
b=$(body head.coach@example.org)
like "$b" "Jane Doe: reported injured on $(en_day "$(day -1)"): rib~    pause @jdoe~" "it names the injured athlete, with the command that pauses her prompts"
like "$b" "Tom Okafor has not answered for 3 days~    remind @tokafor~" "the late one, for how long, and how to remind him"
like "$b" "to Oliver Brown \([^)]+\)~    resend $failed~" "the failed text, with what to do"
like "$b" "Luis García wrote: \"note Away at a wedding on Saturday\"~    archive $luis~" "the note, and how to file it"
like "$b" "\+447700900555, on no roster, texted: \"Who is this\? Your number was on a poster\"" \
	"a text from a number on no roster, for the head coach"
like "$b" "remind all.*archive" "it ends with the replies that act on everything"
is "$(sql "$db" "SELECT subject FROM message WHERE kind = 'digest' AND peer = 'head.coach@example.org'")" \
	"cox: your team on $(en_date "$d0")" "its subject gives the day as English writes it"
is "$(digests priya.coach@example.org)" 1 "Priya, who asked, gets hers"
b=$(body priya.coach@example.org)
like "$b" "Chloé Martin wrote" "with her squad's note"
unlike "$b" "Jane Doe|Tom Okafor|Luis García|Oliver Brown|900555" "and nothing of Senior Men or strangers"

remind "$(at 0 07:30)"
remind "$(at 0 18:00)"
is "$(digests head.coach@example.org)$(digests priya.coach@example.org)" 11 "never twice a day"
is "$(sql "$db" "SELECT count(*) FROM digest_sent WHERE day = '$d0' AND message_id IS NOT NULL")" 2 \
	"each is noted with its email"

# Twilio says at noon that the text to Jane, sent before the digest,
# was not delivered: the next digest has it, though it was queued
# before the last one.
unlike "$(body head.coach@example.org)" "resend $spare~" "a text not failed yet is in no digest"
sql "$db" "UPDATE message SET status = 'undelivered' WHERE id = $spare;
	INSERT INTO message_status (message_id, status, error_code, at)
	VALUES ($spare, 'undelivered', '30003', $(at 0 12:00))"

# The next day: Priya turned hers off; something new for the head
# coach, who wants the rating sheet with it.
sql "$db" "UPDATE coach_pref SET digest = 0 WHERE person_id = $(id pshah);
	INSERT INTO coach_pref (person_id, sheet) VALUES ($(id acarter), 1);
	INSERT INTO message (direction, channel, person_id, peer, body, kind, status, created_at)
	VALUES ('in', 'sms', $(id cmartin), '+447700900201', 'note Back on Monday', 'note', 'stored', $(at 0 20:00))"
COX_NOW=$(at 1 06:30) run "$COX" -C "$W" digest --dry-run
is "$out" "0 digests would be queued
a coach's digest goes once a day at 07:00 ([digest] at) or at the coach's own time, when there is something to say" \
	"before the hour, a dry run says none is due and when they go"
COX_NOW=$(at 1 07:05) run "$COX" -C "$W" digest --dry-run
like "$(printf %s "$out" | tr '\n' '~')" "^To: head.coach@example.org~Subject: cox: your team on $(en_date "$(day 1)")~" "cox digest --dry-run shows the email as it would go"
like "$(printf %s "$out" | tr '\n' '~')" "~order: $slug [^~]*~.*~Jane Doe: _ _" "with the rating sheet the coach asked for"
like "$out" "1 digest would be queued$" "and says how many"
is "$(digests head.coach@example.org):$(sql "$db" "SELECT count(*) FROM digest_sent WHERE day = '$(day 1)'")" "1:0" \
	"and keeps nothing"
# Chloé writes in French, which the head coach does not read
sql "$db" "UPDATE person SET language = 'fr' WHERE id = $(id cmartin)"
remind "$(at 1 07:05)"
sql "$db" "UPDATE person SET language = NULL WHERE id = $(id cmartin)"
is "$(digests head.coach@example.org):$(digests priya.coach@example.org)" "2:1" \
	"the next morning: the head coach's, none to Priya who turned hers off"
like "$(body head.coach@example.org)" "Chloé Martin wrote in French, quoted as written: \"note Back on Monday\"" \
	"it has what is new, a French athlete's note said to be in French and quoted as written"
like "$(body head.coach@example.org)" "to Jane Doe \([^)]+\)~    resend $spare~" \
	"and the text that failed since the last, queued before it"

# A quiet day: Tom answered (the same score), nothing else came.
sql "$db" "INSERT INTO rating (athlete_id, metric_id, source, score, rated_on, created_at)
	VALUES ($(id tokafor), $metric, 'self', 4, '$(day 1)', $(at 1 12:00))"
remind "$(at 5 07:05)"
is "$(digests head.coach@example.org)" 2 "a quiet day: no digest"
is "$(sql "$db" "SELECT count(*) FROM digest_sent WHERE day = '$(day 5)' AND message_id IS NULL")" 1 \
	"but the day is noted, so nothing later that day sends one"

# The daemon's minute tick sends it too, and the outbox delivers it.
smtp_sink "$W"
sql "$db" "INSERT INTO message (direction, channel, person_id, peer, body, kind, status, created_at)
	VALUES ('in', 'sms', $(id jdoe), '+447700900101', 'boat feel 4', 'unparsed', 'stored', $(at 5 20:00))"
unread=$(sql "$db" "SELECT id FROM message WHERE body = 'boat feel 4' AND direction = 'in'")
COX_NOW=$(at 6 07:02) sms_start "$W"
for _ in $(seq 100); do [ "$(ls "$T/inbox" | grep -c '\.eml$')" -ge 1 ] && break; sleep 0.1; done
sms_stop
is "$(digests head.coach@example.org)" 3 "cox sms serve queues the digest at its time"
like "$(cat "$T/sms.log")" "digest: 1 email queued" "and logs it"
eml=$(ls "$T"/inbox/*.eml | tail -1)
is "$(tr -d '\r' <"$eml" | sed -n 's/^Subject: //p')" "cox: your team on $(en_date "$(day 6)")" "the outbox sends it"
like "$(body head.coach@example.org)" "Jane Doe texted what cox could not read: \"boat feel 4\"~    archive $unread~" \
	"with the unread text, and how to file it"

# A reply to the digest acts (the commands of cox-mail(8)): "remind all"
# texts Tom, whose new scores wait; "archive" files the inbox.
sql "$db" "INSERT INTO rating (athlete_id, metric_id, source, rater_id, score, rated_on, created_at)
	VALUES ($(id tokafor), $metric, 'coach', $(id acarter), 5, '$(day 5)', $(at 5 09:00))"
mid=$(tr -d '\r' <"$eml" | sed -n 's/^Message-ID: //p' | head -1)
texts() { sql "$db" "SELECT count(*) FROM message WHERE direction = 'out' AND channel = 'sms' AND person_id = $(id tokafor)"; }
before=$(texts)
printf 'Authentication-Results: mx.club.example; dmarc=pass header.from=example.org
From: Alex Carter <head.coach@example.org>
To: coxswain@club.example
Subject: Re: cox: your team
Message-ID: <r1@example.org>
In-Reply-To: %s
References: %s
Content-Type: text/plain; charset=utf-8

remind all
archive

Sent from my iPhone

On the morning, <coxswain@club.example> wrote:
> Good morning Alex Carter.
' "$mid" "$mid" | COX_NOW=$(at 6 08:00) run "$COX" -C "$W" mail --stdin
is "$rc" 0 "the reply is taken"
is "$(texts)" "$((before + 1))" "\"remind all\" texts Tom, whose scores wait"
is "$(sql "$db" "SELECT archived FROM message WHERE id = $unread")" 1 "\"archive\" files the unread text"

# Gaps of a time and of a number are written as a reply writes them, in
# the coach's decimal mark, not as the tenths kept; and they are ranked
# by their share of the metric's range, so a point of technique on 1-5
# is not crowded out by tenths of a second or of a kilo.
cox -C "$W" metric add ergo --name "2 km ergo" --time 5:30-8:00
cox -C "$W" metric add gewicht --name Gewicht --number 40-150 --unit kg
metric_id() { sql "$db" "SELECT id FROM metric WHERE slug = '$1'"; }
gap() {	# gap HANDLE SLUG COACH SELF
	sql "$db" "INSERT INTO rating (athlete_id, metric_id, source, rater_id, score, rated_on, created_at)
		VALUES ($(id "$1"), $(metric_id "$2"), 'coach', $(id acarter), $3, '$(day 6)', $(at 6 09:00)),
		($(id "$1"), $(metric_id "$2"), 'self', NULL, $4, '$(day 6)', $(at 6 12:00))"
}
gap jdoe ergo 3799 3848		# 49 tenths of 1500
gap obrown gewicht 641 661	# 20 of 1100
gap jdoe gewicht 641 645	# 4 of 1100
gap lgarcia technique 4 3	# 1 point of 4
# Luis texts technique again once he has seen the coach's 4: his later
# view, which the round does not take; its gap is his first answer's
sql "$db" "INSERT INTO rating (athlete_id, metric_id, source, score, rated_on, created_at)
	VALUES ($(id lgarcia), $(metric_id technique), 'self', 1, '$(day 6)', $(at 6 13:00))"
sql "$db" "UPDATE person SET language = 'fr' WHERE id = $(id acarter)"
COX_NOW=$(at 7 07:05) run "$COX" -C "$W" digest --dry-run
like "$out" "Jane Doe, ergo[^:]*: coach 6:19,9, athlète 6:24,8" "a French digest writes a time as a reply does"
like "$out" "Subject: cox.{1,3}: ton équipe le [0-9]+(er)? [a-zéû]+\.? 20[0-9]{2}$" "and its day as French writes one"
like "$out" "Oliver Brown, gewicht[^:]*: coach 64,1 kg, athlète 66,1 kg" "and a number, with its unit"
like "$out" "Luis García, technique[^:]*: coach 4, athlète 3" "a point on a 1-5 scale is among the biggest gaps"
unlike "$out" "Jane Doe, gewicht" "a gap of four tenths of a kilo is not"
like "$out" "envoyer @lgarcia: En technique, tu as mis 3, le coach 4\\. D'où vient la différence, selon toi \\?" \
	"the text it suggests asks about the two views, with both scores"
unlike "$out" "ta note|talk about your" "not a talk about the athlete"
is "$(printf '%s\n' "$out" | grep -c 'Luis García, technique')" 1 \
	"nor a score sent after the coach's was seen: the round keeps the first answer"
sql "$db" "UPDATE person SET language = 'de' WHERE id = $(id acarter)"
COX_NOW=$(at 7 07:05) run "$COX" -C "$W" digest --dry-run
like "$out" "Oliver Brown, gewicht: Trainer 64,1 kg, Athlet 66,1 kg" "a German one too"
like "$out" "Jane Doe, ergo: Trainer 6:19,9, Athlet 6:24,8" "its time as well"
like "$out" "Subject: cox: dein Team am [0-9]+\. [A-Z][a-zä]+\.? 20[0-9]{2}$" "and its day"
sql "$db" "UPDATE person SET language = NULL WHERE id = $(id acarter)"

# [digest] unread = hourly: the texts cox could not read come in a
# roundup of their own, one email an hour at most, and the digest
# leaves them to it.
unparsed() {	# unparsed BODY AT: a text of Jane's cox could not read
	sql "$db" "INSERT INTO message (direction, channel, person_id, peer, body, kind, status, created_at)
		VALUES ('in', 'sms', $(id jdoe), '+447700900101', '$1', 'unparsed', 'stored', $2);
		SELECT last_insert_rowid()"
}
roundups() { sql "$db" "SELECT count(*) FROM message WHERE kind = 'roundup' AND peer = 'head.coach@example.org'"; }
roundup() { sql "$db" "SELECT body FROM message WHERE kind = 'roundup' ORDER BY id DESC LIMIT 1" | tr '\n' '~'; }
conf_set "$W/cox.conf" digest unread hourly
first=$(unparsed "erg is broken" "$(at 7 06:30)")
remind "$(at 7 06:40)"
is "$(roundups)" 1 "a text cox could not read comes in a roundup"
like "$(roundup)" "Jane Doe texted what cox could not read: \"erg is broken\"~    archive $first~" \
	"with the command that files it"
second=$(unparsed "wobbly" "$(at 7 06:50)")
remind "$(at 7 06:55)"
is "$(roundups)" 1 "the next one waits for the hour"
n=$(digests head.coach@example.org)
remind "$(at 7 07:05)"
is "$(digests head.coach@example.org)" "$((n + 1))" "the day's digest goes"
unlike "$(body head.coach@example.org)" "could not read" "and leaves them to the roundups"
remind "$(at 7 07:45)"
is "$(roundups)" 2 "an hour on, the next roundup goes"
like "$(roundup)" "\"wobbly\"~    archive $second~" "with what came since"
unlike "$(roundup)" "erg is broken" "and not what the last one had"

# [digest] notes = hourly: notes and a guardian's texts come in the
# roundups too, not in the digest (nor one email each)
conf_set "$W/cox.conf" digest notes hourly
note=$(sql "$db" "INSERT INTO message (direction, channel, person_id, peer, body, kind, status, created_at)
	VALUES ('in', 'sms', $(id jdoe), '+447700900101', 'note late tonight, sorry', 'note', 'stored', $(at 8 06:10)),
	('in', 'sms', $(id jdoe), '+447700900150', 'Is the regatta on Sunday?', 'guardian', 'stored', $(at 8 06:20));
	SELECT id FROM message WHERE body = 'note late tonight, sorry'")
remind "$(at 8 06:50)"
is "$(roundups)" 3 "notes = hourly: a note comes in a roundup"
like "$(roundup)" "Jane Doe wrote: \"note late tonight, sorry\"~    archive $note~.*The guardian of Jane Doe texted: \"Is the regatta on Sunday\\?\"" \
	"with a guardian's text under the athlete's name"
like "$(sql "$db" "SELECT subject FROM message WHERE kind = 'roundup' ORDER BY id DESC LIMIT 1")" "^cox: texts from your athletes$" \
	"under a subject that says what it holds"
n=$(digests head.coach@example.org)
remind "$(at 8 07:05)"
is "$(digests head.coach@example.org)" "$((n + 1))" "that day's digest goes"
unlike "$(body head.coach@example.org)" "late tonight|regatta" "and leaves them to the roundups"
done_testing
