# Words that are right (issue 73, item 5): what the dashboard says and
# offers is what is so.  A squad part offers "remind" only beside an
# athlete a text reaches and whose prompts are not paused, "invite
# again" only beside an athlete (never a coach, who reads the page
# already); the roster's Texts column says whose consent is missing,
# the athlete's own or a minor's guardian's.  The team's part, which
# shows the rows of athletes in no squad alone, does not say "no
# ratings" of the team on a day the squads' parts show many.
. "$(dirname "$0")/lib.sh"
need_browser
plan 14

W=$T/ws
demo_workspace "$W"
db=$W/cox.db
conf_set "$W/cox.conf" privacy consent required
id() { sql "$db" "SELECT id FROM person WHERE handle = '$1'"; }
# links HTML: the commands the page's mailto links would send, one a line
links() { printf '%s' "$1" | grep -o 'mailto:[^"]*body=[a-z]*%20%40[a-z]*' |
	sed 's/.*body=//; s/%20%40/ @/' | sort -u; }

# Jane, Tom, Oliver and Luis owe an answer to the coach's scores; Tom's
# prompts are paused, Oliver has no number, Luis has not agreed to
# texts; Sam is a minor whose guardian has not agreed
for h in jdoe tokafor obrown lgarcia; do
	sql "$db" "INSERT INTO rating (athlete_id, metric_id, source, rater_id, score, rated_on, created_at)
		SELECT $(id "$h"), id, 'coach', $(id acarter), 4, date('now'), strftime('%s', 'now')
		FROM metric ORDER BY position LIMIT 1"
done
sql "$db" "UPDATE person SET paused = 1 WHERE handle = 'tokafor';
	DELETE FROM phone WHERE person_id = $(id obrown);
	DELETE FROM consent WHERE person_id = $(id lgarcia)"
cox -C "$W" roster edit @soneill --minor yes --guardian-name "Ann O'Neill" --guardian-phone "+44 7700 900150"
cox -C "$W" build
page=$(part_plaintext "$W" acarter "Senior Men")
do=$(links "$page")

like "$do" "^remind @jdoe$" "remind is offered beside an athlete a text reaches"
unlike "$do" "^remind @tokafor$" "not beside one whose prompts are paused"
unlike "$do" "^remind @obrown$" "nor beside one with no number"
unlike "$do" "^remind @lgarcia$" "nor beside one who has not agreed to texts"
like "$do" "^invite @jdoe$" "an athlete with no password is offered an invitation"
unlike "$do" "^invite @(acarter|pshah)$" "a coach never is: she reads this page already"
row() { printf '%s\n' "$page" | grep "<td data-label=\"Handle\">@$1<" | grep -o '<td data-label="Texts">[^<]*'; }
is "$(row lgarcia)" '<td data-label="Texts">their own consent not recorded' \
	"the roster says it is the athlete's own consent that is missing"
like "$(row soneill)" "^<td data-label=\"Texts\">their guardian&#39;s consent not recorded;" \
	"and for a minor, when theirs is there, that it is the guardian's"
is "$(row jdoe)" '<td data-label="Texts">yes' "and yes where texts reach"

# the demo's athletes are all in squads, and rated: the team's part has
# no row of theirs and says why, instead of "no ratings"
team=$(part_plaintext "$W" acarter "Team overview" | sed 's/<[^>]*>//g')
unlike "$team" "No ratings from the coaches" "the team's part does not say there are no ratings"
like "$team" "No ratings in the last 8 weeks of the athletes in no squad; each squad's rounds are in its own part" \
	"it says its rounds are those of athletes in no squad"
like "$team" "Every athlete is in a squad: their ratings are in the squads' parts" \
	"and why its ratings table is empty"

# a coach's "remind" that reaches no one says whose consent is missing
conf_set "$W/cox.conf" mail authserv_id mx.club.example
coach_email "$W" "remind @lgarcia"
r=$(reply)
like "$r" "0 texted;.* 1 whom no text reaches" "remind @lgarcia texts nobody"
like "$r" "^- Luis García \\(their own consent to texts is not recorded yet: no text reaches them, ask in person\\)$" \
	"and says it is his own consent that is missing"
