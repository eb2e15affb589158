# An athlete texts MYDATA ("my data", and the words of every shipped
# language, from anyone): with an address on file, the daemon's outbox
# emails them everything stored about them (person.json and CSV files,
# built when it is sent, counted here against the database), and the
# reply names the address masked; the queued message holds no copy of
# the data and the log no address in clear.  Without an address the
# reply sends them to their coach; a second one the same day, and any
# for someone who opted out, is refused.  Every reply is one SMS
# segment in each language.  What the blind rule keeps from her page
# is not in it: a coach score she has not answered comes in the first
# export after she has.
. "$(dirname "$0")/lib.sh"
plan 35

W=$T/ws
demo_sms "$W" https://sms.riverside.example twilio-test-token
conf_set "$W/cox.conf" hooks post_ingest off
db=$W/cox.db
# the demo's own queue is not this test's
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out'"
smtp_sink "$W"
jane=$(sql "$db" "SELECT id FROM person WHERE handle = 'jdoe'")
exports() { sql "$db" "SELECT count(*) FROM message WHERE kind = 'export' AND person_id = $1"; }
# the sink's message to ADDRESS: its file
mail_to() { grep -lx "$1" "$T"/inbox/*.env | sed 's/\.env$/.eml/' | head -1; }
# unpack EML DIR: its attachments into DIR, and its text on standard output
unpack() { /usr/bin/python3 -c '
import email, email.policy, os, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
os.makedirs(sys.argv[2], exist_ok=True)
for part in m.iter_attachments():
    open(os.path.join(sys.argv[2], part.get_filename()), "wb").write(part.get_content() if isinstance(part.get_content(), bytes) else part.get_content().encode())
print(m.get_body(("plain",)).get_content())' "$1" "$2"; }

sms_start "$W"
text +447700900101 m1 "My data"
like "$out" "^200" "Jane's MY DATA is answered"
like "$out" "Your data is on its way by email to j\*\*\*@example\.org" "the reply says where it goes, the address masked"
unlike "$out" "jane\.doe" "and does not give the address in clear"
is "$(exports "$jane")" 1 "one email of her export is queued"
is "$(sql "$db" "SELECT instr(body, 'rating') + instr(body, '{') FROM message WHERE kind = 'export'")" 0 \
	"the queued message holds none of her data (the outbox builds it when it sends)"
mail_received 1 || { echo "Bail out! no email came: $(tail -5 "$T/sms.log")"; exit 1; }
eml=$(mail_to jane.doe@example.org)
body=$(unpack "$eml" "$T/jane")
like "$body" "person\.json holds all of it" "the email to her address says what it carries"
is "$(ls "$T/jane" | grep -c '\.csv$'):$(ls "$T/jane/person.json")" \
	"$(/usr/bin/python3 -c 'import json, sys; print(sum(1 for v in json.load(open(sys.argv[1]))["tables"].values() if v))' "$T/jane/person.json"):$T/jane/person.json" \
	"it carries person.json and a CSV file for each table with rows"

# Every table of the attachment, counted against the database; the
# status 'sent' of the email itself came after it was built.
sms_stop
sent=$(sql "$db" "SELECT count(*) FROM message_status s JOIN message m ON m.id = s.message_id
	WHERE m.kind = 'export' AND s.status = 'sent'")
got= want=
while IFS='|' read -r name query; do
	n=$(sql "$db" "$query")
	[ "$name" = message_status ] && n=$((n - sent))
	got="$got $name:$(/usr/bin/python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["tables"][sys.argv[2]]))' "$T/jane/person.json" "$name")"
	want="$want $name:$n"
done < <(export_counts "$jane")
is "$got" "$want" "person.json holds every row the database holds of her, table by table"
like "$want" "rating_received:[1-9][0-9]* .*wellness:[1-9]" "and she has ratings and wellness to count"
# The blind rule: a coach score no self-rating of hers follows yet is
# not hers to read before she rates herself, here as on her page.
waiting="SELECT r.id FROM rating r WHERE r.athlete_id = $jane AND r.source = 'coach'
	AND NOT EXISTS (SELECT 1 FROM rating s WHERE s.athlete_id = $jane AND
	s.metric_id = r.metric_id AND s.source = 'self' AND (s.created_at, s.id) > (r.created_at, r.id))"
ids() { /usr/bin/python3 -c '
import json, sys
print(" ".join(sorted(str(r["id"]) for r in json.load(open(sys.argv[1]))["tables"]["rating_received"])))' "$1"; }
is "$(ids "$T/jane/person.json")" \
	"$(sql "$db" "SELECT id FROM rating WHERE athlete_id = $jane AND id NOT IN ($waiting)" | sort | tr '\n' ' ' | sed 's/ $//')" \
	"the very ratings she received, by id, but for the coach scores she has not answered"
is "$(($(tr -d '\r' <"$T/jane/rating_received.csv" | grep -c .) - 1))" \
	"$(sql "$db" "SELECT count(*) FROM rating WHERE athlete_id = $jane AND id NOT IN ($waiting)")" "rating_received.csv has a line for each"
held=$(sql "$db" "SELECT count(*) FROM ($waiting)")
comments=$(sql "$db" "SELECT comment FROM rating WHERE id IN ($waiting) AND comment != ''")
is "$([ "$held" -gt 1 ] && [ -n "$comments" ] && echo 1)" 1 "the demo has coach scores waiting for her, $held of them, some with a comment"
is "$(for id in $(sql "$db" "$waiting"); do grep -q "\"id\": $id," "$T/jane/person.json" && echo "$id"; done
	printf '%s\n' "$comments" | while IFS= read -r c; do grep -rqF -- "$c" "$T/jane" && echo "$c"; done)" "" \
	"none of them, nor any comment of theirs, is in any file she was sent"
is "$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["coach_scores_awaiting_your_rating"])' "$T/jane/person.json")" \
	"$held" "person.json counts them, as her page says scores wait"
like "$body" "is not in it yet" "and the email says they come once she has rated herself"
unlike "$(cat "$T/sms.log")" "jane\.doe@" "the log does not hold her address in clear"
like "$(cat "$T/sms.log")" "j\*\*\*@example\.org" "but says where it went, masked"

# A second one the same day, in another language's words
sms_start "$W"
text +447700900101 m2 "meinedaten"
like "$out" "went by email today already" "a second one the same day is refused (a German keyword, read from an English reader)"
is "$(exports "$jane")" 1 "and nothing more is queued"

# No address on file: Harry is sent to his coach
harry=$(sql "$db" "SELECT id FROM person WHERE name = 'Harry Wilson'")
text +447700900108 m3 "mydata"
like "$out" "no email address on file for you: ask your coach" "with no address, the reply says to ask the coach"
is "$(exports "$harry")" 0 "and nothing is queued"

# Opted out: nothing, and how to come back
tom=$(sql "$db" "SELECT id FROM person WHERE handle = 'tokafor'")
sql "$db" "UPDATE person SET opted_out = 1 WHERE id = $tom"
text +447700900104 m4 "export"
like "$out" "text START, then MYDATA" "someone who opted out is told how to come back"
is "$(exports "$tom")" 0 "and is sent nothing"

# Each language's words and replies: the reply a sent one gets, the
# refusals, each one SMS segment
luis=$(sql "$db" "SELECT id FROM person WHERE name = 'Luis García'")
i=0
for l in fr es de en; do
	i=$((i + 1))
	sql "$db" "UPDATE person SET language = '$l' WHERE id IN ($harry, $tom, $jane)"
	text +447700900108 "n$l" "data"
	text +447700900104 "o$l" "data"
	text +447700900101 "u$l" "data"
done
sql "$db" "UPDATE person SET language = 'es' WHERE id = $luis; UPDATE person SET email =
	'luis.garcia.fernandez.de.la.vega@rowing-club.riverside.example.org' WHERE id = $luis"
text +447700900105 l1 "mis datos"
like "$out" "Tus datos van por email a l\*\*\*@" "Spanish \"mis datos\" is read, and answered in Spanish"
is "$(exports "$luis")" 1 "and queues his export"
mail_received 2 || { echo "Bail out! no second email came: $(tail -5 "$T/sms.log")"; exit 1; }
sms_stop
is "$(basename "$(mail_to luis.garcia.fernandez.de.la.vega@rowing-club.riverside.example.org)")" 2.eml \
	"his goes to his long address"
is "$(sql "$db" "SELECT count(DISTINCT answer) FROM message WHERE direction = 'in' AND kind = 'command'")" 14 \
	"fourteen different replies: three refusals in four languages, and two sent"
is "$(sql "$db" "SELECT replace(answer, char(10), '\\n') FROM message WHERE direction = 'in' AND
	kind = 'command'" |
	/usr/bin/python3 "$COX_DATADIR/tests/segments.py" | sort -u | tr '\n' ' ')" "1 " "each is one SMS segment"

# She answers the technique score; the next day's export holds it, and
# its comment, and still not the scores she has not answered.
tech=$(sql "$db" "SELECT r.id FROM rating r JOIN metric m ON m.id = r.metric_id WHERE r.id IN ($waiting) AND m.slug = 'technique'")
tcomment=$(sql "$db" "SELECT comment FROM rating WHERE id = $tech")
sql "$db" "UPDATE message SET created_at = created_at - 86400 WHERE kind = 'export' AND person_id = $jane"
sms_start "$W"
text +447700900101 a1 "technique 4"
text +447700900101 m5 "mydata"
like "$out" "Your data is on its way" "the next day, her MY DATA is sent again"
mail_received 3 || { echo "Bail out! no third email came: $(tail -5 "$T/sms.log")"; exit 1; }
sms_stop
unpack "$T/inbox/3.eml" "$T/jane2" >/dev/null
is "$(ids "$T/jane2/person.json")" \
	"$(sql "$db" "SELECT id FROM rating WHERE athlete_id = $jane AND id NOT IN ($waiting)" | sort | tr '\n' ' ' | sed 's/ $//')" \
	"it holds the ratings she may see now"
like " $(ids "$T/jane2/person.json") " " $tech " "the technique score she answered among them"
is "$([ -n "$tcomment" ] && grep -qF -- "$tcomment" "$T/jane2/rating_received.csv" && echo 1)" 1 "with its comment"
is "$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["coach_scores_awaiting_your_rating"])' "$T/jane2/person.json")" \
	"$((held - 1))" "and one fewer waits"

# A team that sends no email yet says so, not that she has no address
conf_set "$W/cox.conf" smtp url ""
sql "$db" "UPDATE person SET language = NULL WHERE id = $jane"
sms_start "$W"
text +447700900101 m9 "mydata"
sms_stop
like "$out" "The team sends no email yet" "with no [smtp], the reply says the team sends no email"
unlike "$out" "no email address on file" "not that she has no address"
done_testing
