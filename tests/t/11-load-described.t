# Training load is described, never scored (issue 74, cox-numbers(7)):
# over a season of sessions, with a week far above the athlete's usual,
# no page, part of the dashboard, export or digest holds a load ratio,
# monotony, strain or a caution drawn from one, in any shipped language;
# the athlete's page and their squad's part say the week in numbers
# instead: this week, its change from last week, and the usual week, an
# exponentially weighted mean worked out here again from the database.
. "$(dirname "$0")/lib.sh"
plan 21

W=$T/ws
demo_workspace "$W"
db=$W/cox.db
conf_set "$W/cox.conf" team timezone UTC
conf_del "$W/cox.conf" digest off
jane=$(sql "$db" "SELECT id FROM person WHERE handle = 'jdoe'")

# Jane's season: 15 weeks of six sessions of RPE 5 x 40 min (1,200 a
# week), a rest day each; last week six of 5 x 55 (1,650); this week
# every day 7 x 40 (1,960), far above her usual.
sql "$db" "DELETE FROM session_rpe WHERE athlete_id = $jane;
	INSERT INTO session_rpe (athlete_id, day, rpe, minutes, created_at)
	WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 118)
	SELECT $jane, date('now', '-' || n || ' days'), CASE WHEN n < 7 THEN 7 ELSE 5 END,
		CASE WHEN n BETWEEN 8 AND 13 THEN 55 ELSE 40 END, 1
	FROM k WHERE n < 7 OR n % 7 != 0"
is "$(sql "$db" "SELECT sum(rpe * minutes) FROM session_rpe WHERE athlete_id = $jane AND day > date('now', '-7 days')"):$(sql "$db" "SELECT sum(rpe * minutes) FROM session_rpe WHERE athlete_id = $jane AND day BETWEEN date('now', '-13 days') AND date('now', '-7 days')")" \
	"1960:1650" "(this week 1,960, last week 1,650)"

# Her usual week as the manual says it is worked out: from her first
# session to the end of last week, the mean of the first 28 days, then
# each day 2/29 x its load + 27/29 x the day before's; seven of them.
usual=$(sql "$db" "SELECT CAST(julianday(date('now')) - julianday(day) AS INTEGER), rpe * minutes
	FROM session_rpe WHERE athlete_id = $jane" | awk -F'|' '
	{ l[$1] += $2; if ($1 > first) first = $1 }
	END {
		for (k = first; k >= 7; k--) {
			n++
			if (n < 28) s += l[k]
			else if (n == 28) u = (s + l[k]) / 28
			else u = 2 / 29 * l[k] + 27 / 29 * u
		}
		printf "%d", 7 * u + 0.5
	}')
is "$(awk "BEGIN { print ($usual > 1200 && $usual < 1650) }")" 1 \
	"(her usual week, $usual, lies between her season's 1,200 and last week's 1,650)"
above=$((1960 - usual))
# grouped N SEP: N with its thousands parted by SEP
grouped() { printf '%s' "$1" | sed -E ":a; s/([0-9])([0-9]{3})($|[^0-9])/\1$2\2\3/; ta"; }

# What no language may say about load: the ratio, the old threshold,
# the caution, monotony and strain, in each shipped language's words.
old_words='\bcaution\b|\bmonotony\b|\bstrain\b|4-week average|1\.5 times|[x×] their|load ratio|acute|acwr|chronic'
old_words="$old_words|attention.?:|monotonie|contrainte|1,5 fois|moyenne sur 4 semaines"
old_words="$old_words|vorsicht|beanspruchung|1,5-fache|4-wochen-schnitt|verhältnis"
old_words="$old_words|atención:|monotonía|tensión|1,5 veces|media de 4 semanas|cociente"
old_words="$old_words|class=\"caution\"|1[.,]5 ?[x×]|[x×] ?1[.,]5"
# scan NAME TEXT: the lines of TEXT with old words, into $T/found
scan() { printf '%s\n' "$2" | grep -n -i -E "$old_words" | sed "s|^|$1: |" >>"$T/found"; }

athletes=$(sql "$db" "SELECT handle FROM person WHERE role = 'athlete' AND active ORDER BY id")
for lang in en fr de es; do
	conf_set "$W/cox.conf" team language "$lang"
	cox -C "$W" build
	[ "$rc" = 0 ] || echo "Bail out! the build in $lang failed: $err"
	: >"$T/found"
	for a in $athletes; do
		page=$(plaintext "$W" "@$a")
		scan "$lang @$a" "$page"
		[ "$a" = jdoe ] && jane_page=$page
	done
	parts=$(parts_plaintext "$W" @acarter)
	scan "$lang parts" "$parts"
	scan "$lang home" "$(plaintext "$W" @acarter)"
	is "$(cat "$T/found")" "" "$lang: no page or part of the dashboard scores load"
	sep=$(sed -n 's/^gen.thousands = "\(.*\)"$/\1/p' "$COX_DATADIR/lib/words/$lang.txt")
	like "$(printf '%s' "$jane_page" | grep 'class="summary">[^<]*1.\{0,3\}960')" \
		"$(grouped 1960 "$sep")[^<]*310[^<]*$(grouped 1650 "$sep")[^<]*$(grouped "$above" "$sep")[^<]*$(grouped "$usual" "$sep")" \
		"$lang: Jane's page says this week, its change from last week and from her usual week, in numbers"
	like "$parts" ">Jane Doe</a></th><td>$(grouped 1960 "$sep")</td><td>\+310</td><td>$(grouped "$usual" "$sep")</td></tr>" \
		"$lang: her squad's part has the same figures side by side"
done

# English again, where the sentences are read whole
conf_set "$W/cox.conf" team language en
cox -C "$W" build
page=$(plaintext "$W" @jdoe)
like "$page" "This week 1,960: 310 more than last week \(1,650\)\. That is $(grouped "$above" ,) more than your usual week of $(grouped "$usual" ,)\." \
	"a week far above the usual is said in its own figures"
like "$page" '<polyline class="usual" points="' "the chart draws the usual day as a line"
unlike "$(printf '%s' "$page" | perl -0ne 'm{<svg class="chart load".*?</svg>}s and print $&')" 'bar-high' \
	"and colours no day of load as a risk"
unlike "$(parts_plaintext "$W" @acarter | perl -0ne 'm{<section id="load".*?</section>}s and print $&')" '<b[ >]' \
	"the squad's load table marks no athlete"

# Exports: the CSVs, a person's whole export, and the morning digest
: >"$T/found"
for what in ratings wellness messages; do
	cox -C "$W" export "$what"
	[ "$rc" = 0 ] && [ -n "$out" ] || echo "# export $what: $rc $err"
	scan "export $what" "$out"
done
cox -C "$W" export person @jdoe --out "$T/jane"
is "$(sed 1d "$T/jane/session_rpe.csv" | wc -l)" 103 "Jane's export holds her 103 sessions"
scan "export person" "$(cat "$T"/jane/*)"
COX_NOW=$(date -u -d "today 12:00" +%s) run "$COX" -C "$W" digest --dry-run
like "$out" "Good morning" "the digest has something to say"
scan "digest" "$out"
is "$(cat "$T/found")" "" "no export or digest scores load"

done_testing
