# Athletes' texts as a club's athletes wrote them in a trial week
# (issue 73), replayed through a running cox sms serve: each is stored
# as meant at the first attempt, or answered with the line to send
# back; a guess is stored and said; a guardian's question reaches the
# coaches as the guardian's; no text cox could not read becomes an
# email of its own, the digest names the one not sent again and not
# the one sent again correctly, and beside the answers to her own
# emails the head coach gets one email that day, the digest, which
# holds the sick report, the note and the guardian's question; an
# injury, or a word that may be a safeguarding matter, is emailed at
# once.
. "$(dirname "$0")/lib.sh"
plan 33

W=$T/ws
workspace "$W"
db=$W/cox.db
conf_set "$W/cox.conf" team timezone UTC
# the digest is not due while the daemon runs; it is made due below,
# once the texts are in
digest_not_due "$W/cox.conf"
conf_set "$W/cox.conf" mail coaches head.coach@example.org
conf_set "$W/cox.conf" mail authserv_id mx.club.example
printf 'tok-09\n' >"$T/token"
conf_set "$W/cox.conf" sms public_url https://sms.club.example
conf_set "$W/cox.conf" sms auth_token_file "$T/token"
smtp_sink "$W"
cox -C "$W" metric add technique --name Technique --scale 1-10
cox -C "$W" metric add fitness --name Fitness --scale 1-10
cox -C "$W" metric add erg --name "2k erg" --time 5:30-9:00
cox -C "$W" metric add attitude --name Attitude --scale 1-5
cox -C "$W" roster add --name "Maggie Head" --email head.coach@example.org --role head_coach
n=100
for a in "Ben Fletcher" "Tom Harris" "Oliver Brown" "Poppy Adams" "Jack Lee" "Ellie Park"; do
	n=$((n + 1))
	cox -C "$W" roster add --name "$a" --phone "+447700900$n" --squad Seniors
done
cox -C "$W" roster add --name "Chloé Martin" --phone +447700900120 --squad Seniors --language fr
cox -C "$W" roster edit @epark --minor yes --guardian-name "Sarah Park" --guardian-phone +447700900221
coach_email "$W" 'Ben Fletcher: 6 7 7:00 4
Tom Harris: 6 7 6:55 4
Oliver Brown: 5 6 7:30 3
Poppy Adams: 6 6 7:10 4
Jack Lee: 5 5 7:20 3
Ellie Park: 5 6 7:40 3
Chloé Martin: 7 7 6:45 5'
is "$rc:$(sql "$db" "SELECT count(*) FROM rating WHERE source = 'coach'")" 0:28 "the head coach rates seven athletes"

P=https://sms.club.example/twilio/sms
TWILIO_URL=$P TWILIO_TOKEN=tok-09	# where lib.sh's text posts
answer() { printf '%s' "$out" | sed -n 's/.*<Message>\(.*\)<\/Message>.*/\1/p'; }
# self HANDLE: what the athlete's own scores are now, as stored
self() {
	sql "$db" "SELECT group_concat(m.slug || '=' || r.score, ' ') FROM rating r
		JOIN metric m ON m.id = r.metric_id JOIN person p ON p.id = r.athlete_id
		WHERE r.source = 'self' AND p.handle = '$1' ORDER BY m.position"
}

sms_start "$W"
text +447700900101 b1 "Hi Maggie! 6, 7, 7.10, 4 😊"
is "$(self bfletcher)" "technique=6 fitness=7 erg=4300 attitude=4" \
	"a greeting, a name, commas, emoji and a time written 7.10: stored"
text +447700900102 t1 $'Technique 7\nFitness 8\n2k 6:50\nAttitude 5'
is "$(self tharris)" "technique=7 fitness=8 erg=4100 attitude=5" \
	"one metric a line, the erg named 2k as its name starts: stored"
text +447700900103 o1 "Six 6 7m20 4"
is "$(self obrown)" "technique=6 fitness=6 erg=4400 attitude=4" \
	"a number in words and a time written 7m20: stored"
text +447700900120 c1 "7/10 8/10 6:50 5/5"
is "$(self cmartin)" "technique=7 fitness=8 erg=4100 attitude=5" \
	"scores out of their tops, and a time no session's length: stored"
like "$(answer)" "^Enregistré : technique 7" "and answered in her language"
text +447700900105 j1 "Technique 4 & fitness 3"
is "$(self jlee)" "technique=4 fitness=3" "two scores joined by &: stored"
text +447700900104 p1 "I'm sick"
is "$(sql "$db" "SELECT illness FROM wellness w JOIN person p ON p.id = w.athlete_id WHERE p.handle = 'padams'")" \
	sick "I'm sick: a sick report"
text +447700900105 j2 "Sleep bad, stress 5"
is "$(sql "$db" "SELECT sleep || ' ' || stress FROM wellness w JOIN person p ON p.id = w.athlete_id
	WHERE p.handle = 'jlee'")" "6 5" "a check-in in words is stored"
like "$(answer)" "I read &quot;sleep bad&quot; as sleep 6 \(1 best, 7 worst\); send sleep and a number to change it" \
	"and the answer says how it was read, and how to change it"
