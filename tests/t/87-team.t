# The squad's last 28 days on the dashboard: athletes by days, the
# day's wellness (each item's answer shaded by itself, never their sum;
# a missed day marked, an ill day crossed)
# and under it the day's load as coaches may see it (today's without a
# session paired with a plan, which the day's end reveals); rows line up
# by date even when an athlete's row was rendered days before.
. "$(dirname "$0")/lib.sh"
plan 42

W=$T/ws
demo_workspace "$W"
db=$W/cox.db
# the demo's invented sessions out: this test's are worked by hand
sql "$db" "DELETE FROM session_rpe"
conf_set "$W/cox.conf" team timezone UTC
day() { TZ=UTC date -d "@$((${now:-$(date +%s)} - $1 * 86400))" +%F; }
id() { sql "$db" "SELECT id FROM person WHERE handle = '$1'"; }
jane=$(id jdoe)
sam=$(id soneill)
senior=$(sql "$db" "SELECT id FROM squad WHERE name = 'Senior Men'")

# cells NAME ROW: the cells of NAME's row (0 wellness, 1 load) in the
# heatmap of $part, "class|text" a line (and "|" the class of each
# item's answer, when the cell has them), oldest day first
cells() {
	printf '%s' "$part" | perl -0ne '
		my ($name, $row) = @ARGV ? () : ($ENV{NAME}, $ENV{ROW});
		m{<section id="heat".*?</section>}s or exit;
		my $heat = $&;
		$heat =~ m{<tbody><tr><th scope="row"><a [^>]*>\Q$name\E</a>.*?</tbody>}s or exit;
		my @rows = $& =~ m{<tr[^>]*>(.*?)</tr>}sg;
		defined $rows[$row] or exit;
		while ($rows[$row] =~ m{<td class="([^"]*)">(.*?)</td>}sg) {
			my ($c, $t) = ($1, $2);
			$c =~ s/ wk$//;
			my @s = $t =~ m{<span class="([^"]*)">}g;
			$t =~ s/<[^>]*>//g;
			print "$c|$t", (@s ? "|@s" : ""), "\n";
		}'
}
cell() { NAME=$1 ROW=$2 cells | sed -n "$(($3 + 1))p"; }	# cell NAME ROW INDEX

# Jane: a known check-in two days ago (2, 3, 4, 5), none five days
# ago, ill yesterday with no scores; two sessions three days ago
sql "$db" "DELETE FROM wellness WHERE athlete_id = $jane AND day IN ('$(day 1)', '$(day 2)', '$(day 5)')"
sql "$db" "INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at)
	VALUES ($jane, '$(day 2)', 2, 3, 4, 5, 1)"
sql "$db" "INSERT INTO wellness (athlete_id, day, illness, created_at)
	VALUES ($jane, '$(day 1)', 'sick', 1)"
sql "$db" "INSERT INTO session_rpe (athlete_id, day, slot, rpe, minutes, created_at) VALUES
	($jane, '$(day 3)', 'am', 6, 60, 1), ($jane, '$(day 3)', 'pm', 4, 30, 1)"
# Oliver's last 7 days: four check-ins of 5 in each item, worse than his
# weeks before
oliver=$(id obrown)
sql "$db" "DELETE FROM wellness WHERE athlete_id = $oliver AND day > '$(day 7)'"
for b in 0 1 3 5; do
	sql "$db" "INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at)
		VALUES ($oliver, '$(day $b)', 5, 5, 5, 5, 1)"
done
cox -C "$W" build
part=$(part_plaintext "$W" acarter "Senior Men")
like "$part" '<h3 id="trend-h">Trending worse</h3>' "the squad's part says who is trending worse"
like "$part" '>Oliver Brown</a>: [A-Z][a-z]+ 5\.0 on average over the last 7 days, against [0-9]+\.[0-9] over the 3 weeks before' \
	"Oliver, in words, item by item with his own figures"
unlike "$part" '>Harry Wilson</a>: [A-Za-z]+ [0-9.]+ on average' "Harry, steady, is not named"

# two days on, only Mei checks in: Harry's row, not rendered again (he
# has no planned session whose day's end would reveal something), still
# puts each day in its own column
harry=$(id hwilson)
mei=$(id mchen)
answers() { sql "$db" "SELECT sleep || ' ' || stress || ' ' || fatigue || ' ' || soreness FROM wellness WHERE athlete_id = $harry AND day = '$1' ORDER BY id DESC LIMIT 1"; }
h2=$(answers "$(day 2)")
[ -n "$h2" ] || echo "Bail out! the demo has no check-in of Harry's two days ago"
is "$(cell 'Harry Wilson' 0 25 | cut -d'|' -f2)" "$h2" "Harry's check-in of two days ago"
before=$(sql "$db" "SELECT body FROM fragment WHERE person_id = $harry AND part = 'heat'")
now=$(($(date +%s) + 2 * 86400))
sql "$db" "INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at)
	VALUES ($mei, '$(day 0)', 1, 1, 1, 1, 1)"
