# The OSTRC-H2 by text, three weeks of it, with the clock fixed by
# COX_NOW: the weekly question goes at [health] ask; a "no" records the
# week; an injury by body area starts the four questions, one text
# each, and is scored as Clarsen et al. score it; a text that answers
# nothing asked is read as it always was.  A coach opens an episode by
# email and moves it through its stages; the digest and the squad's
# part (decrypted) show the episodes and the weeks' prevalence.
. "$(dirname "$0")/lib.sh"
plan 47

W=$T/ws
demo_sms "$W" https://sms.riverside.example twilio-test-token
db=$W/cox.db
conf_set "$W/cox.conf" team timezone UTC
conf_del "$W/cox.conf" digest off
answer() { printf '%s' "$out" | sed -n 's/.*<Message>\(.*\)<\/Message>.*/\1/p'; }
# week K's question, K weeks after the first, 14 days ago at 10:05 UTC
d0=$(date -u -d '14 days ago' +%F)
week() { echo $(($(date -u -d "$d0 10:05" +%s) + $1 * 7 * 86400)); }
conf_set "$W/cox.conf" health ask "$(LC_ALL=C date -u -d "$d0" +%a | tr 'A-Z' 'a-z') 10:00"
jane=+447700900101 tom=+447700900104
# report HANDLE: their latest answered report, "problem area q1q2q3q4
# severity substantial"; pending HANDLE: how many wait for an answer
report() { sql "$db" "SELECT problem || ' ' || area || ' ' || coalesce(q1, '') ||
	coalesce(q2, '') || coalesce(q3, '') || coalesce(q4, '') || ' ' || coalesce(severity, '') ||
	' ' || coalesce(substantial, '') FROM health_report h JOIN person p ON p.id = h.athlete_id
	WHERE p.handle = '$1' AND problem IS NOT NULL ORDER BY h.id DESC LIMIT 1"; }
pending() { sql "$db" "SELECT count(*) FROM health_report h JOIN person p ON p.id = h.athlete_id
	WHERE p.handle = '$1' AND problem IS NULL"; }

# Week 1: the question to every athlete, in one short text.
COX_NOW=$(($(week 0) - 600)) run "$COX" -C "$W" remind run
is "$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'health'")" 0 "before [health] ask, no question"
COX_NOW=$(week 0) run "$COX" -C "$W" remind run
asked=$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'health' AND direction = 'out'")
is "$asked" "$(sql "$db" "SELECT count(*) FROM person WHERE role = 'athlete' AND active = 1 AND opted_out = 0 AND blocked = 0")" \
	"at [health] ask, every athlete who may be texted is asked"
q=$(sql "$db" "SELECT body FROM message m JOIN person p ON p.id = m.person_id WHERE m.kind = 'health' AND p.handle = 'jdoe'")
is "$q" "Riverside Club: Any injury, illness or other health problem this week? Reply no, or injury/illness and where (injury knee, ill)." \
	"the gatekeeper question, as the H2 asks it"
COX_NOW=$(($(week 0) + 60)) run "$COX" -C "$W" remind run
is "$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'health' AND direction = 'out'")" "$asked" "and only once a week"

COX_NOW=$(($(week 0) + 3600)) sms_start "$W"
text "$jane" w1a "sore lower back"
like "$(answer)" "^Lower back injury, 1 of 4: did it affect your training or racing\? 1 full" \
	"sore lower back: an injury of the lower back, and its first question"
text "$jane" w1b "3"
like "$(answer)" "^2 of 4: how much did it reduce your training\?" "a digit answers it, and the second comes"
text "$jane" w1c "sleep 2 stress 3 fatigue 3 sore 2"
unlike "$(answer)" "of 4" "a check-in between the answers is a check-in"
is "$(sql "$db" "SELECT kind FROM message WHERE body = 'sleep 2 stress 3 fatigue 3 sore 2'")" scores \
	"and is stored as one"
text "$jane" w1d "9"
is "$(answer)" "Reply with one digit, 1 to 5." "a digit that is no option is asked again"
text "$jane" w1e "3"
like "$(answer)" "^3 of 4" "the third"
text "$jane" w1f "2"
like "$(answer)" "^4 of 4" "the fourth"
text "$jane" w1g "2"
# 17 (reduced) + 13 (moderately) + 6 (a little) + 8 (mildly)
like "$(answer)" "^Thanks, noted [(]severity 44 of 100[)]\. Any other problem this week\?" \
	"after the fourth, the severity and the question again"
is "$(pending jdoe)" 1 "another report waits for her answer"
is "$(sql "$db" "SELECT problem || ' ' || area || ' ' || q1 || q2 || q3 || q4 || ' ' || severity || ' ' || substantial
	FROM health_report h JOIN person p ON p.id = h.athlete_id WHERE p.handle = 'jdoe' AND problem = 'injury'")" \
	"injury lower_back 3322 44 1" "each answer and the score kept: substantial, training reduced moderately"
