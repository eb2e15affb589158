# Seat racing in one email: the demo's head coach pastes a sheet of six
# pieces (Lindig's published two-swaps example, the rowers given names)
# and is answered with each side's ranking by the two usual methods and
# by least squares; the published one-swap example gives its swaps; a second email, one piece a line with repeated
# crews, shows the pieces' noise and a pair it does not separate; a
# mistake refuses the whole race.  The results are kept, shown on the
# squad's part (decrypted: its members only), in a rower's export, and
# gone with their erasure.
. "$(dirname "$0")/lib.sh"
plan 58

W=$T/ws
demo_workspace "$W"
db=$W/cox.db
conf_set "$W/cox.conf" team timezone UTC
today=$(TZ=UTC date +%F)
tab=$(printf '\t')

# -- a sheet pasted in: a column a rower (named as rating lines name
# athletes: a first name, a surname, "Surname, First", without an
# accent, a handle), each row the boat they sat in and both boats' times
row() { local IFS=$tab; echo "$*"; }
sheet="Hi all,

bow: Jane; O'Neill; Okafor, Tom; Luis Garcia
stroke: @mchen; Oliver; Harry Wilson; Zoe

$(row Race Jane "O'Neill" "Okafor, Tom" "Luis Garcia" @mchen Oliver "Harry Wilson" Zoe Q R Margin)
$(row 1 R R Q Q R R Q Q 164.0 163.7 0.3)
$(row 2 Q R Q R R Q R Q 163.2 164.5 -1.3)
$(row 3 Q R R Q Q R R Q 167.4 160.5 6.9)
$(row 4 R R Q Q Q Q R R 160.6 167.4 -6.8)
$(row 5 Q R Q R Q R Q R 163.0 164.7 -1.7)
$(row 6 Q R R Q R Q Q R 162.8 164.8 -2.0)

Alex"
email "Subject: Seat racing" "$sheet"
r=$(reply)
like "$r" "^Seat racing: 6 pieces, 8 rowers, kept" "the sheet is read as a seat race and kept"
like "$r" "Bow side: 1\. Tom Okafor 16:16\.1 \(6 pieces\), 2\. Luis García 16:24\.0 \(6 pieces\), 3\. Sam O'Neill 16:25\.6 \(6 pieces\), 4\. Jane Doe 16:27\.5 \(6 pieces\)" \
	"bow side by total time, as the published ranking (c, d, b, a)"
like "$r" "Stroke side: 1\. Oliver Brown 16:15\.5 \(6 pieces\), 2\. Harry Wilson 16:22\.2 \(6 pieces\), 3\. Mei Chen 16:24\.0 \(6 pieces\), 4\. Zoe Novak 16:31\.5 \(6 pieces\)" \
	"stroke side too (2, 3, 1, 4)"
like "$r" "Least squares: a crew's time is the sum of its rowers' effects" "the least squares, said what it is"
like "$r" "Bow side: 1\. Tom Okafor -1\.8 s, 2\. Luis García \+0\.2 s" "with each rower's effect"
like "$r" "Noise: unknown, as there are no more times than unknowns" \
	"and no noise where every time is an unknown's"
like "$r" "man cox-mail, SEAT RACING" "the answer says where the methods are explained"
is "$(outcome)" "stored:" "the email is stored"
is "$(sql "$db" "SELECT r.day || ' ' || r.pieces || ' ' || coalesce(r.noise, 'none') || ' ' || c.handle
	FROM seat_race r JOIN person c ON c.id = r.coach_id")" "$today 6 none acarter" "the race is kept, the coach's, today"
is "$(sql "$db" "SELECT group_concat(p.handle || ':' || w.side || ':' || w.rank || ':' || w.total, ' ')
	FROM (SELECT * FROM seat_race_rower ORDER BY side, rank) w JOIN person p ON p.id = w.person_id")" \
	"tokafor:bow:1:9761 lgarcia:bow:2:9840 soneill:bow:3:9856 jdoe:bow:4:9875 obrown:stroke:1:9755 hwilson:stroke:2:9822 mchen:stroke:3:9840 znovak:stroke:4:9915" \
	"each rower's side, rank and total time in tenths"

# -- Lindig's one-swap example, the same rowers: the swaps and their lines
email "Subject: Seat racing (one swap)" "stroke: Mei; Oliver; Harry; Zoe
bow: Jane; O'Neill; Tom; Luis

