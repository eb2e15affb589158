# Commands a coach emails, one a line, each answered in the reply: help,
# sheet (and sheet on/off), remind, send, resend, archive, invite,
# number, pause/resume, digest.  An assistant coach commands only her
# squad's athletes, and is told nothing of others'; a removed coach,
# and an address of [mail] coaches on no roster (a fresh workspace's
# head coach not yet added), command nothing.  Sends to a squad or
# everyone are so many a day; a reminder of the same goes once in an
# interval, however many commands ask.  Commands and
# ratings go in one email; a command on the first line is read whatever
# follows it (a phone's signature), and so is "undo" in a reply to a
# confirmation.  Commands act in a reply to any of our emails.
. "$(dirname "$0")/lib.sh"
plan 116

W=$T/ws
demo_workspace "$W"
conf_set "$W/cox.conf" mail coaches \
	"head.coach@example.org, priya.coach@example.org, old.coach@example.org, desk@example.org"
conf_set "$W/cox.conf" mail authserv_id mx.club.example
db=$W/cox.db
# the demo's own queue and inbox are not this test's
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out';
	UPDATE message SET archived = 1 WHERE direction = 'in'"
cox -C "$W" roster add --name "Olga Old" --email old.coach@example.org \
	--squad "Senior Men" --role coach >/dev/null
cox -C "$W" roster remove @oold >/dev/null

