# A coach's planned sessions, blind against the athletes' efforts: a
# plan emailed a line at a time (phone forms, weekdays, tomorrow) or as
# a CSV is stored and answered line by line, a refused line with its
# reason; a later plan for the same squad, day and slot replaces it.
# "rpe 7" texted on a planned day takes the plan's minutes.  The
# intended RPE is absent from the athlete's decrypted page until she
# has answered, and her effort absent from the squad's part until the
# session's day is over.
. "$(dirname "$0")/lib.sh"
plan 47

W=$T/ws
demo_sms "$W" https://sms.riverside.example twilio-test-token
db=$W/cox.db
# the demo's invented sessions out: this test's are worked by hand
sql "$db" "DELETE FROM session_rpe"
conf_set "$W/cox.conf" team timezone UTC
conf_set "$W/cox.conf" mail authserv_id mx.club.example
mkdir -p "$W/hooks"
printf '#!/bin/sh\nexit 0\n' >"$W/hooks/post-ingest"
chmod +x "$W/hooks/post-ingest"
jane=$(sql "$db" "SELECT id FROM person WHERE handle = 'jdoe'")
today=$(TZ=UTC date +%F)
tomorrow=$(TZ=UTC date -d tomorrow +%F)
yesterday=$(TZ=UTC date -d yesterday +%F)
# the weekday two days on, written as a phone writes it ("Thu")
wd=$(TZ=UTC LC_ALL=C date -d '+2 days' +%a)
wd_day=$(TZ=UTC date -d '+2 days' +%F)