$(row Race Jane "O'Neill" Tom Luis Mei Oliver Harry Zoe Q R)
$(row 1 R R Q Q R R Q Q 164.0 163.7)
$(row 2 R Q R Q R R Q Q 166.4 161.4)
$(row 3 R Q R Q R Q R Q 164.7 163.0)
$(row 4 R Q Q R R Q R Q 162.7 165.0)
$(row 5 R Q Q R R Q Q R 160.5 167.4)
$(row 6 R R Q Q R Q Q R 160.2 167.8)"
r=$(reply)
like "$r" "- pieces 1 and 2: Tom Okafor faster than Sam O'Neill by 4\.7 s
- pieces 1 and 6: Oliver Brown faster than Zoe Novak by 7\.9 s
- pieces 2 and 3: Oliver Brown faster than Harry Wilson by 3\.3 s" \
	"the published one-swap changes, race 6 against race 1 among them"
like "$r" "Bow side: Tom Okafor, Luis García \+4\.0 s, Sam O'Neill \+4\.7 s; never swapped: Jane Doe" \
	"c (faster by 4.0 than) d (faster by 0.7 than) b; a not observed"
like "$r" "Stroke side: Oliver Brown, Harry Wilson \+3\.3 s, Zoe Novak \+7\.9 s; never swapped: Mei Chen" \
	"2 (faster by 3.3 than) 3 (faster by 4.6 than) 4; 1 not observed"

# -- one piece a line, repeated crews: the noise, and a pair within it
email "Subject: Saturday" "seat racing

1: Jane, Sam 6:37.5 v Mei, Oliver 6:42.6
2. Jane, Mei 6:38.0  Sam, Oliver 6:42.0
Race 3: Jane Doe, Oliver 6:40.4 vs @soneill, Mei 6:39.6
4) Jane, Sam 6:37.9 - Mei, Brown 6:42.3
5 Jane, Mei 6:37.6 | Sam, Oliver 6:42.5"
r=$(reply)
like "$r" "^Seat racing: 5 pieces, 4 rowers, kept" "a race a line, read in the forms a coach writes"
like "$r" "All rowers: 1\. Jane Doe -2\.1 s, 2\. Sam O'Neill -0\.3 s, 3\. Mei Chen -0\.1 s, 4\. Oliver Brown \+2\.5 s" \
	"the effects by least squares, no sides given"
like "$r" "Noise \(the residual standard deviation of a crew's time, 2 degrees of freedom\): 0\.4 s\." \
	"the repeated crews show the noise"
like "$r" "- Sam O'Neill and Mei Chen: 0\.[12] s apart, less than the noise: not separable\." \
	"and the pair closer than it is not separable"
unlike "$r" "Jane Doe and Sam O'Neill: .*not separable" "a pair further apart is"
like "$r" "- pieces 4 and 5: Mei Chen faster than Sam O'Neill by 0\.5 s" "one swap's comparisons, each"
like "$r" "- pieces 1 and 5: Sam O'Neill faster than Mei Chen by 0\.2 s" "even where they disagree"
like "$r" "never swapped: Jane Doe" "and who was never swapped"

# -- a mistake refuses the whole race, the line marked
email "Subject: seat race" "1: Jane, Xavier 6:37.5 v Mei, Oliver 6:42.6
2: Jane, Mei 6:38.0 Sam, Oliver
3: Jane, Sam 6:37.5 v Mei, Oliver 6:42.6"
r=$(reply)
like "$r" "^Nothing of the seat racing was kept" "a mistake keeps nothing"
like "$r" "1: Jane, Xavier 6:37\.5 v Mei, Oliver 6:42\.6
\(!\) 'Xavier' is not one of your athletes" "a name nobody has is marked under its line"
like "$r" "2: Jane, Mei 6:38\.0 Sam, Oliver
\(!\) a piece is two crews, each with its time" "a piece without its second time too"
is "$(sql "$db" "SELECT count(*) FROM seat_race")" 3 "and nothing of it is kept"

