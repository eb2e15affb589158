# A page's history in pieces (gen/pieces.c, site-templates/payload.md):
# each period that is over (a month, this year's quarters, a year) is a file of its
# own, left as it is by a new score, so a publish adds to git about the
# new score's share of the page and not the page; the pieces open and put the page back whole; a
# piece lost from site/ is made again; a removed person's go with them.
. "$(dirname "$0")/lib.sh"
plan 21

W=$T/ws
S=$W/site
DB=$W/cox.db
workspace "$W"
"$COX" -C "$W" roster add --name "Ann Athlete" --handle ann >/dev/null
for m in technique fitness mindset; do
	"$COX" -C "$W" metric add "$m" --name "$m" >/dev/null
done
"$COX" -C "$W" roster add --name "Cat Veteran" --handle cat >/dev/null
# rounds a week, the coach's and the athlete's own, up to last week: 30
# weeks of them for Ann, 90 for Cat
season() {	# season HANDLE WEEKS
	sql "$DB" "WITH RECURSIVE w(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM w WHERE i < $2)
	INSERT INTO rating (athlete_id, metric_id, source, score, comment, rated_on, created_at)
	SELECT p.id, m.id, s.source, 1 + (w.i + m.id) % 5,
	       CASE WHEN s.source = 'coach' AND w.i % 7 = 0 THEN 'Week ' || w.i || ': hold the finish.' ELSE '' END,
	       date('now', '-' || (7 * ($2 + 1 - w.i)) || ' days'),
	       strftime('%s', 'now') - 604800 * ($2 + 1 - w.i) + (s.source = 'self') * 3600
	FROM w, person p, metric m, (SELECT 'coach' AS source UNION ALL SELECT 'self') s
	WHERE p.handle = '$1'"
}
season ann 30
season cat 90
"$COX" -C "$W" build >/dev/null 2>&1 && "$COX" -C "$W" publish >/dev/null 2>&1 ||
	{ echo "Bail out! first build and publish failed"; exit 1; }
page=$(page_file "$W" @ann)
dir=${page%index.html}
pieces() { (cd "$dir" && ls -- *.bin 2>/dev/null | sort); }
before=$(pieces)
# the history that is over, by year, this year's quarters, then month
# (pieces_history())
periods=$(sql "$DB" "SELECT count(DISTINCT CASE
		WHEN substr(rated_on, 1, 4) < strftime('%Y', 'now') THEN substr(rated_on, 1, 4)
		WHEN (substr(rated_on, 6, 2) + 2) / 3 < (strftime('%m', 'now') + 2) / 3
		THEN 'quarters'
		ELSE substr(rated_on, 1, 7) END) FROM rating
	WHERE substr(rated_on, 1, 7) < strftime('%Y-%m', 'now')
	AND athlete_id = (SELECT id FROM person WHERE handle = 'ann')")
n=$(echo "$before" | grep -c .)
[ "$n" -ge "$((periods - 1))" ] && [ "$n" -le "$((periods + 2))" ] &&
	pass "a piece a period that is over ($n pieces, $periods periods)" ||
	fail "a piece a period that is over" "$n pieces for $periods periods"
listed=$(grep -o '"pieces":\[[^]]*\]' "$page" | grep -o '[0-9a-f]\{32\}' | sed 's/$/.bin/' | sort)
is "$listed" "$before" "the page lists exactly the pieces beside it"

plain=$(plaintext "$W" @ann)
unlike "$plain" "<!--cox:" "opened, the page has every span back and no mark left"
is "$(echo "$plain" | grep -o '<tr data-day="[0-9-]*"><th scope="row">' | wc -l)" 90 \
	"every round of every metric is in its table (30 rounds, 3 metrics)"
like "$plain" "Week 28: hold the finish" "and the coach's notes are in it"

# nothing new: nothing written
stamp() { (cd "$dir" && stat -c '%n %Y %s' -- * | sort); }
old=$(stamp)
sleep 1
"$COX" -C "$W" build >/dev/null 2>&1
is "$(stamp)" "$old" "a build with nothing new leaves the page and its pieces as they are"

# a new score today: the months before stay the files they were, and
# what the commit adds does not grow with the history the page holds
score_today() {	# score_today HANDLE: a coach's fitness score, built and published
	sql "$DB" "INSERT INTO rating (athlete_id, metric_id, source, score, rated_on, created_at)
		SELECT p.id, m.id, 'coach', 4, date('now'), strftime('%s', 'now')
		FROM person p, metric m WHERE p.handle = '$1' AND m.slug = 'fitness'"
	"$COX" -C "$W" build >/dev/null 2>&1
}
added() {	# added DIR: bytes the last commit added under DIR of the site
	local n=0 blob path
	while read -r _ _ _ blob _ path; do
		case $path in "${1#$S/}"*) n=$((n + $(git -C "$S" cat-file -s "$blob")));; esac
	done < <(git -C "$S" diff-tree -r --no-renames HEAD~1 HEAD | grep -v ' D	' | sed 's/^://')
	echo "$n"
}
score_today ann
after=$(pieces)
# the ratings are a piece (the history's runs marked in it): that one
# is written again, no other
is "$(comm -23 <(echo "$before") <(echo "$after") | wc -l)" 1 \
	"a new score writes the ratings' piece again and leaves every piece of the months before"
