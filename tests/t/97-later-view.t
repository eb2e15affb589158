# An athlete who texts a score again once their answer has revealed the
# coach's: the round keeps the answer they gave before they saw it (the
# blind rule), and the new score is their latest view.  The reply says
# both, their page says the same, and the coach's dashboard shows the
# round's pair alone.
. "$(dirname "$0")/lib.sh"
plan 14

W=$T/ws
demo_sms "$W" https://sms.riverside.example twilio-test-token
db=$W/cox.db
jane=$(sql "$db" "SELECT id FROM person WHERE handle = 'jdoe'")
coach=$(sql "$db" "SELECT score FROM rating r JOIN metric m ON m.id = r.metric_id
	WHERE athlete_id = $jane AND m.slug = 'technique' AND source = 'coach'
	ORDER BY r.created_at DESC, r.id DESC LIMIT 1")
later=$(( coach == 1 ? 2 : 1 ))		# not the coach's, nor her answer

sms_start "$W"
text +447700900101 after1 "technique 5"
like "$out" "<Message>Saved technique 5\. Coach: technique $coach\.</Message>" \
	"Jane's answer reveals the coach's score"
text +447700900101 after2 "technique $later"
like "$out" "<Message>Kept as your latest view: technique $later\. This round keeps what you answered before you saw the coach&#39;s: technique 5 \(coach $coach\)\.</Message>" \
	"a score sent after it is her latest view; the round keeps her first answer, and the reply says so"
is "$(sql "$db" "SELECT count(*) FROM rating WHERE athlete_id = $jane AND source = 'self'
	AND score = $later")" 1 "the later score is kept"
text +447700900101 rpe1 "rpe 6"
text +447700900101 rpe2 "rpe 6 75"
like "$out" "RPE 6 x 75" "a second text gives the session's length"
text +447700900101 checkin1 "sleep 4 stress 2 fatigue 3 soreness 2"
checkin=$(printf %s "$out" | sed -n 's|.*<Message>\(.*\)</Message>.*|\1|p')
like "$checkin" "." "her check-in is answered"
sms_stop

cox -C "$W" build
is "$rc" 0 "the site builds"
page=$(plaintext "$W" @jdoe | tr '\n' '~')
like "$page" "<h2 id=\"h-technique\">.*<dt>Coach</dt><dd>$coach</dd>.*<dt>You</dt><dd>5 \(before you saw the coach's; your latest view: $later\)</dd>" \
	"her page shows the round's pair, and her latest view beside her answer"
like "$page" "<dt>Difference</dt><dd>[^<]*</dd>" "the difference is the pair's"
dash=$(part_plaintext "$W" @acarter "Senior Men" | tr '\n' '~')
row=$(printf %s "$dash" | tr '~' '\n' | grep '^<tr data-name="Jane Doe"')
like "$row" "<td>$coach / 5 <b[^>]*>[^<]*</b></td></tr>$" \
	"the dashboard shows the coach the round's pair (technique is the last column)"
unlike "$row" " / $later[ <]" "and not the score sent after it"
# the folded list of automatic replies: the answers to her scores say
# them, so they are listed without their words; a check-in's answer,
# which no rule hides, is listed word for word
unlike "$dash" "latest view: technique|Saved technique" \
	"the dashboard's automatic replies do not show coaches her scores"
like "$dash" "<p>The answer to their own scores or effort: its words are not shown~?[ 	]*to coaches" \
	"it lists those answers as sent, without their words"
unlike "$dash" "RPE 6 x 75|load 450" "nor a session's effort completed by a second text"
like "$dash" "<p>$(printf %s "$checkin" | sed 's/[][\\.*^$+?(){}|]/\\&/g')</p>" \
	"a check-in's answer is listed word for word"

done_testing
