# A coach keeps the roster and the plan by email, in the words of a
# week of trying it (issue 73), each line answered with how it was
# read and what undoes it: an athlete added by name, number and squad
# (invited, their consent asked as [privacy] consent says), a number
# given by name as every command names athletes, moved and removed (a
# head coach's), an assistant kept to her own squad; a guardian's number
# never an athlete's; a weekday planned on its next occurrence not yet
# over, next week's in an email about next week, taken back by cancel,
# replaced by a corrected line; rest days stored as nothing planned;
# a polite word around a command no part of it.  The squad's load table
# says no "undefined" for a week without load, and marks what the
# blind rule holds till the day's end.
. "$(dirname "$0")/lib.sh"
plan 66

W=$T/ws
workspace "$W"
conf_set "$W/cox.conf" mail coaches "maggie@example.org, rosa@example.org"
conf_set "$W/cox.conf" mail authserv_id mx.club.example
conf_set "$W/cox.conf" site base_url https://club.example.org/team
conf_set "$W/cox.conf" team timezone UTC
conf_set "$W/cox.conf" mail address coxswain@club.example
cat >"$T/roster.csv" <<'EOF'
Name,Email,Mobile,Squad,Role,Birth date,Guardian name,Guardian phone,Consent texts,Consent wellness,Consent guardian
Maggie Hart,maggie@example.org,07700 900001,,Head coach,,,,,,
Rosa Diaz,rosa@example.org,07700 900002,Juniors,Coach,,,,,,
Ben Fletcher,,07700 900110,Seniors,Athlete,,,,2026-09-01,2026-09-01,
Tom Bennett,,07700 900111,Seniors,Athlete,,,,2026-09-01,2026-09-01,
Tom Hughes,,07700 900112,Seniors,Athlete,,,,2026-09-01,2026-09-01,
Jack Smith,,,Seniors,Athlete,,,,2026-09-01,2026-09-01,
Ellie Park,,07700 900210,Juniors,Athlete,2011-03-02,Sarah Park,07700 900221,2026-09-01,2026-09-01,2026-09-01
Lucy Ward,,07700 900211,Juniors,Athlete,,,,2026-09-01,2026-09-01,
EOF
"$COX" -C "$W" roster import "$T/roster.csv" >/dev/null ||
	{ echo "Bail out! the roster was not imported"; exit 1; }
"$COX" -C "$W" metric add technique --name Technique --scale 1-5 >/dev/null ||
	{ echo "Bail out! no metric"; exit 1; }
db=$W/cox.db
maggie="Maggie Hart <maggie@example.org>"
rosa="Rosa Diaz <rosa@example.org>"

