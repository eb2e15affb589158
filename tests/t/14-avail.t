# Who is coming, played over a week: the head coach asks about two
# sessions by email (one as a plan line with avail after it); each
# athlete of the squads gets one text of one segment in their language
# (a paused one none, a minor's guardian a copy); twelve athletes answer
# as people answer (in, out, yes, no, y, n, maybe, late 7:15, can't make
# it, a thumb up and down, in French, a change of mind, a guardian for
# her athlete, a day named, a calendar's Accept); each text is
# confirmed with its day; an assistant may ask for her own squad only;
# a change of time texts everyone asked and keeps their answers, a
# cancellation tells them; who answers with the names; the squad's
# part, decrypted, lists them beside the planned load and fits a
# phone; the digest lists tomorrow's session with its counts, who has
# not answered and the line that reminds them; one reminder goes, out
# of the quiet hours, once; silence counts as in where a squad says
# so; attendance is corrected by email and exported with stable
# columns; a person's own export and erasure include their answers.
. "$(dirname "$0")/lib.sh"
plan 76

W=$T/ws
demo_sms "$W" https://sms.riverside.example tok-14
db=$W/cox.db
conf_set "$W/cox.conf" team timezone UTC
conf_set "$W/cox.conf" mail authserv_id mx.club.example
conf_del "$W/cox.conf" digest off
# no digest or reminder by the daemon's own clock while the texts come
# in (after 07:00 its minute tick would send the day's digest before the
# sessions are planned): the test's clock (COX_NOW) says when one is
# due, below, with the digest at 07:00 then
digest_not_due "$W/cox.conf"
conf_set "$W/cox.conf" avail remind_hours 0
mkdir -p "$W/hooks"
printf '#!/bin/sh\nexit 0\n' >"$W/hooks/post-ingest"
chmod +x "$W/hooks/post-ingest"
# the demo's own texts out of the way: this test reads its own
sql "$db" "UPDATE message SET status = 'sent' WHERE direction = 'out'"
id() { sql "$db" "SELECT id FROM person WHERE handle = '$1'"; }
today=$(TZ=UTC date +%F)
tomorrow=$(TZ=UTC date -d tomorrow +%F)
after=$(TZ=UTC date -d '+2 days' +%F)
tday=$(LC_ALL=C date -d "$tomorrow" '+%-d %b')
# texts_to HANDLE: the texts queued to HANDLE's person, kind and body
texts_to() {
	sql "$db" "SELECT kind || ' ' || body FROM message WHERE direction = 'out'
		AND channel = 'sms' AND status = 'queued' AND person_id = $(id "$1") ORDER BY id"
}
# two more athletes of Senior Men: one paused, one who never answers
cox -C "$W" roster add --name "Pat Stone" --phone +447700900131 --squad "Senior Men"
cox -C "$W" roster add --name "Nat Quinn" --phone +447700900132 --squad "Senior Men"
"$COX" -C "$W" roster consent @pstone --texts --channel paper >/dev/null
"$COX" -C "$W" roster consent @nquinn --texts --channel paper >/dev/null
email 'pause @pstone'
# Zoe is a minor whose mother answers; Chloé reads French
cox -C "$W" roster edit @znovak --minor yes --guardian-name "Ana Novak" --guardian-phone "+44 7700 900299"
"$COX" -C "$W" roster consent @znovak --guardian --channel paper >/dev/null
cox -C "$W" roster edit @cmartin --language fr

# -- asked: two sessions, one text each of one segment
email "session tomorrow am Senior Men: 90 min rpe 4 steady
avail tomorrow am Senior Men: 7:00 Boathouse, bring lights
session tomorrow pm Junior Women: 60 min rpe 5 pieces avail 17:30 Tank"
r=$(reply)
like "$r" "Planned for Junior Women, $(en_date "$tomorrow") pm: 60 min at RPE 5, pieces\." \
	"a plan line with avail after it is planned..."
