# Real numbers: a metric may be a time (m:ss.t, lower is better) or a
# number with a unit, beside the scales.  A time goes through the
# coach's email, the athlete's text, the page (blind until she answers,
# then written as times, its chart's axis turned so the faster is on
# top) and the CSV export, each in its own form; out of range or in
# the wrong form, each is refused with the range.
. "$(dirname "$0")/lib.sh"

need_browser
plan 62

W=$T/ws
demo_sms "$W" https://sms.riverside.example twilio-test-token
db=$W/cox.db
conf_set "$W/cox.conf" team timezone UTC
conf_set "$W/cox.conf" mail authserv_id mx.club.example
jane=$(sql "$db" "SELECT id FROM person WHERE handle = 'jdoe'")
phone_email() { email "$1\n\nSent from my iPhone"; }	# from the head coach's phone
kept() {	# kept HANDLE SLUG SOURCE: the latest score as stored
	sql "$db" "SELECT r.score FROM rating r JOIN metric m ON m.id = r.metric_id
		JOIN person p ON p.id = r.athlete_id WHERE p.handle = '$1' AND m.slug = '$2'
		AND r.source = '$3' ORDER BY r.id DESC LIMIT 1"
}

# the metrics
cox -C "$W" metric add split --name "500 m split" --time 1:30-2:30
is "$rc:$out" "0:added split (500 m split, time 1:30.0-2:30.0)" "a time metric is added with its range"
cox -C "$W" metric add weight --name Weight --number 40-150 --unit kg
is "$rc:$out" "0:added weight (Weight, number 40-150 kg)" "a number metric with its unit"
cox -C "$W" metric add slow --name Slow --time 2:30-1:30
like "$rc:$err" "^65:.*time '2:30-1:30' is not a range like 5:30-8:00" "a range written backwards is refused"
cox -C "$W" metric edit split --scale 1-5
like "$rc:$err" "^65:.*metric 'split' is a time; a metric's kind does not change" \
	"a metric's kind does not change under its ratings"
cox -C "$W" metric list --json
is "$(printf '%s' "$out" | jq -r '.[] | select(.slug == "split") | "\(.kind) \(.range) \(.scale_min) \(.scale_max)"')" \
	"time 1:30.0-2:30.0 900 1500" "metric list --json gives the kind, the range as written and as kept (tenths)"

# the coach's email, in its own form
phone_email "Jane Doe: split 1:45.3, weight 82.5\nTom Okafor: split 2:41.0"
is "$(kept jdoe split coach):$(kept jdoe weight coach)" "1053:825" \
	"a coach's email stores a time in tenths of a second and a number in tenths"
like "$(reply)" "Jane Doe: split 1:45.3, weight 82.5 kg" "the answer writes them as the coach did, with the unit"
like "$(reply)" "split 2:41.0 is outside 1:30.0-2:30.0" "a time out of range is refused with the range"
phone_email "Jane Doe: technique 4, fitnes3"
like "$(reply)" "'fitnes3' is not 'metric score': write e\.g\.[[:space:]]+erg 6, fitness 3" \
	"a line not written as pairs is answered with the team's own first two metrics"
phone_email "Jane Doe: technique 4.5"
like "$(reply)" "technique takes whole points, 1-5: 4\.5 is not one" \
	"a scale takes no tenths, and the answer says so rather than that 4.5 is off it"
phone_email "Jane Doe: split 1.55"
like "$(reply)" "split 1\.6 seconds is outside 1:30\.0-2:30\.0: write a time with its[[:space:]]+minutes, as 1:30\.0" \
	"a time written as a decimal is read as seconds, and the answer says how a time is written"
phone_email "Jane Doe: split 4/5"
like "$(reply)" "split 4 is outside 1:30\.0-2:30\.0" "a score out of 5 for a time is not called seconds"
# an athlete's line whose rest is not scores is said to be that, not
# a metric named like the athlete before any athlete; a misspelt
# metric before any athlete still is
phone_email "Tom Okafor: 4 sept 1:59.0\nTechniqe: 4 good"
like "$(reply)" "^\(!\) '4 sept 1:59.0' is not 'metric score'" \
	"'Tom Okafor: 4 sept 1:59.0' is answered as his line whose rest is not scores"
