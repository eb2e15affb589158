# Who can open a page, said on the page: an athlete's page and a part
# of the dashboard end with the people whose registered keys open them
# and the page's magic link with the day it was made.  The list is the
# one the page is sealed to: it matches both what the database says
# should open the page and the keys in the page's own payload, and it
# follows a coach who joins the athlete's squad and leaves it again.
# In Chromium at 390x844 the section shows at the end of the page.
. "$(dirname "$0")/lib.sh"
plan 21

W=$T/ws
db=$W/cox.db
workspace "$W"
"$COX" -C "$W" metric add technique --name Technique >/dev/null
"$COX" -C "$W" roster add --name "Ann <Athlete>" --handle ann --squad Juniors >/dev/null
"$COX" -C "$W" roster add --name "Bob Athlete" --handle bob --squad Seniors >/dev/null
"$COX" -C "$W" roster add --name "Cat Coach" --handle cat --role coach --squad Juniors >/dev/null
"$COX" -C "$W" roster add --name "Dan Coach" --handle dan --role coach --squad Seniors >/dev/null
"$COX" -C "$W" roster add --name "Eve Coach" --handle eve --role coach --squad Juniors >/dev/null
"$COX" -C "$W" roster add --name "Hal Head" --handle hal --role head_coach >/dev/null
# everyone but Eve has set a password: a key pair of libsodium.js's
for h in ann bob cat dan hal; do
	read -r pk _ < <(node "$COX_DATADIR/tests/browser/sealed.mjs" keypair)
	sql "$db" "INSERT INTO person_key (person_id, public_key, wrapped_secret, created_at)
		SELECT id, X'$pk', '{}', 1 FROM person WHERE handle = '$h'"
done
build() {	# build DAY: cox build as of noon UTC that day
	COX_NOW=$(date -u -d "$1 12:00" +%s) run "$COX" -C "$W" build
	[ "$rc" = 0 ] || { echo "Bail out! cox build failed: $err"; exit 1; }
}
build 2026-11-21