like "$r" "Asked Senior Men about $(en_date "$tomorrow") am at 07:00: 8 texts queued; 1 paused or out injured or ill, not asked; 0 could not be texted\." \
	"the coach is told how many were asked, and that the paused one was not"
like "$r" "Asked Junior Women about $(en_date "$tomorrow") pm at 17:30: 5 texts queued" "...and asked about"
is "$(texts_to jdoe)" "coach Riverside Club: Senior Men: $tday am at 07:00, Boathouse - bring lights. Coming? Reply IN, OUT or MAYBE." \
	"the text names the squad, the day, the time, the place, and how to answer"
like "$(texts_to cmartin)" "^coach Riverside Club: Junior Women : [0-9]+ nov\. soir à 17:30, Tank\. Tu viens \? Réponds OUI, NON ou PEUT-ETRE\.$" \
	"in the athlete's language"
is "$(texts_to pstone)" "" "the paused athlete is not asked"
like "$(sql "$db" "SELECT body FROM message WHERE peer = '+447700900299' AND status = 'queued'")" "Junior Women: $tday pm at 17:30" \
	"a minor's guardian gets the copy"
segs=$(sql "$db" "SELECT body FROM message WHERE direction = 'out' AND channel = 'sms' AND status = 'queued'" |
	python3 -c '
import sys
gsm = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'"'"'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
print(max(len(l) if set(l) <= gsm else 999 for l in sys.stdin.read().splitlines()))')
[ "$segs" -le 160 ] && pass "every text is one GSM-7 segment ($segs characters at most)" ||
	fail "every text is one GSM-7 segment: $segs"

# -- an assistant coach asks for her own squad only
email "From: Priya Shah <priya.coach@example.org>" "avail tomorrow am Senior Men: 6:00"
like "$(reply pshah)" "Not done: Senior Men is not a squad you coach\." "an assistant may not ask for another's squad"
is "$(sql "$db" "SELECT count(*) FROM avail_session WHERE at = '06:00'")" 0 "and nothing is asked"

# -- the answers, by text
sms_start "$W"
answer() {	# answer HANDLE|NUMBER BODY: a text from them; its reply in $out
	local from=$1
	[ "${from#+}" != "$from" ] || from=$(sql "$db" "SELECT e164 FROM phone WHERE person_id = $(id "$1") LIMIT 1")
	n=$((${n:-0} + 1))
	text "$from" "a$n" "$2"
	out=$(printf '%s' "$out" | sed -n 's/.*<Message>\(.*\)<\/Message>.*/\1/p')
}
answer jdoe "in";	is "$out" "Thanks: you are in for $tday am." "in, confirmed with the day"
answer soneill "Can't make it";	is "$out" "Thanks: you are out for $tday am." "can't make it"
answer tokafor "late 7:15";	is "$out" "Thanks: you are in for $tday am, arriving 07:15." "late 7:15"
answer lgarcia "👍";	is "$out" "Thanks: you are in for $tday am." "a thumb up"
answer mchen "maybe";	like "$out" "^Noted: maybe for $tday am\." "maybe"
answer obrown "n";	is "$out" "Thanks: you are out for $tday am." "n"
answer hwilson "y";	is "$out" "Thanks: you are in for $tday am." "y"
answer hwilson "No";	is "$out" "Thanks: you are out for $tday am." "a change of mind is a new answer"
answer hwilson "👍"
is "$out" "" "a thumb up to the confirmation acknowledges it: nothing to answer, and nothing changed (below)"
answer cmartin "oui";	is "$out" "Merci : tu es présent pour $(LC_ALL=C date -d "$tomorrow" '+%-d') nov. soir." \
	"French, answered in French"
answer akhan "👎";	is "$out" "Thanks: you are out for $tday pm." "a thumb down"
# Emma accepts in her calendar (15-ical.t checks the invitation itself)
ical_reply emma.jones@example.org "$(sql "$db" "SELECT uid FROM avail_session WHERE slot = 'pm'")" ACCEPTED gmail
is "$(outcome)" "stored:a calendar's answer to an invitation" "a calendar's Accept is taken..."
answer glee "out tomorrow";	is "$out" "Thanks: you are out for $tday pm." "an answer naming its day"
answer +447700900299 "Yes";	is "$out" "Thanks: Zoe Novak is in for $tday pm." \
	"yes, from a guardian, for her athlete, named: the guardian is not 'you'"
answer glee "out Monday x"
unlike "$out" "Thanks" "a text that is no answer is read as any other"
is "$(sql "$db" "SELECT group_concat(DISTINCT kind) FROM message WHERE direction = 'in' AND body IN ('in',
	'Can''t make it', 'late 7:15', '👍', 'n', 'No', 'oui', 'out tomorrow')")" "avail" \
	"the answers are kept as answers, none as a text cox could not read"
is "$(sql "$db" "SELECT p.handle || ' ' || coalesce(a.answer, '-') || ' ' || coalesce(a.late, '-') || ' ' || a.by_guardian
	FROM avail_answer a JOIN person p ON p.id = a.person_id ORDER BY p.handle")" "akhan out - 0
cmartin in - 0
ejones in - 0
glee out - 0
hwilson out - 0
jdoe in - 0
lgarcia in - 0
mchen maybe - 0
nquinn - - 0
obrown out - 0
soneill out - 0
tokafor in 07:15 0
znovak in - 1" "every answer stored, the guardian's marked as hers"

# -- a change of time: everyone asked hears it, answers kept
email "avail tomorrow am Senior Men: 7:30 Boathouse"
like "$(reply)" "Asked Senior Men about $(en_date "$tomorrow") am at 07:30" "the change is said"
like "$(texts_to jdoe)" "Senior Men changed: $tday am at 07:30, Boathouse. Still coming\? Reply IN or OUT\." \
	"the athletes asked are told of the change"
is "$(sql "$db" "SELECT at || ' ' || sequence FROM avail_session WHERE slot = 'am'")" "07:30 1" \
	"the session's time changed, its sequence raised"
is "$(sql "$db" "SELECT answer FROM avail_answer a JOIN person p ON p.id = a.person_id WHERE p.handle = 'jdoe'")" in \
	"answers stand across a change"

# -- a cancellation
email "avail tomorrow pm Junior Women: cancel"
like "$(reply)" "Cancelled for Junior Women: $(en_date "$tomorrow") pm\. 5 texts tell them\." "the cancellation is said"
like "$(texts_to ejones)" "Junior Women: $tday pm at 17:30, Tank is cancelled\." "and texted"
answer ejones "in"
unlike "$out" "Thanks" "a cancelled session takes no answer"

sms_stop
conf_set "$W/cox.conf" avail remind_hours 24

# -- who
email "who tomorrow Senior Men"
r=$(reply)
like "$r" "Senior Men, $(en_date "$tomorrow") am at 07:30, Boathouse: 3 in, 3 out, 1 maybe, 1 no answer" "who: the counts"
like "$r" "In \(3\): Jane Doe, Luis García, Tom Okafor \(07:15\)" "the names under in, a late one's time beside"
like "$r" "Out \(3\): Harry Wilson, Oliver Brown, Sam O'Neill" "under out"
like "$r" "No answer \(1\): Nat Quinn" "and who has not answered"

# -- the squad's part, sealed, at a phone's width
cox -C "$W" build
part=$(part_plaintext "$W" acarter "Senior Men")
like "$part" "<h2 id=\"avail-h\">Who is coming</h2>" "the part has who is coming"
like "$part" "$(en_date "$tomorrow") am, 07:30, Boathouse</h3>" "each session, its day, time and place"
like "$part" "<li>In \(3\): Jane Doe, Luis García, Tom Okafor \(07:15\)</li>" "the names under in"
like "$part" "<li>No answer \(1\): Nat Quinn</li>" "and under no answer"
like "$part" "<p>Planned: 90 min at RPE 4, a load of 360 for each athlete there" \
	"a planned session's load beside who is coming"
unlike "$part" "<table[^>]*>[^<]*<thead><tr><th scope=\"col\">In" "a list, not a wide table: it reads on a phone"
is "$(grep -rlF -e 'Nat Quinn' -e 'Boathouse' "$W/site" | grep -v '\.git/' || true)" "" \
	"nothing of who is coming is published in the clear"
# at a phone's width (tests/browser/phone.mjs, as 65-phone.t uses it)
if [ -x "${CHROMIUM:-/usr/bin/chromium}" ] &&
	[ -d "$COX_DATADIR/tests/browser/node_modules/playwright-core" ]; then
	preview_start "$W"
	BASE=$PREVIEW_URL PAGE=$(part_link "$W" @acarter "Senior Men") MAX_SCREENS=99 \
		ADDRESS=$(sed -n 's/^address = //p' "$W/cox.conf") \
		node "$COX_DATADIR/tests/browser/phone.mjs" >"$T/phone.tap" 2>&1
	preview_stop
	like "$(cat "$T/phone.tap")" "(^|
)ok [0-9]+ - nothing is wider than the screen" \
		"the part, who is coming in it, fits a phone's screen (390 px)"
	like "$(cat "$T/phone.tap")" "(^|
)ok [0-9]+ - no script errors" "and opens there without a script error"
else
	pass "# SKIP the phone's width needs chromium and playwright-core"
	pass "# SKIP the phone's width needs chromium and playwright-core"