unlike "$(reply)" "'Tom Okafor 4' comes before" "not as a metric 'Tom Okafor' before any athlete"
like "$(reply)" "'Techniqe 4' comes before any athlete" "a misspelt metric before any athlete is said to be one"
phone_email "Note: 4 athletes missing\nJane Doe: technique 4"
like "$(reply)" "'Note 4' comes before any athlete" "a one-word 'Note:' is not taken for an athlete"
is "$(sql "$db" "SELECT count(*) FROM message WHERE direction = 'out' AND kind = 'notify'
	AND person_id = $jane AND body LIKE '%split m:ss.t%weight kg%'")" 1 \
	"Jane's prompt says how to write a time and the number's unit"

# a reminder's example is written in the first waiting metric's form:
# a time as a time, not a score of a scale (split first for a moment)
pos=$(sql "$db" "SELECT position FROM metric WHERE slug = 'split'")
sql "$db" "UPDATE metric SET position = -1 WHERE slug = 'split'"
phone_email "remind @jdoe"
like "$(sql "$db" "SELECT body FROM message WHERE kind = 'reminder' AND person_id = $jane
	ORDER BY id DESC LIMIT 1")" 'e\.g\. "split 2:00\.0"' "a reminder's example for a time metric is a time"
sql "$db" "UPDATE metric SET position = $pos WHERE slug = 'split'"

# blind: the coach's time is not in her page before she answers
cox -C "$W" build
unlike "$(plaintext "$W" @jdoe)" "1:45[.,]3" "before she answers, the coach's time is not in her page"

# her text
sms_start "$W"
text +447700900101 rn1 "split 1:10.0"
like "$out" "split is 1:30.0-2:30.0; please send it again" "a time out of range is refused by text, with the range"
text +447700900101 rn2 "weight 182,5kg"
like "$out" "weight is 40.*150.*please send it again" "a decimal comma is read, and out of range refused"
text +447700900101 rn3 "Split 1:52.0, weight 82,9 kg"
like "$out" "Saved split 1:52[.]0, weight 82[.]9 kg" "her time and number are saved, written back in her language's form"
like "$out" "split 1:45[.]3, weight 82[.]5 kg" "and the coach's, blind until now, are shown to her"
is "$(kept jdoe split self):$(kept jdoe weight self)" "1120:829" "kept in tenths"
sms_stop

# an earlier round, so the page draws the time's history
sql "$db" "INSERT INTO rating (athlete_id, metric_id, source, rater_id, score, rated_on, created_at)
	SELECT $jane, id, 'coach', NULL, 1150, date('now', '-14 days'), strftime('%s', 'now') - 14 * 86400
	FROM metric WHERE slug = 'split';
	INSERT INTO rating (athlete_id, metric_id, source, rater_id, score, rated_on, created_at)
	SELECT $jane, id, 'self', NULL, 1190, date('now', '-14 days'), strftime('%s', 'now') - 14 * 86400 + 60
	FROM metric WHERE slug = 'split'"
cox -C "$W" build --force
page=$(plaintext "$W" @jdoe)
like "$page" "1:45[.]3" "now her page shows the coach's time"
like "$page" "1:52[.]0" "and hers"
like "$page" "6[.]7 s slower" "and the gap in seconds, slower (hers less the coach's)"
like "$page" '<svg class="chart history"[^>]*role="img"><title>[^<]*500 m split' \
	"the time's history chart has a text alternative"
like "$page" '<text x="0" y="20" class="tick">1:30[.]0</text><text x="0" y="114" class="tick">2:30[.]0</text>' \
	"its axis is turned: the fastest time on top"
like "$(part_plaintext "$W" @acarter "Senior Men")" "1:45[.]3" "the squad's part shows the time"

# the export
cox -C "$W" export ratings --csv
like "$out" "500 m split,coach,1:45[.]3," "the CSV export writes a time as m:ss.t"
like "$out" "Weight,self,82[.]9," "and a number with its tenths"

