# Training load is described, never scored (issue 74, cox-numbers(7)):
# over a season of sessions, with a week far above the athlete's usual,
# no page, part of the dashboard, export or digest holds a load ratio,
# monotony, strain or a caution drawn from one, in any shipped language;
# the athlete's page and their squad's part say the week in numbers
# instead: this week, its change from last week, and the usual week, an
# exponentially weighted mean worked out here again from the database.
# Wellness likewise is read item by item (Saw et al. 2016), never as
# Hooper's sum: no page, part, flag, digest or export shows the four
# added up or a colour drawn from their total, and each item is said
# against the athlete's own usual for it.
. "$(dirname "$0")/lib.sh"
plan 42

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

# Jane's check-ins: 27 days of sleep 2, stress 3, fatigue 3 (5 the
# last six of them), soreness 2; today sleep 7, stress 5, fatigue 6,
# soreness 6, which add up to 24 (the old "hard day", 20 or more of 28,
# red, and a flag of "wellness 24").  By hand, her usual of each item
# before today, the mean of those 27 days: sleep 2.0, stress 3.0,
# fatigue (21 x 3 + 6 x 5) / 27 = 3.4, soreness 2.0; the flag's rule
# (6 or 7 and 2 points or 1.5 sd above the item's mean, cox-numbers(7)):
# sleep 7 against 2 (sd 0), fatigue 6 against 3.4 (sd 0.8, so 2 points:
# 5.4), soreness 6 against 2 flag; stress 5 does not.  Fatigue's last 7
# days average (6 x 5 + 6) / 7 = 5.1 against 3.0 over the 21 before.
sql "$db" "DELETE FROM wellness WHERE athlete_id = $jane;
	INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at)
	WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 27)
	SELECT $jane, date('now', '-' || n || ' days'), CASE WHEN n = 0 THEN 7 ELSE 2 END,
		CASE WHEN n = 0 THEN 5 ELSE 3 END, CASE WHEN n = 0 THEN 6 WHEN n < 7 THEN 5 ELSE 3 END,
		CASE WHEN n = 0 THEN 6 ELSE 2 END, 1 FROM k"
is "$(sql "$db" "SELECT sleep + stress + fatigue + soreness FROM wellness WHERE athlete_id = $jane AND day = date('now')")" \
	24 "(today's four add up to 24, the old rule's hard day)"

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

# What no language may say of wellness: Hooper's sum by name, its scale
# of 4 to 28, a total of the four, the flag of a total, the chart of
# totals with its red, a cell of the squad's days holding a total, or
# Jane's 24 in a cell.
sum_words='hooper|4 (best|au mieux|am besten|lo mejor)[^<]{0,12}28|out of 28'
sum_words="$sum_words|total of|un total|insgesamt|send all four for a total|pour un total|für eine summe|para tener el total"
sum_words="$sum_words|(wellness|bien-être|befinden|bienestar) 24|(forme|bienestar) de [0-9]|chart wellness"
sum_words="$sum_words|<td class=\"h[1-4]( wk)?\">[0-9]|>Total|>Summe"
# sums NAME TEXT: the lines of TEXT with a wellness sum, into $T/sums
sums() { printf '%s\n' "$2" | grep -n -i -E "$sum_words" | sed "s|^|$1: |" >>"$T/sums"; }

athletes=$(sql "$db" "SELECT handle FROM person WHERE role = 'athlete' AND active ORDER BY id")
for lang in en fr de es; do
	conf_set "$W/cox.conf" team language "$lang"
	cox -C "$W" build
	[ "$rc" = 0 ] || echo "Bail out! the build in $lang failed: $err"
	: >"$T/found"
	: >"$T/sums"
	rm -rf "$T/pages"
	plaintexts "$W" "$T/pages" $(printf '@%s ' $athletes)
	i=0
	for a in $athletes; do
		page=$(<"$T/pages/$i")
		i=$((i + 1))
		scan "$lang @$a" "$page"
		sums "$lang @$a" "$page"
		[ "$a" = jdoe ] && jane_page=$page
	done
	parts=$(parts_plaintext "$W" @acarter)
	scan "$lang parts" "$parts"
	sums "$lang parts" "$parts"
	home=$(plaintext "$W" @acarter)
	scan "$lang home" "$home"
	sums "$lang home" "$home"
	is "$(cat "$T/found")" "" "$lang: no page or part of the dashboard scores load"
	is "$(cat "$T/sums")" "" "$lang: no page or part of the dashboard adds wellness up"
	like "$(printf '%s' "$jane_page" | tr -d '\n')" \
		'<ul class="items-latest"><li>[^<0-9]+ 7[^<0-9]+2[.,]0</li><li>[^<0-9]+ 5[^<0-9]+3[.,]0</li><li>[^<0-9]+ 6[^<0-9]+3[.,]4</li><li>[^<0-9]+ 6[^<0-9]+2[.,]0</li></ul>' \
		"$lang: Jane's page says each item of today beside her usual for it"
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

