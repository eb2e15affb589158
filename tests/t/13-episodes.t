# Episodes decide who is asked: an athlete out injured or ill gets no
# prompt after a coach's ratings, no rating reminder, no check-in
# prompt, no coach's remind and no question about a session, until
# the coach moves them on; a "sick" text opens one as well.  The health question and its answers
# come in the athlete's language, never to a guardian; exports carry
# each answer and the score, an erasure takes them, and so does the
# retention of check-ins.
. "$(dirname "$0")/lib.sh"
plan 27

W=$T/ws
demo_sms "$W" https://sms.riverside.example twilio-test-token
db=$W/cox.db
conf_set "$W/cox.conf" team timezone UTC
answer() { printf '%s' "$out" | sed -n 's/.*<Message>\(.*\)<\/Message>.*/\1/p'; }
texts() { sql "$db" "SELECT count(*) FROM message m JOIN person p ON p.id = m.person_id
	WHERE m.direction = 'out' AND m.kind = '$2' AND p.handle = '$1'${3:+ AND m.id > $3}"; }
last_id() { sql "$db" "SELECT max(id) FROM message"; }

# what the demo texted lately is long ago: no prompt waits unanswered
# (which a prompt would not repeat) and no one has checked in today
sql "$db" "UPDATE message SET created_at = created_at - 86400 * 30 WHERE kind = 'notify';
	UPDATE wellness SET day = '2000-01-01' WHERE day = '$(date -u +%F)'"
coach_email "$W" "injured @jdoe lower back"
like "$(reply)" "Jane Doe: Lower back injury, out\." "the coach puts Jane out"

# Prompts after ratings: to Sam, not to Jane.
before=$(last_id)
coach_email "$W" "Jane Doe:
  technique 2
Sam O'Neill:
  technique 2"
is "$(sql "$db" "SELECT count(*) FROM rating r JOIN message m ON m.id = r.message_id WHERE m.id > $before")" 2 \
	"both are rated"
is "$(texts soneill notify "$before")" 1 "Sam is asked for his own"
is "$(texts jdoe notify "$before")" 0 "Jane, out, is not"

# Reminders and check-in prompts an hour or two on.
now=$(date +%s)
conf_set "$W/cox.conf" reminders rating_after_hours 1
conf_set "$W/cox.conf" reminders check_in "daily $(date -u -d @$((now + 60)) +%H:%M)"
before=$(last_id)
COX_NOW=$((now + 7200)) run "$COX" -C "$W" remind run
is "$(texts soneill reminder "$before")" 1 "Sam is reminded"
is "$(texts jdoe reminder "$before")" 0 "Jane is not"
is "$(texts soneill check-in "$before")" 1 "Sam gets the check-in prompt"
is "$(texts jdoe check-in "$before")" 0 "Jane does not"
coach_email "$W" "remind @jdoe"
like "$(reply)" "To Jane Doe: 0 texted; 0 had nothing to answer, 1 paused or out injured or ill" \
	"nor does a coach's remind text her"
# Who is coming: Sam is asked about tomorrow's session, Jane, out, not.
before=$(last_id)
coach_email "$W" "avail tomorrow am Senior Men: 6:00 Boathouse"
is "$(texts soneill coach "$before")" 1 "Sam is asked who is coming"
is "$(texts jdoe coach "$before")" 0 "Jane, out, is not asked about the session"
like "$(reply)" "; 1 paused or out injured or ill, not asked;" \
	"and the coach is told she is not asked as out or paused, not as paused alone"
"$COX" -C "$W" build >/dev/null || { echo "Bail out! cox build failed"; exit 1; }
avail=$(part_plaintext "$W" @acarter "Senior Men" | tr '\n' '~' | sed -n 's/.*\(<section id="avail".*\)/\1/p' | sed 's#</section>.*##')
like "$avail" "<li>Out injured or ill, not asked [(]1[)]: Jane Doe</li>" \
	"the part's who is coming lists her as out injured or ill, not among no one"

# Modified training: asked again.
coach_email "$W" "stage Jane Doe modified training"
like "$(reply)" "Jane Doe: Lower back injury, now modified training\." "the coach moves her to modified training"
before=$(last_id)
coach_email "$W" "Jane Doe:
  fitness 3"
is "$(texts jdoe notify "$before")" 1 "in modified training, Jane is asked again"

# A sick text opens an episode, and the athlete is out until moved on.
sms_start "$W"
text +447700900104 s1 "I'm sick"
is "$(sql "$db" "SELECT kind || ' ' || stage || ' ' || source FROM episode e JOIN person p ON p.id = e.athlete_id WHERE p.handle = 'tokafor'")" \
	"illness out text" "Tom's sick text opens an illness episode, out"

# The weekly question in French, and its answers, to Chloé; none of it
# to a guardian, even with guardian_copies = all.
cox -C "$W" roster edit @cmartin --language fr --minor yes --guardian-name "Anne Martin" --guardian-phone "+44 7700 900250"
"$COX" -C "$W" roster consent @cmartin --guardian --channel paper >/dev/null
conf_set "$W/cox.conf" team guardian_copies all
conf_set "$W/cox.conf" health ask "$(LC_ALL=C date -u -d @$((now - 120)) +%a | tr 'A-Z' 'a-z') $(date -u -d @$((now - 120)) +%H:%M)"
before=$(last_id)
COX_NOW=$now run "$COX" -C "$W" remind run
like "$(sql "$db" "SELECT body FROM message m JOIN person p ON p.id = m.person_id WHERE m.kind = 'health' AND p.handle = 'cmartin'")" \
	"^Riverside Club: Une blessure, une maladie ou un autre problème de santé cette semaine \? Réponds non, ou blessure/malade" \
	"Chloé is asked in French"
is "$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'guardian' AND id > $before AND body LIKE '%blessure%'")" 0 \
	"and her guardian gets no copy"
