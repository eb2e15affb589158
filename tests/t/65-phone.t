# The dashboard on a coach's phone: in Chromium at 390x844 the demo's
# Senior Men part measures at most 6 screens before anything is
# expanded, every action on it (and on the coach's own page and the
# team overview) is a mailto: link to the team's address, no shell
# command shows outside small print, nothing opened goes past the
# screen's edge but in a box that scrolls, and each link's body, sent
# back as the coach's email, does what it says through cox mail.  An
# athlete's page: at most 10 screens, and nothing past the edge either.
# With a season's OSTRC-H2 answers and three athletes out, the part's
# episodes and weekly prevalence fit the screen as they are, each date
# on one line; and every page printed on A4 keeps its tables, charts
# and row names inside the sheet.
. "$(dirname "$0")/lib.sh"

need_browser
plan 65

W=$T/ws
db=$W/cox.db
demo_workspace "$W"
conf_set "$W/cox.conf" mail authserv_id mx.club.example
# what a week leaves besides: a text to Jane that failed, and a text
# from a number nobody has, whose sender names herself
sql "$db" "UPDATE message SET status = 'failed', error = '30003' WHERE id =
	(SELECT max(m.id) FROM message m JOIN person p ON p.id = m.person_id
	WHERE p.handle = 'jdoe' AND m.direction = 'out' AND m.channel = 'sms');
	INSERT INTO message (direction, channel, peer, body, kind, status, created_at)
	VALUES ('in', 'sms', '+447700900555', 'Hi coach, Jane Doe here on my new phone',
	'unparsed', 'stored', strftime('%s', 'now'))"
# and a season's health: three weeks of OSTRC-H2 answers, a lower back
# injury and a cold among them, and three athletes the coach put out
# (Jane since moved on to modified training)
for k in 0 1 2; do
	sql "$db" "INSERT INTO health_report (athlete_id, week, asked_at, problem, area,
		q1, q2, q3, q4, severity, substantial, answered_at)
		SELECT ms.person_id, date('now', '-$((k * 7 + 2)) days'), strftime('%s', 'now') - $((k * 7 + 2)) * 86400,
		CASE WHEN p.handle = 'jdoe' THEN 'injury' WHEN p.handle = 'tokafor' AND $k = 1 THEN 'illness' ELSE 'none' END,
		CASE WHEN p.handle = 'jdoe' THEN 'lower_back' ELSE '' END,
		CASE WHEN p.handle = 'jdoe' THEN 3 WHEN p.handle = 'tokafor' AND $k = 1 THEN 2 END,
		CASE WHEN p.handle = 'jdoe' THEN 3 WHEN p.handle = 'tokafor' AND $k = 1 THEN 1 END,
		CASE WHEN p.handle = 'jdoe' THEN 2 WHEN p.handle = 'tokafor' AND $k = 1 THEN 1 END,
		CASE WHEN p.handle = 'jdoe' THEN 2 WHEN p.handle = 'tokafor' AND $k = 1 THEN 4 END,
		CASE WHEN p.handle = 'jdoe' THEN 44 WHEN p.handle = 'tokafor' AND $k = 1 THEN 33 END,
		CASE WHEN p.handle = 'jdoe' THEN 1 WHEN p.handle = 'tokafor' AND $k = 1 THEN 0 END,
		strftime('%s', 'now') - $((k * 7 + 2)) * 86400 + 3600
		FROM membership ms JOIN squad s ON s.id = ms.squad_id JOIN person p ON p.id = ms.person_id
		WHERE s.name = 'Senior Men' AND p.role = 'athlete'"
done
coach_email "$W" "injured Oliver Brown ribs"
coach_email "$W" "injured Jane Doe lower back"
coach_email "$W" "stage @jdoe modified training"
coach_email "$W" "ill Mei Chen"	# her sick report flagged, with nothing to do beside it
[ "$(sql "$db" "SELECT count(*) FROM episode WHERE closed_at IS NULL")" = 3 ] ||
	{ echo "Bail out! the coach's emails opened no episodes: $(reply)"; exit 1; }
"$COX" -C "$W" build --force >/dev/null || { echo "Bail out! cox build failed"; exit 1; }
preview_start "$W"
address=$(sed -n 's/^address = //p' "$W/cox.conf")
[ -n "$address" ] || { echo "Bail out! the demo sets no [mail] address"; exit 1; }