alex="Alex Carter <head.coach@example.org>"
priya="Priya Shah <priya.coach@example.org>"
texts() { sql "$db" "SELECT p.handle || ' ' || m.kind || ' ' || m.status || ' ' || m.body FROM message m
	JOIN person p ON p.id = m.person_id WHERE m.direction = 'out' AND m.channel = 'sms'
	AND m.id > $1 ORDER BY m.id"; }
last_id() { sql "$db" "SELECT max(id) FROM message"; }
paused() { sql "$db" "SELECT paused FROM person WHERE handle = '$1'"; }

# -- help, and a command followed by a phone's signature
email "From: $alex" 'help\n\nSent from my iPhone'
like "$(reply)" 'remind @handle, remind SQUAD, remind all' "help lists the commands"
unlike "$(reply)" 'Nothing from your email was stored|no ratings found' \
	"a signature after a command is not read as ratings"
is "$(outcome)" "stored:" "an email of commands is stored"
is "$(sql "$db" "SELECT kind FROM message WHERE provider_id = 'c1@example.org'")" "commands" \
	"and kept as commands, its words whole"
# examples of numbers as the team's country writes them
like "$(reply)" 'number @handle 07700 900123 - add a number' "help's number is Britain's drama range for a team in GB"
email "From: $alex" 'number @jsmith'
like "$(reply)" 'write the athlete.s @handle or name, then the number, e\.g\. number @jdoe 07700 900123 \(reply help' \
	"and so is the example of a number command written wrong"
COX_TEAM_DEFAULT_COUNTRY=FR email "From: $alex" 'help'
like "$(reply)" 'number @handle 06 12 34 56 78 - add a number' "and a French one for a team in France"

# -- sheet: the squads a coach has, and only those
email "From: $alex" 'sheet Senior men'
like "$(reply)" 'The rating sheet for Senior Men' "sheet SQUAD, any case"
like "$(reply)" 'Jane Doe: _ _' "the sheet names the squad's athletes"
email "From: $priya" 'sheet'
like "$(reply)" 'Chloé Martin: _' "sheet alone: the coach's own squads"
unlike "$(reply)" 'Jane Doe' "and no one else's"
email "From: $priya" 'sheet Senior Men'
like "$(reply)" 'Senior Men is not a squad you coach' "another squad's sheet is refused"
email "From: $priya" 'sheet on'
is "$(sql "$db" "SELECT sheet FROM coach_pref WHERE person_id = 2")" 1 "sheet on is kept"
like "$(reply)" 'comes with each morning digest' "and answered"

# -- pause and resume, within the squads
email "From: $priya" 'pause @jdoe'
like "$(reply)" 'Not done: @jdoe is not one of your athletes\.' "an assistant is refused for another squad's athlete"
unlike "$(reply)" 'Jane' "without learning the athlete's name"
is "$(paused jdoe)" 0 "and nothing changes"
email "From: $alex" 'pause @jdoe'
is "$(paused jdoe)" 1 "a head coach pauses anyone"
like "$(reply)" 'Paused Jane Doe: no reminders or check-in prompts until you send resume @jdoe' \
	"the answer says what pausing does"
email "From: $alex" 'pause @nobody'
like "$(reply)" 'Not done: @nobody is not one of your athletes\.' "an unknown handle is named back, as another squad's is"

# -- remind: those with scores to answer, not the paused, quiet hours kept
id=$(last_id)
email "From: $alex" 'date: 2026-11-20\nTom Okafor:\n  technique 4\nJane Doe:\n  technique 3'
sql "$db" "UPDATE message SET status = 'sent' WHERE id > $id AND direction = 'out'"
id=$(last_id)
email "From: $alex" 'remind Senior Men'
like "$(reply)" 'To Senior Men: [0-9]+ texted; [0-9]+ had nothing to answer, 1 paused' \
	"remind SQUAD texts who has scores to answer, not the paused"
like "$(reply)" 'No text account is set up yet \(\[sms\] in cox.conf\): these' \
	"with no text account, the coach is told the texts wait for one"
like "$(texts "$id" | grep '^tokafor')" '^tokafor reminder queued .*\(technique\)' \
	"the reminder names what waits"
unlike "$(texts "$id")" 'jdoe' "the paused athlete is not texted"
zone_hour() { TZ=Europe/London date -d "$1" +%H:00; }
conf_set "$W/cox.conf" reminders quiet_hours "$(zone_hour '-1 hour')-$(zone_hour '+2 hour')"
conf_set "$W/cox.conf" team timezone Europe/London
id=$(last_id)
printf 'test-token\n' >"$T/token"
conf_set "$W/cox.conf" sms account_sid AC00000000000000000000000000000000
conf_set "$W/cox.conf" sms auth_token_file "$T/token"
conf_set "$W/cox.conf" sms from +15005550006
# (remind Senior Men reminded him a moment ago: a day on, it may again)
sql "$db" "UPDATE message SET created_at = created_at - 86400 WHERE kind = 'reminder'"
email "From: $alex" 'remind @tokafor'
like "$(reply)" 'To Tom Okafor: 1 texted' "remind @handle"
like "$(reply)" 'wait for the end of the quiet hours, at' "quiet hours hold the text, and say so"
unlike "$(reply)" 'No text account' "and, with a text account, nothing of one missing"
conf_del "$W/cox.conf" sms account_sid auth_token_file from
is "$(texts "$id" | cut -d' ' -f1-3)" "tokafor reminder queued" "queued as a reminder, which the outbox holds"
conf_del "$W/cox.conf" reminders quiet_hours
# the reminders cox sends on its own pass over the paused too
conf_set "$W/cox.conf" reminders rating_after_hours 1
id=$(last_id)
COX_NOW=$(($(date +%s) + 7200)) run "$COX" -C "$W" remind run
got=$(texts "$id" | cut -d' ' -f1-2)
like "$got" 'reminder' "cox remind run reminds who waits"
unlike "$got" 'jdoe' "but not the paused athlete"
conf_del "$W/cox.conf" reminders rating_after_hours
email "From: $priya" 'remind @tokafor'
like "$(reply)" '@tokafor is not one of your athletes' "remind is bounded by the squads too"
email "From: $priya" 'remind Tom Okafor'
like "$(reply)" 'no squad or athlete is called Tom Okafor' \
	"another squad's athlete by name is answered as a name that is no one's"
email "From: $alex" 'remind Nobody Here'
like "$(reply)" 'no squad or athlete is called Nobody Here' "a name that is no one's says what to write"
email "From: $alex" 'resume Jane Doe'
is "$(paused jdoe)" 0 "resume, by the athlete's name"
like "$(reply)" 'Resumed Jane Doe' "and answered"
email "From: $alex" 'remind'
like "$(reply)" 'Not understood, so nothing was done: write an athlete' "a command without its argument is not guessed at"
email "From: $alex" 'Undo\n\nSent from my iPhone'
like "$(reply)" 'reply undo to the confirmation' "undo sent as a new email says where it goes"
email "From: $alex" 'send @jdoe Session moved to 7am'
like "$(reply)" "put a ':' before the text, e.g. send @jdoe: " "a send without its ':' says how to write it"

# -- send: a text from the coach, named
id=$(last_id)
email "From: $alex" 'send @jdoe: Session moved to 7am'
is "$(texts "$id")" "jdoe coach queued Alex Carter: Session moved to 7am" "send @handle: TEXT"
like "$(reply)" 'To Jane Doe: 1 sent; 0 whom no text reaches' "and answered"
like "$(reply)" 'these texts wait in the outbox and go once one is' \
	"and told they wait for a text account"
id=$(last_id)
email "From: $priya" 'send Junior Women: Bring your kit'
is "$(texts "$id" | wc -l)" 5 "send SQUAD: TEXT texts the squad"
email "From: $priya" 'send Senior Men: hello'
like "$(reply)" 'Senior Men is not a squad you coach' "not another squad"
long=$(printf 'x%.0s' $(seq 500))
email "From: $alex" "send @jdoe: $long"
like "$(reply)" 'Not sent: the text has 500 characters; one takes up to 480' "a text too long is refused"

# -- resend: failed texts again, once, as new texts about them
failed=$(sql "$db" "SELECT max(id) FROM message WHERE kind = 'coach' AND person_id = 3")
sql "$db" "UPDATE message SET status = 'failed' WHERE id = $failed"
id=$(last_id)
email "From: $priya" 'resend'
like "$(reply)" 'No text failed in the last 7 days' "an assistant resends only her squad's"
email "From: $alex" 'resend'
like "$(reply)" '1 sent again' "resend"
is "$(sql "$db" "SELECT kind || ' ' || status || ' ' || about FROM message WHERE id > $id AND channel = 'sms'")" \
	"coach queued $failed" "a new text about the failed one, which keeps its status"
email "From: $alex" "resend $failed"
like "$(reply)" "Not sent again: $failed is not a failed text" "a text is sent again once"

# -- archive: the inbox the coach sees
sql "$db" "UPDATE message SET archived = 0 WHERE id IN (1, 2)"
email "From: $priya" 'archive 1'
like "$(reply)" 'Not filed: 1 is not in your inbox' "not another squad's note"
email "From: $priya" 'archive'
like "$(reply)" '0 filed away' "an assistant files only what she sees"
email "From: $alex" 'archive 1'
is "$(sql "$db" "SELECT archived FROM message WHERE id = 1")" 1 "archive ID"
like "$(reply)" 'Filed away: 1' "and says so"
email "From: $alex" 'archive'
like "$(reply)" '1 filed away' "archive: the rest (a text from a number on no roster)"

# -- invite, number
id=$(last_id)
email "From: $alex" 'invite @jdoe'
like "$(reply)" 'An invitation to set a password goes to Jane Doe' "invite @handle"
is "$(sql "$db" "SELECT kind || ' ' || channel FROM message WHERE id > $id AND person_id = 3")" \
	"invite email" "an invitation is queued"
# a workspace whose site's address is still cox init's example: the
# link would lead nowhere, and the coach is told so rather than it sent
base=$(sed -n 's/^base_url = //p' "$W/cox.conf")
conf_set "$W/cox.conf" site base_url https://example.org/team
id=$(last_id)
email "From: $alex" 'invite @jdoe'
like "$(reply)" "Not sent to Jane Doe: the site's address is not set yet \\(\\[site\\] base_url" \
	"invite with the example base_url says why it is not sent"
is "$(sql "$db" "SELECT count(*) FROM message WHERE id > $id AND kind = 'invite'")" 0 "and queues nothing"
unlike "$(reply)" "example\\.org/team" "and the reply holds no link to the example"
conf_set "$W/cox.conf" site base_url "$base"
email "From: $alex" 'number @hwilson +44 7700 900999'
is "$(sql "$db" "SELECT count(*) FROM phone f JOIN person p ON p.id = f.person_id
	WHERE p.handle = 'hwilson' AND f.e164 = '+447700900999'")" 1 "number @handle NUMBER adds it"
like "$(reply)" "Added \+447700900999 to Harry Wilson's numbers" "and says so"
email "From: $alex" 'number @jdoe 07700 900102'
like "$(reply)" "Not added: \+447700900102 is someone else's" "another's number is refused"
email "From: $priya" 'number @jdoe +447700900998'
like "$(reply)" '@jdoe is not one of your athletes' "number is bounded by the squads"
# the demo's own number is a landline's, refused before this check: a
# second, mobile, number of the team's is what a coach might mistype
team=+447700900990
conf_set "$W/cox.conf" sms numbers "+441234567890, $team"
email "From: $alex" "number @hwilson $team"
like "$(reply)" "Not added: \\$team is the team's own number" "the team's own number is no athlete's"
# a name as a phone writes it: accents left out, or the first name alone
email "From: $alex" 'pause chloe martin'
is "$(paused cmartin)" 1 "a command names an athlete without the name's accents"
email "From: $alex" 'resume Chloe'
is "$(paused cmartin)" 0 "or by the first name alone, as a rating line may"
like "$(reply)" "Chlo" "and the reply says whom"
email "From: $alex" 'pause Zed'
like "$(reply)" "Not done: Zed is not one of your athletes" "a name no one has is still said so"
# why a number is refused, in the coach's words
email "From: $alex" 'number @hwilson 07700 9001'
like "$(reply)" "Not added: 07700 9001 is not a phone number \\(has the wrong number of digits for a number in GB; from another country, write it with \\+" \
	"a number refused says why, and the country it was read in"
sql "$db" "UPDATE person SET language = 'fr' WHERE email = 'head.coach@example.org'"
email "From: $alex" 'number @hwilson 07700 9001'
like "$(reply)" "07700 9001 n'est pas un numéro de téléphone \\(n'a pas le bon nombre de chiffres pour un numéro lu en GB" \
	"and a coach who reads French reads why in French"
email "From: $alex" 'number @hwilson +44 1234 567890'
like "$(reply)" "\\(n'est pas un portable" "a landline too"
# a command mistyped on a phone, after one that was not: said, with
# what it was near, and the signature below still left alone
email "From: $alex" 'pause @hwilson
relancr @jdoe
Envoyé de mon iPhone'
like "$(reply)" "relancr n'est pas une commande.*voulais-tu dire relancer" \
	"a mistyped command after a good one is said, in the coach's words"
unlike "$(reply)" "Envoy" "and the phone's signature is not"
is "$(paused hwilson)" 1 "the good one was done"
email "From: $alex" 'resume @hwilson'
sql "$db" "UPDATE person SET language = NULL WHERE email = 'head.coach@example.org'"
email "From: $alex" 'remnd @jdoe'
like "$(reply)" "Not understood, so nothing was done: remnd is no command; did you mean remind\\?" \
	"a mistyped command alone is said, with the command it was near"
unlike "$(reply)" "[Nn]o ratings" "and not taken for ratings that went wrong"
# a coach is no command's target: an assistant who shares a squad with
# the head coach must not add her number to his account (and so get
# his invitation by texting LINK), nor pause or resend to him
email "From: $priya" 'number @acarter +447700900997'
like "$(reply)" '@acarter is not an athlete' "an assistant cannot add a number to the head coach"
is "$(sql "$db" "SELECT count(*) FROM phone WHERE e164 = '+447700900997'")" 0 "and none is added"
email "From: $alex" 'pause @pshah'
like "$(reply)" '@pshah is not an athlete' "nor does a head coach pause a coach"
sql "$db" "INSERT INTO message (direction, channel, person_id, peer, body, kind, status, created_at)
	VALUES ('out', 'sms', (SELECT id FROM person WHERE handle = 'acarter'), '+447700900990', 'x',
	'answer', 'failed', strftime('%s', 'now'))"
coachfail=$(last_id)
is "$(sql "$db" "SELECT body || ':' || status FROM message WHERE id = $coachfail")" "x:failed" \
	"(a failed text to the head coach)"
email "From: $priya" "resend $coachfail"
is "$(sql "$db" "SELECT count(*) FROM message WHERE about = $coachfail")" 0 "nor resends a coach's failed text"

# -- bounds: at most 20 commands acted on, a long line quoted short
email "From: $alex" "$(for i in $(seq 25); do printf 'resume @jdoe\\n'; done)"
like "$(reply)" 'up to 20 commands; the last 5 were not acted on' "the 21st command on is not acted on, and said once"
is "$(reply | grep -c '^> resume @jdoe')" 20 "only the 20 acted on are quoted back"
email "From: $alex" "send @jdoe: $(head -c 5000 /dev/zero | tr '\0' A)"
is "$(( $(reply | wc -c) < 1500 ))" 1 "a 5,000-character command is not echoed whole"

# -- digest
email "From: $priya" 'digest on\ndigest at 6:30'
is "$(sql "$db" "SELECT digest || ' ' || digest_at FROM coach_pref WHERE person_id = 2")" "1 06:30" \
	"digest on, digest at H:MM"
like "$(reply)" 'Your morning digest comes at 06:30' "and answered"
email "From: $priya" 'DIGEST OFF'
is "$(sql "$db" "SELECT digest FROM coach_pref WHERE person_id = 2")" 0 "digest off, any case"
email "From: Desk <desk@example.org>" 'digest on'
like "$(outcome)" "^quarantined:the sender is in \[mail\] coaches, but no one on the roster has that address.*cox roster add" \
	"an address on no roster keeps no settings: quarantined, saying what to do"

# -- a removed coach commands nothing
id=$(last_id)
email "From: Olga Old <old.coach@example.org>" 'send @jdoe: hi'
is "$(texts "$id")" "" "a removed coach is refused: nothing is sent"
is "$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'out' AND peer = 'old.coach@example.org'")" 0 \
	"nor emailed back: nothing reaches who left the roster"
