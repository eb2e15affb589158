# Golden pages: fixed data and a fixed "now" render to exactly the HTML
# in tests/golden/ (decrypted, with random slugs and link secrets
# replaced, lines broken between tags).  UPDATE_GOLDEN=1 (make golden)
# rewrites the expected files after a deliberate change; review the
# diff before committing it.  No line of them passes 512 bytes.
. "$(dirname "$0")/lib.sh"
plan 7

G=$COX_DATADIR/tests/golden
W=$T/ws
workspace "$W"
conf_set "$W/cox.conf" team name "Golden Club"
conf_set "$W/cox.conf" sms from +441234567890
conf_set "$W/cox.conf" mail address "Golden Club <team@golden.example>"
"$COX" -C "$W" metric add technique --name Technique --scale 1-5 --rubric '**1** poor, **5** great' >/dev/null
"$COX" -C "$W" metric add fitness --name Fitness --scale 1-5 >/dev/null
"$COX" -C "$W" metric add erg --name "Erg score" --scale 1-10 >/dev/null
"$COX" -C "$W" roster add --name "Ann <Athlete> & Co" --handle ann --squad Seniors >/dev/null
"$COX" -C "$W" roster add --name "Bob Athlete" --handle bob --squad Juniors >/dev/null
"$COX" -C "$W" roster add --name "Cat Coach" --handle cat --role head_coach >/dev/null
sqlite3 -batch "$W/cox.db" <"$G/fixture.sql"
COX_NOW=1795262400 "$COX" -C "$W" build >/dev/null || { echo "Bail out! build failed"; exit 1; }

# Slugs and link secrets made alike; and lines broken between two tags
# that touch ("><") and between an SVG path's parts ("zM"), so that no
# line of the expected files is as long as a page's (lintian takes an
# HTML file with a line past 512 bytes for one made from a source it
# lacks: tests/golden/README) and a diff shows what moved.
normalise() { sed -E 's#a/[A-Za-z0-9_-]{16}/\#k=[A-Za-z0-9_-]{43}#a/SLUG/\#k=SECRET#g;
	s#coach/[0-9a-f]{24}/\#k=[A-Za-z0-9_-]{43}#coach/SQUAD/\#k=SECRET#g;
	s#coach/team/\#k=[A-Za-z0-9_-]{43}#coach/team/\#k=SECRET#g;
	s#><#>\n<#g; s#zM#z\nM#g'; }

for who in ann bob cat; do
	plaintext "$W" "@$who" | normalise >"$T/$who.html"
done
part_plaintext "$W" @cat Juniors | normalise >"$T/juniors.html"
part_plaintext "$W" @cat "Team overview" | normalise >"$T/team.html"
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
	cp "$T/ann.html" "$G/athlete-ann.html"
	cp "$T/bob.html" "$G/athlete-bob.html"
	cp "$T/cat.html" "$G/coach-home.html"
	cp "$T/juniors.html" "$G/coach.html"
	cp "$T/team.html" "$G/coach-team.html"
fi
for pair in ann:athlete-ann bob:athlete-bob cat:coach-home juniors:coach team:coach-team; do
	d=$(diff -u "$G/${pair#*:}.html" "$T/${pair%%:*}.html")
	is "$d" "" "${pair#*:}.html renders as expected"
done
is "$(cat "$G"/*.html | awk 'length($0) > 512' | wc -l)" 0 \
	"no line of the expected pages is longer than 512 bytes"
is "$(grep -c 'a/SLUG/#k=SECRET' "$T/juniors.html")" 4 \
	"a squad's part links its athlete from the matrix, waiting, flags and the last 28 days"

done_testing