# phone NAME PATH MAX: phone.mjs on PATH, its TAP folded into this test's
phone() {
	BASE=$PREVIEW_URL PAGE=$2 ADDRESS=$address MAX_SCREENS=$3 \
		LINKS=$T/links/$1 SHOT=${SHOT_DIR:+$SHOT_DIR/$1} browser_tap "$1" phone.mjs
}

# with a season's health on it (who is injured or ill, the weeks'
# prevalence, folded) the part may take a sixth screen
HEALTH="episodes health" phone senior "$(part_link "$W" @acarter "Senior Men")" 6
phone home "$("$COX" -C "$W" link --base x/ @acarter | cut -f2 | sed 's|^x/||')" 5
phone team "$(part_link "$W" @acarter "Team overview")" 5
# an athlete's page, every table of it opened, on the bus
ATHLETE=1 phone athlete "$("$COX" -C "$W" link --base x/ @jdoe | cut -f2 | sed 's|^x/||')" 10

# What the part says, in the order a coach acts on it
part=$(part_plaintext "$W" @acarter "Senior Men")
is "$(printf '%s\n' "$part" | grep -o 'id="\(act\|matrix\|outbox\)"' | tr '\n' ' ')" \
	'id="act" id="matrix" id="outbox" ' "the part opens with what needs acting on, then the ratings"
long=$(sql "$db" "SELECT m.body FROM message m JOIN membership ms ON ms.person_id = m.person_id
	JOIN squad s ON s.id = ms.squad_id WHERE s.name = 'Senior Men' AND m.direction = 'out'
	AND m.kind = 'notify' AND length(m.body) > 100 AND m.body NOT GLOB '*[<>&\"]*' AND instr(m.body, char(39)) = 0 LIMIT 1")
like "$part" "<p>$(printf '%s' "$long" | sed 's/[].[*^$()+?{}|\\]/\\&/g')</p>" \
	"a text sent is shown whole, not cut (${#long} characters)"
like "$(printf '%s\n' "$part" | sed -n '/<details><summary>Automatic/,/<\/details>/p')" \
	"<p>(Saved |The answer to their own scores or effort)" \
	"the automatic replies are folded away (an answer to scores without its words)"
like "$(plaintext "$W" @acarter)" "Email your ratings to <a href=\"mailto:$address\">" \
	"the coach's own page says where to email ratings"

# Each link sent back: an email from Alex Carter, the head coach, as his
# phone would send it (the body as the link wrote it, then what he typed)
n=0
coach_mail() {	# coach_mail SUBJECT BODY
	n=$((n + 1))
	printf '%s\n' "Received: from mail.example.org by mx.club.example; $(date -R)" \
		"Authentication-Results: mx.club.example; spf=pass smtp.mailfrom=example.org; dmarc=pass header.from=example.org" \
		"From: Alex Carter <head.coach@example.org>" "To: $address" \
		"Subject: $1" "Date: $(date -R)" "Message-ID: <phone-$n@example.org>" \
		"MIME-Version: 1.0" "Content-Type: text/plain; charset=utf-8" \
		"Content-Transfer-Encoding: 8bit" "" "$2" >"$T/mail-$n.eml"
	mail "$T/mail-$n.eml"
}
who() { sql "$db" "SELECT id FROM person WHERE handle = '$1'"; }
out_to() { sql "$db" "SELECT count(*) FROM message WHERE direction = 'out' AND person_id = $(who "$1") ${2:+AND kind = '$2'}"; }

# link_file BODY-REGEX: the file of the first link whose body matches;
# link BODY-REGEX: that body
link_file() {
	local f
	for f in "$T"/links/*/*.body; do
		grep -Eq "$1" "$f" && { echo "$f"; return; }
	done
}
link() { local f; f=$(link_file "$1") && [ -n "$f" ] && cat "$f"; }
links=$(for f in "$T"/links/*/*.body; do cat "$f"; echo; done)
for want in '^remind @[a-z]+$' '^remind Senior Men$' '^pause @[a-z]+$' \
	'^send @jdoe: $' '^archive [0-9]+$' '^resend [0-9]+$' '^invite @[a-z]+$' \
	'^number @jdoe \+447700900555$' '^order: ' '^stage @obrown modified$'; do
	like "$links" "$want" "a link's body is /$want/"
done

# The rating sheet of his own page: Alex fills in two athletes' lines
# and leaves the others blank
f=$(link_file '^order: ')	# the home page's, the first
sheet=$(sed '2s/_ _ _ _ _/4 4 3 5 3/; 3s/_ _ _ _ _/3 4 4 4 4/' "$f")
first=$(printf '%s\n' "$sheet" | sed -n '2s/:.*//p')
before=$(sql "$db" "SELECT count(*) FROM rating WHERE source = 'coach'")
coach_mail "$(cat "${f%.body}.subject")" "$sheet"
is "$rc:$(sql "$db" "SELECT count(*) - $before FROM rating WHERE source = 'coach'")" "0:10" \
	"the sheet sent back with two lines filled in stores their 10 scores"
like "$(reply acarter)" "$first" "and the reply names $first"

# send_link BODY-REGEX [TEXT]: that link's email, with TEXT typed after
send_link() {
	local f
	f=$(link_file "$1")
	coach_mail "$(cat "${f%.body}.subject")" "$(cat "$f")${2:-}"
}

jane_before=$(out_to jdoe reminder)
send_link '^remind @jdoe$'
is "$rc:$(( $(out_to jdoe reminder) > jane_before ))" "0:1" "remind @jdoe texts Jane a reminder now"
squad_before=$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'reminder'")
send_link '^remind Senior Men$'
like "$rc:$(( $(sql "$db" "SELECT count(*) FROM message WHERE kind = 'reminder'") - squad_before ))" "^0:[1-9]" \
	"remind Senior Men reminds those of the squad who have not answered"
send_link '^send @jdoe: $' "Session moved to 7am"
is "$rc:$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'out' AND channel = 'sms' AND person_id = $(who jdoe) AND body LIKE '%Session moved to 7am%'")" "0:1" \
	"send @jdoe: with a text typed after it texts Jane"
