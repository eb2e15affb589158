# Squads bound what a coach sees and writes: an assistant who emails
# scores for another squad's athlete is refused (nothing stored, and the
# reply does not tell her that athlete's score); what cox emailed the
# coaches about anyone stays out of a squad's part and of a squad's
# export, and is in the head coaches' team part.  Rounds and the
# "Rated" column are dated by the email's date: line; an athlete no text
# reaches is marked as such where the coach waits for them.  A date
# that does not exist, and an athlete's name without its ':', are
# refused with a way to fix them.
. "$(dirname "$0")/lib.sh"
plan 38

W=$T/ws
demo_workspace "$W"
conf_set "$W/cox.conf" mail coaches "head.coach@example.org, priya.coach@example.org"
conf_set "$W/cox.conf" mail authserv_id mx.club.example
db=$W/cox.db
# every email here: ratings, in UTF-8 (email)
EMAIL_HEADERS=("Subject: ratings" "Content-Type: text/plain; charset=utf-8")
jane_tech() { sql "$db" "SELECT group_concat(r.score, ',') FROM rating r JOIN person p ON p.id = r.athlete_id
	JOIN metric m ON m.id = r.metric_id WHERE p.handle = 'jdoe' AND m.slug = 'technique' AND r.source = 'coach'
	AND r.rated_on = '2026-11-09'"; }
PRIYA="Priya Shah <priya.coach@example.org>"
ALEX="Alex Carter <head.coach@example.org>"

# -- Priya coaches Junior Women; Jane rows in Senior Men
email "From: $ALEX" "Message-ID: <a1@example.org>" 'date: 2026-11-09\nJane Doe:\n  technique 2\nChloé Martin:\n  technique 3'
is "$(outcome):$(jane_tech)" "stored::2" "the head coach rates athletes of both squads"
email "From: $PRIYA" "Message-ID: <p1@example.org>" 'date: 2026-11-09\nChloé Martin:\n  technique 4\nJane Doe:\n  technique 1\n  fitness 3'
is "$(outcome)" "stored:1 of 2 athletes refused" "Priya's email rating a Senior Man refuses that athlete only"
is "$(jane_tech)" 2 "Jane's score stays the head coach's"
like "$(reply)" "^\(!\) 'Jane Doe' is not one of your athletes$" "Priya is told why, under the athlete's first line"
unlike "$(reply)" "line 7|from 2 to" "once, and without Jane's score"
is "$(sql "$db" "SELECT score FROM rating r JOIN person p ON p.id = r.athlete_id WHERE p.handle = 'cmartin'
	AND r.source = 'coach' AND r.rated_on = '2026-11-09'")" 4 "and her own athlete's score is stored"
email "From: $PRIYA" "Message-ID: <p2@example.org>" 'date: 2026-11-09\nChloé Martin:\n  technique 4'
is "$(outcome)" "stored:" "her own squad's athlete she rates"
# what she writes of others' athletes is quoted back, and nothing of
# theirs: not the name a handle or an address is, not a near name
email "From: $PRIYA" "Message-ID: <p3@example.org>" 'date: 2026-11-09\n@jdoe: technique 1\noliver.brown@example.org: technique 1\nJane Do: technique 1\nOlivr: technique 1\nChloe Martn: technique 1'
r=$(reply)
# (the closest of her own to jdoe is Grace Lee, @glee)
is "$(printf '%s\n' "$r" | grep '^(!)')" "(!) '@jdoe' is not one of your athletes - did you mean 'Grace Lee'?
(!) 'oliver.brown@example.org' is not one of your athletes
(!) 'Jane Do' is not one of your athletes
(!) 'Olivr' is not one of your athletes
(!) 'Chloe Martn' is not one of your athletes - did you mean 'Chloé Martin'?
(!) send it as: Chloé Martin: technique 1" \
	"another squad's athletes are refused as written, as nobody is; a hint only of her own, and the line with it"
unlike "$r" "Jane Doe|Oliver|Brown" "the reply names none of another squad's athletes"

email "From: $ALEX" "Message-ID: <a4@example.org>" 'date: 2026-11-09\nJane Doe:\n  technique 2  Hands level at the catch.'
like "$(reply)" "^- Jane Doe: technique stays 2$" \
	"a correction that keeps the score says so, not 'from 2 to 2'"
jane_comment() { sql "$db" "SELECT comment FROM rating r JOIN person p ON p.id = r.athlete_id
	WHERE p.handle = 'jdoe' AND r.source = 'coach' AND r.rated_on = '2026-11-09'"; }
is "$(jane_comment)" "Hands level at the catch." "with the comment it brought"
email "From: $ALEX" "Message-ID: <a5@example.org>" 'date: 2026-11-09\nJane Doe: 3'
is "$(jane_comment)" "Hands level at the catch." "a correction with no comment keeps the one before"
# another coach's correction: not under the first one's comment, and
# the one correcting is told whose score it was
chloe_comment() { sql "$db" "SELECT score || ':' || comment FROM rating r JOIN person p ON p.id = r.athlete_id
	JOIN metric m ON m.id = r.metric_id WHERE p.handle = 'cmartin' AND m.slug = 'technique'
	AND r.source = 'coach' AND r.rated_on = '2026-11-10'"; }
email "From: $ALEX" "Message-ID: <whose-a1@example.org>" 'date: 2026-11-10\nChloé Martin:\n  technique 3  Late at the catch.'
is "$(chloe_comment)" "3:Late at the catch." "the head coach's score and comment"
email "From: $PRIYA" "Message-ID: <whose-p1@example.org>" 'date: 2026-11-10\nChloé Martin: technique 5'
is "$(chloe_comment)" "5:" "another coach's correction without a comment does not keep the first coach's"
like "$(reply)" "^- Chloé Martin: technique from 3 to 5 \(the score was Alex Carter's\)$" \
	"and the coach correcting is told whose score it replaced"
email "From: $PRIYA" "Message-ID: <whose-p2@example.org>" 'date: 2026-11-10\nChloé Martin: technique 4'
like "$(reply)" "^- Chloé Martin: technique from 5 to 4$" "her own score corrected names nobody"

# -- Mistakes a coach makes, and how to fix them
email "From: $ALEX" "Message-ID: <a2@example.org>" 'date: 2026-11-31\nJane Doe:\n  technique 3'
is "$(outcome)" "rejected:errors in the ratings" "2026-11-31 is refused"
like "$(reply)" "^date: 2026-11-31
\(!\) write the date as YYYY-MM-DD or as your country writes it, a day that exists" "since 30 November is the last"
email "From: $ALEX" "Message-ID: <a3@example.org>" 'Jane Doe:\n  technique 3\nTom Okafor\n  technique 4'
like "$(reply)" "^\(!\) expected 'metric score \[comment\]' under Jane Doe; if it names an athlete, end it with ':'" \
	"a name without its ':' says to add it"

# -- What cox emailed a coach is not in a squad's part
alex=$(sql "$db" "SELECT id FROM person WHERE handle = 'acarter'")
sql "$db" "INSERT INTO message (direction, channel, person_id, peer, subject, body, kind, status, created_at)
	VALUES ('out', 'email', $alex, 'head.coach@example.org', 'Oliver Brown is sick', 'Oliver Brown texted: flu', 'forward', 'sent', strftime('%s'))"
sql "$db" "UPDATE person SET opted_out = 1 WHERE handle = 'znovak'"
# her demo answers came a minute before p3: a self score of p3's very
# second would count as answering it (scores are timed in seconds)
sql "$db" "UPDATE rating SET created_at = created_at - 60 WHERE source = 'self'
	AND athlete_id = (SELECT id FROM person WHERE handle = 'znovak')"
email "From: $PRIYA" "Message-ID: <p3@example.org>" 'date: 2026-11-09\nZoe Novak:\n  technique 3'
now=$(date -d '2026-11-23 12:00 UTC' +%s)
COX_NOW=$now run "$COX" -C "$W" build
is "$rc" 0 "the site builds"
jw=$(part_plaintext "$W" @pshah "Junior Women")
like "$jw" "Chloé Martin" "Priya opens Junior Women"
unlike "$jw" "Oliver Brown|Jane Doe|Stored [0-9]+ rating" "and finds no Senior Man in it, nor a coach's email"
team=$(part_plaintext "$W" @acarter "Team overview")
like "$team" "Oliver Brown is sick" "the head coaches' team part lists what went to the coaches"
run "$COX" -C "$W" export messages --csv --squad "Junior Women"
unlike "$out" "Oliver Brown|Jane Doe" "a squad's export of messages keeps to its athletes"
like "$out" "Zoe Novak" "and has them"

# -- Dated by the email's date, not by when it came in
like "$jw" '<time datetime="2026-11-09">9 Nov 2026</time>: [0-9]+ rated' "the round is dated 9 November, from its date: line"
unlike "$jw" '<time datetime="2026-11-2[0-9]">[0-9]+ Nov 2026</time>: [0-9]+ rated' "not by the day the email came in"
like "$jw" '<td>9 Nov 2026</td>' "the Rated column says so too"

# -- Who texts do not reach is not just slow
like "$(printf '%s\n' "$jw" | grep -A1 'data-name="Zoe Novak"')" "texts do not reach them: opted out" \
	"an athlete who texted STOP is marked where the coach waits for her"
email "From: $PRIYA" "Message-ID: <p4@example.org>" 'date: 2026-11-16\nChloé Martin:\n  fitness 3'
like "$(reply)" "Zoe Novak, (since today|[0-9]+ days?) \(opted out of texts: no text reaches them, ask in person\)" \
	"and in the confirmation's list of who has not answered"
texted() {	# texted HANDLE ID: the texts to them about email ID
	sql "$db" "SELECT count(*) FROM message m JOIN person p ON p.id = m.person_id
		JOIN message e ON e.id = m.about WHERE p.handle = '$1' AND
		e.provider_id = '$2@example.org' AND m.direction = 'out' AND m.channel = 'sms'"
}
is "$(texted znovak p3)" 0 "and the outbox is given no text for her"

# -- Blocked, or no number: the dashboard, the confirmation and the
#    outbox read one rule (message_reach()), in the same words
sql "$db" "UPDATE person SET blocked = 1 WHERE handle = 'glee'"
sql "$db" "DELETE FROM phone WHERE person_id = (SELECT id FROM person WHERE handle = 'ejones')"
email "From: $PRIYA" "Message-ID: <p5@example.org>" 'date: 2026-11-18\nGrace Lee:\n  technique 3\nEmma Jones:\n  technique 3'
# Chloé's earlier prompts are of the morning: the next is no repeat
sql "$db" "UPDATE message SET created_at = created_at - 7 * 3600 WHERE kind = 'notify'"
email "From: $PRIYA" "Message-ID: <p6@example.org>" 'date: 2026-11-18\nChloé Martin:\n  technique 4'
like "$(reply)" "Grace Lee, (since today|[0-9]+ days?) \(blocked: no text reaches them, ask in person\)" \
	"a blocked athlete is listed as one no text reaches"
like "$(reply)" "Emma Jones, (since today|[0-9]+ days?) \(no number: no text reaches them, ask in person\)" \
	"and so is one with no number"
is "$(texted glee p5):$(texted ejones p5):$(texted cmartin p6)" "0:0:1" \
	"neither is texted, unlike the one who may be"
COX_NOW=$now run "$COX" -C "$W" build
jw=$(part_plaintext "$W" @pshah "Junior Women")
like "$(printf '%s\n' "$jw" | grep -A1 'data-name="Grace Lee"')" "texts do not reach them: blocked" \
	"the dashboard says the same of the blocked athlete"
like "$(printf '%s\n' "$jw" | grep -A1 'data-name="Emma Jones"')" "texts do not reach them: no number" \
	"and of the one with no number"

# -- a coach of no squad opens no part: each build says so, of her alone
"$COX" -C "$W" roster add --name "Nora Nosquad" --handle nora --role coach >/dev/null
COX_NOW=$now run "$COX" -C "$W" build
like "$err" "Nora Nosquad \(@nora\) is a coach of no squad, so no part of the dashboard opens for them" \
	"a build warns of a coach of no squad"
is "$(printf '%s\n' "$err" | grep -c 'is a coach of no squad')" 1 "and of no one else"
done_testing