COX_NOW=$now cox -C "$W" build
now=
is "$(sql "$db" "SELECT body FROM fragment WHERE person_id = $harry AND part = 'heat'")" "$before" \
	"two days on, Harry's row was not rendered again"
part=$(part_plaintext "$W" acarter "Senior Men")
is "$(cell 'Harry Wilson' 0 23 | cut -d'|' -f2)" "$h2" "and his check-in, now four days old, moved two columns left"
is "$(cell 'Mei Chen' 0 27)" "w|1 1 1 1|h1 h1 h1 h1" "Mei's of the new today is in the last column"
is "$(cell 'Harry Wilson' 0 27)" "miss|–" "Harry's new today, with nothing from him, shows as missed"
unlike "$part" '>Oliver Brown</a>: [A-Za-z]+ [0-9.]+ on average' "a trend line of two days ago, not rendered again, is left out"

# today: a planned morning session Jane answered (blind to the squad
# until the day is over) and an evening one of her own
sql "$db" "INSERT INTO planned_session (squad_id, day, slot, minutes, intended_rpe, created_at)
	VALUES ($senior, '$(day 0)', 'am', 90, 4, 1)"
sql "$db" "INSERT INTO session_rpe (athlete_id, day, slot, rpe, minutes, created_at) VALUES
	($jane, '$(day 0)', 'am', 8, 90, 1), ($jane, '$(day 0)', 'pm', 3, 20, 1)"
cox -C "$W" build
part=$(part_plaintext "$W" acarter "Senior Men")

like "$part" '<section id="heat" aria-labelledby="heat-h">' "the squad's part has the last 28 days"
is "$(printf '%s' "$part" | perl -0ne 'm{<section id="heat".*?</thead>}s and print scalar(() = $& =~ /<th scope="col"/g)')" 29 \
	"an athlete column and 28 days"
like "$part" "<time datetime=\"$(day 27)\">$(en_date "$(day 27)")</time> to <time datetime=\"$(day 0)\">$(en_date "$(day 0)")</time>" \
	"the period is said in words"
is "$(NAME='Jane Doe' ROW=0 cells | wc -l)" 28 "Jane's wellness row has a cell a day"
is "$(cell 'Jane Doe' 0 25)" "w|2 3 4 5|h1 h2 h2 h3" \
	"two days ago: her four answers, each shaded by itself, not their sum"
is "$(cell 'Jane Doe' 0 22)" "miss|–" "five days ago: no check-in, marked"
is "$(cell 'Jane Doe' 0 26)" "miss|×" "yesterday: ill, no scores"
is "$(cell 'Jane Doe' 1 24)" "l3|480" "three days ago: the day's load, both sessions (360 + 120)"
is "$(cell 'Jane Doe' 1 27)" "l1|60" "today: her own session only; the planned one waits for the day's end"
is "$(cell 'Jane Doe' 1 23)" "l0|" "a day without sessions is empty"
like "$part" '>Jane Doe</a><span class="vh">, wellness: sleep, stress, fatigue, soreness</span></th>' \
	"the row names what it shows to a screen reader"
unlike "$(printf '%s' "$part" | perl -0ne 'm{<section id="heat".*?</section>}s and print $&')" 'Chloe Martin' \
	"an athlete of another squad is not in it"

# the week lines fall on Mondays; each week that is over and all in the
# 28 days is a piece of the part of its own (its wellness), named for
# its Monday, which a check-in today leaves as it was (the map is not
# sealed again whole each day) and one late for a day of that week
# makes again
heads=$(printf '%s' "$part" | perl -0ne 'm{<section id="heat".*?</thead>}s and print map("$_\n", $& =~ /<th scope="col" class="wk"><time datetime="([0-9-]+)"/g)')
monday() { [ "$(TZ=UTC date -d "$(day "$1")" +%u)" = 1 ]; }
is "$heads" "$(for d in $(seq 27 -1 0); do monday "$d" && day "$d"; done)" \
	"the week lines are on the Mondays of the 28 days"
weeks() { printf '%s\n' "$1" | grep ' h[0-9]*$'; }
before=$(part_pieces "$W" acarter "Senior Men")
is "$(weeks "$before" | cut -d' ' -f2)" \
	"$(for d in $(seq 27 -1 7); do monday "$d" && echo "h$(day "$d" | tr -d -)"; done)" \
	"the three weeks that are over are pieces of their own, named for their Mondays"