note=$(link '^archive [0-9]+$' | sed 's/^archive //')
send_link "^archive $note\$"
is "$rc:$(sql "$db" "SELECT archived FROM message WHERE id = $note")" "0:1" "archive $note files the note away"
failed=$(link '^resend [0-9]+$' | sed 's/^resend //')
sent_before=$(out_to jdoe)
send_link "^resend $failed\$"
is "$rc:$(( $(out_to jdoe) > sent_before ))" "0:1" "resend $failed sends Jane's failed text again"
"$COX" -C "$W" build >/dev/null 2>&1
unlike "$(part_plaintext "$W" @acarter "Senior Men")" "body=resend%20$failed\"" \
	"and once sent again, the dashboard no longer offers to"
send_link '^number @jdoe '
is "$rc:$(sql "$db" "SELECT count(*) FROM phone WHERE e164 = '+447700900555' AND person_id = $(who jdoe)")" "0:1" \
	"number @jdoe +447700900555 adds the unknown number to Jane"
invitee=$(link '^invite @[a-z]+$' | sed 's/^invite @//')
[ "$invitee" = acarter ] && invitee=jdoe	# an athlete, not Alex himself
invites_before=$(out_to "$invitee" invite)
send_link "^invite @$invitee\$"
is "$rc:$(( $(out_to "$invitee" invite) > invites_before ))" "0:1" "invite @$invitee sends the invitation again"
send_link '^stage @obrown modified$'
is "$rc:$(sql "$db" "SELECT stage FROM episode WHERE closed_at IS NULL AND athlete_id = $(who obrown)")" "0:modified" \
	"stage @obrown modified, tapped beside his episode, moves Oliver to modified training"
paused=$(link '^pause @[a-z]+$' | sed 's/^pause @//')
send_link "^pause @$paused\$"
is "$rc:$(sql "$db" "SELECT paused FROM person WHERE handle = '$paused'")" "0:1" "pause @$paused stops their prompts"

# A paused athlete is offered resume instead
sql "$db" "UPDATE person SET paused = 1 WHERE handle = 'obrown'"
"$COX" -C "$W" build >/dev/null || { echo "Bail out! cox build failed"; exit 1; }
like "$(part_plaintext "$W" @acarter "Senior Men")" 'body=resume%20%40obrown">resume prompts</a>' \
	"a paused athlete's roster row offers resume @obrown"

# With no address anywhere, no link: the pages say what to set
conf_del "$W/cox.conf" mail address
"$COX" -C "$W" build >/dev/null || { echo "Bail out! cox build failed"; exit 1; }
page=$(part_plaintext "$W" @acarter "Senior Men")
unlike "$page" 'href="mailto:[^"]*subject=cox' "with no [mail] address nor [smtp] from, no action links"
like "$page" "Set <code>address</code> under <code>\[mail\]</code>" "and the part says what to set"

done_testing
