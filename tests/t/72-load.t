# Session RPE by text: "rpe 7 90" through the webhook is stored once
# (a retry of its MessageSid stores nothing more) and answered with its
# load; the athlete's page and the squad's part describe the training
# load: this week, its change from last week and from the athlete's
# usual week in load units, the usual as a line on the chart; no ratio,
# no monotony or strain, no caution however far above the usual a week
# is (tests/t/11-load-described.t looks through a whole season for them).
. "$(dirname "$0")/lib.sh"
plan 27

W=$T/ws
demo_sms "$W" https://sms.riverside.example twilio-test-token
db=$W/cox.db
# the demo's invented sessions out: this test's are worked by hand
sql "$db" "DELETE FROM session_rpe"
conf_set "$W/cox.conf" team timezone UTC
mkdir -p "$W/hooks"
printf '#!/bin/sh\nexit 0\n' >"$W/hooks/post-ingest"
chmod +x "$W/hooks/post-ingest"
jane=$(sql "$db" "SELECT id FROM person WHERE handle = 'jdoe'")
today=$(TZ=UTC date +%F)
sessions() { sql "$db" "SELECT count(*) FROM session_rpe WHERE athlete_id = $jane"; }

sms_start "$W"
text +447700900101 load1 "rpe 7 90"
like "$out" "<Message>Session: RPE 7 x 90 min = load 630\. Thanks!</Message>" \
	"rpe 7 90 is answered with the session's load"
is "$(sql "$db" "SELECT day, rpe, minutes, slot IS NULL FROM session_rpe WHERE athlete_id = $jane")" \
	"$today|7|90|1" "and stored as one session of today, no slot said"
first=$out
text +447700900101 load1 "rpe 7 90"
is "$out" "$first" "Twilio's retry of the same MessageSid gets the same answer"
is "$(sessions)" 1 "and stores no second session"
is "$(sql "$db" "SELECT kind FROM message WHERE direction = 'in' AND body = 'rpe 7 90'")" rpe \
	"the text is kept as an rpe message"
text +447700900101 load2 "Sleep 2, RPE 5, 1h"
like "$out" "Wellness saved \(the items you sent\)\. Session: RPE 5 x 60 min = load 300\. Thanks!" \
	"a session mixes with wellness in one text"
is "$(sessions)" 2 "several sessions a day"
text +447700900101 load3 "rpe 12 90"
like "$out" "RPE is 0 \(rest\) to 10 \(maximal\)" "an effort off the CR-10 is refused"
is "$(sessions)" 2 "and nothing is stored"
text +447700900101 load4 "7/10 45"
unlike "$out" "Session" "7/10 45 without a minute mark is no session"
sms_stop

# four weeks before this one: 800 a week, and a rest-day session 34
# days ago, so the comparison has its four full weeks
for back in 10 17 24 31; do
	sql "$db" "INSERT INTO session_rpe (athlete_id, day, rpe, minutes, created_at)
		VALUES ($jane, '$(TZ=UTC date -d "-$back days" +%F)', 5, 160, 1)"
done
sql "$db" "INSERT INTO session_rpe (athlete_id, day, rpe, minutes, created_at)
	VALUES ($jane, '$(TZ=UTC date -d '-34 days' +%F)', 0, 30, 1)"
cox -C "$W" build
page=$(plaintext "$W" @jdoe)
like "$page" '<h2 id="load-h">Training load</h2>' "the athlete's page has a training load section"
like "$page" '<svg class="chart load"[^>]*role="img"><title>Training load, last 28 days' \
	"with a chart that has a text alternative"
# 630 + 300 = 930 against last week's one session, 10 days ago: 800
like "$page" "This week 930: 130 more than last week \(800\)\." \
	"this week and its change from last week in load units"
# the first session 34 days ago: the usual day at last week's end is
# the plain mean of the 28 days from it, 4 x 800 / 28, a week of 800
like "$page" "That is 130 more than your usual week of 800\." \
	"and from the usual week, said in numbers"
unlike "$page" "Monotony|strain|Caution" "no monotony, strain or caution"
like "$page" '<polyline class="usual" points="' "the usual day is a line on the chart"
# this week's row: the usual at today's end, 4 x 800 / 28 = 114.29 a
# day, six rest days at 27/29 each (74.44), then 2/29 x 930 + 27/29 x
# 74.44 = 64.14 + 69.30 = 133.44 a day, 7 x 133.44 = 934 a week
like "$page" "<td>930</td><td>\+130</td><td>934</td></tr>" \
	"the weeks' table has each week's load, its change and the usual week"
like "$page" "<td>800</td><td>0</td><td>800</td></tr>" \
	"last week: no change from the week before, and the usual week it ended on"
other=$(plaintext "$W" @soneill)
like "$other" '<h2 id="well-h">' "another athlete's page opens"
unlike "$other" "load-h" "and, with no sessions, has no load section"
part=$(part_plaintext "$W" @acarter "Senior Men")
like "$part" "<h2 id=\"load-h\">Training load</h2>" "the squad's part has a load table"
like "$part" ">Jane Doe</a></th><td>930</td><td>\+130</td><td>800</td></tr>" \
	"with this week, the change from last week and the usual week per athlete"

sql "$db" "INSERT INTO session_rpe (athlete_id, day, rpe, minutes, created_at)
	VALUES ($jane, '$today', 10, 60, 2)"
cox -C "$W" build
page=$(plaintext "$W" @jdoe)
# 1,530 is nearly twice the usual 800: said in its two figures, not scored
like "$page" "This week 1,530: 730 more than last week \(800\)\. That is 730 more than your usual week of 800\." \
	"figures are grouped in thousands, and a week far above the usual is said in numbers"
unlike "$page" "[Cc]aution|class=\"caution\"|1\.5 times" "with no caution"
part=$(part_plaintext "$W" @acarter "Senior Men")
like "$part" ">Jane Doe</a></th><td>1,530</td><td>\+730</td><td>800</td></tr>" \
	"and the squad's table marks nothing"
like "$page" '<text x="0" y="22" class="tick">1,530</text>' \
	"the chart's axis groups today's thousands too"
like "$part" '<td class="l3[^"]*">1,530</td>' "and so does the squad's last 28 days"

done_testing