wellness() {	# wellness HANDLE DAYS-AGO ANSWER (to each of the four)
	sql "$db" "DELETE FROM wellness WHERE athlete_id = $(id "$1") AND day = '$(day "$2")'"
	sql "$db" "INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at)
		VALUES ($(id "$1"), '$(day "$2")', $3, $3, $3, $3, 1)"
}
wellness hwilson 0 2
cox -C "$W" build
after=$(part_pieces "$W" acarter "Senior Men")
is "$(weeks "$after")" "$(weeks "$before")" "a check-in today leaves the weeks that are over as they were"
isnt "$(printf '%s\n' "$after" | grep ' w$')" "$(printf '%s\n' "$before" | grep ' w$')" \
	"and makes the piece of this week's days again"
# the Wednesday of the first week that is over
for d in $(seq 27 -1 7); do monday "$d" && { late=$((d - 2)); break; }; done
wellness hwilson "$late" 4
cox -C "$W" build
again=$(part_pieces "$W" acarter "Senior Men")
is "$(diff <(weeks "$after") <(weeks "$again") | grep -c '^>')" 1 \
	"a check-in late for a day of the first week that is over makes one week's piece again"
is "$(diff <(weeks "$after") <(weeks "$again") | grep '^>' | cut -d' ' -f3)" "$(weeks "$after" | head -1 | cut -d' ' -f2)" \
	"that week's"
part=$(part_plaintext "$W" acarter "Senior Men")
is "$(cell 'Harry Wilson' 0 $((27 - late)))" "w|4 4 4 4|h2 h2 h2 h2" "and the day shows the late check-in"
# a load higher than any in the 28 days shades the load's days again
# (ten days ago, in a week that is over, among them), which stay in the
# part's own piece: the weeks do not move
sql "$db" "INSERT INTO session_rpe (athlete_id, day, slot, rpe, minutes, created_at) VALUES
	($jane, '$(day 10)', 'am', 5, 60, 1)"
cox -C "$W" build
again=$(part_pieces "$W" acarter "Senior Men")
sql "$db" "INSERT INTO session_rpe (athlete_id, day, slot, rpe, minutes, created_at) VALUES
	($jane, '$(day 1)', 'am', 10, 300, 1)"
cox -C "$W" build
high=$(part_pieces "$W" acarter "Senior Men")
is "$(weeks "$high")" "$(weeks "$again")" "a new highest load leaves the weeks that are over as they were"
part=$(part_plaintext "$W" acarter "Senior Men")
is "$(cell 'Jane Doe' 1 17)" "l1|300" "while the load ten days ago is shaded lighter beside it"

# the season's gaps: a new metric, three pairs two months ago 2 apart,
# three this month in agreement, a coach score not yet answered and a
# pair in another squad, neither counted
m0=$(TZ=UTC date +%Y-%m)
m2=$(TZ=UTC date -d "$m0-15 -2 months" +%Y-%m)
m1=$(TZ=UTC date -d "$m0-15 -1 month" +%Y-%m)
cox -C "$W" metric add rowing --name Rowing --scale 1-5
alex=$(id acarter)
pair() {	# pair HANDLE MONTH COACH SELF
	sql "$db" "INSERT INTO rating (athlete_id, metric_id, source, rater_id, score, rated_on, created_at)
		SELECT p.id, m.id, 'coach', $alex, $3, '$2-01', strftime('%s', '$2-01') FROM person p, metric m
		WHERE p.handle = '$1' AND m.slug = 'rowing'"
	[ -z "$4" ] || sql "$db" "INSERT INTO rating (athlete_id, metric_id, source, score, rated_on, created_at)
		SELECT p.id, m.id, 'self', $4, '$2-01', strftime('%s', '$2-01') + 60 FROM person p, metric m
		WHERE p.handle = '$1' AND m.slug = 'rowing'"
}
for h in jdoe hwilson mchen; do
	pair $h "$m2" 2 4
	pair $h "$m0" 3 3
done
pair lgarcia "$m0" 5 ""
pair cmartin "$m0" 1 5
cox -C "$W" build
part=$(part_plaintext "$W" acarter "Senior Men")
gaps=$(printf '%s' "$part" | perl -0ne 'm{<section id="gaps".*?</section>}s and print $&')
like "$gaps" '<h2 id="gaps-h">Coach and self over the season</h2>' "the squad's part has the season's gaps"
like "$gaps" "<th scope=\"col\">$(en_month "$m2")</th><th scope=\"col\">$(en_month "$m1")</th><th scope=\"col\">$(en_month "$m0")</th>" \
	"a column a month that has pairs"