fi

# -- the digest at 07:01, and one reminder
conf_set "$W/cox.conf" digest at 07:00
COX_NOW=$(TZ=UTC date -d "$today 07:01" +%s) run "$COX" -C "$W" remind run
b=$(sql "$db" "SELECT body FROM message WHERE kind = 'digest' AND peer = 'head.coach@example.org' ORDER BY id DESC LIMIT 1")
like "$b" "Tomorrow's sessions, who is coming:" "the digest has tomorrow's sessions"
like "$b" "Senior Men, $(en_date "$tomorrow") am at 07:30, Boathouse: 3 in, 3 out, 1 maybe, 1 no answer" "with the counts"
like "$b" "No answer \(1\): Nat Quinn" "and who has not answered"
like "$b" "    avail $tomorrow am Senior Men: remind" "and the line that reminds them"
unlike "$b" "Junior Women, " "a cancelled session is not listed"
is "$(texts_to nquinn | grep -c 'Are you coming')" 0 "no reminder before [avail] remind_hours"
conf_set "$W/cox.conf" reminders quiet_hours 07:45-08:15
COX_NOW=$(TZ=UTC date -d "$today 08:00" +%s) run "$COX" -C "$W" remind run
is "$(texts_to nquinn | grep -c 'Are you coming')" 0 "no reminder in the quiet hours"
COX_NOW=$(TZ=UTC date -d "$today 08:20" +%s) run "$COX" -C "$W" remind run
is "$(texts_to nquinn | grep -c 'Are you coming')" 1 "24 hours before, out of the quiet hours, the one who has not answered is reminded"
is "$(texts_to jdoe | grep -c 'Are you coming')" 0 "those who answered are not"
COX_NOW=$(TZ=UTC date -d "$today 09:00" +%s) run "$COX" -C "$W" remind run
is "$(texts_to nquinn | grep -c 'Are you coming')" 1 "one reminder, once"
email "$(printf '%s\n' "$b" | grep -m1 '^    avail ' | sed 's/^ *//')"
like "$(reply)" "Reminded those of Senior Men who have not answered about $(en_date "$tomorrow") am: 1 texts\." \
	"the digest's line, sent back, reminds them now"