is "$(sql "$db" "SELECT kind || ' ' || area || ' ' || stage || ' ' || source FROM episode e JOIN person p ON p.id = e.athlete_id WHERE p.handle = 'jdoe'")" \
	"injury lower_back modified ostrc" "reduced participation opened an episode at modified training"
text "$jane" w1h "no"
is "$(answer)" "Thanks, that is all for this week." "a no then ends her week"
text "$tom" w1i "no"
is "$(answer):$(report tokafor)" "Thanks, noted: no health problem this week.:none    " "Tom had no problem"
sms_stop

# Week 2: Tom is ill and carries on in full; symptoms alone are never
# substantial, however they bother him.
COX_NOW=$(week 1) run "$COX" -C "$W" remind run
COX_NOW=$(($(week 1) + 3600)) sms_start "$W"
text "$tom" w2z "sleep 4 stress 2 fatigue 3 sore 2 legs heavy"
unlike "$(answer)" "of 4" "a check-in that names a body area is no answer to the weekly question"
is "$(pending tokafor):$(sql "$db" "SELECT count(*) FROM health_report h JOIN person p ON p.id = h.athlete_id
	WHERE p.handle = 'tokafor' AND problem = 'injury'")" "1:0" "which waits for his answer still, no injury taken"
text "$tom" w2a "I have a cold"
like "$(answer)" "^Illness, 1 of 4" "a cold is an illness"
for d in 2 1 1 4; do text "$tom" "w2-$d-$RANDOM" "$d"; done
is "$(report tokafor)" "illness  2114 33 0" "full participation, severe symptoms: severity 33, not substantial"
text "$jane" w2b "no"
is "$(report jdoe)" "none    " "Jane has nothing this week"
sms_stop

# Week 3: the coach opens an episode by email and moves it on.
W3=$(($(week 2) + 3600))
COX_NOW=$W3 coach_email "$W" "injured Oliver Brown ribs"
like "$(reply)" "Oliver Brown: Ribs or chest injury, out\. No rating or check-in prompts" \
	"injured NAME AREA: the coach is told he is out and how to move him on"
is "$(sql "$db" "SELECT kind || ' ' || area || ' ' || stage || ' ' || source FROM episode e JOIN person p ON p.id = e.athlete_id WHERE p.handle = 'obrown'")" \
	"injury ribs out coach" "an episode, out, opened by the coach"
COX_NOW=$W3 coach_email "$W" "Harry Wilson:
  technique 3
Injured her back on Tuesday, rest her this week.
Ill be late on Sunday, sorry."
unlike "$(reply)" "Not done|out\\." "a sentence that starts with injured or ill is no command"
is "$(sql "$db" "SELECT count(*) FROM episode e JOIN person p ON p.id = e.athlete_id WHERE p.handle = 'obrown'")" 1 \
	"and opens nothing"
COX_NOW=$W3 coach_email "$W" "stage Oliver Brown modified training"
like "$(reply)" "Oliver Brown: Ribs or chest injury, now modified training\." "stage NAME modified training"
COX_NOW=$W3 coach_email "$W" "stage @obrown out"
like "$(reply)" "now out\." "and back out, by handle"

COX_NOW=$((W3 + 600)) run "$COX" -C "$W" digest --dry-run
body=$(printf %s "$out" | tr '\n' '~')
like "$body" "~Injured or ill~- Jane Doe: Lower back injury, modified training since $(en_date "$d0")~    stage @jdoe full~" \
	"the digest lists Jane's episode with the command to the next stage"
like "$body" "~- Oliver Brown: Ribs or chest injury, out since $(en_date "$(date -u -d @$W3 +%F)")~    stage @obrown modified~" \
	"and Oliver's"

"$COX" -C "$W" build >/dev/null || { echo "Bail out! build failed"; exit 1; }
part=$(part_plaintext "$W" @acarter "Senior Men")
health=$(printf %s "$part" | tr '\n' '~' | sed -n 's/.*\(<section id="health".*\)/\1/p' | sed 's#</section>.*##')
like "$health" "Health problems [(]OSTRC-H2[)]" "the squad's part has the OSTRC-H2 section"
like "$health" "<th scope=\"row\"><time datetime=\"$d0\">$(en_day "$d0")</time></th><td>2</td><td>1 of 2 [(]50%[)]</td><td>1 of 2 [(]50%[)]</td>" \
	"week 1: of the two who answered, Jane had a problem, a substantial one"
like "$health" "<th scope=\"row\"><time datetime=\"$(date -u -d "$d0 + 7 days" +%F)\">$(en_day "$(date -u -d "$d0 + 7 days" +%F)")</time></th><td>2</td><td>1 of 2 [(]50%[)]</td><td>0 of 2 [(]0%[)]</td>" \
	"week 2: Tom's illness, not substantial"