like "$gaps" '<th scope="row">Rowing</th><td>2\.0 <span class="muted">\(3\)</span></td><td>–</td><td>0\.0 <span class="muted">\(3\)</span></td>' \
	"the mean distance of each month's pairs, an unanswered score and another squad's left out"
like "$gaps" "<li>Rowing: 2\.0 apart in $(en_month "$m2") \(3 pairs\), 0\.0 in $(en_month "$m0") \(3 pairs\): closer\.</li>" \
	"and in words, closer"

# a second coach scores the same three this month, after they answered
# Alex: 5 against his 3; the head coaches see each coach's figures
priya=$(id pshah)
for h in jdoe hwilson mchen; do
	sql "$db" "INSERT INTO rating (athlete_id, metric_id, source, rater_id, score, rated_on, created_at)
		SELECT p.id, m.id, 'coach', $priya, 5, '$m0-01', strftime('%s', '$m0-01') + 120
		FROM person p, metric m WHERE p.handle = '$h' AND m.slug = 'rowing'"
done
cox -C "$W" build
team=$(part_plaintext "$W" acarter "Team overview")
raters=$(printf '%s' "$team" | perl -0ne 'm{<section id="raters".*?</section>}s and print $&')
like "$raters" '<h2 id="raters-h">How each coach scores</h2>' "the head coaches' part shows how each coach scores"
like "$raters" '<tr><th scope="row">Priya Shah</th><td>–</td><td>\+2\.0 <span class="muted">\(3\)</span></td><td>2\.0</td></tr>' \
	"Priya: no answered pair yet, 2 above Alex on the same athletes, metric and month"
like "$raters" '<tr><th scope="row">Alex Carter</th><td>[-+]?[0-9]+\.[0-9] <span class="muted">\([0-9]+\)</span></td><td>-2\.0 <span class="muted">\(3\)</span></td><td>2\.0</td></tr>' \
	"Alex: his pairs with the athletes, and 2 below Priya"
# the same figure worked out apart, by SQL: each coach score of Alex's
# followed by the athlete's own on the same metric
since=$(TZ=UTC date -d "$m0-15 -11 months" +%Y-%m-01)
expect=$(sql "$db" "SELECT count(*) || ' ' || sum(pscore - score) FROM (SELECT source, score,
	lag(source) OVER w AS psrc, lag(score) OVER w AS pscore, lag(rater_id) OVER w AS prater,
	lag(rated_on) OVER w AS pon FROM rating
	WINDOW w AS (PARTITION BY athlete_id, metric_id ORDER BY created_at, id))
	WHERE source = 'self' AND psrc = 'coach' AND prater = $alex AND pon >= '$since'")
got=$(printf '%s' "$raters" | perl -ne 'm{<th scope="row">Alex Carter</th><td>([-+]?[0-9.]+) <span class="muted">\(([0-9]+)\)} and print "$2 $1"')
is "$got" "$(echo "$expect" | awk '{ printf "%d %s%.1f", $1, ($2 / $1 >= 0.05 ? "+" : ""), $2 / $1 }')" \
	"Alex's mean against the athletes is their pairs' as SQL counts them"
part=$(part_plaintext "$W" acarter "Senior Men")
unlike "$part" 'id="raters"' "a squad's part, which its coaches open, does not compare coaches"

# an athlete in no squad is in the head coaches' part, and so is her
# row of the last 28 days, under the days' heads
cox -C "$W" roster add --name "Nell Nosquad" --handle nell
sql "$db" "INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at)
	VALUES ($(id nell), '$(day 1)', 2, 2, 2, 2, 1)"
cox -C "$W" build
team=$(part_plaintext "$W" acarter "Team overview")
is "$(printf '%s' "$team" | perl -0ne 'm{<section id="heat".*?</thead>}s and print scalar(() = $& =~ /<th scope="col"/g)')" 29 \
	"the team part's heatmap has an athlete column and 28 days, for an athlete in no squad"
is "$(part=$team NAME='Nell Nosquad' ROW=0 cells | sed -n 27p)" "w|2 2 2 2|h1 h1 h1 h1" "and her check-in on its day"

# a squad where nobody checks in nor texts a session shows none
sql "$db" "DELETE FROM wellness; DELETE FROM session_rpe"
cox -C "$W" build --force
part=$(part_plaintext "$W" acarter "Senior Men")
unlike "$part" 'id="heat"' "no data in 28 days: no heatmap"

done_testing