is "$(texts_to nquinn | grep -c 'Are you coming')" 2 "by text"

# -- a squad where silence counts as in
email "attend-by-default Senior Men on
who tomorrow Senior Men"
r=$(reply)
like "$r" "Senior Men: no answer now counts as in\." "attend-by-default is said"
like "$r" "4 in, 3 out, 1 maybe, 0 no answer" "silence counts as in"
like "$r" "In \(4\): Jane Doe, Luis García, Nat Quinn, Tom Okafor" "the silent one is among those in"

# -- attendance, corrected by email after the session, exported
email "attended $tomorrow Senior Men: all but Luis, @jdoe
absent $tomorrow Senior Men: Nobody Here"
r=$(reply)
like "$r" "Attendance of Senior Men, $(en_date "$tomorrow") am kept: 2 marked as not there\." "attended: all but two"
like "$r" "Nobody called Nobody Here was asked about" "a name not asked is said"
COX_NOW=$(TZ=UTC date -d "$after 12:00" +%s) run "$COX" -C "$W" export attendance
csv=$(printf '%s' "$out" | sed '1s/^\xef\xbb\xbf//' | tr -d '\r')
is "$(printf '%s\n' "$csv" | head -1)" "date,slot,squad,person_id,handle,name,answer,attended,answered_at" \
	"the export's columns, exactly"
