# Every text cox starts fits one SMS segment for the demo's team and
# address: the rating prompt, a reminder naming every metric, the
# check-in prompt in each shipped language (these open with the club's
# short name), an invitation to each of the demo's people and the link a
# LINK text sends (whose keys leave room for the club's name only beside
# a short address: 67-invite.t), counted with the link the outbox
# writes in place of {link}.  Segments are counted by tests/segments.py, apart
# from cox's own count.
. "$(dirname "$0")/lib.sh"
plan 8

W=$T/ws
demo_sms "$W" https://sms.riverside.example twilio-test-token
conf_set "$W/cox.conf" mail coaches "head.coach@example.org"
conf_set "$W/cox.conf" mail authserv_id mx.club.example
conf_set "$W/cox.conf" reminders rating_after_hours 24
conf_set "$W/cox.conf" hooks post_ingest off
db=$W/cox.db
lead="Riverside Club: "
segments() { sql "$db" "SELECT replace(body, char(10), '\\n') FROM message WHERE direction = 'out'
	AND channel = 'sms' AND kind = '$1'" | /usr/bin/python3 "$COX_DATADIR/tests/segments.py" | sort -u | tr '\n' ' '; }
openings() { sql "$db" "SELECT count(*) FROM message WHERE direction = 'out' AND channel = 'sms'
	AND kind = '$1' AND substr(body, 1, length('$2')) != '$2'"; }

is "$(segments notify)" "1 " "every rating prompt of the demo is one segment"
is "$(openings notify "$lead")" 0 "and opens with the club's short name"

# every metric waiting, and the site's address: the longest reminder
t0=$(date +%s)
mail "$COX_DATADIR/tests/data/mail/thunderbird-qp-1252.eml"
COX_NOW=$((t0 + 25 * 3600)) run "$COX" -C "$W" remind run
is "$(segments reminder)" "1 " "every reminder is one segment"
is "$(openings reminder "$lead")" 0 "and opens with the short name"

# the check-in prompt, for a reader of each shipped language
conf_set "$W/cox.conf" reminders rating_after_hours 0
conf_set "$W/cox.conf" reminders check_in "daily 07:30"
day=20
for l in en fr es de; do
	sql "$db" "UPDATE person SET language = '$l'"
	COX_NOW=$(date -u -d "2026-11-$day 07:31" +%s) run "$COX" -C "$W" remind run
	day=$((day + 1))
done
is "$(sql "$db" "SELECT count(DISTINCT body) >= 4 FROM message WHERE kind = 'check-in'")" 1 \
	"check-in prompts went out in four languages"
is "$(segments check-in)" "1 " "each is one segment, short name included"

# invitations, and the link a LINK text sends
"$COX" -C "$W" invite --via sms --all >/dev/null
sms_start "$W"
sms_text https://sms.riverside.example/twilio/sms twilio-test-token +447700900101 SEG1 "link"
sms_stop
# an invitation's body has {link} where the outbox writes the link: put
# one of the same length there (a 16-byte token, a 32-byte secret, and
# a coach's mark)
base=$(sed -n 's/^base_url = //p' "$W/cox.conf")
base=${base%/}/
link="${base}register/#t=$(printf %022d 0)&k=$(printf %043d 0)&h="
is "$(sql "$db" "SELECT replace(replace(m.body, char(10), '\\n'), '{link}', '$link' || p.handle ||
	CASE WHEN p.role = 'athlete' THEN '' ELSE '&c' END)
	FROM message m JOIN person p ON p.id = m.person_id WHERE m.direction = 'out'
	AND m.channel = 'sms' AND m.kind = 'invite'" |
	/usr/bin/python3 "$COX_DATADIR/tests/segments.py" | sort -u | tr '\n' ' ')" "1 " \
	"every invitation, with its link as long as the outbox's, is one segment"
is "$(sql "$db" "SELECT count(*) >= 12 FROM message WHERE direction = 'out' AND channel = 'sms'
	AND kind = 'invite' AND body LIKE '%{link}%'")" 1 "(an invitation to each of the demo's people by text)"
done_testing