is "$(outcome)" "rejected:the sender is not a coach in the roster" "the ledger says why"

# -- commands and ratings in one email; then undo with a signature
email "From: $alex" 'pause @tokafor\ndate: 2026-11-21\nMei Chen:\n  technique 5'
like "$(reply)" 'Paused Tom Okafor' "a command beside ratings acts"
like "$(reply)" 'Stored 1 rating for 21 Nov 2026' "and the ratings are stored"
conf=$(sql "$db" "SELECT id FROM message WHERE kind = 'reply' ORDER BY id DESC LIMIT 1")
sql "$db" "UPDATE message SET provider_id = 'conf@club.example' WHERE id = $conf"
email "From: $alex" "In-Reply-To: <conf@club.example>" 'Undo\n\nSent from my iPhone'
like "$(reply)" 'Undone: your email of' "Undo then a signature, in reply to a confirmation, undoes"
is "$(sql "$db" "SELECT count(*) FROM rating r JOIN person p ON p.id = r.athlete_id
	WHERE p.handle = 'mchen' AND r.rated_on = '2026-11-21'")" 0 "the score is gone"
email "From: $alex" "In-Reply-To: <conf@club.example>" 'resume @tokafor'
like "$(reply)" 'Resumed Tom Okafor' "a command in a reply to a confirmation acts"