# French: the decimal comma
cox -C "$W" roster edit @jdoe --language fr
cox -C "$W" build --force
page=$(plaintext "$W" @jdoe)
like "$page" "1:45,3" "a French page writes the tenths with a comma"
like "$page" '<h2 id="h-split">500 m split <span class="muted">\(1:30,0-2:30,0\)</span></h2>' \
	"and so does the range under a metric's name"
sms_start "$W"
text +447700900101 rn4 "weight 83,1"
like "$out" "weight 83,1 kg" "a French athlete's answer writes her number with a comma"
text +447700900101 rn4b "split 1:10,0"
like "$out" "split se note 1:30,0-2:30,0" "and the range of a time she sent out of it"
is "$(kept jdoe weight self)" 831 "and it is kept in tenths"
sms_stop

# a phone-sized Chromium: nothing axe-core calls serious on her page
preview_start "$W"
jlink=$("$COX" -C "$W" link --base x/ @jdoe | cut -f2 | sed 's|^x/||')
BASE=$PREVIEW_URL PAGES="[{\"name\": \"the athlete page with a time\", \"path\": \"$jlink\", \"opens\": true}]" \
	node "$COX_DATADIR/tests/browser/axe.mjs" >"$T/axe.tap" 2>&1
like "$(grep -E '^(not )?ok' "$T/axe.tap")" "^ok .*the athlete page with a time: no serious or critical violation" \
	"axe-core finds nothing serious on a page with a time metric"

# A French team writes its decimals with a comma in scores alone too,
# in the team's order (erg fitness rhythm teamwork technique split
# weight): "1:47,5" and "82,5" are one score each, at a time's and a
# number's place; "6,5" at a scale's is two scores
conf_set "$W/cox.conf" team language fr
tom=$(sql "$db" "SELECT id FROM person WHERE handle = 'tokafor'")
coach_email "$W" "Jane Doe:\n  technique 4\nTom Okafor: 7 4 3 _ 4 1:47,5 82,5"
like "$(reply)" "Tom Okafor: erg 7, fitness 4, rhythm 3, technique 4, split 1:47,5, weight 82,5 kg" \
	"a French coach's scores alone keep a time's and a number's decimal comma"
like "$(reply)" "Jane Doe: technique 4" "and the athlete's block above that line is stored too"
is "$(kept tokafor split coach):$(kept tokafor weight coach)" "1075:825" "kept in tenths"
like "$(sql "$db" "SELECT body FROM message WHERE direction = 'out' AND kind = 'notify'
	AND person_id = $tom ORDER BY id DESC LIMIT 1")" "split m:ss,t.* 2:00,0 " \
	"his prompt writes the time's form and example with the team's decimal comma"
coach_email "$W" "Jane Doe: 6,5,2 _ 3 1:59,0 63,1"
like "$(reply)" "Jane Doe: erg 6, fitness 5, rhythm 2, technique 3, split 1:59,0, weight 63,1 kg" \
	"a comma between digits at a scale's place is between two scores"
coach_email "$W" "Tom Okafor: split 2:41,0"
like "$(reply)" "split 2:41,0 est hors de 1:30,0-2:30,0" \
	"a French coach's time out of range is quoted back with the range, in commas"
cox -C "$W" metric list --json
is "$(printf '%s' "$out" | jq -r '.[] | select(.slug == "split") | .range')" "1:30.0-2:30.0" \
	"cox metric list still writes a range as its options take it"
sms_start "$W"
text +447700900104 rn5 "6 3 2 3 1:49,9 81,7"
like "$out" "split 1:49,9, weight 81,7 kg" "his scores alone keep their decimal comma"
is "$(kept tokafor split self):$(kept tokafor weight self)" "1099:817" "and are kept in tenths"
sms_stop