n=0
# plan_email FROM BODY [CSV]: a dmarc=pass email (email) of two parts,
# BODY and CSV attached if given; its Message-ID is <pN@example.org>
plan_email() {
	local csv=
	n=$((n + 1))
	[ -z "${3:-}" ] ||
		csv="--b\nContent-Type: text/csv\nContent-Disposition: attachment; filename=\"plan.csv\"\n\n$3\n"
	email "From: $1" "Subject: plan" "Message-ID: <p$n@example.org>" "MIME-Version: 1.0" \
		'Content-Type: multipart/mixed; boundary="b"' "--b\nContent-Type: text/plain\n\n$2\n$csv--b--"
}
alex="Alex Carter <head.coach@example.org>"
priya="Priya Shah <priya.coach@example.org>"
plans() { sql "$db" "SELECT s.name || ' ' || p.day || ' ' || p.slot || ' ' || p.minutes || ' ' ||
	p.intended_rpe || ' ' || p.description FROM planned_session p JOIN squad s ON s.id = p.squad_id
	ORDER BY p.day, p.slot, s.name"; }

# -- a week's plan in one email, in the forms phones write
plan_email "$alex" "Hi all,\n\nsession $today am Senior Men: 90 min, rpe 4, steady state
Session $wd pm senior men: 60' rpe 7 race pace
session tomorrow all: 1h30, rpe 3
session $yesterday Senior Men: 60 min, rpe 5
session $today pm Senior Men: rpe 4
session $today Nowhere: 60 min, rpe 4
session someday Senior Men: 60 min, rpe 4

Alex"
r=$(reply)
like "$r" "Planned for Senior Men, $(en_date "$today") am: 90 min at RPE 4, steady state\." \
	"a dated line is stored and said in words"
like "$r" "Planned for Senior Men, $(en_date "$wd_day") pm: 60 min at RPE 7, race pace\." \
	"a weekday is the next such day, 60' is minutes, any case of the squad"
like "$r" "Planned for Junior Women, $(en_date "$tomorrow"): 90 min at RPE 3\." \
	"tomorrow, all: every squad the head coach has (1h30 is 90 min)"
like "$r" "Planned for Senior Men, $(en_date "$tomorrow"): 90 min at RPE 3\." "both of them"
like "$r" "Not stored: $yesterday is over" "a day that is over is refused, with the reason"
like "$r" "> session $today pm Senior Men: rpe 4
Not understood, so nothing was done: give the minutes" "a line without minutes is refused, quoted back"
like "$r" "no squad is called Nowhere" "an unknown squad is refused"
like "$r" "start with the day" "a day not understood is refused"
is "$(plans)" "Senior Men $today am 90 4 steady state
Junior Women $tomorrow  90 3 
Senior Men $tomorrow  90 3 
Senior Men $wd_day pm 60 7 race pace" "the plans stored, nothing of the refused lines"
is "$(sql "$db" "SELECT count(*) FROM planned_session p JOIN message m ON m.id = p.message_id
	WHERE m.provider_id = 'p1@example.org' AND p.coach_id = 1")" 4 \
	"each row names the coach and the email it came in"
is "$(sql "$db" "SELECT kind || ' ' || status FROM message WHERE provider_id = 'p1@example.org'")" \
	"commands stored" "the email is kept as commands"

# -- a coach of one squad: no squad named means hers; another's is refused
plan_email "$priya" "session tomorrow am: 45 min rpe 2 technique"
like "$(reply)" "Planned for Junior Women, $(en_date "$tomorrow") am: 45 min at RPE 2, technique\." \
	"no squad named: the coach's only squad"
plan_email "$priya" "session tomorrow am Senior Men: 45 min rpe 2"
like "$(reply)" "Senior Men is not a squad you coach" "another coach's squad is refused"
plan_email "$alex" "session tomorrow am: 45 min rpe 2"
like "$(reply)" "you coach 2 squads; name one" "with several squads, the squad must be named"

# -- a correction replaces the plan of that squad, day and slot
plan_email "$alex" "session $today am Senior Men: 80 min, rpe 3, steady state"
like "$(reply)" "Replaced the plan for Senior Men, $(en_date "$today") am: now 80 min at RPE 3" \
	"a second plan for the same squad, day and slot is a correction"
is "$(sql "$db" "SELECT minutes || ' ' || intended_rpe FROM planned_session p JOIN squad s
	ON s.id = p.squad_id WHERE s.name = 'Senior Men' AND day = '$today' AND slot = 'am'")" "80 3" \
	"and replaces it, one row"

# -- a CSV of plans (its rows read as the lines they stand for)
plan_email "$alex" "The week attached." "Date,Slot,Squad,Minutes,RPE,Description
$wd_day,am,Junior Women,75,6,\"2 x 20 min, rate 22\"
$wd_day,xx,Junior Women,75,6,
$wd_day,,Junior Women,seventy,6,"
r=$(reply)
like "$r" "Planned for Junior Women, $(en_date "$wd_day") am: 75 min at RPE 6, 2 x 20 min rate 22\." \
	"a CSV row is stored; a number in the description is not the minutes"
like "$r" "> session $wd_day xx Junior Women: 75 min, rpe 6," "a bad row is quoted back as a line"
like "$r" "no squad is called xx Junior Women" "with its reason"
like "$r" "give the minutes" "minutes that are not a number are refused"
is "$(sql "$db" "SELECT count(*) FROM planned_session WHERE day = '$wd_day'")" 2 \
	"the CSV's good row is stored beside the week's"
# a date in the other order of day and month than the team's country
# writes is not a day, not a day that is over
plan_email "$alex" "session 11/28 Junior Women: 60 min, rpe 4"
like "$(reply)" "Not understood, so nothing was done: start with the day" \
	"11/28 in a country that writes the day first is not read, and said so"
unlike "$(reply)" "is over" "and is not called a day that is over"
# a French spreadsheet's headers, and its semicolons
plan_email "$alex" "La semaine." "Date;Créneau;Groupe;Durée;RPE;Contenu
$wd_day;pm;Junior Women;45;3;footing"
like "$(reply)" "Planned for Junior Women, $(en_date "$wd_day") pm: 45 min at RPE 3, footing\." \
	"a CSV whose headers are French (Créneau, Groupe, Durée, Contenu) is a plan"

# -- a coach who reads French is answered with the day as French writes it
sql "$db" "UPDATE person SET language = 'fr' WHERE handle = 'pshah'"
plan_email "$priya" "session $(TZ=UTC date -d '+9 days' +%F) pm: 30 min rpe 2"
like "$(reply)" "Prévu pour Junior Women, [0-9]+(er)? [a-zéû]+\.? 20[0-9]{2} soir.{1,3}: 30 min au RPE 2\." \
	"a French coach's plan is answered with a French date"

# -- a day as the team's country writes it, without a year: the next
# such day (a British team's 02/12 is the 2nd of December)
plan_email "$priya" "séance $(TZ=UTC date -d '+10 days' +%d/%m) soir: 40 min rpe 3"
like "$(reply)" "Prévu pour Junior Women, [^:]* 20[0-9]{2} soir.{1,3}: 40 min au RPE 3\." \
	"a French coach's day and month, no year, is the day ahead"
is "$(sql "$db" "SELECT day FROM planned_session WHERE minutes = 40")" "$(TZ=UTC date -d '+10 days' +%F)" \
	"and is stored for that day"

# -- before she answers: the plan is on her page, its RPE is not
cox -C "$W" build
page=$(plaintext "$W" @jdoe)
like "$page" '<h2 id="plan-h">Planned and felt effort</h2>' "the athlete's page has the plan"
like "$page" "<td>80</td><td>once you send yours</td><td>none yet</td><td>steady state</td>" \
	"today's session without its planned RPE"
unlike "$page" "<td>80</td><td>3</td>" "the planned RPE is absent from the decrypted page"
unlike "$page" 'class="chart plan"[^<]*<title>[^<]*</title>(<[^>]*>)*<circle[^>]*class="coach"' \
	"and from its chart"
other=$(plaintext "$W" @cmartin)
like "$other" "<td>45</td><td>once you send yours</td>" "another squad's athlete sees her own squad's plan"
unlike "$other" "steady state" "and not Senior Men's"

# -- the athlete answers: rpe 7 takes the plan's minutes and slot
sms_start "$W"
text +447700900101 plan1 "rpe 7"
like "$out" "<Message>Session: RPE 7 x 80 min = load 560\. The plan was RPE 3\. Thanks!</Message>" \
	"rpe 7 on a planned day takes the plan's minutes, and says the plan's RPE now"
is "$(sql "$db" "SELECT day || ' ' || slot || ' ' || rpe || ' ' || minutes FROM session_rpe
	WHERE athlete_id = $jane")" "$today am 7 80" "stored with the plan's minutes and slot"
sms_stop

cox -C "$W" build
page=$(plaintext "$W" @jdoe)
like "$page" "<td>80</td><td>3</td><td>7</td><td>steady state</td>" \
	"once she has answered, her page shows the plan's RPE beside hers"
like "$page" "<td>60</td><td>once you send yours</td>" "the sessions she has not answered stay blind"
like "$page" "Your easy sessions \(planned RPE 3 or less\) felt harder than planned \(by 2 or more\) on 1 of 1\." \
	"over the weeks, in words"
like "$page" '<svg class="chart plan"[^>]*role="img"><title>Planned against felt effort' \
	"a chart with a text alternative"
part=$(part_plaintext "$W" @acarter "Senior Men")
like "$part" "<td>80</td><td>3</td><td>after the day</td>" \
	"the squad's part has the plan, her effort not before the day is over"
unlike "$part" "7\.0 \(1 answer\)" "her value is absent from the coach's part"
unlike "$part" ">Jane Doe</a></th><td>560</td>" "and from its load table (7 x the plan's 80 minutes)"

tomorrow_noon=$(TZ=UTC date -d "$tomorrow 12:00" +%s)
COX_NOW=$tomorrow_noon cox -C "$W" build
part=$(COX_NOW=$tomorrow_noon part_plaintext "$W" @acarter "Senior Men")
like "$part" "<td>80</td><td>3</td><td>7\.0 \(1 answer\)</td><td>steady state</td>" \
	"once the day is over the part shows it, with no change stored meanwhile"
like "$part" "Easy sessions \(planned RPE 3 or less\) felt harder than planned \(by 2 or more\) in 1 of 1 answers\." \
	"and the squad's weeks in words"
like "$part" ">Jane Doe</a></th><td>560</td>" "and her session's load in the squad's load table"
golden=$(plaintext "$W" @soneill)
like "$golden" "plan-h" "a squad-mate with no answer sees the plan too"
# the session's slot in the reader's words
sql "$db" "UPDATE person SET language = 'fr' WHERE handle = 'jdoe'"
cox -C "$W" build
page=$(plaintext "$W" @jdoe | tr '\n' '~')
like "$page" "<text [^>]*class=\"label\">[^<]* matin</text>.*<th scope=\"row\">[^<]* matin</th>" \
	"a French athlete's chart and table say matin, not am"

done_testing