# readers PLAINTEXT: the lines of its "Who can open this page"
readers() {
	printf '%s\n' "$1" | sed -n '/<section class="readers"/,/<\/section>/p' |
		sed -n 's#^<ul class="plain"><li>\(.*\)</li></ul>$#\1#p' | sed 's#</li><li>#\n#g'
}
# names LINES: the people of readers' lines, sorted
names() {
	printf '%s\n' "$1" | grep -v "link, made" |
		sed 's/ (you)$//; s/, coach$//; s/, head coach$//' | sort
}
# should WHO: who the database says opens WHO's page (their own key,
# their squads' coaches' and the head coaches', unrevoked), escaped
should() {
	sql "$db" "SELECT replace(replace(p.name, '&', '&amp;'), '<', '&lt;')
		FROM person p WHERE p.active = 1 AND EXISTS (SELECT 1 FROM person_key k
		WHERE k.person_id = p.id AND k.revoked_at IS NULL) AND (p.handle = '$1'
		OR p.role = 'head_coach' OR (p.role = 'coach' AND p.id IN (SELECT mc.person_id
		FROM membership ma JOIN membership mc ON mc.squad_id = ma.squad_id
		JOIN person a ON a.id = ma.person_id WHERE a.handle = '$1')))" |
		sed 's/>/\&gt;/g' | sort
}
# sealed FILE: whose are the keys FILE's payload is sealed to, escaped
sealed() {
	local pk
	for pk in $(python3 -c 'import base64, json, re, sys
p = json.loads(re.search(r"id=\"payload\">([^<]*)<", open(sys.argv[1]).read())[1])
for e in p["keys"]:
	if e["type"] == "person":
		print(base64.b64decode(e["public_key"]).hex().upper())' "$1"); do
		sql "$db" "SELECT replace(replace(p.name, '&', '&amp;'), '<', '&lt;') FROM person p
			JOIN person_key k ON k.person_id = p.id WHERE hex(k.public_key) = '$pk'"
	done | sed 's/>/\&gt;/g' | sort
}

# ann_should DAY COACH...: what Ann's page is to list, its link made DAY
ann_should() {
	local day=$1
	shift
	echo "Ann &lt;Athlete&gt; (you)"
	printf '%s, coach\n' "$@"
	echo "Hal Head, head coach"
	echo "Anyone with this page&#39;s link, made $day"
}

ann=$(readers "$(plaintext "$W" @ann)")
is "$ann" "$(ann_should "21 Nov 2026" "Cat Coach")" \
	"Ann's page ends with herself, her squad's coach, the head coach and her link, escaped"
is "$(names "$ann")" "$(should ann)" "exactly who the database says opens it"
is "$(names "$ann")" "$(sealed "$(page_file "$W" @ann)")" "exactly whose keys its payload holds"
unlike "$ann" "Eve Coach|Dan Coach|Bob" "not a coach with no password, nor another squad's"
bob=$(readers "$(plaintext "$W" @bob)")
is "$(names "$bob")" "$(should bob)" "Bob's, of the other squad, lists who opens his"
is "$(printf '%s\n' "$bob" | head -3)" "Bob Athlete (you)
Dan Coach, coach
Hal Head, head coach" "his own coach among them"
juniors=$(readers "$(part_plaintext "$W" @hal Juniors)")
is "$juniors" "Cat Coach, coach
Hal Head, head coach
Anyone with this page&#39;s link, made 21 Nov 2026" "the Juniors' part says the same of itself"
is "$(names "$juniors")" "$(sealed "$W/site/$(part_link "$W" @hal Juniors | sed 's/#.*//')index.html")" \
	"and it is whose keys it is sealed to"

# -- a build with no athlete's page to make, only the dashboard and so
# the coaches' pages (as when a text comes in from a number nobody
# has): its parts are sealed to the head coach still, and the same
team_file=$W/site/$(part_link "$W" @hal "Team overview" | sed 's/#.*//')index.html
before=$(cksum <"$team_file")
sql "$db" "INSERT OR IGNORE INTO dirty VALUES (0)"
build 2026-11-21
is "$(sealed "$team_file")" "Hal Head" "a build with no athlete's page seals the team's part to the head coach"
is "$(cksum <"$team_file")" "$before" "the same file as before: nothing it is sealed to changed"

# -- Dan joins Ann's squad: her page and the Juniors' part list him
run "$COX" -C "$W" roster edit @dan --squad Juniors --squad Seniors
build 2026-11-22
ann=$(readers "$(plaintext "$W" @ann)")
is "$ann" "$(ann_should "21 Nov 2026" "Cat Coach" "Dan Coach")" "a coach who joins Ann's squad is on her page after a build"
is "$(names "$ann")" "$(should ann)" "as the database says"
is "$(names "$ann")" "$(sealed "$(page_file "$W" @ann)")" "and her page is sealed to his key"
like "$(readers "$(part_plaintext "$W" @hal Juniors)")" "Dan Coach, coach" "and the Juniors' part lists him"

# -- and leaves it: gone from the list, and the page has a new link
run "$COX" -C "$W" roster edit @dan --squad Seniors
build 2026-11-23
ann=$(readers "$(plaintext "$W" @ann)")
is "$ann" "$(ann_should "23 Nov 2026" "Cat Coach")" \
	"when he leaves it he is gone, and the page has a new link, made that day"
is "$(names "$ann")" "$(sealed "$(page_file "$W" @ann)")" "as its payload says"
unlike "$(readers "$(part_plaintext "$W" @hal Juniors)")" "Dan Coach" "and he is gone from the part"

# -- a coach renamed is renamed on the pages that name him
run "$COX" -C "$W" roster edit @cat --name "Cat Coachman"
build 2026-11-23
like "$(readers "$(plaintext "$W" @ann)")" "^Cat Coachman, coach$" "a coach's new name reaches his athletes' pages"

# -- Chromium at 390x844: the section is there and shows
if [ -x "${CHROMIUM:-/usr/bin/chromium}" ] &&
	[ -d "$COX_DATADIR/tests/browser/node_modules/playwright-core" ]; then
	preview_start "$W"
	link=$("$COX" -C "$W" link --base x/ @ann | cut -f2 | sed 's|^x/||')
	shown=$(BASE=$PREVIEW_URL PAGE=$link node "$COX_DATADIR/tests/browser/readers.mjs" 2>&1)
	is "$(printf '%s\n' "$shown" | grep -v '^item ')" "opened true
visible true
last true
fits true" "in Chromium at 390x844 the page opens and ends with the section, on screen, within its width"
	is "$(printf '%s\n' "$shown" | sed -n 's/^item //p')" "Ann <Athlete> (you)
Cat Coachman, coach
Hal Head, head coach
Anyone with this page's link, made 23 Nov 2026" "listing the same people and link"
else
	pass "in Chromium at 390x844 # SKIP needs chromium and npm ci in tests/browser"
	pass "listing the same # SKIP needs chromium"
fi
is "$(sql "$db" "SELECT count(*) FROM person_key WHERE revoked_at IS NULL")" 5 \
	"no key was revoked on the way"

done_testing