# a reply to a command's answer (the sheet, help, an undo) is a new
# email: its ratings and commands are read, and it threads
email "From: $alex" 'sheet Senior Men'
ans=$(sql "$db" "SELECT id FROM message WHERE kind = 'reply' ORDER BY id DESC LIMIT 1")
is "$(sql "$db" "SELECT m.kind FROM message a JOIN message m ON m.id = a.about WHERE a.id = $ans")" "commands" \
	"the sheet's email answers the email that asked for it (mail apps thread it)"
sql "$db" "UPDATE message SET provider_id = 'sheet@club.example' WHERE id = $ans"
email "From: $alex" "In-Reply-To: <sheet@club.example>" 'date: 2026-11-22\nMei Chen: 4 _ _ _ _\n\nSent from my iPhone\n\nOn Sat, cox wrote:\n> sheet'
is "$rc" 0 "a reply to the sheet is taken"
like "$(reply)" 'Stored 1 rating for 22 Nov 2026' "and its scores are stored"
ans=$(sql "$db" "SELECT id FROM message WHERE kind = 'reply' ORDER BY id DESC LIMIT 1")
sql "$db" "UPDATE message SET provider_id = 'undo2@club.example' WHERE id = (SELECT id FROM message
	WHERE kind = 'reply' AND about = (SELECT id FROM message WHERE provider_id = 'sheet@club.example'))"