# Wellness in English: the items, each against her usual, and no sum
today=$(en_day "$(date -u +%F)")
table=$(printf '%s' "$page" | perl -0ne 'm{<section aria-labelledby="well-h">.*?</section>}s and print $&')
like "$(printf '%s' "$page" | tr -d '\n\t')" "Your latest check-in, <time datetime=\"$(date -u +%F)\">$today</time>, each ?item beside your usual" \
	"her page says which check-in its items are of, and against what"
like "$(printf '%s' "$page" | tr -d '\n')" '<li>Sleep 7, usually 2\.0</li><li>Stress 5, usually 3\.0</li><li>Fatigue 6, usually 3\.4</li><li>Soreness 6, usually 2\.0</li>' \
	"each item of today beside her usual for it, in numbers"
like "$table" "<tr data-day=\"$(date -u +%F)\"><th scope=\"row\">$today</th><td>7</td><td>5</td><td>6</td><td>6</td></tr>" \
	"her table has today's four answers and no total after them"
like "$table" '<svg class="chart items"' "her wellness chart is the items' rows"
unlike "$table" 'class="chart wellness"' "and no chart of the day's total, nor its red"
parts=$(parts_plaintext "$W" @acarter)
like "$parts" "Sleep 7 on $today, usually 2 \(±0\) out of 7; Fatigue 6 on $today, usually 3 \(±1\) out of 7; Soreness 6 on $today, usually 2 \(±0\) out of 7" \
	"the coaches' flag names each item above her own usual for it, and only those"
like "$parts" ">Jane Doe</a>: Fatigue 5\.1 on average over the last 7 days, against 3\.0 over the 3 weeks before \(1 best, 7 worst\)\.<" \
	"the squad's part says the item trending worse, by itself"
# every part's heat section (the parts come in no set order), then her row
heat=$(printf '%s' "$parts" | perl -0ne 'print $& while m{<section id="heat".*?</section>}sg' |
	perl -0ne 'm{<th scope="row">(?:<!--[^>]*-->)?<a [^>]*>Jane Doe</a>.*?</tr>}s and print $&')
like "$heat" '<td class="w( wk)?"><span class="h4">7</span> <span class="h3">5</span> <span class="h4">6</span> <span class="h4">6</span></td></tr>$' \
	"her last day in the squad's 28 days: the four answers, each shaded by itself"

# Exports: the CSVs, a person's whole export, and the morning digest
: >"$T/found"
: >"$T/sums"
for what in ratings wellness messages; do
	cox -C "$W" export "$what"
	[ "$rc" = 0 ] && [ -n "$out" ] || echo "# export $what: $rc $err"
	scan "export $what" "$out"
	sums "export $what" "$out"
	[ "$what" = wellness ] && wexport=$out
done
is "$(printf '%s\n' "$wexport" | head -1 | tr -d '\r' | sed 's/^\xef\xbb\xbf//')" "Date,Name,Handle,Squads,Sleep,Stress,Fatigue,Soreness,Sick or injured,Note" \
	"the wellness export has the four items and no total"
like "$wexport" "$(date -u +%F),Jane Doe,jdoe,[^,]*,7,5,6,6,," "and Jane's today, item by item"
cox -C "$W" export person @jdoe --out "$T/jane"
is "$(sed 1d "$T/jane/session_rpe.csv" | wc -l)" 103 "Jane's export holds her 103 sessions"
scan "export person" "$(cat "$T"/jane/*)"
sums "export person" "$(cat "$T"/jane/*)"
COX_NOW=$(date -u -d "today 12:00" +%s) run "$COX" -C "$W" digest --dry-run
like "$out" "Good morning" "the digest has something to say"
like "$out" "Sleep 7 on $today, usually 2 \(±0\) out of 7; Fatigue 6" "the digest flags her items, each against her usual"
scan "digest" "$out"
sums "digest" "$out"
is "$(cat "$T/found")" "" "no export or digest scores load"
is "$(cat "$T/sums")" "" "no export or digest adds wellness up"

done_testing