"$COX" -C "$W" publish >/dev/null 2>&1
new=$(added "$dir")
total=$(cat "$dir"/* | wc -c)
catdir=$(page_file "$W" @cat); catdir=${catdir%index.html}
score_today cat
"$COX" -C "$W" publish >/dev/null 2>&1
catnew=$(added "$catdir")
cattotal=$(cat "$catdir"/* | wc -c)
# the page as its reader sees it (an athlete's is compressed when sealed)
catplain=$(plaintext "$W" @cat | wc -c)
echo "# a new score added $new bytes of Ann's page of $total (30 weeks), $catnew of Cat's $cattotal (90 weeks; $catplain as read)"
[ "$new" -gt 0 ] && [ $((catnew * 100)) -le $((new * 120)) ] && [ $((catnew * 100)) -lt $((catplain * 35)) ] &&
	pass "a commit adds the new score's part of the page, the same with three times the history" ||
	fail "a commit adds the new score's part of the page, not the history" \
	    "Ann: $new of $total bytes; Cat: $catnew of $cattotal, $catplain as read"
like "$(plaintext "$W" @ann)" "<td>4</td>" "and the page opens with the new score"

# a piece lost from site/ is made again when its page is rendered
lost=$(echo "$after" | head -1)
rm -f "$dir/$lost"
"$COX" -C "$W" build --force >/dev/null 2>&1
[ -f "$dir/$lost" ] && pass "a piece removed by hand is written again by a build of its page" ||
	fail "a piece removed by hand is written again" "$lost is missing"

# a piece emptied by a power cut (site files are not synced) is too
: >"$dir/$lost"
"$COX" -C "$W" build --force >/dev/null 2>&1
[ -s "$dir/$lost" ] && pass "an emptied piece is written again by a build of its page" ||
	fail "an emptied piece is written again" "$lost is empty"

# a piece no page lists (a build killed after writing it, whose page is
# rendered again) goes when the page is, even unchanged, and what is not
# a piece's file stays
stray=0123456789abcdef0123456789abcdef.bin
: >"$dir/$stray"; : >"$dir/notes.txt"
"$COX" -C "$W" build --force >/dev/null 2>&1
is "$([ -e "$dir/$stray" ] && echo kept || echo gone) $([ -e "$dir/notes.txt" ] && echo kept || echo gone)" \
	"gone kept" "rendering an unchanged page removes a piece's file it does not list, and only that"
rm -f "$dir/notes.txt"

# opens_not HANDLE FILE NAME: WHO's magic link does not open FILE
opens_not() {
	if open_mjs "$2" \
	    "$("$COX" -C "$W" link --base x/ "@$1" | cut -f2)" >/dev/null 2>&1; then
		fail "$3" "it opened"
	else
		pass "$3"
	fi
}

# the list of pieces is bound to the page: a host cannot drop one
cp "$page" "$T/ann.html"
sed -i 's/"pieces":\["[0-9a-f]*",/"pieces":[/' "$page"
opens_not ann "$page" "a page whose list of pieces lost one does not open"
cp "$T/ann.html" "$page"

# a piece does not open as another page's
"$COX" -C "$W" roster add --name "Bea Other" --handle bea >/dev/null
"$COX" -C "$W" build >/dev/null 2>&1
bea=$(page_file "$W" @bea)
cp "$dir/$lost" "${bea%index.html}"
id=${lost%.bin}
sed -i "s/\"pieces\":\[/\"pieces\":[\"$id\",/" "$bea"
opens_not bea "$bea" "a piece copied to another page does not open there"

# the demo's Jane, whom the browser tests open in Chromium, has pieces
demo_workspace "$T/demo"
jane=$(page_file "$T/demo" @jdoe)
[ "$(ls "${jane%index.html}" | grep -c '\.bin$')" -ge 1 ] &&
	pass "the page the browser tests open is in pieces" ||
	fail "the page the browser tests open is in pieces" "$(ls "${jane%index.html}")"

# check-ins of months that are over: their rows of the season's table
# are in those months' pieces, not in the shell a check-in writes again
sql "$DB" "INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, soreness, created_at)
	SELECT p.id, date('now', 'start of month', '-' || k.m || ' months', '+2 days'), 2, 3, 3, 2, 0
	FROM person p, (SELECT 1 AS m UNION ALL SELECT 2 UNION ALL SELECT 3) k WHERE p.handle = 'ann'"
"$COX" -C "$W" build >/dev/null 2>&1
# last month as SQLite counts it, as the rows above were dated
month=$(sql "$DB" "SELECT strftime('%Y-%m', 'now', 'start of month', '-1 month')")
shell=$(shell_plaintext "$W" @ann)
like "$shell" '<!--cox:@mo-->' "the season's months that are over are a run of pieces in the shell"
unlike "$shell" "<th scope=\"row\">$(en_month "$month")</th>" "and last month's row is not in the shell itself"
like "$(plaintext "$W" @ann)" "<th scope=\"row\">$(en_month "$month")</th><td>1</td>" "but is in the page opened"
# the word to a coach who opens the page, and the athlete's own keys,
# change with who opens it, not with each score: in the readers' piece
unlike "$shell" 'class="as-reader"' "the note to a coach reading the page is not in the shell"
like "$(plaintext "$W" @ann)" '<p class="as-reader" data-own="[^"]*" hidden>' "but is in the page opened"

# a removed athlete's pieces go with the page
"$COX" -C "$W" roster remove @ann >/dev/null
"$COX" -C "$W" build >/dev/null 2>&1
[ ! -e "$dir" ] && pass "a removed athlete's page folder is gone, pieces and all" ||
	fail "a removed athlete's page folder is gone" "$(ls "$dir")"
done_testing