text +447700900101 b2 "rpe 7 for 90 mins"
text +447700900102 t2 "did 75 min, felt like a 6"
is "$(sql "$db" "SELECT group_concat(rpe || 'x' || minutes, ' ') FROM session_rpe ORDER BY id")" "7x90 6x75" \
	"a session's effort in words: stored"

# what it cannot read is answered with the line to send back
text +447700900106 e1 "Ellie here 5 6 7:40 3"
like "$(answer)" "I could not read &#39;Ellie&#39;. Did you mean this\? Send it back: technique 5 fitness 6 erg 7:40.0 attitude 3$" \
	"a text it cannot read is answered with its closest reading, to send back"
text +447700900106 e2 "technique 5 fitness 6 erg 7:40.0 attitude 3"
is "$(self epark)" "technique=5 fitness=6 erg=4600 attitude=3" "sent back as it was, it is stored"
text +447700900104 p2 "boat feel 4"
like "$(answer)" "Send it back: technique 4$" "Poppy's is answered so too"
text +447700900104 p3 "who is this"
like "$(answer)" "To write to your coach, send: note who is this$" "words and no number: the note to send"
text +447700900221 s1 "Thanks, is that at the boathouse or the gym? Sarah (Ellie's mum)"
like "$(answer)" "your message is with the coaches of Ellie Park" "the guardian's question goes to the coaches"
is "$(sql "$db" "SELECT count(*) FROM wellness w JOIN person p ON p.id = w.athlete_id WHERE p.handle = 'epark'")" 0 \
	"and is nothing of Ellie's"
is "$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'in' AND channel = 'sms' AND answer = ''")" 0 \
	"every text was answered"
sms_stop

# The coaches' inbox: nothing per unread text; the digest once a day
conf_set "$W/cox.conf" digest at "$(date -u +%H:%M)"
run "$COX" -C "$W" remind run
run "$COX" -C "$W" outbox run
mail_received 2 || { echo "Bail out! the emails were not sent: $out $err"; exit 1; }
kinds() {	# the kinds of what the head coach was sent, beside replies
	sql "$db" "SELECT kind || ' ' || count(*) FROM message WHERE direction = 'out'
		AND peer = 'head.coach@example.org' AND kind != 'reply' GROUP BY kind ORDER BY kind" | tr '\n' ,
}
is "$(sql "$db" "SELECT count(*) FROM message m JOIN message i ON i.id = m.about
	WHERE m.direction = 'out' AND i.kind = 'unparsed'")" 0 "no text it could not read is an email of its own"
is "$(kinds)" "digest 1," \
	"beside the answer to her own email, the head coach gets one email that day: the digest"
is "$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'out' AND peer = 'head.coach@example.org'
	AND status = 'sent'")" 2 "and her rating email's answer: two emails in all, both sent"
digest=$(sql "$db" "SELECT body FROM message WHERE kind = 'digest'")
like "$digest" "Poppy Adams: reported sick" "the digest has Poppy's sick report"
like "$digest" "The guardian of Ellie Park texted: \"Thanks, is that at the boathouse or the gym\\? Sarah \\(Ellie's mum\\)\"" \
	"and Sarah's question, as the guardian of Ellie's"
like "$digest" "Poppy Adams texted what cox could not read: \"boat feel 4\"" "the digest names the unread text"
unlike "$digest" "Ellie here" "but not the one sent again correctly"
poppy=$(sql "$db" "SELECT id FROM message WHERE body = 'boat feel 4'")
like "$digest" "archive $poppy" "with the command that files it"

# what cannot wait for the morning goes at once: an injury, and words
# that may be a safeguarding matter, from an athlete or a guardian
sms_start "$W"
text +447700900102 t3 "injured my back on the erg"
text +447700900221 s2 "Ellie says she feels unsafe in the minibus"
text +447700900103 o2 "note can we move Thursday, I have exams"
sms_stop
is "$(kinds)" "digest 1,forward 2," "an injury and a guardian's safeguarding word are each emailed at once; a note about exams waits"
like "$(sql "$db" "SELECT subject FROM message WHERE kind = 'forward' ORDER BY id")" "^Tom Harris is injured
Note from the guardian of Ellie Park$" "one for Tom's injury, one for Sarah's words"

# What the head coach sees after the week: no athlete's own consent is
# recorded, so no text reaches them, and her squad's part says so and
# offers no "Remind them all now" that would text no one; beside an
# athlete out injured or ill, no pause either: the episode stops their
# prompts already
"$COX" -C "$W" build >/dev/null || { echo "Bail out! cox build failed"; exit 1; }
part=$(part_plaintext "$W" @mhead Seniors)
like "$part" "texts do not reach them: their own consent not recorded" \
	"the part says why the athletes who have not answered are not reminded"
like "$part" 'body=pause%20%40bfletcher' "its actions are there (pause Ben)"
like "$part" 'Tom Harris</a>: reported injured on [0-9]+ [A-Z][a-z]+: my back on the erg</li>' \
	"Tom's injury is flagged with nothing to do beside it: the episode it opened stops his prompts"
unlike "$part" 'body=pause%20%40padams' "nor for Poppy, out ill"
unlike "$part" 'body=remind%20Seniors' "but no reminder to the squad, which would reach no one"
done_testing