# -- an email of thousands of bad lines: refused, its answer bounded
{ echo "Seat racing"; for i in $(seq 5000); do echo "$i: Jane, Sam 6:37.$((i % 10))"; done; } >"$T/many"
email "Subject: seat racing" "$(cat "$T/many")"
r=$(reply)
like "$r" "the email was read no further after 20 mistakes" "thousands of bad lines: reading stops at 20 mistakes"
is "$(printf '%s\n' "$r" | grep -c '^(!)')" 22 "and the answer marks those (and that no two pieces were read), not thousands"
{ echo "Seat racing"; for i in $(seq 45); do echo "$i: Jane, Sam 6:37.5 v Mei, Oliver 6:42.6"; done; } >"$T/many"
email "Subject: seat racing" "$(cat "$T/many")"
is "$(reply | grep -c 'too many pieces')" 1 "too many pieces, said once"
long=$(printf 'and so on %.0s' $(seq 1000))
email "Subject: seat racing" "1: Xavier, Sam 6:37.5 v Mei, Oliver 6:42.6 $long
2: Jane, Mei 6:38.0 v Sam, Oliver 6:42.0"
like "$(reply)" "1: Xavier, Sam 6:37\.5 v Mei, Oliver 6:42\.6 and so on" "a line of 10,000 characters is quoted back"
is "$(reply | awk 'length > 2000' | wc -l)" 0 "cut to what was read of it"
side="stroke: $(for i in $(seq 300); do printf 'X%d, ' "$i"; done)"
{ echo "Seat racing"; echo "1: Jane, Sam 6:37.5 v Mei, Oliver 6:42.6"; for i in $(seq 200); do echo "$side"; done; } >"$T/many"
email "Subject: seat racing" "$(cat "$T/many")"
# the first 32 names looked up (nobody's), each later line one problem
# until reading stops at 20, and too few pieces: not 60,000 lookups
is "$(reply | grep -c '^(!)')" 54 "60,000 names on the sides: 32 kept, a problem a line past them"
# crews of separators alone: a crew missing, not a race of no one
# (which could not be worked out, and was tried again and again)
email "Subject: seat racing" "1: , 7:02.3 v , 7:05.1
2: ; 7:03.0 v ; 7:04.0"
is "$rc:$(outcome)" "0:rejected:errors in the seat racing" "pieces of no rower are refused, not tried again"
like "$(reply)" "1: , 7:02\.3 v , 7:05\.1
\(!\) a crew is missing" "each marked a crew missing"
email "Subject: seat racing" "stroke: Jane, Mei
bow: Sam, Oliver, Jane Doe
1: Jane, Sam 6:37.5 v Mei, Oliver 6:42.6
2: Jane, Mei 6:38.0 v Sam, Oliver 6:42.0"
like "$(reply)" "bow: Sam, Oliver, Jane Doe
\(!\) Jane Doe is on both sides, stroke and bow" "a rower on both sides is refused, not put on one"
is "$(sql "$db" "SELECT count(*) FROM seat_race")" 3 "none of them is kept"

# -- the squad's part: its members' rows, fastest first, sealed
cox -C "$W" build
part=$(part_plaintext "$W" @acarter "Senior Men")
like "$part" '<h2 id="seat-h">Seat racing</h2>' "the squad's part has the seat racing"
like "$part" "<tr><th colspan=\"5\" scope=\"colgroup\">Bow side</th></tr>
<tr><th scope=\"row\">Tom Okafor</th><td>1</td><td>-1\.8</td><td>16:16\.1</td><td>–</td></tr>" \
	"each side's rowers under its name, with their rank, effect and total time"
like "$part" "<tr><th scope=\"row\">Sam O&#39;Neill <abbr title=\"not separable from the next\">≈</abbr></th><td>2</td><td>-0\.3</td>" \
	"a rower the noise does not separate from the next is marked"
like "$part" "Noise \(residual standard deviation of a crew's time\): 0\.4 s\." "with the noise"
like "$part" "<details><summary><time datetime=\"$today\">$(en_date "$today")</time>: 6 pieces</summary>" \
	"the older race folded, the newest open"
unlike "$part" "Zoe Novak" "a rower of another squad is not on this squad's part"
like "$(part_plaintext "$W" @acarter "Junior Women")" "<th scope=\"row\">Zoe Novak</th><td>4</td><td>\+2\.1</td>" \
	"but on her own squad's"

# -- a rower's export has their results; erasure takes them away
cox -C "$W" export person @tokafor --out "$T/tom"
like "$(cat "$T/tom/seat_race.csv")" "seat_race,day,pieces,side,rowed,total_time,effect,one_swap,rank,separable,noise\r?
1,$today,6,bow,6,976\.1,-1\.8,,1,," "Tom's export has his seat race, with every figure"
cox -C "$W" roster erase @tokafor --yes
is "$(sql "$db" "SELECT count(*) FROM seat_race_rower WHERE person_id = (SELECT id FROM person WHERE handle = 'tokafor')")" \
	"0" "his erasure deletes his seat-race rows"