# Thousands: grouped as the reader's language does where a person reads
# them (a narrow no-break space in French), never in a file read back
cox -C "$W" metric add distance --name Distance --number 0-20000 --unit m
distance() {	# distance DAYS-AGO COACH SELF: a pair of rounds, in tenths
	sql "$db" "INSERT INTO rating (athlete_id, metric_id, source, rater_id, score, rated_on, created_at)
		SELECT $jane, id, 'coach', NULL, $2, date('now', '-$1 days'), strftime('%s', 'now') - $1 * 86400
		FROM metric WHERE slug = 'distance';
		INSERT INTO rating (athlete_id, metric_id, source, rater_id, score, rated_on, created_at)
		SELECT $jane, id, 'self', NULL, $3, date('now', '-$1 days'), strftime('%s', 'now') - $1 * 86400 + 60
		FROM metric WHERE slug = 'distance'"
}
distance 14 98000 100000
distance 0 125000 120000
cox -C "$W" build --force
nnbsp=$(printf '\342\200\257')
page=$(plaintext "$W" @jdoe)
like "$page" "<td>12${nnbsp}500 m</td>" "a French page groups a number's thousands in its table"
like "$page" "class=\"tick\">20${nnbsp}000</text>" "and on its chart's axis"
like "$page" "Distance <span class=\"muted\">\\(0-20${nnbsp}000 m\\)</span>" "and in its range"
unlike "$page" "12500|20000|9800" "and writes none of them whole"
cox -C "$W" export ratings --csv
like "$out" "Distance,coach,12500(\\.0)?," "the CSV export writes the number as it is read back"

# a number past a thousand (metres rowed), and a scale's score past it,
# from the coach who writes in French by now
phone_email "Jane Doe: distance 13250\nTom Okafor: technique 1500"
is "$(kept jdoe distance coach)" 132500 "a number past a thousand is read as the coach wrote it"
like "$(reply)" "technique 1500 est hors de 1-5" "and a scale's score past a thousand is refused with its range"
like "$(reply)" "- Jane Doe, depuis aujourd'hui" "who has not answered scores of today is waiting 'since today', not '0 days'"
like "$(reply)" "distance passe de 12${nnbsp}500 m à 13${nnbsp}250 m" \
	"the correction of the day's score groups thousands as the pages do"

# a split typed on a phone without its tenths, among scores alone: a
# time where the metric at its place is one, not the hour of a sentence
phone_email "Tom Okafor: _ _ _ _ _ 1:48 _ _"
is "$(kept tokafor split coach)" 1080 "a time without tenths among scores is read as the time"
# and after a time metric's name, as a coach writes an erg's time,
# with or without a comma between pairs; after words that name no time
# metric, "7:30" is the hour of a sentence and stays the comment
phone_email "Tom Okafor: split 1:49"
is "$(kept tokafor split coach)" 1090 "a time without tenths after a time metric's name is read as the time"
phone_email "Tom Okafor: technique 3 split 1:51"
is "$(kept tokafor split coach):$(kept tokafor technique coach)" "1110:3" \
	"and as the second of two pairs written without a comma, not as the first's comment"
phone_email "Tom Okafor: technique 2 outing at 7:30"
is "$(kept tokafor technique coach):$(sql "$db" "SELECT comment FROM rating r JOIN person p ON p.id = r.athlete_id
	JOIN metric m ON m.id = r.metric_id WHERE p.handle = 'tokafor' AND m.slug = 'technique' AND r.source = 'coach'
	ORDER BY r.id DESC LIMIT 1")" "2:outing at 7:30" \
	"after words that name no time metric, 7:30 stays in the comment"

# a team with no metric in use: the example of a pair is the
# catalogue's, in the coach's language
sql "$db" "UPDATE metric SET active = 0"
phone_email "Jane Doe: technique 4, fitnes3"
like "$(reply)" "'fitnes3'.*[[:space:]]+technique 4, forme 3" \
	"a team with no metric gets the catalogue's example, in the team's words"
# a coach who reads French in a team that speaks English: what is wrong
# with her email comes back in French, as the rest of the answer does
conf_set "$W/cox.conf" team language en
cox -C "$W" roster edit @acarter --language fr
phone_email "Jane Doe: technique 4, fitnes3"
like "$(reply)" "'fitnes3' n'est pas .*[[:space:]]+technique 4, forme 3" \
	"the problems of a coach's email are worded in her language, not the team's"

done_testing
