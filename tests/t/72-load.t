# Session RPE by text: "rpe 7 90" through the webhook is stored once
# (a retry of its MessageSid stores nothing more) and answered with its
# load; the athlete's page and the squad's part show the training load,
# this week against the four before in words, monotony and strain, and a
# caution only once this week is over 1.5 times the athlete's average.
. "$(dirname "$0")/lib.sh"
plan 25

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
like "$out" "Wellness saved \(send all four for a total\)\. Session: RPE 5 x 60 min = load 300\. Thanks!" \
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
# 630 + 300 = 930 against (4 x 800) / 4 = 800: (930 - 800) / 800 = 16%
like "$page" "This week 930, 16% above your 4-week average of 800\." \
	"this week against the last four in words"
# one day of load in seven: mean 132.86, SD 325.43, monotony 0.41,
# strain 930 x 0.408 = 380
like "$page" "Monotony this week 0\.4, strain 380\." "monotony and strain worked by hand"
unlike "$page" "Caution" "no caution at 1.16 times the average"
like "$page" "<td>930</td><td>0\.4</td><td>380</td></tr>" \
	"the weeks' table has this week's load, monotony and strain"
other=$(plaintext "$W" @soneill)
like "$other" '<h2 id="well-h">' "another athlete's page opens"
unlike "$other" "load-h" "and, with no sessions, has no load section"
part=$(part_plaintext "$W" @acarter "Senior Men")
like "$part" "<h2 id=\"load-h\">Training load</h2>" "the squad's part has a load table"
like "$part" ">Jane Doe</a></th><td>930</td><td>800</td><td>0\.4</td></tr>" \
	"with this week, the 4-week average and monotony per athlete"

sql "$db" "INSERT INTO session_rpe (athlete_id, day, rpe, minutes, created_at)
	VALUES ($jane, '$today', 10, 60, 2)"
cox -C "$W" build
page=$(plaintext "$W" @jdoe)
# 1,530 over 1.5 x 800 = 1,200
like "$page" "This week 1,530, 91% above your 4-week average of 800\." \
	"figures are grouped in thousands"
like "$page" '<p class="caution">Caution: this week' "over 1.5 times the average: a caution, said in words"
part=$(part_plaintext "$W" @acarter "Senior Men")
like "$part" "<td>1,530 <b class=\"under\" title=\"over 1.5 times" \
	"and marked in the squad's table"
like "$page" '<text x="0" y="22" class="tick">1,530</text>' \
	"the chart's axis groups today's thousands too"
like "$part" '<td class="l3[^"]*">1,530</td>' "and so does the squad's last 28 days"

done_testing