eps=$(printf %s "$part" | tr '\n' '~' | sed -n 's/.*\(<section id="episodes".*\)/\1/p' | sed 's#</section>.*##')
like "$eps" "<th scope=\"row\">Jane Doe</th><td>Lower back injury</td><td>modified training <a class=\"next\" href=\"mailto:[^\"]*body=stage%20%40jdoe%20full\">move to full training</a></td>" \
	"the part lists Jane's episode and its stage, with the link that moves her on"
like "$eps" "<th scope=\"row\">Oliver Brown</th><td>Ribs or chest injury</td><td><b>out</b> <a class=\"next\" href=\"mailto:[^\"]*body=stage%20%40obrown%20modified\">move to modified training</a></td>" \
	"and Oliver, out"

COX_NOW=$W3 coach_email "$W" "stage @obrown cleared"
like "$(reply)" "now cleared\." "cleared"
is "$(sql "$db" "SELECT stage || ' ' || (closed_at IS NOT NULL) FROM episode e JOIN person p ON p.id = e.athlete_id WHERE p.handle = 'obrown'")" \
	"cleared 1" "which closes the episode"
COX_NOW=$W3 coach_email "$W" "stage @obrown full"
like "$(reply)" "Oliver Brown has no open injury or illness: nothing to move\." "a closed episode moves no more"
"$COX" -C "$W" build >/dev/null || { echo "Bail out! build failed"; exit 1; }
unlike "$(part_plaintext "$W" @acarter "Senior Men" | grep -o '<section id="episodes".*' )" "Oliver Brown" \
	"once cleared, he is off the part's list"

# Weeks 4 and 5: a "no" that names no day answers the question asked
# last, not every one open: the weekly question, not a session asked
# the day before; a session asked after the weekly question, not it
squad=$(sql "$db" "SELECT m.squad_id FROM membership m JOIN person p ON p.id = m.person_id WHERE p.handle = 'tokafor' LIMIT 1")
session() {	# session DAY ASKED: Tom asked at ASKED about a session on DAY
	sql "$db" "INSERT INTO avail_session (squad_id, day, at, uid, asked_at) VALUES ($squad, '$1', '18:00', 'ostrc-$1', $2);
		INSERT INTO avail_answer (session_id, person_id) SELECT last_insert_rowid(), id FROM person WHERE handle = 'tokafor'"; }
tom_said() { sql "$db" "SELECT coalesce(a.answer, '-') FROM avail_answer a JOIN avail_session s ON s.id = a.session_id
	JOIN person p ON p.id = a.person_id WHERE p.handle = 'tokafor' AND s.day = '$1'"; }
# week_open K: week K's question asked, at $wk; $dk the day two after
week_open() {
	wk=$(week "$1")
	dk=$(date -u -d "@$((wk + 2 * 86400))" +%F)
	COX_NOW=$wk run "$COX" -C "$W" remind run
}
# serve: the webhook from an hour after $wk; $waits his questions open
serve() {
	COX_NOW=$((wk + 3600)) sms_start "$W"
	waits=$(pending tokafor)
}
week_open 3
session "$dk" $((wk - 86400))
serve
text "$tom" w4a "no"
is "$(answer)" "Thanks, noted: no health problem this week." "a no after the weekly question answers it"
is "$(tom_said "$dk"):$(pending tokafor)" "-:$((waits - 1))" "and not the session he was asked about the day before"
sms_stop
week_open 4
session "$dk" $((wk + 1800))
serve
text "$tom" w5a "no"
like "$(answer)" "^Thanks: you are out for " "a no after a session's question answers it"
is "$(tom_said "$dk"):$(pending tokafor)" "out:$waits" "and the weekly question still waits for his answer"
text "$tom" w5b "no"
is "$(answer)" "Thanks, noted: no health problem this week." "which his next no answers"
is "$(tom_said "$dk"):$(pending tokafor)" "out:$((waits - 1))" \
	"his session's answer kept: a question answered waits no more"
sms_stop
# Week 6: his session answered, then the weekly question, then a
# reminder to the others stamps the session: his "no" is the weekly one's
week_open 5
session "$dk" $((wk - 2 * 86400))
sql "$db" "UPDATE avail_answer SET answer = 'in', answered_at = $((wk - 86400)) WHERE session_id =
	(SELECT id FROM avail_session WHERE day = '$dk');
	UPDATE avail_session SET reminded_at = $((wk + 600)) WHERE day = '$dk'"
serve
text "$tom" w6a "no"
is "$(tom_said "$dk"):$(pending tokafor)" "in:$((waits - 1))" \
	"a reminder to the others after his answer does not make his no the session's"
sms_stop
# Week 7: "no" with the day named is the session's, whenever asked
week_open 6
session "$dk" $((wk - 86400))
serve
text "$tom" w7a "no $(LC_ALL=C date -u -d "$dk" +%A)"
is "$(tom_said "$dk"):$(pending tokafor)" "out:$waits" "no with the session's day answers the session alone"
sms_stop

done_testing