like "$csv" "$tomorrow,am,Senior Men,$(id soneill),soneill,Sam O'Neill,out,yes,${tomorrow:0:4}" \
	"a correction stands over the answer (all but two: Sam came)"
like "$csv" "$tomorrow,am,Senior Men,$(id jdoe),jdoe,Jane Doe,in,no," "and the other way"
like "$csv" "$tomorrow,am,Senior Men,$(id nquinn),nquinn,Nat Quinn,,yes," "no answer, attended"
unlike "$csv" "Junior Women" "a cancelled session is not attendance"

# -- a person's own export and erasure
cox -C "$W" export person @tokafor --out "$T/x"
like "$(cat "$T/x/avail_answer.csv")" "$tomorrow,am,Senior Men,07:30,Boathouse,0,in,07:15,0," \
	"a person's export has their answers"
tom=$(id tokafor)
"$COX" -C "$W" roster erase --yes @tokafor >/dev/null 2>&1
is "$(sql "$db" "SELECT count(*) FROM person WHERE id = $tom") $(sql "$db" "SELECT count(*) FROM avail_answer WHERE person_id = $tom")" "0 0" \
	"an erasure leaves none of their answers"

# -- a French answer to a session of no half-day: the day's
# abbreviation and the sentence share one full stop (a month whose
# abbreviation has one); then thumbs, after a maybe and after an answer
later=$(date -d '+2 days' +%F)
while case $(date -d "$later" +%m) in 03|05|06|08) true ;; *) false ;; esac; do
	later=$(date -d "$later + 1 day" +%F)
done
email "avail $later Junior Women: 18:00"
sms_start "$W"
fr_days=(dimanche lundi mardi mercredi jeudi vendredi samedi)
answer cmartin "peut-être ${fr_days[$(date -d "$later" +%w)]}"
like "$out" "^Noté : peut-être pour [0-9]+(er)? [^ .]+\. Envoie OUI ou NON quand tu sais\.$" \
	"French, the day named, one full stop inside the answer"
answer cmartin "👍"
like "$out" "^Merci : tu es présent pour [0-9]+(er)? [^ .]+\.$" "a thumb after a maybe is an answer, one full stop at its end"
answer cmartin "👎"
like "$out" "^Merci : tu es absent pour " "a thumb down is an answer"
answer cmartin "👍"
is "$out" "" "a thumb up to an answer's confirmation acknowledges it"
is "$(sql "$db" "SELECT a.answer FROM avail_answer a JOIN avail_session s ON s.id = a.session_id
	WHERE s.day = '$later' AND a.person_id = $(id cmartin)")" out "and leaves the answer as it was"
sms_stop
