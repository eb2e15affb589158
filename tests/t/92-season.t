# A season that prints: the athlete's page names its period and ends
# with the season in one section, per metric the first and the latest
# pair (the gap then and now; a coach score still waiting for the
# athlete stays out), and month by month the check-ins, the mean of
# each wellness item (never their sum), the sessions and their load, as
# the database holds them over the last 12 months; wellness is charted
# item by item.  The
# squad's part names the same period.
. "$(dirname "$0")/lib.sh"
plan 16

W=$T/ws
demo_workspace "$W"
db=$W/cox.db
# the demo's invented sessions out: this test's are worked by hand
sql "$db" "DELETE FROM session_rpe"
conf_set "$W/cox.conf" team timezone UTC
jane=$(sql "$db" "SELECT id FROM person WHERE handle = 'jdoe'")
today=$(TZ=UTC date +%F)
m0=$(TZ=UTC date +%Y-%m)
m2=$(TZ=UTC date -d "$m0-15 -2 months" +%Y-%m)
since=$(TZ=UTC date -d "$m0-15 -11 months" +%Y-%m-01)
old=$(TZ=UTC date -d "$m0-15 -13 months" +%Y-%m)

cox -C "$W" metric add rowing --name Rowing --scale 1-5
rating() {	# rating SOURCE SCORE DAY SECONDS-AFTER
	sql "$db" "INSERT INTO rating (athlete_id, metric_id, source, score, rated_on, created_at)
		SELECT $jane, id, '$1', $2, '$3', strftime('%s', '$3') + $4 FROM metric WHERE slug = 'rowing'"
}
rating coach 1 "$old-03" 0		# before the season: not its first
rating self 5 "$old-03" 60
rating coach 2 "$m2-03" 0		# the first pair of the season: +2
rating self 4 "$m2-03" 60
rating coach 3 "$m0-01" 0		# the latest: 0
rating self 3 "$m0-01" 60
rating coach 5 "$today" 3600		# waiting for Jane: hidden from her
# a check-in and a session before the season, which it leaves out
sql "$db" "INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at)
	VALUES ($jane, '$old-05', 7, 7, 7, 7, 1)"
sql "$db" "INSERT INTO session_rpe (athlete_id, day, rpe, minutes, created_at) VALUES
	($jane, '$old-05', 9, 100, 1), ($jane, '$m0-01', 6, 50, 1), ($jane, '$m0-01', 2, 30, 1)"
# two check-ins today: the day counts once, with its last, as the
# page's 28 days count it
sql "$db" "INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at)
	VALUES ($jane, '$today', 6, 6, 6, 6, 1), ($jane, '$today', 2, 2, 2, 2, 2)"
cox -C "$W" build
page=$(plaintext "$W" @jdoe)
season=$(printf '%s' "$page" | perl -0ne 'm{<section id="season".*?</section>}s and print $&')

like "$page" "<p class=\"muted period\">$(en_date "$since") to $(en_date "$today")</p>" "the page names its period, which printing puts on every sheet"
like "$season" '<h2 id="season-h">The season</h2>' "the page has the season"
like "$season" "<tr><th scope=\"row\">Rowing</th><td><time datetime=\"$m2-03\">$(en_date "$m2-03")</time>: coach 2, you 4</td><td>\\+2</td><td><time datetime=\"$m0-01\">$(en_date "$m0-01")</time>: coach 3, you 3</td><td>0</td></tr>" \
	"a metric's first pair of the season and its latest, with the gap then and now"
unlike "$season" 'coach 5' "a coach score Jane has not answered stays out"
unlike "$season" 'coach 1, you 5' "and a pair from before the season"

# the months, against the database
row=$(printf '%s' "$season" | perl -ne "m{<tr><th scope=\"row\">$(en_month "$m0")</th>(.*?)</tr>} and print \$1")
# a day's last full check-in, item by item
last() { echo "(SELECT $1 FROM wellness x WHERE x.athlete_id = $jane
	AND x.day = w.day AND sleep IS NOT NULL AND stress IS NOT NULL AND fatigue IS NOT NULL
	AND soreness IS NOT NULL ORDER BY id DESC LIMIT 1) AS $1"; }
want=$(sql "$db" "SELECT count(*) || '|' || printf('%.1f|%.1f|%.1f|%.1f', avg(sleep), avg(stress),
	avg(fatigue), avg(soreness)) FROM (SELECT $(last sleep), $(last stress), $(last fatigue),
	$(last soreness) FROM wellness w WHERE athlete_id = $jane AND day LIKE '$m0-%' AND sleep IS NOT NULL
	AND stress IS NOT NULL AND fatigue IS NOT NULL AND soreness IS NOT NULL GROUP BY day)")
like "$(printf '%s' "$page" | sed -n '/id="well-h"/,/<\/section>/p')" \
	"$(sql "$db" "SELECT count(DISTINCT day) FROM wellness WHERE athlete_id = $jane AND day > date('$today', '-28 days')
	AND sleep IS NOT NULL AND stress IS NOT NULL AND fatigue IS NOT NULL AND soreness IS NOT NULL") check-ins?" \
	"the 28 days count a day checked in twice once"
is "$(printf '%s' "$row" | perl -ne 'my @c = m{<td>(.*?)</td>}g; print join("|", @c[0..4])')" "$want" \
	"this month's check-ins and the mean of each item, as the database holds them"
is "$(printf '%s' "$season" | grep -c -i -E 'hooper|28 worst|>Wellness<')" 0 \
	"and no mean of the items added up"
want=$(sql "$db" "SELECT count(*) || '|' || sum(rpe * coalesce(minutes, 0)) FROM session_rpe
	WHERE athlete_id = $jane AND day LIKE '$m0-%'")
is "$(printf '%s' "$row" | perl -ne 'my @c = m{<td>(.*?)</td>}g; $c[6] =~ s/,//g; print "$c[5]|$c[6]"')" "$want" \
	"its sessions and their load"
is "$want" "2|360" "(two sessions: 6 x 50 + 2 x 30)"
unlike "$season" "<th scope=\"row\">$(en_month "$old")</th>" "a month before the season has no row"
like "$season" '<div class="scroll keep-together" tabindex="0" role="region" aria-label="The season, month by month">' \
	"each table is kept together when printed and can be scrolled on a phone"

# wellness item by item: a row each, with a text alternative
like "$page" '<svg class="chart items" viewBox="[^"]*" role="img"><title>Sleep, stress, fatigue and soreness, last 28 days' \
	"each check-in item has its own row of the last 28 days"
is "$(printf '%s' "$page" | perl -0ne 'm{<svg class="chart items".*?</svg>}s and print scalar(() = $& =~ /class="tick">(Sleep|Stress|Fatigue|Soreness)</g)')" 4 \
	"sleep, stress, fatigue and soreness, named"

part=$(part_plaintext "$W" acarter "Senior Men")
like "$part" "<p class=\"muted period\">$(en_date "$since") to $(en_date "$today")</p>" "the squad's part names the same period"

# an athlete with nothing in the season has no season section
cox -C "$W" roster add --name "New Rower" --handle newrower --squad "Senior Men"
cox -C "$W" build
unlike "$(plaintext "$W" @newrower)" 'id="season"' "nothing yet: no season section"

done_testing