is "$(sql "$db" "SELECT count(*) FROM seat_race_rower WHERE race_id = 1")" 7 "and leaves the others'"
# the emails of his races named him mid-line ("Okafor, Tom" in a sheet's
# header, "Tom" among the sides): those lines go, the others stay
seated=$(sql "$db" "SELECT body FROM message WHERE kind = 'seat_race' AND direction = 'in'")
unlike "$seated" "Okafor|Tom" "the emails of his seat races name him no more"
like "$seated" "stroke: Mei; Oliver; Harry; Zoe" "and keep the lines that did not name him"
is "$(grep -rlE 'Okafor|Tom;' "$W/mail" | wc -l)" 0 "nor do the copies of them kept"
cox -C "$W" build
unlike "$(part_plaintext "$W" @acarter "Senior Men")" "Tom Okafor" "nor is he on the squad's part any more"

# -- a coach's own squad only; erasing the coach leaves the race
email "From: Priya Shah <priya.coach@example.org>" "Subject: seat racing" "Chloé, Aisha 7:40.1 v Emma, Grace 7:42.0
Chloe, Emma 7:41.3 v Aisha, Grace 7:40.2
Jane, Emma 7:39.0 v Aisha, Grace 7:40.2"
like "$(reply)" "'Jane' is not one of your athletes" "an assistant names only the athletes of her squads"
email "From: Priya Shah <priya.coach@example.org>" "Subject: seat racing" "Chloé, Aisha 7:40.1 v Emma, Grace 7:42.0
Chloe, Emma 7:41.3 v Aisha, Grace 7:40.2"
like "$(reply)" "^Seat racing: 2 pieces, 4 rowers, kept" "and is answered for them"
cox -C "$W" roster erase @pshah --yes
is "$(sql "$db" "SELECT count(*) || ' ' || count(coach_id) FROM seat_race WHERE pieces = 2")" "1 0" \
	"her erasure leaves her race, run by a former coach"

# -- kept as ratings are: cox prune takes a race past keep_ratings_months
sql "$db" "UPDATE seat_race SET day = '2020-01-01' WHERE id = 1"
conf_set "$W/cox.conf" privacy keep_ratings_months 12
cox -C "$W" prune
like "$out" "and 1 seat races past their time" "cox prune deletes a seat race past its time"
is "$(sql "$db" "SELECT count(*) FROM seat_race_rower WHERE race_id = 1") $(sql "$db" "SELECT count(*) FROM seat_race")" \
	"0 3" "with its rowers' rows, and keeps the newer races"

# -- worked by hand: four rowers in pairs, every pairing once, each
# time exact (six times, six unknowns once the effects add up to 0):
# Jane + Harry = -0.5 from piece 1, Jane + Oliver = -0.1 from piece 2,
# Jane + Mei = -0.35 from piece 3, so Jane -0.475, Harry -0.025, Mei
# +0.125, Oliver +0.375; pieces 1 and 2 swap Harry and Oliver, the
# margin going from +1.0 to +0.2: Harry faster by 0.8
email "Subject: seat racing" "1: Jane, Harry 100.0 v Oliver, Mei 101.0
2: Jane, Oliver 100.5 v Harry, Mei 100.7
3: Jane, Mei 100.2 v Harry, Oliver 100.9"
r=$(reply)
like "$r" "All rowers: 1\. Jane Doe -0\.5 s, 2\. Harry Wilson 0\.0 s, 3\. Mei Chen \+0\.1 s, 4\. Oliver Brown \+0\.4 s" \
	"the least squares as worked by hand, -0.025 written 0.0, not -0.0"
like "$r" "1\. Jane Doe 5:00\.7 \(3 pieces\), 2\. Harry Wilson 5:01\.6 \(3 pieces\), 3\. Mei Chen 5:01\.9 \(3 pieces\), 4\. Oliver Brown 5:02\.4 \(3 pieces\)" \
	"the totals as added by hand"
like "$r" "- pieces 1 and 2: Harry Wilson faster than Oliver Brown by 0\.8 s" "the one swap as worked by hand"
is "$(sql "$db" "SELECT group_concat(p.handle || ':' || w.effect, ' ') FROM (SELECT * FROM seat_race_rower
	WHERE race_id = (SELECT max(id) FROM seat_race) ORDER BY rank) w JOIN person p ON p.id = w.person_id")" \
	"jdoe:-48 hwilson:-2 mchen:12 obrown:37" "and kept in hundredths"

done_testing