email "From: $alex" "In-Reply-To: <undo2@club.example>" 'help'
like "$(reply)" 'remind' "help in a reply to a command's answer is answered"

# -- texting many has its limits: sends to a squad or everyone, so many
#    a day a coach ([mail] send_per_day, 3 by default); a text to one
#    athlete is not one of them
id=$(last_id)
email "From: $alex" "$(for i in 1 2 3 4 5; do printf 'send all: Note %d\\n' "$i"; done)"
is "$(sql "$db" "SELECT group_concat(DISTINCT body) FROM message WHERE id > $id AND kind = 'coach'")" \
	"Alex Carter: Note 1,Alex Carter: Note 2,Alex Carter: Note 3" "five sends to everyone in one email: three go"
is "$(reply | grep -c "^Not sent to everyone you coach: a coach texts a squad or everyone at most 3 times a day (\[mail\] send_per_day")" 2 \
	"and the answer says which were held, and why"
id=$(last_id)
email "From: $alex" 'send Senior Men: Note 6'
like "$(reply)" 'Not sent to Senior Men: a coach texts a squad or everyone at most 3' "a later email's send to a squad is held too"
email "From: $alex" 'send @tokafor: Note 7'
is "$(sql "$db" "SELECT group_concat(body) FROM message WHERE id > $id AND kind = 'coach'")" "Alex Carter: Note 7" \
	"while a text to one athlete goes"
conf_set "$W/cox.conf" mail send_per_day 4
email "From: $alex" 'send Senior Men: Note 8\nsend Senior Men: Note 9'
like "$(reply)" '^To Senior Men: [0-9]+ sent' "send_per_day sets how many: the fourth goes"
like "$(reply)" '^> send Senior Men: Note 9
Not sent to Senior Men: a coach texts a squad or everyone at most 4 times' "and the fifth is held"
email "From: $priya" 'send Junior Women: Note 10'
like "$(reply)" 'To Junior Women: 5 sent' "each coach has their own"
conf_del "$W/cox.conf" mail send_per_day

# -- a reminder of the same once per [reminders] interval (a day when
#    cox sends none of its own), however many commands ask
sql "$db" "UPDATE message SET created_at = created_at - 2 * 86400 WHERE kind = 'reminder'"
email "From: $alex" 'date: 2026-11-23\nMei Chen: technique 4\nOliver Brown: technique 3'
id=$(last_id)
for i in 1 2 3 4 5; do email "From: $alex" 'remind all'; done
reminded() { sql "$db" "SELECT group_concat(p.handle || '=' || n, ' ') FROM (SELECT person_id, count(*) AS n
	FROM message WHERE id > $1 AND kind = 'reminder' GROUP BY person_id) JOIN person p ON p.id = person_id
	WHERE p.handle IN ('mchen', 'obrown')"; }
is "$(reminded "$id")" "mchen=1 obrown=1" "five remind all emails remind each athlete once"
like "$(reply)" 'To everyone you coach: 0 texted.*
\([0-9]+ not texted: reminded of the same in the last 24 hours' "and the last says who was held, and why"
# ago SECONDS: every score and reminder so much earlier, in their order
ago() { sql "$db" "UPDATE rating SET created_at = created_at - $1;
	UPDATE message SET created_at = created_at - $1 WHERE kind = 'reminder'"; }
ago 60
email "From: $alex" 'date: 2026-11-23\nMei Chen: fitness 4'
id2=$(last_id)
email "From: $alex" 'remind all'
is "$(reminded "$id2")" "mchen=1" "a score come since is reminded of, the rest not again"
ago $((86400 + 60))
id=$(last_id)
email "From: $alex" 'remind all'
is "$(reminded "$id")" "mchen=1 obrown=1" "a day on, they are reminded again"
conf_set "$W/cox.conf" reminders rating_after_hours 72
ago $((86400 + 60))
id=$(last_id)
email "From: $alex" 'remind all'
is "$(reminded "$id")" "" "with [reminders] rating_after_hours, once in that many hours"
like "$(reply)" 'reminded of the same in the last 72 hours' "and the answer says so"
conf_del "$W/cox.conf" reminders rating_after_hours

# -- a fresh workspace: [mail] coaches names the head coach, whom the
#    roster does not have yet; her address commands and rates nothing
#    until it does, and the operator is told what to run
F=$T/fresh
"$COX" init "$F" >/dev/null
conf_set "$F/cox.conf" mail coaches head@fresh.example
conf_set "$F/cox.conf" mail authserv_id mx.club.example
"$COX" -C "$F" roster add --name "Jane Doe" --phone +447700900301 --squad Eights >/dev/null
"$COX" -C "$F" metric add technique --name Technique --scale 1-5 >/dev/null
fresh() {	# fresh N BODY: Hanna's email N to the fresh workspace
	W=$F email "Authentication-Results: mx.club.example; dmarc=pass header.from=fresh.example" \
		"From: Hanna Head <head@fresh.example>" "To: team@fresh.example" \
		"Message-ID: <fresh$1@fresh.example>" "$2"
}
fresh 1 'pause @jdoe\nsend all: Welcome\nsheet\nJane Doe: technique 3'
is "$rc:$(sql "$F/cox.db" "SELECT outcome FROM ingest ORDER BY id DESC LIMIT 1")" "0:quarantined" \
	"an address of [mail] coaches on no roster is quarantined"
like "$(sql "$F/cox.db" "SELECT reason FROM ingest ORDER BY id DESC LIMIT 1")" \
	"no one on the roster has that address.*cox roster add --name NAME --email ADDRESS --role head_coach" \
	"with the command that makes it a coach's"
is "$(sql "$F/cox.db" "SELECT paused FROM person WHERE handle = 'jdoe'"):$(sql "$F/cox.db" "SELECT count(*) FROM message
	WHERE direction = 'out'"):$(sql "$F/cox.db" "SELECT count(*) FROM rating")" "0:0:0" \
	"and it acts on nothing: no pause, no text, no rating, no answer"
"$COX" -C "$F" roster add --name "Hanna Head" --email head@fresh.example --role head_coach >/dev/null
fresh 2 'pause @jdoe'
is "$(sql "$F/cox.db" "SELECT outcome FROM ingest ORDER BY id DESC LIMIT 1"):$(sql "$F/cox.db" \
	"SELECT paused FROM person WHERE handle = 'jdoe'")" "stored:1" "once the roster has her as head coach, it commands"