# from FROM SUBJECT BODY: BODY from FROM, passed by DMARC as the club's
# server passes it (lib.sh's email), at COX_NOW when set
from() { email "From: $1" "Subject: $2" "Content-Type: text/plain; charset=utf-8" "$3"; }
person() {	# person HANDLE: "name role active phones squads"
	sql "$db" "SELECT p.name || ' ' || p.role || ' ' || p.active || ' ' ||
	    coalesce((SELECT group_concat(e164, ',') FROM phone WHERE person_id = p.id), '-') || ' ' ||
	    coalesce((SELECT group_concat(s.name, ',') FROM membership m JOIN squad s ON s.id = m.squad_id
	    WHERE m.person_id = p.id), '-') FROM person p WHERE p.handle = '$1'"
}
plans() { sql "$db" "SELECT s.name || ' ' || p.day || ' ' || p.slot || ' ' || p.minutes || ' ' ||
	p.intended_rpe || ' ' || p.description FROM planned_session p JOIN squad s ON s.id = p.squad_id
	ORDER BY p.day, p.slot, s.name"; }

# -- the roster, as the head coach wrote it from her phone
from "$maggie" team 'add Poppy Adams 07700 900141 Juniors'
r=$(reply)
like "$r" "Added Poppy Adams \(@padams\) to Juniors, \+447700900141\." \
	"add NAME NUMBER SQUAD adds the athlete, and says how it read the line"
is "$(person padams)" "Poppy Adams athlete 1 +447700900141 Juniors" \
	"stored: the name, an athlete, the number made E.164, the squad"
unlike "$r" "rating|ratings found|Not understood" "the line is no rating gone wrong"
is "$(sql "$db" "SELECT m.channel || ' ' || m.status FROM message m JOIN person p ON p.id = m.person_id
	WHERE p.handle = 'padams' AND m.kind = 'invite'")" "sms queued" \
	"she is invited by text, as cox invite does"
like "$r" "An invitation to set a password goes to them by text\." "and the answer says so"
like "$r" "Its page asks for their consent to texts: until they give it, nothing but the invitation goes to them\." \
	"with [privacy] consent = required, their consent is asked on the invitation's page"
like "$r" "If that is not who you meant: remove @padams" "and the line that undoes it"

from "$maggie" team 'number Poppy Adams 07700 900141'
like "$(reply)" "\+447700900141 is Poppy Adams's already\." "number by a full name, as pause and remind take"
from "$maggie" team 'number Jack 07700 900150'
like "$(reply)" "Added \+447700900150 to Jack Smith's numbers\." "number by a first name alone"
is "$(person jsmith)" "Jack Smith athlete 1 +447700900150 Seniors" "and stored"

# -- a guardian's number is never an athlete's
from "$maggie" team 'number @epark +447700900221'
like "$(reply)" "Not added: \+447700900221 is Ellie Park's guardian's number" \
	"the mother's number is refused for her daughter, saying whose it is"
from "$rosa" team 'number Ellie 07700 900221'
like "$(reply)" "Not added: \+447700900221 is Ellie Park's guardian's number" \
	"by name, by her squad's coach, too"
from "$maggie" team 'add Sarah Park 07700 900221 Juniors'
like "$(reply)" "Not added: \+447700900221 is Ellie Park's guardian's number" \
	"nor is it a new athlete's"
is "$(sql "$db" "SELECT count(*) FROM phone WHERE e164 = '+447700900221'")" 0 \
	"and it is no one's phone"
cox -C "$W" roster edit @epark --phone "07700 900210" --phone "07700 900221"
like "$err" "is also their guardian's.*--shared-phone" \
	"cox roster edit refuses it too, unless the operator says so"
cox -C "$W" roster edit @epark --phone "07700 900210" --phone "07700 900221" --shared-phone
is "$(person epark)" "Ellie Park athlete 1 +447700900210,+447700900221 Juniors" \
	"--shared-phone: one family phone, said by an operator"
cox -C "$W" roster edit @epark --phone "07700 900210"

# -- a command with a polite word around it
from "$maggie" team 'Lucy Ward: technique 3'
from "$maggie" team 'Remind juniors pls'
like "$(reply)" "^> Remind juniors pls
To Juniors: 1 texted" "Remind juniors pls reminds the squad"
is "$(sql "$db" "SELECT count(*) FROM message m JOIN person p ON p.id = m.person_id
	WHERE p.handle = 'lward' AND m.kind = 'reminder'")" 1 "Lucy, whose scores wait, is texted"
from "$maggie" team 'please pause Ben, thanks!'
is "$(sql "$db" "SELECT paused FROM person WHERE handle = 'bfletcher'")" 1 "please ..., thanks!: done"

# -- an assistant: her own squad only, and refusals name none but hers
from "$rosa" team 'add Zara Khan 07700 900160 Seniors'
like "$(reply)" "Not done: Seniors is not a squad you coach\." "an assistant adds to her squad only"
from "$rosa" team 'add Zara Khan 07700 900160'
like "$(reply)" "Added Zara Khan \(@zkhan\) to Juniors, \+447700900160\." \
	"with no squad named, to her only one"
unlike "$(reply)" "remove @zkhan" "no undo an assistant may not send"
from "$rosa" team 'number Ben 07700 900170\nmove Ben Juniors\nremove Lucy'
r=$(reply)
like "$r" "> number Ben 07700 900170
Not done: Ben is not one of your athletes\." "another squad's athlete is not hers to number"
like "$r" "> move Ben Juniors
Not done: Ben is not one of your athletes\." "nor to move"
unlike "$r" "Fletcher" "and his name is not told"
like "$r" "only a head coach removes an athlete" "remove is a head coach's"
is "$(person bfletcher)" "Ben Fletcher athlete 1 +447700900110 Seniors" "Ben is as he was"
is "$(person lward)" "Lucy Ward athlete 1 +447700900211 Juniors" "and so is Lucy"

# -- move and remove, undone by the lines the answers give
from "$maggie" team 'move Lucy to Seniors'
like "$(reply)" "Moved Lucy Ward \(@lward\) from Juniors to Seniors\.
To undo: move @lward Juniors" "move NAME to SQUAD, with its undo"
is "$(person lward)" "Lucy Ward athlete 1 +447700900211 Seniors" "stored"
from "$maggie" team 'move @lward Juniors'
is "$(person lward)" "Lucy Ward athlete 1 +447700900211 Juniors" "and undone"
from "$maggie" team 'move Tom Seniors'
like "$(reply)" "Tom could be more than one athlete" "a name two share is not guessed at"
tom=$(sql "$db" "SELECT id FROM person WHERE handle = 'thughes'")
from "$maggie" team 'remove Tom Hughes'
like "$(reply)" "Removed Tom Hughes \(@thughes\) from the roster, their history kept" "remove NAME"
like "$(reply)" "To undo: add Tom Hughes \+447700900112 Seniors" "with the add line that takes him back"
is "$(person thughes)" "Tom Hughes athlete 0 +447700900112 Seniors" "he is off the roster"
from "$maggie" team 'add Tom Hughes +447700900112 Seniors'
like "$(reply)" "Back on the roster: Tom Hughes \(@thughes\), in Seniors" "that line takes him back"
is "$(sql "$db" "SELECT id || ' ' || active FROM person WHERE handle = 'thughes'")" "$tom 1" \
	"the same person, his history kept"
from "$maggie" team 'add Ann Lee 07700 900110 Seniors\nadd Ann Lee 07700 900190 Juniorz'
r=$(reply)
like "$r" "Not added: \+447700900110 is Ben Fletcher's already \(@bfletcher\)\." \
	"a number already someone's is refused"
like "$r" "no squad of yours is called Juniorz \(yours: Juniors, Seniors\)" \
	"a squad misspelt is named back with the coach's squads"
is "$(sql "$db" "SELECT count(*) FROM person WHERE name = 'Ann Lee'")" 0 "nothing stored"

# -- the plan, written on a Saturday evening in an email about next week
sat=$(TZ=UTC date -d 'next saturday' +%F)
day() { TZ=UTC date -d "$sat $1 days" +%F; }
export COX_NOW=$(TZ=UTC date -d "$sat 19:30" +%s)
from "$maggie" "Plan for next week" 'Hi all,\n\nSession Sat am all: 2h rpe 6 long row\nSun: rest\n\nMaggie'
r=$(reply)
like "$r" "Planned for Juniors, $(en_date "$(day 7)") am: 120 min at RPE 6, long row\." \
	"Sat in an email about next week is next week's Saturday"
like "$r" "\(Sat is read as next week's, $(en_date "$(day 7)"), since your email is about next week" \
	"and the answer says how it was read"
is "$(sql "$db" "SELECT count(*) FROM planned_session WHERE day = '$sat'")" 0 \
	"nothing lands on the Saturday it was written"
like "$r" "A rest day on $(en_date "$(day 8)") for Juniors, Seniors: nothing is planned\." \
	"Sun: rest is understood, next week's Sunday"
unlike "$r" "Not understood|Not stored|no ratings" "no line of it refused"
is "$(plans)" "Juniors $(day 7) am 120 6 long row
Seniors $(day 7) am 120 6 long row" "a rest day stores nothing"

# -- ... and taken back by email, the same evening
from "$maggie" team 'cancel Sat am all'
r=$(reply)
like "$r" "Cancelled the plan for Juniors, $(en_date "$(day 7)") am: 120 min at RPE 6, long row\.
To plan it again: session $(day 7) am Juniors: 120 min, rpe 6, long row" \
	"cancel DAY am all takes the plan back, with the line that plans it again"
like "$r" "this morning is over" "Sat am on a Saturday evening: next week's, said"
is "$(plans)" "" "both squads' plans are gone"
from "$maggie" team "session $(day 7) am Juniors: 120 min, rpe 6, long row"
is "$(plans)" "Juniors $(day 7) am 120 6 long row" "the line the answer gave plans it again"
from "$maggie" team 'Session Sat am Juniors: 90 min rpe 5 long row'
like "$(reply)" "Replaced the plan for Juniors, $(en_date "$(day 7)") am: now 90 min at RPE 5" \
	"a corrected line replaces the plan"
is "$(plans)" "Juniors $(day 7) am 90 5 long row" "one plan, corrected"
from "$maggie" team 'session sun Seniors: 60 min rpe 3'
like "$(reply)" "Planned for Seniors, $(en_date "$(day 1)"): 60 min" \
	"Sun on a Saturday, not about next week: tomorrow"
from "$maggie" team 'rest Sunday'
r=$(reply)
like "$r" "Cancelled the plan for Seniors, $(en_date "$(day 1)"): 60 min at RPE 3\." \
	"rest DAY takes that day's plan away"
like "$r" "A rest day on $(en_date "$(day 1)") for Juniors, Seniors" "and says it is a rest day"
is "$(plans)" "Juniors $(day 7) am 90 5 long row" "what is left"
from "$maggie" team 'cancel sun'
like "$(reply)" "Nothing to cancel: no plan on $(en_date "$(day 1)")\." "a cancel that finds nothing says so"
unset COX_NOW

# -- the squad's load: no "undefined" for a week without load, and
# today's planned session marked as held till the day is over
from "$maggie" team 'session today Juniors: 60 min rpe 4'
cox -C "$W" sms try --keep @lward "rpe 8"
cox -C "$W" sms try --keep @epark "rpe 6 45"
"$COX" -C "$W" build >/dev/null 2>&1 || { echo "Bail out! build failed"; exit 1; }
part=$(part_plaintext "$W" @mhart Juniors)
load=$(printf '%s\n' "$part" | sed -n '/<section id="load"/,/<\/section>/p')
row() { printf '%s\n' "$load" | grep -o ">$1</a></th><td>.*</tr>" | head -1; }
like "$(row 'Lucy Ward')" "<td>0 <small>\+ today's planned sessions, once the day is over</small></td><td>–</td><td>–</td></tr>" \
	"a week whose only load waits for the day's end says so, and no 'undefined'"
like "$load" "Training load" "(the squad's load table)"
unlike "$load" "undefined" "nowhere in the squad's load table"

# -- a guardian's number, known only after it texted: never offered to
# the child its text names, by the dashboard or the digest
cox -C "$W" sms try --keep +447700900231 "Thanks, is that at the boathouse or the gym? Sarah (Lucy's mum)"
# the next morning's digest, within a day of the text: the next 07:05
# (today's when the test runs before it, since tomorrow's would come
# more than a day after a text sent after midnight)
tomorrow=$(TZ=UTC date -d 'today 07:05' +%s)
[ "$tomorrow" -gt "$(date +%s)" ] || tomorrow=$(TZ=UTC date -d 'tomorrow 07:05' +%s)
COX_NOW=$tomorrow run "$COX" -C "$W" digest --dry-run
like "$out" "number @HANDLE \+447700900231" "a number on no roster: the digest offers to add it"
cox -C "$W" roster edit @lward --minor yes --guardian-phone "07700 900231"
COX_NOW=$tomorrow run "$COX" -C "$W" digest --dry-run
like "$out" "\+447700900231, an athlete's guardian's number, texted: \"Thanks, is that" \
	"once it is a guardian's, the digest says whose kind of number it is"
unlike "$out" "number @HANDLE \+447700900231" "and offers to add it to no one"
"$COX" -C "$W" build >/dev/null 2>&1 || { echo "Bail out! build failed"; exit 1; }
team=$(part_plaintext "$W" @mhart "Team overview")
like "$team" "boathouse or the gym" "the team part shows the text"
unlike "$team" ">Add this number</a>" "with no link that adds the guardian's number to an athlete"
like "$team" "<p class=\"acts\"><a href=\"mailto:[^\"]*\">Archive</a></p>" "and still one that files it away"

done_testing