text +447700900201 f1 "j'ai mal au genou"
like "$(answer)" "^Blessure : Genou, 1 sur 4 : ta pratique en a-t-elle souffert" "she answers in French, and is asked in French"
for d in 4 5 5 3; do text +447700900201 "f-$d-$RANDOM" "$d"; done
like "$(answer)" "^Merci, c.*est noté [(]gravité 92 sur 100[)]" "25 + 25 + 25 + 17: severity 92"
is "$(sql "$db" "SELECT count(*) FROM message WHERE kind = 'guardian' AND id > $before")" 0 \
	"no answer of hers went to her guardian either"
sms_stop

# Exports carry each answer and the score; an erasure takes them.
cox -C "$W" export person @cmartin --out "$T/chloe"
is "$(head -1 "$T/chloe/health_report.csv" | tr -d '\357\273\277\r')" \
	"id,week,problem,area,participation,volume,performance,symptoms,severity,substantial,asked_at,answered_at" \
	"the export has a table of the health reports, each answer a column"
like "$(cat "$T/chloe/health_report.csv")" ",injury,knee,4,5,5,3,92,1," "with her answers and the score"
like "$(cat "$T/chloe/episode.csv")" ",injury,knee,out,ostrc," "and the episode they opened"
cid=$(sql "$db" "SELECT id FROM person WHERE handle = 'cmartin'")
cox -C "$W" roster erase @cmartin --yes
is "$rc" 0 "Chloé is erased"
is "$(sql "$db" "SELECT (SELECT count(*) FROM health_report WHERE athlete_id = $cid) + (SELECT count(*) FROM episode WHERE athlete_id = $cid)")" 0 \
	"and her health reports and episodes with her"

# [privacy] keep_months: old answers go with old check-ins, and a
# cleared episode with them; an open one stays till cleared.
jid=$(sql "$db" "SELECT id FROM person WHERE handle = 'jdoe'")
sql "$db" "INSERT INTO health_report (athlete_id, week, asked_at, problem) VALUES ($jid, '2020-01-05', 1578218400, 'none');
	INSERT INTO episode (athlete_id, kind, stage, source, opened_at, changed_at, closed_at)
	VALUES ($jid, 'illness', 'cleared', 'coach', 1578218400, 1578218400, 1578218400)"
conf_set "$W/cox.conf" privacy keep_months 12
cox -C "$W" prune
is "$(sql "$db" "SELECT (SELECT count(*) FROM health_report WHERE athlete_id = $jid AND week < '2021-01-01') ||
	' ' || (SELECT group_concat(stage) FROM episode WHERE athlete_id = $jid)")" "0 modified" \
	"cox prune takes the old answer and the episode cleared long ago, not the open one"

done_testing
